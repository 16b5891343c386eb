//! XML-signature verification as a user sees it: every dsig and metadata check triggers on its case
//! and passes on the clean signed template; the HTTP-Redirect query-string signature; the CLI's
//! `--idp-metadata` / `--cert`; hostile signatures.

mod saml_common;

use saml_common::*;
use ssocheck::saml::dsig::keys::Trusted;
use ssocheck::saml::{analyze, Analysis, Context, Flow};
use ssocheck::Severity;

fn good_cert_pem() -> String {
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        cert("idp-good").trim()
    )
}

fn trusted(inputs: &[&str]) -> Trusted {
    let mut t = Trusted::default();
    for (i, s) in inputs.iter().enumerate() {
        t.add(s.as_bytes(), &format!("input {}", i + 1))
            .expect("trusted input");
    }
    t
}

fn metadata(entity_id: &str, cert_b64: &str, extra: &str) -> String {
    format!(
        r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{entity_id}"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"{extra}><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>"#,
        cert_b64.trim()
    )
}

fn with(t: Trusted, flow: Option<Flow>) -> Context {
    Context {
        trusted: t,
        ..ctx(flow)
    }
}

fn okta() -> String {
    Tpl::okta_idc().xml()
}

fn has(a: &Analysis, id: &str, sev: Severity) -> bool {
    find(a, id).iter().any(|f| f.severity == sev)
}

#[test]
fn clean_signed_message_passes_digest_value_and_trust() {
    // Without metadata: digest and value pass, trust says embedded certificate only (info).
    let a = analyze(okta().as_bytes(), &ctx(None));
    assert!(
        has(&a, "saml.signature.digest", Severity::Pass),
        "{:#?}",
        problems(&a)
    );
    assert!(has(&a, "saml.signature.value", Severity::Pass));
    assert!(has(&a, "saml.signature.trust", Severity::Info));
    assert!(!has(&a, "saml.signature.trust", Severity::Error));
    // With the IdP's certificate (PEM) or metadata: trust passes too.
    for t in [
        trusted(&[&good_cert_pem()]),
        trusted(&[&metadata(
            "http://www.okta.com/exk1a2b3c4d5e6f7g8h9",
            &cert("idp-good"),
            "",
        )]),
        trusted(&[cert("idp-good").as_str()]),
    ] {
        let a = analyze(okta().as_bytes(), &with(t, None));
        for id in [
            "saml.signature.digest",
            "saml.signature.value",
            "saml.signature.trust",
        ] {
            assert!(has(&a, id, Severity::Pass), "{id}: {:#?}", problems(&a));
        }
        let m = &a.messages[0];
        assert!(
            m.signatures.iter().all(|s| s.verified),
            "{:#?}",
            m.signatures
        );
        assert!(m.signatures[0]
            .verdict
            .starts_with("signed and verified with a certificate from your metadata"));
        // The explanation names the reference, the covered element and line, transforms, digests,
        // algorithm and certificate; the canonical bytes are offered.
        let steps = m.signatures[0].steps.join("\n");
        for part in [
            "Reference 1 URI=\"#",
            "covers <Assertion>",
            "line",
            "enveloped-signature",
            "exclusive c14n 1.0",
            "SHA-256 digest computed",
            "match",
            "RSA PKCS#1 v1.5 with SHA-256",
            "SHA-256 ",
        ] {
            assert!(steps.contains(part), "missing {part} in {steps}");
        }
        let (name, bytes) = &m.signatures[0].canonical[0];
        assert!(
            name.ends_with(".xml") && bytes.starts_with("<saml2:Assertion"),
            "{name}"
        );
    }
}

