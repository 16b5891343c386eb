//! The SAML page's browser glue: yielding to a paint, the context fields, analysis in wasm.

use ssocheck::saml::{analyze, Flow};
use ssocheck::ui::pages::saml::{human_size, next_paint, ContextFields};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn next_paint_resolves() {
    let t0 = js_sys::Date::now();
    next_paint().await;
    assert!(js_sys::Date::now() - t0 < 5_000.0);
}

#[wasm_bindgen_test]
fn context_fields_become_a_context() {
    let f = ContextFields {
        username: "  alice@example.com ".into(),
        acs_url: String::new(),
        audience: "https://example.com/aud".into(),
        flow: "sts".into(),
        use_fixed_time: true,
        fixed_time: "2025-06-01T12:00:00Z".into(),
    };
    let c = f.to_context(0).expect("context");
    assert_eq!(c.username.as_deref(), Some("alice@example.com"));
    assert_eq!(c.acs_url, None);
    assert_eq!(c.flow, Some(Flow::Sts));
    assert_eq!(c.now_ms, 1_748_779_200_000);
    let auto = ContextFields {
        flow: "auto".into(),
        ..ContextFields::default()
    };
    assert_eq!(auto.to_context(42).expect("auto").flow, None);
    assert_eq!(auto.to_context(42).expect("auto").now_ms, 42);
    let bad = ContextFields {
        use_fixed_time: true,
        fixed_time: "yesterday".into(),
        ..ContextFields::default()
    };
    assert!(bad.to_context(0).is_err());
}

#[wasm_bindgen_test]
fn analysis_runs_in_wasm_without_panicking() {
    let xml = include_str!("../fixtures/saml/okta-idc-good.xml");
    let ctx = ContextFields::default()
        .to_context(1_800_000_000_000)
        .expect("ctx");
    let a = analyze(xml.as_bytes(), &ctx);
    assert!(a.detected.contains("1 Response"), "{}", a.detected);
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let b = analyze(&junk, &ctx);
    assert!(b.findings().any(|f| f.check.starts_with("input.")));
    assert_eq!(human_size(12_345), "12.3 kB");
}
