//! Findings of the IAM evaluator in words: the decision, the gates (SCP, boundary), and where each
//! statement is ("Statement[1] (Sid \"X\") of identity policy admin.json").

use super::checks::DECISION;
use super::cond::Tri;
use super::eval::{Decision, Gate, Hit, Outcome};
use super::load::Loaded;
use super::model::{Effect, Kind, Policy};
use crate::finding::{Evidence, Finding, Severity};

pub(super) const MANAGEMENT_NOTE: &str = " (SCPs do not restrict the organization's management account: if the administrator signs in there, this SCP is not the cause.)";

pub(super) fn service(action: &str) -> &str {
    action.split(':').next().unwrap_or("")
}

pub(super) fn decision_word(d: Decision) -> &'static str {
    match d {
        Decision::Allowed => "allowed",
        Decision::Denied => "denied by an explicit Deny",
        Decision::NotAllowed => "not allowed (implicit deny)",
        Decision::Indeterminate => "indeterminate (depends on condition keys)",
    }
}

pub(super) fn decision_severity(d: Decision) -> Severity {
    match d {
        Decision::Allowed => Severity::Pass,
        Decision::Indeterminate => Severity::Warning,
        _ => Severity::Error,
    }
}

/// The policy a hit is in and the statement's position in it ("Statement[1] (Sid \"X\")"), or
/// None when the hit names no policy read.
pub(super) fn locate<'a>(h: &Hit, p: &'a [Policy]) -> Option<(&'a str, String)> {
    let pol = p.get(h.policy)?;
    let pos = pol
        .statements
        .iter()
        .find(|s| s.index == h.statement)
        .map(|s| s.position())
        .unwrap_or_default();
    Some((pol.name.as_str(), pos))
}

/// "Statement[1] (Sid \"X\") of identity policy admin.json".
pub(super) fn where_(h: &Hit, p: &[Policy]) -> String {
    let (name, pos) = locate(h, p).unwrap_or(("?", String::new()));
    format!("{pos} of {} {name}", h.kind.label())
}

pub(super) fn quote(h: &Hit, p: &[Policy]) -> Evidence {
    let text = p
        .get(h.policy)
        .and_then(|pol| pol.statements.iter().find(|s| s.index == h.statement))
        .map(|s| s.text.clone())
        .unwrap_or_default();
    let name = p.get(h.policy).map(|pol| pol.name.as_str()).unwrap_or("?");
    let ev = Evidence::new(text, format!("{name}, Statement[{}]", h.statement));
    match p
        .get(h.policy)
        .and_then(|pol| pol.statements.iter().find(|s| s.index == h.statement))
    {
        Some(s) if s.line > 0 => ev.at(s.line, s.column),
        _ => ev,
    }
}

pub(super) fn decision_finding(
    out: &Outcome,
    p: &[Policy],
    action: &str,
    resource: &str,
    loaded: &Loaded,
) -> Finding {
    let allows: Vec<String> = out
        .hits
        .iter()
        .filter(|h| h.effect == Effect::Allow && h.kind == Kind::Identity && h.applies == Tri::Yes)
        .map(|h| where_(h, p))
        .collect();
    let no_identity = !out.identity.present;
    match out.decision {
        Decision::Allowed => Finding::pass(
            &DECISION,
            format!(
                "{action} on {resource} is allowed by {}.",
                allows.join("; ")
            ),
        ),
        Decision::Denied => {
            let denies: Vec<String> = out
                .hits
                .iter()
                .filter(|h| h.effect == Effect::Deny && h.applies == Tri::Yes)
                .map(|h| where_(h, p))
                .collect();
            Finding::new(&DECISION, format!("{action} on {resource} is denied: {} denies it explicitly.", denies.join("; ")))
                .fix("Narrow or remove the Deny quoted under iam.explicit-deny (or add an exception to its Condition); an Allow elsewhere cannot override it.")
        }
        Decision::NotAllowed => {
            let mut why = Vec::new();
            if no_identity {
                why.push(if loaded.listed.is_empty() {
                    "no identity policy document was pasted".to_string()
                } else {
                    format!(
                        "only a listing was pasted ({}), not the documents: run aws iam get-policy-version --policy-arn ARN --version-id VERSION (or get-role-policy) and paste them",
                        loaded.listed.join(", ")
                    )
                });
            } else if out.identity.allow == Tri::No {
                let near = near_misses(p, action);
                why.push(if near.is_empty() {
                    "no identity-policy statement allows it (implicit deny)".to_string()
                } else {
                    format!(
                        "no identity-policy statement allows it on this resource (implicit deny). Closest: {} (a statement must cover the whole resource and its conditions must hold)",
                        near.join("; ")
                    )
                });
            }
            if out.scp.present && out.scp.allow == Tri::No {
                why.push("no SCP allows it".into());
            }
            if out.boundary.present && out.boundary.allow == Tri::No {
                why.push("the permission boundary does not allow it".into());
            }
            Finding::new(
                &DECISION,
                format!("{action} on {resource} is not allowed: {}.", why.join("; ")),
            )
            .fix(format!("Allow {action} on {resource} in an identity policy of the administrator (user, group or role, or the permission set they use), and make sure no SCP or permission boundary blocks it."))
        }
        Decision::Indeterminate => {
            let mut keys: Vec<String> = Vec::new();
            for h in &out.hits {
                for k in h.applies.keys() {
                    if !keys.contains(k) {
                        keys.push(k.clone());
                    }
                }
            }
            let which: Vec<String> = out
                .hits
                .iter()
                .filter(|h| matches!(h.applies, Tri::Unknown(_)))
                .take(5)
                .map(|h| where_(h, p))
                .collect();
            Finding::new(
                &DECISION,
                format!(
                    "{action} on {resource} is indeterminate: {} depends on {}, whose values are known only at request time.",
                    which.join("; "),
                    keys.join(", ")
                ),
            )
            .severity(Severity::Warning)
            .fix("Give the values of those keys in the context field (--context key=value) to decide.")
        }
    }
}

