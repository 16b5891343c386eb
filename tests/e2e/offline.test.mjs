// Offline: after the first visit the service worker has precached the end-user shell, and the engine
// files once an administrator route has loaded them, so with the network gone (Playwright offline
// mode and the server stopped) the page reloads, every route renders, the SAML analyzer's engine
// worker starts from the cache, the self-check runs and its clock area says it has no reference.
// Under a sub-path, as on GitHub Pages. A new release (a different build hash in sw.js) replaces the
// old cache.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server.mjs';
import { launch, openPage, gotoApp, ROUTES, ENGINE_FILE, builtFile, unhashed, SAML_ENGINE_FILES } from './harness.mjs';

let browser, root;
before(async () => {
  browser = await launch();
  root = mkdtempSync(join(tmpdir(), 'ssocheck-offline-'));
  cpSync('dist', root, { recursive: true });
});
after(async () => {
  await browser?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

// (page.waitForFunction treats the Promise of an async predicate as truthy, so poll from here.)
async function until(page, fn, what, timeoutMs = 30000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await page.evaluate(fn)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until the worker is activated and controls the page. */
async function waitForWorker(page) {
  await until(page, async () => {
    const reg = await navigator.serviceWorker?.getRegistration();
    return reg?.active?.state === 'activated' && !!navigator.serviceWorker.controller;
  }, 'the service worker to control the page');
}

const ourCaches = (page) => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('ssocheck-')));
/** The file names in our cache. */
const cachedFiles = (page) => page.evaluate(async () => {
  const names = [];
  for (const k of (await caches.keys()).filter((c) => c.startsWith('ssocheck-'))) {
    for (const r of await (await caches.open(k)).keys()) names.push(new URL(r.url).pathname.split('/').pop());
  }
  return names.sort();
});

test('sw.js was generated with the build hash and the precache list', () => {
  const sw = readFileSync('dist/sw.js', 'utf8');
  assert.ok(!sw.includes('__SSOCHECK_BUILD__') && !sw.includes('__SSOCHECK_FILES__'));
  const files = JSON.parse(sw.match(/const FILES = (\[.*\]);/)[1]);
  // The page is precached once, as './' (the navigation fallback).
  assert.ok(files.includes('./') && !files.includes('./index.html'));
  assert.ok(files.some((f) => f.endsWith('.css')) && !files.some((f) => f.endsWith('.wasm')), 'no module is precached at install');
  assert.ok(files.every((f) => f.startsWith('./')), 'relative URLs, so sub-paths work');
  // The precache list is the end-user shell of build-info.json; the engine files are listed apart and
  // are not precached.
  const info = JSON.parse(readFileSync('dist/build-info.json', 'utf8'));
  assert.equal(sw.match(/const BUILD = '([^']+)'/)[1], info.build);
  // Installing caches what every route needs; each tier's modules are kept when its pages ask.
  assert.deepEqual(files.filter((f) => f !== './').map((f) => f.slice(2)).sort(), [...info.common].sort());
  const shell = JSON.parse(sw.match(/const SHELL = (\[.*\]);/)[1]);
  assert.deepEqual(shell.map((f) => f.slice(2)).sort(), [...info.shell].sort());
  assert.ok(info.shell.some((f) => builtFile('ssocheck', '_bg.wasm').test(f)) && info.shell.includes('checks.json'), info.shell.join(' '));
  assert.deepEqual([...info.common, ...info.shell].sort(), [...info.files].sort());
  assert.ok(!files.some((f) => /engine|admin/.test(f)), `administrator files precached: ${files.join(' ')}`);
  // Three engine modules (tools::ENGINES), each with its glue, wasm, worker script and main-thread loader.
  assert.deepEqual(info.engine.map(unhashed).sort(), [
    'engine-admin-main.js', 'engine-admin-worker.js', 'engine-admin.js', 'engine-admin_bg.wasm',
    'engine-logs-main.js', 'engine-logs-worker.js', 'engine-logs.js', 'engine-logs_bg.wasm',
    'engine-main.js', 'engine-worker.js', 'engine.js', 'engine_bg.wasm']);
  assert.deepEqual(info.admin.map(unhashed).sort(), ['admin.js', 'admin_bg.wasm']);
  for (const f of info.engine) assert.ok(existsSync(join('dist', f)), `${f} is in dist`);
  // index.html names the worker and the main-thread module of this engine.
  const html = readFileSync('dist/index.html', 'utf8');
  for (const f of info.engine.filter((e) => /-(worker|main)\.js$/.test(unhashed(e)))) assert.ok(html.includes(`./${f}`), `index.html names ${f}`);
  // The engine worker and the main-thread module import this build's engine glue and wasm.
  for (const f of info.engine.filter((e) => /^engine-(worker|main)-/.test(e))) {
    const body = readFileSync(join('dist', f), 'utf8');
    for (const dep of info.engine.filter((e) => ['engine.js', 'engine_bg.wasm'].includes(unhashed(e)))) assert.ok(body.includes(`./${dep}`), `${f} loads ${dep}`);
  }
});

test('after the first load the page works offline and the clock check says it has no reference', async () => {
  const server = await startServer({ root, base: '/ssocheck/' });
  const { context, page, rec } = await openPage(browser);
  await gotoApp(page, server.url + '#/selfcheck');
  await waitForWorker(page);
  const cached = await ourCaches(page);
  assert.equal(cached.length, 1, cached.join());
  assert.ok(!(await cachedFiles(page)).some((f) => /^engine-/.test(f)), 'no engine file precached');
  // One visit to the SAML analyzer (the page is controlled now) loads the engine through the service
  // worker, which caches it.
  await page.evaluate(() => { location.hash = '#/saml'; });
  await page.waitForSelector('.saml-status[data-worker="ready"]', { timeout: 20000 });
  const withEngine = await cachedFiles(page);
  for (const re of SAML_ENGINE_FILES.map(([stem, suffix]) => builtFile(stem, suffix))) {
    assert.ok(withEngine.some((f) => re.test(f)), `${re} cached: ${withEngine.join(' ')}`);
  }
  const onlineRequests = rec.requests.length;

  // Cut the network: the browser goes offline and the server is gone.
  await server.close();
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('main h1', { timeout: 20000 });
  for (const route of ROUTES) {
    await page.evaluate((r) => { location.hash = r; }, route);
    await page.waitForFunction((r) => location.hash === r && document.querySelector('main h1')?.textContent.length > 0, route);
  }
  // The SAML analyzer's engine worker starts from the cache too.
  await page.evaluate(() => { location.hash = '#/saml'; });
  await page.waitForSelector('.saml-status[data-worker="ready"]', { timeout: 20000 });
  await page.fill('#saml-text', readFileSync('tests/fixtures/saml/okta-idc-good.xml', 'utf8'));
  await page.click('#saml-analyze');
  await page.waitForFunction(() => /in a background worker: 1 message/.test(document.querySelector('.saml-status')?.textContent));
  assert.match(await page.textContent('#tool-detected'), /1 Response, 1 Assertion/);
  assert.ok(rec.requests.slice(onlineRequests).some((u) => ENGINE_FILE.test(u)), 'the engine was requested offline (and served from the cache)');
  await page.evaluate(() => { location.hash = '#/selfcheck?case=OFF-1&auto=1'; });
  await page.waitForSelector('#selfcheck-summary', { timeout: 45000 });
  const clock = await page.textContent('.area-details[data-area="clock"]');
  assert.match(clock, /no reference/i, clock);
  assert.equal(await page.getAttribute('.area-summary [data-area="clock"]', 'data-status'), 'warning');
  assert.match(await page.textContent('.selfcheck-summary'), /device clock, not verified/);
  // Only same-origin requests, even offline.
  assert.ok(rec.requests.every((u) => u.startsWith(server.origin + '/ssocheck/')), rec.requests.join('\n'));
  await context.close();
});

test('a new release replaces the old cache', async () => {
  const server = await startServer({ root, base: '/ssocheck/' });
  const { context, page } = await openPage(browser);
  await gotoApp(page, server.url);
  await waitForWorker(page);
  const first = await ourCaches(page);
  assert.equal(first.length, 1);
  assert.notEqual(first[0], 'ssocheck-next-release');
  // Publish a "new release": same files, a different build hash in sw.js.
  const swPath = join(root, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  writeFileSync(swPath, sw.replace(/const BUILD = '([^']+)'/, "const BUILD = 'next-release'"));
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await until(page, async () => {
    const keys = (await caches.keys()).filter((k) => k.startsWith('ssocheck-'));
    return keys.length === 1 && keys[0] === 'ssocheck-next-release';
  }, 'the new release to replace the old cache');
  assert.deepEqual(await ourCaches(page), ['ssocheck-next-release']);
  writeFileSync(swPath, sw);
  await context.close();
  await server.close();
});
