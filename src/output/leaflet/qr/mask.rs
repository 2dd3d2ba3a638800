//! Choosing a QR code's mask: the one of the eight patterns of ISO/IEC 18004
//! (§7.8.2) with the lowest penalty (§7.8.3), each row and column packed into
//! 64-bit words so that a rule tests 64 modules at once.
//!
//! The penalty is the standard's, scored on the whole masked symbol with its
//! format information, as the reference implementation (Nayuki's
//! `qrcodegen`) reads §7.8.3: N1, runs of five or more modules of one colour
//! in a row or column, 3 + (length − 5); N2, every 2×2 block of one colour, 3;
//! N3, a 1:1:3:1:1 dark-light-dark-light-dark pattern (at any module size)
//! with four modules' worth of light on one side, the light quiet zone counting,
//! 40 per side; N4, 10 for each 5% the dark share is away from 45–55%. Input:
//! the unmasked modules of a symbol, row by row; output: the mask and the masked
//! modules with their format information. Pure.

use std::ops::{BitAnd, BitOr, BitXor, Not};
use std::sync::OnceLock;

/// Words of a packed row: the 177 modules of version 40 and eight light
/// modules around them fit in 192 bits.
pub const WORDS: usize = 3;

/// One row (or column) of modules: module `i` in bit `i % 64` of word `i / 64`.
pub type Row = [u64; WORDS];

/// Whether mask pattern `k` inverts the module at `row`, `column` (§7.8.2,
/// Table 10).
fn inverts(k: usize, row: usize, column: usize) -> bool {
    let (i, j) = (row, column);
    match k {
        0 => (i + j) % 2 == 0,
        1 => i % 2 == 0,
        2 => j % 3 == 0,
        3 => (i + j) % 3 == 0,
        4 => (i / 2 + j / 3) % 2 == 0,
        5 => (i * j) % 2 + (i * j) % 3 == 0,
        6 => ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        _ => ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    }
}

/// Each mask pattern packed: `rows[k][i % 12]` is what pattern `k` inverts
/// in row `i`, `columns[k][j % 12]` in column `j` (every pattern repeats
/// every 12 modules both ways).
struct Patterns {
    rows: [[Row; 12]; 8],
    columns: [[Row; 12]; 8],
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let mut p = Patterns { rows: [[[0; WORDS]; 12]; 8], columns: [[[0; WORDS]; 12]; 8] };
        for k in 0..8 {
            for s in 0..12 {
                for x in 0..WORDS * 64 {
                    if inverts(k, s, x) {
                        set(&mut p.rows[k][s], x);
                    }
                    if inverts(k, x, s) {
                        set(&mut p.columns[k][s], x);
                    }
                }
            }
        }
        p
    })
}

/// What mask pattern `k` inverts in row `i` (all columns).
pub fn pattern_row(k: usize, i: usize) -> &'static Row {
    &patterns().rows[k][i % 12]
}

/// Modules `0..n` of a row.
pub fn low(n: usize) -> Row {
    Line::<WORDS>::low(n).0
}

pub fn set(row: &mut Row, i: usize) {
    row[i / 64] |= 1 << (i % 64);
}

pub fn get(row: &Row, i: usize) -> bool {
    row[i / 64] >> (i % 64) & 1 == 1
}

/// The first module from `from` on that is dark (or light), if any.
pub fn next(row: &Row, from: usize, dark: bool) -> Option<usize> {
    let word = |w: usize| if dark { row[w] } else { !row[w] };
    let mut w = from / 64;
    let mut bits = word(w) & (u64::MAX << (from % 64));
    while bits == 0 {
        w += 1;
        if w == WORDS {
            return None;
        }
        bits = word(w);
    }
    Some(w * 64 + bits.trailing_zeros() as usize)
}

/// The function modules of a symbol of `version` (finder patterns with their
/// separators, timing and alignment patterns, format and version
/// information, the dark module), row by row: everything the mask leaves
/// alone. The set is symmetric about the diagonal, so these rows are its
/// columns too. Made once per version.
pub fn function_modules(version: usize) -> &'static [Row] {
    static VERSIONS: [OnceLock<Vec<Row>>; 40] = [const { OnceLock::new() }; 40];
    VERSIONS[version - 1].get_or_init(|| function_rows(version))
}

