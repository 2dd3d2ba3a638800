#!/usr/bin/env node
// Leaflets in a real browser: every `…/to-roi/` page of a built site, laid out
// by Chromium in print media, must keep every panel's content inside the panel
// (nothing cut off on paper) and must print to exactly two A4 landscape pages.
//
//   node tests/browser/leaflets.mjs PUBLIC_DIR [BASE_PATH] [--shots DIR] [--match TEXT]
//
//   PUBLIC_DIR  a built site (`loa build --out PUBLIC_DIR`)
//   BASE_PATH   the path of its base_url, e.g. /cchc/ (default /)
//   --shots DIR write a PNG of the first leaflet's first sheet (print media)
//               and the PDF of every leaflet there
//   --match TEXT only leaflets whose path contains TEXT
//
// The folder is served by a small static server on 127.0.0.1 under BASE_PATH;
// Chromium is /usr/bin/chromium driven by playwright-core as installed by
// /work/shared/tools/site-audit/install ($SITE_AUDIT_HOME, default
// ~/.cache/site-audit). Prints `FAIL <path>: <reason>` per problem, then
// `leaflets: N checked, M failed`; exits 1 on any failure, 2 on a usage or
// setup error.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, serve } from './common.mjs';

// A4 landscape at 96 px per inch: 297 x 210 mm.
const VIEWPORT = { width: 1123, height: 794 };
const A4_POINTS = [841.89, 595.28];
const PAGE_SIZE_TOLERANCE = 3; // points; Chromium rounds page sizes to whole pixels
const TOLERANCE_PX = 0.5;
const PAGES = 2;
const TIMEOUT = 30000;
const MAX_LINES_PER_PANEL = 5;

function usage(message) {
  if (message) console.error(`leaflets: ${message}`);
  console.error('usage: node tests/browser/leaflets.mjs PUBLIC_DIR [BASE_PATH] [--shots DIR] [--match TEXT]');
  process.exit(2);
}

function parseArgs(argv) {
  const args = { positional: [], shots: null, match: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--shots' || a === '--match') {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      args[a.slice(2)] = argv[++i];
    } else if (a.startsWith('--shots=')) args.shots = a.slice('--shots='.length);
    else if (a.startsWith('--match=')) args.match = a.slice('--match='.length);
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else args.positional.push(a);
  }
  if (args.positional.length < 1 || args.positional.length > 2) usage();
  const root = path.resolve(args.positional[0]);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) usage(`${args.positional[0]} is not a folder`);
  let base = args.positional[1] || '/';
  if (!base.startsWith('/')) base = '/' + base;
  if (!base.endsWith('/')) base += '/';
  return { root, base, shots: args.shots && path.resolve(args.shots), match: args.match };
}


// ---------------------------------------------------------------------------
// Finding leaflets.

function findLeaflets(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name === 'index.html' && path.basename(dir) === 'to-roi') {
        out.push(path.relative(root, dir).split(path.sep).join('/') + '/');
      }
    }
  };
  walk(root);
  return out.sort();
}

// ---------------------------------------------------------------------------
// In the page: every panel's descendants (elements and lines of text) against
// the panel's box, and in-flow content against the panel's absolutely
// positioned footers (the "đọc tiếp" line, the publisher) it must not run into.

