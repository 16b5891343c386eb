//! The test service provider (`#/test-sp`, `ssocheck test-sp`): the page's SP identity and metadata,
//! the AuthnRequest over HTTP-Redirect (inflated and parsed back), and the round-trip checks
//! `saml.in-response-to` and `saml.relay-state.roundtrip`, on the engine, the tool and the CLI.

mod cli_common;
use base64::Engine as _;
use cli_common::cli;
use ssocheck::doc::{Body, Document};
use ssocheck::finding::Severity;
use ssocheck::saml::testsp::{authn, idp, Sp};
use ssocheck::saml::{analyze, analyze_sp_metadata, ns, xml, Analysis, Context, Sent};
use ssocheck::tools::{run, InputFile, ToolRequest};

const PAGE: &str = "https://tools.example.com/ssocheck/index.html?x=1#/test-sp";
const ID: &str = "_0123456789abcdef0123456789abcdef01234567";
const NONCE: &str = "fedcba9876543210fedcba9876543210";
const NOW: &str = "2025-06-01T12:00:00Z";

fn now() -> i64 {
    ssocheck::time::parse_rfc3339(NOW).expect("time")
}

fn sp() -> Sp {
    Sp::from_page_url(PAGE).expect("sp")
}

#[test]
fn sp_identity_comes_from_the_page_address() {
    let sp = sp();
    assert_eq!(sp.entity_id, "https://tools.example.com/ssocheck/");
    assert_eq!(sp.acs_url, "https://tools.example.com/ssocheck/acs");
    let root = Sp::from_page_url("http://127.0.0.1:9000/#/test-sp").expect("root");
    assert_eq!(root.acs_url, "http://127.0.0.1:9000/acs");
    let bare = Sp::from_page_url("https://example.org").expect("bare");
    assert_eq!(bare.acs_url, "https://example.org/acs");
    for bad in [
        "",
        "ftp://example.org/",
        "example.org/x/",
        "https:///x/",
        "https://user@evil.example/",
    ] {
        assert!(Sp::from_page_url(bad).is_err(), "{bad}");
    }
    assert!(Sp::from_page_url(&format!("https://e.org/{}", "a".repeat(3000))).is_err());
}

