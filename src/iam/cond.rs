//! Condition evaluation with three outcomes: a condition whose key has no known value offline is
//! **unknown** (named), never guessed.
//!
//! Rules (IAM User Guide, "Condition", admin-tools.md §4): operators and keys AND, the values of one
//! key OR (negated operators: none may match); key names case-insensitive; a missing key makes a
//! condition false except for negated operators, `...IfExists` and `Null`; `ForAllValues` is true on
//! an empty set. In the context, an empty value (`key=`) means "the request has no such key".

use super::glob;
use super::model::Condition;

/// A three-valued truth: `Unknown` carries the condition keys (or operators) it depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tri {
    Yes,
    No,
    Unknown(Vec<String>),
}

impl Tri {
    pub fn from_bool(b: bool) -> Tri {
        if b {
            Tri::Yes
        } else {
            Tri::No
        }
    }

    /// Kleene AND: any No wins, then Unknown (keys merged), then Yes.
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Unknown(mut a), Tri::Unknown(b)) => {
                for k in b {
                    if !a.contains(&k) {
                        a.push(k);
                    }
                }
                Tri::Unknown(a)
            }
            (Tri::Unknown(a), Tri::Yes) | (Tri::Yes, Tri::Unknown(a)) => Tri::Unknown(a),
            (Tri::Yes, Tri::Yes) => Tri::Yes,
        }
    }

    pub fn keys(&self) -> &[String] {
        match self {
            Tri::Unknown(k) => k,
            _ => &[],
        }
    }
}

/// Known condition-key values for the request. Keys are stored lowercased.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// (lowercased key, key as written, values, source).
    entries: Vec<(String, String, Vec<String>, &'static str)>,
}

impl Context {
    /// Adds a value (`source` says where it came from: "given", "from the account field"...). An
    /// empty value records the key as absent from the request.
    pub fn set(&mut self, key: &str, value: &str, source: &'static str) {
        let k = key.trim().to_ascii_lowercase();
        let v = value.trim();
        if let Some(e) = self.entries.iter_mut().find(|e| e.0 == k) {
            if !v.is_empty() {
                e.2.push(v.to_string());
            }
        } else {
            let vals = if v.is_empty() {
                Vec::new()
            } else {
                vec![v.to_string()]
            };
            self.entries.push((k, key.trim().to_string(), vals, source));
        }
    }

    pub fn has(&self, key: &str) -> bool {
        let k = key.to_ascii_lowercase();
        self.entries.iter().any(|e| e.0 == k)
    }

    /// `Some(values)` when the key is known (empty: known to be absent).
    pub fn get(&self, key: &str) -> Option<&[String]> {
        let k = key.to_ascii_lowercase();
        self.entries
            .iter()
            .find(|e| e.0 == k)
            .map(|e| e.2.as_slice())
    }

