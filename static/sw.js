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

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return; // HEAD probes and anything else: network, untouched
  const url = new URL(req.url);
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
