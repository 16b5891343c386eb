//! Reports: findings plus context, exported as plain text, Markdown and JSON.
//!
//! A report is what users copy back to support, so it must never carry secrets: tools put only
//! non-personal facts in `facts`, and evidence values can be dropped with [`Report::redact_values`].

use serde::{Deserialize, Serialize};

use crate::finding::{counts, sort_findings, Finding, Severity};

pub const APP_NAME: &str = "ssocheck";
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Set by the Makefile from `git describe`; "dev" in ad-hoc builds.
pub const BUILD_ID: &str = match option_env!("SSOCHECK_BUILD") {
    Some(b) => b,
    None => "dev",
};

/// One area of a report: a tool's result (SAML analysis, WebAuthn probe, clock check...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Machine name of the area: `saml`, `webauthn`, `clock`, `environment`...
    pub area: String,
    pub title: String,
    /// Non-secret facts that help support: "Browser" → "Chrome 131 on Windows".
    pub facts: Vec<(String, String)>,
    pub findings: Vec<Finding>,
}

impl Section {
    pub fn new(area: impl Into<String>, title: impl Into<String>) -> Self {
        Section {
            area: area.into(),
            title: title.into(),
            facts: Vec::new(),
            findings: Vec::new(),
        }
    }

    pub fn fact(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.facts.push((key.into(), value.into()));
        self
    }

    pub fn findings(mut self, mut findings: Vec<Finding>) -> Self {
        sort_findings(&mut findings);
        self.findings = findings;
        self
    }

    /// The worst severity among the findings; `Info` for an area with no findings.
    pub fn verdict(&self) -> Severity {
        self.findings
            .iter()
            .map(|f| f.severity)
            .min()
            .unwrap_or(Severity::Info)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub app: String,
    pub version: String,
    pub build: String,
    /// RFC 3339 time of the report, corrected by the clock reference when the shell has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<String>,
    /// Support case id from the self-check link, already validated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
    pub sections: Vec<Section>,
}

impl Default for Report {
    fn default() -> Self {
        Report {
            app: APP_NAME.into(),
            version: APP_VERSION.into(),
            build: BUILD_ID.into(),
            generated_at: None,
            case_id: None,
            sections: Vec::new(),
        }
    }
}

impl Report {
    pub fn new(sections: Vec<Section>) -> Self {
        Report {
            sections,
            ..Report::default()
        }
    }

    pub fn all_findings(&self) -> impl Iterator<Item = &Finding> {
        self.sections.iter().flat_map(|s| s.findings.iter())
    }

    pub fn has_errors(&self) -> bool {
        self.all_findings().any(|f| f.severity == Severity::Error)
    }

    /// Replaces every evidence value with a placeholder; locations are kept.
    pub fn redact_values(&mut self) {
        for s in &mut self.sections {
            for f in &mut s.findings {
                if let Some(e) = &mut f.evidence {
                    if !e.value.is_empty() {
                        e.value = "[redacted]".into();
                    }
                }
            }
        }
    }

    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "{} report ({} {}, build {})\n",
            self.app, self.app, self.version, self.build
        ));
        if let Some(c) = &self.case_id {
            out.push_str(&format!("Case: {c}\n"));
        }
        if let Some(t) = &self.generated_at {
            out.push_str(&format!("Time: {t}\n"));
        }
        for s in &self.sections {
            out.push_str(&format!("\n== {} [{}] ==\n", s.title, s.verdict().as_str()));
            for (k, v) in &s.facts {
                out.push_str(&format!("{k}: {v}\n"));
            }
            out.push_str(&findings_text(&s.findings));
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!("# {} report\n\n", self.app));
        out.push_str(&format!(
            "- Version: {} (build {})\n",
            md_inline(&self.version),
            md_inline(&self.build)
        ));
        if let Some(c) = &self.case_id {
            out.push_str(&format!("- Case: {}\n", md_inline(c)));
        }
        if let Some(t) = &self.generated_at {
            out.push_str(&format!("- Time: {}\n", md_inline(t)));
        }
        for s in &self.sections {
            out.push_str(&format!(
                "\n## {} ({})\n\n",
                md_inline(&s.title),
                s.verdict().as_str()
            ));
            if !s.facts.is_empty() {
                out.push_str("| Fact | Value |\n|---|---|\n");
                for (k, v) in &s.facts {
                    out.push_str(&format!("| {} | {} |\n", md_cell(k), md_cell(v)));
                }
                out.push('\n');
            }
            out.push_str(&findings_markdown(&s.findings));
        }
        out
    }
}

