//! Time in the browser. The core never reads a clock (`SystemTime::now()` panics on wasm32); the
//! shell reads it here and passes `now_ms` in.

/// The device clock in milliseconds since the epoch (`Date.now()`).
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Monotonic milliseconds since page load (`performance.now()`), 0 where there is none.
pub fn perf_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Waits `ms` milliseconds on the page's `setTimeout` (which Playwright's fake clock also drives).
pub async fn sleep(ms: u32) {
    gloo::timers::future::TimeoutFuture::new(clamp_ms(ms)).await;
}

/// `setTimeout` takes a signed 32-bit delay; a larger one would fire at once.
pub(crate) fn clamp_ms(ms: u32) -> u32 {
    ms.min(i32::MAX as u32)
}
