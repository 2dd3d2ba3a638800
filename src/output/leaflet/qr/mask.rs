//! Choosing a QR code's mask: the one of the eight patterns of ISO/IEC 18004
//! (§7.8.2) with the lowest penalty (§7.8.3), each row and column packed into
//! 64-bit words so that a rule tests 64 modules at once: runs and finder-like
//! patterns are found by shifting a line against itself, not module by
//! module. The rows of all eight masks are scored first, then the columns
//! of the masks in order of their rows' penalty, a mask dropped once its
//! penalty so far cannot win; symbols of up to 64 modules score two masks
//! at a time, one in each lane of an SSE2 register ([`super::lanes`]).
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

#[cfg(target_arch = "x86_64")]
use super::lanes::Pair;
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

/// The modules of `row` that differ from the one before them (module −1
/// light): where each run of dark modules starts and where it ends.
pub fn edges(row: &Row) -> Row {
    let line = Line::<WORDS>(*row);
    (line ^ line.up(1)).0
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
    // The rules count bits (a few popcounts per line, 90 to 360 lines per
    // mask): with the POPCNT instruction rather than the portable sequence
    // of shifts and adds that x86-64 without it gets, the choice costs about
    // a third less.
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("popcnt") {
        // SAFETY: the processor has POPCNT, as just checked.
        return unsafe { best_mask_with_popcnt(modules, function, level) };
    }
    best_of_width(modules, function, level)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt,sse2")]
fn best_mask_with_popcnt(modules: &[Row], function: &[Row], level: u32) -> usize {
    // Symbols of up to 64 modules (versions 1–11, most addresses): two
    // masks at a time, one in each lane of an SSE2 register.
    if modules.len() <= 64 {
        return best_in_pairs(modules, function, level);
    }
    best_of_width(modules, function, level)
}

/// [`best`] for one-word lines, two masks at a time (see [`Pair`]): the
/// rows of masks 0 and 1, then 2 and 3, …; then the columns of the masks
/// in order of their rows' penalty, two at a time, each lane stopped once
/// its mask cannot win (both lanes: the pair).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt,sse2")]
#[inline]
fn best_in_pairs(modules: &[Row], function: &[Row], level: u32) -> usize {
    let n = modules.len();
    let all = low(n)[0];
    let unmasked: Vec<Line<1>> = modules.iter().map(Line::from_row).collect();
    // Transposed once: the masks' columns are then made like their rows.
    let unmasked_columns = transpose(&unmasked);
    // The function modules are symmetric, so row `i` of `data` is column `i`
    // too.
    let data: Vec<u64> = function.iter().map(|f| !f[0] & all).collect();
    let patterns = patterns();
    let bits: [u32; 8] = std::array::from_fn(|k| format_bits(level, k));
    let mut places = [(0, 0, 0); 30];
    for (place, format) in places.iter_mut().zip(format_places(n)) {
        *place = format;
    }
    let mut lines = vec![Pair::splat(0); n];
    // Line `i` of masks `a` and `b`, then their format bits.
    let masked = |lines: &mut [Pair], unmasked: &[Line<1>], pattern: &[[Row; 12]; 8], (a, b): (usize, usize), is_row: bool| {
        for (i, line) in lines.iter_mut().enumerate() {
            let (first, second) = (pattern[a][i % 12][0], pattern[b][i % 12][0]);
            let (line_bits, data) = (unmasked[i].0[0], data[i]);
            *line = Pair::new(line_bits ^ (first & data), line_bits ^ (second & data));
        }
        for &(bit, r, c) in &places {
            let (line, module) = if is_row { (r, c) } else { (c, r) };
            let dark = |k: usize| u64::from(bits[k] >> bit & 1) << module;
            lines[line] = lines[line].or(Pair::new(dark(a), dark(b)));
        }
    };
    let mut partial = [0; 8];
    for a in [0, 2, 4, 6] {
        masked(&mut lines, &unmasked, &patterns.rows, (a, a + 1), true);
        [partial[a], partial[a + 1]] = pair_row_penalty(&lines);
    }
    let mut order: [usize; 8] = std::array::from_fn(|k| k);
    order.sort_unstable_by_key(|&k| (partial[k], k));
    let inside = Pair::splat(low(n - 1)[0]);
    let mut best = (u32::MAX, 0);
    for pair in order.chunks_exact(2) {
        let (a, b) = (pair[0], pair[1]);
        // A mask is alive while its penalty so far, with it, is below the
        // best complete one: every rule adds.
        let mut alive = [(partial[a], a) < best, (partial[b], b) < best];
        if alive == [false, false] {
            continue;
        }
        masked(&mut lines, &unmasked_columns, &patterns.columns, (a, b), false);
        let mut score = [partial[a], partial[b]];
        for &column in &lines {
            let [first, second] = pair_line_penalties(column, n, inside);
            score = [score[0] + first, score[1] + second];
            alive = [alive[0] && (score[0], a) < best, alive[1] && (score[1], b) < best];
            if alive == [false, false] {
                break;
            }
        }
        if alive[0] {
            best = (score[0], a);
        }
        if alive[1] && (score[1], b) < best {
            best = (score[1], b);
        }
    }
    best.1
}

/// [`row_penalty`] of two masks' rows.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt,sse2")]
#[inline]
fn pair_row_penalty(rows: &[Pair]) -> [u32; 2] {
    let n = rows.len();
    let all = Pair::splat(low(n)[0]);
    let both = all.and(all.down(1));
    let inside = Pair::splat(low(n - 1)[0]);
    let (mut blocks, mut dark) = ([0; 2], rows[0].counts());
    for i in 1..n {
        let (above, below) = (rows[i - 1], rows[i]);
        let vertical = above.xor(below).not();
        let uniform = vertical.and(vertical.down(1)).and_not(above.xor(above.down(1))).and(both);
        let (b, d) = (uniform.counts(), below.counts());
        blocks = [blocks[0] + b[0], blocks[1] + b[1]];
        dark = [dark[0] + d[0], dark[1] + d[1]];
    }
    let total = (n * n) as u32;
    let mut score = [3 * blocks[0] + 10 * dark_share_steps(dark[0], total), 3 * blocks[1] + 10 * dark_share_steps(dark[1], total)];
    for &row in rows {
        let [first, second] = pair_line_penalties(row, n, inside);
        score = [score[0] + first, score[1] + second];
    }
    score
}

/// [`line_penalty`] of the two lanes of `line`: finder-like patterns of
/// one-module runs found in both by shifts, a lane that may hold wider ones
/// read as [`line_penalty`] reads it.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt,sse2")]
#[inline]
fn pair_line_penalties(line: Pair, n: usize, inside: Pair) -> [u32; 2] {
    let next = line.down(1);
    let same = inside.and_not(line.xor(next));
    let pairs = same.and(same.down(1));
    let fives = pairs.and(pairs.down(2));
    let first_fives = fives.and_not(fives.up(1));
    let (fives, first_fives) = (fives.counts(), first_fives.counts());
    // As `wider_patterns`: two light modules, then six dark?
    let dark2 = line.and(next);
    let dark4 = dark2.and(dark2.down(2));
    let light2 = line.or(next).not();
    let mut patterns = pair_finder_patterns::<1>(line);
    // As `wider_patterns`: two light modules, then six dark (the middle of
    // a pattern of two-module runs)?
    if light2.and(dark4.and(dark2.down(4)).down(2)).any() {
        let doubles = pair_finder_patterns::<2>(line);
        // Three light modules, then nine dark: any size, read run by run.
        let light3 = light2.and_not(line.down(2));
        let dark9 = dark4.and(dark4.down(4)).and(line.down(8));
        let wider = light3.and(dark9.down(3)).lanes();
        let lines = line.lanes();
        for lane in 0..2 {
            patterns[lane] =
                if wider[lane] != 0 { finder_patterns_of_runs(&Line([lines[lane]]), n) } else { patterns[lane] + doubles[lane] };
        }
    }
    [fives[0] + 2 * first_fives[0] + 40 * patterns[0], fives[1] + 2 * first_fives[1] + 40 * patterns[1]]
}

/// `line` moved by `k` modules in both lanes, as [`shifted`].
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn pair_shifted(line: Pair, k: i32) -> Pair {
    match k {
        0 => line,
        1.. => line.down(k),
        _ => line.up(-k),
    }
}

/// Modules `from..to` after each all dark, in both lanes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn pair_dark(line: Pair, from: i32, to: i32) -> Pair {
    let mut all = pair_shifted(line, from);
    for j in from + 1..to {
        all = all.and(pair_shifted(line, j));
    }
    all
}

