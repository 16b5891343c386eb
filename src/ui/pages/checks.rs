//! `#/checks`: every registered check, rendered from the registry (the same text as `ssocheck explain`).

use yew::prelude::*;

use crate::registry;
use crate::ui::components::findings::severity_badge;

#[function_component(ChecksPage)]
pub fn checks_page() -> Html {
    let count = registry::all().count();
    html! {
        <>
            <h1>{"Checks"}</h1>
            <p class="lead">{ format!("ssocheck runs {count} checks. Each has a stable id you can quote to support; the command-line tool explains the same ids with ") }<code>{"ssocheck explain ID"}</code>{"."}</p>
            <div class="table-wrap">
                <table>
                    <caption class="muted small">{"Registered checks, with the guide topic each comes from"}</caption>
                    <thead><tr><th scope="col">{"Check"}</th><th scope="col">{"Severity"}</th><th scope="col">{"What, why and how to fix"}</th></tr></thead>
                    <tbody>
                        { for registry::all().map(|c| html! {
                            <tr id={format!("check-{}", c.id)}>
                                <td><code>{ c.id }</code></td>
                                <td>{ severity_badge(c.severity) }</td>
                                <td>
                                    <strong>{ c.title }</strong>
                                    <p>{ c.checks }</p>
                                    <p><em>{"Why: "}</em>{ c.why }</p>
                                    <p><em>{"Fix: "}</em>{ c.fix }</p>
                                    <p class="small muted">{"Guide topic: "}{ c.topic.heading() }</p>
                                    if c.best_knowledge { <p class="best-knowledge">{"Best knowledge: no public AWS source confirms this rule."}</p> }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </>
    }
}
