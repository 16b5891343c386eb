//! `#/checks`: every registered check, rendered from the registry (the same text as `ssocheck explain`).
//! `#/checks?id=saml.version` (the link on every finding) shows that check first and highlighted.

use yew::prelude::*;

use crate::registry::{self, CheckInfo};
use crate::ui::components::findings::severity_badge;
use crate::ui::components::prose;

#[derive(Properties, PartialEq)]
pub struct ChecksProps {
    #[prop_or_default]
    pub params: Vec<(String, String)>,
}

fn matches(c: &CheckInfo, q: &str) -> bool {
    q.is_empty()
        || [c.id, c.title, c.checks, c.why, c.fix, c.topic.heading()]
            .iter()
            .any(|t| t.to_lowercase().contains(q))
}

#[function_component(ChecksPage)]
pub fn checks_page(props: &ChecksProps) -> Html {
    let target = props
        .params
        .iter()
        .find(|(k, _)| k == "id")
        .map(|(_, v)| v.clone());
    let query = use_state(String::new);
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            query.set(input.value().trim().to_lowercase());
        })
    };
    let count = registry::all().count();
    // The targeted check first, then the rest in registry order.
    let mut rows: Vec<&CheckInfo> = registry::all().filter(|c| matches(c, &query)).collect();
    if let Some(t) = &target {
        rows.sort_by_key(|c| c.id != t.as_str());
    }
    let unknown = target.as_ref().filter(|t| registry::get(t).is_none());
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
                            let is_target = target.as_deref() == Some(c.id);
                            html! {
                            <tr id={format!("check-{}", c.id)} class={is_target.then_some("target")}>
                                <td><code>{ c.id }</code></td>
                                <td>{ severity_badge(c.severity) }</td>
                                <td>
                                    <strong>{ c.title }</strong>
                                    <p>{ c.checks }</p>
                                    <p>{ prose(r#"<em>Why: </em>"#) }{ c.why }</p>
                                    <p>{ prose(r#"<em>Fix: </em>"#) }{ c.fix }</p>
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
