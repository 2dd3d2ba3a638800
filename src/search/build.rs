//! Building the index model from documents' text. Words are numbered once,
//! so that keys and accented forms are numbers while documents are merged;
//! the text of each key is made once, at the end. Tokenising, keying and
//! merging run in parallel, and the model does not depend on the number of
//! threads. No I/O here.

use super::docset::{push_varint, read_varint};
use super::fold::{each_raw_word, fold_into, lower_into, typed_form};
use super::{DocSet, DocText, FIELDS, Index, Posting};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Documents read and keyed at once: only their text and keys are in
/// memory together.
const BATCH: usize = 256;
/// Documents that share a table of words while they are tokenised.
const GROUP: usize = 64;
/// Parts of the key space, each merged on its own.
const PARTS: usize = 16;

/// Words, each numbered once, in the order first seen.
#[derive(Default)]
struct Words {
    ids: FxHashMap<String, u32>,
    list: Vec<String>,
}

impl Words {
    fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.list.len() as u32;
        self.list.push(word.to_owned());
        self.ids.insert(word.to_owned(), id);
        id
    }

    /// The text of a key or form: one word, or two joined by a space.
    fn text(&self, key: u64, pair: bool) -> String {
        if pair {
            let (a, b) = (&self.list[(key >> 32) as usize], &self.list[key as usize & 0xffff_ffff]);
            let mut out = String::with_capacity(a.len() + 1 + b.len());
            out.push_str(a);
            out.push(' ');
            out.push_str(b);
            out
        } else {
            self.list[key as usize].clone()
        }
    }
}

/// Documents tokenised against a table of their own: per document and
/// field, each token as the numbers of its folded and typed forms.
struct Group {
    words: Vec<String>,
    docs: Vec<[Vec<(u32, u32)>; FIELDS]>,
}

fn tokenise(texts: &[DocText]) -> Group {
    let mut words = Words::default();
    // Each distinct word as written is made lower case, NFC and folded
    // once; a short one is found by its bytes packed in a number (no word
    // holds a NUL byte, so the zeros after it tell its length).
    let mut short: FxHashMap<u128, (u32, u32)> = FxHashMap::default();
    let mut long: FxHashMap<String, (u32, u32)> = FxHashMap::default();
    let (mut lower, mut folded) = (String::new(), String::new());
    let mut numbered = |raw: &str| {
        lower.clear();
        lower_into(raw, &mut lower);
        let typed = typed_form(&lower);
        folded.clear();
        fold_into(&typed, &mut folded);
        (words.id(&folded), words.id(&typed))
    };
    let docs = texts
        .iter()
        .map(|t| {
            t.fields.each_ref().map(|text| {
                let text = crate::slug::nfc(text);
                let mut out = Vec::with_capacity(text.len() / 4);
                let bytes = text.as_bytes();
                each_raw_word(&text, |raw| {
                    let start = raw.as_ptr() as usize - bytes.as_ptr() as usize;
                    let pair = match packed(bytes, start, raw.len()) {
                        Some(key) => *short.entry(key).or_insert_with(|| numbered(raw)),
                        None => match long.get(raw) {
                            Some(&pair) => pair,
                            None => {
                                let pair = numbered(raw);
                                long.insert(raw.to_owned(), pair);
                                pair
                            }
                        },
                    };
                    out.push(pair);
                });
                out
            })
        })
        .collect();
    Group { words: words.list, docs }
}

/// The bytes of a word of at most 16 bytes, `text[start..start + len]`,
/// as a number: read as 16 bytes at once where the text is long enough.
fn packed(text: &[u8], start: usize, len: usize) -> Option<u128> {
    if len > 16 {
        return None;
    }
    let value = match text.get(start..start + 16) {
        Some(sixteen) => u128::from_le_bytes(sixteen.try_into().expect("16 bytes")),
        None => text[start..start + len].iter().rev().fold(0u128, |acc, &b| acc << 8 | b as u128),
    };
    Some(if len == 16 { value } else { value & ((1u128 << (8 * len)) - 1) })
}

