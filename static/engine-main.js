// The analysis engines on the page's main thread, for browsers where the engine worker cannot start.
// tools/postbuild.mjs writes dist/engine-main-<hash>.js from this file (same placeholders as
// engine-worker.js). The page adds it as a module script only when it needs it; when the module has
// started, globalThis.ssocheckEngines[NAME](request) answers like the worker does, and the document
// hears "ssocheck-NAME-ready" (or "ssocheck-NAME-failed", the reason in ssocheckEngineErrors[NAME]),
// NAME being the engine's file prefix (engine, engine-logs, engine-admin).
import init, { engine_handle } from './__SSOCHECK_ENGINE_GLUE__';

const name = '__SSOCHECK_ENGINE_NAME__';
try {
  await init({ module_or_path: new URL('./__SSOCHECK_ENGINE_WASM__', import.meta.url) });
  (globalThis.ssocheckEngines ??= {})[name] = engine_handle;
  document.dispatchEvent(new Event(`ssocheck-${name}-ready`));
} catch (e) {
  (globalThis.ssocheckEngineErrors ??= {})[name] = `the engine module did not start (${e instanceof Error ? e.message : String(e)})`;
  document.dispatchEvent(new Event(`ssocheck-${name}-failed`));
}
