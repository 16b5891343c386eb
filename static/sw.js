// ssocheck service worker. tools/postbuild.mjs writes dist/sw.js from this file, replacing the build
// hash and the precache list. Everything here stays on this origin.
//
// - install: precache what every route needs (page, boot script, styles, icon) in a cache named after
//   the build hash, revalidating what the page has just loaded (no-cache) instead of downloading it
//   a second time. Each tier's modules are cached when one of its pages asks (the message handler),
//   so an end-user route never downloads the administrator tools and the other way round. The
//   analysis engines (engine-*) are not precached: end users never download them.
// - the engines are cached the first time an administrator route loads them (network, then cache),
//   so administrator tools work offline after one use.
// - activate: delete the caches of older releases, take control of open pages.
// - fetch: the app shell (same-origin GET without a query string, and page loads) is served cache
//   first; anything with a query string or fetched with cache: 'no-store' (the clock probes use both),
//   and anything else, goes to the network untouched and is never cached, so with the network gone the
//   clock check fails honestly ("no reference") instead of reading a stale Date header.
// - the test service provider (#/test-sp): an HTTP-POST to <scope>acs (the identity provider's
//   SAMLResponse) is answered here, never forwarded: see "Test service provider" below.
'use strict';

const BUILD = '__SSOCHECK_BUILD__';
const FILES = __SSOCHECK_FILES__;
// The end-user shell's modules: cached when an end-user route asks (src/ui/offline.rs).
const SHELL = __SSOCHECK_SHELL__;
const PREFIX = 'ssocheck-';
const CACHE = PREFIX + BUILD;
const SCOPE = new URL('./', self.location).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES.map((f) => new Request(new URL(f, SCOPE), { cache: 'no-cache' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// A page asks to keep its tier's modules for offline use (src/ui/offline.rs): an end-user route its
// shell, an administrator route the administrator app and its engine. Only this release's shell files
// and engine-* / admin-* files in this scope are accepted; the page has just loaded them, so they
// usually come from the HTTP cache (a revalidation, not a second download).
self.addEventListener('message', (event) => {
  const files = event.data && event.data.keep;
  if (!Array.isArray(files)) return;
  const urls = files
    .filter((f) => typeof f === 'string' && (SHELL.includes(f) || /^\.\/(?:engine|admin)-[A-Za-z0-9_.-]+$/.test(f)))
    .map((f) => new URL(f, SCOPE).href);
  event.waitUntil(caches.open(CACHE).then(async (cache) => {
    for (const u of urls) {
      if (!(await cache.match(u))) await cache.add(new Request(u, { cache: 'no-cache' })).catch(() => {});
    }
  }));
});

// ---- Test service provider (#/test-sp) ----
// The identity provider posts its SAMLResponse to <scope>acs. That POST is answered here: the form is
// read (at most MAX_FORM bytes), kept in this worker's memory under a random one-time token (at most
// KEEP_MS, at most MAX_KEPT forms), and the browser is sent (303) to #/saml?received=<token>, which
// fetches <scope>acs-received?token=<token> once: the form is deleted as it is handed over. The host
// never sees the POST, nor the response. Anything unexpected (a GET, no form, no SAMLResponse, a form
// too large) is sent to #/test-sp?acs=<why>, which explains it.
const ACS_PATH = new URL('./acs', SCOPE).pathname;
const RECEIVED_PATH = new URL('./acs-received', SCOPE).pathname;
const MAX_FORM = 1024 * 1024;
const KEEP_MS = 5 * 60 * 1000;
const MAX_KEPT = 8;
const received = new Map();

const toPage = (hash) => Response.redirect(new URL('./#/' + hash, SCOPE).href, 303);

function prune(now) {
  for (const [t, v] of received) if (now - v.receivedAt > KEEP_MS) received.delete(t);
  while (received.size >= MAX_KEPT) received.delete(received.keys().next().value);
}

/** The body's bytes, or null past `max` (the read stops there). */
async function readCapped(req, max) {
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const parts = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.byteLength;
    if (n > max) {
      reader.cancel().catch(() => {});
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return out;
}

async function receiveAcs(req) {
  if (req.method !== 'POST') return toPage('test-sp?acs=get');
  const type = (req.headers.get('content-type') || '').toLowerCase();
  const urlencoded = type.startsWith('application/x-www-form-urlencoded');
  if (!urlencoded && !type.startsWith('multipart/form-data')) return toPage('test-sp?acs=not-a-form');
  if (Number(req.headers.get('content-length') || 0) > MAX_FORM) return toPage('test-sp?acs=too-large');
  let form;
  try {
    const bytes = await readCapped(req, MAX_FORM);
    if (bytes === null) return toPage('test-sp?acs=too-large');
    form = urlencoded
      ? new URLSearchParams(new TextDecoder().decode(bytes))
      : await new Response(bytes, { headers: { 'content-type': type } }).formData();
  } catch {
    return toPage('test-sp?acs=not-a-form');
  }
  const saml = form.get('SAMLResponse');
  if (typeof saml !== 'string' || saml.trim() === '') return toPage('test-sp?acs=missing-response');
  const relay = form.get('RelayState');
  const now = Date.now();
  prune(now);
  const token = Array.from(self.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  received.set(token, { SAMLResponse: saml, RelayState: typeof relay === 'string' ? relay : null, receivedAt: now });
  return toPage('saml?received=' + token);
}

function handOver(url) {
  prune(Date.now());
  const token = url.searchParams.get('token') || '';
  const hit = received.get(token);
  received.delete(token);
  const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  if (!hit) return new Response(JSON.stringify({ error: 'gone' }), { status: 404, headers });
  const { SAMLResponse, RelayState, receivedAt } = hit;
  return new Response(JSON.stringify({ SAMLResponse, RelayState, receivedAt }), { status: 200, headers });
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin === self.location.origin && url.pathname === ACS_PATH) {
    event.respondWith(receiveAcs(req));
    return;
  }
  if (url.origin === self.location.origin && url.pathname === RECEIVED_PATH && req.method === 'GET') {
    event.respondWith(handOver(url));
    return;
  }
  if (req.method !== 'GET') return; // HEAD probes and anything else: network, untouched
  if (url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) return;
  if (req.mode === 'navigate') {
    // A page load of the app (any hash, any query): the cached index, refreshed by a new release.
    event.respondWith(caches.match(new URL('./', SCOPE).href, { cacheName: CACHE })
      .then((hit) => hit || fetch(req)));
    return;
  }
  if (url.search !== '') return; // clock probes and other dynamic requests: network only, no cache
  if (req.cache === 'no-store') return; // the page asked for a fresh answer
  if (/\/(?:engine|admin)-[^/]*$/.test(url.pathname) || SHELL.includes('./' + url.pathname.slice(new URL(SCOPE).pathname.length))) {
    event.respondWith(caches.open(CACHE).then((cache) => cache.match(req).then((hit) => hit || fetch(req).then((res) => {
      if (res.ok) cache.put(req, res.clone());
      return res;
    }))));
    return;
  }
  event.respondWith(caches.match(req, { cacheName: CACHE }).then((hit) => hit || fetch(req)));
});
