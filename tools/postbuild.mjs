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

// The engine module (the second rust target, data-type="worker"): Trunk gives its files fixed names
// (engine.js, engine_bg.wasm), so they are content-hashed here, and a cached old engine never meets a
// new page. The worker script and the main-thread loader are written from static/ templates with
// those names, and the page learns their URLs from two meta tags.
function hashed(name, ext) {
  const path = join(dir, name);
  if (!existsSync(path)) fail(`the engine's ${name} is missing (is the engine rust link in index.html?)`);
  const body = readFileSync(path);
  const out = `engine-${createHash('sha256').update(body).digest('hex').slice(0, 16)}${ext}`;
  writeFileSync(join(dir, out), body);
  unlinkSync(path);
  return out;
}
const engineWasm = hashed('engine_bg.wasm', '_bg.wasm');
const engineGlue = hashed('engine.js', '.js');
for (const extra of ['engine_loader.js']) if (existsSync(join(dir, extra))) unlinkSync(join(dir, extra));
const stripComments = (text) => text.split('\n').filter((l) => !/^\s*\/\//.test(l)).join('\n');
const engineValues = { __SSOCHECK_ENGINE_GLUE__: engineGlue, __SSOCHECK_ENGINE_WASM__: engineWasm };
function writeHashed(template, prefix) {
  const text = stripComments(fillTemplate(template, engineValues));
  const name = `${prefix}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), text);
  return name;
}
const workerName = writeHashed('static/engine-worker.js', 'engine-worker');
const mainName = writeHashed('static/engine-main.js', 'engine-main');
if (!html.includes('</head>')) fail('index.html has no </head>');
html = html.replace('</head>', () =>
  `<meta name="ssocheck-engine-worker" content="./${workerName}">\n<meta name="ssocheck-engine-main" content="./${mainName}">\n` +
  `<meta name="ssocheck-engine-files" content="${[engineGlue, engineWasm, workerName, mainName].map((f) => './' + f).join(' ')}">\n</head>`);
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
const engine = [engineGlue, engineWasm, workerName, mainName];
writeFileSync(join(dir, 'build-info.json'), JSON.stringify({ build: buildHash, files, engine }, null, 1) + '\n');
// The service worker: static/sw.js with this build's hash (its cache name, so a new release replaces
// the old cache) and the precache list (relative URLs, so the build works under any sub-path).
const sw = fillTemplate('static/sw.js', {
  __SSOCHECK_BUILD__: buildHash,
  __SSOCHECK_FILES__: JSON.stringify(['./', ...files.map((f) => './' + f)]),
});
writeFileSync(join(dir, 'sw.js'), sw);
console.log(`postbuild: moved ${moved} inline script(s); engine ${engine.join(', ')}; ${files.length} shell files; build ${buildHash}`);
