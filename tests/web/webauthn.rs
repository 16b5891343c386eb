//! Browser tests of the webauthn probes against the real headless Chromium or Firefox ESR of the test
//! runner (a page on http://127.0.0.1 or localhost: a secure context).

use ssocheck::webauthn::probe::run_probes;
use ssocheck::webauthn::verdict::{evaluate, VerdictKind};
use ssocheck::webauthn::Probe;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn run_probes_returns_a_complete_result() {
    let r = run_probes().await;
    assert_eq!(r.secure_context, Probe::Value(true), "{r:?}");
    assert!(
        !r.hostname.is_empty() && r.protocol.starts_with("http"),
        "{r:?}"
    );
    assert!(
        r.public_key_credential && r.credentials_create && r.credentials_get,
        "{r:?}"
    );
    // Every asynchronous probe answered (no Skipped, no Timeout) in Chromium 156 and Firefox 153.
    assert!(matches!(r.uvpaa, Probe::Value(_)), "uvpaa {:?}", r.uvpaa);
    assert!(
        matches!(r.conditional_mediation, Probe::Value(_)),
        "{:?}",
        r.conditional_mediation
    );
    match &r.client_capabilities {
        Probe::Value(caps) => {
            // Chromium 133+ and Firefox 135+ report these keys; absent ones would be "unknown".
            assert!(
                caps.contains_key("userVerifyingPlatformAuthenticator"),
                "{caps:?}"
            );
            assert!(caps.len() >= 9, "{caps:?}");
        }
        other => panic!("getClientCapabilities: {other:?}"),
    }
    assert!(r.parse_creation_options_from_json && r.to_json);
    if crate::engine::is_firefox() {
        // Firefox has no Permissions Policy API (document.permissionsPolicy / featurePolicy) and no
        // User-Agent Client Hints: both probes say Absent, and the verdict reads the user agent.
        assert_eq!(r.policy_create, Probe::Absent, "{:?}", r.policy_create);
        assert_eq!(r.policy_get, Probe::Absent, "{:?}", r.policy_get);
        assert!(r.user_agent.contains("Firefox/"), "{}", r.user_agent);
        assert!(matches!(r.ua_hints, Probe::Absent), "{:?}", r.ua_hints);
    } else {
        assert!(
            matches!(r.policy_create, Probe::Value(true)),
            "{:?}",
            r.policy_create
        );
        assert!(
            matches!(r.policy_get, Probe::Value(true)),
            "{:?}",
            r.policy_get
        );
        assert!(r.user_agent.contains("Chrome"), "{}", r.user_agent);
        match &r.ua_hints {
            Probe::Value(h) => assert!(h.brands.iter().any(|(b, _)| b == "Chromium"), "{h:?}"),
            other => panic!("userAgentData: {other:?}"),
        }
    }
    // And the verdict from real values: WebAuthn works, whatever the built-in answer is.
    let v = evaluate(&r);
    assert!(
        matches!(v.kind, VerdictKind::Ready | VerdictKind::SecurityKeyOnly),
        "{:?}",
        v.kind
    );
    // Survives a JSON round trip (the self-check stores it).
    let json = serde_json::to_string(&r).expect("serialise");
    let back: ssocheck::webauthn::ProbeResults = serde_json::from_str(&json).expect("parse");
    assert_eq!(back, r);
}

#[wasm_bindgen_test]
async fn ceremony_without_authenticator_ends_by_watchdog_or_domain_error() {
    use ssocheck::webauthn::ceremony;
    use ssocheck::webauthn::results::Attachment;
    use ssocheck::webauthn::verdict::is_ip_literal;

    let host = web_sys::window().unwrap().location().hostname().unwrap();
    let t0 = js_sys::Date::now();
    let o = ceremony::run(Attachment::CrossPlatform, "none", 1500).await;
    let elapsed = js_sys::Date::now() - t0;
    let err = o
        .registration
        .expect_err("no authenticator exists in the test browser");
    assert!(o.authentication.is_none());
    if is_ip_literal(&host) {
        // The runner serves on an IP address: the browser refuses before any prompt.
        assert_eq!(err.name, "SecurityError", "{err:?}");
    } else {
        // Neither headless Chromium nor headless Firefox settles without an authenticator: our
        // watchdog ends it.
        assert_eq!(err.name, "Timeout", "{err:?}");
        assert!(elapsed >= 1400.0, "ended too early: {elapsed} ms");
    }
    assert!(elapsed < 5000.0, "watchdog too slow: {elapsed} ms");
}
