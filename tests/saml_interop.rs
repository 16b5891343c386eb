//! Every public interop fixture in ../shared/saml-fixtures is analysed without a panic, and the
//! defects its upstream tests name are reported, at the upstream test clocks.

use ssocheck::saml::{analyze, Analysis, Context};
use ssocheck::time::parse_rfc3339;
use ssocheck::Severity;

/// `../shared/saml-fixtures` beside the crate (the checkout's sibling), never an absolute path.
fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/saml-fixtures")
}

/// The fixtures are test data: without them the interop tests FAIL (they never pass vacuously).
fn available() -> bool {
    let r = root();
    assert!(
        r.join("EXPECTED.md").is_file(),
        "the interop fixtures are missing: {} must hold EXPECTED.md and the fixture folders (see docs/notes/xml.md)",
        r.display()
    );
    true
}

fn t(s: &str) -> i64 {
    parse_rfc3339(s).expect("clock")
}

// Upstream clocks (spec saml.md §7). python3-saml tests use the real clock: its commit date is used.
const PY_NOW: &str = "2024-10-04T00:00:00Z";
const NODE_NOW: &str = "2020-09-25T16:59:00Z";
const CREW_GOOGLE: &str = "2016-01-05T16:55:39Z";
const CREW_ONELOGIN: &str = "2016-01-05T17:53:12Z";
const CREW_OKTA: &str = "2020-03-03T19:24:28Z";

fn clock_for(rel: &str) -> i64 {
    if rel.starts_with("python3-saml") {
        t(PY_NOW)
    } else if rel.starts_with("node-saml") {
        t(NODE_NOW)
    } else if rel.contains("Okta") {
        t(CREW_OKTA)
    } else if rel.contains("Xsw") || rel.contains("Onelogin") {
        t(CREW_ONELOGIN)
    } else {
        t(CREW_GOOGLE)
    }
}

fn load(rel: &str) -> Vec<u8> {
    std::fs::read(root().join(rel)).expect("fixture")
}

fn analyze_at(rel: &str, ctx: Context) -> Analysis {
    analyze(&load(rel), &ctx)
}

fn ctx_at(rel: &str) -> Context {
    Context {
        now_ms: clock_for(rel),
        ..Context::default()
    }
}

fn has(a: &Analysis, id: &str, sev: Severity) -> bool {
    a.findings().any(|f| f.check == id && f.severity == sev)
}

fn failed(a: &Analysis, id: &str) -> bool {
    a.findings()
        .any(|f| f.check == id && !matches!(f.severity, Severity::Pass | Severity::Info))
}

