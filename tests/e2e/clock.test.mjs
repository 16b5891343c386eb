// The clock page end to end: a page clock shifted with Playwright's fake clock is measured against
// the real Date of the loopback server; a server without Date gives a clear "no reference"; the phone
// test accepts a code computed here for a phone 90 s behind; axe is clean; screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server.mjs';
import { launch, openPage, gotoApp, axeViolations, screenshot, foreignRequests, useServerAndBrowser } from './harness.mjs';

let server, browser;
useServerAndBrowser((env) => ({ server, browser } = env));

/** Opens #/clock with the page clock shifted by `skewMs` (installed before navigation). */
async function openClock(skewMs, url = server.url, contextOptions = {}) {
  const opened = await openPage(browser, contextOptions);
  if (skewMs !== null) await opened.page.clock.install({ time: Date.now() + skewMs });
  await gotoApp(opened.page, url + '#/clock');
  await opened.page.waitForSelector('#clock-verdict[data-state="done"]', { timeout: 45000 });
  return opened;
}

function assertClean(rec, origin) {
  assert.deepEqual(rec.errors, [], 'console errors');
  assert.deepEqual(rec.failed, [], 'failed or aborted requests');
  assert.deepEqual(rec.csp, [], 'CSP violations');
  assert.deepEqual(foreignRequests(rec, origin), [], 'requests to other origins');
}

test('a page clock 95 s ahead is reported as +95 s (±1 s) with a failing TOTP verdict', async () => {
  // Sanity check of the tool itself: under the fake clock performance.now() must still advance,
  // otherwise round trips would be zero and the test would prove nothing.
  const { context, page, rec } = await openClock(95_000);
  const advancing = await page.evaluate(async () => {
    const a = performance.now();
    await new Promise((r) => setTimeout(r, 200));
    return performance.now() - a;
  });
  assert.ok(advancing >= 150, `performance.now advanced ${advancing} ms`);
  const v = page.locator('#clock-verdict');
  const offset = Number(await v.getAttribute('data-offset-ms'));
  assert.ok(Math.abs(offset - 95_000) <= 1_000, `offset ${offset}`);
  assert.equal(await v.getAttribute('data-colour'), 'red');
  const text = await v.textContent();
  assert.match(text, /Your clock is 1 min 3\d\.\d s ahead \(±(\d+ ms|\d+\.\d s)\)/);
  assert.match(text, /would be rejected/);
  assert.equal(await page.locator('.finding.error[data-check="clock.offset"]').count(), 1);
  assertClean(rec, server.origin);
  await context.close();
});

test('a page clock one hour behind gets the time-zone hint', async () => {
  const { context, page } = await openClock(-3_600_000);
  const offset = Number(await page.getAttribute('#clock-verdict', 'data-offset-ms'));
  assert.ok(Math.abs(offset + 3_600_000) <= 1_000, `offset ${offset}`);
  const hint = page.locator('[data-check="clock.timezone-hint"]');
  assert.equal(await hint.count(), 1);
  assert.match(await hint.textContent(), /1 hour behind.*time zone or daylight-saving/);
  await context.close();
});

test('the true clock is reported in sync', async () => {
  const { context, page, rec } = await openClock(null);
  const v = page.locator('#clock-verdict');
  assert.equal(await v.getAttribute('data-colour'), 'green');
  assert.match(await v.textContent(), /Your clock is in sync/);
  const unc = Number(await v.getAttribute('data-uncertainty-ms'));
  assert.ok(unc <= 500, `uncertainty ${unc} ms on loopback`);
  // The probe asked the page's own server, with unique query strings.
  const probes = rec.requests.filter((u) => u.includes('clock-probe.txt?n='));
  assert.ok(probes.length >= 5, `probe requests: ${probes.length}`);
  assert.equal(new Set(probes).size, probes.length, 'every probe URL is unique');
  assertClean(rec, server.origin);
  await context.close();
});

