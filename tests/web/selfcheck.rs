//! Browser tests of the selfcheck probes: each returns a complete result in a real Chromium and
//! Firefox ESR.

use ssocheck::selfcheck::env::{environment_section, locale_section, storage_section, StoreTest};
use ssocheck::selfcheck::{areas, probe};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn environment_probe_is_complete() {
    let p = probe::environment();
    let firefox = crate::engine::is_firefox();
    assert!(
        p.user_agent
            .contains(if firefox { "Firefox/" } else { "Chrome" }),
        "{}",
        p.user_agent
    );
    assert!(
        p.protocol == "http:" || p.protocol == "https:",
        "{}",
        p.protocol
    );
    assert!(p.secure_context.is_some());
    assert!(p.in_frame.is_some());
    // Chromium ships userAgentData.brands; Firefox has no User-Agent Client Hints.
    assert_eq!(p.brands.is_empty(), firefox, "{:?}", p.brands);
    let s = environment_section(&p);
    let browser = &s
        .facts
        .iter()
        .find(|(k, _)| k == "Browser")
        .expect("Browser fact")
        .1;
    assert!(!browser.starts_with("unknown"), "{browser}");
    assert!(s.findings.iter().any(|f| f.check == "env.browser"));
    assert!(s.findings.iter().any(|f| f.check == "env.secure-context"));
}

#[wasm_bindgen_test]
fn storage_probe_is_complete() {
    let p = probe::storage();
    assert_eq!(p.local_storage, StoreTest::Works);
    assert_eq!(p.session_storage, StoreTest::Works);
    assert!(p.cookie_enabled.is_some());
    let s = storage_section(&p);
    assert_eq!(s.findings.len(), 2);
    // Nothing is left behind.
    let ls = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(ls.get_item("ssocheck-probe").unwrap(), None);
}

#[wasm_bindgen_test]
fn locale_probe_is_complete() {
    let p = probe::locale();
    assert!(p.time_zone.as_deref().is_some_and(|z| !z.is_empty()));
    assert!(p.utc_offset_minutes.is_some());
    assert!(p.language.is_some());
    assert!(!p.languages.is_empty());
    assert_eq!(locale_section(&p).findings.len(), 2);
}

#[wasm_bindgen_test]
async fn every_area_returns_a_section() {
    for area in ssocheck::links::SELFCHECK_AREAS {
        let out = areas::run(area).await;
        assert_eq!(out.section.area, area);
        assert!(!out.section.findings.is_empty(), "{area} has no findings");
    }
}