fn all_files() -> Vec<String> {
    let mut out = Vec::new();
    let base = root();
    let mut stack = vec![base.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(
                    p.strip_prefix(&base)
                        .expect("prefix")
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_fixture_decodes_and_analyses_without_panic() {
    if !available() {
        return;
    }
    let mut n = 0;
    for rel in all_files() {
        if rel.ends_with(".md") || rel.ends_with("LICENSE") || rel.ends_with(".pem") {
            continue;
        }
        let a = analyze_at(&rel, ctx_at(&rel));
        assert!(!a.messages.is_empty(), "{rel}");
        n += 1;
        if rel.ends_with("multiple-root-elements.xml") {
            assert!(has(&a, "input.xml", Severity::Error), "{rel}");
            let f = a
                .findings()
                .find(|f| f.check == "input.xml")
                .expect("finding");
            assert_eq!(
                f.evidence.as_ref().and_then(|e| e.line),
                Some(57),
                "{rel}: the upstream error is at 57:1"
            );
            continue;
        }
        assert!(
            !a.findings()
                .any(|f| f.check.starts_with("input.") && f.severity == Severity::Error),
            "{rel}: {:?}",
            a.detected
        );
        // Every decoded message has a pretty view and the redacted copy has no email of the original.
        for m in &a.messages {
            assert!(!m.xml_pretty.is_empty(), "{rel}");
        }
        let red = ssocheck::saml::redact_analysis(&a);
        for m in &a.messages {
            if let Some(nid) = &m.nameid {
                if nid.trim().chars().count() >= 3 {
                    assert!(
                        !red.contains(nid.trim()),
                        "{rel}: NameID leaked in redacted copy"
                    );
                }
            }
        }
    }
    assert!(n >= 90, "only {n} fixtures found");
}

#[test]
fn python3_saml_defects_are_reported() {
    if !available() {
        return;
    }
    let p = |n: &str| format!("python3-saml/responses/{n}.xml.base64");
    let sp = |rel: &str| Context {
        audience: Some("http://stuff.com/endpoints/metadata.php".into()),
        acs_url: Some("http://stuff.com/endpoints/endpoints/acs.php".into()),
        ..ctx_at(rel)
    };
    let a = analyze_at(
        &p("invalids/status_code_responder"),
        ctx_at(&p("invalids/status_code_responder")),
    );
    assert!(has(&a, "saml.status", Severity::Error));
    let a = analyze_at(&p("invalids/status_code_responer_and_msg"), ctx_at(&p("x")));
    let f = a
        .findings()
        .find(|f| f.check == "saml.status")
        .expect("status");
    assert!(
        f.message.contains("Responder") && f.message.contains("StatusMessage"),
        "{}",
        f.message
    );
    for n in ["expired_response", "invalids/not_after_failed"] {
        assert!(
            has(
                &analyze_at(&p(n), ctx_at(&p(n))),
                "saml.time.expired",
                Severity::Error
            ),
            "{n}"
        );
    }
    assert!(has(
        &analyze_at(&p("invalids/not_before_failed"), ctx_at(&p("x"))),
        "saml.time.not-yet-valid",
        Severity::Error
    ));
    let rel = p("invalids/invalid_audience");
    assert!(has(
        &analyze_at(&rel, sp(&rel)),
        "saml.audience",
        Severity::Error
    ));
    let rel = p("invalids/invalid_subjectconfirmation_recipient");
    let a = analyze_at(&rel, sp(&rel));
    assert!(a.findings().any(|f| f.check == "saml.destination"
        && f.severity == Severity::Error
        && f.message.contains("invalid.recipent")));
    let rel = p("invalids/invalid_issuer_assertion");
    assert!(has(
        &analyze_at(&rel, sp(&rel)),
        "saml.issuer",
        Severity::Error
    ));
    assert!(has(
        &analyze_at(&p("invalids/no_id"), ctx_at(&p("x"))),
        "saml.id",
        Severity::Error
    ));
    let a = analyze_at(&p("invalids/multiple_assertions"), ctx_at(&p("x")));
    assert!(failed(&a, "saml.assertion.count"));
    let a = analyze_at(&p("invalids/signature_wrapping_attack"), ctx_at(&p("x")));
    assert!(a
        .findings()
        .any(|f| f.check == "saml.id" && f.message.contains("appears twice")));
    let a = analyze_at(&p("invalids/signature_wrapping_attack2"), ctx_at(&p("x")));
    assert!(failed(&a, "saml.signature.wrapping") && failed(&a, "saml.assertion.count"));
    for n in ["unsigned_response", "invalids/no_signature"] {
        assert!(
            has(
                &analyze_at(&p(n), ctx_at(&p(n))),
                "saml.signature.missing",
                Severity::Error
            ),
            "{n}"
        );
    }
    let a = analyze_at(&p("response_node_text_attack"), ctx_at(&p("x")));
    assert!(has(&a, "saml.nameid.comment", Severity::Error));
    for n in [
        "valid_encrypted_assertion",
        "signed_message_encrypted_assertion",
    ] {
        assert!(
            failed(&analyze_at(&p(n), ctx_at(&p(n))), "saml.encrypted"),
            "{n}"
        );
    }
    // settings1 certificate expired 2007-08-14.
    let a = analyze_at(&p("signed_message_response"), ctx_at(&p("x")));
    assert!(has(&a, "saml.cert.expiry", Severity::Error));
    assert!(a.messages[0]
        .certificates
        .iter()
        .any(|c| c.not_after.starts_with("2007-08-14")));
    // Clean ones stay clean on the structural checks.
    for n in [
        "signed_assertion_response",
        "signed_message_response",
        "double_signed_response",
    ] {
        let a = analyze_at(&p(n), ctx_at(&p(n)));
        for id in [
            "saml.id",
            "saml.assertion.count",
            "saml.signature.wrapping",
            "saml.signature.missing",
            "saml.nameid.comment",
            "saml.status",
        ] {
            assert!(!failed(&a, id), "{n}: {id}");
        }
    }
    // Request forms.
    let a = analyze_at(
        "python3-saml/logout_requests/logout_request_deflated.xml.base64",
        ctx_at("python3-saml"),
    );
    assert_eq!(a.detected, "base64 + deflate, 1 LogoutRequest");
    let a = analyze_at(
        "python3-saml/requests/authn_request.xml.base64",
        ctx_at("python3-saml"),
    );
    assert_eq!(a.messages[0].kind, "AuthnRequest");
}

#[test]
fn crewjam_xsw_and_comment_defects_are_reported() {
    if !available() {
        return;
    }
    let perms = [
        "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
    ];
    for p in perms {
        let rel = format!("crewjam-saml/TestXswPermutation{p}IsRejected_response");
        let a = analyze_at(&rel, ctx_at(&rel));
        let dup = a
            .findings()
            .any(|f| f.check == "saml.id" && f.message.contains("appears twice"));
        assert!(
            failed(&a, "saml.assertion.count"),
            "XSW {p}: extra assertion not reported"
        );
        if matches!(p, "One" | "Two" | "Seven" | "Eight") {
            assert!(dup, "XSW {p}: duplicate ID not reported");
        }
        assert!(
            failed(&a, "saml.signature.wrapping") || dup || failed(&a, "saml.signature.missing"),
            "XSW {p}: no wrapping signal"
        );
    }
    let a = analyze_at(
        "crewjam-saml/TestSPMultipleAssertions",
        ctx_at("crewjam-saml/TestSPMultipleAssertions"),
    );
    assert!(failed(&a, "saml.assertion.count"));
    // Upstream injects a comment into the NameID at test time; do the same on the decoded XML.
    let rel = "crewjam-saml/TestSPRejectsInjectedComment_response";
    let a = analyze_at(rel, ctx_at(rel));
    assert!(!failed(&a, "saml.nameid.comment"));
    let nid = a.messages[0].nameid.clone().expect("nameid");
    assert_eq!(nid, "ross@octolabs.io");
    use base64::Engine;
    let xml = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(String::from_utf8(load(rel)).expect("utf8").trim())
            .expect("b64"),
    )
    .expect("utf8");
    let injected = xml.replace("ross@octolabs.io", "ross@<!-- and a comment -->octolabs.io");
    assert_ne!(injected, xml);
    let a = analyze(injected.as_bytes(), &ctx_at(rel));
    let f = a
        .findings()
        .find(|f| f.check == "saml.nameid.comment" && f.severity == Severity::Error)
        .expect("comment reported");
    assert!(f.message.contains("\"ross@\""), "{}", f.message);
    // Google plaintext: expired at the Okta clock, valid at its own (with the crewjam ACS).
    let rel = "crewjam-saml/TestSPCanHandlePlaintextResponse_response";
    let ok = analyze_at(
        rel,
        Context {
            now_ms: t(CREW_GOOGLE),
            ..Context::default()
        },
    );
    assert!(
        !failed(&ok, "saml.time.expired"),
        "expired at its own clock"
    );
    let late = analyze_at(
        rel,
        Context {
            now_ms: t(CREW_OKTA),
            ..Context::default()
        },
    );
    assert!(has(&late, "saml.time.expired", Severity::Error));
    // Okta encrypted responses.
    for n in [
        "TestSPCanHandleOktaSignedResponseEncryptedAssertion_response",
        "TestSPCanHandleOktaResponseEncryptedAssertionBothSigned_response",
    ] {
        let rel = format!("crewjam-saml/{n}");
        assert!(
            failed(&analyze_at(&rel, ctx_at(&rel)), "saml.encrypted"),
            "{n}"
        );
    }
}

#[test]
fn node_saml_defects_are_reported() {
    if !available() {
        return;
    }
    let d = "node-saml/signatures";
    let a = analyze_at(
        &format!("{d}/invalid/response.root-unsigned.assertion-unsigned.xml"),
        ctx_at("node-saml"),
    );
    assert!(has(&a, "saml.signature.missing", Severity::Error));
    for f in [
        "valid/response.root-signed.assertion-signed.1advice-signed.xml",
        "invalid/response.root-signed.assertion-unsigned.2advice-unsigned.xml",
    ] {
        let a = analyze_at(&format!("{d}/{f}"), ctx_at("node-saml"));
        assert!(
            failed(&a, "saml.assertion.count"),
            "{f}: nested assertions in Advice not reported"
        );
    }
    let a = analyze_at(
        &format!("{d}/valid/response.root-signed.assertion-unsigned-encrypted.xml"),
        ctx_at("node-saml"),
    );
    assert!(failed(&a, "saml.encrypted"));
    // cert.pem expired 2015-09-12: at the 2020 clock the embedded certificate is expired.
    let a = analyze_at(
        &format!("{d}/valid/response.root-signed.assertion-signed.xml"),
        ctx_at("node-saml"),
    );
    assert!(has(&a, "saml.cert.expiry", Severity::Error));
    let a = analyze_at(
        "node-saml/response.root-signed.message-signed-double-subjectconfirmation.xml",
        Context {
            flow: Some(ssocheck::saml::Flow::Sts),
            ..ctx_at("node-saml")
        },
    );
    assert!(a
        .findings()
        .any(|f| f.check == "sts.recipient" && f.message.contains("SubjectConfirmation elements")));
}
