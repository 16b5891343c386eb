//! Reading the header block leniently, then parsing it with `mail-parser`.
//!
//! Before `mail-parser` sees anything: the header block ends at the first empty line (the body is
//! never read as headers); an mbox `From ` line and leading blank lines are dropped; and a line that
//! neither starts a field (`Name:`) nor starts with white space is taken as the continuation of the
//! previous field (line wrapping broken by copying from a web page or a mail client), and counted.

use mail_parser::{HeaderValue, MessageParser};

/// Largest input read (a whole .eml may carry attachments).
pub const MAX_INPUT_BYTES: usize = 8 << 20;
/// Largest header block read.
pub const MAX_HEADER_BYTES: usize = 512 << 10;
/// Most header fields read.
pub const MAX_HEADERS: usize = 2000;

/// One header field as found.
#[derive(Debug, Clone)]
pub struct Hdr {
    pub name: String,
    /// The value unfolded to one line, as written (not decoded).
    pub value: String,
    /// 1-based line of the field's first line in the input.
    pub line: u32,
    /// For `Received`: the date (seconds since the epoch) and the from/by hosts, per `mail-parser`.
    pub received: Option<Hop>,
}

#[derive(Debug, Clone, Default)]
pub struct Hop {
    pub from: String,
    pub by: String,
    pub date: Option<i64>,
}

#[derive(Debug, Default)]
pub struct Headers {
    pub fields: Vec<Hdr>,
    /// Lines joined to the previous field because their wrapping was broken.
    pub repaired: Vec<u32>,
    /// Bytes after the header block (the body), not read as headers.
    pub body_bytes: usize,
    /// Caps hit, named.
    pub capped: Vec<String>,
}

impl Headers {
    /// Values of every field named `name` (case-insensitive), in order (newest first for trace fields).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Hdr> + 'a {
        self.fields
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
    }

    pub fn first(&self, name: &str) -> Option<&Hdr> {
        self.fields
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
    }
}

/// Whether a line starts a header field: a field name of printable ASCII without `:` then `:`.
fn starts_field(line: &str) -> bool {
    match line.find(':') {
        Some(i) if i > 0 && i <= 100 => line
            .as_bytes()
            .get(..i)
            .is_some_and(|n| n.iter().all(|&b| (33..=126).contains(&b))),
        _ => false,
    }
}

