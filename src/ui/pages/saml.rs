//! Placeholder until the saml tool lands: says so honestly instead of showing a fake result.

use yew::prelude::*;

#[function_component(SamlPage)]
pub fn page() -> Html {
    html! {
        <>
            <h1>{"SAML analyzer"}</h1>
            <p class="notice" role="status">{"Coming: this tool is being built. Nothing is checked here yet."}</p>
        </>
    }
}
