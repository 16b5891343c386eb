//! Browser probe: same-origin HEAD requests to the page's own server, reading `Date` and `Age`, timed
//! with `performance.now()` around the fetch and a fresh `Date.now()` at each send.
//!
//! Never hangs: each request is aborted after `REQUEST_TIMEOUT_MS`, the number of samples is capped,
//! and the waits between samples are below 1.1 s. Every failure becomes a [`NoReference`].

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::browser::{js_error_text, now_ms, perf_now, sleep, window};
use crate::clock::config::{parse_config, probe_url, ClockConfig, CONFIG_PATH};
use crate::clock::date::{parse_age, parse_http_date};
use crate::clock::estimate::{estimate, next_delay_ms, Estimate, Measurement, NoReference, Sample};
use crate::clock::hints::ClockPair;

/// A small file copied next to index.html by Trunk. Relative, so the page works under a sub-path.
/// Any same-origin path would do (the `Date` of a 404 is as good), but a dedicated path lets hosts
/// give it its own no-cache CDN behaviour.
pub const PROBE_PATH: &str = "clock-probe.txt";
pub const REQUEST_TIMEOUT_MS: u32 = 4000;
pub const MAX_SAMPLES: usize = 20;
const START_DELAY_MS: f64 = 300.0;

/// Waits `ms` milliseconds, at most 5 s (the waits between samples are below 1.1 s).
pub async fn sleep_ms(ms: f64) {
    sleep(ms.clamp(0.0, 5000.0) as u32).await;
}

struct Answer {
    /// Monotonic time when the response headers arrived.
    mono_recv: f64,
    date: Option<String>,
    age: Option<String>,
    /// The body as text, when asked for.
    text: Option<String>,
    ok: bool,
    content_type: Option<String>,
}

/// One request, aborted after `REQUEST_TIMEOUT_MS`. The body is always read to its end (a response
/// dropped unread is cancelled by the browser and shows up as an aborted request), as text when
/// `want_text`, still under the abort timer so it cannot hang.
async fn fetch_once(
    url: &str,
    method: &str,
    cache: web_sys::RequestCache,
    want_text: bool,
) -> Result<Answer, NoReference> {
    let w = window().ok_or(NoReference::NoSamples)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_cache(cache);
    let abort = web_sys::AbortController::new().ok();
    // Cleared when this function returns (dropped), so a finished request is never aborted.
    let _timer = abort.as_ref().map(|a| {
        init.set_signal(Some(&a.signal()));
        let a = a.clone();
        Timeout::new(REQUEST_TIMEOUT_MS, move || a.abort())
    });
    let result = JsFuture::from(w.fetch_with_str_and_init(url, &init)).await;
    let mono_recv = perf_now();
    let resp: web_sys::Response = match result {
        Ok(v) => v
            .dyn_into()
            .map_err(|_| NoReference::Offline("not a response".into()))?,
        Err(e) => {
            let text = js_error_text(&e);
            return Err(if text.starts_with("AbortError") {
                NoReference::Timeout
            } else {
                NoReference::Offline(text)
            });
        }
    };
    let h = resp.headers();
    let mut text = None;
    if want_text {
        if let Ok(p) = resp.text() {
            text = JsFuture::from(p).await.ok().and_then(|v| v.as_string());
        }
    } else if let Ok(p) = resp.array_buffer() {
        let _ = JsFuture::from(p).await;
    }
    Ok(Answer {
        mono_recv,
        date: h.get("date").ok().flatten(),
        age: h.get("age").ok().flatten(),
        text,
        ok: resp.ok(),
        content_type: h.get("content-type").ok().flatten(),
    })
}

async fn head_once(url: &str) -> Result<Answer, NoReference> {
    // no-store: neither the browser cache nor a revalidation may answer; the unique query string
    // keeps shared caches that honour query strings from answering too.
    fetch_once(url, "HEAD", web_sys::RequestCache::NoStore, false).await
}

/// Reads `ssocheck-config.json` next to the page. Absent, unreachable, not OK, or an HTML error page
/// (hosts that answer unknown paths with index.html): the defaults, silently. Never precached by the
/// service worker (tools/postbuild.mjs), so a host can change it without a new release.
pub async fn load_config() -> ClockConfig {
    let origin = window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    match fetch_once(CONFIG_PATH, "GET", web_sys::RequestCache::NoCache, true).await {
        Ok(a)
            if a.ok
                && !a
                    .content_type
                    .as_deref()
                    .is_some_and(|t| t.to_ascii_lowercase().contains("html")) =>
        {
            parse_config(a.text.as_deref().unwrap_or(""), &origin)
        }
        _ => ClockConfig::default(),
    }
}

/// Measures this device's clock against the page's own origin with up to `samples` requests
/// (capped at `MAX_SAMPLES`). The first sample decides whether a reference exists at all.
pub async fn measure(samples: usize) -> Result<Measurement, NoReference> {
    measure_until(samples, &std::cell::Cell::new(false)).await
}

