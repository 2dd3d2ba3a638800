//! A text's codewords (ISO/IEC 18004 §7.4–7.6): one segment in numeric,
//! alphanumeric or byte mode (the first that holds the whole text), the
//! smallest version that holds it at the level asked for, terminator and
//! padding, then each block's Reed–Solomon error correction and the blocks
//! interleaved. Input: the text and a level; output: the version and the
//! codewords in the order they are placed. Pure.

use std::sync::OnceLock;

/// Error correction level L (7% of the codewords can be restored).
pub const LOW: Level = Level { format: 0b01, table: 0 };
/// Error correction level Q (25%).
pub const QUARTILE: Level = Level { format: 0b11, table: 1 };

/// An error correction level: its two format bits (§7.9.1) and its row of
/// the tables below.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Level {
    pub format: u32,
    table: usize,
}

/// Error correction codewords per block, by level (L, Q) and version
/// (Table 9).
const ECC_PER_BLOCK: [[u8; 41]; 2] = [
    [
        0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30,
        30, 30, 30, 30, 30, 30, 30, 30,
    ],
    [
        0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30,
        30, 30, 30, 30, 30, 30, 30, 30,
    ],
];

/// Error correction blocks, by level (L, Q) and version (Table 9).
const BLOCKS: [[u8; 41]; 2] = [
    [
        0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22,
        24, 25,
    ],
    [
        0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53,
        56, 59, 62, 65, 68,
    ],
];

/// The characters of alphanumeric mode, by value (Table 5).
const ALPHANUMERIC: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Modules of a version's symbol that carry codewords (and the 0–7
/// remainder bits after them).
pub fn data_modules(version: usize) -> usize {
    let mut modules = (16 * version + 128) * version + 64;
    if version >= 2 {
        let alignments = version / 7 + 2;
        modules -= (25 * alignments - 10) * alignments - 55;
        if version >= 7 {
            modules -= 36;
        }
    }
    modules
}

fn data_codewords(version: usize, level: Level) -> usize {
    data_modules(version) / 8 - usize::from(ECC_PER_BLOCK[level.table][version]) * usize::from(BLOCKS[level.table][version])
}

#[derive(Clone, Copy)]
enum Mode {
    Numeric,
    Alphanumeric,
    Byte,
}

impl Mode {
    fn of(text: &str) -> Mode {
        if text.bytes().all(|b| b.is_ascii_digit()) {
            Mode::Numeric
        } else if text.bytes().all(|b| ALPHANUMERIC.contains(&b)) {
            Mode::Alphanumeric
        } else {
            Mode::Byte
        }
    }

    fn indicator(self) -> u64 {
        match self {
            Mode::Numeric => 0b0001,
            Mode::Alphanumeric => 0b0010,
            Mode::Byte => 0b0100,
        }
    }

    /// Bits of the character count (Table 3).
    fn count_bits(self, version: usize) -> u32 {
        let column = match version {
            1..=9 => 0,
            10..=26 => 1,
            _ => 2,
        };
        match self {
            Mode::Numeric => [10, 12, 14][column],
            Mode::Alphanumeric => [9, 11, 13][column],
            Mode::Byte => [8, 16, 16][column],
        }
    }

    /// Bits of the data of `length` characters, without the header.
    fn data_bits(self, length: usize) -> usize {
        match self {
            Mode::Numeric => length / 3 * 10 + [0, 4, 7][length % 3],
            Mode::Alphanumeric => length / 2 * 11 + length % 2 * 6,
            Mode::Byte => length * 8,
        }
    }
}

