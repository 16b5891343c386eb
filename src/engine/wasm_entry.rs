// The wasm entry of an engine module, shared by the engine bins (`src/bin/engine*.rs`), each of
// which defines `RUN`: its own `tools::run_*`, so that it links only its own tools.
// `engine_handle` takes an encoded request and returns the encoded reply (`ssocheck::engine`);
// `static/engine-worker.js` runs it in a Web Worker and `static/engine-main.js` on the page's main
// thread when no worker can start.

use wasm_bindgen::prelude::*;

/// Name of the global where a panic leaves its message for the worker script: a panic aborts the
/// instance (`panic = "abort"`), so the script adds it to the error it reports.
const PANIC_SLOT: &str = "ssocheckPanic";

#[wasm_bindgen]
pub fn engine_handle(request: &[u8]) -> Vec<u8> {
    ssocheck::engine::handle_with(request, super::RUN)
}

#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let _ = js_sys::Reflect::set(
            &js_sys::global(),
            &PANIC_SLOT.into(),
            &info.to_string().into(),
        );
    }));
}
