//! The one report document every analysis engine returns (SAML, CloudTrail, SCIM, IAM, email...).
//!
//! The page renders a [`Document`] with one generic component and the CLI prints it with
//! [`Document::to_text`], [`Document::to_markdown`] or [`Document::to_json`], so a new tool adds engine
//! code, not shell code. A document is plain data: findings (from the check registry), then blocks
//! (key-value lists, tables, code with highlighted lines, links to other tools, paragraphs, downloads).
//!
//! Privacy: `private_values` lists values that a redacted export must never contain (user names,
//! e-mail addresses, account ids...). It is never serialized (`#[serde(skip)]`), so no export carries
//! it; the engine's answer to the page sends it beside the document so "Copy redacted" can remove
//! them: see [`Document::redacted`].

use serde::{Deserialize, Serialize};

use crate::finding::{sort_findings, Finding, Severity};
use crate::report::{md_cell, md_inline, one_line, APP_NAME, APP_VERSION, BUILD_ID};

/// What an engine returns for one request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Document {
    /// The tool that produced it (`saml`, `cloudtrail`, `scim`...): a `ToolSpec::id`.
    pub tool: String,
    /// Heading of the result ("CloudTrail: 3 sign-in attempts, 1 failed").
    pub title: String,
    /// What was detected in the input ("CloudTrail trail file (Records), 1,204 events").
    pub detected: String,
    /// False when the input could not be read or is not this tool's kind of input: the CLI exits 2.
    pub accepted: bool,
    /// Findings, worst first (use [`Document::findings`] to set them).
    pub findings: Vec<Finding>,
    /// Everything else the tool shows, in order.
    pub blocks: Vec<Block>,
    /// Values that a redacted export must not contain. Never exported.
    #[serde(skip)]
    pub private_values: Vec<String>,
}

