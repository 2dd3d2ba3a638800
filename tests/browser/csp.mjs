#!/usr/bin/env node
// The shipped Content-Security-Policy, in a real browser: one page of every
// kind of a built site is served with the policy of docs/deploy/nginx-headers.conf
// and opened in Chromium, which must report no violation (no inline script or
// style, no inline handler, nothing from elsewhere). The leaflet's print
// button, wired by an external script, must show.
//
//   node tests/browser/csp.mjs PUBLIC_DIR [BASE_PATH]
//
// Chromium is /usr/bin/chromium driven by playwright-core as installed by
// /work/shared/tools/site-audit/install ($SITE_AUDIT_HOME, default
// ~/.cache/site-audit). Prints `FAIL <path>: <violation>` per problem, then a
// summary; exits 1 on any problem, 2 on a usage or setup error.

import fs from 'node:fs';
import path from 'node:path';
import { launch, serve } from './common.mjs';

const TIMEOUT = 30000;
const HERE = path.dirname(new URL(import.meta.url).pathname);

function usage(message) {
  if (message) console.error(`csp: ${message}`);
  console.error('usage: node tests/browser/csp.mjs PUBLIC_DIR [BASE_PATH]');
  process.exit(2);
}

// The policy exactly as the nginx configuration sends it.
function shippedPolicy() {
  const file = path.join(HERE, '..', '..', 'docs', 'deploy', 'nginx-headers.conf');
  const match = fs.readFileSync(file, 'utf8').match(/add_header Content-Security-Policy "([^"]+)"/);
  if (!match) usage(`no Content-Security-Policy in ${file}`);
  return match[1];
}

// One page of every kind, found on disk: [label, path under the base].
function pagesOfEveryKind(root) {
  const first = (dir, test) => {
    const full = path.join(root, dir);
    if (!fs.existsSync(full)) return null;
    const names = fs.readdirSync(full).sort().filter(n => fs.existsSync(path.join(full, n, 'index.html')) && test(n));
    return names.length ? `${dir}/${names[0]}/` : null;
  };
  const sections = fs.readdirSync(root).sort()
    .filter(n => !['linh-vuc', 'chu-de', 'don-vi', 'lich', 'bao-cao', 'css', 'js', 'images'].includes(n))
    .filter(n => fs.existsSync(path.join(root, n, 'index.html')));
  const section = sections.find(s => first(s, n => n !== 'trang' && n !== 'to-roi'));
  const article = section && first(section, n => n !== 'trang' && n !== 'to-roi');
  const kinds = [
    ['home', ''], ['404', 'khong-co-trang-nay/'], ['section', section && `${section}/`], ['article', article],
    ['article leaflet', article && `${article}to-roi/`], ['areas', 'linh-vuc/'], ['area', first('linh-vuc', () => true)],
    ['area leaflet', first('linh-vuc', () => true) && `${first('linh-vuc', () => true)}to-roi/`],
    ['tags', 'chu-de/'], ['tag', first('chu-de', n => n !== 'trang')], ['units', 'don-vi/'], ['unit', first('don-vi', () => true)],
    ['calendar', 'lich/'], ['activity', first('lich', () => true)], ['report', 'bao-cao/'],
  ];
  const standalone = sections.find(s => !fs.readdirSync(path.join(root, s)).some(n => !n.startsWith('index.html')));
  if (standalone) kinds.push(['page', `${standalone}/`]);
  return kinds.filter(([, p]) => p !== null && p !== undefined);
}

async function main() {
  const [rootArg, baseArg = '/'] = process.argv.slice(2);
  if (!rootArg) usage();
  const root = path.resolve(rootArg);
  let base = baseArg.startsWith('/') ? baseArg : '/' + baseArg;
  if (!base.endsWith('/')) base += '/';
  const policy = shippedPolicy();
  const server = await serve(root, base, {
    headers: { 'content-security-policy': policy, 'x-content-type-options': 'nosniff' }, notFoundPage: true,
  });
  const origin = server.origin;
  const browser = await launch('csp');
  const problems = [];
  const kinds = pagesOfEveryKind(root);
  try {
    const context = await browser.newContext();
    // Runs through the DevTools protocol, outside the page's policy.
    await context.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', e => {
        window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber || ''})`);
      });
    });
    for (const [kind, rel] of kinds) {
      const page = await context.newPage();
      const messages = [];
      page.on('console', m => { if (/Content Security Policy/i.test(m.text())) messages.push(m.text()); });
      await page.goto(origin + base + rel, { waitUntil: 'load', timeout: TIMEOUT });
      await page.waitForTimeout(100);
      const violations = await page.evaluate(() => window.__violations);
      for (const v of [...violations, ...messages]) problems.push(`${base}${rel} (${kind}): ${v}`);
      if (kind.endsWith('leaflet')) {
        const visible = await page.locator('button[data-print]').first().isVisible();
        if (!visible) problems.push(`${base}${rel} (${kind}): the print button is hidden (js/print.js did not run)`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  for (const p of problems) console.log(`FAIL ${p}`);
  console.log(`csp: ${kinds.length} pages of ${kinds.length} kinds opened under "${policy}", ${problems.length} problems`);
  process.exit(problems.length ? 1 : 0);
}

main().catch(e => { console.error(`csp: ${e.stack || e}`); process.exit(2); });
