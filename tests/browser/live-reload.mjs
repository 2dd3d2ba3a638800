// Live reload in a real browser: `loa serve` on a copy of a site, a page open
// in headless Chromium, then an article saved three times: with new text (the
// page reloads and shows it), with broken front matter (the errors appear over
// the page), and fixed (the errors go away).
//
//   node tests/browser/live-reload.mjs LOA_BINARY SITE_DIR
//
// Exit status 0 when all three happen, 1 otherwise.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const [loa, siteDir] = process.argv.slice(2);
if (!loa || !siteDir) {
  console.error('usage: node tests/browser/live-reload.mjs LOA_BINARY SITE_DIR');
  process.exit(2);
}

function playwright() {
  const homes = [process.env.SITE_AUDIT_HOME, path.join(os.homedir(), '.cache', 'site-audit')].filter(Boolean);
  for (const home of homes) {
    const dir = path.join(home, 'node', 'node_modules', 'playwright-core');
    if (fs.existsSync(dir)) return createRequire(path.join(home, 'node', '/'))(dir);
  }
  console.error('playwright-core not found: run ../shared/tools/site-audit/install');
  process.exit(2);
}

function freePort() {
  return new Promise(resolve => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(port, child) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('loa serve exited');
    const ok = await new Promise(resolve => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('loa serve did not start');
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-live-'));
fs.cpSync(path.join(siteDir, 'site.yaml'), path.join(work, 'site.yaml'));
fs.cpSync(path.join(siteDir, 'content'), path.join(work, 'content'), { recursive: true });
if (fs.existsSync(path.join(siteDir, 'themes'))) fs.cpSync(path.join(siteDir, 'themes'), path.join(work, 'themes'), { recursive: true });

// The first article file found, and its page.
function firstArticle(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = firstArticle(full);
      if (found) return found;
    } else if (entry.name.endsWith('.md') && entry.name !== '_index.md' && dir !== path.join(work, 'content')) {
      const text = fs.readFileSync(full, 'utf8');
      if (/^draft:\s*true/m.test(text)) continue;
      return full;
    }
  }
  return null;
}

const port = await freePort();
const child = spawn(loa, ['serve', '--root', work, '--port', String(port), '--base-url', 'https://example.gov.vn/cchc/'], { stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
child.stdout.on('data', d => { log += d; });
child.stderr.on('data', d => { log += d; });

let failed = false;
const { chromium } = playwright();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  await waitForServer(port, child);
  const file = firstArticle(path.join(work, 'content'));
  const rel = path.relative(path.join(work, 'content'), file).replace(/\.md$/, '').split(path.sep);
  const url = `http://127.0.0.1:${port}/cchc/${rel.join('/')}/`;
  const page = await browser.newPage();
  const response = await page.goto(url);
  if (response.status() !== 200) throw new Error(`${url}: HTTP ${response.status()}`);
  await page.waitForTimeout(300);
  const original = fs.readFileSync(file, 'utf8');

  const sentence = 'Câu này được thêm khi trang đang mở.';
  fs.writeFileSync(file, `${original}\n${sentence}\n`);
  await page.waitForFunction(s => document.body.innerText.includes(s), sentence, { timeout: 15000 });
  console.log(`ok: ${url} reloaded with the new text`);

  fs.writeFileSync(file, original.replace(/^title:\s*/m, 'title: ['));
  await page.waitForSelector('#loa-errors', { timeout: 15000 });
  const overlay = await page.textContent('#loa-errors');
  if (!/:\d+:\d+:/.test(overlay)) throw new Error(`the error overlay has no position: ${overlay}`);
  if (!(await page.evaluate(s => document.body.innerText.includes(s), sentence))) throw new Error('the last good page is gone');
  console.log('ok: broken front matter shows the errors over the last good page');

  fs.writeFileSync(file, original);
  await page.waitForFunction(() => !document.getElementById('loa-errors'), null, { timeout: 15000 });
  console.log('ok: the next good save clears the errors');
} catch (error) {
  failed = true;
  console.error(`FAIL: ${error.message}`);
  console.error(log);
} finally {
  await browser.close();
  child.kill('SIGINT');
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