/// Modules `from..to` after each all light, in both lanes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn pair_light(line: Pair, from: i32, to: i32) -> Pair {
    let mut any = pair_shifted(line, from);
    for j in from + 1..to {
        any = any.or(pair_shifted(line, j));
    }
    any.not()
}

/// [`finder_patterns_of_size`] in both lanes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt,sse2")]
#[inline]
fn pair_finder_patterns<const K: i32>(line: Pair) -> [u32; 2] {
    let k = K;
    let core = pair_light(line, -1, 0)
        .and(pair_dark(line, 0, k))
        .and(pair_light(line, k, 2 * k))
        .and(pair_dark(line, 2 * k, 5 * k))
        .and(pair_light(line, 5 * k, 6 * k))
        .and(pair_dark(line, 6 * k, 7 * k))
        .and(pair_light(line, 7 * k, 7 * k + 1));
    if !core.any() {
        return [0; 2];
    }
    // Four runs' worth of light on one side, one on the other.
    let before = core.and(pair_light(line, -4 * k, 0)).and(pair_light(line, 7 * k, 8 * k)).counts();
    let after = core.and(pair_light(line, -k, 0)).and(pair_light(line, 7 * k, 11 * k)).counts();
    [before[0] + after[0], before[1] + after[1]]
}

/// N3 of a line as [`line_penalty`] counts it: finder-like patterns of any
/// size.
#[inline(always)]
fn any_finder_patterns<const W: usize>(line: Line<W>, n: usize) -> u32 {
    match wider_patterns(line) {
        Wider::None => finder_patterns_of_size::<W, 1>(line),
        Wider::Double => finder_patterns_of_size::<W, 1>(line) + finder_patterns_of_size::<W, 2>(line),
        Wider::Any => finder_patterns_of_runs(&line, n),
    }
}

