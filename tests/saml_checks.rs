//! For every check id: an input that triggers it and a clean one that must not.

mod saml_common;

use saml_common::*;
use ssocheck::saml::checks::CHECKS;
use ssocheck::saml::{Context, Flow};
use ssocheck::Severity;

fn clean_cases() -> Vec<(&'static str, Tpl, Flow)> {
    vec![
        ("okta", Tpl::okta_idc(), Flow::Idc),
        ("entra", Tpl::entra_idc(), Flow::Idc),
        ("google", Tpl::google_idc(), Flow::Idc),
        ("jumpcloud", Tpl::jumpcloud_idc(), Flow::Idc),
        ("keycloak", Tpl::keycloak_idc(), Flow::Idc),
        ("adfs", Tpl::adfs_sts(), Flow::Sts),
        ("idc-to-sts", Tpl::idc_to_sts(), Flow::Sts),
        ("idc-to-app", Tpl::idc_to_app(), Flow::App),
    ]
}

#[test]
fn clean_responses_have_no_errors_or_warnings_and_detect_the_flow() {
    for (name, t, flow) in clean_cases() {
        let a = run(&t.xml(), &ctx(None));
        assert_eq!(a.messages.len(), 1, "{name}");
        let m = &a.messages[0];
        assert_eq!(m.flow, flow, "{name}: {}", m.flow_reason);
        let bad: Vec<String> = a
            .findings()
            .filter(|f| matches!(f.severity, Severity::Error | Severity::Warning))
            .map(|f| format!("{}: {}", f.check, f.message))
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:#?}");
        assert!(
            a.findings()
                .filter(|f| f.severity == Severity::Pass)
                .count()
                >= 10,
            "{name}: few passes"
        );
        assert_eq!(m.certificates.len(), 1, "{name}");
        assert_eq!(m.certificates[0].key, "RSA 2048");
        assert!(m.xml_pretty.len() > 20);
        assert!(m.highlight_lines.is_empty());
    }
}

fn idc_ctx() -> Context {
    Context {
        username: Some("alice@example.com".into()),
        acs_url: Some(IDC_ACS.into()),
        audience: Some(IDC_AUD.into()),
        ..ctx(None)
    }
}

