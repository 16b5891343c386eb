// Trunk post_build hook: runs on the staged build before Trunk moves it to dist/.
//
// 1. Trunk injects an inline <script type="module"> that loads the wasm. A strict CSP forbids inline
//    scripts, so the script is moved to its own content-hashed file and referenced with src=.
// 2. Content-hashes the engine module (the second wasm) and writes its worker script and main-thread
//    loader; the page finds them through <meta name="ssocheck-engine-worker|main">.
// 3. Writes build-info.json (file list + build hash) and sw.js (static/sw.js with that hash and list).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, statSync, existsSync, unlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('postbuild: TRUNK_STAGING_DIR is not set (run through trunk)');
  process.exit(1);
}
const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');

const inline = /<script type="module"(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g;
let moved = 0;
let loader = '';
html = html.replace(inline, (_all, attrs, body) => {
  loader += body;
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const name = `boot-${hash}.js`;
  writeFileSync(join(dir, name), body.trim() + '\n');
  moved++;
  const keep = attrs.replace(/\s*nonce="[^"]*"/, '');
  return `<script type="module" src="./${name}"${keep}></script>`;
});
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) {
  console.error('postbuild: an inline script remains in index.html; the CSP would block it');
  process.exit(1);
}

function fail(message) {
  console.error(`postbuild: ${message}`);
  process.exit(1);
}

/** A template from static/ with each placeholder replaced; a missing file or placeholder stops the build. */
function fillTemplate(path, values) {
  if (!existsSync(path)) fail(`${path} is missing`);
  let text = readFileSync(path, 'utf8');
  for (const [placeholder, value] of Object.entries(values)) {
    if (!text.includes(placeholder)) fail(`${path} lacks the ${placeholder} placeholder`);
    text = text.replace(placeholder, () => value);
  }
  return text;
}

// The engine modules (the rust targets with data-type="worker": engine, engine_logs, engine_admin;
// see tools::ENGINES). Trunk gives their files fixed names (engine.js, engine_bg.wasm), so they are
// content-hashed here, and a cached old engine never meets a new page. For each, the worker script and
// the main-thread loader are written from static/ templates with those names, and the page learns
// their URLs from meta tags named after the file prefix (ssocheck-engine-logs-worker, ...).
function hashed(name, prefix, ext) {
  const path = join(dir, name);
  if (!existsSync(path)) fail(`the engine's ${name} is missing (is its rust link in index.html?)`);
  const body = readFileSync(path);
  const out = `${prefix}-${createHash('sha256').update(body).digest('hex').slice(0, 16)}${ext}`;
  writeFileSync(join(dir, out), body);
  unlinkSync(path);
  return out;
}
const stripComments = (text) => text.split('\n').filter((l) => !/^\s*\/\//.test(l)).join('\n');
function writeHashed(template, prefix, values) {
  const text = stripComments(fillTemplate(template, values));
  const name = `${prefix}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), text);
  return name;
}
const ENGINE_BINS = [['engine', 'engine'], ['engine_logs', 'engine-logs'], ['engine_admin', 'engine-admin']];
const engines = {};
let metas = '';
for (const [bin, prefix] of ENGINE_BINS) {
  const wasm = hashed(`${bin}_bg.wasm`, prefix, '_bg.wasm');
  const glue = hashed(`${bin}.js`, prefix, '.js');
  if (existsSync(join(dir, `${bin}_loader.js`))) unlinkSync(join(dir, `${bin}_loader.js`));
  const values = { __SSOCHECK_ENGINE_GLUE__: glue, __SSOCHECK_ENGINE_WASM__: wasm };
  const worker = writeHashed('static/engine-worker.js', `${prefix}-worker`, values);
  const main = writeHashed('static/engine-main.js', `${prefix}-main`, { ...values, __SSOCHECK_ENGINE_NAME__: prefix });
  engines[prefix] = [glue, wasm, worker, main];
  metas += `<meta name="ssocheck-${prefix}-worker" content="./${worker}">\n` +
    `<meta name="ssocheck-${prefix}-main" content="./${main}">\n` +
    `<meta name="ssocheck-${prefix}-files" content="${engines[prefix].map((f) => './' + f).join(' ')}">\n`;
}
if (!html.includes('</head>')) fail('index.html has no </head>');
html = html.replace('</head>', () => `${metas}</head>`);
writeFileSync(indexPath, html);

// Precache list for the service worker: the end-user shell only, every file of the build except the
// service worker itself and the engine module (engine-*), which the service worker caches when an
// administrator route first loads it: end users never download it, not even in the background.
function walk(d) {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const files = walk(dir)
  .map((p) => relative(dir, p).split('\\').join('/'))
  // ssocheck-config.json is host-editable: never precached, so an edit takes effect without a release.
  .filter((f) => f !== 'sw.js' && f !== 'build-info.json' && f !== 'ssocheck-config.json')
  .filter((f) => !f.startsWith('engine-'))
  // The page itself is precached as './' (the navigation fallback), not a second time by name.
  .filter((f) => f !== 'index.html')
  .sort();
const h = createHash('sha256');
for (const f of ['index.html', ...files]) h.update(f).update(readFileSync(join(dir, f)));
const buildHash = h.digest('hex').slice(0, 16);
const engine = Object.values(engines).flat();
writeFileSync(join(dir, 'build-info.json'), JSON.stringify({ build: buildHash, files, engine, engines }, null, 1) + '\n');
// The service worker: static/sw.js with this build's hash (its cache name, so a new release replaces
// the old cache) and the precache list (relative URLs, so the build works under any sub-path).
const sw = fillTemplate('static/sw.js', {
  __SSOCHECK_BUILD__: buildHash,
  __SSOCHECK_FILES__: JSON.stringify(['./', ...files.map((f) => './' + f)]),
});
writeFileSync(join(dir, 'sw.js'), sw);
console.log(`postbuild: moved ${moved} inline script(s); engines ${Object.keys(engines).join(', ')} (${engine.length} files); ${files.length} shell files; build ${buildHash}`);
