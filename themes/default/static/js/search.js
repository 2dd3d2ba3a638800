/* Loa site search (contract §8). Index: src/output/search.rs; folding and
   ranking as in src/search/, keep them in step. */
(function () {
'use strict';
var FIELD = [3, 2, 1], PHRASE = 10, ACCENT = 4, MIN_PREFIX = 2, PER_PAGE = 10;
var WORD = /[\p{L}\p{N}\p{M}]+/gu, W = '[\\p{L}\\p{N}\\p{M}]', PAIR = FIELD.map(f => f + PHRASE);
var own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

function fold(w) {
  return w.normalize('NFD').toLowerCase().replace(/\p{M}/gu, '').replace(/đ/g, 'd');
}
function tokens(text) {
  var m = text.normalize('NFD').toLowerCase().match(WORD) || [];
  return m.map((w) => { var t = w.normalize('NFC'); return { typed: t, folded: fold(t) }; });
}
function decode(s, n) {
  var out = [];
  if (!s) return out;
  var b = atob(s), i, v = 0, sh = 0, prev = 0;
  if (b.charCodeAt(0) === 1) {
    for (i = 0; i < n; i++) if (b.charCodeAt(1 + (i >> 3)) & (1 << (i & 7))) out.push(i);
    return out;
  }
  for (i = 1; i < b.length; i++) {
    var c = b.charCodeAt(i);
    v |= (c & 127) << sh; sh += 7;
    if (!(c & 128)) { prev = out.length ? prev + v : v; out.push(prev); v = 0; sh = 0; }
  }
  if (b.charCodeAt(0) !== 2) return out; // else the ones missing
  var all = [], k = 0;
  for (i = 0; i < n; i++) if (out[k] === i) k++; else all.push(i);
  return all;
}
// A key's documents per accented form, decoded when an accent asks.
function forms(p) {
  var e = p.e;
  return p.v || (p.v = e[2].length ? e[0].map((f, i) => [f, decode(e[2][i], p.n)]) : [[e[0][0], [].concat(...p.f)]]);
}
function shardOf(firsts, key) {
  var lo = 0, hi = firsts.length - 1;
  while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (firsts[mid] <= key) lo = mid; else hi = mid - 1; }
  return lo;
}
// Per document, the best score[field] of the postings; and the documents.
function best(ps, n, score) {
  var b = new Uint8Array(n), docs = [], d;
  ps.forEach((p) => { p.f.forEach((list, f) => { list.forEach((d) => { if (b[d] < score[f]) b[d] = score[f]; }); }); });
  for (d = 0; d < n; d++) if (b[d]) docs.push(d);
  return { b: b, docs: docs };
}
// ACCENT for the documents of the forms `ok` accepts.
function accent(p, n, ok) {
  var a = new Uint8Array(n);
  forms(p).forEach((v) => { if (ok(v[0])) v[1].forEach((d) => { a[d] = ACCENT; }); });
  return a;
}

// The index behind `get(path)` (a promise of parsed JSON). Files, decoded
// postings and each word's documents stay in memory: a key typed once the
// data is there costs only the ranking of its candidates.
function createSearch(get) {
  var files = {}, got = {}, memo = {};
  function load(path) {
    return files[path] || (files[path] = get(path).then((v) => (got[path] = v), (e) => { delete files[path]; throw e; }));
  }
  function keep(id, make) { return own(memo, id) ? memo[id] : (memo[id] = make()); }
  function entry(space, key, sh, n) { return keep(space + key, () => ({ f: sh[key][1].map(s => decode(s, n)), e: sh[key], n: n })); }
  // The words of `q` and every file they need (once meta.json is there).
  function plan(q) {
    var m = got['meta.json'], words = tokens(q), last = words.length - 1, paths = [];
    var prefix = last >= 0 && /[\p{L}\p{N}\p{M}]$/u.test(q) && [...words[last].folded].length >= MIN_PREFIX;
    words.forEach((w, i) => {
      w.pre = prefix && i === last;
      var s = shardOf(m.u, w.folded), to = w.pre ? shardOf(m.u, w.folded + '\uffff') : s;
      for (w.shards = []; s <= to; s++) w.shards.push('u/' + s + '.json');
      paths.push(...w.shards);
      if (i) paths.push(w.bs = 'b/' + shardOf(m.b, w.pair = words[i - 1].folded + ' ' + w.folded) + '.json');
    });
    return { words: words, prefix: prefix, paths: paths, n: m.n, per: m.k };
  }
  // What word `w` may match: its key, or (last word) every key it begins.
  function word(w, n) {
    return keep((w.pre ? '*' : '=') + w.folded, () => {
      var ps = [], exact = null;
      w.shards.forEach((path) => {
        var sh = got[path];
        if (w.pre) for (var k in sh) if (k !== w.folded && k.startsWith(w.folded)) ps.push(entry('u', k, sh, n));
        if (own(sh, w.folded)) ps.push(exact = entry('u', w.folded, sh, n));
      });
      var r = best(ps, n, FIELD);
      r.exact = exact;
      return r;
    });
  }
  // As Index::search: every word required (the smallest set of candidates
  // checked against the others); the documents in ascending order, with
  // their scores.
  function score(p) {
    var n = p.n, words = p.words, sets = words.map(w => word(w, n)), add = [];
    words.forEach((w, i) => {
      var e = sets[i].exact, a = words[i - 1];
      if (w.typed !== w.folded && e) add.push(keep('a' + w.folded + ' ' + w.typed, () => accent(e, n, f => f === w.typed)));
      if (!i || !own(got[w.bs], w.pair)) return;
      var pe = entry('b', w.pair, got[w.bs], n);
      add.push(keep('p' + w.pair, () => best([pe], n, PAIR).b));
      var at = a.typed === a.folded ? '' : a.typed, bt = w.typed === w.folded ? '' : w.typed;
      if (at || bt) add.push(keep('q' + w.pair + ' ' + at + ' ' + bt, () => accent(pe, n, (f) => {
        var x = f.split(' ');
        return (!at || x[0] === at) && (!bt || x[1] === bt);
      })));
    });
    var small = sets.reduce((x, y) => (y.docs.length < x.docs.length ? y : x)), c = { docs: [], s: [] };
    small.docs.forEach((d) => {
      var s = 0, j, v;
      for (j = 0; j < sets.length; j++) { if (!(v = sets[j].b[d])) return; s += v; }
      for (j = 0; j < add.length; j++) s += add[j][d];
      c.docs.push(d); c.s.push(s);
    });
    return c;
  }
  // Ties, by sort key (newest first, pages last), then number: a small
  // group from the key shards of its documents (k/), a large one from the
  // start of every document in that order (o/).
  function keyPaths(docs, per) {
    var out = [], last = -1;
    docs.forEach((d) => { var i = Math.floor(d / per); if (i !== last) out.push('k/' + (last = i) + '.json'); });
    return out;
  }
  function byKey(docs, per) {
    var key = {};
    docs.forEach((d) => { var k = got['k/' + Math.floor(d / per) + '.json'][d % per]; key[d] = k === null ? -Infinity : k; });
    return docs.sort((a, b) => (key[a] < key[b]) - (key[a] > key[b]) || a - b);
  }
  // Ranks res.hits as far as `m`.
  async function more(res, m) {
    var meta = got['meta.json'], n = meta.n, per = meta.k;
    while (res.hits.length < Math.min(m, res.total)) {
      var g = res.groups[0], need = m - res.hits.length, docs = g.docs, keys = keyPaths(docs, per).filter(x => !got[x]);
      var take = d => res.hits.push({ doc: d, score: g.score }), member = new Uint8Array(n), found = [], i;
      // Bytes of the order shards to read (~6 a number) against the key shards (~11 a key).
      if (need >= docs.length || need * n / docs.length * 6 > keys.length * per * 11) {
        await Promise.all(keys.map(load));
        byKey(docs, per).forEach(take);
        res.groups.shift();
        continue;
      }
      docs.forEach((d) => { member[d] = 1; });
      for (i = 0; found.length < need; i++) (got['o/' + i + '.json'] || await load('o/' + i + '.json')).forEach((d) => { if (member[d]) found.push(d); });
      found.slice(0, need).forEach((d) => { take(d); member[d] = 0; });
      g.docs = docs.filter(d => member[d]);
    }
    return res;
  }
  // Words, total and hits of `q`, ranked as far as `m` (a page).
  async function search(q, m) {
    if (!got['meta.json']) await load('meta.json');
    var p = plan(q), c, by = {}, res = { words: p.words, prefix: p.prefix, total: 0, hits: [], groups: [] };
    if (!p.words.length) return res;
    if (!p.paths.every(x => got[x])) await Promise.all(p.paths.map(load));
    c = score(p);
    c.docs.forEach((d, i) => { (by[c.s[i]] || (res.groups.push(by[c.s[i]] = { score: c.s[i], docs: [] }), by[c.s[i]])).docs.push(d); });
    res.groups.sort((a, b) => b.score - a.score);
    res.total = c.docs.length;
    return more(res, m || PER_PAGE);
  }
  // ready(q): whether `q` can be ranked without fetching anything.
  function ready(q) { return !!got['meta.json'] && plan(q).paths.every(x => got[x]); }
  return {
    search: search, more: more, ready: ready,
    meta: () => load('meta.json'), doc: i => load('d/' + i + '.json'),
  };
}

if (typeof module === 'object' && module.exports) {
  module.exports = { fold: fold, tokens: tokens, decode: decode, createSearch: createSearch };
  return;
}

var list = document.getElementById('ket-qua');
if (!list) return;
var input = document.getElementById('tu-khoa'), form = input.form, status = document.getElementById('ket-qua-dem');
var more = document.getElementById('xem-them'), base = new URL(list.dataset.index, document.baseURI);
var root = new URL('../../', base).href, seq = 0, shown = 0, current = null, timer = 0, later = 0, lastKey = 0, pushed = false;
var chars = {}, esc = t => t.replace(/[&<>"]/g, c => '&#' + c.charCodeAt(0) + ';');
var engine = createSearch(path => fetch(new URL(path, base)).then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); }));

