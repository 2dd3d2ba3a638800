//! Raw HTML written in Markdown, made safe with `ammonia`: no `<script>`,
//! `<style>`, `<iframe>` (except from the hosts `site.yaml` allows), `on*=`
//! attributes, `javascript:` or `data:` URLs; tables, `<details>`, `<sup>`,
//! `<abbr>`, `<mark>`, `<kbd>`, `<figure>` and the like stay.
//!
//! Input: the HTML of one body, in which Loa's own generated HTML (highlighted
//! code, images, internal links) stands as placeholders, and the raw HTML
//! fragments the author wrote, to report what is removed. Output: safe HTML and
//! the problems, by fragment. Pure: no I/O, no shared state.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

/// What raw HTML a site allows (`site.yaml`: `unsafe_html`, `allow_iframes_from`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlPolicy {
    /// Raw HTML published as written, unchecked.
    pub is_unsafe: bool,
    /// Hosts whose `<iframe>` embeds are kept (a host allows its subdomains).
    pub iframe_hosts: Vec<String>,
}

/// The default: sanitise, no iframes.
pub static DEFAULT_POLICY: HtmlPolicy = HtmlPolicy { is_unsafe: false, iframe_hosts: Vec::new() };

/// Opens and closes a placeholder for a piece of Loa's own HTML; private-use
/// characters, which ammonia keeps in text as they are.
pub const KEEP_OPEN: char = '\u{E000}';
pub const KEEP_CLOSE: char = '\u{E001}';

/// Elements removed with their content.
const CONTENT_REMOVED: &[&str] = &["script", "style", "template", "noscript", "object", "embed", "applet", "frameset", "frame"];

/// Elements whose tag goes but whose text stays (the rest of ammonia's default list).
fn allowed_tags(policy: &HtmlPolicy) -> HashSet<&'static str> {
    let mut tags: HashSet<&'static str> = ammonia::Builder::default().clone_tags();
    if !policy.iframe_hosts.is_empty() {
        tags.insert("iframe");
    }
    tags
}

/// A URL scheme that can run code or smuggle a document.
pub fn is_dangerous_url(url: &str) -> bool {
    let cleaned: String = decode_char_refs(url).chars().filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control()).collect();
    let lower = cleaned.to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| lower.starts_with(s))
}

/// Whether an iframe `src` is on an allowed host (https only).
fn is_allowed_iframe(src: &str, hosts: &[String]) -> bool {
    let src = src.trim();
    let Some(rest) = src.strip_prefix("https://").or_else(|| src.strip_prefix("//")) else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or_default().to_ascii_lowercase();
    hosts.iter().any(|allowed| {
        let allowed = allowed.trim().trim_end_matches('/').to_ascii_lowercase();
        !allowed.is_empty() && (host == allowed || host.ends_with(&format!(".{allowed}")))
    })
}

