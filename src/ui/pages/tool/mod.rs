//! Every administrator tool's page (`#/saml`, `#/cloudtrail`, `#/scim`...), rendered from its
//! `ToolSpec`: the form, a status line, and the engine's documents. The analysis runs in the engine
//! module (`crate::ui::engine`), started when the page opens, never on end-user routes.
//!
//! State is a reducer with explicit phases (idle, running, done, failed). The status line's
//! `data-run` counts finished runs and `data-worker` says `starting`, `ready` or `off` (tests wait on
//! both).

mod document;
mod exports;
pub mod form;

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::futures::read_as_bytes;
use yew::prelude::*;

use crate::engine::{Answer, Reply, Request};
use crate::tools::{FieldKind, InputFile, MainInput, ToolRequest, ToolSpec};
use crate::ui::browser;
use crate::ui::engine::{Engine, EngineState, Failure, Place};
use document::{DocumentsView, Shared};

/// Pasted text above this size is kept in memory instead of in the textarea: Chromium lays out the
/// whole text of a textarea, which for megabytes costs seconds.
pub const LARGE_PASTE: usize = 1_000_000;

pub fn human_size(n: usize) -> String {
    if n < 10_000 {
        format!("{n} bytes")
    } else if n < 1_000_000 {
        format!("{:.1} kB", n as f64 / 1000.0)
    } else {
        format!("{:.1} MB", n as f64 / 1_000_000.0)
    }
}

#[derive(Clone, PartialEq)]
pub enum Phase {
    Idle,
    Running,
    Done(Shared),
    Failed(String),
}

#[derive(Clone, PartialEq)]
pub struct PageState {
    pub phase: Phase,
    pub status: String,
    pub runs: u32,
    pub engine: Option<EngineState>,
    /// A problem with the input itself ("Nothing to analyze"), shown as an alert.
    pub notice: Option<String>,
    pub held_note: Option<String>,
}

pub enum Action {
    Engine(EngineState),
    Start(String),
    Finished(Rc<Answer>, String),
    Cancelled,
    Failed(String),
    Notice(String),
    Held(Option<String>),
}

impl Reducible for PageState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Engine(e) => s.engine = Some(e),
            Action::Start(status) => {
                s.phase = Phase::Running;
                s.status = status;
                s.notice = None;
            }
            Action::Finished(answer, status) => {
                s.phase = Phase::Done(Shared(answer));
                s.status = status;
                s.runs += 1;
            }
            Action::Cancelled => {
                s.phase = Phase::Idle;
                s.status = "Cancelled.".into();
                s.runs += 1;
            }
            Action::Failed(why) => {
                s.phase = Phase::Failed(why);
                s.status = "Analysis stopped.".into();
                s.runs += 1;
            }
            Action::Notice(n) => {
                s.phase = Phase::Idle;
                s.status = String::new();
                s.notice = Some(n);
                s.runs += 1;
            }
            Action::Held(note) => s.held_note = note,
        }
        Rc::new(s)
    }
}

/// Resolves after the browser has had a chance to paint ("Analyzing…" shows before heavy work).
async fn next_paint() {
    gloo::timers::future::TimeoutFuture::new(0).await;
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = browser::window() {
            let _ = w.request_animation_frame(&resolve);
        }
        // Hidden tabs never run animation frames: a timeout resolves anyway.
        gloo::timers::callback::Timeout::new(150, move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        })
        .forget();
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    gloo::timers::future::TimeoutFuture::new(0).await;
}

#[derive(Properties, PartialEq)]
pub struct ToolPageProps {
    pub spec: &'static ToolSpec,
    /// The route's link parameters (`#/saml?received=…` after a test sign-in).
    #[prop_or_default]
    pub params: Vec<(String, String)>,
    /// Adds the page's address as the `page_url` field of every request (`#/test-sp` derives its
    /// SP entity ID and ACS URL from it).
    #[prop_or_default]
    pub with_page_url: bool,
    /// Shown between the form and the results (`#/test-sp`'s Start test sign-in).
    #[prop_or_default]
    pub after_form: Html,
}

/// What the page keeps between renders without re-rendering.
#[derive(Clone)]
struct Handles {
    spec: &'static ToolSpec,
    with_page_url: bool,
    state: UseReducerHandle<PageState>,
    textarea: NodeRef,
    held: Rc<RefCell<Vec<InputFile>>>,
    engine: Rc<Engine>,
}

impl Handles {
    fn hold(&self, files: Vec<InputFile>, note: String) {
        if let Some(t) = self.textarea.cast::<web_sys::HtmlTextAreaElement>() {
            t.set_value("");
        }
        *self.held.borrow_mut() = files;
        self.state.dispatch(Action::Held(Some(note)));
    }

    fn forget_held(&self) {
        if !self.held.borrow().is_empty() {
            self.held.borrow_mut().clear();
            self.state.dispatch(Action::Held(None));
        }
    }

