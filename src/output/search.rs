//! The search index as files (contract §8), under `tim-kiem/chi-muc/`:
//!
//! - `meta.json`: `{"v":2,"n":docs,"k":documents per key shard,"o":order shards,"u":[first key of each unigram shard],"b":[… bigram shard]}`;
//! - `u/<i>.json`, `b/<i>.json`: shards of consecutive keys (so by folded
//!   prefix; where a shard ends, see [`ends_shard`]), each `{"key":[[forms…],[title,summary,body],[docs per form]]}`,
//!   the last list empty when a key has a single form (its documents are then
//!   those of the fields);
//! - `d/<n>.json`: document `n` as a result shows it;
//! - `k/<i>.json`: the sort keys of documents `i*k` to `i*k+k-1`, a JSON
//!   array: an article's publication time in Unix seconds (a fraction when
//!   it has one), `null` for a page. Results of equal score rank by key,
//!   greatest first, pages last, then by number; a browser fetches only the
//!   key shards of the documents that match. Documents are numbered in an
//!   order a date edit does not change (see [`crate::search::documents`]),
//!   so a redated article changes its own `d` file and one key shard;
//! - `o/<i>.json`: every document number in the order of the keys (the
//!   newest first, pages last), cut into shards of about 256 (a shard ends
//!   after a document whose number hashes so, or at 1,024): a query that
//!   matches many documents of equal score reads the first of them instead
//!   of the keys of all. A redate moves one number, from one shard to
//!   another (and, when it ends a shard, moves that end).
//!
//! A set of documents is a string: base64 of a tag byte then either the
//! gaps between ascending numbers as LEB128 varints (tag 0), a bitmap of
//! all documents, least significant bit first (tag 1), or, for sets of more
//! than half the documents, the gaps of the documents missing (tag 2),
//! whichever is shortest.
//! Pure and deterministic: the same site gives the same bytes.

use super::{Body, OutputFile};
use crate::search::live::{Changes, Live};
use crate::search::{DocInfo, DocSet, Index, Posting, SortKey};
use crate::site::Site;
use crate::urls;
use rayon::prelude::*;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::Arc;

/// Shards average about this many bytes.
pub const SHARD_BYTES: usize = 6 * 1024;
/// A shard ends after a key only once it has this many bytes…
const MIN_SHARD: usize = 4 * 1024;
/// … and always once it has this many.
const MAX_SHARD: usize = 10 * 1024;
/// Past [`MIN_SHARD`], a key of `len` bytes ends its shard with a
/// probability of `len / CUT_BYTES`, decided by a hash of the key alone.
const CUT_BYTES: u64 = 2 * 1024;

/// Whether the shard that has reached `bytes` ends after a key whose entry
/// takes `len` bytes and whose [`cut_of`] is `cut`. The cut depends on the
/// key and its own entry, not on where the shard began, so an edit that
/// changes a few entries changes the shards that hold them (and at most the
/// next), not every shard after them: `loa serve` then rewrites only those.
fn ends_shard(cut: u64, len: usize, bytes: usize) -> bool {
    bytes >= MAX_SHARD || (bytes >= MIN_SHARD && cut < len as u64)
}

fn cut_of(key: &str) -> u64 {
    fnv1a(key.as_bytes()) % CUT_BYTES
}

/// 64-bit FNV-1a: a fixed hash, the same on every machine and build.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3))
}

/// The folder of the index files.
pub fn index_dir() -> String {
    format!("{}/{}/", urls::SEARCH, urls::SEARCH_INDEX)
}

