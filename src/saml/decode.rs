//! Input forms: raw XML, base64 (standard or URL-safe, with or without line breaks), URL-encoded,
//! raw DEFLATE (HTTP-Redirect binding), POST bodies, URLs, HTML forms and HAR files. Every step is
//! bounded: nothing grows past [`MAX_BYTES`].

use super::checks::{INPUT_DECODE, INPUT_TOO_LARGE};
use crate::finding::{Evidence, Finding};

/// Largest input, decoded payload or inflated payload accepted: 16 MB.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// One SAML message recovered from the input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decoded {
    pub xml: String,
    /// Decoding steps, e.g. ["URL-encoded", "base64", "deflate"].
    pub steps: Vec<String>,
    /// Where it came from: "HAR entry 3, POST https://..." or "".
    pub source: String,
    /// `SAMLResponse` / `SAMLRequest` when the input named the parameter.
    pub param: Option<String>,
    pub relay_state: Option<String>,
    /// Length of the base64 form when the input was base64 (for `sts.size`).
    pub base64_len: Option<usize>,
    pub notes: Vec<String>,
    /// The HTTP-Redirect binding's query-string signature, when the URL carried one.
    pub redirect: Option<super::dsig::redirect::RedirectSig>,
}

/// One item of the input: a message, or the reason it could not be recovered.
pub type Item = Result<Decoded, Box<Finding>>;

fn too_large(what: &str, size: usize) -> Box<Finding> {
    Box::new(Finding::new(
        &INPUT_TOO_LARGE,
        format!("{what} is larger than 16 MB ({size} bytes or more); it is refused to keep the page responsive"),
    )
    .evidence(Evidence::new(format!("{size} bytes"), what.to_string())))
}

fn decode_err(msg: impl Into<String>, value: &str, location: &str) -> Box<Finding> {
    Box::new(Finding::new(&INPUT_DECODE, msg).evidence(Evidence::new(
        crate::report::one_line(value, 80),
        location.to_string(),
    )))
}

/// Turns bytes into text: UTF-8 (BOM stripped) or UTF-16 with a BOM or a zero-byte pattern.
pub fn to_text(bytes: &[u8], notes: &mut Vec<String>) -> Result<String, Box<Finding>> {
    let utf16 = |le: bool, b: &[u8]| -> Result<String, Box<Finding>> {
        let units = b.chunks(2).map(|c| match c {
            [a, b2] => {
                if le {
                    u16::from_le_bytes([*a, *b2])
                } else {
                    u16::from_be_bytes([*a, *b2])
                }
            }
            _ => 0xFFFD,
        });
        let s: Result<String, _> = char::decode_utf16(units).collect();
        s.map_err(|e| {
            decode_err(
                format!("the input looks like UTF-16 but contains an unpaired surrogate ({e}); save it as UTF-8"),
                "",
                "input encoding",
            )
        })
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        notes.push("converted from UTF-16LE".into());
        return utf16(true, rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        notes.push("converted from UTF-16BE".into());
        return utf16(false, rest);
    }
    if bytes.len() >= 4 && bytes[1] == 0 && bytes[3] == 0 && bytes[0] != 0 {
        notes.push("converted from UTF-16LE (no byte-order mark)".into());
        return utf16(true, bytes);
    }
    if bytes.len() >= 4 && bytes[0] == 0 && bytes[2] == 0 && bytes[1] != 0 {
        notes.push("converted from UTF-16BE (no byte-order mark)".into());
        return utf16(false, bytes);
    }
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(b) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = b
                .get(..at)
                .map(|p| p.iter().filter(|c| **c == b'\n').count() + 1)
                .unwrap_or(1);
            let col = b
                .get(..at)
                .map(|p| {
                    let ls = p
                        .iter()
                        .rposition(|c| *c == b'\n')
                        .map(|i| i + 1)
                        .unwrap_or(0);
                    String::from_utf8_lossy(&p[ls..]).chars().count() + 1
                })
                .unwrap_or(1);
            let bad: String = b
                .get(at..(at + 4).min(b.len()))
                .unwrap_or(&[])
                .iter()
                .map(|x| format!("{x:02X} "))
                .collect();
            Err(Box::new(Finding::new(
                &INPUT_DECODE,
                format!("the text is not valid UTF-8: invalid byte sequence at byte {at} (line {line}, column {col}); SAML messages must be UTF-8 (re-save the file as UTF-8, or copy the base64 value instead)"),
            )
            .evidence(Evidence::new(bad.trim().to_string(), "input bytes").at(line as u32, col as u32))))
        }
    }
}

