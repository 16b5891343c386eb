//! Each CloudTrail finding triggered and not triggered, from fixtures in the documented shapes.

mod cloudtrail_common;
use cloudtrail_common::*;

use ssocheck::cloudtrail::input;
use ssocheck::doc::Body;
use ssocheck::Severity;

const GZ: &str = "111122223333_CloudTrail_us-east-1_20250301T0900Z_Ex4mpleUn1que.json.gz";

#[test]
fn totp_failure_links_the_clock_and_unknown_events_are_ignored() {
    let d = cloudtrail(&["signin-totp-failure.json"], &[]);
    assert!(d.accepted);
    assert_eq!(d.exit_code(), 1);
    assert_eq!(ids(&d, "cloudtrail.input"), 0, "{}", d.to_text());
    assert!(
        d.detected.contains("(Records), 11 events"),
        "{}",
        d.detected
    );
    let m = messages(&d, "cloudtrail.signin.failure");
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("\"alice\"") && m[0].contains("TOTP") && m[0].contains("#/clock"));
    // The timeline: two attempts, the failed one names its step, the other succeeded.
    let rows = table_rows(&d, "timeline");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][1], "alice");
    assert_eq!(rows[0][2], "198.51.100.7");
    assert!(rows[0][3].starts_with("Mozilla/5.0"));
    assert_eq!(rows[0][5], "TOTP");
    assert_eq!(rows[0][6], "failure");
    assert_eq!(rows[1][6], "success");
    let people = table_rows(&d, "people");
    assert_eq!(
        people,
        vec![vec![
            "alice",
            "2",
            "1",
            "2025-03-01T09:00:00Z",
            "2025-03-01T09:05:00Z",
            "TOTP"
        ]]
    );
    let links = d.blocks.iter().find(|b| b.id == "next").expect("links");
    match &links.body {
        Body::Links { links } => {
            assert!(links.iter().any(|l| l.href == "#/clock"));
            assert!(!links.iter().any(|l| l.href == "#/webauthn"));
        }
        _ => panic!("not links"),
    }
}

#[test]
fn both_user_identity_shapes_are_read() {
    let p = input::parse_bytes(&fixture("signin-totp-failure.json"));
    let e = &p.events[0];
    assert_eq!(e.identity.kind, "Unknown");
    assert_eq!(e.identity.user_name.as_deref(), Some("alice"));
    assert_eq!(
        e.identity.principal_id.as_deref(),
        Some("AIDAEXAMPLEALICE0001")
    );
    let p = input::parse_bytes(&fixture("signin-webauthn-failure-new-shape.jsonl"));
    assert_eq!(p.events.len(), 4);
    let e = &p.events[3];
    assert_eq!(e.identity.kind, "IdentityCenterUser");
    assert_eq!(e.identity.user_name, None);
    assert_eq!(
        e.identity.user_id.as_deref(),
        Some("906722a1b2-4f6e1c2d-1111-4a5b-9c8d-7e6f5a4b3c2d")
    );
    assert_eq!(e.typed_user.as_deref(), Some("bob@example.com"));
    assert_eq!(e.detail("CredentialVerification"), Some("Failure"));
}

#[test]
fn webauthn_failure_links_webauthn() {
    let d = cloudtrail(&["signin-webauthn-failure-new-shape.jsonl"], &[]);
    let m = messages(&d, "cloudtrail.signin.failure");
    assert_eq!(m.len(), 1);
    assert!(
        m[0].contains("bob@example.com")
            && m[0].contains("WEBAUTHN")
            && m[0].contains("#/webauthn")
    );
    assert!(d.detected.contains("JSON lines"), "{}", d.detected);
}

