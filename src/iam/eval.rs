//! The decision for one action on one resource, per the IAM User Guide's policy evaluation logic for
//! a request within one account: an explicit Deny in any policy wins; otherwise the SCPs (when given)
//! and the permission boundary (when given) must allow, and an identity policy must allow; anything
//! else is an implicit deny. Statements whose conditions cannot be evaluated offline make the
//! decision indeterminate instead of guessed.
//!
//! SCPs: every level given (`Policy::level`) must allow; within a level one Allow suffices.
//!
//! Not modelled: resource-based policies, session policies, and the rule that SCPs do not apply to
//! the management account (the report says so).

use super::cond::{self, Context, Tri};
use super::glob;
use super::model::{Effect, Kind, Policy, Statement};

/// What is asked.
#[derive(Debug, Clone)]
pub struct Request {
    pub action: String,
    pub resource: String,
    /// The account id is not known: the account segment of resource ARNs matches any account.
    pub any_account: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// An explicit Deny applies.
    Denied,
    /// No Allow (implicit deny), or an SCP or the boundary does not allow.
    NotAllowed,
    /// Depends on condition keys not known offline.
    Indeterminate,
}

/// One statement that applies (or may apply) to the request.
#[derive(Debug, Clone)]
pub struct Hit {
    pub policy: usize,
    pub statement: usize,
    pub effect: Effect,
    pub kind: Kind,
    /// `Yes` or `Unknown(keys)`.
    pub applies: Tri,
}

/// Allow and Deny of one policy kind.
#[derive(Debug, Clone)]
pub struct Gate {
    pub present: bool,
    pub allow: Tri,
    pub deny: Tri,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub decision: Decision,
    pub hits: Vec<Hit>,
    pub identity: Gate,
    pub boundary: Gate,
    pub scp: Gate,
    /// For each SCP level given (in order), whether an SCP of that level allows.
    pub scp_levels: Vec<Tri>,
}

/// Kleene OR.
fn or(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
        (Tri::No, x) | (x, Tri::No) => x,
        (x, y) => x.and(y),
    }
}

fn not(a: Tri) -> Tri {
    match a {
        Tri::Yes => Tri::No,
        Tri::No => Tri::Yes,
        u => u,
    }
}

pub fn evaluate(policies: &[Policy], req: &Request, ctx: &Context) -> Outcome {
    let mut hits = Vec::new();
    let empty = || Gate {
        present: false,
        allow: Tri::No,
        deny: Tri::No,
    };
    let (mut identity, mut boundary, mut scp) = (empty(), empty(), empty());
    let levels = policies
        .iter()
        .filter(|p| p.kind == Kind::Scp)
        .map(|p| p.level + 1)
        .max()
        .unwrap_or(0)
        .min(64);
    let mut scp_levels: Vec<Option<Tri>> = vec![None; levels];
    for (pi, p) in policies.iter().enumerate() {
        if p.kind == Kind::Scp {
            if let Some(l) = scp_levels.get_mut(p.level) {
                l.get_or_insert(Tri::No);
            }
        }
        let gate = match p.kind {
            Kind::Identity => &mut identity,
            Kind::Boundary => &mut boundary,
            Kind::Scp => &mut scp,
        };
        gate.present = true;
        let variables = p.version.as_deref() == Some("2012-10-17");
        for s in &p.statements {
            let applies = statement_applies(s, p.kind, req, ctx, variables);
            if applies == Tri::No {
                continue;
            }
            hits.push(Hit {
                policy: pi,
                statement: s.index,
                effect: s.effect,
                kind: p.kind,
                applies: applies.clone(),
            });
            match s.effect {
                Effect::Allow => {
                    if p.kind == Kind::Scp {
                        if let Some(Some(l)) = scp_levels.get_mut(p.level) {
                            *l = or(l.clone(), applies.clone());
                        }
                    }
                    gate.allow = or(gate.allow.clone(), applies)
                }
                Effect::Deny => gate.deny = or(gate.deny.clone(), applies),
            }
        }
    }
    // A level with no SCP given is not a level (the numbering just skipped it).
    let scp_levels: Vec<Tri> = scp_levels.into_iter().flatten().collect();
    if scp.present {
        scp.allow = scp_levels.iter().cloned().fold(Tri::Yes, Tri::and);
    }
    let deny = or(
        or(identity.deny.clone(), boundary.deny.clone()),
        scp.deny.clone(),
    );
    let gate_ok = |g: &Gate| if g.present { g.allow.clone() } else { Tri::Yes };
    let allowed = not(deny.clone())
        .and(gate_ok(&scp))
        .and(gate_ok(&boundary))
        .and(identity.allow.clone());
    let decision = match (&deny, &allowed) {
        (Tri::Yes, _) => Decision::Denied,
        (_, Tri::Yes) => Decision::Allowed,
        (_, Tri::No) => Decision::NotAllowed,
        _ => Decision::Indeterminate,
    };
    Outcome {
        decision,
        hits,
        identity,
        boundary,
        scp,
        scp_levels,
    }
}

