//! The input form (textarea, file picker, drag and drop) and the optional context fields.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::ContextFields;
use crate::saml::{analyze_sp_metadata, Flow};
use crate::ui::browser;
use crate::ui::components::prose;

/// What the input form shows and the callbacks it raises; the page owns the state.
pub struct InputFormProps {
    pub textarea: NodeRef,
    pub file_name: Option<String>,
    pub on_analyze: Callback<()>,
    /// An analysis is running in the background worker: offer Cancel.
    pub running: bool,
    pub on_cancel: Callback<()>,
    pub on_file: Callback<web_sys::File>,
    /// A paste larger than `LARGE_PASTE`, taken from the clipboard event instead of the textarea.
    pub on_large_paste: Callback<String>,
    /// The user typed in the textarea (a loaded file is then forgotten).
    pub on_text_edit: Callback<()>,
}

/// Marks the textarea while a file is dragged over it. Set on the element directly: the page
/// re-renders nothing for it, and Yew leaves the class alone because its own value never changes.
fn mark_dragging(textarea: &NodeRef, on: bool) {
    if let Some(t) = textarea.cast::<web_sys::Element>() {
        t.set_class_name(if on {
            "saml-text dragging"
        } else {
            "saml-text"
        });
    }
}

/// A plain function rather than a component: it holds no state of its own.
pub fn input_form(props: &InputFormProps) -> Html {
    let on_paste = {
        let run = props.on_analyze.clone();
        let edit = props.on_text_edit.clone();
        let large = props.on_large_paste.clone();
        // The pasted text lands in the textarea after this event; the analysis reads it after a paint.
        Callback::from(move |e: Event| {
            let text = e
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(|c| c.clipboard_data())
                .and_then(|d| d.get_data("text").ok());
            if let Some(t) = text.filter(|t| t.len() > super::LARGE_PASTE) {
                e.prevent_default();
                large.emit(t);
                return;
            }
            edit.emit(());
            run.emit(());
        })
    };
    let on_input = {
        let edit = props.on_text_edit.clone();
        Callback::from(move |_: InputEvent| edit.emit(()))
    };
    let on_click = {
        let run = props.on_analyze.clone();
        Callback::from(move |_: MouseEvent| run.emit(()))
    };
    let on_cancel = {
        let cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| cancel.emit(()))
    };
    let on_pick = {
        let on_file = props.on_file.clone();
        Callback::from(move |e: Event| {
            let input = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let Some(f) = input
                .as_ref()
                .and_then(|i| i.files())
                .and_then(|l| l.get(0))
            {
                on_file.emit(f);
            }
            // Picking the same file again fires `change` again.
            if let Some(i) = input {
                i.set_value("");
            }
        })
    };
    let on_dragover = {
        let textarea = props.textarea.clone();
        Callback::from(move |e: DragEvent| {
            let has_files = e
                .data_transfer()
                .is_some_and(|d| d.types().includes(&"Files".into(), 0));
            if has_files {
                e.prevent_default();
                mark_dragging(&textarea, true);
            }
        })
    };
    let on_dragleave = {
        let textarea = props.textarea.clone();
        Callback::from(move |_: DragEvent| mark_dragging(&textarea, false))
    };
    let on_drop = {
        let textarea = props.textarea.clone();
        let on_file = props.on_file.clone();
        Callback::from(move |e: DragEvent| {
            mark_dragging(&textarea, false);
            if let Some(f) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|l| l.get(0))
            {
                e.prevent_default();
                on_file.emit(f);
            }
        })
    };
    html! {
        <section class="card saml-input" aria-labelledby="saml-input-h">
            { prose(r#"<h2 id="saml-input-h">Message</h2>"#) }
            <label for="saml-text">{"SAML message, URL, POST body or HAR"}</label>
            <textarea id="saml-text" ref={props.textarea.clone()} class="saml-text"
                spellcheck="false" autocomplete="off" aria-describedby="saml-text-help"
                onpaste={on_paste} oninput={on_input}
                ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop} />
            <p id="saml-text-help" class="field-help">{"Any form is detected: XML, base64 (with or without line breaks, URL-safe), URL-encoded, deflated HTTP-Redirect, "}
                { prose(r#"<code>SAMLResponse=…&amp;RelayState=…</code>"#) }{", a URL with SAMLRequest= or SAMLResponse=, or a HAR file from the browser's developer tools. You can also drop a file here."}</p>
            <div class="actions">
                <button type="button" id="saml-analyze" onclick={on_click}>{"Analyze"}</button>
                if props.running {
                    <button type="button" class="secondary" id="saml-cancel" onclick={on_cancel}>{"Cancel"}</button>
                }
            </div>
            <div class="saml-file">
                <label for="saml-file">{"Or open a file (XML, text, HAR)"}</label>
                <input type="file" id="saml-file" accept=".xml,.txt,.har,.b64,.json,.saml,text/*,application/json,application/xml" onchange={on_pick} />
                if let Some(n) = &props.file_name { <p class="muted small">{"Loaded: "}{ n.clone() }</p> }
            </div>
        </section>
    }
}

/// The context fields as typed, and where changes go (the page owns them).
pub struct ContextFormProps {
    pub fields: ContextFields,
    pub on_change: Callback<ContextFields>,
}

fn text_input(
    id: &'static str,
    label: &'static str,
    help: &'static str,
    value: &str,
    kind: &'static str,
    set: impl Fn(&mut ContextFields, String) + 'static,
    props: &ContextFormProps,
) -> Html {
    let fields = props.fields.clone();
    let on_change = props.on_change.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        if let Some(i) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            let mut f = fields.clone();
            set(&mut f, i.value());
            on_change.emit(f);
        }
    });
    let help_id = format!("{id}-help");
    html! {
        <div>
            <label for={id}>{ label }</label>
            <input type={kind} id={id} value={value.to_string()} {oninput} spellcheck="false" autocomplete="off" aria-describedby={help_id.clone()} />
            <p id={help_id} class="field-help">{ help }</p>
        </div>
    }
}

