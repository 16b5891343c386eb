// The WebAuthn verdict in each engine with no authenticator attached (neither engine's WebDriver
// session here has a virtual authenticator: Chromium's CDP one is exercised in webauthn.test.mjs,
// Firefox's lives in WebDriver classic only). On Linux neither engine has a built-in authenticator,
// so both get "security keys work here"; the verdict names the browser. A security-key ceremony with
// nothing to answer it ends by the page's watchdog in both; a built-in one is refused at once by
// Firefox (NotAllowedError) and ended by the watchdog in Chromium.
import assert from 'node:assert/strict';
import { gotoApp, assertClean } from './common.mjs';

/**
 * What each engine reports. Firefox: the guide names it, so the browser check passes. Chromium
 * reports itself as "Chromium" through User-Agent Client Hints, a browser the guide does not name
 * (info). getClientCapabilities exists in both (Firefox since 135); Firefox 153 reports no
 * conditional create and no large-blob extension, Chromium reports both.
 */
const EXPECT = {
  firefox: {
    name: /^Firefox 1\d\d on Linux$/,
    browserCheck: 'pass',
    browserText: /Firefox 1\d\d on Linux, a browser the Identity Center guide names\./,
    capabilities: ['userVerifyingPlatformAuthenticator=false', 'passkeyPlatformAuthenticator=false', 'conditionalCreate=false', 'extension:largeBlob=false'],
  },
  chromium: {
    name: /^Chromium 1\d\d on Linux$/,
    browserCheck: 'info',
    browserText: /Chromium 1\d\d on Linux: the Identity Center guide names Chrome, Firefox, Edge and Safari\./,
    capabilities: ['userVerifyingPlatformAuthenticator=false', 'passkeyPlatformAuthenticator=false', 'conditionalCreate=true', 'extension:largeBlob=true'],
  },
};

// localhost (a domain) rather than 127.0.0.1: WebAuthn refuses IP-literal RP IDs.
const appUrl = (server, hash) => `${server.url.replace('127.0.0.1', 'localhost')}${hash}`;
const finding = (_s, id) => `li.finding[data-check="${id}"]`;

export const SCENARIOS = [{
  name: 'the verdict names the browser: no built-in authenticator on Linux, security keys still offered',
  async run({ driver, server }) {
    const want = EXPECT[driver.engine];
    const s = await driver.open();
    try {
      await gotoApp(s, appUrl(server, '#/webauthn'));
      await s.waitFor('[data-verdict]', 20000);
      assert.equal(await s.attr('[data-verdict]', 'data-verdict'), 'security-key-only');
      const verdict = await s.text('.wa-verdict');
      assert.match(verdict, /Security keys work here; no built-in authenticator was found/);
      const bsum = verdict.match(/found(.+?) supports WebAuthn/)?.[1];
      assert.match(bsum ?? '', want.name, verdict);
      assert.match(await s.text('tr[data-option="built-in"]'), /Not offered.*isUserVerifyingPlatformAuthenticatorAvailable\(\) is false/);
      assert.match(await s.text('tr[data-option="security-key"]'), /Offered/);
      assert.match(await s.attr(finding(s, 'webauthn.browser'), 'class'), new RegExp(`\\b${want.browserCheck}\\b`));
      assert.match(await s.text(finding(s, 'webauthn.browser')), want.browserText);
      const caps = finding(s, 'webauthn.client-capabilities');
      assert.match(await s.attr(caps, 'class'), /\bpass\b/);
      const capsText = await s.text(caps);
      for (const c of want.capabilities) assert.ok(capsText.includes(c), `getClientCapabilities() in ${driver.engine}: ${c} in ${capsText}`);
      assert.match(await s.attr(finding(s, 'webauthn.platform-authenticator'), 'class'), /\binfo\b/);
      await s.screenshot(`${driver.engine}-webauthn-verdict`);
      assertClean(s.rec, server.origin.replace('127.0.0.1', 'localhost'));
    } finally {
      await s.close();
    }
  },
}, {
  name: 'a security-key ceremony with nothing to answer it ends by the page watchdog',
  async run({ driver, server }) {
    const s = await driver.open();
    try {
      await gotoApp(s, appUrl(server, '#/webauthn?watchdog=3'));
      await s.waitFor('[data-verdict]', 20000);
      await s.click('#wa-cross');
      await s.click('#wa-start');
      await s.waitFor('[data-outcome]', 20000);
      assert.equal(await s.attr('[data-outcome]', 'data-outcome'), 'register-failed');
      // Neither headless engine settles the request without an authenticator (Firefox shows no
      // prompt and rejects nothing), so the watchdog ends it in both.
      assert.equal(await s.attr('[data-error-name]', 'data-error-name'), 'Timeout');
      assert.match(await s.text('[data-outcome]'), /No answer/);
      assert.equal(await s.evaluate(() => document.querySelector('#wa-start').disabled), false, 'the test can be started again');
      assertClean(s.rec, server.origin.replace('127.0.0.1', 'localhost'));
    } finally {
      await s.close();
    }
  },
}, {
  name: 'a built-in-authenticator ceremony: Firefox refuses it at once (NotAllowedError), Chromium waits for the watchdog',
  async run({ driver, server }) {
    const s = await driver.open();
    try {
      await gotoApp(s, appUrl(server, '#/webauthn?watchdog=3'));
      await s.waitFor('[data-verdict]', 20000);
      await s.click('#wa-platform');
      const t0 = Date.now();
      await s.click('#wa-start');
      await s.waitFor('[data-outcome]', 20000);
      const elapsed = Date.now() - t0;
      assert.equal(await s.attr('[data-outcome]', 'data-outcome'), 'register-failed');
      const name = await s.attr('[data-error-name]', 'data-error-name');
      const text = await s.text('[data-outcome]');
      if (driver.engine === 'firefox') {
        // Firefox on Linux has no platform authenticator and says so without a prompt: the page
        // explains the DOMException and shows Firefox's own message.
        assert.equal(name, 'NotAllowedError', text);
        assert.match(text, /Cancelled, timed out or not allowed/);
        assert.match(text, /NotAllowedError: The request is not allowed by the user agent or the platform/);
        assert.ok(elapsed < 2500, `refused before the 3 s watchdog: ${elapsed} ms`);
      } else {
        assert.equal(name, 'Timeout', text);
        assert.match(text, /No answer/);
      }
      assertClean(s.rec, server.origin.replace('127.0.0.1', 'localhost'));
    } finally {
      await s.close();
    }
  },
}];
