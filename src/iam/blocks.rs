//! The blocks of the IAM document: matching statements, the deciding statements as JSON, the other
//! permissions enabling ABAC and editing permission sets need, and the policies read.

use super::cond::{Context, Tri};
use super::eval::{evaluate, Decision, Hit, Outcome, Request};
use super::explain::{decision_severity, decision_word, locate, service, where_};
use super::load::Loaded;
use super::model::{Effect, Policy};
use super::DEFAULT_RESOURCE;
use crate::doc::{Block, Code, KeyValue, Table};
use crate::finding::Severity;

/// The other permissions (aws-rules.md §2, admin-tools.md §1.1), with their resource and why.
pub(super) const OTHER: &[(&str, &str, &str, &str)] = &[
    (
        "iam:UpdateAssumeRolePolicy",
        "roles",
        "Enabling attributes for access control when permission sets already exist: the trust policies of the AWSReservedSSO roles are updated.",
        "IAM Identity Center User Guide, troubleshooting and configure-abac (aws-rules.md §2)",
    ),
    (
        "sso:CreateInstanceAccessControlAttributeConfiguration",
        "*",
        "Enabling attributes for access control itself (the CloudTrail event of enabling it has this name).",
        "CloudTrail event list (admin-tools.md §1.1); the IAM action of the same name is best knowledge",
    ),
    (
        "sso:UpdatePermissionSet",
        "*",
        "Editing a permission set (aws sso-admin update-permission-set).",
        "Best knowledge: IAM actions of sso-admin are named after its API operations",
    ),
    (
        "sso:ProvisionPermissionSet",
        "*",
        "Re-provisioning the edited permission set to the accounts (aws sso-admin provision-permission-set).",
        "CloudTrail event list (admin-tools.md §1.1); the IAM action of the same name is best knowledge",
    ),
];

pub(super) fn statements_table(out: &Outcome, p: &[Policy]) -> Block {
    let mut t = Table::new(["Policy", "Kind", "Statement", "Effect", "Applies"]);
    for h in &out.hits {
        let (name, pos) = locate(h, p)
            .map(|(name, pos)| (name.to_string(), pos))
            .unwrap_or_default();
        let applies = match &h.applies {
            Tri::Yes => "yes".to_string(),
            Tri::Unknown(k) => format!("unknown: depends on {}", k.join(", ")),
            Tri::No => "no".to_string(),
        };
        let effect = if h.effect == Effect::Deny {
            "Deny"
        } else {
            "Allow"
        };
        let row = t.row([
            name,
            h.kind.label().to_string(),
            pos,
            effect.to_string(),
            applies,
        ]);
        row.status = Some(match (&h.applies, h.effect) {
            (Tri::Unknown(_), _) => Severity::Warning,
            (_, Effect::Deny) => Severity::Error,
            _ => Severity::Pass,
        });
    }
    if t.rows.is_empty() {
        t.row([
            "(none)",
            "",
            "No statement matches this action and resource",
            "",
            "",
        ]);
    }
    Block::table(
        "statements",
        "Statements that match the action and resource",
        t,
    )
}

pub(super) fn deciding_code(out: &Outcome, p: &[Policy]) -> Option<Code> {
    let chosen: Vec<&Hit> = match out.decision {
        Decision::Denied => out
            .hits
            .iter()
            .filter(|h| h.effect == Effect::Deny && h.applies == Tri::Yes)
            .collect(),
        Decision::Allowed => out
            .hits
            .iter()
            .filter(|h| h.effect == Effect::Allow && h.applies == Tri::Yes)
            .collect(),
        Decision::Indeterminate => out
            .hits
            .iter()
            .filter(|h| matches!(h.applies, Tri::Unknown(_)))
            .collect(),
        Decision::NotAllowed => out.hits.iter().filter(|h| h.applies == Tri::Yes).collect(),
    };
    if chosen.is_empty() {
        return None;
    }
    let mut lines = Vec::new();
    let mut highlight = Vec::new();
    for h in chosen.iter().take(50) {
        let Some(s) = p
            .get(h.policy)
            .and_then(|pol| pol.statements.iter().find(|s| s.index == h.statement))
        else {
            continue;
        };
        let at = if s.line > 0 {
            format!(", line {}", s.line)
        } else {
            String::new()
        };
        lines.push(format!("# {}{at}", where_(h, p)));
        highlight.push(u32::try_from(lines.len()).unwrap_or(u32::MAX));
        let pretty = serde_json::from_str::<serde_json::Value>(&s.text)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or_else(|| s.text.clone());
        lines.extend(pretty.lines().map(str::to_string));
    }
    Some(Code {
        language: "json".into(),
        lines,
        highlight,
        indent: Vec::new(),
    })
}

pub(super) fn other_permissions(
    p: &[Policy],
    ctx: &Context,
    account: Option<&str>,
    any_account: bool,
) -> Block {
    let mut t = Table::new([
        "Permission",
        "Resource",
        "Needed for",
        "These policies",
        "Source",
    ]);
    for (action, res, why, source) in OTHER {
        let resource = if *res == "roles" {
            DEFAULT_RESOURCE.replace("<account>", account.unwrap_or("<account>"))
        } else {
            res.to_string()
        };
        // The assumed IAM Region does not hold for Identity Center calls (made in its own Region).
        let mut c = Context::default();
        for (k, v, s) in ctx.entries() {
            if k.eq_ignore_ascii_case("aws:RequestedRegion")
                && s != "given"
                && service(action) != "iam"
            {
                continue;
            }
            if v.is_empty() {
                c.set(k, "", s);
            }
            for val in v {
                c.set(k, val, s);
            }
        }
        let r = Request {
            action: action.to_string(),
            resource: resource.clone(),
            any_account: any_account && *res == "roles",
        };
        let o = evaluate(p, &r, &c);
        let row = t.row([
            action.to_string(),
            resource,
            why.to_string(),
            decision_word(o.decision).to_string(),
            source.to_string(),
        ]);
        row.status = Some(decision_severity(o.decision));
    }
    Block::table(
        "other-permissions",
        "Permissions enabling ABAC and editing permission sets need",
        t,
    )
}

pub(super) fn policies_block(p: &[Policy], loaded: &Loaded) -> Block {
    let mut items: Vec<KeyValue> = p
        .iter()
        .map(|pol| {
            KeyValue::new(
                pol.name.clone(),
                format!(
                    "{}, {} statement(s), Version {}",
                    pol.kind.label(),
                    pol.statements.len(),
                    pol.version.as_deref().unwrap_or("missing")
                ),
            )
        })
        .collect();
    for l in &loaded.listed {
        items.push(KeyValue::new("Listed (document not pasted)", l.clone()));
    }
    Block::key_values("policies", "Policies read", items)
}