/// Sanitises the HTML of one body (placeholders included).
pub fn clean(html: &str, policy: &HtmlPolicy) -> String {
    let hosts = policy.iframe_hosts.clone();
    let mut builder = ammonia::Builder::default();
    builder
        .tags(allowed_tags(policy))
        .clean_content_tags(CONTENT_REMOVED.iter().copied().collect())
        // What pulldown-cmark writes for Markdown: heading ids and classes,
        // footnotes, list starts, table alignment.
        .add_generic_attributes(["id", "class"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("iframe", ["src", "width", "height", "title", "allow", "allowfullscreen", "loading", "referrerpolicy"])
        .add_tag_attributes("details", ["open"])
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .link_rel(None)
        .id_prefix(None)
        .attribute_filter(move |element, attribute, value| {
            // A placeholder never belongs in an attribute.
            let value: Cow<str> = if value.contains([KEEP_OPEN, KEEP_CLOSE]) {
                Cow::Owned(value.replace([KEEP_OPEN, KEEP_CLOSE], ""))
            } else {
                Cow::Borrowed(value)
            };
            match (element, attribute) {
                ("th" | "td", "style") => {
                    let v = value.trim().trim_end_matches(';').replace(' ', "");
                    matches!(v.as_str(), "text-align:left" | "text-align:center" | "text-align:right").then(|| value.into_owned().into())
                }
                ("iframe", "src") => is_allowed_iframe(&value, &hosts).then(|| value.into_owned().into()),
                _ => Some(value.into_owned().into()),
            }
        });
    let cleaned = builder.clean(html).to_string();
    if policy.iframe_hosts.is_empty() { cleaned } else { drop_empty_iframes(&cleaned) }
}

/// Removes the iframes left without a `src` (from hosts not allowed).
fn drop_empty_iframes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<iframe") {
        out.push_str(&rest[..start]);
        let tag_end = rest[start..].find('>').map_or(rest.len(), |i| start + i + 1);
        let end = rest[tag_end..].find("</iframe>").map_or(tag_end, |i| tag_end + i + "</iframe>".len());
        if rest[start..tag_end].contains(" src=\"") {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Something the sanitiser removes, at a byte offset of the fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub offset: usize,
    pub message: crate::i18n::Message,
}

/// What [`clean`] will remove from a raw HTML fragment the author wrote, to
/// warn about it. Tags split over several fragments are seen in each.
pub fn removals(fragment: &str, policy: &HtmlPolicy) -> Vec<Removal> {
    static TAGS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let defaults = TAGS.get_or_init(|| allowed_tags(&DEFAULT_POLICY));
    let mut found = Vec::new();
    let bytes = fragment.as_bytes();
    let mut i = 0;
    while let Some(pos) = fragment[i..].find('<') {
        let start = i + pos;
        i = start + 1;
        if fragment[start..].starts_with("<!--") {
            i = fragment[start..].find("-->").map_or(fragment.len(), |e| start + e + 3);
            continue;
        }
        let is_close = bytes.get(i) == Some(&b'/');
        let name_start = if is_close { i + 1 } else { i };
        let name_len = fragment[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(fragment.len() - name_start);
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = fragment[name_start..name_start + name_len].to_ascii_lowercase();
        let (attributes, end) = parse_attributes(fragment, name_start + name_len);
        i = end;
        if is_close {
            continue;
        }
        let is_iframe = name == "iframe";
        if is_iframe {
            let src = attributes.iter().find(|(n, _)| n == "src").map(|(_, v)| v.as_str()).unwrap_or_default();
            if !is_allowed_iframe(src, &policy.iframe_hosts) {
                let host = src.split("//").nth(1).and_then(|r| r.split(['/', '?', '#']).next()).unwrap_or(src);
                found.push(Removal { offset: start, message: crate::msg!("html-iframe-removed", host = host) });
                continue;
            }
        } else if CONTENT_REMOVED.contains(&name.as_str()) {
            found.push(Removal { offset: start, message: crate::msg!("html-tag-removed-with-content", tag = name.as_str()) });
            continue;
        } else if !defaults.contains(name.as_str()) {
            found.push(Removal { offset: start, message: crate::msg!("html-tag-removed", tag = name.as_str()) });
        }
        for (attribute, value) in &attributes {
            if attribute.starts_with("on") {
                found.push(Removal {
                    offset: start,
                    message: crate::msg!("html-attribute-removed", attribute = attribute, tag = name.as_str()),
                });
            } else if matches!(
                attribute.as_str(),
                "href" | "src" | "cite" | "action" | "formaction" | "poster" | "background" | "xlink:href"
            ) && is_dangerous_url(value)
            {
                let scheme = value.trim().split(':').next().unwrap_or_default().to_ascii_lowercase();
                found.push(Removal {
                    offset: start,
                    message: crate::msg!("html-url-removed", scheme = scheme, attribute = attribute, tag = name.as_str()),
                });
            }
        }
    }
    found
}

/// Attributes of a tag from `from` (just after its name) to its `>`, lower-case
/// names and entity-decoded values, and the offset after the tag.
fn parse_attributes(text: &str, from: usize) -> (Vec<(String, String)>, usize) {
    let bytes = text.as_bytes();
    let mut attributes = Vec::new();
    let mut i = from;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (attributes, i);
        }
        if bytes[i] == b'>' {
            return (attributes, i + 1);
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = text[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let value_start = i + 1;
                let value_end = bytes[value_start..].iter().position(|b| *b == quote).map_or(bytes.len(), |p| value_start + p);
                value = decode_char_refs(&text[value_start..value_end]).into_owned();
                i = (value_end + 1).min(bytes.len());
            } else {
                let value_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = decode_char_refs(&text[value_start..i]).into_owned();
            }
        }
        if !name.is_empty() {
            attributes.push((name, value));
        }
    }
}

/// Numeric character references and `&colon;`/`&Tab;`/`&NewLine;`, decoded
/// (enough to see a hidden `javascript:`).
fn decode_char_refs(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|e| *e <= 12);
        let decoded = end.and_then(|e| {
            let body = &rest[1..e];
            match body {
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => {
                    let number = body.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(hosts: &[&str]) -> HtmlPolicy {
        HtmlPolicy { is_unsafe: false, iframe_hosts: hosts.iter().map(|h| h.to_string()).collect() }
    }

    #[test]
    fn removes_scripts_handlers_and_bad_urls() {
        let html = "<p onclick=\"x()\">Xin <a href=\"javascript:alert(1)\">chào</a><script>alert(1)</script><img src=\"data:image/png;base64,AA\" alt=\"a\"></p><style>p{}</style>";
        assert_eq!(clean(html, &DEFAULT_POLICY), "<p>Xin <a>chào</a><img alt=\"a\"></p>");
        let messages: Vec<String> = removals(html, &DEFAULT_POLICY).into_iter().map(|r| r.message.to_string()).collect();
        assert_eq!(messages.len(), 5, "{messages:?}");
        assert!(messages[0].starts_with("attribute onclick="), "{messages:?}");
        assert!(messages[1].starts_with("javascript: URL in href of <a>"), "{messages:?}");
        assert!(messages[2].starts_with("<script> removed"), "{messages:?}");
    }

    #[test]
    fn keeps_what_officers_paste() {
        let html = "<details><summary>Chi tiết</summary><table><tr><td>1<sup>2</sup><sub>3</sub></td></tr></table></details><abbr title=\"Cải cách hành chính\">CCHC</abbr> <mark>mới</mark> <kbd>Ctrl</kbd><figure><figcaption>Hình</figcaption></figure>";
        let cleaned = clean(html, &DEFAULT_POLICY);
        assert!(
            cleaned.contains(
                "<details><summary>Chi tiết</summary><table><tbody><tr><td>1<sup>2</sup><sub>3</sub></td></tr></tbody></table></details>"
            ),
            "{cleaned}"
        );
        assert!(cleaned.contains("<abbr title=\"Cải cách hành chính\">CCHC</abbr> <mark>mới</mark> <kbd>Ctrl</kbd><figure><figcaption>Hình</figcaption></figure>"), "{cleaned}");
        assert!(removals(html, &DEFAULT_POLICY).is_empty());
    }

    #[test]
    fn iframes_only_from_listed_hosts() {
        let html =
            "<iframe src=\"https://www.youtube.com/embed/x\" width=\"560\"></iframe><iframe src=\"https://evil.example/x\"></iframe>";
        assert_eq!(clean(html, &DEFAULT_POLICY), "");
        assert_eq!(clean(html, &policy(&["youtube.com"])), "<iframe src=\"https://www.youtube.com/embed/x\" width=\"560\"></iframe>");
        let messages: Vec<String> = removals(html, &policy(&["youtube.com"])).into_iter().map(|r| r.message.to_string()).collect();
        assert_eq!(
            messages,
            vec!["<iframe> from \"evil.example\" removed: list its host under allow_iframes_from in site.yaml to embed it"]
        );
    }

    #[test]
    fn hidden_javascript_urls_are_seen() {
        assert!(is_dangerous_url(" JaVa&#x53;cript:alert(1)"));
        assert!(is_dangerous_url("java\tscript&colon;x"));
        assert!(!is_dangerous_url("/tin-tuc/a/"));
        assert!(!is_dangerous_url("https://x.vn/javascript:"));
    }

    #[test]
    fn placeholders_stay_out_of_attributes() {
        let html = format!("<div title=\"a{KEEP_OPEN}0{KEEP_CLOSE}\">{KEEP_OPEN}1{KEEP_CLOSE}</div>");
        assert_eq!(clean(&html, &DEFAULT_POLICY), format!("<div title=\"a0\">{KEEP_OPEN}1{KEEP_CLOSE}</div>"));
    }
}