#[test]
fn lookup_events_cloudtrail_event_string_is_parsed_again() {
    let d = cloudtrail(&["lookup-events-password-failure.json"], &[]);
    assert!(d.detected.contains("lookup-events"), "{}", d.detected);
    let m = messages(&d, "cloudtrail.signin.failure");
    assert_eq!(m.len(), 1);
    assert!(
        m[0].contains("CORP\\carl")
            && m[0].contains("PASSWORD")
            && m[0].contains("DOMAIN\\UserName")
    );
}

#[test]
fn successful_sign_ins_report_nothing() {
    let d = cloudtrail(&["signin-success-array.json"], &[]);
    assert!(d.accepted);
    assert!(d.findings.is_empty(), "{}", d.to_text());
    assert_eq!(d.exit_code(), 0);
    assert!(d.detected.contains("bare array"));
    let rows = table_rows(&d, "timeline");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][6], "success");
}

#[test]
fn password_internal_failure_and_other_failures() {
    let d = cloudtrail(&["password-internal-failure.json"], &[]);
    assert!(d.detected.contains("single record"));
    let m = messages(&d, "cloudtrail.password.internal-failure");
    assert_eq!(m.len(), 1);
    assert!(
        m[0].contains("InternalFailure")
            && m[0].contains("AWS Support")
            && m[0].contains("plain user name")
    );
    assert!(m[0].contains("password-requirements"));
    assert_eq!(ids(&d, "cloudtrail.password.failure"), 0);

    let d = cloudtrail(&["password-failure.json"], &[]);
    let m = messages(&d, "cloudtrail.password.failure");
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("gina") && m[0].contains("8-64 characters"));
    assert_eq!(ids(&d, "cloudtrail.password.internal-failure"), 0);
    // The successful reset is listed, not reported.
    assert_eq!(table_rows(&d, "events").len(), 2);

    let d = cloudtrail(&["password-success.json"], &[]);
    assert!(d.findings.is_empty());
}

#[test]
fn external_idp_failures_are_explained_and_link_saml() {
    let d = cloudtrail(&["external-idp-failure.json"], &[]);
    let m = messages(&d, "cloudtrail.external-idp.failure");
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(
        m[0].contains("ivy@example.com")
            && m[0].contains("NameID format")
            && m[0].contains("#/saml")
    );
    assert!(m[1].contains("jon@example.com") && m[1].contains("not provisioned"));
    assert!(m[0].contains("best knowledge"));
    let d = cloudtrail(&["external-idp-success.json"], &[]);
    assert!(d.findings.is_empty(), "{}", d.to_text());
}

#[test]
fn scim_failures_map_to_the_rule_they_break() {
    let d = cloudtrail(&["scim-failures.json"], &[]);
    let m = messages(&d, "cloudtrail.scim.failure");
    assert_eq!(m.len(), 5, "{m:?}");
    let find = |needle: &str| m.iter().any(|x| x.contains(needle));
    assert!(find(
        "exactly one value for emails, addresses and phoneNumbers"
    ));
    assert!(find("displayName must be unique"));
    assert!(find("requires path for remove"));
    assert!(find("familyName is empty"));
    assert!(find("only eq is supported"));
    let d = cloudtrail(&["scim-success.json"], &[]);
    assert!(d.findings.is_empty());
}

