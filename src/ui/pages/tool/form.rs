//! A tool's form, rendered from its `ToolSpec`: the main input (text box, file picker, drop target)
//! and the fields. The inputs are uncontrolled: their values are read from the page when the user
//! presses Analyze, so typing re-renders nothing, and a secret (a password) lives only in its input
//! element (never in component state, the URL, storage or a report).

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::tools::{FieldKind, FieldSpec, MainInput, ToolSpec};
use crate::ui::browser;

/// The element id of a tool's input: `saml-text`, `saml-username`, `cloudtrail-user`...
pub fn input_id(tool: &str, name: &str) -> String {
    format!("{tool}-{}", name.replace('_', "-"))
}

pub struct FormProps {
    pub spec: &'static ToolSpec,
    pub textarea: NodeRef,
    /// What is held in memory instead of the text box (files, a large paste), for the note.
    pub held_note: Option<String>,
    pub running: bool,
    pub on_analyze: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_files: Callback<Vec<web_sys::File>>,
    pub on_large_paste: Callback<String>,
    pub on_text_edit: Callback<()>,
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

fn mark_dragging(textarea: &NodeRef, on: bool) {
    if let Some(t) = textarea.cast::<web_sys::Element>() {
        let _ = t.class_list().toggle_with_force("dragging", on);
    }
}

/// A plain function: the page owns the state.
pub fn form(p: &FormProps) -> Html {
    let spec = p.spec;
    let tool = spec.id;
    let main = match spec.input {
        MainInput::Files {
            label,
            placeholder,
            accept,
            multiple,
        } => main_files(p, label, placeholder, accept, multiple),
        MainInput::Text { label, placeholder } => {
            let id = input_id(tool, "text");
            let on_enter = {
                let run = p.on_analyze.clone();
                Callback::from(move |e: KeyboardEvent| {
                    if e.key() == "Enter" {
                        e.prevent_default();
                        run.emit(());
                    }
                })
            };
            html! {
                <div>
                    <label for={id.clone()}>{ label }</label>
                    <input type="text" id={id} class="tool-line" placeholder={placeholder} spellcheck="false" autocomplete="off" onkeydown={on_enter} />
                </div>
            }
        }
        MainInput::None => html! {},
    };
    let on_click = {
        let run = p.on_analyze.clone();
        Callback::from(move |_: MouseEvent| run.emit(()))
    };
    let on_cancel = {
        let cancel = p.on_cancel.clone();
        Callback::from(move |_: MouseEvent| cancel.emit(()))
    };
    let (plain, areas): (Vec<&FieldSpec>, Vec<&FieldSpec>) = spec
        .fields
        .iter()
        .partition(|f| !matches!(f.kind, FieldKind::TextArea { .. }));
    html! {
        <section class={format!("card tool-input {tool}-input")} aria-labelledby="tool-input-h">
            <h2 id="tool-input-h">{"Input"}</h2>
            { main }
            if !plain.is_empty() {
                <div class="row tool-fields">{ for plain.iter().map(|f| field(tool, f, &p.on_analyze)) }</div>
            }
            { for areas.iter().map(|f| field(tool, f, &p.on_analyze)) }
            <div class="actions">
                <button type="button" id={input_id(tool, "analyze")} onclick={on_click}>{"Analyze"}</button>
                if p.running {
                    <button type="button" class="secondary" id={input_id(tool, "cancel")} onclick={on_cancel}>{"Cancel"}</button>
                }
            </div>
            if !spec.fields.is_empty() {
                <p class="field-help">{"Values are used only in this page, never stored or sent. Press Analyze again after changing them."}</p>
            }
        </section>
    }
}

fn main_files(
    p: &FormProps,
    label: &'static str,
    placeholder: &'static str,
    accept: &'static str,
    multiple: bool,
) -> Html {
    let tool = p.spec.id;
    let on_paste = {
        let run = p.on_analyze.clone();
        let edit = p.on_text_edit.clone();
        let large = p.on_large_paste.clone();
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
        let edit = p.on_text_edit.clone();
        Callback::from(move |_: InputEvent| edit.emit(()))
    };
    let on_pick = {
        let on_files = p.on_files.clone();
        Callback::from(move |e: Event| {
            let input = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            let files = files_of(input.as_ref().and_then(|i| i.files()));
            if !files.is_empty() {
                on_files.emit(files);
            }
            // Picking the same file again fires `change` again.
            if let Some(i) = input {
                i.set_value("");
            }
        })
    };
    let on_dragover = {
        let textarea = p.textarea.clone();
        Callback::from(move |e: DragEvent| {
            if e.data_transfer()
                .is_some_and(|d| d.types().includes(&"Files".into(), 0))
            {
                e.prevent_default();
                mark_dragging(&textarea, true);
            }
        })
    };
    let on_dragleave = {
        let textarea = p.textarea.clone();
        Callback::from(move |_: DragEvent| mark_dragging(&textarea, false))
    };
    let on_drop = {
        let textarea = p.textarea.clone();
        let on_files = p.on_files.clone();
        Callback::from(move |e: DragEvent| {
            mark_dragging(&textarea, false);
            let files = files_of(e.data_transfer().and_then(|d| d.files()));
            if !files.is_empty() {
                e.prevent_default();
                on_files.emit(files);
            }
        })
    };
    let text_id = input_id(tool, "text");
    let help_id = input_id(tool, "text-help");
    let file_id = input_id(tool, "file");
    html! {
        <>
            <label for={text_id.clone()}>{ label }</label>
            <textarea id={text_id} ref={p.textarea.clone()} class={format!("tool-text {tool}-text")}
                spellcheck="false" autocomplete="off" aria-describedby={help_id.clone()}
                onpaste={on_paste} oninput={on_input}
                ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop} />
            <p id={help_id} class="field-help">{ placeholder }{" You can also drop "}{ if multiple { "files" } else { "a file" } }{" here."}</p>
            <div class="tool-file">
                <label for={file_id.clone()}>{ if multiple { "Or open files" } else { "Or open a file" } }</label>
                <input type="file" id={file_id} accept={accept} multiple={multiple} onchange={on_pick} />
                if let Some(n) = &p.held_note { <p class="muted small">{"Loaded: "}{ n.clone() }</p> }
            </div>
        </>
    }
}

