//! The bytes that carry an analysis from the page's background worker back to the page
//! (`ssocheck::saml::transfer`): they must round-trip exactly, `private_values` included, for every
//! kind of input, while `Analysis`'s own serialization (reports, the CLI) keeps leaving them out, and a
//! damaged transfer is an error, never a panic.

mod saml_common;

use saml_common::*;
use ssocheck::saml::transfer::{
    analyze_encoded, decode_analysis, decode_context, encode_analysis, encode_context,
};
use ssocheck::saml::{analyze, Analysis, Context, Flow};

fn fixture(name: &str) -> Vec<u8> {
    let p = format!("{}/tests/fixtures/saml/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(p).expect("fixture")
}

fn full_ctx() -> Context {
    Context {
        flow: None,
        username: Some("bob@example.com".into()),
        acs_url: Some(IDC_ACS.into()),
        audience: Some(IDC_AUD.into()),
        now_ms: now_ms(),
        trusted: {
            // A certificate and metadata facts cross the worker boundary too.
            let mut t = ssocheck::saml::dsig::keys::Trusted::default();
            let pem = std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../shared/saml-fixtures/node-saml/cert.pem"
            ))
            .expect("node-saml cert.pem (shared fixtures)");
            t.add(&pem, "cert.pem").expect("certificate");
            t.idp_entity_ids.push("https://idp.example.com".into());
            t.want_authn_requests_signed = Some(true);
            t
        },
    }
}

fn round_trip(a: &Analysis) -> Analysis {
    decode_analysis(&encode_analysis(a)).expect("the transfer reads back")
}

/// Inputs of every shape: every message kind, HAR with two messages, certificates, attributes,
/// highlighted lines, unreadable input, and characters that need care.
fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let mut v: Vec<(&'static str, Vec<u8>)> = [
        "okta-idc-good.xml",
        "okta-idc-good.b64",
        "entra-idc-bad-nameid.xml",
        "idc-to-app.xml",
        "idc-to-sts.xml",
        "two-messages.har",
        "authn-request-redirect.txt",
    ]
    .into_iter()
    .map(|n| (n, fixture(n)))
    .collect();
    v.push(("unreadable bytes", vec![0xff, 0x00, 0xfe, b'<', 0xc3]));
    v.push(("malformed XML", b"<samlp:Response><a></b>".to_vec()));
    v.push((
        "DTD",
        b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>".to_vec(),
    ));
    v.push(("empty", Vec::new()));
    let odd = String::from_utf8(fixture("okta-idc-good.xml"))
        .expect("utf-8")
        .replace(
            "</saml2:AttributeStatement>",
            "<saml2:Attribute Name=\"x\"><saml2:AttributeValue>Zoë \"q\" \\ \t é 😀 &#1;</saml2:AttributeValue></saml2:Attribute></saml2:AttributeStatement>",
        );
    v.push(("odd characters", odd.into_bytes()));
    v
}

#[test]
fn every_input_round_trips_exactly_with_private_values() {
    for ctx in [full_ctx(), ctx(Some(Flow::Sts)), ctx(None)] {
        for (name, bytes) in inputs() {
            let a = analyze(&bytes, &ctx);
            assert!(!a.messages.is_empty(), "{name}: no message");
            assert_eq!(
                a.private_values,
                ctx.username.iter().cloned().collect::<Vec<_>>()
            );
            assert_eq!(round_trip(&a), a, "{name} did not round-trip");
        }
    }
    // The inputs above exercise every part of the format.
    let all: Vec<Analysis> = inputs()
        .iter()
        .map(|(_, b)| analyze(b, &full_ctx()))
        .collect();
    let msgs = || all.iter().flat_map(|a| a.messages.iter());
    assert!(msgs().any(|m| !m.certificates.is_empty()));
    assert!(msgs().any(|m| m.certificates.iter().any(|c| c.rsa_bits.is_some())));
    assert!(msgs().any(|m| !m.attributes.is_empty()));
    assert!(msgs().any(|m| !m.highlight_lines.is_empty()));
    assert!(msgs().any(|m| m.nameid.is_some()) && msgs().any(|m| m.nameid.is_none()));
    assert!(msgs()
        .flat_map(|m| &m.findings)
        .any(|f| f.evidence.is_none()));
    assert!(msgs()
        .flat_map(|m| &m.findings)
        .filter_map(|f| f.evidence.as_ref())
        .any(|e| e.line.is_some() && e.column.is_some()));
    assert!(all.iter().any(|a| a.messages.len() > 1));
}

#[test]
fn hand_made_values_round_trip() {
    // Values the analyzer rarely produces: every flow, negative days, empty strings everywhere.
    let mut a = analyze(&fixture("two-messages.har"), &full_ctx());
    for (m, f) in a.messages.iter_mut().zip(Flow::ALL) {
        m.flow = f;
        m.nameid = Some(String::new());
        m.highlight_lines = vec![0, u32::MAX];
        for c in &mut m.certificates {
            c.days_left = -5;
            c.not_after_ms = i64::MIN;
        }
    }
    a.private_values = vec![String::new(), "Zoë".into()];
    a.detected.clear();
    assert_eq!(round_trip(&a), a);
}

#[test]
fn the_worker_entry_point_equals_analyze() {
    let ctx = full_ctx();
    for (name, bytes) in inputs() {
        let out = analyze_encoded(&bytes, &encode_context(&ctx)).expect("valid context");
        let back = decode_analysis(&out).expect("reads back");
        assert_eq!(back, analyze(&bytes, &ctx), "{name}");
        assert_eq!(back.private_values, vec!["bob@example.com".to_string()]);
    }
    assert!(analyze_encoded(b"<x/>", b"{}").is_err());
}

#[test]
fn context_round_trips() {
    let mut all = vec![full_ctx(), Context::default()];
    all.extend(Flow::ALL.map(|f| ctx(Some(f))));
    for ctx in all {
        assert_eq!(decode_context(&encode_context(&ctx)).expect("ok"), ctx);
    }
}

#[test]
fn the_transfer_is_not_the_export() {
    // `Analysis`'s own JSON (reports, anything exported) still leaves the private values out.
    let a = analyze(&fixture("okta-idc-good.xml"), &full_ctx());
    let export = serde_json::to_value(&a).expect("json");
    assert!(export.get("private_values").is_none(), "{export}");
    assert_eq!(round_trip(&a).private_values, vec!["bob@example.com"]);
}

#[test]
fn a_damaged_transfer_is_an_error_not_a_panic() {
    let bytes = encode_analysis(&analyze(&fixture("two-messages.har"), &full_ctx()));
    // Every truncation, and trailing garbage.
    for cut in 0..bytes.len() {
        assert!(decode_analysis(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut long = bytes.clone();
    long.push(0);
    assert!(decode_analysis(&long).is_err());
    // Any single byte changed: an error or a different analysis, never a panic or a huge allocation.
    for i in 0..bytes.len() {
        for v in [0x00, 0xff] {
            let mut b = bytes.clone();
            b[i] = v;
            let _ = decode_analysis(&b);
        }
    }
    assert!(decode_context(b"SSA1").is_err());
    assert!(decode_analysis(&encode_context(&full_ctx())).is_err());
}
