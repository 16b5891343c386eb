//! The page's side of the analysis engines (`ssocheck::engine`, the second wasm module).
//!
//! Administrator pages call [`Engine::call`]; end-user pages never do, so they never download the
//! engine. The engine runs in a module worker (`engine-worker-<hash>.js`, named by
//! `<meta name="ssocheck-engine-worker">`), so a 10 MB input never freezes the page; when no worker
//! can start, the engine module is loaded on the main thread instead (`engine-main-<hash>.js`) and the
//! status line says so.
//!
//! Protocol (structured clone; `request` and `ok` are postcard bytes of `engine::Request`/`Reply`):
//! - worker → page, once: `{ready: true}`, or `{ready: false, err}` when the wasm could not start;
//! - page → worker: `{id, request: Uint8Array}` (transferred);
//! - worker → page: `{id, ok: Uint8Array, ms}`, `{id, err}` when the engine stopped (a panic aborts
//!   the wasm instance: `RuntimeError: unreachable`), or `{id, unavailable}` when it never started.
//!
//! After an `err` or a cancel the worker is thrown away (a trapped wasm instance cannot be reused)
//! and the next call starts a fresh one; so is a worker that analyzed a large input, once idle
//! ([`RETIRE_IDLE_MS`]).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::{self, get, object};
use crate::engine::{self, Reply, Request};

/// Why a call did not come back.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// [`Engine::cancel`] was called.
    Cancelled,
    /// The engine failed on this input (a bug): the message for the user.
    Stopped(String),
    /// Neither the worker nor the main-thread module could start.
    Unavailable(String),
}

/// What the page shows about the engine (`data-worker` on the status line, for tests).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EngineState {
    Starting,
    Ready,
    /// No worker: calls run on the main thread.
    MainThread,
}

impl EngineState {
    pub fn as_str(self) -> &'static str {
        match self {
            EngineState::Starting => "starting",
            EngineState::Ready => "ready",
            EngineState::MainThread => "off",
        }
    }
}

fn meta(name: &str) -> Option<String> {
    browser::document()?
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()??
        .get_attribute("content")
        .filter(|u| !u.is_empty())
}

#[derive(Default)]
struct Shared {
    /// The call in flight and the `resolve` of the promise its caller awaits.
    pending: Option<(u32, js_sys::Function)>,
    /// Set once the worker cannot answer any more; the reason.
    unavailable: Option<String>,
}

impl Shared {
    fn settle(&mut self, answer: &JsValue) {
        if let Some((_, resolve)) = self.pending.take() {
            let _ = resolve.call1(&JsValue::NULL, answer);
        }
    }

    fn give_up(&mut self, why: String) {
        self.unavailable = Some(why.clone());
        self.settle(&object(&[("unavailable", &why.into())]));
    }
}

/// One engine worker. Dropping it terminates the worker.
struct WorkerHandle {
    worker: web_sys::Worker,
    shared: Rc<RefCell<Shared>>,
    next_id: RefCell<u32>,
    _listeners: [EventListener; 2],
}

impl WorkerHandle {
    fn start(name: &str, on_state: Rc<dyn Fn(EngineState)>) -> Result<WorkerHandle, String> {
        let url =
            meta(&format!("ssocheck-{name}-worker")).ok_or("this build has no engine worker")?;
        let opts = object(&[
            ("type", &"module".into()),
            ("name", &"ssocheck analysis engine".into()),
        ]);
        let worker =
            web_sys::Worker::new_with_options(&url, opts.unchecked_ref()).map_err(|e| {
                format!(
                    "the browser did not start it ({})",
                    browser::js_error_text(&e)
                )
            })?;
        let shared = Rc::new(RefCell::new(Shared::default()));
        let on_message = {
            let shared = shared.clone();
            let on_state = on_state.clone();
            EventListener::new(&worker, "message", move |e| {
                let data = get(e.as_ref(), "data");
                if let Some(ok) = get(&data, "ready").as_bool() {
                    if ok {
                        on_state(EngineState::Ready);
                    } else {
                        let why = get(&data, "err")
                            .as_string()
                            .unwrap_or_else(|| "it could not start".into());
                        shared.borrow_mut().give_up(why);
                        on_state(EngineState::MainThread);
                    }
                    return;
                }
                let id = get(&data, "id").as_f64();
                let mut s = shared.borrow_mut();
                if s.pending.as_ref().map(|(i, _)| f64::from(*i)) == id {
                    s.settle(&data);
                }
            })
        };
        let on_error = {
            let shared = shared.clone();
            EventListener::new(&worker, "error", move |e| {
                // The script, glue or wasm could not be loaded (404, CSP, no module workers).
                let detail = get(e.as_ref(), "message").as_string().unwrap_or_default();
                let why = if detail.is_empty() {
                    "its script could not be loaded".to_string()
                } else {
                    format!("its script failed ({detail})")
                };
                shared.borrow_mut().give_up(why);
                on_state(EngineState::MainThread);
            })
        };
        Ok(WorkerHandle {
            worker,
            shared,
            next_id: RefCell::new(0),
            _listeners: [on_message, on_error],
        })
    }

