// Shared by the browser tests: Chromium's path and flags, playwright-core as
// site-audit installs it, and a static server for a built site under its base path.

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

export const CHROMIUM = '/usr/bin/chromium';
export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

// playwright-core as site-audit installs it.
export function loadPlaywright(name = 'browser') {
  const homes = [process.env.SITE_AUDIT_HOME, path.join(os.homedir(), '.cache', 'site-audit')].filter(Boolean);
  for (const home of homes) {
    const dir = path.join(home, 'node', 'node_modules', 'playwright-core');
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      return createRequire(import.meta.url)(dir);
    }
  }
  console.error(`${name}: playwright-core not found under ${homes.map(h => path.join(h, 'node', 'node_modules')).join(' or ')}; ` +
    'run /work/shared/tools/site-audit/install first');
  process.exit(2);
}

// ---------------------------------------------------------------------------
// A static server for the folder under the base path.

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.ico': 'image/x-icon', '.xml': 'application/xml', '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8', '.ics': 'text/calendar; charset=utf-8', '.csv': 'text/csv; charset=utf-8',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.pdf': 'application/pdf',
};

export function serve(root, base) {
  const server = http.createServer((req, res) => {
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    if (pathname + '/' === base) return send(301, '', { location: base });
    if (!pathname.startsWith(base)) return send(404, 'not found (outside the base path)\n');
    const rel = pathname.slice(base.length);
    let file = path.resolve(root, '.' + path.sep + rel);
    if (file !== root && !file.startsWith(root + path.sep)) return send(404, 'not found\n');
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.isDirectory()) {
      if (!pathname.endsWith('/')) return send(301, '', { location: pathname + '/' });
      file = path.join(file, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!stat || !stat.isFile()) return send(404, 'not found\n');
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
      'content-length': stat.size,
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

