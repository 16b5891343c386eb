// The administrator tools end to end, on the generic tool page: CloudTrail (a dropped .json.gz trail
// and a lookup-events file, a user filter, the timeline, the copied report), stale assignments, a
// failing SCIM body with the AWS error text, the password check (the password never reaches a
// report, the URL, storage or a request), enabling ABAC denied by an SCP, a quarantined message, the
// email page without a message. Every request is recorded: nothing pasted leaves the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openPage, gotoApp, axeViolations, screenshot, foreignRequests, useServerAndBrowser, ENGINE_FILE, squeezedText, builtFile } from './harness.mjs';

let server, browser;
useServerAndBrowser((env) => ({ server, browser } = env));

const fixture = (dir, f) => `tests/fixtures/${dir}/${f}`;
const read = (dir, f) => readFileSync(fixture(dir, f), 'utf8');

/** Opens `route` and waits until its engine worker is ready. */
async function open(route, opts = {}) {
  const o = await openPage(browser, opts);
  // Request bodies too: a pasted value must never be sent anywhere, not even to this origin.
  o.posted = [];
  o.page.on('request', (r) => { if (r.postData()) o.posted.push(`${r.url()} ${r.postData()}`); });
  await gotoApp(o.page, server.url + route);
  await o.page.waitForFunction(() => document.querySelector('.tool-status')?.dataset.worker === 'ready', null, { timeout: 30000 });
  return o;
}

async function runs(page) {
  return Number(await page.getAttribute('.tool-status', 'data-run'));
}

/** Presses Analyze and waits for the run to finish in the worker. */
async function analyze(page, tool) {
  const before = await runs(page);
  await page.click(`#${tool}-analyze`);
  await page.waitForFunction((n) => Number(document.querySelector('.tool-status')?.dataset.run) > n, before, { timeout: 60000 });
  assert.match(await page.textContent('.tool-status'), /in a background worker/);
}

const finding = (page, id) => page.locator(`.tool-document li.finding[data-check="${id}"]`);

/** Only the page's own files, and no request after the analysis carried anything. */
function assertNothingLeft(o) {
  assert.deepEqual(foreignRequests(o.rec, server.origin), []);
  assert.deepEqual(o.posted, [], 'no request carries a body');
  assert.deepEqual(o.rec.errors, []);
  assert.deepEqual(o.rec.csp, []);
}

