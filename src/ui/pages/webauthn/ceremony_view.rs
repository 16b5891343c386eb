//! The test ceremony: choices, the start button, and the result with every parsed field explained.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::ui::components::prose;
use crate::webauthn::authdata::Flags;
use crate::webauthn::errors;
use crate::webauthn::results::{Attachment, CeremonyOutcome, ParsedRegistration, StepError};

/// What the panel shows and the callbacks it raises (owned by the page's state).
pub struct CeremonyProps {
    pub possible: bool,
    pub running: bool,
    pub outcome: Option<Rc<CeremonyOutcome>>,
    pub attachment: Attachment,
    pub attestation: String,
    pub watchdog: String,
    pub on_attachment: Callback<Attachment>,
    pub on_attestation: Callback<String>,
    pub on_watchdog: Callback<String>,
    pub on_start: Callback<MouseEvent>,
}

fn input_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

fn radio(
    name: &str,
    id: &str,
    value: &str,
    checked: bool,
    label: &str,
    help: &str,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <div class="wa-radio">
            <input type="radio" name={name.to_string()} id={id.to_string()} value={value.to_string()} checked={checked} {onchange} aria-describedby={format!("{id}-help")} />
            <label for={id.to_string()}>{ label }</label>
            <p class="field-help" id={format!("{id}-help")}>{ help }</p>
        </div>
    }
}

