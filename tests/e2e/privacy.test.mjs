// Privacy you can verify: the CSP is strict, no route violates it or loads anything from elsewhere,
// the footer links to #/privacy, and #/privacy explains what each tool touches and how to check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { startServer } from './server.mjs';
import { launch, openPage, gotoApp, axeViolations, foreignRequests, ROUTES } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

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
