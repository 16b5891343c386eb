//! `#/directory` and `ssocheck directory`: which groups are AD primary groups, and which users are
//! members of an assigned group only through their primary group (so Identity Center never sees it).

use crate::directory::adinput::{self, AdInput, Record};
use crate::directory::checks::{DIR_INPUT, PRIMARY_GROUP};
use crate::doc::{Block, Document, Link, Table};
use crate::finding::{Evidence, Finding, Severity};
use crate::tools::ToolRequest;

/// Users named in one finding's evidence; the table lists them all (up to [`MAX_ROWS`]).
const MAX_NAMES: usize = 20;
pub const MAX_ROWS: usize = 1000;

fn names(list: &[&Record]) -> String {
    let mut s: Vec<&str> = list
        .iter()
        .take(MAX_NAMES)
        .map(|r| r.name.as_str())
        .collect();
    let more = list.len().saturating_sub(MAX_NAMES);
    let mut out = s.join(", ");
    if more > 0 {
        out.push_str(&format!(" and {more} more"));
    }
    s.clear();
    out
}

pub fn analyze(req: &ToolRequest) -> Document {
    let mut bytes = Vec::new();
    for f in req.main_files(&crate::directory::TOOL) {
        if !bytes.is_empty() {
            bytes.push(b'\n');
        }
        if bytes.len() <= adinput::MAX_BYTES {
            bytes.extend_from_slice(&f.bytes);
        }
    }
    let assigned: Vec<String> = req
        .field("assigned")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let input = adinput::read(&bytes);
    build(&input, &assigned)
}

