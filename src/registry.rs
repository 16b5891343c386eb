//! The check registry, in the manner of clippy's and ruff's lint registries: every check is declared
//! once, with its documentation beside it, in the module of its domain (`saml::checks`,
//! `webauthn::checks`, ...). This module only gathers those declarations.

use serde::{Deserialize, Serialize};

use crate::finding::Severity;
use crate::topics::Topic;

/// The declaration of one check. Construct these as `pub const` items next to the check's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CheckInfo {
    /// Stable dotted id: `domain.subject[.detail]`, lowercase, `-` between words.
    pub id: &'static str,
    /// The severity a failure of this check has unless the check decides otherwise.
    pub severity: Severity,
    pub title: &'static str,
    /// What the check looks at.
    pub checks: &'static str,
    /// Why it matters for signing in.
    pub why: &'static str,
    /// How to fix a failure.
    pub fix: &'static str,
    /// The guide topic the knowledge comes from.
    pub topic: Topic,
    /// True where the rule rests on best knowledge rather than a published AWS source.
    pub best_knowledge: bool,
}

/// Declares one check as a `pub const` [`CheckInfo`], next to the code that runs it:
///
/// ```ignore
/// crate::check!(NAME, "domain.subject", Error, TopicVariant, false,
///     title: "...", checks: "...", why: "...", fix: "...");
/// ```
/// The boolean is `best_knowledge`: true where no public AWS source confirms the rule.
#[macro_export]
macro_rules! check {
    ($name:ident, $id:literal, $sev:ident, $topic:ident, $bk:literal,
     title: $title:literal, checks: $checks:literal, why: $why:literal, fix: $fix:literal $(,)?) => {
        pub const $name: $crate::registry::CheckInfo = $crate::registry::CheckInfo {
            id: $id,
            severity: $crate::finding::Severity::$sev,
            title: $title,
            checks: $checks,
            why: $why,
            fix: $fix,
            topic: $crate::topics::Topic::$topic,
            best_knowledge: $bk,
        };
    };
}

/// A registry entry as data, for the page's `#/checks`: the page reads `checks.json` (written from
/// the registry by `make readme-checks`, kept current by `tests/readme.rs`) instead of linking every
/// check's text into the end-user wasm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckDoc {
    pub id: String,
    pub severity: Severity,
    pub title: String,
    pub checks: String,
    pub why: String,
    pub fix: String,
    pub topic: Topic,
    pub best_knowledge: bool,
}

/// The registry as the JSON of `static/checks.json` (and `ssocheck checks --json`).
pub fn json() -> String {
    let list: Vec<&CheckInfo> = all().collect();
    serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
}

/// Every registered check, grouped by domain in a stable order.
pub fn all() -> impl Iterator<Item = &'static CheckInfo> {
    DOMAINS.iter().flat_map(|d| d.iter())
}

const DOMAINS: &[&[CheckInfo]] = &[
    crate::saml::checks::CHECKS,
    crate::webauthn::checks::CHECKS,
    crate::clock::checks::CHECKS,
    crate::selfcheck::checks::CHECKS,
    crate::iam::checks::CHECKS,
    crate::role::checks::CHECKS,
    crate::email::checks::CHECKS,
    crate::scim::checks::CHECKS,
    crate::directory::checks::CHECKS,
    crate::cloudtrail::checks::CHECKS,
    crate::assignments::checks::CHECKS,
];

/// Looks up a check by id (exact match).
pub fn get(id: &str) -> Option<&'static CheckInfo> {
    all().find(|c| c.id == id)
}

/// Ids close to `id`, for "did you mean" messages: same prefix or small edit distance.
pub fn suggestions(id: &str) -> Vec<&'static str> {
    let id = id.to_ascii_lowercase();
    let mut out: Vec<(usize, &'static str)> = all()
        .filter_map(|c| {
            let d = edit_distance(&id, c.id);
            let prefix = !id.is_empty() && c.id.starts_with(&id);
            (prefix || d <= 3).then_some((if prefix { 0 } else { d }, c.id))
        })
        .collect();
    out.sort_unstable();
    out.into_iter().take(5).map(|(_, id)| id).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Renders one registry entry as Markdown (used by `ssocheck explain` and the README table).
pub fn explain_markdown(c: &CheckInfo) -> String {
    let bk = if c.best_knowledge {
        "\n\n_Best knowledge: no public AWS source confirms this rule._"
    } else {
        ""
    };
    format!(
        "# {id}: {title}\n\nDefault severity: {sev}\nGuide topic: {topic}\n\n## What it checks\n{checks}\n\n## Why it matters\n{why}\n\n## How to fix\n{fix}{bk}\n",
        id = c.id,
        title = c.title,
        sev = c.severity.as_str(),
        topic = c.topic.heading(),
        checks = c.checks,
        why = c.why,
        fix = c.fix,
    )
}

/// The README's table of checks: one row per check, generated so it cannot drift from the code.
pub fn markdown_table() -> String {
    let mut out = String::from("| Check | Severity | Title | Guide topic |\n|---|---|---|---|\n");
    for c in all() {
        let bk = if c.best_knowledge {
            " (best knowledge)"
        } else {
            ""
        };
        out.push_str(&format!(
            "| `{}` | {} | {}{bk} | {} |\n",
            c.id,
            c.severity.as_str(),
            c.title.replace('|', "\\|"),
            c.topic.heading().replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_id_is_unique_well_formed_and_documented() {
        let mut seen = HashSet::new();
        for c in all() {
            assert!(seen.insert(c.id), "duplicate check id {}", c.id);
            assert!(
                c.id.split('.').count() >= 2
                    && c.id.split('.').all(|part| !part.is_empty()
                        && part
                            .chars()
                            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')),
                "malformed id {}",
                c.id
            );
            for (field, text) in [
                ("title", c.title),
                ("checks", c.checks),
                ("why", c.why),
                ("fix", c.fix),
            ] {
                assert!(
                    text.trim().len() >= 10,
                    "{}: `{field}` is missing or too short",
                    c.id
                );
            }
        }
        assert!(seen.len() >= 3, "the registry is unexpectedly small");
    }

    #[test]
    fn lookup_and_suggestions() {
        let first = all().next().expect("registry not empty");
        assert_eq!(get(first.id).map(|c| c.id), Some(first.id));
        assert!(get("no.such.check").is_none());
        let typo = format!("{}x", first.id);
        assert!(suggestions(&typo).contains(&first.id));
    }

    #[test]
    fn explain_contains_every_section() {
        let c = all().next().expect("registry not empty");
        let md = explain_markdown(c);
        for needle in [
            c.id,
            c.title,
            c.checks,
            c.why,
            c.fix,
            "What it checks",
            "Why it matters",
            "How to fix",
        ] {
            assert!(md.contains(needle), "missing {needle}");
        }
    }
}
