// #/saml (the generic tool page with the SAML tool) end to end: every input form, findings by check id,
// tables, hostile values rendered as text, the exports ("Copy report" with values, "Copy redacted"
// without the original email or user name), no network request while analyzing, hostile input, axe
// (light and dark), keyboard-only use, screenshots at 375 and 1440 px. Every analysis runs in the engine
// worker (the status line says so); the page stays responsive and Cancel works during a 15 MB analysis;
// a worker that traps is replaced; without a worker the page loads the engine module on its main
// thread (engine-main-*.js) and analyzes there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { startServer } from './server.mjs';
import { openPage, gotoApp, axeViolations, screenshot, foreignRequests, useServerAndBrowser, until, ENGINE_FILE, builtFile, unhashed } from './harness.mjs';

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
  o.workerHandles = [];
  o.page.on('worker', (w) => { o.workers.push(w.url()); o.workerHandles.push(w); });
  return o;
}

/**
 * Opens #/saml. The "Rules to apply" select should start at "Detect from the message" (auto); the
 * release opens it at its last choice (see 'the rules select starts at "Detect from the message"'),
 * so the other tests choose auto themselves and test the rest.
 */
async function open(opts = {}) {
  const o = await openCounting(opts);
  await gotoApp(o.page, server.url + '#/saml');
  await o.page.selectOption('#saml-flow', 'auto');
  return o;
}


const WORKER = /^Analyzed .* in \d+ ms in a background worker: \d+ messages?\.$/;

/** Waits until the status line's `data-run` counter passes `before`. */
async function waitRun(page, before) {
  await page.waitForFunction((n) => Number(document.querySelector('.saml-status')?.dataset.run) > n, before, { timeout: 60000 });
}

/** Fills the textarea, presses Analyze, waits for the run to finish; returns the status line and the alerts. */
async function analyzeRaw(page, text) {
  const before = Number(await page.getAttribute('.saml-status', 'data-run'));
  await page.fill('#saml-text', text);
  await page.click('#saml-analyze');
  await waitRun(page, before);
  return { status: await page.textContent('.saml-status'), notices: await page.locator('main .notice.err').allTextContents() };
}

/** Fills the textarea, presses Analyze, waits for the analysis to finish; it ran in the worker. */
async function analyze(page, text, where = WORKER) {
  const { status, notices } = await analyzeRaw(page, text);
  assert.match(status, where, `status "${status}"; alerts: ${JSON.stringify(notices)}`);
}

const DOC = 'article.tool-document[data-tool="saml"]';
const detected = (page) => page.textContent('#tool-detected');
const checks = (page) => page.$$eval(`${DOC} li.finding[data-check]`, (els) => els.map((e) => e.dataset.check));
/** The value of a fact (`dt`/`dd`) in the document's Summary block. */
const fact = (page, key) => page.$$eval(`${DOC} section.tool-block[data-block="summary"] dt`,
  (dts, k) => dts.find((d) => d.textContent === k)?.nextElementSibling?.textContent.trim() ?? null, key);

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
  assert.equal(await page.locator(`${DOC} table.tool-table.table-attributes tbody tr`).count(), 1);
  assert.match(await page.textContent(`${DOC} table.table-attributes`), /AccessControl:Department/);
  const certs = page.locator(`${DOC} section.tool-block[data-block="certificates"] table.table-certificates`);
  assert.deepEqual(await certs.locator('thead th').allTextContents(),
    ['Subject', 'Issuer', 'Valid from', 'Valid until', 'Key', 'SHA-256 fingerprint', 'Status']);
  assert.equal(await certs.locator('tbody tr').count(), 1);
  assert.match(await certs.locator('tbody tr td').nth(4).textContent(), /RSA 2048/);
  assert.match(await certs.locator('tbody tr td').nth(5).textContent(), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/i);
  assert.match(await certs.locator('tbody tr td').last().locator('.badge').textContent(), /^(Pass|Warning|Error|Info)$/);
  assert.equal(await fact(page, 'Message'), 'Response');
  assert.match(await fact(page, 'Flow'), /Identity Center/);
  assert.ok(await page.locator(`${DOC} section.tool-block[data-block="xml"] pre.code.code-xml .xl .ln`).count() > 10, 'pretty XML has numbered lines');
  assert.deepEqual(rec.errors, []);
  assert.deepEqual(rec.csp, []);
  await context.close();
});

