// The analysis engines on the page's main thread, for browsers where the engine worker cannot start.
// tools/postbuild.mjs writes dist/engine-main-<hash>.js from this file (same placeholders as
// engine-worker.js). The page adds it as a module script only when it needs it; once it has loaded,
// globalThis.ssocheckEngine(request) answers like the worker does.
import init, { engine_handle } from './__SSOCHECK_ENGINE_GLUE__';

await init({ module_or_path: new URL('./__SSOCHECK_ENGINE_WASM__', import.meta.url) });
globalThis.ssocheckEngine = engine_handle;
