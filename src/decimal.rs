//! Fixed-point decimals for people ("2.4", "+0.13") without `core::fmt`'s float machinery.
//!
//! Why: a single `{:.1}` or `{}` on an `f64` links Grisu, Dragon4 and their power-of-ten tables
//! into the page (about 12 KB of wasm). Every value shown here is a time, a size, a count or a
//! percentage well inside `u64` once scaled, so integer formatting does the job.

/// `x` with exactly `decimals` digits after the point (at most 9), rounded half away from zero.
/// Negative values keep their sign unless they round to zero ("0.0", never "-0.0").
pub fn fixed(x: f64, decimals: u32) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let d = decimals.min(9);
    let scale = 10u64.pow(d);
    // `as` saturates: values beyond u64 (none are shown) print as the largest one.
    let n = (x.abs() * scale as f64).round() as u64;
    let mut s = String::new();
    if x < 0.0 && n != 0 {
        s.push('-');
    }
    s.push_str(&(n / scale).to_string());
    if d > 0 {
        let frac = (n % scale).to_string();
        s.push('.');
        for _ in frac.len()..d as usize {
            s.push('0');
        }
        s.push_str(&frac);
    }
    s
}

/// Like [`fixed`], always with a sign: "+0.13", "-2.00", "+0.00".
pub fn signed(x: f64, decimals: u32) -> String {
    let s = fixed(x, decimals);
    if s.starts_with('-') || x.is_nan() {
        s
    } else {
        format!("+{s}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_std_formatting_on_ordinary_values() {
        for &x in &[
            0.0,
            1.0,
            2.4,
            95.04,
            1234.5678,
            0.05,
            59.96,
            1e9 + 0.26,
            3.25159,
        ] {
            for d in 0..5 {
                let ours = fixed(x, d);
                let std = format!("{x:.*}", d as usize);
                // Both round to the nearest decimal; they can differ only on exact binary ties
                // (std rounds those to even), which none of these values are.
                assert_eq!(ours, std, "{x} with {d} decimals");
                assert_eq!(fixed(-x, d).trim_start_matches('-'), std);
            }
        }
    }

    #[test]
    fn rounds_and_pads() {
        assert_eq!(fixed(1.96, 1), "2.0");
        assert_eq!(fixed(0.0004, 3), "0.000");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-2.46, 1), "-2.5");
        assert_eq!(fixed(7.0, 0), "7");
        assert_eq!(fixed(0.5, 0), "1");
    }

    #[test]
    fn signs_and_odd_values() {
        assert_eq!(signed(0.13, 2), "+0.13");
        assert_eq!(signed(-0.131, 2), "-0.13");
        assert_eq!(signed(0.0, 2), "+0.00");
        assert_eq!(fixed(f64::NAN, 1), "NaN");
        assert_eq!(fixed(f64::INFINITY, 1), "inf");
        assert_eq!(fixed(f64::NEG_INFINITY, 1), "-inf");
        assert_eq!(
            fixed(1e30, 1),
            format!("{}.{}", u64::MAX / 10, u64::MAX % 10)
        );
    }
}
