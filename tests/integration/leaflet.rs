//! Printable leaflets (`…/to-roi/`) of the sample site: one per published
//! article and per reform area, linked from its page, two sheets of three
//! panels, a QR code that really opens the page (decoded with rqrr from the
//! inline SVG), and a print stylesheet for A4 landscape with a narrower flap.
//!
//! Checked twice: with the sample's own base_url and with a base URL that has
//! a path (https://example.gov.vn/cchc/).

use crate::common::{Site, links_of, read, resolve};
use loa::{BuildOptions, urls};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// After every published sample article but one (2022-09-12), so that the
/// list of leaflets has to leave out a future article as well as the draft.
const NOW: &str = "2022-09-01 12:00";
const BASE_WITH_PATH: &str = "https://example.gov.vn/cchc/";
/// Pixels per QR module when rasterizing for the decoder.
const PX: usize = 8;
/// The quiet zone the QR specification asks for, in modules.
const QUIET: u32 = 4;

// ---------------------------------------------------------------------------
// What should have a leaflet, from the content (not from the output).

struct Expected {
    base_url: String,
    base_path: String,
    /// (site path of the page, e.g. `tin-tuc/a/`, title).
    articles: Vec<(String, String)>,
    areas: Vec<(String, String)>,
}

/// Published articles by the rule of the contract, applied here rather than
/// taken from the generator's model: an article (a Markdown file in a section
/// folder) that is not a draft and not dated after the build time.
fn expected(opts: &BuildOptions) -> Expected {
    let mut diags = loa::error::Diagnostics::new();
    let (config, _) = loa::load_config(opts, &mut diags).expect("site.yaml loads");
    let content = loa::content::load_content(&opts.root, &config, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.report());
    // Borrow: the documents may be held directly or behind an Arc.
    let articles: Vec<&loa::content::Document> =
        content.documents.iter().map(std::borrow::Borrow::borrow).filter(|d: &&loa::content::Document| d.is_article()).collect();
    let is_future = |d: &&loa::content::Document| d.date.is_some_and(|date| date > opts.now);
    assert!(
        articles.iter().any(|d| d.draft) && articles.iter().any(|d| !d.draft && is_future(d)),
        "the sample site at {NOW} should have a draft and a future article (the test relies on them to check they get no leaflet)"
    );
    let mut published: Vec<(String, String)> =
        articles.iter().filter(|d| !d.draft && !is_future(d)).map(|d| (d.path.clone(), d.title.clone())).collect();
    published.sort();
    Expected {
        base_url: config.base_url.clone(),
        base_path: config.base_path.clone(),
        articles: published,
        areas: config.areas.iter().map(|a| (urls::area(&a.key), a.name.clone())).collect(),
    }
}

fn build(site: &Site, base_url: Option<&str>, out: &str) -> (PathBuf, Expected) {
    let mut opts = site.options(NOW);
    opts.base_url = base_url.map(str::to_string);
    opts.out = Some(site.root().join(out));
    let expected = expected(&opts);
    let dir = site.build_with(opts);
    (dir, expected)
}

/// Every `…/to-roi/index.html` below `dir`, as site paths (`tin-tuc/a/to-roi/`).
fn leaflet_files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() == "index.html")
        .map(|e| e.path().parent().unwrap().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .filter(|rel| rel == urls::LEAFLET || rel.ends_with(&format!("/{}", urls::LEAFLET)))
        .map(|rel| format!("{rel}/"))
        .collect()
}

// ---------------------------------------------------------------------------
// A little HTML: attributes, elements by class, nesting of div/section.

