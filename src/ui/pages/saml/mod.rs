//! `#/saml`: paste or drop any form of a SAML message (XML, base64, URL-encoded, deflated redirect,
//! POST body, URL, HAR), optionally give the Identity Center context, and see findings, attributes,
//! certificates and the pretty XML. Everything is analyzed by the pure core (`crate::saml`) inside the
//! browser; nothing is stored or sent.
//!
//! The analysis runs in a background worker (`crate::ui::saml_worker`, started when the page mounts,
//! reused, stopped when the page is left), so the page stays responsive with a 10 MB response: the
//! status says "Analyzing… (in a background worker)" and a Cancel button terminates the worker (the
//! next analysis starts a fresh one). After an input over 1 MB the worker is replaced by a fresh one,
//! because wasm memory never shrinks. When the build has no worker script or the browser cannot start
//! it, the analysis runs on the main thread as before, and the status line says so. If the analyzer
//! stops on an input (a bug), the page says so and the next analysis gets a fresh worker. The status
//! line's `data-run` counts finished analyses and `data-worker` says `starting`, `ready` or `off`.

mod input;
mod result;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::report::Report;
use crate::saml::{analyze, Analysis, Context, Flow};
use crate::ui::browser;
use crate::ui::components::prose;
use crate::ui::saml_worker::{Failure, SamlWorker, WorkerState};

pub use result::{result_view, ResultChoices};

/// Pasted text above this size is kept in memory instead of in the textarea: Chromium lays out the
/// whole text of a textarea, which for megabytes costs seconds.
pub const LARGE_PASTE: usize = 1_000_000;

