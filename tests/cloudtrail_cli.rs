//! `ssocheck cloudtrail` and `ssocheck assignments` driven in-process: exit codes 0/1/2, the --json
//! shape, --sql, --users.

mod cloudtrail_common;
use cloudtrail_common::*;

fn ct(name: &str) -> String {
    path("cloudtrail", name)
}

fn asg(name: &str) -> String {
    path("assignments", name)
}

#[test]
fn exit_codes() {
    let (code, out, _) = cli(&["cloudtrail", &ct("signin-success-array.json")], b"");
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = cli(&["cloudtrail", &ct("signin-totp-failure.json")], b"");
    assert_eq!(code, 1);
    assert!(out.contains("cloudtrail.signin.failure") && out.contains("#/clock"));
    // Warnings only (re-created principals): 0.
    let (code, out, _) = cli(&["cloudtrail", &ct("recreated-principals.json")], b"");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("cloudtrail.principal.recreated"));
    let (code, out, err) = cli(&["cloudtrail", &ct("truncated.json")], b"");
    assert_eq!(code, 2);
    assert!(out.contains("cloudtrail.input") && out.contains("truncated"));
    assert!(err.contains("ssocheck cloudtrail:"));
    let (code, _, _) = cli(&["cloudtrail", &ct("not-cloudtrail.json")], b"");
    assert_eq!(code, 2);
    let (code, _, err) = cli(
        &[
            "cloudtrail",
            &ct("signin-totp-failure.json"),
            "--from",
            "soon",
        ],
        b"",
    );
    assert_eq!(code, 2);
    assert!(err.contains("--from"), "{err}");
    let (code, _, err) = cli(
        &[
            "cloudtrail",
            &ct("signin-totp-failure.json"),
            "--outcome",
            "maybe",
        ],
        b"",
    );
    assert_eq!(code, 2);
    assert!(err.contains("--outcome"));
    let (code, _, err) = cli(&["cloudtrail"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("FILE"));
    let (code, _, _) = cli(&["cloudtrail", "/no/such/file.json"], b"");
    assert_eq!(code, 2);
}

#[test]
fn stdin_and_several_files() {
    let (code, out, _) = cli(
        &["cloudtrail", "-"],
        &fixture("signin-webauthn-failure-new-shape.jsonl"),
    );
    assert_eq!(code, 1);
    assert!(out.contains("#/webauthn"));
    let (code, out, _) = cli(
        &[
            "cloudtrail",
            &ct("111122223333_CloudTrail_us-east-1_20250301T0900Z_Ex4mpleUn1que.json.gz"),
            &ct("lookup-events-password-failure.json"),
            "--user",
            "alice",
        ],
        b"",
    );
    assert_eq!(code, 1);
    assert!(out.contains("gzip") && out.contains("lookup-events"));
    assert!(!out.contains("CORP\\carl"), "filtered out");
}

#[test]
fn json_shape() {
    let (code, out, _) = cli(&["cloudtrail", &ct("scim-failures.json"), "--json"], b"");
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(v["tool"], "cloudtrail");
    assert_eq!(v["accepted"], true);
    let f = v["findings"].as_array().expect("findings array");
    assert_eq!(f.len(), 5);
    for x in f {
        for k in ["check", "severity", "title", "message", "evidence", "fix"] {
            assert!(x.get(k).is_some(), "{k} missing in {x}");
        }
        assert_eq!(x["check"], "cloudtrail.scim.failure");
        assert_eq!(x["severity"], "error");
    }
    assert!(!out.contains("private_values"));
    let (code, out, _) = cli(&["cloudtrail", &ct("truncated.json"), "--json"], b"");
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["accepted"], false);
    assert_eq!(v["findings"][0]["check"], "cloudtrail.input");
}

