//! Registers the service worker (`static/sw.js`, written to `dist/sw.js` by tools/postbuild.mjs) so the
//! page works offline after the first visit. Only in release builds served over http(s): a debug build
//! under `trunk serve` has no precache list, and `file://` cannot have a service worker.

use crate::browser::{js_error_text, window};

pub fn register() {
    if cfg!(debug_assertions) {
        return;
    }
    let Some(w) = window() else { return };
    let protocol = w.location().protocol().unwrap_or_default();
    if protocol != "https:" && protocol != "http:" {
        return;
    }
    let nav = w.navigator();
    // `serviceWorker` is missing outside secure contexts and in some private modes.
    let has_sw = js_sys::Reflect::has(&nav, &"serviceWorker".into()).unwrap_or(false);
    if !has_sw {
        return;
    }
    // A relative URL: the worker's scope is the directory the page is served from, so sub-paths work.
    let promise = nav.service_worker().register("./sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
            web_sys::console::warn_1(
                &format!("ssocheck: offline use unavailable ({})", js_error_text(&e)).into(),
            );
        }
    });
}
