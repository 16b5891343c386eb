//! Policy lint on the way in (`iam.policy-syntax`): what IAM would reject or what silently never
//! matches. Findings name the policy and the statement position.

use serde_json::Value;

use super::checks::POLICY_SYNTAX;
use super::model::{strings, Kind, MAX_STATEMENTS};
use super::positions::Pos;
use crate::finding::{Evidence, Finding, Severity};

const TOP_KEYS: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT_KEYS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
/// Partitions in the spec's role and provider ARN patterns (aws-rules.md §3).
const PARTITIONS: &[&str] = &["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"];

/// A JSON syntax error with its position.
pub fn json_error(label: &str, e: &serde_json::Error) -> Finding {
    let line = u32::try_from(e.line()).unwrap_or(u32::MAX);
    let col = u32::try_from(e.column()).unwrap_or(u32::MAX);
    Finding::new(
        &POLICY_SYNTAX,
        format!("{label} is not valid JSON: {e}. Nothing in it was evaluated."),
    )
    .evidence(Evidence::new(e.to_string(), label).at(line, col))
    .fix("Correct the JSON at the line and column given (a missing comma or quote, or a trailing comma, is the usual cause), then paste it again.")
}

fn syntax(label: &str, msg: String, sev: Severity, value: &str, fix: &str) -> Finding {
    Finding::new(&POLICY_SYNTAX, msg)
        .severity(sev)
        .evidence(Evidence::new(value, label))
        .fix(fix)
}

/// Lints one policy document.
/// `pos` holds where each statement starts (may be empty).
pub fn document(label: &str, kind: Kind, doc: &Value, pos: &[Pos]) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(o) = doc.as_object() else {
        return out;
    };
    for k in o.keys().filter(|k| !TOP_KEYS.contains(&k.as_str())) {
        out.push(syntax(
            label,
            format!("{label}: unknown top-level key \"{k}\"; a policy has only Version, Id and Statement (IAM rejects the document)."),
            Severity::Error,
            k,
            "Remove the key, or paste only the policy document.",
        ));
    }
    match o.get("Version").map(|v| v.as_str()) {
        None => out.push(syntax(
            label,
            format!("{label}: no Version; IAM then uses 2008-10-17, in which policy variables such as ${{aws:username}} are literal text."),
            Severity::Warning,
            "",
            "Add \"Version\": \"2012-10-17\".",
        )),
        Some(Some("2012-10-17")) => {}
        Some(Some("2008-10-17")) => out.push(syntax(
            label,
            format!("{label}: Version 2008-10-17 is the old language version: policy variables are literal text and newer features may not work."),
            Severity::Warning,
            "2008-10-17",
            "Use \"Version\": \"2012-10-17\".",
        )),
        Some(other) => out.push(syntax(
            label,
            format!("{label}: Version must be \"2012-10-17\" (or the old \"2008-10-17\"); IAM rejects other values."),
            Severity::Error,
            other.unwrap_or("(not a string)"),
            "Use \"Version\": \"2012-10-17\".",
        )),
    }
    let list: Vec<&Value> = match o.get("Statement") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => {
            out.push(syntax(
                label,
                format!("{label}: no Statement list; the document grants and denies nothing."),
                Severity::Error,
                "",
                "Add a Statement list.",
            ));
            Vec::new()
        }
    };
    if list.len() > MAX_STATEMENTS {
        out.push(syntax(
            label,
            format!("{label}: {} statements; only the first {MAX_STATEMENTS} (statement cap) were read.", list.len()),
            Severity::Warning,
            &list.len().to_string(),
            "Split the input.",
        ));
    }
    for (i, s) in list.iter().take(MAX_STATEMENTS).enumerate() {
        let before = out.len();
        statement(label, kind, i, s, &mut out);
        if let Some(&(l, c)) = pos.get(i) {
            for f in out.iter_mut().skip(before) {
                if let Some(e) = f.evidence.take() {
                    f.evidence = Some(e.at(l, c));
                }
            }
        }
    }
    out
}