/// (check id, mutated template, flow override, expected severity)
#[allow(clippy::vec_init_then_push)]
fn triggers() -> Vec<(&'static str, Tpl, Option<Flow>, Severity)> {
    let o = Tpl::okta_idc;
    let s = Tpl::adfs_sts;
    let mut v: Vec<(&'static str, Tpl, Option<Flow>, Severity)> = Vec::new();
    v.push((
        "saml.encrypted",
        Tpl {
            encrypted: true,
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "saml.version",
        Tpl {
            version: "1.1".into(),
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "saml.status",
        Tpl {
            status: "urn:oasis:names:tc:SAML:2.0:status:Responder".into(),
            status_second: Some("urn:oasis:names:tc:SAML:2.0:status:RequestDenied".into()),
            status_message: Some("User is not assigned to this application".into()),
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "saml.issuer",
        Tpl {
            issuer: "".into(),
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "saml.destination",
        Tpl {
            destination: None,
            sign_response: true,
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "saml.assertion.count",
        Tpl {
            extra_assertion: true,
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "saml.id",
        Tpl {
            assertion_id: Some("1-starts-with-digit".into()),
            ..o()
        },
        None,
        Severity::Warning,
    ));
    v.push((
        "saml.time.not-yet-valid",
        Tpl {
            not_before: "2025-06-01T12:30:00Z".into(),
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "saml.time.expired",
        Tpl {
            not_on_or_after: "2025-06-01T11:00:00Z".into(),
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "saml.time.issue-instant",
        Tpl {
            issue_instant: "2025-06-01T14:00:00Z".into(),
            ..o()
        },
        None,
        Severity::Warning,
    ));
    v.push((
        "saml.subject.confirmation",
        Tpl {
            sc_method: "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key".into(),
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "saml.audience",
        Tpl {
            audience: None,
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "saml.signature.missing",
        Tpl {
            sign_assertion: false,
            sign_response: false,
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "saml.signature.algorithm",
        Tpl {
            sig_alg: "http://www.w3.org/2000/09/xmldsig#rsa-sha1".into(),
            ..o()
        },
        None,
        Severity::Warning,
    ));
    v.push((
        "saml.signature.wrapping",
        Tpl {
            ref_uri: Some("#id-somewhere-else".into()),
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "saml.cert.expiry",
        Tpl {
            cert: cert("idp-expired"),
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "saml.cert.key",
        Tpl {
            cert: cert("idp-1024"),
            ..o()
        },
        None,
        Severity::Warning,
    ));
    v.push((
        "saml.nameid.comment",
        Tpl {
            nameid_raw: Some("alice@example.com<!---->.evil.com".into()),
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "idc.nameid.format",
        Tpl {
            nameid_format: Some("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified".into()),
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "idc.nameid.email",
        Tpl {
            nameid: "alice smith@example.com".into(),
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "idc.nameid.username",
        Tpl {
            nameid: "bob@example.com".into(),
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "idc.acs",
        Tpl {
            destination: Some(IDC_ACS.replace("us-east-1", "eu-west-1")),
            recipient: Some(IDC_ACS.replace("us-east-1", "eu-west-1")),
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "idc.audience",
        Tpl {
            audience: Some(
                "https://us-east-1.signin.aws.amazon.com/platform/saml/d-9999999999".into(),
            ),
            ..o()
        },
        None,
        Severity::Error,
    ));
    let big: Vec<Attr> = (0..400).map(|i| attr(&format!("http://example.com/claims/group{i}"), &["a-rather-long-group-name-for-testing-the-50000-character-limit-of-identity-center-xxxxxxxxxxxxxxxxxxxxxxxxxxxx"])).collect();
    v.push(("idc.size", Tpl { attrs: big, ..o() }, None, Severity::Error));
    let many: Vec<Attr> = (0..51)
        .map(|i| attr(&format!("{ABAC}Key{i}"), &["v"]))
        .collect();
    v.push((
        "idc.abac.count",
        Tpl { attrs: many, ..o() },
        None,
        Severity::Error,
    ));
    v.push((
        "idc.abac.multivalue",
        Tpl {
            attrs: vec![attr(&format!("{ABAC}Team"), &["a", "b"])],
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "idc.abac.duplicate",
        Tpl {
            attrs: vec![
                attr(&format!("{ABAC}Team"), &["a"]),
                attr(&format!("{ABAC}Team"), &["b"]),
            ],
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push(("idc.abac.xml-value", Tpl { attrs: vec![], raw_attrs: format!("<saml2:Attribute Name=\"{ABAC}Team\"><saml2:AttributeValue><team><name>x</name></team></saml2:AttributeValue></saml2:Attribute>"), ..o() }, None, Severity::Error));
    v.push((
        "idc.abac.name-format",
        Tpl {
            attrs: vec![Attr {
                name: format!("{ABAC}Team"),
                format: Some("urn:example:generic".into()),
                values: vec!["a".into()],
            }],
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "idc.abac.key",
        Tpl {
            attrs: vec![attr(&format!("{ABAC}aws:Team"), &["a"])],
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "idc.abac.value",
        Tpl {
            attrs: vec![attr(
                &format!("{ABAC}Team"),
                &["<img src=x onerror=alert(1)>"],
            )],
            ..o()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "sts.role.missing",
        Tpl {
            attrs: vec![attr(RSN, &["alice"])],
            ..s()
        },
        None,
        Severity::Error,
    ));
    v.push((
        "sts.role.format",
        Tpl {
            attrs: vec![
                attr(ROLE, &["arn:aws:iam::123456789012:role/Admin"]),
                attr(RSN, &["alice"]),
            ],
            ..s()
        },
        None,
        Severity::Error,
    ));
    v.push(("sts.role.account-mismatch", Tpl { attrs: vec![attr(ROLE, &["arn:aws:iam::123456789012:role/Admin,arn:aws:iam::210987654321:saml-provider/ADFS"]), attr(RSN, &["alice"])], ..s() }, None, Severity::Error));
    v.push(("sts.role.reserved", Tpl::idc_to_sts(), None, Severity::Info));
    v.push(("sts.session-name.missing", Tpl { attrs: vec![attr(ROLE, &["arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/ADFS"])], ..s() }, None, Severity::Error));
    v.push(("sts.session-name.format", Tpl { attrs: vec![attr(ROLE, &["arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/ADFS"]), attr(RSN, &["Alice Smith"])], ..s() }, None, Severity::Error));
    v.push(("sts.session-duration", Tpl { attrs: vec![attr(ROLE, &["arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/ADFS"]), attr(RSN, &["alice"]), attr("https://aws.amazon.com/SAML/Attributes/SessionDuration", &["86400"])], ..s() }, None, Severity::Error));
    v.push(("sts.source-identity", Tpl { attrs: vec![attr(ROLE, &["arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/ADFS"]), attr(RSN, &["alice"]), attr("https://aws.amazon.com/SAML/Attributes/SourceIdentity", &["aws:alice"])], ..s() }, None, Severity::Error));
    v.push(("sts.principal-tag", Tpl { attrs: vec![attr(ROLE, &["arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/ADFS"]), attr(RSN, &["alice"]), attr("https://aws.amazon.com/SAML/Attributes/PrincipalTag:Team", &["a", "b"])], ..s() }, None, Severity::Error));
    v.push(("sts.transitive-tags", Tpl { attrs: vec![attr(ROLE, &["arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/ADFS"]), attr(RSN, &["alice"]), attr("https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys", &["Project"])], ..s() }, None, Severity::Warning));
    v.push((
        "sts.recipient",
        Tpl {
            recipient: Some("https://signin.aws.amazon.com/saml/".into()),
            destination: Some("https://signin.aws.amazon.com/saml/".into()),
            ..s()
        },
        Some(Flow::Sts),
        Severity::Error,
    ));
    v.push((
        "sts.audience",
        Tpl {
            audience: Some("https://example.com/aws".into()),
            ..s()
        },
        None,
        Severity::Warning,
    ));
    v.push((
        "sts.nameid",
        Tpl {
            nameid: "".into(),
            ..s()
        },
        None,
        Severity::Error,
    ));
    let huge: Vec<Attr> = (0..900).map(|i| attr(&format!("http://example.com/claims/group{i}"), &["a-rather-long-group-name-for-testing-the-100000-character-limit-xxxxxxxxxxxxxxxxxxxxx"])).chain([attr(ROLE, &["arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/ADFS"]), attr(RSN, &["alice"])]).collect();
    v.push((
        "sts.size",
        Tpl { attrs: huge, ..s() },
        None,
        Severity::Error,
    ));
    v
}

#[test]
fn every_check_triggers_on_its_fixture_and_not_on_the_clean_one() {
    for (id, t, flow, sev) in triggers() {
        let c = Context { flow, ..idc_ctx() };
        let a = run(&t.xml(), &c);
        let got = find(&a, id);
        assert!(
            got.iter().any(|f| f.severity == sev),
            "{id}: expected {sev:?}, got {:#?}\nall: {:#?}",
            got,
            problems(&a)
        );
        // The finding carries evidence with a pretty-XML position (except size-style checks).
        let f = got.iter().find(|f| f.severity == sev).expect("finding");
        assert!(f.evidence.is_some(), "{id}: no evidence");
        if sev != Severity::Info && id != "sts.size" {
            let line = f.evidence.as_ref().and_then(|e| e.line).unwrap_or(0);
            assert!(
                line >= 1 && (line as usize) <= a.messages[0].xml_pretty.len(),
                "{id}: bad line {line}"
            );
            assert!(
                a.messages[0].highlight_lines.contains(&line),
                "{id}: line {line} not highlighted"
            );
        }
    }
    // And the clean template (with the full context) does not trigger any of them.
    for (name, t, _) in clean_cases() {
        let c = if matches!(name, "okta" | "entra" | "google" | "jumpcloud" | "keycloak") {
            idc_ctx()
        } else {
            ctx(None)
        };
        let a = run(&t.xml(), &c);
        for (id, _, _, sev) in triggers() {
            if id == "sts.role.reserved" && name == "idc-to-sts" {
                continue;
            }
            assert!(
                !find(&a, id)
                    .iter()
                    .any(|f| f.severity == sev && sev != Severity::Pass),
                "{name} triggers {id}: {:#?}",
                problems(&a)
            );
        }
    }
}

#[test]
fn every_registered_saml_check_has_a_trigger_test() {
    let triggered: Vec<&str> = triggers().iter().map(|t| t.0).collect();
    let input_checks = [
        "input.decode",
        "input.too-large",
        "input.dtd",
        "input.xml",
        "input.depth",
        "input.kind",
        "saml.relay-state",
    ];
    // Signature verification and metadata checks need signed, tampered or metadata inputs: their
    // triggers are in tests/saml_dsig.rs (`every_dsig_check_triggers`).
    let dsig_checks = ssocheck::saml::dsig::CHECK_IDS;
    // The test sign-in's round trip needs what the request sent (Context::sent): its triggers are in
    // tests/saml_testsp.rs.
    let roundtrip_checks = ["saml.in-response-to", "saml.relay-state.roundtrip"];
    for c in CHECKS {
        assert!(
            triggered.contains(&c.id)
                || input_checks.contains(&c.id)
                || dsig_checks.contains(&c.id)
                || roundtrip_checks.contains(&c.id),
            "{} has no trigger test",
            c.id
        );
    }
}

#[test]
fn username_case_only_is_a_warning_and_status_explained() {
    let c = Context {
        username: Some("Alice@Example.com".into()),
        ..idc_ctx()
    };
    let a = run(&Tpl::okta_idc().xml(), &c);
    assert_eq!(worst(&a, "idc.nameid.username"), Some(Severity::Warning));
    let a = run(
        &Tpl {
            status: "urn:oasis:names:tc:SAML:2.0:status:Requester".into(),
            status_second: Some("urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy".into()),
            ..Tpl::okta_idc()
        }
        .xml(),
        &idc_ctx(),
    );
    let f = &find(&a, "saml.status")[0];
    assert!(
        f.message.contains("InvalidNameIDPolicy") && f.message.contains("NameID policy"),
        "{}",
        f.message
    );
}

#[test]
fn email_problems_name_invisible_and_lookalike_characters() {
    for (v, needle) in [
        ("alice\u{200B}@example.com", "U+200B ZERO WIDTH SPACE"),
        ("аlice@example.com", "U+0430 CYRILLIC SMALL LETTER A"),
        ("alice@example.com ", "U+0020 SPACE"),
    ] {
        let a = run(
            &Tpl {
                nameid: v.into(),
                ..Tpl::okta_idc()
            }
            .xml(),
            &idc_ctx(),
        );
        let f = find(&a, "idc.nameid.email");
        assert!(f.iter().any(|f| f.message.contains(needle)), "{v}: {f:#?}");
    }
}

#[test]
fn acs_differences_are_named() {
    let c = idc_ctx();
    let t = Tpl {
        destination: Some(format!("{IDC_ACS}/")),
        recipient: Some(format!("{IDC_ACS}/")),
        ..Tpl::okta_idc()
    };
    let a = run(&t.xml(), &c);
    assert!(find(&a, "idc.acs")
        .iter()
        .any(|f| f.message.contains("trailing slash")));
    let t = Tpl {
        destination: Some(IDC_ACS.replace("us-east-1", "eu-west-1")),
        ..Tpl::okta_idc()
    };
    let a = run(&t.xml(), &c);
    assert!(find(&a, "idc.acs").iter().any(|f| f
        .message
        .contains("region differs (eu-west-1 instead of us-east-1)")));
}

#[test]
fn flow_override_and_sts_checks_absent_in_idc_flow() {
    let a = run(&Tpl::okta_idc().xml(), &ctx(None));
    assert!(find(&a, "sts.role.missing").is_empty());
    let a = run(&Tpl::okta_idc().xml(), &ctx(Some(Flow::Sts)));
    assert_eq!(a.messages[0].flow_reason, "chosen explicitly");
    assert_eq!(worst(&a, "sts.role.missing"), Some(Severity::Error));
    assert!(find(&a, "idc.nameid.format").is_empty());
}

#[test]
fn aws_error_strings_map_to_registered_checks() {
    for (err, id) in ssocheck::saml::AWS_ERRORS {
        let c = ssocheck::registry::get(id).unwrap_or_else(|| panic!("{id} not registered"));
        assert!(!err.is_empty());
        let head: String = err.chars().take(25).collect();
        assert!(
            c.why.contains(&head) || c.checks.contains(&head) || *id == "idc.nameid.format",
            "{id} does not quote {err}"
        );
    }
}

#[test]
fn attribute_table_and_redaction() {
    let a = run(&Tpl::idc_to_sts().xml(), &ctx(None));
    let m = &a.messages[0];
    let role = m
        .attributes
        .iter()
        .find(|r| r.name == ROLE)
        .expect("role row");
    assert!(role.meaning.contains("role"));
    assert_eq!(m.nameid.as_deref(), Some("alice@example.com"));
    let red = ssocheck::saml::redact_analysis(&a);
    assert!(!red.contains("alice@example.com"), "{red}");
    assert!(red.contains("user1@example.invalid"));
    assert!(!red.contains("Engineering"));
    // Same input → same text.
    assert_eq!(
        red,
        ssocheck::saml::redact_analysis(&run(&Tpl::idc_to_sts().xml(), &ctx(None)))
    );
}
