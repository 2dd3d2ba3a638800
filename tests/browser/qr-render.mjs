#!/usr/bin/env node
// The leaflets' QR codes of two builds of the same site drawn alike: for
// every leaflet whose `svg.qr` differs between OLD_DIR and NEW_DIR (up to
// --max of them), Chromium draws each code on screen (several sizes, device
// pixel ratios and sub-pixel offsets) and prints it to PDF, which poppler
// (pdftoppm) rasterises at 300, 600 and 1200 dpi with and without
// anti-aliasing; the pixels of the two builds must be the same.
//
//   node tests/browser/qr-render.mjs OLD_DIR NEW_DIR [--max N]
//
// Prints `FAIL <path>: <what>` per difference and a summary; exits 1 on any
// difference, 2 on a usage or setup error.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch } from './common.mjs';

const args = process.argv.slice(2);
let max = 40;
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--max') max = Number(args[++i]);
  else dirs.push(args[i]);
}
if (dirs.length !== 2 || !(max > 0)) {
  console.error('usage: node tests/browser/qr-render.mjs OLD_DIR NEW_DIR [--max N]');
  process.exit(2);
}
const [oldDir, newDir] = dirs;

function leaflets(dir, rel = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const sub = path.join(rel, entry.name);
    if (entry.isDirectory()) out.push(...leaflets(dir, sub));
    else if (entry.name === 'index.html' && path.basename(rel) === 'to-roi') out.push(sub);
  }
  return out;
}

const qrOf = (file) => {
  const html = fs.readFileSync(file, 'utf8');
  const start = html.indexOf('<svg class="qr"');
  return start < 0 ? null : html.slice(start, html.indexOf('</svg>', start) + 6);
};

const pairs = [];
for (const rel of leaflets(oldDir).sort()) {
  const [a, b] = [qrOf(path.join(oldDir, rel)), qrOf(path.join(newDir, rel))];
  if (a !== b) pairs.push([rel, a, b]);
}
// Spread over the site rather than the first folder's.
const step = Math.max(1, Math.floor(pairs.length / max));
const chosen = pairs.filter((_, i) => i % step === 0).slice(0, max);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qr-render-'));
const pgm = (file) => {
  const bytes = fs.readFileSync(file);
  const [, w, h] = bytes.toString('latin1', 0, 40).split(/\s+/).map(Number);
  return bytes.subarray(bytes.length - w * h);
};

const browser = await launch('qr-render');
let failures = 0;
let compared = 0;
const fail = (rel, what) => { failures++; console.log(`FAIL ${rel}: ${what}`); };

for (const scale of [1, 1.5, 2, 3]) {
  const page = await browser.newPage({ deviceScaleFactor: scale, viewport: { width: 500, height: 500 } });
  await page.setContent('<!DOCTYPE html><html><body style="margin:0;background:#fff"><div id="c" style="position:absolute"></div></body></html>');
  for (const [rel, a, b] of chosen) {
    for (const size of ['57px', '100.4px', '151.2px', '233.7px', '25mm', '32mm']) {
      for (const offset of ['0px', '0.3px', '0.5px']) {
        const shots = [];
        for (const svg of [a, b]) {
          await page.evaluate(([svg, size, offset]) => {
            const c = document.getElementById('c');
            c.style.left = c.style.top = `calc(10px + ${offset})`;
            c.innerHTML = svg;
            const s = c.querySelector('svg');
            Object.assign(s.style, { width: size, height: size, display: 'block' });
          }, [svg || '', size, offset]);
          shots.push(await page.screenshot({ clip: { x: 0, y: 0, width: 260, height: 260 } }));
        }
        compared++;
        if (!shots[0].equals(shots[1])) fail(rel, `screen, ${size} at ${scale}x, offset ${offset}`);
      }
    }
  }
  await page.close();
}

const page = await browser.newPage();
for (const [rel, a, b] of chosen) {
  for (const size of ['25mm', '32mm']) {
    const rasters = [[], []];
    for (const [k, svg] of [a, b].entries()) {
      await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg || ''}</body></html>`);
      await page.evaluate((size) => { const s = document.querySelector('svg'); if (s) Object.assign(s.style, { width: size, height: size }); }, size);
      const pdf = path.join(tmp, 'qr.pdf');
      await page.pdf({ path: pdf, format: 'A4' });
      for (const dpi of [300, 600, 1200]) {
        for (const aa of ['yes', 'no']) {
          const px = String(Math.round(dpi / 25.4 * 34));
          execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-aa', aa, '-aaVector', aa, '-f', '1', '-l', '1',
            '-x', '0', '-y', '0', '-W', px, '-H', px, '-singlefile', pdf, path.join(tmp, 'r')]);
          rasters[k].push([`${dpi} dpi, anti-aliasing ${aa}`, pgm(path.join(tmp, 'r.pgm'))]);
        }
      }
    }
    for (const [i, [what, pixels]] of rasters[0].entries()) {
      compared++;
      if (!pixels.equals(rasters[1][i][1])) fail(rel, `printed ${size}, ${what}`);
    }
  }
}
await browser.close();
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`qr-render: ${pairs.length} leaflets with a different svg.qr, ${chosen.length} drawn, ${compared} images compared, ${failures} different`);
process.exit(failures ? 1 : 0);