fn function_rows(version: usize) -> Vec<Row> {
    let n = version * 4 + 17;
    let mut rows = vec![[0; WORDS]; n];
    let mut fill = |top: usize, bottom: usize, left: usize, right: usize| {
        for row in &mut rows[top..bottom] {
            for x in left..right {
                set(row, x);
            }
        }
    };
    // The three finder corners take their separators and the format
    // information (and the dark module) beside them.
    fill(0, 9, 0, 9);
    fill(0, 9, n - 8, n);
    fill(n - 8, n, 0, 9);
    fill(6, 7, 0, n);
    fill(0, n, 6, 7);
    let centres = alignment_centres(version, n);
    for &r in &centres {
        for &c in &centres {
            let on_finder = (r == 6 && (c == 6 || c == n - 7)) || (r == n - 7 && c == 6);
            if !on_finder {
                fill(r - 2, r + 3, c - 2, c + 3);
            }
        }
    }
    if version >= 7 {
        fill(0, 6, n - 11, n - 8);
        fill(n - 11, n - 8, 0, 6);
    }
    rows
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

/// The two places of each of the 15 format bits (§7.9.1), as (bit, row,
/// column).
pub fn format_places(size: usize) -> impl Iterator<Item = (usize, usize, usize)> {
    let n = size;
    let first = (0..6).map(|i| (i, i, 8)).chain([(6, 7, 8), (7, 8, 8), (8, 8, 7)]).chain((9..15).map(|i| (i, 8, 14 - i)));
    let second = (0..8).map(move |i| (i, 8, n - 1 - i)).chain((8..15).map(move |i| (i, n - 15 + i, 8)));
    first.chain(second)
}

/// The 15 format bits of an error correction level (its two bits, §7.9.1:
/// L 01, M 00, Q 11, H 10) and a mask: BCH(15,5) code, then the fixed mask.
fn format_bits(level: u32, mask: usize) -> u32 {
    let data = level << 3 | mask as u32;
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    (data << 10 | rem) ^ 0x5412
}

/// The masked symbol: `modules` (unmasked, format areas light) with mask `k`
/// applied to the data modules and the format information of `level` and `k`.
pub fn apply(modules: &[Row], function: &[Row], level: u32, k: usize) -> Vec<Row> {
    let n = modules.len();
    let all = low(n);
    let mut rows: Vec<Row> = modules
        .iter()
        .zip(function)
        .enumerate()
        .map(|(i, (m, f))| {
            let p = pattern_row(k, i);
            std::array::from_fn(|w| m[w] ^ (p[w] & !f[w] & all[w]))
        })
        .collect();
    let bits = format_bits(level, k);
    for (bit, r, c) in format_places(n) {
        if bits >> bit & 1 == 1 {
            set(&mut rows[r], c);
        }
    }
    rows
}

/// The mask (0–7) with the lowest penalty, the first of equals.
pub fn best_mask(modules: &[Row], function: &[Row], level: u32) -> usize {
    let n = modules.len();
    if n <= 64 {
        best::<1>(modules, function, level)
    } else if n <= 128 {
        best::<2>(modules, function, level)
    } else {
        best::<3>(modules, function, level)
    }
}

fn best<const W: usize>(modules: &[Row], function: &[Row], level: u32) -> usize {
    let mut best = (u32::MAX, 0);
    for k in 0..8 {
        let score = penalty::<W>(&apply(modules, function, level, k));
        if score < best.0 {
            best = (score, k);
        }
    }
    best.1
}

/// The penalty of a masked symbol (§7.8.3, see the module's comment).
fn penalty<const W: usize>(symbol: &[Row]) -> u32 {
    let n = symbol.len();
    let rows: Vec<Line<W>> = symbol.iter().map(Line::from_row).collect();
    let columns = transpose(&rows);
    let mut score: u32 = rows.iter().chain(&columns).map(|line| line_penalty(line, n)).sum();
    let all = Line::<W>::low(n);
    let blocks: u32 = rows.windows(2).map(|pair| block_count(pair[0], pair[1], all)).sum();
    let dark: u32 = rows.iter().map(|row| row.count()).sum();
    score += 3 * blocks + 10 * dark_share_steps(dark, (n * n) as u32);
    score
}

/// N4's k: the least k ≥ 0 with (45 − 5k)% ≤ dark share ≤ (55 + 5k)%.
fn dark_share_steps(dark: u32, total: u32) -> u32 {
    (dark * 20).abs_diff(total * 10).div_ceil(total).saturating_sub(1)
}

fn transpose<const W: usize>(rows: &[Line<W>]) -> Vec<Line<W>> {
    let mut columns = vec![Line::<W>::ZERO; rows.len()];
    for (i, row) in rows.iter().enumerate() {
        for (w, &word) in row.0.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                columns[w * 64 + bits.trailing_zeros() as usize].set(i);
                bits &= bits - 1;
            }
        }
    }
    columns
}

