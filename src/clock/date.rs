//! Parsing of HTTP `Date` / `Age` header values (RFC 9110 §5.6.7 IMF-fixdate). Never panics:
//! anything that is not a well-formed date gives `None`, and the caller says so.

use crate::time::parse_rfc3339;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// `Sun, 06 Nov 1994 08:49:37 GMT` → Unix milliseconds (always a whole second).
/// Only IMF-fixdate is accepted: every current server sends it, and guessing the obsolete forms'
/// two-digit years would risk a wrong reference.
pub fn parse_http_date(value: &str) -> Option<i64> {
    let v = value.trim();
    if !v.is_ascii() || v.len() != 29 {
        return None;
    }
    let (wd, rest) = v.split_once(", ")?;
    if !DAYS.contains(&wd) {
        return None;
    }
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, mon, year, hms, "GMT"] = parts.as_slice() else {
        return None;
    };
    let m = MONTHS.iter().position(|x| x == mon)? + 1;
    if day.len() != 2 || year.len() != 4 || hms.len() != 8 {
        return None;
    }
    // Reuse the calendar validation of crate::time (rejects 30 Feb, 25:00:00, non-digits...).
    parse_rfc3339(&format!("{year}-{m:02}-{day}T{hms}Z")).ok()
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
