//! Probe results → a verdict in plain words: which MFA options an Identity Center registration
//! will offer in this browser, why, and what to try next. Pure: the page, the self-check and the
//! native tests all call `evaluate` with plain data.

use serde::Serialize;

use super::checks::*;
use super::errors;
use super::results::{CeremonyOutcome, Probe, ProbeResults};
use super::useragent::{identify, BrowserInfo};
use crate::finding::{Evidence, Finding, Severity};
use crate::useragent::Browser;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Availability {
    Yes,
    No,
    Unknown,
}

impl Availability {
    pub fn label(self) -> &'static str {
        match self {
            Availability::Yes => "yes",
            Availability::No => "no",
            Availability::Unknown => "unknown",
        }
    }
}

/// One MFA option Identity Center may offer, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MfaOption {
    pub available: Availability,
    pub reason: String,
}

/// The overall case, worst gate first. The page and tests select on `slug()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictKind {
    NotSecure,
    NoWebauthn,
    BlockedFrame,
    /// WebAuthn works; a user-verifying built-in authenticator is available too.
    Ready,
    /// WebAuthn works, but no built-in authenticator: security keys (and phones) only.
    SecurityKeyOnly,
    /// WebAuthn works; whether a built-in authenticator exists could not be found out.
    BuiltInUnknown,
}