/// Percent-decoding. `+` is kept (base64 never contains spaces; form-encoders write `%2B`).
pub fn url_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' && i + 2 < b.len() {
            let h = |x: u8| (x as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (h(b[i + 1]), h(b[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn looks_url_encoded(s: &str) -> bool {
    s.as_bytes().windows(3).any(|w| {
        w[0] == b'%'
            && matches!(
                (w[1], w[2].to_ascii_uppercase()),
                (b'2', b'B' | b'F' | b'5' | b'0') | (b'3', b'D' | b'C') | (b'0', b'A' | b'D')
            )
    })
}

/// Parses `a=b&c=d` into decoded pairs.
pub fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (url_decode(k), url_decode(v)),
            None => (url_decode(p), String::new()),
        })
        .collect()
}

/// Decodes a SAML message value (XML, base64, URL-encoded, deflated) into XML.
pub fn decode_value(value: &str, mut d: Decoded) -> Item {
    let mut v = value.trim().to_string();
    for _ in 0..3 {
        if looks_url_encoded(&v) {
            v = url_decode(&v).trim().to_string();
            d.steps.push("URL-encoded".into());
        } else {
            break;
        }
    }
    if v.starts_with('<') {
        d.xml = v;
        return Ok(d);
    }
    let mut compact_bytes: Vec<u8> = Vec::with_capacity(v.len());
    for (i, b) in v.bytes().enumerate() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' | b'=' | b'-' | b'_' => {
                compact_bytes.push(b)
            }
            b' ' | b'\t' | b'\r' | b'\n' => {}
            _ => {
                let c = v.get(i..).and_then(|r| r.chars().next()).unwrap_or('?');
                return Err(decode_err(
                    format!("the input is neither XML nor base64: character {} at byte {} is not allowed in base64. Paste the SAMLResponse value, the whole POST body, a URL with SAMLRequest=/SAMLResponse=, the decoded XML, or a HAR file", super::rules::idc::char_name(c), i + 1),
                    &v,
                    "input",
                ));
            }
        }
    }
    // Only ASCII bytes were kept, so this cannot fail.
    let compact = String::from_utf8(compact_bytes).unwrap_or_default();
    if compact.is_empty() {
        return Err(decode_err("the input is empty", "", "input"));
    }
    let url_safe = compact.contains('-') || compact.contains('_');
    let body = compact.trim_end_matches('=');
    // Unused bits in the last symbol are tolerated, as most decoders do.
    let bytes = match super::b64::decode(body, url_safe, false) {
        Ok(b) => b,
        Err(e) => {
            let ws = if compact.len() < v.len() {
                " (spaces and line breaks not counted)"
            } else {
                ""
            };
            return Err(decode_err(
                format!("the base64 text could not be decoded: {e}{ws}; it may be cut off or mixed with other text"),
                &compact,
                "base64 value",
            ));
        }
    };
    d.steps.push(if url_safe {
        "base64 (URL-safe)".into()
    } else {
        "base64".into()
    });
    d.base64_len = Some(compact.len());
    if bytes.len() > MAX_BYTES {
        return Err(too_large("the base64-decoded message", bytes.len()));
    }
    let first = bytes.iter().copied().find(|b| !b.is_ascii_whitespace());
    let xml_bytes = if first == Some(b'<')
        || bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
    {
        bytes
    } else {
        use miniz_oxide::inflate::{
            decompress_to_vec_with_limit, decompress_to_vec_zlib_with_limit, TINFLStatus,
        };
        let r = decompress_to_vec_with_limit(&bytes, MAX_BYTES).or_else(|e| {
            if e.status == TINFLStatus::HasMoreOutput {
                Err(e)
            } else {
                decompress_to_vec_zlib_with_limit(&bytes, MAX_BYTES)
            }
        });
        match r {
            Ok(out) => {
                d.steps.push("deflate".into());
                out
            }
            Err(e) if e.status == TINFLStatus::HasMoreOutput => {
                return Err(too_large("the inflated (DEFLATE-decompressed) message", MAX_BYTES))
            }
            Err(_) => {
                return Err(decode_err(
                    "the base64 value decodes to binary data that is neither XML nor DEFLATE-compressed XML; the value may be cut off, or it may not be a SAML message",
                    &compact,
                    "base64 value",
                ))
            }
        }
    };
    let xml = to_text(&xml_bytes, &mut d.notes)?;
    if !xml.trim_start().starts_with('<') {
        return Err(decode_err(
            "the decoded data is text but not XML",
            &xml,
            "decoded value",
        ));
    }
    d.xml = xml.trim_start().to_string();
    Ok(d)
}