/// Every file of the index.
/// The files [`Files::new`] makes of `index`, for a build
/// that keeps nothing for later: each part of `index` is freed once its
/// files are made, so that the index and its files are never all in memory
/// at once.
pub fn render_index(mut index: Index) -> Vec<OutputFile> {
    let n = index.docs.len();
    let ((keys, order), docs) = rayon::join(
        || {
            let keys: Vec<Vec<u8>> = (0..n.div_ceil(KEYS_PER_SHARD)).into_par_iter().map(|i| keys_json(&index, i)).collect();
            (keys, order_json(&index))
        },
        || index.docs.par_iter().map(doc_json).collect::<Vec<Vec<u8>>>(),
    );
    // Freeing the model's parts takes tens of milliseconds at 10,000
    // articles: done on a thread of their own while the next part is encoded.
    crate::drop_in_background(std::mem::take(&mut index.docs));
    let dir = index_dir();
    let mut files = Vec::with_capacity(n + keys.len() + order.len() + 1);
    let mut firsts: [Vec<String>; 2] = Default::default();
    for (s, postings) in [std::mem::take(&mut index.unigrams), std::mem::take(&mut index.bigrams)].into_iter().enumerate() {
        let entries = encode_all(&postings, n, 0);
        crate::drop_in_background(postings);
        let shards = cut(&entries, &[], 0);
        crate::drop_in_background(entries);
        for (i, shard) in shards.into_iter().enumerate() {
            firsts[s].push(shard.first);
            let body = Arc::try_unwrap(shard.body).unwrap_or_else(|shared| (*shared).clone());
            files.push(OutputFile { path: Files::shard_path(&dir, s, i), body: Body::Bytes(body) });
        }
    }
    files.push(OutputFile { path: format!("{dir}meta.json"), body: Body::Bytes(meta_json(n, order.len(), &firsts)) });
    for (i, doc) in docs.into_iter().enumerate() {
        files.push(OutputFile { path: format!("{dir}d/{i}.json"), body: Body::Bytes(doc) });
    }
    for (i, keys) in keys.into_iter().enumerate() {
        files.push(OutputFile { path: format!("{dir}k/{i}.json"), body: Body::Bytes(keys) });
    }
    for (i, order) in order.into_iter().enumerate() {
        files.push(OutputFile { path: format!("{dir}o/{i}.json"), body: Body::Bytes(order) });
    }
    files
}

/// `meta.json`: the format, the counts, and the first key of each shard of
/// each space.
fn meta_json(n: usize, orders: usize, firsts: &[Vec<String>; 2]) -> Vec<u8> {
    json!({ "v": 2, "n": n, "k": KEYS_PER_SHARD, "o": orders, "u": firsts[0], "b": firsts[1] }).to_string().into_bytes()
}

/// Documents per key shard (`k/<i>.json`): about 6 KB.
pub const KEYS_PER_SHARD: usize = 512;
/// An order shard ends after a document whose number hashes to 0 modulo
/// this…
const ORDER_CUT: u64 = 256;
/// … or once it has this many.
const ORDER_MAX: usize = 1024;

/// The names of the two spaces of keys: words, pairs of words.
const SPACES: [&str; 2] = ["u", "b"];

/// The index files of one space, with the entries they are cut from.
#[derive(Default)]
struct Space {
    entries: BTreeMap<String, Entry>,
    shards: Vec<Shard>,
}

/// One key's entry in its shard.
struct Entry {
    /// `"key":[…]`.
    text: String,
    /// [`cut_of`] the key.
    cut: u64,
    /// The update that last changed it.
    round: u64,
}

struct Shard {
    first: String,
    last: String,
    keys: usize,
    body: Arc<Vec<u8>>,
}

/// Files to write and files to remove.
#[derive(Debug, Default)]
pub struct Delta {
    pub write: Vec<OutputFile>,
    /// Paths in the output folder.
    pub remove: Vec<String>,
}

/// The files of an index, kept with what they were made of, so that an
/// update encodes again only the keys and documents that changed and
/// rebuilds only the shards that hold them.
pub struct Files {
    /// Documents.
    n: usize,
    round: u64,
    spaces: [Space; 2],
    /// `d/<i>.json`.
    docs: Vec<Vec<u8>>,
    /// `k/<i>.json`.
    keys: Vec<Vec<u8>>,
    /// `o/<i>.json`.
    order: Vec<Vec<u8>>,
    meta: Vec<u8>,
}

impl Files {
    /// The files of `index`.
    pub fn new(index: &Index) -> Files {
        let n = index.docs.len();
        let [u, b] = [&index.unigrams, &index.bigrams].map(|keys| {
            let entries = encode_all(keys, n, 0);
            let shards = cut(&entries, &[], 0);
            Space { entries, shards }
        });
        let docs = index.docs.par_iter().map(doc_json).collect();
        let keys = (0..n.div_ceil(KEYS_PER_SHARD)).map(|i| keys_json(index, i)).collect();
        let mut files = Files { n, round: 0, spaces: [u, b], docs, keys, order: order_json(index), meta: Vec::new() };
        files.meta = files.meta_json();
        files
    }