#[test]
fn every_dsig_check_triggers() {
    let t_good = || trusted(&[&good_cert_pem()]);
    let mut seen: Vec<&str> = Vec::new();
    let mut check = |id: &'static str, a: &Analysis, sev: Severity| {
        assert!(
            has(a, id, sev),
            "{id}: expected {sev:?}: {:#?}",
            problems(a)
        );
        // Errors and warnings carry evidence.
        if sev == Severity::Error || sev == Severity::Warning {
            let f = find(a, id)
                .into_iter()
                .find(|f| f.severity == sev)
                .expect("finding");
            assert!(
                f.evidence.is_some() || id.starts_with("saml.metadata."),
                "{id}: no evidence"
            );
        }
        seen.push(id);
    };
    // Digest: the XML changed after signing.
    let x = okta().replacen("<saml2:Audience>", "<saml2:Audience> ", 1);
    check(
        "saml.signature.digest",
        &analyze(x.as_bytes(), &with(t_good(), None)),
        Severity::Error,
    );
    // A non-breaking space pasted into a value is named.
    let x = okta().replacen("<saml2:Audience>", "<saml2:Audience>\u{a0}", 1);
    let a = analyze(x.as_bytes(), &with(t_good(), None));
    assert!(
        find(&a, "saml.signature.digest")
            .iter()
            .any(|f| f.message.contains("contains a non-breaking space (U+00A0)")),
        "{:#?}",
        problems(&a)
    );
    // Re-indented by a viewer: named as such.
    let x = okta().replace("><saml2:", ">\n  <saml2:");
    let a = analyze(x.as_bytes(), &with(t_good(), None));
    assert!(
        find(&a, "saml.signature.digest")
            .iter()
            .any(|f| f.message.contains("indentation between elements")),
        "{:#?}",
        problems(&a)
    );
    // Value: the SignatureValue does not verify.
    let x = okta().replacen("<ds:SignatureValue>", "<ds:SignatureValue>AAAA", 1);
    check(
        "saml.signature.value",
        &analyze(x.as_bytes(), &with(t_good(), None)),
        Severity::Error,
    );
    // Trust: metadata given, signed with another certificate (rotated): both fingerprints named.
    let a = analyze(
        okta().as_bytes(),
        &with(trusted(&[cert("idp-soon").as_str()]), None),
    );
    check("saml.signature.trust", &a, Severity::Error);
    let msg = &find(&a, "saml.signature.trust")[0].message;
    let t_soon = trusted(&[cert("idp-soon").as_str()]);
    let t_g = t_good();
    assert!(
        msg.contains(&t_soon.certs[0].sha256) && msg.contains(&t_g.certs[0].sha256),
        "{msg}"
    );
    // Unsupported: HMAC is refused, an XPath transform is not skipped.
    let a = analyze(
        Tpl {
            sig_alg: "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256".into(),
            ..Tpl::okta_idc()
        }
        .xml()
        .as_bytes(),
        &ctx(None),
    );
    check("saml.signature.unsupported", &a, Severity::Warning);
    assert!(find(&a, "saml.signature.unsupported")[0]
        .message
        .contains("HMAC"));
    let x = okta().replacen(
        "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
        "http://www.w3.org/TR/1999/REC-xpath-19991116",
        1,
    );
    let a = analyze(x.as_bytes(), &ctx(None));
    assert!(
        find(&a, "saml.signature.unsupported")
            .iter()
            .any(|f| f.message.contains("REC-xpath")),
        "{:#?}",
        problems(&a)
    );
    // Metadata: entityID differs from the Issuer; matching passes.
    let md = metadata("https://other-idp.example.com", &cert("idp-good"), "");
    check(
        "saml.metadata.entity-id",
        &analyze(okta().as_bytes(), &with(trusted(&[&md]), None)),
        Severity::Error,
    );
    let md_ok = metadata(
        "http://www.okta.com/exk1a2b3c4d5e6f7g8h9",
        &cert("idp-good"),
        "",
    );
    assert!(has(
        &analyze(okta().as_bytes(), &with(trusted(&[&md_ok]), None)),
        "saml.metadata.entity-id",
        Severity::Pass
    ));
    // Metadata certificate expiring within 90 days of the reference time.
    let md_soon = metadata(
        "http://www.okta.com/exk1a2b3c4d5e6f7g8h9",
        &cert("idp-soon"),
        "",
    );
    check(
        "saml.metadata.cert-expiry",
        &analyze(okta().as_bytes(), &with(trusted(&[&md_soon, &md_ok]), None)),
        Severity::Warning,
    );
    // NameIDFormat Identity Center cannot match.
    let md_fmt = md_ok.replace(
        "nameid-format:emailAddress",
        "nameid-format:X509SubjectName",
    );
    check(
        "saml.metadata.nameid-format",
        &analyze(okta().as_bytes(), &with(trusted(&[&md_fmt]), None)),
        Severity::Warning,
    );
    // WantAuthnRequestsSigned with an unsigned AuthnRequest.
    let md_want = metadata(
        "https://idp.example.com",
        &cert("idp-good"),
        " WantAuthnRequestsSigned=\"true\"",
    );
    let req = r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="2025-06-01T12:00:00Z" AssertionConsumerServiceURL="https://sp.example.com/acs"><saml:Issuer>https://sp.example.com</saml:Issuer></samlp:AuthnRequest>"#;
    check(
        "saml.metadata.authn-requests-signed",
        &analyze(req.as_bytes(), &with(trusted(&[&md_want]), None)),
        Severity::Warning,
    );
    // The app flow: the application's SP metadata against the assertion.
    let app = Tpl::idc_to_app();
    let sp = |acs: &str, entity: &str, fmt: &str, want: bool| {
        format!(
            r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{entity}"><md:SPSSODescriptor WantAssertionsSigned="{want}" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:NameIDFormat>{fmt}</md:NameIDFormat><md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{acs}" index="0"/></md:SPSSODescriptor></md:EntityDescriptor>"#
        )
    };
    let good_sp = sp(
        "https://app.example.net/saml/acs",
        "https://app.example.net/saml/metadata",
        EMAIL,
        true,
    );
    let a = analyze(
        app.xml().as_bytes(),
        &with(trusted(&[&good_sp]), Some(Flow::App)),
    );
    for id in [
        "saml.app.acs",
        "saml.app.audience",
        "saml.app.nameid-format",
        "saml.app.assertions-signed",
    ] {
        assert!(has(&a, id, Severity::Pass), "{id}: {:#?}", problems(&a));
    }
    let bad = sp(
        "https://app.example.net/other/acs",
        "https://app.example.net/other",
        "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
        true,
    );
    let unsigned = Tpl {
        sign_assertion: false,
        ..Tpl::idc_to_app()
    };
    let a = analyze(
        unsigned.xml().as_bytes(),
        &with(trusted(&[&bad]), Some(Flow::App)),
    );
    check("saml.app.acs", &a, Severity::Error);
    check("saml.app.audience", &a, Severity::Error);
    check("saml.app.nameid-format", &a, Severity::Warning);
    check("saml.app.assertions-signed", &a, Severity::Error);
    for id in ssocheck::saml::dsig::CHECK_IDS {
        assert!(seen.contains(id), "{id} has no trigger");
    }
}

