// ssocheck's SAML analyzer in a background module worker, so a 10 MB response never freezes the page.
// tools/postbuild.mjs writes dist/saml-worker-<hash>.js from this file, replacing the two placeholders
// with the content-hashed names of this build's wasm-bindgen glue and wasm: no second build, the same
// module the page runs. Everything here stays on this origin. The protocol is described in
// src/ui/saml_worker.rs.
import init, { saml_analyze } from './__SSOCHECK_GLUE__';

const describe = (e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

// The module's `main` runs too, sees no window and only installs a panic hook (src/ui/mod.rs).
const ready = init({ module_or_path: new URL('./__SSOCHECK_WASM__', import.meta.url) });
ready.then(
  () => self.postMessage({ ready: true }),
  (e) => self.postMessage({ ready: false, err: `the analyzer could not start (${describe(e)})` }),
);

// Set once the wasm instance has trapped: it cannot be used again (the page starts a fresh worker).
let stopped = null;

self.onmessage = async (event) => {
  const { id, input, ctx } = event.data ?? {};
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
    const out = saml_analyze(input, ctx);
    self.postMessage({ id, ok: out, ms: performance.now() - t0 }, [out.buffer]);
  } catch (e) {
    // A Rust panic aborts the instance ("RuntimeError: unreachable"); its hook left the message.
    const panic = self.ssocheckPanic;
    stopped = panic ? `${describe(e)}: ${panic}` : describe(e);
    self.postMessage({ id, err: stopped });
  }
};
