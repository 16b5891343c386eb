// The wasm entry of an engine module, shared by the engine bins (`src/bin/engine*.rs`), each of
// which defines `RUN`: its own `tools::run_*`, so that it links only its own tools.
// `engine_handle` takes an encoded request and returns the encoded reply (`ssocheck::engine`);
// `engine_warm` runs the engine's warm-up input once (`WARM` in the bin);
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

/// Analyzes the engine's warm-up input, if it has one (`WARM` in its bin), and drops the result:
/// the worker calls it once after start-up so that V8 optimizes the hot functions before a user's
/// first analysis (see `ssocheck::saml::warm`). Returns the number of findings the warm-up analysis
/// produced (0 for an engine without a warm-up input), which the worker keeps in a global so that
/// the end-to-end tests can tell that the warm-up ran without timing anything.
#[wasm_bindgen]
pub fn engine_warm() -> u32 {
    match super::WARM {
        Some(sample) => super::RUN(&sample())
            .iter()
            .map(|doc| doc.findings.len() as u32)
            .sum(),
        None => 0,
    }
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
