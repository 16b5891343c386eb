//! `ssocheck scim` driven in-process: exit codes 0/1/2, the --json shape, stdin.

mod cli_common;
use cli_common::cli;

fn fixture(name: &str) -> String {
    let p = format!("{}/tests/fixtures/scim/{name}", env!("CARGO_MANIFEST_DIR"));
    assert!(std::path::Path::new(&p).exists(), "fixture {p} missing");
    p
}

#[test]
fn exit_codes() {
    let (code, out, _) = cli(&["scim", &fixture("user-good.json")], b"");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Detected: 1 User (POST/PUT)"));
    let (code, out, _) = cli(&["scim", &fixture("entra-user-two-phones.json")], b"");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("[error] More than one value in a single-valued list (scim.multi-value)"));
    assert!(out.contains("List attribute phoneNumbers exceeds allowed limit of 1"));
    let (code, _, err) = cli(&["scim", "-"], b"this is not a SCIM body");
    assert_eq!(code, 2);
    assert!(err.contains("no SCIM JSON"), "{err}");
    let (code, _, err) = cli(&["scim", "/no/such/file.json"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let (code, _, _) = cli(&["scim"], b"");
    assert_eq!(code, 2);
    let (code, _, err) = cli(&["scim", "-", "--idp", "nope"], b"{}");
    assert_eq!(code, 2);
    assert!(err.contains("--idp takes one of"), "{err}");
    let (code, out, _) = cli(&["scim", "--help"], b"");
    assert_eq!(code, 0);
    assert!(out.contains("--idp"));
    let (_, out, _) = cli(&["--help"], b"");
    assert!(out.contains("ssocheck scim"), "{out}");
}

#[test]
fn json_shape() {
    let body = std::fs::read(fixture("okta-user-empty-family.json")).expect("fixture");
    let (code, out, _) = cli(&["scim", "-", "--json", "--idp", "okta"], &body);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["tool"], "scim");
    assert_eq!(v["accepted"], true);
    assert!(v.get("private_values").is_none());
    let findings = v["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    for f in findings {
        for key in ["check", "severity", "title", "message", "evidence", "fix"] {
            assert!(f.get(key).is_some(), "missing {key} in {f}");
        }
        assert!(
            ["error", "warning", "info", "pass"].contains(&f["severity"].as_str().unwrap_or(""))
        );
    }
    assert_eq!(findings[0]["severity"], "error", "worst first");
    assert!(findings.iter().any(|f| f["check"] == "scim.required"
        && f["message"]
            .as_str()
            .unwrap_or("")
            .contains("Member must have length greater than or equal to 1")));
    assert!(findings
        .iter()
        .any(|f| f["check"] == "scim.pattern" && f["severity"] == "pass"));
    let blocks = v["blocks"].as_array().expect("blocks");
    assert!(blocks
        .iter()
        .any(|b| b["id"] == "bodies" && b["body"]["table"].is_object()));
    assert!(blocks.iter().any(|b| b["id"] == "advice"));
}

#[test]
fn markdown_output() {
    let (code, out, _) = cli(
        &[
            "scim",
            &fixture("patch-group-150-members.json"),
            "--markdown",
        ],
        b"",
    );
    assert_eq!(code, 1);
    assert!(out.starts_with("# SCIM: 1 body, 1 error (error)"), "{out}");
    assert!(out.contains("`scim.members-limit`"));
}