/// Text with the character references a template engine writes undone.
fn unescape(text: &str) -> String {
    [
        ("&quot;", "\""),
        ("&#34;", "\""),
        ("&#x27;", "'"),
        ("&#39;", "'"),
        ("&#x2F;", "/"),
        ("&#47;", "/"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(text.to_string(), |t, (from, to)| t.replace(from, to))
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(unescape(&tag[start..start + len]))
}

/// The text of every `<{name} class="{class}">…</{name}>` (exact class
/// attribute, no nested element of the same name).
fn texts_of(html: &str, name: &str, class: &str) -> Vec<String> {
    let open = format!("<{name} class=\"{class}\">");
    let close = format!("</{name}>");
    html.match_indices(&open)
        .filter_map(|(i, _)| {
            let start = i + open.len();
            html[start..].find(&close).map(|len| unescape(&html[start..start + len]).trim().to_string())
        })
        .collect()
}

fn classes(tag: &str) -> Vec<String> {
    attr(tag, "class").map(|c| c.split_whitespace().map(str::to_string).collect()).unwrap_or_default()
}

/// Opening tags of `name` (e.g. `svg`) whose class list contains `class`, with
/// their byte offset.
fn open_tags<'a>(html: &'a str, name: &str, class: &str) -> Vec<(usize, &'a str)> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(&open).map(|i| i + from) {
        let after = html[i + open.len()..].chars().next();
        let end = i + html[i..].find('>').expect("tag closes");
        if matches!(after, Some(' ' | '>' | '\n')) && classes(&html[i..end]).iter().any(|c| c == class) {
            out.push((i, &html[i..=end]));
        }
        from = end;
    }
    out
}

/// The element of `name` (div or section, not nested in itself across other
/// tag names) opening at `start`: its whole text up to the matching close tag.
fn element<'a>(html: &'a str, start: usize, name: &str) -> &'a str {
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 0usize;
    let mut i = start;
    loop {
        let next_open = html[i..].find(&open).map(|o| o + i).filter(|&o| matches!(html[o + open.len()..].chars().next(), Some(' ' | '>')));
        let next_close = html[i..].find(&close).map(|c| c + i).unwrap_or_else(|| panic!("<{name}> at {start} is not closed"));
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                i = o + open.len();
            }
            _ => {
                depth -= 1;
                i = next_close + close.len();
                if depth == 0 {
                    return &html[start..i];
                }
            }
        }
    }
}

/// The direct `<div>` children of an element, as (opening tag, whole element).
fn child_divs(element_html: &str) -> Vec<(&str, &str)> {
    let inner_start = element_html.find('>').unwrap() + 1;
    let mut out = Vec::new();
    let mut i = inner_start;
    while let Some(o) = element_html[i..].find("<div").map(|o| o + i) {
        let div = element(element_html, o, "div");
        let tag = &div[..=div.find('>').unwrap()];
        out.push((tag, div));
        i = o + div.len();
    }
    out
}