/// The findings as plain text: the counts, then each finding with its evidence, place and fix (the
/// text reports of `Report` and `doc::Document`).
pub fn findings_text(findings: &[Finding]) -> String {
    let [e, w, i, p] = counts(findings);
    let mut out = format!("Findings: {e} error, {w} warning, {i} info, {p} pass\n");
    for f in findings {
        out.push_str(&format!(
            "\n[{}] {} ({})\n  {}\n",
            f.severity.as_str(),
            f.title,
            f.check,
            f.message
        ));
        if let Some(ev) = &f.evidence {
            if !ev.value.is_empty() {
                out.push_str(&format!("  Evidence: {}\n", one_line(&ev.value, 200)));
            }
            let pos = ev.position();
            let at: Vec<&str> = [ev.location.as_str(), pos.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            if !at.is_empty() {
                out.push_str(&format!("  Where: {}\n", at.join(", ")));
            }
        }
        if !f.fix.is_empty() {
            out.push_str(&format!("  Fix: {}\n", f.fix));
        }
    }
    out
}

/// The findings as a Markdown table (nothing when there are none): severity, check, finding,
/// evidence with its place, fix (the Markdown reports of `Report` and `doc::Document`).
pub fn findings_markdown(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return String::new();
    }
    let mut out =
        String::from("| Severity | Check | Finding | Evidence | Fix |\n|---|---|---|---|---|\n");
    for f in findings {
        let ev = f
            .evidence
            .as_ref()
            .map(|e| {
                let pos = e.position();
                let mut s = one_line(&e.value, 120);
                if !e.location.is_empty() {
                    s = format!("{s} @ {}", e.location);
                }
                if !pos.is_empty() {
                    s = format!("{s} ({pos})");
                }
                s
            })
            .unwrap_or_default();
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            f.severity.as_str(),
            f.check,
            md_cell(&format!("{}: {}", f.title, f.message)),
            md_cell(&ev),
            md_cell(&f.fix)
        ));
    }
    out
}

/// Collapses whitespace and cuts long values so one finding stays on one line.
pub fn one_line(s: &str, max_chars: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max_chars {
        let cut: String = flat.chars().take(max_chars).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

/// Escapes text for inline Markdown so that pasted values cannot become links, HTML or formatting.
pub fn md_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '(' | ')' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

pub(crate) fn md_cell(s: &str) -> String {
    md_inline(&one_line(s, 500))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Evidence;
    use crate::registry;

    fn sample() -> Report {
        let check = registry::all().next().expect("registry not empty");
        let f = Finding::new(check, "something is off")
            .evidence(Evidence::new("alice@example.com <img src=x>", "Subject/NameID").at(3, 7));
        let p = Finding::pass(check, "fine");
        let mut r = Report::new(vec![Section::new("saml", "SAML analysis")
            .fact("Flow", "idc")
            .findings(vec![p, f])]);
        r.case_id = Some("ABC-123".into());
        r
    }

    #[test]
    fn findings_sorted_worst_first_and_verdict() {
        let r = sample();
        assert_eq!(r.sections[0].findings[1].severity, Severity::Pass);
        assert_ne!(r.sections[0].findings[0].severity, Severity::Pass);
        assert_eq!(r.sections[0].verdict(), r.sections[0].findings[0].severity);
    }

    #[test]
    fn text_export_has_case_evidence_position_and_fix() {
        let t = sample().to_text();
        assert!(t.contains("Case: ABC-123"));
        assert!(t.contains("Evidence: alice@example.com"));
        assert!(t.contains("line 3, column 7"));
        assert!(t.contains("Fix: "));
    }

    #[test]
    fn markdown_escapes_html_and_pipes() {
        let md = sample().to_markdown();
        assert!(md.contains("ABC-123"));
        assert!(
            !md.replace("\\<", "").contains('<'),
            "raw HTML must be escaped: {md}"
        );
        assert!(md.contains("\\<img"));
    }

    #[test]
    fn json_round_trips_and_uses_lowercase_severity() {
        let r = sample();
        let j = r.to_json();
        let v: serde_json::Value = serde_json::from_str(&j).expect("valid json");
        let f = &v["sections"][0]["findings"][0];
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap_or("")));
        assert!(f["check"].is_string() && f["title"].is_string() && f["fix"].is_string());
        let back: Report = serde_json::from_str(&j).expect("round trip");
        assert_eq!(back, r);
    }

    #[test]
    fn redaction_removes_values_keeps_locations() {
        let mut r = sample();
        r.redact_values();
        let t = r.to_text();
        assert!(!t.contains("alice@example.com"));
        assert!(t.contains("Subject/NameID"));
    }
}
