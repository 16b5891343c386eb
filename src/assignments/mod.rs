//! `#/assignments` and `ssocheck assignments`: finds account and application assignments whose
//! principal no longer exists in the identity store (deleted, perhaps re-created with a new id) and
//! prints the exact `aws sso-admin` commands that move them to the current principal.

pub mod checks;
pub mod commands;
pub mod listing;

use std::collections::{BTreeSet, HashMap};

use crate::doc::{Block, Code, Document, KeyValue, Table};
use crate::finding::{Evidence, Finding, Severity};
use crate::tools::{FieldKind, FieldSpec, MainInput, ToolRequest, ToolSpec};
use crate::topics::Topic;

use listing::{Assignment, Listings};

pub const TOOL: ToolSpec = ToolSpec {
    id: "assignments",
    route: "assignments",
    command: "assignments",
    label: "Assignments",
    title: "Find stale assignments",
    intro: "Paste the JSON of aws sso-admin list-account-assignments (or list-account-assignments-for-principal, list-application-assignments) and of aws identitystore list-users and list-groups. Every assignment to a user or group that no longer exists is listed with the commands that move it to the current principal.",
    input: MainInput::None,
    fields: &[
        FieldSpec {
            name: "assignments",
            label: "Assignments",
            help: "Output of aws sso-admin list-account-assignments, list-account-assignments-for-principal or list-application-assignments (several pasted one after another)",
            flag: "--assignments",
            kind: FieldKind::TextArea {
                placeholder: "{\"AccountAssignments\":[{\"AccountId\":\"111122223333\",\"PermissionSetArn\":\"arn:aws:sso:::permissionSet/ssoins-.../ps-...\",\"PrincipalType\":\"USER\",\"PrincipalId\":\"...\"}]}",
            },
        },
        FieldSpec {
            name: "users",
            label: "Users",
            help: "Output of aws identitystore list-users (or describe-user)",
            flag: "--users",
            kind: FieldKind::TextArea {
                placeholder: "{\"Users\":[{\"UserId\":\"...\",\"UserName\":\"alice@example.com\"}]}",
            },
        },
        FieldSpec {
            name: "groups",
            label: "Groups",
            help: "Output of aws identitystore list-groups (or describe-group)",
            flag: "--groups",
            kind: FieldKind::TextArea {
                placeholder: "{\"Groups\":[{\"GroupId\":\"...\",\"DisplayName\":\"Admins\"}]}",
            },
        },
        FieldSpec {
            name: "cloudtrail",
            label: "CloudTrail events (optional)",
            help: "Identity Store or SCIM events that name the deleted users and groups, so the re-created principal's new id can be given",
            flag: "--cloudtrail",
            kind: FieldKind::TextArea {
                placeholder: "{\"Records\":[...]}",
            },
        },
    ],
    runs_without_input: false,
    topics: &[Topic::StaleAssignment],
    cli_help: "Example: ssocheck assignments --assignments assignments.json --users users.json --groups groups.json",
};

/// Findings of stale assignments beyond this number are summed up in one more finding.
pub const MAX_FINDINGS: usize = 100;

fn rejected(why: String, location: &str, line: Option<u32>, column: Option<u32>) -> Document {
    let mut ev = Evidence::new("", location);
    if let Some(l) = line {
        ev = ev.at(l, column.unwrap_or(1));
    }
    let mut d = Document::new("assignments", "Assignments: nothing to check")
        .findings(vec![Finding::new(&checks::INPUT, why.clone()).evidence(ev)]);
    d.accepted = false;
    d.detected = why;
    d
}

/// One stale assignment, with what is known about its principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub assignment: Assignment,
    pub application: bool,
    /// Position in its listing (0-based).
    pub index: usize,
    pub name: Option<String>,
    pub new_id: Option<String>,
}

/// The stale assignments of `l`; `names` maps old principal ids to names (from CloudTrail).
pub fn stale(l: &Listings, names: &HashMap<String, String>) -> Vec<Stale> {
    let mut out = Vec::new();
    let all = l
        .account_assignments
        .iter()
        .map(|a| (a, false))
        .enumerate()
        .chain(
            l.application_assignments
                .iter()
                .map(|a| (a, true))
                .enumerate(),
        );
    let ix = listing::Index::new(l);
    for (index, (a, application)) in all {
        let Some(id) = a.principal_id.as_deref() else {
            continue;
        };
        let kind = a
            .principal_type
            .as_deref()
            .unwrap_or("")
            .to_ascii_uppercase();
        let (is_user, is_group) = (kind == "USER", kind == "GROUP");
        let known_user = ix.has_user(id);
        let known_group = ix.has_group(id);
        let missing = if is_user {
            l.has_users && !known_user
        } else if is_group {
            l.has_groups && !known_group
        } else {
            l.has_users && l.has_groups && !known_user && !known_group
        };
        if !missing {
            continue;
        }
        let name = names.get(id).cloned();
        let new_id = name.as_deref().and_then(|n| {
            if is_group {
                ix.group_named(n).map(str::to_string)
            } else {
                ix.user_named(n).map(str::to_string)
            }
        });
        out.push(Stale {
            assignment: a.clone(),
            application,
            index,
            name,
            new_id: new_id.filter(|n| n != id),
        });
    }
    out
}

