//! The detections: each turns events (and sign-in attempts) into findings of one check, and keeps the
//! indexes of the events it used so tests and the SQL cross-check can compare them.

use std::collections::HashSet;

use super::checks::*;
use super::explain;
use super::filter::Filter;
use super::model::{Event, SCIM_SOURCE};
use super::principals::{self, Kind};
use super::signin::{Attempt, Outcome, EXTERNAL_IDP_LOGIN};
use crate::assignments::listing::Listings;
use crate::finding::{Evidence, Finding};

/// Findings of one check beyond this number are summed up in one more finding.
pub const MAX_PER_CHECK: usize = 25;

#[derive(Debug, Clone)]
pub struct Detection {
    pub finding: Finding,
    /// Indexes of the events this finding rests on.
    pub events: Vec<usize>,
}

pub struct Ctx<'a> {
    pub events: &'a [Event],
    /// Events that pass the filter.
    pub selected: &'a [usize],
    /// Sign-in attempts that pass the filter.
    pub attempts: &'a [Attempt],
    pub filter: &'a Filter,
    pub listing: Option<&'a Listings>,
}

pub fn detect(ctx: &Ctx) -> Vec<Detection> {
    let mut out = Vec::new();
    for part in [
        password(ctx),
        signin(ctx),
        external_idp(ctx),
        scim(ctx),
        recreated(ctx),
        not_provisioned(ctx),
    ] {
        out.extend(capped(part));
    }
    out
}

fn capped(mut v: Vec<Detection>) -> Vec<Detection> {
    if v.len() > MAX_PER_CHECK {
        let rest = v.split_off(MAX_PER_CHECK);
        if let Some(first) = rest.first() {
            let mut f = first.finding.clone();
            f.message = format!(
                "{} more findings of this kind (the first {MAX_PER_CHECK} are shown above; the timeline lists them all).",
                rest.len()
            );
            f.evidence = None;
            let events = rest.iter().flat_map(|d| d.events.clone()).collect();
            v.push(Detection { finding: f, events });
        }
    }
    v
}

fn who(e: &Event) -> String {
    e.user().unwrap_or("(user not logged)").to_string()
}

fn when(e: &Event) -> String {
    if e.time.is_empty() {
        "(time not logged)".into()
    } else {
        e.time.clone()
    }
}

fn password(ctx: &Ctx) -> Vec<Detection> {
    let mut out = Vec::new();
    for &i in ctx.selected {
        let e = &ctx.events[i];
        if e.name != "UpdatePassword" || !e.failed() {
            continue;
        }
        let code = e.error_code.as_deref().unwrap_or("");
        let msg = e.error_message.as_deref().unwrap_or("");
        let internal =
            code == "InternalFailure" || msg.to_lowercase().contains("an unknown error occurred");
        let base = format!(
            "UpdatePassword failed for {} at {} from {}: errorCode {}, errorMessage \"{}\".",
            who(e),
            when(e),
            if e.ip.is_empty() { "(no IP)" } else { &e.ip },
            if code.is_empty() { "(none)" } else { code },
            msg
        );
        let ev = Evidence::new(format!("{code} {msg}").trim().to_string(), e.location());
        let finding = if internal {
            Finding::new(&PASSWORD_INTERNAL, format!("{base} This is the documented InternalFailure case: contact AWS Support, and try a test user with a plain user name (very long user names or special characters can also cause it).")).evidence(ev)
        } else {
            Finding::new(
                &PASSWORD_FAILURE,
                format!("{base} {}", explain::password(code, msg)),
            )
            .evidence(ev)
        };
        out.push(Detection {
            finding,
            events: vec![i],
        });
    }
    out
}

fn signin(ctx: &Ctx) -> Vec<Detection> {
    let mut out = Vec::new();
    for a in ctx.attempts {
        if a.outcome != Outcome::Failure {
            continue;
        }
        let Some(step) = a.failed_step() else {
            continue;
        };
        if step.name != "CredentialVerification" {
            continue;
        }
        let (text, link) = explain::credential(&step.credential);
        let cred = if step.credential.is_empty() {
            "credential"
        } else {
            step.credential.as_str()
        };
        let user = if a.user.is_empty() {
            "(user not logged)"
        } else {
            &a.user
        };
        let e = &ctx.events[step.event];
        let mut f = Finding::new(
            &SIGNIN_FAILURE,
            format!(
                "Sign-in of \"{user}\" at {} from {} failed at the {cred} step ({}). {text}",
                if a.time.is_empty() {
                    "(time not logged)"
                } else {
                    &a.time
                },
                if a.ip.is_empty() { "(no IP)" } else { &a.ip },
                a.steps_text()
            ),
        )
        .evidence(Evidence::new(
            format!("AuthWorkflowID {}, CredentialType {cred}", a.workflow),
            e.location(),
        ));
        if let Some((_, href)) = link {
            f = f.fix(format!("{text} Open {href}."));
        }
        out.push(Detection {
            finding: f,
            events: a.events.clone(),
        });
    }
    out
}

