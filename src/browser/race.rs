//! A promise against a timeout, so that no browser promise can hang a probe or the page, and the
//! probe helpers built on it.

use gloo::timers::callback::Timeout;
use js_sys::{Array, Object, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::js::{call, get, js_error_text};
use super::time::clamp_ms;
use crate::webauthn::results::Probe;

/// How a raced promise ended.
#[derive(Debug)]
pub enum Raced {
    Value(JsValue),
    Rejected(JsValue),
    Timeout,
}

/// Races `p` against a timer of `ms` milliseconds. The timer resolves with a fresh object that
/// nothing else can hold, so no real result (a string, `undefined`, anything) is taken for a
/// timeout. The timer is cleared when `p` settles first.
pub async fn race(p: Promise, ms: u32) -> Raced {
    let sentinel: JsValue = Object::new().into();
    let mut timer = None;
    let timed_out = Promise::new(&mut |resolve, _reject| {
        let sentinel = sentinel.clone();
        timer = Some(Timeout::new(clamp_ms(ms), move || {
            let _ = resolve.call1(&JsValue::UNDEFINED, &sentinel);
        }));
    });
    let result = JsFuture::from(Promise::race(&Array::of2(&p, &timed_out))).await;
    drop(timer);
    match result {
        Ok(v) if Object::is(&v, &sentinel) => Raced::Timeout,
        Ok(v) => Raced::Value(v),
        Err(e) => Raced::Rejected(e),
    }
}

/// Calls `obj[method](...args)`, which should return a promise, under a timeout. Every outcome is a
/// `Probe`: a missing method is `Absent`; a throw or a rejection is `Error` with its text.
pub async fn promise_probe(
    obj: &JsValue,
    method: &str,
    args: &[JsValue],
    ms: u32,
) -> Probe<JsValue> {
    if !get(obj, method).is_function() {
        return Probe::Absent;
    }
    let v = match call(obj, method, args) {
        Ok(v) => v,
        Err(e) => return Probe::Error(e),
    };
    // A non-promise answer is wrapped, so a broken polyfill still gives a result.
    let p = v
        .clone()
        .dyn_into::<Promise>()
        .unwrap_or_else(|_| Promise::resolve(&v));
    match race(p, ms).await {
        Raced::Value(v) => Probe::Value(v),
        Raced::Rejected(e) => Probe::Error(js_error_text(&e)),
        Raced::Timeout => Probe::Timeout,
    }
}

/// [`promise_probe`] for a method that answers a boolean; any other answer is an `Error`.
pub async fn bool_probe(obj: &JsValue, method: &str, ms: u32) -> Probe<bool> {
    match promise_probe(obj, method, &[], ms).await {
        Probe::Value(v) => match v.as_bool() {
            Some(b) => Probe::Value(b),
            None => Probe::Error(format!("{method} answered a non-boolean")),
        },
        Probe::Absent => Probe::Absent,
        Probe::Error(e) => Probe::Error(e),
        Probe::Timeout => Probe::Timeout,
        Probe::Skipped => Probe::Skipped,
    }
}
