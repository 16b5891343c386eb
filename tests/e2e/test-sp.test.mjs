// The test service provider (#/test-sp) against a fake identity provider on a second loopback origin:
// SP-initiated (the IdP reads the AuthnRequest, checks its ID and ACS, and auto-posts a response
// signed with xmlsec1 that echoes InResponseTo and RelayState), IdP-initiated, a response for another
// AuthnRequest and a tampered response. The SAML page shows the analysis; the static host never sees
// a POST or the response, and no recorded request carries the response except the POST the service
// worker answers. Without a service worker: the clear message, and no broken flow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { openPage, gotoApp, launch, screenshot, foreignRequests } from './harness.mjs';
import { startServer } from './server.mjs';

const DOC = '.tool-document';
const SAML = 'urn:oasis:names:tc:SAML:2.0';

// ---- keys (openssl) and signing (xmlsec1), made at test time ----
const lab = mkdtempSync(join(tmpdir(), 'ssocheck-test-sp-'));
const KEY = join(lab, 'idp.key');
const CRT = join(lab, 'idp.crt');
execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', KEY], { stdio: 'pipe' });
execFileSync('openssl', ['req', '-x509', '-new', '-days', '365', '-subj', '/CN=fake-idp/O=ssocheck tests', '-key', KEY, '-out', CRT], { stdio: 'pipe' });
const CERT_B64 = readFileSync(CRT, 'utf8').replace(/-----[^-]+-----|\s/g, '');

function sign(xml) {
  const tpl = join(lab, `tpl-${randomBytes(4).toString('hex')}.xml`);
  writeFileSync(tpl, xml);
  const out = execFileSync('xmlsec1', [
    '--sign', '--privkey-pem', `${KEY},${CRT}`,
    '--id-attr:ID', `${SAML}:protocol:Response`, '--id-attr:ID', `${SAML}:assertion:Assertion`, tpl,
  ], { stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
  rmSync(tpl);
  return out;
}

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A Response with one Assertion signed (enveloped, exclusive c14n, RSA-SHA256). */
function response({ idpEntity, acs, audience, inResponseTo }) {
  const now = Date.now();
  const irt = inResponseTo ? ` InResponseTo="${inResponseTo}"` : '';
  const aid = `_a${randomBytes(16).toString('hex')}`;
  return sign(`<samlp:Response xmlns:samlp="${SAML}:protocol" xmlns:saml="${SAML}:assertion" ID="_r${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${iso(now)}" Destination="${acs}"${irt}>`
    + `<saml:Issuer>${idpEntity}</saml:Issuer>`
    + `<samlp:Status><samlp:StatusCode Value="${SAML}:status:Success"/></samlp:Status>`
    + `<saml:Assertion ID="${aid}" Version="2.0" IssueInstant="${iso(now)}">`
    + `<saml:Issuer>${idpEntity}</saml:Issuer>`
    + '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>'
    + '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
    + '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
    + `<ds:Reference URI="#${aid}"><ds:Transforms>`
    + '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>'
    + '<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>'
    + '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue></ds:DigestValue>'
    + '</ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue>'
    + '<ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>'
    + '<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">jane@example.com</saml:NameID>'
    + `<saml:SubjectConfirmation Method="${SAML}:cm:bearer"><saml:SubjectConfirmationData${irt} NotOnOrAfter="${iso(now + 300000)}" Recipient="${acs}"/></saml:SubjectConfirmation></saml:Subject>`
    + `<saml:Conditions NotBefore="${iso(now - 60000)}" NotOnOrAfter="${iso(now + 300000)}"><saml:AudienceRestriction><saml:Audience>${audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>`
    + `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>${SAML}:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`
    + '</saml:Assertion></samlp:Response>');
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The IdP's auto-posting page (HTTP-POST binding). */
// Its own icon inline: otherwise Chromium may ask the IdP for /favicon.ico, whose 404 is a console
// error on the recorded page (seen once in a fresh-clone run).
const autoPost = (acs, fields) => '<!doctype html><html><head><link rel="icon" href="data:,"></head><body onload="document.forms[0].submit()">'
  + `<form method="post" action="${esc(acs)}">`
  + Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`).join('')
  + '<noscript><button>Continue</button></noscript></form></body></html>';

// ---- the fake identity provider (a second loopback origin) ----
const idp = { mode: 'echo', requests: [], authnRequests: [], posted: [] };

function startIdp() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, idp.origin);
    idp.requests.push(`${req.method} ${req.url}`);
    const entity = `${idp.origin}/idp`;
    if (url.pathname === '/sso') {
      const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
      const id = xml.match(/\bID="([^"]+)"/)?.[1];
      const acs = xml.match(/\bAssertionConsumerServiceURL="([^"]+)"/)?.[1];
      const issuer = xml.match(/<saml:Issuer>([^<]+)<\/saml:Issuer>/)?.[1];
      const relay = url.searchParams.get('RelayState');
      idp.authnRequests.push({ xml, id, acs, issuer, relay });
      let inResponseTo = id;
      if (idp.mode === 'other') inResponseTo = `_other${randomBytes(16).toString('hex')}`;
      let signed = response({ idpEntity: entity, acs, audience: issuer, inResponseTo });
      if (idp.mode === 'tamper') signed = signed.replace('jane@example.com', 'mallory@example.com');
      const b64 = Buffer.from(signed).toString('base64');
      idp.posted.push(b64);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(autoPost(acs, { SAMLResponse: b64, RelayState: relay ?? undefined }));
      return;
    }
    if (url.pathname === '/idp-initiated') {
      const acs = url.searchParams.get('acs');
      const b64 = Buffer.from(response({ idpEntity: entity, acs, audience: url.searchParams.get('audience') })).toString('base64');
      idp.posted.push(b64);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(autoPost(acs, { SAMLResponse: b64 }));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => {
    idp.origin = `http://127.0.0.1:${server.address().port}`;
    r(server);
  }));
}

