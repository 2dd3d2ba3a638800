//! QR codes for leaflets: inline SVG, generated at build time by fast_qr.

/// Modules of light margin around a QR code (ISO/IEC 18004 asks for four).
pub const QUIET_ZONE: usize = 4;

/// An inline SVG QR code for `url`: error correction level Q (it survives a
/// photocopy), a four-module quiet zone, one SVG unit per module, each run of
/// dark modules of a row one rectangle of the path. Its size on paper comes
/// from the stylesheet. A URL too long for level Q falls back to level L;
/// one too long for any QR code (a very long `slug` or `base_url`) gets none:
/// an empty string, and the leaflet prints the address alone.
pub fn qr_svg(url: &str, label: &str) -> String {
    use crate::render::markdown::escape;
    let build = |ecl| fast_qr::QRBuilder::new(url.as_bytes()).ecl(ecl).build();
    let Ok(code) = build(fast_qr::ECL::Q).or_else(|_| build(fast_qr::ECL::L)) else {
        return String::new();
    };
    let n = code.size;
    let side = n + 2 * QUIET_ZONE;
    // Numbers go in through itoa: formatting them one `write!` at a time
    // showed in profiles of large builds.
    let mut path = String::with_capacity(n * n * 3);
    for y in 0..n {
        let row = &code.data[y * n..(y + 1) * n];
        let top = y + QUIET_ZONE;
        let mut x = 0;
        while x < n {
            if row[x].value() {
                let start = x;
                while x < n && row[x].value() {
                    x += 1;
                }
                let left = start + QUIET_ZONE;
                path.push('M');
                push_number(&mut path, left);
                path.push(' ');
                push_number(&mut path, top);
                path.push('h');
                push_number(&mut path, x - start);
                path.push_str("v1H");
                push_number(&mut path, left);
                path.push('V');
                push_number(&mut path, top);
            } else {
                x += 1;
            }
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

    #[test]
    fn a_url_too_long_for_a_qr_code_gets_none_and_no_panic() {
        let long = format!("https://example.gov.vn/{}/", "a".repeat(5000));
        assert_eq!(qr_svg(&long, "Mã QR"), "");
        // Too long for level Q, not for L: still a code.
        let medium = format!("https://example.gov.vn/{}/", "a".repeat(2000));
        assert!(qr_svg(&medium, "Mã QR").starts_with("<svg"));
    }
}
