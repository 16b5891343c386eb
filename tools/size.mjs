// Prints what each kind of route downloads in a release build, gzip -9 (zlib, as web servers send
// it): the end-user shell (every route loads it) and an administrator route after its first analysis
// (the shell plus the engine module). Budgets (issue #10): end-user routes <= 300 KB, administrator
// routes <= 600 KB (KB = 1000 bytes). The e2e suite measures the same on the wire in Chromium
// (tests/e2e/tiers.test.mjs); this is the static figure for `make dist`.
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] || 'dist';
const info = JSON.parse(readFileSync(join(dir, 'build-info.json'), 'utf8'));
const gz = (f) => gzipSync(readFileSync(join(dir, f)), { level: 9 }).length;
const raw = (f) => readFileSync(join(dir, f)).length;
const downloaded = (f) => /\.(wasm|js|css|html|svg)$/.test(f);
// What a page load fetches: index.html and the shell's files (the service worker fetches the rest of
// the precache list in the background; it is the same set here).
const shell = ['index.html', ...info.files.filter(downloaded)];
// An administrator route loads the administrator app and one engine module (tools::ENGINES): its
// worker script, glue and wasm (not engine-main, the main-thread fallback).
const kb = (n) => (n / 1000).toFixed(1);
const sum = (list) => list.reduce((a, f) => a + gz(f), 0);
const endUser = sum(shell);
const END_USER_BUDGET = 300_000;
const ADMIN_BUDGET = 600_000;
for (const f of shell) console.log(`  ${f.padEnd(48)} ${String(raw(f)).padStart(9)} B  gzip ${String(gz(f)).padStart(8)} B`);
console.log(`size: end-user routes (#/, #/selfcheck, #/webauthn, #/clock, #/checks, #/privacy, #/tools): ${kb(endUser)} KB gzip (budget ${kb(END_USER_BUDGET)} KB${endUser > END_USER_BUDGET ? ', OVER BUDGET' : ''})`);
let over = endUser > END_USER_BUDGET;
const ROUTES = { engine: '#/saml', 'engine-logs': '#/cloudtrail, #/assignments', 'engine-admin': '#/scim, #/signin-name, #/password, #/directory, #/permissions, #/roles, #/email' };
for (const [name, files] of Object.entries(info.engines)) {
  const loaded = files.filter((f) => !/-main-[0-9a-f]{12,16}\.js$/.test(f));
  // The administrator route loads the administrator app instead of the shell's glue and wasm.
  const common = shell.filter((f) => !/^ssocheck-/.test(f));
  const total = sum(common) + sum(info.admin) + sum(loaded);
  over ||= total > ADMIN_BUDGET;
  console.log(`size: ${ROUTES[name] ?? name} after the first analysis: ${kb(total)} KB gzip (administrator app ${kb(sum(info.admin))} KB, engine ${name} ${kb(sum(loaded))} KB; budget ${kb(ADMIN_BUDGET)} KB${total > ADMIN_BUDGET ? ', OVER BUDGET' : ''})`);
}
if (over) process.exitCode = 1;
