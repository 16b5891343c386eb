//! The SAML analysis in a background worker, so that a 10 MB response never freezes the page.
//!
//! There is no second build: `static/saml-worker.js` (written by `tools/postbuild.mjs` to
//! `dist/saml-worker-<hash>.js`, its URL in `<meta name="ssocheck-saml-worker">`) is a module worker
//! that imports this same wasm-bindgen glue and wasm. There `main` runs as well: [`crate::ui::start`]
//! sees no `Window`, calls [`worker_start`] and renders nothing. The worker then calls
//! [`saml_analyze`] for every request.
//!
//! Protocol (structured clone, one analysis at a time; `saml::transfer` encodes the context and the
//! analysis):
//! - worker → page, once: `{ready: true}`, or `{ready: false, err}` when the wasm could not start;
//! - page → worker: `{id, input: Uint8Array, ctx: Uint8Array}` (both buffers transferred);
//! - worker → page: `{id, ok: Uint8Array (the encoded analysis, transferred), ms}` with the worker's
//!   own time for it, `{id, err}` when the analyzer stopped (a panic aborts the wasm instance:
//!   `RuntimeError: unreachable`), or `{id, unavailable}` when the wasm never started.
//!
//! The page side is [`SamlWorker`]: after an `err` or a cancel it is thrown away (a trapped wasm
//! instance cannot be reused) and the next analysis starts a fresh worker.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::saml::{transfer, Analysis, Context};
use crate::ui::browser;

/// Name of the worker global where a panic leaves its message for the worker script.
const PANIC_SLOT: &str = "ssocheckPanic";

/// Worker side: analyzes `input` with the context `ctx` (encoded by `saml::transfer`) and returns the
/// encoded analysis. Throws a string only for a damaged context (a bug in the page).
#[wasm_bindgen]
pub fn saml_analyze(input: &[u8], ctx: &[u8]) -> Result<Vec<u8>, String> {
    transfer::analyze_encoded(input, ctx)
}

/// Worker side, from `main`: a panic aborts the instance (`panic = "abort"`), so the hook only leaves
/// its message where the worker script can add it to the error it sends to the page.
pub fn worker_start() {
    std::panic::set_hook(Box::new(|info| {
        let _ = js_sys::Reflect::set(
            &js_sys::global(),
            &PANIC_SLOT.into(),
            &info.to_string().into(),
        );
    }));
}

/// Why an analysis did not come back from the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// [`SamlWorker::cancel`] was called.
    Cancelled,
    /// The analyzer failed on this input (a bug): the message for the user.
    Stopped(String),
    /// The worker never started (script or wasm not loadable, no module workers): analyze on the
    /// main thread instead.
    Unavailable(String),
}

/// What the page shows about the worker (`data-worker` on the status line, for tests).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WorkerState {
    Starting,
    Ready,
    Unavailable,
}

impl WorkerState {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkerState::Starting => "starting",
            WorkerState::Ready => "ready",
            WorkerState::Unavailable => "off",
        }
    }
}

#[derive(Default)]
struct Shared {
    /// The request in flight and the `resolve` of the promise its caller awaits.
    pending: Option<(u32, js_sys::Function)>,
    /// Set once the worker cannot analyze any more; the reason.
    unavailable: Option<String>,
}

impl Shared {
    /// Settles the request in flight (if any) with `answer`.
    fn settle(&mut self, answer: &JsValue) {
        if let Some((_, resolve)) = self.pending.take() {
            let _ = resolve.call1(&JsValue::NULL, answer);
        }
    }
}

