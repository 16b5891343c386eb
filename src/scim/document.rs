//! Builds the report document of `ssocheck scim` / `#/scim`: what was detected, the findings, a
//! table of the bodies with their problems, the error bodies, mapping advice and links.

use serde_json::Value;

use crate::doc::{Block, Code, Document, KeyValue, Link, Table};
use crate::finding::{Finding, Severity};
use crate::registry::CheckInfo;
use crate::scim::checks::{DUPLICATE, FILTER, INPUT, MULTI_VALUE, PATCH, PATTERN};
use crate::scim::collect::Collector;
use crate::scim::input::{Input, Kind, MAX_BODIES};
use crate::scim::{advice, dup, lint};

/// Rows listed in the table of bodies.
pub const MAX_ROWS: usize = 500;
/// Private values remembered for the redacted export.
const MAX_PRIVATE: usize = 20_000;

/// What an AWS error text means, and the check that finds its cause in a body.
fn explain(text: &str) -> (&'static CheckInfo, String) {
    let t = text.to_ascii_lowercase();
    if t.contains("missing path in patch") {
        (&PATCH, "a remove operation without `path`. Give every remove a path (`members[value eq \"<id>\"]`).".into())
    } else if t.contains("duplicate groupdisplayname")
        || t.contains("duplicate resource")
        || t.contains("already exists")
    {
        (&DUPLICATE, "a user or group with the same userName, email, externalId or group displayName already exists in Identity Center (for example a user created by hand before provisioning). Delete or rename the existing one, or match on it.".into())
    } else if t.contains("list attribute") {
        (&MULTI_VALUE, "more than one email, address or phone number. Keep one mapping per attribute in the identity provider.".into())
    } else if t.contains("validation errors detected") {
        (&PATTERN, "a value outside its length or character pattern (the message names the attribute; an empty family name is the usual one). Send a non-empty value without control characters; user names without spaces.".into())
    } else if t.contains("invalid filter format") {
        (
            &FILTER,
            "a filter other than `<attribute> eq \"<value>\"` (joined by `and`).".into(),
        )
    } else if t.contains("invalid json") {
        (&INPUT, "a body that is not valid JSON.".into())
    } else {
        (&INPUT, "a body that violates Identity Center's schema: most often a missing given name, family name or display name, a second email, phone number or address, or an unsupported attribute (User Guide, troubleshooting). Paste the request body the identity provider sent to see which rule it breaks.".into())
    }
}