fn statement(label: &str, kind: Kind, i: usize, s: &Value, out: &mut Vec<Finding>) {
    let at = format!("{label}, Statement[{i}]");
    let Some(o) = s.as_object() else {
        out.push(syntax(
            &at,
            format!("{at} is not an object."),
            Severity::Error,
            "",
            "Each statement is a JSON object.",
        ));
        return;
    };
    for k in o.keys().filter(|k| !STATEMENT_KEYS.contains(&k.as_str())) {
        out.push(syntax(
            &at,
            format!("{at}: unknown key \"{k}\" (IAM rejects the policy)."),
            Severity::Error,
            k,
            "Remove or correct the key (keys are case-sensitive: Action, Resource...).",
        ));
    }
    match o.get("Effect").and_then(Value::as_str) {
        Some("Allow") | Some("Deny") => {}
        other => out.push(syntax(&at, format!("{at}: Effect must be \"Allow\" or \"Deny\" (case-sensitive); the statement is ignored here."), Severity::Error, other.unwrap_or(""), "Set \"Effect\": \"Allow\" or \"Deny\".")),
    }
    match (o.contains_key("Action"), o.contains_key("NotAction")) {
        (true, true) => out.push(syntax(&at, format!("{at} has both Action and NotAction; a statement takes one of them (IAM rejects the policy). Only Action was evaluated."), Severity::Error, "Action + NotAction", "Keep one of Action and NotAction.")),
        (false, false) => out.push(syntax(&at, format!("{at} has neither Action nor NotAction; it matches nothing."), Severity::Error, "", "Add an Action list.")),
        _ => {}
    }
    match (o.contains_key("Resource"), o.contains_key("NotResource")) {
        (true, true) => out.push(syntax(&at, format!("{at} has both Resource and NotResource (IAM rejects the policy). Only Resource was evaluated."), Severity::Error, "Resource + NotResource", "Keep one of Resource and NotResource.")),
        (false, false) if kind != Kind::Scp => out.push(syntax(&at, format!("{at} has neither Resource nor NotResource; in an identity policy or boundary it matches nothing."), Severity::Error, "", "Add \"Resource\": the ARNs the statement is about.")),
        _ => {}
    }
    if kind != Kind::Scp || o.contains_key("NotPrincipal") {
        for k in ["Principal", "NotPrincipal"]
            .into_iter()
            .filter(|k| o.contains_key(*k))
        {
            out.push(syntax(&at, format!("{at} has {k}: identity policies and permission boundaries name no principal (IAM rejects the policy). This looks like a trust or resource-based policy, which this tool does not evaluate."), Severity::Error, k, "Paste the identity policies attached to the administrator's user, group or role (not a role's trust policy)."));
        }
    }
    if let Some(serde_json::Value::Object(ops)) = o.get("Condition") {
        for op in ops.keys().filter(|op| !known_operator(op)) {
            out.push(syntax(&at, format!("{at}: unknown condition operator \"{op}\" (IAM rejects the policy; operators are case-sensitive)."), Severity::Error, op, "Use a documented operator: StringEquals, StringLike, ArnLike, Bool, NumericLessThan, DateGreaterThan, IpAddress, Null..., optionally with IfExists or ForAllValues:/ForAnyValue:."));
        }
    }
    if matches!(o.get("Condition"), Some(c) if !c.is_object()) {
        out.push(syntax(
            &at,
            format!("{at}: Condition is not an object of operators."),
            Severity::Error,
            "",
            "Write \"Condition\": {\"Operator\": {\"key\": \"value\"}}.",
        ));
    }
    let res = o.get("Resource").or_else(|| o.get("NotResource"));
    for arn in res.map(strings).unwrap_or_default() {
        if let Some(msg) = arn_problem(&arn) {
            out.push(syntax(&at, format!("{at}: resource {arn}: {msg}"), Severity::Warning, &arn, "Correct the ARN: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE; IAM ARNs have an empty region (arn:aws:iam::123456789012:role/...)."));
        }
    }
}

/// Condition operators of the IAM User Guide's Condition operators page (case-sensitive).
const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];

fn known_operator(op: &str) -> bool {
    let op = op
        .strip_prefix("ForAllValues:")
        .or_else(|| op.strip_prefix("ForAnyValue:"))
        .unwrap_or(op);
    if op == "Null" {
        return true;
    }
    let op = op.strip_suffix("IfExists").unwrap_or(op);
    OPERATORS.contains(&op)
}

/// Why an ARN in a policy can never match, or `None`. `*` and non-ARN values are left alone.
pub fn arn_problem(arn: &str) -> Option<String> {
    if !arn.starts_with("arn:") {
        return (arn != "*").then(|| "not an ARN (it should start with arn: or be *).".to_string());
    }
    let mut parts = arn.splitn(6, ':');
    let (_, partition, service, region) =
        (parts.next(), parts.next()?, parts.next()?, parts.next()?);
    if !partition.contains(['*', '?']) && !PARTITIONS.contains(&partition) {
        return Some(format!(
            "partition \"{partition}\" is not one of {}; the ARN matches nothing.",
            PARTITIONS.join(", ")
        ));
    }
    if service.eq_ignore_ascii_case("iam") && !region.is_empty() && region != "*" {
        return Some(format!(
            "IAM is a global service and its ARNs have no region, but this one has \"{region}\"; it matches nothing."
        ));
    }
    None
}
