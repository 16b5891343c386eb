//! Timestamps for people and for SAML: xs:dateTime / RFC 3339 parsing and formatting through the
//! `time` crate, without a clock.
//!
//! The core never reads the time itself: callers pass a reference time in milliseconds since the Unix
//! epoch (the browser's corrected clock, the device clock, or `--now` in the CLI).

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type UnixMillis = i64;

/// Parses `YYYY-MM-DDThh:mm:ss[.fff…](Z|±hh:mm)`. SAML requires UTC (`Z`); an offset is accepted and
/// applied, and a missing zone is rejected because its meaning would be a guess. Digits after the
/// milliseconds are dropped (not rounded), as SAML implementations compare them.
pub fn parse_rfc3339(s: &str) -> Result<UnixMillis, String> {
    let s = s.trim();
    let b = s.as_bytes();
    // xs:dateTime allows only "T" between date and time, where RFC 3339 (and so the crate) also
    // takes a space or any other character.
    if !matches!(b.get(10), Some(b'T' | b't')) {
        return Err(format!(
            "\"{s}\" is not an xs:dateTime like 2024-05-01T12:00:00Z"
        ));
    }
    // The crate would call a missing zone a bad "offset hour"; say what is missing instead.
    if b.len() >= 19 && b.iter().skip(19).all(|&c| c == b'.' || c.is_ascii_digit()) {
        return Err(format!(
            "\"{s}\" has no time zone; SAML times must end in Z (UTC)"
        ));
    }
    let t = OffsetDateTime::parse(s, &Rfc3339)
        .map_err(|e| format!("\"{s}\" is not a valid xs:dateTime: {e}"))?;
    // Years are 4 digits, so the milliseconds fit an i64 with room to spare.
    Ok(t.unix_timestamp_nanos().div_euclid(1_000_000) as i64)
}

/// Formats as `YYYY-MM-DDThh:mm:ss.mmmZ` when there are milliseconds, else `YYYY-MM-DDThh:mm:ssZ`.
/// Times outside years -9999..=9999 (no input of ours holds one) are written as milliseconds.
pub fn format_rfc3339(t: UnixMillis) -> String {
    // The crate's well-known RFC 3339 format (its format-description machinery would cost the
    // end-user page about 5 KB of gzip) writes the whole seconds; the milliseconds, when there are
    // any, always take three digits, as reports have always shown them.
    let ms = t.rem_euclid(1000);
    let formatted = OffsetDateTime::from_unix_timestamp(t.div_euclid(1000))
        .ok()
        .and_then(|dt| dt.format(&Rfc3339).ok())
        .and_then(|s| {
            let whole = s.strip_suffix('Z')?.to_string();
            Some(if ms == 0 {
                format!("{whole}Z")
            } else {
                format!("{whole}.{ms:03}Z")
            })
        });
    formatted.unwrap_or_else(|| format!("{t} ms since 1970-01-01T00:00:00Z (out of range)"))
}

/// "3 min 20 s", "2 h 5 min", "41 days": a duration for people, always non-negative.
pub fn human_duration(ms: i64) -> String {
    let s = ms.unsigned_abs() / 1000;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        3600..=86_399 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ => format!("{} days", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats_round_trip() {
        let t = parse_rfc3339("2024-02-29T23:59:58.5Z").expect("valid");
        assert_eq!(format_rfc3339(t), "2024-02-29T23:59:58.500Z");
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(parse_rfc3339("2001-09-09T01:46:40Z"), Ok(1_000_000_000_000));
        assert_eq!(
            parse_rfc3339("2001-09-09T03:46:40+02:00"),
            Ok(1_000_000_000_000)
        );
        assert_eq!(format_rfc3339(-1000), "1969-12-31T23:59:59Z");
        assert_eq!(format_rfc3339(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(
            parse_rfc3339("1969-12-31T23:59:59.9999Z"),
            Ok(-1),
            "digits past the milliseconds are dropped"
        );
        assert_eq!(
            parse_rfc3339(" 9999-12-31t23:59:59.999z "),
            Ok(253_402_300_799_999)
        );
        assert_eq!(
            format_rfc3339(253_402_300_799_999),
            "9999-12-31T23:59:59.999Z"
        );
        assert!(format_rfc3339(i64::MAX).contains("out of range"));
    }

    #[test]
    fn rejects_bad_input_with_reasons() {
        for bad in [
            "",
            "2024-02-30T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00Zjunk",
            "2024-13-01T00:00:00Z",
            "2024-01-01T25:00:00Z",
            "２０２４-01-01T00:00:00Z",
            "2024-01-01T00:00:00.Z",
        ] {
            assert!(parse_rfc3339(bad).is_err(), "{bad} accepted");
        }
        assert!(parse_rfc3339("2024-01-01T00:00:00")
            .unwrap_err()
            .contains("time zone"));
        assert!(parse_rfc3339("2024-01-01T00:00:00.5")
            .unwrap_err()
            .contains("time zone"));
        // The crate's reason is kept: which component, and its range.
        let e = parse_rfc3339("2023-02-29T00:00:00Z").unwrap_err();
        assert!(
            e.starts_with("\"2023-02-29T00:00:00Z\" is not a valid xs:dateTime: "),
            "{e}"
        );
        assert!(e.contains("day"), "{e}");
        assert!(parse_rfc3339("2024-01-01 00:00:00Z")
            .unwrap_err()
            .contains("like 2024-05-01T12:00:00Z"));
    }

    #[test]
    fn human_durations() {
        assert_eq!(human_duration(-95_000), "1 min 35 s");
        assert_eq!(human_duration(7_500_000), "2 h 5 min");
        assert_eq!(human_duration(86_400_000 * 41), "41 days");
    }
}