#[inline(always)]
fn best_of_width(modules: &[Row], function: &[Row], level: u32) -> usize {
    let n = modules.len();
    if n <= 64 {
        best::<1>(modules, function, level)
    } else if n <= 128 {
        best::<2>(modules, function, level)
    } else {
        best::<3>(modules, function, level)
    }
}

#[inline(always)]
fn best<const W: usize>(modules: &[Row], function: &[Row], level: u32) -> usize {
    let n = modules.len();
    let all = Line::<W>::low(n);
    let unmasked: Vec<Line<W>> = modules.iter().map(Line::from_row).collect();
    // Transposed once: each mask's columns are then made like its rows.
    let unmasked_columns = transpose(&unmasked);
    // The function modules are symmetric, so row `i` of `data` is column `i`
    // too.
    let data: Vec<Line<W>> = function.iter().map(|f| !Line::from_row(f) & all).collect();
    let patterns = patterns();
    let bits: [u32; 8] = std::array::from_fn(|k| format_bits(level, k));
    // The places of the format bits, read once rather than once a pass.
    let mut places = [(0, 0, 0); 30];
    for (place, format) in places.iter_mut().zip(format_places(n)) {
        *place = format;
    }
    // First the rows of every mask, with N2 and N4 (read from the rows):
    // more than half of the penalty.
    let mut lines = vec![Line::<W>::ZERO; n];
    let mut partial = [0; 8];
    for (k, partial) in partial.iter_mut().enumerate() {
        for (i, row) in lines.iter_mut().enumerate() {
            *row = unmasked[i] ^ (Line::from_row(&patterns.rows[k][i % 12]) & data[i]);
        }
        for &(bit, r, c) in &places {
            if bits[k] >> bit & 1 == 1 {
                lines[r].set(c);
            }
        }
        *partial = row_penalty(&lines);
    }
    // Then the columns, the masks in order of their rows' penalty: every
    // rule adds, so a mask whose penalty so far is already above the best
    // complete one (or equal to it, and a later mask) cannot be chosen, and
    // its remaining columns are skipped. The first of equals wins.
    let mut order: [usize; 8] = std::array::from_fn(|k| k);
    order.sort_unstable_by_key(|&k| (partial[k], k));
    let mut best = (u32::MAX, 0);
    for k in order {
        if (partial[k], k) > best {
            continue;
        }
        for (j, column) in lines.iter_mut().enumerate() {
            *column = unmasked_columns[j] ^ (Line::from_row(&patterns.columns[k][j % 12]) & data[j]);
        }
        for &(bit, r, c) in &places {
            if bits[k] >> bit & 1 == 1 {
                lines[c].set(r);
            }
        }
        if let Some(score) = column_penalty(&lines, (partial[k], k), best) {
            best = (score, k);
        }
    }
    best.1
}

