// The clock page with the page clock moved +95 s (Date shifted by an init script before the page's
// scripts; performance.now and timers stay real) is measured as +95 s against the loopback server's
// Date header, with a failing TOTP verdict.
import assert from 'node:assert/strict';
import { shiftClock } from '../drivers.mjs';
import { gotoApp, assertClean } from './common.mjs';

export const SCENARIOS = [{
  name: 'a page clock 95 s ahead is reported as +95 s (±1 s) with a failing TOTP verdict',
  async run({ driver, server }) {
    const s = await driver.open({ initScripts: [[shiftClock, 95_000]] });
    try {
      await gotoApp(s, server.url + '#/clock');
      await s.waitFor('#clock-verdict[data-state="done"]', 45000);
      const skew = await s.evaluate(() => Date.now() - performance.timeOrigin - performance.now());
      assert.ok(Math.abs(skew - 95_000) < 1_000, `the page clock is moved: ${skew} ms`);
      const offset = Number(await s.attr('#clock-verdict', 'data-offset-ms'));
      assert.ok(Math.abs(offset - 95_000) <= 1_000, `offset ${offset}`);
      const uncertainty = Number(await s.attr('#clock-verdict', 'data-uncertainty-ms'));
      console.log(`clock (${driver.engine}): offset ${offset} ms, ±${uncertainty} ms`);
      assert.equal(await s.attr('#clock-verdict', 'data-colour'), 'red');
      const text = await s.text('#clock-verdict');
      assert.match(text, /Your clock is 1 min 3\d\.\d s ahead \(±(\d+ ms|\d+\.\d s)\)/);
      assert.match(text, /would be rejected/);
      assert.equal(await s.count('.finding.error[data-check="clock.offset"]'), 1);
      await s.screenshot(`${driver.engine}-clock-95s-ahead`);
      assertClean(s.rec, server.origin);
    } finally {
      await s.close();
    }
  },
}];