/// The two sheets of a leaflet page, each with the class lists of its panels.
fn sheets(html: &str) -> Vec<(Vec<String>, Vec<Vec<String>>)> {
    open_tags(html, "section", "sheet")
        .into_iter()
        .map(|(at, tag)| {
            let section = element(html, at, "section");
            let panels = child_divs(section).into_iter().map(|(tag, _)| classes(tag)).collect();
            (classes(tag), panels)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// QR codes: the generator's SVG, back to modules, to pixels, to text.

struct Qr {
    data_url: String,
    /// viewBox width and height, in modules.
    size: (u32, u32),
    /// Dark modules: the cells the path fills.
    dark: Vec<Vec<bool>>,
    /// The bounding box of the dark modules: x0, y0, x1, y1 (exclusive).
    extent: (u32, u32, u32, u32),
}

fn number(s: &str, what: &str, d: &str) -> u32 {
    s.trim().parse().unwrap_or_else(|_| panic!("QR path: {what} \"{s}\" is not a whole number in {}…", &d[..d.len().min(80)]))
}

/// The cells of a `w`×`h` grid that a path of whole-number `M`, `m`, `h`,
/// `v`, `H` and `V` commands fills by SVG's default nonzero rule, each
/// subpath closed (as filling closes it): a cell is filled when the
/// horizontal edges above its centre, counted with their direction, do not
/// cancel out.
fn fill_path(d: &str, w: usize, h: usize) -> Vec<Vec<bool>> {
    let mut winding = vec![vec![0i64; w]; h];
    let mut edge = |from: (i64, i64), to: (i64, i64)| {
        assert!(from.0 == to.0 || from.1 == to.1, "QR path: a diagonal edge from {from:?} to {to:?}");
        for (x, y) in [from, to] {
            assert!((0..=w as i64).contains(&x) && (0..=h as i64).contains(&y), "QR path: ({x}, {y}) outside the {w}x{h} viewBox");
        }
        if from.1 == to.1 && from.0 != to.0 {
            let (x0, x1, sign) = if from.0 < to.0 { (from.0, to.0, 1) } else { (to.0, from.0, -1) };
            for row in &mut winding[from.1 as usize..] {
                for cell in &mut row[x0 as usize..x1 as usize] {
                    *cell += sign;
                }
            }
        }
    };
    let (mut at, mut start) = ((0i64, 0i64), (0i64, 0i64));
    let mut rest = d;
    while let Some(command) = rest.chars().next() {
        let end = rest[1..].find(|c: char| c.is_ascii_alphabetic()).map_or(rest.len(), |i| i + 1);
        let numbers: Vec<i64> = rest[1..end]
            .split_whitespace()
            .map(|n| n.parse().unwrap_or_else(|_| panic!("QR path: \"{n}\" is not a whole number in {}…", &d[..d.len().min(80)])))
            .collect();
        rest = &rest[end..];
        let to = match (command, numbers.as_slice()) {
            ('M', &[x, y]) => (x, y),
            ('m', &[x, y]) => (at.0 + x, at.1 + y),
            ('H', &[x]) => (x, at.1),
            ('h', &[x]) => (at.0 + x, at.1),
            ('V', &[y]) => (at.0, y),
            ('v', &[y]) => (at.0, at.1 + y),
            _ => panic!("QR path: unexpected command {command} {numbers:?} in {}…", &d[..d.len().min(80)]),
        };
        if command == 'M' || command == 'm' {
            edge(at, start);
            start = to;
        } else {
            edge(at, to);
        }
        at = to;
    }
    edge(at, start);
    winding.into_iter().map(|row| row.into_iter().map(|w| w != 0).collect()).collect()
}

fn parse_qr(svg: &str) -> Qr {
    let open = &svg[..=svg.find('>').unwrap()];
    let data_url = attr(open, "data-url").expect("svg.qr has a data-url");
    assert!(attr(open, "width").is_none() && attr(open, "height").is_none(), "svg.qr takes its size from the stylesheet: {open}");
    let view_box = attr(open, "viewBox").expect("svg.qr has a viewBox");
    let vb: Vec<u32> = view_box.split_whitespace().map(|n| number(n, "viewBox", &view_box)).collect();
    assert_eq!(vb.len(), 4, "viewBox {view_box}");
    assert_eq!((vb[0], vb[1]), (0, 0), "viewBox {view_box}");
    let (w, h) = (vb[2], vb[3]);
    assert_eq!(w, h, "a QR code is square: viewBox {view_box}");

    let paths: Vec<&str> = svg.match_indices("<path").map(|(i, _)| &svg[i..i + svg[i..].find('>').unwrap()]).collect();
    assert_eq!(paths.len(), 1, "svg.qr should have one path: {svg}");
    let d = attr(paths[0], "d").expect("path has d");
    assert!(attr(paths[0], "fill").is_some_and(|f| f == "#000"), "modules are black: {}", paths[0]);
    assert!(
        svg.contains(&format!("<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>")),
        "white background over the whole viewBox: {open}"
    );

    let dark = fill_path(&d, w as usize, h as usize);
    let mut extent = (u32::MAX, u32::MAX, 0, 0);
    for (y, row) in dark.iter().enumerate() {
        for (x, _) in row.iter().enumerate().filter(|(_, is_dark)| **is_dark) {
            let (x, y) = (x as u32, y as u32);
            extent = (extent.0.min(x), extent.1.min(y), extent.2.max(x + 1), extent.3.max(y + 1));
        }
    }
    assert!(extent.0 < extent.2, "QR path draws nothing");
    Qr { data_url, size: (w, h), dark, extent }
}

impl Qr {
    /// Modules of light margin on the narrowest side.
    fn quiet_zone(&self) -> u32 {
        let (x0, y0, x1, y1) = self.extent;
        x0.min(y0).min(self.size.0 - x1).min(self.size.1 - y1)
    }

    /// Rasterizes at `PX` pixels per module on white (quiet zone kept) and
    /// decodes; the text of the single code found.
    fn decode(&self) -> Result<String, String> {
        let (w, h) = (self.size.0 as usize * PX, self.size.1 as usize * PX);
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| if self.dark[y / PX][x / PX] { 0 } else { 255 });
        let grids = image.detect_grids();
        if grids.len() != 1 {
            return Err(format!("{} QR codes found in the image", grids.len()));
        }
        grids[0].decode().map(|(_, text)| text).map_err(|e| format!("does not decode: {e}"))
    }
}

// ---------------------------------------------------------------------------
// A little CSS: rules with their selectors and media, in source order.

struct Rule {
    selectors: Vec<String>,
    /// `@media` condition around the rule, if any.
    media: Option<String>,
    declarations: Vec<(String, String)>,
}

fn strip_comments(css: &str) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        rest = rest[i + 2..].find("*/").map_or("", |j| &rest[i + 2 + j + 2..]);
    }
    out.push_str(rest);
    out
}

