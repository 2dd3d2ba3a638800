//! Where a QR code's modules go (ISO/IEC 18004 §6.3, §7.7): the function
//! patterns of a version, and the order in which the codewords' bits fill
//! the other modules. Input: a version and its codewords; output: the
//! unmasked modules, row by row, with the format information left light for
//! [`super::mask`] to write. Pure.

use super::codewords::data_modules;
use super::mask::{Row, WORDS, format_places, set};
use std::sync::OnceLock;

/// The fixed parts of a version's symbol.
pub struct Layout {
    /// The function modules (finder patterns with their separators, timing
    /// and alignment patterns, format and version information, the dark
    /// module), row by row: everything the mask leaves alone. The set is
    /// symmetric about the diagonal, so these rows are its columns too.
    pub function: Vec<Row>,
    /// The dark function modules (the format information left light).
    dark: Vec<Row>,
    /// The codeword bits two at a time, as placed (bits 7 and 6 of each
    /// codeword, then 5 and 4, …): where each pair goes, as the place of its
    /// second bit. Most pairs fill two modules side by side in one word, the
    /// first bit right of the second; a pair that does not (split by a
    /// function module, or across two words) is written to a spare word past
    /// the rows instead, and its two bits one by one to their places in
    /// `split`. A place is the word of the rows taken as one slice of words
    /// (row × [`WORDS`] + column / 64) times 64 plus the bit in it (column %
    /// 64).
    pairs: Vec<u16>,
    /// The bits of the split pairs: (codeword bit in placement order,
    /// place).
    split: Vec<(u16, u16)>,
}

/// The layout of `version` (1–40), made once per version.
pub fn layout(version: usize) -> &'static Layout {
    static VERSIONS: [OnceLock<Layout>; 40] = [const { OnceLock::new() }; 40];
    VERSIONS[version - 1].get_or_init(|| Layout::new(version))
}

impl Layout {
    fn new(version: usize) -> Layout {
        let grid = Grid::draw(version);
        let n = grid.size;
        let pack = |cells: &[bool]| -> Vec<Row> {
            cells
                .chunks_exact(n)
                .map(|cells| {
                    let mut row = [0; WORDS];
                    for (x, _) in cells.iter().enumerate().filter(|(_, is_set)| **is_set) {
                        set(&mut row, x);
                    }
                    row
                })
                .collect()
        };
        // The place of each codeword bit in placement order (§7.7.3): two
        // columns at a time from the right, up then down, the vertical
        // timing pattern's column skipped; each module not a function module
        // takes the next bit, right column first. The last 0–7 are remainder
        // bits, left light.
        let mut places = Vec::with_capacity(data_modules(version));
        let mut right = n - 1;
        loop {
            let is_upward = (right + 1) & 2 == 0;
            for vertical in 0..n {
                let y = if is_upward { n - 1 - vertical } else { vertical };
                for x in [right, right - 1] {
                    if !grid.function[y * n + x] {
                        places.push(((y * WORDS + x / 64) * 64 + x % 64) as u16);
                    }
                }
            }
            match right {
                1 => break,
                8 => right = 5,
                _ => right -= 2,
            }
        }
        let spare = (n * WORDS * 64) as u16;
        let codeword_bits = data_modules(version) / 8 * 8;
        let (mut pairs, mut split) = (Vec::with_capacity(codeword_bits / 2), Vec::new());
        for (i, pair) in places[..codeword_bits].chunks_exact(2).enumerate() {
            // The first bit to the module right of the second, in the same
            // word.
            if pair[0] == pair[1] + 1 && pair[1] % 64 != 63 {
                pairs.push(pair[1]);
            } else {
                pairs.push(spare);
                split.extend([((2 * i) as u16, pair[0]), ((2 * i + 1) as u16, pair[1])]);
            }
        }
        assert_eq!(places.len(), data_modules(version), "a place for every data module");
        Layout { function: pack(&grid.function), dark: pack(&grid.dark), pairs, split }
    }