test('a bad NameID format is reported by check id with evidence and a highlighted line', async () => {
  const { context, page } = await open();
  await analyze(page, ENTRA_BAD);
  const item = page.locator(`${DOC} li.finding[data-check="idc.nameid.format"]`);
  assert.equal(await item.count(), 1);
  assert.match(await item.getAttribute('class'), /error/);
  assert.match(await item.textContent(), /unspecified/);
  const line = (await item.textContent()).match(/line (\d+)/)?.[1];
  assert.ok(line, 'the finding names its line');
  // The finding's line is one of the highlighted lines of the XML, and its number is shown there.
  const hl = page.locator(`${DOC} pre.code-xml .xl.hl`);
  assert.ok(await hl.count() >= 1, 'offending line highlighted');
  const marked = page.locator(`${DOC} pre.code-xml .xl.hl[data-line="${line}"]`);
  assert.equal(await marked.count(), 1, `line ${line} is highlighted`);
  assert.equal(await marked.locator('.ln').textContent(), line);
  assert.match(await marked.textContent(), /NameID/);
  await context.close();
});

test('HAR: every SAML message is listed in order and each can be selected', async () => {
  const { context, page } = await open();
  await analyze(page, HAR);
  assert.match(await detected(page), /1 AuthnRequest, 1 Response/);
  const picks = page.locator('.tool-results ol.tool-messages .tool-message-pick');
  assert.equal(await picks.count(), 2);
  // In the order of the capture; each is labelled with its document's title.
  const labels = await picks.allTextContents();
  assert.match(labels[0], /^SAML: AuthnRequest from .*\(HAR entry 1, GET /);
  assert.match(labels[1], /^SAML: Response from .*\(HAR entry 3, POST /);
  assert.equal(await picks.nth(0).getAttribute('aria-current'), 'true');
  assert.equal(await picks.nth(1).getAttribute('aria-current'), null);
  assert.equal(await page.locator(`${DOC}`).count(), 1, 'one message shown at a time');
  assert.equal(await page.textContent(`${DOC} h3`), labels[0]);
  assert.equal(await fact(page, 'Message'), 'AuthnRequest');
  const first = await checks(page);
  await picks.nth(1).click();
  await page.waitForFunction((l) => document.querySelector('article.tool-document h3')?.textContent === l, labels[1]);
  assert.equal(await fact(page, 'Message'), 'Response');
  assert.equal(await picks.nth(1).getAttribute('aria-current'), 'true');
  assert.equal(await picks.nth(0).getAttribute('aria-current'), null);
  assert.notDeepEqual(await checks(page), first, 'the Response shows its own findings');
  // Back to the first one.
  await picks.nth(0).click();
  await page.waitForFunction((l) => document.querySelector('article.tool-document h3')?.textContent === l, labels[0]);
  assert.equal(await fact(page, 'Message'), 'AuthnRequest');
  await context.close();
});

test('hostile attribute values are shown as text; no dialog, no script', async () => {
  const { context, page, rec } = await open();
  const evil = '&lt;img src=x onerror=alert(1)&gt;';
  const xml = OKTA_XML.replace('</saml2:AttributeStatement>',
    `<saml2:Attribute Name="&lt;script&gt;alert(2)&lt;/script&gt;"><saml2:AttributeValue>${evil}</saml2:AttributeValue></saml2:Attribute></saml2:AttributeStatement>`);
  await analyze(page, xml);
  assert.match(await page.textContent(`${DOC} table.table-attributes`), /<img src=x onerror=alert\(1\)>/);
  assert.match(await page.textContent(`${DOC} table.table-attributes`), /<script>alert\(2\)<\/script>/);
  assert.match(await page.textContent(`${DOC} pre.code-xml`), /onerror=alert\(1\)/);
  assert.equal(await page.locator('main img').count(), 0);
  assert.equal(await page.locator('main script').count(), 0);
  await page.waitForTimeout(200);
  assert.deepEqual(rec.dialogs, []);
  assert.deepEqual(rec.errors, []);
  await context.close();
});

test('exports: the report carries the values, "Copy redacted" drops NameIDs, values and the user name', async () => {
  const { context, page } = await open();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await analyze(page, OKTA_XML);
  const bar = page.locator('.tool-results .export-bar');
  const status = bar.locator('.status');
  assert.equal(await status.textContent(), '');
  const clip = () => page.evaluate(() => navigator.clipboard.readText());
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.click('#saml-copy-redacted');
  await page.waitForFunction(() => document.querySelector('.export-bar .status')?.textContent === 'Redacted analysis copied to the clipboard.');
  const copied = await clip();
  assert.ok(copied.length > 200, 'redacted text copied');
  assert.match(copied, /idc\.|saml\./, 'the redacted copy keeps the findings');
  assert.ok(!copied.includes(EMAIL), 'no original email in the redacted copy');
  assert.ok(!copied.toLowerCase().includes('alice'), 'no original name');
  // The plain report (there is no "include values" checkbox any more) carries the values: the NameID
  // and the attribute value are in it.
  await page.click('#saml-copy-text');
  await page.waitForFunction(() => document.querySelector('.export-bar .status')?.textContent === 'Text report copied to the clipboard.');
  const plain = await clip();
  assert.match(plain, /idc\.|saml\./);
  assert.ok(plain.includes(EMAIL), 'the plain report has the NameID');
  assert.notEqual(plain, copied);
  await page.click('#saml-copy-markdown');
  await page.waitForFunction(() => document.querySelector('.export-bar .status')?.textContent === 'Markdown report copied to the clipboard.');
  const md = await clip();
  assert.match(md, /^#|\n#|\n- /, 'Markdown');
  assert.ok(md.includes(EMAIL));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#saml-download-json')]);
  assert.equal(download.suggestedFilename(), 'ssocheck-saml.json');
  const json = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.ok(JSON.stringify(json).includes('idc.nameid.format') || JSON.stringify(json).includes('saml.'), 'the JSON has the findings');
  assert.equal(await status.textContent(), 'JSON report downloaded.');
  // The expected user name is a private value too: it appears in a finding, the plain report has it,
  // and the redacted copy replaces it.
  await page.fill('#saml-username', 'carol.smith');
  await analyze(page, OKTA_XML);
  assert.match(await page.textContent(`${DOC} li.finding[data-check="idc.nameid.username"]`), /carol\.smith/);
  // A new analysis starts with no stale "copied" status.
  assert.equal(await page.textContent('.export-bar .status'), '');
  await page.click('#saml-copy-text');
  await page.waitForFunction(() => document.querySelector('.export-bar .status')?.textContent === 'Text report copied to the clipboard.');
  assert.ok((await clip()).includes('carol.smith'), 'the plain report has the expected user name');
  await page.click('#saml-copy-redacted');
  await page.waitForFunction(() => document.querySelector('.export-bar .status')?.textContent === 'Redacted analysis copied to the clipboard.');
  const again = await clip();
  assert.match(again, /idc\.nameid\.username/);
  assert.ok(!again.includes('carol.smith'), 'the expected user name is redacted');
  assert.ok(!again.includes(EMAIL), 'the NameID is redacted');
  await context.close();
});

test('analysis sends no request at all', async () => {
  const { context, page, rec } = await open();
  // The engine worker starts with the page and loads its script, the engine glue and the engine wasm
  // from this origin.
  await page.waitForSelector('.saml-status[data-worker="ready"]');
  const engine = rec.requests.filter((u) => ENGINE_FILE.test(u)).map((u) => new URL(u).pathname.split('/').pop());
  assert.equal(engine.filter((n) => builtFile('engine-worker', '.js').test(n)).length, 1, engine.join(' '));
  assert.equal(engine.filter((n) => builtFile('engine', '_bg.wasm').test(n)).length, 1, engine.join(' '));
  await page.waitForTimeout(300);
  const n = rec.requests.length;
  for (const t of [OKTA_XML, OKTA_B64, HAR, REDIRECT]) await analyze(page, t);
  assert.match(await detected(page), /deflate.*1 AuthnRequest/);
  // The exports are written by the engine too: still no request.
  await page.click('#saml-copy-redacted');
  await page.waitForFunction(() => /copied|Could not copy/.test(document.querySelector('.export-bar .status')?.textContent ?? ''));
  await page.waitForTimeout(200);
  assert.deepEqual(rec.requests.slice(n), [], 'requests made while analyzing');
  assert.deepEqual(foreignRequests(rec, server.origin), []);
  await context.close();
});

test('the SAML worker analyzes its built-in warm-up sample once it starts; an engine without one does not', async () => {
  // The warm-up (engine_warm, src/saml/warm.rs) is there for speed, which tests do not time; what
  // they can see is that it ran: the worker keeps the number of findings it produced.
  const { context, page, workerHandles } = await open();
  await page.waitForSelector('.saml-status[data-worker="ready"]');
  assert.match(workerHandles[0].url(), builtFile('engine-worker', '.js', { inUrl: true }));
  const warm = () => workerHandles[0].evaluate(() => self.ssocheckWarm);
  await until(async () => (await warm()) !== null, 'the SAML worker\'s warm-up', 30000, 100);
  assert.ok((await warm()) > 0, `the warm-up sample gave ${await warm()} findings`);
  // The user's analysis still runs in that same worker, after the warm-up.
  await analyze(page, OKTA_XML, WORKER);
  assert.equal(workerHandles.length, 1);
  // The SCIM tool's engine (the admin engine) has no warm-up input: it reports 0 findings from it.
  await gotoApp(page, server.url + '#/scim');
  await page.waitForSelector('.scim-status[data-worker="ready"]');
  const admin = workerHandles.at(-1);
  assert.match(admin.url(), builtFile('engine-admin-worker', '.js', { inUrl: true }));
  await until(async () => (await admin.evaluate(() => self.ssocheckWarm)) !== null, 'the admin worker\'s warm-up call', 30000, 100);
  assert.equal(await admin.evaluate(() => self.ssocheckWarm), 0);
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

test('a message pasted into the text box is analyzed at once', async () => {
  const { context, page } = await open();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await page.waitForSelector('.saml-status[data-worker="ready"]');
  await page.evaluate((t) => navigator.clipboard.writeText(t), OKTA_B64);
  await page.focus('#saml-text');
  await page.keyboard.press('Control+V'); // a real paste event: it starts the analysis
  await waitRun(page, 0);
  assert.equal(await page.inputValue('#saml-text'), OKTA_B64, 'the paste landed in the text box');
  const notices = await page.locator('main .notice.err').allTextContents();
  assert.deepEqual(notices, [], 'the paste was analyzed');
  assert.match(await page.textContent('.saml-status'), WORKER);
  assert.match(await detected(page), /base64.*1 Response, 1 Assertion/);
  await context.close();
});

test('a loaded file is analyzed', async () => {
  const { context, page } = await open();
  const before = Number(await page.getAttribute('.saml-status', 'data-run'));
  await page.setInputFiles('#saml-file', { name: 'capture.har', mimeType: 'application/json', buffer: Buffer.from(HAR) });
  await page.waitForFunction((n) => Number(document.querySelector('.saml-status')?.dataset.run) > n, before);
  assert.equal(await page.locator('.tool-message-pick').count(), 2);
  const size = Buffer.byteLength(HAR);
  assert.match(await page.textContent('.saml-status'), new RegExp(`^Analyzed the file capture\\.har \\(${size} bytes\\) in `));
  assert.match(await page.textContent('.saml-input .tool-file'), new RegExp(`Loaded: capture\\.har \\(${size} bytes\\)`));
  assert.match(await page.textContent('.saml-status'), WORKER);
  await context.close();
});

test('context: username, rules, SP metadata and a fixed time are used', async () => {
  const { context, page } = await open();
  await page.fill('#saml-username', 'bob@example.com');
  await analyze(page, OKTA_XML);
  const item = page.locator(`${DOC} li.finding[data-check="idc.nameid.username"]`);
  assert.equal(await item.count(), 1);
  assert.match(await item.getAttribute('class'), /error/);
  assert.match(await item.textContent(), /bob@example\.com/);
  await page.fill('#saml-username', '');
  // The rules: detected, or chosen with the select.
  assert.deepEqual(await page.$$eval('#saml-flow option', (os) => os.map((o) => o.value)), ['auto', 'idc', 'sts', 'app', 'generic']);
  await page.selectOption('#saml-flow', 'generic');
  await analyze(page, OKTA_XML);
  assert.match(await fact(page, 'Flow'), /^Generic SAML 2\.0/);
  assert.ok(!(await checks(page)).some((c) => c.startsWith('idc.')), 'no Identity Center rule under the generic rules');
  await page.selectOption('#saml-flow', 'auto');
  // Identity Center SP metadata: its ACS URL and audience are used (the fields stay empty) and the
  // Summary says so.
  await page.fill('#saml-sp-metadata', `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://eu-west-1.signin.aws.amazon.com/platform/saml/d-9999999999"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/aaaaaaaa-1111-2222-3333-444455556666" index="0"/></md:SPSSODescriptor></md:EntityDescriptor>`);
  await page.fill('#saml-now', '2040-01-01T00:00:00Z');
  await analyze(page, OKTA_XML);
  assert.equal(await fact(page, 'SP metadata'),
    'Taken from the metadata: ACS URL https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/aaaaaaaa-1111-2222-3333-444455556666 and audience https://eu-west-1.signin.aws.amazon.com/platform/saml/d-9999999999.');
  assert.match(await page.textContent(`${DOC} section.tool-block[data-block="summary"]`), /Taken from the metadata: ACS URL https:\/\/eu-west-1\..*acs\/aaaaaaaa.* and audience .*d-9999999999/);
  assert.equal(await fact(page, 'Time reference'), 'fixed: 2040-01-01T00:00:00Z');
  assert.equal(await page.inputValue('#saml-acs'), '');
  assert.equal(await page.inputValue('#saml-audience'), '');
  const ids = await checks(page);
  assert.ok(ids.includes('idc.acs'), ids.join(' '));
  assert.ok(ids.includes('saml.time.expired'), ids.join(' '));
  assert.ok(await page.locator(`${DOC} li.finding.error[data-check="idc.acs"]`).count() >= 1, 'the response does not go to the metadata\'s ACS URL');
  assert.ok(await page.locator(`${DOC} li.finding.error[data-check="saml.time.expired"]`).count() >= 1);
  // Metadata that is not metadata is reported, not silently ignored.
  await page.fill('#saml-sp-metadata', '<not-metadata/>');
  await analyze(page, OKTA_XML);
  assert.match(await fact(page, 'SP metadata'), /^Could not use this metadata: /);
  // A fixed time that is not RFC 3339 is explained.
  await page.fill('#saml-sp-metadata', '');
  await page.fill('#saml-now', 'yesterday');
  await analyze(page, OKTA_XML, /^Analyzed .* in a background worker: 1 message\.$/);
  assert.match(await detected(page), /^The fixed time is not an RFC 3339 time/);
  await context.close();
});

test('the rules select starts at "Detect from the message"', async () => {
  const { context, page } = await openCounting();
  await gotoApp(page, server.url + '#/saml');
  assert.deepEqual(await page.$$eval('#saml-flow option', (os) => os.map((o) => o.value)), ['auto', 'idc', 'sts', 'app', 'generic']);
  // With nothing chosen, an Identity Center response is checked against the Identity Center rules.
  await analyze(page, ENTRA_BAD);
  const flow = await fact(page, 'Flow');
  const selected = await page.inputValue('#saml-flow');
  assert.equal(selected, 'auto', `the select opens at "${selected}"; the analysis used: ${flow}`);
  assert.match(flow, /Identity Center/);
  await context.close();
});

test('axe-core is clean with results shown, light and dark', async () => {
  const found = [];
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await open({ colorScheme: scheme });
    await analyze(page, ENTRA_BAD);
    await page.click(`${DOC} summary:has-text("passed check")`);
    assert.equal(await page.$eval(`${DOC} details`, (d) => d.open), true);
    for (const v of await axeViolations(page)) found.push({ case: `${scheme}, Entra response`, ...v });
    await analyze(page, HAR);
    for (const v of await axeViolations(page)) found.push({ case: `${scheme}, HAR`, ...v });
    await context.close();
  }
  assert.deepEqual(found, [], JSON.stringify(found, null, 1));
});

test('keyboard only: Tab to the textarea, type, Tab to Analyze, Enter', async () => {
  const { context, page } = await open();
  await page.focus('main');
  let tabs = 0;
  while ((await page.evaluate(() => document.activeElement?.id)) !== 'saml-text' && tabs++ < 40) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'saml-text');
  await page.keyboard.insertText(OKTA_B64);
  // Then on through the file picker and the context fields, in order, to Analyze.
  const order = [];
  while ((await page.evaluate(() => document.activeElement?.id)) !== 'saml-analyze' && order.length < 20) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement?.id));
  }
  assert.deepEqual(order, ['saml-file', 'saml-username', 'saml-acs', 'saml-audience', 'saml-flow', 'saml-in-response-to', 'saml-relay-state', 'saml-request-time', 'saml-now', 'saml-idp-metadata', 'saml-sp-metadata', 'saml-analyze']);
  await page.keyboard.press('Enter');
  await waitRun(page, 0);
  assert.match(await detected(page), /base64.*1 Response/);
  assert.match(await page.textContent('.saml-status'), WORKER);
  await context.close();
});

