//! Building fixture sites: which pages exist and what they link to, slugs,
//! pagination, drafts and future articles, feeds, the sitemap, the base path
//! and the output folder. Every assertion is on a file in `public/`.

use crate::common::{Site, link_values, links, page_url, resolve, snapshot, unescape_html};
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

const NOW: &str = "2022-07-01";
const BASE: &str = "https://cchc.example.gov.vn/";

// ---------------------------------------------------------------------------
// Helpers: attributes and links in HTML, a small XML tree.
// ---------------------------------------------------------------------------

/// One opening tag: its attributes and, for elements with text, what follows it.
#[derive(Debug)]
struct Tag {
    attrs: BTreeMap<String, String>,
    /// Byte offset just after the tag's `>`.
    end: usize,
}

impl Tag {
    fn get(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }
}

/// Every opening tag `<name …>` of `html`, attribute values unescaped.
fn tags(html: &str, name: &str) -> Vec<Tag> {
    let open = format!("<{name}");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(&open) {
        let start = from + i + open.len();
        from = start;
        let Some(next) = html[start..].chars().next() else { break };
        if !(next.is_whitespace() || next == '>' || next == '/') {
            continue;
        }
        let bytes = html.as_bytes();
        let mut attrs = BTreeMap::new();
        let mut p = start;
        loop {
            while p < bytes.len() && (bytes[p] as char).is_ascii_whitespace() {
                p += 1;
            }
            if p >= bytes.len() || bytes[p] == b'>' {
                p += 1;
                break;
            }
            if bytes[p] == b'/' {
                p += 1;
                continue;
            }
            let name_start = p;
            while p < bytes.len() && !matches!(bytes[p], b'=' | b'>' | b'/') && !(bytes[p] as char).is_ascii_whitespace() {
                p += 1;
            }
            let attr = html[name_start..p].to_ascii_lowercase();
            if p < bytes.len() && bytes[p] == b'=' {
                p += 1;
                let value = if p < bytes.len() && (bytes[p] == b'"' || bytes[p] == b'\'') {
                    let quote = bytes[p] as char;
                    let close = html[p + 1..].find(quote).map_or(bytes.len(), |j| p + 1 + j);
                    let value = &html[p + 1..close];
                    p = close + 1;
                    value
                } else {
                    let value_start = p;
                    while p < bytes.len() && bytes[p] != b'>' && !(bytes[p] as char).is_ascii_whitespace() {
                        p += 1;
                    }
                    &html[value_start..p]
                };
                attrs.insert(attr, unescape_html(value));
            } else {
                attrs.insert(attr, String::new());
            }
        }
        found.push(Tag { attrs, end: p.min(html.len()) });
    }
    found
}

/// A link: `href`, `rel` and its text without markup.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Anchor {
    href: String,
    rel: String,
    text: String,
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape_html(out.split_whitespace().collect::<Vec<_>>().join(" ").as_str())
}

/// The links of `html` as written (`href` not resolved).
fn raw_anchors(html: &str) -> Vec<Anchor> {
    tags(html, "a")
        .into_iter()
        .map(|tag| {
            let close = html[tag.end..].find("</a>").map_or(html.len(), |i| tag.end + i);
            Anchor {
                href: tag.get("href").unwrap_or_default().to_string(),
                rel: tag.get("rel").unwrap_or_default().to_string(),
                text: strip_tags(&html[tag.end..close]),
            }
        })
        .collect()
}

/// The links of `html`, part of the page served at URL path `page`, each
/// `href` resolved against the page (`../../gioi-thieu/` on
/// `/tin-tuc/a/` is `/gioi-thieu/`); absolute URLs are kept as they are.
fn anchors(html: &str, page: &str) -> Vec<Anchor> {
    raw_anchors(html).into_iter().map(|a| Anchor { href: resolve(page, &a.href).unwrap_or(a.href), ..a }).collect()
}

/// The `href` of every link of `html` (on the page at URL path `page`), resolved.
fn hrefs(html: &str, page: &str) -> Vec<String> {
    anchors(html, page).into_iter().map(|a| a.href).collect()
}

/// The `src` of every `<img>` of `html` (on the page at URL path `page`), resolved.
fn img_srcs(html: &str, page: &str) -> Vec<String> {
    tags(html, "img").iter().filter_map(|t| t.get("src")).map(|s| resolve(page, s).unwrap_or(s.to_string())).collect()
}

/// The part of `html` from `marker` to the next `end`.
fn part<'a>(html: &'a str, marker: &str, end: &str) -> &'a str {
    let start = html.find(marker).unwrap_or_else(|| panic!("no {marker:?} in the page"));
    let stop = html[start..].find(end).map_or(html.len(), |i| start + i);
    &html[start..stop]
}

/// The `<main>` part of a page (without the layout's menus and footer).
fn main_part(html: &str) -> &str {
    part(html, "<main", "</main>")
}

/// Every `.html` file of the output: (relative path, text).
fn html_pages(out: &Path) -> Vec<(String, String)> {
    snapshot(out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("HTML is UTF-8")))
        .collect()
}

/// Output files whose text contains `needle`.
fn files_mentioning(out: &Path, needle: &str) -> Vec<String> {
    snapshot(out).into_iter().filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle)).map(|(path, _)| path).collect()
}

/// An XML element with its attributes, children and text.
#[derive(Debug, Default, Clone)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn all<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Element> + 'a {
        let name = name.to_string();
        self.children.iter().filter(move |c| c.name == name)
    }

    fn child(&self, name: &str) -> &Element {
        self.all(name).next().unwrap_or_else(|| panic!("<{}> has no <{name}>", self.name))
    }

    fn has(&self, name: &str) -> bool {
        self.all(name).next().is_some()
    }

    fn text_of(&self, name: &str) -> &str {
        &self.child(name).text
    }
}

fn start_element(e: &BytesStart) -> Element {
    let name = e.name().as_ref().to_string();
    let attrs = e
        .attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            let key = a.key.as_ref().to_string();
            let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).expect("attribute value").into_owned();
            (key, value)
        })
        .collect();
    Element { name, attrs, ..Element::default() }
}