/// The page's handle on one worker. Dropping it terminates the worker.
pub struct SamlWorker {
    worker: web_sys::Worker,
    shared: Rc<RefCell<Shared>>,
    next_id: RefCell<u32>,
    _on_message: Closure<dyn FnMut(JsValue)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

/// The worker script's URL from the page (`<meta name="ssocheck-saml-worker">`, written at build time).
fn worker_url() -> Option<String> {
    browser::document()?
        .query_selector("meta[name=\"ssocheck-saml-worker\"]")
        .ok()??
        .get_attribute("content")
        .filter(|u| !u.is_empty())
}

fn object(pairs: &[(&str, &JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

impl SamlWorker {
    /// Starts a worker; `on_state` hears when it is ready or has failed. An error (the reason, for the
    /// status line) when the build has no worker script or the browser refuses to start it.
    pub fn start(on_state: impl Fn(WorkerState) + 'static) -> Result<Rc<SamlWorker>, String> {
        let url = worker_url().ok_or("this build has no worker script")?;
        // A module worker (`{type: "module"}`), named for the browser's developer tools.
        let opts = object(&[
            ("type", &"module".into()),
            ("name", &"ssocheck SAML analyzer".into()),
        ]);
        let worker =
            web_sys::Worker::new_with_options(&url, opts.unchecked_ref()).map_err(|e| {
                format!(
                    "the browser did not start it ({})",
                    browser::js_error_text(&e)
                )
            })?;
        let shared = Rc::new(RefCell::new(Shared::default()));
        let on_state = Rc::new(on_state);
        let on_message = {
            let shared = shared.clone();
            let on_state = on_state.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                let data = get(&e, "data");
                let ready = get(&data, "ready");
                if let Some(ok) = ready.as_bool() {
                    if ok {
                        on_state(WorkerState::Ready);
                    } else {
                        let why = get(&data, "err")
                            .as_string()
                            .unwrap_or_else(|| "it could not start".into());
                        let mut s = shared.borrow_mut();
                        s.unavailable = Some(why.clone());
                        s.settle(&object(&[("unavailable", &why.into())]));
                        drop(s);
                        on_state(WorkerState::Unavailable);
                    }
                    return;
                }
                let id = get(&data, "id").as_f64();
                let mut s = shared.borrow_mut();
                if s.pending.as_ref().map(|(i, _)| *i as f64) == id {
                    s.settle(&data);
                }
            })
        };
        let on_error = {
            let shared = shared.clone();
            let on_state = on_state.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                // The script or the glue could not be loaded or evaluated (404, CSP, no module
                // workers): this worker will never answer.
                let detail = get(&e, "message").as_string().unwrap_or_default();
                let why = if detail.is_empty() {
                    "its script could not be loaded".to_string()
                } else {
                    format!("its script failed ({detail})")
                };
                let mut s = shared.borrow_mut();
                s.unavailable = Some(why.clone());
                s.settle(&object(&[("unavailable", &why.into())]));
                drop(s);
                on_state(WorkerState::Unavailable);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_state(WorkerState::Starting);
        Ok(Rc::new(SamlWorker {
            worker,
            shared,
            next_id: RefCell::new(0),
            _on_message: on_message,
            _on_error: on_error,
        }))
    }

    /// Why this worker cannot be used, once it is known.
    pub fn unavailable(&self) -> Option<String> {
        self.shared.borrow().unavailable.clone()
    }

    /// Analyzes `input` in the worker: the analysis and the worker's own time for it in ms.
    pub async fn analyze(&self, input: &[u8], ctx: &Context) -> Result<(Analysis, f64), Failure> {
        if let Some(why) = self.unavailable() {
            return Err(Failure::Unavailable(why));
        }
        let id = {
            let mut n = self.next_id.borrow_mut();
            *n += 1;
            *n
        };
        let shared = self.shared.clone();
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            shared.borrow_mut().pending = Some((id, resolve));
        });
        let bytes = js_sys::Uint8Array::from(input);
        let ctx = js_sys::Uint8Array::from(&transfer::encode_context(ctx)[..]);
        let msg = object(&[("id", &JsValue::from(id)), ("input", &bytes), ("ctx", &ctx)]);
        let buffers = js_sys::Array::of2(&bytes.buffer(), &ctx.buffer());
        if let Err(e) = self.worker.post_message_with_transfer(&msg, &buffers) {
            self.shared.borrow_mut().pending = None;
            return Err(Failure::Unavailable(format!(
                "the page could not send it the input ({})",
                browser::js_error_text(&e)
            )));
        }
        let answer = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .unwrap_or(JsValue::UNDEFINED);
        if let Some(out) = get(&answer, "ok").dyn_ref::<js_sys::Uint8Array>() {
            let ms = get(&answer, "ms").as_f64().unwrap_or(0.0);
            return transfer::decode_analysis(&out.to_vec())
                .map(|a| (a, ms))
                .map_err(|e| Failure::Stopped(format!("its answer could not be read: {e}")));
        }
        if let Some(why) = get(&answer, "unavailable").as_string() {
            return Err(Failure::Unavailable(why));
        }
        if get(&answer, "cancelled").is_truthy() {
            return Err(Failure::Cancelled);
        }
        Err(Failure::Stopped(
            get(&answer, "err")
                .as_string()
                .unwrap_or_else(|| "no answer".into()),
        ))
    }

    /// Stops the worker at once; an analysis in flight ends with [`Failure::Cancelled`].
    pub fn cancel(&self) {
        self.worker.terminate();
        let mut s = self.shared.borrow_mut();
        s.unavailable = Some("it was cancelled".into());
        s.settle(&object(&[("cancelled", &JsValue::TRUE)]));
    }
}

impl Drop for SamlWorker {
    fn drop(&mut self) {
        self.worker.terminate();
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
    }
}
