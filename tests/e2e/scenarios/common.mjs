// Helpers the engine-shared scenarios use (through the driver interface of ../drivers.mjs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { foreignRequests } from '../harness.mjs';

export const OKTA_XML = readFileSync('tests/fixtures/saml/okta-idc-good.xml', 'utf8');
export const WORKER = /^Analyzed the pasted text \(\d+ bytes\) in \d+ ms in a background worker: 1 message\.$/;

/** Navigates and waits until the Yew app has rendered a page heading. */
export async function gotoApp(s, url) {
  await s.goto(url);
  try {
    await s.waitFor('main h1', 20000);
  } catch (e) {
    const seen = await s.evaluate(() => `${location.href}: ${document.body?.innerText.slice(0, 300)}`).catch((x) => x.message);
    throw new Error(`${url}: no page heading (${e.message}); the page shows ${seen}; errors: ${JSON.stringify(s.rec.errors)}`);
  }
}

/** Nothing failed, nothing was blocked, nothing left the origin. */
export function assertClean(rec, origin) {
  assert.deepEqual(rec.errors, [], 'console errors and page errors');
  assert.deepEqual(rec.failed, [], 'failed requests');
  assert.deepEqual(rec.csp, [], 'CSP violations');
  assert.deepEqual(foreignRequests(rec, origin), [], 'requests to other origins');
}

/** Fills the SAML text box, presses Analyze, waits for the run; returns the status line and alerts. */
export async function analyzeSaml(s, text = OKTA_XML) {
  const before = Number(await s.attr('.saml-status', 'data-run'));
  await s.fill('#saml-text', text);
  await s.click('#saml-analyze');
  await s.waitForFunction((n) => Number(document.querySelector('.saml-status')?.dataset.run) > n, before, 60000);
  const notices = await s.evaluate(() => [...document.querySelectorAll('main .notice.err')].map((e) => e.textContent));
  return { status: await s.text('.saml-status'), notices };
}

/** Polls `fn` (sync or async) until it is truthy. */
export async function until(fn, what, timeoutMs = 20000, everyMs = 100) {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until a service worker controls the page. */
export async function serviceWorkerControls(s) {
  await until(() => s.evaluate(async () => {
    const reg = await navigator.serviceWorker?.getRegistration();
    return reg?.active?.state === 'activated' && !!navigator.serviceWorker.controller;
  }), 'the service worker to control the page', 30000, 200);
}
