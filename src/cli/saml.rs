//! `ssocheck saml FILE|- [--flow F] [--username U] [--acs URL] [--audience URL] [--idp-metadata FILE]...
//! [--cert FILE]... [--in-response-to ID] [--relay-state RS] [--request-time RFC3339] [--now RFC3339]
//! [--json]`

use std::io::{Read, Write};

use crate::finding::{counts, Severity};
use crate::saml::{analyze, Context, Flow};

pub const HELP: &str = "\
ssocheck saml: analyze a SAML message locally (nothing leaves this machine).

Usage:
  ssocheck saml FILE|- [--flow idc|sts|app|generic] [--username U] [--acs URL] [--audience URL]
                       [--idp-metadata FILE]... [--cert FILE]... [--in-response-to ID]
                       [--relay-state RS] [--request-time RFC3339] [--now RFC3339] [--json]

Input: raw XML, base64 (standard or URL-safe, with or without line breaks), URL-encoded,
DEFLATE (HTTP-Redirect), a POST body (SAMLResponse=...&RelayState=...), a URL with
SAMLRequest=/SAMLResponse=, an HTML form page, or a HAR file (every SAML message in it).

Options:
  --flow F          Rules to apply: idc (external IdP -> IAM Identity Center), sts (-> AWS account),
                    app (Identity Center -> application), generic. Detected when omitted.
  --username U      Expected Identity Center user name (compared with NameID)
  --acs URL         Identity Center ACS URL of your instance
  --audience URL    Identity Center issuer URL / expected audience
  --idp-metadata F  IdP metadata XML (repeatable): its signing certificates verify the message's
                    XML signatures, its entityID is compared with the Issuer. In the app flow,
                    the application's SP metadata (ACS URL, entity ID, NameID format,
                    WantAssertionsSigned are compared).
  --cert F          A trusted signing certificate, PEM or base64 DER (repeatable; several during
                    a rotation). Every signature is verified step by step, whatever is given;
                    without certificates the verdict says it verified only with the embedded one.
  --in-response-to ID  The ID of the AuthnRequest that started the sign-in: InResponseTo must
                    equal it (saml.in-response-to)
  --relay-state RS  The RelayState sent with the AuthnRequest: the one posted back with the
                    response (SAMLResponse=...&RelayState=...) must equal it
  --request-time T  When the AuthnRequest was sent (RFC 3339): an earlier response cannot answer it
  --now T           Reference time (RFC 3339, e.g. 2025-06-01T12:00:00Z); default: now
  --json            Print one JSON object (detected, messages, findings, ...)

