// ssocheck's analysis engines in a background module worker, so a 10 MB input never freezes the page.
// tools/postbuild.mjs writes dist/engine-worker-<hash>.js from this file, replacing the placeholders
// with the content-hashed names of the engine module's wasm-bindgen glue and wasm (the second wasm
// of the build, src/bin/engine.rs). Only administrator routes start it. Everything here stays on this
// origin. The protocol is described in src/ui/engine.rs.
import init, { engine_handle, engine_warm } from './__SSOCHECK_ENGINE_GLUE__';

const describe = (e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

const ready = init({ module_or_path: new URL('./__SSOCHECK_ENGINE_WASM__', import.meta.url) });
ready.then(
  () => {
    self.postMessage({ ready: true });
    // Once, in the background: a small built-in input, so that V8 has optimized the hot functions
    // before the user's first analysis (a fresh instance runs baseline code; src/saml/warm.rs).
    setTimeout(warm, 0);
  },
  (e) => self.postMessage({ ready: false, err: `the analyzer could not start (${describe(e)})` }),
);

// Set once the wasm instance has trapped: it cannot be used again (the page starts a fresh worker).
let stopped = null;

// The number of findings of the warm-up analysis once it has run (0 for an engine without one):
// tests/e2e/saml.test.mjs reads it to know that the warm-up ran. Nothing from a user is in it.
self.ssocheckWarm = null;

function warm() {
  if (stopped) return;
  try {
    self.ssocheckWarm = engine_warm();
  } catch (e) {
    // A trap here is a bug like any other: the instance is unusable, and the next call says so.
    const panic = self.ssocheckPanic;
    stopped = panic ? `${describe(e)}: ${panic}` : describe(e);
  }
}

self.onmessage = async (event) => {
  const { id, request } = event.data ?? {};
  try {
    await ready;
  } catch (e) {
    self.postMessage({ id, unavailable: `the analyzer could not start (${describe(e)})` });
    return;
  }
  if (stopped) {
    self.postMessage({ id, err: stopped });
    return;
  }
  const t0 = performance.now();
  try {
    const out = engine_handle(request);
    self.postMessage({ id, ok: out, ms: performance.now() - t0 }, [out.buffer]);
  } catch (e) {
    // A Rust panic aborts the instance ("RuntimeError: unreachable"); its hook left the message.
    const panic = self.ssocheckPanic;
    stopped = panic ? `${describe(e)}: ${panic}` : describe(e);
    self.postMessage({ id, err: stopped });
  }
};