    /// (key, values, source) for the report.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &[String], &'static str)> {
        self.entries
            .iter()
            .map(|e| (e.1.as_str(), e.2.as_slice(), e.3))
    }

    /// Parses `key=value,key=value` (the context field). Returns the malformed parts.
    pub fn parse_field(&mut self, text: &str) -> Vec<String> {
        let mut bad = Vec::new();
        for part in text
            .split([',', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .take(200)
        {
            match part.split_once('=') {
                Some((k, v)) if !k.trim().is_empty() => self.set(k, v, "given"),
                _ => bad.push(part.to_string()),
            }
        }
        bad
    }
}

/// Replaces `${key}` policy variables with known single values; `Err(key)` when one is unknown.
pub fn substitute(s: &str, ctx: &Context) -> Result<String, String> {
    if !s.contains("${") {
        return Ok(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let var = &after[..end];
        match var {
            "*" => out.push('*'),
            "?" => out.push('?'),
            "$" => out.push('$'),
            _ => match ctx.get(var).and_then(|v| v.first()) {
                Some(v) => out.push_str(v),
                None => return Err(var.to_string()),
            },
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

const NEGATED: &[(&str, &str)] = &[
    ("stringnotequals", "stringequals"),
    ("stringnotequalsignorecase", "stringequalsignorecase"),
    ("stringnotlike", "stringlike"),
    ("numericnotequals", "numericequals"),
    ("datenotequals", "dateequals"),
    ("arnnotequals", "arnequals"),
    ("arnnotlike", "arnlike"),
    ("notipaddress", "ipaddress"),
];

/// Evaluates one condition entry. `variables` says whether `${...}` in values is substituted.
pub fn evaluate(c: &Condition, ctx: &Context, variables: bool) -> Tri {
    let op_full = c.operator.trim();
    let lower = op_full.to_ascii_lowercase();
    let (set, rest) = if let Some(r) = lower.strip_prefix("forallvalues:") {
        (Some(true), r)
    } else if let Some(r) = lower.strip_prefix("foranyvalue:") {
        (Some(false), r)
    } else {
        (None, lower.as_str())
    };
    let (base, if_exists) = match rest.strip_suffix("ifexists") {
        Some(b) => (b, true),
        None => (rest, false),
    };
    let (positive, negated) = match NEGATED.iter().find(|(n, _)| *n == base) {
        Some((_, p)) => (*p, true),
        None => (base, false),
    };
    if c.key.is_empty() {
        return Tri::Unknown(vec![format!("malformed condition {op_full}")]);
    }
    let Some(present) = ctx.get(&c.key) else {
        return Tri::Unknown(vec![c.key.clone()]);
    };
    if positive == "null" {
        let want_absent = c.values.iter().any(|v| v.eq_ignore_ascii_case("true"));
        return Tri::from_bool(present.is_empty() == want_absent);
    }
    if present.is_empty() {
        return Tri::from_bool(if_exists || negated || set == Some(true));
    }
    let mut values = Vec::with_capacity(c.values.len());
    for v in &c.values {
        if variables {
            match substitute(v, ctx) {
                Ok(s) => values.push(s),
                Err(k) => return Tri::Unknown(vec![k]),
            }
        } else {
            values.push(v.clone());
        }
    }
    let mut unknown_op = false;
    let mut any_match = |x: &str| -> bool {
        values.iter().any(|v| match positive_match(positive, x, v) {
            Some(b) => b,
            None => {
                unknown_op = true;
                false
            }
        })
    };
    let inner = |x: &str, am: &mut dyn FnMut(&str) -> bool| if negated { !am(x) } else { am(x) };
    let result = match set {
        Some(true) => present.iter().all(|x| inner(x, &mut any_match)),
        _ => present.iter().any(|x| inner(x, &mut any_match)),
    };
    if unknown_op {
        return Tri::Unknown(vec![format!("operator {op_full} (not evaluated offline)")]);
    }
    Tri::from_bool(result)
}

/// One comparison of a request value with a policy value; `None` for an unknown operator or an
/// unparsable value.
fn positive_match(op: &str, x: &str, v: &str) -> Option<bool> {
    Some(match op {
        "stringequals" => x == v,
        "stringequalsignorecase" => {
            x.eq_ignore_ascii_case(v) || x.to_lowercase() == v.to_lowercase()
        }
        "stringlike" | "arnequals" | "arnlike" => glob::matches(v, x, false),
        "bool" => x.eq_ignore_ascii_case(v),
        "binaryequals" => x == v,
        "numericequals"
        | "numericlessthan"
        | "numericlessthanequals"
        | "numericgreaterthan"
        | "numericgreaterthanequals" => {
            let (a, b) = (x.trim().parse::<f64>().ok()?, v.trim().parse::<f64>().ok()?);
            compare(op.trim_start_matches("numeric"), a, b)
        }
        "dateequals"
        | "datelessthan"
        | "datelessthanequals"
        | "dategreaterthan"
        | "dategreaterthanequals" => {
            let (a, b) = (date(x)?, date(v)?);
            compare(op.trim_start_matches("date"), a, b)
        }
        "ipaddress" => ip_in(x, v)?,
        _ => return None,
    })
}

fn compare(rel: &str, a: f64, b: f64) -> bool {
    match rel {
        "equals" => a == b,
        "lessthan" => a < b,
        "lessthanequals" => a <= b,
        "greaterthan" => a > b,
        _ => a >= b,
    }
}

fn date(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(epoch) = s.parse::<i64>() {
        return Some(epoch as f64 * 1000.0);
    }
    crate::time::parse_rfc3339(s).ok().map(|ms| ms as f64)
}

/// Whether address `x` is in CIDR `v` (IPv4 or IPv6; a bare address is a /32 or /128).
fn ip_in(x: &str, v: &str) -> Option<bool> {
    use std::net::IpAddr;
    let addr: IpAddr = x.trim().parse().ok()?;
    let (net, bits) = match v.trim().split_once('/') {
        Some((n, b)) => (n.parse::<IpAddr>().ok()?, Some(b.parse::<u32>().ok()?)),
        None => (v.trim().parse::<IpAddr>().ok()?, None),
    };
    let (a, n, width) = match (addr, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => (u128::from(u32::from(a)), u128::from(u32::from(n)), 32),
        (IpAddr::V6(a), IpAddr::V6(n)) => (u128::from(a), u128::from(n), 128),
        _ => return Some(false),
    };
    let bits = bits.unwrap_or(width).min(width);
    if bits == 0 {
        return Some(true);
    }
    let shift = width - bits;
    Some(a >> shift == n >> shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(op: &str, key: &str, vals: &[&str]) -> Condition {
        Condition {
            operator: op.into(),
            key: key.into(),
            values: vals.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn known_missing_and_unknown_keys() {
        let mut ctx = Context::default();
        ctx.set("aws:RequestedRegion", "us-east-1", "given");
        ctx.set("aws:MultiFactorAuthPresent", "", "given");
        let c = cond(
            "StringEquals",
            "AWS:requestedregion",
            &["eu-west-1", "us-east-1"],
        );
        assert_eq!(evaluate(&c, &ctx, true), Tri::Yes);
        let c = cond(
            "StringNotEquals",
            "aws:RequestedRegion",
            &["eu-west-1", "us-east-1"],
        );
        assert_eq!(evaluate(&c, &ctx, true), Tri::No);
        let c = cond("Bool", "aws:MultiFactorAuthPresent", &["true"]);
        assert_eq!(evaluate(&c, &ctx, true), Tri::No);
        let c = cond("BoolIfExists", "aws:MultiFactorAuthPresent", &["true"]);
        assert_eq!(evaluate(&c, &ctx, true), Tri::Yes);
        let c = cond("Null", "aws:MultiFactorAuthPresent", &["true"]);
        assert_eq!(evaluate(&c, &ctx, true), Tri::Yes);
        let c = cond("IpAddress", "aws:SourceIp", &["203.0.113.0/24"]);
        assert_eq!(
            evaluate(&c, &ctx, true),
            Tri::Unknown(vec!["aws:SourceIp".into()])
        );
        ctx.set("aws:SourceIp", "203.0.113.7", "given");
        assert_eq!(evaluate(&c, &ctx, true), Tri::Yes);
        let c = cond("ForAllValues:StringEquals", "aws:TagKeys", &["a"]);
        ctx.set("aws:TagKeys", "", "given");
        assert_eq!(evaluate(&c, &ctx, true), Tri::Yes);
    }
}