/// Resolves after the browser has had a chance to paint ("Analyzing…" shows before heavy work).
pub async fn next_paint() {
    let p = js_sys::Promise::new(&mut |resolve, _reject| {
        let Some(w) = browser::window() else {
            let _ = resolve.call0(&JsValue::NULL);
            return;
        };
        let r2 = resolve.clone();
        let after_frame = Closure::once_into_js(move || {
            if let Some(w) = browser::window() {
                let _ =
                    w.set_timeout_with_callback_and_timeout_and_arguments_0(r2.unchecked_ref(), 0);
            }
        });
        let _ = w.request_animation_frame(after_frame.unchecked_ref());
        // Hidden tabs never run animation frames: a timeout resolves anyway.
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 150);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// Bytes of a picked or dropped file.
async fn read_file(file: web_sys::File) -> Result<Vec<u8>, String> {
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| browser::js_error_text(&e))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

pub fn human_size(n: usize) -> String {
    if n < 10_000 {
        format!("{n} bytes")
    } else if n < 1_000_000 {
        format!("{} kB", crate::decimal::fixed(n as f64 / 1000.0, 1))
    } else {
        format!("{} MB", crate::decimal::fixed(n as f64 / 1_000_000.0, 1))
    }
}

fn large_note(n: usize) -> String {
    format!(
        "pasted text ({}), kept in memory rather than in the box so the page stays fast",
        human_size(n)
    )
}

/// Context fields as typed; turned into a `Context` at analysis time.
#[derive(Clone, PartialEq, Default)]
pub struct ContextFields {
    pub username: String,
    pub acs_url: String,
    pub audience: String,
    /// "auto" or a `Flow::as_str()`.
    pub flow: String,
    /// Use `fixed_time` instead of the device clock.
    pub use_fixed_time: bool,
    pub fixed_time: String,
}

impl ContextFields {
    pub fn to_context(&self, device_now_ms: i64) -> Result<Context, String> {
        let opt = |s: &str| {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        let now_ms = if self.use_fixed_time {
            crate::time::parse_rfc3339(self.fixed_time.trim()).map_err(|e| {
                format!("The fixed time is not an RFC 3339 time such as 2025-06-01T12:00:00Z: {e}")
            })?
        } else {
            device_now_ms
        };
        Ok(Context {
            flow: Flow::parse(&self.flow),
            username: opt(&self.username),
            acs_url: opt(&self.acs_url),
            audience: opt(&self.audience),
            now_ms,
            // The "IdP metadata or certificate" field is the lead's UI work (issue 12); until then
            // signatures are verified against their embedded certificates only.
            trusted: Default::default(),
        })
    }
}

/// What the last analysis produced, with its reports built once.
#[derive(Clone, PartialEq)]
pub struct Outcome {
    pub analysis: Rc<Analysis>,
    pub report_plain: Rc<Report>,
    pub report_values: Rc<Report>,
    /// The reader's choices in the results (message, unfolded lists, values in the report).
    pub choices: ResultChoices,
}

/// The page's worker slot: the worker in use (started on demand, thrown away after a cancel or a
/// failure) and, once known, why analyses run on the main thread instead.
#[derive(Default)]
struct WorkerSlot {
    worker: Option<Rc<SamlWorker>>,
    off: Option<String>,
}

/// The worker to analyze in, started if needed; `None` when analyses run on the main thread (the
/// reason is then in `slot.off`).
fn ensure_worker(
    slot: &RefCell<WorkerSlot>,
    state: &UseStateHandle<Option<WorkerState>>,
) -> Option<Rc<SamlWorker>> {
    let mut s = slot.borrow_mut();
    if s.off.is_some() {
        return None;
    }
    if let Some(w) = &s.worker {
        match w.unavailable() {
            None => return Some(w.clone()),
            Some(why) => {
                s.off = Some(why);
                s.worker = None;
                return None;
            }
        }
    }
    let st = state.clone();
    match SamlWorker::start(move |x| st.set(Some(x))) {
        Ok(w) => {
            s.worker = Some(w.clone());
            Some(w)
        }
        Err(why) => {
            s.off = Some(why);
            state.set(Some(WorkerState::Unavailable));
            None
        }
    }
}

/// An input kept in memory (a file, or a paste too large for the textarea), with its label.
type Held = Option<(String, Rc<Vec<u8>>)>;

/// The page's state, cloned as one into every callback and task.
#[derive(Clone)]
struct Handles {
    textarea: NodeRef,
    fields: UseStateHandle<ContextFields>,
    file: Rc<RefCell<Held>>,
    file_name: UseStateHandle<Option<String>>,
    busy: Rc<RefCell<bool>>,
    /// Completed analyses, exposed as `data-run` so tests and benchmarks can wait for the next one.
    runs: Rc<RefCell<u32>>,
    status: UseStateHandle<String>,
    error: UseStateHandle<Option<String>>,
    outcome: UseStateHandle<Option<Outcome>>,
    slot: Rc<RefCell<WorkerSlot>>,
    /// Shown as `data-worker` on the status line (tests wait for "ready").
    worker_state: UseStateHandle<Option<WorkerState>>,
    /// An analysis is running in the worker: the Cancel button is shown.
    running: UseStateHandle<bool>,
}

impl Handles {
    /// Keeps `bytes` in memory as the input, empties the textarea and shows `note` in its place.
    fn hold(&self, label: &str, bytes: Rc<Vec<u8>>, note: String) {
        if let Some(t) = self.textarea.cast::<web_sys::HtmlTextAreaElement>() {
            t.set_value("");
        }
        self.file_name.set(Some(note));
        *self.file.borrow_mut() = Some((label.to_string(), bytes));
    }

    /// Ends an analysis (finished, cancelled or failed) with `text` on the status line.
    fn done(&self, text: String) {
        *self.busy.borrow_mut() = false;
        *self.runs.borrow_mut() += 1;
        self.running.set(false);
        self.status.set(text);
    }

    /// Runs an analysis of the textarea (or the input held in memory when the textarea is empty),
    /// after a paint, in the worker when there is one.
    fn run(&self) {
        if *self.busy.borrow() {
            return;
        }
        let ctx = match self.fields.to_context(browser::now_ms()) {
            Ok(c) => c,
            Err(e) => {
                self.error.set(Some(e));
                return;
            }
        };
        *self.busy.borrow_mut() = true;
        self.error.set(None);
        let worker = ensure_worker(&self.slot, &self.worker_state);
        if worker.is_some() {
            self.running.set(true);
            self.status
                .set("Analyzing… (in a background worker)".into());
        } else {
            self.status.set("Analyzing… (on the main thread)".into());
        }
        let h = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            next_paint().await;
            let text = h
                .textarea
                .cast::<web_sys::HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            let loaded = h.file.borrow().clone();
            let (bytes, what): (Rc<Vec<u8>>, String) = if text.len() > LARGE_PASTE {
                // Move a large text out of the textarea so the page stays fast.
                let b = Rc::new(text.into_bytes());
                h.hold("the pasted text", b.clone(), large_note(b.len()));
                (b, "the pasted text".into())
            } else if !text.trim().is_empty() {
                (Rc::new(text.into_bytes()), "the pasted text".into())
            } else if let Some((name, b)) = loaded {
                (b, name)
            } else {
                h.done(String::new());
                h.error.set(Some(
                    "Nothing to analyze: paste a SAML message or choose a file first.".into(),
                ));
                return;
            };
            let mut in_worker = None;
            if let Some(w) = worker {
                match w.analyze(&bytes, &ctx).await {
                    Ok(r) => {
                        in_worker = Some(r);
                        // Wasm memory never shrinks: a worker that analyzed a large input is
                        // replaced by a fresh one, so it does not keep hundreds of MB.
                        if bytes.len() > LARGE_PASTE {
                            w.cancel();
                            h.slot.borrow_mut().worker = None;
                            ensure_worker(&h.slot, &h.worker_state);
                        }
                    }
                    Err(Failure::Unavailable(why)) => {
                        // Never started (script, glue or wasm not loadable): main thread from now on.
                        let mut s = h.slot.borrow_mut();
                        s.off = Some(why);
                        s.worker = None;
                        h.worker_state.set(Some(WorkerState::Unavailable));
                    }
                    Err(Failure::Cancelled) => {
                        h.done("Cancelled.".into());
                        return;
                    }
                    Err(Failure::Stopped(why)) => {
                        // A trapped wasm instance cannot be reused: the next analysis starts a fresh worker.
                        h.slot.borrow_mut().worker = None;
                        h.worker_state.set(None);
                        h.outcome.set(None);
                        h.error.set(Some(format!(
                            "The analyzer stopped on this input: {why}. This is a bug in ssocheck; please report it (with the input, if you can share it). Nothing was sent anywhere, and the next analysis starts a fresh analyzer."
                        )));
                        h.done("Analysis stopped.".into());
                        return;
                    }
                }
            }
            let (analysis, ms, place) = match in_worker {
                Some((a, ms)) => (a, ms, "in a background worker".to_string()),
                None => {
                    let why = h.slot.borrow().off.clone().unwrap_or_default();
                    let t0 = browser::perf_now();
                    let a = analyze(&bytes, &ctx);
                    let ms = browser::perf_now() - t0;
                    (
                        a,
                        ms,
                        format!("on the main thread (no background worker: {why})"),
                    )
                }
            };
            let n = analysis.messages.len();
            let report_plain = Rc::new(analysis.to_report(false));
            let report_values = Rc::new(analysis.to_report(true));
            result::clear_redact_status();
            h.outcome.set(Some(Outcome {
                analysis: Rc::new(analysis),
                report_plain,
                report_values,
                choices: ResultChoices::default(),
            }));
            h.done(format!(
                "Analyzed {} ({}) in {} ms {}: {} message{}.",
                what,
                human_size(bytes.len()),
                crate::decimal::fixed(ms, 0),
                place,
                n,
                if n == 1 { "" } else { "s" }
            ));
        });
    }

    /// Cancel: terminates the worker (the analysis in flight ends as "Cancelled."); the next
    /// analysis starts a fresh one.
    fn cancel(&self) {
        let w = self.slot.borrow_mut().worker.take();
        if let Some(w) = w {
            w.cancel();
            self.worker_state.set(None);
        }
        browser::focus_id("saml-analyze");
    }

    /// A picked or dropped file becomes the input and is analyzed.
    fn open_file(&self, f: web_sys::File) {
        let h = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match read_file(f.clone()).await {
                Ok(bytes) => {
                    let note = format!("{} ({})", f.name(), human_size(bytes.len()));
                    h.hold(&format!("the file {}", f.name()), Rc::new(bytes), note);
                    h.run();
                }
                Err(e) => h.error.set(Some(format!("Could not read the file: {e}"))),
            }
        });
    }
}

