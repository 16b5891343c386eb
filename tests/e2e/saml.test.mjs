// #/saml end to end: every input form, findings by check id, tables, hostile values rendered as text,
// "Copy redacted" without the original email, no network request while analyzing, hostile input,
// axe (light and dark), keyboard-only use, screenshots at 375 and 1440 px. Every analysis runs in the
// background worker (the status line says so); the page stays responsive and Cancel works during a
// 15 MB analysis; a worker that traps is replaced; without a worker the page analyzes on its main thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { startServer } from './server.mjs';
import { launch, openPage, gotoApp, axeViolations, screenshot, foreignRequests, useServerAndBrowser } from './harness.mjs';

const FIX = 'tests/fixtures/saml/';
const read = (f) => readFileSync(FIX + f, 'utf8');
const OKTA_XML = read('okta-idc-good.xml');
const OKTA_B64 = read('okta-idc-good.b64').trim();
const ENTRA_BAD = read('entra-idc-bad-nameid.xml');
const HAR = read('two-messages.har');
const REDIRECT = read('authn-request-redirect.txt').trim();
const EMAIL = 'alice@example.com';

let server, browser;
useServerAndBrowser((env) => ({ server, browser } = env));

/** Opens a page recording the dedicated workers it starts (`o.workers`), without navigating. */
async function openCounting(opts = {}) {
  const o = await openPage(browser, opts);
  o.workers = [];
  o.page.on('worker', (w) => o.workers.push(w.url()));
  return o;
}

async function open(opts = {}) {
  const o = await openCounting(opts);
  await gotoApp(o.page, server.url + '#/saml');
  return o;
}

