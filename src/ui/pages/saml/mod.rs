//! `#/saml`: paste or drop any form of a SAML message (XML, base64, URL-encoded, deflated redirect,
//! POST body, URL, HAR), optionally give the Identity Center context, and see findings, attributes,
//! certificates and the pretty XML. Everything is analyzed by the pure core (`crate::saml`) in this
//! page; nothing is stored or sent.

mod input;
mod result;

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::report::Report;
use crate::saml::{analyze, Analysis, Context, Flow};
use crate::ui::browser;

pub use result::ResultView;

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

    // Runs an analysis of the textarea (or the loaded file when the textarea is empty), after a paint.
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
            status.set("Analyzing…".into());
            let textarea = textarea.clone();
            let file = file.clone();
            let busy = busy.clone();
            let runs = runs.clone();
            let status = status.clone();
            let error = error.clone();
            let outcome = outcome.clone();
            let file_name = file_name.clone();
            wasm_bindgen_futures::spawn_local(async move {
                next_paint().await;
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
                    *busy.borrow_mut() = false;
                    *runs.borrow_mut() += 1;
                    status.set(String::new());
                    error.set(Some(
                        "Nothing to analyze: paste a SAML message or choose a file first.".into(),
                    ));
                    return;
                };
                let t0 = browser::perf_now();
                let analysis = analyze(&bytes, &ctx);
                let ms = browser::perf_now() - t0;
                *runs.borrow_mut() += 1;
                let n = analysis.messages.len();
                let report_plain = Rc::new(analysis.to_report(false));
                let report_values = Rc::new(analysis.to_report(true));
                outcome.set(Some(Outcome {
                    analysis: Rc::new(analysis),
                    report_plain,
                    report_values,
                }));
                status.set(format!(
                    "Analyzed {} ({}) in {} ms: {} message{}.",
                    what,
                    human_size(bytes.len()),
                    crate::decimal::fixed(ms, 0),
                    n,
                    if n == 1 { "" } else { "s" }
                ));
                *busy.borrow_mut() = false;
            });
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
            <h1>{"SAML analyzer"}</h1>
            <p class="lead">{"Paste a SAML response, assertion, request, redirect URL, POST body or HAR file. The page decodes it, checks it against IAM Identity Center, AWS account and SAML 2.0 rules, and explains every finding. Nothing leaves this page."}</p>
            <input::InputForm
                textarea={textarea.clone()}
                file_name={(*file_name).clone()}
                on_analyze={run.clone()}
                on_file={on_file}
                on_large_paste={on_large_paste}
                on_text_edit={{
                    let file = file.clone();
                    let file_name = file_name.clone();
                    Callback::from(move |_: ()| {
                        if file.borrow().is_some() {
                            *file.borrow_mut() = None;
                            file_name.set(None);
                        }
                    })
                }}
            />
            <input::ContextForm fields={(*fields).clone()} on_change={on_fields} />
            <p class="status saml-status" role="status" aria-live="polite" data-run={runs.borrow().to_string()}>{ (*status).clone() }</p>
            if let Some(e) = &*error { <p class="notice err" role="alert">{ e.clone() }</p> }
            if let Some(o) = &*outcome { <ResultView outcome={o.clone()} /> }
        </>
    }
}
