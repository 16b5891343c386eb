//! Small, total wrappers over `js_sys::Reflect` for APIs web-sys lacks or marks unstable, and a
//! timeout race so that no browser promise can hang the page. wasm32 only.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::results::Probe;

/// `obj[key]`, or `undefined` when reading throws (cross-origin objects, getters that throw).
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    if obj.is_undefined() || obj.is_null() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub fn set(obj: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

pub fn is_function(v: &JsValue) -> bool {
    v.is_function()
}

/// `obj[method](...args)`; `Err` with "Name: message" when missing or when it throws.
pub fn call(obj: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let f = get(obj, method);
    let f: Function = f
        .dyn_into()
        .map_err(|_| format!("{method} is not a function"))?;
    let arr = js_sys::Array::new();
    for a in args {
        arr.push(a);
    }
    f.apply(obj, &arr).map_err(|e| error_text(&e))
}

/// "Name: message" for a thrown value (DOMException, Error, or anything else).
pub fn error_text(e: &JsValue) -> String {
    let name = get(e, "name").as_string();
    let msg = get(e, "message").as_string();
    match (name, msg) {
        (Some(n), Some(m)) => format!("{n}: {m}"),
        (Some(n), None) => n,
        _ => e.as_string().unwrap_or_else(|| "unknown error".into()),
    }
}

/// The DOMException name of a thrown value ("NotAllowedError"...), or "Error".
pub fn error_name(e: &JsValue) -> String {
    get(e, "name").as_string().unwrap_or_else(|| "Error".into())
}

pub fn error_message(e: &JsValue) -> String {
    get(e, "message")
        .as_string()
        .unwrap_or_else(|| e.as_string().unwrap_or_default())
}

/// A promise that resolves to `value` after `ms` milliseconds (setTimeout).
pub fn delay(ms: u32, value: JsValue) -> Promise {
    Promise::new(&mut |resolve, _reject| {
        let value = value.clone();
        let cb = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::UNDEFINED, &value);
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                cb.unchecked_ref(),
                ms.min(i32::MAX as u32) as i32,
            );
        }
    })
}

pub enum Raced {
    Value(JsValue),
    Rejected(JsValue),
    Timeout,
}

/// Races `p` against a timer; a unique sentinel object tells the timer's win from any real value.
pub async fn race(p: Promise, ms: u32) -> Raced {
    let sentinel: JsValue = Object::new().into();
    let timer = delay(ms, sentinel.clone());
    let both = js_sys::Array::of2(&p, &timer);
    match JsFuture::from(Promise::race(&both)).await {
        Ok(v) if Object::is(&v, &sentinel) => Raced::Timeout,
        Ok(v) => Raced::Value(v),
        Err(e) => Raced::Rejected(e),
    }
}

/// Calls a static method that returns a promise of a boolean, with a timeout; every outcome is a
/// `Probe`, including a missing method, a throw, a rejection and a non-boolean answer.
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

pub async fn promise_probe(
    obj: &JsValue,
    method: &str,
    args: &[JsValue],
    ms: u32,
) -> Probe<JsValue> {
    if !is_function(&get(obj, method)) {
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
        Raced::Rejected(e) => Probe::Error(error_text(&e)),
        Raced::Timeout => Probe::Timeout,
    }
}