/// A plain function rather than a component: the page owns all the state.
pub fn ceremony_panel(p: &CeremonyProps) -> Html {
    let on_att = |a: Attachment| {
        let cb = p.on_attachment.clone();
        Callback::from(move |_: Event| cb.emit(a))
    };
    let on_attn = |v: &'static str| {
        let cb = p.on_attestation.clone();
        Callback::from(move |_: Event| cb.emit(v.to_string()))
    };
    let on_wd = {
        let cb = p.on_watchdog.clone();
        Callback::from(move |e: Event| cb.emit(input_value(&e)))
    };
    let status = if p.running {
        html! { <p class="notice" data-state="running">{"Follow your browser's prompt: touch your security key, or confirm with fingerprint, face or PIN. The page stops waiting after "}{ &p.watchdog }{" seconds."}</p> }
    } else if let Some(o) = &p.outcome {
        outcome_view(o)
    } else {
        html! {}
    };
    html! {
        <section class="card" aria-labelledby="wa-test-h">
            { prose(r#"<h2 id="wa-test-h">Test registration and sign-in</h2>"#) }
            { prose(r#"<p>Registers a throw-away credential for this page only (site ID = this page's own host), then signs in with it. The challenge is random and checked by no server: nothing is sent anywhere. The credential is made non-discoverable, so nothing is stored on a security key.</p>"#) }
            if !p.possible {
                { prose(r#"<p class="notice warn">The test cannot run on this page (see the verdict above).</p>"#) }
            }
            <div class="row wa-choice">
                <fieldset>
                    { prose(r#"<legend>Authenticator</legend>"#) }
                    { radio("wa-attachment", "wa-platform", "platform", p.attachment == Attachment::Platform, "Built-in authenticator", "Windows Hello, Touch ID, Face ID or an Android screen lock.", on_att(Attachment::Platform)) }
                    { radio("wa-attachment", "wa-cross", "cross-platform", p.attachment == Attachment::CrossPlatform, "Security key", "A USB, NFC or Bluetooth key (or a phone, where the browser offers that).", on_att(Attachment::CrossPlatform)) }
                </fieldset>
                <fieldset>
                    { prose(r#"<legend>Attestation</legend>"#) }
                    { radio("wa-attestation", "wa-att-none", "none", p.attestation == "none", "None", "Asks the authenticator for nothing extra. Security keys then hide their model (all-zero AAGUID).", on_attn("none")) }
                    { radio("wa-attestation", "wa-att-direct", "direct", p.attestation == "direct", "Direct", "Asks for the model and a certificate; the browser may ask your permission first.", on_attn("direct")) }
                </fieldset>
            </div>
            <label for="wa-watchdog">{"Give up after (seconds)"}</label>
            <input id="wa-watchdog" type="number" min="1" max="300" inputmode="numeric" value={p.watchdog.clone()} onchange={on_wd} aria-describedby="wa-watchdog-help" />
            { prose(r#"<p class="field-help" id="wa-watchdog-help">Some browsers never answer when no authenticator is present; the page stops the request after this time.</p>"#) }
            <div class="actions">
                <button type="button" id="wa-start" onclick={p.on_start.clone()} disabled={!p.possible || p.running}>
                    { if p.running { "Waiting for the authenticator…" } else { "Run the test" } }
                </button>
            </div>
            <div id="wa-result" role="status" aria-live="polite">{ status }</div>
            { removal_help() }
        </section>
    }
}

fn error_view(step: &str, e: &StepError) -> Html {
    let m = errors::explain(&e.name, &e.message);
    html! {
        <div class="notice err" data-error-name={e.name.clone()}>
            <p><strong>{ format!("{step} failed: {}", m.title) }</strong></p>
            <p>{ m.meaning }</p>
            <p>{ prose(r#"<strong>Try: </strong>"#) }{ m.next }</p>
            <p class="small mono">{ format!("{}: {}", e.name, e.message) }</p>
        </div>
    }
}

fn flag_rows(flags: Flags) -> Html {
    let rows = [
        ("UP", flags.up(), "User present: you touched or confirmed."),
        (
            "UV",
            flags.uv(),
            "User verified: PIN, fingerprint or face was checked.",
        ),
        (
            "BE",
            flags.be(),
            "Backup eligible: a passkey that can sync to other devices.",
        ),
        ("BS", flags.bs(), "Backed up: it is synced right now."),
        (
            "AT",
            flags.at(),
            "Attested credential data: the new credential is included.",
        ),
        ("ED", flags.ed(), "Extension data included."),
    ];
    html! {
        <ul class="wa-flags">
            { for rows.iter().map(|(n, on, m)| html! {
                <li data-flag={*n} data-on={on.to_string()}><span class={if *on { "badge sev-pass" } else { "badge coming" }}>{ format!("{n} {}", if *on { "set" } else { "not set" }) }</span>{" "}{ *m }</li>
            }) }
        </ul>
    }
}

fn registration_table(r: &crate::webauthn::results::Registration, a: &ParsedRegistration) -> Html {
    let aaguid_name = if a.aaguid_zero {
        "not disclosed (all zeros): security keys reveal their model only with attestation \"Direct\"".to_string()
    } else {
        a.aaguid_name.clone().unwrap_or_else(|| "not in ssocheck's list of passkey providers (security keys are listed in the FIDO Metadata Service)".into())
    };
    let rows: Vec<(&str, String)> = vec![
        (
            "Authenticator type reported",
            r.attachment
                .clone()
                .unwrap_or_else(|| "not reported".into()),
        ),
        (
            "Transports",
            if r.transports.is_empty() {
                "not reported".into()
            } else {
                r.transports.join(", ")
            },
        ),
        ("AAGUID", a.aaguid.clone()),
        ("Product", aaguid_name),
        ("Algorithm", a.alg_label.clone()),
        ("Key type", a.key_type.clone()),
        (
            "Attestation format",
            if a.certificates > 0 {
                format!(
                    "{} ({} certificate(s); not verified here)",
                    a.fmt, a.certificates
                )
            } else {
                a.fmt.clone()
            },
        ),
        (
            "Signature counter",
            format!(
                "{}{}",
                a.sign_count,
                if a.sign_count == 0 {
                    " (this authenticator does not count)"
                } else {
                    ""
                }
            ),
        ),
        (
            "Stored on the authenticator (discoverable)",
            r.discoverable
                .map(|d| if d { "yes".to_string() } else { "no".into() })
                .unwrap_or_else(|| "not reported".into()),
        ),
    ];
    html! {
        <div class="table-wrap">
            <table class="wa-reg">
                <tbody>
                    { for rows.into_iter().map(|(k, v)| html! { <tr><th scope="row">{ k }</th><td class="mono" data-field={k.to_string()}>{ v }</td></tr> }) }
                </tbody>
            </table>
        </div>
    }
}

fn outcome_view(o: &CeremonyOutcome) -> Html {
    let kind = match (&o.registration, &o.authentication) {
        (Err(_), _) => "register-failed",
        (Ok(_), Some(Ok(_))) => "success",
        _ => "auth-failed",
    };
    let reg = match &o.registration {
        Err(e) => error_view("Registration", e),
        Ok(r) => html! {
            <>
                <p>{ prose(r#"<span class="badge sev-pass">Pass</span>"#) }{ format!(" Registered a test credential with a {}.", o.attachment.label()) }</p>
                { match &r.attestation {
                    Ok(a) => html! { <>{ registration_table(r, a) }{ prose(r#"<h3>Flags</h3>"#) }{ flag_rows(a.flags()) }</> },
                    Err(e) => html! { <p class="notice err">{"The authenticator's response could not be read: "}{ e }</p> },
                } }
            </>
        },
    };
    let auth = match &o.authentication {
        None => html! {},
        Some(Err(e)) => error_view("Sign-in", e),
        Some(Ok(a)) => html! {
            <p>{ prose(r#"<span class="badge sev-pass">Pass</span>"#) }{" Signed in with the test credential"}{
                match &a.auth_data {
                    Ok((f, c)) => format!(" (flags {}, counter {c}).", Flags(*f).names()),
                    Err(e) => format!("; its data could not be read: {e}"),
                }
            }</p>
        },
    };
    html! {
        <div class="wa-outcome" data-outcome={kind}>
            { prose(r#"<h3>Result</h3>"#) }
            { reg }
            { auth }
        </div>
    }
}

fn removal_help() -> Html {
    html! {
        <details>
            <summary>{"How to remove the test passkey"}</summary>
            { prose(r#"<p>The test asks for a non-discoverable credential, so a security key keeps nothing. A built-in authenticator or password manager may still save an entry named "ssocheck-test" for this site; it is safe to delete:</p>"#) }
            <ul>
                { prose(r#"<li>Chrome / Edge (Google Password Manager, Microsoft Password Manager): Settings → Passwords → Passkeys, find this site, delete.</li>"#) }
                { prose(r#"<li>Windows Hello: Settings → Accounts → Passkeys (Windows 11), find this site, delete.</li>"#) }
                { prose(r#"<li>macOS, iOS, iPadOS: the Passwords app (or Settings → Passwords), find this site, delete the passkey.</li>"#) }
                { prose(r#"<li>Android: Google Password Manager, find this site, delete.</li>"#) }
                { prose(r#"<li>A security key that shows "Stored on the authenticator: yes": Chrome → Settings → Privacy and security → Security → Manage security keys → Sign-in data.</li>"#) }
            </ul>
            { prose(r#"<p class="best-knowledge">Best knowledge: menu names differ between versions.</p>"#) }
        </details>
    }
}
