//! The optional static config file `ssocheck-config.json` next to index.html: extra clock reference
//! paths on the page's own origin. Pure and total: any input gives a config, and every entry that is
//! dropped becomes a note the page shows.
//!
//! ```json
//! {"clock": {"references": ["/time/probe", "./clock-probe.txt"]}}
//! ```
//!
//! The page's CSP has `connect-src 'self'`, so only same-origin references can be fetched; other
//! origins, other schemes, over-long entries and entries beyond [`MAX_REFERENCES`] are ignored.

use serde_json::Value;

/// Where the page looks for the file, relative to index.html (so sub-path hosting works).
pub const CONFIG_PATH: &str = "ssocheck-config.json";
pub const MAX_REFERENCES: usize = 5;
pub const MAX_REFERENCE_LEN: usize = 300;
/// A config file larger than this is not read (it is a few lines in practice).
pub const MAX_CONFIG_BYTES: usize = 16 * 1024;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClockConfig {
    /// Accepted references, in file order: relative paths or absolute URLs on `page_origin`.
    pub references: Vec<String>,
    /// One sentence per ignored entry or file problem.
    pub notes: Vec<String>,
}

/// Parses the config file text. `page_origin` is `location.origin` (e.g. `https://example.com`).
pub fn parse_config(json: &str, page_origin: &str) -> ClockConfig {
    let mut c = ClockConfig::default();
    if json.len() > MAX_CONFIG_BYTES {
        c.notes.push(format!(
            "ignored {CONFIG_PATH}: larger than {MAX_CONFIG_BYTES} bytes"
        ));
        return c;
    }
    let v: Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => {
            c.notes
                .push(format!("ignored {CONFIG_PATH}: not valid JSON ({e})"));
            return c;
        }
    };
    let refs = match v.get("clock").and_then(|c| c.get("references")) {
        None | Some(Value::Null) => return c,
        Some(Value::Array(a)) => a,
        Some(_) => {
            c.notes.push(format!(
                "ignored clock.references in {CONFIG_PATH}: not a list of strings"
            ));
            return c;
        }
    };
    for r in refs {
        let Some(s) = r.as_str() else {
            c.notes.push(format!(
                "ignored reference {}: not a string",
                short(&r.to_string())
            ));
            continue;
        };
        match check_reference(s.trim(), page_origin) {
            Err(why) => c
                .notes
                .push(format!("ignored reference {}: {why}", short(s))),
            Ok(_) if c.references.len() >= MAX_REFERENCES => c.notes.push(format!(
                "ignored reference {}: at most {MAX_REFERENCES} references are used",
                short(s)
            )),
            Ok(ok) if c.references.contains(&ok) => {}
            Ok(ok) => c.references.push(ok),
        }
    }
    c
}

/// An entry as shown in a note: control characters replaced, long entries cut.
fn short(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|ch| if ch.is_control() { '?' } else { ch })
        .collect();
    if clean.chars().count() > 80 {
        format!("{}…", clean.chars().take(80).collect::<String>())
    } else {
        clean
    }
}

fn check_reference(s: &str, page_origin: &str) -> Result<String, String> {
    if s.is_empty() {
        return Err("empty".into());
    }
    if s.len() > MAX_REFERENCE_LEN {
        return Err(format!("longer than {MAX_REFERENCE_LEN} characters"));
    }
    if s.chars()
        .any(|ch| ch.is_whitespace() || ch.is_control() || ch == '\\')
    {
        return Err("contains spaces, control characters or backslashes".into());
    }
    let origin = page_origin.trim_end_matches('/').to_ascii_lowercase();
    let other_origin = "another origin is blocked by this page's Content-Security-Policy";
    // Protocol-relative (`//host/...`): another origin unless it names this page's host.
    if let Some(rest) = s.strip_prefix("//") {
        let scheme = origin.split("//").next().unwrap_or("https:");
        return same_origin(&format!("{scheme}//{rest}"), &origin)
            .then(|| s.to_string())
            .ok_or_else(|| other_origin.into());
    }
    if let Some(scheme) = scheme_of(s) {
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(format!("the {scheme}: scheme is not allowed"));
        }
        return same_origin(s, &origin)
            .then(|| s.to_string())
            .ok_or_else(|| other_origin.into());
    }
    Ok(s.to_string())
}

/// The scheme of an absolute URL (`https` of `https://...`), per RFC 3986's `scheme ":"`.
fn scheme_of(s: &str) -> Option<&str> {
    let (head, _) = s.split_once(':')?;
    let mut chars = head.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(head)
}

