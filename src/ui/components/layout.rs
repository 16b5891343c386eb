//! Header with navigation, and the footer that states where everything runs. Plain functions, not
//! components: they hold no state, and each component type costs wasm code of its own.

use yew::prelude::*;

use crate::links::Route;
use crate::ui::components::prose;

pub fn header(current: Route) -> Html {
    html! {
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href="#/">{ prose(r#"<span class="brand-mark" aria-hidden="true">ssc</span>"#) }{"ssocheck"}</a>
                <nav aria-label="Main">
                    <ul class="nav">
                        { for Route::NAV.iter().map(|r| {
                            let current = (*r == current).then_some("page");
                            html! { <li><a href={r.path()} aria-current={current}>{ r.label() }</a></li> }
                        }) }
                    </ul>
                </nav>
            </div>
        </header>
    }
}

pub fn footer() -> Html {
    html! {
        <footer class="site-footer">
            <div class="footer-inner">
                <span>{ prose(r#"<span class="local-badge">Runs entirely in your browser.</span>"#) }{" Nothing you paste or probe leaves this page. "}
                    <a href={Route::Privacy.path()}>{"How we know"}</a></span>
                <span>{ format!("ssocheck {} (build {}). Not an AWS product.", crate::report::APP_VERSION, crate::report::BUILD_ID) }</span>
            </div>
        </footer>
    }
}
