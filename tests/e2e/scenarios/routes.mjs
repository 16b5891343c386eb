// Every route, light and dark: a heading, no console error or page error, no failed or foreign
// request, no CSP violation; the colour scheme really reached the page; a screenshot of each; and, in
// engines other than Chromium (whose axe run is in shell.test.mjs), axe-core finds no violation.
import assert from 'node:assert/strict';
import { AXE_SOURCE, ROUTES, foreignRequests, routeName, squeezedText } from '../harness.mjs';
import { gotoApp } from './common.mjs';

/**
 * Moving between an end-user and an administrator route reloads the page into the other module
 * (static/boot.js), which may abort the browser's own favicon fetch (Chromium: net::ERR_ABORTED,
 * Firefox: NS_BINDING_ABORTED); nothing else may fail.
 */
const ABORTED_FAVICON = /\/favicon-[0-9a-f]+\.svg (net::ERR_ABORTED|NS_BINDING_ABORTED)$/;

export const SCENARIOS = [];
for (const scheme of ['light', 'dark']) {
  SCENARIOS.push({
    name: `every route renders in ${scheme} with no console error, page error, failed or foreign request, or CSP violation`,
    async run({ driver, server }) {
      const s = await driver.open({ colorScheme: scheme });
      try {
        for (const route of ROUTES) {
          await gotoApp(s, server.url + route);
          const h1 = await s.text('main h1');
          assert.ok(h1 && h1.trim().length > 0, `${route}: empty heading`);
          assert.notEqual(h1, 'This page could not start', `${route}: the module did not start`);
          assert.equal(await s.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), scheme === 'dark', `${route}: ${scheme} scheme`);
          await new Promise((r) => setTimeout(r, 100));
          await s.screenshot(`${driver.engine}-${routeName(route)}-${scheme}`);
          assert.deepEqual(await s.evaluate(squeezedText), [], `${route}: text squeezed or out of its box`);
          if (driver.engine !== 'chromium') {
            // Evaluated by the driver (BiDi or CDP), so the page's CSP is untouched.
            await s.evaluate(AXE_SOURCE);
            const v = await s.evaluate(async () => (await globalThis.axe.run(document, { resultTypes: ['violations'] })).violations
              .map((x) => ({ id: x.id, impact: x.impact, help: x.help, nodes: x.nodes.map((n) => n.target.join(' ')).slice(0, 5) })));
            assert.deepEqual(v, [], `axe-core, ${route} (${scheme}): ${JSON.stringify(v, null, 1)}`);
          }
        }
        assert.deepEqual(s.rec.errors, [], `console errors and page errors (${scheme})`);
        assert.deepEqual(s.rec.failed.filter((f) => !ABORTED_FAVICON.test(f)), [], `failed requests (${scheme})`);
        assert.deepEqual(s.rec.csp, [], `CSP violations (${scheme})`);
        assert.deepEqual(foreignRequests(s.rec, server.origin), [], `requests to other origins (${scheme})`);
      } finally {
        await s.close();
      }
    },
  });
}