#[test]
fn assertion_outside_every_verified_reference_is_an_error() {
    // The Response is signed over a different element: the assertion read is not covered.
    let t = Tpl {
        sign_response: true,
        sign_assertion: false,
        ..Tpl::okta_idc()
    };
    let x = t.xml();
    let a = analyze(x.as_bytes(), &with(trusted(&[&good_cert_pem()]), None));
    // Clean: the Response signature covers the Assertion.
    assert!(
        !find(&a, "saml.signature.wrapping")
            .iter()
            .any(|f| f.severity == Severity::Error),
        "{:#?}",
        problems(&a)
    );
    // An extra, unsigned assertion before the signed one (the one naive readers pick).
    let extra = okta().replacen(
        "<saml2:Assertion ",
        "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_evil1\" Version=\"2.0\" IssueInstant=\"2025-06-01T12:00:00Z\"><saml2:Issuer>http://www.okta.com/exk1a2b3c4d5e6f7g8h9</saml2:Issuer><saml2:Subject><saml2:NameID>admin@example.com</saml2:NameID></saml2:Subject></saml2:Assertion><saml2:Assertion ",
        1,
    );
    let a = analyze(extra.as_bytes(), &with(trusted(&[&good_cert_pem()]), None));
    assert!(
        find(&a, "saml.signature.wrapping")
            .iter()
            .any(|f| f.severity == Severity::Error
                && f.message.contains("outside every verified reference")),
        "{:#?}",
        problems(&a)
    );
}

