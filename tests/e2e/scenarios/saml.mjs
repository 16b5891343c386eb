// A SAML analysis in the engine worker, and on the main thread when the build has no worker tag
// (index.html rewritten by the test server, as a build without the post-build hook is).
import assert from 'node:assert/strict';
import { startServer } from '../server.mjs';
import { ENGINE_FILE, unhashed } from '../harness.mjs';
import { gotoApp, assertClean, analyzeSaml, WORKER, OKTA_XML } from './common.mjs';

const MAIN = /^Analyzed the pasted text \(\d+ bytes\) in \d+ ms on the main thread \(no background worker: this build has no engine worker\): 1 message\.$/;
const WORKER_TAG = /<meta name="ssocheck-engine-worker"[^>]*>/;
const engineNames = (rec) => rec.requests.filter((u) => ENGINE_FILE.test(u))
  .map((u) => new URL(u).pathname.split('/').pop()).map(unhashed).filter((n) => /^engine(-main|-worker)?(\.js|_bg\.wasm)$/.test(n));

export const SCENARIOS = [{
  name: 'a pasted SAML response is analyzed in the engine worker',
  async run({ driver, server }) {
    const s = await driver.open();
    try {
      await gotoApp(s, server.url + '#/saml');
      await s.select('#saml-flow', 'auto');
      await s.waitFor('.saml-status[data-worker="ready"]', 20000);
      const { status, notices } = await analyzeSaml(s, OKTA_XML);
      assert.match(status, WORKER, `status "${status}"; alerts ${JSON.stringify(notices)}`);
      assert.match(await s.text('#tool-detected'), /1 Response, 1 Assertion/);
      assert.equal(await s.count('article.tool-document[data-tool="saml"] li.finding[data-check]') > 0, true, 'findings shown');
      assert.ok(!engineNames(s.rec).includes('engine-main.js'), `no main-thread engine: ${engineNames(s.rec).join(' ')}`);
      assertClean(s.rec, server.origin);
    } finally {
      await s.close();
    }
  },
}, {
  name: 'without the worker tag the engine loads on the main thread and analyzes',
  async run({ driver }) {
    const noWorker = await startServer({
      rewrite: (rel, body) => {
        if (rel !== 'index.html') return body;
        const html = body.toString('utf8');
        assert.match(html, WORKER_TAG);
        return html.replace(WORKER_TAG, '');
      },
    });
    const s = await driver.open();
    try {
      await gotoApp(s, noWorker.url + '#/saml');
      await s.select('#saml-flow', 'auto');
      await s.waitFor('.saml-status[data-worker="off"]', 20000);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(engineNames(s.rec), [], 'nothing of the engine before the first analysis');
      // The first analysis loads the engine module; its outcome is asserted after the second's.
      const first = await analyzeSaml(s, OKTA_XML);
      const second = await analyzeSaml(s, OKTA_XML);
      assert.match(second.status, MAIN, `status "${second.status}"; alerts ${JSON.stringify(second.notices)}`);
      assert.match(await s.text('#tool-detected'), /1 Response, 1 Assertion/);
      assert.deepEqual(engineNames(s.rec).sort(), ['engine-main.js', 'engine.js', 'engine_bg.wasm'], 'the main-thread module, the glue and the wasm');
      assert.equal(await s.evaluate(() => typeof globalThis.ssocheckEngines?.engine), 'function');
      assert.match(first.status, MAIN, `the first analysis: "${first.status}"; alerts ${JSON.stringify(first.notices)}`);
      assertClean(s.rec, noWorker.origin);
    } finally {
      await s.close();
      await noWorker.close();
    }
  },
}];
