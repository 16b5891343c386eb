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

#[function_component(SamlPage)]
pub fn page() -> Html {
    let textarea = use_node_ref();
    let fields = use_state(|| ContextFields {
        flow: "auto".into(),
        ..ContextFields::default()
    });
    let file = use_mut_ref(|| None::<(String, Rc<Vec<u8>>)>);
    let file_name = use_state(|| None::<String>);
    let busy = use_mut_ref(|| false);
    // Completed analyses, exposed as `data-run` so tests and benchmarks can wait for the next one.
    let runs = use_mut_ref(|| 0u32);
    let status = use_state(String::new);
    let error = use_state(|| None::<String>);
    let outcome = use_state(|| None::<Outcome>);
    let slot = use_mut_ref(WorkerSlot::default);
    // Shown as `data-worker` on the status line (tests wait for "ready").
    let worker_state = use_state(|| None::<WorkerState>);
    // An analysis is running in the worker: the Cancel button is shown.
    let running = use_state(|| false);

    // Start the worker with the page, so the first analysis does not wait for it; stop it on leaving.
    {
        let slot = slot.clone();
        let worker_state = worker_state.clone();
        use_effect_with((), move |_| {
            ensure_worker(&slot, &worker_state);
            move || {
                if let Some(w) = slot.borrow_mut().worker.take() {
                    w.cancel();
                }
            }
        });
    }

    // Runs an analysis of the textarea (or the loaded file when the textarea is empty), after a paint,
    // in the worker when there is one.
    let run = {
        let textarea = textarea.clone();
        let fields = fields.clone();
        let file = file.clone();
        let busy = busy.clone();
        let runs = runs.clone();
        let status = status.clone();
        let error = error.clone();
        let outcome = outcome.clone();
        let file_name = file_name.clone();
        let slot = slot.clone();
        let worker_state = worker_state.clone();
        let running = running.clone();
        Callback::from(move |_: ()| {
            if *busy.borrow() {
                return;
            }
            let ctx = match fields.to_context(browser::now_ms()) {
                Ok(c) => c,
                Err(e) => {
                    error.set(Some(e));
                    return;
                }
            };
            *busy.borrow_mut() = true;
            error.set(None);
            let worker = ensure_worker(&slot, &worker_state);
            if worker.is_some() {
                running.set(true);
                status.set("Analyzing… (in a background worker)".into());
            } else {
                status.set("Analyzing… (on the main thread)".into());
            }
            let textarea = textarea.clone();
            let file = file.clone();
            let busy = busy.clone();
            let runs = runs.clone();
            let status = status.clone();
            let error = error.clone();
            let outcome = outcome.clone();
            let file_name = file_name.clone();
            let slot = slot.clone();
            let worker_state = worker_state.clone();
            let running = running.clone();
            wasm_bindgen_futures::spawn_local(async move {
                next_paint().await;
                let done = |text: String| {
                    *busy.borrow_mut() = false;
                    *runs.borrow_mut() += 1;
                    running.set(false);
                    status.set(text);
                };
                let text = textarea
                    .cast::<web_sys::HtmlTextAreaElement>()
                    .map(|t| t.value())
                    .unwrap_or_default();
                let loaded = file.borrow().clone();
                let (bytes, what): (Rc<Vec<u8>>, String) = if text.len() > LARGE_PASTE {
                    // Move a large text out of the textarea so the page stays fast.
                    if let Some(t) = textarea.cast::<web_sys::HtmlTextAreaElement>() {
                        t.set_value("");
                    }
                    let b = Rc::new(text.into_bytes());
                    file_name.set(Some(large_note(b.len())));
                    *file.borrow_mut() = Some(("the pasted text".into(), b.clone()));
                    (b, "the pasted text".into())
                } else if !text.trim().is_empty() {
                    (Rc::new(text.into_bytes()), "the pasted text".into())
                } else if let Some((name, b)) = loaded {
                    (b, name)
                } else {
                    done(String::new());
                    error.set(Some(
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
                                slot.borrow_mut().worker = None;
                                ensure_worker(&slot, &worker_state);
                            }
                        }
                        Err(Failure::Unavailable(why)) => {
                            // Never started (script, glue or wasm not loadable): main thread from now on.
                            let mut s = slot.borrow_mut();
                            s.off = Some(why);
                            s.worker = None;
                            worker_state.set(Some(WorkerState::Unavailable));
                        }
                        Err(Failure::Cancelled) => {
                            done("Cancelled.".into());
                            return;
                        }
                        Err(Failure::Stopped(why)) => {
                            // A trapped wasm instance cannot be reused: the next analysis starts a fresh worker.
                            slot.borrow_mut().worker = None;
                            worker_state.set(None);
                            outcome.set(None);
                            error.set(Some(format!(
                                "The analyzer stopped on this input: {why}. This is a bug in ssocheck; please report it (with the input, if you can share it). Nothing was sent anywhere, and the next analysis starts a fresh analyzer."
                            )));
                            done("Analysis stopped.".into());
                            return;
                        }
                    }
                }
                let (analysis, ms, place) = match in_worker {
                    Some((a, ms)) => (a, ms, "in a background worker".to_string()),
                    None => {
                        let why = slot.borrow().off.clone().unwrap_or_default();
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
                outcome.set(Some(Outcome {
                    analysis: Rc::new(analysis),
                    report_plain,
                    report_values,
                    choices: ResultChoices::default(),
                }));
                done(format!(
                    "Analyzed {} ({}) in {} ms {}: {} message{}.",
                    what,
                    human_size(bytes.len()),
                    crate::decimal::fixed(ms, 0),
                    place,
                    n,
                    if n == 1 { "" } else { "s" }
                ));
            });
        })
    };

    // Cancel: terminate the worker (the analysis in flight ends as "Cancelled."); the next analysis
    // starts a fresh one.
    let on_cancel = {
        let slot = slot.clone();
        let worker_state = worker_state.clone();
        Callback::from(move |_: ()| {
            let w = slot.borrow_mut().worker.take();
            if let Some(w) = w {
                w.cancel();
                worker_state.set(None);
            }
            browser::focus_id("saml-analyze");
        })
    };

    let on_file = {
        let file = file.clone();
        let file_name = file_name.clone();
        let textarea = textarea.clone();
        let run = run.clone();
        let error = error.clone();
        Callback::from(move |f: web_sys::File| {
            let file = file.clone();
            let file_name = file_name.clone();
            let textarea = textarea.clone();
            let run = run.clone();
            let error = error.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match read_file(f.clone()).await {
                    Ok(bytes) => {
                        let label = format!("the file {}", f.name());
                        if let Some(t) = textarea.cast::<web_sys::HtmlTextAreaElement>() {
                            t.set_value("");
                        }
                        file_name.set(Some(format!("{} ({})", f.name(), human_size(bytes.len()))));
                        *file.borrow_mut() = Some((label, Rc::new(bytes)));
                        run.emit(());
                    }
                    Err(e) => error.set(Some(format!("Could not read the file: {e}"))),
                }
            });
        })
    };

    let on_large_paste = {
        let file = file.clone();
        let file_name = file_name.clone();
        let run = run.clone();
        let textarea = textarea.clone();
        Callback::from(move |text: String| {
            if let Some(t) = textarea.cast::<web_sys::HtmlTextAreaElement>() {
                t.set_value("");
            }
            file_name.set(Some(large_note(text.len())));
            *file.borrow_mut() = Some(("the pasted text".into(), Rc::new(text.into_bytes())));
            run.emit(());
        })
    };

    let on_fields = {
        let fields = fields.clone();
        Callback::from(move |f: ContextFields| fields.set(f))
    };

    html! {
        <>
            { prose(r#"<h1>SAML analyzer</h1>"#) }
            { prose(r#"<p class="lead">Paste a SAML response, assertion, request, redirect URL, POST body or HAR file. The page decodes it, checks it against IAM Identity Center, AWS account and SAML 2.0 rules, and explains every finding. Nothing leaves this page.</p>"#) }
            { input::input_form(&input::InputFormProps {
                textarea: textarea.clone(),
                file_name: (*file_name).clone(),
                on_analyze: run.clone(),
                running: *running,
                on_cancel,
                on_file,
                on_large_paste,
                on_text_edit: {
                    let file = file.clone();
                    let file_name = file_name.clone();
                    Callback::from(move |_: ()| {
                        if file.borrow().is_some() {
                            *file.borrow_mut() = None;
                            file_name.set(None);
                        }
                    })
                },
            }) }
            { input::context_form(&input::ContextFormProps { fields: (*fields).clone(), on_change: on_fields }) }
            <p class="status saml-status" role="status" aria-live="polite" data-run={runs.borrow().to_string()}
                data-worker={worker_state.map(|w| w.as_str())}>{ (*status).clone() }</p>
            if let Some(e) = &*error { <p class="notice err" role="alert">{ e.clone() }</p> }
            { result_view(&outcome) }
        </>
    }
}
