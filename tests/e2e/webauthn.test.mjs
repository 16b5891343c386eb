// The WebAuthn page against Chromium virtual authenticators (CDP WebAuthn domain): built-in with
// user verification, USB key, no authenticator (watchdog), a non-secure origin and a cross-origin
// iframe without allow=. Also axe after a ceremony, and screenshots at 375 and 1440 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launch, openPage, gotoApp, axeViolations, screenshot, foreignRequests, useServerAndBrowser } from './harness.mjs';

let server, browser;
useServerAndBrowser((env) => ({ server, browser } = env));

// localhost (a domain) rather than 127.0.0.1: WebAuthn refuses IP-literal RP IDs.
const appUrl = (hash = '#/webauthn') => `${server.url.replace('127.0.0.1', 'localhost')}${hash}`;

async function withAuthenticator(page, context, options) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', automaticPresenceSimulation: true, ...options },
  });
  return { cdp, authenticatorId };
}

async function verdictOf(frameOrPage) {
  const el = frameOrPage.locator('[data-verdict]');
  await el.waitFor({ timeout: 20000 });
  return el.getAttribute('data-verdict');
}

test('internal authenticator with UV: built-in offered, full ceremony with flags and AAGUID, axe clean', async () => {
  const { context, page, rec } = await openPage(browser);
  const { cdp, authenticatorId } = await withAuthenticator(page, context, {
    transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true,
  });
  await gotoApp(page, appUrl());
  assert.equal(await verdictOf(page), 'ready');
  assert.match(await page.textContent('tr[data-option="built-in"]'), /Offered/);
  assert.match(await page.textContent('tr[data-option="security-key"]'), /Offered/);
  await page.check('#wa-platform');
  await page.click('#wa-start');
  const outcome = page.locator('[data-outcome]');
  await outcome.waitFor({ timeout: 30000 });
  assert.equal(await outcome.getAttribute('data-outcome'), 'success', await outcome.textContent());
  for (const [flag, on] of [['UP', 'true'], ['UV', 'true'], ['AT', 'true'], ['ED', 'false']]) {
    assert.equal(await page.getAttribute(`[data-flag="${flag}"]`, 'data-on'), on, flag);
  }
  assert.equal((await page.textContent('[data-field="AAGUID"]')).trim(), '01020304-0506-0708-0102-030405060708');
  assert.match(await page.textContent('[data-field="Algorithm"]'), /ES256/);
  assert.match(await page.textContent('[data-field="Key type"]'), /EC2 P-256/);
  assert.match(await page.textContent('[data-field="Transports"]'), /internal/);
  assert.match(await page.textContent('#wa-result'), /Signed in with the test credential/);
  // residentKey "discouraged": the authenticator keeps no discoverable credential.
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.equal(credentials[0].isResidentCredential, false);
  assert.match(await page.textContent('[data-field="Stored on the authenticator (discoverable)"]'), /no/);
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const v = await axeViolations(page);
    assert.deepEqual(v, [], `${scheme}: ${JSON.stringify(v, null, 1)}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshot(page, 'webauthn-ceremony-1440');
  await page.setViewportSize({ width: 375, height: 800 });
  await screenshot(page, 'webauthn-ceremony-375');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(overflow, false, 'no horizontal scrolling at 375 px');
  assert.deepEqual(rec.csp, []);
  assert.deepEqual(foreignRequests(rec, server.origin.replace('127.0.0.1', 'localhost')), []);
  await context.close();
});

test('USB security key: security-key path, direct attestation, cross-platform', async () => {
  const { context, page } = await openPage(browser);
  await withAuthenticator(page, context, { transport: 'usb', hasResidentKey: false, hasUserVerification: false });
  await gotoApp(page, appUrl());
  assert.equal(await verdictOf(page), 'security-key-only');
  assert.match(await page.textContent('tr[data-option="built-in"]'), /Not offered/);
  assert.match(await page.textContent('tr[data-option="security-key"]'), /Offered/);
  await page.check('#wa-cross');
  await page.check('#wa-att-direct');
  await page.click('#wa-start');
  const outcome = page.locator('[data-outcome]');
  await outcome.waitFor({ timeout: 30000 });
  assert.equal(await outcome.getAttribute('data-outcome'), 'success', await outcome.textContent());
  assert.match(await page.textContent('[data-field="Transports"]'), /usb/);
  assert.match(await page.textContent('[data-field="Authenticator type reported"]'), /cross-platform/);
  assert.match(await page.textContent('[data-field="Attestation format"]'), /packed/);
  assert.equal(await page.getAttribute('[data-flag="UV"]', 'data-on'), 'false');
  await screenshot(page, 'webauthn-usb-1440');
  await context.close();
});

test('no authenticator: the watchdog ends the ceremony with a clear outcome', async () => {
  const { context, page } = await openPage(browser);
  await gotoApp(page, appUrl('#/webauthn?watchdog=3'));
  assert.equal(await page.inputValue('#wa-watchdog'), '3');
  await page.check('#wa-cross');
  const t0 = Date.now();
  await page.click('#wa-start');
  const outcome = page.locator('[data-outcome]');
  await outcome.waitFor({ timeout: 20000 });
  assert.ok(Date.now() - t0 < 15000, 'watchdog fired in time');
  assert.equal(await outcome.getAttribute('data-outcome'), 'register-failed');
  const name = await page.getAttribute('[data-error-name]', 'data-error-name');
  // Headless Chromium never settles without an authenticator, so the watchdog must be what ended it.
  assert.equal(name, 'Timeout', await outcome.textContent());
  assert.match(await outcome.textContent(), /No answer/);
  assert.equal(await page.isEnabled('#wa-start'), true, 'the test can be started again');
  await context.close();
});

test('non-secure origin: "not a secure context" verdict', async () => {
  const b = await launch(['--host-resolver-rules=MAP ssocheck.test 127.0.0.1']);
  try {
    const { context, page } = await openPage(b);
    const port = new URL(server.url).port;
    await gotoApp(page, `http://ssocheck.test:${port}/#/webauthn`);
    assert.equal(await verdictOf(page), 'not-secure');
    assert.match(await page.textContent('.wa-verdict'), /Not a secure context/);
    assert.equal(await page.isDisabled('#wa-start'), true);
    await screenshot(page, 'webauthn-insecure-1440');
    await context.close();
  } finally {
    await b.close();
  }
});

test('cross-origin iframe without allow=: the iframe verdict', async () => {
  const target = appUrl();
  const parent = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><title>parent</title><iframe title="ssocheck" src="${target}" width="1200" height="900"></iframe></html>`);
  });
  await new Promise((r) => parent.listen(0, '127.0.0.1', r));
  try {
    const { context, page } = await openPage(browser);
    await page.goto(`http://127.0.0.1:${parent.address().port}/`);
    const frame = page.frameLocator('iframe');
    await frame.locator('main h1').waitFor({ timeout: 20000 });
    assert.equal(await verdictOf(frame), 'blocked-frame');
    assert.match(await frame.locator('.wa-verdict').textContent(), /another site/);
    assert.equal(await frame.locator('#wa-start').isDisabled(), true);
    await context.close();
  } finally {
    parent.closeAllConnections?.();
    await new Promise((r) => parent.close(r));
  }
});