    fn meta_json(&self) -> Vec<u8> {
        let firsts = |s: usize| self.spaces[s].shards.iter().map(|sh| sh.first.clone()).collect::<Vec<_>>();
        meta_json(self.n, self.order.len(), &[firsts(0), firsts(1)])
    }

    fn shard_path(dir: &str, space: usize, i: usize) -> String {
        format!("{dir}{}/{i}.json", SPACES[space])
    }

    /// Every file.
    fn to_files(&self) -> Vec<OutputFile> {
        let dir = index_dir();
        let mut files = Vec::with_capacity(self.spaces.iter().map(|s| s.shards.len()).sum::<usize>() + 1 + self.docs.len());
        for (s, space) in self.spaces.iter().enumerate() {
            for (i, shard) in space.shards.iter().enumerate() {
                files.push(OutputFile { path: Files::shard_path(&dir, s, i), body: Body::Bytes(shard.body.to_vec()) });
            }
        }
        files.push(OutputFile { path: format!("{dir}meta.json"), body: Body::Bytes(self.meta.clone()) });
        for (i, doc) in self.docs.iter().enumerate() {
            files.push(OutputFile { path: format!("{dir}d/{i}.json"), body: Body::Bytes(doc.clone()) });
        }
        for (i, keys) in self.keys.iter().enumerate() {
            files.push(OutputFile { path: format!("{dir}k/{i}.json"), body: Body::Bytes(keys.clone()) });
        }
        for (i, order) in self.order.iter().enumerate() {
            files.push(OutputFile { path: format!("{dir}o/{i}.json"), body: Body::Bytes(order.clone()) });
        }
        files
    }

    /// The paths of every file.
    fn paths(&self) -> Vec<String> {
        let dir = index_dir();
        let mut paths: Vec<String> = (0..2)
            .flat_map(|s| (0..self.spaces[s].shards.len()).map(move |i| (s, i)))
            .map(|(s, i)| Files::shard_path(&dir, s, i))
            .collect();
        paths.push(format!("{dir}meta.json"));
        paths.extend((0..self.docs.len()).map(|i| format!("{dir}d/{i}.json")));
        paths.extend((0..self.keys.len()).map(|i| format!("{dir}k/{i}.json")));
        paths.extend((0..self.order.len()).map(|i| format!("{dir}o/{i}.json")));
        paths
    }

    /// Brings the files up to date with `index`, which `changes` made from
    /// the index of the last call; returns the files whose bytes changed and
    /// those no longer produced.
    pub fn update(&mut self, index: &Index, changes: &Changes) -> Delta {
        self.round += 1;
        let round = self.round;
        let n = index.docs.len();
        // Sets are encoded against the number of documents.
        let every = changes.all || n != self.n;
        let dir = index_dir();
        let mut delta = Delta::default();
        for (s, (keys, changed)) in [(&index.unigrams, &changes.unigrams), (&index.bigrams, &changes.bigrams)].into_iter().enumerate() {
            let space = &mut self.spaces[s];
            if every {
                space.entries = encode_all(keys, n, round);
            } else {
                // Encoded in parallel: a date edit changes nearly every key.
                let texts: Vec<(&String, Option<String>)> =
                    changed.par_iter().map(|key| (key, keys.get(key).map(|p| entry_text(key, p, n)))).collect();
                for (key, text) in texts {
                    match text {
                        Some(text) => match space.entries.get_mut(key) {
                            Some(e) if e.text == text => {}
                            Some(e) => {
                                e.text = text;
                                e.round = round;
                            }
                            None => {
                                space.entries.insert(key.clone(), Entry { text, cut: cut_of(key), round });
                            }
                        },
                        None => {
                            space.entries.remove(key);
                        }
                    }
                }
            }
            let old = std::mem::take(&mut space.shards);
            space.shards = cut(&space.entries, &old, round);
            for (i, shard) in space.shards.iter().enumerate() {
                if old.get(i).is_none_or(|o| !Arc::ptr_eq(&o.body, &shard.body) && o.body != shard.body) {
                    delta.write.push(OutputFile { path: Files::shard_path(&dir, s, i), body: Body::Bytes(shard.body.to_vec()) });
                }
            }
            delta.remove.extend((space.shards.len()..old.len()).map(|i| Files::shard_path(&dir, s, i)));
        }
        let docs: Vec<u32> = if every { (0..n as u32).collect() } else { changes.docs.clone() };
        self.docs.truncate(n);
        let encoded: Vec<(u32, Vec<u8>)> = docs.par_iter().map(|&i| (i, doc_json(&index.docs[i as usize]))).collect();
        for (i, bytes) in encoded {
            keep_numbered(&mut self.docs, i as usize, format!("{dir}d/{i}.json"), bytes, &mut delta);
        }
        delta.remove.extend((n..self.n).map(|i| format!("{dir}d/{i}.json")));
        let shards = n.div_ceil(KEYS_PER_SHARD);
        let mut stale: Vec<usize> =
            if every { (0..shards).collect() } else { changes.keys.iter().map(|&i| i as usize / KEYS_PER_SHARD).collect() };
        stale.dedup();
        delta.remove.extend((shards..self.keys.len()).map(|i| format!("{dir}k/{i}.json")));
        self.keys.truncate(shards);
        for i in stale {
            keep_numbered(&mut self.keys, i, format!("{dir}k/{i}.json"), keys_json(index, i), &mut delta);
        }
        if every || !changes.keys.is_empty() {
            let order = order_json(index);
            for (i, bytes) in order.iter().enumerate() {
                if self.order.get(i) != Some(bytes) {
                    delta.write.push(OutputFile { path: format!("{dir}o/{i}.json"), body: Body::Bytes(bytes.clone()) });
                }
            }
            delta.remove.extend((order.len()..self.order.len()).map(|i| format!("{dir}o/{i}.json")));
            self.order = order;
        }
        self.n = n;
        let meta = self.meta_json();
        if meta != self.meta {
            delta.write.push(OutputFile { path: format!("{dir}meta.json"), body: Body::Bytes(meta.clone()) });
            self.meta = meta;
        }
        delta
    }
}

