//! QR codes for leaflets: inline SVG, generated at build time. [`codewords`]
//! encodes the address with its error correction, [`layout`] places the
//! codewords among the function patterns, [`mask`] chooses the mask and
//! writes the format information.

mod codewords;
#[cfg(target_arch = "x86_64")]
mod lanes;
mod layout;
mod mask;

use mask::Row;

/// Modules of light margin around a QR code (ISO/IEC 18004 asks for four).
pub const QUIET_ZONE: usize = 4;

/// A QR code's modules, row by row: module `x` of row `y` is dark when bit
/// `x` of `rows[y]` is set.
pub struct Symbol {
    pub size: usize,
    rows: Vec<Row>,
}

impl Symbol {
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        mask::get(&self.rows[y], x)
    }

    /// Where the runs of dark modules of row `y` start and end, left to
    /// right, into `edges`; returns how many there are. A module that
    /// differs from the one before it (module −1 light) starts a run (dark)
    /// or ends one (light), so they come in pairs, the last end at most
    /// `size`.
    pub fn run_edges(&self, y: usize, edges: &mut [u8; EDGES]) -> usize {
        let mut count = 0;
        for (w, &word) in mask::edges(&self.rows[y]).iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                edges[count] = (w * 64 + bits.trailing_zeros() as usize) as u8;
                count += 1;
                bits &= bits - 1;
            }
        }
        count
    }

    /// The runs of dark modules of row `y`, left to right, as (first module,
    /// length).
    pub fn dark_runs(&self, y: usize) -> impl Iterator<Item = (usize, usize)> {
        let mut edges = [0u8; EDGES];
        let count = self.run_edges(y, &mut edges);
        (0..count / 2).map(move |i| (usize::from(edges[2 * i]), usize::from(edges[2 * i + 1] - edges[2 * i])))
    }
}

/// Room for the run edges of a row ([`Symbol::run_edges`]): at most 178 for
/// the 177 modules of version 40.
pub const EDGES: usize = 192;

/// The QR code of `text`: error correction level Q (it survives a
/// photocopy), or L when the text is too long for Q; `None` when it is too
/// long for any QR code.
pub fn encode(text: &str) -> Option<Symbol> {
    let level = [codewords::QUARTILE, codewords::LOW];
    let (level, (version, codewords)) = level.into_iter().find_map(|level| Some((level, codewords::encode(text, level)?)))?;
    let layout = layout::layout(version);
    let modules = layout.place(&codewords);
    let best = mask::best_mask(&modules, &layout.function, level.format);
    Some(Symbol { size: modules.len(), rows: mask::apply(&modules, &layout.function, level.format, best) })
}

