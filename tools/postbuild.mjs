// Trunk post_build hook: runs on the staged build before Trunk moves it to dist/.
//
// 1. Trunk injects an inline <script type="module"> that loads the wasm. A strict CSP forbids inline
//    scripts, so the script is moved to its own content-hashed file and referenced with src=.
// 2. Writes the SAML analyzer's module worker, saml-worker-<hash>.js (static/saml-worker.js with the
//    hashed names of the wasm-bindgen glue and wasm that the loader imports), and tells the page its
//    URL with <meta name="ssocheck-saml-worker">. Without that tag the page analyzes on its main thread.
// 3. Writes build-info.json (file list + build hash) and sw.js (static/sw.js with that hash and list).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, statSync, existsSync } from 'node:fs';
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

// The SAML worker imports the same glue and wasm as the page's loader.
const glue = loader.match(/\bfrom\s+'\.\/([^'\/]+\.js)'/)?.[1];
const wasmFile = loader.match(/module_or_path:\s*'\.\/([^'\/]+\.wasm)'/)?.[1];
if (!glue || !wasmFile || !existsSync(join(dir, glue)) || !existsSync(join(dir, wasmFile))) {
  console.error(`postbuild: cannot find the wasm-bindgen glue and wasm in Trunk's loader (glue ${glue}, wasm ${wasmFile})`);
  process.exit(1);
}
const workerJs = fillTemplate('static/saml-worker.js', { __SSOCHECK_GLUE__: glue, __SSOCHECK_WASM__: wasmFile })
  .split('\n').filter((l) => !/^\s*\/\//.test(l)).join('\n'); // comments are for the source only
const workerName = `saml-worker-${createHash('sha256').update(workerJs).digest('hex').slice(0, 16)}.js`;
writeFileSync(join(dir, workerName), workerJs);
if (!html.includes('</head>')) {
  console.error('postbuild: index.html has no </head>');
  process.exit(1);
}
html = html.replace('</head>', () => `<meta name="ssocheck-saml-worker" content="./${workerName}">\n</head>`);
writeFileSync(indexPath, html);

// Precache list for the service worker: every file of the build (the SAML worker too) except the
// service worker itself.
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
  .sort();
const h = createHash('sha256');
for (const f of files) h.update(f).update(readFileSync(join(dir, f)));
const buildHash = h.digest('hex').slice(0, 16);
writeFileSync(join(dir, 'build-info.json'), JSON.stringify({ build: buildHash, files }, null, 1) + '\n');
// The service worker: static/sw.js with this build's hash (its cache name, so a new release replaces
// the old cache) and the precache list (relative URLs, so the build works under any sub-path).
const sw = fillTemplate('static/sw.js', {
  __SSOCHECK_BUILD__: buildHash,
  __SSOCHECK_FILES__: JSON.stringify(['./', ...files.map((f) => './' + f)]),
});
writeFileSync(join(dir, 'sw.js'), sw);
console.log(`postbuild: moved ${moved} inline script(s); wrote ${workerName}; ${files.length} files; build ${buildHash}`);