#[function_component(SamlPage)]
pub fn page() -> Html {
    let h = Handles {
        textarea: use_node_ref(),
        fields: use_state(|| ContextFields {
            flow: "auto".into(),
            ..ContextFields::default()
        }),
        file: use_mut_ref(|| None),
        file_name: use_state(|| None),
        busy: use_mut_ref(|| false),
        runs: use_mut_ref(|| 0),
        status: use_state(String::new),
        error: use_state(|| None),
        outcome: use_state(|| None),
        slot: use_mut_ref(WorkerSlot::default),
        worker_state: use_state(|| None),
        running: use_state(|| false),
    };

    // Start the worker with the page, so the first analysis does not wait for it; stop it on leaving.
    {
        let h = h.clone();
        use_effect_with((), move |_| {
            ensure_worker(&h.slot, &h.worker_state);
            move || {
                if let Some(w) = h.slot.borrow_mut().worker.take() {
                    w.cancel();
                }
            }
        });
    }

    let with = |act: fn(&Handles)| {
        let h = h.clone();
        Callback::from(move |_: ()| act(&h))
    };
    let on_file = {
        let h = h.clone();
        Callback::from(move |f: web_sys::File| h.open_file(f))
    };
    let on_large_paste = {
        let h = h.clone();
        Callback::from(move |text: String| {
            let note = large_note(text.len());
            h.hold("the pasted text", Rc::new(text.into_bytes()), note);
            h.run();
        })
    };
    let on_fields = {
        let fields = h.fields.clone();
        Callback::from(move |f: ContextFields| fields.set(f))
    };
    // Typing in the textarea forgets an input held in memory.
    let forget_held = |h: &Handles| {
        if h.file.borrow_mut().take().is_some() {
            h.file_name.set(None);
        }
    };

    html! {
        <>
            { prose(r#"<h1>SAML analyzer</h1>"#) }
            { prose(r#"<p class="lead">Paste a SAML response, assertion, request, redirect URL, POST body or HAR file. The page decodes it, checks it against IAM Identity Center, AWS account and SAML 2.0 rules, and explains every finding. Nothing leaves this page.</p>"#) }
            { input::input_form(&input::InputFormProps {
                textarea: h.textarea.clone(),
                file_name: (*h.file_name).clone(),
                on_analyze: with(Handles::run),
                running: *h.running,
                on_cancel: with(Handles::cancel),
                on_file,
                on_large_paste,
                on_text_edit: with(forget_held),
            }) }
            { input::context_form(&input::ContextFormProps { fields: (*h.fields).clone(), on_change: on_fields }) }
            <p class="status saml-status" role="status" aria-live="polite" data-run={h.runs.borrow().to_string()}
                data-worker={h.worker_state.map(|w| w.as_str())}>{ (*h.status).clone() }</p>
            if let Some(e) = &*h.error { <p class="notice err" role="alert">{ e.clone() }</p> }
            { result_view(&h.outcome) }
        </>
    }
}