test('screenshots with results at 375 and 1440 px, light and dark; nothing overflows the page', async () => {
  // Collected over every case (and asserted at the end) so that every screenshot is written.
  const problems = [];
  const sideways = async (page, what) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    // Wide content scrolls inside its own box (tables, code), never the page.
    const wide = await page.$$eval('main *', (els) => els.filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .filter((e) => !e.closest('.table-wrap, pre')).map((e) => `${e.tagName.toLowerCase()}.${e.className}`).slice(0, 5));
    if (overflow > 0 || wide.length) problems.push(`${what}: the page scrolls sideways by ${overflow}px (${wide.join(', ')})`);
  };
  for (const width of [375, 1440]) {
    for (const scheme of ['light', 'dark']) {
      const { context, page } = await open({ viewport: { width, height: 900 }, colorScheme: scheme });
      await analyze(page, ENTRA_BAD);
      await page.click(`${DOC} summary:has-text("passed check")`);
      await sideways(page, `${width}px ${scheme}`);
      await screenshot(page, `saml-${width}-${scheme}`);
      // A HAR capture: two messages with long titles (URLs) in the picker and the heading.
      await analyze(page, HAR);
      await sideways(page, `${width}px ${scheme}, HAR`);
      await screenshot(page, `saml-har-${width}-${scheme}`);
      await context.close();
    }
  }
  assert.deepEqual(problems, []);
});