// `t` folded character by character, so that positions stay those of `t`
// (text is NFC; a character that does not fold to one stays as it is).
function foldSame(t) {
  var out = '', c, f;
  for (c of t) {
    if ((f = chars[c]) === undefined) { f = fold(c); f = chars[c] = f.length === c.length ? f : c; }
    out += f;
  }
  return out;
}
// The query's words in folded text: whole words, the last also as a prefix.
function pattern(res) {
  var f = res.words.map(w => w.folded), alt = ['(?:' + f.join('|') + ')(?!' + W + ')'];
  if (res.prefix) alt.unshift(f[f.length - 1] + W + '*');
  return new RegExp('(?<!' + W + ')(?:' + alt.join('|') + ')', 'gu');
}
// HTML of `t`, the words of the query (`re` in `ft`, `t` folded) in <mark>.
function marked(t, ft, re) {
  var out = '', at = 0, m;
  for (re.lastIndex = 0; (m = re.exec(ft)); at = re.lastIndex) out += esc(t.slice(at, m.index)) + '<mark>' + esc(t.slice(m.index, re.lastIndex)) + '</mark>';
  return out + esc(t.slice(at));
}
// 240 characters of the excerpt where most query words stand close together.
function snippet(doc, res) {
  var t = doc.x, ft = doc.fx || (doc.fx = foldSame(t)), re = res.re, words = res.words.map(w => w.folded);
  var hits = [], m, best = -1, most = 0, i, j, seen;
  for (re.lastIndex = 0; (m = re.exec(ft));) hits.push([m.index, words.indexOf(m[0])]);
  for (i = 0; i < hits.length; i++) {
    for (seen = new Set(), j = i; j < hits.length && hits[j][0] - hits[i][0] < 120; j++) seen.add(hits[j][1]);
    if (seen.size > most) { most = seen.size; best = hits[i][0]; }
  }
  var from = best > 80 ? t.indexOf(' ', best - 80) + 1 : 0, to = from + 240, cut = to < t.length;
  if (cut && t.lastIndexOf(' ', to - 1) > from) to = t.lastIndexOf(' ', to - 1);
  return (from ? '…' : '') + marked(t.slice(from, to), ft.slice(from, to), re) + (cut ? '…' : '');
}
function item(doc, res) {
  var meta = doc.d ? '<time datetime="' + esc(doc.d) + '">' + esc(doc.s) + '</time>' : '';
  if (doc.a.length) meta += (doc.d ? ' · ' : '') + esc(doc.a.join(', '));
  return '<li><h2><a href="' + esc(root + doc.u) + '">' + marked(doc.t, doc.ft || (doc.ft = foldSame(doc.t)), res.re) + '</a></h2>' +
    (meta ? '<p class="meta">' + meta + '</p>' : '') + (doc.x ? '<p>' + snippet(doc, res) + '</p>' : '') + '</li>';
}
// The next PER_PAGE results, added to the list (or replacing it) at once.
async function showMore(res, id, replace) {
  await engine.more(res, shown + PER_PAGE);
  if (id !== seq) return false;
  var docs = await Promise.all(res.hits.slice(shown, shown + PER_PAGE).map(h => engine.doc(h.doc)));
  if (id !== seq) return false;
  var html = docs.map(doc => item(doc, res)).join('');
  if (replace) list.innerHTML = html; else list.insertAdjacentHTML('beforeend', html);
  shown += docs.length;
  more.hidden = shown >= res.total;
  return true;
}
async function run(q) {
  var id = ++seq, t0 = performance.now();
  try {
    var res = await engine.search(q), t1 = performance.now();
    if (id !== seq) return;
    current = res;
    res.re = res.words.length && pattern(res);
    shown = 0;
    if (!(await showMore(res, id, true))) return;
    var n = res.total, shownQ = '“' + q.trim() + '”';
    status.textContent = !res.words.length ? '' : n ? 'Tìm thấy ' + n + ' kết quả cho ' + shownQ + '.' : 'Không tìm thấy kết quả nào cho ' + shownQ + '.';
    list.dataset.done = q;
    // ms: from the query to the results in the list; search: of it, to the ranking.
    list.dispatchEvent(new CustomEvent('loa-search', { detail: { q: q, count: n, ms: performance.now() - t0, search: t1 - t0 } }));
  } catch (e) {
    if (id === seq) status.textContent = 'Chưa tải được chỉ mục tìm kiếm. Vui lòng thử lại.';
  }
}
function fromUrl() { return new URLSearchParams(location.search).get('q') || ''; }
// The address follows the query, once typing pauses (history calls are slow):
// the first change after a submit or a load adds an entry, the next replace it.
function address() {
  clearTimeout(later);
  var q = input.value, url = new URL(location.href);
  if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
  if (url.href !== location.href) {
    if (pushed) history.replaceState(null, '', url); else history.pushState(null, '', url);
    pushed = true;
  }
}
function update() {
  clearTimeout(later);
  later = setTimeout(address, 400);
  run(input.value);
}
input.addEventListener('input', () => {
  // At once if the data is in memory or after a pause; a burst of keys that
  // needs files waits for a pause, not to fetch every prefix.
  var now = Date.now(), wait = now - lastKey < 300 && !engine.ready(input.value);
  lastKey = now;
  clearTimeout(timer);
  if (wait) timer = setTimeout(update, 150); else update();
});
form.addEventListener('submit', (e) => {
  e.preventDefault();
  clearTimeout(timer);
  run(input.value);
  address();
  pushed = false;
});
more.addEventListener('click', () => { if (current) showMore(current, seq); });
window.addEventListener('popstate', () => { clearTimeout(later); input.value = fromUrl(); pushed = false; run(input.value); });
input.value = fromUrl();
if (input.value) run(input.value); else engine.meta().catch(() => {});
})();
