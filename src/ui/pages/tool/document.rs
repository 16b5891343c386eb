//! Renders the engine's documents: the one generic result view of every administrator tool. A
//! component with props, so the page re-renders it only when a new answer arrives; the reader's
//! choices (which message, unfolded lists, table filters) live here and reset with each answer.

use std::rc::Rc;

use yew::prelude::*;

use crate::doc::{Block, Body, Code, Document, KeyValue, Table};
use crate::engine::Answer;
use crate::finding::Severity;
use crate::ui::components::findings::{finding_list_folded, severity_badge};
use crate::ui::components::prose;

/// Rows and lines rendered before a "Show all" button (keeps 10 MB inputs responsive).
const ROW_LIMIT: usize = 300;
const LINE_LIMIT: usize = 2_000;

/// An answer compared by identity: a new analysis is a new `Rc`, and comparing the contents of a
/// 10 MB analysis on every render would cost more than rendering it.
#[derive(Clone)]
pub struct Shared(pub Rc<Answer>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct DocumentsProps {
    pub tool: &'static str,
    pub answer: Shared,
    /// The export bar (it talks to the engine, which the page owns).
    pub exports: Html,
}

/// What the reader chose; reset for every answer (the component is keyed by the run).
#[derive(Clone, PartialEq, Default)]
struct Choices {
    selected: usize,
    findings_unfolded: bool,
    /// Block ids the reader unfolded with "Show all".
    unfolded: Vec<String>,
    /// Filter text per block id.
    filters: Vec<(String, String)>,
}

#[function_component(DocumentsView)]
pub fn documents_view(props: &DocumentsProps) -> Html {
    let choices = use_state(Choices::default);
    let docs = &props.answer.0.documents;
    let sel = choices.selected.min(docs.len().saturating_sub(1));
    let Some(doc) = docs.get(sel) else {
        return html! {};
    };
    let pick = |i: usize| {
        let choices = choices.clone();
        Callback::from(move |_: MouseEvent| {
            choices.set(Choices {
                selected: i,
                ..Choices::default()
            })
        })
    };
    let tool = props.tool;
    html! {
        <section class={format!("tool-results {tool}-results")} aria-labelledby="tool-results-h">
            { prose(r#"<h2 id="tool-results-h">Results</h2>"#) }
            if !doc.detected.is_empty() {
                <p class="tool-detected">{ prose(r#"<strong>Detected: </strong>"#) }<span id="tool-detected">{ doc.detected.clone() }</span></p>
            }
            if docs.len() > 1 {
                { prose(r#"<h3 id="tool-messages-h">Messages in this input</h3>"#) }
                <ol class="tool-messages" aria-labelledby="tool-messages-h">
                    { for docs.iter().enumerate().map(|(i, d)| {
                        let [e, w, _, _] = crate::finding::counts(&d.findings);
                        html! {
                            <li>
                                <button type="button" class={if i == sel { "secondary tool-message-pick current" } else { "secondary tool-message-pick" }}
                                    aria-current={(i == sel).then_some("true")} onclick={pick(i)}>{ d.title.clone() }</button>
                                <span class="small muted">{ format!(" — {e} error(s), {w} warning(s)") }</span>
                            </li>
                        }
                    }) }
                </ol>
            }
            { props.exports.clone() }
            { document_view(doc, &choices) }
        </section>
    }
}

fn document_view(doc: &Document, choices: &UseStateHandle<Choices>) -> Html {
    let show_all = (!choices.findings_unfolded).then(|| {
        let choices = choices.clone();
        Callback::from(move |_: MouseEvent| {
            choices.set(Choices {
                findings_unfolded: true,
                ..(*choices).clone()
            })
        })
    });
    html! {
        <article class="card tool-document" data-tool={doc.tool.clone()} aria-labelledby="tool-document-h">
            <h3 id="tool-document-h">{ doc.title.clone() }</h3>
            { finding_list_folded(&doc.findings, "Findings", show_all) }
            { for doc.blocks.iter().map(|b| block_view(b, choices)) }
        </article>
    }
}

fn block_view(b: &Block, choices: &UseStateHandle<Choices>) -> Html {
    let heading_id = format!("block-{}-h", b.id);
    let body = match &b.body {
        Body::KeyValues { items } => key_values(items),
        Body::Table(t) => table(&b.id, &b.title, t, choices),
        Body::Code(c) => code(&b.id, c, choices),
        Body::Links { links } => html! {
            <ul class="tool-links">
                { for links.iter().map(|l| html! {
                    <li><a href={l.href.clone()} rel={(!l.href.starts_with('#')).then_some("noreferrer noopener")}
                        target={(!l.href.starts_with('#')).then_some("_blank")}>{ l.label.clone() }</a>
                        if !l.note.is_empty() { <span class="small muted">{ format!(" — {}", l.note) }</span> }</li>
                }) }
            </ul>
        },
        Body::Text { paragraphs } => {
            html! { <>{ for paragraphs.iter().map(|p| html! { <p>{ p.clone() }</p> }) }</> }
        }
        Body::Download(d) => {
            let d = d.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                let _ = crate::ui::browser::download(&d.filename, &d.mime, &d.content);
            });
            html! { <button type="button" class="secondary" {onclick}>{ format!("Download {}", b.title) }</button> }
        }
    };
    html! {
        <section class={format!("tool-block block-{}", b.id)} data-block={b.id.clone()} aria-labelledby={heading_id.clone()}>
            <h4 id={heading_id}>{ b.title.clone() }</h4>
            { body }
        </section>
    }
}

fn status_badge(s: Option<Severity>) -> Html {
    s.map(severity_badge).unwrap_or_default()
}

fn key_values(items: &[KeyValue]) -> Html {
    html! {
        <dl class="tool-facts">
            { for items.iter().map(|kv| {
                let copy = kv.copy.then(|| {
                    let v = kv.value.clone();
                    Callback::from(move |_: MouseEvent| {
                        let v = v.clone();
                        wasm_bindgen_futures::spawn_local(async move { let _ = crate::ui::browser::copy_text(&v).await; });
                    })
                });
                html! {
                    <>
                        <dt>{ kv.key.clone() }</dt>
                        <dd class={if kv.copy { "mono" } else { "" }}>{ kv.value.clone() }{" "}{ status_badge(kv.status) }
                            if let Some(onclick) = copy { <button type="button" class="secondary small" {onclick} aria-label={format!("Copy {}", kv.key)}>{"Copy"}</button> }
                        </dd>
                    </>
                }
            }) }
        </dl>
    }
}

fn unfold(choices: &UseStateHandle<Choices>, id: &str) -> Callback<MouseEvent> {
    let choices = choices.clone();
    let id = id.to_string();
    Callback::from(move |_: MouseEvent| {
        let mut c = (*choices).clone();
        c.unfolded.push(id.clone());
        choices.set(c);
    })
}

fn table(id: &str, title: &str, t: &Table, choices: &UseStateHandle<Choices>) -> Html {
    let filter = choices
        .filters
        .iter()
        .find(|(k, _)| k == id)
        .map(|(_, v)| v.to_lowercase())
        .unwrap_or_default();
    let rows: Vec<_> = t
        .rows
        .iter()
        .filter(|r| filter.is_empty() || r.cells.iter().any(|c| c.to_lowercase().contains(&filter)))
        .collect();
    let unfolded = choices.unfolded.iter().any(|u| u == id);
    let shown = if unfolded {
        rows.len()
    } else {
        rows.len().min(ROW_LIMIT)
    };
    let on_filter = {
        let choices = choices.clone();
        let id = id.to_string();
        Callback::from(move |e: InputEvent| {
            use wasm_bindgen::JsCast;
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                let mut c = (*choices).clone();
                c.filters.retain(|(k, _)| *k != id);
                c.filters.push((id.clone(), i.value()));
                choices.set(c);
            }
        })
    };
    let filter_id = format!("filter-{id}");
    html! {
        <>
            if t.filterable {
                <div class="table-filter">
                    <label for={filter_id.clone()}>{ format!("Filter {}", title.to_lowercase()) }</label>
                    <input type="search" id={filter_id} oninput={on_filter} autocomplete="off" spellcheck="false" />
                    <span class="small muted" role="status">{ format!("{} of {} rows", rows.len(), t.rows.len()) }</span>
                </div>
            }
            <div class="table-wrap" tabindex="0" role="region" aria-label={format!("{title} (scrollable table)")}>
                <table class={format!("tool-table table-{id}")}>
                    <thead><tr>{ for t.columns.iter().map(|c| html! { <th scope="col">{ c.clone() }</th> }) }
                        if t.rows.iter().any(|r| r.status.is_some()) { <th scope="col">{"Status"}</th> }</tr></thead>
                    <tbody>
                        { for rows[..shown].iter().map(|r| html! {
                            <tr class={r.status.map(|s| format!("row-{}", s.as_str()))}>
                                { for r.cells.iter().map(|c| html! { <td>{ for c.split('\n').enumerate().map(|(i, part)| html! { <>{ if i > 0 { html! { <br /> } } else { html! {} } }{ part.to_string() }</> }) }</td> }) }
                                if r.status.is_some() { <td>{ status_badge(r.status) }</td> }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if shown < rows.len() {
                <div class="actions">
                    <span class="muted small">{ format!("Showing {shown} of {} rows.", rows.len()) }</span>
                    <button type="button" class="secondary" onclick={unfold(choices, id)}>{ format!("Show all {}", rows.len()) }</button>
                </div>
            }
        </>
    }
}

fn code(id: &str, c: &Code, choices: &UseStateHandle<Choices>) -> Html {
    let unfolded = choices.unfolded.iter().any(|u| u == id);
    let shown = if unfolded {
        c.lines.len()
    } else {
        c.lines.len().min(LINE_LIMIT)
    };
    let hl = |n: u32| c.highlight.binary_search(&n).is_ok();
    let note = if c.highlight.is_empty() {
        String::new()
    } else {
        format!("{} highlighted line(s) have findings.", c.highlight.len())
    };
    html! {
        <>
            if !note.is_empty() { <p class="small muted">{ note }</p> }
            <pre class={format!("code code-{}", c.language)} tabindex="0" aria-label="Text with line numbers">
                { for (0..shown).map(|i| {
                    let n = i as u32 + 1;
                    let is_hl = hl(n);
                    html! { <><span class={if is_hl { "xl hl" } else { "xl" }} data-line={is_hl.then(|| n.to_string())}><span class="ln">{ n }</span>{ c.line(i) }</span>{"\n"}</> }
                }) }
            </pre>
            if shown < c.lines.len() {
                <div class="actions">
                    <span class="muted small">{ format!("Showing {shown} of {} lines.", c.lines.len()) }</span>
                    <button type="button" class="secondary" onclick={unfold(choices, id)}>{ format!("Show all {} lines", c.lines.len()) }</button>
                </div>
            }
        </>
    }
}
