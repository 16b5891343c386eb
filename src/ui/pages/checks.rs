//! `#/checks`: every registered check (the same text as `ssocheck explain`). The page reads
//! `checks.json`, written from the registry at release time (`make readme-checks`, kept current by
//! `tests/readme.rs`), so the end-user wasm does not carry the text of every administrator check.
//! `#/checks?id=saml.version` (the link on every finding) shows that check first and highlighted.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::browser;
use crate::registry::CheckDoc;
use crate::ui::components::findings::severity_badge;
use crate::ui::components::prose;

#[derive(Properties, PartialEq)]
pub struct ChecksProps {
    #[prop_or_default]
    pub params: Vec<(String, String)>,
}

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Loaded(Rc<Vec<CheckDoc>>),
    Failed(String),
}

/// Lowercase for the filter through the browser's `String.prototype.toLowerCase`: Rust's
/// `str::to_lowercase` links Unicode case tables into the end-user wasm (11.5 KB gzip, measured).
fn lowercase(s: &str) -> String {
    js_sys::JsString::from(s).to_lower_case().into()
}

async fn fetch_checks() -> Result<Vec<CheckDoc>, String> {
    let w = browser::window().ok_or("no window")?;
    let resp: web_sys::Response = JsFuture::from(w.fetch_with_str("./checks.json"))
        .await
        .map_err(|e| browser::js_error_text(&e))?
        .dyn_into()
        .map_err(|_| "not a response".to_string())?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(|e| browser::js_error_text(&e))?)
        .await
        .map_err(|e| browser::js_error_text(&e))?
        .as_string()
        .unwrap_or_default();
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

fn matches(c: &CheckDoc, q: &str) -> bool {
    q.is_empty()
        || [
            c.id.as_str(),
            &c.title,
            &c.checks,
            &c.why,
            &c.fix,
            c.topic.heading(),
        ]
        .iter()
        .any(|t| lowercase(t).contains(q))
}

#[function_component(ChecksPage)]
pub fn checks_page(props: &ChecksProps) -> Html {
    let target = props
        .params
        .iter()
        .find(|(k, _)| k == "id")
        .map(|(_, v)| v.clone());
    let query = use_state(String::new);
    let load = use_state(|| Load::Loading);
    {
        let load = load.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                load.set(match fetch_checks().await {
                    Ok(list) => Load::Loaded(Rc::new(list)),
                    Err(e) => Load::Failed(e),
                });
            });
        });
    }
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            query.set(lowercase(input.value().trim()));
        })
    };
    let list = match &*load {
        Load::Loaded(l) => l.clone(),
        Load::Loading => {
            return html! { <>{ prose(r#"<h1>Checks</h1>"#) }<p class="muted" role="status">{"Loading the list of checks…"}</p></> }
        }
        Load::Failed(e) => {
            return html! { <>{ prose(r#"<h1>Checks</h1>"#) }<p class="notice err" role="alert">{ format!("The list of checks could not be loaded ({e}). Reload the page; on the command line, `ssocheck checks` prints the same list.") }</p></> }
        }
    };
    let count = list.len();
    // The targeted check first, then the rest in registry order.
    let mut rows: Vec<&CheckDoc> = list.iter().filter(|c| matches(c, &query)).collect();
    if let Some(t) = &target {
        rows.sort_by_key(|c| c.id != *t);
    }
    let unknown = target
        .as_ref()
        .filter(|t| !list.iter().any(|c| c.id == **t));
    html! {
        <>
            { prose(r#"<h1>Checks</h1>"#) }
            <p class="lead">{ format!("ssocheck runs {count} checks. Each has a stable id you can quote to support; the command-line tool explains the same ids with ") }{ prose(r#"<code>ssocheck explain ID</code>"#) }{"."}</p>
            if let Some(t) = unknown { <p class="notice warn">{ format!("No check has the id \u{201c}{t}\u{201d}.") }</p> }
            <label for="check-filter">{"Filter checks"}</label>
            <input id="check-filter" class="filter" type="text" placeholder="nameid, sts.role, clock…" {oninput} />
            <p class="small muted" role="status">{ format!("{} of {count} shown", rows.len()) }</p>
            <div class="table-wrap">
                <table class="stack">
                    <caption class="muted small">{"Registered checks, with the guide topic each comes from"}</caption>
                    <thead><tr><th scope="col">{"Check"}</th><th scope="col">{"Severity"}</th><th scope="col">{"What, why and how to fix"}</th></tr></thead>
                    <tbody>
                        { for rows.iter().map(|c| {
                            let is_target = target.as_deref() == Some(c.id.as_str());
                            html! {
                            <tr id={format!("check-{}", c.id)} class={is_target.then_some("target")}>
                                <td><code>{ c.id.clone() }</code></td>
                                <td>{ severity_badge(c.severity) }</td>
                                <td>
                                    <strong>{ c.title.clone() }</strong>
                                    <p>{ c.checks.clone() }</p>
                                    <p>{ prose(r#"<em>Why: </em>"#) }{ c.why.clone() }</p>
                                    <p>{ prose(r#"<em>Fix: </em>"#) }{ c.fix.clone() }</p>
                                    <p class="small muted">{"Guide topic: "}{ c.topic.heading() }</p>
                                    if c.best_knowledge { { prose(r#"<p class="best-knowledge">Best knowledge: no public AWS source confirms this rule.</p>"#) } }
                                </td>
                            </tr>
                        }}) }
                    </tbody>
                </table>
            </div>
        </>
    }
}
