//! Sign-in attempts: the sign-in events of one `AuthWorkflowID` (CredentialChallenge,
//! CredentialVerification, UserAuthentication; aws-rules.md 7) form one attempt: password, then TOTP
//! or WebAuthn, then the result. A failed sign-in has a failed CredentialVerification and no
//! UserAuthentication. External-IdP logins (`ExternalIdPDirectoryLogin`) are one-step attempts.

use std::collections::HashMap;

use super::model::Event;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
    /// Challenged but neither verified nor failed in these logs (abandoned, or cut by the time range).
    Incomplete,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Incomplete => "incomplete",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Index into the event list.
    pub event: usize,
    pub name: String,
    pub credential: String,
    /// "Success", "Failure" or "" (from serviceEventDetails or the error fields).
    pub result: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// `AuthWorkflowID`, or the event id for an event without one.
    pub workflow: String,
    pub user: String,
    pub time: String,
    pub time_ms: Option<i64>,
    pub ip: String,
    pub user_agent: String,
    pub steps: Vec<Step>,
    pub outcome: Outcome,
    /// The step that failed, if any.
    pub failed: Option<usize>,
    /// Indexes of the events of this attempt.
    pub events: Vec<usize>,
}

impl Attempt {
    pub fn failed_step(&self) -> Option<&Step> {
        self.failed.and_then(|i| self.steps.get(i))
    }

    /// "PASSWORD ✓ → TOTP ✗".
    pub fn steps_text(&self) -> String {
        let parts: Vec<String> = self
            .steps
            .iter()
            .filter(|s| s.name != "CredentialChallenge")
            .map(|s| {
                let mark = match s.result.as_str() {
                    r if r.eq_ignore_ascii_case("success") => " ok",
                    r if r.eq_ignore_ascii_case("failure") => " FAILED",
                    _ => "",
                };
                let what = if s.credential.is_empty() {
                    s.name.clone()
                } else {
                    format!("{} {}", s.name, s.credential)
                };
                format!("{what}{mark}")
            })
            .collect();
        parts.join(" → ")
    }
}

pub const SIGNIN_EVENTS: [&str; 3] = [
    "CredentialChallenge",
    "CredentialVerification",
    "UserAuthentication",
];
pub const EXTERNAL_IDP_LOGIN: &str = "ExternalIdPDirectoryLogin";

fn step_result(e: &Event) -> String {
    if let Some(v) = e.detail(&e.name) {
        return v.to_string();
    }
    if let Some(v) = e.response.external_idp_login.as_deref() {
        return v.to_string();
    }
    if e.failed() {
        "Failure".into()
    } else if let Some((_, v)) = e.details.first() {
        v.clone()
    } else {
        String::new()
    }
}

/// Groups the sign-in events of `events` (given as indexes `selected`) into attempts, oldest first.
pub fn attempts(events: &[Event], selected: &[usize]) -> Vec<Attempt> {
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in selected {
        let Some(e) = events.get(i) else { continue };
        let relevant = (e.is_signin() && SIGNIN_EVENTS.contains(&e.name.as_str()))
            || e.name == EXTERNAL_IDP_LOGIN;
        if !relevant {
            continue;
        }
        let key = match &e.workflow_id {
            Some(w) => format!("w:{w}"),
            None => format!("e:{i}"),
        };
        groups
            .entry(key.clone())
            .or_insert_with(|| {
                order.push(key);
                Vec::new()
            })
            .push(i);
    }
    let mut out: Vec<Attempt> = order
        .into_iter()
        .filter_map(|k| groups.remove(&k))
        .map(|mut idx| {
            idx.sort_by(|a, b| {
                let (ea, eb) = (&events[*a], &events[*b]);
                ea.time_ms.cmp(&eb.time_ms).then(a.cmp(b))
            });
            build(events, idx)
        })
        .collect();
    out.sort_by(|a, b| a.time_ms.cmp(&b.time_ms).then(a.time.cmp(&b.time)));
    out
}

fn build(events: &[Event], idx: Vec<usize>) -> Attempt {
    let first = &events[idx[0]];
    let steps: Vec<Step> = idx
        .iter()
        .map(|&i| {
            let e = &events[i];
            Step {
                event: i,
                name: e.name.clone(),
                credential: e.credential_type.clone().unwrap_or_default(),
                result: step_result(e),
            }
        })
        .collect();
    let failed = steps.iter().position(|s| {
        s.result.eq_ignore_ascii_case("failure")
            && (s.name == "CredentialVerification" || s.name == EXTERNAL_IDP_LOGIN)
    });
    let success = steps.iter().any(|s| {
        s.result.eq_ignore_ascii_case("success")
            && (s.name == "UserAuthentication" || s.name == EXTERNAL_IDP_LOGIN)
    });
    let outcome = if failed.is_some() {
        Outcome::Failure
    } else if success {
        Outcome::Success
    } else {
        Outcome::Incomplete
    };
    // The user as typed where any event of the attempt carries it.
    let user = idx
        .iter()
        .find_map(|&i| events[i].typed_user.clone())
        .or_else(|| {
            idx.iter()
                .find_map(|&i| events[i].user().map(str::to_string))
        })
        .unwrap_or_default();
    let pick = |f: fn(&Event) -> &String| {
        idx.iter()
            .map(|&i| f(&events[i]))
            .find(|s| !s.is_empty())
            .cloned()
            .unwrap_or_default()
    };
    Attempt {
        workflow: first
            .workflow_id
            .clone()
            .unwrap_or_else(|| first.event_id.clone()),
        user,
        time: first.time.clone(),
        time_ms: first.time_ms,
        ip: pick(|e| &e.ip),
        user_agent: pick(|e| &e.user_agent),
        steps,
        outcome,
        failed,
        events: idx,
    }
}
