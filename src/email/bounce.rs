//! Bounces (delivery status notifications, RFC 3464): the status, the diagnostic, and the returned
//! headers of the original message, which are then checked like a delivered message's.

use mail_parser::{MessageParser, MimeHeaders, PartType};

use super::headers::MAX_INPUT_BYTES;

#[derive(Debug, Default)]
pub struct Bounce {
    /// `Status`, `Action`, `Diagnostic-Code`, `Final-Recipient`, `Remote-MTA`, `Reporting-MTA`.
    pub fields: Vec<(String, String)>,
    /// The returned headers (or whole message) of the original message, when included.
    pub original: Option<Vec<u8>>,
}

const DSN_FIELDS: &[&str] = &[
    "Status",
    "Action",
    "Diagnostic-Code",
    "Final-Recipient",
    "Remote-MTA",
    "Reporting-MTA",
    "Original-Recipient",
];

/// Whether the headers look like a bounce.
pub fn looks_like(content_type: Option<&str>, from: Option<&str>, subject: Option<&str>) -> bool {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let from = from.unwrap_or("").to_ascii_lowercase();
    let subject = subject.unwrap_or("").to_ascii_lowercase();
    (ct.contains("multipart/report") && ct.contains("delivery-status"))
        || from.contains("mailer-daemon")
        || from.contains("postmaster@")
        || subject.starts_with("undeliverable")
        || subject.contains("delivery status notification")
        || subject.contains("returned mail")
}

/// Reads the DSN parts of a whole message.
pub fn read(input: &[u8]) -> Bounce {
    let mut b = Bounce::default();
    let input = input.get(..MAX_INPUT_BYTES).unwrap_or(input);
    let Some(msg) = MessageParser::default().parse(input) else {
        return b;
    };
    for part in msg.parts.iter().take(100) {
        let ct = part
            .content_type()
            .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("")))
            .unwrap_or_default()
            .to_ascii_lowercase();
        match ct.as_str() {
            "message/delivery-status" | "message/global-delivery-status" => {
                let text = String::from_utf8_lossy(part.contents());
                for line in text.lines().take(500) {
                    if let Some((k, v)) = line.split_once(':') {
                        if let Some(name) =
                            DSN_FIELDS.iter().find(|n| n.eq_ignore_ascii_case(k.trim()))
                        {
                            b.fields.push((name.to_string(), v.trim().to_string()));
                        }
                    }
                }
            }
            "text/rfc822-headers"
            | "message/rfc822"
            | "message/global"
            | "message/global-headers"
                if b.original.is_none() =>
            {
                let bytes = match &part.body {
                    PartType::Message(m) => m.raw_message().to_vec(),
                    _ => part.contents().to_vec(),
                };
                b.original = Some(bytes);
            }
            _ => {}
        }
    }
    b
}

/// What an enhanced status code (RFC 3463) means, by class and subject.
pub fn status_meaning(status: &str) -> String {
    let mut it = status.split('.');
    let class = match it.next() {
        Some("2") => "success",
        Some("4") => "temporary failure (the sender retries)",
        Some("5") => "permanent failure",
        _ => "unknown class",
    };
    let subject = match it.next() {
        Some("1") => "addressing: the recipient address is wrong or the mailbox does not exist (not a spam verdict)",
        Some("2") => "mailbox: full or disabled",
        Some("3") => "mail system",
        Some("4") => "network or routing",
        Some("5") => "mail delivery protocol",
        Some("6") => "message content or media",
        Some("7") => "security or policy: the receiver refused the message (spam filter, sender block, authentication)",
        _ => "unknown subject",
    };
    format!("{class}; {subject}")
}
