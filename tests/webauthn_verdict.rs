//! The verdict from probe results: every gate, the "no built-in authenticator is not unsupported"
//! trap, and a report without personal data.

use std::collections::BTreeMap;

use ssocheck::finding::Severity;
use ssocheck::webauthn::results::*;
use ssocheck::webauthn::verdict::{evaluate, Availability, VerdictKind};
use ssocheck::webauthn::{report_section, Probe, ProbeResults};
use ssocheck::Report;

const HEADLESS_UA: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";

/// Headless Chromium 156 on http://localhost with no authenticator, as observed (spec §1.6 col A).
fn chromium_localhost() -> ProbeResults {
    let caps: BTreeMap<String, bool> = [
        ("conditionalCreate", true),
        ("conditionalGet", true),
        ("hybridTransport", false),
        ("immediateGet", true),
        ("passkeyPlatformAuthenticator", false),
        ("userVerifyingPlatformAuthenticator", false),
        ("extension:cmtgKey", false),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    ProbeResults {
        secure_context: Probe::Value(true),
        hostname: "localhost".into(),
        protocol: "http:".into(),
        public_key_credential: true,
        credentials_create: true,
        credentials_get: true,
        uvpaa: Probe::Value(false),
        conditional_mediation: Probe::Value(true),
        client_capabilities: Probe::Value(caps),
        parse_creation_options_from_json: true,
        to_json: true,
        in_frame: false,
        cross_origin_frame: false,
        policy_create: Probe::Value(true),
        policy_get: Probe::Value(true),
        user_agent: HEADLESS_UA.into(),
        ua_hints: Probe::Value(UaHints {
            brands: vec![
                ("Not:A-Brand".into(), "8".into()),
                ("Chromium".into(), "156".into()),
            ],
            mobile: false,
            platform: "Linux".into(),
            platform_version: Some(String::new()),
        }),
    }
}

#[test]
fn no_platform_authenticator_still_offers_security_keys() {
    let v = evaluate(&chromium_localhost());
    assert_eq!(v.kind, VerdictKind::SecurityKeyOnly);
    assert_eq!(v.built_in.available, Availability::No);
    assert_eq!(v.security_key.available, Availability::Yes);
    assert_eq!(v.offered(), "security key only");
    assert!(v.summary.contains("known trap"));
    assert!(v.ceremony_possible);
    assert_eq!(v.browser.summary(), "Chromium 156 on Linux");
    assert!(!v.findings.iter().any(|f| f.severity == Severity::Error));
}

#[test]
fn platform_authenticator_means_both_options() {
    let mut p = chromium_localhost();
    p.uvpaa = Probe::Value(true);
    let v = evaluate(&p);
    assert_eq!(v.kind, VerdictKind::Ready);
    assert_eq!(v.offered(), "built-in authenticator and security key");
}

#[test]
fn insecure_page_is_not_blamed_on_the_browser() {
    // Observed on http://insecure.test: isSecureContext false, PublicKeyCredential undefined.
    let mut p = chromium_localhost();
    p.secure_context = Probe::Value(false);
    p.public_key_credential = false;
    p.credentials_create = false;
    p.credentials_get = false;
    p.uvpaa = Probe::Absent;
    p.conditional_mediation = Probe::Absent;
    p.client_capabilities = Probe::Absent;
    let v = evaluate(&p);
    assert_eq!(v.kind, VerdictKind::NotSecure);
    assert!(v.headline.contains("Not a secure context"));
    assert!(!v.ceremony_possible);
    let api = v
        .findings
        .iter()
        .find(|f| f.check == "webauthn.api")
        .unwrap();
    assert_eq!(api.severity, Severity::Info, "the browser is not at fault");
}

#[test]
fn missing_api_on_a_secure_page_is_browser_not_supported() {
    let mut p = chromium_localhost();
    p.public_key_credential = false;
    p.user_agent = "Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0) like Gecko".into();
    p.ua_hints = Probe::Absent;
    let v = evaluate(&p);
    assert_eq!(v.kind, VerdictKind::NoWebauthn);
    assert_eq!(v.offered(), "none");
    assert!(v.next_steps[0].contains("Update"));
}

#[test]
fn cross_origin_frame_without_allow_is_blocked() {
    let mut p = chromium_localhost();
    p.in_frame = true;
    p.cross_origin_frame = true;
    p.policy_create = Probe::Value(false);
    p.policy_get = Probe::Value(false);
    let v = evaluate(&p);
    assert_eq!(v.kind, VerdictKind::BlockedFrame);
    assert!(!v.ceremony_possible);
    // Delegated with allow=: not blocked.
    p.policy_create = Probe::Value(true);
    p.policy_get = Probe::Value(true);
    assert_eq!(evaluate(&p).kind, VerdictKind::SecurityKeyOnly);
}

#[test]
fn ip_host_blocks_only_the_ceremony() {
    let mut p = chromium_localhost();
    p.hostname = "127.0.0.1".into();
    let v = evaluate(&p);
    assert_eq!(v.kind, VerdictKind::SecurityKeyOnly);
    assert!(!v.ceremony_possible);
    assert!(v
        .findings
        .iter()
        .any(|f| f.check == "webauthn.domain-host" && f.severity == Severity::Warning));
    p.hostname = "[::1]".into();
    assert!(!evaluate(&p).ceremony_possible);
}

#[test]
fn probes_that_throw_or_hang_are_reported_not_hidden() {
    let mut p = chromium_localhost();
    p.uvpaa = Probe::Timeout;
    p.client_capabilities = Probe::Error("TypeError: boom".into());
    let v = evaluate(&p);
    assert_eq!(v.kind, VerdictKind::BuiltInUnknown);
    assert_eq!(v.built_in.available, Availability::Unknown);
    let f = v
        .findings
        .iter()
        .find(|f| f.check == "webauthn.probe-failed")
        .unwrap();
    assert!(f.evidence.as_ref().unwrap().value.contains("timed out"));
    assert!(f
        .evidence
        .as_ref()
        .unwrap()
        .value
        .contains("getClientCapabilities"));
}

#[test]
fn old_browser_is_flagged_with_spec_versions() {
    let mut p = chromium_localhost();
    p.ua_hints = Probe::Absent;
    p.user_agent = "Mozilla/5.0 (X11; Linux x86_64; rv:52.0) Gecko/20100101 Firefox/52.0".into();
    let v = evaluate(&p);
    let f = v
        .findings
        .iter()
        .find(|f| f.check == "webauthn.browser")
        .unwrap();
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("(60)"), "{}", f.message);
}

