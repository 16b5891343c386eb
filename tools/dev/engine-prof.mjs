// Dev tool: times the SAML engine module (wasm-bindgen glue + wasm) in Node's V8 on the benchmark's
// 10 MB response, without a browser: node tools/dev/engine-prof.mjs <glue.js> <bg.wasm> [runs]
// Add --cpu-prof to node for a profile (function names need a wasm with its name section).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { grow } from '../../tests/bench/saml-inputs.mjs';

const [glue, wasm, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg ?? 5);
// postcard: Request::Run(ToolRequest { tool, files: [InputFile { name, bytes }], fields, now_ms })
function varint(n, out) { while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); } out.push(n); }
function request(xml) {
  const enc = new TextEncoder();
  const body = enc.encode(xml);
  const head = [];
  varint(0, head); // Run
  const tool = enc.encode('saml'); varint(tool.length, head); head.push(...tool);
  varint(1, head); varint(0, head); varint(body.length, head);
  const tail = [];
  varint(0, tail); // fields
  varint(2 * 1717243200000, tail); // now_ms, zigzag
  const out = new Uint8Array(head.length + body.length + tail.length);
  out.set(head); out.set(body, head.length); out.set(tail, head.length + body.length);
  return out;
}
const size = Number(process.env.SIZE ?? 10_000_000);
const req = request(grow(size, Math.floor(size / 500)));
const mod = await import(pathToFileURL(resolve(glue)).href);
mod.initSync({ module: readFileSync(wasm) });
if (process.env.WARM) {
  // A warm-up analysis of a small input first, as the worker does when it starts.
  const t0 = performance.now();
  mod.engine_handle(request(grow(Number(process.env.WARM), Math.floor(Number(process.env.WARM) / 500))));
  console.error(`warm-up ${(performance.now() - t0).toFixed(0)} ms`);
  await new Promise((r) => setTimeout(r, Number(process.env.PAUSE ?? 0)));
}
const times = [];
const cpu = [];
for (let r = 0; r < RUNS; r++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = mod.engine_handle(req);
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  if (r === 0) console.error(`first run ${times[0].toFixed(0)} ms, reply ${out.length} bytes`);
}
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
console.log(`${req.length} bytes: median ${times[Math.floor(RUNS / 2)].toFixed(0)} ms, min ${times[0].toFixed(0)} ms; CPU median ${cpu[Math.floor(RUNS / 2)].toFixed(0)} ms, min ${cpu[0].toFixed(0)} ms (${RUNS} runs)`);