/// Parses a whole XML document with quick-xml; panics unless it is well-formed.
fn parse_xml(text: &str) -> Element {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack = vec![Element::default()];
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{text}")) {
            Event::Start(e) => stack.push(start_element(&e)),
            Event::Empty(e) => {
                let element = start_element(&e);
                stack.last_mut().unwrap().children.push(element);
            }
            Event::End(_) => {
                let element = stack.pop().unwrap();
                stack.last_mut().expect("balanced tags").children.push(element);
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
            Event::CData(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().expect("valid character reference") {
                    Some(c) => c.to_string(),
                    None => {
                        quick_xml::escape::resolve_predefined_entity(&r).unwrap_or_else(|| panic!("unknown entity &{};", &*r)).to_string()
                    }
                };
                stack.last_mut().unwrap().text.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut document = stack.pop().unwrap();
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.remove(0)
}

/// The JSON-LD of a page.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").expect("a JSON-LD script");
    let body = &html[start..];
    let body = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
    serde_json::from_str(body).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{body}"))
}

/// The `content` of `<meta property="…">` (or `name="…"`).
fn meta(html: &str, key: &str) -> Option<String> {
    tags(html, "meta")
        .into_iter()
        .find(|t| t.get("property") == Some(key) || t.get("name") == Some(key))
        .and_then(|t| t.get("content").map(str::to_string))
}

/// Decodes `%XX` escapes of a URL path.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && path.is_char_boundary(i + 3)
            && let Ok(b) = u8::from_str_radix(&path[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

/// Whether a root-relative URL points to a file built in `out`.
fn target_exists(out: &Path, url: &str) -> bool {
    let path = url.split(['#', '?']).next().unwrap().trim_start_matches('/');
    let path = percent_decode(path);
    if path.is_empty() || path.ends_with('/') {
        out.join(&path).join("index.html").is_file()
    } else {
        out.join(&path).is_file() || out.join(&path).join("index.html").is_file()
    }
}

/// What the links of every HTML page of `out` (built with `base_path`)
/// point to: on every page but 404.html, each `href`/`src` resolved against
/// the page; on 404.html, each root-relative value as written. Each must lie
/// under the base path and point to a built file (a folder with index.html,
/// or a file).
struct LinkCheck {
    /// Links checked, over all pages.
    checked: usize,
    /// Links checked on 404.html.
    checked_404: usize,
    /// Pages (other than 404.html) without any link on the site.
    pages_without_links: Vec<String>,
    /// `page: url (why)`.
    wrong: Vec<String>,
}

fn check_links(out: &Path, base_path: &str) -> LinkCheck {
    let mut check = LinkCheck { checked: 0, checked_404: 0, pages_without_links: Vec::new(), wrong: Vec::new() };
    for (path, html) in html_pages(out) {
        let targets: Vec<String> = if path == "404.html" {
            link_values(&html).into_iter().filter(|u| u.starts_with('/') && !u.starts_with("//")).collect()
        } else {
            links(&html, &page_url(base_path, &path))
        };
        if path == "404.html" {
            check.checked_404 = targets.len();
        } else if targets.is_empty() {
            check.pages_without_links.push(path.clone());
        }
        for url in targets {
            check.checked += 1;
            match url.strip_prefix(base_path) {
                Some(rest) => {
                    if !target_exists(out, rest) {
                        check.wrong.push(format!("{path}: {url} (nothing built there)"));
                    }
                }
                None => check.wrong.push(format!("{path}: {url} (not under {base_path})")),
            }
        }
    }
    check
}

/// Pages other than 404.html link relative to themselves: no `href` or
/// `src` of a tag starts with `/`. 404.html, served at any depth, links root-relative: every
/// value that is not absolute and not a fragment starts with the base path.
fn assert_links_relative_except_404(out: &Path, base_path: &str) {
    let mut wrong = Vec::new();
    let mut root_relative_404 = 0;
    for (path, html) in html_pages(out) {
        if path == "404.html" {
            for url in link_values(&html) {
                if crate::common::is_absolute(&url) || url.starts_with('#') {
                    continue;
                }
                if url.starts_with(base_path) {
                    root_relative_404 += 1;
                } else {
                    wrong.push(format!("404.html: {url} is not root-relative under {base_path}"));
                }
            }
        } else {
            // Attributes of tags only: text may show a link, as inline code does.
            for name in ["a", "link", "img", "script", "source"] {
                for tag in tags(&html, name) {
                    for attr in ["href", "src"] {
                        if let Some(url) = tag.get(attr).filter(|u| u.starts_with('/')) {
                            wrong.push(format!("{path}: root-relative link <{name} {attr}=\"{url}\">"));
                        }
                    }
                }
            }
        }
    }
    assert!(root_relative_404 >= 5, "404.html has only {root_relative_404} root-relative links");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------
// 1. Pages present and linked.
// ---------------------------------------------------------------------------

#[test]
fn builds_every_kind_of_page() {
    let site = Site::new("basic");
    site.build(NOW);
    for file in [
        "index.html",
        // Articles in nested folders keep their folders.
        "tin-tuc/2022/hop-bao-quy-1/index.html",
        "tin-tuc/2022/ra-mat-bo-phan-mot-cua/index.html",
        "tin-tuc/2022/hoi-nghi-truc-tuyen/index.html",
        "ket-qua/chi-so-par-index/index.html",
        // A Markdown file directly in content/ is a standalone page.
        "gioi-thieu/index.html",
        // Section lists.
        "tin-tuc/index.html",
        "ket-qua/index.html",
        // Areas, tags, units.
        "linh-vuc/index.html",
        "linh-vuc/the-che/index.html",
        "linh-vuc/thu-tuc-hanh-chinh/index.html",
        "chu-de/index.html",
        "chu-de/mot-cua/index.html",
        "chu-de/dich-vu-cong-truc-tuyen/index.html",
        "don-vi/index.html",
        "don-vi/so-noi-vu/index.html",
        "don-vi/so-tu-phap/index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "rss.xml",
        "linh-vuc/the-che/rss.xml",
    ] {
        assert!(site.exists(file), "{file} was not built");
    }
    // Every HTML page is Vietnamese.
    for (path, html) in html_pages(&site.out()) {
        assert!(html.contains("<html lang=\"vi\""), "{path} is not lang=\"vi\"");
    }
}

#[test]
fn every_link_points_to_a_built_file() {
    let site = Site::new("basic");
    let out = site.build(NOW);
    let check = check_links(&out, "/");
    assert!(check.checked > 200, "only {} links found", check.checked);
    assert!(check.checked_404 >= 5, "only {} root-relative links in 404.html", check.checked_404);
    assert!(check.pages_without_links.is_empty(), "pages without links: {:?}", check.pages_without_links);
    assert!(check.wrong.is_empty(), "links to files that were not built:\n{}", check.wrong.join("\n"));
    assert_links_relative_except_404(&out, "/");
}

#[test]
fn standalone_page_and_404() {
    let site = Site::new("basic");
    site.build(NOW);
    let page = site.read("gioi-thieu/index.html");
    assert!(main_part(&page).contains("Giới thiệu"));
    assert!(main_part(&page).contains("Trang thông tin cải cách hành chính của Thành phố."));
    // Pages are linked from every page (the footer of the home page, here).
    assert!(hrefs(&site.read("index.html"), "/").contains(&"/gioi-thieu/".to_string()));

    let not_found = site.read("404.html");
    assert_eq!(meta(&not_found, "robots").as_deref(), Some("noindex"), "404.html must not be indexed");
    // Served at any depth: its link home is root-relative as written.
    assert!(raw_anchors(&not_found).iter().any(|a| a.href == "/"), "404.html links back home");
}

#[test]
fn robots_txt_names_the_sitemap() {
    let site = Site::new("basic");
    site.build(NOW);
    let robots = site.read("robots.txt");
    assert!(robots.lines().any(|l| l == "Sitemap: https://cchc.example.gov.vn/sitemap.xml"), "{robots}");
    assert!(robots.contains("User-agent: *"), "{robots}");
}

#[test]
fn files_in_content_are_copied() {
    let site = Site::new("basic");
    let out = site.build(NOW);
    let source = std::fs::read(site.root().join("content/images/hop-bao.svg")).unwrap();
    assert_eq!(std::fs::read(out.join("images/hop-bao.svg")).unwrap(), source);
    // Markdown files are pages, never copied as they are.
    assert!(!out.join("gioi-thieu.md").exists());
    assert!(!out.join("tin-tuc/2022/hop-bao-quy-1.md").exists());
}

#[test]
fn article_page_shows_title_date_areas_tags_and_breadcrumbs() {
    let site = Site::new("basic");
    site.build(NOW);
    let html = site.read("tin-tuc/2022/hop-bao-quy-1/index.html");
    let page = "/tin-tuc/2022/hop-bao-quy-1/";
    let main = main_part(&html);
    assert!(main.contains("<h1>Họp báo cải cách hành chính quý I</h1>"), "{main}");
    // 2022-01-14 was a Friday.
    assert!(main.contains("Thứ Sáu, 14/01/2022"), "{main}");
    let links = anchors(main, page);
    let has = |href: &str, text: &str| links.iter().any(|a| a.href == href && a.text == text);
    assert!(has("/linh-vuc/the-che/", "Cải cách thể chế"), "{links:#?}");
    assert!(has("/linh-vuc/thu-tuc-hanh-chinh/", "Cải cách thủ tục hành chính"), "{links:#?}");
    assert!(has("/chu-de/dich-vu-cong-truc-tuyen/", "Dịch vụ công trực tuyến"), "{links:#?}");
    assert!(has("/chu-de/mot-cua/", "một cửa"), "{links:#?}");
    assert!(has("/don-vi/so-noi-vu/", "Sở Nội vụ"), "{links:#?}");
    // The body: a link to another article's .md file and an image from content/.
    assert!(has("/ket-qua/chi-so-par-index/", "kết quả chỉ số PAR INDEX"), "{links:#?}");
    assert!(has("/gioi-thieu/", "giới thiệu"), "{links:#?}");
    assert!(tags(main, "img").iter().any(|t| t.get("src").and_then(|s| resolve(page, s)).as_deref() == Some("/images/hop-bao.svg")
        && t.get("alt") == Some("Quang cảnh họp báo")));

    let crumbs = anchors(part(&html, "breadcrumbs", "</nav>"), page);
    let crumbs: Vec<(&str, &str)> = crumbs.iter().map(|a| (a.href.as_str(), a.text.as_str())).collect();
    assert_eq!(crumbs, [("/", "Trang chủ"), ("/tin-tuc/", "Tin tức")]);
    assert!(part(&html, "breadcrumbs", "</nav>").contains("Họp báo cải cách hành chính quý I"));
}

#[test]
fn article_page_links_previous_and_next_within_its_section() {
    let site = Site::new("basic");
    site.build(NOW);
    let rel = |file: &str, rel: &str| -> Vec<String> {
        anchors(main_part(&site.read(file)), &page_url("/", file)).into_iter().filter(|a| a.rel == rel).map(|a| a.href).collect()
    };
    // tin-tuc, oldest first: ra-mat (10/01) → hop-bao (14/01) → hoi-nghi (18/02).
    let middle = "tin-tuc/2022/hop-bao-quy-1/index.html";
    assert_eq!(rel(middle, "prev"), ["/tin-tuc/2022/ra-mat-bo-phan-mot-cua/"]);
    assert_eq!(rel(middle, "next"), ["/tin-tuc/2022/hoi-nghi-truc-tuyen/"]);
    let oldest = "tin-tuc/2022/ra-mat-bo-phan-mot-cua/index.html";
    assert!(rel(oldest, "prev").is_empty());
    assert_eq!(rel(oldest, "next"), ["/tin-tuc/2022/hop-bao-quy-1/"]);
    // The newest of tin-tuc has no next, although ket-qua has a newer article.
    let newest = "tin-tuc/2022/hoi-nghi-truc-tuyen/index.html";
    assert_eq!(rel(newest, "prev"), ["/tin-tuc/2022/hop-bao-quy-1/"]);
    assert!(rel(newest, "next").is_empty());
    // Alone in its section: no neighbours at all.
    let alone = "ket-qua/chi-so-par-index/index.html";
    assert!(rel(alone, "prev").is_empty() && rel(alone, "next").is_empty());
}

#[test]
fn article_page_has_open_graph_and_json_ld() {
    let site = Site::new("basic");
    site.build(NOW);
    let html = site.read("tin-tuc/2022/hop-bao-quy-1/index.html");
    let permalink = "https://cchc.example.gov.vn/tin-tuc/2022/hop-bao-quy-1/";
    assert_eq!(meta(&html, "og:type").as_deref(), Some("article"));
    assert_eq!(meta(&html, "og:title").as_deref(), Some("Họp báo cải cách hành chính quý I"));
    assert_eq!(meta(&html, "og:url").as_deref(), Some(permalink));
    assert_eq!(meta(&html, "og:description").as_deref(), Some("Sở Nội vụ thông tin về kết quả cải cách hành chính quý I."));
    assert_eq!(meta(&html, "og:locale").as_deref(), Some("vi_VN"));
    assert!(tags(&html, "link").iter().any(|t| t.get("rel") == Some("canonical") && t.get("href") == Some(permalink)));

    let ld = json_ld(&html);
    assert_eq!(ld["@type"], "NewsArticle", "{ld}");
    assert_eq!(ld["headline"], "Họp báo cải cách hành chính quý I", "{ld}");
    assert_eq!(ld["datePublished"], "2022-01-14T09:00:00+07:00", "{ld}");
    assert_eq!(ld["url"], permalink, "{ld}");
    assert_eq!(ld["publisher"]["@type"], "GovernmentOrganization", "{ld}");
    assert_eq!(ld["publisher"]["name"], "UBND thành phố Hà Nội", "{ld}");
}

#[test]
fn home_page_links_to_the_latest_articles_newest_first() {
    let site = Site::new("basic");
    site.build(NOW);
    let home = site.read("index.html");
    let main = main_part(&home);
    let order = [
        "/ket-qua/chi-so-par-index/",
        "/tin-tuc/2022/hoi-nghi-truc-tuyen/",
        "/tin-tuc/2022/hop-bao-quy-1/",
        "/tin-tuc/2022/ra-mat-bo-phan-mot-cua/",
    ];
    // Positions of the first link to each, in document order.
    let linked = hrefs(main, "/");
    let positions: Vec<usize> = order
        .iter()
        .map(|url| linked.iter().position(|h| h == url).unwrap_or_else(|| panic!("home does not link to {url}: {linked:?}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "home lists the articles out of order: {positions:?}");
    assert!(main.contains("Thứ Ba, 01/03/2022"), "dates on the home page");
    // The areas, with links to their pages.
    assert!(linked.contains(&"/linh-vuc/the-che/".to_string()));
}

#[test]
fn section_area_tag_and_unit_lists_link_their_articles() {
    let site = Site::new("basic");
    site.build(NOW);
    let listed = |file: &str| -> BTreeSet<String> {
        hrefs(main_part(&site.read(file)), &page_url("/", file))
            .into_iter()
            .filter(|h| h.starts_with("/tin-tuc/2022/") || h.starts_with("/ket-qua/chi-so"))
            .collect()
    };
    let set = |urls: &[&str]| urls.iter().map(|u| u.to_string()).collect::<BTreeSet<_>>();
    let hop_bao = "/tin-tuc/2022/hop-bao-quy-1/";
    let ra_mat = "/tin-tuc/2022/ra-mat-bo-phan-mot-cua/";
    let hoi_nghi = "/tin-tuc/2022/hoi-nghi-truc-tuyen/";
    let par = "/ket-qua/chi-so-par-index/";
    assert_eq!(listed("tin-tuc/index.html"), set(&[hop_bao, ra_mat, hoi_nghi]));
    assert_eq!(listed("ket-qua/index.html"), set(&[par]));
    assert_eq!(listed("linh-vuc/the-che/index.html"), set(&[hop_bao, par]));
    assert_eq!(listed("linh-vuc/thu-tuc-hanh-chinh/index.html"), set(&[hop_bao, ra_mat, hoi_nghi]));
    assert_eq!(listed("chu-de/mot-cua/index.html"), set(&[hop_bao, ra_mat]));
    assert_eq!(listed("chu-de/dich-vu-cong-truc-tuyen/index.html"), set(&[hop_bao]));
    assert_eq!(listed("don-vi/so-noi-vu/index.html"), set(&[hop_bao]));
    assert_eq!(listed("don-vi/so-tu-phap/index.html"), set(&[hoi_nghi]));

    // The section title comes from _index.md, its description from the body.
    let section = site.read("tin-tuc/index.html");
    assert!(main_part(&section).contains("Tin tức"));
    assert!(main_part(&section).contains("Tin hoạt động cải cách hành chính."));

    // The indexes link each area, tag and unit by name.
    let has = |file: &str, href: &str, text: &str| {
        let links = anchors(main_part(&site.read(file)), &page_url("/", file));
        assert!(links.iter().any(|a| a.href == href && a.text.contains(text)), "{file} has no link {href} {text:?}: {links:#?}");
    };
    has("linh-vuc/index.html", "/linh-vuc/the-che/", "Cải cách thể chế");
    has("linh-vuc/index.html", "/linh-vuc/thu-tuc-hanh-chinh/", "Cải cách thủ tục hành chính");
    has("chu-de/index.html", "/chu-de/mot-cua/", "một cửa");
    has("chu-de/index.html", "/chu-de/dich-vu-cong-truc-tuyen/", "Dịch vụ công trực tuyến");
    has("don-vi/index.html", "/don-vi/so-noi-vu/", "Sở Nội vụ");
    has("don-vi/index.html", "/don-vi/so-tu-phap/", "Sở Tư pháp");
}

// ---------------------------------------------------------------------------
// 2. Slugs.
// ---------------------------------------------------------------------------

#[test]
fn d_with_stroke_and_diacritics_become_ascii_in_urls() {
    let site = Site::new("vietnamese-slugs");
    site.build(NOW);
    // content/tin-tuc/Đẩy mạnh cải cách.md, tagged "Đề án 06".
    assert!(site.exists("tin-tuc/day-manh-cai-cach/index.html"));
    assert!(site.exists("chu-de/de-an-06/index.html"));
    let tag_page = site.read("chu-de/de-an-06/index.html");
    assert!(main_part(&tag_page).contains("<h1>Đề án 06</h1>"), "{}", main_part(&tag_page));
    assert!(hrefs(main_part(&tag_page), "/chu-de/de-an-06/").contains(&"/tin-tuc/day-manh-cai-cach/".to_string()));
}

#[test]
fn slug_in_front_matter_overrides_the_file_name() {
    let site = Site::new("vietnamese-slugs");
    site.build(NOW);
    // content/tin-tuc/bai-viet-so-2.md with slug: "Giao ban CCHC quý I".
    assert!(site.exists("tin-tuc/giao-ban-cchc-quy-i/index.html"));
    assert!(!site.exists("tin-tuc/bai-viet-so-2/index.html"));
    assert!(hrefs(&site.read("tin-tuc/index.html"), "/tin-tuc/").contains(&"/tin-tuc/giao-ban-cchc-quy-i/".to_string()));
}

/// An article written with the given normalisation form of its file name,
/// title and tag.
fn write_article(site: &Site, form: impl Fn(&str) -> String) {
    let name = form("Ứng dụng dữ liệu dân cư");
    let text = form(
        "---\ntitle: \"Ứng dụng dữ liệu dân cư trong giải quyết thủ tục\"\ndate: 2022-05-20\nareas: [the-che]\ntags: [\"Đề án 06\", \"Dịch vụ công trực tuyến\"]\n---\n\nCông dân dùng căn cước gắn chíp để làm thủ tục.\n",
    );
    site.write(&format!("content/tin-tuc/{name}.md"), &text);
}

#[test]
fn nfd_file_name_title_and_tag_give_the_same_site_as_nfc() {
    let nfd = |s: &str| s.nfd().collect::<String>();
    let nfc = |s: &str| s.nfc().collect::<String>();
    assert_ne!(nfd("Ứng dụng"), nfc("Ứng dụng"), "the test needs decomposed text");

    let composed = Site::new("vietnamese-slugs");
    write_article(&composed, nfc);
    let decomposed = Site::new("vietnamese-slugs");
    write_article(&decomposed, nfd);
    assert!(decomposed.root().join(format!("content/tin-tuc/{}.md", nfd("Ứng dụng dữ liệu dân cư"))).is_file());

    composed.build(NOW);
    decomposed.build(NOW);

    assert!(decomposed.exists("tin-tuc/ung-dung-du-lieu-dan-cu/index.html"));
    // The NFD tag "Đề án 06" joins the fixture's NFC one: one tag page, two articles.
    let tag_page = decomposed.read("chu-de/de-an-06/index.html");
    let listed = hrefs(main_part(&tag_page), "/chu-de/de-an-06/");
    assert!(listed.contains(&"/tin-tuc/ung-dung-du-lieu-dan-cu/".to_string()), "{listed:?}");
    assert!(listed.contains(&"/tin-tuc/day-manh-cai-cach/".to_string()), "{listed:?}");
    let mut tag_dirs: Vec<String> = std::fs::read_dir(decomposed.out().join("chu-de"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    tag_dirs.sort();
    assert_eq!(tag_dirs, ["de-an-06", "dich-vu-cong-truc-tuyen"]);

    // All output is NFC.
    let article = decomposed.read("tin-tuc/ung-dung-du-lieu-dan-cu/index.html");
    assert!(article.contains("Ứng dụng dữ liệu dân cư trong giải quyết thủ tục"));
    for (path, bytes) in snapshot(&decomposed.out()) {
        if let Ok(text) = String::from_utf8(bytes) {
            assert!(text == nfc(&text), "{path} is not NFC");
        }
    }

    // Byte for byte the same site.
    let a = snapshot(&composed.out());
    let b = snapshot(&decomposed.out());
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{path} differs between the NFC and the NFD site");
    }
}

#[test]
fn nfd_folder_name_gives_an_nfc_section() {
    // Saved on a system that stores file names decomposed, without _index.md:
    // the section's title is its folder name, and must be NFC like all output.
    let nfd = |s: &str| s.nfd().collect::<String>();
    let site = Site::new("vietnamese-slugs");
    site.write(
        &format!("content/{}/ung-dung.md", nfd("Tin nổi bật")),
        "---\ntitle: \"Ứng dụng dữ liệu dân cư\"\ndate: 2022-05-20\nareas: [the-che]\n---\n\nNội dung.\n",
    );
    site.build(NOW);
    assert!(site.exists("tin-noi-bat/ung-dung/index.html"));
    let section = site.read("tin-noi-bat/index.html");
    assert!(main_part(&section).contains("Tin nổi bật"), "the section title is not the NFC folder name");
    let not_nfc: Vec<String> = snapshot(&site.out())
        .into_iter()
        .filter_map(|(path, bytes)| String::from_utf8(bytes).ok().filter(|t| t.nfc().collect::<String>() != *t).map(|_| path))
        .collect();
    assert!(not_nfc.is_empty(), "files with NFD text: {not_nfc:?}");
}

#[test]
fn nfc_link_to_an_nfd_named_file_resolves() {
    // The author types the link (NFC); the file name on disk is decomposed.
    let nfd = |s: &str| s.nfd().collect::<String>();
    let site = Site::new("vietnamese-slugs");
    site.write(
        &format!("content/tin-tuc/{}.md", nfd("Ứng dụng dữ liệu")),
        "---\ntitle: \"Ứng dụng dữ liệu dân cư\"\ndate: 2022-05-20\nareas: [the-che]\n---\n\nNội dung.\n",
    );
    site.write("content/gioi-thieu.md", "---\ntitle: \"Giới thiệu\"\n---\n\nXem [bài mới](<tin-tuc/Ứng dụng dữ liệu.md>).\n");
    let opts = site.options(NOW);
    if let Err(loa::Failure::Content(d) | loa::Failure::Output(_, d)) = loa::build(&opts) {
        panic!("an NFC link to an NFD file name should resolve:\n{}", d.report());
    }
    let page = site.read("gioi-thieu/index.html");
    assert!(anchors(main_part(&page), "/gioi-thieu/").iter().any(|a| a.href == "/tin-tuc/ung-dung-du-lieu/"), "{}", main_part(&page));
}

// ---------------------------------------------------------------------------
// 3. Pagination (per_page: 2).
// ---------------------------------------------------------------------------

fn has_rel(html: &str, rel: &str) -> bool {
    tags(html, "a").iter().chain(tags(html, "link").iter()).any(|t| t.get("rel").is_some_and(|r| r.split_whitespace().any(|x| x == rel)))
}

#[test]
fn exactly_per_page_articles_make_one_page() {
    let site = Site::new("pagination");
    site.build(NOW);
    for list in ["tin-tuc/", "linh-vuc/the-che/"] {
        let html = site.read(&format!("{list}index.html"));
        assert!(!site.exists(&format!("{list}trang/2/index.html")), "{list}trang/2/ with only per_page articles");
        assert!(!site.exists(&format!("{list}trang/1/index.html")), "page 1 is the list itself");
        assert!(!has_rel(&html, "prev") && !has_rel(&html, "next"), "{list} has pagination links");
        let links = hrefs(main_part(&html), &format!("/{list}"));
        assert!(links.contains(&"/tin-tuc/ban-tin-so-1/".to_string()) && links.contains(&"/tin-tuc/ban-tin-so-2/".to_string()));
    }
}

#[test]
fn one_article_more_than_per_page_makes_a_second_page() {
    let site = Site::new("pagination");
    site.write(
        "content/tin-tuc/ban-tin-so-3.md",
        "---\ntitle: \"Bản tin cải cách hành chính số 3\"\ndate: 2022-03-15\nareas: [the-che]\n---\n\nBản tin số 3.\n",
    );
    site.build(NOW);
    for list in ["/tin-tuc/", "/linh-vuc/the-che/"] {
        let rel = list.trim_start_matches('/');
        let first = site.read(&format!("{rel}index.html"));
        let second = site.read(&format!("{rel}trang/2/index.html"));
        assert!(!site.exists(&format!("{rel}trang/3/index.html")));

        // Newest first: 3 and 2 on page 1, 1 on page 2.
        let (first_url, second_url) = (list.to_string(), format!("{list}trang/2/"));
        let on_first = hrefs(main_part(&first), &first_url);
        let on_second = hrefs(main_part(&second), &second_url);
        assert!(on_first.contains(&"/tin-tuc/ban-tin-so-3/".to_string()), "{list}: {on_first:?}");
        assert!(on_first.contains(&"/tin-tuc/ban-tin-so-2/".to_string()), "{list}: {on_first:?}");
        assert!(!on_first.contains(&"/tin-tuc/ban-tin-so-1/".to_string()), "{list}: {on_first:?}");
        assert!(on_second.contains(&"/tin-tuc/ban-tin-so-1/".to_string()), "{list}: {on_second:?}");
        assert!(!on_second.contains(&"/tin-tuc/ban-tin-so-2/".to_string()), "{list}: {on_second:?}");

        // Page 1 has no previous page, the last page no next one.
        assert!(!has_rel(&first, "prev"), "{list} page 1 has rel=prev");
        assert!(has_rel(&first, "next"), "{list} page 1 has no rel=next");
        assert!(!has_rel(&second, "next"), "{list} last page has rel=next");
        assert!(has_rel(&second, "prev"), "{list} page 2 has no rel=prev");
        let next: Vec<String> = anchors(&first, &first_url).into_iter().filter(|a| a.rel == "next").map(|a| a.href).collect();
        assert_eq!(next, [format!("{list}trang/2/")]);
        let prev: Vec<String> = anchors(&second, &second_url).into_iter().filter(|a| a.rel == "prev").map(|a| a.href).collect();
        assert_eq!(prev, [list.to_string()], "page 2 goes back to the list itself, not to trang/1/");
    }
}

// ---------------------------------------------------------------------------
// 4. Drafts and future articles.
// ---------------------------------------------------------------------------

const DRAFT: &str = "tin-tuc/ban-nhap/";
const FUTURE: &str = "tin-tuc/sap-dang/";
/// Where a published article shows: lists, feeds, sitemap.
const LISTINGS: &[&str] = &[
    "index.html",
    "tin-tuc/index.html",
    "linh-vuc/the-che/index.html",
    "chu-de/mot-cua/index.html",
    "rss.xml",
    "tin-tuc/rss.xml",
    "linh-vuc/the-che/rss.xml",
    "chu-de/mot-cua/rss.xml",
    "sitemap.xml",
];

fn assert_listed(site: &Site, path: &str) {
    assert!(site.exists(&format!("{path}index.html")), "/{path} was not built");
    for file in LISTINGS {
        assert!(site.read(file).contains(path), "{file} does not list /{path}");
    }
}

fn assert_left_out(site: &Site, path: &str, title: &str) {
    assert!(!site.exists(path), "/{path} was built");
    let slug = path.trim_end_matches('/').rsplit('/').next().unwrap();
    assert_eq!(files_mentioning(&site.out(), slug), Vec::<String>::new(), "files mention {slug}");
    assert_eq!(files_mentioning(&site.out(), title), Vec::<String>::new(), "files mention {title:?}");
}

#[test]
fn drafts_and_future_articles_are_left_out_by_default() {
    let site = Site::new("drafts-future");
    site.build(NOW);
    assert_listed(&site, "tin-tuc/da-dang/");
    assert_left_out(&site, DRAFT, "Bản nháp chưa duyệt");
    assert_left_out(&site, FUTURE, "Thông báo lịch tiếp công dân tháng 9");
    // Tags used only by them get no page and no mention.
    assert!(!site.exists("chu-de/gop-y-noi-bo/index.html"));
    assert!(!site.exists("chu-de/tiep-cong-dan/index.html"));
    assert_eq!(files_mentioning(&site.out(), "Góp ý nội bộ"), Vec::<String>::new());
    assert_eq!(files_mentioning(&site.out(), "Tiếp công dân"), Vec::<String>::new());
}

#[test]
fn drafts_build_with_the_drafts_option() {
    let site = Site::new("drafts-future");
    let mut opts = site.options(NOW);
    opts.drafts = true;
    site.build_with(opts);
    assert_listed(&site, "tin-tuc/da-dang/");
    assert_listed(&site, DRAFT);
    assert!(site.read("chu-de/gop-y-noi-bo/index.html").contains(DRAFT));
    assert_left_out(&site, FUTURE, "Thông báo lịch tiếp công dân tháng 9");
    assert!(!site.exists("chu-de/tiep-cong-dan/index.html"));
}

#[test]
fn future_articles_build_with_the_future_option() {
    let site = Site::new("drafts-future");
    let mut opts = site.options(NOW);
    opts.future = true;
    site.build_with(opts);
    assert_listed(&site, FUTURE);
    assert!(site.read("chu-de/tiep-cong-dan/index.html").contains(FUTURE));
    assert_left_out(&site, DRAFT, "Bản nháp chưa duyệt");
    assert!(!site.exists("chu-de/gop-y-noi-bo/index.html"));
}

#[test]
fn a_future_article_is_published_once_its_time_has_come() {
    let site = Site::new("drafts-future");
    // Dated 2022-09-01 08:00: not at 07:59, yes at 08:00.
    site.build("2022-09-01T07:59");
    assert!(!site.exists(FUTURE));
    site.build("2022-09-01T08:00");
    assert_listed(&site, FUTURE);
}

#[test]
fn drafts_and_future_flags_of_the_binary() {
    let site = Site::new("drafts-future");
    let out = site.loa(&["build", "--now", NOW, "--drafts", "--future"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_listed(&site, DRAFT);
    assert_listed(&site, FUTURE);
    let out = site.loa(&["build", "--now", NOW]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(!site.exists(DRAFT) && !site.exists(FUTURE));
}

// ---------------------------------------------------------------------------
// 5. Feeds.
// ---------------------------------------------------------------------------

struct Item {
    title: String,
    link: String,
    guid: String,
    guid_is_permalink: Option<String>,
    pub_date: String,
    description: String,
    content: Option<String>,
}

fn feed(site: &Site, file: &str) -> (Element, Vec<Item>) {
    let rss = parse_xml(&site.read(file));
    assert_eq!(rss.name, "rss");
    assert_eq!(rss.attrs.get("version").map(String::as_str), Some("2.0"));
    let channel = rss.child("channel").clone();
    let items = channel
        .all("item")
        .map(|item| Item {
            title: item.text_of("title").to_string(),
            link: item.text_of("link").to_string(),
            guid: item.text_of("guid").to_string(),
            guid_is_permalink: item.child("guid").attrs.get("isPermaLink").cloned(),
            pub_date: item.text_of("pubDate").to_string(),
            description: item.text_of("description").to_string(),
            content: item.has("content:encoded").then(|| item.text_of("content:encoded").to_string()),
        })
        .collect();
    (channel, items)
}

fn check_items(items: &[Item]) {
    let mut previous: Option<chrono::DateTime<chrono::FixedOffset>> = None;
    for item in items {
        assert!(item.link.starts_with(BASE), "item link {} is not under {BASE}", item.link);
        assert_eq!(item.guid, item.link, "guid of {}", item.title);
        assert_eq!(item.guid_is_permalink.as_deref(), Some("true"));
        assert!(item.pub_date.ends_with(" +0700"), "pubDate {:?} is not in +0700", item.pub_date);
        let date = chrono::DateTime::parse_from_rfc2822(&item.pub_date)
            .unwrap_or_else(|e| panic!("pubDate {:?} is not RFC 2822: {e}", item.pub_date));
        if let Some(previous) = previous {
            assert!(date <= previous, "items are not newest first: {} after an older one", item.title);
        }
        previous = Some(date);
        let content = item.content.as_deref().unwrap_or_else(|| panic!("{} has no content:encoded", item.title));
        assert!(!content.contains("href=\"/") && !content.contains("src=\"/"), "relative URLs in content:encoded: {content}");
    }
}

#[test]
fn site_feed_has_the_latest_articles_with_absolute_links() {
    let site = Site::new("basic");
    site.build(NOW);
    let (channel, items) = feed(&site, "rss.xml");
    assert_eq!(channel.text_of("title"), "Cải cách hành chính Hà Nội");
    assert_eq!(channel.text_of("link"), BASE);
    assert_eq!(channel.text_of("description"), "Thông tin, tuyên truyền về cải cách hành chính nhà nước");
    check_items(&items);

    // feed_limit: 3 of the 4 articles, the oldest left out.
    let links: Vec<&str> = items.iter().map(|i| i.link.as_str()).collect();
    assert_eq!(
        links,
        [
            "https://cchc.example.gov.vn/ket-qua/chi-so-par-index/",
            "https://cchc.example.gov.vn/tin-tuc/2022/hoi-nghi-truc-tuyen/",
            "https://cchc.example.gov.vn/tin-tuc/2022/hop-bao-quy-1/",
        ]
    );

    let hop_bao = &items[2];
    assert_eq!(hop_bao.title, "Họp báo cải cách hành chính quý I");
    assert_eq!(hop_bao.pub_date, "Fri, 14 Jan 2022 09:00:00 +0700");
    // description is the summary of the front matter …
    assert_eq!(hop_bao.description, "Sở Nội vụ thông tin về kết quả cải cách hành chính quý I.");
    // … or else the first paragraph.
    assert_eq!(items[1].description, "Hội nghị trực tuyến với các quận, huyện, thị xã.");
    // content:encoded is the HTML of the whole article, with absolute URLs.
    let content = hop_bao.content.as_deref().unwrap();
    assert!(content.contains("<p>Sáng 14/1/2022, Sở Nội vụ tổ chức họp báo về cải cách hành chính.</p>"), "{content}");
    assert!(content.contains("src=\"https://cchc.example.gov.vn/images/hop-bao.svg\""), "{content}");
    assert!(content.contains("href=\"https://cchc.example.gov.vn/ket-qua/chi-so-par-index/\""), "{content}");
    assert!(content.contains("href=\"https://cchc.example.gov.vn/gioi-thieu/\""), "{content}");
}

#[test]
fn area_feed_has_only_the_articles_of_its_area() {
    let site = Site::new("basic");
    site.build(NOW);
    let (channel, items) = feed(&site, "linh-vuc/the-che/rss.xml");
    assert!(channel.text_of("title").contains("Cải cách thể chế"), "{}", channel.text_of("title"));
    assert_eq!(channel.text_of("link"), "https://cchc.example.gov.vn/linh-vuc/the-che/");
    assert_eq!(channel.text_of("description"), "Hoàn thiện hệ thống văn bản quy phạm pháp luật.");
    check_items(&items);
    let links: Vec<&str> = items.iter().map(|i| i.link.as_str()).collect();
    assert_eq!(links, ["https://cchc.example.gov.vn/ket-qua/chi-so-par-index/", "https://cchc.example.gov.vn/tin-tuc/2022/hop-bao-quy-1/"]);

    // An area with as many articles as feed_limit.
    let (_, items) = feed(&site, "linh-vuc/thu-tuc-hanh-chinh/rss.xml");
    check_items(&items);
    assert_eq!(items.len(), 3);
}

#[test]
fn feed_limit_caps_every_feed() {
    let site = Site::new("basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &yaml.replace("feed_limit: 3", "feed_limit: 1"));
    site.build(NOW);
    for file in ["rss.xml", "linh-vuc/thu-tuc-hanh-chinh/rss.xml", "tin-tuc/rss.xml", "chu-de/mot-cua/rss.xml"] {
        let (_, items) = feed(&site, file);
        assert_eq!(items.len(), 1, "{file}");
    }
    let (_, items) = feed(&site, "tin-tuc/rss.xml");
    assert_eq!(items[0].link, "https://cchc.example.gov.vn/tin-tuc/2022/hoi-nghi-truc-tuyen/", "the newest one");
}

// ---------------------------------------------------------------------------
// 6. Sitemap.
// ---------------------------------------------------------------------------

fn sitemap_locs(site: &Site) -> Vec<String> {
    let urlset = parse_xml(&site.read("sitemap.xml"));
    assert_eq!(urlset.name, "urlset");
    assert_eq!(urlset.attrs.get("xmlns").map(String::as_str), Some("http://www.sitemaps.org/schemas/sitemap/0.9"));
    urlset.all("url").map(|u| u.text_of("loc").to_string()).collect()
}

#[test]
fn sitemap_lists_every_article_with_absolute_urls() {
    let site = Site::new("basic");
    site.build(NOW);
    let locs = sitemap_locs(&site);
    for loc in &locs {
        assert!(loc.starts_with(BASE), "{loc} is not under {BASE}");
        let path = &loc[BASE.len() - 1..];
        assert!(target_exists(&site.out(), path), "the sitemap lists {loc}, which was not built");
        assert!(!loc.contains("/to-roi/"), "leaflet in the sitemap: {loc}");
        assert!(!loc.ends_with("404.html"), "404 page in the sitemap");
    }
    let unique: BTreeSet<&String> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len(), "duplicate <loc>");
    for path in [
        "",
        "tin-tuc/2022/hop-bao-quy-1/",
        "tin-tuc/2022/ra-mat-bo-phan-mot-cua/",
        "tin-tuc/2022/hoi-nghi-truc-tuyen/",
        "ket-qua/chi-so-par-index/",
        "gioi-thieu/",
        "tin-tuc/",
        "linh-vuc/the-che/",
        "chu-de/mot-cua/",
        "don-vi/so-noi-vu/",
    ] {
        assert!(locs.contains(&format!("{BASE}{path}")), "the sitemap misses /{path}");
    }
    assert!(site.exists("tin-tuc/2022/hop-bao-quy-1/to-roi/index.html"), "leaflets are built, only not listed");
}

#[test]
fn sitemap_leaves_out_drafts_and_future_articles() {
    let site = Site::new("drafts-future");
    site.build(NOW);
    let locs = sitemap_locs(&site);
    assert!(locs.contains(&format!("{BASE}tin-tuc/da-dang/")));
    assert!(!locs.iter().any(|l| l.contains("ban-nhap") || l.contains("sap-dang")), "{locs:#?}");
}

// ---------------------------------------------------------------------------
// 7. Base path.
// ---------------------------------------------------------------------------

#[test]
fn every_link_stays_under_the_base_path() {
    let site = Site::new("base-path");
    let out = site.build(NOW);
    let pages = html_pages(&out);
    assert!(pages.len() > 10);
    let check = check_links(&out, "/cchc/");
    assert!(check.checked > 100, "only {} URLs found", check.checked);
    assert!(check.checked_404 >= 5, "only {} root-relative links in 404.html", check.checked_404);
    assert!(check.pages_without_links.is_empty(), "pages without links: {:?}", check.pages_without_links);
    assert!(check.wrong.is_empty(), "URLs without /cchc/:\n{}", check.wrong.join("\n"));
    // Relative links, except on the 404 page, whose links keep /cchc/.
    assert_links_relative_except_404(&out, "/cchc/");
}

#[test]
fn markdown_links_resolve_under_the_base_path() {
    let site = Site::new("base-path");
    site.build(NOW);
    // content/gioi-thieu.md: [tin họp báo](tin-tuc/hop-bao.md), [bản tin](/tin-tuc/hop-bao.md).
    let page = site.read("gioi-thieu/index.html");
    let links: Vec<Anchor> = anchors(main_part(&page), "/cchc/gioi-thieu/");
    assert!(links.iter().any(|a| a.href == "/cchc/tin-tuc/hop-bao/" && a.text == "tin họp báo"), "{links:#?}");
    assert!(links.iter().any(|a| a.href == "/cchc/tin-tuc/hop-bao/" && a.text == "bản tin mới nhất"), "{links:#?}");
    // A link carries its absolute address too, for the print stylesheet.
    let page_links = tags(main_part(&page), "a");
    let data_urls: Vec<(Option<&str>, Option<&str>)> =
        page_links.iter().map(|t| (t.get("href"), t.get("data-url"))).filter(|(_, d)| d.is_some()).collect();
    // Only the first of two links to the same page: print writes an address once (issue 14).
    assert_eq!(data_urls, [(Some("../tin-tuc/hop-bao/"), Some("https://example.gov.vn/cchc/tin-tuc/hop-bao/"))], "{}", main_part(&page));
    // content/tin-tuc/hop-bao.md: [giới thiệu](../gioi-thieu.md) and an image from /images/.
    let article = site.read("tin-tuc/hop-bao/index.html");
    let main = main_part(&article);
    assert!(anchors(main, "/cchc/tin-tuc/hop-bao/").iter().any(|a| a.href == "/cchc/gioi-thieu/" && a.text == "giới thiệu"));
    assert!(img_srcs(main, "/cchc/tin-tuc/hop-bao/").contains(&"/cchc/images/hop-bao.svg".to_string()));
    // The cover image, absolute for sharing.
    assert_eq!(meta(&article, "og:image").as_deref(), Some("https://example.gov.vn/cchc/images/hop-bao.svg"));
    assert_eq!(meta(&article, "og:url").as_deref(), Some("https://example.gov.vn/cchc/tin-tuc/hop-bao/"));
    // Markdown in content/calendar.yaml: the activity's description.
    let activity = site.read("lich/hop-bao-dinh-ky/index.html");
    assert!(
        anchors(main_part(&activity), "/cchc/lich/hop-bao-dinh-ky/")
            .iter()
            .any(|a| a.href == "/cchc/tin-tuc/hop-bao/" && a.text == "tin họp báo")
    );
}

/// Inline code that shows a link is text: neither the page (relative links)
/// nor the feed (absolute links) rewrites it.
#[test]
fn links_shown_in_inline_code_are_kept_as_written() {
    let site = Site::new("base-path");
    site.build(NOW);
    let shown = [r#"<code>&lt;a href="/cchc/lich/"&gt;</code>"#, r#"<code>&lt;img src="/cchc/images/hop-bao.svg"&gt;</code>"#];
    let article = site.read("tin-tuc/hop-bao/index.html");
    for code in shown {
        assert!(main_part(&article).contains(code), "{code} not in {}", main_part(&article));
    }
    // The real links of the same page are relative.
    assert!(img_srcs(main_part(&article), "/cchc/tin-tuc/hop-bao/").contains(&"/cchc/images/hop-bao.svg".to_string()));
    assert!(!tags(main_part(&article), "img").iter().any(|t| t.get("src").is_some_and(|s| s.starts_with('/'))));
    let rss = parse_xml(&site.read("rss.xml"));
    let content = rss.child("channel").child("item").text_of("content:encoded").to_string();
    for code in shown {
        assert!(content.contains(code), "{code} not in {content}");
    }
    assert!(content.contains("src=\"https://example.gov.vn/cchc/images/hop-bao.svg\""), "{content}");
}

#[test]
fn feeds_sitemap_and_robots_use_the_base_path() {
    let site = Site::new("base-path");
    site.build(NOW);
    let base = "https://example.gov.vn/cchc/";
    let rss = parse_xml(&site.read("rss.xml"));
    let channel = rss.child("channel");
    assert_eq!(channel.text_of("link"), base);
    let item = channel.child("item");
    assert_eq!(item.text_of("link"), "https://example.gov.vn/cchc/tin-tuc/hop-bao/");
    let content = item.text_of("content:encoded");
    assert!(content.contains("href=\"https://example.gov.vn/cchc/gioi-thieu/\""), "{content}");
    assert!(content.contains("src=\"https://example.gov.vn/cchc/images/hop-bao.svg\""), "{content}");
    assert!(!content.contains("/cchc/cchc/"), "{content}");
    for loc in sitemap_locs(&site) {
        assert!(loc.starts_with(base), "{loc}");
    }
    assert!(site.read("robots.txt").contains("Sitemap: https://example.gov.vn/cchc/sitemap.xml"));
}

// ---------------------------------------------------------------------------
// 9. The output folder is replaced whole.
// ---------------------------------------------------------------------------

#[test]
fn a_good_build_removes_pages_of_deleted_articles_and_stray_files() {
    let site = Site::new("basic");
    site.build(NOW);
    assert!(site.exists("tin-tuc/2022/ra-mat-bo-phan-mot-cua/index.html"));
    site.write("public/tep-cu.txt", "tệp còn sót lại");

    site.remove("content/tin-tuc/2022/ra-mat-bo-phan-mot-cua.md");
    site.build(NOW);
    assert!(!site.out().join("tin-tuc/2022/ra-mat-bo-phan-mot-cua").exists(), "stale article folder");
    assert!(!site.exists("tep-cu.txt"), "stray file kept");
    assert_eq!(files_mentioning(&site.out(), "ra-mat-bo-phan-mot-cua"), Vec::<String>::new());
    assert!(site.exists("tin-tuc/2022/hop-bao-quy-1/index.html"));
    // No staging folders are left next to the output: only the spare, the
    // output the build replaced, readable by its owner only.
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("loa"))
        .collect();
    assert_eq!(leftovers, [".public.loa-spare"]);
    let spare = site.root().join(".public.loa-spare");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&spare).unwrap().permissions().mode() & 0o777, 0o700);
    assert!(spare.join("tep-cu.txt").exists(), "the spare is the replaced output");
    // The next build is made of the spare: what it held that is not built
    // is not published.
    site.build(NOW);
    assert!(!site.exists("tep-cu.txt"), "stray file back from the spare");
    assert!(!site.out().join("tin-tuc/2022/ra-mat-bo-phan-mot-cua").exists(), "stale article folder back from the spare");
    assert!(site.exists("tin-tuc/2022/hop-bao-quy-1/index.html"));
}