fn external_idp(ctx: &Ctx) -> Vec<Detection> {
    let mut out = Vec::new();
    for &i in ctx.selected {
        let e = &ctx.events[i];
        if e.name != EXTERNAL_IDP_LOGIN || !e.failed() {
            continue;
        }
        let code = e.error_code.as_deref().unwrap_or("");
        let msg = e.error_message.as_deref().unwrap_or("");
        let f = Finding::new(
            &EXTERNAL_IDP_FAILURE,
            format!(
                "ExternalIdPDirectoryLogin failed for {} at {}: {}{}{} {}",
                who(e),
                when(e),
                code,
                if code.is_empty() || msg.is_empty() {
                    ""
                } else {
                    ": "
                },
                if code.is_empty() && msg.is_empty() {
                    "Failure (no message logged)"
                } else {
                    msg
                },
                explain::external_idp(code, msg)
            ),
        )
        .evidence(Evidence::new(
            format!("{code} {msg}").trim().to_string(),
            e.location(),
        ));
        out.push(Detection {
            finding: f,
            events: vec![i],
        });
    }
    out
}

fn scim(ctx: &Ctx) -> Vec<Detection> {
    let mut out = Vec::new();
    for &i in ctx.selected {
        let e = &ctx.events[i];
        if e.source != SCIM_SOURCE || (e.error_code.is_none() && e.error_message.is_none()) {
            continue;
        }
        let code = e.error_code.as_deref().unwrap_or("");
        let msg = e.error_message.as_deref().unwrap_or("");
        let target = e
            .request
            .id
            .as_deref()
            .map(|id| format!(" on {id}"))
            .unwrap_or_default();
        let f = Finding::new(
            &SCIM_FAILURE,
            format!(
                "SCIM {}{target} failed at {}: {code} \"{msg}\". {}",
                e.name,
                when(e),
                explain::scim(code, msg)
            ),
        )
        .evidence(Evidence::new(format!("{code}: {msg}"), e.location()));
        out.push(Detection {
            finding: f,
            events: vec![i],
        });
    }
    out
}

fn recreated(ctx: &Ctx) -> Vec<Detection> {
    let mut out = Vec::new();
    let selected: HashSet<usize> = ctx.selected.iter().copied().collect();
    for r in principals::recreated(ctx.events, ctx.listing) {
        let ids_match = [r.name.as_str(), r.old_id.as_str(), r.new_id.as_str()]
            .iter()
            .any(|n| ctx.filter.user_is(n));
        let in_range = r
            .created
            .or(r.deleted)
            .is_some_and(|i| selected.contains(&i))
            || ctx.filter.is_empty();
        if !ids_match || !(in_range || ctx.filter.user.is_some()) {
            continue;
        }
        let time_of = |i: Option<usize>| i.map(|i| when(&ctx.events[i]));
        let deleted = match time_of(r.deleted) {
            Some(t) => format!("deleted at {t}"),
            None => "created earlier".into(),
        };
        let created = match time_of(r.created) {
            Some(t) => format!("created again at {t}"),
            None => "exists again in the pasted listing".into(),
        };
        let kind = r.kind.as_str();
        let msg = format!(
            "The {kind} \"{}\" was {deleted} with id {} and {created} with id {}. Every assignment of the old id {} is stale: it no longer gives access.",
            r.name, r.old_id, r.new_id, r.old_id
        );
        let flag = match r.kind {
            Kind::User => "USER",
            Kind::Group => "GROUP",
        };
        let fix = format!(
            "List the old id's assignments (`aws sso-admin list-account-assignments-for-principal --instance-arn INSTANCE_ARN --principal-type {flag} --principal-id {}`), delete each, and create it again for {} (paste the listings into #/assignments for the exact commands).",
            r.old_id, r.new_id
        );
        let loc = r
            .created
            .or(r.deleted)
            .map(|i| ctx.events[i].location())
            .unwrap_or_default();
        let f = Finding::new(&PRINCIPAL_RECREATED, msg)
            .evidence(Evidence::new(format!("{} -> {}", r.old_id, r.new_id), loc))
            .fix(fix);
        out.push(Detection {
            finding: f,
            events: r.deleted.into_iter().chain(r.created).collect(),
        });
    }
    out
}

