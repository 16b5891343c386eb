//! Stale assignments: every assignment whose principal is not in the identity store listing, with the
//! exact sso-admin commands and the re-created principal's new id.

mod cloudtrail_common;
use cloudtrail_common::*;

use ssocheck::doc::Document;
use ssocheck::tools::{InputFile, ToolRequest};

const OLD_CAROL: &str = "906722a1b2-c0c0c0c0-1111-4a5b-9c8d-7e6f5a4b3c2d";
const NEW_CAROL: &str = "906722a1b2-c1c1c1c1-2222-4a5b-9c8d-7e6f5a4b3c2d";
const OLD_ADMINS: &str = "906722a1b2-a0a0a0a0-1111-4a5b-9c8d-7e6f5a4b3c2d";
const NEW_ADMINS: &str = "906722a1b2-a1a1a1a1-2222-4a5b-9c8d-7e6f5a4b3c2d";
const GHOST: &str = "906722a1b2-9905e000-1111-4a5b-9c8d-7e6f5a4b3c2d";
const ALICE: &str = "906722a1b2-a11ce000-1111-4a5b-9c8d-7e6f5a4b3c2d";

fn run(fields: &[(&str, Vec<u8>)]) -> Document {
    let req = ToolRequest {
        tool: "assignments".into(),
        files: fields
            .iter()
            .map(|(n, b)| InputFile {
                name: n.to_string(),
                bytes: b.clone(),
            })
            .collect(),
        fields: vec![],
        now_ms: NOW_MS,
    };
    ssocheck::tools::run(&req)
}

fn standard(with_trail: bool) -> Document {
    let mut f = vec![
        (
            "assignments",
            assignment_fixture("account-assignments.json"),
        ),
        ("users", assignment_fixture("list-users.json")),
        ("groups", assignment_fixture("list-groups.json")),
    ];
    if with_trail {
        f.push(("cloudtrail", fixture("recreated-principals.json")));
    }
    run(&f)
}

#[test]
fn stale_principals_are_reported_with_exact_commands() {
    let d = standard(false);
    assert!(d.accepted);
    assert_eq!(d.exit_code(), 1);
    let stale: Vec<_> = d
        .findings
        .iter()
        .filter(|f| f.check == "assignments.stale-principal")
        .collect();
    assert_eq!(stale.len(), 3, "{}", d.to_text());
    let ev: Vec<&str> = stale
        .iter()
        .filter_map(|f| f.evidence.as_ref())
        .map(|e| e.value.as_str())
        .collect();
    for id in [OLD_CAROL, OLD_ADMINS, GHOST] {
        assert!(ev.contains(&id), "{id} not reported");
    }
    assert!(!ev.contains(&ALICE));
    let carol = stale
        .iter()
        .find(|f| f.message.contains(OLD_CAROL))
        .expect("carol");
    assert_eq!(
        carol.fix,
        format!(
            "aws sso-admin delete-account-assignment --instance-arn arn:aws:sso:::instance/ssoins-7223a0b1c2d3e4f5 --target-id 111122223333 --target-type AWS_ACCOUNT --permission-set-arn arn:aws:sso:::permissionSet/ssoins-7223a0b1c2d3e4f5/ps-0a1b2c3d4e5f6a7b --principal-type USER --principal-id {OLD_CAROL}\naws sso-admin create-account-assignment --instance-arn arn:aws:sso:::instance/ssoins-7223a0b1c2d3e4f5 --target-id 111122223333 --target-type AWS_ACCOUNT --permission-set-arn arn:aws:sso:::permissionSet/ssoins-7223a0b1c2d3e4f5/ps-0a1b2c3d4e5f6a7b --principal-type USER --principal-id NEW_PRINCIPAL_ID"
        )
    );
    let cmds = code_lines(&d, "commands").expect("commands block");
    assert!(
        cmds.iter()
            .filter(|l| l.starts_with("aws sso-admin delete-account-assignment"))
            .count()
            == 3
    );
    assert_eq!(table_rows(&d, "stale").len(), 3);
}

