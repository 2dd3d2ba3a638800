//! Building the index model from documents' text. Every word, and every
//! accented form of a pair of words, is numbered once, so that while
//! documents are merged a form's documents are reached by its number, with
//! no hash of a key; the keys (a form has one key: its words folded) and
//! their text are made once, at the end. Tokenising and merging run in
//! parallel, and the model does not depend on the number of threads. No
//! I/O here.

use super::fold::{each_raw_word, fold_into, lower_into, typed_form};
use super::{DocSet, DocText, FIELDS, Index, Posting};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Documents read and keyed at once: only their text and forms are in
/// memory together.
const BATCH: usize = 256;
/// Documents that share a table of words while they are tokenised.
const GROUP: usize = 64;
/// Parts of the space of pair forms, each numbered and merged on its own
/// (beside the words, merged as one part).
const PAIR_PARTS: usize = 3;
/// No number.
const NONE: u32 = u32::MAX;

/// Words, each numbered once, in the order first seen.
#[derive(Default)]
struct Words {
    ids: FxHashMap<String, u32>,
    list: Vec<String>,
    /// Per word that is a typed form, the number of its folded form
    /// ([`NONE`] for the others).
    folded: Vec<u32>,
}

impl Words {
    fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.list.len() as u32;
        self.list.push(word.to_owned());
        self.folded.push(NONE);
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

    /// The key of a pair form: both words folded.
    fn pair_key(&self, form: u64) -> u64 {
        (self.folded[(form >> 32) as usize] as u64) << 32 | self.folded[form as usize & 0xffff_ffff] as u64
    }
}

/// A document's forms (typed words, or typed pairs), each once, with the
/// fields where it occurs as bits.
type Forms = Vec<(u32, u8)>;

/// Documents tokenised against tables of their own: the group's words
/// (typed forms and their folded forms) and pair forms, and per document
/// its forms of each.
struct Group {
    words: Words,
    /// Typed pairs as `a << 32 | b` of the group's word numbers.
    pairs: Vec<u64>,
    docs: Vec<[Forms; 2]>,
}

/// Per form number, the document (stamp) where it was last seen and its
/// place in that document's list.
fn mark(marks: &mut Vec<(u32, u32)>, forms: &mut Forms, id: u32, stamp: u32, bit: u8) {
    if marks.len() <= id as usize {
        marks.resize(id as usize + 1, (0, 0));
    }
    let m = &mut marks[id as usize];
    if m.0 == stamp {
        forms[m.1 as usize].1 |= bit;
    } else {
        *m = (stamp, forms.len() as u32);
        forms.push((id, bit));
    }
}

