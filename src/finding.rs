//! Findings: what a check reports about one input.
//!
//! A finding is created from the registry entry of the check that produced it, so its id, title,
//! default severity, fix and guide topic can never drift from the documentation on `#/checks`.

use serde::{Deserialize, Serialize};

use crate::registry::CheckInfo;
use crate::topics::Topic;

/// How bad a finding is. Ordered from worst to best so that sorting puts errors first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Pass,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Pass,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Pass => "pass",
        }
    }

    /// Label for people (reports, the page).
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
            Severity::Info => "Info",
            Severity::Pass => "Pass",
        }
    }
}

/// Where the offending value was found, and the value itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// The offending (or checked) value, as found. May be redacted before export.
    pub value: String,
    /// A human-readable location: an element path, an attribute name, a probe name.
    pub location: String,
    /// 1-based line in the decoded input, when the input is text.
    pub line: Option<u32>,
    /// 1-based column in the decoded input, when the input is text.
    pub column: Option<u32>,
}

impl Evidence {
    pub fn new(value: impl Into<String>, location: impl Into<String>) -> Self {
        Evidence {
            value: value.into(),
            location: location.into(),
            line: None,
            column: None,
        }
    }

    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// "line 3, column 7" style position, or the empty string.
    pub fn position(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("line {l}, column {c}"),
            (Some(l), None) => format!("line {l}"),
            _ => String::new(),
        }
    }
}

/// One result of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable dotted id of the check, e.g. `idc.nameid.format`.
    pub check: String,
    pub severity: Severity,
    /// The check's title from the registry.
    pub title: String,
    /// What was found, specific to this input ("NameID format is unspecified").
    pub message: String,
    pub evidence: Option<Evidence>,
    /// The exact fix for this input; defaults to the registry's fix.
    pub fix: String,
    pub topic: Topic,
}

impl Finding {
    /// A finding of `check` at its default severity, with the registry's title and fix.
    pub fn new(check: &CheckInfo, message: impl Into<String>) -> Self {
        Finding {
            check: check.id.to_string(),
            severity: check.severity,
            title: check.title.to_string(),
            message: message.into(),
            evidence: None,
            fix: check.fix.to_string(),
            topic: check.topic,
        }
    }

    /// A passing result of `check`: nothing to fix.
    pub fn pass(check: &CheckInfo, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Pass,
            fix: String::new(),
            ..Finding::new(check, message)
        }
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        if severity == Severity::Pass {
            self.fix.clear();
        }
        self
    }

    pub fn evidence(mut self, evidence: Evidence) -> Self {
        self.evidence = Some(evidence);
        self
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = fix.into();
        self
    }
}

/// Sort worst first, keeping the order checks produced within one severity (stable sort).
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by_key(|f| f.severity);
}

/// Counts per severity, in `Severity::ALL` order.
pub fn counts(findings: &[Finding]) -> [usize; 4] {
    let mut c = [0; 4];
    for f in findings {
        c[f.severity as usize] += 1;
    }
    c
}
