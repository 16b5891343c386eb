// The scenarios shared by both engines (tests/e2e/scenarios/), in the engine named by E2E_ENGINE:
// Chromium (the default, with the rest of tests/e2e/) or Firefox ESR (`make test-e2e-firefox`).
// Where an engine differs, the scenario states the expected result of each engine.
import { test, before, after } from 'node:test';
import { startServer } from './server.mjs';
import { ENGINE, launchEngine } from './drivers.mjs';
import * as routes from './scenarios/routes.mjs';
import * as selfcheck from './scenarios/selfcheck.mjs';
import * as clock from './scenarios/clock.mjs';
import * as saml from './scenarios/saml.mjs';
import * as webauthn from './scenarios/webauthn.mjs';
import * as tiers from './scenarios/tiers.mjs';
import * as offline from './scenarios/offline.mjs';

const env = { driver: null, server: null, engine: ENGINE };
before(async () => {
  env.server = await startServer();
  env.driver = await launchEngine(ENGINE);
});
after(async () => {
  await env.driver?.close();
  await env.server?.close();
});

const only = process.env.E2E_SCENARIOS?.split(',');
for (const [area, mod] of Object.entries({ routes, selfcheck, clock, saml, webauthn, tiers, offline })) {
  if (only && !only.includes(area)) continue;
  for (const s of mod.SCENARIOS) test(`[${ENGINE}] ${area}: ${s.name}`, () => s.run(env));
}