#[test]
fn recreated_user_and_group_name_both_ids_and_times() {
    let d = cloudtrail(&["recreated-principals.json"], &[]);
    let m = messages(&d, "cloudtrail.principal.recreated");
    assert_eq!(m.len(), 2, "{m:?}");
    let carol = m.iter().find(|x| x.contains("\"carol\"")).expect("carol");
    assert!(carol.contains("906722a1b2-c0c0c0c0-1111-4a5b-9c8d-7e6f5a4b3c2d"));
    assert!(carol.contains("906722a1b2-c1c1c1c1-2222-4a5b-9c8d-7e6f5a4b3c2d"));
    assert!(carol.contains("2025-03-08T09:00:00Z") && carol.contains("2025-03-08T09:30:00Z"));
    assert!(m.iter().any(|x| x.contains("group \"Admins\"")));
    assert!(
        !m.iter().any(|x| x.contains("dave")),
        "deleted, not re-created"
    );
    assert!(d.findings.iter().all(|f| f.severity == Severity::Warning));
    assert_eq!(d.exit_code(), 0);

    // Only the delete in the logs: a pasted list-users gives the new id.
    let d = cloudtrail(&["deleted-only.json"], &[]);
    assert_eq!(ids(&d, "cloudtrail.principal.recreated"), 0);
    let mut req_files = vec![("deleted-only.json", fixture("deleted-only.json"))];
    req_files.push(("users", assignment_fixture("list-users.json")));
    let d = cloudtrail_bytes(req_files, &[]);
    let m = messages(&d, "cloudtrail.principal.recreated");
    assert_eq!(m.len(), 1, "{}", d.to_text());
    assert!(
        m[0].contains("906722a1b2-c1c1c1c1-2222-4a5b-9c8d-7e6f5a4b3c2d")
            && m[0].contains("pasted listing")
    );
}

#[test]
fn sign_in_before_provisioning() {
    let d = cloudtrail(&["not-provisioned.json"], &[]);
    let m = messages(&d, "cloudtrail.not-provisioned");
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("erin@example.com") && m[0].contains("2025-03-09T09:00:00Z"));
    assert!(m[0].contains("Invalid MFA credentials"));
    assert!(
        !m.iter().any(|x| x.contains("frank")),
        "frank existed before"
    );
    // Both failures are still sign-in failures.
    assert_eq!(ids(&d, "cloudtrail.signin.failure"), 2);

    // No listing and no creation of alice, but the logs show users created since February: a
    // warning (she may predate the logs); without any creation in the logs: nothing.
    let d = cloudtrail(
        &["signin-totp-failure.json", "recreated-principals.json"],
        &[],
    );
    let f: Vec<_> = d
        .findings
        .iter()
        .filter(|f| f.check == "cloudtrail.not-provisioned")
        .collect();
    assert_eq!(f.len(), 1, "{}", d.to_text());
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(f[0].message.contains("\"alice\"") && f[0].message.contains("list-users"));
    let d = cloudtrail(&["signin-totp-failure.json"], &[]);
    assert_eq!(ids(&d, "cloudtrail.not-provisioned"), 0);

    // A pasted list-users that lacks the user.
    let d = cloudtrail_bytes(
        vec![
            (
                "w.jsonl",
                fixture("signin-webauthn-failure-new-shape.jsonl"),
            ),
            ("users", assignment_fixture("list-users.json")),
        ],
        &[],
    );
    let m = messages(&d, "cloudtrail.not-provisioned");
    assert_eq!(m.len(), 1, "{}", d.to_text());
    assert!(m[0].contains("bob@example.com") && m[0].contains("list-users"));
    // ...and one that has it (alice is in list-users): nothing.
    let d = cloudtrail_bytes(
        vec![
            ("t.json", fixture("signin-totp-failure.json")),
            ("users", assignment_fixture("list-users.json")),
        ],
        &[],
    );
    assert_eq!(ids(&d, "cloudtrail.not-provisioned"), 0, "{}", d.to_text());
}