/// N1 and N3 of the rows of a masked symbol, with N2 and N4 (§7.8.3, see
/// the module's comment).
#[inline(always)]
fn row_penalty<const W: usize>(rows: &[Line<W>]) -> u32 {
    let n = rows.len();
    let all = Line::<W>::low(n);
    let inside = Line::<W>::low(n - 1);
    // Plain loops rather than iterator adapters: the adapters' generic
    // folds are not inlined into `best_mask_with_popcnt`, and code outside
    // it counts bits without POPCNT.
    let (mut blocks, mut dark) = (0, rows[0].count());
    for i in 1..n {
        blocks += block_count(rows[i - 1], rows[i], all);
        dark += rows[i].count();
    }
    let mut score = 3 * blocks + 10 * dark_share_steps(dark, (n * n) as u32);
    for &row in rows {
        score += line_penalty(row, n, inside);
    }
    score
}

/// The penalty of mask `k` of a masked symbol, given the penalty of its rows
/// (`from`, with `k`) and its columns, if it (with `k`) is below `bound`:
/// `None` as soon as the columns so far reach it.
#[inline(always)]
fn column_penalty<const W: usize>(columns: &[Line<W>], (from, k): (u32, usize), bound: (u32, usize)) -> Option<u32> {
    let n = columns.len();
    let inside = Line::<W>::low(n - 1);
    let mut score = from;
    for &column in columns {
        score += line_penalty(column, n, inside);
        if (score, k) > bound {
            return None;
        }
    }
    Some(score)
}

/// N4's k: the least k ≥ 0 with (45 − 5k)% ≤ dark share ≤ (55 + 5k)%.
#[inline(always)]
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

/// N1 and N3 of one row or column of `n` modules, 64 modules at a time: a run
/// of L ≥ 5 modules of one colour scores L − 2; each finder-like pattern 40
/// per side with four modules' worth of light. Bits past the line (shifted in
/// as zeros) read as light: the quiet zone. `inside` is `Line::low(n − 1)`.
#[inline(always)]
fn line_penalty<const W: usize>(line: Line<W>, n: usize, inside: Line<W>) -> u32 {
    // N1: a run of L ≥ 5 holds L − 4 windows of five modules of one colour;
    // its first window adds the other 2.
    let same = !(line ^ line.down(1)) & inside;
    let pairs = same & same.down(1);
    let fives = pairs & pairs.down(2);
    let first_fives = fives & !fives.up(1);
    let runs = fives.count() + 2 * first_fives.count();
    // N3: patterns of one-module runs (1:1:3:1:1) and of two-module runs
    // are found by shifts; wider ones are rare (their middle run is nine or
    // more dark modules after three light), so a line that may hold one is
    // read run by run.
    runs + 40 * any_finder_patterns(line, n)
}

