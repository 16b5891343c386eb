//! The report: findings, a timeline of sign-in attempts, the directory/password/SCIM events, links to
//! the tools that check next, and the SQL for Athena and CloudTrail Lake. Every user name, e-mail,
//! id, IP address and account id shown is listed in `private_values` so "Copy redacted" removes it.

use std::collections::BTreeSet;

use super::checks::INPUT;
use super::model::{Event, SCIM_SOURCE};
use super::signin::{Outcome, EXTERNAL_IDP_LOGIN};
use super::sql::{self, Dialect, Range};
use super::{Analysis, Options};
use crate::assignments::listing::{ListingError, Listings};
use crate::doc::{Block, Code, Document, KeyValue, Link, Table};
use crate::finding::{Evidence, Finding, Severity};

/// Rows per table: beyond it the filters narrow the view (the findings still cover everything).
pub const MAX_ROWS: usize = 2_000;

/// A document for input that cannot be analyzed at all (exit 2).
pub fn rejected(why: &str) -> Document {
    let mut d = Document::new("cloudtrail", "CloudTrail: nothing to analyze")
        .findings(vec![Finding::new(&INPUT, why.to_string())]);
    d.accepted = false;
    d.detected = why.to_string();
    d
}

fn is_directory_event(e: &Event) -> bool {
    e.name == "UpdatePassword"
        || e.source == SCIM_SOURCE
        || super::principals::change(e, 0).is_some()
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn build(
    a: &Analysis,
    o: &Options,
    listing: Option<&Listings>,
    listing_error: Option<&ListingError>,
) -> Document {
    let events = &a.parsed.events;
    let mut findings: Vec<Finding> = Vec::new();
    for (n, f) in a.parsed.files.iter().enumerate() {
        if let Some(p) = &f.problem {
            let name = if f.name.is_empty() {
                format!("input {}", n + 1)
            } else {
                f.name.clone()
            };
            let mut ev = Evidence::new(
                if f.shape.is_empty() {
                    String::new()
                } else {
                    f.shape.clone()
                },
                name.clone(),
            );
            if let Some(l) = p.line {
                ev = ev.at(l, p.column.unwrap_or(0).max(1));
            }
            findings.push(Finding::new(&INPUT, format!("{name}: {}", p.message)).evidence(ev));
        }
    }
    if let Some(e) = listing_error {
        let mut ev = Evidence::new("", "users (list-users)");
        if let Some(l) = e.line {
            ev = ev.at(l, e.column.unwrap_or(1));
        }
        findings.push(
            Finding::new(&INPUT, format!("The pasted list-users cannot be read: {}", e.message))
                .evidence(ev)
                .fix("Paste the whole output of `aws identitystore list-users --identity-store-id d-...` (JSON), or leave the field empty."),
        );
    }
    findings.extend(a.detections.iter().map(|d| d.finding.clone()));

    let failed = a
        .attempts
        .iter()
        .filter(|x| x.outcome == Outcome::Failure)
        .count();
    let mut d = Document::new(
        "cloudtrail",
        format!(
            "CloudTrail: {} sign-in attempt{}, {} failed, {} finding{}",
            thousands(a.attempts.len()),
            if a.attempts.len() == 1 { "" } else { "s" },
            thousands(failed),
            a.detections.len(),
            if a.detections.len() == 1 { "" } else { "s" }
        ),
    );
    let files: Vec<String> = a
        .parsed
        .files
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let name = if f.name.is_empty() {
                format!("input {}", n + 1)
            } else {
                f.name.clone()
            };
            let shape = if f.shape.is_empty() {
                "not recognised"
            } else {
                &f.shape
            };
            format!("{name}: {shape}, {} events", thousands(f.events))
        })
        .collect();
    d.detected = format!(
        "{}; {} events in total, {} after the filters",
        files.join("; "),
        thousands(events.len()),
        thousands(a.selected.len())
    );
    let readable = a
        .parsed
        .files
        .iter()
        .any(|f| f.problem.is_none() && !f.shape.is_empty())
        || !events.is_empty();
    d.accepted = readable && !a.parsed.any_cap_hit();
    d = d.findings(findings);

    // Summary.
    let times: Vec<i64> = events.iter().filter_map(|e| e.time_ms).collect();
    let (first, last) = (times.iter().min().copied(), times.iter().max().copied());
    let mut facts = vec![
        KeyValue::new("Events read", thousands(events.len())),
        KeyValue::new("Events after the filters", thousands(a.selected.len())),
        KeyValue::new(
            "Sign-in attempts",
            format!(
                "{} ({} failed)",
                thousands(a.attempts.len()),
                thousands(failed)
            ),
        ),
    ];
    if let (Some(f), Some(l)) = (first, last) {
        facts.push(KeyValue::new(
            "Time range of the events",
            format!(
                "{} to {}",
                crate::time::format_rfc3339(f),
                crate::time::format_rfc3339(l)
            ),
        ));
    }
    if !o.filter.is_empty() {
        facts.push(KeyValue::new("Filter", filter_text(o)));
    }
    if let Some(l) = listing {
        facts.push(KeyValue::new(
            "Identity Center users pasted",
            thousands(l.users.len()),
        ));
    }
    d = d.block(Block::key_values("summary", "Summary", facts));

    // Timeline of attempts.
    let mut t = Table::new([
        "Time",
        "User (as typed)",
        "Source IP",
        "User agent",
        "Steps",
        "Failed step",
        "Outcome",
        "AuthWorkflowID",
    ]);
    t.filterable = true;
    for at in a.attempts.iter().take(MAX_ROWS) {
        let failed_step = at
            .failed_step()
            .map(|s| {
                if s.credential.is_empty() {
                    s.name.clone()
                } else {
                    s.credential.clone()
                }
            })
            .unwrap_or_default();
        let row = t.row([
            at.time.clone(),
            at.user.clone(),
            at.ip.clone(),
            at.user_agent.clone(),
            at.steps_text(),
            failed_step,
            at.outcome.as_str().to_string(),
            at.workflow.clone(),
        ]);
        row.status = Some(match at.outcome {
            Outcome::Failure => Severity::Error,
            Outcome::Success => Severity::Pass,
            Outcome::Incomplete => Severity::Info,
        });
    }
    d = d.block(Block::table(
        "timeline",
        "Sign-in attempts (grouped by AuthWorkflowID)",
        t,
    ));
    if a.attempts.len() > MAX_ROWS {
        d = d.block(Block::text(
            "timeline-more",
            "More attempts",
            vec![format!(
                "{} more attempts are not listed; narrow them with the user, outcome or time filters.",
                thousands(a.attempts.len() - MAX_ROWS)
            )],
        ));
    }

    // One line per person: how many attempts, how many failed, and the last failed step.
    let mut people: Vec<(String, usize, usize, String, String, String)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for at in &a.attempts {
        let key = if at.user.is_empty() {
            "(user not logged)".to_string()
        } else {
            at.user.clone()
        };
        let pos = *index.entry(key.to_lowercase()).or_insert_with(|| {
            people.push((key, 0, 0, at.time.clone(), String::new(), String::new()));
            people.len() - 1
        });
        let p = &mut people[pos];
        p.1 += 1;
        p.4 = at.time.clone();
        if at.outcome == Outcome::Failure {
            p.2 += 1;
            if let Some(s) = at.failed_step() {
                p.5 = if s.credential.is_empty() {
                    s.name.clone()
                } else {
                    s.credential.clone()
                };
            }
        }
    }
    let mut t = Table::new([
        "User (as typed)",
        "Attempts",
        "Failed",
        "First attempt",
        "Last attempt",
        "Last failed step",
    ]);
    t.filterable = true;
    for p in people.iter().take(MAX_ROWS) {
        let row = t.row([
            p.0.clone(),
            p.1.to_string(),
            p.2.to_string(),
            p.3.clone(),
            p.4.clone(),
            p.5.clone(),
        ]);
        row.status = Some(if p.2 > 0 {
            Severity::Error
        } else {
            Severity::Pass
        });
    }
    d = d.block(Block::table("people", "Sign-in attempts per person", t));

    // Directory, password and SCIM events.
    let mut t = Table::new([
        "Time",
        "Event source",
        "Event",
        "User or target",
        "Error code",
        "Error message",
        "Source IP",
    ]);
    t.filterable = true;
    let dir: Vec<&Event> = a
        .selected
        .iter()
        .map(|&i| &events[i])
        .filter(|e| is_directory_event(e))
        .collect();
    for e in dir.iter().take(MAX_ROWS) {
        let target = e
            .request
            .user_name
            .clone()
            .or_else(|| e.request.display_name.clone())
            .or_else(|| e.request.user_id.clone())
            .or_else(|| e.request.group_id.clone())
            .or_else(|| e.request.id.clone())
            .or_else(|| e.response.user_id.clone())
            .or_else(|| e.response.group_id.clone())
            .or_else(|| e.user().map(str::to_string))
            .unwrap_or_default();
        let row = t.row([
            e.time.clone(),
            e.source.clone(),
            e.name.clone(),
            target,
            e.error_code.clone().unwrap_or_default(),
            e.error_message.clone().unwrap_or_default(),
            e.ip.clone(),
        ]);
        row.status = Some(if e.failed() {
            Severity::Error
        } else {
            Severity::Pass
        });
    }
    d = d.block(Block::table(
        "events",
        "Password, directory and SCIM events",
        t,
    ));

    // Where to check next.
    let mut links = Vec::new();
    let fix_has = |route: &str| {
        d.findings
            .iter()
            .any(|f| f.fix.contains(route) || f.message.contains(route))
    };
    for (route, label, note) in [
        (
            "#/clock",
            "Check the authenticator clock",
            "a TOTP step failed",
        ),
        (
            "#/webauthn",
            "Check WebAuthn in this browser",
            "a WebAuthn step failed",
        ),
        (
            "#/saml",
            "Check the SAML response",
            "an external identity provider sign-in failed",
        ),
        (
            "#/assignments",
            "Find stale assignments",
            "a user or group was re-created",
        ),
    ] {
        if fix_has(route) {
            let mut l = Link::new(label, route);
            l.note = note.into();
            links.push(l);
        }
    }
    links.push(Link::new(
        "Understanding IAM Identity Center sign-in events",
        "https://docs.aws.amazon.com/singlesignon/latest/userguide/understanding-sign-in-events.html",
    ));
    links.push(Link::new(
        "Password requirements",
        "https://docs.aws.amazon.com/singlesignon/latest/userguide/password-requirements.html",
    ));
    links.push(Link::new(
        "Logging SCIM calls with CloudTrail",
        "https://docs.aws.amazon.com/singlesignon/latest/userguide/scim-logging-using-cloudtrail.html",
    ));
    d = d.block(Block::links("next", "Check next", links));

    // SQL for the trail where it lives.
    let range = Range {
        from_ms: o
            .filter
            .from_ms
            .or(first)
            .unwrap_or(o.now_ms - 7 * 86_400_000),
        to_ms: o.filter.to_ms.or(last).unwrap_or(o.now_ms),
        user: o.filter.user.clone(),
    };
    for dialect in [Dialect::Athena, Dialect::Lake] {
        if o.sql.is_some_and(|s| s != dialect) {
            continue;
        }
        let mut lines = Vec::new();
        for q in sql::queries(dialect, &range) {
            lines.extend(q.sql.lines().map(str::to_string));
            lines.push(String::new());
        }
        lines.pop();
        let (id, title) = match dialect {
            Dialect::Athena => ("sql-athena", "The same questions in Amazon Athena (download the results as CSV and drop them here)"),
            Dialect::Lake => ("sql-lake", "The same questions in CloudTrail Lake (download the results as CSV and drop them here)"),
        };
        d = d.block(Block::code(
            id,
            title,
            Code {
                language: "sql".into(),
                lines,
                highlight: vec![],
                indent: Vec::new(),
            },
        ));
    }

    d.private_values = private_values(a, o, listing);
    d
}