/// Identity-policy Allow statements whose action matches but whose resource or condition does not:
/// "Statement[1] (Sid \"X\") of identity policy admin.json allows".
pub(super) fn near_misses(p: &[Policy], action: &str) -> Vec<String> {
    let mut out = Vec::new();
    for pol in p.iter().filter(|pol| pol.kind == Kind::Identity) {
        for s in pol.statements.iter().filter(|s| s.effect == Effect::Allow) {
            if super::eval::action_matches(s, action) && out.len() < 5 {
                let res = s
                    .resources
                    .as_ref()
                    .map(|r| r.join(", "))
                    .unwrap_or_default();
                let not = if s.not_resource { "NotResource " } else { "" };
                out.push(format!(
                    "{} of identity policy {} allows the action on {not}{res} only",
                    s.position(),
                    pol.name
                ));
            }
        }
    }
    out
}

pub(super) fn gate_finding(
    check: &'static crate::registry::CheckInfo,
    what: &str,
    g: &Gate,
    out: &Outcome,
    p: &[Policy],
    action: &str,
) -> Finding {
    let kind = if what == "SCP" {
        Kind::Scp
    } else {
        Kind::Boundary
    };
    let note = if kind == Kind::Scp {
        MANAGEMENT_NOTE
    } else {
        ""
    };
    match (&g.deny, &g.allow) {
        (Tri::Yes, _) => {
            let h: Vec<&Hit> = out.hits.iter().filter(|h| h.kind == kind && h.effect == Effect::Deny && h.applies == Tri::Yes).collect();
            let mut f = Finding::new(check, format!("The {what} denies {action}: {}.{note}", h.iter().map(|h| where_(h, p)).collect::<Vec<_>>().join("; ")));
            if let Some(first) = h.first() {
                f = f.evidence(quote(first, p));
            }
            f
        }
        (_, Tri::No) if kind == Kind::Scp && out.scp_levels.len() > 1 => {
            let failing: Vec<String> = out
                .scp_levels
                .iter()
                .enumerate()
                .filter(|(_, t)| **t == Tri::No)
                .map(|(i, _)| (i + 1).to_string())
                .collect();
            Finding::new(
                check,
                format!(
                    "No SCP at level {} (of the {} levels given) allows {action}: every level of the organization (root, OUs, account) must have an SCP that allows it.{note}",
                    failing.join(", "),
                    out.scp_levels.len()
                ),
            )
        }
        (_, Tri::No) => Finding::new(
            check,
            format!("No statement of the {what} allows {action}: an action that the {what} does not allow is denied even when an identity policy allows it (a {what} with only Deny statements allows nothing).{note}"),
        ),
        (_, Tri::Unknown(k)) | (Tri::Unknown(k), _) => Finding::new(
            check,
            format!("Whether the {what} allows {action} depends on {}.", k.join(", ")),
        )
        .severity(Severity::Warning),
        _ => {
            let h: Vec<String> = out.hits.iter().filter(|h| h.kind == kind && h.effect == Effect::Allow && h.applies == Tri::Yes).map(|h| where_(h, p)).collect();
            Finding::pass(check, format!("The {what} allows {action} ({}).", h.join("; ")))
        }
    }
}