test('a server without a Date header gives a clear "no reference" message', async () => {
  const noDate = await startServer({ sendDate: false });
  try {
    const { context, page } = await openClock(null, noDate.url);
    const v = page.locator('#clock-verdict');
    assert.equal(await v.getAttribute('data-colour'), 'grey');
    assert.equal(await v.getAttribute('data-offset-ms'), null);
    assert.match(await v.textContent(), /No reference time: the page's server sends no Date header/);
    await context.close();
  } finally {
    await noDate.close();
  }
});

test('ssocheck-config.json: a same-origin reference is measured, a cross-origin one is ignored with a note', async () => {
  // A copy of dist/ whose config a host has edited.
  const root = mkdtempSync(join(tmpdir(), 'ssocheck-cfg-'));
  cpSync('dist', root, { recursive: true });
  writeFileSync(join(root, 'ssocheck-config.json'),
    JSON.stringify({ clock: { references: ['https://time.example.org/probe', './clock-probe.txt'] } }));
  const custom = await startServer({ root });
  try {
    const { context, page, rec } = await openClock(null, custom.url);
    const v = page.locator('#clock-verdict');
    assert.equal(await v.getAttribute('data-colour'), 'green');
    assert.ok(await v.getAttribute('data-offset-ms') !== null, 'measured');
    assert.match(await page.textContent('#clock-config-notes'),
      /ignored reference https:\/\/time\.example\.org\/probe: another origin is blocked by this page's Content-Security-Policy/);
    assert.match(await page.textContent('#clock-reference'), /HEAD \.\/clock-probe\.txt/);
    assert.ok(rec.requests.some((u) => u.endsWith('/ssocheck-config.json')), 'config was read');
    assert.ok(rec.requests.some((u) => u.includes('/clock-probe.txt?n=')), 'probe sent');
    assertClean(rec, custom.origin);
    await context.close();
  } finally {
    await custom.close();
    rmSync(root, { recursive: true, force: true });
  }
});

function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const ch of s.replace(/[\s=]/g, '').toUpperCase()) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP with Node's crypto, independent of the page's Rust implementation. */
function hotp(key, counter) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', key).update(msg).digest();
  const o = h[h.length - 1] & 0x0f;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

test('the phone test finds a phone 90 s behind and confirms it with the next code', async () => {
  // Self-check of the node HOTP against RFC 4226 so a wrong helper cannot make the test pass.
  assert.equal(hotp(Buffer.from('12345678901234567890'), 1), '287082');
  const { context, page, rec } = await openClock(null);
  await page.click('text=Create a test entry');
  const secret = base32Decode(await page.textContent('#totp-secret'));
  assert.equal(secret.length, 20, '160-bit secret');
  const uri = await page.textContent('#totp-uri');
  assert.match(uri, /^otpauth:\/\/totp\/ssocheck:clock-test\?secret=[A-Z2-7]{32}&issuer=ssocheck$/);

  // Bad input is refused with a message, never a crash.
  await page.fill('#phone-code', '12a45x');
  await page.click('button[type="submit"]');
  assert.match(await page.textContent('#phone-code-error'), /digits only/);

  const phoneStep = Math.floor((Date.now() - 90_000) / 30_000);
  await page.fill('#phone-code', hotp(secret, phoneStep).replace(/^(\d{3})/, '$1 '));
  await page.click('button[type="submit"]');
  const result = page.locator('#phone-result');
  await page.waitForSelector('#phone-result[data-offset-s]');
  const offset = Number(await result.getAttribute('data-offset-s'));
  assert.ok(Math.abs(offset + 90) <= 30, `phone offset ${offset}`);
  assert.match(await result.textContent(), /behind/);

  await page.fill('#phone-code', hotp(secret, phoneStep + 1));
  await page.click('button[type="submit"]');
  await page.waitForFunction(() => /confirmed by the next code/.test(document.querySelector('[data-check="totp.phone-offset"]')?.textContent ?? ''));
  // The findings (what the report exports) hold the offset but never the secret or the codes.
  const findings = await page.textContent('section[aria-labelledby="clock-report-h"]');
  assert.match(findings, /-90 s|−90|1 min 30/);
  const b32 = (await page.textContent('#totp-secret')).replace(/\s/g, '');
  assert.ok(!findings.replace(/\s/g, '').includes(b32), 'secret leaked into the findings');
  assert.ok(!findings.includes(hotp(secret, phoneStep)), 'code leaked into the findings');
  assert.match(await page.textContent('main'), /delete the “ssocheck: clock-test” entry/);
  assertClean(rec, server.origin);
  await context.close();
});

test('axe-core is clean on #/clock with results shown, light and dark; screenshots at 375 and 1440 px', async () => {
  for (const scheme of ['light', 'dark']) {
    for (const [w, h, label] of [[1440, 900, 'desktop'], [375, 812, 'phone']]) {
      const { context, page } = await openClock(95_000, server.url, { colorScheme: scheme, viewport: { width: w, height: h } });
      await page.click('text=Create a test entry');
      await page.fill('#phone-code', '000000');
      await page.click('button[type="submit"]');
      await page.waitForSelector('#phone-result .verdict');
      const v = await axeViolations(page);
      assert.deepEqual(v, [], `${scheme} ${w}px: ${JSON.stringify(v, null, 1)}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `#/clock at ${w}px overflows by ${overflow}px`);
      await screenshot(page, `clock-results-${label}-${scheme}`);
      await context.close();
    }
  }
});
