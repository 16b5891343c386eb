// XML signatures on #/saml with the "IdP metadata or certificate" field: verified with the pasted
// certificate; a rotated certificate named with both fingerprints; a response changed after signing
// fails its digest with the usual causes and the fix; the canonical bytes are offered for download.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openPage, gotoApp, foreignRequests, useServerAndBrowser } from './harness.mjs';

let server, browser;
useServerAndBrowser((env) => ({ server, browser } = env));

const SIGNED = readFileSync('tests/fixtures/saml/okta-idc-good.xml', 'utf8');
const cert = (name) => readFileSync(`tests/fixtures/saml/certs/${name}.b64`, 'utf8').trim();
const DOC = '.tool-document';

async function analyze(page, xml, metadata) {
  const before = Number(await page.getAttribute('.tool-status', 'data-run'));
  await page.fill('#saml-idp-metadata', metadata);
  await page.fill('#saml-now', '2026-01-01T00:00:00Z');
  await page.fill('#saml-text', xml);
  await page.click('#saml-analyze');
  await page.waitForFunction((n) => Number(document.querySelector('.tool-status')?.dataset.run) > n, before, { timeout: 60000 });
  assert.match(await page.textContent('.tool-status'), /in a background worker/);
}

const finding = (page, id) => page.locator(`${DOC} li.finding[data-check="${id}"]`);

test('signatures on the SAML page: verified, rotated certificate, tampered response', async () => {
  const { context, page, rec } = await openPage(browser);
  await gotoApp(page, server.url + '#/saml');
  await page.waitForSelector('.tool-status[data-worker="ready"]', { timeout: 30000 });

  // The IdP's own certificate: digest, value and trust pass; the signature block says so.
  await analyze(page, SIGNED, cert('idp-good'));
  for (const id of ['saml.signature.digest', 'saml.signature.value', 'saml.signature.trust']) {
    const f = finding(page, id);
    assert.equal(await f.count(), 1, id);
    assert.match(await f.getAttribute('class'), /pass/, id);
  }
  assert.match(await page.textContent(`${DOC} section[data-block="signature-1"]`), /Step 1/);
  assert.equal(await page.locator(`${DOC} section[data-block="canonical-1"] button`).count(), 1, 'canonical bytes offered');

  // Another certificate (a rotation): trust fails and names the fingerprint that signed.
  await analyze(page, SIGNED, cert('idp-expired'));
  const trust = finding(page, 'saml.signature.trust');
  assert.match(await trust.getAttribute('class'), /error/);
  const text = await trust.textContent();
  assert.match(text, /verifies only with its embedded certificate/);
  // Both fingerprints: the one that signed, and the one the pasted metadata expects.
  assert.match(text, /embedded certificate \(SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}\)/);
  assert.match(text, /\(expected ([0-9A-F]{2}:){31}[0-9A-F]{2}\)/);
  assert.match(await finding(page, 'saml.signature.value').getAttribute('class'), /pass/);

  // A value changed after signing: the digest no longer matches.
  await analyze(page, SIGNED.replace('>Engineering<', '>Engineerinq<'), cert('idp-good'));
  const digest = finding(page, 'saml.signature.digest');
  assert.match(await digest.getAttribute('class'), /error/);
  assert.match(await digest.textContent(), /raw SAMLResponse/);

  assert.deepEqual(foreignRequests(rec, server.origin), []);
  assert.deepEqual(rec.errors, []);
  await context.close();
});