#[test]
fn metadata_xml_parses_back_with_our_parser() {
    let sp = sp();
    let text = sp.metadata_xml();
    let doc = xml::parse(text.trim()).expect("well-formed");
    let root = doc.root();
    assert!(root.is_ns(ns::MD, "EntityDescriptor"));
    assert_eq!(root.attr("entityID"), Some(sp.entity_id.as_str()));
    let spsso = doc
        .child_ns(doc.root, ns::MD, "SPSSODescriptor")
        .expect("SPSSODescriptor");
    assert_eq!(doc.node(spsso).attr("AuthnRequestsSigned"), Some("false"));
    assert_eq!(doc.node(spsso).attr("WantAssertionsSigned"), Some("true"));
    let fmt = doc
        .child_ns(spsso, ns::MD, "NameIDFormat")
        .expect("NameIDFormat");
    assert_eq!(
        doc.text(fmt),
        "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
    );
    let acs = doc
        .child_ns(spsso, ns::MD, "AssertionConsumerService")
        .expect("ACS");
    assert_eq!(
        doc.node(acs).attr("Binding"),
        Some("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
    );
    assert_eq!(doc.node(acs).attr("Location"), Some(sp.acs_url.as_str()));
    // The SAML page's "SP metadata" field reads it as well.
    let m = analyze_sp_metadata(text.as_bytes()).expect("sp metadata");
    assert_eq!(m.acs_url, sp.acs_url);
    assert_eq!(m.entity_id, sp.entity_id);
}

/// Splits the redirect URL and undoes URL encoding, base64 and DEFLATE.
fn inflate_request(url: &str) -> (String, String) {
    let query = url.split_once('?').expect("query").1;
    let mut request = None;
    let mut relay = None;
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').expect("pair");
        let v = percent_encoding::percent_decode_str(v)
            .decode_utf8()
            .expect("utf8")
            .to_string();
        match k {
            "SAMLRequest" => request = Some(v),
            "RelayState" => relay = Some(v),
            _ => {}
        }
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(request.expect("SAMLRequest"))
        .expect("base64");
    let xml = miniz_oxide::inflate::decompress_to_vec(&raw).expect("raw DEFLATE");
    (
        String::from_utf8(xml).expect("utf8"),
        relay.expect("RelayState"),
    )
}

#[test]
fn authn_request_round_trips_through_the_redirect_binding() {
    let sp = sp();
    let a =
        authn::build(&sp, "https://idp.example.net/sso?app=42", ID, NONCE, now()).expect("built");
    assert!(a
        .redirect_url
        .starts_with("https://idp.example.net/sso?app=42&SAMLRequest="));
    let value = a.redirect_url.split("SAMLRequest=").nth(1).expect("value");
    let value = value.split('&').next().unwrap_or_default();
    assert!(
        !value.contains(['+', '/', '=', ' ']),
        "base64 is URL-encoded: {value}"
    );
    let (xml_text, relay) = inflate_request(&a.redirect_url);
    assert_eq!(xml_text, a.xml);
    assert_eq!(relay, NONCE);
    let doc = xml::parse(&xml_text).expect("well-formed");
    let root = doc.root();
    assert!(root.is_ns(ns::SAMLP, "AuthnRequest"));
    assert_eq!(root.attr("ID"), Some(ID));
    assert_eq!(root.attr("Version"), Some("2.0"));
    assert_eq!(root.attr("IssueInstant"), Some(NOW));
    assert_eq!(
        root.attr("AssertionConsumerServiceURL"),
        Some(sp.acs_url.as_str())
    );
    assert_eq!(
        root.attr("Destination"),
        Some("https://idp.example.net/sso?app=42")
    );
    assert_eq!(
        root.attr("ProtocolBinding"),
        Some("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
    );
    let issuer = doc.child_ns(doc.root, ns::SAML, "Issuer").expect("Issuer");
    assert_eq!(doc.text(issuer), sp.entity_id);
    // The SAML analyzer reads the URL as an HTTP-Redirect AuthnRequest.
    let an = analyze(
        a.redirect_url.as_bytes(),
        &Context {
            now_ms: now(),
            ..Context::default()
        },
    );
    assert_eq!(an.messages.len(), 1);
    assert_eq!(an.messages[0].kind, "AuthnRequest");
    assert!(
        an.messages[0].decoded_as.contains("deflate"),
        "{}",
        an.messages[0].decoded_as
    );
}

#[test]
fn authn_request_refuses_unusable_values() {
    let sp = sp();
    let sso = "https://idp.example.net/sso";
    assert!(
        authn::build(&sp, sso, "1abcdefabcdefabcdef", NONCE, 0).is_err(),
        "ID starting with a digit"
    );
    assert!(authn::build(&sp, sso, "_short", NONCE, 0).is_err());
    assert!(authn::build(&sp, sso, "_a\"b<cdefghijklmnopq", NONCE, 0).is_err());
    assert!(authn::build(&sp, sso, ID, "a b", 0).is_err());
    assert!(authn::build(&sp, sso, ID, &"n".repeat(81), 0).is_err());
    for bad in [
        "javascript:alert(1)",
        "idp.example.net/sso",
        "https://idp/ x",
        "https://idp/#f",
    ] {
        assert!(authn::build(&sp, bad, ID, NONCE, 0).is_err(), "{bad}");
    }
}

#[test]
fn idp_metadata_gives_the_redirect_sso_url() {
    let md = r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.net/e"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.net/post"/><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.net/redirect"/></md:IDPSSODescriptor></md:EntityDescriptor>"#;
    let info = idp::read(md).expect("metadata");
    assert_eq!(info.entity_id, "https://idp.example.net/e");
    assert_eq!(
        info.sso_redirect.as_deref(),
        Some("https://idp.example.net/redirect")
    );
    assert!(idp::read("MIIC...").is_err());
    assert!(idp::read("<x/>").is_err());
    assert!(idp::read("<md:EntityDescriptor").is_err());
}

fn request(fields: &[(&str, &str)], files: Vec<InputFile>) -> ToolRequest {
    ToolRequest {
        tool: "test-sp".into(),
        files,
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        now_ms: now(),
    }
}

fn item(d: &Document, block: &str, key: &str) -> Option<String> {
    d.key_value(block, key).map(str::to_string)
}

#[test]
fn the_tool_shows_metadata_and_builds_the_request_when_the_page_asks() {
    let d = run(&request(&[("page_url", PAGE)], Vec::new()));
    assert!(d.accepted, "{}", d.detected);
    assert_eq!(
        item(&d, "sp", "ACS URL (HTTP-POST)").as_deref(),
        Some("https://tools.example.com/ssocheck/acs")
    );
    assert!(d.blocks.iter().any(|b| b.id == "metadata-download"));
    let setup = d.blocks.iter().find(|b| b.id == "setup").expect("setup");
    let Body::Table(t) = &setup.body else {
        panic!("setup is a table")
    };
    let idps: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
    for name in [
        "Okta",
        "Microsoft Entra ID",
        "Google Workspace",
        "Keycloak",
        "JumpCloud",
    ] {
        assert!(idps.contains(&name), "{name}");
    }
    assert!(idps.iter().any(|i| i.starts_with("IAM Identity Center")));
    assert!(t
        .rows
        .iter()
        .all(|r| r.cells[1].contains("https://tools.example.com/ssocheck/acs")));
    assert!(
        item(&d, "authn-request", "Redirect URL").is_none(),
        "no request without a click"
    );

    let md = format!(
        r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.net/e"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.net/redirect"/></md:IDPSSODescriptor></md:EntityDescriptor>"#,
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/saml/certs/idp-good.b64"
        ))
        .expect("certificate fixture")
        .trim()
    );
    let started = run(&request(
        &[
            ("page_url", PAGE),
            ("request_id", ID),
            ("relay_state", NONCE),
        ],
        vec![InputFile {
            name: "idp_metadata".into(),
            bytes: md.into_bytes(),
        }],
    ));
    assert_eq!(
        item(&started, "idp", "IdP entity ID").as_deref(),
        Some("https://idp.example.net/e")
    );
    assert!(item(&started, "idp", "Signing certificates")
        .expect("certs")
        .starts_with("1:"));
    let url = item(&started, "authn-request", "Redirect URL").expect("redirect URL");
    assert!(url.starts_with("https://idp.example.net/redirect?SAMLRequest="));
    let (x, relay) = inflate_request(&url);
    assert!(x.contains(&format!("ID=\"{ID}\"")));
    assert_eq!(relay, NONCE);

    // No SSO URL: a clear problem instead of a URL.
    let none = run(&request(
        &[
            ("page_url", PAGE),
            ("request_id", ID),
            ("relay_state", NONCE),
        ],
        Vec::new(),
    ));
    assert!(item(&none, "authn-request", "Problem")
        .expect("problem")
        .contains("No SSO URL"));
    // No page address at all: not accepted.
    let no_page = run(&request(&[], Vec::new()));
    assert!(!no_page.accepted);
    assert!(no_page.detected.contains("--base-url"));
}

