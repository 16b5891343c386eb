// Benchmark (not a test): the real page (wasm estimator + probe) in headless Chromium against the
// loopback server with a known injected Date offset. Reports the error distribution of the
// estimate and how often its interval covers the truth.
//
//   make dist && node tests/bench/clock_bench.mjs [runs=24] [parallel=3]
//
// Truth: the server's Date is real time + D, so the page (real clock) must report offset −D.
// Loopback round trips are far shorter than on the internet; the figures show the method's own
// error (Date truncation, timer rounding, scheduling), not a network's.
import { startServer } from '../e2e/server.mjs';
import { launch } from '../e2e/harness.mjs';

const runs = Math.min(Number(process.argv[2] ?? 24), 200);
const parallel = Math.min(Number(process.argv[3] ?? 3), 8);
const browser = await launch();
const results = [];

async function one(i) {
  // Offsets with arbitrary sub-second parts, spread over ±2 min, reproducible per run index.
  const inject = Math.round(Math.sin(i * 12.9898) * 120_000 * 1000) / 1000;
  const server = await startServer({ dateOffsetMs: inject });
  const context = await browser.newContext();
  const page = await context.newPage();
  const t0 = Date.now();
  try {
    await page.goto(server.url + '#/clock');
    await page.waitForSelector('#clock-verdict[data-state="done"]', { timeout: 60000 });
    const v = page.locator('#clock-verdict');
    const off = Number(await v.getAttribute('data-offset-ms'));
    const unc = Number(await v.getAttribute('data-uncertainty-ms'));
    const truth = -inject;
    results.push({ truth, off, unc, err: off - truth, covered: Math.abs(off - truth) <= unc + 0.5, ms: Date.now() - t0 });
  } finally {
    await context.close();
    await server.close();
  }
}

for (let i = 0; i < runs; i += parallel) {
  await Promise.all(Array.from({ length: Math.min(parallel, runs - i) }, (_, k) => one(i + k)));
}
await browser.close();

const q = (arr, p) => arr[Math.min(arr.length - 1, Math.floor(p * (arr.length - 1) + 0.5))];
const abs = results.map((r) => Math.abs(r.err)).sort((a, b) => a - b);
const uncs = results.map((r) => r.unc).sort((a, b) => a - b);
const durs = results.map((r) => r.ms).sort((a, b) => a - b);
const cover = results.filter((r) => r.covered).length;
console.log(`clock estimator, ${results.length} runs against loopback with injected offsets in ±120 s (page offset rounded to 1 ms)`);
console.log(`|error| ms: median ${q(abs, 0.5).toFixed(0)}, p95 ${q(abs, 0.95).toFixed(0)}, max ${abs[abs.length - 1].toFixed(0)}`);
console.log(`reported ± ms: median ${q(uncs, 0.5).toFixed(0)}, p95 ${q(uncs, 0.95).toFixed(0)}, max ${uncs[uncs.length - 1].toFixed(0)}`);
console.log(`interval covers the truth: ${cover}/${results.length}`);
console.log(`time to result ms: median ${q(durs, 0.5)}, max ${durs[durs.length - 1]}`);
