//! `#/tools`: the administrator tools, each with what to paste. Opening one loads the analysis
//! engine; this list itself is part of the small end-user shell.

use yew::prelude::*;

use crate::tools::TOOLS;

pub fn tools_index() -> Html {
    html! {
        <>
            <h1>{"Administrator tools"}</h1>
            <p class="lead">{"Paste what your identity provider, AWS CLI or mail system shows you and get findings: what is wrong, why, and the fix. The analysis runs in this page (the analysis engine loads when you open a tool); nothing you paste leaves your machine."}</p>
            <ul class="grid" role="list" aria-label="Administrator tools">
                { for TOOLS.iter().map(|t| html! {
                    <li class="card tool-card" data-tool={t.id}>
                        <h2><a href={format!("#/{}", t.route)}>{ t.title }</a></h2>
                        <p class="small">{ t.intro }</p>
                        <p class="small muted">{"Command line: "}<code>{ format!("ssocheck {}", t.command) }</code></p>
                    </li>
                }) }
            </ul>
        </>
    }
}
