//! `#/email` and `ssocheck email FILE`: "my users are not receiving emails from IAM Identity Center".
//! Reads a message's headers (raw headers, a whole .eml, or a bounce) with `mail-parser` and reports
//! the sender against Identity Center's two addresses (aws-rules.md §9), the receivers' SPF/DKIM/DMARC
//! verdicts, spam verdicts, and the Received hops with their delays (admin-tools.md §5). With no
//! message at all it shows the two senders and the allow-list rules.

pub mod allow;
pub mod auth;
pub mod bounce;
pub mod checks;
pub mod headers;
pub mod spam;

use checks::{DELAY, DKIM, DMARC, INPUT, SENDER, SPAM_VERDICT, SPF};
use headers::Headers;

use crate::doc::{Block, Document, KeyValue, Link, Table};
use crate::finding::{Evidence, Finding, Severity};
use crate::tools::{MainInput, ToolRequest, ToolSpec};
use crate::topics::Topic;

pub const TOOL: ToolSpec = ToolSpec {
    id: "email",
    route: "email",
    command: "email",
    label: "Email delivery",
    title: "Email header analyzer",
    intro: "Paste the headers (or the whole .eml) of an Identity Center email that was junked, quarantined or delayed, or of a bounce. The page reads them locally: sender, SPF/DKIM/DMARC, spam verdicts, delivery hops. With nothing pasted it shows the two sender addresses and the allow-list rules.",
    input: MainInput::Files {
        label: "Message headers or .eml",
        placeholder: "Received: from ...\nAuthentication-Results: ...\nFrom: no-reply@signin.aws\n...",
        accept: ".eml,.txt,message/rfc822,text/plain",
        multiple: false,
    },
    fields: &[],
    runs_without_input: true,
    topics: &[Topic::EmailDelivery],
    cli_help: "Examples:\n  ssocheck email message.eml\n  ssocheck email            (no file: the two senders and the allow-list rules)",
};

/// A hop slower than this is flagged (best knowledge: invitations and codes should arrive in seconds).
const SLOW_HOP_SECONDS: i64 = 600;

pub fn analyze(req: &ToolRequest) -> Document {
    let input: Option<&[u8]> = req
        .main_files(&TOOL)
        .map(|f| f.bytes.as_slice())
        .find(|b| !b.iter().all(u8::is_ascii_whitespace));
    let Some(bytes) = input else {
        return no_message();
    };
    if crate::text_input::is_ole(bytes) {
        let mut d = Document::new("email", "Outlook .msg file");
        d.accepted = false;
        d.detected = "an Outlook .msg file (binary), not headers or .eml".into();
        return d.findings(vec![Finding::new(&INPUT, "Outlook .msg files are a binary format this tool does not read. In Outlook open the message, then File → Properties → Internet headers, and paste them; or save the message as .eml.")]);
    }
    let h = headers::read(bytes);
    let known = [
        "from",
        "received",
        "subject",
        "date",
        "message-id",
        "return-path",
        "authentication-results",
        "to",
        "x-ms-exchange-organization-scl",
        "delivered-to",
        "arc-authentication-results",
    ];
    if !h.fields.iter().any(|f| is_mail_field(&known, &f.name)) {
        let mut d = Document::new("email", "No message headers found");
        d.accepted = false;
        d.detected = "no message header fields (Received, From, Authentication-Results...) before the first empty line".into();
        return d.findings(vec![Finding::new(&INPUT, "The input has no message header fields before its first empty line; a pasted body or other text is not read as headers.")]);
    }
    let mut doc = Document::new("email", "Email headers");
    let mut findings: Vec<Finding> = Vec::new();
    let mut detected = vec![format!("{} header fields", h.fields.len())];

    let val = |hs: &Headers, n: &str| hs.first(n).map(|f| f.value.clone());
    let is_bounce = bounce::looks_like(
        val(&h, "Content-Type").as_deref(),
        val(&h, "From").as_deref(),
        val(&h, "Subject").as_deref(),
    );
    let mut original: Option<Headers> = None;
    if is_bounce {
        detected.push("a bounce (delivery status notification)".into());
        let b = bounce::read(bytes);
        bounce_findings(&b, &mut findings, &mut doc);
        if let Some(orig) = &b.original {
            let oh = headers::read(orig);
            if !oh.fields.is_empty() {
                detected.push("with the original message's headers".into());
                original = Some(oh);
            }
        }
    }
    // The sender is judged on the original message when the input is a bounce.
    let subject_hdrs = original.as_ref().unwrap_or(&h);
    sender(
        subject_hdrs,
        is_bounce && original.is_none(),
        &mut findings,
        &mut doc,
    );
    authentication(&h, &mut findings, &mut doc);
    let verdicts = spam::verdicts(&h);
    findings.extend(spam::findings(&verdicts));
    if !verdicts.is_empty() {
        let mut t = Table::new(["System", "Header", "Value", "Meaning"]);
        for v in &verdicts {
            t.row([
                v.system.to_string(),
                v.header.clone(),
                v.value.clone(),
                v.meaning.clone(),
            ])
            .status = Some(v.severity);
        }
        doc = doc.block(Block::table("spam", "Spam verdicts", t));
    }
    hops(&h, &mut findings, &mut doc);
    if !h.repaired.is_empty() {
        let lines: Vec<String> = h.repaired.iter().take(20).map(u32::to_string).collect();
        findings.push(
            Finding::new(&INPUT, format!("{} line(s) had broken wrapping (no leading space) and were joined to the field before them: line(s) {}.", h.repaired.len(), lines.join(", ")))
                .severity(Severity::Info),
        );
    }
    if h.body_bytes > 0 {
        detected.push(format!(
            "a body of {} bytes (not read as headers)",
            h.body_bytes
        ));
    }
    for c in &h.capped {
        findings.push(
            Finding::new(
                &INPUT,
                format!("The input is larger than the {c}; the rest was not read."),
            )
            .severity(Severity::Warning),
        );
    }
    for n in ["To", "Delivered-To", "X-Original-To", "Cc"] {
        for f in h.all(n) {
            doc.private_values.extend(addresses(&f.value));
        }
    }
    let from = subject_hdrs
        .first("From")
        .map(|f| f.value.clone())
        .unwrap_or_else(|| "unknown sender".into());
    doc.title = format!("Email from {}", crate::report::one_line(&from, 80));
    doc.detected = detected.join(", ");
    doc = doc.block(allow::senders_block());
    for b in allow::rules_blocks() {
        doc = doc.block(b);
    }
    doc.block(docs_links()).findings(findings)
}

