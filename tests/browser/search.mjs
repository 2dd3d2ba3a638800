#!/usr/bin/env node
// Search in a real browser: the built sample site's /tim-kiem/ page, queries
// typed with and without accents, in NFD and upper case, checked by their
// first results; the header form, the count, <mark>, history.
//
//   node tests/browser/search.mjs PUBLIC_DIR [BASE_PATH]
//
// Prints `ok: …` per check, `FAIL: …` on the first failure; exit status 1 then.

import { launch, serve } from './common.mjs';

const [dir, base = '/'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node tests/browser/search.mjs PUBLIC_DIR [BASE_PATH]');
  process.exit(2);
}
const server = await serve(dir, base);
const browser = await launch();
const page = await browser.newPage();
const searchUrl = `${server.origin}${base}tim-kiem/`;
const nfd = s => s.normalize('NFD');
const fold = s => s.normalize('NFD').toLowerCase().replace(/\p{M}/gu, '').replace(/đ/g, 'd');

function check(ok, what) {
  if (!ok) throw new Error(what);
  console.log(`ok: ${what}`);
}

// Waits for the results of `q` (the status names it) and returns them.
async function results(q) {
  await page.waitForFunction(q => document.getElementById('ket-qua').dataset.done === q, q, { timeout: 10000 });
  return page.evaluate(() => ({
    status: document.getElementById('ket-qua-dem').textContent,
    items: [...document.querySelectorAll('#ket-qua > li')].map(li => ({
      href: li.querySelector('h2 a').href, title: li.querySelector('h2').textContent, text: li.textContent,
      marks: [...li.querySelectorAll('mark')].map(m => m.textContent), time: li.querySelector('time')?.getAttribute('datetime'),
    })),
  }));
}

// Types `q` into the search field as a person would (replacing what is there).
async function type(q) {
  await page.fill('#tu-khoa', '');
  await page.type('#tu-khoa', q, { delay: 20 });
  return results(q);
}

// The text of a result's page, folded.
async function pageText(href) {
  return fold(await page.evaluate(async href => (await (await fetch(href)).text()).replace(/<[^>]*>/g, ' '), href));
}

let failed = false;
try {
  await page.goto(`${searchUrl}?q=${encodeURIComponent('dien tu')}`);
  let r = await results('dien tu');
  check(await page.locator('#khong-js').count() === 0, 'the no-JavaScript message (in <noscript>) is not shown');
  check(/^Tìm thấy \d+ kết quả/.test(r.status), `a count: "${r.status}"`);
  check(r.items.length > 0 && r.items[0].time && r.items[0].marks.length > 0, 'results have a title link, a date and <mark>ed words');
  check((await pageText(r.items[0].href)).includes('dien tu') && fold(r.items[0].text).includes('dien tu'), `"dien tu" first: ${r.items[0].title}`);
  const firstDienTu = r.items[0].href;
  check(r.items[0].text.includes('điện tử'), '… and it shows "điện tử"');

  r = await type('chuyen doi so');
  const firstPage = await page.evaluate(async href => (await (await fetch(href)).text()), r.items[0].href);
  check(firstPage.includes('chuyển đổi số'), `"chuyen doi so" first: ${r.items[0].title}`);
  const upper = await type('CHUYỂN ĐỔI SỐ');
  check(upper.items[0].href === r.items[0].href, 'upper case with accents: the same first result');

  const plain = await type('dich vu cong truc tuyen');
  const accented = await type('DỊCH VỤ CÔNG trực tuyến');
  const decomposed = await type(nfd('dịch vụ công'));
  check(plain.items.length && plain.items[0].href === accented.items[0].href, `"DỊCH VỤ CÔNG trực tuyến" = "dich vu cong truc tuyen": ${plain.items[0].title}`);
  check(decomposed.items[0].href === plain.items[0].href, 'NFD "dịch vụ công": the same first result');

  r = await type('ma so');
  while (await page.isVisible('#xem-them')) {
    const before = r.items.length;
    await page.click('#xem-them');
    await page.waitForFunction(n => document.querySelectorAll('#ket-qua > li').length > n, before);
    r = { items: await page.$$eval('#ket-qua > li h2 a', as => as.map(a => ({ href: a.href }))) };
  }
  const texts = await Promise.all(r.items.map(i => page.evaluate(async href => (await (await fetch(href)).text()), i.href)));
  check(texts.some(t => t.includes('mã số')) && texts.some(t => t.includes('mà số')), '"ma so" finds both "mã số" and "mà số"');
  const exact = await type('mã số');
  check(texts.length && (await page.evaluate(async h => (await (await fetch(h)).text()), exact.items[0].href)).includes('mã số'), '"mã số" puts "mã số" first');

  // History: the query is in the address; back returns to the previous one.
  await page.fill('#tu-khoa', 'dien tu');
  await page.press('#tu-khoa', 'Enter');
  await results('dien tu');
  await page.fill('#tu-khoa', 'chuyen doi so');
  await page.press('#tu-khoa', 'Enter');
  await results('chuyen doi so');
  check(new URL(page.url()).searchParams.get('q') === 'chuyen doi so', '?q= follows the query');
  await page.goBack();
  r = await results('dien tu');
  check((await page.inputValue('#tu-khoa')) === 'dien tu' && r.items[0].href === firstDienTu, 'the back button returns to the previous query and its results');

  // The header form of another page leads here.
  await page.goto(`${server.origin}${base}`);
  await page.fill('#tim-nhanh', 'chuyen doi so');
  await page.press('#tim-nhanh', 'Enter');
  r = await results('chuyen doi so');
  check(page.url().startsWith(searchUrl) && r.items.length > 0, 'the header form opens the search page with the results');

  // Without JavaScript the page says so and links to the area and tag indexes.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const noScript = await nojs.newPage();
  await noScript.goto(`${searchUrl}?q=dien+tu`);
  const hrefs = await noScript.locator('#khong-js a').evaluateAll(links => links.map(a => a.href));
  check(await noScript.isVisible('#khong-js') && hrefs.some(h => h.endsWith(`${base}linh-vuc/`)) && hrefs.some(h => h.endsWith(`${base}chu-de/`)),
    'without JavaScript the page says so and links to the area and tag indexes');
  await nojs.close();
} catch (error) {
  failed = true;
  console.error(`FAIL: ${error.message}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
