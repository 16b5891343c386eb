//! Input shapes → labelled policies: a bare policy document, `aws iam get-policy-version`
//! (`PolicyVersion.Document`), `get-role-policy`/`get-user-policy`/`get-group-policy`
//! (`PolicyDocument`), `aws organizations describe-policy` (`Policy.Content`, a JSON string), the
//! `list-attached-*`/`list-*-policies` listings (names only), JSON arrays of any of these, several JSON
//! values one after another, and documents given as JSON or URL-encoded strings (the IAM API's form).

use serde_json::Value;

use super::lint;
use super::model::{statements, Kind, Policy};
use super::positions::{self, Pos};
use crate::finding::{Evidence, Finding, Severity};

/// Largest input file read; larger ones are refused whole (named in the finding).
pub const MAX_FILE_BYTES: usize = 1 << 20;
/// Most policy documents read in total.
pub const MAX_POLICIES: usize = 200;
/// How deep wrappers (arrays, string-encoded documents) are unpacked.
const MAX_WRAP_DEPTH: usize = 4;

#[derive(Debug, Default)]
pub struct Loaded {
    pub policies: Vec<Policy>,
    pub findings: Vec<Finding>,
    /// Policies named by listings (`list-attached-role-policies`...): "Name (arn)".
    pub listed: Vec<String>,
    /// 12-digit account ids seen in listing ARNs.
    pub accounts: Vec<String>,
    /// Shapes recognised, for `Document::detected`.
    pub shapes: Vec<String>,
    /// Files that were JSON but held no policy or listing.
    pub unrecognised: usize,
    /// Statement positions of the plain (not string-encoded) documents of the file being read.
    positions: std::collections::VecDeque<Vec<Pos>>,
    /// The SCP level being read (an array of arrays in the SCP field: one array per level).
    level: usize,
    /// How many SCP levels were given that way (0: one level).
    pub scp_levels: usize,
}

impl Loaded {
    /// Reads one input file of `kind`, labelled `label`.
    pub fn file(&mut self, label: &str, kind: Kind, bytes: &[u8]) {
        if bytes.len() > MAX_FILE_BYTES {
            self.findings.push(
                Finding::new(
                    &super::checks::POLICY_SYNTAX,
                    format!("{label} has {} bytes, more than the {MAX_FILE_BYTES}-byte file cap; it was not read.", bytes.len()),
                )
                .evidence(Evidence::new(bytes.len().to_string(), label)),
            );
            return;
        }
        let text = crate::text_input::to_utf8(bytes);
        let text = text.trim_start_matches('\u{feff}');
        let before = self.policies.len() + self.listed.len();
        // Parse every value first, so statement positions can be found in the parsed part only.
        let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
        let mut values = Vec::new();
        let mut parsed_to = 0usize;
        loop {
            match stream.next() {
                None => break,
                Some(Ok(v)) => {
                    parsed_to = stream.byte_offset();
                    values.push(v);
                }
                Some(Err(e)) => {
                    self.findings.push(lint::json_error(label, &e));
                    break;
                }
            }
            if values.len() >= MAX_POLICIES {
                break;
            }
        }
        self.positions =
            positions::statements(text.get(..parsed_to).unwrap_or(""), MAX_POLICIES).into();
        let n = values.len();
        for (i, v) in values.iter().enumerate() {
            let name = if i == 0 {
                label.to_string()
            } else {
                format!("{label} #{}", i + 1)
            };
            self.value(&name, kind, v, 0, true);
            if self.policies.len() >= MAX_POLICIES {
                self.findings.push(
                    Finding::new(
                        &super::checks::POLICY_SYNTAX,
                        format!("More than {MAX_POLICIES} policy documents (policy cap); the rest of {label} was not read."),
                    )
                    .severity(Severity::Warning),
                );
                break;
            }
        }
        self.positions.clear();
        if n > 0 && self.policies.len() + self.listed.len() == before {
            self.unrecognised += 1;
            self.findings.push(
                Finding::new(
                    &super::checks::POLICY_SYNTAX,
                    format!("{label} is JSON but holds no {} (expected a policy document or aws iam get-policy-version / get-role-policy / get-user-policy / list-attached-*-policies / aws organizations describe-policy output); it was not evaluated.", kind.label()),
                )
                .severity(Severity::Warning)
                .evidence(Evidence::new("", label)),
            );
        }
    }

