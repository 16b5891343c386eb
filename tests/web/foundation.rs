//! The shell's browser helpers against a real Chromium.

use ssocheck::browser;
use ssocheck::links::{parse_hash, Route};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn device_clock_comes_from_js_date() {
    let before = js_sys::Date::now() as i64;
    let t = browser::now_ms();
    let after = js_sys::Date::now() as i64;
    assert!(before <= t && t <= after, "{before} <= {t} <= {after}");
    // A real clock of this decade, not a zero from a stub.
    assert!(t > 1_700_000_000_000);
}

#[wasm_bindgen_test]
fn hash_routing_reads_the_real_location() {
    browser::set_hash("#/selfcheck?case=ABC-123");
    let hash = browser::current_hash();
    assert_eq!(hash, "#/selfcheck?case=ABC-123");
    let loc = parse_hash(&hash);
    assert_eq!(loc.route, Route::Selfcheck);
    assert_eq!(
        loc.params,
        vec![("case".to_string(), "ABC-123".to_string())]
    );
    browser::set_hash("");
}

#[wasm_bindgen_test]
fn dom_exceptions_are_described_by_name() {
    let e = web_sys::DomException::new_with_message_and_name(
        "The operation was denied",
        "NotAllowedError",
    )
    .expect("DOMException constructor");
    assert_eq!(
        browser::js_error_text(&e.into()),
        "NotAllowedError: The operation was denied"
    );
}

#[wasm_bindgen_test]
fn performance_now_is_monotonic() {
    let a = browser::perf_now();
    let b = browser::perf_now();
    assert!(a > 0.0 && b >= a);
}
