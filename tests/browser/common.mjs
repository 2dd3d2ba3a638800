// Shared by the browser tests and bench/search.mjs: Chromium's path and
// flags, playwright-core as ../shared/tools/site-audit/install puts it, and one
// static server for a built site under its base path.

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

export const CHROMIUM = '/usr/bin/chromium';
export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

// playwright-core as site-audit installs it; `name` prefixes the message.
export function loadPlaywright(name = 'browser') {
  const homes = [process.env.SITE_AUDIT_HOME, path.join(os.homedir(), '.cache', 'site-audit')].filter(Boolean);
  for (const home of homes) {
    const dir = path.join(home, 'node', 'node_modules', 'playwright-core');
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      return createRequire(import.meta.url)(dir);
    }
  }
  console.error(`${name}: playwright-core not found under ${homes.map(h => path.join(h, 'node', 'node_modules')).join(' or ')}; ` +
    'run ../shared/tools/site-audit/install first');
  process.exit(2);
}

// Headless Chromium with the flags above.
export function launch(name = 'browser') {
  return loadPlaywright(name).chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

// ---------------------------------------------------------------------------
// A static server for the folder under the base path.

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon', '.xml': 'application/xml',
  '.json': 'application/json', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8', '.csv': 'text/csv; charset=utf-8', '.woff': 'font/woff',
  '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.pdf': 'application/pdf',
};

// Serves `root` under `base` (`/cchc/`) on 127.0.0.1. Resolves to the
// http.Server, with `origin` (`http://127.0.0.1:PORT`) and `sent`, every file
// sent as [path, bytes] (bench/search.mjs adds them up: requests from a Web
// Worker are not seen by the page's DevTools session). Options: `headers`
// added to every response; `notFoundPage`, answer a missing file with the
// site's 404.html, as the deployed servers do.
export function serve(root, base, { headers = {}, notFoundPage = false } = {}) {
  root = path.resolve(root);
  const sent = [];
  const server = http.createServer((req, res) => {
    const send = (status, body, extra = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers, ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const notFound = () => notFoundPage && fs.existsSync(path.join(root, '404.html'))
      ? send(404, fs.readFileSync(path.join(root, '404.html')), { 'content-type': TYPES['.html'] })
      : send(404, 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    if (pathname + '/' === base) return send(301, '', { location: base });
    if (!pathname.startsWith(base)) return notFound();
    let file = path.resolve(root, '.' + path.sep + pathname.slice(base.length));
    if (file !== root && !file.startsWith(root + path.sep)) return notFound();
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.isDirectory()) {
      if (!pathname.endsWith('/')) return send(301, '', { location: pathname + '/' });
      file = path.join(file, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!stat || !stat.isFile()) return notFound();
    sent.push([pathname, stat.size]);
    res.writeHead(200, {
      ...headers,
      'content-type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
      'content-length': stat.size,
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.origin = `http://127.0.0.1:${server.address().port}`;
      server.sent = sent;
      resolve(server);
    });
  });
}
