// One small driver interface over two engines, so a scenario (tests/e2e/scenarios/) is written once
// and run in both: Debian's Chromium through playwright-core (CDP) and Debian's Firefox ESR through
// puppeteer-core (WebDriver BiDi; Playwright cannot drive a stock Firefox build). Nothing here
// downloads a browser: both drivers start the Debian binaries.
//
// A session records what the page does in `rec`: `requests` (URLs), `failed` (failed requests and
// HTTP errors), `errors` (console errors and uncaught exceptions) and `csp` (CSP violations, from the
// page's securitypolicyviolation event, and in Firefox also from the errors it logs for them).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, SCREENSHOT_DIR } from './harness.mjs';

export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
/** The engine the engine-shared suite runs in: `E2E_ENGINE=firefox` or Chromium by default. */
export const ENGINE = process.env.E2E_ENGINE ?? 'chromium';

const CSP_MARK = 'ssocheck-e2e-csp:';

/** Installed in every document before its scripts: reports CSP violations through the console. */
function cspListener(mark) {
  document.addEventListener('securitypolicyviolation', (e) => console.info(`${mark} ${e.violatedDirective} blocked ${e.blockedURI}`));
}

/**
 * Moves the page's clock by `skewMs`: `Date.now()` and `new Date()` are shifted, `performance.now()`
 * and timers are not (the measurement's round trips stay real). Installed before the page's scripts.
 */
export function shiftClock(skewMs) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + skewMs);
      else super(...args);
    }
    static now() { return RealDate.now() + skewMs; }
  }
  globalThis.Date = ShiftedDate;
}

function newRec() {
  return { requests: [], failed: [], errors: [], csp: [] };
}

function onConsole(rec, type, text) {
  if (text.startsWith(CSP_MARK)) {
    rec.csp.push(text.slice(CSP_MARK.length).trim());
    return;
  }
  if (type === 'error') rec.errors.push(text);
  if (/Content[- ]Security[- ]Policy/i.test(text)) rec.csp.push(text);
}

function screenshotPath(name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return `${SCREENSHOT_DIR}/${name}.png`;
}