/// An inline SVG QR code for `url` (see [`encode`]): a four-module quiet
/// zone, one SVG unit per module, each run of dark modules of a row one
/// rectangle of the path. Its size on paper comes from the stylesheet. A URL
/// too long for any QR code (a very long `slug` or `base_url`) gets none: an
/// empty string, and the leaflet prints the address alone.
pub fn qr_svg(url: &str, label: &str) -> String {
    use crate::render::markdown::escape;
    let Some(code) = encode(url) else {
        return String::new();
    };
    let n = code.size;
    let side = n + 2 * QUIET_ZONE;
    // About three bytes of path per module.
    let mut svg = Vec::with_capacity(n * n * 3 + 512);
    svg.extend_from_slice(b"<svg class=\"qr\" role=\"img\" aria-label=\"");
    svg.extend_from_slice(escape(label).as_bytes());
    svg.extend_from_slice(b"\" data-url=\"");
    svg.extend_from_slice(escape(url).as_bytes());
    svg.extend_from_slice(b"\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    let number = |svg: &mut Vec<u8>, n: usize| {
        let (digits, length) = DIGITS[n];
        svg.extend_from_slice(&digits[..length]);
    };
    number(&mut svg, side);
    svg.push(b' ');
    number(&mut svg, side);
    svg.extend_from_slice(b"\" shape-rendering=\"crispEdges\"><rect x=\"0\" y=\"0\" width=\"");
    number(&mut svg, side);
    svg.extend_from_slice(b"\" height=\"");
    number(&mut svg, side);
    svg.extend_from_slice(b"\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
    // One rectangle (a subpath, closed by the fill) per run of dark modules:
    // from its top left down, along its bottom, up to its top right, where a
    // relative move reaches the next run of the row ("m{light} 0"). The same
    // rectangles as "M{left} {top}h{length}v1H{left}V{top}" each, in about
    // 30% fewer bytes; edges of one polygon per row instead (fewer still)
    // printed differently, by a device pixel, in PDF rasterisers that paint
    // every pixel a shape's outline touches.
    //
    // A row is put together in a buffer with copies of fixed length (at
    // most 17 bytes per run, 15 after the first, at most 89 runs; a copy
    // is up to 8 bytes wide), then copied once.
    let mut row = [0u8; 89 * 15 + 32];
    let mut edges = [0u8; EDGES];
    for y in 0..n {
        let top = DIGITS[y + QUIET_ZONE];
        // Up to the top: "V{top}" while that is shorter than "v-1".
        let up = if top.1 < 2 { ([b'V', top.0[0], 0], 2) } else { (*b"v-1", 3) };
        let count = code.run_edges(y, &mut edges);
        // A light row: no path.
        if count == 0 {
            continue;
        }
        let (start, end) = (usize::from(edges[0]), usize::from(edges[1]));
        let mut at = 0;
        put(&mut row, &mut at, (*b"M  ", 1));
        put(&mut row, &mut at, DIGITS[start + QUIET_ZONE]);
        put(&mut row, &mut at, (*b"   ", 1));
        put(&mut row, &mut at, top);
        put(&mut row, &mut at, LENGTH[end - start]);
        put(&mut row, &mut at, up);
        let mut before = end;
        for pair in edges[2..count].chunks_exact(2) {
            let (start, end) = (usize::from(pair[0]), usize::from(pair[1]));
            put(&mut row, &mut at, GAP[start - before]);
            put(&mut row, &mut at, LENGTH[end - start]);
            put(&mut row, &mut at, up);
            before = end;
        }
        svg.extend_from_slice(&row[..at]);
    }
    svg.extend_from_slice(b"\"/></svg>");
    String::from_utf8(svg).expect("the escaped label and URL are UTF-8, the rest ASCII")
}

/// `bytes` into `row` at `at`, of which the first `length` count: a copy
/// of fixed length (the row buffer has room past its end for it).
#[inline(always)]
fn put<const N: usize>(row: &mut [u8], at: &mut usize, (bytes, length): ([u8; N], usize)) {
    row[*at..*at + N].copy_from_slice(&bytes);
    *at += length;
}

/// `text` then the decimal digits of `n`, in eight bytes, and how many
/// there are.
const fn token(text: &[u8], after: &[u8], n: usize) -> ([u8; 8], usize) {
    let mut bytes = [0u8; 8];
    let mut at = 0;
    while at < text.len() {
        bytes[at] = text[at];
        at += 1;
    }
    let (digits, length) = DIGITS[n];
    let mut i = 0;
    while i < length {
        bytes[at] = digits[i];
        at += 1;
        i += 1;
    }
    i = 0;
    while i < after.len() {
        bytes[at] = after[i];
        at += 1;
        i += 1;
    }
    (bytes, at)
}

/// `token(text, after, n)` for every `n` below 256.
const fn tokens(text: &[u8], after: &[u8]) -> [([u8; 8], usize); 256] {
    let mut table = [([0; 8], 0); 256];
    let mut n = 0;
    while n < 256 {
        table[n] = token(text, after, n);
        n += 1;
    }
    table
}

/// From the end of a run to the start of the next, `n` modules on: "m{n} 0".
const GAP: [([u8; 8], usize); 256] = tokens(b"m", b" 0");

/// Down one module and along a run of `n`: "v1h{n}".
const LENGTH: [([u8; 8], usize); 256] = tokens(b"v1h", b"");

/// The decimal digits of the numbers below 256 (a symbol with its quiet
/// zone is at most 185 modules wide), each padded to three bytes, and how
/// many there are. The path holds tens of thousands of numbers per build of
/// a large site; formatting each showed in profiles.
const DIGITS: [([u8; 3], usize); 256] = {
    let mut table = [([0; 3], 0); 256];
    let mut n = 0;
    while n < 256 {
        let (h, t, u) = (b'0' + (n / 100) as u8, b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8);
        table[n] = match n {
            0..=9 => ([u, 0, 0], 1),
            10..=99 => ([t, u, 0], 2),
            _ => ([h, t, u], 3),
        };
        n += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_code_is_inline_svg_with_quiet_zone() {
        let svg = qr_svg("https://example.gov.vn/cchc/tin-tuc/a/", "Mã QR");
        assert!(svg.starts_with("<svg class=\"qr\" role=\"img\""), "{svg}");
        let open_tag = &svg[..svg.find('>').unwrap()];
        assert!(!open_tag.contains(" width=\""), "{open_tag}");
        assert!(svg.contains("viewBox=\"0 0 "));
        // The path starts inside the quiet zone.
        let first = &svg[svg.find(" d=\"M").unwrap() + 5..];
        let x: usize = first.split(' ').next().unwrap().parse().unwrap();
        assert!(x >= QUIET_ZONE);
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for (n, (digits, length)) in DIGITS.iter().enumerate() {
            assert_eq!(&digits[..*length], n.to_string().as_bytes());
        }
    }

    #[test]
    fn path_tokens_are_the_moves_in_decimal() {
        for n in 0..256 {
            let (gap, length) = GAP[n];
            assert_eq!(&gap[..length], format!("m{n} 0").as_bytes());
            let (along, length) = LENGTH[n];
            assert_eq!(&along[..length], format!("v1h{n}").as_bytes());
        }
    }

    #[test]
    fn dark_runs_are_the_rows_runs_of_dark_modules() {
        for text in ["https://example.gov.vn/cchc/tin-tuc/a/", &"x".repeat(1500)] {
            let code = encode(text).unwrap();
            for y in 0..code.size {
                let mut expected = Vec::new();
                for x in 0..code.size {
                    if code.is_dark(x, y) {
                        match expected.last_mut() {
                            Some((start, length)) if *start + *length == x => *length += 1,
                            _ => expected.push((x, 1)),
                        }
                    }
                }
                assert_eq!(code.dark_runs(y).collect::<Vec<_>>(), expected, "row {y}");
            }
        }
    }

    /// The codes are the ones the reference implementation of ISO/IEC 18004
    /// makes when it chooses the mask itself (qrcodegen, automatic mask):
    /// same version, mask and modules, for texts of every version at levels Q
    /// and L, in byte, numeric and alphanumeric mode, and too long for any.
    #[test]
    fn codes_are_the_standards_with_the_mask_the_penalty_chooses() {
        use qrcodegen::{QrCode, QrCodeEcc, QrSegment, Version};
        let mut texts: Vec<String> =
            vec!["".into(), "1234567".into(), "HTTPS://EXAMPLE.GOV.VN/CCHC/".into(), "https://cchc.hanoi.gov.vn/tin-tuc/hop-bao/".into()];
        // Byte, alphanumeric and numeric mode, up to the longest a symbol
        // holds in each.
        let mut seed = 1u64;
        for (alphabet, longest, step) in [
            (&b"abcdefghijklmnopqrstuvwxyz0123456789-/."[..], 2960, 32),
            (&b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"[..], 4300, 16),
            (&b"0123456789"[..], 7100, 16),
        ] {
            let mut len = 1;
            while len < longest {
                let text = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        char::from(alphabet[(seed >> 33) as usize % alphabet.len()])
                    })
                    .collect();
                texts.push(text);
                len += len / step + 1;
            }
        }
        for i in 0..200 {
            texts.push(format!("https://cchc.hanoi.gov.vn/tin-tuc/2022/bai-viet-so-{i}/to-roi/"));
        }
        let mut masks = [0; 8];
        for text in &texts {
            let segments = QrSegment::make_segments(text);
            let build = |ecl| QrCode::encode_segments_advanced(&segments, ecl, Version::MIN, Version::MAX, None, false);
            match (encode(text), build(QrCodeEcc::Quartile).or_else(|_| build(QrCodeEcc::Low)).ok()) {
                (None, None) => {}
                (Some(ours), Some(theirs)) => {
                    assert_eq!(ours.size as i32, theirs.size(), "{} characters", text.len());
                    masks[usize::from(theirs.mask().value())] += 1;
                    for y in 0..ours.size {
                        for x in 0..ours.size {
                            let dark = theirs.get_module(x as i32, y as i32);
                            assert_eq!(ours.is_dark(x, y), dark, "{} characters ({text}), module {x},{y}", text.len());
                        }
                    }
                }
                (ours, theirs) => panic!("{} characters: a code here {}, in qrcodegen {}", text.len(), ours.is_some(), theirs.is_some()),
            }
        }
        // The texts chose every mask, so each was compared.
        assert!(masks.iter().all(|&m| m > 0), "{masks:?}");
    }

    #[test]
    fn a_url_too_long_for_a_qr_code_gets_none_and_no_panic() {
        let long = format!("https://example.gov.vn/{}/", "a".repeat(5000));
        assert_eq!(qr_svg(&long, "Mã QR"), "");
        // Too long for level Q, not for L: still a code.
        let medium = format!("https://example.gov.vn/{}/", "a".repeat(2000));
        assert!(qr_svg(&medium, "Mã QR").starts_with("<svg"));
    }
}
