//! The Yew shell: routing, layout and pages. Pages call the pure core and browser probes; they hold
//! no rules of their own.

pub mod browser;
pub mod components;
pub mod engine;
pub mod offline;
pub mod pages;

use yew::prelude::*;

use crate::links::{parse_hash, Location, Route};

/// Mounts the app. A panic cannot be recovered in wasm, so the hook at least tells the user.
///
/// The analysis engines are a second wasm module (`src/bin/engine.rs`), loaded only by
/// administrator routes (`engine`).
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("ssocheck crashed: {info}").into());
        if let Some(body) = crate::browser::document().and_then(|d| d.body()) {
            body.set_inner_html(
                "<div class=\"fatal card\" role=\"alert\"><h1>ssocheck stopped</h1>\
                 <p>An internal error stopped the page. Nothing was sent anywhere. Reload the page to start again, \
                 and please report what you did.</p></div>",
            );
        }
    }));
    yew::Renderer::<App>::new().render();
    offline::register();
}

#[function_component(App)]
pub fn app() -> Html {
    let location = use_state(|| parse_hash(&crate::browser::current_hash()));
    {
        let location = location.clone();
        use_effect_with((), move |_| {
            crate::browser::on_hashchange(move || {
                location.set(parse_hash(&crate::browser::current_hash()));
                // Send focus to the new page's heading so keyboard and screen-reader users follow.
                crate::browser::focus_id("main");
                if let Some(w) = crate::browser::window() {
                    w.scroll_to_with_x_and_y(0.0, 0.0);
                }
            });
        });
    }
    let Location { route, params } = (*location).clone();
    let page = match route {
        Route::Home => pages::home::home(),
        Route::Saml => html! { <pages::tool::ToolPage spec={&crate::saml::tool::TOOL} /> },
        Route::Tools => pages::tools_index::tools_index(),
        Route::Tool(r) => match crate::tools::by_route(r) {
            Some(spec) => html! { <pages::tool::ToolPage key={r} spec={spec} /> },
            None => pages::not_found::not_found(),
        },
        Route::Webauthn => html! { <pages::webauthn::WebauthnPage /> },
        Route::Clock => html! { <pages::clock::ClockPage /> },
        Route::Selfcheck => html! { <pages::selfcheck::SelfcheckPage params={params} /> },
        Route::Checks => html! { <pages::checks::ChecksPage params={params} /> },
        Route::Privacy => pages::privacy::privacy_page(),
        Route::NotFound => pages::not_found::not_found(),
    };
    html! {
        <>
            <a class="skip-link" href="#main" onclick={Callback::from(|e: MouseEvent| { e.prevent_default(); crate::browser::focus_id("main"); })}>{"Skip to content"}</a>
            { components::layout::header(route) }
            <main id="main" tabindex="-1">{ page }</main>
            { components::layout::footer() }
        </>
    }
}