#[test]
fn hostile_signatures() {
    let t = || with(trusted(&[&good_cert_pem()]), None);
    // A reference to a missing ID.
    let a = analyze(
        Tpl {
            ref_uri: Some("#nope".into()),
            ..Tpl::okta_idc()
        }
        .xml()
        .as_bytes(),
        &t(),
    );
    assert!(
        find(&a, "saml.signature.wrapping")
            .iter()
            .any(|f| f.message.contains("no element has ID \"nope\"")),
        "{:#?}",
        problems(&a)
    );
    assert!(!has(&a, "saml.signature.value", Severity::Pass));
    // A duplicated ID.
    let x = okta();
    let id = Tpl::okta_idc().assertion_id.expect("id");
    let dup = x.replacen(
        "<saml2p:Status>",
        &format!("<saml2p:Extensions ID=\"{id}\"/><saml2p:Status>"),
        1,
    );
    let a = analyze(dup.as_bytes(), &t());
    assert!(
        find(&a, "saml.signature.wrapping")
            .iter()
            .any(|f| f.message.contains("more than one element")),
        "{:#?}",
        problems(&a)
    );
    assert!(!has(&a, "saml.signature.value", Severity::Pass));
    // 10,000 references: refused before any digest is computed.
    let refs = "<ds:Reference URI=\"#x\"><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue>AA==</ds:DigestValue></ds:Reference>".repeat(10_000);
    let many = x.replacen("<ds:Reference ", &format!("{refs}<ds:Reference "), 1);
    let start = std::time::Instant::now();
    let a = analyze(many.as_bytes(), &t());
    assert!(
        start.elapsed().as_secs() < 10,
        "10,000 references took {:?}",
        start.elapsed()
    );
    assert!(
        find(&a, "saml.signature.wrapping")
            .iter()
            .any(|f| f.message.contains("10001 Reference elements")),
        "{:#?}",
        problems(&a)
    );
    // Garbage base64 in SignatureValue.
    let garbage = {
        let s = x.find("<ds:SignatureValue>").expect("sv") + "<ds:SignatureValue>".len();
        let e = x.find("</ds:SignatureValue>").expect("end");
        let mut g = x.clone();
        g.replace_range(s..e, "!!not*base64%%");
        g
    };
    let a = analyze(garbage.as_bytes(), &t());
    assert!(
        find(&a, "saml.signature.value")
            .iter()
            .any(|f| f.severity == Severity::Error && f.message.contains("not valid base64")),
        "{:#?}",
        problems(&a)
    );
    // A huge modulus in a bare RSAKeyValue: refused on its size, quickly.
    let modulus = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        vec![0xC5u8; 300_000],
    );
    let huge = x.replacen(
        "<ds:KeyInfo>",
        &format!("<ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue><ds:Modulus>{modulus}</ds:Modulus><ds:Exponent>AQAB</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>"),
        1,
    );
    let huge = {
        // Remove the certificate so the bare key is the only one.
        let s = huge.find("<ds:X509Data>").expect("x509");
        let e = huge.find("</ds:X509Data>").expect("end") + "</ds:X509Data>".len();
        let mut h = huge.clone();
        h.replace_range(s..e, "");
        h
    };
    let start = std::time::Instant::now();
    let a = analyze(huge.as_bytes(), &ctx(None));
    assert!(start.elapsed().as_secs() < 10);
    assert!(
        find(&a, "saml.signature.value")
            .iter()
            .any(|f| f.severity == Severity::Error),
        "{:#?}",
        problems(&a)
    );
    // 40 signatures: 32 verified, the rest named as not verified.
    let sig = {
        let s = x.find("<ds:Signature").expect("sig");
        let e = x.find("</ds:Signature>").expect("end") + "</ds:Signature>".len();
        x[s..e].to_string()
    };
    let many_sigs = x.replacen(
        "<saml2p:Status>",
        &format!("{}<saml2p:Status>", sig.repeat(40)),
        1,
    );
    let a = analyze(many_sigs.as_bytes(), &t());
    assert!(
        find(&a, "saml.signature.unsupported")
            .iter()
            .any(|f| f.message.contains("more signatures than the 32 verified")),
        "{:#?}",
        problems(&a)
    );
    assert_eq!(a.messages[0].signatures.len(), 32);
    let key = ssocheck::saml::dsig::crypto::key_from_spki(&ssocheck::saml::cert::SpkiKey::Rsa {
        n: vec![0xC5; 300_000],
        e: vec![1, 0, 1],
    });
    assert!(key.unwrap_err().contains("larger than 16384 bits"));
}