#[test]
fn recreated_principals_get_their_new_id_from_the_logs() {
    let d = standard(true);
    let carol = d
        .findings
        .iter()
        .find(|f| f.message.contains(OLD_CAROL))
        .expect("carol");
    assert!(
        carol.message.contains("\"carol\"") && carol.message.contains(NEW_CAROL),
        "{}",
        carol.message
    );
    assert!(carol.fix.ends_with(&format!("--principal-id {NEW_CAROL}")));
    let admins = d
        .findings
        .iter()
        .find(|f| f.message.contains(OLD_ADMINS))
        .expect("admins");
    assert!(admins.fix.contains(&format!(
        "--principal-type GROUP --principal-id {NEW_ADMINS}"
    )));
    let ghost = d
        .findings
        .iter()
        .find(|f| f.message.contains(GHOST))
        .expect("ghost");
    assert!(ghost.fix.ends_with("NEW_PRINCIPAL_ID"));
}

#[test]
fn application_assignments_and_nothing_stale() {
    let d = run(&[
        (
            "assignments",
            assignment_fixture("application-assignments.json"),
        ),
        ("users", assignment_fixture("list-users.json")),
        ("groups", assignment_fixture("list-groups.json")),
    ]);
    let stale: Vec<_> = d
        .findings
        .iter()
        .filter(|f| f.check == "assignments.stale-principal")
        .collect();
    assert_eq!(stale.len(), 1);
    assert!(stale[0].fix.starts_with("aws sso-admin delete-application-assignment --application-arn arn:aws:sso::111122223333:application/ssoins-7223a0b1c2d3e4f5/apl-0123456789abcdef --principal-type GROUP --principal-id 906722a1b2-a0a0a0a0"));

    // Alice only, and she exists: nothing to report.
    let only_alice = format!(
        r#"{{"AccountAssignments":[{{"AccountId":"111122223333","PermissionSetArn":"arn:aws:sso:::permissionSet/ssoins-7223a0b1c2d3e4f5/ps-0a1b2c3d4e5f6a7b","PrincipalType":"USER","PrincipalId":"{ALICE}"}}]}}"#
    );
    let d = run(&[
        ("assignments", only_alice.into_bytes()),
        ("users", assignment_fixture("list-users.json")),
    ]);
    assert!(d.accepted);
    assert!(d.findings.is_empty(), "{}", d.to_text());
    assert_eq!(d.exit_code(), 0);
}

#[test]
fn group_assignments_need_a_group_listing() {
    let d = run(&[
        (
            "assignments",
            assignment_fixture("account-assignments.json"),
        ),
        ("users", assignment_fixture("list-users.json")),
    ]);
    let stale: Vec<_> = d
        .findings
        .iter()
        .filter(|f| f.check == "assignments.stale-principal")
        .collect();
    assert_eq!(stale.len(), 2, "users only: carol and the ghost");
    assert!(d.to_text().contains("Group assignments were not checked"));
}

#[test]
fn not_a_listing_is_assignments_input() {
    for bad in [
        b"not json".to_vec(),
        br#"{"Foo":[]}"#.to_vec(),
        br#"{"AccountAssignments":[{"AccountId":"1""#.to_vec(),
    ] {
        let d = run(&[
            ("assignments", bad),
            ("users", assignment_fixture("list-users.json")),
        ]);
        assert!(!d.accepted);
        assert_eq!(d.exit_code(), 2);
        assert_eq!(d.findings[0].check, "assignments.input");
    }
    let d = run(&[("users", assignment_fixture("list-users.json"))]);
    assert!(!d.accepted && d.findings[0].message.contains("list-account-assignments"));
}

#[test]
fn redacted_copy_removes_ids_names_and_accounts() {
    let d = standard(true);
    let plain = d.to_text();
    assert!(plain.contains(OLD_CAROL) && plain.contains("111122223333"));
    let r = d.redacted();
    let red = format!("{}{}{}", r.to_text(), r.to_json(), r.to_markdown());
    for s in [
        OLD_CAROL,
        NEW_CAROL,
        OLD_ADMINS,
        GHOST,
        "111122223333",
        "444455556666",
        "carol",
    ] {
        assert!(!red.contains(s), "{s} survived");
    }
}

#[test]
fn shell_quoting_of_odd_values() {
    use ssocheck::assignments::commands::{instance_arn, quote};
    assert_eq!(quote("abc-123"), "abc-123");
    assert_eq!(quote("a b'c"), "'a b'\\''c'");
    assert_eq!(quote("$(rm -rf /)"), "'$(rm -rf /)'");
    assert_eq!(
        instance_arn("arn:aws-cn:sso:::permissionSet/ssoins-1/ps-2").as_deref(),
        Some("arn:aws-cn:sso:::instance/ssoins-1")
    );
    assert_eq!(instance_arn("nonsense"), None);
}