/// Keeps the bytes of file `i` of a numbered kind (`d/`, `k/`), asked for
/// in ascending order, so that a new file is the next one; the file is
/// written when its bytes changed.
fn keep_numbered(kept: &mut Vec<Vec<u8>>, i: usize, path: String, bytes: Vec<u8>, delta: &mut Delta) {
    if kept.get(i) == Some(&bytes) {
        return;
    }
    delta.write.push(OutputFile { path, body: Body::Bytes(bytes.clone()) });
    if i < kept.len() {
        kept[i] = bytes;
    } else {
        kept.push(bytes);
    }
}

/// The index of a `loa serve` session: the model and its files, updated in
/// place from one build to the next.
#[derive(Default)]
pub struct LiveIndex {
    model: Live,
    files: Option<Files>,
    /// Paths that may be on disk from before a [`LiveIndex::reset`].
    stale: Vec<String>,
}

impl LiveIndex {
    /// Brings the index up to date with `site`: returns the files that
    /// changed since the last update (all of them on the first, or after a
    /// reset) and the paths no longer produced.
    pub fn update(&mut self, site: &Site) -> Delta {
        let started = crate::search::start();
        let delta = self.update_files(site);
        crate::search::report_time("search-index-update", started);
        delta
    }

    fn update_files(&mut self, site: &Site) -> Delta {
        let changes = self.model.update(site);
        if let Some(files) = &mut self.files {
            return files.update(self.model.index(), &changes);
        }
        let files = Files::new(self.model.index());
        let paths: std::collections::HashSet<String> = files.paths().into_iter().collect();
        let remove = std::mem::take(&mut self.stale).into_iter().filter(|p| !paths.contains(p)).collect();
        let write = files.to_files();
        self.files = Some(files);
        Delta { write, remove }
    }

    /// Forgets the index, as when what is on disk is no longer known (a
    /// failed write): the next update returns every file.
    pub fn reset(&mut self) {
        if let Some(files) = self.files.take() {
            self.stale.extend(files.paths());
        }
        self.model = Live::default();
    }
}

/// Every key's entry, in key order.
fn encode_all(keys: &BTreeMap<String, Posting>, n: usize, round: u64) -> BTreeMap<String, Entry> {
    let entries: Vec<(String, Entry)> =
        keys.par_iter().map(|(key, p)| (key.clone(), Entry { text: entry_text(key, p, n), cut: cut_of(key), round })).collect();
    entries.into_iter().collect()
}