/** Polls `fn` until it is true (Playwright reports new workers asynchronously). */
async function until(fn, what, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const WORKER = /^Analyzed .* in \d+ ms in a background worker: \d+ messages?\.$/;

/** Waits until the status line's `data-run` counter passes `before`. */
async function waitRun(page, before) {
  await page.waitForFunction((n) => Number(document.querySelector('.saml-status')?.dataset.run) > n, before, { timeout: 60000 });
}

/** Fills the textarea, presses Analyze, waits for the analysis to finish; it ran in the worker. */
async function analyze(page, text, where = WORKER) {
  const before = Number(await page.getAttribute('.saml-status', 'data-run'));
  await page.fill('#saml-text', text);
  await page.click('#saml-analyze');
  await waitRun(page, before);
  assert.match(await page.textContent('.saml-status'), where);
}

const detected = (page) => page.textContent('#saml-detected');
const checks = (page) => page.$$eval('.saml-message [data-check]', (els) => els.map((e) => e.dataset.check));

test('every input form is detected and analyzed', async () => {
  const { context, page, rec } = await open();
  const forms = [
    ['raw XML', OKTA_XML, /1 Response, 1 Assertion/],
    ['base64', OKTA_B64, /base64.*1 Response, 1 Assertion/],
    ['base64 with line breaks', OKTA_B64.replace(/(.{76})/g, '$1\n'), /base64.*1 Response/],
    ['URL-encoded base64', encodeURIComponent(OKTA_B64), /url.*base64.*1 Response|base64.*1 Response/i],
    ['POST body', `SAMLResponse=${encodeURIComponent(OKTA_B64)}&RelayState=https%3A%2F%2Fexample.com`, /1 Response, 1 Assertion/],
    ['redirect URL (deflate)', REDIRECT, /deflate.*1 AuthnRequest/],
    ['deflate query only', 'SAMLResponse=' + encodeURIComponent(deflateRawSync(Buffer.from(OKTA_XML)).toString('base64')), /deflate.*1 Response/],
  ];
  for (const [name, text, re] of forms) {
    await analyze(page, text);
    const d = await detected(page);
    assert.match(d, re, `${name}: detected "${d}"`);
    const ids = await checks(page);
    assert.ok(ids.length > 0, `${name}: findings shown`);
  }
  // The Okta response: its attribute and certificate are shown.
  await analyze(page, OKTA_XML);
  assert.equal(await page.locator('.saml-attributes tbody tr').count(), 1);
  assert.match(await page.textContent('.saml-attributes'), /AccessControl:Department/);
  assert.match(await page.textContent('.saml-cert'), /SHA-256 fingerprint/);
  assert.match(await page.textContent('.saml-cert'), /RSA 2048/);
  assert.match(await page.textContent('.saml-flow'), /Identity Center/);
  assert.ok(await page.locator('pre.saml-xml .ln').count() > 10, 'pretty XML has numbered lines');
  assert.deepEqual(rec.errors, []);
  assert.deepEqual(rec.csp, []);
  await context.close();
});

test('a bad NameID format is reported by check id with evidence and a highlighted line', async () => {
  const { context, page } = await open();
  await analyze(page, ENTRA_BAD);
  const item = page.locator('.saml-message li.finding[data-check="idc.nameid.format"]');
  assert.equal(await item.count(), 1);
  assert.match(await item.getAttribute('class'), /error/);
  assert.match(await item.textContent(), /unspecified/);
  assert.match(await item.textContent(), /line \d+/);
  assert.ok(await page.locator('pre.saml-xml .hl').count() >= 1, 'offending line highlighted');
  await context.close();
});

test('HAR: every SAML message is listed in order and each can be selected', async () => {
  const { context, page } = await open();
  await analyze(page, HAR);
  assert.match(await detected(page), /AuthnRequest/);
  const picks = page.locator('.saml-message-pick');
  assert.equal(await picks.count(), 2);
  assert.match(await picks.nth(0).textContent(), /^1\. AuthnRequest/);
  assert.match(await picks.nth(1).textContent(), /^2\. Response/);
  assert.equal(await page.getAttribute('.saml-message', 'data-kind'), 'AuthnRequest');
  await picks.nth(1).click();
  assert.equal(await page.getAttribute('.saml-message', 'data-kind'), 'Response');
  assert.equal(await picks.nth(1).getAttribute('aria-pressed'), 'true');
  await context.close();
});

test('hostile attribute values are shown as text; no dialog, no script', async () => {
  const { context, page, rec } = await open();
  const evil = '&lt;img src=x onerror=alert(1)&gt;';
  const xml = OKTA_XML.replace('</saml2:AttributeStatement>',
    `<saml2:Attribute Name="&lt;script&gt;alert(2)&lt;/script&gt;"><saml2:AttributeValue>${evil}</saml2:AttributeValue></saml2:Attribute></saml2:AttributeStatement>`);
  await analyze(page, xml);
  assert.match(await page.textContent('.saml-attributes'), /<img src=x onerror=alert\(1\)>/);
  assert.match(await page.textContent('pre.saml-xml'), /onerror=alert\(1\)/);
  assert.equal(await page.locator('main img').count(), 0);
  assert.equal(await page.locator('main script').count(), 0);
  await page.waitForTimeout(200);
  assert.deepEqual(rec.dialogs, []);
  assert.deepEqual(rec.errors, []);
  await context.close();
});

test('"Copy redacted" copies the analysis without the original email; reports export', async () => {
  const { context, page } = await open();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await analyze(page, OKTA_XML);
  await page.click('#saml-copy-redacted');
  await page.waitForFunction(() => /Redacted analysis copied/.test(document.body.textContent));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(copied.length > 200, 'redacted text copied');
  assert.ok(!copied.includes(EMAIL), 'no original email in the redacted copy');
  assert.ok(!copied.toLowerCase().includes('alice'), 'no original name');
  // The default report leaves values out; the checkbox includes them.
  await page.click('.export-bar button:has-text("Copy report")');
  await page.waitForFunction(() => /Text report copied/.test(document.body.textContent));
  const plain = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(plain, /idc\.|saml\./);
  assert.ok(!plain.includes(EMAIL), 'report without values has no email');
  await page.check('#saml-include-values');
  await page.click('.export-bar button:has-text("Copy report")');
  await page.waitForFunction(async (e) => (await navigator.clipboard.readText()).includes(e), EMAIL);
  // The expected user name is a private value too (it came back from the worker with the analysis):
  // it appears in a finding, and the redacted copy replaces it.
  await page.fill('#saml-username', 'carol.smith');
  await analyze(page, OKTA_XML);
  assert.match(await page.textContent('.saml-message li.finding[data-check="idc.nameid.username"]'), /carol\.smith/);
  // A new analysis starts from the defaults: values left out again, no stale "copied" status.
  assert.equal(await page.isChecked('#saml-include-values'), false);
  assert.equal(await page.textContent('#saml-redact-status'), '');
  await page.click('#saml-copy-redacted');
  await page.waitForFunction(() => /Redacted analysis copied/.test(document.body.textContent));
  const again = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(again, /idc\.nameid\.username/);
  assert.ok(!again.includes('carol.smith'), 'the expected user name is redacted');
  await context.close();
});

test('analysis sends no request at all', async () => {
  const { context, page, rec } = await open();
  // The worker starts with the page and loads its script, the glue and the wasm from this origin.
  await page.waitForSelector('.saml-status[data-worker="ready"]');
  await page.waitForTimeout(300);
  const n = rec.requests.length;
  for (const t of [OKTA_XML, OKTA_B64, HAR, REDIRECT]) await analyze(page, t);
  await page.waitForTimeout(200);
  assert.deepEqual(rec.requests.slice(n), [], 'requests made while analyzing');
  assert.deepEqual(foreignRequests(rec, server.origin), []);
  await context.close();
});

test('hostile input gives a finding and the page stays usable', async () => {
  const { context, page, rec } = await open();
  const deep = '<a>'.repeat(100000) + '</a>'.repeat(100000);
  const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>';
  let seed = 42;
  const rnd = Array.from({ length: 20000 }, () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return String.fromCharCode(32 + (seed % 95)); }).join('');
  for (const [name, text, id] of [['deep nesting', deep, /input\./], ['billion laughs', laughs, /input\.dtd/], ['random bytes', rnd, /input\./]]) {
    await analyze(page, text);
    const ids = (await checks(page)).join(' ');
    assert.match(ids, id, `${name}: ${ids}`);
  }
  // Still usable: a good message analyzes afterwards.
  await analyze(page, OKTA_XML);
  assert.match(await detected(page), /1 Response/);
  assert.deepEqual(rec.errors, []);
  await context.close();
});

