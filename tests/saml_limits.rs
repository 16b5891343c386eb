//! The node and attribute caps beside the byte cap, named in `input.too-large`; the per-check cap
//! on listed findings.

use ssocheck::saml::{analyze, Analysis, Context};
use ssocheck::Severity;

const HEAD: &str = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="r1" Version="2.0" IssueInstant="2025-01-01T00:00:00Z"><saml:Assertion ID="a1" Version="2.0" IssueInstant="2025-01-01T00:00:00Z">"#;
const TAIL: &str = "</saml:Assertion></samlp:Response>";

fn run(body: &str) -> Analysis {
    let ctx = Context {
        now_ms: ssocheck::time::parse_rfc3339("2025-01-01T00:00:00Z").expect("now"),
        ..Context::default()
    };
    analyze(format!("{HEAD}{body}{TAIL}").as_bytes(), &ctx)
}

fn too_large(a: &Analysis) -> String {
    let f = a
        .findings()
        .find(|f| f.check == "input.too-large")
        .expect("input.too-large");
    assert_eq!(f.severity, Severity::Error);
    f.message.clone()
}

#[test]
fn too_many_nodes_is_named() {
    let a = run(&"<b/>".repeat(ssocheck::saml::xml::MAX_NODES));
    let m = too_large(&a);
    assert!(
        m.contains("500000 nodes") && m.contains("node limit"),
        "{m}"
    );
}

#[test]
fn too_many_attributes_is_named() {
    let one: String = (0..500).map(|i| format!(" a{i}=\"1\"")).collect();
    let a = run(&format!("<b{one}/>").repeat(ssocheck::saml::xml::MAX_ATTRS / 500 + 1));
    let m = too_large(&a);
    assert!(m.contains("attribute limit"), "{m}");
}

#[test]
fn findings_of_one_check_are_listed_up_to_the_cap_then_summed_up() {
    let n = 1_200;
    let sigs: String = (0..n)
        .map(|i| {
            format!(r##"<saml:Advice><ds:Signature><ds:SignedInfo><ds:Reference URI="#nowhere{i}"/></ds:SignedInfo></ds:Signature></saml:Advice>"##)
        })
        .collect();
    let a = run(&sigs);
    let wrap: Vec<_> = a
        .findings()
        .filter(|f| f.check == "saml.signature.wrapping")
        .collect();
    let cap = ssocheck::saml::model::MAX_FINDINGS_PER_CHECK;
    assert_eq!(wrap.len(), cap + 1);
    let last = wrap
        .iter()
        .find(|f| f.message.starts_with("and "))
        .expect("summary");
    assert!(
        // Two structural findings per signature, plus one from verification for each of the first
        // `MAX_SIGNATURES` signatures (no SignatureValue).
        last.message.contains(&format!(
            "{} more",
            2 * n - cap + ssocheck::saml::dsig::verify::MAX_SIGNATURES
        )),
        "{}",
        last.message
    );
}