/// Cuts the entries into shards. A shard with the same keys as one of `old`
/// (same first and last key, as many keys) and no entry changed in `round`
/// keeps that shard's bytes; the others are joined anew.
fn cut(entries: &BTreeMap<String, Entry>, old: &[Shard], round: u64) -> Vec<Shard> {
    // (first, last, keys, whether an entry changed)
    let mut bounds: Vec<(&str, &str, usize, bool)> = Vec::new();
    let (mut bytes, mut keys, mut changed, mut first) = (0, 0, false, "");
    for (key, e) in entries {
        if keys == 0 {
            bytes = 1;
            first = key;
            changed = false;
        } else {
            bytes += 1;
        }
        bytes += e.text.len();
        keys += 1;
        changed |= e.round == round;
        if ends_shard(e.cut, e.text.len(), bytes) {
            bounds.push((first, key, keys, changed));
            keys = 0;
        }
    }
    if keys > 0 {
        let last = entries.keys().next_back().expect("a key");
        bounds.push((first, last, keys, changed));
    }
    let by_first: HashMap<&str, &Shard> = old.iter().map(|s| (s.first.as_str(), s)).collect();
    bounds
        .into_par_iter()
        .map(|(first, last, keys, changed)| {
            if !changed
                && let Some(o) = by_first.get(first)
                && o.last == last
                && o.keys == keys
            {
                return Shard { first: first.to_string(), last: last.to_string(), keys, body: o.body.clone() };
            }
            let mut body = Vec::with_capacity(MAX_SHARD + 1024);
            body.push(b'{');
            for (i, (_, e)) in entries.range::<str, _>((Bound::Included(first), Bound::Included(last))).enumerate() {
                if i > 0 {
                    body.push(b',');
                }
                body.extend_from_slice(e.text.as_bytes());
            }
            body.push(b'}');
            Shard { first: first.to_string(), last: last.to_string(), keys, body: Arc::new(body) }
        })
        .collect()
}

/// `d/<n>.json`: the object `serde_json` writes of the result entry, with
/// its keys in order (`a`, `d`, `s`, `t`, `u`, `x`), written straight.
fn doc_json(doc: &DocInfo) -> Vec<u8> {
    let mut out = String::with_capacity(64 + doc.path.len() + doc.title.len() + doc.excerpt.len());
    out.push_str("{\"a\":[");
    for (i, area) in doc.areas.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_str(&mut out, area);
    }
    for (name, value) in [
        ("],\"d\":", &doc.date_iso),
        (",\"s\":", &doc.date_short),
        (",\"t\":", &doc.title),
        (",\"u\":", &doc.path),
        (",\"x\":", &doc.excerpt),
    ] {
        out.push_str(name);
        push_json_str(&mut out, value);
    }
    out.push('}');
    out.into_bytes()
}

/// Key shard `shard`: the sort keys of its documents (see the module header).
fn keys_json(index: &Index, shard: usize) -> Vec<u8> {
    let mut out = String::with_capacity(KEYS_PER_SHARD * 11 + 2);
    out.push('[');
    for d in shard * KEYS_PER_SHARD..index.docs.len().min((shard + 1) * KEYS_PER_SHARD) {
        if d > shard * KEYS_PER_SHARD {
            out.push(',');
        }
        push_key(&mut out, index.key(d as u32));
    }
    out.push(']');
    out.into_bytes()
}

/// The order shards (see the module header).
fn order_json(index: &Index) -> Vec<Vec<u8>> {
    use std::fmt::Write;
    let mut docs: Vec<u32> = (0..index.docs.len() as u32).collect();
    docs.sort_unstable_by(|&x, &y| index.key(y).cmp(&index.key(x)).then(x.cmp(&y)));
    let mut shards = Vec::new();
    let (mut shard, mut len) = (String::from("["), 0);
    for d in docs {
        if len > 0 {
            shard.push(',');
        }
        write!(shard, "{d}").expect("a String");
        len += 1;
        if len >= ORDER_MAX || fnv1a(&d.to_le_bytes()).is_multiple_of(ORDER_CUT) {
            shard.push(']');
            shards.push(std::mem::replace(&mut shard, String::from("[")).into_bytes());
            len = 0;
        }
    }
    if len > 0 {
        shard.push(']');
        shards.push(shard.into_bytes());
    }
    shards
}