test('a large paste is taken from the clipboard event, not laid out in the textarea', async () => {
  const { context, page, workers, workerHandles } = await open();
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
  assert.match(await page.textContent('.saml-input .tool-file'), /Loaded: pasted text \(1\.\d MB\), kept in memory/);
  assert.match(await page.textContent('.saml-status'), /^Analyzed the pasted text \(1\.\d MB\)/);
  assert.match(await page.textContent('.saml-status'), WORKER);
  // A worker that analyzed over 1 MB is kept for the next analysis (a fresh instance would run it
  // cold), and retired once idle (wasm memory never shrinks): see the end of this test.
  assert.equal(workers.length, 1);
  const block = page.locator(`${DOC} section.tool-block[data-block="attributes"]`);
  assert.equal(await block.locator('.table-filter [role="status"]').textContent(), '3001 of 3001 rows');
  const rows = block.locator('table.table-attributes tbody tr');
  assert.equal(await rows.count(), 300);
  assert.match(await block.textContent(), /Showing 300 of 3001 rows\./);
  await block.locator('button:has-text("Show all 3001")').click();
  assert.equal(await rows.count(), 3001);
  // The filter narrows the rows.
  await block.locator('#filter-attributes').fill('example.com/a/2999');
  assert.equal(await block.locator('.table-filter [role="status"]').textContent(), '1 of 3001 rows');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent(), /example\.com\/a\/2999/);
  // Analyze again (e.g. after changing the context) reuses the kept text.
  await page.click('#saml-analyze');
  await page.waitForFunction((n) => Number(document.querySelector('.saml-status')?.dataset.run) > n + 1, before, { timeout: 60000 });
  assert.match(await detected(page), /1 Response/);
  assert.match(await page.textContent('.saml-status'), WORKER);
  assert.equal(workers.length, 1, 'the warm worker analyzed it again');
  // Idle for RETIRE_IDLE_MS (15 s, src/ui/engine.rs): the worker is retired, its memory given back;
  // the next analysis starts a fresh one.
  const closed = new Promise((r) => workerHandles[0].once('close', r));
  const idleFrom = Date.now();
  await closed;
  assert.ok(Date.now() - idleFrom > 10_000, 'retired only after being idle');
  await page.click('#saml-analyze');
  await page.waitForFunction((n) => Number(document.querySelector('.saml-status')?.dataset.run) > n + 2, before, { timeout: 60000 });
  assert.match(await page.textContent('.saml-status'), WORKER);
  assert.equal(workers.length, 2, 'a fresh worker after the idle one was retired');
  await context.close();
});

