//! The verdict card and the table of probe results.

use yew::prelude::*;

use crate::ui::components::findings::severity_badge;
use crate::ui::components::prose;
use crate::webauthn::results::{Probe, ProbeResults};
use crate::webauthn::verdict::{Availability, MfaOption, Verdict};

fn availability(a: &MfaOption) -> Html {
    let (class, text) = match a.available {
        Availability::Yes => ("sev-pass", "Offered"),
        Availability::No => ("sev-error", "Not offered"),
        Availability::Unknown => ("sev-info", "Unknown"),
    };
    html! { <span class={format!("badge {class}")}>{ text }</span> }
}

pub fn verdict_card(v: &Verdict) -> Html {
    html! {
        <section class="card wa-verdict" aria-labelledby="wa-verdict-h" data-verdict={v.kind.slug()}>
            { prose(r#"<h2 id="wa-verdict-h">Verdict</h2>"#) }
            <div role="status" aria-live="polite">
                <p class="verdict">{ severity_badge(v.kind.severity()) }{" "}{ &v.headline }</p>
                <p>{ &v.summary }</p>
            </div>
            { prose(r#"<h3>What Identity Center can offer in this browser</h3>"#) }
            <div class="table-wrap">
                <table>
                    <thead><tr><th scope="col">{"MFA option"}</th><th scope="col">{"Here"}</th><th scope="col">{"Why"}</th></tr></thead>
                    <tbody>
                        <tr data-option="built-in"><th scope="row">{"Built-in authenticator (Windows Hello, Touch ID, screen lock)"}</th><td>{ availability(&v.built_in) }</td><td>{ &v.built_in.reason }</td></tr>
                        <tr data-option="security-key"><th scope="row">{"Security key (USB, NFC, Bluetooth)"}</th><td>{ availability(&v.security_key) }</td><td>{ &v.security_key.reason }</td></tr>
                    </tbody>
                </table>
            </div>
            { prose(r#"<h3>What to try next</h3>"#) }
            <ul>{ for v.next_steps.iter().map(|s| html! { <li>{ s }</li> }) }</ul>
            { prose(r#"<p class="best-knowledge">Best knowledge: AWS does not document which browser checks Identity Center makes. This verdict applies the WebAuthn standard and the browser versions from MDN; the authenticator-app option (TOTP) is not covered here.</p>"#) }
        </section>
    }
}

fn b(x: bool) -> String {
    if x { "yes" } else { "no" }.into()
}

fn pb(p: &Probe<bool>) -> String {
    p.describe(|v| v.to_string())
}

/// The capability keys the spec defines; other keys the browser sends are shown too.
const SPEC_CAPABILITIES: &[(&str, &str)] = &[
    (
        "conditionalCreate",
        "passkey creation without a prompt (conditional create)",
    ),
    ("conditionalGet", "passkey autofill in sign-in forms"),
    ("hybridTransport", "sign in with a phone (QR code / hybrid)"),
    (
        "passkeyPlatformAuthenticator",
        "a passkey provider on this device or a phone",
    ),
    (
        "userVerifyingPlatformAuthenticator",
        "a built-in authenticator with fingerprint, face or PIN",
    ),
    ("relatedOrigins", "passkeys shared across related sites"),
    (
        "signalAllAcceptedCredentials",
        "sites can tell the provider which passkeys are still valid",
    ),
    (
        "signalCurrentUserDetails",
        "sites can update names shown for passkeys",
    ),
    (
        "signalUnknownCredential",
        "sites can report deleted passkeys",
    ),
];

fn capabilities(p: &ProbeResults) -> Html {
    let Probe::Value(caps) = &p.client_capabilities else {
        return html! { <p class="small">{"getClientCapabilities(): "}{ p.client_capabilities.describe(|_| String::new()) }{". Every capability is unknown, which is fine for older browsers."}</p> };
    };
    let cell = |v: Option<&bool>| match v {
        Some(true) => html! { { prose(r#"<span class="badge sev-pass">supported</span>"#) } },
        Some(false) => html! { { prose(r#"<span class="badge sev-info">not supported</span>"#) } },
        None => html! { { prose(r#"<span class="badge coming">unknown (not reported)</span>"#) } },
    };
    let others: Vec<_> = caps
        .iter()
        .filter(|(k, _)| !SPEC_CAPABILITIES.iter().any(|(s, _)| s == k))
        .collect();
    html! {
        <details class="wa-caps">
            <summary>{ format!("Client capabilities ({} reported)", caps.len()) }</summary>
            { prose(r#"<p class="small muted">A key the browser leaves out is unknown, not unsupported.</p>"#) }
            <div class="table-wrap">
                <table>
                    <thead><tr><th scope="col">{"Capability"}</th><th scope="col">{"Meaning"}</th><th scope="col">{"Value"}</th></tr></thead>
                    <tbody>
                        { for SPEC_CAPABILITIES.iter().map(|(k, m)| html! {
                            <tr data-cap={*k}><td><code>{ *k }</code></td><td>{ *m }</td><td>{ cell(caps.get(*k)) }</td></tr>
                        }) }
                        { for others.iter().map(|(k, v)| html! {
                            <tr data-cap={(*k).clone()}><td><code>{ (*k).clone() }</code></td><td>{ if k.starts_with("extension:") { "the browser handles this extension" } else { "not in the standard (yet)" } }</td><td>{ cell(Some(v)) }</td></tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </details>
    }
}

pub fn probe_table(p: &ProbeResults, v: &Verdict) -> Html {
    let frame = if !p.in_frame {
        "top-level page".to_string()
    } else if p.cross_origin_frame {
        "inside a frame of another site".to_string()
    } else {
        "inside a frame of this site".to_string()
    };
    let rows: Vec<(&str, String, &str)> = vec![
        ("Secure context", pb(&p.secure_context), "WebAuthn exists only on HTTPS pages and localhost."),
        ("PublicKeyCredential", b(p.public_key_credential), "The WebAuthn interface itself."),
        ("navigator.credentials create / get", format!("{} / {}", b(p.credentials_create), b(p.credentials_get)), "The calls that register and use a key."),
        ("Page host is a domain", b(!crate::webauthn::verdict::is_ip_literal(&p.hostname)), "An IP address cannot be a WebAuthn site ID."),
        ("Built-in authenticator", pb(&p.uvpaa), "isUserVerifyingPlatformAuthenticatorAvailable(): false does not mean security keys fail."),
        ("Passkey autofill", pb(&p.conditional_mediation), "isConditionalMediationAvailable(); not needed for Identity Center."),
        ("JSON helpers", format!("parseCreationOptionsFromJSON {}, toJSON {}", b(p.parse_creation_options_from_json), b(p.to_json)), "Newer convenience methods."),
        ("Frame", frame, "Frames of other sites need allow=\"publickey-credentials-create; publickey-credentials-get\"."),
        ("Permissions Policy create / get", format!("{} / {}", pb(&p.policy_create), pb(&p.policy_get)), "document.featurePolicy (Chromium only)."),
        ("Browser", v.browser.summary(), if v.browser.from_hints { "From User-Agent Client Hints." } else { "From the user-agent string, which browsers may freeze or disguise." }),
    ];
    html! {
        <section aria-labelledby="wa-probes-h">
            { prose(r#"<h2 id="wa-probes-h">What the browser reported</h2>"#) }
            <div class="table-wrap">
                <table class="wa-probes">
                    <thead><tr><th scope="col">{"Probe"}</th><th scope="col">{"Result"}</th><th scope="col">{"Meaning"}</th></tr></thead>
                    <tbody>
                        { for rows.into_iter().map(|(k, val, m)| html! {
                            <tr><th scope="row">{ k }</th><td class="mono">{ val }</td><td>{ m }</td></tr>
                        }) }
                    </tbody>
                </table>
            </div>
            { capabilities(p) }
            <p class="small muted">{"User agent: "}<span class="mono">{ &p.user_agent }</span></p>
        </section>
    }
}
