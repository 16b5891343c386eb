//! `ssocheck saml` driven in-process: exit codes 0/1/2, JSON shape, human output.

mod cli_common;
use cli_common::cli;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/saml/{name}", env!("CARGO_MANIFEST_DIR"))
}

const NOW: &str = "2025-01-01T00:01:00Z";

#[test]
fn clean_fixture_exits_0_and_bad_one_exits_1() {
    let (code, out, _) = cli(
        &[
            "saml",
            &fixture("okta-idc-good.xml"),
            "--now",
            NOW,
            "--username",
            "alice@example.com",
        ],
        b"",
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Flow: idc"));
    assert!(out.contains("passed: "));
    let (code, out, _) = cli(
        &["saml", &fixture("entra-idc-bad-nameid.xml"), "--now", NOW],
        b"",
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error [idc.nameid.format]"));
    assert!(out.contains("line ") && out.contains("column "));
    assert!(out.contains("fix: "));
    // Worst first: the first finding printed is an error.
    let first = out
        .lines()
        .find(|l| l.starts_with("error [") || l.starts_with("warning [") || l.starts_with("info ["))
        .unwrap_or("");
    assert!(first.starts_with("error ["), "{first}");
}

#[test]
fn json_shape() {
    let (code, out, _) = cli(
        &["saml", &fixture("idc-to-sts.xml"), "--now", NOW, "--json"],
        b"",
    );
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["flow"], "sts");
    assert!(v["detected"].as_str().unwrap_or("").contains("1 Response"));
    let findings = v["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    for f in findings {
        for key in ["check", "severity", "title", "evidence", "fix"] {
            assert!(f.get(key).is_some(), "missing {key} in {f}");
        }
        assert!(
            ["error", "warning", "info", "pass"].contains(&f["severity"].as_str().unwrap_or(""))
        );
    }
    assert!(findings
        .iter()
        .any(|f| f["check"] == "sts.role.reserved" && f["severity"] == "info"));
    assert!(v["attributes"].as_array().is_some_and(|a| a.len() == 3));
    assert!(v["certificates"][0]["sha256_fingerprint"]
        .as_str()
        .is_some_and(|s| s.len() == 95));
    assert!(v["messages"].as_array().is_some_and(|m| m.len() == 1));
}

#[test]
fn stdin_flags_and_usage_errors() {
    let xml = std::fs::read(fixture("okta-idc-good.b64")).expect("fixture");
    let (code, out, _) = cli(&["saml", "-", "--now", NOW, "--flow", "sts"], &xml);
    assert_eq!(
        code, 1,
        "forcing the sts flow on an Identity Center assertion gives errors: {out}"
    );
    assert!(out.contains("sts.role.missing"));
    let (code, out, _) = cli(&["saml", "-", "--now", NOW, "--acs", "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/6b2f1d3e-1111-2222-3333-444455556666"], &xml);
    assert_eq!(code, 1);
    assert!(out.contains("region differs"));
    let (code, _, err) = cli(&["saml", "/no/such/file.xml"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("cannot open"));
    let (code, _, _) = cli(&["saml", "-"], b"not saml at all");
    assert_eq!(code, 2, "unusable input exits 2");
    let (code, _, err) = cli(&["saml", "-", "--flow", "nope"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("unknown flow"));
    let (code, _, err) = cli(&["saml", "-", "--now", "yesterday"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("--now"));
    let (code, _, _) = cli(&["saml"], b"");
    assert_eq!(code, 2);
    let (code, out, _) = cli(&["saml", "--help"], b"");
    assert_eq!(code, 0);
    assert!(out.contains("--username"));
    let (code, out, _) = cli(
        &["saml", &fixture("two-messages.har"), "--now", NOW, "--json"],
        b"",
    );
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["messages"].as_array().map(Vec::len), Some(2));
}
