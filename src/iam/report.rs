//! The document of `ssocheck iam`: reads the inputs, evaluates, and assembles findings and blocks
//! (`explain` words the findings, `blocks` builds the rest).

use super::blocks::{deciding_code, other_permissions, policies_block, statements_table};
use super::checks::{BOUNDARY, CONDITION_UNKNOWN, EXPLICIT_DENY, SCP};
use super::cond::{Context, Tri};
use super::eval::{evaluate, Request};
use super::explain::{
    decision_finding, decision_severity, decision_word, gate_finding, quote, service, where_,
    MANAGEMENT_NOTE,
};
use super::load::Loaded;
use super::model::{Effect, Kind};
use super::{DEFAULT_ACTION, DEFAULT_RESOURCE, TOOL};
use crate::doc::{Block, Document, KeyValue, Link};
use crate::finding::{Evidence, Finding, Severity};
use crate::tools::ToolRequest;

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
    // Account ids in the policies (ARNs, conditions) are private too.
    for pol in &loaded.policies {
        for st in &pol.statements {
            for id in account_ids(&st.text) {
                if doc.private_values.len() < 1000 && !doc.private_values.contains(&id) {
                    doc.private_values.push(id);
                }
            }
        }
    }
    for acct in &loaded.accounts {
        if !doc.private_values.contains(acct) {
            doc.private_values.push(acct.clone());
        }
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

/// Runs of exactly 12 digits (AWS account ids) in `s`.
fn account_ids(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 12)
        .map(str::to_string)
        .collect()
}