fn parse_css(css: &str) -> Vec<Rule> {
    fn rules(css: &str, media: Option<&str>, out: &mut Vec<Rule>) {
        let mut rest = css;
        while let Some(open) = rest.find('{') {
            let prelude = rest[..open].trim();
            // Matching close brace (one level of nesting is enough for @media).
            let mut depth = 0;
            let mut close = open;
            for (i, c) in rest[open..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            close = open + i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            assert!(close > open, "unbalanced braces after {prelude}");
            let body = &rest[open + 1..close];
            if let Some(condition) = prelude.strip_prefix("@media") {
                rules(body, Some(condition.trim()), out);
            } else {
                let declarations = body
                    .split(';')
                    .filter_map(|d| d.split_once(':'))
                    .map(|(p, v)| (p.trim().to_string(), v.split_whitespace().collect::<Vec<_>>().join(" ")))
                    .collect();
                out.push(Rule {
                    selectors: prelude.split(',').map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")).collect(),
                    media: media.map(str::to_string),
                    declarations,
                });
            }
            rest = &rest[close + 1..];
        }
    }
    let mut out = Vec::new();
    rules(&strip_comments(css), None, &mut out);
    out
}

/// Specificity (classes, tag) of a compound selector such as `.sheet`,
/// `section.sheet.sheet-inside` when it matches an element `tag` with
/// `element_classes`; `None` if it does not match or is not that simple.
fn simple_match(selector: &str, tag: &str, element_classes: &[String]) -> Option<(usize, usize)> {
    if selector.is_empty() || selector.contains([' ', '>', '+', '~', ':', '[', '#', '*']) {
        return None;
    }
    let mut parts = selector.split('.');
    let name = parts.next().unwrap();
    if !name.is_empty() && name != tag {
        return None;
    }
    let wanted: Vec<&str> = parts.collect();
    wanted.iter().all(|c| element_classes.iter().any(|e| e == c)).then_some((wanted.len(), usize::from(!name.is_empty())))
}

/// The value of `property` for an element in print media, from simple
/// compound selectors only: highest specificity, then last in source order.
fn computed<'a>(rules: &'a [Rule], tag: &str, element_classes: &[String], property: &str) -> Option<&'a str> {
    let mut best: Option<((usize, usize), usize, &str)> = None;
    for (order, rule) in rules.iter().enumerate() {
        if rule.media.as_deref().is_some_and(|m| !m.contains("print") && !m.contains("all")) {
            continue;
        }
        let Some(spec) = rule.selectors.iter().filter_map(|s| simple_match(s, tag, element_classes)).max() else { continue };
        for (p, v) in &rule.declarations {
            if p == property && best.is_none_or(|(s, o, _)| (spec, order) >= (s, o)) {
                best = Some((spec, order, v.as_str()));
            }
        }
    }
    best.map(|(_, _, v)| v)
}

fn millimetres(value: &str) -> f64 {
    let n = value.strip_suffix("mm").unwrap_or_else(|| panic!("expected a length in mm, got \"{value}\""));
    n.parse().unwrap_or_else(|_| panic!("expected a length in mm, got \"{value}\""))
}

// ---------------------------------------------------------------------------
// The checks, for one build.

