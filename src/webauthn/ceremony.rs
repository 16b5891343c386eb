//! The test ceremony: register a throw-away credential with this page's own RP ID, then sign in
//! with it. Started only from the user's click. A watchdog (AbortController + timer, and a race as
//! a second line because an abort may not take effect) ends a ceremony that never settles, which
//! headless Chromium does when no authenticator exists.
//!
//! Nothing leaves the page: the challenge is never verified by a server (there is none), and the
//! outcome keeps no credential id, user id or public key.

use std::cell::Cell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use js_sys::{Array, Object, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::errors::WATCHDOG;
use super::results::{
    Assertion, Attachment, CeremonyOutcome, ParsedRegistration, Registration, StepError,
};
use crate::browser::js::{call, error_message, error_name, get, set};
use crate::browser::race::{race, Raced};

/// Default watchdog: long enough to find and touch a key, short enough not to leave the user
/// wondering.
pub const DEFAULT_WATCHDOG_MS: u32 = 60_000;

fn random_bytes(n: usize) -> Uint8Array {
    let mut buf = vec![0u8; n];
    // getrandom uses crypto.getRandomValues in the browser; on failure the ceremony would still
    // be harmless (nothing is verified), but zeros are never used silently.
    if getrandom::fill(&mut buf).is_err() {
        for (i, b) in buf.iter_mut().enumerate() {
            *b = (js_sys::Math::random() * 256.0) as u8 ^ i as u8;
        }
    }
    Uint8Array::from(buf.as_slice())
}

fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = set(&o, k, v);
    }
    o
}

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

fn step_error(name: &str, message: impl Into<String>) -> StepError {
    StepError {
        name: name.into(),
        message: message.into(),
    }
}

/// Runs `credentials[method]({publicKey, signal})` under the watchdog.
async fn guarded(method: &str, public_key: Object, watchdog_ms: u32) -> Result<JsValue, StepError> {
    let window = web_sys::window().ok_or_else(|| step_error("Error", "no window"))?;
    let creds = get(&get(&window.clone().into(), "navigator"), "credentials");
    let controller = web_sys::AbortController::new()
        .map_err(|e| step_error(&error_name(&e), error_message(&e)))?;
    let fired: Rc<Cell<bool>> = Rc::new(Cell::new(false));
    let options = obj(&[
        ("publicKey", public_key.into()),
        ("signal", controller.signal().into()),
    ]);
    let promise = match call(&creds, method, &[options.into()]) {
        Ok(p) => p
            .dyn_into::<Promise>()
            .unwrap_or_else(|v| Promise::resolve(&v)),
        Err(e) => {
            let (name, msg) = e.split_once(": ").unwrap_or(("Error", e.as_str()));
            return Err(step_error(name, msg));
        }
    };
    // Dropped when this function returns: a settled ceremony needs no watchdog.
    let _watchdog = {
        let fired = fired.clone();
        let controller = controller.clone();
        Timeout::new(crate::browser::time::clamp_ms(watchdog_ms), move || {
            fired.set(true);
            controller.abort();
        })
    };
    let watchdog_msg = || {
        step_error(
            WATCHDOG,
            format!(
                "no answer within {} seconds; the page's watchdog stopped the request",
                watchdog_ms / 1000
            ),
        )
    };
    // Second line of defence: the abort itself may be ignored, so race one more second.
    match race(promise, watchdog_ms.saturating_add(1000)).await {
        Raced::Value(v) if v.is_null() || v.is_undefined() => {
            Err(step_error("Error", "the browser returned no credential"))
        }
        Raced::Value(v) => Ok(v),
        Raced::Rejected(e) => {
            if fired.get() && error_name(&e) == "AbortError" {
                Err(watchdog_msg())
            } else {
                Err(step_error(&error_name(&e), error_message(&e)))
            }
        }
        Raced::Timeout => {
            controller.abort();
            Err(watchdog_msg())
        }
    }
}