function measurePanels(tolerance) {
  const describe = (el) => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += '#' + el.id;
    const cls = typeof el.className === 'string' ? el.className : (el.className && el.className.baseVal) || '';
    if (cls.trim()) d += '.' + cls.trim().split(/\s+/).join('.');
    return d;
  };
  const snippet = (el) => (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 50);
  const visible = (r) => r.width > 0 || r.height > 0;
  const excess = (inner, outer) => ({
    top: outer.top - inner.top, bottom: inner.bottom - outer.bottom,
    left: outer.left - inner.left, right: inner.right - outer.right,
  });
  // Boxes of an element: its border box, and the lines of its own text.
  const boxes = (el) => {
    const list = [el.getBoundingClientRect()];
    for (const node of el.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      list.push(...range.getClientRects());
    }
    return list.filter(visible);
  };
  const sheets = [...document.querySelectorAll('section.sheet')].map(s => ({
    classes: [...s.classList].join('.'),
    panels: s.querySelectorAll(':scope > div.panel').length,
  }));
  const panels = [...document.querySelectorAll('.panel')];
  const results = panels.map((panel, i) => {
    const sheet = panel.closest('section.sheet');
    const box = panel.getBoundingClientRect();
    const overflows = [];
    for (const el of panel.querySelectorAll('*')) {
      let worst = null;
      for (const r of boxes(el)) {
        for (const [side, px] of Object.entries(excess(r, box))) {
          if (px > tolerance && (!worst || px > worst.px)) worst = { side, px };
        }
      }
      if (worst) overflows.push({ el, ...worst });
    }
    // Report the innermost offenders (a list item, not also its list), and
    // the one sticking out furthest if that is an outer box (an entry's
    // padding and rule below its last line of text).
    const innermost = overflows.filter(o => !overflows.some(p => p !== o && o.el.contains(p.el)));
    const worst = overflows.reduce((a, o) => (!a || o.px > a.px ? o : a), null);
    if (worst && !innermost.includes(worst) && worst.px > Math.max(...innermost.map(o => o.px)) + tolerance) innermost.unshift(worst);

    // Absolutely positioned footers sit at the foot of the panel; in-flow
    // content must end above them or it is printed underneath.
    const overlaps = [];
    const footers = [...panel.querySelectorAll('*')].filter(el => {
      const pos = getComputedStyle(el).position;
      return (pos === 'absolute' || pos === 'fixed') && el.parentElement === panel && visible(el.getBoundingClientRect());
    });
    for (const footer of footers) {
      const f = footer.getBoundingClientRect();
      for (const el of panel.querySelectorAll('*')) {
        if (footer === el || footer.contains(el) || el.contains(footer)) continue;
        if (footers.some(other => other.contains(el))) continue;
        for (const r of boxes(el)) {
          const overlapX = Math.min(r.right, f.right) - Math.max(r.left, f.left);
          const overlapY = Math.min(r.bottom, f.bottom) - Math.max(r.top, f.top);
          if (overlapX > tolerance && overlapY > tolerance) {
            const prev = overlaps.find(o => o.el === el && o.footer === footer);
            if (prev) prev.px = Math.max(prev.px, overlapY);
            else overlaps.push({ el, footer, px: overlapY });
          }
        }
      }
    }
    const innerOverlaps = overlaps.filter(o => !overlaps.some(p => p !== o && o.el.contains(p.el)));
    return {
      n: i + 1,
      sheet: sheet ? ([...sheet.classList].find(c => c.startsWith('sheet-')) || 'sheet') : '(no sheet)',
      classes: [...panel.classList].join('.'),
      box: { width: box.width, height: box.height },
      overflows: innermost.map(o => ({ el: describe(o.el), text: snippet(o.el), side: o.side, px: o.px })),
      overlaps: innerOverlaps.map(o => ({ el: describe(o.el), text: snippet(o.el), footer: describe(o.footer), px: o.px })),
    };
  });
  return { sheets, panels: results };
}

// ---------------------------------------------------------------------------
// PDF pages.

function pdfPages(buffer, file) {
  // pdfinfo (poppler-utils) when there is one; else the page objects.
  if (file) {
    try {
      const info = execFileSync('pdfinfo', ['-f', '1', '-l', '999', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const count = Number((/^Pages:\s+(\d+)/m.exec(info) || [])[1]);
      const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map(m => [Number(m[1]), Number(m[2])]);
      if (Number.isFinite(count) && sizes.length === count) return sizes;
    } catch { /* no pdfinfo: fall through */ }
  }
  const text = buffer.toString('latin1');
  const count = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g)]
    .map(m => [Number(m[3]) - Number(m[1]), Number(m[4]) - Number(m[2])]);
  return Array.from({ length: count }, (_, i) => boxes[i] || boxes[boxes.length - 1] || [NaN, NaN]);
}

const isA4Landscape = ([w, h]) =>
  Math.abs(w - A4_POINTS[0]) <= PAGE_SIZE_TOLERANCE && Math.abs(h - A4_POINTS[1]) <= PAGE_SIZE_TOLERANCE;

const px = (n) => n.toFixed(1);

// ---------------------------------------------------------------------------

