//! Browser probes, in the gate order of the spec. Every promise races a timeout, every throw is
//! caught, so `run_probes` always returns a complete `ProbeResults` and never panics.

use std::collections::BTreeMap;

use wasm_bindgen::prelude::*;

use super::results::{Probe, ProbeResults, UaHints};
use crate::browser::race::{bool_probe, promise_probe};
use crate::browser::{call, get};

/// Per-probe limit. The real answers take milliseconds; this only bounds a broken browser.
pub const PROBE_TIMEOUT_MS: u32 = 3000;

pub async fn run_probes() -> ProbeResults {
    let mut r = ProbeResults::default();
    let Some(window) = web_sys::window() else {
        r.secure_context = Probe::Error("no window".into());
        return r;
    };
    let w: JsValue = window.clone().into();
    r.secure_context = match get(&w, "isSecureContext").as_bool() {
        Some(b) => Probe::Value(b),
        None => Probe::Absent,
    };
    let location = window.location();
    r.hostname = location.hostname().unwrap_or_default();
    r.protocol = location.protocol().unwrap_or_default();

    let pkc = get(&w, "PublicKeyCredential");
    r.public_key_credential = pkc.is_function();
    let nav = get(&w, "navigator");
    let creds = get(&nav, "credentials");
    r.credentials_create = get(&creds, "create").is_function();
    r.credentials_get = get(&creds, "get").is_function();

    if r.public_key_credential {
        r.uvpaa = bool_probe(
            &pkc,
            "isUserVerifyingPlatformAuthenticatorAvailable",
            PROBE_TIMEOUT_MS,
        )
        .await;
        r.conditional_mediation =
            bool_probe(&pkc, "isConditionalMediationAvailable", PROBE_TIMEOUT_MS).await;
        r.client_capabilities =
            match promise_probe(&pkc, "getClientCapabilities", &[], PROBE_TIMEOUT_MS).await {
                Probe::Value(v) => Probe::Value(capabilities(&v)),
                Probe::Absent => Probe::Absent,
                Probe::Error(e) => Probe::Error(e),
                Probe::Timeout => Probe::Timeout,
                Probe::Skipped => Probe::Skipped,
            };
        r.parse_creation_options_from_json =
            get(&pkc, "parseCreationOptionsFromJSON").is_function();
        r.to_json = get(&get(&pkc, "prototype"), "toJSON").is_function();
    } else {
        r.uvpaa = Probe::Absent;
        r.conditional_mediation = Probe::Absent;
        r.client_capabilities = Probe::Absent;
    }

    // Frames: `top !== self`; a cross-origin top refuses reading its location's href.
    let top = get(&w, "top");
    let me = get(&w, "self");
    r.in_frame = !top.is_undefined() && !js_sys::Object::is(&top, &me);
    if r.in_frame {
        let loc = get(&top, "location");
        r.cross_origin_frame =
            loc.is_undefined() || js_sys::Reflect::get(&loc, &JsValue::from_str("href")).is_err();
    }
    let doc = get(&w, "document");
    let fp = get(&doc, "featurePolicy");
    let allows = |feature: &str| -> Probe<bool> {
        if !get(&fp, "allowsFeature").is_function() {
            return Probe::Absent;
        }
        match call(&fp, "allowsFeature", &[JsValue::from_str(feature)]) {
            Ok(v) => v
                .as_bool()
                .map(Probe::Value)
                .unwrap_or(Probe::Error("non-boolean answer".into())),
            Err(e) => Probe::Error(e),
        }
    };
    r.policy_create = allows("publickey-credentials-create");
    r.policy_get = allows("publickey-credentials-get");

    r.user_agent = get(&nav, "userAgent").as_string().unwrap_or_default();
    r.ua_hints = ua_hints(&nav).await;
    r
}

/// Every own key of the capabilities record; non-boolean values are skipped (unknown).
fn capabilities(v: &JsValue) -> BTreeMap<String, bool> {
    let mut out = BTreeMap::new();
    if let Some(obj) = v.dyn_ref::<js_sys::Object>() {
        for entry in js_sys::Object::entries(obj).iter() {
            let k = get(&entry, "0").as_string();
            let val = get(&entry, "1").as_bool();
            if let (Some(k), Some(val)) = (k, val) {
                out.insert(k, val);
            }
        }
    }
    out
}

async fn ua_hints(nav: &JsValue) -> Probe<UaHints> {
    let data = get(nav, "userAgentData");
    if data.is_undefined() || data.is_null() {
        return Probe::Absent;
    }
    let mut h = UaHints {
        mobile: get(&data, "mobile").as_bool().unwrap_or(false),
        platform: get(&data, "platform").as_string().unwrap_or_default(),
        ..UaHints::default()
    };
    if let Ok(brands) = get(&data, "brands").dyn_into::<js_sys::Array>() {
        for b in brands.iter() {
            if let (Some(n), Some(v)) =
                (get(&b, "brand").as_string(), get(&b, "version").as_string())
            {
                h.brands.push((n, v));
            }
        }
    }
    let hints = js_sys::Array::of1(&JsValue::from_str("platformVersion"));
    if let Probe::Value(v) = promise_probe(
        &data,
        "getHighEntropyValues",
        &[hints.into()],
        PROBE_TIMEOUT_MS,
    )
    .await
    {
        h.platform_version = get(&v, "platformVersion").as_string();
    }
    Probe::Value(h)
}
