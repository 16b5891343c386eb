// Offline after one visit: #/ and then #/saml with an analysis, online; then the browser goes offline
// and the server stops. #/saml reloads and analyzes in the worker from the service worker's cache,
// and the end-user routes render without requesting an engine file.
import assert from 'node:assert/strict';
import { startServer } from '../server.mjs';
import { ENGINE_FILE, builtFile } from '../harness.mjs';
import { gotoApp, analyzeSaml, serviceWorkerControls, until, WORKER } from './common.mjs';

const cachedFiles = (s) => s.evaluate(async () => {
  const names = [];
  for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) names.push(new URL(r.url).pathname.split('/').pop());
  return names;
});

export const SCENARIOS = [{
  name: 'after one visit the page works offline: #/saml analyzes in the worker from the cache, end-user routes render',
  async run({ driver }) {
    const own = await startServer();
    const s = await driver.open();
    try {
      await gotoApp(s, own.url + '#/');
      await serviceWorkerControls(s);
      await s.click('header nav a[href="#/saml"]');
      await s.waitForFunction(() => document.querySelector('main h1')?.textContent === 'SAML analyzer', null, 20000);
      await s.waitFor('.saml-status[data-worker="ready"]', 20000);
      await s.select('#saml-flow', 'auto');
      assert.match((await analyzeSaml(s)).status, WORKER);
      await serviceWorkerControls(s);
      // The service worker keeps the engine once it has loaded (a revalidation): wait for it.
      await until(async () => (await cachedFiles(s)).some((f) => builtFile('engine', '_bg.wasm').test(f)), 'the engine in the cache', 20000, 200);
      const cached = await cachedFiles(s);

      // The network is gone: the browser is offline and the server stopped.
      await s.setOffline(true);
      await own.close();
      const mark = s.rec.requests.length;
      const errorsBefore = s.rec.errors.length;
      await s.reload();
      await s.waitFor('main h1', 20000);
      await s.waitFor('.saml-status[data-worker="ready"]', 20000);
      await s.select('#saml-flow', 'auto');
      const { status, notices } = await analyzeSaml(s);
      assert.match(status, WORKER, `offline: "${status}" ${notices.join(' ')}; engine files cached: ${cached.filter((f) => /^engine-/.test(f)).join(' ')}`);
      assert.match(await s.text('#tool-detected'), /1 Response, 1 Assertion/);
      assert.ok(s.rec.requests.slice(mark).filter((u) => ENGINE_FILE.test(u)).length >= 3, 'the engine was loaded offline (from the cache)');

      for (const route of ['#/clock', '#/', '#/selfcheck']) {
        const before = s.rec.requests.length;
        await gotoApp(s, own.url + route);
        await new Promise((r) => setTimeout(r, 500));
        const h1 = await s.text('main h1');
        assert.notEqual(h1, 'This page could not start', `${route} offline after a visit`);
        assert.deepEqual(s.rec.requests.slice(before).filter((u) => ENGINE_FILE.test(u)), [], `${route} offline requested an engine file`);
      }
      await s.screenshot(`${driver.engine}-offline-home`);
      assert.deepEqual(s.rec.errors.slice(errorsBefore), [], 'errors offline');
      assert.deepEqual(s.rec.errors, [], 'errors');
    } finally {
      await s.close();
      await own.close();
    }
  },
}];
