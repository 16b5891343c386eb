// A tiny static server for the end-to-end tests: serves dist/ on loopback, optionally under a
// sub-path, optionally without a Date header (to test the clock's "no reference" path). It keeps the
// method and URL of every request it receives (`requests`), so a test can prove what never reached
// the host (the test service provider's POST); the browser side records requests. Like a production
// host it compresses: when the request's Accept-Encoding includes gzip, the body is sent
// gzip-compressed (level 9), so the byte budgets of tiers.test.mjs are measured as they travel on
// the wire. `log` lists what it served, with
// the bytes written to the socket for each response (headers and body): the byte budgets in an engine
// whose driver reports no sizes (Firefox through WebDriver BiDi) are summed from it.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, extname } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.txt': 'text/plain; charset=utf-8', '.png': 'image/png', '.ico': 'image/x-icon',
};

/** Compressed bodies by path, size and modification time (a test may rewrite a file, e.g. sw.js). */
const gzipped = new Map();

function gzipOf(file, s, body) {
  const key = `${file}\0${s.size}\0${s.mtimeMs}`;
  let z = gzipped.get(key);
  if (!z) {
    z = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
    gzipped.set(key, z);
  }
  return z;
}

/** True when the client accepts gzip (a `gzip;q=0` refusal counts as no). */
function acceptsGzip(header) {
  return String(header ?? '').split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';').map((x) => x.trim());
    if (coding.toLowerCase() !== 'gzip' && coding !== '*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/**
 * `rewrite(rel, body)` may change a file's text before it is sent (e.g. index.html without its engine
 * worker tag, as a build without the post-build hook has).
 * @param {{root?: string, base?: string, sendDate?: boolean, dateOffsetMs?: number, headers?: Record<string,string>, port?: number,
 *   rewrite?: (rel: string, body: Buffer) => Buffer|string}} opts
 * @returns {Promise<{url: string, origin: string, close: () => Promise<void>, server: http.Server,
 *   log: {path: string, status: number, bytes: number, t: number}[], inflight: () => number}>}
 */
export async function startServer(opts = {}) {
  const root = opts.root ?? 'dist';
  const base = opts.base ?? '/';
  const log = [];
  // Every request as it arrives, `METHOD url`: what the host saw, answered or not.
  const requests = [];
  let inflight = 0;
  const server = http.createServer(async (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    inflight++;
    res.on('close', () => { inflight--; });
    // Bytes on the wire: what this response added to its (keep-alive) socket's written count.
    const sock = req.socket;
    const start = sock.bytesWritten;
    res.on('finish', () => {
      log.push({ path: new URL(req.url, 'http://x').pathname, status: res.statusCode, bytes: sock.bytesWritten - start, t: Date.now() });
    });
    res.sendDate = opts.sendDate !== false;
    if (opts.sendDate !== false && opts.dateOffsetMs) {
      res.setHeader('Date', new Date(Date.now() + opts.dateOffsetMs).toUTCString());
    }
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(base)) {
      res.writeHead(404).end('outside base');
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(base.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(normalize(root))) {
      res.writeHead(403).end();
      return;
    }
    try {
      const s = await stat(file);
      if (!s.isFile()) throw new Error('not a file');
      // A validator, as static hosts send one: a revalidation (the service worker's precache, a
      // reload) is answered 304 without a body.
      const etag = `W/"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ETag: etag, 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding', ...(opts.headers ?? {}) });
        res.end();
        return;
      }
      let body = await readFile(file);
      if (opts.rewrite) body = Buffer.from(opts.rewrite(rel, body));
      const headers = {
        ETag: etag,
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        Vary: 'Accept-Encoding',
      };
      if (acceptsGzip(req.headers['accept-encoding'])) {
        body = opts.rewrite ? gzipSync(body, { level: constants.Z_BEST_COMPRESSION }) : gzipOf(file, s, body);
        headers['Content-Encoding'] = 'gzip';
      }
      headers['Content-Length'] = String(body.length);
      res.writeHead(200, { ...headers, ...(opts.headers ?? {}) });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin + base,
    origin,
    server,
    log,
    requests,
    /** Responses not yet finished. */
    inflight: () => inflight,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}
