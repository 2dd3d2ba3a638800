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
        self.len > 0 && doc <= self.last && self.iter().take_while(|&d| d <= doc).any(|d| d == doc)
    }

    /// Adds `doc` anywhere; returns whether it was not there.
    pub fn insert(&mut self, doc: u32) -> bool {
        if self.last().is_none_or(|last| doc > last) {
            self.push(doc);
            return true;
        }
        if self.contains(doc) {
            return false;
        }
        let mut docs: Vec<u32> = self.iter().collect();
        let at = docs.partition_point(|&d| d < doc);
        docs.insert(at, doc);
        *self = DocSet::from_sorted(docs);
        true
    }

    /// Takes `doc` out; returns whether it was there.
    pub fn remove(&mut self, doc: u32) -> bool {
        if !self.contains(doc) {
            return false;
        }
        *self = DocSet::from_sorted(self.iter().filter(|&d| d != doc));
        true
    }

    /// Gives each number `d` from `lo` to `hi` the number `number[d]`, which
    /// keeps them ascending; returns whether any changed.
    pub fn renumber(&mut self, number: &[u32], lo: u32, hi: u32) -> bool {
        if self.len == 0 || self.last < lo || self.iter().find(|&d| d >= lo).is_none_or(|d| d > hi) {
            return false;
        }
        let renumbered = DocSet::from_sorted(self.iter().map(|d| if (lo..=hi).contains(&d) { number[d as usize] } else { d }));
        let changed = renumbered != *self;
        *self = renumbered;
        changed
    }
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

fn push_varint(out: &mut Vec<u8>, mut value: u32) {
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