test('CloudTrail: a dropped .json.gz trail and a lookup-events file, a user filter, the timeline and the copied report', async () => {
  const o = await open('#/cloudtrail');
  const { page, context } = o;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await page.setInputFiles('#cloudtrail-file', [
    fixture('cloudtrail', '111122223333_CloudTrail_us-east-1_20250301T0900Z_Ex4mpleUn1que.json.gz'),
    fixture('cloudtrail', 'lookup-events-password-failure.json'),
  ]);
  await page.waitForFunction(() => /Analyzed 2 files/.test(document.querySelector('.tool-status')?.textContent ?? ''), null, { timeout: 60000 });
  const detected = await page.textContent('#tool-detected');
  assert.match(detected, /gzip/);
  assert.match(detected, /lookup-events/);
  assert.ok(await finding(page, 'cloudtrail.signin.failure').count() >= 1);
  const timeline = page.locator('section[data-block="timeline"] tbody tr');
  const all = await timeline.count();
  assert.ok(all >= 2, `timeline rows: ${all}`);
  // The table's own filter narrows the rows without a new analysis.
  await page.fill('#filter-timeline', 'no-such-user-at-all');
  assert.equal(await timeline.count(), 0);
  await page.fill('#filter-timeline', '');
  assert.equal(await timeline.count(), all);
  // The same links as the findings: the next tool to check.
  assert.ok(await page.locator('section[data-block="next"] a[href^="#/"]').count() >= 1);
  assert.ok(await page.locator('section[data-block="sql-athena"] pre.code').count() === 1);
  await page.click('#cloudtrail-copy-text');
  await page.waitForFunction(() => document.querySelector('.export-bar .status')?.textContent === 'Text report copied to the clipboard.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /cloudtrail\.signin\.failure/);
  await screenshot(page, 'cloudtrail-1440');
  assert.deepEqual(await axeViolations(page), []);
  assertNothingLeft(o);
  await context.close();
});

test('assignments: a stale principal is named with the commands that fix it', async () => {
  const o = await open('#/assignments');
  const { page, context } = o;
  await page.fill('#assignments-assignments', read('assignments', 'account-assignments.json'));
  await page.fill('#assignments-users', read('assignments', 'list-users.json'));
  await page.fill('#assignments-groups', read('assignments', 'list-groups.json'));
  await analyze(page, 'assignments');
  const stale = finding(page, 'assignments.stale-principal');
  assert.ok(await stale.count() >= 1);
  assert.match(await stale.first().getAttribute('class'), /error/);
  assert.match(await page.textContent('.tool-document'), /delete-account-assignment/);
  assert.match(await page.textContent('.tool-document'), /create-account-assignment/);
  assertNothingLeft(o);
  await context.close();
});

test('SCIM: a failing body shows the rule and the AWS error text', async () => {
  const o = await open('#/scim');
  const { page, context } = o;
  await page.fill('#scim-text', read('scim', 'entra-user-two-phones.json'));
  await analyze(page, 'scim');
  const multi = finding(page, 'scim.multi-value');
  assert.ok(await multi.count() >= 1);
  assert.match(await multi.first().textContent(), /List attribute phoneNumbers exceeds allowed limit of 1/);
  await page.setViewportSize({ width: 375, height: 800 });
  await screenshot(page, 'scim-375');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 375 px`);
  assertNothingLeft(o);
  await context.close();
});

test('password: checked in the page; it never appears in a report, the URL, storage or a request', async () => {
  const o = await open('#/password');
  const { page, context } = o;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  const secret = 'Zq7#short';
  await page.fill('#password-password', secret);
  await page.fill('#password-username', 'ada.lovelace');
  await analyze(page, 'password');
  assert.ok(await finding(page, 'password.policy').count() >= 1);
  // Nowhere on the page but its own field.
  const text = await page.evaluate(() => document.body.innerText);
  assert.ok(!text.includes(secret), 'the page text shows the password');
  assert.ok(!page.url().includes(secret) && !page.url().includes(encodeURIComponent(secret)));
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!stored.includes(secret), 'storage holds the password');
  for (const id of ['#password-copy-text', '#password-copy-markdown', '#password-copy-redacted']) {
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.evaluate(() => { document.querySelector('.export-bar .status').textContent = ''; });
    await page.click(id);
    await page.waitForFunction(() => /copied to the clipboard/.test(document.querySelector('.export-bar .status')?.textContent ?? ''));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(copied.length > 0);
    assert.ok(!copied.includes(secret) && !copied.includes('Zq7#'), `${id} copied the password`);
  }
  for (const u of o.rec.requests) assert.ok(!u.includes(secret) && !u.includes(encodeURIComponent(secret)), u);
  assertNothingLeft(o);
  // Leaving the page drops the field with its value.
  await page.goto(server.url + '#/');
  await page.waitForSelector('main h1');
  assert.equal(await page.locator('#password-password').count(), 0);
  await context.close();
});

test('permissions: enabling ABAC denied by an SCP is explained with the deciding statement', async () => {
  const o = await open('#/permissions');
  const { page, context } = o;
  await page.fill('#iam-text', read('iam', 'admin-policy.json'));
  await page.fill('#iam-scp', read('iam', 'scps-deny-reserved-roles.json'));
  await analyze(page, 'iam');
  const decision = finding(page, 'iam.decision');
  assert.equal(await decision.count(), 1);
  assert.match(await decision.getAttribute('class'), /error/);
  assert.ok(await finding(page, 'iam.scp').count() >= 1);
  assert.match(await page.textContent('.tool-document'), /UpdateAssumeRolePolicy/);
  await screenshot(page, 'permissions-1440');
  assertNothingLeft(o);
  await context.close();
});

test('email: a quarantined message is explained; with no message the allow-list rules are shown', async () => {
  const o = await open('#/email');
  const { page, context } = o;
  // The page runs once without input: the two sender addresses and the allow-list rules.
  await page.waitForFunction(() => Number(document.querySelector('.tool-status')?.dataset.run) >= 1, null, { timeout: 30000 });
  const empty = await page.textContent('.tool-document');
  assert.match(empty, /no-reply@signin\.aws/);
  assert.match(empty, /no-reply@login\.awsapps\.com/);
  // The allow-list rules' long terms leave their values room, on a desktop and on a phone.
  for (const width of [1440, 375]) {
    await page.setViewportSize({ width, height: 900 });
    assert.deepEqual(await page.evaluate(squeezedText), [], `layout at ${width} px`);
    await screenshot(page, `email-rules-${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.setInputFiles('#email-file', fixture('email', 'm365-quarantine-phish.eml'));
  await page.waitForFunction(() => /Analyzed the file m365-quarantine-phish\.eml/.test(document.querySelector('.tool-status')?.textContent ?? ''), null, { timeout: 60000 });
  const spam = finding(page, 'email.spam-verdict');
  assert.equal(await spam.count(), 1);
  assert.match(await spam.getAttribute('class'), /error/);
  assert.match(await spam.textContent(), /quarantin/i);
  assert.equal(await page.locator('main img').count(), 0);
  assertNothingLeft(o);
  await context.close();
});

test('an administrator route loads its own engine only; the other engines are never requested', async () => {
  const o = await open('#/roles');
  const { page, context, rec } = o;
  await page.fill('#role-text', 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef');
  await analyze(page, 'role');
  assert.equal(await finding(page, 'role.reserved').count(), 1);
  const engines = rec.requests.filter((u) => ENGINE_FILE.test(u)).map((u) => new URL(u).pathname.split('/').pop());
  assert.ok(engines.some((n) => builtFile('engine-admin', '_bg.wasm').test(n)), engines.join(' '));
  assert.ok(!engines.some((n) => ['engine', 'engine-logs'].some((stem) => builtFile(stem, '_bg.wasm').test(n))), `another engine was loaded: ${engines.join(' ')}`);
  assertNothingLeft(o);
  await context.close();
});