/// Old principal ids with their names, from CloudTrail events (creates, deletes, sign-ins).
fn names_from_cloudtrail(bytes: &[u8]) -> Result<HashMap<String, String>, String> {
    let parsed = crate::cloudtrail::input::parse_bytes(bytes);
    if let Some(p) = parsed.files.iter().find_map(|f| f.problem.as_ref()) {
        if parsed.events.is_empty() {
            return Err(p.message.clone());
        }
    }
    let mut map = HashMap::new();
    for (i, e) in parsed.events.iter().enumerate() {
        if let Some(c) = crate::cloudtrail::principals::change(e, i) {
            if let (Some(id), Some(n)) = (c.id, c.name) {
                map.insert(id, n);
            }
        }
        if let (Some(id), Some(n)) = (&e.identity.user_id, &e.typed_user) {
            map.entry(id.clone()).or_insert_with(|| n.clone());
        }
    }
    Ok(map)
}

pub fn analyze(req: &ToolRequest) -> Document {
    let mut l = Listings::default();
    for name in ["assignments", "users", "groups"] {
        if let Some(f) = req.field_file(name) {
            if let Err(e) = listing::read(name, &f.bytes, &mut l) {
                return rejected(format!("{name}: {}", e.message), name, e.line, e.column);
            }
        }
    }
    // Main input files, if a caller sends the listing that way.
    for f in req.main_files(&TOOL) {
        if let Err(e) = listing::read("input", &f.bytes, &mut l) {
            return rejected(format!("input: {}", e.message), "input", e.line, e.column);
        }
    }
    if !l.has_assignments() {
        return rejected(
            "no assignments were given: paste the output of aws sso-admin list-account-assignments (or list-account-assignments-for-principal, list-application-assignments)".into(),
            "assignments",
            None,
            None,
        );
    }
    if !l.has_users && !l.has_groups {
        return rejected(
            "no identity store listing was given: paste the output of aws identitystore list-users (and list-groups for group assignments)".into(),
            "users",
            None,
            None,
        );
    }
    let mut notes = Vec::new();
    let names = match req.field_file("cloudtrail") {
        Some(f) => match names_from_cloudtrail(&f.bytes) {
            Ok(m) => m,
            Err(e) => {
                notes.push(format!("The CloudTrail events could not be read ({e}); new ids are given only where the logs name the old principal."));
                HashMap::new()
            }
        },
        None => HashMap::new(),
    };
    build(&l, &names, notes)
}