/// Splits the header block off, repairs wrapping, and parses it.
pub fn read(input: &[u8]) -> Headers {
    let mut out = Headers::default();
    let input = if input.len() > MAX_INPUT_BYTES {
        out.capped
            .push(format!("input cap {MAX_INPUT_BYTES} bytes"));
        input.get(..MAX_INPUT_BYTES).unwrap_or(input)
    } else {
        input
    };
    let text = crate::text_input::to_utf8(input);
    let text = text.trim_start_matches('\u{feff}');
    // Normalised header block and, per normalised line, its 1-based line in the input.
    let mut norm = String::new();
    let mut line_of: Vec<u32> = Vec::new();
    let mut started = false;
    let mut offset = 0usize;
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        offset += raw.len() + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if !started {
            if line.trim().is_empty() || (i == 0 && line.starts_with("From ")) {
                continue;
            }
            started = true;
        }
        if line.is_empty() {
            out.body_bytes = text.len().saturating_sub(offset);
            break;
        }
        if norm.len() + line.len() > MAX_HEADER_BYTES {
            out.capped
                .push(format!("header block cap {MAX_HEADER_BYTES} bytes"));
            break;
        }
        if line.starts_with([' ', '\t']) || starts_field(line) {
            norm.push_str(line);
        } else if line_of.is_empty() {
            // Text before any field: not headers at all; stop so the body is never parsed.
            out.body_bytes = text
                .len()
                .saturating_sub(offset.saturating_sub(raw.len() + 1));
            break;
        } else {
            out.repaired.push(line_no);
            norm.push(' ');
            norm.push_str(line);
        }
        norm.push('\n');
        line_of.push(line_no);
    }
    norm.push('\n');
    let Some(msg) = MessageParser::default().parse_headers(norm.as_bytes()) else {
        return out;
    };
    let bytes = norm.as_bytes();
    // Newline offsets, so a field's line is a binary search (linear overall).
    let newlines: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, &c)| c == b'\n')
        .map(|(i, _)| i)
        .collect();
    for h in msg.headers() {
        if out.fields.len() >= MAX_HEADERS {
            out.capped.push(format!("header count cap {MAX_HEADERS}"));
            break;
        }
        let start = h.offset_start as usize;
        let end = (h.offset_end as usize).min(bytes.len());
        let raw = bytes
            .get(start..end)
            .map(String::from_utf8_lossy)
            .unwrap_or_default();
        let value = unfold(&raw);
        let norm_line = newlines.partition_point(|&p| p < h.offset_field as usize);
        let line = line_of.get(norm_line).copied().unwrap_or(0);
        let name = bytes
            .get(h.offset_field as usize..start)
            .map(|b| {
                String::from_utf8_lossy(b)
                    .trim_end_matches(':')
                    .trim()
                    .to_string()
            })
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| h.name.as_str().to_string());
        let received = match &h.value {
            HeaderValue::Received(r) => Some(Hop {
                from: r
                    .from
                    .as_ref()
                    .map(|h| h.to_string())
                    .or_else(|| r.from_iprev.as_ref().map(|s| s.to_string()))
                    .unwrap_or_default(),
                by: r.by.as_ref().map(|h| h.to_string()).unwrap_or_default(),
                date: r.date.as_ref().map(|d| d.to_timestamp()),
            }),
            _ if name.eq_ignore_ascii_case("Received") => Some(fallback_hop(&value)),
            _ => None,
        };
        out.fields.push(Hdr {
            name,
            value,
            line,
            received,
        });
    }
    out
}

/// Folded value → one line: CR/LF and the white space after them become one space.
fn unfold(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    let mut ws = false;
    for c in raw.chars() {
        if c == '\r' || c == '\n' || c == '\t' || c == ' ' {
            ws = true;
            continue;
        }
        if ws && !s.is_empty() {
            s.push(' ');
        }
        ws = false;
        s.push(c);
    }
    s
}

/// A `Received` field `mail-parser` could not structure (a qmail comment-only hop, say): the date is
/// after the last `;`, and the hosts after `from` and `by` when present.
fn fallback_hop(v: &str) -> Hop {
    let word_after = |w: &str| {
        let mut it = v.split_whitespace();
        while let Some(t) = it.next() {
            if t.eq_ignore_ascii_case(w) {
                return it.next().unwrap_or("").to_string();
            }
        }
        String::new()
    };
    let date = v.rsplit_once(';').and_then(|(_, d)| rfc5322_date(d.trim()));
    Hop {
        from: word_after("from"),
        by: word_after("by"),
        date,
    }
}

/// Parses an RFC 5322 date with `mail-parser` (through a one-field message).
pub fn rfc5322_date(d: &str) -> Option<i64> {
    let m = format!("Date: {d}\n\n");
    let msg = MessageParser::default().parse_headers(m.as_bytes())?;
    msg.date().map(|d| d.to_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_wrapping_is_repaired_and_body_ignored() {
        let h = read(b"\r\nReceived: from a.example by b.example; Tue, 1 Apr 2025 10:00:00 +0000\r\nAuthentication-Results: mx.example;\r\n spf=pass smtp.mailfrom=signin.aws;\r\ndkim=pass header.d=signin.aws\r\nFrom: no-reply@signin.aws\r\n\r\nSubject: not a header\r\n");
        assert_eq!(h.fields.len(), 3, "{:?}", h.fields);
        assert!(h.fields[1].value.contains("dkim=pass"));
        assert_eq!(h.repaired, vec![5]);
        assert!(h.body_bytes > 0);
        assert!(h.first("subject").is_none());
        assert_eq!(h.fields[2].line, 6);
    }
}