/// Whether the statement's Action/NotAction covers the action (ignoring resource and condition).
pub fn action_matches(s: &Statement, action: &str) -> bool {
    s.actions
        .iter()
        .any(|p| glob::matches(p.trim(), action, true))
        != s.not_action
}

/// Whether one statement applies: action, resource and condition.
pub fn statement_applies(
    s: &Statement,
    kind: Kind,
    req: &Request,
    ctx: &Context,
    variables: bool,
) -> Tri {
    let action = s
        .actions
        .iter()
        .any(|p| glob::matches(p.trim(), &req.action, true));
    if action == s.not_action {
        return Tri::No;
    }
    let resource = match &s.resources {
        None => Tri::from_bool(kind == Kind::Scp),
        Some(list) => {
            let mut r = Tri::No;
            for p in list {
                let p = if variables {
                    match cond::substitute(p, ctx) {
                        Ok(p) => p,
                        Err(var) => {
                            r = or(r, Tri::Unknown(vec![var]));
                            continue;
                        }
                    }
                } else {
                    p.clone()
                };
                if resource_matches(&p, &req.resource, req.any_account) {
                    r = Tri::Yes;
                    break;
                }
            }
            if s.not_resource {
                not(r)
            } else {
                r
            }
        }
    };
    if resource == Tri::No {
        return Tri::No;
    }
    s.conditions.iter().fold(resource, |acc, c| {
        acc.and(cond::evaluate(c, ctx, variables))
    })
}

/// ARN match, case-sensitive. A pattern with all six ARN parts is compared part by part (so `*` in
/// the region does not reach into the account); a shorter one (`arn:aws:iam::*`) as one string,
/// where a trailing `*` runs across `:`. `any_account` makes every account segment match.
pub fn resource_matches(pattern: &str, resource: &str, any_account: bool) -> bool {
    if pattern == "*" {
        return true;
    }
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let r: Vec<&str> = resource.splitn(6, ':').collect();
    if p.len() == 6 && r.len() == 6 {
        return p
            .iter()
            .zip(&r)
            .enumerate()
            .all(|(i, (ps, rs))| (i == 4 && any_account) || glob::matches(ps, rs, false));
    }
    if any_account && r.len() == 6 {
        // Put the pattern's account (if it has one) into the resource so only the rest decides.
        if let Some(acct) = p.get(4) {
            let mut r2: Vec<&str> = r.clone();
            r2[4] = acct;
            return glob::matches(pattern, &r2.join(":"), false);
        }
    }
    glob::matches(pattern, resource, false)
}

#[cfg(test)]
mod tests {
    use super::resource_matches;

    #[test]
    fn arn_segments() {
        let r = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/*";
        assert!(resource_matches("arn:aws:iam::*:role/*", r, false));
        assert!(resource_matches(
            "arn:aws:iam::123456789012:role/aws-reserved/*",
            r,
            false
        ));
        assert!(!resource_matches(
            "arn:aws:iam::123456789012:role/AWSReservedSSO_*",
            r,
            false
        ));
        assert!(!resource_matches(
            "arn:aws:iam::111122223333:role/*",
            r,
            false
        ));
        assert!(resource_matches(
            "arn:aws:iam::111122223333:role/*",
            r,
            true
        ));
        assert!(!resource_matches(
            "arn:aws:iam::123456789012:ROLE/*",
            r,
            false
        ));
        assert!(resource_matches("arn:aws:iam::*", r, false));
    }
}