fn field(tool: &'static str, f: &FieldSpec, run: &Callback<()>) -> Html {
    let id = input_id(tool, f.name);
    let help_id = format!("{id}-help");
    let control = match f.kind {
        FieldKind::Text { placeholder } => html! {
            <input type="text" id={id.clone()} placeholder={placeholder} spellcheck="false" autocomplete="off" aria-describedby={help_id.clone()} />
        },
        FieldKind::Select(choices) => html! {
            <select id={id.clone()} aria-describedby={help_id.clone()}>
                { for choices.iter().enumerate().map(|(i, (v, l))| html! { <option value={*v} selected={i == 0}>{ *l }</option> }) }
            </select>
        },
        FieldKind::TextArea { placeholder } => html! {
            <textarea id={id.clone()} class="tool-area" placeholder={placeholder} spellcheck="false" autocomplete="off" aria-describedby={help_id.clone()} />
        },
        FieldKind::Secret => {
            let run = run.clone();
            let on_enter = Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" {
                    e.prevent_default();
                    run.emit(());
                }
            });
            html! {
                // Not a form field of a <form>: browsers do not offer to save it, and the value is
                // read once per analysis and never kept.
                <input type="password" id={id.clone()} autocomplete="off" spellcheck="false" aria-describedby={help_id.clone()} onkeydown={on_enter} />
            }
        }
    };
    html! {
        <div class={format!("tool-field field-{}", f.name)}>
            <label for={id}>{ f.label }</label>
            { control }
            <p id={help_id} class="field-help">{ f.help }</p>
        </div>
    }
}

/// The value of a field's input element now ("" when absent).
pub fn field_value(tool: &str, name: &str) -> String {
    let Some(el) = browser::document().and_then(|d| d.get_element_by_id(&input_id(tool, name)))
    else {
        return String::new();
    };
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return t.value();
    }
    if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    String::new()
}

/// Sets a field's input element to `value` (a test sign-in fills the SAML page's form).
pub fn set_field_value(tool: &str, name: &str, value: &str) {
    let Some(el) = browser::document().and_then(|d| d.get_element_by_id(&input_id(tool, name)))
    else {
        return;
    };
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(value);
    } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.set_value(value);
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.set_value(value);
    }
}
