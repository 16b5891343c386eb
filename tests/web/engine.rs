//! Which engine the runner started: Chromium (chromedriver) or Firefox ESR (geckodriver, `make
//! test-wasm` runs both). Tests state what each engine answers where they differ.

/// True in Firefox (its user agent has "Firefox/"; Chromium's never does).
pub fn is_firefox() -> bool {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .is_some_and(|ua| ua.contains("Firefox/"))
}