/// A document's key, with the fields it occurs in (bits), and one accented
/// form it takes: each form of a document once.
type Occurrence = (u64, u64, u8);

/// A document's occurrences grouped by part of the key space: part `p` is
/// `list[starts[p]..starts[p + 1]]`.
struct Parted {
    list: Vec<Occurrence>,
    starts: [u32; PARTS + 1],
}

fn part(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 60) as usize
}

impl Parted {
    fn new(list: Vec<Occurrence>) -> Parted {
        let mut starts = [0u32; PARTS + 1];
        for o in &list {
            starts[part(o.0) + 1] += 1;
        }
        for p in 0..PARTS {
            starts[p + 1] += starts[p];
        }
        let mut at = starts;
        let mut sorted = vec![(0, 0, 0); list.len()];
        for o in list {
            let p = part(o.0);
            sorted[at[p] as usize] = o;
            at[p] += 1;
        }
        Parted { list: sorted, starts }
    }

    fn part(&self, p: usize) -> &[Occurrence] {
        &self.list[self.starts[p] as usize..self.starts[p + 1] as usize]
    }
}

/// What keying a document needs, kept by each thread from one document to
/// the next: per word number, the last document (stamp) where it was a key,
/// with its fields there, and where it was a typed form.
#[derive(Default)]
struct Scratch {
    stamp: u32,
    key_seen: Vec<u32>,
    key_fields: Vec<u8>,
    form_seen: Vec<u32>,
    /// Each pair key of the document and its place in `pair_fields` and
    /// `pair_form`.
    pairs: FxHashMap<u64, u32>,
    pair_fields: Vec<u8>,
    /// The first form of each pair key: a key nearly always has one form
    /// in a document, so `pair_forms` is asked only about others.
    pair_form: Vec<u64>,
    pair_forms: rustc_hash::FxHashSet<u64>,
    /// The place in `pair_fields` of each pair occurrence's key.
    pair_of: Vec<u32>,
    forms: Vec<(u64, u64)>,
}

/// The occurrences of one document's words (`[0]`) and word pairs (`[1]`).
fn occurrences(fields: &[Vec<(u32, u32)>; FIELDS], global: &[u32], words: usize, s: &mut Scratch) -> [Parted; 2] {
    s.stamp += 1;
    let stamp = s.stamp;
    if s.key_seen.len() < words {
        s.key_seen.resize(words, 0);
        s.key_fields.resize(words, 0);
        s.form_seen.resize(words, 0);
    }
    s.pairs.clear();
    s.pair_fields.clear();
    s.pair_form.clear();
    s.pair_forms.clear();
    s.pair_of.clear();
    s.forms.clear();
    let mut bi = Vec::new();
    for (f, toks) in fields.iter().enumerate() {
        let bit = 1u8 << f;
        let mut previous: Option<(u64, u64)> = None;
        for &(folded, typed) in toks {
            let (folded, typed) = (global[folded as usize] as usize, global[typed as usize] as usize);
            if s.key_seen[folded] != stamp {
                s.key_seen[folded] = stamp;
                s.key_fields[folded] = 0;
            }
            s.key_fields[folded] |= bit;
            // A typed form has one folded form: each typed form once.
            if s.form_seen[typed] != stamp {
                s.form_seen[typed] = stamp;
                s.forms.push((folded as u64, typed as u64));
            }
            let (folded, typed) = (folded as u64, typed as u64);
            if let Some((pf, pt)) = previous {
                let key = (pf << 32) | folded;
                let form = (pt << 32) | typed;
                let next = s.pair_fields.len() as u32;
                let place = *s.pairs.entry(key).or_insert(next);
                let is_new = if place == next {
                    s.pair_fields.push(0);
                    s.pair_form.push(form);
                    true
                } else {
                    // A form of a key seen before: new only if it is not its
                    // first form, nor another one seen before.
                    s.pair_form[place as usize] != form && s.pair_forms.insert(form)
                };
                s.pair_fields[place as usize] |= bit;
                if is_new {
                    bi.push((key, form, 0));
                    s.pair_of.push(place);
                }
            }
            previous = Some((folded, typed));
        }
    }
    let uni = s.forms.iter().map(|&(key, form)| (key, form, s.key_fields[key as usize])).collect();
    for (o, &place) in bi.iter_mut().zip(&s.pair_of) {
        o.2 = s.pair_fields[place as usize];
    }
    [Parted::new(uni), Parted::new(bi)]
}