test('a loaded file is analyzed', async () => {
  const { context, page } = await open();
  const before = Number(await page.getAttribute('.saml-status', 'data-run'));
  await page.setInputFiles('#saml-file', { name: 'capture.har', mimeType: 'application/json', buffer: Buffer.from(HAR) });
  await page.waitForFunction((n) => Number(document.querySelector('.saml-status')?.dataset.run) > n, before);
  assert.equal(await page.locator('.saml-message-pick').count(), 2);
  assert.match(await page.textContent('.saml-status'), /capture\.har/);
  assert.match(await page.textContent('.saml-status'), WORKER);
  await context.close();
});

test('context: username, SP metadata and a fixed time are used', async () => {
  const { context, page } = await open();
  await page.fill('#saml-username', 'bob@example.com');
  await analyze(page, OKTA_XML);
  const item = page.locator('.saml-message li.finding[data-check="idc.nameid.username"]');
  assert.equal(await item.count(), 1);
  assert.match(await item.getAttribute('class'), /error/);
  await page.fill('#saml-username', '');
  await page.click('text=Take the ACS URL and audience');
  await page.fill('#saml-meta-text', `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://eu-west-1.signin.aws.amazon.com/platform/saml/d-9999999999"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/aaaaaaaa-1111-2222-3333-444455556666" index="0"/></md:SPSSODescriptor></md:EntityDescriptor>`);
  await page.click('text=Use this metadata');
  assert.match(await page.textContent('#saml-meta-status'), /^Taken from the metadata: ACS URL https:\/\/eu-west-1\./);
  assert.match(await page.inputValue('#saml-acs'), /eu-west-1.*acs\/aaaaaaaa/);
  assert.match(await page.inputValue('#saml-audience'), /d-9999999999/);
  await page.check('input[name="saml-time"] >> nth=1');
  await page.fill('#saml-now', '2040-01-01T00:00:00Z');
  await analyze(page, OKTA_XML);
  const ids = await checks(page);
  assert.ok(ids.includes('idc.acs'), ids.join(' '));
  assert.ok(ids.includes('saml.time.expired'), ids.join(' '));
  assert.equal(await page.locator('.saml-message li.finding.error[data-check="saml.time.expired"]').count() >= 1, true);
  await context.close();
});

