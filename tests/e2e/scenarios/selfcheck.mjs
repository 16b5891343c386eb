// The self-check opened from a support link (#/selfcheck?case=1234): it runs to completion, every
// area has a status, the case id is shown, the browser area names the engine, nothing leaves the origin.
import assert from 'node:assert/strict';
import { gotoApp, assertClean } from './common.mjs';

const AREAS = ['environment', 'storage', 'webauthn', 'clock', 'locale'];
/** The browser name the self-check reads from each engine's user agent. */
const BROWSER_NAME = { chromium: /Chrom(e|ium)/, firefox: /Firefox 1\d\d/ };

export const SCENARIOS = [{
  name: 'the self-check from a support link runs to completion and names the case and the browser',
  async run({ driver, server }) {
    const s = await driver.open();
    try {
      await gotoApp(s, server.url + '#/selfcheck?case=1234');
      assert.equal(await s.text('[data-case-id]'), '1234');
      await s.click('#selfcheck-run');
      await s.waitFor('#selfcheck-summary', 45000);
      for (const a of AREAS) {
        const status = await s.attr(`.area-summary [data-area="${a}"]`, 'data-status');
        assert.ok(['pass', 'warning', 'fail'].includes(status), `${a}: ${status}`);
      }
      // The clock area measured against this site (its server sends Date).
      assert.match(await s.text('.area-details[data-area="clock"]'), /ahead|behind|in sync/i);
      assert.match(await s.text('.area-details[data-area="environment"]'), BROWSER_NAME[driver.engine]);
      await s.screenshot(`${driver.engine}-selfcheck-case-1234`);
      assertClean(s.rec, server.origin);
    } finally {
      await s.close();
    }
  },
}];
