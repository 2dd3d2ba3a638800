//! Relative links: pages are rendered with root-relative URLs (`/cchc/a/`),
//! then each page's own links are rewritten relative to it (`../a/`). The
//! output then works under the path of `base_url`, under any other path the
//! files are copied to, and opened from disk (stylesheets and pictures load).
//! The 404 page keeps root-relative links: it is served at any depth. Pure.
//!
//! Only `href`, `src`, `action` and `data-index` attributes of tags are rewritten: the scan jumps from
//! one `<` to the next and reads the attributes of each tag, so text (inline
//! code that shows `href="/cchc/a/"`), comments and the content of `<script>`
//! and `<style>` are copied as they are.

use memchr::{memchr, memmem};

/// Rewrites `href`, `src`, `action` and `data-index` values that start with `base_path` into paths
/// relative to the page at site path `page_dir` (`""` for the home page,
/// `tin-tuc/a/` for an article).
pub fn relativize(html: &[u8], page_dir: &str, base_path: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len());
    relativize_into(html, page_dir, base_path, &mut out);
    out
}

/// [`relativize`] appending to `out`.
pub fn relativize_into(html: &[u8], page_dir: &str, base_path: &str, out: &mut Vec<u8>) {
    let depth = page_dir.split('/').filter(|s| !s.is_empty()).count();
    let up = "../".repeat(depth);
    rewrite_links_into(html, base_path.as_bytes(), out, |target, out| {
        out.extend_from_slice(up.as_bytes());
        // "./" keeps "", "#x", "?x" and "a:b" from reading as something else.
        let first_segment = &target[..memchr(b'/', target).unwrap_or(target.len())];
        if up.is_empty() && (matches!(target.first(), None | Some(b'#' | b'?')) || first_segment.contains(&b':')) {
            out.extend_from_slice(b"./");
        }
    });
}

/// Copies `html` to `out`, with the `prefix` of every `href`, `src`, `action`
/// and `data-index` value
/// of a tag that starts with it (and not with `//`) replaced by what `replace`
/// writes, given the rest of the value.
pub fn rewrite_links_into(html: &[u8], prefix: &[u8], out: &mut Vec<u8>, replace: impl Fn(&[u8], &mut Vec<u8>)) {
    // `copied` is where the bytes not yet in `out` start.
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = find_byte(b'<', &html[i..]) {
        let start = i + lt + 1;
        let rest = &html[start..];
        if rest.starts_with(b"!--") {
            i = memmem::find(&rest[3..], b"-->").map_or(html.len(), |end| start + 3 + end + 3);
            continue;
        }
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            i = start;
            continue;
        }
        let name_len = rest.iter().position(|&b| is_class(b, NAME_END)).unwrap_or(rest.len());
        let name = &rest[..name_len];
        let mut j = start + name_len;
        // The attributes, up to the end of the tag.
        loop {
            while j < html.len() && is_class(html[j], SPACE | SLASH) {
                j += 1;
            }
            if j >= html.len() || html[j] == b'>' {
                break;
            }
            let attr_start = j;
            while j < html.len() && !is_class(html[j], NAME_END | EQUALS) {
                j += 1;
            }
            let attr = &html[attr_start..j];
            if html.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            let Some(&quote) = html.get(j) else { break };
            if quote != b'"' && quote != b'\'' {
                // An unquoted value (the renderer writes none) is kept.
                while j < html.len() && !is_class(html[j], SPACE | GT) {
                    j += 1;
                }
                continue;
            }
            let value_start = j + 1;
            let value_end = find_byte(quote, &html[value_start..]).map_or(html.len(), |n| value_start + n);
            j = value_end + 1;
            let value = &html[value_start..value_end];
            // The attribute's name first: most values are not links (`class`),
            // and a name is told from its length and bytes with no call.
            if is_link_attribute(attr) && value.starts_with(prefix) && !value.starts_with(b"//") {
                out.extend_from_slice(&html[copied..value_start]);
                replace(&value[prefix.len()..], out);
                copied = value_start + prefix.len();
            }
        }
        i = j.min(html.len());
        // Raw text: nothing in it is a tag.
        for raw in [&b"script"[..], b"style"] {
            if name.eq_ignore_ascii_case(raw) {
                i = find_closing(html, i, raw);
            }
        }
    }
    out.extend_from_slice(&html[copied..]);
}

fn is_link_attribute(attr: &[u8]) -> bool {
    let lower = |i: usize| attr[i] | 0x20;
    match attr.len() {
        3 => lower(0) == b's' && lower(1) == b'r' && lower(2) == b'c',
        4 => lower(0) == b'h' && lower(1) == b'r' && lower(2) == b'e' && lower(3) == b'f',
        6 => attr.eq_ignore_ascii_case(b"action"),
        10 => attr.eq_ignore_ascii_case(b"data-index"),
        _ => false,
    }
}

