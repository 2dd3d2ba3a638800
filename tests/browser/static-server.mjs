// Shared by the search test and bench/search.mjs: a static server for a built
// site under a base path, and playwright-core as installed by
// ../shared/tools/site-audit/install (it drives /usr/bin/chromium).

import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.wasm': 'application/wasm',
  '.xml': 'application/xml', '.png': 'image/png', '.css.map': 'application/json',
};

export function playwright() {
  const homes = [process.env.SITE_AUDIT_HOME, path.join(os.homedir(), '.cache', 'site-audit')].filter(Boolean);
  for (const home of homes) {
    const dir = path.join(home, 'node', 'node_modules', 'playwright-core');
    if (fs.existsSync(dir)) return createRequire(path.join(home, 'node', '/'))(dir);
  }
  console.error('playwright-core not found: run ../shared/tools/site-audit/install');
  process.exit(2);
}

export function launch() {
  return playwright().chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/// Serves `root` under `base` (`/cchc/`) on 127.0.0.1; resolves to its origin.
export function serve(root, base) {
  root = path.resolve(root);
  // Every file sent, with its size: [path, bytes] (the bench counts them, as
  // workers' requests are not seen by the page's DevTools session).
  const sent = [];
  const server = http.createServer((req, res) => {
    let pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (!pathname.startsWith(base)) { res.writeHead(404); return res.end(); }
    let file = path.resolve(root, '.' + path.sep + pathname.slice(base.length));
    if (file !== root && !file.startsWith(root + path.sep)) { res.writeHead(404); return res.end(); }
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.isDirectory()) { file = path.join(file, 'index.html'); stat = fs.statSync(file, { throwIfNoEntry: false }); }
    if (!stat || !stat.isFile()) { res.writeHead(404); return res.end(); }
    sent.push([pathname, stat.size]);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'content-length': stat.size });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve({ origin: `http://127.0.0.1:${server.address().port}`, sent, close: () => server.close() })));
}