    async fn call(&self, request: Vec<u8>) -> Result<(Vec<u8>, f64), Failure> {
        if let Some(why) = self.shared.borrow().unavailable.clone() {
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
        let bytes = js_sys::Uint8Array::from(&request[..]);
        drop(request);
        let msg = object(&[("id", &JsValue::from(id)), ("request", &bytes)]);
        if let Err(e) = self
            .worker
            .post_message_with_transfer(&msg, &js_sys::Array::of1(&bytes.buffer()))
        {
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
            return Ok((out.to_vec(), get(&answer, "ms").as_f64().unwrap_or(0.0)));
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

    fn cancel(&self) {
        self.worker.terminate();
        let mut s = self.shared.borrow_mut();
        s.unavailable = Some("it was cancelled".into());
        s.settle(&object(&[("cancelled", &JsValue::TRUE)]));
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The engine `name` loaded on the main thread, if it is: `ssocheckEngines[name]`.
fn loaded_engine(name: &str) -> Option<js_sys::Function> {
    get(&get(&js_sys::global(), "ssocheckEngines"), name)
        .dyn_into::<js_sys::Function>()
        .ok()
}

/// Loads the engine module `name` on the main thread (once per page) and returns its handler.
async fn main_thread_engine(name: &str) -> Result<js_sys::Function, String> {
    if let Some(f) = loaded_engine(name) {
        return Ok(f);
    }
    let url = meta(&format!("ssocheck-{name}-main")).ok_or("this build has no engine module")?;
    let doc = browser::document().ok_or("no document")?;
    let script = doc
        .create_element("script")
        .map_err(|e| browser::js_error_text(&e))?;
    let _ = script.set_attribute("type", "module");
    let _ = script.set_attribute("src", &url);
    // engine-main.js announces the end of its top-level `await init()` with an event on the document
    // (a module script's `load` event can come before that); `error` covers a script that never loads.
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        let reject2 = reject.clone();
        EventListener::once(&doc, format!("ssocheck-{name}-ready"), move |_| {
            let _ = resolve.call0(&JsValue::NULL);
        })
        .forget();
        let failed_name = name.to_string();
        EventListener::once(&doc, format!("ssocheck-{name}-failed"), move |_| {
            let why = get(
                &get(&js_sys::global(), "ssocheckEngineErrors"),
                &failed_name,
            )
            .as_string()
            .unwrap_or_else(|| "the engine module did not start".into());
            let _ = reject2.call1(&JsValue::NULL, &why.into());
        })
        .forget();
        EventListener::once(&script, "error", move |_| {
            let _ = reject.call1(
                &JsValue::NULL,
                &"the engine module could not be loaded".into(),
            );
        })
        .forget();
    });
    doc.head()
        .ok_or("no head")?
        .append_child(&script)
        .map_err(|e| browser::js_error_text(&e))?;
    wasm_bindgen_futures::JsFuture::from(loaded)
        .await
        .map_err(|e| browser::js_error_text(&e))?;
    loaded_engine(name).ok_or_else(|| "the engine module did not start".to_string())
}

/// The page's engine: a worker started on demand, replaced after a cancel, a failure or a large
/// input, and the main thread when no worker can start (`off` says why).
pub struct Engine {
    /// The engine's file prefix (`engine`, `engine-logs`, `engine-admin`): see [`file_prefix`].
    name: String,
    /// Shared with the retire timer, which empties it.
    worker: Rc<RefCell<Option<Rc<WorkerHandle>>>>,
    off: RefCell<Option<String>>,
    on_state: Rc<dyn Fn(EngineState)>,
    /// Retires a worker that analyzed a large input once it has been idle; a new call cancels it.
    retire: RefCell<Option<gloo::timers::callback::Timeout>>,
}

/// Where the last call ran, for the status line.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Worker,
    MainThread(String),
}

/// After an input above this size the worker is retired once idle for [`RETIRE_IDLE_MS`]: wasm
/// memory never shrinks, so a worker that analyzed 10 MB holds hundreds of MB until it goes.
pub const LARGE_INPUT: usize = 1_000_000;

/// How long a worker that analyzed a large input is kept for the next analysis. Kept rather than
/// replaced at once because a fresh instance runs its first analysis in V8's baseline code and
/// grows its memory from nothing: the 10 MB signed response took 1.15 s there against 0.22 s in a
/// warm instance (tools/dev/engine-prof.mjs), and "Analyze again" with another ACS or audience is
/// the usual next step.
pub const RETIRE_IDLE_MS: u32 = 15_000;

/// The file prefix of the engine module that runs `tool` (tools::ENGINES): `engine` for the SAML
/// engine, `engine-<group>` for the others.
pub fn file_prefix(tool: &str) -> String {
    match crate::tools::engine_of(tool) {
        Some("saml") | None => "engine".to_string(),
        Some(group) => format!("engine-{group}"),
    }
}

impl Engine {
    /// The engine that runs `tool`.
    pub fn new(tool: &str, on_state: impl Fn(EngineState) + 'static) -> Rc<Engine> {
        Rc::new(Engine {
            name: file_prefix(tool),
            worker: Rc::new(RefCell::new(None)),
            off: RefCell::new(None),
            on_state: Rc::new(on_state),
            retire: RefCell::new(None),
        })
    }

    /// Starts the worker if there is none (the page calls this when an administrator route opens,
    /// so the first analysis does not wait for it).
    pub fn warm_up(&self) {
        self.worker();
    }

    /// The worker to call, started if needed; `None` when calls run on the main thread.
    fn worker(&self) -> Option<Rc<WorkerHandle>> {
        if self.off.borrow().is_some() {
            return None;
        }
        let existing = self.worker.borrow().clone();
        if let Some(w) = existing {
            let unavailable = w.shared.borrow().unavailable.clone();
            match unavailable {
                None => return Some(w),
                // Its script or wasm failed to load: another worker would fail the same way, so
                // calls run on the main thread from now on. (Cancel and traps take the worker out of
                // the slot, so a fresh one starts for them.)
                Some(why) => {
                    *self.off.borrow_mut() = Some(why);
                    *self.worker.borrow_mut() = None;
                    (self.on_state)(EngineState::MainThread);
                    return None;
                }
            }
        }
        (self.on_state)(EngineState::Starting);
        // Once the worker has loaded the engine, its files are in the HTTP cache: only then the
        // service worker is asked to keep them, so keeping them costs a revalidation, not a second
        // download racing the worker's own.
        let name = self.name.clone();
        let outer = self.on_state.clone();
        let on_state: Rc<dyn Fn(EngineState)> = Rc::new(move |state| {
            if state == EngineState::Ready {
                crate::ui::offline::keep_engine(&name);
            }
            outer(state)
        });
        match WorkerHandle::start(&self.name, on_state) {
            Ok(w) => {
                let w = Rc::new(w);
                *self.worker.borrow_mut() = Some(w.clone());
                Some(w)
            }
            Err(why) => {
                *self.off.borrow_mut() = Some(why);
                (self.on_state)(EngineState::MainThread);
                None
            }
        }
    }

    /// True when calls run in a worker (for the "Analyzing… (in a background worker)" status).
    pub fn in_worker(&self) -> bool {
        self.off.borrow().is_none()
    }

    /// Sends `request`; `input_len` decides whether the worker is replaced afterwards.
    pub async fn call(
        &self,
        request: &Request,
        input_len: usize,
    ) -> Result<(Reply, f64, Place), Failure> {
        let bytes = engine::encode_request(request);
        self.retire.borrow_mut().take();
        if let Some(w) = self.worker() {
            match w.call(bytes.clone()).await {
                Ok((out, ms)) => {
                    if input_len > LARGE_INPUT {
                        self.retire_when_idle(&w);
                    }
                    return engine::decode_reply(&out)
                        .map(|r| (r, ms, Place::Worker))
                        .map_err(Failure::Stopped);
                }
                Err(Failure::Unavailable(why)) => {
                    *self.off.borrow_mut() = Some(why);
                    *self.worker.borrow_mut() = None;
                    (self.on_state)(EngineState::MainThread);
                }
                Err(Failure::Stopped(why)) => {
                    *self.worker.borrow_mut() = None;
                    return Err(Failure::Stopped(why));
                }
                Err(Failure::Cancelled) => return Err(Failure::Cancelled),
            }
        }
        let why = self.off.borrow().clone().unwrap_or_default();
        let f = main_thread_engine(&self.name)
            .await
            .map_err(Failure::Unavailable)?;
        crate::ui::offline::keep_engine(&self.name);
        let t0 = browser::perf_now();
        let out = f
            .call1(&JsValue::NULL, &js_sys::Uint8Array::from(&bytes[..]))
            .map_err(|e| Failure::Stopped(browser::js_error_text(&e)))?;
        let ms = browser::perf_now() - t0;
        let out = out
            .dyn_into::<js_sys::Uint8Array>()
            .map_err(|_| Failure::Stopped("the engine gave no answer".into()))?
            .to_vec();
        engine::decode_reply(&out)
            .map(|r| (r, ms, Place::MainThread(why)))
            .map_err(Failure::Stopped)
    }

    /// Retires `w` after [`RETIRE_IDLE_MS`] without a call (the next call starts a fresh worker).
    fn retire_when_idle(&self, w: &Rc<WorkerHandle>) {
        let slot = self.worker.clone();
        let w = Rc::downgrade(w);
        let timer = gloo::timers::callback::Timeout::new(RETIRE_IDLE_MS, move || {
            let mut slot = slot.borrow_mut();
            let same = match (slot.as_ref(), w.upgrade()) {
                (Some(current), Some(w)) => Rc::ptr_eq(current, &w),
                _ => false,
            };
            if same {
                if let Some(w) = slot.take() {
                    w.cancel();
                }
            }
        });
        *self.retire.borrow_mut() = Some(timer);
    }

    /// Stops the worker at once; the call in flight ends with [`Failure::Cancelled`], and the next
    /// call starts a fresh worker.
    pub fn cancel(&self) {
        if let Some(w) = self.worker.borrow_mut().take() {
            w.cancel();
        }
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.cancel();
    }
}
