#!/usr/bin/env node
// Charts in a real browser: every page with a chart (`/chi-so/`, each index,
// `/bao-cao/`, articles with a ```chi-so block) is laid out by Chromium at
// 360 px wide and in print. Each chart must be an accessible image (role="img",
// <title>, <desc>, no style attribute), fit its column, keep every label inside
// the drawing, and show text at 10 px or more on a 360 px screen; printed to
// A4 PDF, no chart may be wider than the printed column.
//
//   node tests/browser/charts.mjs PUBLIC_DIR [BASE_PATH] [--shots DIR]
//
//   --shots DIR  write `chart-360.png` (the first chart of the first index
//                page at 360 px), `chart-print.png` (the same chart in print
//                media) and each page's PDF there
//
// Chromium is /usr/bin/chromium driven by playwright-core as installed by
// /work/shared/tools/site-audit/install. Prints `FAIL <path>: <reason>` per
// problem, then `charts: N pages, M charts, K failed`; exits 1 on any failure,
// 2 on a usage or setup error.

import fs from 'node:fs';
import path from 'node:path';
import { launch, serve } from './common.mjs';

const PHONE = { width: 360, height: 780 };
const MIN_TEXT_PX = 10;
const TOLERANCE_PX = 1;

function usage(message) {
  if (message) console.error(`charts: ${message}`);
  console.error('usage: node tests/browser/charts.mjs PUBLIC_DIR [BASE_PATH] [--shots DIR]');
  process.exit(2);
}

function parseArgs(argv) {
  const positional = [];
  let shots = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--shots') {
      if (i + 1 >= argv.length) usage('--shots needs a value');
      shots = path.resolve(argv[++i]);
    } else if (argv[i].startsWith('--')) usage(`unknown option ${argv[i]}`);
    else positional.push(argv[i]);
  }
  if (positional.length < 1 || positional.length > 2) usage();
  const root = path.resolve(positional[0]);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) usage(`${positional[0]} is not a folder`);
  let base = positional[1] || '/';
  if (!base.startsWith('/')) base = '/' + base;
  if (!base.endsWith('/')) base += '/';
  return { root, base, shots };
}

// Pages that hold a chart: every index.html with a <figure class="chart">.
function findPages(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'index.html' && fs.readFileSync(full, 'utf8').includes('<figure class="chart">')) {
        out.push(path.relative(root, dir).split(path.sep).join('/') + '/');
      }
    }
  };
  walk(root);
  return out.sort();
}

// In the page: what is wrong with each chart.
function inspect({ minText, tolerance, checkText }) {
  const problems = [];
  const figures = [...document.querySelectorAll('figure.chart')];
  for (const [n, figure] of figures.entries()) {
    const svg = figure.querySelector('svg');
    const name = `chart ${n + 1}`;
    if (!svg) { problems.push(`${name}: no <svg>`); continue; }
    if (svg.getAttribute('role') !== 'img') problems.push(`${name}: svg without role="img"`);
    if (!svg.querySelector(':scope > title')?.textContent.trim()) problems.push(`${name}: no <title>`);
    if (!svg.querySelector(':scope > desc')?.textContent.trim()) problems.push(`${name}: no <desc>`);
    if (svg.querySelector('[style], style') || svg.hasAttribute('style')) problems.push(`${name}: style inside the SVG`);
    const box = svg.getBoundingClientRect();
    const column = figure.parentElement.getBoundingClientRect();
    if (box.width < 100) problems.push(`${name}: drawn only ${box.width.toFixed(0)} px wide`);
    if (box.right > column.right + tolerance || box.left < column.left - tolerance) {
      problems.push(`${name}: ${box.width.toFixed(0)} px wide, sticks out of its ${column.width.toFixed(0)} px column`);
    }
    for (const text of svg.querySelectorAll('text')) {
      const r = text.getBoundingClientRect();
      const label = text.textContent.trim();
      if (r.left < box.left - tolerance || r.right > box.right + tolerance || r.top < box.top - tolerance || r.bottom > box.bottom + tolerance) {
        problems.push(`${name}: label "${label}" is cut off by the edge of the chart`);
      }
      if (checkText) {
        const px = parseFloat(getComputedStyle(text).fontSize) * box.width / svg.viewBox.baseVal.width;
        if (px < minText) problems.push(`${name}: label "${label}" is ${px.toFixed(1)} px high, under ${minText} px`);
      }
    }
  }
  return { count: figures.length, problems };
}

async function main() {
  const { root, base, shots } = parseArgs(process.argv.slice(2));
  const pages = findPages(root);
  if (!pages.length) usage(`no page with a chart in ${root}`);
  if (shots) fs.mkdirSync(shots, { recursive: true });
  const server = await serve(root, base);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch('charts');
  let failed = 0;
  let charts = 0;
  let shotTaken = false;
  try {
    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2 });
    const page = await context.newPage();
    for (const rel of pages) {
      const url = origin + base + rel;
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize(PHONE);
      await page.goto(url, { waitUntil: 'load' });
      const screen = await page.evaluate(inspect, { minText: MIN_TEXT_PX, tolerance: TOLERANCE_PX, checkText: true });
      charts += screen.count;
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      if (wide > PHONE.width) screen.problems.push(`page is ${wide} px wide at ${PHONE.width} px`);
      const isIndex = /(^|\/)chi-so\/[^/]+\/$/.test(rel);
      if (shots && isIndex && !shotTaken) {
        await page.locator('figure.chart').first().screenshot({ path: path.join(shots, 'chart-360.png') });
      }
      // Print: A4 at 96 px per inch, less the page margins of the theme.
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 680, height: 1000 });
      const print = await page.evaluate(inspect, { minText: 0, tolerance: TOLERANCE_PX, checkText: false });
      if (shots && isIndex && !shotTaken) {
        await page.locator('figure.chart').first().screenshot({ path: path.join(shots, 'chart-print.png') });
        shotTaken = true;
      }
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      if (!pdf.length) print.problems.push('printing gave no PDF');
      if (shots) fs.writeFileSync(path.join(shots, `${rel.replace(/\//g, '_') || 'home'}.pdf`), pdf);
      for (const p of screen.problems) { console.log(`FAIL ${rel} (360 px): ${p}`); failed++; }
      for (const p of print.problems) { console.log(`FAIL ${rel} (print): ${p}`); failed++; }
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`charts: ${pages.length} pages, ${charts} charts, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => { console.error(`charts: ${err.stack || err}`); process.exit(2); });
