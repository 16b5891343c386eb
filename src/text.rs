//! Text helpers shared by the checks.

/// Unicode lowercase ("Jürgen" → "jürgen", "ΟΔΟΣ" → "οδος"), for case-insensitive comparisons.
///
/// Natively this is `str::to_lowercase`. In the page (wasm32) non-ASCII text goes to the browser's
/// `String.prototype.toLowerCase`, which applies the same Unicode default case conversion: Rust's
/// own copy of the case tables would add about 8 KB gzip to the download for the rare non-ASCII
/// user name. A wasm-bindgen test compares both on scripts with special rules.
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(s).to_lower_case())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.to_lowercase()
    }
}

/// Whether `s` starts with `prefix` ignoring ASCII case; `prefix` must be ASCII ("aws:").
pub fn starts_with_ignore_ascii_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_is_unicode_aware() {
        assert_eq!(lowercase("Alice@Example.COM"), "alice@example.com");
        assert_eq!(lowercase("JÜRGEN"), "jürgen");
        assert_eq!(lowercase("ΟΔΟΣ"), "οδος");
        assert_eq!(lowercase("ĞÜŞİÖÇ"), "ğüşi̇öç");
    }

    #[test]
    fn prefix_ignores_ascii_case_only() {
        assert!(starts_with_ignore_ascii_case("AWS:PrincipalTag", "aws:"));
        assert!(starts_with_ignore_ascii_case("aWs:x", "aws:"));
        assert!(!starts_with_ignore_ascii_case("aw", "aws:"));
        assert!(!starts_with_ignore_ascii_case("awś:x", "aws:"));
        assert!(!starts_with_ignore_ascii_case("", "aws:"));
    }
}
