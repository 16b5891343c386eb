//! The self-check's adapter to the tools: one async fn per area, each returning the area's report
//! section (and, for the clock, the measured offset so the report time can be corrected).
//!
//! THIS IS THE ONLY FILE THAT CALLS INTO `webauthn::` AND `clock::`. Until those branches are merged,
//! `webauthn()` and `clock()` use the minimal FALLBACK probes below (marked); at merge, replace each
//! fallback body with the real call shown in its comment and delete `selfcheck::fallback` and the two
//! FALLBACK checks in `selfcheck::checks`.

use wasm_bindgen::{JsCast, JsValue};

use crate::report::Section;
use crate::selfcheck::{env, fallback, probe};
use crate::ui::browser::{js_error_text, now_ms, window};

/// What one area produced.
pub struct AreaOutcome {
    pub section: Section,
    /// Device clock minus reference in ms (positive = device ahead), when the clock area measured one.
    pub clock_offset_ms: Option<i64>,
}

impl From<Section> for AreaOutcome {
    fn from(section: Section) -> Self {
        AreaOutcome {
            section,
            clock_offset_ms: None,
        }
    }
}

/// Runs one area by its name from `links::SELFCHECK_AREAS`.
pub async fn run(area: &str) -> AreaOutcome {
    match area {
        "environment" => env::environment_section(&probe::environment()).into(),
        "storage" => env::storage_section(&probe::storage()).into(),
        "locale" => env::locale_section(&probe::locale()).into(),
        "webauthn" => webauthn().await.into(),
        "clock" => clock().await,
        other => Section::new(other, "Unknown area").into(),
    }
}

/// At merge: `let r = crate::webauthn::probe::run_probes().await;
/// crate::webauthn::report_section(&r, None)`.
async fn webauthn() -> Section {
    // FALLBACK (remove at merge) -----------------------------------------------------------------
    let g: JsValue = window().map(Into::into).unwrap_or(JsValue::UNDEFINED);
    let get =
        |o: &JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let pkc = get(&g, "PublicKeyCredential");
    let secure_context = get(&g, "isSecureContext").as_bool().unwrap_or(false);
    let public_key_credential = pkc.is_function();
    let platform = match get(&pkc, "isUserVerifyingPlatformAuthenticatorAvailable")
        .dyn_into::<js_sys::Function>()
    {
        Err(_) => Err("the method is missing".to_string()),
        Ok(f) => match f.call0(&pkc).map(js_sys::Promise::from) {
            Err(e) => Err(js_error_text(&e)),
            Ok(p) => match probe::with_timeout(p, 3000).await {
                Ok(Some(v)) => Ok(v.as_bool().unwrap_or(false)),
                Ok(None) => Err("no answer within 3 s".to_string()),
                Err(e) => Err(e),
            },
        },
    };
    fallback::webauthn_section(&fallback::WebauthnBasic {
        public_key_credential,
        platform,
        secure_context,
    })
    // ---------------------------------------------------------------------------------------------
}

/// At merge: `let m = crate::clock::probe::measure(5).await;` then
/// `AreaOutcome { section: crate::clock::report_section(..), clock_offset_ms: <m's offset, if any> }`.
async fn clock() -> AreaOutcome {
    // FALLBACK (remove at merge) -----------------------------------------------------------------
    let sample = one_clock_sample().await;
    let (section, clock_offset_ms) = fallback::clock_section(&sample);
    AreaOutcome {
        section,
        clock_offset_ms,
    }
    // ---------------------------------------------------------------------------------------------
}

/// FALLBACK (remove at merge): one same-origin GET with a unique query and `no-store`, so neither the
/// HTTP cache nor the service worker answers it. The (small) body is read so the request completes.
async fn one_clock_sample() -> fallback::ClockSample {
    use fallback::ClockSample;
    let Some(w) = window() else {
        return ClockSample::Failed("no window".into());
    };
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_cache(web_sys::RequestCache::NoStore);
    let url = format!(
        "./?ssocheck-clock={}",
        (js_sys::Math::random() * 1e15) as u64
    );
    let t0 = now_ms() as f64;
    let fetched = probe::with_timeout(w.fetch_with_str_and_init(&url, &init), 8000).await;
    let t1 = now_ms() as f64;
    match fetched {
        Ok(Some(resp)) => match resp.dyn_into::<web_sys::Response>() {
            Ok(r) => {
                let date = r.headers().get("date").ok().flatten();
                if let Ok(body) = r.text() {
                    let _ = probe::with_timeout(body, 2000).await;
                }
                ClockSample::Measured {
                    t0_ms: t0,
                    t1_ms: t1,
                    date,
                }
            }
            Err(_) => ClockSample::Failed("not a response".into()),
        },
        Ok(None) => ClockSample::Failed("no answer within 8 s".into()),
        Err(e) => ClockSample::Failed(e),
    }
}
