//! Findings and blocks for authentication results, the Received hops and bounces.

use super::addresses;
use super::checks::{DELAY, DKIM, DMARC, SPAM_VERDICT, SPF};
use super::headers::{self, Headers};
use super::{auth, bounce, SLOW_HOP_SECONDS};
use crate::doc::{Block, Document, KeyValue, Table};
use crate::finding::{Evidence, Finding, Severity};

pub(super) fn authentication(h: &Headers, findings: &mut Vec<Finding>, doc: &mut Document) {
    let all = auth::results(h);
    if !all.is_empty() {
        let mut t = Table::new(["Header", "Recorded by", "Method", "Result", "Details"]);
        for r in all.iter().take(200) {
            let status = if r.result == "pass" {
                Severity::Pass
            } else if r.result == "fail" {
                Severity::Error
            } else {
                Severity::Warning
            };
            t.row([
                r.header.clone(),
                r.authserv.clone(),
                r.method.clone(),
                r.result.clone(),
                r.props.clone(),
            ])
            .status = Some(status);
        }
        *doc = std::mem::take(doc).block(Block::table(
            "authentication",
            "SPF, DKIM and DMARC as recorded by the receivers",
            t,
        ));
    }
    for (method, check, label) in [
        ("spf", &SPF, "SPF"),
        ("dkim", &DKIM, "DKIM"),
        ("dmarc", &DMARC, "DMARC"),
    ] {
        let got = auth::decisive(&all, method);
        let Some(first) = got.first() else {
            findings.push(Finding::new(check, format!("No {label} result in the headers (no Authentication-Results or ARC-Authentication-Results with {method}=); the receiver recorded none, and AWS documents none for Identity Center's senders (best knowledge).")).severity(Severity::Info));
            continue;
        };
        let by = if first.authserv.is_empty() {
            first.header.clone()
        } else {
            format!("{} ({})", first.header, first.authserv)
        };
        let pass = got
            .iter()
            .find(|r| r.result == "pass" || r.result == "bestguesspass");
        let desc = |r: &auth::AuthResult| {
            format!("{method}={} {}", r.result, r.props)
                .trim()
                .to_string()
        };
        let f = match pass {
            Some(r) => Finding::pass(
                check,
                format!(
                    "{label} {} according to {by}: {}",
                    auth::meaning(method, &r.result),
                    desc(r)
                ),
            )
            .evidence(Evidence::new(desc(r), by.clone()).at(r.line, 1)),
            None => {
                let sev = if got
                    .iter()
                    .any(|r| matches!(r.result.as_str(), "fail" | "hardfail" | "permerror"))
                {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                let list: Vec<String> = got
                    .iter()
                    .map(|r| format!("{} ({})", desc(r), auth::meaning(method, &r.result)))
                    .collect();
                Finding::new(
                    check,
                    format!(
                        "{label} did not pass according to {by}: {}. AWS documents no SPF, DKIM or DMARC setup for Identity Center's senders, so this rests on the receiver's verdict (best knowledge).",
                        list.join("; ")
                    ),
                )
                .severity(sev)
                .evidence(Evidence::new(desc(first), by.clone()).at(first.line, 1))
            }
        };
        findings.push(f);
    }
}

pub(super) fn hops(h: &Headers, findings: &mut Vec<Finding>, doc: &mut Document) {
    // Received fields are prepended by each hop: reversed, they run oldest first.
    let mut list: Vec<&headers::Hdr> = h.all("Received").collect();
    list.reverse();
    if list.is_empty() {
        findings.push(
            Finding::new(
                &DELAY,
                "No Received fields: the delivery path and its delays cannot be shown.",
            )
            .severity(Severity::Info),
        );
        return;
    }
    let mut t = Table::new(["#", "From", "By", "Time (UTC)", "Delay"]);
    let mut prev: Option<i64> = None;
    let mut first_time: Option<i64> = None;
    let mut last_time: Option<i64> = None;
    let mut slow: Vec<(usize, i64, u32)> = Vec::new();
    let mut skew = false;
    for (i, f) in list.iter().enumerate().take(200) {
        let hop = f.received.clone().unwrap_or_default();
        let delay = match (prev, hop.date) {
            (Some(p), Some(d)) => {
                let s = d - p;
                if s < 0 {
                    skew = true;
                }
                if s > SLOW_HOP_SECONDS {
                    slow.push((i + 1, s, f.line));
                }
                if s < 0 {
                    format!("-{} (clocks differ)", crate::time::human_duration(s * 1000))
                } else {
                    crate::time::human_duration(s * 1000)
                }
            }
            _ => String::new(),
        };
        if let Some(d) = hop.date {
            prev = Some(d);
            first_time.get_or_insert(d);
            last_time = Some(d);
        }
        let when = hop
            .date
            .map(|d| crate::time::format_rfc3339(d * 1000))
            .unwrap_or_else(|| "(no date)".into());
        let row = t.row([(i + 1).to_string(), hop.from, hop.by, when, delay]);
        if slow.last().is_some_and(|s| s.0 == i + 1) {
            row.status = Some(Severity::Warning);
        }
    }
    *doc = std::mem::take(doc).block(Block::table("hops", "Received hops (oldest first)", t));
    let total = match (first_time, last_time) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    let total_s = total
        .map(|s| crate::time::human_duration(s * 1000))
        .unwrap_or_else(|| "unknown".into());
    if slow.is_empty() {
        let mut msg = format!(
            "{} hop(s), {} from the first to the last.",
            list.len(),
            total_s
        );
        if skew {
            msg.push_str(" Some hops' clocks disagree (a later hop has an earlier time).");
        }
        findings.push(Finding::pass(&DELAY, msg));
    } else {
        let parts: Vec<String> = slow
            .iter()
            .map(|(n, s, _)| format!("hop {n} took {}", crate::time::human_duration(s * 1000)))
            .collect();
        let line = slow.first().map(|s| s.2).unwrap_or(0);
        findings.push(
            Finding::new(&DELAY, format!("Delivery took {total_s} over {} hop(s); {} (more than {} min is flagged, best knowledge).", list.len(), parts.join(", "), SLOW_HOP_SECONDS / 60))
                .evidence(Evidence::new(parts.join(", "), "Received").at(line, 1)),
        );
    }
}

pub(super) fn bounce_findings(b: &bounce::Bounce, findings: &mut Vec<Finding>, doc: &mut Document) {
    if b.fields.is_empty() {
        findings.push(Finding::new(&SPAM_VERDICT, "This looks like a bounce, but it has no machine-readable delivery status (message/delivery-status part): read its text for the reason.").severity(Severity::Warning));
        return;
    }
    let get = |k: &str| {
        b.fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    let status = get("Status").unwrap_or_default();
    let diag = get("Diagnostic-Code").unwrap_or_default();
    let meaning = bounce::status_meaning(&status);
    let not_spam = status.split('.').nth(1) == Some("1");
    let msg = format!(
        "The message bounced: Status {status} ({meaning}){}.",
        if diag.is_empty() {
            String::new()
        } else {
            format!("; the receiver said: {diag}")
        }
    );
    let mut f = Finding::new(&SPAM_VERDICT, msg).evidence(Evidence::new(
        format!("{status} {diag}").trim().to_string(),
        "message/delivery-status",
    ));
    f = if not_spam {
        f.fix("Correct the user's email address in IAM Identity Center (or create the mailbox); this is not a spam problem.")
    } else if status.starts_with('4') {
        f.fix("A temporary failure: the sending side retries. If it persists, ask the receiving system's administrator why it defers the two senders (greylisting, rate limits).")
    } else {
        f.fix("Ask the receiving system's administrator to allow the two senders (rules below); a permanent failure is not retried, so send the invitation or verification again from IAM Identity Center afterwards.")
    };
    findings.push(f);
    let mut items = Vec::new();
    for (k, v) in &b.fields {
        if k == "Final-Recipient" || k == "Original-Recipient" {
            doc.private_values.extend(addresses(&v.replace(';', " ")));
        }
        items.push(KeyValue::new(k.clone(), v.clone()));
    }
    *doc = std::mem::take(doc).block(Block::key_values(
        "bounce",
        "Delivery status (bounce)",
        items,
    ));
}