const metadata = () => `<md:EntityDescriptor xmlns:md="${SAML}:metadata" entityID="${idp.origin}/idp">`
  + `<md:IDPSSODescriptor protocolSupportEnumeration="${SAML}:protocol"><md:KeyDescriptor use="signing">`
  + `<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${CERT_B64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`
  + '<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>'
  + `<md:SingleSignOnService Binding="${SAML}:bindings:HTTP-Redirect" Location="${idp.origin}/sso"/>`
  + '</md:IDPSSODescriptor></md:EntityDescriptor>';

let server, browser, idpServer;
before(async () => {
  server = await startServer();
  idpServer = await startIdp();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((r) => { idpServer?.closeAllConnections?.(); idpServer ? idpServer.close(() => r()) : r(); });
  rmSync(lab, { recursive: true, force: true });
});

const finding = (page, id) => page.locator(`${DOC} li.finding[data-check="${id}"]`);
const severityOf = async (page, id) => (await finding(page, id).first().getAttribute('class')).match(/\b(pass|info|warning|error)\b/)?.[1];

/** The one-time token the service worker's redirect carried (seen as the navigation to #/saml). */
function seenToken(seen) {
  const nav = seen.find((r) => /received=[0-9a-f]{32}/.test(r.url));
  assert.ok(nav, 'the service worker sent the browser to #/saml?received=<token>');
  return nav.url.match(/received=([0-9a-f]{32})/)[1];
}

/** Records every request of the page with its method and body. */
function recordBodies(page) {
  const seen = [];
  page.on('request', (r) => seen.push({ url: r.url(), method: r.method(), body: r.postData() ?? '' }));
  // Navigations with their fragment (a request URL has none): the redirect to #/saml?received=<token>.
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) seen.push({ url: f.url(), method: 'NAVIGATED', body: '' }); });
  return seen;
}