#[test]
fn several_files_and_the_filters() {
    let all = [
        "signin-totp-failure.json",
        "signin-webauthn-failure-new-shape.jsonl",
        "lookup-events-password-failure.json",
        "password-failure.json",
    ];
    let d = cloudtrail(&all, &[]);
    assert_eq!(ids(&d, "cloudtrail.signin.failure"), 3);
    assert_eq!(ids(&d, "cloudtrail.password.failure"), 1);

    let d = cloudtrail(&all, &[("user", "ALICE")]);
    assert_eq!(ids(&d, "cloudtrail.signin.failure"), 1);
    assert_eq!(ids(&d, "cloudtrail.password.failure"), 0);
    assert_eq!(table_rows(&d, "timeline").len(), 2);

    // "carl" matches what was typed as CORP\carl.
    let d = cloudtrail(&all, &[("user", "carl")]);
    assert_eq!(ids(&d, "cloudtrail.signin.failure"), 1);

    let d = cloudtrail(&all, &[("outcome", "success")]);
    assert_eq!(ids(&d, "cloudtrail.signin.failure"), 0);
    let rows = table_rows(&d, "timeline");
    assert!(rows.iter().all(|r| r[6] == "success") && !rows.is_empty());

    let d = cloudtrail(&all, &[("source", "sso-directory")]);
    assert_eq!(ids(&d, "cloudtrail.signin.failure"), 0);
    assert_eq!(ids(&d, "cloudtrail.password.failure"), 1);

    let d = cloudtrail(
        &all,
        &[
            ("from", "2025-03-02T00:00:00Z"),
            ("to", "2025-03-02T23:59:59Z"),
        ],
    );
    assert_eq!(ids(&d, "cloudtrail.signin.failure"), 1);
    assert!(messages(&d, "cloudtrail.signin.failure")[0].contains("bob@example.com"));

    let d = cloudtrail(&all, &[("from", "yesterday")]);
    assert!(!d.accepted);
    assert!(d.detected.contains("--from"), "{}", d.detected);
}

#[test]
fn console_csv_keeps_formula_cells_as_text() {
    let d = cloudtrail(&["console-download.csv"], &[]);
    assert!(d.accepted, "{}", d.to_text());
    assert!(
        d.detected.contains("CSV") && d.detected.contains("4 events"),
        "{}",
        d.detected
    );
    let m = messages(&d, "cloudtrail.password.internal-failure");
    assert_eq!(m.len(), 1, "{}", d.to_text());
    assert!(
        m[0].contains("=HYPERLINK(\"http://attacker.example/\",\"x\")"),
        "{m:?}"
    );
    let rows = table_rows(&d, "events");
    let users: Vec<&str> = rows.iter().map(|r| r[3].as_str()).collect();
    assert!(users.contains(&"=HYPERLINK(\"http://attacker.example/\",\"x\")"));
    assert!(users.contains(&"@SUM(1+1)*cmd"));
    let p = input::parse_bytes(&fixture("console-download.csv"));
    let names: Vec<_> = p
        .events
        .iter()
        .filter_map(|e| e.identity.user_name.clone())
        .collect();
    assert!(
        names.contains(&"+cmd|' /C calc'!A0".to_string()) && names.contains(&"-2+3".to_string())
    );

    let d = cloudtrail(&["console-download-with-event.csv"], &[]);
    assert!(d.detected.contains("CloudTrail event column"));
    assert_eq!(ids(&d, "cloudtrail.signin.failure"), 1);
}

#[test]
fn console_json_and_gzip_trail_files() {
    let d = cloudtrail(&["console-download.json"], &[]);
    assert_eq!(ids(&d, "cloudtrail.signin.failure"), 1);
    let d = cloudtrail(&[GZ], &[]);
    assert!(d.detected.contains("gzip"), "{}", d.detected);
    assert_eq!(ids(&d, "cloudtrail.signin.failure"), 1);
    assert_eq!(table_rows(&d, "timeline").len(), 2);
    // A gzip file and a lookup-events file dropped together, one user filtered.
    let d = cloudtrail(
        &[GZ, "lookup-events-password-failure.json"],
        &[("user", "alice")],
    );
    assert_eq!(table_rows(&d, "timeline").len(), 2);
    assert_eq!(ids(&d, "cloudtrail.signin.failure"), 1);
}

