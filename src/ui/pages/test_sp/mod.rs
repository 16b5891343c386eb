//! `#/test-sp`: the generic tool page of `saml::testsp` (SP metadata, set-up steps), plus what only
//! the browser can do: say whether a service worker controls the page (without one the identity
//! provider's POST would reach the host), draw a fresh AuthnRequest ID and RelayState nonce, keep the
//! pending request in this tab's sessionStorage for the round trip, and navigate to the identity
//! provider only when the administrator clicks.

pub mod receive;

use gloo::events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::browser::{get, js_error_text, object, window};
use crate::engine::{Reply, Request};
use crate::saml::testsp::TOOL;
use crate::tools::{InputFile, ToolRequest};
use crate::ui::engine::Engine;
use crate::ui::pages::tool::{form, ToolPage};

/// Pasted IdP metadata above this size is not kept for the round trip (sessionStorage is small).
const MAX_KEPT_METADATA: usize = 512 * 1024;

#[derive(Properties, PartialEq)]
pub struct TestSpProps {
    pub params: Vec<(String, String)>,
}

/// Whether a service worker controls this page now.
fn controlled() -> bool {
    let Some(w) = window() else { return false };
    let sw = get(&w.navigator(), "serviceWorker");
    !sw.is_undefined()
        && !get(&sw, "controller").is_null()
        && !get(&sw, "controller").is_undefined()
}

/// `n` random bytes as hex, from the browser's cryptographic random source.
fn random_hex(n: usize) -> Result<String, String> {
    let crypto = window()
        .ok_or("no window")?
        .crypto()
        .map_err(|e| js_error_text(&e))?;
    let mut buf = vec![0u8; n];
    crypto
        .get_random_values_with_u8_array(&mut buf)
        .map_err(|e| js_error_text(&e))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// What the service worker's redirect to `#/test-sp?acs=<why>` means.
fn acs_message(why: &str) -> &'static str {
    match why {
        "get" => "The ACS URL was opened with a GET. It only accepts the identity provider's HTTP-POST: set the HTTP-POST binding for the ACS URL in your identity provider, and start the sign-in from here or from the identity provider.",
        "not-a-form" => "Something was posted to the ACS URL, but not an HTML form (SAMLResponse=…): check that the identity provider uses the HTTP-POST binding.",
        "missing-response" => "The identity provider posted a form to the ACS URL without a SAMLResponse field: nothing to analyze. Check the binding and the ACS URL in the identity provider.",
        "too-large" => "The form posted to the ACS URL is larger than 1 MB and was refused without being read. A SAML response is normally a few kilobytes.",
        _ => "Something unexpected arrived at the ACS URL.",
    }
}

/// Builds the AuthnRequest in the engine, stores the pending request, then navigates.
async fn start(engine: std::rc::Rc<Engine>) -> Result<(), String> {
    let id = format!("_{}", random_hex(20)?);
    let nonce = random_hex(16)?;
    let w = window().ok_or("no window")?;
    let page_url = w.location().href().map_err(|e| js_error_text(&e))?;
    let metadata = form::field_value(TOOL.id, "idp_metadata");
    let mut files = Vec::new();
    if !metadata.trim().is_empty() {
        files.push(InputFile {
            name: "idp_metadata".into(),
            bytes: metadata.clone().into_bytes(),
        });
    }
    let now = js_sys::Date::new_0();
    let req = ToolRequest {
        tool: TOOL.id.into(),
        files,
        fields: vec![
            ("sso_url".into(), form::field_value(TOOL.id, "sso_url")),
            ("base_url".into(), form::field_value(TOOL.id, "base_url")),
            ("page_url".into(), page_url),
            ("request_id".into(), id.clone()),
            ("relay_state".into(), nonce.clone()),
        ],
        now_ms: now.get_time() as i64,
    };
    let answer = match engine.call(&Request::Run(req), 0).await {
        Ok((Reply::Answer(a), _, _)) => a,
        Ok((other, _, _)) => return Err(format!("the engine answered {other:?}")),
        Err(e) => return Err(format!("the engine could not build the request: {e:?}")),
    };
    let doc = answer
        .documents
        .first()
        .ok_or("the engine gave no document")?;
    if !doc.accepted {
        return Err(doc.detected.clone());
    }
    let item = |block: &str, key: &str| doc.key_value(block, key).map(str::to_string);
    if let Some(problem) = item("authn-request", "Problem") {
        return Err(problem);
    }
    let url = item("authn-request", "Redirect URL").ok_or("the engine built no redirect URL")?;
    let kept_metadata = if metadata.len() <= MAX_KEPT_METADATA {
        metadata
    } else {
        String::new()
    };
    let pending = object(&[
        ("request_id", &JsValue::from_str(&id)),
        ("relay_state", &JsValue::from_str(&nonce)),
        ("request_time", &JsValue::from(now.to_iso_string())),
        (
            "acs",
            &JsValue::from_str(&item("sp", "ACS URL (HTTP-POST)").unwrap_or_default()),
        ),
        (
            "audience",
            &JsValue::from_str(&item("sp", "Entity ID (audience)").unwrap_or_default()),
        ),
        ("idp_metadata", &JsValue::from_str(&kept_metadata)),
    ]);
    let text: String = js_sys::JSON::stringify(&pending)
        .map_err(|e| js_error_text(&e))?
        .into();
    let storage = w
        .session_storage()
        .map_err(|e| js_error_text(&e))?
        .ok_or("this browser has no sessionStorage for this page")?;
    storage.set_item(receive::PENDING_KEY, &text).map_err(|e| {
        format!(
            "the pending request could not be kept: {}",
            js_error_text(&e)
        )
    })?;
    w.location().assign(&url).map_err(|e| js_error_text(&e))
}

