//! `ssocheck iam` driven in-process: exit codes 0/1/2, flags, and the JSON shape.

mod cli_common;
use cli_common::cli;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/iam/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn exit_codes() {
    let (code, out, _) = cli(
        &[
            "iam",
            &fixture("admin-policy.json"),
            "--account",
            "111122223333",
        ],
        b"",
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("[pass] Policy decision for the action (iam.decision)"),
        "{out}"
    );
    let (code, out, _) = cli(
        &[
            "iam",
            &fixture("admin-policy.json"),
            "--scp",
            &fixture("scps-deny-reserved-roles.json"),
            "--account",
            "111122223333",
        ],
        b"",
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("[error]") && out.contains("ProtectIdentityCenterRoles"));
    // Another action and resource.
    let (code, out, _) = cli(
        &[
            "iam",
            &fixture("admin-policy.json"),
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::b/k",
        ],
        b"",
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("s3:GetObject: not allowed"));
    // Boundary from a file, context from a flag.
    let (code, _, _) = cli(
        &[
            "iam",
            &fixture("get-role-policy.json"),
            "--context",
            "aws:MultiFactorAuthPresent=true",
        ],
        b"",
    );
    assert_eq!(code, 0);
    let (code, _, _) = cli(
        &[
            "iam",
            &fixture("admin-policy.json"),
            "--boundary",
            &fixture("boundary-s3-only.json"),
        ],
        b"",
    );
    assert_eq!(code, 1);
    // Standard input.
    let (code, _, _) = cli(&["iam", "-"], br#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:*","Resource":"*"}}"#);
    assert_eq!(code, 0);
    // Not readable / not a policy / bad usage: 2.
    let (code, _, err) = cli(&["iam", &fixture("broken.json")], b"");
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = cli(&["iam", "-"], b"hello");
    assert_eq!(code, 2);
    let (code, _, _) = cli(&["iam"], b"");
    assert_eq!(code, 2);
    let (code, _, _) = cli(&["iam", &fixture("admin-policy.json"), "--nope", "x"], b"");
    assert_eq!(code, 2);
    let (code, out, _) = cli(&["iam", "--help"], b"");
    assert_eq!(code, 0);
    assert!(
        out.contains("--scp FILE")
            && out.contains("--context VALUE")
            && out.contains("--account VALUE")
    );
}

#[test]
fn json_shape() {
    let (code, out, _) = cli(
        &[
            "iam",
            &fixture("admin-policy.json"),
            "--scp",
            &fixture("scps-deny-reserved-roles.json"),
            "--account",
            "111122223333",
            "--json",
        ],
        b"",
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(v["tool"], "iam");
    let fs = v["findings"].as_array().expect("findings");
    assert!(!fs.is_empty());
    for f in fs {
        for k in ["check", "severity", "title", "message", "fix"] {
            assert!(f.get(k).is_some(), "{k} missing in {f}");
        }
        assert!(
            ["error", "warning", "info", "pass"].contains(&f["severity"].as_str().unwrap_or(""))
        );
    }
    let deny = fs
        .iter()
        .find(|f| f["check"] == "iam.explicit-deny")
        .expect("deny");
    assert!(deny["evidence"]["value"]
        .as_str()
        .unwrap_or("")
        .contains("ProtectIdentityCenterRoles"));
    assert!(v["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .any(|b| b["id"] == "other-permissions"));
}
