//! The browser layer (`ssocheck::browser`) against a real Chromium: the timeout race, the probe
//! helpers and the description of thrown values.

use js_sys::Promise;
use ssocheck::browser::race::{bool_probe, promise_probe};
use ssocheck::browser::{js_error_text, object, race, Raced};
use ssocheck::webauthn::results::Probe;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// The marker the self-check's old timeout compared results with: a real answer may equal it.
const OLD_MARKER: &str = "__ssocheck_timeout__";

#[wasm_bindgen_test]
async fn a_result_equal_to_the_old_timeout_marker_is_a_value() {
    let p = Promise::resolve(&JsValue::from_str(OLD_MARKER));
    match race(p, 1000).await {
        Raced::Value(v) => assert_eq!(v.as_string().as_deref(), Some(OLD_MARKER)),
        other => panic!("expected the value, got {other:?}"),
    }
    // Even with a zero timeout an answer that is already there wins the race.
    let p = Promise::resolve(&JsValue::from_str(OLD_MARKER));
    assert!(matches!(race(p, 0).await, Raced::Value(_)));
}

#[wasm_bindgen_test]
async fn a_promise_that_never_settles_times_out() {
    let never = Promise::new(&mut |_, _| {});
    assert!(matches!(race(never, 50).await, Raced::Timeout));
}

#[wasm_bindgen_test]
async fn undefined_and_rejections_are_not_timeouts() {
    assert!(matches!(
        race(Promise::resolve(&JsValue::UNDEFINED), 1000).await,
        Raced::Value(v) if v.is_undefined()
    ));
    let e = web_sys::DomException::new_with_message_and_name("denied", "NotAllowedError")
        .expect("DOMException constructor");
    match race(Promise::reject(&e.into()), 1000).await {
        Raced::Rejected(e) => assert_eq!(js_error_text(&e), "NotAllowedError: denied"),
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn probe_helpers_turn_every_outcome_into_a_probe() {
    let f = |body: &str| js_sys::Function::new_no_args(body);
    let o = object(&[
        ("yes", &f("return Promise.resolve(true)").into()),
        (
            "marker",
            &f(&format!("return Promise.resolve('{OLD_MARKER}')")).into(),
        ),
        ("never", &f("return new Promise(() => {})").into()),
        ("throws", &f("throw new TypeError('broken')").into()),
        ("plain", &f("return 'not a promise'").into()),
    ]);
    assert_eq!(bool_probe(&o, "yes", 1000).await, Probe::Value(true));
    assert_eq!(bool_probe(&o, "missing", 1000).await, Probe::Absent);
    assert_eq!(bool_probe(&o, "never", 50).await, Probe::Timeout);
    assert_eq!(
        bool_probe(&o, "marker", 1000).await,
        Probe::Error("marker answered a non-boolean".into())
    );
    assert_eq!(
        bool_probe(&o, "throws", 1000).await,
        Probe::Error("TypeError: broken".into())
    );
    let plain = promise_probe(&o, "plain", &[], 1000).await;
    assert_eq!(
        plain.value().and_then(|v| v.as_string()).as_deref(),
        Some("not a promise")
    );
    let marker = promise_probe(&o, "marker", &[], 1000).await;
    assert_eq!(
        marker.value().and_then(|v| v.as_string()).as_deref(),
        Some(OLD_MARKER)
    );
}

#[wasm_bindgen_test]
fn thrown_values_are_described() {
    assert_eq!(
        js_error_text(&js_sys::Error::new("boom").into()),
        "Error: boom"
    );
    assert_eq!(
        js_error_text(&JsValue::from_str("plain text")),
        "plain text"
    );
    assert_eq!(js_error_text(&JsValue::NULL), "unknown error");
}
