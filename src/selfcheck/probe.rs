//! Browser probes of the self-check (wasm32 only). Every property is read through `Reflect` so a
//! missing API is a value, never a panic or a thrown exception; every async call has a time limit.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::browser::{call, get, get_bool, get_str, global, js_error_text, set, window};
use crate::selfcheck::env::{Brand, EnvProbe, LocaleProbe, StorageProbe, StoreTest};

pub fn environment() -> EnvProbe {
    let g = global();
    let nav = get(&g, "navigator");
    let loc = get(&g, "location");
    let uad = get(&nav, "userAgentData");
    let brands = if Array::is_array(&get(&uad, "brands")) {
        Array::from(&get(&uad, "brands"))
            .iter()
            .map(|b| Brand {
                brand: get_str(&b, "brand").unwrap_or_default(),
                version: get_str(&b, "version").unwrap_or_default(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let top = get(&g, "top");
    let in_frame =
        (!g.is_undefined() && !top.is_undefined() && !top.is_null()).then(|| !Object::is(&top, &g));
    EnvProbe {
        user_agent: get_str(&nav, "userAgent").unwrap_or_default(),
        brands,
        ua_platform: get_str(&uad, "platform"),
        ua_mobile: get_bool(&uad, "mobile"),
        secure_context: get_bool(&g, "isSecureContext"),
        protocol: get_str(&loc, "protocol").unwrap_or_default(),
        in_frame,
    }
}

fn store_test(name: &str) -> StoreTest {
    let Some(w) = window() else {
        return StoreTest::Unavailable("no window".into());
    };
    let store = match name {
        "localStorage" => w.local_storage(),
        _ => w.session_storage(),
    };
    let store = match store {
        Ok(Some(s)) => s,
        Ok(None) => return StoreTest::Unavailable("not provided".into()),
        Err(e) => return StoreTest::Unavailable(js_error_text(&e)),
    };
    const KEY: &str = "ssocheck-probe";
    let value = format!("{}", (js_sys::Math::random() * 1e15) as u64);
    if let Err(e) = store.set_item(KEY, &value) {
        return StoreTest::Fails(js_error_text(&e));
    }
    let back = store.get_item(KEY);
    let _ = store.remove_item(KEY);
    match back {
        Ok(Some(v)) if v == value => StoreTest::Works,
        Ok(_) => StoreTest::Fails("the value did not read back".into()),
        Err(e) => StoreTest::Fails(js_error_text(&e)),
    }
}

fn cookie_test() -> StoreTest {
    let doc = get(&global(), "document");
    if doc.is_undefined() {
        return StoreTest::Unavailable("no document".into());
    }
    let name = "ssocheck-probe";
    let value = format!("{}", (js_sys::Math::random() * 1e9) as u64);
    if let Err(e) = set(
        &doc,
        "cookie",
        &JsValue::from_str(&format!(
            "{name}={value}; max-age=10; SameSite=Strict; path=/"
        )),
    ) {
        return StoreTest::Fails(e);
    }
    let read = get_str(&doc, "cookie").unwrap_or_default();
    let _ = set(
        &doc,
        "cookie",
        &JsValue::from_str(&format!("{name}=; max-age=0; SameSite=Strict; path=/")),
    );
    if read
        .split(';')
        .any(|c| c.trim() == format!("{name}={value}"))
    {
        StoreTest::Works
    } else {
        StoreTest::Fails("a test cookie did not read back".into())
    }
}

pub fn storage() -> StorageProbe {
    StorageProbe {
        cookie_enabled: get_bool(&get(&global(), "navigator"), "cookieEnabled"),
        cookie_test: cookie_test(),
        local_storage: store_test("localStorage"),
        session_storage: store_test("sessionStorage"),
    }
}

pub fn locale() -> LocaleProbe {
    let g = global();
    let nav = get(&g, "navigator");
    let intl = get(&g, "Intl");
    let resolved = get(&intl, "DateTimeFormat")
        .dyn_into::<Function>()
        .ok()
        .and_then(|ctor| Reflect::construct(&ctor, &Array::new()).ok())
        .and_then(|fmt| call(&fmt, "resolvedOptions", &[]).ok())
        .unwrap_or(JsValue::UNDEFINED);
    let offset = js_sys::Date::new_0().get_timezone_offset();
    let languages = if Array::is_array(&get(&nav, "languages")) {
        Array::from(&get(&nav, "languages"))
            .iter()
            .filter_map(|l| l.as_string())
            .take(10)
            .collect()
    } else {
        Vec::new()
    };
    LocaleProbe {
        time_zone: get_str(&resolved, "timeZone"),
        utc_offset_minutes: offset.is_finite().then(|| -(offset as i32)),
        locale: get_str(&resolved, "locale"),
        language: get_str(&nav, "language"),
        languages,
    }
}
