//! The document of `ssocheck iam`: the decision, the statements that decide (quoted with policy,
//! position and Sid), lint findings, and the other permissions enabling ABAC and editing permission
//! sets need.

use super::checks::{BOUNDARY, CONDITION_UNKNOWN, DECISION, EXPLICIT_DENY, SCP};
use super::cond::{Context, Tri};
use super::eval::{evaluate, Decision, Gate, Hit, Outcome, Request};
use super::load::Loaded;
use super::model::{Effect, Kind, Policy};
use super::{DEFAULT_ACTION, DEFAULT_RESOURCE, TOOL};
use crate::doc::{Block, Code, Document, KeyValue, Link, Table};
use crate::finding::{Evidence, Finding, Severity};
use crate::tools::ToolRequest;

/// The other permissions (aws-rules.md §2, admin-tools.md §1.1), with their resource and why.
const OTHER: &[(&str, &str, &str, &str)] = &[
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

pub fn analyze(req: &ToolRequest) -> Document {
    let mut loaded = Loaded::default();
    let main: Vec<_> = req.main_files(&TOOL).collect();
    for (i, f) in main.iter().enumerate() {
        let label = if !f.name.is_empty() {
            f.name.clone()
        } else if main.len() > 1 {
            format!("pasted policy {}", i + 1)
        } else {
            "pasted policy".to_string()
        };
        loaded.file(&label, Kind::Identity, &f.bytes);
    }
    if let Some(f) = req.field_file("boundary") {
        loaded.file("permission boundary", Kind::Boundary, &f.bytes);
    }
    if let Some(f) = req.field_file("scp") {
        loaded.file("SCPs", Kind::Scp, &f.bytes);
    }
    for (kind, name, field) in [
        (Kind::Boundary, "boundary", "permission boundary"),
        (Kind::Scp, "scp", "SCPs"),
    ] {
        if req.field_file(name).is_some() && !loaded.policies.iter().any(|p| p.kind == kind) {
            loaded.findings.push(
                Finding::new(&super::checks::POLICY_SYNTAX, format!("The {field} field holds no policy document, so it was left out of the evaluation (as if none applied)."))
                    .severity(Severity::Warning)
                    .evidence(Evidence::new("", field)),
            );
        }
    }

    let mut doc = Document::new("iam", "IAM policy evaluation");
    if loaded.policies.is_empty() && loaded.listed.is_empty() {
        doc.accepted = false;
        doc.detected = if main.is_empty()
            && req.field_file("scp").is_none()
            && req.field_file("boundary").is_none()
        {
            "nothing pasted: give at least one IAM policy document".into()
        } else {
            "no IAM policy document found (expected a policy document or aws iam get-policy-version / get-role-policy / get-user-policy / list-attached-*-policies output)".into()
        };
        return doc.findings(loaded.findings);
    }

    // The account: the field, else the one in pasted listing ARNs, else unknown (any account).
    let account = req
        .field("account")
        .map(str::to_string)
        .or_else(|| loaded.accounts.first().cloned());
    let action = req.field("action").unwrap_or(DEFAULT_ACTION).to_string();
    let resource_in = req.field("resource").unwrap_or(DEFAULT_RESOURCE);
    let resource = match &account {
        Some(a) => resource_in.replace("<account>", a),
        None => resource_in.to_string(),
    };
    let any_account = resource.contains("<account>");
    if let Some(a) = &account {
        doc.private_values.push(a.clone());
    }

    let mut ctx = Context::default();
    let bad_context = req
        .field("context")
        .map(|c| ctx.parse_field(c))
        .unwrap_or_default();
    if let Some(a) = &account {
        if !ctx.has("aws:PrincipalAccount") {
            ctx.set("aws:PrincipalAccount", a, "the account field");
        }
    }
    if service(&action).eq_ignore_ascii_case("iam") && !ctx.has("aws:RequestedRegion") {
        // IAM is global; its requests are signed for us-east-1 (best knowledge, said in the report).
        ctx.set(
            "aws:RequestedRegion",
            "us-east-1",
            "assumed: IAM's endpoint region (best knowledge)",
        );
    }

    let request = Request {
        action: action.clone(),
        resource: resource.clone(),
        any_account,
    };
    let out = evaluate(&loaded.policies, &request, &ctx);
    let p = &loaded.policies;

    let mut findings = std::mem::take(&mut loaded.findings);
    for b in &bad_context {
        findings.push(
            Finding::new(
                &CONDITION_UNKNOWN,
                format!("The context entry \"{b}\" is not key=value and was ignored."),
            )
            .severity(Severity::Info)
            .evidence(Evidence::new(b.clone(), "context field")),
        );
    }
    findings.push(decision_finding(&out, p, &action, &resource, &loaded));
    for h in out
        .hits
        .iter()
        .filter(|h| h.effect == Effect::Deny && h.applies == Tri::Yes)
    {
        findings.push(
            Finding::new(
                &EXPLICIT_DENY,
                format!(
                    "{} denies {action} on {resource}: an explicit Deny wins over every Allow.{}",
                    where_(h, p),
                    if h.kind == Kind::Scp {
                        MANAGEMENT_NOTE
                    } else {
                        ""
                    }
                ),
            )
            .evidence(quote(h, p)),
        );
    }
    if !out.hits.iter().any(|h| h.effect == Effect::Deny) {
        findings.push(Finding::pass(
            &EXPLICIT_DENY,
            format!("No Deny statement applies to {action} on {resource}."),
        ));
    }
    for h in out
        .hits
        .iter()
        .filter(|h| matches!(h.applies, Tri::Unknown(_)))
    {
        let keys = h.applies.keys().join(", ");
        let effect = if h.effect == Effect::Deny {
            "Deny"
        } else {
            "Allow"
        };
        findings.push(
            Finding::new(
                &CONDITION_UNKNOWN,
                format!(
                    "{} ({effect}) matches {action} on {resource}, but whether it applies depends on {keys}, which is not known offline.",
                    where_(h, p)
                ),
            )
            .evidence(quote(h, p))
            .fix(format!(
                "Give the value in the context field, e.g. --context {}=VALUE (key= for a request without that key).",
                h.applies.keys().first().map(String::as_str).unwrap_or("KEY")
            )),
        );
    }
    if out.scp.present {
        findings.push(gate_finding(&SCP, "SCP", &out.scp, &out, p, &action));
    }
    if out.boundary.present {
        findings.push(gate_finding(
            &BOUNDARY,
            "permission boundary",
            &out.boundary,
            &out,
            p,
            &action,
        ));
    }

    doc.title = format!("{action}: {}", decision_word(out.decision));
    doc.detected = detected(&loaded);
    let mut facts = vec![
        KeyValue::new("Action", action.clone()),
        KeyValue::new("Resource", resource.clone()),
        KeyValue::new(
            "Account",
            account.clone().unwrap_or_else(|| {
                "not given: any account in the policies' ARNs is taken to be it".into()
            }),
        ),
        KeyValue::new("Decision", decision_word(out.decision))
            .status(decision_severity(out.decision)),
    ];
    for (k, v, source) in ctx.entries() {
        let v = if v.is_empty() {
            "(absent from the request)".to_string()
        } else {
            v.join(" | ")
        };
        facts.push(KeyValue::new(
            format!("Condition key {k}"),
            format!("{v} ({source})"),
        ));
    }
    doc = doc.block(Block::key_values("request", "Request", facts));
    doc = doc.block(statements_table(&out, p));
    if let Some(code) = deciding_code(&out, p) {
        doc = doc.block(Block::code("deciding", "Statements that decide", code));
    }
    doc = doc.block(other_permissions(p, &ctx, account.as_deref(), any_account));
    doc = doc.block(policies_block(p, &loaded));
    doc = doc.block(Block::text("limits", "What this evaluation does not model", vec![
        "Resource-based policies, session policies and permissions of other principals are not evaluated.".into(),
        "SCPs pasted as one document, several documents or a flat array are taken as one level of the organization, where one Allow suffices. AWS requires an Allow at every level (root, OUs, account): give the levels as an array of arrays, [[root SCPs], [OU SCPs], [account SCPs]], to check each.".into(),
        "SCPs do not restrict users and roles of the organization's management account (AWS Organizations User Guide).".into(),
        "A resource with * (the default: all permission-set roles) is matched literally, so only statements that cover every such role match it.".into(),
    ]));
    doc = doc.block(Block::links("docs", "Documentation", vec![
        Link::new("IAM policy evaluation logic", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html"),
        Link::new("Attributes for access control (Identity Center)", "https://docs.aws.amazon.com/singlesignon/latest/userguide/configure-abac.html"),
        Link::new("Troubleshooting IAM Identity Center", crate::topics::GUIDE_URL),
        Link::new("Protected AWSReservedSSO roles", "#/roles"),
    ]));
    doc.findings(findings)
}

const MANAGEMENT_NOTE: &str = " (SCPs do not restrict the organization's management account: if the administrator signs in there, this SCP is not the cause.)";

fn service(action: &str) -> &str {
    action.split(':').next().unwrap_or("")
}

fn decision_word(d: Decision) -> &'static str {
    match d {
        Decision::Allowed => "allowed",
        Decision::Denied => "denied by an explicit Deny",
        Decision::NotAllowed => "not allowed (implicit deny)",
        Decision::Indeterminate => "indeterminate (depends on condition keys)",
    }
}

fn decision_severity(d: Decision) -> Severity {
    match d {
        Decision::Allowed => Severity::Pass,
        Decision::Indeterminate => Severity::Warning,
        _ => Severity::Error,
    }
}

/// "Statement[1] (Sid \"X\") of identity policy admin.json".
fn where_(h: &Hit, p: &[Policy]) -> String {
    let (name, pos) = p
        .get(h.policy)
        .map(|pol| {
            let pos = pol
                .statements
                .iter()
                .find(|s| s.index == h.statement)
                .map(|s| s.position())
                .unwrap_or_default();
            (pol.name.as_str(), pos)
        })
        .unwrap_or(("?", String::new()));
    format!("{pos} of {} {name}", h.kind.label())
}

fn quote(h: &Hit, p: &[Policy]) -> Evidence {
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

fn decision_finding(
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
fn near_misses(p: &[Policy], action: &str) -> Vec<String> {
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

fn gate_finding(
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

fn statements_table(out: &Outcome, p: &[Policy]) -> Block {
    let mut t = Table::new(["Policy", "Kind", "Statement", "Effect", "Applies"]);
    for h in &out.hits {
        let (name, pos) = p
            .get(h.policy)
            .map(|pol| {
                let pos = pol
                    .statements
                    .iter()
                    .find(|s| s.index == h.statement)
                    .map(|s| s.position())
                    .unwrap_or_default();
                (pol.name.clone(), pos)
            })
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

fn deciding_code(out: &Outcome, p: &[Policy]) -> Option<Code> {
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
    })
}

fn other_permissions(
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

fn policies_block(p: &[Policy], loaded: &Loaded) -> Block {
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

fn detected(loaded: &Loaded) -> String {
    let count = |k: Kind| loaded.policies.iter().filter(|p| p.kind == k).count();
    let mut parts = vec![format!(
        "{} identity policy document(s)",
        count(Kind::Identity)
    )];
    if count(Kind::Boundary) > 0 {
        parts.push("a permission boundary".into());
    }
    if count(Kind::Scp) > 0 {
        parts.push(format!("{} SCP(s)", count(Kind::Scp)));
    }
    if !loaded.listed.is_empty() {
        parts.push(format!(
            "{} listed polic(ies) without documents",
            loaded.listed.len()
        ));
    }
    if !loaded.shapes.is_empty() {
        parts.push(format!("from {}", loaded.shapes.join(", ")));
    }
    parts.join(", ")
}