#[test]
fn sql_option_picks_the_dialect() {
    let f = ct("signin-totp-failure.json");
    let (_, both, _) = cli(&["cloudtrail", &f], b"");
    assert!(both.contains("FROM cloudtrail_logs") && both.contains("FROM EVENT_DATA_STORE_ID"));
    let (_, athena, _) = cli(
        &["cloudtrail", &f, "--sql", "athena", "--user", "alice"],
        b"",
    );
    assert!(athena.contains("FROM cloudtrail_logs") && !athena.contains("EVENT_DATA_STORE_ID"));
    assert!(athena.contains("lower(useridentity.username) = 'alice'"));
    assert!(athena.contains("eventtime >= '2025-03-01T09:00:00Z'"));
    let (_, lake, _) = cli(
        &[
            "cloudtrail",
            &f,
            "--sql",
            "lake",
            "--from",
            "2025-02-01T00:00:00Z",
            "--to",
            "2025-03-31T00:00:00Z",
        ],
        b"",
    );
    assert!(lake.contains("FROM EVENT_DATA_STORE_ID") && !lake.contains("FROM cloudtrail_logs"));
    assert!(
        lake.contains("eventTime >= '2025-02-01 00:00:00' AND eventTime <= '2025-03-31 00:00:00'")
    );
    let (code, _, err) = cli(&["cloudtrail", &f, "--sql", "bigquery"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("athena"));
}

#[test]
fn users_listing_option() {
    let (code, out, _) = cli(
        &[
            "cloudtrail",
            &ct("signin-webauthn-failure-new-shape.jsonl"),
            "--users",
            &asg("list-users.json"),
        ],
        b"",
    );
    assert_eq!(code, 1);
    assert!(out.contains("cloudtrail.not-provisioned"));
}

#[test]
fn help_lists_the_options() {
    let (code, out, _) = cli(&["cloudtrail", "--help"], b"");
    assert_eq!(code, 0);
    for flag in [
        "--user",
        "--source",
        "--outcome all|failure|success",
        "--from",
        "--to",
        "--sql none|athena|lake",
        "--users FILE",
    ] {
        assert!(out.contains(flag), "{flag} missing from help");
    }
    let (code, out, _) = cli(&["assignments", "--help"], b"");
    assert_eq!(code, 0);
    for flag in ["--assignments FILE", "--users FILE", "--groups FILE"] {
        assert!(out.contains(flag), "{flag} missing from help");
    }
    let (_, out, _) = cli(&["--help"], b"");
    assert!(out.contains("cloudtrail") && out.contains("assignments"));
}

#[test]
fn assignments_exit_codes_and_json() {
    let (code, out, _) = cli(
        &[
            "assignments",
            "--assignments",
            &asg("account-assignments.json"),
            "--users",
            &asg("list-users.json"),
            "--groups",
            &asg("list-groups.json"),
            "--json",
        ],
        b"",
    );
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let f = v["findings"].as_array().expect("findings");
    assert_eq!(f.len(), 3, "{out}");
    for x in f {
        assert_eq!(x["check"], "assignments.stale-principal");
        for k in ["check", "severity", "title", "message", "evidence", "fix"] {
            assert!(x.get(k).is_some(), "{k} missing");
        }
        assert!(x["fix"]
            .as_str()
            .unwrap_or("")
            .contains("aws sso-admin delete-account-assignment"));
    }
    // Nothing stale: 0.
    let (code, out, _) = cli(
        &[
            "assignments",
            "--assignments",
            &asg("application-assignments.json"),
            "--users",
            &asg("list-users.json"),
            "--groups",
            &asg("list-groups.json"),
        ],
        b"",
    );
    assert_eq!(
        code, 1,
        "the application assignment of the old Admins group is stale: {out}"
    );
    let (code, out, _) = cli(
        &[
            "assignments",
            "--assignments",
            &asg("for-principal.json"),
            "--users",
            &asg("describe-user.json"),
        ],
        b"",
    );
    assert_eq!(code, 1, "{out}");
    // Not a listing: 2.
    let (code, out, _) = cli(
        &[
            "assignments",
            "--assignments",
            &ct("signin-totp-failure.json"),
            "--users",
            &asg("list-users.json"),
        ],
        b"",
    );
    assert_eq!(code, 2);
    assert!(out.contains("assignments.input"));
    let (code, _, _) = cli(&["assignments", "--users", &asg("list-users.json")], b"");
    assert_eq!(code, 2);
    let (code, _, _) = cli(
        &[
            "assignments",
            "--assignments",
            &asg("account-assignments.json"),
        ],
        b"",
    );
    assert_eq!(code, 2);
    let (code, _, err) = cli(&["assignments", "stray"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("unexpected argument"));
}