fn from_params(pairs: &[(String, String)], source: &str, steps: &[String]) -> Vec<Item> {
    let relay = pairs
        .iter()
        .find(|(k, _)| k == "RelayState")
        .map(|(_, v)| v.clone());
    pairs
        .iter()
        .filter(|(k, _)| k == "SAMLResponse" || k == "SAMLRequest")
        .map(|(k, v)| {
            let steps = steps.to_vec();
            decode_value(
                v,
                Decoded {
                    source: source.to_string(),
                    param: Some(k.clone()),
                    relay_state: relay.clone(),
                    steps,
                    ..Decoded::default()
                },
            )
        })
        .collect()
}

/// Extracts `<input name="SAMLResponse" value="...">` values from an HTML form page.
fn html_form_values(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower.get(from..).and_then(|s| s.find("<input")) {
        let start = from + i;
        let end = lower
            .get(start..)
            .and_then(|s| s.find('>'))
            .map(|e| start + e)
            .unwrap_or(lower.len());
        let tag = html.get(start..end).unwrap_or("");
        let attr = |name: &str| -> Option<String> {
            let tl = tag.to_ascii_lowercase();
            let pat = format!("{name}=");
            let p = tl.find(&pat)? + pat.len();
            let rest = tag.get(p..)?;
            let q = rest.chars().next()?;
            if q == '"' || q == '\'' {
                let r = &rest[1..];
                Some(r[..r.find(q)?].to_string())
            } else {
                Some(
                    rest.split(|c: char| c.is_whitespace() || c == '/')
                        .next()?
                        .to_string(),
                )
            }
        };
        if let (Some(n), Some(v)) = (attr("name"), attr("value")) {
            out.push((
                n,
                v.replace("&#x2b;", "+")
                    .replace("&#x2B;", "+")
                    .replace("&#43;", "+")
                    .replace("&#x3d;", "=")
                    .replace("&#x3D;", "=")
                    .replace("&#61;", "=")
                    .replace("&#x2f;", "/")
                    .replace("&#x2F;", "/")
                    .replace("&#47;", "/"),
            ));
        }
        from = end.max(start + 1);
    }
    out
}