/// A sort key as a JSON number (seconds, with the nanoseconds as a
/// fraction when there are any) or `null`.
fn push_key(out: &mut String, key: SortKey) {
    use std::fmt::Write;
    match key {
        None => out.push_str("null"),
        Some((s, 0)) => write!(out, "{s}").expect("a String"),
        Some((s, ns)) => {
            // s + ns / 1e9, with ns in 1..1e9: below zero, the fraction counts down.
            let (sign, whole, frac) = if s < 0 { ("-", -(s + 1), 1_000_000_000 - ns) } else { ("", s, ns) };
            let frac = format!("{frac:09}");
            write!(out, "{sign}{whole}.{}", frac.trim_end_matches('0')).expect("a String");
        }
    }
}

/// `"key":[[forms…],[title,summary,body],[docs per form]]`.
fn entry_text(key: &str, p: &Posting, n: usize) -> String {
    // The room it takes at most when nothing is escaped, made at once.
    let sets = p.fields.iter().chain(p.variants.iter().filter(|_| p.variants.len() > 1).map(|(_, docs)| docs));
    let room = key.len()
        + p.variants.iter().map(|(form, _)| form.len() + 3).sum::<usize>()
        + sets.map(|docs| 3 + 4 * (1 + docs.gap_bytes().len().min(n.div_ceil(8))).div_ceil(3)).sum::<usize>()
        + 16;
    let mut out = String::with_capacity(room);
    push_json_str(&mut out, key);
    out.push_str(":[[");
    for (i, (form, _)) in p.variants.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_str(&mut out, form);
    }
    out.push_str("],[");
    push_sets(&mut out, p.fields.iter(), n);
    out.push_str("],[");
    if p.variants.len() > 1 {
        push_sets(&mut out, p.variants.iter().map(|(_, docs)| docs), n);
    }
    out.push_str("]]");
    out
}

/// A JSON string, escaped as `serde_json` escapes it.
fn push_json_str(out: &mut String, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&serde_json::to_string(s).expect("a string"));
    }
}

/// Encodes ascending document numbers below `n` (see the module header).
pub fn encode_set(docs: &[u32], n: usize) -> String {
    let mut out = String::new();
    push_set(&mut out, &DocSet::from_sorted(docs.iter().copied()), n);
    out
}

/// Sets as a comma-separated list of JSON strings (see [`push_set`]).
fn push_sets<'a>(out: &mut String, sets: impl Iterator<Item = &'a DocSet>, n: usize) {
    for (i, docs) in sets.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        push_set(out, docs, n);
        out.push('"');
    }
}

/// Appends [`encode_set`]'s string to `out`. The set keeps its gaps as
/// the varints of the sparse encoding, so that one is copied as it is.
fn push_set(out: &mut String, docs: &DocSet, n: usize) {
    if docs.is_empty() {
        return;
    }
    let bitmap_len = 1 + n.div_ceil(8);
    let gaps_len = 1 + docs.gap_bytes().len();
    // Nearly every document: the gaps of those missing.
    let dense = docs.len() * 2 > n;
    let mut b = Base64::new(out);
    if dense && complement_shorter(docs, n, gaps_len.min(bitmap_len)) {
        b.push(2);
        push_varints(&mut b, complement(docs, n));
    } else if gaps_len <= bitmap_len {
        b.push(0);
        b.extend(docs.gap_bytes());
    } else {
        b.push(1);
        let mut bits = vec![0u8; n.div_ceil(8)];
        for d in docs.iter() {
            bits[d as usize / 8] |= 1 << (d % 8);
        }
        b.extend(&bits);
    }
    b.finish();
}

/// Whether the encoding of the documents below `n` missing from `docs`
/// (its tag, then the varints of [`complement`]) takes fewer than
/// `bound` bytes. Counted from the holes between the documents, a hole at
/// a time: the gap to its first document, then a byte for each of the
/// others (a gap of 1); it stops once the bound is reached.
fn complement_shorter(docs: &DocSet, n: usize, bound: usize) -> bool {
    let mut len = 1;
    // The first number that may be missing, and the last that was.
    let (mut start, mut previous) = (0u32, None::<u32>);
    for end in docs.iter().chain(std::iter::once(n as u32)) {
        if end > start {
            let gap = previous.map_or(start, |p| start - p);
            len += varint_len(gap) + (end - start - 1) as usize;
            if len >= bound {
                return false;
            }
            previous = Some(end - 1);
        }
        start = end + 1;
    }
    true
}