/// Whether a field name belongs to a mail message (the known names, or a mail system's prefix).
fn is_mail_field(known: &[&str], name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    known.contains(&n.as_str())
        || [
            "x-ms-",
            "x-forefront-",
            "x-microsoft-",
            "x-proofpoint-",
            "x-mimecast-",
            "x-gm-",
            "arc-",
            "received-spf",
            "dkim-signature",
            "sender",
            "reply-to",
            "mime-version",
            "content-type",
        ]
        .iter()
        .any(|p| n.starts_with(p))
}

fn no_message() -> Document {
    let mut d = Document::new(
        "email",
        "IAM Identity Center's email senders and allow-list rules",
    );
    d.detected = "no message pasted: the senders to allow-list".into();
    d = d.block(allow::senders_block());
    for b in allow::rules_blocks() {
        d = d.block(b);
    }
    d.block(Block::text("what-to-paste", "If a message did arrive (junked, quarantined, late) or bounced", vec![
        "Paste its headers to see why: Outlook: File → Properties → Internet headers; Outlook on the web: ⋯ → View → View message details; Gmail: ⋮ → Show original; or save the message as .eml. Quarantined messages (Microsoft 365): the Defender portal's quarantine shows the message header.".into(),
    ]))
    .block(docs_links())
    .findings(vec![Finding::new(&INPUT, "No message pasted: allow-list the two Identity Center senders with the rules below, then ask the user to check Junk and quarantine.").severity(Severity::Info)])
}

fn docs_links() -> Block {
    Block::links("docs", "Documentation", vec![
        Link::new("Troubleshooting: users not receiving emails", crate::topics::GUIDE_URL),
        Link::new("Microsoft 365 anti-spam message headers", "https://learn.microsoft.com/en-us/defender-office-365/message-headers-eop-mdo"),
        Link::new("Microsoft 365 spam confidence level", "https://learn.microsoft.com/en-us/defender-office-365/anti-spam-spam-confidence-level-scl-about"),
    ])
}

/// Addresses in a header value: `<...>` parts, else `@` tokens, lowercased.
fn addresses(v: &str) -> Vec<String> {
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

fn sender(h: &Headers, no_original: bool, findings: &mut Vec<Finding>, doc: &mut Document) {
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

fn authentication(h: &Headers, findings: &mut Vec<Finding>, doc: &mut Document) {
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

fn hops(h: &Headers, findings: &mut Vec<Finding>, doc: &mut Document) {
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

fn bounce_findings(b: &bounce::Bounce, findings: &mut Vec<Finding>, doc: &mut Document) {
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