#[test]
fn truncated_foreign_and_empty_inputs_are_refused() {
    let d = cloudtrail(&["truncated.json"], &[]);
    assert!(!d.accepted);
    assert_eq!(d.exit_code(), 2);
    let f = d
        .findings
        .iter()
        .find(|f| f.check == "cloudtrail.input")
        .expect("input finding");
    assert!(f.message.contains("truncated"), "{}", f.message);
    assert!(f.evidence.as_ref().and_then(|e| e.line).is_some());

    let d = cloudtrail(&["not-cloudtrail.json"], &[]);
    assert!(!d.accepted);
    assert!(messages(&d, "cloudtrail.input")[0].contains("not CloudTrail data"));

    let d = cloudtrail_bytes(vec![("x.bin", vec![0, 159, 146, 150, 7, 8])], &[]);
    assert!(!d.accepted);
    let d = cloudtrail_bytes(vec![("", b"   ".to_vec())], &[]);
    assert!(!d.accepted && messages(&d, "cloudtrail.input")[0].contains("empty"));
    let d = cloudtrail_bytes(vec![], &[]);
    assert!(!d.accepted);

    // One good file and one truncated: the good one is analysed, the bad one reported (exit 1).
    let d = cloudtrail(&["signin-success-array.json", "truncated.json"], &[]);
    assert!(d.accepted);
    assert_eq!(ids(&d, "cloudtrail.input"), 1);
    assert_eq!(d.exit_code(), 1);
}

#[test]
fn hostile_json_depth_and_odd_types_never_panic() {
    // Deep nesting: skipped without recursion (no stack overflow), and not CloudTrail data.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let d = cloudtrail_bytes(vec![("deep.json", deep.into_bytes())], &[]);
    assert!(!d.accepted);
    assert!(
        messages(&d, "cloudtrail.input")[0].contains("not CloudTrail data"),
        "{}",
        d.to_text()
    );
    // Deep values inside a record are skipped; the record is kept.
    let inner = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let rec = format!("{{\"eventName\":\"X\",\"requestParameters\":{{\"x\":{inner}}},\"responseElements\":{inner}}}");
    let p = input::parse_bytes(rec.as_bytes());
    assert_eq!(p.events.len(), 1, "{:?}", p.files);
    // An unclosed deep value is a clear truncation, not a crash.
    let d = cloudtrail_bytes(
        vec![("open.json", "[{\"a\":".repeat(50_000).into_bytes())],
        &[],
    );
    assert!(!d.accepted);
    // Wrong types everywhere: read as absent, not an error.
    let odd = br#"{"Records":[1,"x",null,{"eventName":5,"eventSource":["a"],"userIdentity":"str","additionalEventData":7,"serviceEventDetails":"{\"CredentialVerification\":\"Failure\"}","eventTime":true}]}"#;
    let d = cloudtrail_bytes(vec![("odd.json", odd.to_vec())], &[]);
    assert!(d.accepted, "{}", d.to_text());
    let p = input::parse_bytes(odd);
    assert_eq!(p.events.len(), 1);
    assert_eq!(p.events[0].name, "5");
    assert_eq!(
        p.events[0].detail("CredentialVerification"),
        Some("Failure")
    );
}

