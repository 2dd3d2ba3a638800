// Live reload in a real browser: `loa serve` on a copy of a site, a page open
// in headless Chromium, then an article saved three times: with new text (the
// page reloads and shows it), with broken front matter (the errors appear over
// the page, and on a 360 px phone they fit, quote the line and can be closed),
// and fixed (the errors go away).
//
//   node tests/browser/live-reload.mjs LOA_BINARY SITE_DIR
//
// Exit status 0 when all three happen, 1 otherwise.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { launch } from './common.mjs';

const [loa, siteDir] = process.argv.slice(2);
if (!loa || !siteDir) {
  console.error('usage: node tests/browser/live-reload.mjs LOA_BINARY SITE_DIR');
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
const browser = await launch('live-reload');
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

  // The same overlay on a phone (360 × 780): in Vietnamese, with the bad
  // line quoted under a caret, no wider than the screen, at most half of it
  // tall, and closed by its button.
  // Five more broken articles, so that the list is longer than the screen.
  const extra = [1, 2, 3, 4, 5].map(n => path.join(path.dirname(file), `loi-thu-${n}.md`));
  for (const f of extra) fs.writeFileSync(f, '---\ntitle: "Bài lỗi: tiêu đề dài để dòng trích dẫn vượt quá bề ngang của màn hình điện thoại"\ndate: 2022-01-14\nareas: [khong-co-linh-vuc-nay-va-day-la-mot-ma-rat-dai-de-vuot-qua-be-ngang-man-hinh]\n---\n\nNội dung.\n');
  const phone = await browser.newPage({ viewport: { width: 360, height: 780 } });
  await phone.goto(url);
  await phone.waitForFunction(() => document.querySelectorAll('#loa-errors li').length >= 6, null, { timeout: 15000 });
  const shown = await phone.evaluate(() => {
    const o = document.getElementById('loa-errors');
    const box = o.getBoundingClientRect();
    const button = o.querySelector('button');
    const b = button && button.getBoundingClientRect();
    const wide = [...o.querySelectorAll('*')]
      .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -0.5 || r.right > innerWidth + 0.5); })
      .map(e => e.tagName + ': ' + e.textContent.slice(0, 60));
    // Text that runs past the right edge of the screen (outside the quoted
    // line, which scrolls in its own box).
    const walker = document.createTreeWalker(o, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest('pre')) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      if ([...range.getClientRects()].some(r => r.right > innerWidth + 0.5)) wide.push('text: ' + n.textContent.slice(0, 60));
    }
    return {
      text: o.innerText,
      quote: (o.querySelector('pre') || {}).textContent || '',
      height: box.height, top: box.top,
      overlayScrolls: o.scrollWidth > o.clientWidth + 1,
      pageScrolls: document.documentElement.scrollWidth > innerWidth + 1,
      wide,
      button: b ? { text: button.textContent, visible: b.top >= 0 && b.bottom <= innerHeight && b.left >= 0 && b.right <= innerWidth, width: b.width, height: b.height } : null,
    };
  });
  const problems = [];
  if (!/lỗi/.test(shown.text)) problems.push(`not in Vietnamese: ${shown.text.slice(0, 200)}`);
  if (/[A-Za-z]+ [a-z]+ [a-z]+ (is|are|not|must) /.test(shown.text.replace(/\n\s*\d+ \|.*$/gm, ''))) problems.push(`English left: ${shown.text}`);
  if (!/^\s*\d+ \| .*title: \[/m.test(shown.quote) || !/\|\s*\^\s*$/m.test(shown.quote)) problems.push(`no quoted line with a caret: ${JSON.stringify(shown.quote)}`);
  if (shown.height > 780 / 2) problems.push(`covers ${Math.round(shown.height)} px of 780`);
  if (shown.overlayScrolls || shown.pageScrolls || shown.wide.length) problems.push(`text overflows horizontally: ${shown.wide.join('; ')}`);
  if (!shown.button || !shown.button.visible || shown.button.height < 44) problems.push(`no visible close button of 44 px: ${JSON.stringify(shown.button)}`);
  if (shown.button && shown.button.text !== 'Đóng') problems.push(`close button reads ${JSON.stringify(shown.button.text)}`);
  if (problems.length) throw new Error(`overlay at 360 px: ${problems.join(' | ')}`);
  await phone.click('#loa-errors button');
  await phone.waitForFunction(() => !document.getElementById('loa-errors'), null, { timeout: 5000 });
  await phone.close();
  for (const f of extra) fs.rmSync(f);
  console.log(`ok: at 360 × 780 the overlay is Vietnamese, quotes the line with a caret, takes ${Math.round(shown.height)} px, fits the width and closes`);

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
