//! Window, document, the location hash and focus, each wrapped so that a missing one is `None`.
//! (`gloo::utils::window()` panics without a window; these are used where there may be none.)

use gloo::events::EventListener;
use wasm_bindgen::JsCast;

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn document() -> Option<web_sys::Document> {
    window().and_then(|w| w.document())
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
        EventListener::new(&w, "hashchange", move |_| f()).forget();
    }
}

/// Moves keyboard focus to the element with `id` (used after navigation so screen readers follow).
pub fn focus_id(id: &str) {
    if let Some(el) = document().and_then(|d| d.get_element_by_id(id)) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}