/// Like [`measure`], but stops sending as soon as `cancelled` is set (the page was left or a new
/// measurement started), so no request is left running for a page nobody looks at.
pub async fn measure_until(
    samples: usize,
    cancelled: &std::cell::Cell<bool>,
) -> Result<Measurement, NoReference> {
    measure_configured(samples, cancelled).await.0
}

/// Like [`measure_until`], with the references of `ssocheck-config.json` tried first and the built-in
/// `clock-probe.txt` last: the first reference whose first answer carries a usable `Date` is
/// measured. Also returns the config's notes (ignored entries) for the page to show.
pub async fn measure_configured(
    samples: usize,
    cancelled: &std::cell::Cell<bool>,
) -> (Result<Measurement, NoReference>, Vec<String>) {
    let Some(w) = window() else {
        return (Err(NoReference::NoSamples), Vec::new());
    };
    if w.location().protocol().ok().as_deref() == Some("file:") {
        return (Err(NoReference::FileScheme), Vec::new());
    }
    if !w.navigator().on_line() {
        return (
            Err(NoReference::Offline(
                "the browser reports no network connection".into(),
            )),
            Vec::new(),
        );
    }
    // Let the navigation that showed this page settle first: a request started while a (hash)
    // navigation is still committing can be aborted by the browser (seen with Chromium).
    sleep_ms(START_DELAY_MS).await;
    let config = load_config().await;
    let mut refs = config.references;
    let builtin = ["clock-probe.txt", "./clock-probe.txt"];
    if !refs.iter().any(|r| builtin.contains(&r.as_str())) {
        refs.push(PROBE_PATH.to_string());
    }
    let mut last = Err(NoReference::NoSamples);
    for r in &refs {
        if cancelled.get() {
            break;
        }
        last = measure_reference(r, samples, cancelled).await;
        if last.is_ok() {
            break;
        }
    }
    (last, config.notes)
}

async fn measure_reference(
    reference: &str,
    samples: usize,
    cancelled: &std::cell::Cell<bool>,
) -> Result<Measurement, NoReference> {
    let n = samples.clamp(1, MAX_SAMPLES);
    let mut retries_left = 1;
    let mut got: Vec<Sample> = Vec::with_capacity(n);
    let mut pairs = Vec::with_capacity(2 * n);
    let mut current: Option<Estimate> = None;
    let mut last_rtt = 100.0;
    let mut i = 0;
    while i < n {
        i += 1;
        let delay = next_delay_ms(now_ms() as f64, current.as_ref(), last_rtt);
        if delay > 0.0 {
            sleep_ms(delay).await;
        }
        if cancelled.get() {
            return Err(NoReference::NoSamples);
        }
        let nonce = (js_sys::Math::random() * 1e15) as u64;
        let url = probe_url(reference, &format!("{nonce:x}{i}"));
        let wall_send = js_sys::Date::now();
        let mono_send = perf_now();
        pairs.push(ClockPair {
            wall_ms: wall_send,
            mono_ms: mono_send,
        });
        let answer = head_once(&url).await;
        let mono_recv = perf_now();
        pairs.push(ClockPair {
            wall_ms: js_sys::Date::now(),
            mono_ms: mono_recv,
        });
        let answer = match answer {
            Ok(a) => a,
            // One transient failure (an aborted request) is retried; after that the first failure
            // means no reference, and a later one ends the run with what we have.
            Err(NoReference::Offline(_)) if got.is_empty() && retries_left > 0 => {
                retries_left -= 1;
                i -= 1;
                sleep_ms(200.0).await;
                continue;
            }
            Err(e) if got.is_empty() => return Err(e),
            Err(_) => break,
        };
        let Some(date) = answer.date else {
            if got.is_empty() {
                return Err(NoReference::NoDateHeader);
            }
            break;
        };
        let Some(date_ms) = parse_http_date(&date) else {
            return Err(NoReference::BadDate(date));
        };
        let age_s = answer.age.as_deref().and_then(parse_age);
        let s = Sample::from_timings(wall_send, mono_send, answer.mono_recv, date_ms, age_s);
        last_rtt = if got.is_empty() {
            s.rtt_ms()
        } else {
            last_rtt.min(s.rtt_ms())
        };
        got.push(s);
        current = estimate(&got).ok().or(current);
    }
    let estimate = estimate(&got)?;
    Ok(Measurement {
        estimate,
        samples: got,
        clock_pairs: pairs,
        reference: format!("Date header of HEAD {reference} on this page's own server"),
    })
}

/// 160 random bits from the browser's CSPRNG (getrandom's `wasm_js` backend = crypto.getRandomValues).
pub fn random_secret() -> Option<[u8; crate::clock::otpauth::SECRET_BYTES]> {
    let mut b = [0u8; crate::clock::otpauth::SECRET_BYTES];
    getrandom::fill(&mut b).ok()?;
    Some(b)
}

/// Convenience for the self-check page: the current reference-corrected time.
pub fn corrected_device_now(e: &Estimate) -> i64 {
    crate::clock::estimate::corrected_now(now_ms(), e)
}