/// `line` moved by `k` modules: bit `i` takes bit `i + k` (`k` > −64 and
/// < 64).
#[inline(always)]
fn shifted<const W: usize>(line: Line<W>, k: i32) -> Line<W> {
    match k {
        0 => line,
        1.. => line.down(k as u32),
        _ => line.up(k.unsigned_abs()),
    }
}

/// Finder-like patterns whose runs are `K` modules (K:K:3K:K:K), by shifts:
/// bit `i` of `core` is set where such a pattern starts at module `i`, its
/// first and last dark runs bounded by light.
#[inline(always)]
fn finder_patterns_of_size<const W: usize, const K: i32>(line: Line<W>) -> u32 {
    let k = K;
    let dark = |from: i32, to: i32| {
        let mut all = !Line::<W>::ZERO;
        for j in from..to {
            all = all & shifted(line, j);
        }
        all
    };
    let light = |from: i32, to: i32| {
        let mut any = Line::<W>::ZERO;
        for j in from..to {
            any = any | shifted(line, j);
        }
        !any
    };
    let core = light(-1, 0)
        & dark(0, k)
        & light(k, 2 * k)
        & dark(2 * k, 5 * k)
        & light(5 * k, 6 * k)
        & dark(6 * k, 7 * k)
        & light(7 * k, 7 * k + 1);
    if core.is_empty() {
        return 0;
    }
    // Four runs' worth of light on one side, one on the other.
    let before = (core & light(-4 * k, 0) & light(7 * k, 8 * k)).count();
    let after = (core & light(-k, 0) & light(7 * k, 11 * k)).count();
    before + after
}

/// Which finder-like patterns wider than one module a line may hold.
#[derive(Debug, PartialEq, Eq)]
enum Wider {
    /// No dark run of six or more modules after two light ones (the middle
    /// of a pattern of two-module runs): none.
    None,
    /// Such a run, but none of nine or more after three light (the middle
    /// of a pattern of runs of three modules or more): of two-module runs at
    /// most.
    Double,
    /// Of any size.
    Any,
}

/// The middles of wider patterns found by doubling runs: bit `i` of `dark_k`
/// is set when modules `i..i + k` are dark.
#[inline(always)]
fn wider_patterns<const W: usize>(line: Line<W>) -> Wider {
    let dark2 = line & line.down(1);
    let dark4 = dark2 & dark2.down(2);
    let light2 = !(line | line.down(1));
    // Two light modules, then six dark.
    if (light2 & (dark4 & dark2.down(4)).down(2)).is_empty() {
        return Wider::None;
    }
    // Three light modules, then nine dark.
    let light3 = light2 & !line.down(2);
    let dark9 = dark4 & dark4.down(4) & line.down(8);
    if (light3 & dark9.down(3)).is_empty() { Wider::Double } else { Wider::Any }
}