pub fn build(input: &Input, idp_option: Option<&str>) -> Document {
    let mut c = Collector::new(input.bodies.len());
    let mut fatal = false;
    for p in &input.problems {
        let loc = if p.line > 0 {
            format!("line {}, column {}", p.line, p.column)
        } else {
            String::new()
        };
        fatal |= !p.note;
        c.hit(
            &INPUT,
            None,
            &loc,
            &p.value,
            p.message.clone(),
            p.note.then_some(Severity::Info),
        );
    }
    for b in &input.bodies {
        match b.kind {
            Kind::User => lint::user(&mut c, b),
            Kind::Group => lint::group(&mut c, b),
            Kind::Patch(t) => lint::patch(&mut c, b, t),
            Kind::Unknown => c.hit(
                &INPUT,
                Some(b),
                "",
                &crate::report::one_line(&b.value.to_string(), 80),
                "This JSON is not a SCIM User, Group, PatchOp, ListResponse or error body (no `schemas`, `userName`, `displayName` with `members`, or `Operations`).".into(),
                Some(Severity::Warning),
            ),
            Kind::Error => {
                let o = b.value.as_object();
                let non_standard = o.is_some_and(|o| o.contains_key("schema"));
                let status = o.and_then(|o| o.get("status"));
                let status_text = match status {
                    Some(Value::String(s)) => format!("status \"{s}\" (a string, as AWS sends it)"),
                    Some(v) => format!("status {v}"),
                    None => "no status".into(),
                };
                c.hit(
                    &INPUT,
                    Some(b),
                    "",
                    &crate::report::one_line(&b.value.to_string(), 120),
                    format!(
                        "An error body from Identity Center: {status_text}{}.{} It answers a request; the request body itself is what breaks a rule.",
                        if non_standard { ", with AWS's non-standard `schema` key (RFC 7644 §3.12 says `schemas`)" } else { "" },
                        status_meaning(status)
                    ),
                    Some(Severity::Info),
                );
            }
            Kind::List | Kind::CloudTrail => {}
        }
    }
    for fq in &input.filters {
        lint::query(&mut c, fq);
    }
    dup::check(&mut c, &input.bodies);
    for t in &input.error_texts {
        let (check, cause) = explain(t);
        c.hit(
            check,
            None,
            "pasted text",
            t,
            format!("Identity Center reported «{t}»; usual cause: {cause}"),
            Some(Severity::Error),
        );
    }
    if input.skipped_bodies > 0 {
        c.hit(
            &INPUT,
            None,
            "",
            &format!("{} bodies", input.skipped_bodies),
            format!(
                "{} further bodies were not checked (cap of {MAX_BODIES} bodies, MAX_BODIES).",
                input.skipped_bodies
            ),
            Some(Severity::Info),
        );
    }
    let readable = input.bodies.iter().any(|b| b.kind != Kind::Unknown)
        || !input.filters.is_empty()
        || !input.error_texts.is_empty();
    if readable && !fatal {
        c.ran(&INPUT);
    }
    let locations = std::mem::take(&mut c.locations);
    let (mut findings, per_body) = c.finish();
    let code = code_block(input, &per_body, &findings, &locations);
    for f in findings.iter_mut().filter(|f| f.evidence.is_none()) {
        f.evidence = Some(crate::finding::Evidence::new("", "input"));
    }

    let detected = detected(input);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let title = if !readable {
        "SCIM: no SCIM body found".to_string()
    } else {
        format!(
            "SCIM: {} {}, {} {}",
            input.bodies.len(),
            if input.bodies.len() == 1 {
                "body"
            } else {
                "bodies"
            },
            errors,
            if errors == 1 { "error" } else { "errors" }
        )
    };
    let mut doc = Document::new("scim", title).findings(findings);
    doc.detected = detected;
    doc.accepted = readable;
    if !readable && input.problems.is_empty() {
        doc.detected = "no SCIM JSON, filter or provisioning error text found".into();
    }

    // Table of bodies.
    if !input.bodies.is_empty() {
        let mut t = Table::new(["#", "Line", "Kind", "Name", "Problems"]);
        t.filterable = input.bodies.len() > 10;
        for b in input.bodies.iter().take(MAX_ROWS) {
            let problems = per_body.get(b.number - 1).cloned().unwrap_or_default();
            let name = body_name(&b.value);
            let row = t.row([
                b.number.to_string(),
                b.line.to_string(),
                b.kind.label().to_string(),
                name,
                if problems.is_empty() {
                    "none".to_string()
                } else {
                    problems.join(", ")
                },
            ]);
            row.status = Some(if problems.is_empty() {
                Severity::Pass
            } else {
                Severity::Error
            });
        }
        if input.bodies.len() > MAX_ROWS {
            t.row([
                "…".to_string(),
                String::new(),
                String::new(),
                format!(
                    "{} more bodies not listed (MAX_ROWS {MAX_ROWS})",
                    input.bodies.len() - MAX_ROWS
                ),
                String::new(),
            ]);
        }
        doc = doc.block(Block::table("bodies", "Bodies and their problems", t));
    }
    if let Some(code) = code {
        doc = doc.block(code);
    }
    // Error bodies.
    for b in input
        .bodies
        .iter()
        .filter(|b| b.kind == Kind::Error)
        .take(20)
    {
        let o = b.value.as_object();
        let field = |k: &str| {
            o.and_then(|o| o.get(k))
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                })
                .unwrap_or_else(|| "(absent)".into())
        };
        let schema_key = if o.is_some_and(|o| o.contains_key("schema")) {
            "schema (AWS's non-standard key; RFC 7644 says schemas)"
        } else {
            "schemas"
        };
        doc = doc.block(Block::key_values(
            "error",
            &format!("Error body {}", b.number),
            vec![
                KeyValue::new("Status", field("status")),
                KeyValue::new("Detail", field("detail")),
                KeyValue::new("scimType", field("scimType")),
                KeyValue::new("Schema key", schema_key),
            ],
        ));
    }
    // Mapping advice.
    let has = |id: &str| {
        doc.findings
            .iter()
            .any(|f| f.check == id && f.severity != Severity::Pass)
    };
    let idp = advice::resolve(idp_option, input);
    let paragraphs = advice::paragraphs(
        idp,
        has("scim.multi-value"),
        has("scim.required"),
        has("scim.members-limit"),
    );
    doc = doc.block(Block::text("advice", "Mapping advice", paragraphs));
    doc = doc.block(Block::links(
        "links",
        "See also",
        vec![
            Link::new("Check the SAML NameID that must match userName", "#/saml"),
            Link::new(
                "SCIM developer guide: CreateUser",
                "https://docs.aws.amazon.com/singlesignon/latest/developerguide/createuser.html",
            ),
            Link::new(
                "SCIM developer guide: PatchGroup",
                "https://docs.aws.amazon.com/singlesignon/latest/developerguide/patchgroup.html",
            ),
            Link::new(
                "SCIM developer guide: limitations",
                "https://docs.aws.amazon.com/singlesignon/latest/developerguide/limitations.html",
            ),
            Link::new("User Guide: troubleshooting", crate::topics::GUIDE_URL),
        ],
    ));
    doc.private_values = private_values(input);
    doc
}