impl VerdictKind {
    pub fn slug(self) -> &'static str {
        match self {
            VerdictKind::NotSecure => "not-secure",
            VerdictKind::NoWebauthn => "no-webauthn",
            VerdictKind::BlockedFrame => "blocked-frame",
            VerdictKind::Ready => "ready",
            VerdictKind::SecurityKeyOnly => "security-key-only",
            VerdictKind::BuiltInUnknown => "built-in-unknown",
        }
    }
    pub fn severity(self) -> Severity {
        match self {
            VerdictKind::NotSecure | VerdictKind::NoWebauthn | VerdictKind::BlockedFrame => {
                Severity::Error
            }
            VerdictKind::Ready => Severity::Pass,
            VerdictKind::SecurityKeyOnly | VerdictKind::BuiltInUnknown => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub kind: VerdictKind,
    pub headline: String,
    pub summary: String,
    pub built_in: MfaOption,
    pub security_key: MfaOption,
    pub next_steps: Vec<String>,
    /// Whether the test ceremony can run on this page (secure, WebAuthn present, domain host,
    /// not blocked by a frame).
    pub ceremony_possible: bool,
    pub browser: BrowserInfo,
    pub findings: Vec<Finding>,
}

impl Verdict {
    /// "built-in authenticator and security key", "security key", "none" or "unknown".
    pub fn offered(&self) -> String {
        use Availability::*;
        match (self.built_in.available, self.security_key.available) {
            (Yes, Yes) => "built-in authenticator and security key".into(),
            (No, Yes) => "security key only".into(),
            (Unknown, Yes) => "security key; built-in authenticator unknown".into(),
            (_, No) => "none".into(),
            _ => "unknown".into(),
        }
    }
}

/// Whether `host` is an IPv4 or IPv6 literal (WebAuthn needs a domain as RP ID).
pub fn is_ip_literal(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.parse::<std::net::IpAddr>().is_ok()
}

fn probe_text(p: &Probe<bool>) -> String {
    p.describe(|v| v.to_string())
}

pub fn evaluate(p: &ProbeResults) -> Verdict {
    let browser = identify(&p.user_agent, p.ua_hints.value());
    let mut f = Vec::new();
    let secure = p.secure_context.value().copied();
    let api = p.public_key_credential && p.credentials_create && p.credentials_get;
    let ip = is_ip_literal(&p.hostname);
    let policy_blocked =
        p.policy_create.value() == Some(&false) || p.policy_get.value() == Some(&false);
    let frame_blocked = p.cross_origin_frame && policy_blocked;

    // 1. Secure context.
    match secure {
        Some(true) => f.push(Finding::pass(&SECURE_CONTEXT, "The page is a secure context.")),
        Some(false) => f.push(
            Finding::new(
                &SECURE_CONTEXT,
                "This page was opened over plain HTTP on a host other than localhost, so the browser hides WebAuthn here.",
            )
            .evidence(Evidence::new(format!("isSecureContext=false, protocol {}", p.protocol), "window.isSecureContext")),
        ),
        None => f.push(
            Finding::new(&SECURE_CONTEXT, "The browser did not say whether the page is a secure context.")
                .severity(Severity::Warning)
                .evidence(Evidence::new(probe_text(&p.secure_context), "window.isSecureContext")),
        ),
    }
    // 2. The API itself.
    if api {
        f.push(Finding::pass(
            &API_PRESENT,
            "PublicKeyCredential and navigator.credentials.create/get are present.",
        ));
    } else {
        let ev = format!(
            "PublicKeyCredential is {}; navigator.credentials.create {}; get {}",
            if p.public_key_credential {
                "a function"
            } else {
                "missing"
            },
            if p.credentials_create {
                "present"
            } else {
                "missing"
            },
            if p.credentials_get {
                "present"
            } else {
                "missing"
            },
        );
        let msg = if secure == Some(false) {
            "WebAuthn is hidden because the page is not a secure context (this says nothing about the browser itself)."
        } else {
            "This browser does not offer WebAuthn: it cannot use security keys or built-in authenticators."
        };
        let sev = if secure == Some(false) {
            Severity::Info
        } else {
            Severity::Error
        };
        f.push(
            Finding::new(&API_PRESENT, msg)
                .severity(sev)
                .evidence(Evidence::new(ev, "window.PublicKeyCredential")),
        );
    }
    // 3. Domain, not IP literal.
    if ip {
        f.push(
            Finding::new(&DOMAIN_HOST, "The page was opened by IP address; the browser refuses WebAuthn ceremonies there (SecurityError), so the test below cannot run.")
                .evidence(Evidence::new(p.hostname.clone(), "location.hostname")),
        );
    } else if !p.hostname.is_empty() {
        f.push(Finding::pass(
            &DOMAIN_HOST,
            "The page's host is a domain name.",
        ));
    }
    // 4. Frames and permissions policy.
    let policy_ev = format!(
        "in a frame: {}; cross-origin: {}; publickey-credentials-create: {}; publickey-credentials-get: {}",
        p.in_frame,
        p.cross_origin_frame,
        probe_text(&p.policy_create),
        probe_text(&p.policy_get)
    );
    if frame_blocked {
        f.push(
            Finding::new(&FRAME_POLICY, "This page is shown inside a frame of another site that does not allow security keys and passkeys, so every registration fails here with NotAllowedError.")
                .evidence(Evidence::new(policy_ev, "document.featurePolicy")),
        );
    } else if p.cross_origin_frame && p.policy_create.value().is_none() {
        f.push(
            Finding::new(&FRAME_POLICY, "This page is inside a frame of another site; this browser does not report whether that site allows WebAuthn, so registration may be blocked.")
                .severity(Severity::Warning)
                .evidence(Evidence::new(policy_ev, "window.top")),
        );
    } else if p.in_frame {
        f.push(
            Finding::pass(
                &FRAME_POLICY,
                "The page is in a frame, but WebAuthn is allowed there.",
            )
            .evidence(Evidence::new(policy_ev, "document.featurePolicy")),
        );
    } else {
        f.push(Finding::pass(
            &FRAME_POLICY,
            "The page is the top-level document; no frame restricts WebAuthn.",
        ));
    }
    // 5. Built-in authenticator.
    let linux_note = if browser.os == "Linux" {
        " Desktop Linux browsers usually have no built-in authenticator; that is expected."
    } else {
        ""
    };
    match &p.uvpaa {
        Probe::Value(true) => f.push(Finding::pass(&PLATFORM_AUTHENTICATOR, "A built-in authenticator with user verification is available (Windows Hello, Touch ID, Android screen lock or similar).")),
        Probe::Value(false) => f.push(
            Finding::new(&PLATFORM_AUTHENTICATOR, format!("No built-in authenticator with fingerprint, face or PIN was found. Security keys still work in this browser.{linux_note}"))
                .evidence(Evidence::new("false", "isUserVerifyingPlatformAuthenticatorAvailable()")),
        ),
        Probe::Skipped => {}
        other => f.push(
            Finding::new(&PLATFORM_AUTHENTICATOR, "Whether a built-in authenticator exists could not be found out.")
                .severity(Severity::Warning)
                .evidence(Evidence::new(probe_text(other), "isUserVerifyingPlatformAuthenticatorAvailable()")),
        ),
    }
    // 6. Conditional mediation (informational).
    match &p.conditional_mediation {
        Probe::Value(true) => f.push(Finding::pass(&CONDITIONAL_MEDIATION, "Passkey autofill is available.")),
        Probe::Value(false) => f.push(Finding::new(&CONDITIONAL_MEDIATION, "Passkey autofill is not available. Identity Center MFA does not need it.")),
        Probe::Absent => f.push(Finding::new(&CONDITIONAL_MEDIATION, "This browser has no isConditionalMediationAvailable() (before Chrome 108, Firefox 119, Safari 16). Identity Center MFA does not need it.")),
        Probe::Skipped => {}
        other => f.push(Finding::new(&CONDITIONAL_MEDIATION, "The autofill probe failed.").evidence(Evidence::new(probe_text(other), "isConditionalMediationAvailable()"))),
    }
    // 7. Client capabilities: every key shown; absent = unknown.
    match &p.client_capabilities {
        Probe::Value(caps) => {
            let list = caps.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ");
            f.push(Finding::pass(&CLIENT_CAPABILITIES, format!("The browser reported {} capabilities; keys it left out are unknown, not unsupported.", caps.len())).evidence(Evidence::new(list, "getClientCapabilities()")));
        }
        Probe::Absent => f.push(Finding::new(&CLIENT_CAPABILITIES, "This browser has no getClientCapabilities() (added in Chrome/Edge 133, Firefox 135, Safari 17.4): every capability is unknown, which is fine.")),
        Probe::Skipped => {}
        other => f.push(Finding::new(&CLIENT_CAPABILITIES, "getClientCapabilities() failed.").severity(Severity::Warning).evidence(Evidence::new(p_caps_text(other), "getClientCapabilities()"))),
    }
    // 8. JSON helpers.
    if api {
        if p.parse_creation_options_from_json && p.to_json {
            f.push(Finding::pass(
                &JSON_HELPERS,
                "parseCreationOptionsFromJSON and toJSON are present.",
            ));
        } else {
            f.push(Finding::new(&JSON_HELPERS, format!(
                "parseCreationOptionsFromJSON {}, toJSON {} (both since Chrome 129, Firefox 119, Safari 18.4). Sites normally work around their absence.",
                if p.parse_creation_options_from_json { "present" } else { "missing" },
                if p.to_json { "present" } else { "missing" })));
        }
    }
    // 9. Browser and version.
    let bsum = browser.summary();
    let too_old =
        matches!((browser.major, browser.webauthn_minimum()), (Some(v), Some(min)) if v < min);
    if browser.name == Browser::InternetExplorer {
        f.push(
            Finding::new(&BROWSER, "Internet Explorer has no WebAuthn.")
                .severity(Severity::Error)
                .evidence(Evidence::new(bsum.clone(), "navigator.userAgent")),
        );
    } else if too_old {
        f.push(
            Finding::new(
                &BROWSER,
                format!(
                    "{bsum} is older than the first version with WebAuthn ({}).",
                    browser.webauthn_minimum().unwrap_or(0)
                ),
            )
            .severity(Severity::Error)
            .evidence(Evidence::new(bsum.clone(), "navigator.userAgent")),
        );
    } else if !browser.aws_listed() {
        f.push(Finding::new(&BROWSER, format!("{bsum}: the Identity Center guide names Chrome, Firefox, Edge and Safari. Other browsers may work if they pass the probes here.")).severity(Severity::Info).evidence(Evidence::new(bsum.clone(), if browser.from_hints { "navigator.userAgentData" } else { "navigator.userAgent" })));
    } else {
        f.push(Finding::pass(
            &BROWSER,
            format!("{bsum}, a browser the Identity Center guide names."),
        ));
    }
    // 10. Probes that threw or hung.
    let mut failed = Vec::new();
    for (name, probe) in [
        ("isSecureContext", &p.secure_context),
        ("isUserVerifyingPlatformAuthenticatorAvailable", &p.uvpaa),
        ("isConditionalMediationAvailable", &p.conditional_mediation),
    ] {
        if matches!(probe, Probe::Error(_) | Probe::Timeout) {
            failed.push(format!("{name}: {}", probe_text(probe)));
        }
    }
    if matches!(p.client_capabilities, Probe::Error(_) | Probe::Timeout) {
        failed.push(format!(
            "getClientCapabilities: {}",
            p_caps_text(&p.client_capabilities)
        ));
    }
    if !failed.is_empty() {
        f.push(
            Finding::new(
                &PROBE_FAILED,
                format!("{} probe(s) threw or did not answer in time.", failed.len()),
            )
            .evidence(Evidence::new(failed.join("; "), "probes")),
        );
    }

    // The verdict, worst gate first.
    let kind = if secure == Some(false) {
        VerdictKind::NotSecure
    } else if !api {
        VerdictKind::NoWebauthn
    } else if frame_blocked {
        VerdictKind::BlockedFrame
    } else {
        match p.uvpaa {
            Probe::Value(true) => VerdictKind::Ready,
            Probe::Value(false) => VerdictKind::SecurityKeyOnly,
            _ => VerdictKind::BuiltInUnknown,
        }
    };
    let unknown = |r: &str| MfaOption {
        available: Availability::Unknown,
        reason: r.into(),
    };
    let (headline, summary, built_in, security_key, mut next) = match kind {
        VerdictKind::NotSecure => (
            "Not a secure context: nothing can be tested on this page".to_string(),
            "This page was opened over plain HTTP, so the browser hides WebAuthn here. This is about how this page was opened, not about your browser: Identity Center's portal uses HTTPS.".to_string(),
            unknown("WebAuthn is hidden on this insecure page."),
            unknown("WebAuthn is hidden on this insecure page."),
            vec!["Open ssocheck over HTTPS (or on localhost) and run the check again.".to_string()],
        ),
        VerdictKind::NoWebauthn => (
            "This browser does not support security keys or passkeys".to_string(),
            format!("{bsum} does not offer WebAuthn, so Identity Center will say \"Browser not supported\" and offer neither a built-in authenticator nor a security key."),
            MfaOption { available: Availability::No, reason: "The browser has no WebAuthn.".into() },
            MfaOption { available: Availability::No, reason: "The browser has no WebAuthn.".into() },
            vec![
                "Update this browser, or use a current Chrome, Edge, Firefox or Safari (WebAuthn since Chrome 67, Edge 18, Firefox 60, Safari 13).".to_string(),
                "An in-app browser (for example inside a mail or chat app) may lack WebAuthn: open the link in the real browser.".to_string(),
                "An authenticator app (TOTP) works in any browser if your administrator allows it.".to_string(),
            ],
        ),
        VerdictKind::BlockedFrame => (
            "Blocked: this page runs inside another site's frame".to_string(),
            "The browser supports WebAuthn, but this copy of the page is embedded in a frame of another site that has not delegated it, so every registration fails here. Identity Center's own pages are not affected when opened directly.".to_string(),
            unknown("Blocked by the surrounding page; open ssocheck directly to test."),
            unknown("Blocked by the surrounding page; open ssocheck directly to test."),
            vec!["Open ssocheck directly in its own browser tab (not inside a portal or another site) and run the check again.".to_string()],
        ),
        VerdictKind::Ready => (
            "Ready: built-in authenticator and security keys can be registered".to_string(),
            format!("{bsum} supports WebAuthn and has a built-in authenticator with user verification, so Identity Center can offer both the built-in authenticator and a security key."),
            MfaOption { available: Availability::Yes, reason: "isUserVerifyingPlatformAuthenticatorAvailable() is true.".into() },
            MfaOption { available: Availability::Yes, reason: "WebAuthn is present; plug in or tap the key when asked.".into() },
            vec!["If Identity Center still says \"Browser not supported\", run the test below and report the result to your help desk.".to_string()],
        ),
        VerdictKind::SecurityKeyOnly => (
            "Security keys work here; no built-in authenticator was found".to_string(),
            format!("{bsum} supports WebAuthn, so security keys (and phones, where the browser supports that) can be registered. It found no built-in authenticator, so Identity Center will not offer that option here. A site that treats this as \"browser not supported\" is mistaken: that is a known trap, for example with Firefox on Linux."),
            MfaOption { available: Availability::No, reason: "isUserVerifyingPlatformAuthenticatorAvailable() is false.".into() },
            MfaOption { available: Availability::Yes, reason: "WebAuthn is present; no built-in authenticator is needed for a security key.".into() },
            vec![
                "Register a security key (USB, NFC or Bluetooth) instead of the built-in authenticator.".to_string(),
                "For a built-in authenticator: set up Windows Hello, Touch ID or a device screen lock, or use a browser and system that have one, then reload.".to_string(),
                "Private or guest windows may hide a built-in authenticator or passkeys in some browsers (best knowledge): try a normal window.".to_string(),
            ],
        ),
        VerdictKind::BuiltInUnknown => (
            "Security keys should work; the built-in authenticator could not be checked".to_string(),
            format!("{bsum} supports WebAuthn, but did not answer whether a built-in authenticator exists."),
            unknown("The platform-authenticator probe failed or timed out."),
            MfaOption { available: Availability::Yes, reason: "WebAuthn is present.".into() },
            vec!["Run the test below to find out which authenticator works.".to_string()],
        ),
    };
    if too_old || browser.name == Browser::InternetExplorer {
        next.insert(
            0,
            "Update the browser: this version is too old for WebAuthn.".into(),
        );
    }
    if matches!(
        kind,
        VerdictKind::Ready | VerdictKind::SecurityKeyOnly | VerdictKind::BuiltInUnknown
    ) && ip
    {
        next.push(
            "Open this page by its domain name rather than an IP address to run the test.".into(),
        );
    }
    let ceremony_possible = api && secure != Some(false) && !ip && !frame_blocked;
    Verdict {
        kind,
        headline,
        summary,
        built_in,
        security_key,
        next_steps: next,
        ceremony_possible,
        browser,
        findings: f,
    }
}

fn p_caps_text<T>(p: &Probe<T>) -> String {
    p.describe(|_| "answered".into())
}

/// Findings from a test ceremony. No credential id or user data goes in.
pub fn ceremony_findings(c: &CeremonyOutcome) -> Vec<Finding> {
    let mut f = Vec::new();
    let step_error = |check, e: &super::results::StepError| {
        let m = errors::explain(&e.name, &e.message);
        Finding::new(check, format!("{}: {}", m.title, m.meaning))
            .evidence(Evidence::new(
                format!("{}: {}", e.name, e.message),
                "navigator.credentials",
            ))
            .fix(m.next)
    };
    match &c.registration {
        Err(e) => f.push(step_error(&CEREMONY_REGISTER, e)),
        Ok(r) => {
            f.push(Finding::pass(
                &CEREMONY_REGISTER,
                format!(
                    "A test credential was registered with a {} (attestation \"{}\").",
                    c.attachment.label(),
                    c.attestation
                ),
            ));
            match &r.attestation {
                Err(e) => f.push(Finding::new(
                    &AUTHENTICATOR_DATA,
                    format!("The authenticator's response could not be read: {e}"),
                )),
                Ok(a) => {
                    let fl = a.flags();
                    if !fl.up() {
                        f.push(Finding::new(&AUTHENTICATOR_DATA, "The authenticator did not report user presence (UP flag), which WebAuthn requires.").evidence(Evidence::new(fl.names(), "authenticatorData.flags")));
                    } else if fl.reserved() != 0 {
                        f.push(Finding::new(&AUTHENTICATOR_DATA, format!("Reserved flag bits are set (0x{:02x}); the authenticator does not follow the spec.", fl.reserved())).evidence(Evidence::new(fl.names(), "authenticatorData.flags")));
                    } else {
                        f.push(Finding::pass(
                            &AUTHENTICATOR_DATA,
                            format!(
                                "Flags {}; {}; {}; attestation format {}.",
                                fl.names(),
                                a.alg_label,
                                a.key_type,
                                a.fmt
                            ),
                        ));
                    }
                    if !fl.uv() {
                        f.push(Finding::new(&AUTHENTICATOR_DATA, "The authenticator confirmed presence (a touch) but did not verify you with PIN or biometrics. Whether Identity Center requires verification is not documented (best knowledge: it asks for it when available).").severity(Severity::Info));
                    }
                }
            }
        }
    }
    match &c.authentication {
        None => {}
        Some(Err(e)) => f.push(step_error(&CEREMONY_AUTHENTICATE, e)),
        Some(Ok(a)) => match &a.auth_data {
            Ok((flags, count)) => {
                f.push(Finding::pass(
                    &CEREMONY_AUTHENTICATE,
                    format!(
                        "Signing in with the test credential worked (flags {}).",
                        super::authdata::Flags(*flags).names()
                    ),
                ));
                // A counter that does not grow (when the authenticator counts at all) is how
                // servers spot a cloned authenticator.
                let reg_count = c
                    .registration
                    .as_ref()
                    .ok()
                    .and_then(|r| r.attestation.as_ref().ok())
                    .map(|a| a.sign_count);
                if let Some(rc) = reg_count {
                    if (rc != 0 || *count != 0) && *count <= rc {
                        f.push(
                            Finding::new(
                                &AUTHENTICATOR_DATA,
                                format!("The signature counter did not increase ({rc} at registration, {count} at sign-in); servers treat that as a sign of a cloned authenticator."),
                            )
                            .evidence(Evidence::new(format!("{rc} -> {count}"), "authenticatorData.signCount")),
                        );
                    }
                }
            }
            Err(e) => f.push(Finding::new(
                &AUTHENTICATOR_DATA,
                format!("Sign-in worked, but its authenticator data could not be read: {e}"),
            )),
        },
    }
    f
}