/** Opens #/test-sp controlled by the service worker, with the IdP metadata pasted. */
async function openTestSp(context, page) {
  await gotoApp(page, server.url + '#/test-sp');
  await page.waitForSelector('.test-sp-sw[data-sw="on"]', { timeout: 30000 });
  await page.waitForSelector(`${DOC} section[data-block="sp"]`, { timeout: 60000 });
  await page.fill('#test-sp-idp-metadata', metadata());
}

/** Waits for the SAML page's analysis of the received response. */
async function analysis(page) {
  await page.waitForURL(/#\/saml$/, { timeout: 30000 });
  await page.waitForFunction(() => Number(document.querySelector('.tool-status')?.dataset.run) >= 1, null, { timeout: 60000 });
  await page.waitForSelector(DOC, { timeout: 10000 });
}

/** Nothing reached the static host but GETs of its files; no request but the ACS POST carried the response. */
function assertPrivate(seen) {
  assert.deepEqual(server.requests.filter((l) => !l.startsWith('GET ')), [], 'the static host saw only GETs');
  assert.deepEqual(server.requests.filter((l) => /acs|SAMLResponse/.test(l)), [], 'the static host never saw the ACS');
  const posts = seen.filter((r) => idp.posted.some((b64) => r.body.includes(encodeURIComponent(b64).slice(0, 200)) || r.url.includes(b64.slice(0, 200))));
  assert.ok(posts.length >= 1, 'the POST to the ACS URL was recorded (the check is not vacuous)');
  for (const r of posts) assert.equal(`${r.method} ${r.url}`, `POST ${server.url}acs`, 'only the POST the service worker answers carries the response');
  assert.ok(idp.requests.every((l) => !/SAMLResponse/.test(l)), 'the IdP never got the response back');
}

test('SP-initiated test sign-in: InResponseTo, RelayState and the signature checked against the pasted metadata', async () => {
  idp.mode = 'echo';
  const { context, page, rec } = await openPage(browser);
  const seen = recordBodies(page);
  await openTestSp(context, page);
  assert.match(await page.textContent(`${DOC} section[data-block="sp"]`), new RegExp(`${server.url}acs`));
  assert.match(await page.textContent('.test-sp-start'), /only navigation that leaves this page is the one to your identity provider, on your click/);
  assert.equal(idp.requests.length, 0, 'nothing went to the IdP before the click');
  await screenshot(page, 'test-sp-setup');
  const before = idp.authnRequests.length;
  await page.click('#test-sp-start');
  await analysis(page);

  // The IdP read the AuthnRequest: a fresh NCName ID, this page's ACS URL and entity ID.
  const ar = idp.authnRequests[before];
  assert.match(ar.id, /^_[0-9a-f]{40}$/);
  assert.equal(ar.acs, `${server.url}acs`);
  assert.equal(ar.issuer, server.url);
  assert.match(ar.relay, /^[0-9a-f]{32}$/);

  assert.equal(await severityOf(page, 'saml.in-response-to'), 'pass');
  assert.match(await finding(page, 'saml.in-response-to').textContent(), new RegExp(ar.id));
  assert.equal(await severityOf(page, 'saml.relay-state.roundtrip'), 'pass');
  for (const id of ['saml.signature.digest', 'saml.signature.value', 'saml.signature.trust']) {
    assert.equal(await severityOf(page, id), 'pass', id);
  }
  assert.equal(await page.inputValue('#saml-in-response-to'), ar.id);
  assert.equal(await page.inputValue('#saml-relay-state'), ar.relay);
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'the pending request is deleted once read');
  await screenshot(page, 'test-sp-analysis');

  assertPrivate(seen);
  assert.deepEqual(foreignRequests(rec, server.origin).map((u) => new URL(u).origin), [idp.origin], 'one navigation left: to the IdP');
  assert.deepEqual(rec.errors, []);
  // Handed over once: the token is gone from the address, and from the service worker.
  assert.equal(new URL(page.url()).hash, '#/saml');
  const again = await page.evaluate(async (t) => (await fetch('./acs-received?token=' + t)).status, seenToken(seen));
  assert.equal(again, 404);
  await context.close();
});

