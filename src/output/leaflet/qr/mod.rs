//! QR codes for leaflets: inline SVG, generated at build time. `qrcodegen`
//! encodes the address (segments, error correction, module placement);
//! [`mask`] chooses the mask and writes the format information.

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

    /// The runs of dark modules of row `y`, left to right, as (first module,
    /// length).
    pub fn dark_runs(&self, y: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let row = &self.rows[y];
        let mut x = 0;
        std::iter::from_fn(move || {
            let start = mask::next(row, x, true)?;
            x = mask::next(row, start, false).unwrap_or(self.size);
            Some((start, x - start))
        })
    }
}

/// The QR code of `text`: error correction level Q (it survives a
/// photocopy), or L when the text is too long for Q; `None` when it is too
/// long for any QR code.
pub fn encode(text: &str) -> Option<Symbol> {
    use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};
    let segments = QrSegment::make_segments(text);
    let build = |ecl| QrCode::encode_segments_advanced(&segments, ecl, Version::MIN, Version::MAX, Some(Mask::new(0)), false);
    let (code, level) = match build(QrCodeEcc::Quartile) {
        Ok(code) => (code, 0b11),
        Err(_) => (build(QrCodeEcc::Low).ok()?, 0b01),
    };
    let n = usize::try_from(code.size()).ok()?;
    let function = mask::function_modules(usize::from(code.version().value()));
    // Undo mask 0 on the data modules and clear the format information: each
    // mask is then applied with its own format information and scored.
    let all = mask::low(n);
    let mut modules: Vec<Row> = (0..n)
        .map(|y| {
            let mut row = [0; mask::WORDS];
            for x in 0..n {
                if code.get_module(x as i32, y as i32) {
                    mask::set(&mut row, x);
                }
            }
            let inverted = mask::pattern_row(0, y);
            std::array::from_fn(|w| row[w] ^ (inverted[w] & !function[y][w] & all[w]))
        })
        .collect();
    for (_, y, x) in mask::format_places(n) {
        modules[y][x / 64] &= !(1 << (x % 64));
    }
    let best = mask::best_mask(&modules, function, level);
    Some(Symbol { size: n, rows: mask::apply(&modules, function, level, best) })
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
    // Numbers go in through itoa: formatting them one `write!` at a time
    // showed in profiles of large builds.
    let mut path = String::with_capacity(n * n * 3);
    for y in 0..n {
        let top = y + QUIET_ZONE;
        for (start, length) in code.dark_runs(y) {
            let left = start + QUIET_ZONE;
            path.push('M');
            push_number(&mut path, left);
            path.push(' ');
            push_number(&mut path, top);
            path.push('h');
            push_number(&mut path, length);
            path.push_str("v1H");
            push_number(&mut path, left);
            path.push('V');
            push_number(&mut path, top);
        }
    }
    format!(
        "<svg class=\"qr\" role=\"img\" aria-label=\"{}\" data-url=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\"><rect x=\"0\" y=\"0\" width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        escape(label),
        escape(url)
    )
}

fn push_number(path: &mut String, n: usize) {
    path.push_str(itoa::Buffer::new().format(n));
}

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

    /// The codes are the ones the reference implementation of ISO/IEC 18004
    /// makes when it chooses the mask itself (qrcodegen, automatic mask):
    /// same version, mask and modules, for texts of every version at levels Q
    /// and L, in byte, numeric and alphanumeric mode.
    #[test]
    fn codes_are_the_standards_with_the_mask_the_penalty_chooses() {
        use qrcodegen::{QrCode, QrCodeEcc, QrSegment, Version};
        let mut texts: Vec<String> =
            vec!["1234567".into(), "HTTPS://EXAMPLE.GOV.VN/CCHC/".into(), "https://cchc.hanoi.gov.vn/tin-tuc/hop-bao/".into()];
        let mut seed = 1u64;
        let mut len = 1;
        while len < 2960 {
            let text = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    char::from(b"abcdefghijklmnopqrstuvwxyz0123456789-/."[(seed >> 33) as usize % 39])
                })
                .collect();
            texts.push(text);
            len += len / 32 + 1;
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
