// The two tiers, measured in Chromium as bytes on the wire (gzip, as served by server.mjs): the
// end-user routes load only the shell (never an engine-* file, from the page or from the service
// worker, and the service worker does not precache the engine) within 300,000 bytes; #/saml loads the
// engine only once it opens and stays within 600,000 bytes after its first analysis; after a visit to
// #/saml the analyzer works offline from the service worker's cache while end-user routes still never
// request the engine; every request stays on the origin.
//
// Bytes are counted per response that came from the network (not from the service worker's cache):
// encoded body (Playwright's `request.sizes().responseBodySize`, which is Chromium's encoded length;
// none for a 304 revalidation; the Content-Length header when Chromium reports 0 for the page's own
// requests, as for worker scripts) plus response headers.
// The service worker's own requests (its script, the precache, the engines it caches) are recorded
// through the browser context, which in Chromium reports them (`request.serviceWorker()`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer } from './server.mjs';
import { openPage, gotoApp, useServerAndBrowser, until, END_USER_ROUTES, ENGINE_FILE, builtFile, SAML_ENGINE_FILES } from './harness.mjs';

const END_USER_BUDGET = 300_000;
const ADMIN_BUDGET = 600_000;
/** How long after the page is interactive requests are still counted (at least; see settle()). */
const AFTER_LOAD_MS = 1500;
const OKTA_XML = readFileSync('tests/fixtures/saml/okta-idc-good.xml', 'utf8');

let server, browser;
useServerAndBrowser((env) => ({ server, browser } = env));

const fileName = (u) => new URL(u).pathname.split('/').pop() || '(index)';

/**
 * Records every request of a browser context, the service worker's included: `w.requests` (all, in
 * order: url, by 'page'|'sw'), `w.rows` (finished responses with their wire bytes).
 */
/**
 * The body bytes a response took on the wire. A revalidation answered 304 (the service worker's
 * precache of what the page has just loaded: server.mjs sends ETags) carries no body, though the
 * response the browser hands on has the cached one and its Content-Length. Chromium reports 0 for
 * dedicated worker scripts, so the page's requests fall back to Content-Length.
 */
function wireBody(r, res, sizes, length) {
  if (res.status() === 304) return 0;
  if (sizes.responseBodySize > 0) return sizes.responseBodySize;
  return r.serviceWorker() ? 0 : length;
}

function recordWire(context) {
  const w = { requests: [], rows: [], pending: new Set(), sizing: new Set() };
  context.on('request', (r) => {
    w.requests.push({ url: r.url(), by: r.serviceWorker() ? 'sw' : 'page', t: Date.now() });
    w.pending.add(r);
  });
  const finished = (r) => {
    const p = (async () => {
      const res = await r.response();
      if (!res || res.fromServiceWorker()) return; // answered by the service worker: not on the wire
      const s = await r.sizes();
      const length = Number(res.headers()['content-length'] ?? 0);
      w.rows.push({
        name: fileName(r.url()), url: r.url(), by: r.serviceWorker() ? 'sw' : 'page', status: res.status(),
        encoding: res.headers()['content-encoding'] ?? '', body: wireBody(r, res, s, length),
        headers: s.responseHeadersSize, t: Date.now(),
      });
    })().catch((e) => w.rows.push({ name: fileName(r.url()), url: r.url(), error: e.message, body: 0, headers: 0 }))
      .finally(() => { w.pending.delete(r); w.sizing.delete(p); });
    w.sizing.add(p);
  };
  context.on('requestfinished', finished);
  context.on('requestfailed', (r) => w.pending.delete(r));
  w.total = (rows = w.rows) => rows.reduce((n, r) => n + r.body + r.headers, 0);
  w.engineRequests = (from = 0) => w.requests.slice(from).filter((r) => ENGINE_FILE.test(r.url));
  /** Waits until no request is in flight for 300 ms. */
  w.settle = async () => {
    let quietSince = Date.now();
    await until(() => {
      if (w.pending.size || w.sizing.size) quietSince = Date.now();
      return Date.now() - quietSince > 300;
    }, 'the network to settle', 30000, 25);
  };
  w.table = (rows = w.rows) => rows.map((r) => `  ${r.by.padEnd(4)} ${String(r.body + r.headers).padStart(7)} ${r.encoding.padEnd(4)} ${r.name}${r.error ? ` (${r.error})` : ''}`).join('\n');
  return w;
}

/** Every URL the Cache Storage of the page's origin holds, by cache. */
const cacheContents = (page) => page.evaluate(async () => {
  const out = {};
  for (const k of await caches.keys()) out[k] = (await (await caches.open(k)).keys()).map((r) => r.url);
  return out;
});

async function serviceWorkerReady(page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await until(() => page.evaluate(() => !!navigator.serviceWorker.controller), 'the service worker to control the page', 20000, 100);
}

