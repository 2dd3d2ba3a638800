#!/usr/bin/env node
// Search budgets in headless Chromium, Loa and Pagefind side by side on the
// same built site and the same queries (issue 9, BENCHMARKS.md):
//
//   node bench/search.mjs PUBLIC_DIR BASE_PATH [--runs N] [--pagefind] QUERY…
//
// - bytes: for each query, a fresh browser context opens the search page with
//   ?q=QUERY and waits for the results; every response's
//   body as the server sent it (uncompressed) is summed: page, CSS, script,
//   index, result files (Pagefind fetches from a worker, which the page's
//   DevTools session does not see, so the server counts).
//   Pagefind: a page that loads the site's CSS and Pagefind's default UI
//   (PUBLIC_DIR/pagefind-bench.html, written here; PUBLIC_DIR/pagefind/ must
//   exist: `npx pagefind --site PUBLIC_DIR`), runs the query and waits until
//   the network is idle.
// - keystroke: with the CPU throttled 4× (Emulation.setCPUThrottlingRate),
//   the time from keydown of the query's last letter to the results shown
//   (see loaKeystroke: warm, with the data in memory, and cold).
//   Pagefind (no keystroke in its API): the time of `search(query)` plus the
//   data of its first 10 results, after `search(query minus its last letter)`.
//   Each `--runs` times (default 5); medians.
// Prints a JSON line per measure and a Markdown table.

import fs from 'node:fs';
import path from 'node:path';
import { launch, serve } from '../tests/browser/static-server.mjs';

const args = process.argv.slice(2);
const flag = name => { const i = args.indexOf(name); if (i < 0) return null; args.splice(i, 1); return true; };
const option = name => { const i = args.indexOf(name); if (i < 0) return null; const v = args[i + 1]; args.splice(i, 2); return v; };
const runs = Number(option('--runs') || 5);
const withPagefind = flag('--pagefind');
const [dir, base, ...queries] = args;
if (!dir || !base || !queries.length) {
  console.error('usage: node bench/search.mjs PUBLIC_DIR BASE_PATH [--runs N] [--pagefind] QUERY…');
  process.exit(2);
}
if (withPagefind) {
  fs.writeFileSync(path.join(dir, 'pagefind-bench.html'), `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Pagefind</title>
<link rel="stylesheet" href="css/style.css"><link rel="stylesheet" href="pagefind/pagefind-ui.css">
<script src="pagefind/pagefind-ui.js"></script></head>
<body><main><div id="search"></div></main>
<script>
const ui = new PagefindUI({ element: '#search', showSubResults: false });
const q = new URLSearchParams(location.search).get('q');
if (q) ui.triggerSearch(q);
</script></body></html>
`);
}

const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const server = await serve(dir, base);
const root = `${server.origin}${base}`;
const browser = await launch();

// Opens `url` in a fresh context; resolves to the bytes the server sent
// (file bodies, uncompressed) until `ready` holds and the network is idle.
async function bytesOf(url, ready) {
  const context = await browser.newContext();
  const page = await context.newPage();
  server.sent.length = 0;
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  let total = 0;
  const byKind = {};
  for (const [file, n] of server.sent) {
    total += n;
    const kind = /\.css$/.test(file) ? 'css' : /\.m?js$/.test(file) ? 'js' : /wasm|\.pagefind$/.test(file) ? 'wasm' : /(\.html|\/)$/.test(file) ? 'html' : 'index';
    byKind[kind] = (byKind[kind] || 0) + n;
  }
  const requests = server.sent.length;
  await context.close();
  return { total, byKind, requests };
}

// Keydown to results in the page, for the last letter of `q`. Cold: the page
// was opened with `q` minus that letter, so what `q` needs may still have to be
// fetched. Warm: the page was opened with `q`, the letter deleted, then typed
// again, so the index and result files are in memory and only the work counts.
async function loaKeystroke(q, warm) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const prefix = q.slice(0, -1);
  const done = q => page.waitForFunction(q => document.getElementById('ket-qua').dataset.done === q, q, { timeout: 30000 });
  await page.goto(`${root}tim-kiem/?q=${encodeURIComponent(warm ? q : prefix)}`);
  await done(warm ? q : prefix);
  await page.focus('#tu-khoa');
  await page.evaluate(() => { const i = document.getElementById('tu-khoa'); i.setSelectionRange(i.value.length, i.value.length); });
  if (warm) {
    await page.waitForTimeout(400);
    await page.keyboard.press('Backspace');
    await done(prefix);
  }
  await page.evaluate(() => {
    document.getElementById('tu-khoa').addEventListener('keydown', () => { window.t0 = performance.now(); }, true);
    document.getElementById('ket-qua').addEventListener('loa-search', () => { window.t1 = performance.now(); });
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.waitForTimeout(400);
  await page.keyboard.press(q.slice(-1));
  await done(q);
  const ms = await page.evaluate(() => window.t1 - window.t0);
  await context.close();
  return ms;
}

async function pagefindSearch(q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(`${root}pagefind-bench.html`);
  await page.evaluate(async p => {
    window.pf = await import('./pagefind/pagefind.js');
    await window.pf.init();
    const r = await window.pf.search(p);
    await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  }, q.slice(0, -1));
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const ms = await page.evaluate(async q => {
    const t0 = performance.now();
    const r = await window.pf.search(q);
    await Promise.all(r.results.slice(0, 10).map(x => x.data()));
    return performance.now() - t0;
  }, q);
  await context.close();
  return ms;
}

const rows = [];
for (const q of queries) {
  const loaBytes = await bytesOf(`${root}tim-kiem/?q=${encodeURIComponent(q)}`,
    page => page.waitForFunction(q => document.getElementById('ket-qua').dataset.done === q, q, { timeout: 60000 }));
  const warm = [], cold = [];
  for (let i = 0; i < runs; i++) {
    warm.push(await loaKeystroke(q, true));
    cold.push(await loaKeystroke(q, false));
  }
  const row = { query: q, loa: { bytes: loaBytes, warm_ms: warm, cold_ms: cold, median_ms: median(warm), cold_median_ms: median(cold) } };
  if (withPagefind) {
    const pfBytes = await bytesOf(`${root}pagefind-bench.html?q=${encodeURIComponent(q)}`,
      page => page.waitForSelector('.pagefind-ui__result-link', { timeout: 60000 }));
    const pfMs = [];
    for (let i = 0; i < runs; i++) pfMs.push(await pagefindSearch(q));
    row.pagefind = { bytes: pfBytes, search_ms: pfMs, median_ms: median(pfMs) };
  }
  console.log(JSON.stringify(row));
  rows.push(row);
}
await browser.close();
server.close();

const kb = n => (n / 1024).toFixed(1);
console.log('\n| query | Loa first query, KB | Pagefind first query, KB | Loa keystroke → results, warm, ms | Loa keystroke, cold, ms | Pagefind search + data, ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.query} | ${kb(r.loa.bytes.total)} | ${r.pagefind ? kb(r.pagefind.bytes.total) : ''} | ${r.loa.median_ms.toFixed(1)} | ${r.loa.cold_median_ms.toFixed(1)} | ${r.pagefind ? r.pagefind.median_ms.toFixed(1) : ''} |`);
}