    /// The unmasked modules of `codewords` (as many as the version holds).
    pub fn place(&self, codewords: &[u8]) -> Vec<Row> {
        let mut rows = Vec::with_capacity(self.dark.len() + 1);
        rows.extend_from_slice(&self.dark);
        // The spare row, for the split pairs.
        rows.push([0; WORDS]);
        let words = rows.as_flattened_mut();
        // Every bit written, light ones as zero: no branch on the data. Two
        // bits at a time, then the split pairs' bits one by one.
        for (&byte, pairs) in codewords.iter().zip(self.pairs.chunks_exact(4)) {
            for (i, &place) in pairs.iter().enumerate() {
                let bits = u64::from(byte >> (6 - 2 * i) & 3);
                words[usize::from(place / 64)] |= bits << (place % 64);
            }
        }
        for &(bit, place) in &self.split {
            let bit = u64::from(codewords[usize::from(bit / 8)] >> (7 - bit % 8) & 1);
            words[usize::from(place / 64)] |= bit << (place % 64);
        }
        rows.pop();
        rows
    }
}

/// A symbol's function modules drawn one by one, as the standard describes
/// them.
struct Grid {
    size: usize,
    function: Vec<bool>,
    dark: Vec<bool>,
}

impl Grid {
    fn put(&mut self, row: usize, column: usize, is_dark: bool) {
        self.function[row * self.size + column] = true;
        self.dark[row * self.size + column] = is_dark;
    }

    fn draw(version: usize) -> Grid {
        let n = version * 4 + 17;
        let mut grid = Grid { size: n, function: vec![false; n * n], dark: vec![false; n * n] };
        // Timing patterns, then what is drawn over their ends.
        for i in 0..n {
            grid.put(6, i, i % 2 == 0);
            grid.put(i, 6, i % 2 == 0);
        }
        // Finder patterns with their light separators: 7×7 dark, 5×5 light,
        // 3×3 dark.
        for (r, c) in [(3, 3), (3, n - 4), (n - 4, 3)] {
            for row in r.saturating_sub(4)..(r + 5).min(n) {
                for column in c.saturating_sub(4)..(c + 5).min(n) {
                    let distance = row.abs_diff(r).max(column.abs_diff(c));
                    grid.put(row, column, distance != 2 && distance != 4);
                }
            }
        }
        let centres = alignment_centres(version, n);
        for &r in &centres {
            for &c in &centres {
                let on_finder = (r == 6 && (c == 6 || c == n - 7)) || (r == n - 7 && c == 6);
                if !on_finder {
                    for row in r - 2..=r + 2 {
                        for column in c - 2..=c + 2 {
                            grid.put(row, column, row.abs_diff(r).max(column.abs_diff(c)) != 1);
                        }
                    }
                }
            }
        }
        for (_, row, column) in format_places(n) {
            grid.put(row, column, false);
        }
        grid.put(n - 8, 8, true);
        // Version information (§7.10): six bits and a BCH(18,6) code, in two
        // 6×3 blocks.
        if version >= 7 {
            let mut remainder = version as u32;
            for _ in 0..12 {
                remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25);
            }
            let bits = (version as u32) << 12 | remainder;
            for i in 0..18 {
                let is_dark = bits >> i & 1 == 1;
                let (a, b) = (n - 11 + i % 3, i / 3);
                grid.put(b, a, is_dark);
                grid.put(a, b, is_dark);
            }
        }
        grid
    }
}

/// Rows (and columns) of the alignment patterns' centres (Annex E).
fn alignment_centres(version: usize, size: usize) -> Vec<usize> {
    if version == 1 {
        return Vec::new();
    }
    let count = version / 7 + 2;
    let step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2;
    let mut centres: Vec<usize> = (0..count - 1).map(|i| size - 7 - i * step).collect();
    centres.push(6);
    centres.reverse();
    centres
}

#[cfg(test)]
mod tests {
    use super::super::mask::get;
    use super::*;

    #[test]
    fn function_modules_are_symmetric_and_leave_the_data_modules() {
        for version in 1..=40 {
            let layout = layout(version);
            let rows = &layout.function;
            let n = rows.len();
            for i in 0..n {
                for j in 0..n {
                    assert_eq!(get(&rows[i], j), get(&rows[j], i), "version {version}, {i},{j}");
                }
            }
            let function: usize = rows.iter().map(|row| row.iter().map(|w| w.count_ones() as usize).sum::<usize>()).sum();
            assert_eq!(n * n - function, data_modules(version), "version {version}");
            let codeword_bits = data_modules(version) / 8 * 8;
            assert_eq!(2 * layout.pairs.len(), codeword_bits, "version {version}");
            assert!(layout.split.len() < codeword_bits, "version {version}");
        }
    }
}