fn body_name(v: &Value) -> String {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    s("userName")
        .or_else(|| s("displayName"))
        .or_else(|| s("detail"))
        .map(|n| crate::report::one_line(&n, 60))
        .unwrap_or_default()
}

fn detected(input: &Input) -> String {
    let mut kinds: Vec<(&'static str, usize)> = Vec::new();
    for b in &input.bodies {
        match kinds.iter_mut().find(|(k, _)| *k == b.kind.label()) {
            Some((_, n)) => *n += 1,
            None => kinds.push((b.kind.label(), 1)),
        }
    }
    let mut parts: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    if !input.filters.is_empty() {
        parts.push(format!(
            "{} filter quer{}",
            input.filters.len(),
            if input.filters.len() == 1 { "y" } else { "ies" }
        ));
    }
    let mut out = parts.join(", ");
    if !input.containers.is_empty() {
        let c = input.containers.join("; ");
        out = if out.is_empty() {
            c
        } else {
            format!("{c} ({out})")
        };
    }
    out
}

/// User names, emails, display names, external ids and name parts: removed by "Copy redacted".
fn private_values(input: &Input) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &Value, key: &str, out: &mut Vec<String>) {
        if out.len() >= MAX_PRIVATE {
            return;
        }
        match v {
            Value::String(s) => {
                let k = key.to_ascii_lowercase();
                let private = [
                    "username",
                    "displayname",
                    "value",
                    "externalid",
                    "givenname",
                    "familyname",
                    "formatted",
                    "middlename",
                    "nickname",
                    "id",
                    "title",
                    "streetaddress",
                ]
                .contains(&k.as_str());
                if private && !s.starts_with("urn:ietf:params:scim:") && s.len() >= 2 {
                    out.push(s.clone());
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, key, out)),
            Value::Object(o) => o.iter().for_each(|(k, x)| walk(x, k, out)),
            _ => {}
        }
    }
    for b in &input.bodies {
        if b.kind != Kind::Error {
            walk(&b.value, "", &mut out);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The first body with problems, pretty-printed, with the lines of its problems highlighted.
/// `locations[i]` belongs to `findings[i]` (the listed failures come first, before sorting).
fn code_block(
    input: &Input,
    per_body: &[Vec<&'static str>],
    findings: &[Finding],
    locations: &[(Option<usize>, String)],
) -> Option<Block> {
    let body = input.bodies.iter().find(|b| {
        matches!(b.kind, Kind::User | Kind::Group | Kind::Patch(_))
            && per_body.get(b.number - 1).is_some_and(|p| !p.is_empty())
    })?;
    let pretty = crate::scim::pretty::pretty(&body.value)?;
    let mut highlight: Vec<u32> = locations
        .iter()
        .zip(findings)
        .filter(|((n, _), f)| {
            *n == Some(body.number) && matches!(f.severity, Severity::Error | Severity::Warning)
        })
        .map(|((_, loc), _)| pretty.line_of(loc))
        .collect();
    highlight.sort_unstable();
    highlight.dedup();
    Some(Block::code(
        "body",
        &format!(
            "Body {} ({}) with its problems highlighted",
            body.number,
            body.kind.label()
        ),
        Code {
            language: "json".into(),
            lines: pretty.lines,
            highlight,
            indent: Vec::new(),
        },
    ))
}

/// The SCIM developer guide's meaning of an HTTP status in an error body.
fn status_meaning(status: Option<&Value>) -> String {
    let code = match status {
        Some(Value::String(s)) => s.trim().parse::<u16>().ok(),
        Some(Value::Number(n)) => n.as_u64().map(|n| n as u16),
        _ => None,
    };
    let text = match code {
        Some(400) => "ValidationException: \"Request cannot be parsed, is syntactically incorrect, or violates schema. This error also occurs if the operation is unsupported.\"",
        Some(401) => "UnauthorizedException: \"Authorization header is invalid or missing. This error also occurs if the tenant ID is incorrect.\" Check the SCIM endpoint URL and rotate the access token (tokens are valid for 1 year).",
        Some(403) => "AccessDeniedException: \"Operation is not permitted based on the supplied authorization.\"",
        Some(404) => "ResourceNotFoundException: the user or group does not exist (for example \"Specified user does not exist.\"); a re-created principal has a new id.",
        Some(409) => "ConflictException: \"User already exists.\" / \"Group already exists.\"",
        Some(429) => "ThrottlingException: \"Too many requests exceeded the limits.\" SCIM rates are not documented; retry later.",
        Some(500) => "InternalServerException: \"Service failed to process the request.\"",
        _ => return String::new(),
    };
    format!(" HTTP {}: {text}", code.unwrap_or(0))
}
