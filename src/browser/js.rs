//! Small, total wrappers over `js_sys::Reflect` for properties web-sys lacks or marks unstable, and
//! the one description of a thrown JS value.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The global object (`window` in the page, `self` in a worker).
pub fn global() -> JsValue {
    js_sys::global().into()
}

/// `obj[key]`, or `undefined` when `obj` is nullish or reading throws (cross-origin objects,
/// getters that throw).
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    if obj.is_undefined() || obj.is_null() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `obj[key]` when it is a string.
pub fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).as_string()
}

/// `obj[key]` when it is a boolean.
pub fn get_bool(obj: &JsValue, key: &str) -> Option<bool> {
    get(obj, key).as_bool()
}

/// `obj[key] = value`; `Err` with the thrown value's text when the setter throws.
pub fn set(obj: &JsValue, key: &str, value: &JsValue) -> Result<(), String> {
    Reflect::set(obj, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|e| js_error_text(&e))
}

/// A plain object `{k: v, ...}`.
pub fn object(pairs: &[(&str, &JsValue)]) -> JsValue {
    let o: JsValue = Object::new().into();
    for (k, v) in pairs {
        let _ = set(&o, k, v);
    }
    o
}

/// `obj[method](...args)`; `Err` with "Name: message" when missing or when it throws.
pub fn call(obj: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let f: Function = get(obj, method)
        .dyn_into()
        .map_err(|_| format!("{method} is not a function"))?;
    let arr = Array::new();
    for a in args {
        arr.push(a);
    }
    f.apply(obj, &arr).map_err(|e| js_error_text(&e))
}

/// A short description of a thrown JS value: "Name: message" for a DOMException or an Error (read
/// through `Reflect`, so errors from another realm and error-like objects are described too), the
/// name alone when there is no message, the string itself for a thrown string.
pub fn js_error_text(e: &JsValue) -> String {
    match (get_str(e, "name"), get_str(e, "message")) {
        (Some(n), Some(m)) => format!("{n}: {m}"),
        (Some(n), None) => n,
        _ => e.as_string().unwrap_or_else(|| "unknown error".into()),
    }
}

/// The DOMException name of a thrown value ("NotAllowedError"...), or "Error".
pub fn error_name(e: &JsValue) -> String {
    get_str(e, "name").unwrap_or_else(|| "Error".into())
}

/// The message of a thrown value, or the value itself when a string was thrown.
pub fn error_message(e: &JsValue) -> String {
    get_str(e, "message").unwrap_or_else(|| e.as_string().unwrap_or_default())
}