#[test]
fn report_section_carries_facts_and_ceremony_without_personal_data() {
    let mut p = chromium_localhost();
    // The page's host can name an internal server; the report keeps only its kind.
    p.hostname = "intranet-tools.corp.example".into();
    let c = CeremonyOutcome {
        attachment: Attachment::Platform,
        attestation: "none".into(),
        registration: Ok(Registration {
            attachment: Some("platform".into()),
            transports: vec!["internal".into()],
            discoverable: Some(false),
            credential_id_len: 32,
            attestation: Ok(ParsedRegistration {
                fmt: "none".into(),
                flags: 0x45,
                sign_count: 1,
                aaguid: "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4".into(),
                alg: -7,
                alg_label: "ES256".into(),
                key_type: "EC2 P-256".into(),
                ..Default::default()
            }),
        }),
        authentication: Some(Err(StepError {
            name: "NotAllowedError".into(),
            message: "The operation either timed out or was not allowed.".into(),
        })),
    };
    let s = report_section(&p, Some(&c));
    let r = Report::new(vec![s]);
    let text = r.to_text();
    assert!(text.contains("Google Password Manager"), "{text}");
    assert!(text.contains("UP UV AT"));
    assert!(text.contains("Test: sign-in: failed: NotAllowedError"));
    assert!(text.contains("Cancelled, timed out or not allowed"));
    assert!(text.contains("getClientCapabilities: conditionalCreate=true"));
    let json = r.to_json();
    assert!(!json.contains("corp.example"), "{json}");
    assert!(json.contains("domain name"));
    assert_eq!(r.sections[0].verdict(), Severity::Error);
}

#[test]
fn signature_counter_must_grow_unless_the_authenticator_does_not_count() {
    use ssocheck::webauthn::verdict::ceremony_findings;
    let outcome = |reg: u32, auth: u32| CeremonyOutcome {
        attachment: Attachment::CrossPlatform,
        attestation: "none".into(),
        registration: Ok(Registration {
            attachment: None,
            transports: vec![],
            discoverable: None,
            credential_id_len: 16,
            attestation: Ok(ParsedRegistration {
                flags: 0x41,
                sign_count: reg,
                ..Default::default()
            }),
        }),
        authentication: Some(Ok(Assertion {
            attachment: None,
            auth_data: Ok((0x01, auth)),
        })),
    };
    let stale = |r, a| {
        ceremony_findings(&outcome(r, a))
            .iter()
            .any(|f| f.message.contains("did not increase"))
    };
    assert!(!stale(1, 2));
    assert!(!stale(0, 0), "an authenticator that does not count is fine");
    assert!(stale(5, 5));
    assert!(stale(5, 0));
}