    /// The request from the form as it is now.
    fn request(&self) -> ToolRequest {
        let spec = self.spec;
        let mut files = Vec::new();
        match spec.input {
            MainInput::Files { .. } => {
                let text = self
                    .textarea
                    .cast::<web_sys::HtmlTextAreaElement>()
                    .map(|t| t.value())
                    .unwrap_or_default();
                if text.len() > LARGE_PASTE {
                    let f = InputFile {
                        name: String::new(),
                        bytes: text.into_bytes(),
                    };
                    let note = format!(
                        "pasted text ({}), kept in memory rather than in the box so the page stays fast",
                        human_size(f.bytes.len())
                    );
                    self.hold(vec![f.clone()], note);
                    files.push(f);
                } else if !text.trim().is_empty() {
                    files.push(InputFile {
                        name: String::new(),
                        bytes: text.into_bytes(),
                    });
                } else {
                    files.extend(self.held.borrow().iter().cloned());
                }
            }
            MainInput::Text { .. } => files.push(InputFile {
                name: String::new(),
                bytes: form::field_value(spec.id, "text").into_bytes(),
            }),
            MainInput::None => {}
        }
        let mut fields = Vec::new();
        for f in spec.fields {
            let v = form::field_value(spec.id, f.name);
            match f.kind {
                FieldKind::TextArea { .. } => {
                    if !v.trim().is_empty() {
                        files.push(InputFile {
                            name: f.name.to_string(),
                            bytes: v.into_bytes(),
                        });
                    }
                }
                _ => fields.push((f.name.to_string(), v)),
            }
        }
        if self.with_page_url {
            let href = browser::window()
                .and_then(|w| w.location().href().ok())
                .unwrap_or_default();
            fields.push(("page_url".to_string(), href));
        }
        ToolRequest {
            tool: spec.id.to_string(),
            files,
            fields,
            now_ms: browser::now_ms(),
        }
    }

    fn run(&self) {
        if self.state.phase == Phase::Running {
            return;
        }
        let place = if self.engine.in_worker() {
            "in a background worker"
        } else {
            "on the main thread"
        };
        self.state
            .dispatch(Action::Start(format!("Analyzing… ({place})")));
        let h = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // After a paint: "Analyzing…" shows first, and a pasted text has landed in the box.
            next_paint().await;
            let req = h.request();
            let main_len: usize = req.main_files(h.spec).map(|f| f.bytes.len()).sum();
            let typed = |k: &str| {
                h.spec.fields.iter().any(|f| {
                    f.name == k && matches!(f.kind, FieldKind::Secret | FieldKind::Text { .. })
                })
            };
            let has_input = req
                .files
                .iter()
                .any(|f| !f.bytes.iter().all(u8::is_ascii_whitespace))
                || req
                    .fields
                    .iter()
                    .any(|(k, v)| !v.trim().is_empty() && typed(k));
            if !has_input && !h.spec.runs_without_input {
                h.state.dispatch(Action::Notice(
                    "Nothing to analyze: paste something or choose a file first.".into(),
                ));
                return;
            }
            let what = match req.main_files(h.spec).count() {
                0 => "the input".to_string(),
                1 => match req.main_files(h.spec).next().map(|f| f.name.clone()) {
                    Some(n) if !n.is_empty() => format!("the file {n}"),
                    _ => "the pasted text".to_string(),
                },
                n => format!("{n} files"),
            };
            match h.engine.call(&Request::Run(req), main_len).await {
                Ok((Reply::Answer(answer), ms, place)) => {
                    let n = answer.documents.len();
                    let place = match place {
                        Place::Worker => "in a background worker".to_string(),
                        Place::MainThread(why) => {
                            format!("on the main thread (no background worker: {why})")
                        }
                    };
                    let unit = if h.spec.id == "saml" { "message" } else { "result" };
                    let plural = if n == 1 { "" } else { "s" };
                    // A tool that runs on its form alone (nothing pasted) has no input size to give.
                    let status = if main_len == 0 {
                        format!("Done in {ms:.0} ms {place}: {n} {unit}{plural}.")
                    } else {
                        format!(
                            "Analyzed {what} ({}) in {ms:.0} ms {place}: {n} {unit}{plural}.",
                            human_size(main_len)
                        )
                    };
                    h.state.dispatch(Action::Finished(Rc::new(answer), status));
                }
                Ok((other, _, _)) => h
                    .state
                    .dispatch(Action::Failed(format!("The engine answered {other:?}"))),
                Err(Failure::Cancelled) => h.state.dispatch(Action::Cancelled),
                Err(Failure::Stopped(why)) => h.state.dispatch(Action::Failed(format!(
                    "The analyzer stopped on this input: {why}. This is a bug in ssocheck; please report it (with the input, if you can share it). Nothing was sent anywhere, and the next analysis starts a fresh analyzer."
                ))),
                Err(Failure::Unavailable(why)) => h.state.dispatch(Action::Failed(format!(
                    "The analyzer could not start in this browser: {why}."
                ))),
            }
        });
    }

    fn cancel(&self) {
        self.engine.cancel();
        browser::focus_id(&form::input_id(self.spec.id, "analyze"));
    }

    fn open_files(&self, list: Vec<web_sys::File>) {
        let h = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let mut files = Vec::new();
            let mut notes = Vec::new();
            for f in list {
                let blob = gloo::file::Blob::from(web_sys::Blob::from(f.clone()));
                match read_as_bytes(&blob).await {
                    Ok(bytes) => {
                        notes.push(format!("{} ({})", f.name(), human_size(bytes.len())));
                        files.push(InputFile {
                            name: f.name(),
                            bytes,
                        });
                    }
                    Err(e) => {
                        h.state
                            .dispatch(Action::Notice(format!("Could not read the file: {e}")));
                        return;
                    }
                }
            }
            h.hold(files, notes.join(", "));
            h.run();
        });
    }
}

