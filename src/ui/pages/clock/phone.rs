//! The phone test: a throw-away TOTP secret shown as a QR code, then the code the app shows is
//! searched within ±24 h of the reference-corrected time; the next code confirms it.
//! The secret lives only in this component's memory and is never exported.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser::now_ms;
use crate::clock::estimate::{corrected_now, Estimate};
use crate::clock::otpauth;
use crate::clock::probe::random_secret;
use crate::clock::stepsearch::{
    self, confirm, describe_chance, find, parse_code, PhoneResult, TypedCode,
};
use crate::clock::verdict::{evaluate_phone, PhoneVerdict};
use crate::ui::components::prose;

#[derive(Properties, PartialEq)]
pub struct PhoneProps {
    pub estimate: Option<Estimate>,
    pub on_result: Callback<Option<PhoneVerdict>>,
}

#[derive(Clone, PartialEq)]
struct Test {
    secret: [u8; otpauth::SECRET_BYTES],
    first: Option<TypedCode>,
    confirmed: bool,
    result: Option<PhoneVerdict>,
}

#[function_component(PhoneTest)]
pub fn phone(props: &PhoneProps) -> Html {
    let test = use_state(|| None::<Test>);
    let input = use_state(String::new);
    let error = use_state(String::new);

    let create = {
        let test = test.clone();
        let error = error.clone();
        let on_result = props.on_result.clone();
        Callback::from(move |_: MouseEvent| match random_secret() {
            Some(secret) => {
                test.set(Some(Test {
                    secret,
                    first: None,
                    confirmed: false,
                    result: None,
                }));
                error.set(String::new());
                on_result.emit(None);
            }
            None => error.set(
                "This browser could not produce random numbers (Web Crypto unavailable).".into(),
            ),
        })
    };
    let oninput = {
        let input = input.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            input.set(el.value());
        })
    };
    let submit = {
        let test = test.clone();
        let input = input.clone();
        let error = error.clone();
        let estimate = props.estimate;
        let on_result = props.on_result.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(mut t) = (*test).clone() else { return };
            // Read the field itself: a submit right after typing can arrive before the re-render
            // that would hand this callback the new `input` state.
            let typed_text = crate::browser::document()
                .and_then(|d| d.get_element_by_id("phone-code"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                .map(|i| i.value())
                .unwrap_or_else(|| (*input).clone());
            let code = match parse_code(&typed_text) {
                Ok(c) => c,
                Err(msg) => {
                    error.set(msg);
                    return;
                }
            };
            error.set(String::new());
            // Compare with the reference time when we have one, so the phone is judged against
            // the server and not against a possibly wrong computer clock.
            let at_ms = match &estimate {
                Some(est) => corrected_now(now_ms(), est),
                None => now_ms(),
            };
            let typed = TypedCode { code, at_ms };
            let result = match t.first {
                // A first code is pending confirmation: this one should be the next code.
                Some(first) if !t.confirmed => {
                    confirm(&t.secret, first, typed, stepsearch::WINDOW_STEPS)
                }
                _ => {
                    t.first = Some(typed);
                    t.confirmed = false;
                    find(&t.secret, typed, stepsearch::WINDOW_STEPS)
                }
            };
            match &result {
                PhoneResult::Found(p) if p.confirmed => t.confirmed = true,
                // A typo must not poison the confirmation: the next code typed starts over.
                PhoneResult::NoMatch { .. } => t.first = None,
                _ => {}
            }
            let v = evaluate_phone(&result, estimate.is_some());
            on_result.emit(Some(v.clone()));
            t.result = Some(v);
            test.set(Some(t));
            input.set(String::new());
        })
    };

    let body = match &*test {
        None => html! {
            <div class="actions"><button type="button" onclick={create}>{"Create a test entry"}</button></div>
        },
        Some(t) => {
            let uri = otpauth::uri(&t.secret);
            // Safe to insert as markup: the SVG is produced by our own code (qrcode crate) from a
            // URI we built from random bytes; no user or network input reaches it.
            let qr = otpauth::qr_svg(&uri)
                .map(|svg| Html::from_html_unchecked(AttrValue::from(svg)))
                .unwrap_or_default();
            let asking_next = t.first.is_some() && !t.confirmed;
            let label = if asking_next {
                "Next code: wait until the app shows a new code, then type it"
            } else {
                "Code shown by the app for “ssocheck: clock-test”"
            };
            html! {
                <>
                    <div class="phone-setup">
                        <div class="qr" role="img" aria-label="QR code of the test entry (otpauth URI shown below)">{ qr }</div>
                        <div>
                            { prose(r#"<p>1. In your authenticator app, add an account and scan this code (or type the key).</p>"#) }
                            <p class="small">{"Key: "}<code class="mono" id="totp-secret">{ otpauth::secret_grouped(&t.secret) }</code></p>
                            <details><summary>{"Show the otpauth:// link"}</summary><p class="mono small" id="totp-uri">{ uri }</p></details>
                            { prose(r#"<p>2. Type the 6-digit code the app shows for it.</p>"#) }
                            <form onsubmit={submit}>
                                <label for="phone-code">{ label }</label>
                                <input id="phone-code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="12"
                                    value={(*input).clone()} oninput={oninput} aria-describedby="phone-code-help phone-code-error" />
                                { prose(r#"<p id="phone-code-help" class="field-help">Six digits; spaces are fine. The key and codes stay in this page and are never part of the report.</p>"#) }
                                <p id="phone-code-error" class="field-error" role="alert">{ (*error).clone() }</p>
                                <div class="actions"><button type="submit">{ if asking_next { "Confirm with this code" } else { "Check code" } }</button>
                                    <button type="button" class="secondary" onclick={create}>{"New test entry"}</button></div>
                            </form>
                        </div>
                    </div>
                    <div id="phone-result" role="status" aria-live="polite" data-offset-s={t.result.as_ref().and_then(|r| r.offset_s).map(|s| s.to_string())}
                        class={format!("clock-verdict colour-{}", t.result.as_ref().map_or("grey", |r| r.colour.as_str()))}>
                        if let Some(r) = &t.result { <p class="verdict">{ &r.headline }</p> }
                        else { { prose(r#"<p class="muted">No code checked yet.</p>"#) } }
                    </div>
                    { prose(r#"<p class="notice warn">When you are done, delete the “ssocheck: clock-test” entry from your authenticator app. It is useless anywhere else, but it should not stay in the list.</p>"#) }
                </>
            }
        }
    };
    html! {
        <section class="card clock-card" aria-labelledby="phone-h">
            { prose(r#"<h2 id="phone-h">Your phone's authenticator app</h2>"#) }
            { prose(r#"<p>Most authenticator apps run on a phone, whose clock may differ from this computer's. A throw-away test entry lets this page find the app's clock: the code you type tells which 30-second step the app is in.</p>"#) }
            { body }
            <p class="small muted">{ format!("The code is searched within ±24 hours, so a random code matches by chance with a probability of {}; the next code brings that below {}. Resolution is one 30-second step.", describe_chance(stepsearch::chance_of_accidental_match((2 * stepsearch::WINDOW_STEPS + 1) as u64)), describe_chance(1e-8)) }</p>
            { prose(r#"<p class="best-knowledge">Best knowledge: this measures the app's own clock (some apps correct their time themselves), which is what the server sees; AWS does not document how many steps it tolerates.</p>"#) }
        </section>
    }
}
