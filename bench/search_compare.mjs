// Two index formats side by side, without a browser: the ranking of many
// queries (as document paths and scores) and the bytes a first query fetches
// (meta.json, shards, key and order shards, the first page's result files).
//
//   git show REV:themes/default/static/js/search.js > /tmp/old-search.cjs
//   node bench/search_compare.mjs /tmp/old-search.cjs OLD_PUBLIC NEW_PUBLIC
//
// OLD_PUBLIC was built by the binary of REV, NEW_PUBLIC by the current one,
// from the same corpus and --now. Exit status 1 when a ranking differs.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const req = createRequire(import.meta.url);
const [oldJs, oldPub, newPub] = process.argv.slice(2);
const Old = req(path.resolve(oldJs)), New = req('../themes/default/static/js/search.js');
// All hits ranked: the new engine ranks as far as asked.
const all = async (e, q) => { const r = await e.search(q, Infinity); return r.hits; };
function engine(S, pub) {
  const dir = path.join(pub, 'tim-kiem', 'chi-muc'), e = { bytes: 0, files: 0, order: 0 };
  e.s = S.createSearch((p) => {
    const t = fs.readFileSync(path.join(dir, p), 'utf8');
    e.bytes += t.length; e.files++;
    if (p.startsWith('k/') || p.startsWith('o/')) e.order += t.length;
    return Promise.resolve(JSON.parse(t));
  });
  e.path = d => JSON.parse(fs.readFileSync(path.join(dir, 'd', d + '.json'), 'utf8')).u;
  e.dir = dir;
  return e;
}
const a = engine(Old, oldPub), b = engine(New, newPub);
const n = JSON.parse(fs.readFileSync(path.join(b.dir, 'meta.json'))).n;
let seed = 12345;
const rnd = k => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
const common = ['dich vu cong truc tuyen', 'dien tu', 'chuyen doi so', 'cai cach hanh chinh', 'mot cua', 'chuyển đổi số', 'thu tuc', 'so', 'c', 'ca', 'cải', 'tuyen truyen ', 'mã số'];
const queries = [...common];
// Words of random documents: one to three, sometimes cut short, sometimes without accents.
for (let i = 0; i < 150; i++) {
  const doc = JSON.parse(fs.readFileSync(path.join(b.dir, 'd', rnd(n) + '.json'), 'utf8'));
  const words = (doc.t + ' ' + doc.x).split(/\s+/).filter(w => w.length > 1);
  const at = rnd(Math.max(1, words.length - 3));
  let q = words.slice(at, at + 1 + rnd(3)).join(' ');
  if (rnd(3) === 0) q = q.slice(0, Math.max(2, q.length - rnd(4)));
  if (rnd(2) === 0) q = q.normalize('NFD').replace(/\p{M}/gu, '');
  queries.push(q);
}
let differ = 0, hits = 0;
for (const q of queries) {
  const x = (await all(a.s, q)).map(h => a.path(h.doc) + ':' + h.score);
  const y = (await all(b.s, q)).map(h => b.path(h.doc) + ':' + h.score);
  hits += x.length;
  if (x.join() !== y.join()) { differ++; console.log('differs:', JSON.stringify(q)); }
  // A fresh engine, ranked as far as the first page, then the second.
  const f = engine(New, newPub), r = await f.s.search(q), ids = hs => hs.map(h => b.path(h.doc) + ':' + h.score).join();
  if (r.total !== y.length || ids(r.hits.slice(0, 10)) !== y.slice(0, 10).join()) { differ++; console.log('first page differs:', JSON.stringify(q)); }
  if (ids((await f.s.more(r, 20)).hits.slice(0, 20)) !== y.slice(0, 20).join()) { differ++; console.log('second page differs:', JSON.stringify(q)); }
}
console.log(`${queries.length} queries, ${hits} hits, ${differ} differ`);

console.log('\n| first query | matches | before | after | of which k/ and o/ |\n| --- | ---: | ---: | ---: | ---: |');
const kb = x => (x / 1024).toFixed(1) + ' KB';
for (const q of common.slice(0, 8)) {
  const [x, y] = [engine(Old, oldPub), engine(New, newPub)];
  const rx = await x.s.search(q), ry = await y.s.search(q);
  await Promise.all(rx.hits.slice(0, 10).map(h => x.s.doc(h.doc)));
  await Promise.all(ry.hits.slice(0, 10).map(h => y.s.doc(h.doc)));
  console.log(`| ${q} | ${ry.total} | ${kb(x.bytes)}, ${x.files} files | ${kb(y.bytes)}, ${y.files} files | ${kb(y.order)} |`);
}
process.exitCode = differ ? 1 : 0;