test('thousands of findings: the worst 200 are shown at once, "Show all" shows the rest', async () => {
  const { context, page } = await open();
  // 600 access-control attributes with values over 256 characters: one idc.abac.value error each.
  const attrs = Array.from({ length: 600 }, (_, i) =>
    `<saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/AccessControl:K${i}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml2:AttributeValue>${'v'.repeat(300)}</saml2:AttributeValue></saml2:Attribute>`).join('');
  await analyze(page, OKTA_XML.replace('</saml2:AttributeStatement>', attrs + '</saml2:AttributeStatement>'));
  const problems = page.locator(`${DOC} > section > ul.findings > li.finding`);
  assert.equal(await problems.count(), 200);
  assert.equal(await problems.nth(0).getAttribute('class'), 'finding error');
  const more = page.locator(`${DOC} .finding-show-all`);
  const total = Number((await more.textContent()).match(/Show all (\d+)/)[1]);
  assert.ok(total > 600, `${total} problems`);
  await more.click();
  assert.equal(await problems.count(), total);
  assert.equal(await page.locator(`${DOC} li.finding[data-check="idc.abac.value"]`).count(), 600);
  assert.equal(await more.count(), 0);
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
  assert.equal(await page.locator('.tool-results').count(), 0, 'no result from the cancelled analysis');
  // The next analysis starts a fresh worker and works.
  await page.fill('#saml-username', '');
  await analyze(page, OKTA_XML);
  assert.match(await detected(page), /1 Response, 1 Assertion/);
  assert.equal(workers.length, 2, workers.join('\n'));
  assert.deepEqual(rec.errors, []);
  await context.close();
});