/// A key while the index is built: its documents in one stream of bytes,
/// appended to as each document comes, and made into sets at the end. Each
/// document adds two varints: its gap from the last one (the first number
/// itself; 0 when a second form of the key is in the same document), then
/// `fields | form << FIELDS`, its fields as bits and the place of its
/// accented form (0 for `form`, then `more`). One small write per document
/// instead of one per set it joins.
struct Building {
    stream: Vec<u8>,
    /// The first accented form seen.
    form: u64,
    /// Other forms, in the order first seen.
    more: Vec<u64>,
    last: u32,
}

/// The keys of one part of one space while the index is built, each
/// reached through a small table of key to place.
#[derive(Default)]
struct Merging {
    places: FxHashMap<u64, u32>,
    keys: Vec<u64>,
    building: Vec<Building>,
}

/// Adds one document's occurrences (all of one part).
fn merge(into: &mut Merging, doc: u32, occurrences: &[Occurrence]) {
    for &(key, form, fields) in occurrences {
        let next = into.keys.len() as u32;
        let place = *into.places.entry(key).or_insert(next);
        if place == next {
            into.keys.push(key);
            into.building.push(Building { stream: Vec::new(), form, more: Vec::new(), last: 0 });
        }
        let b = &mut into.building[place as usize];
        let slot = if b.form == form {
            0
        } else {
            match b.more.iter().position(|&f| f == form) {
                Some(i) => i + 1,
                None => {
                    b.more.push(form);
                    b.more.len()
                }
            }
        };
        let gap = if b.stream.is_empty() { doc } else { doc - b.last };
        push_varint(&mut b.stream, gap);
        push_varint(&mut b.stream, fields as u32 | (slot as u32) << FIELDS);
        b.last = doc;
    }
}

/// A key's sets, from its stream: per field, then per form (in the order
/// of `form`, `more`).
fn sets(b: &Building) -> ([DocSet; FIELDS], Vec<DocSet>) {
    let mut fields: [DocSet; FIELDS] = Default::default();
    let mut forms = vec![DocSet::default(); 1 + b.more.len()];
    let (mut rest, mut doc, mut first) = (&b.stream[..], 0u32, true);
    while !rest.is_empty() {
        let (gap, size) = read_varint(rest);
        let (tag, more) = read_varint(&rest[size..]);
        rest = &rest[size + more..];
        doc = if first { gap } else { doc + gap };
        first = false;
        for (f, docs) in fields.iter_mut().enumerate() {
            if tag & (1 << f) != 0 {
                docs.push(doc);
            }
        }
        forms[(tag >> FIELDS) as usize].push(doc);
    }
    // Sets grew by doubling: a third of their bytes was spare.
    fields.iter_mut().chain(&mut forms).for_each(DocSet::shrink_to_fit);
    (fields, forms)
}

/// The postings with their text, in key order (forms in text order).
fn finish(parts: Vec<Merging>, words: &Words, pairs: bool) -> BTreeMap<String, Posting> {
    let mut entries: Vec<(String, Posting)> = parts
        .into_par_iter()
        .flat_map_iter(|part| part.keys.into_iter().zip(part.building))
        .map(|(key, b)| {
            let (fields, forms) = sets(&b);
            drop(b.stream);
            let mut variants: Vec<(String, DocSet)> =
                std::iter::once(b.form).chain(b.more).zip(forms).map(|(form, docs)| (words.text(form, pairs), docs)).collect();
            variants.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            (words.text(key, pairs), Posting { fields, variants })
        })
        .collect();
    entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    entries.into_iter().collect()
}

