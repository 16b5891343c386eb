// The two tiers' byte budgets, in any engine: every byte the loopback server wrote for the page, its
// workers and its service worker (headers and gzip bodies, from the server's own log: WebDriver BiDi
// as puppeteer exposes it reports no response sizes, and the same count in Chromium makes the two
// engines' figures comparable). End-user routes never get an engine file and stay within 300,000
// bytes; #/saml stays within 600,000 bytes after its first analysis, which ran in the worker.
import assert from 'node:assert/strict';
import { startServer } from '../server.mjs';
import { END_USER_ROUTES, ENGINE_FILE, builtFile, SAML_ENGINE_FILES } from '../harness.mjs';
import { gotoApp, analyzeSaml, serviceWorkerControls, until, WORKER } from './common.mjs';

const END_USER_BUDGET = 300_000;
const ADMIN_BUDGET = 600_000;
const AFTER_LOAD_MS = 1500;
const SHELL_WASM = builtFile('ssocheck', '_bg.wasm', { inUrl: true });

const kb = (n) => `${n.toLocaleString('en-US')} bytes (${(n / 1000).toFixed(1)} KB)`;
const total = (rows) => rows.reduce((n, r) => n + r.bytes, 0);
const table = (rows) => rows.map((r) => `  ${String(r.status)} ${String(r.bytes).padStart(7)} ${r.path}`).join('\n');

/** Waits until the server has had nothing in flight and served nothing new for 500 ms. */
async function settle(server) {
  let n = server.log.length;
  let quietSince = Date.now();
  await until(() => {
    if (server.inflight() > 0 || server.log.length !== n) {
      n = server.log.length;
      quietSince = Date.now();
    }
    return Date.now() - quietSince > 500;
  }, 'the server to go quiet', 30000, 25);
}

export const SCENARIOS = [{
  name: `end-user routes: no engine file, at most ${END_USER_BUDGET.toLocaleString('en-US')} bytes served each (first visit, service worker included)`,
  async run({ driver }) {
    const server = await startServer();
    const lines = [];
    try {
      for (const route of END_USER_ROUTES) {
        const s = await driver.open();
        const mark = server.log.length;
        try {
          await gotoApp(s, server.url + route);
          await new Promise((r) => setTimeout(r, AFTER_LOAD_MS));
          await serviceWorkerControls(s);
          await settle(server);
          const rows = server.log.slice(mark);
          const bytes = total(rows);
          lines.push(`tiers (${driver.engine}, served): ${route.padEnd(11)} ${kb(bytes)}`);
          assert.deepEqual(rows.filter((r) => ENGINE_FILE.test(r.path)).map((r) => r.path), [], `${route}: engine files served`);
          assert.ok(rows.some((r) => SHELL_WASM.test(r.path) && r.status === 200), `${route}: the shell was served\n${table(rows)}`);
          assert.ok(bytes <= END_USER_BUDGET, `${route}: ${kb(bytes)} > ${kb(END_USER_BUDGET)}\n${table(rows)}`);
          assert.deepEqual(s.rec.errors, [], `${route}: errors`);
        } finally {
          await s.close();
        }
      }
    } finally {
      console.log(lines.join('\n'));
      await server.close();
    }
  },
}, {
  name: `#/saml: at most ${ADMIN_BUDGET.toLocaleString('en-US')} bytes served after its first analysis, in the worker`,
  async run({ driver }) {
    const server = await startServer();
    const s = await driver.open();
    try {
      await gotoApp(s, server.url + '#/saml');
      await s.select('#saml-flow', 'auto');
      await s.waitFor('.saml-status[data-worker="ready"]', 20000);
      const { status, notices } = await analyzeSaml(s);
      assert.match(status, WORKER, `status "${status}"; alerts ${JSON.stringify(notices)}`);
      await settle(server);
      const rows = server.log;
      const bytes = total(rows);
      const engine = total(rows.filter((r) => ENGINE_FILE.test(r.path)));
      console.log(`tiers (${driver.engine}, served): #/saml      ${kb(bytes)} after the first analysis, of which the engine and the administrator app ${kb(engine)}\n${table(rows)}`);
      for (const re of SAML_ENGINE_FILES.map(([stem, suffix]) => builtFile(stem, suffix, { inUrl: true }))) {
        assert.ok(rows.some((r) => re.test(r.path)), `${re} served`);
      }
      assert.ok(!rows.some((r) => SHELL_WASM.test(r.path) && r.status === 200), 'the end-user shell is not downloaded on #/saml');
      assert.ok(bytes <= ADMIN_BUDGET, `#/saml: ${kb(bytes)} > ${kb(ADMIN_BUDGET)}\n${table(rows)}`);
      assert.deepEqual(s.rec.errors, []);
    } finally {
      await s.close();
      await server.close();
    }
  },
}];
