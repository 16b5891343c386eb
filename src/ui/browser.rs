//! Getting text out of the page at the user's request (clipboard, Blob download): UI actions, so
//! they live with the UI. Everything else the shell needs from the browser is in `crate::browser`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::js_error_text;

// The tool pages (src/ui/pages/tool, maintained separately) still reach these through this path;
// every other caller imports them from `crate::browser`.
pub use crate::browser::{document, focus_id, now_ms, window};

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
