//! From area results to what the user reads first: pass / warning / fail per area, in plain words,
//! with what to do next; and the self-check report.

use crate::finding::{Finding, Severity};
use crate::report::{Report, Section};
use crate::time::format_rfc3339;

/// The three outcomes people are shown. Info-only areas count as passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Fail,
    Warning,
    Pass,
}

impl Status {
    pub fn from_severity(s: Severity) -> Status {
        match s {
            Severity::Error => Status::Fail,
            Severity::Warning => Status::Warning,
            Severity::Info | Severity::Pass => Status::Pass,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Status::Fail => "Fail",
            Status::Warning => "Warning",
            Status::Pass => "Pass",
        }
    }
    /// Class name suffix shared with severity badges (`sev-error`, `sev-warning`, `sev-pass`).
    pub fn css(self) -> &'static str {
        match self {
            Status::Fail => "error",
            Status::Warning => "warning",
            Status::Pass => "pass",
        }
    }
}

/// Title of an area as people read it.
pub fn area_title(area: &str) -> &'static str {
    match area {
        "environment" => "Browser and system",
        "storage" => "Cookies and storage",
        "webauthn" => "Security keys and passkeys",
        "clock" => "Clock",
        "locale" => "Time zone and language",
        _ => "Other",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaSummary {
    pub area: String,
    pub title: String,
    pub status: Status,
    /// One sentence: the worst finding's message, or that nothing is wrong.
    pub headline: String,
    /// Fixes of the failing and warning findings, worst first, without repeats.
    pub next_steps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub overall: Status,
    /// One sentence for the whole run.
    pub headline: String,
    pub areas: Vec<AreaSummary>,
}

fn problems(s: &Section) -> impl Iterator<Item = &Finding> {
    s.findings
        .iter()
        .filter(|f| matches!(f.severity, Severity::Error | Severity::Warning))
}

pub fn summarize_area(s: &Section) -> AreaSummary {
    let status = Status::from_severity(s.verdict());
    let headline = match problems(s).next() {
        Some(f) => f.message.clone(),
        None => match s.findings.iter().find(|f| f.severity == Severity::Pass) {
            Some(_) => "No problem found.".to_string(),
            None => s
                .findings
                .first()
                .map(|f| f.message.clone())
                .unwrap_or_else(|| "Nothing to report.".into()),
        },
    };
    let mut next_steps: Vec<String> = Vec::new();
    for f in problems(s) {
        if !f.fix.is_empty() && !next_steps.contains(&f.fix) {
            next_steps.push(f.fix.clone());
        }
    }
    AreaSummary {
        area: s.area.clone(),
        title: s.title.clone(),
        status,
        headline,
        next_steps,
    }
}

pub fn summarize(sections: &[Section]) -> Summary {
    let areas: Vec<AreaSummary> = sections.iter().map(summarize_area).collect();
    let overall = areas.iter().map(|a| a.status).min().unwrap_or(Status::Pass);
    let failing = areas.iter().filter(|a| a.status == Status::Fail).count();
    let warning = areas.iter().filter(|a| a.status == Status::Warning).count();
    let plural = |n: usize| if n == 1 { "area" } else { "areas" };
    let headline = match (failing, warning) {
        _ if areas.is_empty() => "No area was checked.".to_string(),
        (0, 0) => format!(
            "Everything checked looks fine ({} {}).",
            areas.len(),
            plural(areas.len())
        ),
        (0, w) => format!(
            "Nothing blocks sign-in, but {w} {} deserve{} a look.",
            plural(w),
            if w == 1 { "s" } else { "" }
        ),
        (f, 0) => format!(
            "{f} {} {} sign-in problems; see what to do next below.",
            plural(f),
            if f == 1 { "shows" } else { "show" }
        ),
        (f, w) => format!(
            "{f} {} {} sign-in problems and {w} more {} a look; see what to do next below.",
            plural(f),
            if f == 1 { "shows" } else { "show" },
            if w == 1 { "deserves" } else { "deserve" }
        ),
    };
    Summary {
        overall,
        headline,
        areas,
    }
}

/// Where the report's time comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimeSource {
    /// The clock area measured `offset_ms` (device minus reference; positive = device ahead).
    Reference { offset_ms: i64 },
    /// No reference was measured: the device clock, unverified.
    Device,
}

/// The report time and a sentence saying where it came from.
pub fn report_time(device_now_ms: i64, source: TimeSource) -> (String, String) {
    match source {
        TimeSource::Reference { offset_ms } => (
            format_rfc3339(device_now_ms - offset_ms),
            format!(
                "corrected by this site's clock reference (device clock {} by {:.1} s)",
                if offset_ms >= 0 { "ahead" } else { "behind" },
                offset_ms.unsigned_abs() as f64 / 1000.0
            ),
        ),
        TimeSource::Device => (
            format_rfc3339(device_now_ms),
            "device clock, not verified (the clock area measured no reference)".to_string(),
        ),
    }
}

/// The self-check report: a summary section first (case, time source, link notes, one line per area),
/// then each area's section.
pub fn build_report(
    case_id: Option<&str>,
    sections: &[Section],
    device_now_ms: i64,
    source: TimeSource,
    notes: &[String],
) -> Report {
    let summary = summarize(sections);
    let (time, how) = report_time(device_now_ms, source);
    let mut head = Section::new("selfcheck", "Self-check summary")
        .fact("Result", summary.headline.clone())
        .fact("Time source", how);
    for a in &summary.areas {
        head = head.fact(
            a.title.clone(),
            format!("{}: {}", a.status.label(), a.headline),
        );
    }
    for n in notes {
        head = head.fact("Link note", n.clone());
    }
    let mut all = vec![head];
    all.extend(sections.iter().cloned());
    let mut r = Report::new(all);
    r.case_id = case_id.map(str::to_string);
    r.generated_at = Some(time);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_the_worst_severity() {
        assert_eq!(Status::from_severity(Severity::Error), Status::Fail);
        assert_eq!(Status::from_severity(Severity::Warning), Status::Warning);
        assert_eq!(Status::from_severity(Severity::Info), Status::Pass);
        assert_eq!(Status::from_severity(Severity::Pass), Status::Pass);
        assert!(Status::Fail < Status::Warning && Status::Warning < Status::Pass);
    }

    #[test]
    fn every_link_area_has_a_title_and_progress_label() {
        for a in crate::links::SELFCHECK_AREAS {
            assert_ne!(area_title(a), "Other", "{a}");
            assert_ne!(crate::selfcheck::progress_label(a), "Checking", "{a}");
        }
    }

    #[test]
    fn report_time_says_where_it_comes_from() {
        let (t, how) = report_time(1_000, TimeSource::Reference { offset_ms: -2_000 });
        assert_eq!(t, "1970-01-01T00:00:03Z");
        assert!(how.contains("behind by 2.0 s"));
        let (t, how) = report_time(1_000, TimeSource::Device);
        assert_eq!(t, "1970-01-01T00:00:01Z");
        assert!(how.starts_with("device clock"));
    }
}