Exit codes: 0 no error findings, 1 error findings, 2 input cannot be read or bad usage.
";

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub fn run(
    args: &[String],
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let mut path: Option<String> = None;
    let mut ctx = Context {
        now_ms: now_ms(),
        ..Context::default()
    };
    let mut json = false;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let mut value = |name: &str| -> Option<String> {
            i += 1;
            let v = args.get(i).cloned();
            if v.is_none() {
                let _ = writeln!(err, "ssocheck saml: {name} needs a value");
            }
            v
        };
        match a {
            "-h" | "--help" => {
                write!(out, "{HELP}")?;
                return Ok(0);
            }
            "--json" => json = true,
            "--flow" => {
                let Some(v) = value("--flow") else {
                    return Ok(2);
                };
                match Flow::parse(&v) {
                    Some(f) => ctx.flow = Some(f),
                    None => {
                        writeln!(
                            err,
                            "ssocheck saml: unknown flow `{v}` (use idc, sts, app or generic)"
                        )?;
                        return Ok(2);
                    }
                }
            }
            "--username" => {
                let Some(v) = value("--username") else {
                    return Ok(2);
                };
                ctx.username = Some(v);
            }
            "--acs" => {
                let Some(v) = value("--acs") else {
                    return Ok(2);
                };
                ctx.acs_url = Some(v);
            }
            "--audience" => {
                let Some(v) = value("--audience") else {
                    return Ok(2);
                };
                ctx.audience = Some(v);
            }
            "--idp-metadata" | "--cert" => {
                let flag = a.to_string();
                let Some(v) = value(&flag) else {
                    return Ok(2);
                };
                let limit = crate::saml::decode::MAX_BYTES as u64;
                let bytes = match crate::cli::read_input(&v, stdin, limit) {
                    Ok(b) => b,
                    Err(e) => {
                        writeln!(err, "ssocheck saml: {flag}: {e}")?;
                        return Ok(2);
                    }
                };
                if let Err(e) = ctx.trusted.add(&bytes, &format!("{flag} {v}")) {
                    writeln!(err, "ssocheck saml: {e}")?;
                    return Ok(2);
                }
            }
            "--now" => {
                let Some(v) = value("--now") else {
                    return Ok(2);
                };
                match crate::time::parse_rfc3339(&v) {
                    Ok(t) => ctx.now_ms = t,
                    Err(e) => {
                        writeln!(err, "ssocheck saml: --now: {e}")?;
                        return Ok(2);
                    }
                }
            }
            "--in-response-to" => {
                let Some(v) = value("--in-response-to") else {
                    return Ok(2);
                };
                ctx.sent.request_id = Some(v);
            }
            "--relay-state" => {
                let Some(v) = value("--relay-state") else {
                    return Ok(2);
                };
                ctx.sent.relay_state = Some(v);
            }
            "--request-time" => {
                let Some(v) = value("--request-time") else {
                    return Ok(2);
                };
                match crate::time::parse_rfc3339(&v) {
                    Ok(t) => ctx.sent.request_time_ms = Some(t),
                    Err(e) => {
                        writeln!(err, "ssocheck saml: --request-time: {e}")?;
                        return Ok(2);
                    }
                }
            }
            s if s.starts_with("--") => {
                writeln!(err, "ssocheck saml: unknown option `{s}`\n\n{HELP}")?;
                return Ok(2);
            }
            s => {
                if path.is_some() {
                    writeln!(err, "ssocheck saml: give one input (FILE or -)")?;
                    return Ok(2);
                }
                path = Some(s.to_string());
            }
        }
        i += 1;
    }
    let Some(path) = path else {
        writeln!(
            err,
            "ssocheck saml: give a FILE or - for standard input\n\n{HELP}"
        )?;
        return Ok(2);
    };
    let limit = crate::saml::decode::MAX_BYTES as u64;
    let bytes = match crate::cli::read_input(&path, stdin, limit) {
        Ok(b) => b,
        Err(e) => {
            writeln!(err, "ssocheck saml: {e}")?;
            return Ok(2);
        }
    };
    let analysis = analyze(&bytes, &ctx);
    let unusable =
        analysis.messages.is_empty() || analysis.messages.iter().all(|m| m.kind == "Unreadable");
    if json {
        let findings: Vec<serde_json::Value> = analysis
            .messages
            .iter()
            .enumerate()
            .flat_map(|(i, m)| {
                m.findings.iter().map(move |f| {
                    let mut v = serde_json::to_value(f).unwrap_or(serde_json::Value::Null);
                    if let Some(o) = v.as_object_mut() {
                        o.insert("message_index".into(), serde_json::json!(i));
                        o.entry("evidence").or_insert(serde_json::Value::Null);
                    }
                    v
                })
            })
            .collect();
        let messages: Vec<serde_json::Value> = analysis
            .messages
            .iter()
            .map(|m| {
                serde_json::json!({
                    "label": m.label, "kind": m.kind, "flow": m.flow, "flow_reason": m.flow_reason,
                    "decoded_as": m.decoded_as, "nameid": m.nameid, "attributes": m.attributes,
                    "certificates": m.certificates, "highlight_lines": m.highlight_lines,
                    "findings": m.findings, "signatures": m.signatures,
                })
            })
            .collect();
        let first = analysis.messages.first();
        let obj = serde_json::json!({
            "detected": analysis.detected,
            "now": crate::time::format_rfc3339(ctx.now_ms),
            "flow": first.map(|m| m.flow),
            "flow_reason": first.map(|m| m.flow_reason.clone()),
            "attributes": first.map(|m| m.attributes.clone()).unwrap_or_default(),
            "certificates": first.map(|m| m.certificates.clone()).unwrap_or_default(),
            "findings": findings,
            "messages": messages,
            "aws_errors": crate::saml::AWS_ERRORS.iter().map(|(e, c)| serde_json::json!({"error": e, "check": c})).collect::<Vec<_>>(),
        });
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&obj).unwrap_or_default()
        )?;
    } else {
        writeln!(out, "Detected: {}", analysis.detected)?;
        writeln!(
            out,
            "Reference time: {}",
            crate::time::format_rfc3339(ctx.now_ms)
        )?;
        for m in &analysis.messages {
            writeln!(out, "\n== {} ==", m.label)?;
            writeln!(
                out,
                "Flow: {} — {} ({})",
                m.flow.as_str(),
                m.flow.label(),
                m.flow_reason
            )?;
            if let Some(n) = &m.nameid {
                writeln!(out, "NameID: {n}")?;
            }
            let [e, w, inf, p] = counts(&m.findings);
            writeln!(
                out,
                "Findings: {e} error, {w} warning, {inf} info, {p} passed"
            )?;
            for f in m.findings.iter().filter(|f| f.severity != Severity::Pass) {
                writeln!(
                    out,
                    "\n{} [{}] {}\n  {}",
                    f.severity.as_str(),
                    f.check,
                    f.title,
                    f.message
                )?;
                if let Some(ev) = &f.evidence {
                    let pos = ev.position();
                    writeln!(
                        out,
                        "  at {}{}{}",
                        ev.location,
                        if pos.is_empty() { "" } else { ", " },
                        pos
                    )?;
                    if !ev.value.is_empty() {
                        writeln!(out, "  value: {}", crate::report::one_line(&ev.value, 200))?;
                    }
                }
                if !f.fix.is_empty() {
                    writeln!(out, "  fix: {}", f.fix)?;
                }
            }
            let passed: Vec<&str> = m
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Pass)
                .map(|f| f.check.as_str())
                .collect();
            if !passed.is_empty() {
                writeln!(out, "\npassed: {}", passed.join(", "))?;
            }
            if !m.attributes.is_empty() {
                writeln!(out, "\nAttributes:")?;
                for a in &m.attributes {
                    writeln!(
                        out,
                        "  {} = {}  ({})",
                        a.name,
                        a.values.join(" | "),
                        a.meaning
                    )?;
                }
            }
            for s in &m.signatures {
                writeln!(
                    out,
                    "\nSignature at {} (line {}): {}",
                    s.location, s.line, s.verdict
                )?;
                for step in &s.steps {
                    writeln!(out, "  {step}")?;
                }
            }
            for c in &m.certificates {
                writeln!(out, "\nCertificate: {}\n  issuer {}\n  valid {} .. {} ({} days left)\n  key {}\n  SHA-256 {}", c.subject, c.issuer, c.not_before, c.not_after, c.days_left, c.key, c.sha256_fingerprint)?;
            }
        }
    }
    if unusable {
        return Ok(2);
    }
    Ok(if analysis.has_errors() { 1 } else { 0 })
}