/** Fills the SAML text box, presses Analyze, waits for the run; returns the status line. */
async function analyzeSaml(page, text = OKTA_XML) {
  const before = Number(await page.getAttribute('.saml-status', 'data-run'));
  await page.fill('#saml-text', text);
  await page.click('#saml-analyze');
  await page.waitForFunction((n) => Number(document.querySelector('.saml-status')?.dataset.run) > n, before, { timeout: 60000 });
  return page.textContent('.saml-status');
}

const kb = (n) => `${n.toLocaleString('en-US')} bytes (${(n / 1000).toFixed(1)} KB)`;

for (const route of END_USER_ROUTES) {
  test(`end-user route ${route}: no engine file requested or cached, at most ${END_USER_BUDGET.toLocaleString('en-US')} bytes on the wire`, async (t) => {
    const { context, page, rec } = await openPage(browser);
    const wire = recordWire(context);
    await gotoApp(page, server.url + route);
    await page.waitForTimeout(AFTER_LOAD_MS);
    const windowRows = [...wire.rows];
    // The service worker installs (precaching the shell) and takes control; then nothing is in flight.
    await serviceWorkerReady(page);
    await wire.settle();
    const contents = await cacheContents(page);
    await page.waitForTimeout(300);
    await wire.settle();
    const total = wire.total();
    const page_ = wire.total(wire.rows.filter((r) => r.by === 'page'));
    const sw = wire.total(wire.rows.filter((r) => r.by === 'sw'));
    console.log(`tiers: ${route.padEnd(11)} ${kb(total)} on the wire (gzip): page ${kb(page_)}, service worker ${kb(sw)}; ` +
      `${kb(wire.total(windowRows))} within ${AFTER_LOAD_MS} ms of interactive\n${wire.table()}`);

    await t.test('no request for an engine file, from the page or the service worker', () => {
      assert.ok(wire.requests.some((r) => r.by === 'sw'), 'the service worker\'s requests are recorded (its precache)');
      assert.ok(wire.requests.some((r) => builtFile('ssocheck', '_bg.wasm', { inUrl: true }).test(r.url) && r.by === 'page'), 'the page loaded the shell');
      assert.deepEqual(wire.engineRequests().map((r) => `${r.by} ${r.url}`), []);
      assert.deepEqual(rec.requests.filter((u) => ENGINE_FILE.test(u)), []);
    });
    await t.test('the service worker precached the shell and no engine file', () => {
      const ours = Object.entries(contents).filter(([k]) => k.startsWith('ssocheck-'));
      assert.equal(ours.length, 1, JSON.stringify(Object.keys(contents)));
      const urls = ours[0][1].map(fileName);
      assert.ok(urls.some((u) => builtFile('ssocheck', '_bg.wasm').test(u)), `the shell wasm is cached: ${urls.join(' ')}`);
      assert.deepEqual(Object.values(contents).flat().filter((u) => ENGINE_FILE.test(u)), [], 'engine files in the caches');
    });
    await t.test(`at most ${END_USER_BUDGET.toLocaleString('en-US')} bytes on the wire (gzip), the service worker's included`, () => {
      assert.ok(wire.rows.every((r) => !r.error), wire.table());
      assert.ok(wire.rows.filter((r) => r.body > 1000).every((r) => r.encoding === 'gzip'), `sent compressed:\n${wire.table()}`);
      assert.ok(total <= END_USER_BUDGET, `${route}: ${kb(total)} > ${kb(END_USER_BUDGET)} (page ${kb(page_)}, service worker ${kb(sw)})\n${wire.table()}`);
    });
    assert.deepEqual(rec.errors, []);
    await context.close();
  });
}

test(`#/saml: the engine loads only once the route opens; after the first analysis at most ${ADMIN_BUDGET.toLocaleString('en-US')} bytes`, async () => {
  // A first visit straight to #/saml: what an administrator route costs on its own (the end-user
  // shell is never downloaded there; the end-user routes' own figures are above).
  const { context, page, rec } = await openPage(browser);
  const wire = recordWire(context);
  await gotoApp(page, server.url + '#/saml');
  const opened = 0;
  await page.waitForSelector('.saml-status[data-worker="ready"]', { timeout: 20000 });
  await page.selectOption('#saml-flow', 'auto');
  const status = await analyzeSaml(page);
  assert.match(status, /^Analyzed the pasted text \(\d+ bytes\) in \d+ ms in a background worker: 1 message\.$/);
  assert.match(await page.textContent('#tool-detected'), /1 Response, 1 Assertion/);
  await wire.settle();
  // The engine's worker, glue and wasm were requested, all after the route opened.
  const engine = wire.engineRequests().map((r) => fileName(r.url));
  assert.equal(wire.engineRequests(opened).length, wire.engineRequests().length);
  for (const re of SAML_ENGINE_FILES.map(([stem, suffix]) => builtFile(stem, suffix))) {
    assert.ok(engine.some((n) => re.test(n)), `${re} requested: ${engine.join(' ')}`);
  }
  // The page does not load the main-thread engine while the worker runs (the service worker may
  // fetch it, with the rest of the engine, to keep it for offline use).
  const byPage = wire.engineRequests().filter((r) => r.by === 'page').map((r) => fileName(r.url));
  assert.ok(!byPage.some((n) => /^engine-main-/.test(n)), `no main-thread engine while the worker runs: ${byPage.join(' ')}`);
  const total = wire.total();
  const engineBytes = wire.total(wire.rows.filter((r) => ENGINE_FILE.test(r.url)));
  console.log(`tiers: #/saml      ${kb(total)} on the wire (gzip) after the first analysis, of which the engine ${kb(engineBytes)}\n${wire.table()}`);
  // Every request, the worker's and the service worker's included, stayed on this origin.
  assert.deepEqual(wire.requests.filter((r) => !r.url.startsWith(server.origin + '/')).map((r) => r.url), []);
  assert.deepEqual(rec.errors, []);
  assert.ok(!wire.rows.some((r) => builtFile('ssocheck', '_bg.wasm').test(r.name) && r.body > 1000), 'the end-user shell is not downloaded on #/saml');
  assert.ok(total <= ADMIN_BUDGET, `#/saml: ${kb(total)} > ${kb(ADMIN_BUDGET)}\n${wire.table()}`);
  await context.close();
});