test('a worker whose wasm traps is replaced: the page says the analyzer stopped, and the next analysis works', async () => {
  // A real trap: the test's copy of the engine worker passes an impossible length to the glue, whose
  // allocation aborts the wasm instance (RuntimeError: unreachable), as a Rust panic would.
  const { context, page, rec, workers } = await openCounting({ serviceWorkers: 'block' });
  const call = 'const out = engine_handle(request);';
  let served = 0;
  await context.route(/\/engine-worker-[0-9a-f]+\.js$/, async (route) => {
    const res = await route.fetch();
    const body = await res.text();
    assert.ok(body.includes(call), 'the worker script calls the engine as this test expects');
    served++;
    await route.fulfill({
      response: res,
      body: body.replace(call, `const out = engine_handle(new TextDecoder().decode(request).includes('trap!') ? { length: 0xffffffff } : request);`),
    });
  });
  await gotoApp(page, server.url + '#/saml');
  await page.waitForSelector('.saml-status[data-worker="ready"]');
  await analyze(page, 'trap!', /^Analysis stopped\.$/);
  assert.match(await page.textContent('.notice.err'), /The analyzer stopped on this input: RuntimeError: unreachable.*This is a bug/);
  assert.equal(await page.locator('.tool-results').count(), 0);
  await analyze(page, OKTA_XML);
  assert.match(await detected(page), /1 Response/);
  assert.equal(await page.locator('.notice.err').count(), 0);
  assert.equal(workers.length, 2, workers.join('\n'));
  assert.ok(served >= 2, 'each worker ran the test\'s copy');
  assert.deepEqual(rec.errors, []);
  await context.close();
});

