//! Collects findings per check: caps how many are listed, remembers which rules ran (for `pass`
//! findings) and which bodies each failure belongs to (for the table of bodies).

use crate::finding::{Evidence, Finding, Severity};
use crate::registry::CheckInfo;
use crate::report::one_line;
use crate::scim::input::Body;

/// Findings listed per check; the rest are counted in one summary finding.
pub const MAX_FINDINGS_PER_CHECK: usize = 50;

#[derive(Default)]
pub struct Collector {
    pub findings: Vec<Finding>,
    /// Check ids failing, per body number (index = number - 1).
    pub per_body: Vec<Vec<&'static str>>,
    /// Rules that were evaluated, in first-run order, with how many items they looked at.
    ran: Vec<(&'static CheckInfo, usize)>,
    failed: Vec<(&'static str, usize)>,
    /// Per listed failure (same index as `findings`): the body number and the location inside it.
    pub locations: Vec<(Option<usize>, String)>,
}

impl Collector {
    pub fn new(bodies: usize) -> Self {
        Collector {
            per_body: vec![Vec::new(); bodies],
            ..Collector::default()
        }
    }

    /// Notes that `check` was evaluated on one more item.
    pub fn ran(&mut self, check: &'static CheckInfo) {
        match self.ran.iter_mut().find(|(c, _)| c.id == check.id) {
            Some((_, n)) => *n += 1,
            None => self.ran.push((check, 1)),
        }
    }

    fn failed_count(&mut self, id: &'static str) -> &mut usize {
        if let Some(i) = self.failed.iter().position(|(c, _)| *c == id) {
            &mut self.failed[i].1
        } else {
            self.failed.push((id, 0));
            let last = self.failed.len() - 1;
            &mut self.failed[last].1
        }
    }

    /// Records one failure of `check` in `body` at `location` (relative to the body).
    pub fn hit(
        &mut self,
        check: &'static CheckInfo,
        body: Option<&Body>,
        location: &str,
        value: &str,
        message: String,
        severity: Option<Severity>,
    ) {
        self.ran(check);
        let counts = matches!(
            severity.unwrap_or(check.severity),
            Severity::Error | Severity::Warning
        );
        if let (Some(b), true) = (body, counts) {
            if let Some(list) = self.per_body.get_mut(b.number.saturating_sub(1)) {
                if !list.contains(&check.id) {
                    list.push(check.id);
                }
            }
        }
        let n = self.failed_count(check.id);
        *n += 1;
        if *n > MAX_FINDINGS_PER_CHECK {
            return;
        }
        let loc = match body {
            Some(b) => {
                let inner = match (b.path.is_empty(), location.is_empty()) {
                    (true, _) => location.to_string(),
                    (false, true) => b.path.clone(),
                    (false, false) => format!("{}.{location}", b.path),
                };
                if inner.is_empty() {
                    format!("body {} ({})", b.number, b.kind.label())
                } else {
                    format!("body {} ({}), {inner}", b.number, b.kind.label())
                }
            }
            None => location.to_string(),
        };
        let mut ev = Evidence::new(one_line(value, 120), loc);
        if let Some(b) = body {
            ev.line = Some(b.line);
        }
        self.locations
            .push((body.map(|b| b.number), location.to_string()));
        let mut f = Finding::new(check, message).evidence(ev);
        if let Some(s) = severity {
            f = f.severity(s);
        }
        self.findings.push(f);
    }

    /// Replaces the fix of the last finding listed (a fix specific to that input).
    pub fn fix_last(&mut self, check: &CheckInfo, fix: String) {
        if let Some(f) = self.findings.last_mut() {
            if f.check == check.id {
                f.fix = fix;
            }
        }
    }

    /// Pass findings for every rule that ran without failing, and a summary for capped checks.
    pub fn finish(mut self) -> (Vec<Finding>, Vec<Vec<&'static str>>) {
        for (check, items) in self.ran.clone() {
            let failed = self
                .failed
                .iter()
                .find(|(id, _)| *id == check.id)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            if failed == 0 {
                let checked = format!(
                    "{items} {} checked",
                    if items == 1 { "item" } else { "items" }
                );
                self.findings.push(
                    Finding::pass(
                        check,
                        format!("{} ({checked}).", crate::scim::checks::held(check.id)),
                    )
                    .evidence(Evidence::new(checked, "all bodies")),
                );
            } else if failed > MAX_FINDINGS_PER_CHECK {
                let f = Finding::new(
                    check,
                    format!(
                        "{} more findings of this check are not listed (cap of {MAX_FINDINGS_PER_CHECK} per check, MAX_FINDINGS_PER_CHECK); {failed} in all.",
                        failed - MAX_FINDINGS_PER_CHECK
                    ),
                )
                .severity(Severity::Info)
                .evidence(Evidence::new(format!("{failed} findings"), "all bodies"));
                self.findings.push(f);
            }
        }
        (self.findings, self.per_body)
    }
}