/** Chromium through Playwright. */
async function launchChromium() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return {
    engine: 'chromium',
    /** @param {{colorScheme?: 'light'|'dark', viewport?: {width: number, height: number}, initScripts?: [Function, any][]}} o */
    async open(o = {}) {
      const context = await browser.newContext({ viewport: o.viewport ?? { width: 1440, height: 900 }, colorScheme: o.colorScheme ?? 'light' });
      const page = await context.newPage();
      const rec = newRec();
      page.on('request', (r) => rec.requests.push(r.url()));
      page.on('requestfailed', (r) => rec.failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
      page.on('response', (r) => { if (r.status() >= 400) rec.failed.push(`${r.url()} HTTP ${r.status()}`); });
      page.on('console', (m) => onConsole(rec, m.type(), m.text()));
      page.on('pageerror', (e) => rec.errors.push(`pageerror: ${e.message}`));
      await page.addInitScript(cspListener, CSP_MARK);
      for (const [fn, arg] of o.initScripts ?? []) await page.addInitScript(fn, arg);
      return {
        engine: 'chromium',
        rec,
        goto: (url) => page.goto(url),
        reload: () => page.reload(),
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        click: (sel) => page.click(sel),
        fill: (sel, value) => page.fill(sel, value),
        select: (sel, value) => page.selectOption(sel, value),
        waitFor: (sel, timeout = 20000) => page.waitForSelector(sel, { timeout }),
        waitForFunction: (fn, arg, timeout = 20000) => page.waitForFunction(fn, arg, { timeout }),
        text: (sel) => page.textContent(sel),
        attr: (sel, name) => page.getAttribute(sel, name),
        count: (sel) => page.locator(sel).count(),
        screenshot: (name) => page.screenshot({ path: screenshotPath(name), fullPage: true }),
        setOffline: (offline) => context.setOffline(offline),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

/**
 * Firefox ESR through puppeteer-core and WebDriver BiDi. Each session is a BiDi user context (its own
 * cookies, storage, cache and service workers). BiDi has no way to emulate prefers-color-scheme, so
 * there is one Firefox per colour scheme, started on first use with the content-override pref. As
 * root Firefox needs a HOME of its own; puppeteer gives it a temporary profile.
 */
async function launchFirefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  const home = mkdtempSync(join(tmpdir(), 'ssocheck-firefox-home-'));
  const browsers = new Map();
  const browserFor = (scheme) => {
    if (!browsers.has(scheme)) {
      browsers.set(scheme, puppeteer.launch({
        browser: 'firefox',
        protocol: 'webDriverBiDi',
        executablePath: FIREFOX,
        headless: true,
        env: { ...process.env, HOME: home, MOZ_CRASHREPORTER_DISABLE: '1' },
        // 0: dark, 1: light (the page's prefers-color-scheme, whatever the system theme).
        extraPrefsFirefox: { 'layout.css.prefers-color-scheme.content-override': scheme === 'dark' ? 0 : 1 },
      }));
    }
    return browsers.get(scheme);
  };
  return {
    engine: 'firefox',
    async open(o = {}) {
      const browser = await browserFor(o.colorScheme ?? 'light');
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport(o.viewport ?? { width: 1440, height: 900 });
      const rec = newRec();
      page.on('request', (r) => rec.requests.push(r.url()));
      page.on('requestfailed', (r) => rec.failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
      page.on('response', (r) => { if (r.status() >= 400) rec.failed.push(`${r.url()} HTTP ${r.status()}`); });
      page.on('console', (m) => onConsole(rec, m.type(), m.text()));
      // Firefox reports a CSP violation as a JavaScript error of the page, too.
      page.on('pageerror', (e) => {
        const msg = e?.message ?? String(e);
        if (/Content-Security-Policy/i.test(msg)) rec.csp.push(msg);
        else rec.errors.push(`pageerror: ${msg}`);
      });
      await page.evaluateOnNewDocument(cspListener, CSP_MARK);
      for (const [fn, arg] of o.initScripts ?? []) await page.evaluateOnNewDocument(fn, arg);
      const el = async (sel, timeout = 20000) => {
        const h = await page.waitForSelector(sel, { timeout });
        if (!h) throw new Error(`no element ${sel}`);
        return h;
      };
      return {
        engine: 'firefox',
        rec,
        goto: (url) => page.goto(url),
        reload: () => page.reload(),
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        click: (sel) => page.locator(sel).setTimeout(20000).click(),
        // As Playwright's fill: set the value, then one input event (the app listens to input).
        fill: async (sel, value) => (await el(sel)).evaluate((e, v) => {
          e.focus();
          e.value = v;
          e.dispatchEvent(new Event('input', { bubbles: true }));
          e.dispatchEvent(new Event('change', { bubbles: true }));
        }, value),
        select: async (sel, value) => { await el(sel); return page.select(sel, value); },
        waitFor: (sel, timeout = 20000) => el(sel, timeout),
        waitForFunction: (fn, arg, timeout = 20000) => page.waitForFunction(fn, { timeout, polling: 50 }, arg),
        text: async (sel) => (await el(sel)).evaluate((e) => e.textContent),
        attr: async (sel, name) => (await el(sel)).evaluate((e, n) => e.getAttribute(n), name),
        count: (sel) => page.$$eval(sel, (els) => els.length),
        screenshot: (name) => page.screenshot({ path: screenshotPath(name), fullPage: true }),
        setOffline: (offline) => page.setOfflineMode(offline),
        close: () => context.close(),
      };
    },
    async close() {
      for (const b of browsers.values()) await (await b).close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Starts the engine the suite runs in (`E2E_ENGINE`). */
export function launchEngine(engine = ENGINE) {
  if (engine === 'chromium') return launchChromium();
  if (engine === 'firefox') return launchFirefox();
  throw new Error(`E2E_ENGINE must be chromium or firefox, not ${engine}`);
}
