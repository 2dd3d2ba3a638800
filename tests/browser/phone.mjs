#!/usr/bin/env node
// The portal on a phone, in a real browser (headless Chromium through the
// DevTools protocol, driven by playwright-core as site-audit installs it):
//
// - at 360 x 780 px, with JavaScript on and off: an article's <h1> starts
//   within the first 320 px, the home page's first headline within 450 px;
//   the menu is one closed control that opens to show every menu link;
// - the official footer (site.yaml `legal`) on every kind of page, 404 and
//   leaflets included, and the online-services link in every header;
// - activities with `public: false` (content/calendar.yaml) stay off /lich/,
//   the home page and the .ics feeds, and are counted in /bao-cao/;
// - text in the pictures and charts of articles is at least 10 px tall at 360 px;
// - an article prints on A4 portrait (pdfinfo);
// - screenshots of the home page, an article and the calendar at 360 px.
//
//   node tests/browser/phone.mjs SITE_ROOT PUBLIC_DIR [BASE_PATH] [--shots DIR]
//
// SITE_ROOT holds the site.yaml and content/ that PUBLIC_DIR was built from.
// Prints `FAIL …` per problem and a summary; exits 1 on any failure, 2 on a
// usage or setup error.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadPlaywright, serve, CHROMIUM, FLAGS } from './common.mjs';

const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 900 };
const ARTICLE_H1_MAX = 320;
const HOME_HEADLINE_MAX = 450;
const MIN_FIGURE_TEXT_PX = 10;
const A4_PORTRAIT = [595.28, 841.89];
const TOLERANCE_PT = 3;

function usage(message) {
  if (message) console.error(`phone: ${message}`);
  console.error('usage: node tests/browser/phone.mjs SITE_ROOT PUBLIC_DIR [BASE_PATH] [--shots DIR]');
  process.exit(2);
}

function parseArgs(argv) {
  const positional = [];
  let shots = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--shots') shots = argv[++i];
    else if (argv[i].startsWith('--')) usage(`unknown option ${argv[i]}`);
    else positional.push(argv[i]);
  }
  if (positional.length < 2 || positional.length > 3) usage();
  let base = positional[2] || '/';
  if (!base.startsWith('/')) base = '/' + base;
  if (!base.endsWith('/')) base += '/';
  return { site: path.resolve(positional[0]), root: path.resolve(positional[1]), base, shots: shots && path.resolve(shots) };
}

// ---------------------------------------------------------------------------
// What the site says it should show, read from its sources (a few keys of
// plain block YAML; enough for site.yaml and calendar.yaml as the contract
// writes them).

const unquote = (v) => v.trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');

function legalOf(siteYaml) {
  const text = fs.readFileSync(siteYaml, 'utf8');
  const block = /^legal:\n((?: {2,}.*\n?)+)/m.exec(text);
  if (!block) return null;
  const fields = {};
  for (const m of block[1].matchAll(/^ {2}(\w+):[ \t]*(.+)$/gm)) fields[m[1]] = unquote(m[2]);
  const services = /^services_url:\s*(.+)$/m.exec(text);
  return { fields, services: services ? unquote(services[1]) : null };
}

function internalOf(calendarYaml) {
  const text = fs.readFileSync(calendarYaml, 'utf8');
  const out = [];
  for (const block of text.split(/\n {2}- id: /).slice(1)) {
    if (!/^ {4}public:\s*false\s*$/m.test(block)) continue;
    const id = block.split('\n')[0].trim();
    const title = unquote((/^ {4}title:\s*(.+)$/m.exec(block) || [])[1] || '');
    const events = [...block.matchAll(/^ {8}title:\s*(.+)$/gm)].map(m => unquote(m[1]));
    out.push({ id, title, events });
  }
  return out;
}

// ---------------------------------------------------------------------------

function findPages(root) {
  const pages = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'index.html') pages.push(path.relative(root, dir).split(path.sep).join('/'));
    }
  };
  walk(root);
  return pages.map(p => (p ? p + '/' : '')).sort();
}

