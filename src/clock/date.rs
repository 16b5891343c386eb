//! Parsing of HTTP `Date` / `Age` header values (RFC 9110 §5.6.7 IMF-fixdate). Never panics:
//! anything that is not a well-formed date gives `None`, and the caller says so.

/// `Sun, 06 Nov 1994 08:49:37 GMT` → Unix milliseconds (always a whole second).
/// Only IMF-fixdate is accepted: every current server sends it, and guessing the obsolete forms'
/// two-digit years would risk a wrong reference (so not the `httpdate` crate, which takes them).
/// The `time` crate checks the calendar (no 31 Feb, no 25:00) and the names; like most clients it
/// does not hold a weekday that does not fit the date against the server.
pub fn parse_http_date(value: &str) -> Option<i64> {
    let v = value.trim();
    // IMF-fixdate is the RFC 2822 date form with a weekday, a four-digit year and "GMT". The crate's
    // well-known RFC 2822 parser reads it (its format-description machinery would cost the end-user
    // page about 5 KB of gzip); the shape check first keeps out what RFC 2822 also allows but an
    // HTTP Date header never is (no weekday, a numeric zone, a two-digit year, comments).
    let b = v.as_bytes();
    // Names are case-sensitive in HTTP (RFC 9110 §5.6.7); the RFC 2822 parser is not.
    let capitalized = |i: usize| {
        b[i].is_ascii_uppercase() && b[i + 1].is_ascii_lowercase() && b[i + 2].is_ascii_lowercase()
    };
    let shape =
        b.len() == 29 && b[3] == b',' && v.ends_with(" GMT") && capitalized(0) && capitalized(8);
    if !shape {
        return None;
    }
    let t = time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc2822).ok()?;
    Some(t.unix_timestamp() * 1000)
}

/// `Age` is a non-negative integer number of seconds (RFC 9111 §5.1). Absurd or malformed values give
/// `None`, which the estimator treats as "not known to be fresh".
pub fn parse_age(value: &str) -> Option<u32> {
    let v = value.trim();
    if v.is_empty() || v.len() > 9 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_imf_fixdate() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000)
        );
        assert_eq!(parse_http_date(" Thu, 01 Jan 1970 00:00:00 GMT "), Some(0));
        assert_eq!(
            parse_http_date("Sat, 29 Feb 2020 23:59:59 GMT"),
            Some(1_583_020_799_000)
        );
    }

    #[test]
    fn rejects_weird_dates_without_panicking() {
        for bad in [
            "",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT junk",
            "Sun, 6 Nov 19944 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:3é GMT",
            "Sun, ０6 Nov 1994 08:49:37 GMT",
            "sun, 06 nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
        assert_eq!(parse_age("0"), Some(0));
        assert_eq!(parse_age(" 12 "), Some(12));
        for bad in ["", "-1", "1.5", "99999999999999", "abc"] {
            assert_eq!(parse_age(bad), None, "{bad}");
        }
    }
}