/// N1 and N3 of one row or column of `n` modules, from its runs (their ends
/// found by bit scans of where a module differs from the next): a run of
/// L ≥ 5 scores L − 2; each finder-like pattern 40 per light side.
fn line_penalty<const W: usize>(line: &Line<W>, n: usize) -> u32 {
    let mut score = 0;
    // The last seven runs, newest first; the light quiet zone (counted as
    // `n` modules, as the reference does) extends the first and last.
    let mut history = [0usize; 7];
    let push = |history: &mut [usize; 7], mut length: usize| {
        if history[0] == 0 {
            length += n;
        }
        let [a, b, c, d, e, f, _] = *history;
        *history = [length, a, b, c, d, e, f];
    };
    let mut start = 0;
    let mut dark = line.get(0);
    if dark {
        push(&mut history, 0);
    }
    // Bit i: module i differs from module i + 1 (i < n − 1), so a run ends
    // after module i.
    let ends = (*line ^ line.down(1)) & Line::low(n - 1);
    for (w, &word) in ends.0.iter().enumerate() {
        let mut bits = word;
        while bits != 0 {
            let end = w * 64 + bits.trailing_zeros() as usize + 1;
            bits &= bits - 1;
            let length = end - start;
            if length >= 5 {
                score += length as u32 - 2;
            }
            push(&mut history, length);
            // A pattern is complete when the light run after it ends.
            if !dark {
                score += 40 * finder_patterns(&history);
            }
            start = end;
            dark = !dark;
        }
    }
    // The last run, then the quiet zone after it.
    let length = n - start;
    if length >= 5 {
        score += length as u32 - 2;
    }
    if dark {
        push(&mut history, length);
        push(&mut history, n);
    } else {
        push(&mut history, length + n);
    }
    score + 40 * finder_patterns(&history)
}

/// Finder-like patterns ending at the newest run of `history` (light):
/// dark-light-dark-light-dark runs of n, n, 3n, n, n with at least 4n light
/// before and n after, or n before and 4n after.
fn finder_patterns(history: &[usize; 7]) -> u32 {
    let n = history[1];
    let core = n > 0 && history[2] == n && history[3] == n * 3 && history[4] == n && history[5] == n;
    u32::from(core && history[0] >= n * 4 && history[6] >= n) + u32::from(core && history[6] >= n * 4 && history[0] >= n)
}

/// N2 between two rows: 2×2 blocks of one colour inside the symbol.
fn block_count<const W: usize>(above: Line<W>, below: Line<W>, all: Line<W>) -> u32 {
    let vertical = !(above ^ below);
    let uniform = vertical & vertical.down(1) & !(above ^ above.down(1));
    (uniform & all.down(1) & all).count()
}

/// A row of at most `64 * W` modules, for the bitwise rules.
#[derive(Clone, Copy)]
struct Line<const W: usize>([u64; W]);

impl<const W: usize> Line<W> {
    const ZERO: Self = Line([0; W]);

    /// Bits `0..n` set.
    fn low(n: usize) -> Self {
        Line(std::array::from_fn(|w| match n.saturating_sub(w * 64) {
            0 => 0,
            k if k >= 64 => u64::MAX,
            k => (1 << k) - 1,
        }))
    }

    fn from_row(row: &Row) -> Self {
        Line(std::array::from_fn(|w| row[w]))
    }

    fn get(&self, i: usize) -> bool {
        self.0[i / 64] >> (i % 64) & 1 == 1
    }

    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    /// Bit `i` takes bit `i + k` (0 < k < 64).
    fn down(self, k: u32) -> Self {
        Line(std::array::from_fn(|w| {
            let next = if w + 1 < W { self.0[w + 1] << (64 - k) } else { 0 };
            self.0[w] >> k | next
        }))
    }

    fn count(self) -> u32 {
        // Most rule masks are empty; a software popcount (x86-64 without
        // POPCNT) is not free.
        self.0.iter().map(|&w| if w == 0 { 0 } else { w.count_ones() }).sum()
    }
}

