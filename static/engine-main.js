// The analysis engines on the page's main thread, for browsers where the engine worker cannot start.
// tools/postbuild.mjs writes dist/engine-main-<hash>.js from this file (same placeholders as
// engine-worker.js). The page adds it as a module script only when it needs it; when the module has
// started, globalThis.ssocheckEngine(request) answers like the worker does, and the document hears
// "ssocheck-engine-ready" (or "ssocheck-engine-failed", with the reason in ssocheckEngineError).
import init, { engine_handle } from './__SSOCHECK_ENGINE_GLUE__';

try {
  await init({ module_or_path: new URL('./__SSOCHECK_ENGINE_WASM__', import.meta.url) });
  globalThis.ssocheckEngine = engine_handle;
  document.dispatchEvent(new Event('ssocheck-engine-ready'));
} catch (e) {
  globalThis.ssocheckEngineError = `the engine module did not start (${e instanceof Error ? e.message : String(e)})`;
  document.dispatchEvent(new Event('ssocheck-engine-failed'));
}
