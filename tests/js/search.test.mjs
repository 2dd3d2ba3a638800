// The browser's ranking (themes/default/static/js/search.js) on the index
// `loa build` writes for tests/fixtures/search: the same folding and order as
// the Rust unit tests of src/search/.
//
//   node --test tests/js/        (SEARCH_SITE=a built tests/fixtures/search)

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const S = createRequire(import.meta.url)('../../themes/default/static/js/search.js');
const site = process.env.SEARCH_SITE;
const dir = site && path.join(site, 'tim-kiem', 'chi-muc');
const engine = dir && S.createSearch(p => Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, p), 'utf8'))));

async function titles(q) {
  const r = await engine.search(q, Infinity);
  return Promise.all(r.hits.map(async h => (await engine.doc(h.doc)).t));
}

test('folding: accents, đ, NFD, case, punctuation, numbers', () => {
  const fold = s => S.tokens(s).map(t => t.folded).join(' ');
  assert.equal(fold('dịch vụ công trực tuyến'), 'dich vu cong truc tuyen');
  assert.equal(fold('ĐIỆN TỬ'), 'dien tu');
  assert.equal(fold('dịch vụ công'.normalize('NFD')), 'dich vu cong');
  assert.deepEqual(S.tokens('DỊCH VỤ'.normalize('NFD')).map(t => t.typed), ['dịch', 'vụ']);
  assert.equal(fold('Nghị quyết số 76/NQ-CP, ISO 9001:2015.'), 'nghi quyet so 76 nq cp iso 9001 2015');
  assert.equal(fold('PAR INDEX 2021'), 'par index 2021');
});

test('document sets decode in both encodings', () => {
  // Gaps 0, 5: tag 0; a bitmap of 8 documents, 0 and 7: tag 1; tag 2: the complement.
  assert.deepEqual(S.decode(Buffer.from([0, 0, 5]).toString('base64'), 10), [0, 5]);
  assert.deepEqual(S.decode(Buffer.from([1, 0x81]).toString('base64'), 8), [0, 7]);
  // Tag 2: all but 1 and 3.
  assert.deepEqual(S.decode(Buffer.from([2, 1, 2]).toString('base64'), 5), [0, 2, 4]);
});

test('ranking on the built fixture', { skip: !site && 'SEARCH_SITE not set' }, async () => {
  const dien = 'Xây dựng chính quyền điện tử ở cấp xã', dan = 'Diễn đàn tuyên truyền cải cách hành chính';
  // Side by side first, although the other has both words in its title.
  assert.deepEqual(await titles('dien tu'), [dien, dan]);
  assert.deepEqual(await titles('ĐIỆN TỬ'), [dien, dan]);
  assert.deepEqual(await titles('dien tu '), [dien]);
  // Without accents both; "số" is also a tag of the first (summary field).
  assert.deepEqual(await titles('ma so'), [dien, dan]);
  // Typed accents: the same accents first, over the field.
  assert.deepEqual(await titles('mà so'), [dan, dien]);
  assert.deepEqual(await titles('mã số'), [dien, dan]);
  assert.deepEqual(await titles('mà số'), [dan, dien]);
  assert.deepEqual(await titles('mã số'.normalize('NFD')), [dien, dan]);
  // Title over summary over body.
  assert.deepEqual(await titles('mot cua'), [dien]);
  assert.deepEqual(await titles('cai cach hanh chinh'), [dan, 'Giới thiệu']);
  // Every word required; drafts and future articles are not there.
  assert.deepEqual(await titles('dien tu nhap'), []);
  assert.deepEqual(await titles('lich tiep cong dan'), []);
  assert.deepEqual(await titles('2021'), [dan]);
  // Equal scores (both titles): the newest first, although numbered second
  // (documents are numbered by path), then the page.
  assert.deepEqual(await titles('chinh'), [dan, dien, 'Giới thiệu']);
  assert.deepEqual(await titles('cai cach'), [dan, 'Giới thiệu']);
});

test('typing: results from memory equal a fresh engine\'s, and only needed files are fetched', { skip: !site && 'SEARCH_SITE not set' }, async () => {
  const fetched = [];
  const typed = S.createSearch(p => { fetched.push(p); return Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, p), 'utf8'))); });
  const hits = async (e, q) => (await e.search(q, Infinity)).hits.map(h => [h.doc, h.score]);
  // Every prefix of the queries, as typed, then the same again from memory.
  for (const q of ['dien tu', 'mã số', 'ma so', 'cai cach hanh chinh', 'mot cua']) {
    for (let i = 1; i <= q.length; i++) {
      const fresh = S.createSearch(p => Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, p), 'utf8'))));
      assert.deepEqual(await hits(typed, q.slice(0, i)), await hits(fresh, q.slice(0, i)), q.slice(0, i));
    }
  }
  const before = fetched.length;
  assert.ok(typed.ready('dien tu'));
  await typed.search('dien tu', Infinity);
  await typed.search('dien tu');
  await typed.search('mã số');
  assert.equal(fetched.length, before, 'nothing fetched again');
  assert.equal(new Set(fetched).size, fetched.length, 'no file fetched twice');
  const cold = S.createSearch(p => Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, p), 'utf8'))));
  assert.ok(!cold.ready('dien tu'), 'nothing is ready before the index is fetched');
});

test('ranked as far as asked: each first part equals the full ranking\'s', { skip: !site && 'SEARCH_SITE not set' }, async () => {
  for (const q of ['chinh', 'cai cach', 'so', 'dien', 'c']) {
    const all = (await engine.search(q, Infinity)).hits;
    for (let m = 1; m <= all.length; m++) {
      // A fresh engine: ties taken from the order shards (o/) or the key shards (k/).
      const fresh = S.createSearch(p => Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, p), 'utf8'))));
      const r = await fresh.search(q, m);
      assert.equal(r.total, all.length, q);
      assert.deepEqual(r.hits.slice(0, m), all.slice(0, m), `${q}: first ${m}`);
      assert.deepEqual((await fresh.more(r, all.length)).hits, all, `${q}: then all`);
    }
  }
});