/** One page of each kind: home, article, section, area, tag, unit, lists, calendar, activity, report, page, leaflets, 404. */
function pageKinds(pages) {
  const first = (re) => pages.find(p => re.test(p));
  const kinds = {
    home: '',
    article: null,
    section: first(/^tin-tuc\/$/),
    areas: first(/^linh-vuc\/$/),
    area: first(/^linh-vuc\/[^/]+\/$/),
    tags: first(/^chu-de\/$/),
    tag: first(/^chu-de\/[^/]+\/$/),
    units: first(/^don-vi\/$/),
    unit: first(/^don-vi\/[^/]+\/$/),
    calendar: first(/^lich\/$/),
    activity: first(/^lich\/[^/]+\/$/),
    report: first(/^bao-cao\/$/),
    page: pages.find(p => /^[^/]+\/$/.test(p) && !/^(tin-tuc|linh-vuc|chu-de|don-vi|lich|bao-cao|chi-dao-dieu-hanh|guong-dien-hinh|ket-qua|tim-kiem)\/$/.test(p)),
    'article leaflet': first(/^tin-tuc\/.+\/to-roi\/$/),
    'area leaflet': first(/^linh-vuc\/[^/]+\/to-roi\/$/),
  };
  kinds.article = pages.find(p => /^tin-tuc\/.+\/$/.test(p) && !/(^|\/)(trang|to-roi)\//.test(p) && p.split('/').length > 2);
  return kinds;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const expected = legalOf(path.join(opts.site, 'site.yaml'));
  if (!expected) usage(`${opts.site}/site.yaml has no legal block`);
  const internal = fs.existsSync(path.join(opts.site, 'content', 'calendar.yaml')) ? internalOf(path.join(opts.site, 'content', 'calendar.yaml')) : [];
  const pages = findPages(opts.root);
  const kinds = pageKinds(pages);
  const problems = [];
  const fail = (where, what) => problems.push(`${where}: ${what}`);
  for (const [kind, rel] of Object.entries(kinds)) if (rel == null) fail(kind, 'no page of this kind in the build');
  if (opts.shots) fs.mkdirSync(opts.shots, { recursive: true });

  const { chromium } = loadPlaywright('phone');
  const server = await serve(opts.root, opts.base);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const url = (rel) => origin + opts.base + rel;
  let browser = null;
  let checks = 0;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });

    // 1. Positions and the menu at 360 px, scripts on and off.
    for (const js of [true, false]) {
      const label = js ? 'JS on' : 'JS off';
      const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: js, deviceScaleFactor: 1 });
      await context.route(u => u.origin !== origin, r => r.abort());
      const page = await context.newPage();

      await page.goto(url(kinds.article), { waitUntil: 'load' });
      const h1 = await page.locator('main h1').first().boundingBox();
      checks++;
      if (!h1 || h1.y > ARTICLE_H1_MAX) fail(`${kinds.article} (${label})`, `article <h1> starts at ${h1 ? h1.y.toFixed(0) : '?'} px, not within ${ARTICLE_H1_MAX} px`);
      if (opts.shots && js) await page.screenshot({ path: path.join(opts.shots, 'phone-360-article.png') });

      await page.goto(url(''), { waitUntil: 'load' });
      const headline = await page.locator('main .article-list h3').first().boundingBox();
      checks++;
      if (!headline || headline.y > HOME_HEADLINE_MAX) fail(`home (${label})`, `first headline starts at ${headline ? headline.y.toFixed(0) : '?'} px, not within ${HOME_HEADLINE_MAX} px`);
      if (opts.shots && js) await page.screenshot({ path: path.join(opts.shots, 'phone-360-home.png') });

      // The menu: closed, one control; opened, every link visible and reachable by Tab.
      const links = page.locator('nav.main-nav a');
      const count = await links.count();
      const shownBefore = await links.evaluateAll(as => as.filter(a => a.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }) && a.getBoundingClientRect().height > 0).length);
      checks++;
      if (count < 3) fail(`home (${label})`, `menu has ${count} links`);
      if (shownBefore !== 0) fail(`home (${label})`, `${shownBefore} menu links show before the menu is opened`);
      const summary = page.locator('nav.main-nav summary');
      await summary.focus();
      await page.keyboard.press('Enter');
      const shownAfter = await links.evaluateAll(as => as.filter(a => a.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }) && a.getBoundingClientRect().height > 0).length);
      checks++;
      if (shownAfter !== count) fail(`home (${label})`, `${shownAfter} of ${count} menu links show after opening the menu`);
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement && document.activeElement.closest('nav.main-nav') ? document.activeElement.textContent.trim() : null);
      checks++;
      if (!focused) fail(`home (${label})`, 'Tab after opening the menu does not reach its first link');
      const box = await summary.boundingBox();
      checks++;
      if (!box || box.height < 24 || box.width < 24) fail(`home (${label})`, 'the menu control is smaller than 24 x 24 px');

      await page.goto(url(kinds.calendar), { waitUntil: 'load' });
      if (opts.shots && js) await page.screenshot({ path: path.join(opts.shots, 'phone-360-calendar.png') });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      checks++;
      if (wide > PHONE.width + 1) fail(`${kinds.calendar} (${label})`, `page scrolls sideways (${wide} px wide)`);
      await context.close();
    }

    // On a wide screen the menu shows whole, without a click.
    {
      const context = await browser.newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      await page.goto(url(''), { waitUntil: 'load' });
      const links = page.locator('nav.main-nav a');
      const shown = await links.evaluateAll(as => as.filter(a => a.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }) && a.getBoundingClientRect().height > 0).length);
      checks++;
      if (shown !== await links.count()) fail('home (1280 px)', `${shown} of ${await links.count()} menu links show on a wide screen`);
      await context.close();
    }

    // 2. The official footer and the services link on every kind of page.
    {
      const context = await browser.newContext({ viewport: PHONE });
      const page = await context.newPage();
      const targets = Object.entries(kinds).filter(([, rel]) => rel != null).map(([kind, rel]) => [kind, url(rel)]);
      targets.push(['404', url('404.html')]);
      const fields = ['agency', 'operator', 'responsible', 'address', 'phone', 'fax', 'email', 'license'].filter(f => expected.fields[f]);
      for (const [kind, address] of targets) {
        await page.goto(address, { waitUntil: 'load' });
        for (const f of fields) {
          const text = await page.locator(`footer .legal-${f}`).first().textContent().catch(() => null);
          checks++;
          if (!text || !text.includes(expected.fields[f])) fail(`${kind} ${address}`, `footer ${f} shows ${JSON.stringify(text)}, expected ${JSON.stringify(expected.fields[f])}`);
        }
        if (expected.services) {
          const href = await page.locator('header a.services-link').first().getAttribute('href').catch(() => null);
          checks++;
          if (href !== expected.services) fail(`${kind} ${address}`, `header services link is ${JSON.stringify(href)}, expected ${expected.services}`);
        }
      }
      await context.close();
    }

    // 3. Internal tasks: off /lich/, the home page and the .ics; in /bao-cao/.
    {
      const read = (rel) => fs.readFileSync(path.join(opts.root, rel), 'utf8');
      const context = await browser.newContext({ viewport: PHONE });
      const page = await context.newPage();
      const textOf = async (rel) => { await page.goto(url(rel), { waitUntil: 'load' }); return page.locator('body').innerText(); };
      const calendarText = await textOf('lich/');
      const homeText = await textOf('');
      const reportText = await textOf('bao-cao/');
      const ics = read('lich/lich.ics').replace(/\r\n[ \t]/g, '');
      if (internal.length === 0) fail('content/calendar.yaml', 'no activity with public: false to check');
      for (const a of internal) {
        for (const name of [a.title, ...a.events]) {
          checks += 3;
          if (calendarText.includes(name)) fail('/lich/', `shows internal "${name}"`);
          if (homeText.includes(name)) fail('home', `shows internal "${name}"`);
          if (ics.includes(name.replace(/([,;\\])/g, '\\$1'))) fail('/lich/lich.ics', `carries internal "${name}"`);
        }
        checks += 2;
        if (!reportText.includes(a.title)) fail('/bao-cao/', `does not count internal "${a.title}"`);
        if (fs.existsSync(path.join(opts.root, 'lich', a.id, 'lich.ics'))) fail(`/lich/${a.id}/lich.ics`, 'an internal task has its own calendar feed');
      }
      await context.close();
    }

    // 4. Text inside pictures and charts stays readable at 360 px: every
    // <text> of an SVG in an article (an <img> of an .svg file, or a chart
    // drawn inline) is at least MIN_FIGURE_TEXT_PX tall once scaled.
    {
      const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1 });
      await context.route(u => u.origin !== origin, r => r.abort());
      const page = await context.newPage();
      const articles = pages.filter(p => /^(tin-tuc|chi-dao-dieu-hanh|guong-dien-hinh|ket-qua)\/.+\/$/.test(p) && !/(^|\/)(trang|to-roi)\//.test(p));
      let figures = 0;
      for (const rel of articles) {
        await page.goto(url(rel), { waitUntil: 'load' });
        const found = await page.evaluate(async () => {
          const sizeOf = (el) => {
            for (let n = el; n && n.getAttribute; n = n.parentNode) {
              const style = /font-size:\s*([\d.]+)px/.exec(n.getAttribute('style') || '');
              if (style) return Number(style[1]);
              const attr = n.getAttribute('font-size');
              if (attr && /^[\d.]+(px)?$/.test(attr)) return parseFloat(attr);
            }
            return 16;
          };
          const smallest = (svg, width) => {
            const vb = (svg.getAttribute('viewBox') || '').trim().split(/[\s,]+/).map(Number);
            const scale = vb.length === 4 && vb[2] > 0 ? width / vb[2] : 1;
            let min = Infinity, label = '';
            for (const t of svg.querySelectorAll('text')) {
              if (!t.textContent.trim()) continue;
              const px = sizeOf(t) * scale;
              if (px < min) { min = px; label = t.textContent.trim().slice(0, 40); }
            }
            return { min, label };
          };
          const out = [];
          for (const img of document.querySelectorAll('main img[src$=".svg"]')) {
            const width = img.getBoundingClientRect().width;
            if (!width) continue;
            const svg = new DOMParser().parseFromString(await (await fetch(img.src)).text(), 'image/svg+xml').documentElement;
            out.push({ what: img.getAttribute('src'), width, ...smallest(svg, width) });
          }
          for (const svg of document.querySelectorAll('main svg')) {
            const width = svg.getBoundingClientRect().width;
            if (!width || !svg.querySelector('text')) continue;
            out.push({ what: 'inline chart', width, ...smallest(svg, width) });
          }
          return out;
        });
        for (const f of found) {
          figures++;
          checks++;
          if (f.min < MIN_FIGURE_TEXT_PX) fail(`${rel} (360 px)`, `${f.what}: text "${f.label}" is ${f.min.toFixed(1)} px tall, under ${MIN_FIGURE_TEXT_PX} px`);
        }
      }
      checks++;
      if (figures === 0) fail('articles', 'no picture or chart with text found to check');
      await context.close();
    }

    // 5. An article prints on A4 portrait.
    {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.emulateMedia({ media: 'print' });
      await page.goto(url(kinds.article), { waitUntil: 'load' });
      const dir = opts.shots || fs.mkdtempSync(path.join(os.tmpdir(), 'phone-'));
      const file = path.join(dir, 'article.pdf');
      await page.pdf({ path: file, preferCSSPageSize: true });
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      const m = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
      checks++;
      if (!m || Math.abs(Number(m[1]) - A4_PORTRAIT[0]) > TOLERANCE_PT || Math.abs(Number(m[2]) - A4_PORTRAIT[1]) > TOLERANCE_PT) {
        fail(`${kinds.article} (print)`, `PDF page is ${m ? `${m[1]} x ${m[2]} pt` : 'unknown'}, not A4 portrait (595 x 842 pt)`);
      }
      await context.close();
    }
  } finally {
    if (browser) await browser.close();
    server.closeAllConnections?.();
    server.close();
  }
  for (const p of problems) console.log(`FAIL ${p}`);
  console.log(`phone: ${checks} checks, ${problems.length} failed`);
  if (opts.shots) console.log(`screenshots in ${opts.shots}`);
  process.exitCode = problems.length ? 1 : 0;
}

main().catch(e => {
  console.error(`phone: ${e && e.stack ? e.stack : e}`);
  process.exit(2);
});