/// The finder-like patterns of a line of `n` modules at any module size,
/// from its runs (their ends found by bit scans of where a module differs
/// from the next), as the reference counts them.
fn finder_patterns_of_runs<const W: usize>(line: &Line<W>, n: usize) -> u32 {
    let mut count = 0;
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
            push(&mut history, end - start);
            // A pattern is complete when the light run after it ends.
            if !dark {
                count += finder_patterns(&history);
            }
            start = end;
            dark = !dark;
        }
    }
    // The last run, then the quiet zone after it.
    let length = n - start;
    if dark {
        push(&mut history, length);
        push(&mut history, n);
    } else {
        push(&mut history, length + n);
    }
    count + finder_patterns(&history)
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
#[inline(always)]
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

    #[inline(always)]
    fn from_row(row: &Row) -> Self {
        let mut line = Self::ZERO;
        line.0.copy_from_slice(&row[..W]);
        line
    }

    fn get(&self, i: usize) -> bool {
        self.0[i / 64] >> (i % 64) & 1 == 1
    }

    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    /// Bit `i` takes bit `i + k` (0 < k < 64).
    #[inline(always)]
    fn down(self, k: u32) -> Self {
        let mut out = self;
        for w in 0..W {
            let next = if w + 1 < W { self.0[w + 1] << (64 - k) } else { 0 };
            out.0[w] = self.0[w] >> k | next;
        }
        out
    }

    /// Bit `i` takes bit `i − k` (0 < k < 64).
    #[inline(always)]
    fn up(self, k: u32) -> Self {
        let mut out = self;
        for w in 0..W {
            let previous = if w > 0 { self.0[w - 1] >> (64 - k) } else { 0 };
            out.0[w] = self.0[w] << k | previous;
        }
        out
    }

    #[inline(always)]
    fn is_empty(self) -> bool {
        let mut any = 0;
        for w in self.0 {
            any |= w;
        }
        any == 0
    }

    #[inline(always)]
    fn count(self) -> u32 {
        // Most rule masks are empty; a software popcount (x86-64 without
        // POPCNT) is not free.
        let mut count = 0;
        for w in self.0 {
            if w != 0 {
                count += w.count_ones();
            }
        }
        count
    }
}

impl<const W: usize> BitAnd for Line<W> {
    type Output = Self;
    #[inline(always)]
    fn bitand(mut self, other: Self) -> Self {
        for w in 0..W {
            self.0[w] &= other.0[w];
        }
        self
    }
}

impl<const W: usize> BitOr for Line<W> {
    type Output = Self;
    #[inline(always)]
    fn bitor(mut self, other: Self) -> Self {
        for w in 0..W {
            self.0[w] |= other.0[w];
        }
        self
    }
}

impl<const W: usize> BitXor for Line<W> {
    type Output = Self;
    #[inline(always)]
    fn bitxor(mut self, other: Self) -> Self {
        for w in 0..W {
            self.0[w] ^= other.0[w];
        }
        self
    }
}