fn varint_len(value: u32) -> usize {
    (32 - (value | 1).leading_zeros() as usize).div_ceil(7)
}

/// The documents below `n` not in ascending `docs`, taken from the holes
/// between them (so in time of the documents missing, not of `n`).
fn complement(docs: &DocSet, n: usize) -> impl Iterator<Item = u32> + '_ {
    let mut start = 0u32;
    docs.iter().chain(std::iter::once(n as u32)).flat_map(move |end| {
        let hole = start..end;
        start = end + 1;
        hole
    })
}

/// The gaps between ascending numbers (the first number itself).
fn gaps(docs: impl Iterator<Item = u32>) -> impl Iterator<Item = u32> {
    let mut previous = None;
    docs.map(move |d| {
        let gap = previous.map_or(d, |p| d - p);
        previous = Some(d);
        gap
    })
}

/// The gaps between ascending numbers as LEB128 varints.
fn push_varints(b: &mut Base64, docs: impl Iterator<Item = u32>) {
    for mut gap in gaps(docs) {
        loop {
            let byte = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                b.push(byte);
                break;
            }
            b.push(byte | 0x80);
        }
    }
}

/// Base64 (with padding) of bytes pushed one at a time.
struct Base64<'a> {
    out: &'a mut String,
    acc: u32,
    len: usize,
}