#[function_component(TestSpPage)]
pub fn test_sp_page(props: &TestSpProps) -> Html {
    let sw = use_state(controlled);
    let problem = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let engine = use_memo((), |_| Engine::new(TOOL.id, |_| {}));
    // A first visit is controlled once the service worker activates (it claims open pages).
    {
        let sw = sw.clone();
        use_effect_with((), move |_| {
            let listener = window()
                .map(|w| get(&w.navigator(), "serviceWorker"))
                .filter(|c| !c.is_undefined())
                .and_then(|c| {
                    use wasm_bindgen::JsCast;
                    c.dyn_into::<web_sys::EventTarget>().ok()
                })
                .map(|target| {
                    EventListener::new(&target, "controllerchange", move |_| sw.set(controlled()))
                });
            move || drop(listener)
        });
    }
    let on_start = {
        let problem = problem.clone();
        let busy = busy.clone();
        let engine = (*engine).clone();
        Callback::from(move |_: MouseEvent| {
            let problem = problem.clone();
            let busy = busy.clone();
            let engine = engine.clone();
            busy.set(true);
            problem.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = start(engine).await {
                    problem.set(Some(e));
                }
                busy.set(false);
            });
        })
    };
    let acs = props
        .params
        .iter()
        .find(|(k, _)| k == "acs")
        .map(|(_, v)| acs_message(v));
    let start = html! {
            <section class="card test-sp-start" aria-labelledby="test-sp-start-h">
                <h2 id="test-sp-start-h">{"Test sign-in"}</h2>
                if let Some(m) = acs {
                    <p class="notice err test-sp-acs" role="alert">{ m }</p>
                }
                if *sw {
                    <p class="notice test-sp-sw" data-sw="on">{"This page's service worker is active: it will receive the identity provider's HTTP-POST to the ACS URL inside this browser, so the response reaches no server."}</p>
                } else {
                    <p class="notice warn test-sp-sw" data-sw="off" role="status">{"No service worker controls this page yet (first visit, a page served over plain HTTP other than localhost, or a private window that blocks service workers). Without one, the identity provider's POST would go to the server hosting this page, and most static hosts reject a POST. Reload this page once; if this message stays, this browser cannot run the test here (the SAML analyzer still works with a pasted response)."}</p>
                }
                <p>{"Paste your identity provider's metadata (or its SSO URL) in the form above, then start. This page builds an AuthnRequest with a fresh ID and a one-time RelayState nonce, and goes to your identity provider only when you click. When you come back, the response is analyzed on the SAML page with the ID, nonce and time checked and the signature verified against the pasted metadata."}</p>
                <p class="field-help">{"Until the response comes back, the pending request (ID, nonce, time, ACS URL, entity ID and the pasted metadata) is kept in this tab's sessionStorage, and deleted as soon as it is read. The only navigation that leaves this page is the one to your identity provider, on your click."}</p>
                <div class="actions">
                    <button type="button" id="test-sp-start" onclick={on_start} disabled={!*sw || *busy}>{"Start test sign-in"}</button>
                </div>
                if let Some(p) = &*problem {
                    <p class="notice err" role="alert">{ format!("Cannot start: {p}") }</p>
                }
            </section>
    };
    html! { <ToolPage spec={&TOOL} with_page_url=true after_form={start} /> }
}
