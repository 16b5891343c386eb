//! Users and groups created and deleted in the logs (Identity Store, directory and SCIM events), and
//! the re-created principals among them: a delete followed by a create of the same user name or group
//! display name with a different id (aws-rules.md 4: "Deleting and re-creating a user or group with
//! the same name creates a new internal ID").
//!
//! Names are often absent (SCIM masks them; the new userIdentity shape omits them), so an id's name
//! is also learned from earlier creates and from sign-in events that carry both `onBehalfOf.userId`
//! and the typed `UserName`; a pasted `list-users`/`list-groups` supplies the new id when the logs
//! hold only the delete.

use std::collections::HashMap;

use super::model::Event;
use crate::assignments::listing::Listings;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    User,
    Group,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Group => "group",
        }
    }
}

/// Sources whose CreateUser/DeleteUser are Identity Center's (IAM's CreateUser is not).
const SOURCES: [&str; 4] = [
    "identitystore.amazonaws.com",
    "identitystore-scim.amazonaws.com",
    "sso-directory.amazonaws.com",
    "sso.amazonaws.com",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Create,
    Delete,
}

/// One successful create or delete of a user or group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub event: usize,
    pub op: Op,
    pub kind: Kind,
    pub id: Option<String>,
    pub name: Option<String>,
}

pub fn change(e: &Event, event: usize) -> Option<Change> {
    if !SOURCES.contains(&e.source.as_str()) || e.failed() {
        return None;
    }
    let (op, kind) = match e.name.as_str() {
        "CreateUser" => (Op::Create, Kind::User),
        "DeleteUser" => (Op::Delete, Kind::User),
        "CreateGroup" => (Op::Create, Kind::Group),
        "DeleteGroup" => (Op::Delete, Kind::Group),
        _ => return None,
    };
    let name = match kind {
        Kind::User => e
            .request
            .user_name
            .clone()
            .or_else(|| e.response.user_name.clone()),
        Kind::Group => e
            .request
            .display_name
            .clone()
            .or_else(|| e.response.display_name.clone()),
    };
    let pick = |p: &super::model::Params| match kind {
        Kind::User => p.user_id.clone().or_else(|| p.id.clone()),
        Kind::Group => p.group_id.clone().or_else(|| p.id.clone()),
    };
    let id = match op {
        Op::Create => pick(&e.response).or_else(|| pick(&e.request)),
        Op::Delete => pick(&e.request).or_else(|| pick(&e.response)),
    };
    Some(Change {
        event,
        op,
        kind,
        id,
        name,
    })
}

/// Event indexes in time order (records without a time keep their input order at the end).
pub fn time_order(events: &[Event]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..events.len()).collect();
    idx.sort_by(|&a, &b| {
        let (ta, tb) = (events[a].time_ms, events[b].time_ms);
        match (ta, tb) {
            (Some(x), Some(y)) => x.cmp(&y).then(a.cmp(&b)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.cmp(&b),
        }
    });
    idx
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recreated {
    pub kind: Kind,
    pub name: String,
    pub old_id: String,
    pub new_id: String,
    /// The delete event, when the logs hold it.
    pub deleted: Option<usize>,
    /// The create event, or `None` when the new id comes from a pasted listing.
    pub created: Option<usize>,
}

/// Every changes' ids with their names, as far as the logs tell.
fn names(events: &[Event], order: &[usize]) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for &i in order {
        let e = &events[i];
        if let Some(c) = change(e, i) {
            if let (Some(id), Some(name)) = (c.id, c.name) {
                map.insert(id, name);
            }
        }
        if let (Some(id), Some(name)) = (&e.identity.user_id, &e.typed_user) {
            map.entry(id.clone()).or_insert_with(|| name.clone());
        }
        if let (Some(id), Some(name)) = (&e.identity.principal_id, &e.identity.user_name) {
            map.entry(id.clone()).or_insert_with(|| name.clone());
        }
    }
    map
}

pub fn recreated(events: &[Event], listing: Option<&Listings>) -> Vec<Recreated> {
    let order = time_order(events);
    let known = names(events, &order);
    let mut out = Vec::new();
    let mut live: HashMap<(Kind, String), (String, usize)> = HashMap::new();
    let mut deleted: HashMap<(Kind, String), (String, usize, String)> = HashMap::new();
    for &i in &order {
        let Some(c) = change(&events[i], i) else {
            continue;
        };
        let Some(id) = c.id.clone() else { continue };
        let name = c.name.clone().or_else(|| known.get(&id).cloned());
        let Some(name) = name else { continue };
        let key = (c.kind, name.to_lowercase());
        match c.op {
            Op::Delete => {
                live.remove(&key);
                deleted.insert(key, (id, i, name));
            }
            Op::Create => {
                if let Some((old, del, _)) = deleted.remove(&key) {
                    if old != id {
                        out.push(Recreated {
                            kind: c.kind,
                            name: name.clone(),
                            old_id: old,
                            new_id: id.clone(),
                            deleted: Some(del),
                            created: Some(i),
                        });
                    }
                } else if let Some((old, _)) = live.get(&key) {
                    if *old != id {
                        out.push(Recreated {
                            kind: c.kind,
                            name: name.clone(),
                            old_id: old.clone(),
                            new_id: id.clone(),
                            deleted: None,
                            created: Some(i),
                        });
                    }
                }
                live.insert(key, (id, i));
            }
        }
    }
    // Deleted in the logs, and present under a new id in the pasted listing.
    if let Some(l) = listing {
        let ix = crate::assignments::listing::Index::new(l);
        let mut rest: Vec<_> = deleted.into_values().collect();
        rest.sort_by_key(|(_, i, _)| *i);
        for (old, del, name) in rest {
            let kind = change(&events[del], del)
                .map(|c| c.kind)
                .unwrap_or(Kind::User);
            let new_id = match kind {
                Kind::User => ix.user_named(&name).map(str::to_string),
                Kind::Group => ix.group_named(&name).map(str::to_string),
            };
            if let Some(new_id) = new_id.filter(|n| *n != old) {
                out.push(Recreated {
                    kind,
                    name,
                    old_id: old,
                    new_id,
                    deleted: Some(del),
                    created: None,
                });
            }
        }
    }
    out
}

/// Successful CreateUser events by lowercased user name: (time, event index).
pub fn user_creations(events: &[Event]) -> HashMap<String, Vec<(Option<i64>, usize)>> {
    let mut map: HashMap<String, Vec<(Option<i64>, usize)>> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        if let Some(c) = change(e, i) {
            if let (Op::Create, Kind::User, Some(n)) = (c.op, c.kind, c.name) {
                map.entry(n.to_lowercase())
                    .or_default()
                    .push((e.time_ms, i));
            }
        }
    }
    map
}