fn filter_text(o: &Options) -> String {
    let f = &o.filter;
    let mut parts = Vec::new();
    if let Some(u) = &f.user {
        parts.push(format!("user {u}"));
    }
    if let Some(s) = &f.source {
        parts.push(format!("source {s}"));
    }
    match f.outcome {
        super::filter::OutcomeFilter::All => {}
        super::filter::OutcomeFilter::Failure => parts.push("failures only".into()),
        super::filter::OutcomeFilter::Success => parts.push("successes only".into()),
    }
    if let Some(t) = f.from_ms {
        parts.push(format!("from {}", crate::time::format_rfc3339(t)));
    }
    if let Some(t) = f.to_ms {
        parts.push(format!("to {}", crate::time::format_rfc3339(t)));
    }
    parts.join(", ")
}

/// Names, e-mails, ids, IPs and account ids of every event the document may show.
fn private_values(a: &Analysis, o: &Options, listing: Option<&Listings>) -> Vec<String> {
    let mut set: BTreeSet<String> = BTreeSet::new();
    let events = &a.parsed.events;
    let mut add = |v: Option<&str>| {
        if let Some(v) = v.map(str::trim).filter(|v| v.len() >= 2) {
            set.insert(v.to_string());
        }
    };
    let mut shown: Vec<usize> = a.attempts.iter().flat_map(|x| x.events.clone()).collect();
    shown.extend(a.detections.iter().flat_map(|d| d.events.clone()));
    shown.extend(
        a.selected
            .iter()
            .copied()
            .filter(|&i| is_directory_event(&events[i]) || events[i].name == EXTERNAL_IDP_LOGIN),
    );
    shown.sort_unstable();
    shown.dedup();
    for &i in &shown {
        let e = &events[i];
        add(e.typed_user.as_deref());
        add(e.identity.user_name.as_deref());
        add(e.identity.principal_id.as_deref());
        add(e.identity.user_id.as_deref());
        add(e.identity.identity_store_arn.as_deref());
        add(e.identity.account_id.as_deref());
        add(e.identity.arn.as_deref());
        // Service names stand where a caller's IP would ("AWS Internal", "sso.amazonaws.com").
        if !e.ip.contains("amazonaws.com") && !e.ip.eq_ignore_ascii_case("AWS Internal") {
            add(Some(&e.ip));
        }
        add(Some(&e.account));
        for p in [&e.request, &e.response] {
            add(p.user_name.as_deref());
            add(p.display_name.as_deref());
            add(p.user_id.as_deref());
            add(p.group_id.as_deref());
            add(p.id.as_deref());
            add(p.identity_store_id.as_deref());
        }
    }
    // Names and ids the findings learned from other events (re-created principals).
    for r in super::principals::recreated(events, listing) {
        add(Some(&r.name));
        add(Some(&r.old_id));
        add(Some(&r.new_id));
    }
    if let Some(l) = listing {
        for u in &l.users {
            add(u.user_name.as_deref());
            add(u.display_name.as_deref());
            add(u.user_id.as_deref());
            for e in &u.emails {
                add(e.value.as_deref());
            }
        }
    }
    add(o.filter.user.as_deref());
    set.into_iter().collect()
}