test('axe-core is clean with results shown, light and dark', async () => {
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await open({ colorScheme: scheme });
    await analyze(page, ENTRA_BAD);
    await page.click('summary:has-text("passed check")').catch(() => {});
    const v = await axeViolations(page);
    assert.deepEqual(v, [], `${scheme}: ${JSON.stringify(v, null, 1)}`);
    await analyze(page, HAR);
    const v2 = await axeViolations(page);
    assert.deepEqual(v2, [], `${scheme} HAR: ${JSON.stringify(v2, null, 1)}`);
    await context.close();
  }
});

test('keyboard only: Tab to the textarea, type, Tab to Analyze, Enter', async () => {
  const { context, page } = await open();
  await page.focus('main');
  let tabs = 0;
  while ((await page.evaluate(() => document.activeElement?.id)) !== 'saml-text' && tabs++ < 40) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'saml-text');
  await page.keyboard.insertText(OKTA_B64);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'saml-analyze');
  await page.keyboard.press('Enter');
  await waitRun(page, 0);
  assert.match(await detected(page), /base64.*1 Response/);
  assert.match(await page.textContent('.saml-status'), WORKER);
  await context.close();
});

test('screenshots with results at 375 and 1440 px; nothing overflows the page at 375', async () => {
  for (const width of [375, 1440]) {
    const { context, page } = await open({ viewport: { width, height: 900 } });
    await analyze(page, ENTRA_BAD);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${width}px: page scrolls sideways by ${overflow}px`);
    await screenshot(page, `saml-${width}`);
    await context.close();
  }
});

test('a large paste is taken from the clipboard event, not laid out in the textarea', async () => {
  const { context, page, workers } = await open();
  const attrs = Array.from({ length: 3000 }, (_, i) =>
    `<saml2:Attribute Name="https://example.com/a/${i}"><saml2:AttributeValue>${'v'.repeat(400)}</saml2:AttributeValue></saml2:Attribute>`).join('');
  const big = OKTA_XML.replace('</saml2:AttributeStatement>', attrs + '</saml2:AttributeStatement>');
  assert.ok(big.length > 1_000_000);
  const before = Number(await page.getAttribute('.saml-status', 'data-run'));
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.setData('text', text);
    document.querySelector('#saml-text').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, big);
  await page.waitForFunction((n) => Number(document.querySelector('.saml-status')?.dataset.run) > n, before, { timeout: 60000 });
  assert.equal(await page.inputValue('#saml-text'), '');
  assert.match(await page.textContent('.saml-input'), /kept in memory/);
  assert.match(await page.textContent('.saml-status'), /MB/);
  assert.match(await page.textContent('.saml-status'), WORKER);
  // A worker that analyzed over 1 MB is replaced by a fresh one (wasm memory never shrinks).
  await until(() => workers.length === 2, 'a fresh worker');
  assert.match(await page.textContent('.saml-message h4 >> nth=1'), /Attributes \(3001\)/);
  assert.equal(await page.locator('.saml-attributes tbody tr').count(), 300);
  await page.click('button:has-text("Show all 3001")');
  assert.equal(await page.locator('.saml-attributes tbody tr').count(), 3001);
  // Analyze again (e.g. after changing the context) reuses the kept text.
  await page.click('#saml-analyze');
  await page.waitForFunction((n) => Number(document.querySelector('.saml-status')?.dataset.run) > n + 1, before, { timeout: 60000 });
  assert.match(await detected(page), /1 Response/);
  assert.match(await page.textContent('.saml-status'), WORKER);
  await until(() => workers.length === 3, 'another fresh worker');
  await context.close();
});

test('thousands of findings: the worst 200 are shown at once, "Show all" shows the rest', async () => {
  const { context, page } = await open();
  // 600 access-control attributes with values over 256 characters: one idc.abac.value error each.
  const attrs = Array.from({ length: 600 }, (_, i) =>
    `<saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/AccessControl:K${i}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml2:AttributeValue>${'v'.repeat(300)}</saml2:AttributeValue></saml2:Attribute>`).join('');
  await analyze(page, OKTA_XML.replace('</saml2:AttributeStatement>', attrs + '</saml2:AttributeStatement>'));
  const problems = page.locator('.saml-message section > ul.findings > li.finding');
  assert.equal(await problems.count(), 200);
  assert.equal(await problems.nth(0).getAttribute('class'), 'finding error');
  const more = page.locator('.saml-message .finding-show-all');
  const total = Number((await more.textContent()).match(/Show all (\d+)/)[1]);
  assert.ok(total > 600, `${total} problems`);
  await more.click();
  assert.equal(await problems.count(), total);
  assert.equal(await page.locator('.saml-message li.finding[data-check="idc.abac.value"]').count(), 600);
  await context.close();
});

/** Pastes `text` the way a user's paste of a large text arrives (taken from the clipboard event). */
async function paste(page, text) {
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text', t);
    document.querySelector('#saml-text').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

test('during a 15 MB analysis the page stays responsive; Cancel stops it; the next analysis gets a fresh worker', async () => {
  const { context, page, rec, workers } = await openCounting();
  await gotoApp(page, server.url + '#/saml');
  await page.waitForSelector('.saml-status[data-worker="ready"]');
  const attrs = Array.from({ length: 30000 }, (_, i) =>
    `<saml2:Attribute Name="https://example.com/a/${i}"><saml2:AttributeValue>${'v'.repeat(420)}</saml2:AttributeValue></saml2:Attribute>`).join('');
  const huge = OKTA_XML.replace('</saml2:AttributeStatement>', attrs + '</saml2:AttributeStatement>');
  assert.ok(huge.length > 15_000_000 && huge.length < 16 * 1024 * 1024, `${huge.length} characters`);
  const before = Number(await page.getAttribute('.saml-status', 'data-run'));
  await paste(page, huge);
  await page.waitForSelector('#saml-cancel');
  assert.equal(await page.textContent('.saml-status'), 'Analyzing… (in a background worker)');
  // While the worker analyzes, the page takes typing and paints frames...
  await page.fill('#saml-username', 'typed while analyzing');
  const during = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r({
    status: document.querySelector('.saml-status').textContent,
    run: Number(document.querySelector('.saml-status').dataset.run),
    typed: document.querySelector('#saml-username').value,
  }))));
  // ...and the analysis was still running then: nothing waited for it.
  assert.deepEqual(during, { status: 'Analyzing… (in a background worker)', run: before, typed: 'typed while analyzing' });
  await page.click('#saml-cancel');
  await waitRun(page, before);
  assert.equal(await page.textContent('.saml-status'), 'Cancelled.');
  assert.equal(await page.locator('#saml-cancel').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'saml-analyze');
  assert.equal(await page.inputValue('#saml-username'), 'typed while analyzing');
  assert.equal(await page.locator('.saml-results').count(), 0, 'no result from the cancelled analysis');
  // The next analysis starts a fresh worker and works.
  await page.fill('#saml-username', '');
  await analyze(page, OKTA_XML);
  assert.match(await detected(page), /1 Response, 1 Assertion/);
  assert.equal(workers.length, 2, workers.join('\n'));
  assert.deepEqual(rec.errors, []);
  await context.close();
});

test('a worker whose wasm traps is replaced: the page says the analyzer stopped, and the next analysis works', async () => {
  // A real trap: the test's copy of the worker passes an impossible length to the glue, whose
  // allocation aborts the wasm instance (RuntimeError: unreachable), as a Rust panic would.
  const { context, page, rec, workers } = await openCounting({ serviceWorkers: 'block' });
  const call = 'const out = saml_analyze(input, ctx);';
  await context.route(/\/saml-worker-[0-9a-f]+\.js$/, async (route) => {
    const res = await route.fetch();
    const body = await res.text();
    assert.ok(body.includes(call), 'the worker script calls the analyzer as this test expects');
    await route.fulfill({
      response: res,
      body: body.replace(call, `const out = saml_analyze(new TextDecoder().decode(input) === 'trap!' ? { length: 0xffffffff } : input, ctx);`),
    });
  });
  await gotoApp(page, server.url + '#/saml');
  await analyze(page, 'trap!', /^Analysis stopped\.$/);
  assert.match(await page.textContent('.notice.err'), /The analyzer stopped on this input: RuntimeError: unreachable.*This is a bug/);
  await analyze(page, OKTA_XML);
  assert.match(await detected(page), /1 Response/);
  assert.equal(await page.locator('.notice.err').count(), 0);
  assert.equal(workers.length, 2, workers.join('\n'));
  assert.deepEqual(rec.errors, []);
  await context.close();
});

test('without a worker the page analyzes on its main thread and says why', async () => {
  // A build without the worker tag (as under `trunk serve` without the post-build hook)...
  {
    const { context, page } = await openCounting({ serviceWorkers: 'block' });
    await context.route(/\/(index\.html)?$/, async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: (await res.text()).replace(/<meta name="ssocheck-saml-worker"[^>]*>/, '') });
    });
    await gotoApp(page, server.url + '#/saml');
    await analyze(page, OKTA_XML, /^Analyzed the pasted text \(3998 bytes\) in \d+ ms on the main thread \(no background worker: this build has no worker script\): 1 message\.$/);
    assert.match(await detected(page), /1 Response, 1 Assertion/);
    assert.equal(await page.getAttribute('.saml-status', 'data-worker'), 'off');
    await context.close();
  }
  // ...and a worker script that cannot be loaded.
  {
    const { context, page, workers } = await openCounting({ serviceWorkers: 'block' });
    await context.route(/\/saml-worker-[0-9a-f]+\.js$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
    await gotoApp(page, server.url + '#/saml');
    await page.waitForSelector('.saml-status[data-worker="off"]');
    await analyze(page, OKTA_XML, /in \d+ ms on the main thread \(no background worker: its script could not be loaded\): 1 message\.$/);
    await analyze(page, ENTRA_BAD, /on the main thread/);
    assert.equal(await page.locator('.saml-message li.finding[data-check="idc.nameid.format"]').count(), 1);
    assert.equal(workers.length, 1, 'no new attempt after the worker failed to load');
    await context.close();
  }
});

test('the worker also runs when the host sends the CSP as a header on every file', async () => {
  const meta = readFileSync('dist/index.html', 'utf8').match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  const strict = await startServer({ headers: { 'Content-Security-Policy': `${meta}; frame-ancestors 'none'` } });
  try {
    const { context, page, rec } = await openPage(browser);
    await gotoApp(page, strict.url + '#/saml');
    await page.waitForSelector('.saml-status[data-worker="ready"]');
    await analyze(page, OKTA_XML);
    assert.match(await detected(page), /1 Response/);
    assert.deepEqual(rec.csp, []);
    assert.deepEqual(rec.errors, []);
    await context.close();
  } finally {
    await strict.close();
  }
});