impl<const W: usize> Not for Line<W> {
    type Output = Self;
    #[inline(always)]
    fn not(mut self) -> Self {
        for w in 0..W {
            self.0[w] = !self.0[w];
        }
        self
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

    fn score<const W: usize>(line: Line<W>, n: usize) -> u32 {
        line_penalty(line, n, Line::low(n - 1))
    }

    #[test]
    fn runs_of_five_or_more_score_their_length_less_two() {
        // One run of 6 dark, one of 4 light, 2 dark: 6 − 2.
        assert_eq!(score(line("111111000011"), 12), 4);
        // Seven light modules then five dark: 5 + 3.
        assert_eq!(score(line("000000011111"), 12), 8);
        // Runs of four: nothing.
        assert_eq!(score(line("111100001111"), 12), 0);
    }

    #[test]
    fn a_finder_like_pattern_scores_once_per_light_side() {
        // At the start of a line the quiet zone is its light side before;
        // light modules after it too: 2 × 40 (and the four light: nothing).
        assert_eq!(score(line("10111010000"), 11), 80);
        // One light module after it, then dark: only the side with four light
        // counts (40), plus N1 for the run of five dark (3).
        assert_eq!(score(line("00001011101011111"), 17), 43);
        // Its last dark run is longer than one module: no pattern.
        assert_eq!(score(line("00001011101111"), 14), 0);
        // Dark modules on both sides, and no side with four light: nothing.
        assert_eq!(score(line("1101011101011"), 13), 0);
        // Twice the module size counts as well: 2:2:6:2:2 with the quiet
        // zone before and eight light after: 2 × 40, plus N1 for the run of
        // six dark (4) and of eight light (6).
        assert_eq!(score(line("1100111111001100000000"), 22), 80 + 4 + 6);
    }

    /// N1 and N3 of one line as the reference implementation scores them,
    /// module by module (qrcodegen's `getPenaltyScore` row loop with its
    /// `finderPenalty*` helpers).
    fn reference_line_penalty(modules: &[bool]) -> u32 {
        let size = modules.len();
        let count = |h: &[usize; 7]| {
            let n = h[1];
            let core = n > 0 && h[2] == n && h[3] == n * 3 && h[4] == n && h[5] == n;
            u32::from(core && h[0] >= n * 4 && h[6] >= n) + u32::from(core && h[6] >= n * 4 && h[0] >= n)
        };
        let add = |h: &mut [usize; 7], mut length: usize| {
            if h[0] == 0 {
                length += size;
            }
            h.copy_within(0..6, 1);
            h[0] = length;
        };
        let (mut result, mut color, mut run, mut history) = (0, false, 0, [0; 7]);
        for &module in modules {
            if module == color {
                run += 1;
                if run == 5 {
                    result += 3;
                } else if run > 5 {
                    result += 1;
                }
            } else {
                add(&mut history, run);
                if !color {
                    result += 40 * count(&history);
                }
                color = module;
                run = 1;
            }
        }
        if color {
            add(&mut history, run);
            run = 0;
        }
        add(&mut history, run + size);
        result + 40 * count(&history)
    }

    #[test]
    fn line_penalty_is_the_references_for_lines_of_every_length() {
        let mut seed = 7u64;
        let mut random = |below: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % below
        };
        // Lines with finder-like patterns: found by shifts (one-module
        // runs only, and two-module runs too) and by runs.
        let mut patterns = [0; 3];
        for n in 21..=177 {
            for _ in 0..150 {
                // Runs of lengths that make finder-like patterns likely: of
                // one module (no run longer than five), of two (no run
                // longer than eight), or of any size up to three.
                let lengths: &[usize] = match random(3) {
                    0 => &[1, 1, 1, 1, 1, 2, 3, 3, 4, 5],
                    1 => &[2, 2, 2, 2, 2, 6, 6, 1, 3, 8],
                    _ => &[1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 6, 9, 12],
                };
                let mut modules = Vec::with_capacity(n);
                let mut dark = random(2) == 1;
                while modules.len() < n {
                    let length = lengths[random(lengths.len() as u64) as usize];
                    let length = if random(8) == 0 { random(3) as usize + 1 } else { length };
                    modules.extend(std::iter::repeat_n(dark, length.min(n - modules.len())));
                    dark = !dark;
                }
                let mut line = Line::<WORDS>::ZERO;
                for (i, &m) in modules.iter().enumerate() {
                    if m {
                        line.set(i);
                    }
                }
                let expected = reference_line_penalty(&modules);
                if expected > runs_only(&modules) {
                    patterns[wider_patterns(line) as usize] += 1;
                }
                assert_eq!(score(line, n), expected, "{n} modules: {modules:?}");
                if n <= 64 {
                    assert_eq!(score(Line::<1>([line.0[0]]), n), expected, "{n} modules: {modules:?}");
                }
            }
        }
        assert!(patterns.iter().all(|&p| p > 20), "lines with finder-like patterns: {patterns:?}");
    }

    /// N1 alone, for telling which lines held a finder-like pattern.
    fn runs_only(modules: &[bool]) -> u32 {
        modules.chunk_by(|a, b| a == b).map(|run| if run.len() >= 5 { run.len() as u32 - 2 } else { 0 }).sum()
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
    fn format_bits_match_the_standards_table() {
        // ISO/IEC 18004 Table C.1: level M, mask 0 is 101010000010010.
        assert_eq!(format_bits(0b00, 0), 0b101010000010010);
        // Level L, mask 0: 111011111000100.
        assert_eq!(format_bits(0b01, 0), 0b111011111000100);
    }
}
