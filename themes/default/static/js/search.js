/* Loa site search (contract §8). Index: src/output/search.rs; folding and
   ranking as in src/search/, keep them in step. */
(function () {
  'use strict';
  var FIELD = [3, 2, 1], PHRASE = 10, ACCENT = 4, MIN_PREFIX = 2, PER_PAGE = 10;
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;

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
  // One key's entry: forms, documents per field, documents per form.
  function posting(e, n) {
    var p = { fields: e[1].map(s => decode(s, n)), variants: [] };
    if (e[2].length) p.variants = e[0].map((f, i) => [f, decode(e[2][i], n)]);
    else p.variants = [[e[0][0], [].concat(p.fields[0], p.fields[1], p.fields[2])]];
    return p;
  }
  function shardOf(firsts, key) {
    var lo = 0, hi = firsts.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (firsts[mid] <= key) lo = mid; else hi = mid - 1; }
    return lo;
  }
  function addAccent(scores, p, ok) {
    var seen = new Uint8Array(scores.length);
    p.variants.forEach((v) => { if (ok(v[0])) v[1].forEach((d) => { seen[d] = 1; }); });
    for (var d = 0; d < scores.length; d++) if (seen[d]) scores[d] += ACCENT;
  }

  // Ranks as Index::search does; `uni[i]` are the postings word i may match,
  // `bi[i]` the posting of words i and i+1 side by side (or null).
  function rank(n, words, uni, bi) {
    var scores = new Uint32Array(n), count = new Uint8Array(n), d, i;
    uni.forEach((ps) => {
      var best = new Uint8Array(n);
      ps.forEach((p) => {
        p.fields.forEach((docs, f) => { docs.forEach((d) => { if (best[d] < FIELD[f]) best[d] = FIELD[f]; }); });
      });
      for (d = 0; d < n; d++) if (best[d]) { count[d]++; scores[d] += best[d]; }
    });
    words.forEach((w, i) => {
      var p = uni[i].exact;
      if (w.typed !== w.folded && p) addAccent(scores, p, f => f === w.typed);
    });
    for (i = 0; i + 1 < words.length; i++) {
      var p = bi[i], a = words[i], b = words[i + 1];
      if (!p) continue;
      var best = new Uint8Array(n);
      p.fields.forEach((docs, f) => { docs.forEach((d) => { if (best[d] < PHRASE + FIELD[f]) best[d] = PHRASE + FIELD[f]; }); });
      for (d = 0; d < n; d++) scores[d] += best[d];
      if (a.typed !== a.folded || b.typed !== b.folded) addAccent(scores, p, (f) => {
        var x = f.split(' ');
        return (a.typed === a.folded || x[0] === a.typed) && (b.typed === b.folded || x[1] === b.typed);
      });
    }
    var hits = [];
    for (d = 0; d < n; d++) if (count[d] === words.length) hits.push({ doc: d, score: scores[d] });
    hits.sort((x, y) => y.score - x.score || x.doc - y.doc);
    return hits;
  }

  // The index behind `get(path)`, which resolves to parsed JSON.
  function createSearch(get) {
    var cache = {}, metaP = null;
    function load(path) { return cache[path] || (cache[path] = get(path)); }
    function meta() { return metaP || (metaP = load('meta.json')); }
    function shard(m, space, i) { return load(space + '/' + i + '.json'); }
    async function search(q) {
      var words = tokens(q);
      if (!words.length) return { words: words, hits: [] };
      var m = await meta(), n = m.n, last = words.length - 1;
      var prefix = /[\p{L}\p{N}\p{M}]$/u.test(q) && [...words[last].folded].length >= MIN_PREFIX;
      var uni = await Promise.all(words.map(async (w, i) => {
        var from = shardOf(m.u, w.folded), to = prefix && i === last ? shardOf(m.u, w.folded + '\uffff') : from, ps = [], list = [];
        for (var s = from; s <= to; s++) list.push(shard(m, 'u', s));
        (await Promise.all(list)).forEach((sh) => {
          for (var k in sh) if (k === w.folded || (prefix && i === last && k.startsWith(w.folded))) {
            var p = posting(sh[k], n);
            ps.push(p);
            if (k === w.folded) ps.exact = p;
          }
        });
        return ps;
      }));
      var bi = await Promise.all(words.slice(1).map(async (w, i) => {
        var key = words[i].folded + ' ' + w.folded, sh = await shard(m, 'b', shardOf(m.b, key));
        return sh[key] ? posting(sh[key], n) : null;
      }));
      return { words: words, prefix: prefix, hits: rank(n, words, uni, bi) };
    }
    return { search: search, doc: i => load('d/' + i + '.json') };
  }

  if (typeof module === 'object' && module.exports) {
    module.exports = { fold: fold, tokens: tokens, decode: decode, rank: rank, createSearch: createSearch };
    return;
  }

  var folds = new Map(), fw = w => folds.get(w) || (folds.set(w, fold(w)), folds.get(w));
  var list = document.getElementById('ket-qua');
  if (!list) return;
  var input = document.getElementById('tu-khoa'), form = input.form, status = document.getElementById('ket-qua-dem');
  var more = document.getElementById('xem-them'), base = new URL(list.dataset.index, document.baseURI);
  var root = new URL('../../', base).href, seq = 0, shown = 0, current = null, timer = 0, lastKey = 0, pushed = false;
  document.getElementById('khong-js').hidden = true;
  var engine = createSearch((path) => {
    return fetch(new URL(path, base)).then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); });
  });

  // Appends `text` to `el`, the words that match the query in <mark>.
  function marked(el, text, res) {
    var folded = res.words.map(w => w.folded), end = folded.length - 1, at = 0;
    text.replace(WORD, (w, i) => {
      var f = fw(w), hit = folded.indexOf(f) >= 0 || (res.prefix && f.startsWith(folded[end]));
      if (!hit) return w;
      el.append(text.slice(at, i));
      var mk = document.createElement('mark');
      mk.textContent = w;
      el.append(mk);
      at = i + w.length;
      return w;
    });
    el.append(text.slice(at));
  }
  // 240 characters where most query words stand close together.
  function snippet(text, res) {
    var folded = res.words.map(w => w.folded), hits = [], m, best = -1, most = 0, i, j;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) if (folded.indexOf(fw(m[0])) >= 0) hits.push([m.index, fw(m[0])]);
    for (i = 0; i < hits.length; i++) {
      var seen = {};
      for (j = i; j < hits.length && hits[j][0] - hits[i][0] < 120; j++) seen[hits[j][1]] = 1;
      if (Object.keys(seen).length > most) { most = Object.keys(seen).length; best = hits[i][0]; }
    }
    var from = best > 80 ? text.indexOf(' ', best - 80) + 1 : 0, s = text.slice(from, from + 240);
    if (from + 240 < text.length) s = s.slice(0, s.lastIndexOf(' ')) + '…';
    return (from ? '…' : '') + s;
  }
  function item(doc, res) {
    var li = document.createElement('li'), h = document.createElement('h2'), a = document.createElement('a');
    a.href = root + doc.u;
    marked(a, doc.t, res);
    h.append(a);
    li.append(h);
    var meta = document.createElement('p');
    meta.className = 'meta';
    if (doc.d) { var t = document.createElement('time'); t.dateTime = doc.d; t.textContent = doc.s; meta.append(t); }
    if (doc.a.length) meta.append((doc.d ? ' · ' : '') + doc.a.join(', '));
    if (meta.childNodes.length) li.append(meta);
    if (doc.x) { var p = document.createElement('p'); marked(p, snippet(doc.x, res), res); li.append(p); }
    return li;
  }
  async function showMore(res, id) {
    var docs = await Promise.all(res.hits.slice(shown, shown + PER_PAGE).map(h => engine.doc(h.doc)));
    if (id !== seq) return;
    docs.forEach((doc) => { list.append(item(doc, res)); });
    shown += docs.length;
    more.hidden = shown >= res.hits.length;
  }
  async function run(q) {
    var id = ++seq, t0 = performance.now();
    try {
      var res = await engine.search(q);
      if (id !== seq) return;
      current = res;
      shown = 0;
      list.textContent = '';
      await showMore(res, id);
      if (id !== seq) return;
      var n = res.hits.length, shownQ = '“' + q.trim() + '”';
      status.textContent = !res.words.length ? '' : n ? 'Tìm thấy ' + n + ' kết quả cho ' + shownQ + '.' : 'Không tìm thấy kết quả nào cho ' + shownQ + '.';
      list.dataset.done = q;
      list.dispatchEvent(new CustomEvent('loa-search', { detail: { q: q, count: n, ms: performance.now() - t0 } }));
    } catch (e) {
      if (id === seq) status.textContent = 'Chưa tải được chỉ mục tìm kiếm. Vui lòng thử lại.';
    }
  }
  function fromUrl() { return new URLSearchParams(location.search).get('q') || ''; }
  function update() {
    var q = input.value, url = new URL(location.href);
    if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
    if (url.href !== location.href) {
      if (pushed) history.replaceState(null, '', url); else history.pushState(null, '', url);
      pushed = true;
    }
    run(q);
  }
  input.addEventListener('input', () => {
    // The first key after a pause searches at once; a burst waits for a pause.
    var now = Date.now(), wait = now - lastKey > 300 ? 0 : 150;
    lastKey = now;
    clearTimeout(timer);
    if (wait) timer = setTimeout(update, wait); else update();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    update();
    pushed = false;
  });
  more.addEventListener('click', () => { if (current) showMore(current, seq); });
  window.addEventListener('popstate', () => { input.value = fromUrl(); pushed = false; run(input.value); });
  input.value = fromUrl();
  if (input.value) run(input.value);
})();
