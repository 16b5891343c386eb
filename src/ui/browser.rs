//! The few browser calls the shell needs, each wrapped so that failure is a value, never a panic.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn document() -> Option<web_sys::Document> {
    window().and_then(|w| w.document())
}

/// The device clock in milliseconds since the epoch. (`SystemTime::now()` panics on wasm32.)
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Monotonic milliseconds since page load.
pub fn perf_now() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

pub fn current_hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

pub fn set_hash(hash: &str) {
    if let Some(w) = window() {
        let _ = w.location().set_hash(hash);
    }
}

/// Calls `f` on every `hashchange`. The listener lives as long as the page.
pub fn on_hashchange(f: impl Fn() + 'static) {
    if let Some(w) = window() {
        let cb = Closure::<dyn Fn()>::new(f);
        let _ = w.add_event_listener_with_callback("hashchange", cb.as_ref().unchecked_ref());
        cb.forget();
    }
}

/// Copies text through the async Clipboard API; resolves to an error message on refusal.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clip = window()
        .map(|w| w.navigator().clipboard())
        .ok_or("no window")?;
    wasm_bindgen_futures::JsFuture::from(clip.write_text(text))
        .await
        .map(|_| ())
        .map_err(|e| js_error_text(&e))
}

/// Offers `text` as a file download through a Blob URL (same origin, no request leaves the page).
pub fn download(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let doc = document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|e| js_error_text(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| js_error_text(&e))?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|e| js_error_text(&e))?
        .dyn_into()
        .map_err(|_| "not an anchor".to_string())?;
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A short description of a thrown JS value: "NotAllowedError: ..." for DOMExceptions.
pub fn js_error_text(e: &JsValue) -> String {
    if let Some(d) = e.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", d.name(), d.message());
    }
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return format!(
            "{}: {}",
            String::from(err.name()),
            String::from(err.message())
        );
    }
    e.as_string().unwrap_or_else(|| "unknown error".into())
}

/// Moves keyboard focus to the element with `id` (used after navigation so screen readers follow).
pub fn focus_id(id: &str) {
    if let Some(el) = document().and_then(|d| d.get_element_by_id(id)) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}
