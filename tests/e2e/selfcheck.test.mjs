// #/selfcheck against the release build: runs to completion with and without a (CDP virtual)
// authenticator, the copied report names the case and every area, nothing leaves the origin, link
// parameters cannot inject script, `run` limits the areas, axe is clean after a run (light and dark),
// the keyboard alone drives it, and screenshots are written at 375 and 1440 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, gotoApp, axeViolations, screenshot, foreignRequests, useServerAndBrowser } from './harness.mjs';

const AREAS = ['environment', 'storage', 'webauthn', 'clock', 'locale'];
const AREA_TITLES = ['Browser and system', 'Cookies and storage', 'Security keys and passkeys', 'Clock', 'Time zone and language'];

let server, browser;
useServerAndBrowser((env) => ({ server, browser } = env));

async function waitForResult(page) {
  await page.waitForSelector('#selfcheck-summary', { timeout: 45000 });
}

async function copyReport(page, button = 'Copy report') {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForFunction(() => /copied/.test(document.querySelector('.export-bar .status')?.textContent ?? ''), null, { timeout: 10000 });
  return page.evaluate(() => navigator.clipboard.readText());
}

for (const authenticator of ['internal', 'none']) {
  test(`self-check runs to completion (${authenticator} authenticator) and the copied report names the case and every area`, async () => {
    const { context, page, rec } = await openPage(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    if (authenticator === 'internal') {
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
      });
    }
    await gotoApp(page, server.url + '#/selfcheck?case=ABC-123');
    assert.equal(await page.textContent('[data-case-id]'), 'ABC-123');
    await page.click('#selfcheck-run');
    // The progress indicator is visible while it runs (or the run was faster than the check).
    await waitForResult(page);
    for (const a of AREAS) {
      const status = await page.getAttribute(`.area-summary [data-area="${a}"]`, 'data-status');
      assert.ok(['pass', 'warning', 'fail'].includes(status), `${a}: ${status}`);
    }
    const webauthn = await page.textContent('.area-details[data-area="webauthn"]');
    if (authenticator === 'internal') assert.match(webauthn, /available/i);
    const text = await copyReport(page);
    assert.match(text, /Case: ABC-123/);
    for (const t of AREA_TITLES) assert.ok(text.includes(t), `report lacks ${t}:\n${text}`);
    assert.match(text, /Time: \d{4}-\d\d-\d\dT/);
    assert.match(text, /build /);
    const md = await copyReport(page, 'Copy as Markdown');
    assert.match(md, /- Case: ABC-123/);
    assert.deepEqual(foreignRequests(rec, server.origin), [], 'requests to other origins');
    assert.deepEqual(rec.csp, [], 'CSP violations');
    assert.deepEqual(rec.errors, [], 'console errors');
    assert.deepEqual(rec.failed, [], 'failed requests');
    await context.close();
  });
}

test('auto=1 starts on load, run= limits the areas, and the clock probe stays on this origin', async () => {
  const { context, page, rec } = await openPage(browser);
  await gotoApp(page, server.url + '#/selfcheck?case=XY-9&run=clock,locale&auto=1');
  await waitForResult(page);
  const areas = await page.$$eval('.area-summary [data-area]', (els) => els.map((e) => e.getAttribute('data-area')));
  assert.deepEqual(areas, ['clock', 'locale']);
  const clock = await page.textContent('.area-details[data-area="clock"]');
  assert.match(clock, /ahead|behind|in sync/i, 'the clock area measured against this site');
  const probes = rec.requests.filter((u) => u.includes('?'));
  assert.ok(probes.length >= 1, 'a clock probe request was made');
  assert.deepEqual(foreignRequests(rec, server.origin), []);
  await context.close();
});

test('script injected through link parameters does not run and is shown as text', async () => {
  const links = [
    '#/selfcheck?case=<img src=x onerror=alert(1)>',
    '#/selfcheck?case=<img src=x onerror="window.__pwned=1">&auto=1',
    '#/selfcheck?x="><script>alert(1)</script>',
    '#/selfcheck?x="><script>window.__pwned=2</script>&run=<svg/onload=alert(3)>',
    '#/selfcheck?run=locale"><img src=x onerror=alert(4)>&auto=1',
  ];
  for (const link of links) {
    const { context, page, rec } = await openPage(browser);
    await gotoApp(page, server.url + link);
    await page.waitForTimeout(300);
    if (link.includes('auto=1')) await waitForResult(page);
    const notes = await page.textContent('.link-notes');
    assert.match(notes ?? '', /Ignored/, `${link}: a visible note`);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, `${link}: global set`);
    assert.equal(await page.locator('main img, main script, main svg').count(), 0, `${link}: element injected`);
    assert.deepEqual(rec.dialogs, [], `${link}: a dialog opened`);
    assert.equal(await page.locator('[data-case-id]').count(), 0, `${link}: a hostile case id was accepted`);
    assert.deepEqual(rec.errors, [], `${link}: console errors`);
    assert.deepEqual(rec.csp, [], `${link}: CSP violations`);
    await context.close();
  }
});

