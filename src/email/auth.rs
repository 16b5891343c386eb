//! `Authentication-Results` (RFC 8601), `ARC-Authentication-Results` (RFC 8617) and `Received-SPF`
//! (RFC 7208): the receiving systems' SPF, DKIM and DMARC verdicts. Nothing is re-verified (that
//! needs DNS); the topmost result, added by the system closest to the mailbox, is the one used.

use super::headers::Headers;

/// One `method=result` entry.
#[derive(Debug, Clone)]
pub struct AuthResult {
    /// `Authentication-Results`, `ARC-Authentication-Results i=1` or `Received-SPF`.
    pub header: String,
    /// The host that recorded it (authserv-id).
    pub authserv: String,
    pub method: String,
    pub result: String,
    /// Properties (`smtp.mailfrom=...`, `header.d=...`) and comments, as written.
    pub props: String,
    pub line: u32,
}

/// Splits on `;` outside parentheses and quotes.
fn split_semicolons(v: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut cur) = (0u32, false, String::new());
    for c in v.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth = depth.saturating_add(1),
            ')' if !quoted => depth = depth.saturating_sub(1),
            ';' if depth == 0 && !quoted => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    parts.push(cur);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether a part starts with `method=` for a known method (spf, dkim, dmarc, arc, compauth...).
fn is_result(part: &str) -> bool {
    let head = part.split(|c: char| c.is_whitespace()).next().unwrap_or("");
    head.split_once('=').is_some_and(|(m, _)| {
        [
            "spf",
            "dkim",
            "dmarc",
            "arc",
            "compauth",
            "auth",
            "iprev",
            "sender-id",
            "bimi",
            "dkim-atps",
        ]
        .contains(&m.to_ascii_lowercase().as_str())
    })
}

/// Every result, topmost header first.
pub fn results(h: &Headers) -> Vec<AuthResult> {
    let mut out = Vec::new();
    for f in &h.fields {
        let lname = f.name.to_ascii_lowercase();
        if lname == "authentication-results" || lname == "arc-authentication-results" {
            let mut parts = split_semicolons(&f.value).into_iter();
            let mut header = f.name.clone();
            let mut authserv = parts.next().unwrap_or_default();
            if lname == "arc-authentication-results" && authserv.starts_with("i=") {
                header = format!("{} {}", f.name, authserv);
                authserv = parts.next().unwrap_or_default();
            }
            // Microsoft 365 writes no authserv-id: the first part is already a result.
            let mut first_result = None;
            if is_result(&authserv) {
                first_result = Some(std::mem::take(&mut authserv));
            }
            let authserv = authserv.split_whitespace().next().unwrap_or("").to_string();
            for p in first_result.into_iter().chain(parts).take(100) {
                // `method=result` may be followed by properties; `method.x=...` alone is a property.
                let (head, rest) = p
                    .split_once(char::is_whitespace)
                    .unwrap_or((p.as_str(), ""));
                let Some((method, result)) = head.split_once('=') else {
                    continue;
                };
                let method = method.trim().to_ascii_lowercase();
                if method.contains('.') || method.is_empty() {
                    continue;
                }
                out.push(AuthResult {
                    header: header.clone(),
                    authserv: authserv.clone(),
                    method,
                    result: result.trim().trim_end_matches(',').to_ascii_lowercase(),
                    props: rest.trim().to_string(),
                    line: f.line,
                });
            }
        } else if lname == "received-spf" {
            let v = f.value.trim();
            let (result, rest) = v.split_once(char::is_whitespace).unwrap_or((v, ""));
            out.push(AuthResult {
                header: f.name.clone(),
                authserv: String::new(),
                method: "spf".into(),
                result: result.to_ascii_lowercase(),
                props: rest.trim().to_string(),
                line: f.line,
            });
        }
    }
    out
}

/// The results for `method` from the first header that has one (topmost Authentication-Results,
/// then ARC-Authentication-Results, then Received-SPF).
pub fn decisive<'a>(all: &'a [AuthResult], method: &str) -> Vec<&'a AuthResult> {
    for prefix in [
        "authentication-results",
        "arc-authentication-results",
        "received-spf",
    ] {
        let mut with: Vec<&AuthResult> = all
            .iter()
            .filter(|r| r.method == method && r.header.to_ascii_lowercase().starts_with(prefix))
            .collect();
        if let Some(first) = with.first() {
            let (h, l) = (first.header.clone(), first.line);
            with.retain(|r| r.header == h && r.line == l);
            return with;
        }
    }
    Vec::new()
}

/// What a result means, for people.
pub fn meaning(method: &str, result: &str) -> &'static str {
    match (method, result) {
        (_, "pass") => "passed",
        ("dmarc", "bestguesspass") => {
            "no DMARC record was found, but the message would have passed (Microsoft 365)"
        }
        ("spf", "softfail") => {
            "the sending server is probably not authorised for the envelope domain (~all)"
        }
        (_, "fail") | (_, "hardfail") => "failed",
        (_, "neutral") => "the domain makes no statement about the sending server",
        (_, "none") => "no record or signature to check",
        (_, "temperror") => "a temporary error (DNS) prevented the check",
        (_, "permerror") => "the domain's record is broken (permanent error)",
        (_, "policy") => "the signature was not accepted by the receiver's local policy",
        _ => "unrecognised result",
    }
}