#[function_component(ToolPage)]
pub fn tool_page(props: &ToolPageProps) -> Html {
    let spec = props.spec;
    let params = props.params.clone();
    let state = use_reducer(|| PageState {
        phase: Phase::Idle,
        status: String::new(),
        runs: 0,
        engine: None,
        notice: None,
        held_note: None,
    });
    let engine = {
        let state = state.clone();
        use_memo((), move |_| {
            let dispatcher = state.dispatcher();
            Engine::new(spec.id, move |s| dispatcher.dispatch(Action::Engine(s)))
        })
    };
    let h = Handles {
        spec,
        with_page_url: props.with_page_url,
        state: state.clone(),
        textarea: use_node_ref(),
        held: use_mut_ref(Vec::new),
        engine: (*engine).clone(),
    };
    // Start the engine when the page opens (the first analysis does not wait for it); a tool that
    // has something to show without input runs at once. The engine stops when the page is left.
    {
        let h = h.clone();
        use_effect_with(spec.id, move |_| {
            h.engine.warm_up();
            if spec.runs_without_input {
                h.run();
            }
            // A test sign-in's response, handed over by the service worker (#/test-sp): fill the
            // form with it and with what the request sent, then analyze.
            if let Some(token) = crate::ui::pages::test_sp::receive::token(&params) {
                let h = h.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match crate::ui::pages::test_sp::receive::take(&token).await {
                        Ok(p) => {
                            if let Some(t) = h.textarea.cast::<web_sys::HtmlTextAreaElement>() {
                                t.set_value(&p.main);
                            }
                            for (name, value) in &p.fields {
                                form::set_field_value(spec.id, name, value);
                            }
                            h.run();
                        }
                        Err(why) => h.state.dispatch(Action::Notice(why)),
                    }
                });
            }
            let engine = h.engine.clone();
            move || engine.cancel()
        });
    }
    let with = |act: fn(&Handles)| {
        let h = h.clone();
        Callback::from(move |_: ()| act(&h))
    };
    let on_files = {
        let h = h.clone();
        Callback::from(move |f: Vec<web_sys::File>| h.open_files(f))
    };
    let on_large_paste = {
        let h = h.clone();
        Callback::from(move |text: String| {
            let note = format!(
                "pasted text ({}), kept in memory rather than in the box so the page stays fast",
                human_size(text.len())
            );
            h.hold(
                vec![InputFile {
                    name: String::new(),
                    bytes: text.into_bytes(),
                }],
                note,
            );
            h.run();
        })
    };
    let running = state.phase == Phase::Running;
    let results = match &state.phase {
        Phase::Done(answer) => html! {
            <DocumentsView key={state.runs.to_string()} tool={spec.id} answer={answer.clone()}
                exports={exports::export_bar(spec.id, answer.0.clone(), h.engine.clone())} />
        },
        Phase::Failed(why) => html! { <p class="notice err" role="alert">{ why.clone() }</p> },
        _ => html! {},
    };
    html! {
        <>
            <h1>{ spec.title }</h1>
            <p class="lead">{ spec.intro }</p>
            { form::form(&form::FormProps {
                spec,
                textarea: h.textarea.clone(),
                held_note: state.held_note.clone(),
                running,
                on_analyze: with(Handles::run),
                on_cancel: with(Handles::cancel),
                on_files,
                on_large_paste,
                on_text_edit: with(Handles::forget_held),
            }) }
            <p class={format!("status tool-status {}-status", spec.id)} role="status" aria-live="polite"
                data-run={state.runs.to_string()} data-worker={state.engine.map(|w| w.as_str())}>{ state.status.clone() }</p>
            if let Some(n) = &state.notice { <p class="notice err" role="alert">{ n.clone() }</p> }
            { props.after_form.clone() }
            { results }
        </>
    }
}