fn build(l: &Listings, names: &HashMap<String, String>, mut notes: Vec<String>) -> Document {
    let stale = stale(l, names);
    let total = l.account_assignments.len() + l.application_assignments.len();
    let mut findings = Vec::new();
    let mut table = Table::new([
        "Account or application",
        "Permission set",
        "Principal type",
        "Stale principal id",
        "Name (from the logs)",
        "Current id of that name",
    ]);
    table.filterable = true;
    let mut script = Vec::new();
    for s in &stale {
        let a = &s.assignment;
        let old = a.principal_id.clone().unwrap_or_default();
        let ptype = a.principal_type.clone().unwrap_or_else(|| "USER".into());
        let target = if s.application {
            a.application_arn.clone().unwrap_or_default()
        } else {
            a.account_id.clone().unwrap_or_default()
        };
        let (delete, create) = commands::pair(a, s.application, s.new_id.as_deref());
        script.push(format!("# {ptype} {old} on {target}"));
        script.push(delete.clone());
        script.push(create.clone());
        script.push(String::new());
        let row = table.row([
            target.clone(),
            a.permission_set_arn.clone().unwrap_or_default(),
            ptype.clone(),
            old.clone(),
            s.name.clone().unwrap_or_default(),
            s.new_id.clone().unwrap_or_default(),
        ]);
        row.status = Some(Severity::Error);
        if findings.len() < MAX_FINDINGS {
            let what = if s.application {
                format!("application {target}")
            } else {
                format!(
                    "account {target} with permission set {}",
                    a.permission_set_arn.as_deref().unwrap_or("(not given)")
                )
            };
            let named = match (&s.name, &s.new_id) {
                (Some(n), Some(new)) => format!(" The logs name it \"{n}\", which exists again with id {new}: it was re-created."),
                (Some(n), None) => format!(" The logs name it \"{n}\"; no current {} has that name.", ptype.to_lowercase()),
                _ => String::new(),
            };
            let listing = if s.application {
                "ApplicationAssignments"
            } else {
                "AccountAssignments"
            };
            findings.push(
                Finding::new(
                    &checks::STALE_PRINCIPAL,
                    format!(
                        "The {} {old} assigned to {what} is not in the identity store listing: the assignment is stale.{named}",
                        ptype.to_lowercase()
                    ),
                )
                .evidence(Evidence::new(
                    old.clone(),
                    format!("{listing}, item {} of the pasted listings", s.index + 1),
                ))
                .fix(format!("{delete}\n{create}")),
            );
        }
    }
    if stale.len() > MAX_FINDINGS {
        findings.push(Finding::new(
            &checks::STALE_PRINCIPAL,
            format!(
                "{} more stale assignments (all are in the table and the commands below).",
                stale.len() - MAX_FINDINGS
            ),
        ));
    }
    if !l.has_groups
        && l.account_assignments
            .iter()
            .chain(&l.application_assignments)
            .any(|a| a.principal_type.as_deref() == Some("GROUP"))
    {
        notes.push("Group assignments were not checked: paste the output of aws identitystore list-groups.".into());
    }
    if !l.has_users
        && l.account_assignments
            .iter()
            .chain(&l.application_assignments)
            .any(|a| a.principal_type.as_deref() == Some("USER"))
    {
        notes.push(
            "User assignments were not checked: paste the output of aws identitystore list-users."
                .into(),
        );
    }
    let mut d = Document::new(
        "assignments",
        format!("Assignments: {} of {} stale", stale.len(), total),
    )
    .findings(findings);
    d.detected = format!(
        "{}; {} account assignments, {} application assignments, {} users, {} groups",
        l.kinds.join(", "),
        l.account_assignments.len(),
        l.application_assignments.len(),
        l.users.len(),
        l.groups.len()
    );
    d = d.block(Block::key_values(
        "summary",
        "Summary",
        vec![
            KeyValue::new("Assignments checked", total.to_string()),
            KeyValue::new("Stale", stale.len().to_string()).status(if stale.is_empty() {
                Severity::Pass
            } else {
                Severity::Error
            }),
            KeyValue::new("Users in the listing", l.users.len().to_string()),
            KeyValue::new("Groups in the listing", l.groups.len().to_string()),
        ],
    ));
    if stale.is_empty() {
        notes.insert(
            0,
            format!("All {total} assignments reference users and groups in the listing."),
        );
    }
    if !notes.is_empty() {
        d = d.block(Block::text("notes", "Notes", notes));
    }
    if !stale.is_empty() {
        d = d.block(Block::table("stale", "Stale assignments", table));
        script.pop();
        d = d.block(Block::code(
            "commands",
            "Commands: delete each stale assignment and create it for the current principal (replace NEW_PRINCIPAL_ID where no re-created principal was found)",
            Code {
                language: "shell".into(),
                lines: script,
                highlight: vec![],
                indent: Vec::new(),
            },
        ));
    }
    d.private_values = private_values(l, names);
    d
}

fn private_values(l: &Listings, names: &HashMap<String, String>) -> Vec<String> {
    let mut set = BTreeSet::new();
    let mut add = |v: Option<&String>| {
        if let Some(v) = v.filter(|v| v.trim().len() >= 2) {
            set.insert(v.trim().to_string());
        }
    };
    for a in l
        .account_assignments
        .iter()
        .chain(&l.application_assignments)
    {
        add(a.account_id.as_ref());
        add(a.principal_id.as_ref());
    }
    for u in &l.users {
        add(u.user_id.as_ref());
        add(u.user_name.as_ref());
        add(u.display_name.as_ref());
        for e in &u.emails {
            add(e.value.as_ref());
        }
    }
    for g in &l.groups {
        add(g.group_id.as_ref());
        add(g.display_name.as_ref());
    }
    for (id, n) in names {
        add(Some(id));
        add(Some(n));
    }
    set.into_iter().collect()
}
