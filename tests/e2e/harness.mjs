// Shared end-to-end harness: Debian's Chromium driven by playwright-core, with every request,
// console error, page error and CSP violation recorded, axe-core, and screenshots.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './server.mjs';

const require = createRequire(import.meta.url);
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const SCREENSHOT_DIR = 'tests/e2e/screenshots';
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps',
  '--disable-extensions', '--metrics-recording-only', '--no-default-browser-check',
];

/** The end-user shell: these routes never load the analysis engine (tiers.test.mjs). */
export const END_USER_ROUTES = ['#/', '#/selfcheck', '#/webauthn', '#/clock', '#/checks', '#/privacy', '#/tools'];
/** Administrator routes: they start the engine (a second wasm module, in a worker). */
// Every administrator tool's route (static/boot.js and tools::TOOLS list the same).
export const ADMIN_ROUTES = ['#/saml', '#/test-sp', '#/permissions', '#/roles', '#/email', '#/scim', '#/signin-name', '#/password', '#/directory', '#/cloudtrail', '#/assignments'];
export const ROUTES = [...END_USER_ROUTES, ...ADMIN_ROUTES];

// File-name hashes are matched as [0-9a-f]{12,16}: Trunk writes its 64-bit hash in hex without
// leading zeros, so about one build in sixteen names the shell `ssocheck-<15 hex digits>.js`.
const HASH = '[0-9a-f]{12,16}';
const literal = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A built file, `<stem>-<hash><suffix>`: the whole file name (`builtFile('engine', '_bg.wasm')`
 * matches `engine-1a2b3c4d5e6f7a8b_bg.wasm`), or the end of a URL or path with `{ inUrl: true }`.
 */
export function builtFile(stem, suffix, { inUrl = false } = {}) {
  return new RegExp(`${inUrl ? '/' : '^'}${literal(stem)}-${HASH}${literal(suffix)}$`);
}

/** A built file's name without its hash: `engine-worker-1a2b3c4d5e6f7a8b.js` gives `engine-worker.js`. */
export const unhashed = (name) => name.replace(new RegExp(`-${HASH}`), '');

/** The SAML engine's worker script, glue and wasm, as `[stem, suffix]` for `builtFile`. */
export const SAML_ENGINE_FILES = [['engine-worker', '.js'], ['engine', '.js'], ['engine', '_bg.wasm']];

/** A file of the engine tier (`engine-<hash>.js`, `engine-<hash>_bg.wasm`, `engine-worker-…`, `engine-main-…`). */
export const ENGINE_FILE = /\/(?:engine|admin)-[^/?#]*(?:[?#].*)?$/;

/** Polls `fn` (sync or async) until it is truthy. */
export async function until(fn, what, timeoutMs = 10000, everyMs = 20) {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** @param {string[]} extraArgs */
export async function launch(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * Opens a page that records what it does. `rec.requests` holds every request URL,
 * `rec.failed` failed requests, `rec.errors` console errors and uncaught exceptions,
 * `rec.csp` CSP violations (from the securitypolicyviolation event and console).
 */
export async function openPage(browser, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  const rec = { requests: [], failed: [], errors: [], csp: [], dialogs: [] };
  page.on('request', (r) => rec.requests.push(r.url()));
  page.on('requestfailed', (r) => rec.failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => { if (r.status() >= 400) rec.failed.push(`${r.url()} HTTP ${r.status()}`); });
  page.on('console', (m) => {
    if (m.type() === 'error') rec.errors.push(m.text());
    if (/Content Security Policy/i.test(m.text())) rec.csp.push(m.text());
  });
  page.on('pageerror', (e) => rec.errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => { rec.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.exposeFunction('__recordCsp', (v) => rec.csp.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__recordCsp(`${e.violatedDirective} blocked ${e.blockedURI}`));
  });
  return { context, page, rec };
}

/** Navigates and waits until the Yew app has rendered a page heading. */
export async function gotoApp(page, url) {
  await page.goto(url);
  await page.waitForSelector('main h1', { timeout: 20000 });
}

/** Runs axe-core in the page (evaluated through the devtools protocol, so the page CSP is untouched). */
export async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  return result;
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

/**
 * Evaluated in the page (through any driver): text that the layout squeezed into a sliver or pushed
 * out of its box. A definition list whose term is one long line once left its value a column one
 * character wide beside the card, 15,000 px tall. Returns one description per offending element.
 */
export function squeezedText() {
  const out = [];
  const describe = (el) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).replace(/ /g, '.') : ''} "${el.textContent.trim().slice(0, 40)}"`;
  for (const el of document.querySelectorAll('main dt, main dd, main p, main li, main h2, main h3')) {
    const r = el.getBoundingClientRect();
    const text = el.textContent.trim();
    if (r.width === 0 || text.length < 12) continue;
    // Narrower than a short word while holding a sentence's worth of text.
    if (r.width < 60) out.push(`${describe(el)} is ${Math.round(r.width)} px wide`);
    // Past the right edge of the box that holds it (a scrolling box may hold wider content).
    const box = el.parentElement.closest('dl, ul, ol, section, article, main');
    const b = box.getBoundingClientRect();
    if (r.right > b.right + 1) out.push(`${describe(el)} ends ${Math.round(r.right - b.right)} px right of its ${box.tagName.toLowerCase()}`);
  }
  return out;
}

/** Requests that left the given origin (data: and blob: URLs stay in the page). */
export function foreignRequests(rec, origin) {
  return rec.requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:'));
}

export function routeName(route) {
  return route.replace(/[#/]/g, '') || 'home';
}

/**
 * Starts the loopback server and Chromium before a test file's tests and closes both after them.
 * `receive` gets `{ server, browser }` once they run, e.g.
 * `useServerAndBrowser((env) => ({ server, browser } = env));`
 */
export function useServerAndBrowser(receive) {
  let env = {};
  before(async () => {
    env = { server: await startServer(), browser: await launch() };
    receive(env);
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
}
