//! The analysis engines as their own wasm module: `engine_handle` takes an encoded request and
//! returns the encoded answer (`ssocheck::engine`). `static/engine-worker.js` runs it in a Web Worker;
//! `static/engine-main.js` loads it on the page's main thread when no worker can start. Only
//! administrator routes load either, so end users never download the engines.

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::*;

    /// Name of the global where a panic leaves its message for the worker script: a panic aborts the
    /// instance (`panic = "abort"`), so the script adds it to the error it reports.
    const PANIC_SLOT: &str = "ssocheckPanic";

    #[wasm_bindgen]
    pub fn engine_handle(request: &[u8]) -> Vec<u8> {
        ssocheck::engine::handle(request)
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
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The engine is the page's analysis module (a Web Worker). On the command line, use `ssocheck`.");
    std::process::exit(2);
}