impl<const W: usize> BitAnd for Line<W> {
    type Output = Self;
    fn bitand(self, other: Self) -> Self {
        Line(std::array::from_fn(|w| self.0[w] & other.0[w]))
    }
}

impl<const W: usize> BitOr for Line<W> {
    type Output = Self;
    fn bitor(self, other: Self) -> Self {
        Line(std::array::from_fn(|w| self.0[w] | other.0[w]))
    }
}

impl<const W: usize> BitXor for Line<W> {
    type Output = Self;
    fn bitxor(self, other: Self) -> Self {
        Line(std::array::from_fn(|w| self.0[w] ^ other.0[w]))
    }
}

impl<const W: usize> Not for Line<W> {
    type Output = Self;
    fn not(self) -> Self {
        Line(std::array::from_fn(|w| !self.0[w]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(bits: &str) -> Line<1> {
        let mut l = Line::ZERO;
        for (i, b) in bits.bytes().enumerate() {
            if b == b'1' {
                l.set(i);
            }
        }
        l
    }

    #[test]
    fn runs_of_five_or_more_score_their_length_less_two() {
        // One run of 6 dark, one of 4 light, 2 dark: 6 − 2.
        assert_eq!(line_penalty(&line("111111000011"), 12), 4);
        // Seven light modules then five dark: 5 + 3.
        assert_eq!(line_penalty(&line("000000011111"), 12), 8);
        // Runs of four: nothing.
        assert_eq!(line_penalty(&line("111100001111"), 12), 0);
    }

    #[test]
    fn a_finder_like_pattern_scores_once_per_light_side() {
        // At the start of a line the quiet zone is its light side before;
        // light modules after it too: 2 × 40 (and the four light: nothing).
        assert_eq!(line_penalty(&line("10111010000"), 11), 80);
        // One light module after it, then dark: only the side with four light
        // counts (40), plus N1 for the run of five dark (3).
        assert_eq!(line_penalty(&line("00001011101011111"), 17), 43);
        // Its last dark run is longer than one module: no pattern.
        assert_eq!(line_penalty(&line("00001011101111"), 14), 0);
        // Dark modules on both sides, and no side with four light: nothing.
        assert_eq!(line_penalty(&line("1101011101011"), 13), 0);
        // Twice the module size counts as well: 2:2:6:2:2 with the quiet
        // zone before and eight light after: 2 × 40, plus N1 for the run of
        // six dark (4) and of eight light (6).
        assert_eq!(line_penalty(&line("1100111111001100000000"), 22), 80 + 4 + 6);
    }

    #[test]
    fn blocks_count_every_two_by_two_of_one_colour_inside_the_symbol() {
        let all = Line::<1>::low(4);
        assert_eq!(block_count(line("1100"), line("1100"), all), 2);
        assert_eq!(block_count(line("1101"), line("1100"), all), 1);
        assert_eq!(block_count(line("1010"), line("0101"), all), 0);
    }

    #[test]
    fn shifts_cross_words() {
        let mut l = Line::<3>::ZERO;
        l.set(64);
        l.set(130);
        let down = l.down(3);
        assert!(get(&down.0, 61) && get(&down.0, 127) && down.count() == 2);
        assert_eq!(Line::<3>::low(130).count(), 130);
    }

    #[test]
    fn dark_share_penalty_is_ten_points_per_five_percent_away_from_45_to_55() {
        let steps = |percent: u32| dark_share_steps(percent * 10 + 1, 1000);
        assert_eq!(
            [steps(50), steps(45), steps(54), steps(55), steps(44), steps(40), steps(39), steps(0), steps(99)],
            [0, 0, 0, 1, 1, 1, 2, 9, 9]
        );
    }

    #[test]
    fn function_modules_are_symmetric() {
        for version in 1..=40 {
            let rows = function_modules(version);
            let n = rows.len();
            for i in 0..n {
                for j in 0..n {
                    assert_eq!(get(&rows[i], j), get(&rows[j], i), "version {version}, {i},{j}");
                }
            }
        }
    }

    #[test]
    fn format_bits_match_the_standards_table() {
        // ISO/IEC 18004 Table C.1: level M, mask 0 is 101010000010010.
        assert_eq!(format_bits(0b00, 0), 0b101010000010010);
        // Level L, mask 0: 111011111000100.
        assert_eq!(format_bits(0b01, 0), 0b111011111000100);
    }
}