/// Text of the element with this id, and a setter for the metadata status line. Reached by id
/// rather than through component state: the form is then a plain function, and Yew leaves the
/// status text alone because the rendered span has no children of its own.
fn meta_text() -> String {
    browser::document()
        .and_then(|d| d.get_element_by_id("saml-meta-text"))
        .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|t| t.value())
        .unwrap_or_default()
}

fn meta_status(text: &str) {
    if let Some(s) = browser::document().and_then(|d| d.get_element_by_id("saml-meta-status")) {
        s.set_text_content(Some(text));
    }
}

/// A plain function rather than a component: the page owns the fields.
pub fn context_form(props: &ContextFormProps) -> Html {
    let f = &props.fields;
    let on_flow = {
        let fields = f.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                on_change.emit(ContextFields {
                    flow: s.value(),
                    ..fields.clone()
                });
            }
        })
    };
    let on_time_mode = |fixed: bool| {
        let fields = f.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |_: Event| {
            on_change.emit(ContextFields {
                use_fixed_time: fixed,
                ..fields.clone()
            })
        })
    };
    let on_meta = {
        let fields = f.clone();
        let on_change = props.on_change.clone();
        Callback::from(
            move |_: MouseEvent| match analyze_sp_metadata(meta_text().as_bytes()) {
                Ok(m) => {
                    meta_status(&format!(
                        "Taken from the metadata: ACS URL {} and audience {}.",
                        m.acs_url, m.entity_id
                    ));
                    on_change.emit(ContextFields {
                        acs_url: m.acs_url,
                        audience: m.entity_id,
                        ..fields.clone()
                    });
                }
                Err(e) => meta_status(&format!("Could not use this metadata: {e}")),
            },
        )
    };
    let now = crate::time::format_rfc3339(browser::now_ms());
    html! {
        <section class="card saml-context" aria-labelledby="saml-context-h">
            { prose(r#"<h2 id="saml-context-h">Context (optional)</h2>"#) }
            { prose(r#"<p class="field-help">These values sharpen the checks. They are kept only while this page is open, never stored. Press Analyze again after changing them.</p>"#) }
            <div class="row">
                { text_input("saml-username", "Expected Identity Center user name", "Compared with the NameID (idc.nameid.username).", &f.username, "text", |f, v| f.username = v, props) }
                { text_input("saml-acs", "Identity Center ACS URL", "From Settings → Identity source → Service provider metadata.", &f.acs_url, "url", |f, v| f.acs_url = v, props) }
                { text_input("saml-audience", "Issuer URL / audience", "The Identity Center issuer URL (SP entity ID).", &f.audience, "url", |f, v| f.audience = v, props) }
                <div>
                    <label for="saml-flow">{"Rules to apply"}</label>
                    <select id="saml-flow" onchange={on_flow} aria-describedby="saml-flow-help">
                        <option value="auto" selected={f.flow == "auto"}>{"Detect from the message"}</option>
                        { for Flow::ALL.iter().map(|fl| html! {
                            <option value={fl.as_str()} selected={f.flow == fl.as_str()}>{ fl.label() }</option>
                        }) }
                    </select>
                    { prose(r#"<p id="saml-flow-help" class="field-help">Detection uses Destination, Recipient and Audience.</p>"#) }
                </div>
            </div>
            <details class="saml-meta">
                <summary>{"Take the ACS URL and audience from Identity Center SP metadata"}</summary>
                <label for="saml-meta-text">{"Service provider metadata XML"}</label>
                <textarea id="saml-meta-text" class="saml-meta-text" spellcheck="false" autocomplete="off" />
                <div class="actions">
                    <button type="button" class="secondary" onclick={on_meta}>{"Use this metadata"}</button>
                    <span id="saml-meta-status" class="status" role="status" aria-live="polite"></span>
                </div>
            </details>
            <fieldset class="saml-time">
                { prose(r#"<legend>Time reference</legend>"#) }
                <label class="inline"><input type="radio" name="saml-time" checked={!f.use_fixed_time} onchange={on_time_mode(false)} />{" This device's clock"}</label>
                <label class="inline"><input type="radio" name="saml-time" checked={f.use_fixed_time} onchange={on_time_mode(true)} />{" A fixed time"}</label>
                if f.use_fixed_time {
                    { text_input("saml-now", "Fixed time (RFC 3339)", "For example 2025-06-01T12:00:00Z: validity windows are checked at this instant.", &f.fixed_time, "text", |f, v| f.fixed_time = v, props) }
                } else {
                    <p class="field-help">{ format!("Validity times are compared with this device's clock (now {now}). A wrong clock makes a valid assertion look expired or not yet valid: ") }
                        <a href="#/clock">{"check this device's clock"}</a>{"."}</p>
                }
            </fieldset>
        </section>
    }
}
