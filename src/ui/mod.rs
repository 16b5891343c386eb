//! The Yew shell: routing, layout and pages. Pages call the pure core and browser probes; they hold
//! no rules of their own.

pub mod browser;
pub mod components;
pub mod engine;
pub mod offline;
pub mod pages;

use yew::prelude::*;

use crate::links::{parse_hash, Location, Route};

/// Which pages a wasm module holds. The end-user shell (`src/main.rs`) and the administrator app
/// (`src/bin/admin.rs`) are two modules of the same crate, each linking only its own pages: end
/// users never download the administrator tools' UI (nor their engines, which are further modules).
/// The boot script (`static/boot.js`) loads the one the address asks for; a link to the other tier's
/// route reloads the page, and the boot script then loads the other module.
pub trait Tier: 'static {
    /// The meta tag listing this module's files, which the service worker keeps for offline use.
    const FILES_META: &'static str;
    /// The page for `route`, or `None` when it belongs to the other tier.
    fn page(route: Route, params: Vec<(String, String)>) -> Option<Html>;
}

/// Home, self-check, WebAuthn, clock, checks, privacy and the list of administrator tools.
pub struct EndUser;

/// `#/saml` and every administrator tool.
pub struct Admin;

impl Tier for EndUser {
    const FILES_META: &'static str = "ssocheck-shell-files";
    fn page(route: Route, params: Vec<(String, String)>) -> Option<Html> {
        Some(match route {
            Route::Home => pages::home::home(),
            Route::Tools => pages::tools_index::tools_index(),
            Route::Webauthn => html! { <pages::webauthn::WebauthnPage /> },
            Route::Clock => html! { <pages::clock::ClockPage /> },
            Route::Selfcheck => html! { <pages::selfcheck::SelfcheckPage params={params} /> },
            Route::Checks => html! { <pages::checks::ChecksPage params={params} /> },
            Route::Privacy => pages::privacy::privacy_page(),
            Route::NotFound => pages::not_found::not_found(),
            Route::Saml | Route::Tool(_) => return None,
        })
    }
}

impl Tier for Admin {
    const FILES_META: &'static str = "ssocheck-admin-files";
    fn page(route: Route, params: Vec<(String, String)>) -> Option<Html> {
        match route {
            Route::Saml => Some(
                html! { <pages::tool::ToolPage spec={&crate::saml::tool::TOOL} params={params} /> },
            ),
            Route::Tool("test-sp") => {
                Some(html! { <pages::test_sp::TestSpPage key="test-sp" params={params} /> })
            }
            Route::Tool(r) => crate::tools::by_route(r)
                .map(|spec| html! { <pages::tool::ToolPage key={r} spec={spec} /> }),
            _ => None,
        }
    }
}

/// Mounts the end-user shell.
pub fn start() {
    mount::<EndUser>();
}

/// Mounts the administrator app.
pub fn start_admin() {
    mount::<Admin>();
}

/// Mounts the app. A panic cannot be recovered in wasm, so the hook at least tells the user.
fn mount<T: Tier>() {
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
    yew::Renderer::<App<T>>::new().render();
    offline::register(T::FILES_META);
}

#[function_component(App)]
pub fn app<T: Tier>() -> Html {
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
    let page = T::page(route, params).unwrap_or_else(|| {
        // The other tier's route: the boot script loads its module.
        if let Some(w) = crate::browser::window() {
            let _ = w.location().reload();
        }
        html! { <p class="muted" role="status">{"Loading…"}</p> }
    });
    html! {
        <>
            <a class="skip-link" href="#main" onclick={Callback::from(|e: MouseEvent| { e.prevent_default(); crate::browser::focus_id("main"); })}>{"Skip to content"}</a>
            { components::layout::header(route) }
            <main id="main" tabindex="-1">{ page }</main>
            { components::layout::footer() }
        </>
    }
}