fn bytes_of(v: &JsValue) -> Vec<u8> {
    if v.is_undefined() || v.is_null() {
        return Vec::new();
    }
    Uint8Array::new(v).to_vec()
}

/// Register, then authenticate. Call directly from the click handler's task: Safari needs the
/// `create()` call close to the user gesture, so nothing is awaited before it.
pub async fn run(attachment: Attachment, attestation: &str, watchdog_ms: u32) -> CeremonyOutcome {
    let attestation = if attestation == "direct" {
        "direct"
    } else {
        "none"
    };
    let host = web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default();
    let params = Array::new();
    // ES256, RS256 (Windows Hello needs it), EdDSA.
    for alg in [-7, -257, -8] {
        params.push(&obj(&[("type", s("public-key")), ("alg", JsValue::from(alg))]).into());
    }
    let public_key = obj(&[
        (
            "rp",
            obj(&[("id", s(&host)), ("name", s("ssocheck test"))]).into(),
        ),
        (
            "user",
            obj(&[
                ("id", random_bytes(16).into()),
                // Fixed, non-personal names: the platform may show them in a passkey list.
                ("name", s("ssocheck-test")),
                ("displayName", s("ssocheck test (safe to delete)")),
            ])
            .into(),
        ),
        ("challenge", random_bytes(32).into()),
        ("pubKeyCredParams", params.into()),
        (
            "authenticatorSelection",
            obj(&[
                ("authenticatorAttachment", s(attachment.js())),
                // Non-discoverable: nothing is stored on a security key.
                ("residentKey", s("discouraged")),
                ("requireResidentKey", JsValue::FALSE),
                ("userVerification", s("preferred")),
            ])
            .into(),
        ),
        ("attestation", s(attestation)),
        ("timeout", JsValue::from(watchdog_ms)),
        ("extensions", obj(&[("credProps", JsValue::TRUE)]).into()),
    ]);
    let mut outcome = CeremonyOutcome {
        attachment,
        attestation: attestation.into(),
        registration: Err(step_error("Error", "not run")),
        authentication: None,
    };
    let cred = match guarded("create", public_key, watchdog_ms).await {
        Ok(c) => c,
        Err(e) => {
            outcome.registration = Err(e);
            return outcome;
        }
    };
    let response = get(&cred, "response");
    let raw_id = get(&cred, "rawId");
    let transports: Vec<String> = call(&response, "getTransports", &[])
        .ok()
        .and_then(|v| v.dyn_into::<Array>().ok())
        .map(|a| a.iter().filter_map(|t| t.as_string()).collect())
        .unwrap_or_default();
    let ext = call(&cred, "getClientExtensionResults", &[]).unwrap_or(JsValue::UNDEFINED);
    let registration = Registration {
        attachment: get(&cred, "authenticatorAttachment").as_string(),
        transports: transports.clone(),
        discoverable: get(&get(&ext, "credProps"), "rk").as_bool(),
        credential_id_len: bytes_of(&raw_id).len(),
        attestation: ParsedRegistration::from_attestation_object(&bytes_of(&get(
            &response,
            "attestationObject",
        ))),
    };
    outcome.registration = Ok(registration);

    let t = Array::new();
    for x in &transports {
        t.push(&s(x));
    }
    let allow = Array::of1(
        &obj(&[
            ("type", s("public-key")),
            ("id", raw_id),
            ("transports", t.into()),
        ])
        .into(),
    );
    let request = obj(&[
        ("challenge", random_bytes(32).into()),
        ("rpId", s(&host)),
        ("allowCredentials", allow.into()),
        ("userVerification", s("preferred")),
        ("timeout", JsValue::from(watchdog_ms)),
    ]);
    outcome.authentication = Some(match guarded("get", request, watchdog_ms).await {
        Ok(a) => Ok(Assertion {
            attachment: get(&a, "authenticatorAttachment").as_string(),
            auth_data: Assertion::parse_auth_data(&bytes_of(&get(
                &get(&a, "response"),
                "authenticatorData",
            ))),
        }),
        Err(e) => Err(e),
    });
    outcome
}
