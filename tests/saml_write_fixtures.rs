//! Regenerates the hand-written fixtures under tests/fixtures/saml/ (run with `--ignored`), and checks
//! that the committed files still analyse as intended.

mod saml_common;

use saml_common::*;
use ssocheck::saml::Flow;
use ssocheck::Severity;

fn fixtures() -> Vec<(&'static str, String)> {
    let good = Tpl {
        issue_instant: "2025-01-01T00:00:00Z".into(),
        not_before: "2025-01-01T00:00:00Z".into(),
        not_on_or_after: "2035-01-01T00:00:00Z".into(),
        sc_not_on_or_after: Some("2035-01-01T00:00:00Z".into()),
        ..Tpl::okta_idc()
    };
    let entra_bad = Tpl {
        nameid_format: Some("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified".into()),
        nameid: "alice@example.com".into(),
        attrs: vec![attr(
            &format!("{ABAC}Department"),
            &["<img src=x onerror=alert(1)>"],
        )],
        ..Tpl {
            issue_instant: good.issue_instant.clone(),
            not_before: good.not_before.clone(),
            not_on_or_after: good.not_on_or_after.clone(),
            sc_not_on_or_after: good.sc_not_on_or_after.clone(),
            ..Tpl::entra_idc()
        }
    };
    let sts = Tpl {
        issue_instant: good.issue_instant.clone(),
        not_before: good.not_before.clone(),
        not_on_or_after: good.not_on_or_after.clone(),
        sc_not_on_or_after: good.sc_not_on_or_after.clone(),
        ..Tpl::idc_to_sts()
    };
    let app = Tpl {
        issue_instant: good.issue_instant.clone(),
        not_before: good.not_before.clone(),
        not_on_or_after: good.not_on_or_after.clone(),
        sc_not_on_or_after: good.sc_not_on_or_after.clone(),
        ..Tpl::idc_to_app()
    };
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s.as_bytes());
    let authn = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"aws_9a8b7c6d5e4f\" Version=\"2.0\" IssueInstant=\"2025-01-01T00:00:00Z\" Destination=\"https://example.okta.com/app/amazon_aws_sso/exk1/sso/saml\" AssertionConsumerServiceURL=\"https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6b2f1d3e-1111-2222-3333-444455556666\"><saml:Issuer>https://us-east-1.signin.aws.amazon.com/platform/saml/d-1234567890</saml:Issuer></samlp:AuthnRequest>";
    let deflated = miniz_oxide::deflate::compress_to_vec(authn.as_bytes(), 6);
    let redirect = base64::engine::general_purpose::STANDARD.encode(&deflated);
    let enc = |s: &str| {
        s.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    };
    let har = serde_json::json!({"log": {"version": "1.2", "creator": {"name": "ssocheck tests", "version": "1"}, "entries": [
        {"request": {"method": "GET", "url": format!("https://example.okta.com/app/amazon_aws_sso/exk1/sso/saml?SAMLRequest={}&RelayState=abc", enc(&redirect)), "headers": []}, "response": {"status": 200}},
        {"request": {"method": "GET", "url": "https://example.okta.com/login", "headers": []}, "response": {"status": 200}},
        {"request": {"method": "POST", "url": IDC_ACS, "headers": [], "postData": {"mimeType": "application/x-www-form-urlencoded", "text": format!("SAMLResponse={}&RelayState=abc", enc(&b64(&good.xml())))}}, "response": {"status": 302}}
    ]}});
    vec![
        ("okta-idc-good.xml", good.xml()),
        ("entra-idc-bad-nameid.xml", entra_bad.xml()),
        ("idc-to-sts.xml", sts.xml()),
        ("idc-to-app.xml", app.xml()),
        ("okta-idc-good.b64", b64(&good.xml())),
        (
            "authn-request-redirect.txt",
            format!(
                "https://example.okta.com/app/amazon_aws_sso/exk1/sso/saml?SAMLRequest={}",
                enc(&redirect)
            ),
        ),
        (
            "two-messages.har",
            serde_json::to_string_pretty(&har).expect("json"),
        ),
    ]
}

fn dir() -> String {
    format!("{}/tests/fixtures/saml", env!("CARGO_MANIFEST_DIR"))
}

#[test]
#[ignore]
fn write_fixtures() {
    for (name, content) in fixtures() {
        std::fs::write(format!("{}/{name}", dir()), content).expect("write");
    }
}

fn load(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/{name}", dir())).expect("fixture file")
}

#[test]
fn committed_fixtures_are_up_to_date_and_analyse_as_intended() {
    for (name, content) in fixtures() {
        assert_eq!(
            String::from_utf8_lossy(&load(name)),
            content,
            "{name} is stale: run `cargo test --test saml_write_fixtures -- --ignored`"
        );
    }
    let c = ssocheck::saml::Context {
        username: Some("alice@example.com".into()),
        ..ctx(None)
    };
    let a = ssocheck::saml::analyze(&load("okta-idc-good.xml"), &c);
    assert_eq!(a.messages[0].flow, Flow::Idc);
    assert!(
        !a.findings().any(|f| f.severity == Severity::Error),
        "{:#?}",
        problems(&a)
    );
    let a = ssocheck::saml::analyze(&load("okta-idc-good.b64"), &c);
    assert_eq!(a.detected, "base64, 1 Response, 1 Assertion");
    let a = ssocheck::saml::analyze(&load("entra-idc-bad-nameid.xml"), &c);
    assert_eq!(worst(&a, "idc.nameid.format"), Some(Severity::Error));
    assert_eq!(worst(&a, "idc.abac.value"), Some(Severity::Error));
    let a = ssocheck::saml::analyze(&load("idc-to-sts.xml"), &c);
    assert_eq!(a.messages[0].flow, Flow::Sts);
    assert_eq!(worst(&a, "sts.role.reserved"), Some(Severity::Info));
    let a = ssocheck::saml::analyze(&load("idc-to-app.xml"), &c);
    assert_eq!(a.messages[0].flow, Flow::App);
    let a = ssocheck::saml::analyze(&load("authn-request-redirect.txt"), &c);
    assert_eq!(a.detected, "URL query + base64 + deflate, 1 AuthnRequest");
    let a = ssocheck::saml::analyze(&load("two-messages.har"), &c);
    assert_eq!(a.messages.len(), 2, "{}", a.detected);
    assert_eq!(a.messages[0].kind, "AuthnRequest");
    assert_eq!(a.messages[1].kind, "Response");
    assert!(a.messages[0].label.contains("HAR entry 1"));
    assert!(a.messages[1].label.contains("HAR entry 3, POST"));
}
