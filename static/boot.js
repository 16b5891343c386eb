// ssocheck's loader. tools/postbuild.mjs writes dist/boot-<hash>.js from this file (it replaces
// Trunk's inline loader, so the CSP needs no inline script) with the content-hashed names of the two
// page modules: the end-user shell and the administrator app. Only the module the address asks for is
// downloaded: end users never fetch the administrator tools. A link to the other tier's route reloads
// the page (src/ui/mod.rs), and this script then loads the other module.
// ADMIN_ROUTES is tools::TOOLS's routes; tests/readme.rs keeps the two lists equal.
const ADMIN_ROUTES = ['saml', 'test-sp', 'permissions', 'roles', 'email', 'scim', 'signin-name', 'password', 'directory', 'cloudtrail', 'assignments'];

const route = location.hash.replace(/^#\/?/, '').split('?')[0].replace(/\/+$/, '');
const [glue, wasm] = ADMIN_ROUTES.includes(route)
  ? ['./__SSOCHECK_ADMIN_GLUE__', './__SSOCHECK_ADMIN_WASM__']
  : ['./__SSOCHECK_SHELL_GLUE__', './__SSOCHECK_SHELL_WASM__'];
try {
  const { default: init } = await import(glue);
  await init({ module_or_path: wasm });
} catch (e) {
  // Offline before this part of the page was ever opened (each part is kept for offline use once it
  // has been visited), or the files could not be loaded: say so instead of a blank page.
  const main = document.createElement('main');
  main.id = 'main';
  const h1 = document.createElement('h1');
  h1.textContent = 'This page could not start';
  const p = document.createElement('p');
  p.textContent = navigator.onLine === false
    ? 'You are offline, and this part of ssocheck has not been opened on this device before. Connect once and open it again; after that it works offline.'
    : `Its files could not be loaded (${e instanceof Error ? e.message : String(e)}). Reload the page.`;
  main.append(h1, p);
  document.body.append(main);
}
