//! The policy model the evaluator reads: policies labelled by kind, statements with their position.
//!
//! Built from `serde_json::Value` by `load`; every list is capped (`MAX_ITEMS`) so a hostile document
//! cannot make evaluation superlinear.

use serde_json::Value;

/// Most statements read from one policy; more are ignored and the cap is named in a finding.
pub const MAX_STATEMENTS: usize = 1000;
/// Most entries read from one Action/Resource/condition list.
pub const MAX_ITEMS: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Identity,
    Boundary,
    Scp,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Identity => "identity policy",
            Kind::Boundary => "permission boundary",
            Kind::Scp => "service control policy",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub kind: Kind,
    /// Policy name where the input gives one, else the file name (plus `#n` for the n-th document).
    pub name: String,
    /// `Version`; variables are only substituted for 2012-10-17.
    pub version: Option<String>,
    pub statements: Vec<Statement>,
    /// For SCPs: the level of the organization it is attached at (0 = root or the only level given).
    /// Every level must allow; within a level one Allow suffices.
    pub level: usize,
}

#[derive(Debug, Clone)]
pub struct Statement {
    /// 0-based position in the policy's `Statement` list.
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    pub actions: Vec<String>,
    pub not_action: bool,
    /// Absent `Resource`: matches nothing (identity, boundary) or everything (SCP, where it is optional).
    pub resources: Option<Vec<String>>,
    pub not_resource: bool,
    pub conditions: Vec<Condition>,
    /// The statement as compact JSON, to quote it.
    pub text: String,
    /// 1-based line and column where it starts in the pasted text; 0 when unknown (a policy given
    /// inside a JSON string).
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone)]
pub struct Condition {
    /// As written (`StringNotEqualsIfExists`, `ForAnyValue:StringLike`).
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

impl Statement {
    /// "Statement[2] (Sid \"DenyIam\")".
    pub fn position(&self) -> String {
        match &self.sid {
            Some(s) if !s.is_empty() => format!("Statement[{}] (Sid \"{s}\")", self.index),
            _ => format!("Statement[{}] (no Sid)", self.index),
        }
    }
}

/// A JSON scalar or list of scalars as strings (booleans and numbers as written), capped.
pub fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().take(MAX_ITEMS).filter_map(scalar).collect(),
        other => scalar(other).into_iter().collect(),
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads one statement object; `None` when it is not an object or its Effect is not Allow/Deny
/// (lint reports those).
pub fn statement(index: usize, v: &Value) -> Option<Statement> {
    let o = v.as_object()?;
    let effect = match o.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        _ => return None,
    };
    let (actions, not_action) = match (o.get("Action"), o.get("NotAction")) {
        (Some(a), _) => (strings(a), false),
        (None, Some(a)) => (strings(a), true),
        (None, None) => (Vec::new(), false),
    };
    let (resources, not_resource) = match (o.get("Resource"), o.get("NotResource")) {
        (Some(r), _) => (Some(strings(r)), false),
        (None, Some(r)) => (Some(strings(r)), true),
        (None, None) => (None, false),
    };
    let mut conditions = Vec::new();
    if let Some(Value::Object(ops)) = o.get("Condition") {
        for (op, keys) in ops.iter().take(MAX_ITEMS) {
            if let Value::Object(keys) = keys {
                for (key, vals) in keys.iter().take(MAX_ITEMS) {
                    conditions.push(Condition {
                        operator: op.clone(),
                        key: key.clone(),
                        values: strings(vals),
                    });
                }
            } else {
                // Malformed: a condition that can never be evaluated (lint names it).
                conditions.push(Condition {
                    operator: op.clone(),
                    key: String::new(),
                    values: Vec::new(),
                });
            }
        }
    }
    Some(Statement {
        index,
        sid: o.get("Sid").and_then(Value::as_str).map(str::to_string),
        effect,
        actions,
        not_action,
        resources,
        not_resource,
        conditions,
        text: serde_json::to_string(v).unwrap_or_default(),
        line: 0,
        column: 0,
    })
}

/// The statements of a policy document (`Statement` is an object or a list), capped.
pub fn statements(doc: &Value) -> Vec<Statement> {
    match doc.get("Statement") {
        Some(Value::Array(list)) => list
            .iter()
            .take(MAX_STATEMENTS)
            .enumerate()
            .filter_map(|(i, s)| statement(i, s))
            .collect(),
        Some(one @ Value::Object(_)) => statement(0, one).into_iter().collect(),
        _ => Vec::new(),
    }
}