// The engine's files (not the administrator app's, which every administrator route loads first).
const engineNames = (rec) => rec.requests.filter((u) => ENGINE_FILE.test(u)).map((u) => new URL(u).pathname.split('/').pop()).map(unhashed).filter((n) => !n.startsWith('admin'));

test('without the worker tag the page loads the engine on its main thread, says why, and analyzes', async () => {
  // A build without the worker tag (as under `trunk serve` without the post-build hook).
  const { context, page, rec, workers } = await openCounting({ serviceWorkers: 'block' });
  await context.route(/\/(index\.html)?$/, async (route) => {
    const res = await route.fetch();
    const html = await res.text();
    assert.match(html, /<meta name="ssocheck-engine-worker"[^>]*>/);
    await route.fulfill({ response: res, body: html.replace(/<meta name="ssocheck-engine-worker"[^>]*>/, '') });
  });
  await gotoApp(page, server.url + '#/saml');
  await page.selectOption('#saml-flow', 'auto');
  await page.waitForSelector('.saml-status[data-worker="off"]');
  // Nothing of the engine is loaded before the first analysis needs it.
  await page.waitForTimeout(300);
  assert.deepEqual(engineNames(rec), []);
  const MAIN = /^Analyzed the pasted text \(\d+ bytes\) in \d+ ms on the main thread \(no background worker: this build has no engine worker\): 1 message\.$/;
  // The first analysis loads the engine module; its outcome is asserted last, so the rest is
  // checked even when it fails.
  const first = await analyzeRaw(page, OKTA_XML);
  await analyze(page, OKTA_XML, MAIN);
  assert.match(await detected(page), /1 Response, 1 Assertion/);
  assert.equal(await page.getAttribute('.saml-status', 'data-worker'), 'off');
  assert.deepEqual(engineNames(rec).sort(), ['engine-main.js', 'engine.js', 'engine_bg.wasm'], 'the main-thread module, the glue and the wasm');
  assert.deepEqual(workers, []);
  assert.equal(await page.evaluate(() => typeof globalThis.ssocheckEngines?.engine), 'function');
  assert.equal(engineNames(rec).filter((n) => n === 'engine-main.js').length, 1, 'the module is loaded once');
  assert.match(first.status, MAIN, `the first analysis: "${first.status}"; alerts: ${JSON.stringify(first.notices)}`);
  await context.close();
});

