// Chromium benchmark for #/saml (run by hand after `make dist`): node tests/bench/saml-browser.mjs
// Prints, per case, the analysis time the page reports (Rust `analyze` in wasm, timed inside the
// background worker), the wall time from pressing Analyze to the rendered result, the throughput, and
// the longest time the page's main thread was blocked meanwhile (the longest gap between setTimeout(0)
// ticks, and the longest 'longtask' entry). Each case runs twice: in the worker, and on the main thread
// (the page as served without its engine-worker tag: the fallback loads the engine module on the
// main thread). Median of RUNS runs; not asserted. ONLY=10 runs only the cases whose name contains "10".
import { grow } from './saml-inputs.mjs';
import { startServer } from '../e2e/server.mjs';
import { launch, openPage, gotoApp } from '../e2e/harness.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const ONLY = process.env.ONLY;
const ALL_CASES = [
  ['50,000-character assertion', grow(50_000)],
  ['1 MB response, 2,000 attributes', grow(1_000_000, 2_000)],
  ['10 MB response, 20,000 attributes', grow(10_000_000, 20_000)],
];
const CASES = ALL_CASES.filter(([n]) => !ONLY || n.includes(ONLY));

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

/** Runs every case in one page; `mainThread` serves index.html without the worker tag. */
async function measure(browser, server, mainThread) {
  const { page, context } = await openPage(browser);
  if (mainThread) {
    await page.route(/\/(index\.html)?$/, async (route) => {
      const res = await route.fetch();
      const body = (await res.text()).replace(/<meta name="ssocheck-engine-worker"[^>]*>/, '');
      await route.fulfill({ response: res, body });
    });
  }
  const opened = Date.now();
  await gotoApp(page, server.url + '#/saml');
  const want = mainThread ? 'off' : 'ready';
  await page.waitForSelector(`.saml-status[data-worker="${want}"]`, { timeout: 30000 });
  if (!mainThread) console.log(`[worker] opening #/saml to the engine worker being ready: ${Date.now() - opened} ms (page load included)`);
  const label = mainThread ? 'main thread' : 'worker';
  for (const [name, xml] of CASES) {
    const analyzeMs = [], wallMs = [], pasteMs = [], gapMs = [], longMs = [];
    // The text is handed over first, so that moving it into the page is not counted as blocking.
    await page.evaluate((text) => { window.__benchText = text; }, xml);
    for (let r = 0; r < RUNS; r++) {
      // A worker that analyzed over 1 MB is kept while busy and retired after 15 s idle: the first
      // run is cold (a new instance: V8 baseline code, memory grown from nothing), the others warm.
      await page.waitForSelector(`.saml-status[data-worker="${want}"]`, { timeout: 30000 });
      const res = await page.evaluate(async ({ viaPaste }) => {
        const text = window.__benchText;
        const ta = document.querySelector('#saml-text');
        const status = document.querySelector('.saml-status');
        const before = Number(status.dataset.run);
        let paste = NaN;
        let t0;
        // The main thread's longest blocked interval: gaps between setTimeout(0) ticks and long tasks.
        let maxGap = 0, last = 0, ticking = true, longest = 0;
        const tick = () => {
          const now = performance.now();
          if (last) maxGap = Math.max(maxGap, now - last);
          last = now;
          if (ticking) setTimeout(tick, 0);
        };
        const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) longest = Math.max(longest, e.duration); });
        obs.observe({ type: 'longtask' });
        if (viaPaste) {
          // What a user's paste does: the page takes large text from the clipboard event.
          ta.value = '';
          t0 = performance.now();
          tick();
          const dt = new DataTransfer();
          dt.setData('text', text);
          ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
        } else {
          // Text typed into the box, then Analyze: filling the textarea is timed apart (Chromium
          // lays out the whole text).
          const p0 = performance.now();
          ta.value = text;
          void ta.offsetHeight;
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          paste = performance.now() - p0;
          t0 = performance.now();
          tick();
          document.querySelector('#saml-analyze').click();
        }
        while (Number(status.dataset.run) <= before) await new Promise((r) => setTimeout(r, 1));
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const wall = performance.now() - t0;
        ticking = false;
        await new Promise((r) => setTimeout(r, 50)); // let the observer deliver the last entries
        obs.disconnect();
        const m = /in (\d+) ms/.exec(status.textContent);
        return {
          wall, paste, gap: maxGap, long: longest, analyze: m ? Number(m[1]) : NaN,
          status: `${status.textContent} ${document.querySelectorAll('li.finding').length} findings, ${document.querySelectorAll('.table-attributes tbody tr').length} attribute rows and ${document.querySelectorAll('pre.code-xml .ln').length} XML lines rendered`,
        };
      }, { viaPaste: xml.length > 1_000_000 });
      analyzeMs.push(res.analyze);
      wallMs.push(res.wall);
      pasteMs.push(res.paste);
      gapMs.push(res.gap);
      longMs.push(res.long);
      if (r === 0) console.error(`  [${label}] ${name}: ${res.status}`);
    }
    const mb = xml.length / 1e6;
    const a = median(analyzeMs.slice(1));
    console.log(`[${label}] ${name}: first analysis (cold instance) ${analyzeMs[0]} ms; the next ${RUNS - 1}: ${analyzeMs.slice(1).join(', ')} ms`);
    if (!mainThread) {
      // The browser's own XML parser on the same text, in the same page: DOMParser plus a walk over
      // the assertions, the NameID and every attribute value (the least an analyzer must do).
      const dom = [];
      for (let r = 0; r < RUNS; r++) {
        dom.push(await page.evaluate(() => {
          const t0 = performance.now();
          const d = new DOMParser().parseFromString(window.__benchText, 'application/xml');
          const ns = 'urn:oasis:names:tc:SAML:2.0:assertion';
          let n = 0;
          for (const a of d.getElementsByTagNameNS(ns, 'Assertion')) {
            n += (a.getElementsByTagNameNS(ns, 'NameID')[0]?.textContent ?? '').length;
            for (const v of a.getElementsByTagNameNS(ns, 'AttributeValue')) n += v.textContent.length;
          }
          return performance.now() - t0 + (n < 0 ? 1 : 0);
        }));
      }
      const d = median(dom);
      console.log(`[DOMParser] ${name}: ${d.toFixed(0)} ms; ssocheck's whole analysis in the worker ${a} ms: ratio ${(d / a).toFixed(2)}x (above 1 = faster than the browser's parser)`);
    }
    console.log(`[${label}] ${name} (${xml.length.toLocaleString('en')} chars): analyze ${a} ms (${(mb / (a / 1000)).toFixed(1)} MB/s), ` +
      `${xml.length > 1_000_000 ? 'paste' : 'Analyze click'} to rendered result ${median(wallMs).toFixed(0)} ms` +
      `${xml.length > 1_000_000 ? '' : `; filling the textarea ${median(pasteMs).toFixed(0)} ms`}; ` +
      `main thread blocked at most ${median(gapMs).toFixed(0)} ms (longest task ${median(longMs).toFixed(0)} ms) (median of ${RUNS}; analyze: of the ${RUNS - 1} warm runs)`);
  }
  await context.close();
}

const server = await startServer();
const browser = await launch();
try {
  await measure(browser, server, false);
  if (!process.env.WORKER_ONLY) await measure(browser, server, true);
} finally {
  await browser.close();
  await server.close();
}