/**
 * Offline after a visit to #/saml: reload #/saml offline and analyze (the engine comes from the
 * service worker's cache); then an end-user route loaded offline requests no engine file.
 * `firstVisit` opens #/saml directly on a first visit; otherwise #/ comes first, so the service
 * worker already controls the page when the engine loads.
 */
async function offlineAfterSaml(firstVisit) {
  const own = await startServer();
  const { context, page, rec } = await openPage(browser);
  const wire = recordWire(context);
  try {
    if (!firstVisit) {
      await gotoApp(page, own.url + '#/');
      await serviceWorkerReady(page);
      await page.click('header nav a[href="#/saml"]');
    } else {
      await gotoApp(page, own.url + '#/saml');
    }
    await page.waitForSelector('.saml-status[data-worker="ready"]', { timeout: 20000 });
    assert.match(await analyzeSaml(page), /in a background worker: 1 message\.$/);
    await serviceWorkerReady(page);
    await wire.settle();
    const cached = Object.values(await cacheContents(page)).flat().map(fileName);

    // The network is gone: the browser is offline and the server stopped.
    await context.setOffline(true);
    await own.close();
    const mark = wire.requests.length;
    await page.reload();
    await page.waitForSelector('main h1', { timeout: 20000 });
    await page.waitForSelector('.saml-status[data-worker]', { timeout: 20000 });
    await page.selectOption('#saml-flow', 'auto');
    const status = await analyzeSaml(page);
    const notice = await page.locator('.notice.err').allTextContents();
    assert.match(status, /^Analyzed the pasted text \(\d+ bytes\) in \d+ ms in a background worker: 1 message\.$/,
      `offline: "${status}" ${notice.join(' ')}; engine files cached before going offline: ${cached.filter((f) => /^engine-/.test(f)).join(' ') || 'none'}`);
    assert.match(await page.textContent('#tool-detected'), /1 Response, 1 Assertion/);
    assert.ok(wire.engineRequests(mark).length >= 3, 'the engine was loaded offline (from the cache)');

    // An end-user route loaded offline requests no engine file. After a first visit straight to
    // #/saml the end-user shell was never downloaded (no route fetches the other tier's files), so
    // offline the page says it needs the network once; after #/ it works.
    for (const route of ['#/clock', '#/']) {
      const before = wire.requests.length;
      await page.goto(own.url + route);
      await page.waitForSelector('main h1', { timeout: 20000 });
      await page.waitForTimeout(AFTER_LOAD_MS);
      assert.ok(wire.requests.length > before, 'the reload was recorded');
      assert.deepEqual(wire.engineRequests(before).map((r) => `${r.by} ${r.url}`), [], `${route} offline`);
      const h1 = await page.textContent('main h1');
      if (firstVisit) {
        assert.equal(h1, 'This page could not start', `${route} offline after only #/saml`);
        assert.match(await page.textContent('main'), /You are offline, and this part of ssocheck has not been opened/);
      } else {
        assert.notEqual(h1, 'This page could not start', `${route} offline after a visit`);
      }
    }
    assert.deepEqual(wire.requests.filter((r) => !r.url.startsWith(own.origin + '/')).map((r) => r.url), []);
  } finally {
    await context.close();
    await own.close();
  }
  return rec;
}

test('offline after visiting #/ and then #/saml: #/saml reloads and analyzes from the cache; end-user routes never request the engine', async () => {
  await offlineAfterSaml(false);
});

test('offline after a first visit straight to #/saml with an analysis: #/saml reloads and analyzes from the cache', async () => {
  await offlineAfterSaml(true);
});