fn tokenise(texts: &[DocText]) -> Group {
    let mut words = Words::default();
    // Each distinct word as written is made lower case, NFC and folded
    // once; a short one is found by its bytes packed in a number (no word
    // holds a NUL byte, so the zeros after it tell its length).
    // Its halves as the key: buckets of 24 bytes, not the 32 of a `u128`
    // (aligned to 16), so that more of the table stays in cache.
    let mut short: FxHashMap<(u64, u64), u32> = FxHashMap::default();
    let mut long: FxHashMap<String, u32> = FxHashMap::default();
    let (mut lower, mut folded) = (String::new(), String::new());
    let mut numbered = |words: &mut Words, raw: &str| {
        lower.clear();
        lower_into(raw, &mut lower);
        let typed = typed_form(&lower);
        folded.clear();
        fold_into(&typed, &mut folded);
        let f = words.id(&folded);
        let t = words.id(&typed);
        words.folded[t as usize] = f;
        t
    };
    // Per pair form: its number, the document (stamp) where it was last
    // seen and its place in that document's list.
    let mut pair_ids: FxHashMap<u64, (u32, u32, u32)> = FxHashMap::default();
    let mut pairs = Vec::new();
    let mut word_marks = Vec::new();
    let mut docs = Vec::with_capacity(texts.len());
    // Each document's lists sized as the last one's were, not grown from empty.
    let mut sizes = (0, 0);
    for (d, t) in texts.iter().enumerate() {
        let stamp = d as u32 + 1;
        let (mut uni, mut bi): (Forms, Forms) = (Vec::with_capacity(sizes.0), Vec::with_capacity(sizes.1));
        for (f, text) in t.fields.iter().enumerate() {
            let bit = 1u8 << f;
            let text = crate::slug::nfc(text);
            let bytes = text.as_bytes();
            let mut previous = NONE;
            each_raw_word(&text, |raw| {
                let start = raw.as_ptr() as usize - bytes.as_ptr() as usize;
                let typed = match packed(bytes, start, raw.len()).map(|key| (key as u64, (key >> 64) as u64)) {
                    Some(key) => match short.get(&key) {
                        Some(&t) => t,
                        None => {
                            let t = numbered(&mut words, raw);
                            short.insert(key, t);
                            t
                        }
                    },
                    None => match long.get(raw) {
                        Some(&t) => t,
                        None => {
                            let t = numbered(&mut words, raw);
                            long.insert(raw.to_owned(), t);
                            t
                        }
                    },
                };
                mark(&mut word_marks, &mut uni, typed, stamp, bit);
                if previous != NONE {
                    // The pair's number and its mark (as in `mark`) in one
                    // place of the table: one read of memory that is
                    // rarely in cache.
                    let form = (previous as u64) << 32 | typed as u64;
                    let next = pairs.len() as u32;
                    let entry = pair_ids.entry(form).or_insert((next, 0, 0));
                    if entry.0 == next {
                        pairs.push(form);
                    }
                    if entry.1 == stamp {
                        bi[entry.2 as usize].1 |= bit;
                    } else {
                        *entry = (entry.0, stamp, bi.len() as u32);
                        bi.push((entry.0, bit));
                    }
                }
                previous = typed;
            });
        }
        sizes = (uni.len(), bi.len());
        docs.push([uni, bi]);
    }
    Group { words, pairs, docs }
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

/// One form's documents while the index is built, and its fields in each.
#[derive(Default)]
struct Form {
    docs: DocSet,
    fields: Vec<u8>,
}

impl Form {
    fn add(&mut self, doc: u32, fields: u8) {
        self.docs.push(doc);
        self.fields.push(fields);
    }
}

/// The pair forms of one part of their space: numbered by the part, with
/// their documents.
#[derive(Default)]
struct PairPart {
    ids: FxHashMap<u64, u32>,
    /// Per number, the form as `a << 32 | b` of word numbers.
    forms: Vec<u64>,
    docs: Vec<Form>,
}

fn pair_part(form: u64) -> usize {
    ((form.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) % PAIR_PARTS as u64) as usize
}

/// Adds the word forms of a batch's groups (`global`: per group, its word
/// numbers in the whole index); the first document is `first`.
fn merge_words(into: &mut Vec<Form>, groups: &[Group], global: &[Vec<u32>], first: u32, words: usize) {
    into.resize_with(words, Form::default);
    let mut doc = first;
    for (g, global) in groups.iter().zip(global) {
        for [uni, _] in &g.docs {
            for &(t, fields) in uni {
                into[global[t as usize] as usize].add(doc, fields);
            }
            doc += 1;
        }
    }
}

/// Adds the pair forms of part `p` of a batch's groups (see [`merge_words`]).
fn merge_pairs(into: &mut PairPart, p: usize, groups: &[Group], global: &[Vec<u32>], first: u32) {
    let mut doc = first;
    let mut number = Vec::new();
    for (g, global) in groups.iter().zip(global) {
        number.clear();
        number.extend(g.pairs.iter().map(|&form| {
            let form = (global[(form >> 32) as usize] as u64) << 32 | global[form as usize & 0xffff_ffff] as u64;
            if pair_part(form) != p {
                return NONE;
            }
            let next = into.forms.len() as u32;
            let id = *into.ids.entry(form).or_insert(next);
            if id == next {
                into.forms.push(form);
                into.docs.push(Form::default());
            }
            id
        }));
        for [_, bi] in &g.docs {
            for &(pair, fields) in bi {
                let id = number[pair as usize];
                if id != NONE {
                    into.docs[id as usize].add(doc, fields);
                }
            }
            doc += 1;
        }
    }
}

/// A key's posting from its forms and their texts.
fn posting(forms: Vec<(String, Form)>) -> Posting {
    let mut fields: [DocSet; FIELDS] = Default::default();
    match forms.as_slice() {
        [(_, form)] => {
            let first = form.fields[0];
            if form.fields.iter().all(|&b| b == first) {
                // The common case: one form, always in the same fields.
                for (f, set) in fields.iter_mut().enumerate() {
                    if first & (1 << f) != 0 {
                        *set = form.docs.clone();
                    }
                }
            } else {
                for (doc, &bits) in form.docs.iter().zip(&form.fields) {
                    push_fields(&mut fields, doc, bits);
                }
            }
        }
        _ => merge_fields(&forms, &mut fields),
    }
    // Sets grew by doubling: a third of their bytes was spare.
    fields.iter_mut().for_each(DocSet::shrink_to_fit);
    let mut variants: Vec<(String, DocSet)> = forms
        .into_iter()
        .map(|(text, mut form)| {
            form.docs.shrink_to_fit();
            (text, form.docs)
        })
        .collect();
    variants.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Posting { fields, variants }
}

/// Adds `doc` to the sets of the fields whose bits are set.
fn push_fields(fields: &mut [DocSet; FIELDS], doc: u32, bits: u8) {
    for (f, set) in fields.iter_mut().enumerate() {
        if bits & (1 << f) != 0 {
            set.push(doc);
        }
    }
}

/// Adds the documents of several forms to the sets of their fields. Each
/// form's documents ascend, so they are merged (the smallest first, the
/// fields of a document in several forms joined), not sorted.
fn merge_fields(forms: &[(String, Form)], fields: &mut [DocSet; FIELDS]) {
    let mut heads: Vec<_> = forms.iter().map(|(_, form)| form.docs.iter().zip(form.fields.iter().copied())).collect();
    let mut current: Vec<Option<(u32, u8)>> = heads.iter_mut().map(Iterator::next).collect();
    while let Some(doc) = current.iter().flatten().map(|&(doc, _)| doc).min() {
        let mut bits = 0;
        for (head, current) in heads.iter_mut().zip(&mut current) {
            if let Some((d, b)) = *current
                && d == doc
            {
                bits |= b;
                *current = head.next();
            }
        }
        push_fields(fields, doc, bits);
    }
}

/// The postings of forms grouped by key (`(key, form)` pairs, forms ascending
/// in the order given), with their text, in key order.
fn finish(mut keyed: Vec<(u64, u64, Form)>, words: &Words, pairs: bool) -> BTreeMap<String, Posting> {
    keyed.par_sort_unstable_by_key(|&(key, form, _)| (key, form));
    // Each key's run of forms, in parallel: their documents moved out.
    let mut entries: Vec<(String, Posting)> = keyed
        .par_chunk_by_mut(|a, b| a.0 == b.0)
        .map(|run| {
            let forms: Vec<(String, Form)> =
                run.iter_mut().map(|(_, form, docs)| (words.text(*form, pairs), std::mem::take(docs))).collect();
            (words.text(run[0].0, pairs), posting(forms))
        })
        .collect();
    crate::drop_in_background(keyed);
    entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    entries.into_iter().collect()
}

/// Indexes the documents that `text` makes of `items`; their order is
/// their number. The texts are made a batch at a time, so that only a
/// batch of them is in memory at once.
pub fn build<T: Send>(items: Vec<T>, text: impl Fn(T) -> DocText + Sync + Send) -> Index {
    let mut words = Words::default();
    let mut word_forms: Vec<Form> = Vec::new();
    let mut pair_parts: Vec<PairPart> = (0..PAIR_PARTS).map(|_| PairPart::default()).collect();
    let mut docs = Vec::with_capacity(items.len());
    let mut items = items.into_iter();
    let mut next_batch = || -> Vec<T> { items.by_ref().take(BATCH).collect() };
    // A batch's texts made and tokenised (in parallel).
    let tokenised = |batch: Vec<T>| -> Option<(Vec<DocText>, Vec<Group>)> {
        if batch.is_empty() {
            return None;
        }
        let texts: Vec<DocText> = batch.into_par_iter().map(&text).collect();
        let groups: Vec<Group> = texts.par_chunks(GROUP).map(tokenise).collect();
        Some((texts, groups))
    };
    let mut current = tokenised(next_batch());
    while let Some((texts, groups)) = current {
        // The next batch is tokenised while this one is merged: merging
        // starts with the words numbered in order, on one thread.
        let batch = next_batch();
        let ((), following) = rayon::join(
            || {
                let first = docs.len() as u32;
                docs.extend(texts.into_iter().map(|t| t.info));
                // Each group's words numbered in the whole index, in order.
                let global: Vec<Vec<u32>> = groups
                    .iter()
                    .map(|g| {
                        let global: Vec<u32> = g.words.list.iter().map(|w| words.id(w)).collect();
                        for (local, &f) in g.words.folded.iter().enumerate() {
                            if f != NONE {
                                words.folded[global[local] as usize] = global[f as usize];
                            }
                        }
                        global
                    })
                    .collect();
                let count = words.list.len();
                rayon::join(
                    || merge_words(&mut word_forms, &groups, &global, first, count),
                    || pair_parts.par_iter_mut().enumerate().for_each(|(p, part)| merge_pairs(part, p, &groups, &global, first)),
                );
            },
            || tokenised(batch),
        );
        current = following;
    }
    let unigrams: Vec<(u64, u64, Form)> = word_forms
        .into_iter()
        .enumerate()
        .filter(|(_, form)| !form.fields.is_empty())
        .map(|(t, form)| (words.folded[t] as u64, t as u64, form))
        .collect();
    let bigrams: Vec<(u64, u64, Form)> = pair_parts
        .into_iter()
        .flat_map(|part| part.forms.into_iter().zip(part.docs))
        .map(|(form, docs)| (words.pair_key(form), form, docs))
        .collect();
    let (unigrams, bigrams) = rayon::join(|| finish(unigrams, &words, false), || finish(bigrams, &words, true));
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

    /// A form (typed), its key (folded) and its fields.
    type Seen = (String, String, u8);

    #[test]
    fn words_found_by_their_bytes_are_the_tokens_of_the_text() {
        let nfd: String = "Chuyển ĐỔI số".nfd().collect();
        let texts = vec![
            text(["Đổi mới ĐỔI MỚI đổi mới", "chuyểnđổisốtoàndiện CHUYỂNĐỔISỐTOÀNDIỆN", &nfd]),
            text(["a1b2c3d4e5f6g7h8 a1b2c3d4e5f6g7h8i9 A1B2C3D4E5F6G7H8", "", "ΑΒΓ straße İstanbul"]),
            text(["", "x", "đổi mới, Đổi Mới; chuyểnđổisốtoàndiện"]),
        ];
        let group = tokenise(&texts);
        let word = |t: u32| group.words.list[t as usize].as_str();
        for (t, [uni, bi]) in texts.iter().zip(&group.docs) {
            // Each typed form and pair of the document once, in the order
            // first seen, with its fields.
            let (mut words, mut pairs): (Vec<Seen>, Vec<Seen>) = (Vec::new(), Vec::new());
            let add = |list: &mut Vec<Seen>, typed: String, folded: String, bit: u8| match list.iter_mut().find(|w| w.0 == typed) {
                Some(w) => w.2 |= bit,
                None => list.push((typed, folded, bit)),
            };
            for (f, text) in t.fields.iter().enumerate() {
                let tokens = tokens(text);
                for tok in &tokens {
                    add(&mut words, tok.typed.clone(), tok.folded.clone(), 1 << f);
                }
                for w in tokens.windows(2) {
                    add(&mut pairs, format!("{} {}", w[0].typed, w[1].typed), format!("{} {}", w[0].folded, w[1].folded), 1 << f);
                }
            }
            let found: Vec<Seen> =
                uni.iter().map(|&(t, bits)| (word(t).to_string(), word(group.words.folded[t as usize]).to_string(), bits)).collect();
            assert_eq!(found, words, "{:?}", t.fields);
            let found: Vec<Seen> = bi
                .iter()
                .map(|&(p, bits)| {
                    let form = group.pairs[p as usize];
                    let key = group.words.pair_key(form);
                    (group.words.text(form, true), group.words.text(key, true), bits)
                })
                .collect();
            assert_eq!(found, pairs, "{:?}", t.fields);
        }
    }

    /// The postings of `texts` as the module header of `search` defines
    /// them, made one token at a time.
    fn reference(texts: &[DocText]) -> [BTreeMap<String, Posting>; 2] {
        let mut spaces: [BTreeMap<String, Posting>; 2] = Default::default();
        for (d, t) in texts.iter().enumerate() {
            for (f, text) in t.fields.iter().enumerate() {
                let tokens = tokens(text);
                let unigrams = tokens.iter().map(|t| (t.folded.clone(), t.typed.clone()));
                let bigrams =
                    tokens.windows(2).map(|w| (format!("{} {}", w[0].folded, w[1].folded), format!("{} {}", w[0].typed, w[1].typed)));
                for (space, (key, form)) in unigrams.map(|k| (0, k)).chain(bigrams.map(|k| (1, k))) {
                    let p = spaces[space].entry(key).or_default();
                    p.fields[f].insert(d as u32);
                    match p.variants.binary_search_by(|(v, _)| v.cmp(&form)) {
                        Ok(v) => {
                            p.variants[v].1.insert(d as u32);
                        }
                        Err(v) => p.variants.insert(v, (form, DocSet::from_sorted([d as u32]))),
                    }
                }
            }
        }
        spaces
    }

    #[test]
    fn postings_are_those_of_each_token() {
        // Syllables with and without their accents, in documents of many
        // batches and groups, some words in one field only.
        let syllables = ["Đổi", "đổi", "doi", "mới", "MOI", "mỗi", "số", "so", "sở", "chuyển", "chuyen", "x", "2022", "thủ tục"];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m as u64) as usize
        };
        let mut field = |len: usize| (0..next(len)).map(|_| syllables[next(syllables.len())]).collect::<Vec<_>>().join(" ");
        let docs: Vec<DocText> = (0..BATCH * 2 + GROUP + 3)
            .map(|_| {
                let fields = [field(4), field(8), field(30)];
                text([&fields[0], &fields[1], &fields[2]])
            })
            .collect();
        let [unigrams, bigrams] = reference(&docs);
        let index = build(docs, |t| t);
        assert_eq!(index.unigrams, unigrams);
        assert_eq!(index.bigrams, bigrams);
        assert!(index.unigrams["so"].variants.len() == 3 && index.bigrams.len() > 40);
    }
}