/** #/saml with the engine worker's script blocked; `o.blocked` counts the attempts to load it. */
async function openWithoutWorkerScript() {
  const o = await openCounting({ serviceWorkers: 'block' });
  o.blocked = 0;
  await o.context.route(/\/engine-worker-[0-9a-f]+\.js$/, (route) => { o.blocked++; return route.abort('blockedbyclient'); });
  await gotoApp(o.page, server.url + '#/saml');
  await o.page.selectOption('#saml-flow', 'auto');
  await o.page.waitForSelector('.saml-status[data-worker="off"]');
  return o;
}

test('when the worker script cannot be loaded, engine-main-*.js is loaded instead and analyzes', async () => {
  const { context, page, rec } = await openWithoutWorkerScript();
  const MAIN = /^Analyzed the pasted text \(\d+ bytes\) in \d+ ms on the main thread \(no background worker: its script could not be loaded\): 1 message\.$/;
  // The first analysis loads engine-main-*.js; its outcome is asserted last, so the rest is checked
  // even when it fails.
  const first = await analyzeRaw(page, OKTA_XML);
  await analyze(page, OKTA_XML, MAIN);
  assert.match(await detected(page), /1 Response, 1 Assertion/);
  assert.equal(engineNames(rec).filter((n) => n === 'engine-main.js').length, 1, engineNames(rec).join(' '));
  await analyze(page, ENTRA_BAD, /on the main thread \(no background worker: its script could not be loaded\)/);
  assert.equal(await page.locator(`${DOC} li.finding[data-check="idc.nameid.format"]`).count(), 1);
  // The exports work on the main thread too.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await page.click('#saml-copy-redacted');
  await page.waitForFunction(() => document.querySelector('.export-bar .status')?.textContent === 'Redacted analysis copied to the clipboard.');
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /idc\.nameid\.format/);
  assert.equal(engineNames(rec).filter((n) => n === 'engine-main.js').length, 1, 'the module is loaded once');
  assert.match(first.status, MAIN, `the first analysis: "${first.status}"; alerts: ${JSON.stringify(first.notices)}`);
  await context.close();
});

test('a worker script that could not be loaded is not requested again', async () => {
  const o = await openWithoutWorkerScript();
  assert.equal(o.blocked, 1, 'the worker was started once, when the page opened');
  // Two analyses (whatever their outcome, see the test above): no new attempt at the worker.
  for (const text of [OKTA_XML, ENTRA_BAD]) {
    const before = Number(await o.page.getAttribute('.saml-status', 'data-run'));
    await o.page.fill('#saml-text', text);
    await o.page.click('#saml-analyze');
    await waitRun(o.page, before);
  }
  await o.page.waitForTimeout(300);
  assert.equal(o.blocked, 1, `requests for the blocked worker script: ${o.blocked}`);
  assert.equal(await o.page.getAttribute('.saml-status', 'data-worker'), 'off');
  await o.context.close();
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
