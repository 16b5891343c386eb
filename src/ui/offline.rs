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

/// Asks the service worker to keep the engine module `name` (its files are named by
/// `<meta name="ssocheck-NAME-files">`) so administrator tools work offline after one use. Called
/// when an administrator route opens, never on end-user routes: the service worker does not precache
/// the engine. Waits for `navigator.serviceWorker.ready`, so a first visit straight to an
/// administrator route is covered too, once the service worker has installed.
pub fn keep_engine(name: &str) {
    use js_sys::Reflect;
    use wasm_bindgen::JsValue;
    if cfg!(debug_assertions) {
        return;
    }
    let Some(w) = window() else { return };
    let nav: JsValue = w.navigator().into();
    let Ok(container) = Reflect::get(&nav, &"serviceWorker".into()) else {
        return;
    };
    if container.is_undefined() {
        return;
    }
    // This engine's files and the administrator app's own (not precached either).
    let meta = |meta_name: String| {
        w.document()
            .and_then(|d| {
                d.query_selector(&format!("meta[name=\"{meta_name}\"]"))
                    .ok()
                    .flatten()
            })
            .and_then(|m| m.get_attribute("content"))
            .unwrap_or_default()
    };
    let files = format!(
        "{} {}",
        meta(format!("ssocheck-{name}-files")),
        meta("ssocheck-admin-files".to_string())
    );
    if files.trim().is_empty() {
        return;
    }
    let Ok(ready) = Reflect::get(&container, &"ready".into()) else {
        return;
    };
    let Ok(ready) = wasm_bindgen::JsCast::dyn_into::<js_sys::Promise>(ready) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(reg) = wasm_bindgen_futures::JsFuture::from(ready).await else {
            return;
        };
        let Ok(active) = Reflect::get(&reg, &"active".into()) else {
            return;
        };
        let list = js_sys::Array::new();
        for f in files.split_whitespace() {
            list.push(&f.into());
        }
        let msg = js_sys::Object::new();
        let _ = Reflect::set(&msg, &"keepEngine".into(), &list);
        if let Ok(post) = Reflect::get(&active, &"postMessage".into()) {
            if let Ok(post) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(post) {
                let _ = post.call1(&active, &msg);
            }
        }
    });
}