/// One titled part of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub title: String,
    /// Stable machine name for tests and anchors (`timeline`, `attributes`, `certificates`...).
    pub id: String,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Externally tagged: postcard (the engine's wire format) cannot read internally tagged enums.
#[serde(rename_all = "kebab-case")]
pub enum Body {
    /// Facts as label → value, each optionally with a status (a certificate's expiry, say).
    KeyValues { items: Vec<KeyValue> },
    /// A table. Rows may carry a status and a line in the document's code block.
    Table(Table),
    /// Text shown as code (XML, JSON, a command), lines numbered from 1, some highlighted.
    Code(Code),
    /// Links to other tools or to documentation.
    Links { links: Vec<Link> },
    /// Plain paragraphs.
    Text { paragraphs: Vec<String> },
    /// A file the user can download (the page offers it as a Blob; the CLI prints its name and size).
    Download(Download),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
    pub status: Option<Severity>,
    /// True when the value is something to copy (a command, a query): the page adds a Copy button.
    pub copy: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// The page shows a filter box above tables with this set (long timelines, listings).
    pub filterable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Row {
    pub cells: Vec<String>,
    pub status: Option<Severity>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Code {
    /// `xml`, `json`, `sql`, `shell`, `text`.
    pub language: String,
    pub lines: Vec<String>,
    /// 1-based line numbers to highlight, ascending.
    pub highlight: Vec<u32>,
    /// Indentation depth of each line (two spaces per level), or empty: kept apart from the lines so
    /// a 10 MB document does not carry a copy of its indentation on every line.
    pub indent: Vec<u16>,
}

impl Code {
    /// Line `i` (0-based) with its indentation.
    pub fn line(&self, i: usize) -> String {
        let depth = self.indent.get(i).copied().unwrap_or(0) as usize;
        format!(
            "{}{}",
            "  ".repeat(depth),
            self.lines.get(i).map(String::as_str).unwrap_or("")
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub label: String,
    /// A route of this page (`#/clock`) or an https URL of public documentation.
    pub href: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Download {
    pub label: String,
    pub filename: String,
    pub mime: String,
    pub content: String,
}

impl Block {
    pub fn new(id: impl Into<String>, title: impl Into<String>, body: Body) -> Self {
        Block {
            title: title.into(),
            id: id.into(),
            body,
        }
    }

    pub fn key_values(id: &str, title: &str, items: Vec<KeyValue>) -> Self {
        Block::new(id, title, Body::KeyValues { items })
    }

    pub fn table(id: &str, title: &str, table: Table) -> Self {
        Block::new(id, title, Body::Table(table))
    }

    pub fn text(id: &str, title: &str, paragraphs: Vec<String>) -> Self {
        Block::new(id, title, Body::Text { paragraphs })
    }

    pub fn links(id: &str, title: &str, links: Vec<Link>) -> Self {
        Block::new(id, title, Body::Links { links })
    }

    pub fn code(id: &str, title: &str, code: Code) -> Self {
        Block::new(id, title, Body::Code(code))
    }
}

impl KeyValue {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        KeyValue {
            key: key.into(),
            value: value.into(),
            status: None,
            copy: false,
        }
    }

    pub fn status(mut self, s: Severity) -> Self {
        self.status = Some(s);
        self
    }

    pub fn copyable(mut self) -> Self {
        self.copy = true;
        self
    }
}

impl Table {
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = S>) -> Self {
        Table {
            columns: columns.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            filterable: false,
        }
    }

    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) -> &mut Row {
        self.rows.push(Row {
            cells: cells.into_iter().map(Into::into).collect(),
            status: None,
        });
        let last = self.rows.len() - 1;
        &mut self.rows[last]
    }
}

impl Link {
    pub fn new(label: impl Into<String>, href: impl Into<String>) -> Self {
        Link {
            label: label.into(),
            href: href.into(),
            note: String::new(),
        }
    }
}

impl Document {
    pub fn new(tool: &str, title: impl Into<String>) -> Self {
        Document {
            tool: tool.into(),
            title: title.into(),
            accepted: true,
            ..Document::default()
        }
    }

    /// Sets the findings, worst first (stable within a severity).
    pub fn findings(mut self, mut findings: Vec<Finding>) -> Self {
        sort_findings(&mut findings);
        self.findings = findings;
        self
    }

    pub fn block(mut self, block: Block) -> Self {
        self.blocks.push(block);
        self
    }

    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The value shown under `key` in the key-value block `block`, if any.
    pub fn key_value(&self, block: &str, key: &str) -> Option<&str> {
        self.blocks
            .iter()
            .filter(|b| b.id == block)
            .find_map(|b| match &b.body {
                Body::KeyValues { items } => items
                    .iter()
                    .find(|i| i.key == key)
                    .map(|i| i.value.as_str()),
                _ => None,
            })
    }

    /// The worst severity among the findings; `Info` when there are none.
    pub fn verdict(&self) -> Severity {
        self.findings
            .iter()
            .map(|f| f.severity)
            .min()
            .unwrap_or(Severity::Info)
    }

    /// The CLI's exit code: 2 input not accepted, 1 error findings, 0 otherwise.
    pub fn exit_code(&self) -> i32 {
        if !self.accepted {
            2
        } else if self.has_errors() {
            1
        } else {
            0
        }
    }

    /// A copy in which every private value, whatever its length or number, and every occurrence of it
    /// is replaced by `[redacted]`, in findings, evidence and blocks.
    pub fn redacted(&self) -> Document {
        let mut values: Vec<&str> = self
            .private_values
            .iter()
            .map(String::as_str)
            .filter(|v| !v.is_empty())
            .collect();
        values.sort_unstable();
        values.dedup();
        // One pass over each text for all values (Aho-Corasick, leftmost-longest): linear in the
        // text whatever the number of values, and a value containing another is replaced whole.
        let matcher = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&values)
            .ok();
        let r = |s: &mut String| {
            if let Some(m) = &matcher {
                if m.is_match(s.as_str()) {
                    *s = m.replace_all(s, &vec!["[redacted]"; values.len()]);
                }
            }
        };
        let mut d = self.clone();
        d.private_values.clear();
        r(&mut d.title);
        r(&mut d.detected);
        for f in &mut d.findings {
            r(&mut f.message);
            r(&mut f.fix);
            if let Some(e) = &mut f.evidence {
                r(&mut e.value);
                r(&mut e.location);
            }
        }
        for b in &mut d.blocks {
            r(&mut b.title);
            match &mut b.body {
                Body::KeyValues { items } => items.iter_mut().for_each(|kv| r(&mut kv.value)),
                Body::Table(t) => t
                    .rows
                    .iter_mut()
                    .flat_map(|row| row.cells.iter_mut())
                    .for_each(r),
                Body::Code(c) => c.lines.iter_mut().for_each(r),
                Body::Links { links } => links.iter_mut().for_each(|l| r(&mut l.note)),
                Body::Text { paragraphs } => paragraphs.iter_mut().for_each(r),
                Body::Download(dl) => r(&mut dl.content),
            }
        }
        d
    }

    /// JSON for the CLI's `--json`: one object whose `findings` array holds `check`, `severity`,
    /// `title`, `message`, `evidence` and `fix`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    pub fn to_text(&self) -> String {
        let mut out = format!("{APP_NAME} {APP_VERSION} (build {BUILD_ID})\n");
        out.push_str(&format!(
            "== {} [{}] ==\n",
            self.title,
            self.verdict().as_str()
        ));
        if !self.detected.is_empty() {
            out.push_str(&format!("Detected: {}\n", self.detected));
        }
        out.push_str(&crate::report::findings_text(&self.findings));
        for b in &self.blocks {
            out.push_str(&format!("\n-- {} --\n", b.title));
            match &b.body {
                Body::KeyValues { items } => {
                    for kv in items {
                        let st = kv
                            .status
                            .map(|s| format!(" [{}]", s.as_str()))
                            .unwrap_or_default();
                        out.push_str(&format!("{}: {}{st}\n", kv.key, kv.value));
                    }
                }
                Body::Table(t) => {
                    out.push_str(&t.columns.join(" | "));
                    out.push('\n');
                    for row in &t.rows {
                        let cells: Vec<String> =
                            row.cells.iter().map(|c| one_line(c, 120)).collect();
                        out.push_str(&cells.join(" | "));
                        if let Some(s) = row.status {
                            out.push_str(&format!(" [{}]", s.as_str()));
                        }
                        out.push('\n');
                    }
                }
                Body::Code(c) => {
                    for i in 0..c.lines.len() {
                        out.push_str(&c.line(i));
                        out.push('\n');
                    }
                }
                Body::Links { links } => {
                    for l in links {
                        out.push_str(&format!("{}: {}", l.label, l.href));
                        if !l.note.is_empty() {
                            out.push_str(&format!(" ({})", l.note));
                        }
                        out.push('\n');
                    }
                }
                Body::Text { paragraphs } => {
                    for p in paragraphs {
                        out.push_str(p);
                        out.push('\n');
                    }
                }
                Body::Download(d) => {
                    out.push_str(&format!(
                        "{} ({}, {} bytes)\n",
                        d.label,
                        d.filename,
                        d.content.len()
                    ));
                }
            }
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "# {} ({})\n\n- {APP_NAME} {APP_VERSION} (build {BUILD_ID})\n",
            md_inline(&self.title),
            self.verdict().as_str()
        );
        if !self.detected.is_empty() {
            out.push_str(&format!("- Detected: {}\n", md_inline(&self.detected)));
        }
        if !self.findings.is_empty() {
            out.push('\n');
            out.push_str(&crate::report::findings_markdown(&self.findings));
        }
        for b in &self.blocks {
            out.push_str(&format!("\n## {}\n\n", md_inline(&b.title)));
            match &b.body {
                Body::KeyValues { items } => {
                    out.push_str("| | |\n|---|---|\n");
                    for kv in items {
                        out.push_str(&format!(
                            "| {} | {} |\n",
                            md_cell(&kv.key),
                            md_cell(&kv.value)
                        ));
                    }
                }
                Body::Table(t) => {
                    let head: Vec<String> = t.columns.iter().map(|c| md_cell(c)).collect();
                    out.push_str(&format!("| {} |\n", head.join(" | ")));
                    out.push_str(&format!("|{}\n", "---|".repeat(t.columns.len().max(1))));
                    for row in &t.rows {
                        let cells: Vec<String> = row.cells.iter().map(|c| md_cell(c)).collect();
                        out.push_str(&format!("| {} |\n", cells.join(" | ")));
                    }
                }
                Body::Code(c) => {
                    // A fence longer than any backtick run inside, so pasted text cannot close it.
                    let longest = c
                        .lines
                        .iter()
                        .map(|l| longest_backtick_run(l))
                        .max()
                        .unwrap_or(0);
                    let fence = "`".repeat(longest.max(2) + 1);
                    out.push_str(&format!("{fence}{}\n", c.language));
                    for i in 0..c.lines.len() {
                        out.push_str(&c.line(i));
                        out.push('\n');
                    }
                    out.push_str(&format!("{fence}\n"));
                }
                Body::Links { links } => {
                    for l in links {
                        out.push_str(&format!(
                            "- {}: {}\n",
                            md_inline(&l.label),
                            md_inline(&l.href)
                        ));
                    }
                }
                Body::Text { paragraphs } => {
                    for p in paragraphs {
                        out.push_str(&format!("{}\n\n", md_inline(p)));
                    }
                }
                Body::Download(d) => {
                    out.push_str(&format!(
                        "{} ({})\n",
                        md_inline(&d.label),
                        md_inline(&d.filename)
                    ));
                }
            }
        }
        out
    }
}

fn longest_backtick_run(s: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Evidence;

    fn sample() -> Document {
        let check = crate::registry::all().next().expect("registry not empty");
        let mut t = Table::new(["User", "Result"]);
        t.row(["alice@example.com", "failed"]).status = Some(Severity::Error);
        Document::new("demo", "Demo for alice@example.com")
            .findings(vec![
                Finding::pass(check, "fine"),
                Finding::new(check, "alice@example.com failed")
                    .evidence(Evidence::new("a", "Records[0].userName")),
            ])
            .block(Block::table("timeline", "Timeline", t))
            .block(Block::key_values(
                "facts",
                "Facts",
                vec![KeyValue::new("Account", "123456789012")],
            ))
    }

    #[test]
    fn findings_worst_first_and_exit_codes() {
        let mut d = sample();
        assert_ne!(d.findings[0].severity, Severity::Pass);
        assert_eq!(d.exit_code(), if d.has_errors() { 1 } else { 0 });
        d.accepted = false;
        assert_eq!(d.exit_code(), 2);
    }

    #[test]
    fn redaction_replaces_every_value_of_any_length_and_is_never_exported() {
        let mut d = sample();
        d.private_values = vec![
            "alice@example.com".into(),
            "a".into(),
            "123456789012".into(),
        ];
        assert!(!d.to_json().contains("private_values"));
        let r = d.redacted();
        let all = format!("{}{}", r.to_text(), r.to_json());
        assert!(!all.contains("alice@example.com"));
        assert!(!all.contains("123456789012"));
        // The one-character value is gone from the evidence too.
        assert_eq!(
            r.findings[0].evidence.as_ref().map(|e| e.value.as_str()),
            Some("[redacted]")
        );
    }

    #[test]
    fn markdown_escapes_and_fences_code() {
        let d = Document::new("demo", "x <b>").block(Block::code(
            "c",
            "Code",
            Code {
                language: "text".into(),
                lines: vec!["```".into()],
                highlight: vec![],
                indent: vec![],
            },
        ));
        let md = d.to_markdown();
        assert!(md.contains("x \\<b\\>"));
        assert!(md.contains("````text"));
    }
}