/// The HTTP-Redirect binding: SigAlg and Signature over the URL-encoded query.
#[test]
fn redirect_query_string_signature() {
    use rsa::pkcs8::DecodePrivateKey;
    let url = std::fs::read_to_string(format!(
        "{}/tests/fixtures/saml/authn-request-redirect.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    let url = url.trim();
    let (base, query) = url.split_once('?').expect("query");
    let req = query
        .split('&')
        .find(|p| p.starts_with("SAMLRequest="))
        .expect("SAMLRequest");
    let sig_alg = "http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256";
    let signed = format!("{req}&RelayState=abc&SigAlg={sig_alg}");
    let key_b64 = std::fs::read_to_string(format!(
        "{}/tests/fixtures/saml/keys/idp-good.pk8.b64",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("key");
    let key = rsa::PrivateKey::from_pkcs8_der(
        &ssocheck::saml::b64::decode(key_b64.trim(), false, false).expect("b64"),
    )
    .expect("key");
    use sha2::Digest;
    let sig = key
        .sign(
            rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha256>(),
            &sha2::Sha256::digest(signed.as_bytes()),
        )
        .expect("sign");
    let sig_q = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &sig)
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    let full = format!("{base}?{signed}&Signature={sig_q}");
    let a = analyze(full.as_bytes(), &with(trusted(&[&good_cert_pem()]), None));
    assert!(
        find(&a, "saml.signature.value")
            .iter()
            .any(|f| f.severity == Severity::Pass && f.message.contains("query-string")),
        "{:#?}",
        problems(&a)
    );
    let rep = a.messages[0]
        .signatures
        .iter()
        .find(|s| s.location == "HTTP-Redirect query string")
        .expect("report");
    assert!(rep.verified && rep.steps[0].contains("SAMLRequest="));
    // The RelayState changed: the signature no longer verifies.
    let tampered = full.replace("RelayState=abc", "RelayState=abd");
    let a = analyze(
        tampered.as_bytes(),
        &with(trusted(&[&good_cert_pem()]), None),
    );
    assert!(
        find(&a, "saml.signature.value")
            .iter()
            .any(|f| f.severity == Severity::Error),
        "{:#?}",
        problems(&a)
    );
    // No certificate given: says so instead of guessing.
    let a = analyze(full.as_bytes(), &ctx(None));
    assert!(find(&a, "saml.signature.trust")
        .iter()
        .any(|f| f.severity == Severity::Info && f.message.contains("carries no certificate")));
}

#[test]
fn cli_idp_metadata_and_cert() {
    let dir = std::env::temp_dir().join(format!("ssocheck-dsig-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let msg = dir.join("resp.xml");
    std::fs::write(&msg, okta()).expect("write");
    let md = dir.join("idp.xml");
    std::fs::write(
        &md,
        metadata(
            "http://www.okta.com/exk1a2b3c4d5e6f7g8h9",
            &cert("idp-soon"),
            "",
        ),
    )
    .expect("write");
    let pem = dir.join("good.pem");
    std::fs::write(&pem, good_cert_pem()).expect("write");
    let cli = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = ssocheck::cli::run(&args, &mut std::io::empty(), &mut out, &mut err);
        (
            code,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    };
    let m = msg.to_string_lossy().to_string();
    let (code, out, _) = cli(&[
        "saml",
        &m,
        "--now",
        NOW,
        "--idp-metadata",
        &md.to_string_lossy(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("[saml.signature.trust]") && out.contains("which is not in your metadata"),
        "{out}"
    );
    // Both certificates given (rotation): verified with the new one.
    let (code, out, _) = cli(&[
        "saml",
        &m,
        "--now",
        NOW,
        "--idp-metadata",
        &md.to_string_lossy(),
        "--cert",
        &pem.to_string_lossy(),
    ]);
    assert!(
        out.contains("signed and verified with a certificate from your metadata"),
        "{out}"
    );
    assert!(!out.contains("error [saml.signature."), "{code} {out}");
    let (code, _, err) = cli(&["saml", &m, "--cert", &msg.to_string_lossy()]);
    assert_eq!(code, 2);
    assert!(err.contains("--cert"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