/// The codewords of `text` at `level` and the version they fill, or `None`
/// when no version holds it.
pub fn encode(text: &str, level: Level) -> Option<(usize, Vec<u8>)> {
    let mode = Mode::of(text);
    let length = text.len();
    let version = (1..=40).find(|&v| {
        let count_bits = mode.count_bits(v);
        let used = 4 + count_bits as usize + mode.data_bits(length);
        // The reference encodes no segment for an empty text.
        length == 0 || (length < 1 << count_bits && used <= data_codewords(v, level) * 8)
    })?;
    let capacity = data_codewords(version, level);
    let mut bits = Bits { bytes: Vec::with_capacity(data_modules(version) / 8), buffer: 0, count: 0 };
    if length > 0 {
        bits.push(mode.indicator(), 4);
        bits.push(length as u64, mode.count_bits(version));
        match mode {
            Mode::Numeric => {
                for group in text.as_bytes().chunks(3) {
                    let value = group.iter().fold(0, |v, &d| v * 10 + u64::from(d - b'0'));
                    bits.push(value, [0, 4, 7, 10][group.len()]);
                }
            }
            Mode::Alphanumeric => {
                let value = |c: &u8| ALPHANUMERIC.iter().position(|a| a == c).expect("an alphanumeric character") as u64;
                for pair in text.as_bytes().chunks(2) {
                    match pair {
                        [a, b] => bits.push(value(a) * 45 + value(b), 11),
                        [a] => bits.push(value(a), 6),
                        _ => unreachable!("chunks of two"),
                    }
                }
            }
            Mode::Byte => {
                for &b in text.as_bytes() {
                    bits.push(u64::from(b), 8);
                }
            }
        }
    }
    // The terminator (up to four zero bits), zeros to a whole byte, then
    // the two pad bytes in turn (§7.4.9, §7.4.10).
    let used = bits.bytes.len() * 8 + bits.count as usize;
    bits.push(0, (capacity * 8 - used).min(4) as u32);
    let to_byte = (8 - bits.count % 8) % 8;
    bits.push(0, to_byte);
    let mut data = bits.bytes;
    data.extend([0xEC, 0x11].iter().cycle().take(capacity - data.len()));
    Some((version, with_error_correction(&data, version, level)))
}

/// Bits appended most significant first, into bytes.
struct Bits {
    bytes: Vec<u8>,
    buffer: u64,
    count: u32,
}

impl Bits {
    fn push(&mut self, value: u64, width: u32) {
        self.buffer = self.buffer << width | value;
        self.count += width;
        while self.count >= 8 {
            self.count -= 8;
            self.bytes.push((self.buffer >> self.count) as u8);
        }
        self.buffer &= (1 << self.count) - 1;
    }
}

/// The data codewords split into blocks (the short ones first), each with
/// its error correction codewords, interleaved (§7.5.2, §7.6).
fn with_error_correction(data: &[u8], version: usize, level: Level) -> Vec<u8> {
    let blocks = usize::from(BLOCKS[level.table][version]);
    let ecc = usize::from(ECC_PER_BLOCK[level.table][version]);
    let total = data_modules(version) / 8;
    let short = blocks - total % blocks;
    let short_data = total / blocks - ecc;
    let divisor = generator(ecc);
    let mut starts = Vec::with_capacity(blocks);
    let mut corrections = vec![0u8; blocks * ecc];
    let mut start = 0;
    for (b, correction) in corrections.chunks_exact_mut(ecc).enumerate() {
        let length = short_data + usize::from(b >= short);
        remainder(&data[start..start + length], divisor, correction);
        starts.push(start);
        start += length;
    }
    let mut out = Vec::with_capacity(total);
    for i in 0..=short_data {
        for (b, &start) in starts.iter().enumerate() {
            // The short blocks have one data codeword fewer.
            if i < short_data || b >= short {
                out.push(data[start + i]);
            }
        }
    }
    for i in 0..ecc {
        out.extend(corrections.chunks_exact(ecc).map(|correction| correction[i]));
    }
    out
}

/// Powers of the generator 2 of GF(2⁸) modulo x⁸ + x⁴ + x³ + x² + 1 (twice
/// over, so that a sum of two logarithms needs no reduction), and the
/// logarithms.
struct Field {
    exp: [u8; 512],
    log: [u8; 256],
}

const FIELD: Field = {
    let mut field = Field { exp: [0; 512], log: [0; 256] };
    let mut x: u16 = 1;
    let mut i = 0;
    while i < 512 {
        field.exp[i] = x as u8;
        if i < 255 {
            field.log[x as usize] = i as u8;
        }
        x <<= 1;
        if x & 0x100 != 0 {
            x ^= 0x11D;
        }
        i += 1;
    }
    field
};

fn multiply(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 { 0 } else { FIELD.exp[usize::from(FIELD.log[usize::from(a)]) + usize::from(FIELD.log[usize::from(b)])] }
}

/// Error correction codewords of a block at most (Table 9), and the bytes
/// of a division's working remainder: a whole number of 128-bit words.
const MOST_ECC: usize = 30;
const REMAINDER_BYTES: usize = 32;

