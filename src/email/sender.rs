//! The sender against IAM Identity Center's two addresses (aws-rules.md §9): From, Sender, Return-Path.

use super::allow;
use super::checks::SENDER;
use super::headers::Headers;
use crate::doc::{Block, Document, KeyValue};
use crate::finding::{Evidence, Finding, Severity};

/// Addresses in a header value: `<...>` parts, else `@` tokens, lowercased.
pub(super) fn addresses(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = v;
    while let Some(s) = rest.find('<') {
        let after = &rest[s + 1..];
        match after.find('>') {
            Some(e) => {
                out.push(after[..e].trim().to_ascii_lowercase());
                rest = &after[e + 1..];
            }
            None => break,
        }
    }
    if out.is_empty() {
        out = v
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|t| t.contains('@'))
            .map(|t| {
                t.trim_matches(|c: char| c == '"' || c == '(' || c == ')')
                    .to_ascii_lowercase()
            })
            .collect();
    }
    out.into_iter()
        .filter(|a| !a.is_empty())
        .take(100)
        .collect()
}

pub(super) fn sender(
    h: &Headers,
    no_original: bool,
    findings: &mut Vec<Finding>,
    doc: &mut Document,
) {
    let mut items = Vec::new();
    for n in ["From", "Sender", "Return-Path"] {
        for f in h.all(n).take(3) {
            let addrs = addresses(&f.value);
            let ok = addrs.iter().any(|a| allow::SENDERS.contains(&a.as_str()));
            let status = if ok { Severity::Pass } else { Severity::Info };
            items.push(KeyValue::new(n, f.value.clone()).status(status));
        }
    }
    if let Some(s) = h.first("Subject") {
        items.push(KeyValue::new("Subject", s.value.clone()));
    }
    if let Some(s) = h.first("Date") {
        items.push(KeyValue::new("Date", s.value.clone()));
    }
    *doc = std::mem::take(doc).block(Block::key_values("message", "Message", items));
    if no_original {
        findings.push(Finding::new(&SENDER, "This bounce does not include the original message's headers, so its sender cannot be checked.").severity(Severity::Info));
        return;
    }
    let Some(from) = h.first("From") else {
        findings.push(
            Finding::new(&SENDER, "The headers have no From field.").severity(Severity::Warning),
        );
        return;
    };
    let addrs = addresses(&from.value);
    let ev = Evidence::new(from.value.clone(), "From").at(from.line, 1);
    match addrs.iter().find(|a| allow::SENDERS.contains(&a.as_str())) {
        Some(a) => {
            let mut msg = format!("From is {a}, one of IAM Identity Center's two senders.");
            for n in ["Sender", "Return-Path"] {
                if let Some(f) = h.first(n) {
                    let other = addresses(&f.value);
                    if !other.iter().any(|x| allow::SENDERS.contains(&x.as_str())) {
                        msg.push_str(&format!(" {n} is {} (the envelope or sending address; Identity Center's is not documented, and SPF is checked against its domain).", other.first().cloned().unwrap_or_else(|| f.value.clone())));
                    }
                }
            }
            findings.push(Finding::pass(&SENDER, msg).evidence(ev));
        }
        None => {
            let lower = from.value.to_ascii_lowercase();
            let look_alike = lower.contains("aws")
                || lower.contains("amazon")
                || lower.contains("identity center");
            let msg = if look_alike {
                format!("From is {} : it mentions AWS but is not no-reply@signin.aws or no-reply@login.awsapps.com, so it is not an IAM Identity Center email (a look-alike, or another AWS service).", from.value)
            } else {
                format!("From is {}, not one of IAM Identity Center's two senders (no-reply@signin.aws, no-reply@login.awsapps.com).", from.value)
            };
            findings.push(Finding::new(&SENDER, msg).evidence(ev));
        }
    }
}