#[test]
fn gzip_bombs_stop_at_the_cap() {
    // Many members of 1 MB of zeros each: about 70 KB that inflate to 80 MB.
    let member = gzip(&vec![0u8; 1024 * 1024]);
    let bomb: Vec<u8> = member
        .iter()
        .copied()
        .cycle()
        .take(member.len() * 80)
        .collect();
    assert!(bomb.len() < 200_000);
    let t = std::time::Instant::now();
    let d = cloudtrail_bytes(vec![("bomb.json.gz", bomb)], &[]);
    assert!(t.elapsed().as_secs() < 60);
    assert!(!d.accepted);
    let m = messages(&d, "cloudtrail.input");
    assert!(m[0].contains("64 MB"), "{m:?}");
    // One member that inflates past the cap.
    let one = gzip(&vec![b' '; 65 * 1024 * 1024]);
    let d = cloudtrail_bytes(vec![("one.json.gz", one)], &[]);
    assert!(!d.accepted && messages(&d, "cloudtrail.input")[0].contains("64 MB"));
    // Corrupt and cut gzip: a clear message, no panic.
    let mut cut = gzip(br#"{"Records":[]}"#);
    cut.truncate(14);
    let d = cloudtrail_bytes(vec![("cut.json.gz", cut)], &[]);
    assert!(!d.accepted && messages(&d, "cloudtrail.input")[0].contains("gzip"));
}

#[test]
fn redacted_copy_removes_names_ids_ips_and_accounts() {
    let d = cloudtrail_bytes(
        vec![
            ("a", fixture("signin-totp-failure.json")),
            ("b", fixture("signin-webauthn-failure-new-shape.jsonl")),
            ("c", fixture("lookup-events-password-failure.json")),
            ("d", fixture("recreated-principals.json")),
            ("e", fixture("not-provisioned.json")),
            ("f", fixture("password-internal-failure.json")),
            ("users", assignment_fixture("list-users.json")),
        ],
        &[],
    );
    let plain = format!("{}{}", d.to_text(), d.to_json());
    for secret in [
        "alice",
        "bob@example.com",
        "erin@example.com",
        "CORP\\carl",
        "198.51.100.7",
    ] {
        assert!(
            plain.contains(secret),
            "{secret} should be in the plain report"
        );
    }
    let r = d.redacted();
    let red = format!("{}{}{}", r.to_text(), r.to_json(), r.to_markdown());
    for secret in [
        "alice",
        "bob@example.com",
        "906722a1b2-4f6e1c2d-1111-4a5b-9c8d-7e6f5a4b3c2d",
        "erin@example.com",
        "CORP\\carl",
        "carol",
        "906722a1b2-c0c0c0c0-1111-4a5b-9c8d-7e6f5a4b3c2d",
        "906722a1b2-c1c1c1c1-2222-4a5b-9c8d-7e6f5a4b3c2d",
        "198.51.100.7",
        "203.0.113.20",
        "111122223333",
        "erik.o'neil+admin@example.com",
    ] {
        assert!(!red.contains(secret), "{secret} survived redaction");
    }
    assert!(red.contains("[redacted]"));
    assert!(!d.to_json().contains("private_values"));
}

/// One sign-in event as a JSON record.
fn ev(
    t: &str,
    source: &str,
    name: &str,
    wf: Option<&str>,
    cred: &str,
    result: &str,
    id: &str,
) -> String {
    let add = match wf {
        Some(w) => format!(
            r#""additionalEventData":{{"AuthWorkflowID":"{w}","CredentialType":"{cred}"}},"#
        ),
        None => format!(r#""additionalEventData":{{"CredentialType":"{cred}"}},"#),
    };
    format!(
        r#"{{"eventTime":"{t}","eventSource":"{source}","eventName":"{name}","eventID":"{id}","sourceIPAddress":"192.0.2.1","userIdentity":{{"type":"Unknown","userName":"kim"}},{add}"serviceEventDetails":{{"{name}":"{result}"}}}}"#
    )
}

#[test]
fn attempts_group_across_files_in_time_order() {
    // The steps of one workflow split over two files and out of order; an event without a workflow
    // is an attempt of its own; the older source name signin.amazon.com is accepted; a challenge
    // with nothing after it is incomplete.
    let a = format!(
        "{}\n{}",
        ev(
            "2025-04-01T10:00:20Z",
            "signin.amazonaws.com",
            "CredentialVerification",
            Some("w1"),
            "RESYNC_TOTP",
            "Failure",
            "x3"
        ),
        ev(
            "2025-04-01T10:00:00Z",
            "signin.amazon.com",
            "CredentialChallenge",
            Some("w1"),
            "PASSWORD",
            "Success",
            "x1"
        ),
    );
    let b = format!(
        "[{},{},{}]",
        ev(
            "2025-04-01T10:00:05Z",
            "signin.amazonaws.com",
            "CredentialVerification",
            Some("w1"),
            "PASSWORD",
            "Success",
            "x2"
        ),
        ev(
            "2025-04-01T11:00:00Z",
            "signin.amazonaws.com",
            "CredentialVerification",
            None,
            "PASSWORD",
            "Failure",
            "x4"
        ),
        ev(
            "2025-04-01T12:00:00Z",
            "signin.amazonaws.com",
            "CredentialChallenge",
            Some("w9"),
            "PASSWORD",
            "Success",
            "x5"
        ),
    );
    let d = cloudtrail_bytes(
        vec![("a.jsonl", a.into_bytes()), ("b.json", b.into_bytes())],
        &[],
    );
    let rows = table_rows(&d, "timeline");
    assert_eq!(rows.len(), 3, "{}", d.to_text());
    assert_eq!(rows[0][0], "2025-04-01T10:00:00Z");
    assert_eq!(
        rows[0][4],
        "CredentialVerification PASSWORD ok → CredentialVerification RESYNC_TOTP FAILED"
    );
    assert_eq!(rows[0][5], "RESYNC_TOTP");
    assert_eq!(rows[1][7], "x4", "no workflow: the event id stands in");
    assert_eq!(rows[2][6], "incomplete");
    let m = messages(&d, "cloudtrail.signin.failure");
    assert_eq!(m.len(), 2);
    assert!(
        m[0].contains("#/clock"),
        "RESYNC_TOTP is a clock question too"
    );
}

#[test]
fn registry_holds_the_exact_ids_and_the_topics_route_here() {
    use ssocheck::topics::{Tool, Topic};
    for (id, sev) in [
        ("cloudtrail.input", Severity::Error),
        ("cloudtrail.password.internal-failure", Severity::Error),
        ("cloudtrail.password.failure", Severity::Error),
        ("cloudtrail.signin.failure", Severity::Error),
        ("cloudtrail.external-idp.failure", Severity::Error),
        ("cloudtrail.scim.failure", Severity::Error),
        ("cloudtrail.principal.recreated", Severity::Warning),
        ("cloudtrail.not-provisioned", Severity::Error),
        ("assignments.stale-principal", Severity::Error),
        ("assignments.input", Severity::Error),
    ] {
        let c = ssocheck::registry::get(id).unwrap_or_else(|| panic!("{id} not registered"));
        assert_eq!(c.severity, sev, "{id}");
    }
    assert_eq!(
        Topic::StaleAssignment.info().tool,
        Tool::Page("assignments", "Find stale assignments")
    );
    assert_eq!(
        Topic::MfaBeforeProvisioning.info().tool,
        Tool::Page("cloudtrail", "Read CloudTrail sign-in events")
    );
    assert_eq!(Topic::ExternalIdpSignIn.info().tool, Tool::Saml);
    assert!(ssocheck::tools::by_route("cloudtrail").is_some());
    assert!(ssocheck::tools::by_command("assignments").is_some());
}

#[test]
fn second_files_of_each_shape() {
    let d = cloudtrail(&["lookup-events-scim.json"], &[]);
    assert!(d.detected.contains("lookup-events"), "{}", d.detected);
    assert_eq!(ids(&d, "cloudtrail.scim.failure"), 2);
    let d = cloudtrail(&["external-idp-failure.jsonl"], &[]);
    assert!(d.detected.contains("JSON lines"));
    assert_eq!(ids(&d, "cloudtrail.external-idp.failure"), 2);
    let d = cloudtrail(&["recreated-principals-array.json"], &[]);
    assert!(d.detected.contains("bare array"));
    assert_eq!(ids(&d, "cloudtrail.principal.recreated"), 2);
    let d = cloudtrail(&["scim-single-failure.json"], &[]);
    assert!(d.detected.contains("single record"));
    assert!(messages(&d, "cloudtrail.scim.failure")[0].contains("requires path for remove"));
}