#[test]
fn cli_prints_the_sp_metadata() {
    let (code, out, _) = cli(
        &[
            "test-sp",
            "--base-url",
            "https://tools.example.com/ssocheck/",
        ],
        b"",
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ACS URL (HTTP-POST): https://tools.example.com/ssocheck/acs"));
    assert!(out.contains("Okta"));
    let (code, _, _) = cli(&["test-sp"], b"");
    assert_eq!(code, 2);
}

// ---- saml.in-response-to and saml.relay-state.roundtrip ----

const ACS: &str = "https://tools.example.com/ssocheck/acs";

fn response(root_irt: Option<&str>, scd_irt: Option<&str>, issued: &str) -> String {
    let attr = |v: Option<&str>| {
        v.map(|v| format!(" InResponseTo=\"{v}\""))
            .unwrap_or_default()
    };
    format!(
        r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="{issued}" Destination="{ACS}"{}><saml:Issuer>https://idp.example.net/e</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="_a1" Version="2.0" IssueInstant="{issued}"><saml:Issuer>https://idp.example.net/e</saml:Issuer><saml:Subject><saml:NameID>jane@example.com</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData{} NotOnOrAfter="2025-06-01T12:05:00Z" Recipient="{ACS}"/></saml:SubjectConfirmation></saml:Subject></saml:Assertion></samlp:Response>"#,
        attr(root_irt),
        attr(scd_irt),
    )
}

/// As the service worker hands it to the SAML page: a form body.
fn posted(xml_text: &str, relay: Option<&str>) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(xml_text);
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    match relay {
        Some(r) => format!("SAMLResponse={}&RelayState={}", enc(&b64), enc(r)),
        None => format!("SAMLResponse={}", enc(&b64)),
    }
}

