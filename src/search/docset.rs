//! A set of document numbers as the index keeps it: ascending, stored as
//! the LEB128 varints of the gaps between them (the first number itself),
//! which is also the index files' sparse encoding (`output::search`). A
//! common word's documents take about a byte each instead of four, so the
//! postings of a large site fit in a fraction of the memory. No I/O here.

/// Ascending document numbers, compressed (see the module header).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocSet {
    bytes: Vec<u8>,
    /// The largest number, when there is one.
    last: u32,
    len: u32,
}

impl DocSet {
    /// The set of ascending `docs`.
    pub fn from_sorted(docs: impl IntoIterator<Item = u32>) -> DocSet {
        let mut set = DocSet::default();
        for d in docs {
            set.push(d);
        }
        set
    }

    /// Adds `doc`, which must not be below the largest number; the largest
    /// number again is ignored.
    #[inline]
    pub fn push(&mut self, doc: u32) {
        if self.len > 0 {
            if doc == self.last {
                return;
            }
            debug_assert!(doc > self.last, "{doc} after {}", self.last);
            push_varint(&mut self.bytes, doc - self.last);
        } else {
            push_varint(&mut self.bytes, doc);
        }
        self.last = doc;
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The largest number.
    pub fn last(&self) -> Option<u32> {
        (self.len > 0).then_some(self.last)
    }

    /// Frees the spare room of the bytes.
    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
    }

    /// The gaps as LEB128 varints (the first number itself).
    pub fn gap_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The numbers, ascending.
    pub fn iter(&self) -> Iter<'_> {
        Iter { bytes: &self.bytes, previous: 0, first: true }
    }

    /// Whether `doc` is in the set.
    pub fn contains(&self, doc: u32) -> bool {
        self.len > 0 && doc <= self.last && self.seek(doc).at.is_some_and(|(_, _, d)| d == doc)
    }

    /// Where the first number from `doc` up is (see [`Seek`]).
    fn seek(&self, doc: u32) -> Seek {
        let (mut offset, mut previous) = (0, None);
        while offset < self.bytes.len() {
            let (gap, size) = read_varint(&self.bytes[offset..]);
            let d = previous.map_or(gap, |p| p + gap);
            if d >= doc {
                return Seek { previous, at: Some((offset, offset + size, d)) };
            }
            previous = Some(d);
            offset += size;
        }
        Seek { previous, at: None }
    }

    /// Adds `doc` anywhere; returns whether it was not there. Only the
    /// gap where it goes is rewritten.
    pub fn insert(&mut self, doc: u32) -> bool {
        if self.last().is_none_or(|last| doc > last) {
            self.push(doc);
            return true;
        }
        let Seek { previous, at: Some((start, end, next)) } = self.seek(doc) else { unreachable!("doc is below the last") };
        if next == doc {
            return false;
        }
        let mut gaps = Vec::with_capacity(10);
        push_varint(&mut gaps, previous.map_or(doc, |p| doc - p));
        push_varint(&mut gaps, next - doc);
        self.bytes.splice(start..end, gaps);
        self.len += 1;
        true
    }

    /// Takes `doc` out; returns whether it was there. Only the gaps around
    /// it are rewritten.
    pub fn remove(&mut self, doc: u32) -> bool {
        if self.last().is_none_or(|last| doc > last) {
            return false;
        }
        let Seek { previous, at: Some((start, end, found)) } = self.seek(doc) else { return false };
        if found != doc {
            return false;
        }
        self.len -= 1;
        if end == self.bytes.len() {
            self.bytes.truncate(start);
            self.last = previous.unwrap_or(0);
            return true;
        }
        let (gap, size) = read_varint(&self.bytes[end..]);
        let mut joined = Vec::with_capacity(5);
        push_varint(&mut joined, previous.map_or(doc + gap, |p| doc + gap - p));
        self.bytes.splice(start..end + size, joined);
        true
    }

    /// Gives each number `d` from `lo` to `hi` the number `number[d]`, which
    /// keeps the set ascending; returns whether any changed. Only the gaps
    /// from the first number in the range to the first after it are
    /// rewritten.
    pub fn renumber(&mut self, number: &[u32], lo: u32, hi: u32) -> bool {
        if self.len == 0 || self.last < lo {
            return false;
        }
        let Seek { previous, at: Some((start, _, first)) } = self.seek(lo) else { return false };
        if first > hi {
            return false;
        }
        let (mut offset, mut old, mut new) = (start, previous, previous);
        let mut gaps = Vec::new();
        let mut changed = false;
        while offset < self.bytes.len() {
            let (gap, size) = read_varint(&self.bytes[offset..]);
            let d = old.map_or(gap, |p| p + gap);
            offset += size;
            let n = if d <= hi { number[d as usize] } else { d };
            debug_assert!(new.is_none_or(|p| n > p), "renumbering keeps the order");
            changed |= n != d;
            push_varint(&mut gaps, new.map_or(n, |p| n - p));
            old = Some(d);
            new = Some(n);
            if d > hi {
                break;
            }
        }
        if !changed {
            return false;
        }
        if offset == self.bytes.len() {
            self.last = new.expect("a number was read");
        }
        self.bytes.splice(start..offset, gaps);
        true
    }
}

