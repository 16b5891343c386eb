//! `cargo run --release --example bench_dsig`: times XML-signature verification natively on a signed
//! ~50,000-character response and a signed 10 MB response (20,000 attributes): canonicalization,
//! digest and RSA-2048 verification, and the whole analysis with the IdP certificate given.
//! Signed here with the test key of tests/fixtures/saml/certs (test-only).

use std::time::Instant;

use rsa::pkcs8::DecodePrivateKey;
use sha2::Digest;
use ssocheck::saml::dsig::c14n::{canonicalize, C14n};
use ssocheck::saml::dsig::keys::Trusted;
use ssocheck::saml::dsig::verify::verify_document;
use ssocheck::saml::{analyze, ns, xml, Context};

const CERT: &str = include_str!("../tests/fixtures/saml/certs/idp-good.b64");
const KEY: &str = include_str!("../tests/fixtures/saml/keys/idp-good.pk8.b64");
const PLACEHOLDER: &str = "DIGEST";

fn response(attrs: usize, value_len: usize) -> String {
    let mut a = String::new();
    for i in 0..attrs {
        a.push_str(&format!(
            "<saml2:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/AccessControl:Key{i}\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\"><saml2:AttributeValue>{}</saml2:AttributeValue></saml2:Attribute>",
            "v".repeat(value_len)
        ));
    }
    format!(
        r##"<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" Destination="https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6b2f1d3e-1111-2222-3333-444455556666" ID="id1" IssueInstant="2025-06-01T11:59:30Z" Version="2.0"><saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">http://www.okta.com/exk1</saml2:Issuer><saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status><saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="id2" IssueInstant="2025-06-01T11:59:30Z" Version="2.0"><saml2:Issuer>http://www.okta.com/exk1</saml2:Issuer><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#id2"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>{PLACEHOLDER}</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>SIG</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{CERT}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature><saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">alice@example.com</saml2:NameID><saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml2:SubjectConfirmationData NotOnOrAfter="2025-06-01T12:04:30Z" Recipient="https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6b2f1d3e-1111-2222-3333-444455556666"/></saml2:SubjectConfirmation></saml2:Subject><saml2:Conditions NotBefore="2025-06-01T11:54:30Z" NotOnOrAfter="2025-06-01T12:04:30Z"><saml2:AudienceRestriction><saml2:Audience>https://us-east-1.signin.aws.amazon.com/platform/saml/d-1234567890</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions><saml2:AttributeStatement>{a}</saml2:AttributeStatement></saml2:Assertion></saml2p:Response>"##
    )
}

/// Fills DigestValue and SignatureValue with the test key.
fn sign(mut x: String) -> String {
    let exc = C14n::from_uri("http://www.w3.org/2001/10/xml-exc-c14n#").expect("exc");
    let doc = xml::parse(&x).expect("parses");
    let sig = doc.descendants_ns(doc.root, ns::DSIG, "Signature")[0];
    let target = doc.by_id("id2")[0];
    let digest = sha2::Sha256::digest(canonicalize(&doc, target, Some(sig), &exc));
    x = x.replacen(
        PLACEHOLDER,
        &base64::Engine::encode(&base64::engine::general_purpose::STANDARD, digest),
        1,
    );
    let doc = xml::parse(&x).expect("parses");
    let sig = doc.descendants_ns(doc.root, ns::DSIG, "Signature")[0];
    let si = doc
        .child_ns(sig, ns::DSIG, "SignedInfo")
        .expect("SignedInfo");
    let hashed = sha2::Sha256::digest(canonicalize(&doc, si, None, &exc));
    let der = ssocheck::saml::b64::decode(KEY.trim(), false, false).expect("key");
    let key = rsa::PrivateKey::from_pkcs8_der(&der).expect("key");
    let sv = key
        .sign(rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha256>(), &hashed)
        .expect("sign");
    x.replacen(
        "<ds:SignatureValue>SIG",
        &format!(
            "<ds:SignatureValue>{}",
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &sv)
        ),
        1,
    )
}

fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn time<F: FnMut()>(iters: u32, mut f: F) -> f64 {
    f();
    let c0 = cpu_seconds();
    let t = Instant::now();
    for _ in 0..iters {
        f();
    }
    match (c0, cpu_seconds()) {
        (Some(a), Some(b)) => (b - a) / iters as f64,
        _ => t.elapsed().as_secs_f64() / iters as f64,
    }
}

fn main() {
    let mut trusted = Trusted::default();
    trusted.add(CERT.as_bytes(), "idp-good").expect("cert");
    let ctx = Context {
        now_ms: ssocheck::time::parse_rfc3339("2025-06-01T12:00:00Z").unwrap_or(0),
        trusted: trusted.clone(),
        ..Context::default()
    };
    for (label, attrs, len, iters) in [
        ("50k response", 190usize, 40usize, 300u32),
        ("10 MB response", 20_000, 290, 3),
    ] {
        if label.starts_with("10") && std::env::var_os("BENCH_SMALL_ONLY").is_some() {
            break;
        }
        let x = sign(response(attrs, len));
        let doc = xml::parse(&x).expect("parses");
        let dc = verify_document(&doc, &trusted);
        assert!(
            dc.signatures.iter().all(|s| s.verified()),
            "the benchmark message must verify"
        );
        let verify = time(iters, || {
            std::hint::black_box(verify_document(&doc, &trusted));
        });
        let parse_verify = time(iters, || {
            let d = xml::parse(&x).expect("parses");
            std::hint::black_box(verify_document(&d, &trusted));
        });
        let whole = time(iters, || {
            std::hint::black_box(analyze(x.as_bytes(), &ctx));
        });
        println!(
            "{label:<15}: {} chars; verify (c14n + SHA-256 + RSA-2048) {:.3} ms CPU, parse + verify {:.3} ms, whole analysis {:.3} ms",
            x.len(),
            verify * 1e3,
            parse_verify * 1e3,
            whole * 1e3
        );
    }
}
