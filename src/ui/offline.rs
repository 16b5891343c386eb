//! Registers the service worker (`static/sw.js`, written to `dist/sw.js` by tools/postbuild.mjs) so the
//! page works offline after the first visit. Only in release builds served over http(s): a debug build
//! under `trunk serve` has no precache list, and `file://` cannot have a service worker.

use crate::browser::{js_error_text, window};

/// `keep_meta`: the meta tag that lists this tier's own modules, kept for offline use.
pub fn register(keep_meta: &str) {
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
    keep(&[keep_meta.to_string()]);
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
            web_sys::console::warn_1(
                &format!("ssocheck: offline use unavailable ({})", js_error_text(&e)).into(),
            );
        }
    });
}

/// Asks the service worker to keep the engine module `name` and the administrator app for offline
/// use. Called when an administrator route opens, never on end-user routes: the service worker
/// precaches neither.
pub fn keep_engine(name: &str) {
    keep(&[
        format!("ssocheck-{name}-files"),
        "ssocheck-admin-files".into(),
    ]);
}

/// Asks the service worker to keep the files the meta tags `meta_names` list (written by
/// tools/postbuild.mjs: `ssocheck-shell-files`, `ssocheck-admin-files`, `ssocheck-engine-*-files`),
/// once it is ready, so a first visit is covered too. Each tier asks for its own files only, so no
/// route makes the service worker download the other tier's.
pub fn keep(meta_names: &[String]) {
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
    let list = js_sys::Array::new();
    for meta_name in meta_names {
        let content = w
            .document()
            .and_then(|d| {
                d.query_selector(&format!("meta[name=\"{meta_name}\"]"))
                    .ok()
                    .flatten()
            })
            .and_then(|m| m.get_attribute("content"))
            .unwrap_or_default();
        for f in content.split_whitespace() {
            list.push(&f.into());
        }
    }
    if list.length() == 0 {
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
        let msg = js_sys::Object::new();
        let _ = Reflect::set(&msg, &"keep".into(), &list);
        if let Ok(post) = Reflect::get(&active, &"postMessage".into()) {
            if let Ok(post) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(post) {
                let _ = post.call1(&active, &msg);
            }
        }
    });
}
