use yew::prelude::*;

#[function_component(NotFound)]
pub fn not_found() -> Html {
    html! {
        <>
            <h1>{"Page not found"}</h1>
            <p>{"This link does not lead to an ssocheck page. "}<a href="#/">{"Go to the start page"}</a>{"."}</p>
        </>
    }
}