fn check_build(out: &Path, exp: &Expected) {
    let all: Vec<(&(String, String), &str)> =
        exp.articles.iter().map(|a| (a, "article")).chain(exp.areas.iter().map(|a| (a, "area"))).collect();
    assert!(
        exp.articles.len() > 10 && exp.areas.len() >= 6,
        "sample site too small: {} articles, {} areas",
        exp.articles.len(),
        exp.areas.len()
    );

    // Exactly one leaflet per published article and per area, nothing else
    // (no leaflet for the draft or the future article).
    let wanted: BTreeSet<String> = all.iter().map(|((path, _), _)| urls::leaflet(path)).collect();
    let found = leaflet_files(out);
    let missing: Vec<_> = wanted.difference(&found).collect();
    let extra: Vec<_> = found.difference(&wanted).collect();
    assert!(missing.is_empty() && extra.is_empty(), "leaflets missing: {missing:?}\nleaflets that should not exist: {extra:?}");

    let mut failures = Vec::new();
    let mut stylesheets = BTreeSet::new();
    // Every (sheet classes, panel classes) layout seen, to check against the
    // stylesheet's grid columns.
    let mut layouts: BTreeSet<(Vec<String>, Vec<Vec<String>>)> = BTreeSet::new();
    for ((path, title), kind) in all {
        let leaflet_path = urls::leaflet(path);
        let leaflet_file = urls::file_of(&leaflet_path);
        // Root-relative URL paths of the leaflet and of its page: the links
        // on each, resolved against it, must reach the other.
        let leaflet_href = format!("{}{leaflet_path}", exp.base_path);
        let page_href = format!("{}{path}", exp.base_path);
        let permalink = format!("{}{path}", exp.base_url);

        // The page links to its leaflet, and the leaflet back to the page.
        let page = read(out, &urls::file_of(path));
        if !links_of(&page, &page_href, "href").contains(&leaflet_href) {
            failures.push(format!("{kind} page {path} does not link to its leaflet {leaflet_href}"));
        }
        let html = read(out, &leaflet_file);
        if !links_of(&html, &leaflet_href, "href").contains(&page_href) {
            failures.push(format!("{leaflet_file}: no link back to {page_href}"));
        }
        // It repeats its page, so search engines are sent there: the page is
        // its canonical address, and the leaflet is not marked noindex.
        let canonical = format!(r#"<link rel="canonical" href="{permalink}">"#);
        if !html.contains(&canonical) || html.contains(r#"name="robots""#) {
            failures.push(format!("{leaflet_file}: expected {canonical} and no robots meta"));
        }
        let cover = texts_of(&html, "h2", "cover-title");
        if cover != [title.as_str()] {
            failures.push(format!("{leaflet_file}: cover title {cover:?}, expected [\"{title}\"]"));
        }

        // Two sheets, outside then inside, three panels each, one flap each.
        let sheets = sheets(&html);
        let sheet_classes: Vec<&str> =
            sheets.iter().map(|(c, _)| c.iter().find(|c| c.starts_with("sheet-")).map_or("?", String::as_str)).collect();
        if sheet_classes != ["sheet-outside", "sheet-inside"] {
            failures.push(format!("{leaflet_file}: sheets {sheet_classes:?}, expected [\"sheet-outside\", \"sheet-inside\"]"));
        }
        layouts.extend(sheets.iter().cloned());
        for (sheet, panels) in &sheets {
            let flaps = panels.iter().filter(|p| p.iter().any(|c| c == "panel-flap")).count();
            if panels.len() != 3 || panels.iter().any(|p| !p.iter().any(|c| c == "panel")) || flaps != 1 {
                failures.push(format!("{leaflet_file}: {sheet:?} has panels {panels:?}, expected three div.panel with one .panel-flap"));
            }
        }

        // The QR code opens the page itself (not the leaflet), as printed.
        let qrs = open_tags(&html, "svg", "qr");
        if qrs.len() != 1 {
            failures.push(format!("{leaflet_file}: {} svg.qr, expected 1", qrs.len()));
            continue;
        }
        let (at, _) = qrs[0];
        let svg = &html[at..at + html[at..].find("</svg>").expect("svg closes") + "</svg>".len()];
        let qr = parse_qr(svg);
        if qr.data_url != permalink {
            failures.push(format!("{leaflet_file}: data-url {} is not the page's URL {permalink}", qr.data_url));
        }
        match qr.decode() {
            Ok(text) if text == permalink => {}
            Ok(text) => failures.push(format!("{leaflet_file}: QR code opens {text}, not {permalink}")),
            Err(e) => failures.push(format!("{leaflet_file}: QR code {e}")),
        }
        if qr.quiet_zone() < QUIET {
            failures.push(format!(
                "{leaflet_file}: QR quiet zone is {} modules (viewBox {}x{}, modules at {:?}), at least {QUIET} needed",
                qr.quiet_zone(),
                qr.size.0,
                qr.size.1,
                qr.extent
            ));
        }
        let printed = permalink.split_once("://").unwrap().1.trim_end_matches('/');
        let shown = texts_of(&html, "p", "url");
        if shown != [printed] {
            failures.push(format!("{leaflet_file}: the address printed under the QR code is {shown:?}, expected [\"{printed}\"]"));
        }

        let css_href = html
            .match_indices("<link ")
            .map(|(i, _)| &html[i..=i + html[i..].find('>').unwrap()])
            .filter(|tag| attr(tag, "rel").as_deref() == Some("stylesheet"))
            .filter_map(|tag| attr(tag, "href"))
            // css/leaflet.css, named by its content: css/leaflet.3f9a1c2b.css
            .find(|h| h.rsplit('/').next().is_some_and(|n| n.starts_with("leaflet.") && n.ends_with(".css")))
            .map(|h| resolve(&leaflet_href, &h).unwrap_or(h));
        match css_href {
            Some(href) => {
                stylesheets.insert(href);
            }
            None => failures.push(format!("{leaflet_file}: no leaflet.css stylesheet")),
        }
    }
    assert!(failures.is_empty(), "{} leaflet problems:\n{}", failures.len(), failures.join("\n"));

    // The print stylesheet: A4 landscape, sheets of three columns that fit the
    // page, the flap narrower than the two other panels on both sides.
    assert_eq!(stylesheets.len(), 1, "leaflets link different stylesheets: {stylesheets:?}");
    let href = stylesheets.into_iter().next().unwrap();
    let rel = href.strip_prefix(&exp.base_path).unwrap_or_else(|| panic!("stylesheet {href} is not under the base path {}", exp.base_path));
    let layouts: Vec<_> = layouts.into_iter().collect();
    check_stylesheet(&read(out, rel), &layouts, rel);
}

fn check_stylesheet(css: &str, sheets: &[(Vec<String>, Vec<Vec<String>>)], rel: &str) {
    let compact: String = strip_comments(css).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(compact.contains("@page { size: A4 landscape"), "{rel}: no `@page {{ size: A4 landscape` rule");
    let rules = parse_css(css);

    let qr_width = computed(&rules, "svg", &["qr".to_string()], "width").unwrap_or_else(|| panic!("{rel}: no width for svg.qr"));
    assert!(millimetres(qr_width) >= 30.0, "{rel}: the QR code is {qr_width} wide on paper, at least 30mm needed to scan it");

    for (sheet_classes, panels) in sheets {
        let columns = computed(&rules, "section", sheet_classes, "grid-template-columns")
            .unwrap_or_else(|| panic!("{rel}: no grid-template-columns for section.{}", sheet_classes.join(".")));
        let widths: Vec<f64> = columns.split_whitespace().map(millimetres).collect();
        assert_eq!(
            widths.len(),
            panels.len(),
            "{rel}: section.{} has columns \"{columns}\" for {} panels",
            sheet_classes.join("."),
            panels.len()
        );
        let sheet_width = computed(&rules, "section", sheet_classes, "width").map(millimetres);
        let total: f64 = widths.iter().sum();
        assert!(
            total <= 297.0 && sheet_width.is_none_or(|w| (w - total).abs() < 0.01 && w <= 297.0),
            "{rel}: section.{}: columns \"{columns}\" ({total}mm) and width {sheet_width:?} do not fill an A4 landscape page (297mm)",
            sheet_classes.join(".")
        );
        let flap = panels.iter().position(|p| p.iter().any(|c| c == "panel-flap")).expect("a flap panel");
        for (i, w) in widths.iter().enumerate() {
            if i != flap {
                assert!(
                    widths[flap] < *w,
                    "{rel}: in section.{} the flap (panel {}, {}mm) is not narrower than panel {} ({w}mm): columns \"{columns}\"",
                    sheet_classes.join("."),
                    flap + 1,
                    widths[flap],
                    i + 1
                );
            }
        }
    }
}

#[test]
fn sample_leaflets_with_the_sites_own_base_url() {
    let site = Site::sample();
    let (out, exp) = build(&site, None, "public");
    assert!(exp.base_path == "/" && exp.base_url.starts_with("https://"), "sample base_url: {}", exp.base_url);
    check_build(&out, &exp);
}

#[test]
fn sample_leaflets_with_a_base_url_with_a_path() {
    let site = Site::sample();
    let (out, exp) = build(&site, Some(BASE_WITH_PATH), "public-cchc");
    assert_eq!((exp.base_url.as_str(), exp.base_path.as_str()), (BASE_WITH_PATH, "/cchc/"));
    check_build(&out, &exp);
}

/// The decoder path itself: a code rendered by the generator with a known
/// text decodes to it, and a damaged copy does not pass silently.
#[test]
fn qr_reader_reads_the_generators_svg() {
    let url = "https://example.gov.vn/cchc/tin-tuc/thu-nghiem/";
    let svg = loa::output::leaflet::qr_svg(url, "Mã QR");
    let qr = parse_qr(&svg);
    assert_eq!(qr.data_url, url);
    assert_eq!(qr.decode().as_deref(), Ok(url));
    assert!(qr.quiet_zone() >= QUIET, "quiet zone {}", qr.quiet_zone());

    let mut broken = parse_qr(&svg);
    // Wipe the top-left finder pattern.
    let (x0, y0, _, _) = broken.extent;
    for row in &mut broken.dark[y0 as usize..y0 as usize + 7] {
        for cell in &mut row[x0 as usize..x0 as usize + 7] {
            *cell = false;
        }
    }
    assert!(broken.decode().is_err());
}

/// The stylesheet reader itself: the theme's rules pass, a flap as wide as
/// the other panels, a sheet without its own columns or a portrait page fail.
#[test]
fn stylesheet_reader_finds_the_flap_column() {
    let sheet = |class: &str, flap: usize| {
        let panels = (0..3)
            .map(|i| if i == flap { vec!["panel".to_string(), "panel-flap".to_string()] } else { vec!["panel".to_string()] })
            .collect();
        (vec!["sheet".to_string(), class.to_string()], panels)
    };
    let layout = [sheet("sheet-outside", 0), sheet("sheet-inside", 2)];
    let good = "@page { size: A4 landscape; margin: 0; }\n/* .sheet { grid-template-columns: 1mm } */\n.sheet { display: grid; grid-template-columns: 97mm 100mm 100mm; width: 297mm; }\n.sheet-inside { grid-template-columns: 100mm 100mm 97mm; }\nsvg.qr { width: 40mm; }\n@media print { .sheet { margin: 0; } }";
    check_stylesheet(good, &layout, "good.css");
    let fails = |css: String| std::panic::catch_unwind(|| check_stylesheet(&css, &layout, "bad.css")).is_err();
    assert!(fails(good.replace(".sheet-inside { grid-template-columns: 100mm 100mm 97mm; }", "")), "inside flap in a 100mm column");
    assert!(fails(good.replace("97mm 100mm 100mm", "100mm 100mm 97mm")), "outside flap in a 100mm column");
    assert!(fails(good.replace("A4 landscape", "A4 portrait")), "portrait page");
    assert!(fails(good.replace("svg.qr { width: 40mm; }", "svg.qr { width: 20mm; }")), "QR code too small");
    assert!(fails(good.replace("width: 297mm", "width: 300mm")), "sheet wider than its columns");
}

#[test]
fn the_qr_path_fills_exactly_the_dark_modules() {
    use loa::output::leaflet::qr;
    for text in ["https://example.gov.vn/cchc/tin-tuc/a/", "1234567", &"x".repeat(1500)] {
        let code = qr::encode(text).unwrap();
        let svg = qr::qr_svg(text, "Mã QR");
        let d = &svg[svg.find(" d=\"").unwrap() + 4..];
        let d = &d[..d.find('"').unwrap()];
        // Each subpath a rectangle (down, across, up; closed by the
        // fill), as PDF rasterisers print rectangles alike whatever
        // else the path holds.
        for subpath in d.split(['M', 'm']).filter(|s| !s.is_empty()) {
            assert_eq!(subpath.matches(|c: char| c.is_ascii_alphabetic()).count(), 3, "subpath {subpath}");
        }
        let side = code.size + 2 * qr::QUIET_ZONE;
        let modules = fill_path(d, side, side);
        assert_eq!(modules.len(), side);
        for (y, row) in modules.iter().enumerate() {
            for (x, &is_filled) in row.iter().enumerate() {
                let inside =
                    (qr::QUIET_ZONE..qr::QUIET_ZONE + code.size).contains(&x) && (qr::QUIET_ZONE..qr::QUIET_ZONE + code.size).contains(&y);
                let dark = inside && code.is_dark(x - qr::QUIET_ZONE, y - qr::QUIET_ZONE);
                assert_eq!(is_filled, dark, "{} characters, module {x},{y}", text.len());
            }
        }
    }
}