/// The generator polynomial of `degree` error correction codewords,
/// (x − 2⁰)(x − 2¹)…(x − 2^(degree−1)), as a table of products: row `f`
/// holds `f` times each coefficient, from the highest power down without
/// the leading 1, in bytes `0..degree` of 32 (the rest zero). A step of the
/// division is then one row, with no multiplication. Made once per degree.
fn generator(degree: usize) -> &'static [[u8; REMAINDER_BYTES]; 256] {
    static GENERATORS: [OnceLock<Box<[[u8; REMAINDER_BYTES]; 256]>>; MOST_ECC + 1] = [const { OnceLock::new() }; MOST_ECC + 1];
    GENERATORS[degree].get_or_init(|| {
        let mut polynomial = vec![0u8; degree];
        polynomial[degree - 1] = 1;
        let mut root = 1u8;
        for _ in 0..degree {
            for j in 0..degree {
                polynomial[j] = multiply(polynomial[j], root);
                if j + 1 < degree {
                    polynomial[j] ^= polynomial[j + 1];
                }
            }
            root = multiply(root, 2);
        }
        let mut rows = Box::new([[0u8; REMAINDER_BYTES]; 256]);
        for (factor, row) in rows.iter_mut().enumerate() {
            for (x, &coefficient) in row.iter_mut().zip(&polynomial) {
                *x = multiply(coefficient, factor as u8);
            }
        }
        rows
    })
}

/// The remainder of `data` (times x^degree) divided by the generator whose
/// products are `divisor` (see [`generator`]): the block's error correction
/// codewords, into `out` (`degree` bytes). The remainder is kept in two
/// 128-bit words, byte `i` of it in byte `i` of the little-endian pair, so
/// that the step "drop the first byte, add the row" is a shift and an XOR.
fn remainder(data: &[u8], divisor: &[[u8; REMAINDER_BYTES]; 256], out: &mut [u8]) {
    let halves = |row: &[u8; REMAINDER_BYTES]| {
        let (low, high) = row.split_at(16);
        (u128::from_le_bytes(low.try_into().expect("16 bytes")), u128::from_le_bytes(high.try_into().expect("16 bytes")))
    };
    let (mut low, mut high) = (0u128, 0u128);
    for &byte in data {
        let factor = byte ^ low as u8;
        let (row_low, row_high) = halves(&divisor[usize::from(factor)]);
        low = (low >> 8 | high << 120) ^ row_low;
        high = (high >> 8) ^ row_high;
    }
    let mut bytes = [0u8; REMAINDER_BYTES];
    bytes[..16].copy_from_slice(&low.to_le_bytes());
    bytes[16..].copy_from_slice(&high.to_le_bytes());
    out.copy_from_slice(&bytes[..out.len()]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_correction_of_the_standards_example() {
        // ISO/IEC 18004 Annex I: "01234567" at version 1-M has the data
        // codewords below; the generator of degree 10 is the one of Annex A
        // (in exponents: 251, 67, 46, 61, 118, 70, 64, 94, 32, 45).
        let degree_10: Vec<u8> = [251u8, 67, 46, 61, 118, 70, 64, 94, 32, 45].iter().map(|&e| FIELD.exp[usize::from(e)]).collect();
        assert_eq!(generator(10)[1][..10], degree_10);
        assert!(generator(10)[1][10..].iter().all(|&x| x == 0));
        let data = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11];
        let mut correction = [0; 10];
        remainder(&data, generator(10), &mut correction);
        assert_eq!(correction, [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55]);
    }

    #[test]
    fn modes_and_versions() {
        // 8 digits in numeric mode: 4 + 10 + 27 bits, version 1 at Q (13
        // data codewords).
        let (version, codewords) = encode("01234567", QUARTILE).unwrap();
        assert_eq!((version, codewords.len()), (1, 26));
        assert_eq!(codewords[..6], [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80]);
        // Byte mode, 4 + 8 bits and 8 per character: the 13 data codewords
        // of version 1-Q hold 11 characters.
        assert_eq!(encode("abcdefghijk", QUARTILE).unwrap().0, 1);
        assert_eq!(encode("abcdefghijkl", QUARTILE).unwrap().0, 2);
        assert_eq!(encode(&"a".repeat(3000), LOW), None);
    }
}
