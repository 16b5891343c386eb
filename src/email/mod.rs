//! `#/email` and `ssocheck email FILE`: "my users are not receiving emails from IAM Identity Center".
//! Reads a message's headers (raw headers, a whole .eml, or a bounce) with `mail-parser` and reports
//! the sender against Identity Center's two addresses (aws-rules.md §9), the receivers' SPF/DKIM/DMARC
//! verdicts, spam verdicts, and the Received hops with their delays (admin-tools.md §5). With no
//! message at all it shows the two senders and the allow-list rules.

pub mod allow;
pub mod auth;
pub mod bounce;
pub mod checks;
mod findings;
pub mod headers;
mod sender;
pub mod spam;

use checks::INPUT;
use findings::{authentication, bounce_findings, hops};
use headers::Headers;
use sender::{addresses, sender};

use crate::doc::{Block, Document, Link, Table};
use crate::finding::{Finding, Severity};
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