test('pasting into the SAML analyzer makes no request at all', async () => {
  const { context, page, rec } = await openPage(browser);
  await gotoApp(page, server.url + '#/saml');
  // The engine worker loads its files when the page opens; after that, nothing.
  await page.waitForSelector('.saml-status[data-worker="ready"]');
  await page.waitForTimeout(300);
  const before = rec.requests.length;
  const samlish = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Subject><saml:NameID>alice@example.com<img src=x onerror="window.__pwned=1"></saml:NameID></saml:Subject></saml:Assertion></samlp:Response>';
  const b64 = Buffer.from(samlish).toString('base64');
  const area = page.locator('#saml-text');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await page.evaluate((text) => navigator.clipboard.writeText(text), b64);
  await area.focus();
  await page.keyboard.press('Control+V'); // a real paste event, which starts the analysis
  assert.equal(await area.inputValue(), b64, 'the paste landed in the text box');
  // The paste starts a run (an analysis, or a notice).
  await page.waitForFunction(() => Number(document.querySelector('.saml-status')?.dataset.run) >= 1, null, { timeout: 20000 });
  await page.keyboard.press('Tab');
  await page.waitForTimeout(1500);
  assert.deepEqual(rec.requests.slice(before), [], 'pasting caused requests');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('main img').count(), 0);
  assert.deepEqual(rec.dialogs, []);
  assert.deepEqual(rec.csp, []);
  // ...and the pasted message was analyzed (not "Nothing to analyze").
  assert.deepEqual(await page.locator('main .notice.err').allTextContents(), []);
  assert.match(await page.textContent('#tool-detected'), /base64/);
  await context.close();
});

test('axe-core finds no violations on #/selfcheck after a run, light and dark', async () => {
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await openPage(browser, { colorScheme: scheme });
    await gotoApp(page, server.url + '#/selfcheck?case=ABC-123&x=1&auto=1');
    await waitForResult(page);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    const v = await axeViolations(page);
    assert.deepEqual(v, [], `${scheme}: ${JSON.stringify(v, null, 1)}`);
    await context.close();
  }
});

test('the self-check can be driven with the keyboard alone', async () => {
  const { context, page } = await openPage(browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await gotoApp(page, server.url + '#/selfcheck?case=KB-1');
  const tabTo = async (pred, max = 40) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(pred)) return true;
    }
    return false;
  };
  assert.ok(await tabTo(() => document.activeElement?.id === 'selfcheck-run'), 'Run button reachable by Tab');
  await page.keyboard.press('Enter');
  await waitForResult(page);
  await page.waitForFunction(() => document.activeElement?.id === 'selfcheck-summary', null, { timeout: 5000 });
  assert.ok(await tabTo(() => document.activeElement?.textContent === 'Copy report'), 'Copy report reachable by Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /copied/.test(document.querySelector('.export-bar .status')?.textContent ?? ''));
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /Case: KB-1/);
  // The "passed checks" disclosures open from the keyboard too.
  assert.ok(await tabTo(() => document.activeElement?.tagName === 'SUMMARY'), 'a disclosure is reachable');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.parentElement.open), true);
  await context.close();
});

test('self-check screenshots at 375 and 1440 px, light and dark, with no horizontal overflow', async () => {
  for (const [w, h, label] of [[1440, 900, 'desktop'], [375, 812, 'phone']]) {
    for (const scheme of ['light', 'dark']) {
      const { context, page } = await openPage(browser, { viewport: { width: w, height: h }, colorScheme: scheme });
      await gotoApp(page, server.url + '#/selfcheck?case=ABC-123&bogus=%3Cb%3Ehi%3C/b%3E&auto=1');
      await waitForResult(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${w}px overflows by ${overflow}px`);
      await screenshot(page, `selfcheck-run-${label}-${scheme}`);
      await context.close();
    }
  }
});