/// Whether absolute `url` lies on `origin` (lower-case, no trailing slash).
fn same_origin(url: &str, origin: &str) -> bool {
    if origin.is_empty() || origin == "null" {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    match lower.strip_prefix(origin) {
        Some(rest) => rest.is_empty() || rest.starts_with(['/', '?', '#']),
        None => false,
    }
}

/// A probe URL for `reference` with the unique query `n` appended.
pub fn probe_url(reference: &str, n: &str) -> String {
    let (base, _fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}n={n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://sso.example.com";

    #[test]
    fn valid_references_are_kept_in_order() {
        let c = parse_config(
            r#"{"clock": {"references": ["./clock-probe.txt", "/time/probe", "https://sso.example.com/t"]}}"#,
            ORIGIN,
        );
        assert_eq!(
            c.references,
            [
                "./clock-probe.txt",
                "/time/probe",
                "https://sso.example.com/t"
            ]
        );
        assert!(c.notes.is_empty(), "{:?}", c.notes);
    }

    #[test]
    fn empty_and_missing_sections_give_defaults_silently() {
        for json in [
            r#"{"clock": {"references": []}}"#,
            "{}",
            r#"{"clock": {}}"#,
            r#"{"clock": null}"#,
        ] {
            assert_eq!(parse_config(json, ORIGIN), ClockConfig::default(), "{json}");
        }
    }

    #[test]
    fn malformed_json_gives_defaults_and_a_note() {
        for json in ["", "{", "<!doctype html><html>", "[1,2", "\u{0}\u{ffff}"] {
            let c = parse_config(json, ORIGIN);
            assert!(c.references.is_empty());
            assert_eq!(c.notes.len(), 1, "{json}");
            assert!(c.notes[0].contains("not valid JSON"), "{:?}", c.notes);
        }
        let c = parse_config(r#"{"clock": {"references": "/x"}}"#, ORIGIN);
        assert!(c.references.is_empty() && c.notes[0].contains("not a list"));
        let c = parse_config(r#"{"clock": {"references": [1, "/ok"]}}"#, ORIGIN);
        assert_eq!(c.references, ["/ok"]);
        assert!(c.notes[0].contains("not a string"));
    }

    #[test]
    fn cross_origin_references_are_dropped_with_the_csp_note() {
        let c = parse_config(
            r#"{"clock": {"references": ["https://time.example.org/probe", "//evil.example/x",
                "http://sso.example.com/x", "https://sso.example.com.evil.example/x",
                "https://sso.example.com:8443/x", "//sso.example.com/ok"]}}"#,
            ORIGIN,
        );
        assert_eq!(c.references, ["//sso.example.com/ok"]);
        assert_eq!(c.notes.len(), 5, "{:?}", c.notes);
        assert_eq!(
            c.notes[0],
            "ignored reference https://time.example.org/probe: another origin is blocked by this page's Content-Security-Policy"
        );
    }

    #[test]
    fn other_schemes_are_dropped() {
        let c = parse_config(
            r#"{"clock": {"references": ["javascript:alert(1)", "data:text/plain,x", "JavaScript:x", "file:///etc/passwd"]}}"#,
            ORIGIN,
        );
        assert!(c.references.is_empty());
        assert_eq!(c.notes.len(), 4);
        assert!(c.notes[0].contains("javascript: scheme is not allowed"));
        assert!(c.notes[1].contains("data: scheme is not allowed"));
        assert!(c.notes[2].contains("javascript: scheme is not allowed"));
    }

    #[test]
    fn too_many_and_too_long_are_dropped() {
        let many: Vec<String> = (0..8).map(|i| format!("\"/p{i}\"")).collect();
        let c = parse_config(
            &format!(r#"{{"clock": {{"references": [{}]}}}}"#, many.join(",")),
            ORIGIN,
        );
        assert_eq!(c.references, ["/p0", "/p1", "/p2", "/p3", "/p4"]);
        assert_eq!(c.notes.len(), 3);
        assert!(c.notes[0].contains("at most 5"));

        let long = format!("/{}", "a".repeat(MAX_REFERENCE_LEN));
        let c = parse_config(
            &format!(r#"{{"clock": {{"references": ["{long}", "", "/a b"]}}}}"#),
            ORIGIN,
        );
        assert!(c.references.is_empty());
        assert_eq!(c.notes.len(), 3);
        assert!(c.notes[0].contains("longer than") && c.notes[0].contains('…'));
        let c = parse_config(&"x".repeat(MAX_CONFIG_BYTES + 1), ORIGIN);
        assert!(c.notes[0].contains("larger than"));
    }

    #[test]
    fn never_panics_on_odd_input_or_origins() {
        let inputs = [
            r##"{"clock": {"references": ["ä:/x", ":", "//", "?q", "#f", "é/ü"]}}"##,
            r#"{"clock": [1]}"#,
            "null",
            "\"x\"",
        ];
        for json in inputs {
            for origin in ["", "null", ORIGIN, "ä"] {
                let c = parse_config(json, origin);
                assert!(c.references.len() <= MAX_REFERENCES);
            }
        }
        // "null" (file:// or sandboxed pages) accepts relative paths only.
        let c = parse_config(
            r#"{"clock": {"references": ["/x", "https://a/x"]}}"#,
            "null",
        );
        assert_eq!(c.references, ["/x"]);
    }

    #[test]
    fn probe_urls_get_the_unique_query() {
        assert_eq!(probe_url("clock-probe.txt", "1f"), "clock-probe.txt?n=1f");
        assert_eq!(probe_url("/t?a=1", "2"), "/t?a=1&n=2");
        assert_eq!(probe_url("/t#x", "3"), "/t?n=3");
    }
}
