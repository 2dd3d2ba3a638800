//! Relative links: pages are rendered with root-relative URLs (`/cchc/a/`),
//! then each page's own links are rewritten relative to it (`../a/`). The
//! output then works under the path of `base_url`, under any other path the
//! files are copied to, and opened from disk (stylesheets and pictures load).
//! The 404 page keeps root-relative links: it is served at any depth. Pure.

/// Rewrites `href`, `src`, `action` and `data-index` values that start with `base_path` into paths
/// relative to the page at site path `page_dir` (`""` for the home page,
/// `tin-tuc/a/` for an article).
pub fn relativize(html: &[u8], page_dir: &str, base_path: &str) -> Vec<u8> {
    let depth = page_dir.split('/').filter(|s| !s.is_empty()).count();
    let up = "../".repeat(depth);
    let base = base_path.as_bytes();
    let mut out = Vec::with_capacity(html.len());
    let mut rest = html;
    while let Some(value_start) = next_value(rest) {
        out.extend_from_slice(&rest[..value_start]);
        let value = &rest[value_start..];
        if value.starts_with(base) && !value.starts_with(b"//") {
            let target = &value[base.len()..];
            out.extend_from_slice(up.as_bytes());
            // "./" keeps "", "#x", "?x" and "a:b" from reading as something else.
            let first_segment = target.iter().take_while(|&&b| !matches!(b, b'/' | b'"' | b'\'')).collect::<Vec<_>>();
            if up.is_empty() && (matches!(target.first(), Some(b'"' | b'\'' | b'#' | b'?')) || first_segment.contains(&&b':')) {
                out.extend_from_slice(b"./");
            }
            rest = target;
        } else {
            rest = value;
        }
    }
    out.extend_from_slice(rest);
    out
}

/// The offset of the next `href`, `src`, `action` or `data-index` value (after its opening quote):
/// the attribute name after whitespace, any case, `=`, a single or double quote.
fn next_value(html: &[u8]) -> Option<usize> {
    let mut i = 1;
    while i < html.len() {
        if html[i - 1].is_ascii_whitespace() {
            for name in [&b"href"[..], &b"src"[..], &b"action"[..], &b"data-index"[..]] {
                let end = i + name.len();
                if end + 1 < html.len()
                    && html[i..end].eq_ignore_ascii_case(name)
                    && html[end] == b'='
                    && matches!(html[end + 1], b'"' | b'\'')
                {
                    return Some(end + 2);
                }
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(html: &str, dir: &str, base: &str) -> String {
        String::from_utf8(relativize(html.as_bytes(), dir, base)).unwrap()
    }

    #[test]
    fn links_become_relative_to_the_page() {
        let html = r##"<link href="/cchc/css/style.css"><a href="/cchc/">Trang chủ</a> <a href="/cchc/lich/#t">L</a> <img src="/cchc/images/a.svg">"##;
        assert_eq!(
            rel(html, "tin-tuc/a/", "/cchc/"),
            r##"<link href="../../css/style.css"><a href="../../">Trang chủ</a> <a href="../../lich/#t">L</a> <img src="../../images/a.svg">"##
        );
        assert_eq!(
            rel(html, "", "/cchc/"),
            r##"<link href="css/style.css"><a href="./">Trang chủ</a> <a href="lich/#t">L</a> <img src="images/a.svg">"##
        );
    }

    #[test]
    fn any_whitespace_case_and_quote() {
        let html = "<a\nHREF='/cchc/a/'>a</a><img\tsrc=\"/cchc/b.png\">";
        assert_eq!(rel(html, "x/", "/cchc/"), "<a\nHREF='../a/'>a</a><img\tsrc=\"../b.png\">");
        assert_eq!(rel("<a href=\"/a:b.pdf\">", "", "/"), "<a href=\"./a:b.pdf\">");
    }

    #[test]
    fn other_links_are_kept() {
        let html = r##"<a href="https://x.vn/cchc/">x</a> <a href="//cdn/a">c</a> <a href="#muc">m</a> <a href="mailto:a@b">@</a>"##;
        assert_eq!(rel(html, "a/", "/"), html);
        assert_eq!(rel(r#"<a href="/a/">a</a>"#, "b/c/", "/"), r#"<a href="../../a/">a</a>"#);
    }
}