/// Indexes the documents that `text` makes of `items`; their order is
/// their number. The texts are made a batch at a time, so that only a
/// batch of them is in memory at once.
pub fn build<T: Send>(items: Vec<T>, text: impl Fn(T) -> DocText + Sync + Send) -> Index {
    let mut words = Words::default();
    // Per space (words, pairs) and part of the key space.
    let mut maps: Vec<Merging> = (0..2 * PARTS).map(|_| Merging::default()).collect();
    let mut docs = Vec::with_capacity(items.len());
    let mut items = items.into_iter();
    loop {
        let batch: Vec<T> = items.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let texts: Vec<DocText> = batch.into_par_iter().map(&text).collect();
        let groups: Vec<Group> = texts.par_chunks(GROUP).map(tokenise).collect();
        let first = docs.len() as u32;
        docs.extend(texts.into_iter().map(|t| t.info));
        // Each group's words numbered in the whole index, in order.
        let globals: Vec<Vec<u32>> = groups.iter().map(|g| g.words.iter().map(|w| words.id(w)).collect()).collect();
        let count = words.list.len();
        let found: Vec<[Parted; 2]> = groups
            .par_iter()
            .zip(&globals)
            .flat_map_iter(|(g, global)| g.docs.iter().map(move |fields| (fields, global)))
            .map_init(Scratch::default, |s, (fields, global)| occurrences(fields, global, count, s))
            .collect();
        drop(groups);
        maps.par_iter_mut().enumerate().for_each(|(i, map)| {
            let (space, p) = (i / PARTS, i % PARTS);
            for (d, occ) in found.iter().enumerate() {
                merge(map, first + d as u32, occ[space].part(p));
            }
        });
    }
    let bigrams = maps.split_off(PARTS);
    let (unigrams, bigrams) = rayon::join(|| finish(maps, &words, false), || finish(bigrams, &words, true));
    Index { docs, unigrams, bigrams, keys: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::DocInfo;
    use crate::search::fold::tokens;
    use unicode_normalization::UnicodeNormalization;

    fn text(fields: [&str; FIELDS]) -> DocText {
        let info = DocInfo {
            path: String::new(),
            title: String::new(),
            date_iso: String::new(),
            date_short: String::new(),
            areas: Vec::new(),
            excerpt: String::new(),
        };
        DocText { info, fields: fields.map(String::from) }
    }

    #[test]
    fn words_found_by_their_bytes_are_the_tokens_of_the_text() {
        let nfd: String = "Chuyển ĐỔI số".nfd().collect();
        let texts = vec![
            text(["Đổi mới ĐỔI MỚI đổi mới", "chuyểnđổisốtoàndiện CHUYỂNĐỔISỐTOÀNDIỆN", &nfd]),
            text(["a1b2c3d4e5f6g7h8 a1b2c3d4e5f6g7h8i9 A1B2C3D4E5F6G7H8", "", "ΑΒΓ straße İstanbul"]),
            text(["", "x", "đổi mới, Đổi Mới; chuyểnđổisốtoàndiện"]),
        ];
        let group = tokenise(&texts);
        for (t, doc) in texts.iter().zip(&group.docs) {
            for (text, found) in t.fields.iter().zip(doc) {
                let found: Vec<(&str, &str)> =
                    found.iter().map(|&(f, t)| (group.words[f as usize].as_str(), group.words[t as usize].as_str())).collect();
                let expected = tokens(text);
                let expected: Vec<(&str, &str)> = expected.iter().map(|t| (t.folded.as_str(), t.typed.as_str())).collect();
                assert_eq!(found, expected, "{text}");
            }
        }
    }
}
