// Unit test of the service worker's ACS endpoint (static/sw.js, "Test service provider"): the
// worker script runs in a fake ServiceWorkerGlobalScope (node:vm) with Node's own Request, Response,
// URLSearchParams and FormData, and its fetch handler is called as the browser would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const SCOPE = 'https://sso.example.test/tools/';

function loadWorker() {
  const source = readFileSync('static/sw.js', 'utf8')
    .replace('__SSOCHECK_BUILD__', 'test')
    .replace(/__SSOCHECK_(FILES|SHELL)__/g, '[]');
  const handlers = {};
  const self = {
    location: new URL('sw.js', SCOPE),
    crypto: globalThis.crypto,
    addEventListener: (type, fn) => { handlers[type] = fn; },
    clients: { claim: async () => {} },
    skipWaiting: async () => {},
  };
  const forwarded = [];
  const context = vm.createContext({
    self, URL, URLSearchParams, Request, Response, Headers, FormData, TextDecoder, Uint8Array, Array, Number,
    JSON, Date, Map, console,
    caches: { match: async () => undefined, open: async () => ({ match: async () => undefined }) },
    fetch: async (r) => { forwarded.push(r); return new Response('network'); },
  });
  vm.runInContext(source, context, { filename: 'sw.js' });
  /** Dispatches a fetch event; resolves to the worker's Response, or null when it let the request through. */
  async function dispatch(request) {
    let answer = null;
    handlers.fetch({ request, respondWith: (p) => { answer = p; }, waitUntil: () => {} });
    return answer === null ? null : await answer;
  }
  return { dispatch, forwarded };
}

const form = (fields) => new Request(SCOPE + 'acs', {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

function hashOf(res) {
  assert.equal(res.status, 303);
  const loc = new URL(res.headers.get('location'));
  assert.equal(loc.origin + loc.pathname, SCOPE, 'sent back to the page itself');
  return loc.hash;
}

test('a posted SAMLResponse is kept in memory and handed over exactly once', async () => {
  const sw = loadWorker();
  const res = await sw.dispatch(form({ SAMLResponse: 'PHNhbWxwOlJlc3BvbnNlLz4=', RelayState: 'nonce-123456' }));
  const hash = hashOf(res);
  const token = hash.match(/^#\/saml\?received=([0-9a-f]{32})$/)?.[1];
  assert.ok(token, `redirect to #/saml with a token, got ${hash}`);
  const got = await sw.dispatch(new Request(`${SCOPE}acs-received?token=${token}`));
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('cache-control'), 'no-store');
  const body = await got.json();
  assert.equal(body.SAMLResponse, 'PHNhbWxwOlJlc3BvbnNlLz4=');
  assert.equal(body.RelayState, 'nonce-123456');
  assert.equal(typeof body.receivedAt, 'number');
  const again = await sw.dispatch(new Request(`${SCOPE}acs-received?token=${token}`));
  assert.equal(again.status, 404, 'deleted after reading');
  assert.deepEqual(sw.forwarded, [], 'nothing went to the network');
});

test('a multipart form is read too, and RelayState may be absent (IdP-initiated)', async () => {
  const sw = loadWorker();
  const fd = new FormData();
  fd.set('SAMLResponse', 'abc');
  const res = await sw.dispatch(new Request(SCOPE + 'acs', { method: 'POST', body: fd }));
  const token = hashOf(res).split('received=')[1];
  const body = await (await sw.dispatch(new Request(`${SCOPE}acs-received?token=${token}`))).json();
  assert.equal(body.SAMLResponse, 'abc');
  assert.equal(body.RelayState, null);
});

test('a form without SAMLResponse gets a clear answer', async () => {
  const sw = loadWorker();
  assert.equal(hashOf(await sw.dispatch(form({ RelayState: 'x' }))), '#/test-sp?acs=missing-response');
  assert.equal(hashOf(await sw.dispatch(form({ SAMLResponse: '  ' }))), '#/test-sp?acs=missing-response');
});

test('an oversize form is refused without reading it all', async () => {
  const sw = loadWorker();
  const big = form({ SAMLResponse: 'A'.repeat(1024 * 1024 + 10) });
  assert.equal(hashOf(await sw.dispatch(big)), '#/test-sp?acs=too-large');
  // A body larger than announced (no Content-Length): the capped read stops it.
  let pulled = 0;
  const stream = new ReadableStream({
    pull(c) { pulled += 1; c.enqueue(new TextEncoder().encode('SAMLResponse=' + 'B'.repeat(65536))); if (pulled > 64) c.close(); },
  });
  const streamed = new Request(SCOPE + 'acs', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: stream, duplex: 'half' });
  assert.equal(hashOf(await sw.dispatch(streamed)), '#/test-sp?acs=too-large');
  assert.ok(pulled <= 20, `stopped reading after ~1 MB (${pulled} chunks)`);
});

test('a GET to the ACS path, or a body that is not a form, is explained', async () => {
  const sw = loadWorker();
  assert.equal(hashOf(await sw.dispatch(new Request(SCOPE + 'acs'))), '#/test-sp?acs=get');
  const json = new Request(SCOPE + 'acs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(hashOf(await sw.dispatch(json)), '#/test-sp?acs=not-a-form');
});

test('unknown tokens, other paths and other origins are not the ACS', async () => {
  const sw = loadWorker();
  assert.equal((await sw.dispatch(new Request(`${SCOPE}acs-received?token=nope`))).status, 404);
  assert.equal(await sw.dispatch(new Request('https://other.example/tools/acs', { method: 'POST', body: 'SAMLResponse=x' })), null);
  assert.equal(await sw.dispatch(new Request(SCOPE + 'acs/extra', { method: 'POST', body: 'SAMLResponse=x' })), null);
});

test('at most 8 forms are kept; the oldest goes first', async () => {
  const sw = loadWorker();
  const tokens = [];
  for (let i = 0; i < 9; i += 1) tokens.push(hashOf(await sw.dispatch(form({ SAMLResponse: `r${i}` }))).split('received=')[1]);
  assert.equal((await sw.dispatch(new Request(`${SCOPE}acs-received?token=${tokens[0]}`))).status, 404);
  const last = await (await sw.dispatch(new Request(`${SCOPE}acs-received?token=${tokens[8]}`))).json();
  assert.equal(last.SAMLResponse, 'r8');
});