async function checkLeaflet(context, origin, urlPath, opts, first) {
  const problems = [];
  const page = await context.newPage();
  try {
    await page.emulateMedia({ media: 'print' });
    const response = await page.goto(origin + urlPath, { waitUntil: 'load', timeout: TIMEOUT });
    const status = response ? response.status() : 0;
    if (status !== 200) return [`HTTP ${status}`];
    await page.evaluate(() => document.fonts.ready);

    const { sheets, panels } = await page.evaluate(measurePanels, TOLERANCE_PX);
    const layout = sheets.map(s => `${s.classes}:${s.panels}`).join(', ');
    if (sheets.length !== 2 || sheets.some(s => s.panels !== 3) ||
        !sheets[0].classes.includes('sheet-outside') || !sheets[1].classes.includes('sheet-inside')) {
      problems.push(`expected section.sheet.sheet-outside and section.sheet.sheet-inside with 3 div.panel each, found [${layout}]`);
    }
    for (const p of panels) {
      const where = `panel ${p.n}`;
      const detail = `${p.sheet}, .${p.classes}`;
      const lines = [
        ...p.overflows.map(o => `${o.el} overflows ${where} by ${px(o.px)} px (${o.side}; ${detail}; "${o.text}")`),
        ...p.overlaps.map(o => `${o.el} runs into ${o.footer} in ${where} by ${px(o.px)} px (${detail}; "${o.text}")`),
      ];
      problems.push(...lines.slice(0, MAX_LINES_PER_PANEL));
      if (lines.length > MAX_LINES_PER_PANEL) problems.push(`… and ${lines.length - MAX_LINES_PER_PANEL} more in ${where}`);
    }

    if (first && opts.shots) {
      await page.locator('section.sheet').first().screenshot({ path: path.join(opts.shots, 'leaflet-sheet-1.png') });
    }

    const pdfFile = opts.shots ? path.join(opts.shots, urlPath.replace(/^\/+|\/+$/g, '').replace(/[^A-Za-z0-9._-]+/g, '_') + '.pdf') : null;
    const buffer = await page.pdf({ preferCSSPageSize: true, printBackground: true, ...(pdfFile ? { path: pdfFile } : {}) });
    let tmp = null;
    if (!pdfFile) {
      tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'leaflets-')), 'page.pdf');
      fs.writeFileSync(tmp, buffer);
    }
    const sizes = pdfPages(buffer, pdfFile || tmp);
    if (tmp) fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
    if (sizes.length !== PAGES) problems.push(`prints to ${sizes.length} pages, expected ${PAGES}`);
    const wrong = sizes.findIndex(s => !isA4Landscape(s));
    if (wrong >= 0) {
      const [w, h] = sizes[wrong];
      problems.push(`page ${wrong + 1} is ${w.toFixed(0)} x ${h.toFixed(0)} pt, not A4 landscape (842 x 595 pt)`);
    }
  } catch (e) {
    problems.push(`could not check: ${String(e.message || e).split('\n')[0]}`);
  } finally {
    await page.close();
  }
  return problems;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let leaflets = findLeaflets(opts.root);
  if (opts.match) leaflets = leaflets.filter(p => p.includes(opts.match));
  if (leaflets.length === 0) {
    console.log(`FAIL ${opts.root}: no leaflet pages (*/to-roi/index.html)`);
    console.log('leaflets: 0 checked, 0 failed');
    process.exit(1);
  }
  if (opts.shots) fs.mkdirSync(opts.shots, { recursive: true });

  const server = await serve(opts.root, opts.base);
  const origin = `http://127.0.0.1:${server.address().port}`;
  let browser = null;
  let failed = 0;
  try {
    browser = await launch('leaflets');
    const context = await browser.newContext({ viewport: VIEWPORT });
    // Only the local server: anything else (there should be nothing) fails fast.
    await context.route(url => url.origin !== origin, route => route.abort());
    for (const [i, rel] of leaflets.entries()) {
      const urlPath = opts.base + rel;
      const problems = await checkLeaflet(context, origin, urlPath, opts, i === 0);
      for (const p of problems) console.log(`FAIL ${urlPath}: ${p}`);
      if (problems.length) failed++;
    }
  } finally {
    if (browser) await browser.close();
    server.closeAllConnections?.();
    server.close();
  }
  console.log(`leaflets: ${leaflets.length} checked, ${failed} failed`);
  if (opts.shots) console.log(`screenshot and PDFs in ${opts.shots}`);
  process.exitCode = failed ? 1 : 0;
}

main().catch(e => {
  console.error(`leaflets: ${e && e.stack ? e.stack : e}`);
  process.exit(2);
});