/// Where [`DocSet::seek`] stopped: the number before, and the byte range
/// and value of the first number from the one sought up, if any.
struct Seek {
    previous: Option<u32>,
    at: Option<(usize, usize, u32)>,
}

/// A varint at the start of `bytes` and its length.
pub(super) fn read_varint(bytes: &[u8]) -> (u32, usize) {
    let (mut value, mut shift) = (0u32, 0);
    for (i, &b) in bytes.iter().enumerate() {
        value |= ((b & 0x7f) as u32) << shift;
        if b & 0x80 == 0 {
            return (value, i + 1);
        }
        shift += 7;
    }
    (value, bytes.len())
}

/// The numbers of a [`DocSet`], ascending.
pub struct Iter<'a> {
    bytes: &'a [u8],
    previous: u32,
    first: bool,
}

impl Iterator for Iter<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let (mut value, mut shift) = (0u32, 0);
        loop {
            let (&b, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            value |= ((b & 0x7f) as u32) << shift;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        self.previous = if self.first { value } else { self.previous + value };
        self.first = false;
        Some(self.previous)
    }
}

/// Appends `value` as a LEB128 varint.
pub(super) fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_keep_their_numbers() {
        let docs = [0u32, 1, 5, 127, 128, 300, 16_384, 70_000, 2_000_000];
        let set = DocSet::from_sorted(docs);
        assert_eq!(set.iter().collect::<Vec<_>>(), docs);
        assert_eq!((set.len(), set.last()), (docs.len(), Some(2_000_000)));
        assert!(set.contains(300) && !set.contains(301) && !set.contains(3_000_000));
        // Gaps of 1, 4, 122 take a byte each; 0 is the first.
        assert_eq!(&set.gap_bytes()[..4], [0, 1, 4, 122]);
    }

    #[test]
    fn edits_in_place_equal_sets_made_afresh() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        for _ in 0..3000 {
            let n = 1 + next(400) as u32;
            let density = next(101);
            let mut docs: Vec<u32> = (0..n).filter(|_| next(100) < density).collect();
            let mut set = DocSet::from_sorted(docs.iter().copied());
            let doc = next(n as u64 + 2) as u32;
            match next(3) {
                0 => {
                    let was = docs.binary_search(&doc);
                    assert_eq!(set.insert(doc), was.is_err());
                    if let Err(at) = was {
                        docs.insert(at, doc);
                    }
                }
                1 => {
                    let was = docs.binary_search(&doc);
                    assert_eq!(set.remove(doc), was.is_ok());
                    if let Ok(at) = was {
                        docs.remove(at);
                    }
                }
                _ => {
                    // A document taken out at `doc`, put back at `to`:
                    // those between move one place.
                    docs.retain(|&d| d != doc);
                    set.remove(doc);
                    let to = next(n as u64 + 2) as u32;
                    let number: Vec<u32> = (0..n + 2)
                        .map(|d| {
                            if doc < to && d > doc && d <= to {
                                d - 1
                            } else if to < doc && d >= to && d < doc {
                                d + 1
                            } else {
                                d
                            }
                        })
                        .collect();
                    let (lo, hi) = (doc.min(to), doc.max(to));
                    let expected: Vec<u32> = docs.iter().map(|&d| number[d as usize]).collect();
                    let changed = set.renumber(&number, lo, hi);
                    assert_eq!(changed, expected != docs);
                    docs = expected;
                }
            }
            assert_eq!(set, DocSet::from_sorted(docs.iter().copied()), "{docs:?}");
        }
    }

    #[test]
    fn inserting_removing_and_renumbering() {
        let mut set = DocSet::from_sorted([2, 4, 9]);
        assert!(set.insert(3) && !set.insert(3) && set.insert(10) && set.insert(0));
        assert_eq!(set.iter().collect::<Vec<_>>(), [0, 2, 3, 4, 9, 10]);
        assert!(set.remove(4) && !set.remove(4));
        assert_eq!(set, DocSet::from_sorted([0, 2, 3, 9, 10]));
        // Document 9 (taken out) moved to 2: 2 and 3 one down.
        assert!(set.remove(9));
        let number = [0, 1, 3, 4, 5, 6, 7, 8, 9, 2, 10];
        assert!(set.renumber(&number, 2, 9));
        assert_eq!(set, DocSet::from_sorted([0, 3, 4, 10]));
        assert!(!set.renumber(&number, 5, 8));
        let mut empty = DocSet::default();
        assert!(!empty.remove(1) && empty.insert(7) && empty.iter().eq([7]));
    }
}