/// Classes of the bytes that end a tag's name or an attribute's, as bits of
/// [`CLASSES`]: one look-up instead of a chain of comparisons per byte.
const SPACE: u8 = 1;
const SLASH: u8 = 2;
const GT: u8 = 4;
const EQUALS: u8 = 8;
const NAME_END: u8 = SPACE | SLASH | GT;

const CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_whitespace() {
            SPACE
        } else {
            match byte {
                b'/' => SLASH,
                b'>' => GT,
                b'=' => EQUALS,
                _ => 0,
            }
        };
        b += 1;
    }
    table
};

#[inline(always)]
fn is_class(b: u8, class: u8) -> bool {
    CLASSES[b as usize] & class != 0
}

/// The offset of the first `byte` in `hay`. Most of what is searched is
/// short (an attribute's value, the text between two tags): the first 16
/// bytes are tested eight at a time in a register, the rest by `memchr`,
/// whose set-up costs more than such a short search.
#[inline(always)]
fn find_byte(byte: u8, hay: &[u8]) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = 0;
    while at < 16 && at + 8 <= hay.len() {
        let word = u64::from_le_bytes(hay[at..at + 8].try_into().expect("eight bytes")) ^ (LOW * byte as u64);
        // The lowest byte of `word` that is zero is the first match; the
        // bits above it may be wrong, never the lowest set one.
        let zero = word.wrapping_sub(LOW) & !word & HIGH;
        if zero != 0 {
            return Some(at + zero.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    if at < 16 {
        // Fewer than eight bytes left.
        return hay[at..].iter().position(|&b| b == byte).map(|n| at + n);
    }
    memchr(byte, &hay[at..]).map(|n| at + n)
}

/// The offset of `</name` (any case) at or after `from`, or the end.
fn find_closing(html: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(n) = memchr(b'<', &html[i..]) {
        let at = i + n;
        let rest = &html[at + 1..];
        if rest.first() == Some(&b'/') && rest.len() > name.len() && rest[1..=name.len()].eq_ignore_ascii_case(name) {
            return at;
        }
        i = at + 1;
    }
    html.len()
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
        assert_eq!(rel("<a href=\"/#x\">", "", "/"), "<a href=\"./#x\">");
        let form = r#"<form action="/cchc/tim-kiem/" data-index="/cchc/tim-kiem/index/">"#;
        assert_eq!(rel(form, "a/", "/cchc/"), r#"<form action="../tim-kiem/" data-index="../tim-kiem/index/">"#);
    }

    #[test]
    fn other_links_are_kept() {
        let html = r##"<a href="https://x.vn/cchc/">x</a> <a href="//cdn/a">c</a> <a href="#muc">m</a> <a href="mailto:a@b">@</a>"##;
        assert_eq!(rel(html, "a/", "/"), html);
        assert_eq!(rel(r#"<a href="/a/">a</a>"#, "b/c/", "/"), r#"<a href="../../a/">a</a>"#);
    }

    #[test]
    fn only_attributes_of_tags_are_rewritten() {
        // Text that looks like an attribute: inline code, a paragraph, a
        // comment, a script, and an attribute that only ends in "href".
        let html = concat!(
            r#"<p>Viết <code>&lt;a href="/cchc/a/"&gt;</code> và src="/cchc/b/".</p>"#,
            r#"<!-- <a href="/cchc/c/"> --><script>let s = '<a href="/cchc/d/">';</script>"#,
            r#"<a data-href="/cchc/e/" title='x > y' href="/cchc/f/">f</a><img alt="a" src="/cchc/g.png"/>"#,
        );
        let expected = html.replace(r#"href="/cchc/f/""#, r#"href="../f/""#).replace(r#"src="/cchc/g.png""#, r#"src="../g.png""#);
        assert_eq!(rel(html, "x/", "/cchc/"), expected);
    }

    /// The scanner as it was before its searches and byte classes were made
    /// faster: the faster one must rewrite exactly the same links.
    fn reference_rewrite(html: &[u8], prefix: &[u8], out: &mut Vec<u8>, replace: impl Fn(&[u8], &mut Vec<u8>)) {
        // `copied` is where the bytes not yet in `out` start.
        let mut copied = 0;
        let mut i = 0;
        while let Some(lt) = memchr::memchr(b'<', &html[i..]) {
            let start = i + lt + 1;
            let rest = &html[start..];
            if rest.starts_with(b"!--") {
                i = memchr::memmem::find(&rest[3..], b"-->").map_or(html.len(), |end| start + 3 + end + 3);
                continue;
            }
            if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
                i = start;
                continue;
            }
            let name_len = rest.iter().position(|&b| is_space(b) || b == b'>' || b == b'/').unwrap_or(rest.len());
            let name = &rest[..name_len];
            let mut j = start + name_len;
            // The attributes, up to the end of the tag.
            loop {
                while j < html.len() && (is_space(html[j]) || html[j] == b'/') {
                    j += 1;
                }
                if j >= html.len() || html[j] == b'>' {
                    break;
                }
                let attr_start = j;
                while j < html.len() && !is_space(html[j]) && !matches!(html[j], b'=' | b'>' | b'/') {
                    j += 1;
                }
                let attr = &html[attr_start..j];
                if html.get(j) != Some(&b'=') {
                    continue;
                }
                j += 1;
                let Some(&quote) = html.get(j) else { break };
                if quote != b'"' && quote != b'\'' {
                    // An unquoted value (the renderer writes none) is kept.
                    while j < html.len() && !is_space(html[j]) && html[j] != b'>' {
                        j += 1;
                    }
                    continue;
                }
                let value_start = j + 1;
                let value_end = memchr::memchr(quote, &html[value_start..]).map_or(html.len(), |n| value_start + n);
                j = value_end + 1;
                let value = &html[value_start..value_end];
                let is_link = [&b"href"[..], b"src", b"action", b"data-index"].iter().any(|name| attr.eq_ignore_ascii_case(name));
                if is_link && value.starts_with(prefix) && !value.starts_with(b"//") {
                    out.extend_from_slice(&html[copied..value_start]);
                    replace(&value[prefix.len()..], out);
                    copied = value_start + prefix.len();
                }
            }
            i = j.min(html.len());
            // Raw text: nothing in it is a tag.
            for raw in [&b"script"[..], b"style"] {
                if name.eq_ignore_ascii_case(raw) {
                    i = find_closing(html, i, raw);
                }
            }
        }
        out.extend_from_slice(&html[copied..]);
    }

    fn is_space(b: u8) -> bool {
        b.is_ascii_whitespace()
    }

    /// HTML-like text made of the pieces the scanner reacts to.
    fn markup() -> impl proptest::strategy::Strategy<Value = String> {
        const PIECES: [&str; 47] = [
            "<",
            ">",
            "<a",
            "<A",
            "<img",
            "<p>",
            "</p>",
            " ",
            "\n",
            "\t",
            "/",
            "=",
            "\"",
            "'",
            "href",
            "HREF",
            "src",
            "action",
            "data-index",
            "data-href",
            "/cchc/",
            "/cchc/a/",
            "//x",
            "#",
            "?q",
            "a:b",
            "x",
            "ạ",
            "<!--",
            "-->",
            "<script>",
            "</script>",
            "<style>",
            "</STYLE>",
            "&lt;",
            "0123456789abcdef",
            "<path d=\"M1 2h3v1\"/>",
            " href=\"",
            " src='",
            " HREF=",
            " action=\"/cchc/",
            "<a href=\"/",
            "<a href=\"//x\">",
            "<img src=\"/cchc/",
            "\">",
            "'>",
            " data-index='/",
        ];
        proptest::collection::vec(proptest::sample::select(&PIECES[..]), 0..60).prop_map(|p| p.concat())
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        #[test]
        fn rewrites_what_the_plain_scanner_rewrites(html in markup(), base in proptest::sample::select(&["/", "/cchc/"][..])) {
            let replace = |target: &[u8], out: &mut Vec<u8>| {
                out.extend_from_slice(b"../");
                out.extend_from_slice(&target[..target.len().min(1)]);
            };
            let (mut ours, mut plain) = (Vec::new(), Vec::new());
            rewrite_links_into(html.as_bytes(), base.as_bytes(), &mut ours, replace);
            reference_rewrite(html.as_bytes(), base.as_bytes(), &mut plain, replace);
            proptest::prop_assert_eq!(ours, plain);
        }

        #[test]
        fn finds_the_first_byte(hay in proptest::collection::vec(proptest::sample::select(&b"ab<\"'"[..]), 0..80), byte in proptest::sample::select(&b"<\"'"[..])) {
            proptest::prop_assert_eq!(find_byte(byte, &hay), hay.iter().position(|&b| b == byte));
        }
    }

    #[test]
    fn broken_markup_ends_cleanly() {
        for html in ["<a href=\"/cchc/a", "<a href=", "<a href", "<", "<!-- x", "<script>x", "a < b"] {
            let out = rel(html, "x/", "/cchc/");
            assert!(out.len() + 6 >= html.len(), "{html} -> {out}");
        }
        assert_eq!(rel("<a href=\"/cchc/a", "x/", "/cchc/"), "<a href=\"../a");
    }
}
