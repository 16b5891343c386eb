//! `#/privacy`: what each tool touches, how to verify that nothing leaves the page, and the response
//! headers a host should send (docs/hosting.md has the full versions). The text is static HTML
//! (`privacy.html`), rendered by `components::prose`.

use yew::prelude::*;

use crate::ui::components::prose;

/// A plain function, not a component: the page has no state.
pub fn privacy_page() -> Html {
    prose(include_str!("privacy.html"))
}
