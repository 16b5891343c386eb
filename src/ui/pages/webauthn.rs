//! Placeholder until the webauthn tool lands: says so honestly instead of showing a fake result.

use yew::prelude::*;

#[function_component(WebauthnPage)]
pub fn page() -> Html {
    html! {
        <>
            <h1>{"Security keys and passkeys"}</h1>
            <p class="notice" role="status">{"Coming: this tool is being built. Nothing is checked here yet."}</p>
        </>
    }
}