impl<'a> Base64<'a> {
    fn new(out: &'a mut String) -> Base64<'a> {
        Base64 { out, acc: 0, len: 0 }
    }

    fn push(&mut self, byte: u8) {
        self.acc = self.acc << 8 | byte as u32;
        self.len += 1;
        if self.len == 3 {
            for i in 0..4 {
                self.out.push(ALPHABET[(self.acc >> (18 - 6 * i) & 63) as usize] as char);
            }
            self.acc = 0;
            self.len = 0;
        }
    }

    /// Pushes `bytes`, three at a time once the pending ones are out.
    fn extend(&mut self, mut bytes: &[u8]) {
        while self.len != 0 {
            let Some((&first, rest)) = bytes.split_first() else { return };
            self.push(first);
            bytes = rest;
        }
        let mut chunks = bytes.chunks_exact(3);
        for c in &mut chunks {
            let v = (c[0] as u32) << 16 | (c[1] as u32) << 8 | c[2] as u32;
            for i in 0..4 {
                self.out.push(ALPHABET[(v >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        for &byte in chunks.remainder() {
            self.push(byte);
        }
    }

    fn finish(self) {
        if self.len == 0 {
            return;
        }
        let v = self.acc << (8 * (3 - self.len));
        for i in 0..4 {
            if i <= self.len {
                self.out.push(ALPHABET[(v >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                self.out.push('=');
            }
        }
    }
}

/// Decodes [`encode_set`]'s strings (for tests).
pub fn decode_set(text: &str, n: usize) -> Vec<u32> {
    let bytes = unbase64(text);
    let Some((&tag, rest)) = bytes.split_first() else { return Vec::new() };
    if tag == 1 {
        return (0..n as u32).filter(|&d| rest[d as usize / 8] & (1 << (d % 8)) != 0).collect();
    }
    let mut out = Vec::new();
    let (mut value, mut shift, mut previous) = (0u32, 0, 0u32);
    if tag == 2 {
        let missing = decode_set(&base64(&[&[0u8][..], rest].concat()), n);
        return (0..n as u32).filter(|d| missing.binary_search(d).is_err()).collect();
    }
    for &b in rest {
        value |= ((b & 0x7f) as u32) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            previous = if out.is_empty() { value } else { previous + value };
            out.push(previous);
            value = 0;
            shift = 0;
        }
    }
    out
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    let mut b = Base64::new(&mut out);
    for &byte in bytes {
        b.push(byte);
    }
    b.finish();
    out
}

fn unbase64(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        let Some(v) = ALPHABET.iter().position(|&a| a == c) else { continue };
        acc = acc << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The encoding of the module header, spelled out on byte vectors.
    fn reference_set(docs: &[u32], n: usize) -> String {
        if docs.is_empty() {
            return String::new();
        }
        let varints = |docs: &[u32], tag: u8| {
            let mut direct = vec![tag];
            let mut previous = 0;
            for (i, &d) in docs.iter().enumerate() {
                let mut gap = if i == 0 { d } else { d - previous };
                previous = d;
                loop {
                    let byte = (gap & 0x7f) as u8;
                    gap >>= 7;
                    if gap == 0 {
                        direct.push(byte);
                        break;
                    }
                    direct.push(byte | 0x80);
                }
            }
            direct
        };
        let gaps = varints(docs, 0);
        let bitmap_len = 1 + n.div_ceil(8);
        let missing: Vec<u32> = (0..n as u32).filter(|d| !docs.contains(d)).collect();
        let bytes = if docs.len() * 2 > n && varints(&missing, 2).len() < gaps.len().min(bitmap_len) {
            varints(&missing, 2)
        } else if gaps.len() <= bitmap_len {
            gaps
        } else {
            let mut bits = vec![0u8; bitmap_len];
            bits[0] = 1;
            for &d in docs {
                bits[1 + d as usize / 8] |= 1 << (d % 8);
            }
            bits
        };
        base64(&bytes)
    }

    #[test]
    fn sets_are_encoded_as_the_format_says() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..2000 {
            let n = 1 + (next() % 700) as usize;
            // From nearly empty to nearly full.
            let density = next() % 101;
            let docs: Vec<u32> = (0..n as u32).filter(|_| next() % 100 < density).collect();
            assert_eq!(encode_set(&docs, n), reference_set(&docs, n), "{n} documents: {docs:?}");
        }
        let all: Vec<u32> = (0..1000).collect();
        assert_eq!(encode_set(&all, 1000), reference_set(&all, 1000));
    }

    #[test]
    fn result_entries_are_what_serde_json_writes() {
        for (title, areas) in
            [("Họp báo", vec![]), ("Nói \"không\" với\\ giấy\u{1}\ttờ\n", vec!["Cải cách".to_string(), "A\"b".to_string()])]
        {
            let doc = DocInfo {
                path: "tin-tuc/a/".into(),
                title: title.into(),
                date_iso: "2022-01-14".into(),
                date_short: String::new(),
                areas: areas.clone(),
                excerpt: format!("{title} … </script>"),
            };
            let expected =
                json!({ "u": doc.path, "t": doc.title, "d": doc.date_iso, "s": doc.date_short, "a": doc.areas, "x": doc.excerpt });
            assert_eq!(String::from_utf8(doc_json(&doc)).unwrap(), expected.to_string());
        }
    }

    #[test]
    fn sort_keys_are_json_numbers_or_null() {
        let key = |k: SortKey| {
            let mut out = String::new();
            push_key(&mut out, k);
            out
        };
        assert_eq!(key(None), "null");
        assert_eq!(key(Some((1_648_549_800, 0))), "1648549800");
        assert_eq!(key(Some((1_648_549_800, 250_000_000))), "1648549800.25");
        assert_eq!(key(Some((-1, 500_000_000))), "-0.5");
        assert_eq!(key(Some((-3, 1))), "-2.999999999");
        for (s, ns) in [(12, 5), (-7, 999_999_999), (0, 0), (-1, 0)] {
            let parsed: f64 = key(Some((s, ns))).parse().unwrap();
            assert!((parsed - (s as f64 + ns as f64 / 1e9)).abs() < 1e-6, "{s} {ns}");
        }
    }

    #[test]
    fn sets_round_trip_in_both_encodings() {
        let most: Vec<u32> = (0..1000).filter(|d| d % 100 != 7).collect();
        for (docs, n) in [(vec![0u32, 5, 300, 301], 1000usize), ((0..900).collect(), 1000), (vec![7], 8), (vec![], 3), (most.clone(), 1000)]
        {
            assert_eq!(decode_set(&encode_set(&docs, n), n), docs);
        }
        // Dense sets: the 10 missing as gaps (1 + 10 bytes, 16 base64 characters).
        assert_eq!(encode_set(&most, 1000).len(), 16);
        // Neither sparse nor nearly full: a bitmap of 1 + 125 bytes.
        let half: Vec<u32> = (0..1000).filter(|d| d % 3 != 0).collect();
        assert_eq!(encode_set(&half, 1000).len(), 168);
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(unbase64("TWE="), b"Ma");
    }
}
