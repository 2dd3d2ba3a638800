//! The search index as files (contract §8), under `tim-kiem/chi-muc/`:
//!
//! - `meta.json`: `{"v":1,"n":docs,"u":[first key of each unigram shard],"b":[… bigram shard]}`;
//! - `u/<i>.json`, `b/<i>.json`: shards of consecutive keys (so by folded
//!   prefix; where a shard ends, see [`ends_shard`]), each `{"key":[[forms…],[title,summary,body],[docs per form]]}`,
//!   the last list empty when a key has a single form (its documents are then
//!   those of the fields);
//! - `d/<n>.json`: document `n` as a result shows it.
//!
//! A set of documents is a string: base64 of a tag byte then either the
//! gaps between ascending numbers as LEB128 varints (tag 0), a bitmap of
//! all documents, least significant bit first (tag 1), or, for sets of more
//! than half the documents, the gaps of the documents missing (tag 2),
//! whichever is shortest.
//! Pure and deterministic: the same site gives the same bytes.

use super::{Body, OutputFile};
use crate::search::{Index, Posting};
use crate::urls;
use serde_json::json;
use std::collections::BTreeMap;

/// Shards average about this many bytes.
pub const SHARD_BYTES: usize = 6 * 1024;
/// A shard ends after a key only once it has this many bytes…
const MIN_SHARD: usize = 4 * 1024;
/// … and always once it has this many.
const MAX_SHARD: usize = 10 * 1024;
/// Past [`MIN_SHARD`], a key of `len` bytes ends its shard with a
/// probability of `len / CUT_BYTES`, decided by a hash of the key alone.
const CUT_BYTES: u64 = 2 * 1024;

/// Whether the shard that has reached `bytes` ends after `key`, whose entry
/// takes `len` bytes. The cut depends on the key and its own entry, not on
/// where the shard began, so an edit that changes a few entries changes the
/// shards that hold them (and at most the next), not every shard after them:
/// `loa serve` then rewrites only those.
fn ends_shard(key: &str, len: usize, bytes: usize) -> bool {
    bytes >= MAX_SHARD || (bytes >= MIN_SHARD && fnv1a(key.as_bytes()) % CUT_BYTES < len as u64)
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
pub fn render_index(index: &Index) -> Vec<OutputFile> {
    let dir = index_dir();
    let n = index.docs.len();
    let mut files = Vec::new();
    let mut firsts: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (space, keys) in [("u", &index.unigrams), ("b", &index.bigrams)] {
        let mut shards: Vec<(String, String)> = Vec::new();
        let mut current = String::new();
        let mut first = String::new();
        for (key, posting) in keys {
            if current.is_empty() {
                first = key.clone();
                current.push('{');
            } else {
                current.push(',');
            }
            let before = current.len();
            current.push_str(&serde_json::to_string(key).expect("a string"));
            current.push(':');
            current.push_str(&entry(posting, n));
            if ends_shard(key, current.len() - before, current.len()) {
                current.push('}');
                shards.push((std::mem::take(&mut first), std::mem::take(&mut current)));
            }
        }
        if !current.is_empty() {
            current.push('}');
            shards.push((first, current));
        }
        for (i, (_, body)) in shards.iter().enumerate() {
            files.push(OutputFile { path: format!("{dir}{space}/{i}.json"), body: Body::Bytes(body.clone().into_bytes()) });
        }
        firsts.insert(space, shards.into_iter().map(|(first, _)| first).collect());
    }
    let meta = json!({ "v": 1, "n": n, "u": firsts["u"], "b": firsts["b"] });
    files.push(OutputFile { path: format!("{dir}meta.json"), body: Body::Bytes(meta.to_string().into_bytes()) });
    for (i, doc) in index.docs.iter().enumerate() {
        let value = json!({
            "u": doc.path,
            "t": doc.title,
            "d": doc.date_iso,
            "s": doc.date_short,
            "a": doc.areas,
            "x": doc.excerpt,
        });
        files.push(OutputFile { path: format!("{dir}d/{i}.json"), body: Body::Bytes(value.to_string().into_bytes()) });
    }
    files
}

fn entry(p: &Posting, n: usize) -> String {
    let forms: Vec<&str> = p.variants.iter().map(|(f, _)| f.as_str()).collect();
    let fields: Vec<String> = p.fields.iter().map(|docs| encode_set(docs, n)).collect();
    let sets: Vec<String> = if p.variants.len() > 1 { p.variants.iter().map(|(_, d)| encode_set(d, n)).collect() } else { Vec::new() };
    json!([forms, fields, sets]).to_string()
}

/// Encodes ascending document numbers below `n` (see the module header).
pub fn encode_set(docs: &[u32], n: usize) -> String {
    if docs.is_empty() {
        return String::new();
    }
    let gaps = varints(docs, 0);
    let bitmap_len = 1 + n.div_ceil(8);
    // Nearly every document: the gaps of those missing.
    let missing: Vec<u32> = if docs.len() * 2 > n { complement(docs, n) } else { Vec::new() };
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

/// The documents below `n` not in ascending `docs`.
fn complement(docs: &[u32], n: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(n - docs.len());
    let mut next = docs.iter().peekable();
    for d in 0..n as u32 {
        if next.peek() == Some(&&d) {
            next.next();
        } else {
            out.push(d);
        }
    }
    out
}

/// A tag byte, then the gaps between ascending numbers as LEB128 varints.
fn varints(docs: &[u32], tag: u8) -> Vec<u8> {
    let mut out = vec![tag];
    let mut previous = 0u32;
    for (i, &d) in docs.iter().enumerate() {
        let mut gap = if i == 0 { d } else { d - previous };
        previous = d;
        loop {
            let byte = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
    }
    out
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
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let v = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(v >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
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
