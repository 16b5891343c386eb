// Trunk post_build hook: runs on the staged build before Trunk moves it to dist/.
//
// 1. Trunk injects an inline <script type="module"> that loads the wasm. A strict CSP forbids inline
//    scripts: it is replaced by boot-<hash>.js (static/boot.js), which loads the end-user shell or the
//    administrator app, whichever the route needs.
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

// The boot script. Trunk's inline loader (which the CSP would block) names the shell's glue and wasm;
// it is replaced by static/boot.js, which loads either the shell or the administrator app (the rust
// target "admin", content-hashed here like the engines) depending on the route. Trunk's preload links
// for the shell go too: an administrator route must not download the shell's wasm.
const inline = /<script type="module"(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/;
const loader = html.match(inline)?.[2] ?? '';
const shellGlue = loader.match(/\bfrom\s+'\.\/([^'\/]+\.js)'/)?.[1];
const shellWasm = loader.match(/module_or_path:\s*'\.\/([^'\/]+\.wasm)'/)?.[1];
if (!shellGlue || !shellWasm || !existsSync(join(dir, shellGlue)) || !existsSync(join(dir, shellWasm))) {
  fail(`cannot find the shell's glue and wasm in Trunk's loader (glue ${shellGlue}, wasm ${shellWasm})`);
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
const adminWasm = hashed('admin_bg.wasm', 'admin', '_bg.wasm');
const adminGlue = hashed('admin.js', 'admin', '.js');
if (existsSync(join(dir, 'admin_loader.js'))) unlinkSync(join(dir, 'admin_loader.js'));
const bootText = stripComments(fillTemplate('static/boot.js', {
  __SSOCHECK_ADMIN_GLUE__: adminGlue,
  __SSOCHECK_ADMIN_WASM__: adminWasm,
  __SSOCHECK_SHELL_GLUE__: shellGlue,
  __SSOCHECK_SHELL_WASM__: shellWasm,
}));
const bootName = `boot-${createHash('sha256').update(bootText).digest('hex').slice(0, 16)}.js`;
writeFileSync(join(dir, bootName), bootText);
html = html.replace(inline, `<script type="module" src="./${bootName}"></script>`);
html = html.replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, '');
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) fail('an inline script remains in index.html; the CSP would block it');
const adminFiles = [adminGlue, adminWasm];
metas += `<meta name="ssocheck-admin-files" content="${adminFiles.map((f) => './' + f).join(' ')}">\n`;
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
  .filter((f) => !f.startsWith('engine-') && !f.startsWith('admin-'))
  // The page itself is precached as './' (the navigation fallback), not a second time by name.
  .filter((f) => f !== 'index.html')
  .sort();
const h = createHash('sha256');
for (const f of ['index.html', ...files]) h.update(f).update(readFileSync(join(dir, f)));
const buildHash = h.digest('hex').slice(0, 16);
const engine = Object.values(engines).flat();
// What the service worker caches when it installs: only what every route needs (the page, the boot
// script, the styles, the icon). Each tier's modules are kept when a page of that tier asks
// (src/ui/offline.rs): the end-user shell's glue, wasm and checks.json from an end-user route, the
// administrator app and its engine from an administrator route; so no route downloads the other
// tier's files, not even in the background.
const shellFiles = files.filter((f) => f === shellGlue || f === shellWasm || f === 'checks.json');
const common = files.filter((f) => !shellFiles.includes(f));
writeFileSync(join(dir, 'build-info.json'), JSON.stringify({ build: buildHash, files, common, shell: shellFiles, engine, engines, admin: adminFiles }, null, 1) + '\n');
html = readFileSync(indexPath, 'utf8').replace('</head>', () => `<meta name="ssocheck-shell-files" content="${shellFiles.map((f) => './' + f).join(' ')}">\n</head>`);
writeFileSync(indexPath, html);
// The service worker: static/sw.js with this build's hash (its cache name, so a new release replaces
// the old cache) and the precache list (relative URLs, so the build works under any sub-path).
const sw = fillTemplate('static/sw.js', {
  __SSOCHECK_BUILD__: buildHash,
  __SSOCHECK_FILES__: JSON.stringify(['./', ...common.map((f) => './' + f)]),
  __SSOCHECK_SHELL__: JSON.stringify(shellFiles.map((f) => './' + f)),
});
writeFileSync(join(dir, 'sw.js'), sw);
console.log(`postbuild: ${bootName}; admin ${adminGlue}; engines ${Object.keys(engines).join(', ')} (${engine.length} files); ${files.length} shell files; build ${buildHash}`);
