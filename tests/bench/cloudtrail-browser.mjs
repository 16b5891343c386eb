// Chromium benchmark for #/cloudtrail (run by `make bench` after `make dist`): a trail of about 64 MB
// (the tool's cap) made of the fixture trail's records repeated with fresh AuthWorkflowIDs and event
// ids, dropped as one file; prints the engine's time for it (measured in the worker), the time from the
// drop to the rendered result, and the longest time the page's main thread was blocked meanwhile.
// Figures for the README; nothing is asserted.
import { gunzipSync } from 'node:zlib';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../e2e/server.mjs';
import { launch, openPage, gotoApp } from '../e2e/harness.mjs';

const TARGET = Number(process.env.MB ?? 63) * 1_000_000;
const base = JSON.parse(gunzipSync(readFileSync('tests/fixtures/cloudtrail/111122223333_CloudTrail_us-east-1_20250301T0900Z_Ex4mpleUn1que.json.gz')));
const records = [];
let size = 20;
for (let i = 0; size < TARGET; i++) {
  for (const r of base.Records) {
    const copy = JSON.parse(JSON.stringify(r).replaceAll(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}/g, (m) => m.slice(0, 9) + String(i % 10000).padStart(4, '0') + m.slice(13)));
    copy.eventID = `e${i}-${records.length}`;
    const text = JSON.stringify(copy);
    size += text.length + 1;
    records.push(text);
  }
}
const trail = Buffer.from(`{"Records":[${records.join(',')}]}`);
console.log(`trail: ${(trail.length / 1e6).toFixed(1)} MB, ${records.length.toLocaleString('en')} events`);

const server = await startServer();
const browser = await launch();
try {
  const { page, context } = await openPage(browser);
  await gotoApp(page, server.url + '#/cloudtrail');
  await page.waitForSelector('.tool-status[data-worker="ready"]', { timeout: 30000 });
  await page.evaluate(() => {
    window.__gap = 0; let last = performance.now();
    const tick = () => { const now = performance.now(); window.__gap = Math.max(window.__gap, now - last); last = now; if (!window.__stop) setTimeout(tick, 0); };
    tick();
  });
  const t0 = Date.now();
  // Playwright hands buffers over 50 MB only as files.
  const dir = mkdtempSync(join(tmpdir(), 'ssocheck-bench-'));
  const path = join(dir, 'trail.json');
  writeFileSync(path, trail);
  await page.setInputFiles('#cloudtrail-file', path);
  rmSync(dir, { recursive: true, force: true });
  await page.waitForFunction(() => /^Analyzed/.test(document.querySelector('.tool-status')?.textContent ?? ''), null, { timeout: 120000 });
  const wall = Date.now() - t0;
  const status = await page.textContent('.tool-status');
  const gap = await page.evaluate(() => { window.__stop = true; return window.__gap; });
  console.log(`[worker] 64 MB trail: ${status.match(/in (\d+) ms/)?.[1]} ms in the engine; drop to rendered result ${wall} ms; main thread blocked at most ${gap.toFixed(0)} ms`);
  console.log(`  ${status}`);
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
