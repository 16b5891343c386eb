// Privacy you can verify: the CSP is strict, no route violates it or loads anything from elsewhere,
// the footer links to #/privacy, and #/privacy explains what each tool touches and how to check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { openPage, gotoApp, axeViolations, foreignRequests, ROUTES, useServerAndBrowser, builtFile } from './harness.mjs';

let server, browser;
useServerAndBrowser((env) => ({ server, browser } = env));

test('the built index.html has a strict CSP and no inline script', () => {
  const html = readFileSync('dist/index.html', 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(csp, 'a CSP meta tag');
  const dir = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(dir['default-src'], ["'none'"]);
  assert.deepEqual(dir['connect-src'], ["'self'"]);
  assert.deepEqual(dir['object-src'], ["'none'"]);
  assert.deepEqual(dir['base-uri'], ["'none'"]);
  assert.deepEqual(dir['form-action'], ["'none'"]);
  assert.deepEqual(dir['worker-src'], ["'self'"]);
  assert.ok(!dir['script-src'].includes("'unsafe-inline'") && !dir['script-src'].includes("'unsafe-eval'"), csp);
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), 'inline script in dist/index.html');
  // No third-party resource of any kind in the build.
  for (const f of readdirSync('dist')) {
    if (!/\.(html|css|js)$/.test(f) || f === 'sw.js') continue;
    const body = readFileSync(`dist/${f}`, 'utf8');
    const ext = body.match(/(?:src|href)=["']https?:\/\/[^"']+|url\(\s*["']?https?:\/\/[^)]+/g) ?? [];
    assert.deepEqual(ext, [], `${f} references another origin`);
  }
});

test('no route, in light or dark, makes a foreign request or a CSP violation', async () => {
  for (const scheme of ['light', 'dark']) {
    const { context, page, rec } = await openPage(browser, { colorScheme: scheme });
    for (const route of [...ROUTES, '#/selfcheck?auto=1&run=environment,locale', '#/no-such-page']) {
      await gotoApp(page, server.url + route);
      await page.waitForTimeout(200);
    }
    assert.deepEqual(rec.csp, [], `CSP violations (${scheme})`);
    assert.deepEqual(foreignRequests(rec, server.origin), [], `foreign requests (${scheme})`);
    assert.deepEqual(rec.errors, [], `console errors (${scheme})`);
    await context.close();
  }
});

test('the engine worker\'s requests are recorded too, and stay on this origin', async () => {
  const { context, page, rec } = await openPage(browser);
  await gotoApp(page, server.url + '#/saml');
  await page.waitForSelector('.saml-status[data-worker="ready"]');
  await page.fill('#saml-text', readFileSync('tests/fixtures/saml/okta-idc-good.xml', 'utf8'));
  await page.click('#saml-analyze');
  await page.waitForFunction(() => /in a background worker/.test(document.querySelector('.saml-status')?.textContent));
  // The worker script (started by the page), then the engine glue and the engine wasm: the worker's
  // own requests. The worker loads the engine, not the page's shell module.
  const names = rec.requests.map((u) => new URL(u).pathname.split('/').pop());
  assert.equal(names.filter((n) => builtFile('engine-worker', '.js').test(n)).length, 1, names.join(' '));
  assert.equal(names.filter((n) => builtFile('engine', '.js').test(n)).length, 1, names.join(' '));
  assert.equal(names.filter((n) => builtFile('engine', '_bg.wasm').test(n)).length, 1, names.join(' '));
  assert.equal(names.filter((n) => /^engine-main-/.test(n)).length, 0, 'no main-thread engine while the worker runs');
  // An administrator route loads the administrator app, once, and not the end-user shell's wasm.
  assert.equal(names.filter((n) => builtFile('admin', '_bg.wasm').test(n)).length, 1, names.join(' '));
  assert.equal(names.filter((n) => /^ssocheck-[0-9a-f]+_bg\.wasm$/.test(n)).length, 0, 'the end-user shell is not loaded on #/saml');
  assert.deepEqual(foreignRequests(rec, server.origin), []);
  assert.deepEqual(rec.csp, []);
  assert.deepEqual(rec.errors, []);
  await context.close();

  // The recording would catch a worker that sent something elsewhere: a copy of the worker script
  // that fetches from another origin is seen.
  const probe = await openPage(browser, { serviceWorkers: 'block' });
  await probe.context.route(/\/engine-worker-[0-9a-f]+\.js$/, async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, body: (await res.text()) + "\nfetch('http://127.0.0.2:9/from-the-worker').catch(() => {});\n" });
  });
  await gotoApp(probe.page, server.url + '#/saml');
  await probe.page.waitForSelector('.saml-status[data-worker="ready"]');
  const end = Date.now() + 10000;
  while (!probe.rec.requests.some((u) => u.includes('/from-the-worker')) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(foreignRequests(probe.rec, server.origin), ['http://127.0.0.2:9/from-the-worker']);
  await probe.context.close();
});

test('the footer statement links to #/privacy, which explains each tool and how to verify', async () => {
  const { context, page } = await openPage(browser);
  await gotoApp(page, server.url);
  assert.match(await page.textContent('footer'), /Runs entirely in your browser/);
  await page.click('footer a[href="#/privacy"]');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent.startsWith('Privacy'));
  const main = await page.textContent('main');
  for (const needle of ['SAML analyzer', 'Security keys', 'Clock', 'Self-check', "connect-src 'self'", 'Network', 'frame-ancestors', 'service worker']) {
    assert.ok(main.includes(needle), `#/privacy lacks "${needle}"`);
  }
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    assert.deepEqual(await axeViolations(page), [], scheme);
  }
  await context.close();
});