test('a response for another AuthnRequest fails saml.in-response-to', async () => {
  idp.mode = 'other';
  const { context, page, rec } = await openPage(browser);
  const seen = recordBodies(page);
  await openTestSp(context, page);
  await page.click('#test-sp-start');
  await analysis(page);
  assert.equal(await severityOf(page, 'saml.in-response-to'), 'error');
  assert.match((await finding(page, 'saml.in-response-to').allTextContents()).join('\n'), /answers another AuthnRequest/);
  assert.equal(await severityOf(page, 'saml.relay-state.roundtrip'), 'pass');
  assertPrivate(seen);
  assert.deepEqual(rec.errors, []);
  await context.close();
});

test('a response changed after signing fails its digest', async () => {
  idp.mode = 'tamper';
  const { context, page, rec } = await openPage(browser);
  const seen = recordBodies(page);
  await openTestSp(context, page);
  await page.click('#test-sp-start');
  await analysis(page);
  assert.equal(await severityOf(page, 'saml.signature.digest'), 'error');
  assert.equal(await severityOf(page, 'saml.in-response-to'), 'pass');
  assertPrivate(seen);
  assert.deepEqual(rec.errors, []);
  await context.close();
});

test('IdP-initiated: a response posted to the ACS URL is analyzed too', async () => {
  const { context, page, rec } = await openPage(browser);
  const seen = recordBodies(page);
  // A first visit installs the service worker; the IdP's portal then posts to the ACS URL.
  await gotoApp(page, server.url + '#/test-sp');
  await page.waitForSelector('.test-sp-sw[data-sw="on"]', { timeout: 30000 });
  await page.goto(`${idp.origin}/idp-initiated?acs=${encodeURIComponent(server.url + 'acs')}&audience=${encodeURIComponent(server.url)}`);
  await analysis(page);
  assert.match(await page.textContent(DOC), /Response from/);
  assert.equal(await finding(page, 'saml.in-response-to').count(), 0, 'no request was sent, so none is checked');
  assert.equal(await severityOf(page, 'saml.signature.value'), 'pass');
  assertPrivate(seen);
  assert.deepEqual(rec.errors, []);
  await context.close();
});

test('a GET to the ACS URL is explained on the test SP page', async () => {
  const { context, page, rec } = await openPage(browser);
  await gotoApp(page, server.url + '#/test-sp');
  await page.waitForSelector('.test-sp-sw[data-sw="on"]', { timeout: 30000 });
  await page.goto(server.url + 'acs');
  await page.waitForSelector('.test-sp-acs', { timeout: 30000 });
  assert.match(await page.textContent('.test-sp-acs'), /only accepts the identity provider's HTTP-POST/);
  assert.ok(!server.requests.includes('GET /acs'), 'answered by the service worker');
  assert.deepEqual(rec.errors, []);
  await context.close();
});

test('without a service worker: the page says so and does not offer the test', async () => {
  const { context, page, rec } = await openPage(browser, { serviceWorkers: 'block' });
  await gotoApp(page, server.url + '#/test-sp');
  await page.waitForSelector(`${DOC} section[data-block="sp"]`, { timeout: 60000 });
  const note = page.locator('.test-sp-sw[data-sw="off"]');
  assert.equal(await note.count(), 1);
  assert.match(await note.textContent(), /No service worker controls this page/);
  assert.match(await note.textContent(), /most static hosts reject a POST/);
  assert.equal(await page.isDisabled('#test-sp-start'), true);
  await screenshot(page, 'test-sp-no-service-worker');
  assert.deepEqual(foreignRequests(rec, server.origin), []);
  assert.deepEqual(rec.errors, []);
  await context.close();
});
