//! "What is going wrong?": the fourteen guide topics as symptoms, each routed to the tool that checks it.

use yew::prelude::*;

use crate::links::Route;
use crate::topics::{Tool, GUIDE_URL, TOPICS};
use crate::ui::components::prose;

fn tool_link(tool: Tool) -> Html {
    let (route, text) = match tool {
        Tool::Saml => (Route::Saml, "Check a SAML assertion"),
        Tool::Webauthn => (Route::Webauthn, "Test security keys and passkeys"),
        Tool::Clock => (Route::Clock, "Check this device's clock"),
        Tool::Page(route, text) => {
            return html! { <a class="tool-link" href={format!("#/{route}")}>{ text }{" →"}</a> }
        }
    };
    html! { <a class="tool-link" href={route.path()}>{ text }{" →"}</a> }
}

/// A plain function, not a component: the page has no state.
pub fn home() -> Html {
    html! {
        <>
            { prose(r#"<h1>What is going wrong?</h1>"#) }
            <p class="lead">{"Pick the symptom that matches. Each one comes from the troubleshooting topics of the "}
                <a href={GUIDE_URL} rel="noreferrer noopener" target="_blank">{"IAM Identity Center User Guide"}</a>
                {" and leads to a tool that checks it here, in your browser."}</p>
            <div class="actions">
                <a class="button" href={Route::Selfcheck.path()}>{"Run the self-check"}</a>
                { prose(r#"<span class="muted small">For users sent here by their help desk: one click checks browser, security keys and clock.</span>"#) }
            </div>
            { prose(r#"<h2>Symptoms</h2>"#) }
            <ul class="grid" role="list" aria-label="Symptoms">
                { for TOPICS.iter().map(|t| html! {
                    <li class="card symptom" data-topic={t.topic.slug()}>
                        <p><strong>{ t.symptom }</strong></p>
                        <p class="small muted">{"Guide: "}{ t.heading }</p>
                        { tool_link(t.tool) }
                    </li>
                }) }
            </ul>
        </>
    }
}
