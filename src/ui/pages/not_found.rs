use yew::prelude::*;

use crate::ui::components::prose;

/// A plain function: the page has no state.
pub fn not_found() -> Html {
    html! {
        <>
            { prose(r#"<h1>Page not found</h1>"#) }
            <p>{"This link does not lead to an ssocheck page. "}<a href="#/">{"Go to the start page"}</a>{"."}</p>
        </>
    }
}