fn har_items(v: &serde_json::Value) -> Vec<Item> {
    let mut items = Vec::new();
    let entries = v
        .get("log")
        .and_then(|l| l.get("entries"))
        .and_then(|e| e.as_array())
        .cloned()
        .unwrap_or_default();
    for (i, e) in entries.iter().enumerate() {
        let Some(req) = e.get("request") else {
            continue;
        };
        let method = req.get("method").and_then(|m| m.as_str()).unwrap_or("GET");
        let url = req.get("url").and_then(|m| m.as_str()).unwrap_or("");
        let source = format!(
            "HAR entry {}, {method} {}",
            i + 1,
            crate::report::one_line(url, 120)
        );
        let mut pairs = Vec::new();
        let mut redirect = None;
        if let Some((_, q)) = url.split_once('?') {
            let q = q.split('#').next().unwrap_or("");
            pairs.extend(parse_query(q));
            redirect = super::dsig::redirect::from_query(q);
        }
        if let Some(pd) = req.get("postData") {
            if let Some(params) = pd.get("params").and_then(|p| p.as_array()) {
                for p in params {
                    let n = p.get("name").and_then(|x| x.as_str()).unwrap_or("");
                    let val = p.get("value").and_then(|x| x.as_str()).unwrap_or("");
                    pairs.push((url_decode(n), url_decode(val)));
                }
            } else if let Some(t) = pd.get("text").and_then(|x| x.as_str()) {
                pairs.extend(parse_query(t));
            }
        }
        // De-duplicate (postData.text and params can both be present).
        let mut seen = std::collections::HashSet::new();
        pairs.retain(|p| seen.insert(p.clone()));
        let mut found = from_params(&pairs, &source, &["HAR".to_string()]);
        for d in found.iter_mut().flatten() {
            d.redirect = redirect.clone();
        }
        items.extend(found);
    }
    items
}

/// Recovers every SAML message in `input`. An empty result means "no SAML message found".
pub fn decode(input: &[u8]) -> Vec<Item> {
    if input.len() > MAX_BYTES {
        return vec![Err(too_large("the input", input.len()))];
    }
    let mut notes = Vec::new();
    let text = match to_text(input, &mut notes) {
        Ok(t) => t,
        Err(f) => return vec![Err(f)],
    };
    let t = text.trim();
    let base = Decoded {
        notes: notes.clone(),
        ..Decoded::default()
    };
    if t.is_empty() {
        return vec![Err(decode_err("the input is empty", "", "input"))];
    }
    if t.starts_with('<') {
        let lower_head = t.get(..t.len().min(4096)).unwrap_or(t).to_ascii_lowercase();
        if (lower_head.starts_with("<!doctype html")
            || lower_head.starts_with("<html")
            || lower_head.contains("<form"))
            && (t.contains("SAMLResponse") || t.contains("SAMLRequest"))
        {
            let pairs = html_form_values(t);
            let items = from_params(&pairs, "HTML form", &["HTML form".to_string()]);
            if !items.is_empty() {
                return items;
            }
        }
        let mut d = base;
        d.xml = t.to_string();
        d.steps.push("XML".into());
        return vec![Ok(d)];
    }
    if t.starts_with('{') {
        return match serde_json::from_str::<serde_json::Value>(t) {
            Ok(v) => {
                let items = har_items(&v);
                if items.is_empty() {
                    vec![Err(decode_err(
                        "the JSON input holds no SAMLRequest or SAMLResponse in any HAR entry (log.entries[].request URL or POST data); export the HAR with the sign-in request included (\"Preserve log\" in the browser's network tab)",
                        t,
                        "HAR file",
                    ))]
                } else {
                    items
                }
            }
            Err(e) => vec![Err(decode_err(
                format!("the input starts like JSON (a HAR file?) but is not valid JSON: {e}"),
                t,
                "JSON input",
            ))],
        };
    }
    let is_url = t.starts_with("http://") || t.starts_with("https://");
    if is_url || t.contains("SAMLResponse=") || t.contains("SAMLRequest=") {
        let query = if is_url {
            t.split_once('?').map(|(_, q)| q).unwrap_or("")
        } else {
            t
        };
        let query = query.split('#').next().unwrap_or("");
        let pairs = parse_query(query);
        let label = if is_url { "URL query" } else { "POST body" };
        let mut items = from_params(&pairs, "", &[label.to_string()]);
        if let Some(rs) = super::dsig::redirect::from_query(query) {
            for d in items.iter_mut().flatten() {
                d.redirect = Some(rs.clone());
            }
        }
        if items.is_empty() {
            return vec![Err(decode_err(
                "the URL has no SAMLRequest= or SAMLResponse= parameter",
                t,
                "URL",
            ))];
        }
        return items;
    }
    vec![decode_value(t, base)]
}