fn with_sent(input: &str, sent: Sent) -> Analysis {
    analyze(
        input.as_bytes(),
        &Context {
            now_ms: now(),
            sent,
            ..Context::default()
        },
    )
}

fn sent(request_time: Option<&str>) -> Sent {
    Sent {
        request_id: Some(ID.into()),
        relay_state: Some(NONCE.into()),
        request_time_ms: request_time.map(|t| ssocheck::time::parse_rfc3339(t).expect("time")),
    }
}

fn of<'a>(a: &'a Analysis, id: &str) -> Vec<&'a ssocheck::finding::Finding> {
    a.findings().filter(|f| f.check == id).collect()
}

#[test]
fn in_response_to_passes_when_the_response_answers_the_request() {
    let a = with_sent(
        &posted(&response(Some(ID), Some(ID), NOW), Some(NONCE)),
        sent(Some("2025-06-01T11:59:50Z")),
    );
    let irt = of(&a, "saml.in-response-to");
    assert_eq!(irt.len(), 1, "{irt:?}");
    assert_eq!(irt[0].severity, Severity::Pass);
    assert!(irt[0].message.contains(ID));
    let rs = of(&a, "saml.relay-state.roundtrip");
    assert_eq!(rs.len(), 1);
    assert_eq!(rs[0].severity, Severity::Pass);
}

#[test]
fn in_response_to_catches_another_request_a_missing_one_and_an_old_response() {
    let other = "_ffffffffffffffffffffffffffffffffffffffff";
    let a = with_sent(
        &posted(&response(Some(other), Some(other), NOW), Some(NONCE)),
        sent(None),
    );
    let f = of(&a, "saml.in-response-to");
    assert!(f.iter().all(|f| f.severity == Severity::Error), "{f:?}");
    assert!(f
        .iter()
        .any(|f| f.message.contains("answers another AuthnRequest")));
    assert!(f
        .iter()
        .any(|f| f.message.contains("SubjectConfirmationData")));
    assert!(
        f.iter()
            .all(|f| f.evidence.as_ref().and_then(|e| e.line).is_some()),
        "located in the XML"
    );

    // Unsolicited (IdP-initiated) while a request was pending: a warning that says so.
    let a = with_sent(&posted(&response(None, None, NOW), Some(NONCE)), sent(None));
    let f = of(&a, "saml.in-response-to");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(f[0].message.contains("unsolicited"));

    // Issued ten minutes before the request: not its answer, whatever InResponseTo says.
    let a = with_sent(
        &posted(
            &response(Some(ID), Some(ID), "2025-06-01T11:50:00Z"),
            Some(NONCE),
        ),
        sent(Some(NOW)),
    );
    let f = of(&a, "saml.in-response-to");
    assert!(
        f.iter()
            .any(|f| f.severity == Severity::Error && f.message.contains("issued at")),
        "{f:?}"
    );
}

#[test]
fn relay_state_roundtrip_catches_a_missing_or_changed_value() {
    let xml_text = response(Some(ID), Some(ID), NOW);
    let missing = with_sent(&posted(&xml_text, None), sent(None));
    let f = of(&missing, "saml.relay-state.roundtrip");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Error);
    assert!(f[0].message.contains("no RelayState came back"));
    let changed = with_sent(
        &posted(&xml_text, Some("https://app.example/start")),
        sent(None),
    );
    let f = of(&changed, "saml.relay-state.roundtrip");
    assert_eq!(f[0].severity, Severity::Error);
    assert!(f[0].message.contains("changed"));
}

