//! Calendar arithmetic for xs:dateTime / RFC 3339 timestamps, without a clock.
//!
//! The core never reads the time itself: callers pass a reference time in milliseconds since the Unix
//! epoch (the browser's corrected clock, the device clock, or `--now` in the CLI).

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type UnixMillis = i64;

/// Days since the epoch for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub(crate) fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Parses `YYYY-MM-DDThh:mm:ss[.fff…](Z|±hh:mm)`. SAML requires UTC (`Z`); an offset is accepted and
/// applied, and a missing zone is rejected because its meaning would be a guess.
pub fn parse_rfc3339(s: &str) -> Result<UnixMillis, String> {
    let s = s.trim();
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Result<i64, String> {
        let part = s
            .get(from..from + len)
            .ok_or_else(|| format!("\"{s}\" is too short for a date-time"))?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return Err(format!(
                "\"{s}\" has a non-digit where a number is expected ({part})"
            ));
        }
        part.parse::<i64>()
            .map_err(|_| format!("\"{s}\": bad number {part}"))
    };
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !(b[10] == b'T' || b[10] == b't')
        || b[13] != b':'
        || b[16] != b':'
    {
        return Err(format!(
            "\"{s}\" is not an xs:dateTime like 2024-05-01T12:00:00Z"
        ));
    }
    let (y, mo, d, h, mi, se) = (
        num(0, 4)?,
        num(5, 2)? as u32,
        num(8, 2)? as u32,
        num(11, 2)?,
        num(14, 2)?,
        num(17, 2)?,
    );
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 60
    {
        return Err(format!("\"{s}\" is not a valid calendar date and time"));
    }
    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err(format!("\"{s}\" has a '.' without fractional digits"));
        }
        let frac = &s[start..i.min(start + 3)];
        millis = frac.parse::<i64>().unwrap_or(0) * 10i64.pow(3 - frac.len() as u32);
    }
    let offset_min = match b.get(i) {
        Some(b'Z') | Some(b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
            let oh = num(i + 1, 2)?;
            let om = num(i + 4, 2)?;
            let m = oh * 60 + om;
            if *sign == b'+' {
                m
            } else {
                -m
            }
        }
        None => {
            return Err(format!(
                "\"{s}\" has no time zone; SAML times must end in Z (UTC)"
            ))
        }
        _ => return Err(format!("\"{s}\" has trailing text after the time")),
    };
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + h * 3600 + mi * 60 + se.min(59) - offset_min * 60;
    Ok(secs * 1000 + millis)
}

/// Formats as `YYYY-MM-DDThh:mm:ss.mmmZ` when there are milliseconds, else `YYYY-MM-DDThh:mm:ssZ`.
pub fn format_rfc3339(t: UnixMillis) -> String {
    let secs = t.div_euclid(1000);
    let ms = t.rem_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let sod = secs.rem_euclid(86_400);
    let (h, mi, s) = (sod / 3600, sod % 3600 / 60, sod % 60);
    if ms == 0 {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
    }
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
    }

    #[test]
    fn human_durations() {
        assert_eq!(human_duration(-95_000), "1 min 35 s");
        assert_eq!(human_duration(7_500_000), "2 h 5 min");
        assert_eq!(human_duration(86_400_000 * 41), "41 days");
    }
}
