// Prints the gzip size of what the page downloads (wasm + js + css) in a release build.
import { gzipSync } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
import { join, extname } from 'node:path';

const dir = process.argv[2] || 'dist';
const rows = readdirSync(dir)
  .filter((f) => ['.wasm', '.js', '.css'].includes(extname(f)) && f !== 'sw.js')
  .map((f) => {
    const raw = readFileSync(join(dir, f));
    return { f, raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
  });
let raw = 0, gz = 0;
for (const r of rows) {
  raw += r.raw; gz += r.gz;
  console.log(`  ${r.f.padEnd(44)} ${String(r.raw).padStart(9)} B  gzip ${String(r.gz).padStart(8)} B`);
}
// The issue's budget is "under 350 KB gzip"; KB here means 1000 bytes, the stricter reading.
const budget = 350_000;
const kb = (n) => (n / 1000).toFixed(1);
console.log(
  `size: wasm+js+css ${kb(raw)} KB raw, ${kb(gz)} KB gzip = ${(gz / 1024).toFixed(1)} KiB ` +
    `(budget ${kb(budget)} KB gzip${gz > budget ? ', OVER BUDGET' : `, ${kb(budget - gz)} KB to spare`})`,
);
