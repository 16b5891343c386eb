//! Browser tests (wasm-bindgen-test in headless Chromium through chromedriver, then in headless
//! Firefox ESR through geckodriver; `make test-wasm`). One file per domain under tests/web/; this file
//! only gathers them.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "web/browser.rs"]
mod browser;
#[path = "web/clock.rs"]
mod clock;
#[path = "web/engine.rs"]
mod engine;
#[path = "web/foundation.rs"]
mod foundation;
#[path = "web/saml.rs"]
mod saml;
#[path = "web/selfcheck.rs"]
mod selfcheck;
#[path = "web/webauthn.rs"]
mod webauthn;