pub fn build(input: &AdInput, assigned: &[String]) -> Document {
    let mut findings = Vec::new();
    let fatal = input.problems.iter().any(|(_, f)| *f);
    for (msg, is_fatal) in &input.problems {
        let f = Finding::new(
            &DIR_INPUT,
            format!("The directory export cannot be used: {msg}."),
        );
        findings.push(if *is_fatal {
            f
        } else {
            f.severity(Severity::Info)
        });
    }
    let users: Vec<&Record> = input.records.iter().collect();
    let accepted = !fatal && !users.is_empty();
    if !fatal && users.is_empty() {
        findings.push(Finding::new(
            &DIR_INPUT,
            "No user or member records were found in the export.",
        ));
    }
    let with_pg = users.iter().filter(|r| r.primary_group.is_some()).count();
    let with_mo = users.iter().filter(|r| r.has_member_of).count();
    let collapsed = users.iter().filter(|r| r.member_of_collapsed).count();
    let listing = with_pg == 0 && with_mo == 0 && !users.is_empty();
    if accepted {
        if collapsed > 0 {
            findings.push(Finding::new(&DIR_INPUT, format!(
                "MemberOf holds the type name {} for {collapsed} records instead of the groups: Export-Csv cannot flatten a list. Export it joined: @{{n='MemberOf';e={{$_.MemberOf -join ';'}}}}.",
                adinput::COLLECTION_TYPE
            )).severity(Severity::Warning).evidence(Evidence::new(adinput::COLLECTION_TYPE, "MemberOf")));
        }
        if listing {
            findings.push(Finding::new(&DIR_INPUT, format!(
                "This looks like a Get-ADGroupMember listing ({} members): it has no PrimaryGroup or MemberOf, and (best knowledge) it also lists members through primaryGroupID, which Identity Center does not see. Paste `Get-ADUser -Properties PrimaryGroup,MemberOf` for these users to find who is a member only through the primary group.",
                users.len()
            )).severity(Severity::Info));
        } else if with_pg < users.len() || with_mo < users.len() {
            findings.push(Finding::new(&DIR_INPUT, format!(
                "{} of {} records lack PrimaryGroup/primaryGroupID and {} lack MemberOf: run Get-ADUser with -Properties PrimaryGroup,MemberOf (ldapsearch: request primaryGroupID and memberOf).",
                users.len() - with_pg, users.len(), users.len() - with_mo
            )).severity(Severity::Warning));
        } else if collapsed == 0 {
            findings.push(Finding::pass(
                &DIR_INPUT,
                format!(
                    "Read {} records ({}) with primary group and memberOf.",
                    users.len(),
                    input.format.map(|f| f.label()).unwrap_or("")
                ),
            ));
        }
    }

    // Primary groups and their users.
    let mut primaries: Vec<(String, Vec<&Record>)> = Vec::new();
    for r in &users {
        if let Some(pg) = &r.primary_group {
            match primaries
                .iter_mut()
                .find(|(g, _)| g.eq_ignore_ascii_case(pg))
            {
                Some((_, v)) => v.push(r),
                None => primaries.push((pg.clone(), vec![r])),
            }
        }
    }
    let is_assigned = |g: &str| assigned.iter().any(|a| a.eq_ignore_ascii_case(g));
    let mut only_primary_total = 0;
    for (group, members) in &primaries {
        // Members whose membership of this group exists only through primaryGroupID.
        let only: Vec<&Record> = members
            .iter()
            .copied()
            .filter(|r| !r.member_of.iter().any(|m| m.eq_ignore_ascii_case(group)))
            .collect();
        if is_assigned(group) {
            only_primary_total += only.len();
            findings.push(
                Finding::new(&PRIMARY_GROUP, format!(
                    "The assigned group «{group}» is the primary group of {} of the {} users listed; Identity Center cannot read primary-group membership, so these users are not members of «{group}» in Identity Center{}.",
                    only.len(), users.len(),
                    if group.eq_ignore_ascii_case("Domain Users") { " (the guide's \"Domain Users\" case)" } else { "" }
                ))
                .evidence(Evidence::new(names(&only), format!("PrimaryGroup = {group}")))
                .fix(format!("Assign a regular group instead of «{group}»: create one (for example AWS-Users), add these users to it explicitly (Add-ADGroupMember), and assign that group in Identity Center.")),
            );
        } else {
            let sev = if assigned.is_empty() {
                Severity::Warning
            } else {
                Severity::Info
            };
            findings.push(
                Finding::new(&PRIMARY_GROUP, format!(
                    "«{group}» is a primary group ({} users{}). Identity Center cannot read or synchronise primary-group membership: do not assign «{group}»; it would look empty or incomplete.",
                    members.len(),
                    members.first().and_then(|r| r.primary_group_id).map(|id| format!(", primaryGroupID {id}")).unwrap_or_default()
                ))
                .severity(sev)
                .evidence(Evidence::new(names(members), format!("PrimaryGroup = {group}"))),
            );
        }
    }
    if !assigned.is_empty() && accepted && !listing && only_primary_total == 0 {
        findings.push(Finding::pass(
            &PRIMARY_GROUP,
            format!(
                "No assigned group ({}) is the primary group of a listed user: every membership of an assigned group is explicit.",
                assigned.join(", ")
            ),
        ));
    }

    // Table of users.
    let mut t = Table::new([
        "User",
        "Primary group",
        "Member of",
        "Assigned groups Identity Center sees",
    ]);
    t.filterable = users.len() > 10;
    for r in users.iter().take(MAX_ROWS) {
        let seen: Vec<&str> = r
            .member_of
            .iter()
            .filter(|m| is_assigned(m))
            .map(String::as_str)
            .collect();
        let lost = r.primary_group.as_deref().is_some_and(|g| {
            is_assigned(g) && !r.member_of.iter().any(|m| m.eq_ignore_ascii_case(g))
        });
        let mo = if r.member_of_collapsed {
            "(type name only)".to_string()
        } else {
            let mut s = r
                .member_of
                .iter()
                .take(8)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ");
            if r.member_of.len() > 8 {
                s.push_str(&format!("; … {} in all", r.member_of.len()));
            }
            s
        };
        let row = t.row([
            r.name.clone(),
            r.primary_group.clone().unwrap_or_default(),
            mo,
            if assigned.is_empty() {
                "(give --assigned)".into()
            } else {
                seen.join("; ")
            },
        ]);
        row.status = Some(if lost {
            Severity::Error
        } else {
            Severity::Pass
        });
    }

    let title = if accepted {
        format!(
            "Primary groups: {} users, {} primary {}",
            users.len(),
            primaries.len(),
            if primaries.len() == 1 {
                "group"
            } else {
                "groups"
            }
        )
    } else {
        "Primary groups: export not readable".to_string()
    };
    crate::directory::with_evidence(&mut findings, "export");
    let mut doc = Document::new("directory", title).findings(findings);
    doc.accepted = accepted;
    doc.detected = match input.format {
        Some(f) if accepted => format!(
            "{} ({}), {} records",
            if listing {
                "Get-ADGroupMember output"
            } else if f == adinput::Format::Ldif {
                "LDAP entries"
            } else {
                "Get-ADUser output"
            },
            f.label(),
            users.len()
        ),
        _ => input
            .problems
            .first()
            .map(|(m, _)| m.clone())
            .unwrap_or_else(|| "no records".into()),
    };
    for r in &users {
        doc.private_values.push(r.name.clone());
        if !r.dn.is_empty() {
            doc.private_values.push(r.dn.clone());
        }
    }
    if !users.is_empty() {
        doc = doc.block(Block::table(
            "users",
            "Users, primary groups and memberships",
            t,
        ));
    }
    doc.block(Block::text(
        "why",
        "Why primary groups do not synchronise",
        vec![
            "Active Directory keeps a user's primary group (Domain Users, primaryGroupID 513, unless changed) in the user's primaryGroupID attribute, not in the group's member list or the user's memberOf. Identity Center reads member and memberOf, so it cannot read or synchronise the Domain Users group or any other primary group (User Guide, troubleshooting).".into(),
            "What to assign instead: a regular security group whose members are added explicitly.".into(),
        ],
    ))
    .block(Block::links(
        "links",
        "See also",
        vec![Link::new("User Guide: troubleshooting (Domain Users)", crate::topics::GUIDE_URL)],
    ))
}
