//! Uniqueness across the bodies pasted together: users' userName, primary email and externalId;
//! groups' displayName and externalId ("Refused to create a new, duplicate resource").

use std::collections::HashMap;

use serde_json::Value;

use crate::scim::checks::DUPLICATE;
use crate::scim::collect::Collector;
use crate::scim::input::{Body, Kind};

/// The values one body claims, by kind of key.
fn keys(b: &Body) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    let Some(o) = b.value.as_object() else {
        return out;
    };
    // CloudTrail masks personal values; masked ones are not duplicates of each other.
    let real = |v: &&str| !v.is_empty() && *v != "HIDDEN_DUE_TO_SECURITY_REASONS";
    let s = |k: &str| o.get(k).and_then(Value::as_str).filter(real);
    match b.kind {
        Kind::User => {
            if let Some(u) = s("userName") {
                out.push(("userName", u.to_lowercase(), u.to_string()));
            }
            let emails = o.get("emails").and_then(Value::as_array);
            let primary = emails.and_then(|e| {
                e.iter()
                    .find(|x| x.get("primary") == Some(&Value::Bool(true)))
                    .or_else(|| e.first())
            });
            if let Some(v) = primary
                .and_then(|p| p.get("value"))
                .and_then(Value::as_str)
                .filter(real)
            {
                out.push(("primary email", v.to_lowercase(), v.to_string()));
            }
            if let Some(x) = s("externalId") {
                out.push(("user externalId", x.to_string(), x.to_string()));
            }
        }
        Kind::Group => {
            if let Some(d) = s("displayName") {
                out.push(("group displayName", d.to_lowercase(), d.to_string()));
            }
            if let Some(x) = s("externalId") {
                out.push(("group externalId", x.to_string(), x.to_string()));
            }
        }
        _ => {}
    }
    out
}

pub fn check(c: &mut Collector, bodies: &[Body]) {
    let users = bodies.iter().filter(|b| b.kind == Kind::User).count();
    let groups = bodies.iter().filter(|b| b.kind == Kind::Group).count();
    if users < 2 && groups < 2 {
        return;
    }
    // key -> (first body index, shown value, other body numbers)
    let mut seen: HashMap<(&'static str, String), (usize, String, Vec<usize>)> = HashMap::new();
    let mut order = Vec::new();
    for (i, b) in bodies.iter().enumerate() {
        for (kind, norm, shown) in keys(b) {
            let key = (kind, norm);
            match seen.get_mut(&key) {
                Some(e) => e.2.push(b.number),
                None => {
                    order.push(key.clone());
                    seen.insert(key, (i, shown, Vec::new()));
                }
            }
        }
    }
    c.ran(&DUPLICATE);
    for key in order {
        let Some((first, shown, others)) = seen.get(&key) else {
            continue;
        };
        if others.is_empty() {
            continue;
        }
        let text = match key.0 {
            "group displayName" => "«Duplicate GroupDisplayName» (ConflictException)",
            "group externalId" => "«Refused to create a new, duplicate resource» (ConflictException: «Group already exists.»)",
            _ => "«Refused to create a new, duplicate resource» (ConflictException: «User already exists.»)",
        };
        let nums: Vec<String> = others.iter().map(|n| n.to_string()).collect();
        let body = bodies.get(*first);
        c.hit(
            &DUPLICATE,
            body,
            key.0,
            shown,
            format!(
                "The {} {shown:?} also appears in body {} (compared without regard to case except external ids: best knowledge). Identity Center answers the second create with {text}.",
                key.0,
                nums.join(", ")
            ),
            None,
        );
    }
}