    fn value(&mut self, label: &str, kind: Kind, v: &Value, depth: usize, plain: bool) {
        if depth > MAX_WRAP_DEPTH || self.policies.len() >= MAX_POLICIES {
            return;
        }
        match v {
            Value::Array(items)
                if kind == Kind::Scp
                    && depth == 0
                    && !items.is_empty()
                    && items.iter().all(Value::is_array) =>
            {
                // [[root SCPs], [OU SCPs], ..., [account SCPs]]: one array per level.
                self.scp_levels = items.len();
                for (i, item) in items.iter().enumerate() {
                    self.level = i;
                    self.value(
                        &format!("{label} level {}", i + 1),
                        kind,
                        item,
                        depth + 1,
                        plain,
                    );
                }
                self.level = 0;
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.value(&format!("{label}[{i}]"), kind, item, depth + 1, plain);
                }
            }
            Value::String(s) => {
                if let Some(doc) = decode_string_document(s) {
                    self.value(label, kind, &doc, depth + 1, false);
                }
            }
            Value::Object(o) => {
                if o.contains_key("Statement")
                    || o.contains_key("Version") && !o.contains_key("PolicyVersion")
                {
                    self.policy(label, kind, v, "policy document", plain);
                } else if let Some(pv) = o.get("PolicyVersion") {
                    let ver = pv.get("VersionId").and_then(Value::as_str).unwrap_or("");
                    let name = if ver.is_empty() {
                        label.to_string()
                    } else {
                        format!("{label} ({ver})")
                    };
                    if let Some(doc) = pv.get("Document") {
                        self.wrapped(&name, kind, doc, "get-policy-version output", plain);
                    }
                } else if let Some(doc) = o.get("PolicyDocument") {
                    let owner = ["RoleName", "UserName", "GroupName"]
                        .iter()
                        .find_map(|k| {
                            o.get(*k)
                                .and_then(Value::as_str)
                                .map(|n| format!(" of {n}"))
                        })
                        .unwrap_or_default();
                    let name = o
                        .get("PolicyName")
                        .and_then(Value::as_str)
                        .map(|n| format!("{n}{owner}"))
                        .unwrap_or_else(|| label.to_string());
                    self.wrapped(
                        &name,
                        kind,
                        doc,
                        "get-role-policy/get-user-policy output",
                        plain,
                    );
                } else if let Some(p) = o.get("Policy").filter(|p| p.get("Content").is_some()) {
                    // aws organizations describe-policy: an SCP wherever it was pasted.
                    let summary = p.get("PolicySummary");
                    let is_scp = summary.and_then(|s| s.get("Type")).and_then(Value::as_str)
                        == Some("SERVICE_CONTROL_POLICY");
                    let name = summary
                        .and_then(|s| s.get("Name"))
                        .and_then(Value::as_str)
                        .unwrap_or(label)
                        .to_string();
                    let kind = if is_scp { Kind::Scp } else { kind };
                    if let Some(doc) = p.get("Content") {
                        self.wrapped(&name, kind, doc, "describe-policy output", plain);
                    }
                } else if let Some(Value::Array(list)) = o.get("AttachedPolicies") {
                    self.shapes.push("list-attached-*-policies output".into());
                    for p in list.iter().take(super::model::MAX_ITEMS) {
                        let name = p.get("PolicyName").and_then(Value::as_str).unwrap_or("?");
                        let arn = p.get("PolicyArn").and_then(Value::as_str).unwrap_or("");
                        if let Some(acct) = arn
                            .split(':')
                            .nth(4)
                            .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
                        {
                            if !self.accounts.iter().any(|a| a == acct) {
                                self.accounts.push(acct.to_string());
                            }
                        }
                        self.listed.push(format!("{name} ({arn})"));
                    }
                } else if let Some(Value::Array(list)) = o.get("PolicyNames") {
                    self.shapes.push("list-*-policies output".into());
                    for p in list
                        .iter()
                        .take(super::model::MAX_ITEMS)
                        .filter_map(Value::as_str)
                    {
                        self.listed.push(format!("{p} (inline)"));
                    }
                } else if let Some(Value::Array(list)) = o.get("Policies") {
                    for p in list.iter() {
                        self.value(label, kind, p, depth + 1, plain);
                    }
                }
            }
            _ => {}
        }
    }

    fn wrapped(&mut self, label: &str, kind: Kind, doc: &Value, shape: &str, plain: bool) {
        match doc {
            Value::String(s) => match decode_string_document(s) {
                Some(d) => self.policy(label, kind, &d, shape, false),
                None => self.findings.push(
                    Finding::new(&super::checks::POLICY_SYNTAX, format!("{label}: the policy document string is not valid JSON, even URL-decoded."))
                        .evidence(Evidence::new(crate::report::one_line(s, 80), label)),
                ),
            },
            other => self.policy(label, kind, other, shape, plain),
        }
    }

    fn policy(&mut self, label: &str, kind: Kind, doc: &Value, shape: &str, plain: bool) {
        if !self.shapes.iter().any(|s| s == shape) {
            self.shapes.push(shape.to_string());
        }
        // The n-th plain document of the file owns the n-th "Statement" key of its text.
        let pos = if plain {
            self.positions.pop_front().unwrap_or_default()
        } else {
            Vec::new()
        };
        self.findings.extend(lint::document(label, kind, doc, &pos));
        let mut stmts = statements(doc);
        for s in &mut stmts {
            if let Some(&(l, c)) = pos.get(s.index) {
                s.line = l;
                s.column = c;
            }
        }
        self.policies.push(Policy {
            kind,
            name: label.to_string(),
            version: doc
                .get("Version")
                .and_then(Value::as_str)
                .map(str::to_string),
            statements: stmts,
            level: if kind == Kind::Scp { self.level } else { 0 },
        });
    }
}

/// A policy document held in a string: JSON text, or URL-encoded JSON (`%7B%22Version%22...`).
fn decode_string_document(s: &str) -> Option<Value> {
    let t = s.trim();
    if t.starts_with('{') || t.starts_with('[') {
        return serde_json::from_str(t).ok();
    }
    if t.starts_with("%7B") || t.starts_with("%7b") {
        let decoded = percent_decode(t)?;
        return serde_json::from_str(&decoded).ok();
    }
    None
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}
