// The app shell (its routes' cleanliness in light and dark is in scenarios/routes.mjs): axe is clean in light
// and dark, the keyboard can navigate, the app works under a sub-path, and screenshots are written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { openPage, gotoApp, axeViolations, screenshot, ROUTES, routeName, useServerAndBrowser, ENGINE_FILE, builtFile } from './harness.mjs';

let server, browser;
useServerAndBrowser((env) => ({ server, browser } = env));

// Every route in light and dark with no console error, failed or foreign request or CSP violation is
// an engine-shared scenario: tests/e2e/scenarios/routes.mjs, run in Chromium and Firefox.

test('axe-core finds no violations on any route, light and dark', async () => {
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await openPage(browser, { colorScheme: scheme });
    for (const route of ROUTES) {
      await gotoApp(page, server.url + route);
      const v = await axeViolations(page);
      assert.deepEqual(v, [], `${route} (${scheme}): ${JSON.stringify(v, null, 1)}`);
    }
    await context.close();
  }
});

test('home lists the fourteen symptoms, each routed to the tool that checks it', async () => {
  const { context, page } = await openPage(browser);
  await gotoApp(page, server.url);
  assert.equal(await page.textContent('main h1'), 'What is going wrong?');
  const cards = page.locator('[data-topic]');
  assert.equal(await cards.count(), 14);
  for (let i = 0; i < 14; i++) {
    const card = cards.nth(i);
    assert.equal(await card.locator('a.tool-link').count(), 1, `card ${i} must link to its tool`);
    assert.equal(await card.locator('.coming').count(), 0, `card ${i} still says "Coming"`);
  }
  // Every tool link opens a page with a heading (administrator routes reload into their module).
  const hrefs = await page.$$eval('a.tool-link', (as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
  assert.ok(hrefs.length >= 12, hrefs.join(' '));
  await page.click('a.tool-link[href="#/saml"] >> nth=0');
  await page.waitForFunction(() => location.hash === '#/saml');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'SAML analyzer', null, { timeout: 20000 });
  await context.close();
});

test('navigation works with the keyboard alone, with a visible focus and aria-current', async () => {
  const { context, page } = await openPage(browser);
  await gotoApp(page, server.url);
  // First Tab reaches the skip link, which moves focus to the main content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  // Tab through the header until the "Checks" link has focus, then follow it with Enter.
  await page.evaluate(() => document.activeElement?.blur());
  let found = false;
  for (let i = 0; i < 80 && !found; i++) {
    await page.keyboard.press('Tab');
    found = (await page.evaluate(() => document.activeElement?.getAttribute('href'))) === '#/checks';
  }
  assert.ok(found, 'the Checks link is reachable by Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focused link shows a focus outline');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#/checks');
  assert.equal(await page.textContent('main h1'), 'Checks');
  assert.equal(await page.getAttribute('nav a[href="#/checks"]', 'aria-current'), 'page');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus moves to the new page');
  await context.close();
});

test('#/tools lists the administrator tools; opening one is what starts the engine', async () => {
  const { context, page, rec } = await openPage(browser, { serviceWorkers: 'block' });
  await gotoApp(page, server.url + '#/tools');
  assert.equal(await page.textContent('main h1'), 'Administrator tools');
  const cards = page.locator('main li.tool-card[data-tool]');
  assert.ok(await cards.count() >= 1);
  const saml = page.locator('main li.tool-card[data-tool="saml"]');
  assert.equal(await saml.locator('h2 a').getAttribute('href'), '#/saml');
  assert.match(await saml.locator('code').textContent(), /^ssocheck saml$/);
  await page.waitForTimeout(500);
  assert.deepEqual(rec.requests.filter((u) => ENGINE_FILE.test(u)), [], 'the list itself loads no engine');
  await saml.locator('h2 a').click();
  await page.waitForSelector('.saml-status[data-worker="ready"]', { timeout: 20000 });
  assert.ok(rec.requests.some((u) => builtFile('engine', '_bg.wasm', { inUrl: true }).test(u)), 'the tool loaded the engine');
  await context.close();
});

test('#/checks renders every check of the registry', async () => {
  const { context, page } = await openPage(browser);
  await gotoApp(page, server.url + '#/checks');
  // The table fills once checks.json has arrived (a request of its own, slower on a busy machine).
  await page.waitForSelector('tbody tr td:first-child code', { timeout: 30000 });
  const ids = await page.locator('tbody tr td:first-child code').allTextContents();
  assert.ok(ids.length >= 4);
  assert.ok(ids.includes('input.decode'));
  assert.equal(new Set(ids).size, ids.length, 'ids unique');
  await context.close();
});

test('#/checks filters by text, and ?id= (the link on every finding) shows that check first', async () => {
  const { context, page } = await openPage(browser);
  await gotoApp(page, server.url + '#/checks?id=idc.nameid.format');
  const first = page.locator('tbody tr').first();
  assert.equal(await first.locator('td code').textContent(), 'idc.nameid.format');
  assert.match(await first.getAttribute('class'), /target/);
  const total = await page.locator('tbody tr').count();
  await page.fill('#check-filter', 'transitive');
  const ids = await page.locator('tbody tr td:first-child code').allTextContents();
  assert.ok(ids.length >= 1 && ids.length < total, `filter narrowed ${total} to ${ids.length}`);
  assert.ok(ids.includes('sts.transitive-tags'));
  assert.match(await page.textContent('main [role="status"]'), new RegExp(`^${ids.length} of ${total} shown$`));
  await gotoApp(page, server.url + '#/checks?id=no.such.check');
  assert.match(await page.textContent('main .notice'), /No check has the id .no\.such\.check./);
  await context.close();
});

test('unknown routes say so, and the app works under a sub-path', async () => {
  const sub = await startServer({ base: '/ssocheck/' });
  const { context, page, rec } = await openPage(browser);
  await gotoApp(page, sub.url + '#/no-such-page');
  assert.equal(await page.textContent('main h1'), 'Page not found');
  await page.click('main a[href="#/"]');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'What is going wrong?');
  assert.deepEqual(rec.failed, []);
  assert.ok(rec.requests.every((u) => u.startsWith(sub.origin + '/ssocheck/')), rec.requests.join('\n'));
  await context.close();
  await sub.close();
});

test('screenshots at 1440 px and 375 px for every route, light and dark', async () => {
  for (const [w, h, label] of [[1440, 900, 'desktop'], [375, 812, 'phone']]) {
    for (const scheme of ['light', 'dark']) {
      const { context, page } = await openPage(browser, { viewport: { width: w, height: h }, colorScheme: scheme });
      for (const route of ROUTES) {
        await gotoApp(page, server.url + route);
        // Nothing may be wider than the viewport on a phone.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 1, `${route} at ${w}px overflows by ${overflow}px`);
        await screenshot(page, `${routeName(route)}-${label}-${scheme}`);
      }
      await context.close();
    }
  }
});
