//! The SAML page's side of a test sign-in: take the response the service worker received (once),
//! and the pending request this tab stored before leaving for the identity provider (deleted as it is
//! read), and turn them into the SAML form's values.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::browser::{get_str, js_error_text, window};

/// The sessionStorage key of the pending request (written by the test-sp page on Start).
pub const PENDING_KEY: &str = "ssocheck-test-sp-pending";

/// What the SAML form is filled with.
pub struct Prefill {
    /// `SAMLResponse=…&RelayState=…`, as the identity provider posted it.
    pub main: String,
    /// (field name, value) of the SAML tool's fields.
    pub fields: Vec<(String, String)>,
}

/// The one-time token of `#/saml?received=<token>` (32 hex digits), if any.
pub fn token(params: &[(String, String)]) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| k == "received")
        .map(|(_, v)| v.clone())
        .filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The pending request, removed from sessionStorage as it is read.
pub fn take_pending() -> Option<wasm_bindgen::JsValue> {
    let storage = window()?.session_storage().ok()??;
    let text = storage.get_item(PENDING_KEY).ok()??;
    let _ = storage.remove_item(PENDING_KEY);
    js_sys::JSON::parse(&text).ok()
}

pub async fn take(token: &str) -> Result<Prefill, String> {
    // Drop the token from the address: a reload must not ask again (it is handed over only once).
    if let Some(w) = window() {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#/saml"));
        }
    }
    let pending = take_pending();
    let w = window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    let url = format!("./acs-received?token={token}");
    let res = JsFuture::from(w.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(|e| {
            format!(
                "The received response could not be read from this page's service worker: {}",
                js_error_text(&e)
            )
        })?;
    let res: web_sys::Response = res.dyn_into().map_err(|_| "no response".to_string())?;
    if res.status() != 200 {
        return Err("The identity provider's response is no longer held by this page's service worker: it is handed over only once and kept at most 5 minutes (or the browser stopped the service worker meanwhile). Start a new test sign-in from the test service provider page.".into());
    }
    let json = JsFuture::from(res.json().map_err(|e| js_error_text(&e))?)
        .await
        .map_err(|e| js_error_text(&e))?;
    let saml =
        get_str(&json, "SAMLResponse").ok_or("the service worker's answer has no SAMLResponse")?;
    let mut main = format!(
        "SAMLResponse={}",
        String::from(js_sys::encode_uri_component(&saml))
    );
    if let Some(rs) = get_str(&json, "RelayState") {
        main.push_str(&format!(
            "&RelayState={}",
            String::from(js_sys::encode_uri_component(&rs))
        ));
    }
    let mut fields = Vec::new();
    if let Some(p) = pending {
        for (key, field) in [
            ("request_id", "in_response_to"),
            ("relay_state", "relay_state"),
            ("request_time", "request_time"),
            ("acs", "acs"),
            ("audience", "audience"),
            ("idp_metadata", "idp_metadata"),
        ] {
            if let Some(v) = get_str(&p, key) {
                fields.push((field.to_string(), v));
            }
        }
    }
    Ok(Prefill { main, fields })
}