#[test]
fn neither_check_runs_without_a_sent_request() {
    let a = with_sent(
        &posted(
            &response(Some("_x1234567890abcdef"), None, NOW),
            Some("whatever"),
        ),
        Sent::default(),
    );
    assert!(of(&a, "saml.in-response-to").is_empty());
    assert!(of(&a, "saml.relay-state.roundtrip").is_empty());
}

#[test]
fn saml_cli_takes_the_sent_request() {
    let dir = std::env::temp_dir().join(format!("ssocheck-testsp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("posted.txt");
    std::fs::write(
        &path,
        posted(&response(Some(ID), Some(ID), NOW), Some(NONCE)),
    )
    .expect("write");
    let p = path.to_string_lossy().to_string();
    let (_, out, _) = cli(
        &[
            "saml",
            &p,
            "--now",
            NOW,
            "--in-response-to",
            ID,
            "--relay-state",
            NONCE,
            "--json",
        ],
        b"",
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let text = v.to_string();
    assert!(text.contains("\"saml.in-response-to\""), "{text}");
    assert!(text.contains("\"saml.relay-state.roundtrip\""));
    let (code, out, _) = cli(
        &[
            "saml",
            &p,
            "--now",
            NOW,
            "--in-response-to",
            "_another0000000000",
            "--flow",
            "generic",
        ],
        b"",
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("answers another AuthnRequest"));
    let (code, _, err) = cli(&["saml", &p, "--request-time", "yesterday"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("--request-time"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hostile_inputs_give_an_answer_not_a_panic() {
    let many_sso = format!(
        r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="e"><md:IDPSSODescriptor>{}</md:IDPSSODescriptor></md:EntityDescriptor>"#,
        r#"<md:SingleSignOnService Binding="x" Location="https://a/"/>"#.repeat(50_000)
    );
    let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
    let inputs: Vec<Vec<u8>> = vec![
        many_sso.into_bytes(),
        deep.into_bytes(),
        vec![0xff; 100_000],
        b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>".to_vec(),
        "\u{0}<md:EntityDescriptor".repeat(10_000).into_bytes(),
    ];
    for bytes in inputs {
        let len = bytes.len();
        let d = run(&request(
            &[
                ("page_url", PAGE),
                ("sso_url", "https://idp.example.net/sso"),
                ("request_id", ID),
                ("relay_state", NONCE),
            ],
            vec![InputFile {
                name: "idp_metadata".into(),
                bytes,
            }],
        ));
        assert!(d.accepted, "{len}: {}", d.detected);
        // Unusable metadata is named as such; the given SSO URL still starts the sign-in.
        assert!(
            d.blocks.iter().any(|b| b.id == "idp"),
            "{len}: the IdP block says what became of the metadata"
        );
        let url = item(&d, "authn-request", "Redirect URL").expect("redirect URL");
        assert!(url.starts_with("https://idp.example.net/sso?SAMLRequest="));
    }
    // An absurd page address is refused with the reason.
    let d = run(&request(
        &[("page_url", &format!("https://e.org/{}", "é/".repeat(5_000)))],
        Vec::new(),
    ));
    assert!(!d.accepted);
    assert!(d.detected.contains("longer than 2048"), "{}", d.detected);
    // Metadata itself, read directly: bounded, with a reason when unusable.
    let info = idp::read(&format!(
        r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="e"><md:IDPSSODescriptor>{}</md:IDPSSODescriptor></md:EntityDescriptor>"#,
        r#"<md:SingleSignOnService Binding="x" Location="https://a/"/>"#.repeat(50_000)
    ))
    .expect("metadata");
    assert!(info.sso_bindings.len() <= 64, "SSO endpoints are capped");
    assert!(info.sso_redirect.is_none());
    assert!(idp::read(&format!(
        "{}{}",
        "<a>".repeat(100_000),
        "</a>".repeat(100_000)
    ))
    .is_err());
}
