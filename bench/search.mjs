#!/usr/bin/env node
// Search budgets in headless Chromium, Loa and Pagefind side by side on the
// same built site and the same queries (issue 9, BENCHMARKS.md):
//
//   node bench/search.mjs PUBLIC_DIR BASE_PATH [--runs N] [--pagefind] QUERY…
//   node bench/search.mjs --full [--runs N] [--work DIR] [--loa BINARY]
//
// --full does the whole comparison in one command: it builds the sample site
// (under /cchc/) and the 10,000-article corpus of ../shared/bench/gen_corpus.py
// (built with --now 2023-01-01, under /) with the release binary, removes the
// leaflets (`…/to-roi/`, which repeat the articles) so that Pagefind does not
// index them, runs Pagefind 1.6.0 on each (installed under WORK with npm),
// measures both engines with the queries of BENCHMARKS.md and writes the
// tables to bench/results/search-sample.txt and search-10k.txt. WORK defaults
// to /dev/shm/loa-search-bench; what is already there (corpus, Pagefind) is
// kept.
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
//   (see loaKeystroke: warm, with the data in memory, and cold), and inside
//   the page, from the `loa-search` event: `search`, from the query to its
//   ranked hits (with any fetching), and `ms`, to the results in the list.
//   Pagefind (no keystroke in its API): the time of `search(query)` plus the
//   data of its first 10 results, after `search(query minus its last letter)`.
//   Each `--runs` times (default 5); medians.
// Prints a JSON line per measure and a Markdown table.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, serve } from '../tests/browser/common.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = name => { const i = args.indexOf(name); if (i < 0) return null; args.splice(i, 1); return true; };
const option = name => { const i = args.indexOf(name); if (i < 0) return null; const v = args[i + 1]; args.splice(i, 2); return v; };
const runs = Number(option('--runs') || 5);
const withPagefind = flag('--pagefind');
const full = flag('--full');
const work = option('--work') || '/dev/shm/loa-search-bench';
const loaBin = option('--loa');
const SAMPLE_QUERIES = ['dich vu cong truc tuyen', 'dien tu', 'chuyen doi so', 'ma so'];
const CORPUS_QUERIES = ['dich vu cong truc tuyen', 'dien tu', 'chuyen doi so', 'cai cach hanh chinh'];

const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const browser = await launch();

