// Trunk post_build hook: runs on the staged build before Trunk moves it to dist/.
//
// 1. Trunk injects an inline <script type="module"> that loads the wasm. A strict CSP forbids inline
//    scripts, so the script is moved to its own content-hashed file and referenced with src=.
// 2. Writes build-info.json (file list + build hash) and sw.js (static/sw.js with that hash and list).
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
html = html.replace(inline, (_all, attrs, body) => {
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
writeFileSync(indexPath, html);

// Precache list for the service worker: every file of the build except the worker itself.
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
if (!existsSync('static/sw.js')) {
  console.error('postbuild: static/sw.js is missing; the offline copy would not work');
  process.exit(1);
}
const swSource = readFileSync('static/sw.js', 'utf8');
if (!swSource.includes('__SSOCHECK_BUILD__') || !swSource.includes('__SSOCHECK_FILES__')) {
  console.error('postbuild: static/sw.js lacks the __SSOCHECK_BUILD__ / __SSOCHECK_FILES__ placeholders');
  process.exit(1);
}
const sw = swSource
  .replace('__SSOCHECK_BUILD__', () => buildHash)
  .replace('__SSOCHECK_FILES__', () => JSON.stringify(['./', ...files.map((f) => './' + f)]));
writeFileSync(join(dir, 'sw.js'), sw);
console.log(`postbuild: moved ${moved} inline script(s); ${files.length} files; build ${buildHash}`);