fn not_provisioned(ctx: &Ctx) -> Vec<Detection> {
    let creations = principals::user_creations(ctx.events);
    let index = ctx
        .listing
        .filter(|l| l.has_users)
        .map(crate::assignments::listing::Index::new);
    // Loosely matched names (alice, alice@example.com, CORP\alice) → their earliest creation, and
    // the earliest creation of anyone: the logs cover provisioning from then on.
    let mut loose: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    let mut earliest: Option<i64> = None;
    for (name, v) in &creations {
        for t in v.iter().filter_map(|(t, _)| *t) {
            earliest = Some(earliest.map_or(t, |e| e.min(t)));
            for k in loose_keys(name) {
                let e = loose.entry(k).or_insert(t);
                *e = (*e).min(t);
            }
        }
    }
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for a in ctx.attempts {
        if a.outcome != Outcome::Failure || a.user.is_empty() {
            continue;
        }
        let key = a.user.to_lowercase();
        if seen.contains(&key) {
            continue;
        }
        let later = creations.get(&key).and_then(|v| {
            let before = v
                .iter()
                .any(|(t, _)| matches!((t, a.time_ms), (Some(t), Some(at)) if *t <= at));
            if before {
                return None;
            }
            v.iter()
                .find(|(t, _)| matches!((t, a.time_ms), (Some(t), Some(at)) if *t > at))
                .copied()
        });
        let missing = index.as_ref().is_some_and(|ix| {
            ix.user_named(&a.user).is_none()
                && a.events.iter().all(|&i| {
                    ctx.events[i]
                        .identity
                        .user_id
                        .as_deref()
                        .is_none_or(|id| !ix.has_user(id))
                })
        });
        let first_event = a.events.first().map(|&i| &ctx.events[i]);
        let loc = first_event.map(Event::location).unwrap_or_default();
        let mut hedged = false;
        let msg = if let Some((_, ci)) = later {
            format!(
                "\"{}\" tried to sign in at {} (failed at {}) but was created (CreateUser) only at {}: users can't sign in or register MFA before they are provisioned (\"Invalid MFA credentials\").",
                a.user,
                a.time,
                a.failed_step().map(|s| if s.credential.is_empty() { s.name.as_str() } else { s.credential.as_str() }).unwrap_or("sign-in"),
                when(&ctx.events[ci])
            )
        } else if missing {
            format!(
                "\"{}\" tried to sign in at {} and failed, and the pasted list-users has no user with this name or e-mail: the user is not provisioned in Identity Center (\"Invalid MFA credentials\" before provisioning).",
                a.user, a.time
            )
        } else if let (Some(at), Some(first), None) = (a.time_ms, earliest, &index) {
            // No listing, no creation of this user in the logs, though the logs show users being
            // created before the attempt: likely not provisioned yet, but the user may also predate
            // the logs, hence a warning.
            let created_before = loose_keys(&a.user)
                .iter()
                .any(|k| loose.get(k).is_some_and(|t| *t <= at));
            if first > at || created_before {
                continue;
            }
            hedged = true;
            format!(
                "\"{}\" failed to sign in at {}, and these logs, which show users being created (CreateUser) since {}, show no creation of this user before it: the user may not have been provisioned yet (\"Invalid MFA credentials\" before provisioning), or was created before the logs begin. Paste aws identitystore list-users to be sure.",
                a.user,
                a.time,
                crate::time::format_rfc3339(first)
            )
        } else {
            continue;
        };
        seen.insert(key);
        // The failed step and the late creation: what the SQL finds too.
        let mut events = match a.failed_step() {
            Some(s) => vec![s.event],
            None => a.events.clone(),
        };
        if let Some((_, ci)) = later {
            events.push(ci);
        }
        let mut finding =
            Finding::new(&NOT_PROVISIONED, msg).evidence(Evidence::new(a.user.clone(), loc));
        if hedged {
            finding = finding.severity(crate::finding::Severity::Warning);
        }
        out.push(Detection { finding, events });
    }
    // External-IdP failures for a name the listing lacks: the same cause.
    if let Some(ix) = &index {
        for &i in ctx.selected {
            let e = &ctx.events[i];
            if e.name != EXTERNAL_IDP_LOGIN || !e.failed() {
                continue;
            }
            let Some(u) = e.user() else { continue };
            if seen.contains(&u.to_lowercase()) || ix.user_named(u).is_some() {
                continue;
            }
            seen.insert(u.to_lowercase());
            out.push(Detection {
                finding: Finding::new(
                    &NOT_PROVISIONED,
                    format!("\"{u}\" failed to sign in through the external identity provider at {}, and the pasted list-users has no user with this name or e-mail: the user is not provisioned.", when(e)),
                )
                .evidence(Evidence::new(u.to_string(), e.location())),
                events: vec![i],
            });
        }
    }
    out
}

/// A name and its plain forms: `CORP\\alice` and `alice@example.com` also give `alice`.
fn loose_keys(name: &str) -> Vec<String> {
    let n = name.to_lowercase();
    let after = n.rsplit(['\\', '/']).next().unwrap_or("").to_string();
    let local = after.split('@').next().unwrap_or("").to_string();
    let mut keys = vec![n];
    for k in [after, local] {
        if !k.is_empty() && !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}