if (full) {
  const run = (cmd, argv, opts = {}) => { console.error(`$ ${cmd} ${argv.join(' ')}`); execFileSync(cmd, argv, { stdio: ['ignore', 'inherit', 'inherit'], ...opts }); };
  fs.mkdirSync(work, { recursive: true });
  let loa = loaBin;
  if (!loa) { run('cargo', ['build', '--release', '--quiet'], { cwd: REPO }); loa = path.join(REPO, 'target', 'release', 'loa'); }
  const pagefind = path.join(work, 'node_modules', '.bin', 'pagefind');
  if (!fs.existsSync(pagefind)) run('npm', ['install', '--no-save', '--prefix', work, 'pagefind@1.6.0']);
  const shared = process.env.SHARED || path.resolve(REPO, '..', 'shared');
  const corpus = path.join(work, 'corpus-10000');
  if (!fs.existsSync(path.join(corpus, 'loa', 'site.yaml'))) run('python3', [path.join(shared, 'bench', 'gen_corpus.py'), '--n', '10000', '--out', corpus]);
  const sites = [
    { name: 'sample', out: path.join(work, 'sample'), base: '/cchc/', queries: SAMPLE_QUERIES,
      build: ['build', '--root', REPO, '--base-url', 'https://example.gov.vn/cchc/'] },
    { name: '10k', out: path.join(work, 'out-10000'), base: '/', queries: CORPUS_QUERIES,
      build: ['build', '--root', path.join(corpus, 'loa'), '--now', '2023-01-01'] },
  ];
  for (const site of sites) {
    fs.rmSync(site.out, { recursive: true, force: true });
    run(loa, [...site.build, '--out', site.out]);
    removeLeaflets(site.out);
    const t0 = Date.now();
    run(pagefind, ['--site', site.out]);
    console.error(`pagefind indexed ${site.name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const table = await measure(site.out, site.base, site.queries, true);
    fs.writeFileSync(path.join(REPO, 'bench', 'results', `search-${site.name}.txt`), table);
  }
} else {
  const [dir, base, ...queries] = args;
  if (!dir || !base || !queries.length) {
    console.error('usage: node bench/search.mjs PUBLIC_DIR BASE_PATH [--runs N] [--pagefind] QUERY…\n       node bench/search.mjs --full [--runs N] [--work DIR] [--loa BINARY]');
    process.exit(2);
  }
  await measure(dir, base, queries, withPagefind);
}
await browser.close();

// Every `to-roi/` folder (a leaflet) below `dir`.
function removeLeaflets(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const p = path.join(dir, e.name);
    if (e.name === 'to-roi') fs.rmSync(p, { recursive: true }); else removeLeaflets(p);
  }
}

// Measures both engines on the site in `dir` served under `base`; prints a
// JSON line per query and returns the Markdown table (also printed).
async function measure(dir, base, queries, pagefind) {
  if (pagefind) {
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
  const server = await serve(dir, base);
  const root = `${server.origin}${base}`;

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
  // Also the page's own figures of the `loa-search` event (`search`, `ms`).
  async function loaKeystroke(q, warm) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const prefix = q.slice(0, -1);
    const done = q => page.waitForFunction(q => document.getElementById('ket-qua').dataset.done === q, q, { timeout: 60000 });
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
      document.getElementById('ket-qua').addEventListener('loa-search', (e) => { window.t1 = performance.now(); window.detail = e.detail; });
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.waitForTimeout(400);
    await page.keyboard.press(q.slice(-1));
    await done(q);
    const r = await page.evaluate(() => ({ key: window.t1 - window.t0, search: window.detail.search, list: window.detail.ms }));
    await context.close();
    return r;
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
    const med = (xs, k) => median(xs.map(x => x[k]));
    const row = {
      query: q,
      loa: { bytes: loaBytes, warm, cold, median_ms: med(warm, 'key'), cold_median_ms: med(cold, 'key'),
        warm_search_ms: med(warm, 'search'), warm_list_ms: med(warm, 'list'), cold_search_ms: med(cold, 'search'), cold_list_ms: med(cold, 'list') },
    };
    if (pagefind) {
      const pfBytes = await bytesOf(`${root}pagefind-bench.html?q=${encodeURIComponent(q)}`,
        page => page.waitForSelector('.pagefind-ui__result-link', { timeout: 120000 }));
      const pfMs = [];
      for (let i = 0; i < runs; i++) pfMs.push(await pagefindSearch(q));
      row.pagefind = { bytes: pfBytes, search_ms: pfMs, median_ms: median(pfMs) };
    }
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  server.close();

  const kb = n => (n / 1024).toFixed(1);
  const f = n => (typeof n === "number" ? n.toFixed(1) : "–");
  const lines = [
    `# ${dir} (${base}), ${runs} runs, ${new Date().toISOString()}, load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
    '',
    '| query | Loa first query, KB | Pagefind first query, KB | Loa keystroke → results, warm, ms (in page: ranked / listed) | Loa keystroke, cold, ms (in page: ranked / listed) | Pagefind search + data, ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const l = r.loa;
    lines.push(`| ${r.query} | ${kb(l.bytes.total)} | ${r.pagefind ? kb(r.pagefind.bytes.total) : ''} | ${f(l.median_ms)} (${f(l.warm_search_ms)} / ${f(l.warm_list_ms)}) | ${f(l.cold_median_ms)} (${f(l.cold_search_ms)} / ${f(l.cold_list_ms)}) | ${r.pagefind ? f(r.pagefind.median_ms) : ''} |`);
  }
  const table = rows.map(r => JSON.stringify(r)).join('\n') + '\n\n' + lines.join('\n') + '\n';
  console.log('\n' + lines.join('\n'));
  return table;
}
