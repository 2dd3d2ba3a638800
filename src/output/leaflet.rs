//! Printable leaflets (tờ rơi): an A4 landscape tri-fold for every article and
//! every area, with a QR code back to the page.
//!
//! Text must never overflow a panel on paper, so it is shortened here, at build
//! time, to budgets measured in characters that fit the panels at the print
//! stylesheet's type size with room to spare; whole sentences only, and a
//! "đọc tiếp" line with the address when something was left out. Pure.

use super::pages::{PageMeta, upcoming};
use crate::render::Renderer;
use crate::render::views::{self, ArticleItem, Link, Term};
use crate::site::Site;
use crate::urls;
use crate::render::markdown::{Block, text_blocks as blocks};
use serde::Serialize;

/// Characters of body text each inside panel takes. A panel is about 85 mm by
/// 180 mm of text; at 9.5 pt that is some 2,000 characters, so this leaves
/// room for headings, list indents and long words.
pub const PANEL_CHARS: usize = 1_600;
/// What a heading or list item costs beyond its own characters (its spacing).
const BLOCK_COST: usize = 70;
/// Characters for the highlights panel and the cover's summary.
pub const HIGHLIGHTS_CHARS: usize = 700;
pub const COVER_SUMMARY_CHARS: usize = 320;
/// Characters of article entries (title, date, summary, highlights) per
/// inside panel of an area leaflet: entries carry more spacing than prose.
pub const AREA_PANEL_CHARS: usize = 1_000;
/// What the "Tin bài mới" title takes from the first panel.
const PANEL_TITLE_COST: usize = 80;

/// Modules of light margin around a QR code (ISO/IEC 18004 asks for four).
pub const QUIET_ZONE: usize = 4;

/// An inline SVG QR code for `url`: error correction level Q (it survives a
/// photocopy), a four-module quiet zone, one SVG unit per module, each run of
/// dark modules of a row one rectangle of the path. Its size on paper comes
/// from the stylesheet.
pub fn qr_svg(url: &str, label: &str) -> String {
    use std::fmt::Write;
    let code = fast_qr::QRBuilder::new(url.as_bytes()).ecl(fast_qr::ECL::Q).build().expect("a page URL fits in a QR code");
    let n = code.size;
    let side = n + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(n * n * 3);
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if code.data[y * n + x].value() {
                let start = x;
                while x < n && code.data[y * n + x].value() {
                    x += 1;
                }
                let (left, top) = (start + QUIET_ZONE, y + QUIET_ZONE);
                let _ = write!(path, "M{left} {top}h{}v1H{left}V{top}", x - start);
            } else {
                x += 1;
            }
        }
    }
    let escape = |text: &str| text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    format!(
        "<svg class=\"qr\" role=\"img\" aria-label=\"{}\" data-url=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\"><rect x=\"0\" y=\"0\" width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        escape(label),
        escape(url)
    )
}

/// Sentences of a text: cut after `.`, `!`, `?` or `…` followed by a space and
/// an upper-case letter, a digit or a quote, so that "Quyết định số 25/QĐ-UBND
/// ngày 19/11/2021" or "5,5 triệu" stay whole.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in 0..chars.len() {
        let (i, c) = chars[w];
        if matches!(c, '.' | '!' | '?' | '…') {
            let next = chars.get(w + 1).map(|x| x.1);
            let after = chars.get(w + 2).map(|x| x.1);
            if next == Some(' ') && after.is_some_and(|a| a.is_uppercase() || a.is_ascii_digit() || matches!(a, '"' | '“' | '(')) {
                let end = i + c.len_utf8();
                out.push(text[start..end].trim());
                start = end;
            }
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

fn cost(block: &Block) -> usize {
    block.text.chars().count() + if block.kind == "p" { BLOCK_COST / 2 } else { BLOCK_COST }
}

/// Fills `panels` panels of `budget` characters with whole blocks, splitting a
/// paragraph between sentences when it does not fit. Returns the panels and
/// whether anything was left out.
pub fn fill_panels(blocks: &[Block], panels: usize, budget: usize) -> (Vec<Vec<Block>>, bool) {
    let mut out: Vec<Vec<Block>> = vec![Vec::new(); panels];
    let mut panel = 0;
    let mut used = 0;
    let mut queue: std::collections::VecDeque<Block> = blocks.iter().cloned().collect();
    while let Some(block) = queue.pop_front() {
        if panel >= panels {
            return (out, true);
        }
        let c = cost(&block);
        if used + c <= budget {
            // A heading alone at the foot of a panel goes to the next one.
            let next_fits = queue.front().is_none_or(|n| used + c + cost(n).min(250) <= budget);
            if block.kind != "h" || next_fits {
                used += c;
                out[panel].push(block);
                continue;
            }
        } else if block.kind != "h" {
            // Take the sentences that fit; the rest starts the next panel.
            let parts = sentences(&block.text);
            let mut taken = String::new();
            let mut n = 0;
            for s in &parts {
                let extra = s.chars().count() + 1;
                if used + BLOCK_COST / 2 + taken.chars().count() + extra > budget {
                    break;
                }
                if !taken.is_empty() {
                    taken.push(' ');
                }
                taken.push_str(s);
                n += 1;
            }
            if n > 0 {
                out[panel].push(Block { kind: block.kind, text: taken });
                let rest = parts[n..].join(" ");
                if !rest.is_empty() {
                    queue.push_front(Block { kind: "p", text: rest });
                }
            } else if used == 0 {
                // A single sentence longer than a whole panel: leave it out.
                continue;
            } else {
                queue.push_front(block);
            }
        } else {
            queue.push_front(block);
        }
        panel += 1;
        used = 0;
    }
    (out, false)
}

/// The first sentences of `text` within `max` characters (at least the first
/// sentence, cut at a word if even that is too long).
pub fn shorten(text: &str, max: usize) -> String {
    let mut out = String::new();
    for s in sentences(text) {
        if out.chars().count() + s.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(s);
    }
    if out.is_empty() { crate::render::markdown::truncate_words(text, max) } else { out }
}

#[derive(Serialize)]
struct LeafletView<'a> {
    kind: &'static str,
    title: String,
    subtitle: Option<String>,
    date_vi: Option<String>,
    areas: Vec<Term>,
    summary: String,
    highlights: Vec<String>,
    panels: Vec<Vec<Block>>,
    is_shortened: bool,
    lead: Option<String>,
    page_url: String,
    permalink: String,
    display_url: String,
    qr: String,
    feedback_url: Option<String>,
    feedback_display: Option<String>,
    portal_display: String,
    items: Vec<Vec<LeafletItem<'a>>>,
    upcoming: Vec<views::OccurrenceView>,
    upcoming_is_future: bool,
    activities: Vec<Link>,
    image: Option<views::Image>,
}

#[derive(Serialize)]
struct LeafletItem<'a> {
    item: &'a ArticleItem,
    summary: String,
    highlights: Vec<String>,
}

/// An address without its scheme, as printed.
pub fn display_url(url: &str) -> String {
    url.split_once("://").map_or(url, |(_, rest)| rest).trim_end_matches('/').to_string()
}

fn leaflet_meta(site: &Site, path: &str, title: &str, of: &str) -> PageMeta {
    PageMeta {
        title: format!("Tờ rơi: {title}"),
        description: format!("Tờ rơi in được (A4 gập ba) của {of}"),
        url: site.config.url(path),
        permalink: site.config.permalink(path),
        og_type: "website",
        noindex: true,
        ..PageMeta::default()
    }
}

fn highlights_within(list: &[String], max: usize) -> Vec<String> {
    let mut used = 0;
    let mut out = Vec::new();
    for h in list {
        let h = shorten(h, 220);
        let c = h.chars().count() + 40;
        if used + c > max {
            break;
        }
        used += c;
        out.push(h);
    }
    out
}

pub fn article_leaflet(r: &Renderer, i: usize) -> (&'static str, tera::Context) {
    let site = r.site;
    let doc = &site.articles[i];
    let item = r.item(i);
    let path = urls::leaflet(&doc.path);
    let mut page = leaflet_meta(site, &path, &doc.title, "bài viết");
    page.breadcrumbs = vec![
        Link { title: "Trang chủ".into(), url: site.config.url("") },
        Link { title: doc.title.clone(), url: item.url.clone() },
    ];
    let mut body_blocks = blocks(&doc.body);
    // The cover already shows the summary; skip a first paragraph that is it.
    if body_blocks.first().is_some_and(|b| b.kind == "p" && crate::render::markdown::truncate_words(&b.text, crate::content::SUMMARY_CHARS) == doc.summary) {
        body_blocks.remove(0);
    }
    let (panels, is_shortened) = fill_panels(&body_blocks, 3, PANEL_CHARS);
    let lead = doc
        .units
        .first()
        .map(|&u| site.config.units[u].name.clone())
        .or_else(|| {
            doc.activities.iter().filter_map(|id| site.calendar.activity_index(id)).find_map(|a| site.calendar.activities[a].lead).map(|u| site.config.units[u].name.clone())
        });
    let view = LeafletView {
        kind: "article",
        title: doc.title.clone(),
        subtitle: Some(item.section.name.clone()),
        date_vi: Some(item.date_vi.clone()),
        areas: item.areas.clone(),
        summary: shorten(&doc.summary, COVER_SUMMARY_CHARS),
        highlights: highlights_within(&doc.highlights, HIGHLIGHTS_CHARS),
        panels,
        is_shortened,
        lead,
        page_url: item.url.clone(),
        permalink: item.permalink.clone(),
        display_url: display_url(&item.permalink),
        qr: qr_svg(&item.permalink, &format!("Mã QR mở bài viết: {}", item.permalink)),
        feedback_url: site.config.feedback_url.clone(),
        feedback_display: site.config.feedback_url.as_deref().map(display_url),
        portal_display: display_url(&site.config.base_url),
        items: Vec::new(),
        upcoming: Vec::new(),
        upcoming_is_future: false,
        activities: Vec::new(),
        image: None,
    };
    let mut ctx = tera::Context::new();
    ctx.insert("page", &page);
    ctx.insert("leaflet", &view);
    ("leaflet.html", ctx)
}

pub fn area_leaflet(r: &Renderer, a: usize) -> (&'static str, tera::Context) {
    let site = r.site;
    let area = &site.config.areas[a];
    let base = urls::area(&area.key);
    let path = urls::leaflet(&base);
    let permalink = site.config.permalink(&base);
    let mut page = leaflet_meta(site, &path, &area.name, "lĩnh vực");
    page.breadcrumbs = vec![
        Link { title: "Trang chủ".into(), url: site.config.url("") },
        Link { title: area.name.clone(), url: site.config.url(&base) },
    ];
    // Latest articles, as many as fit: two inside panels of them, each entry
    // a title, a shortened summary and at most two highlights.
    let mut items: Vec<Vec<LeafletItem>> = vec![Vec::new(), Vec::new()];
    let mut panel = 0;
    let mut used = PANEL_TITLE_COST;
    let mut shown = 0;
    for &i in &site.by_area[a] {
        let item = r.item(i);
        let summary = shorten(&item.summary, 200);
        let highlights: Vec<String> = item.highlights.iter().take(2).map(|h| shorten(h, 110)).collect();
        let c = item.title.chars().count() + summary.chars().count() + highlights.iter().map(|h| h.chars().count() + 30).sum::<usize>() + 110;
        if used + c > AREA_PANEL_CHARS {
            panel += 1;
            used = 0;
            if panel >= items.len() {
                break;
            }
        }
        used += c;
        shown += 1;
        items[panel].push(LeafletItem { item, summary, highlights });
    }
    let (upcoming, upcoming_is_future) = upcoming(site, 4, Some(a));
    let activities: Vec<Link> = site
        .calendar
        .activities
        .iter()
        .filter(|act| act.areas.contains(&a))
        .take(6)
        .map(|act| Link { title: act.title.clone(), url: site.config.url(&urls::activity(&act.id)) })
        .collect();
    let description = super::pages::strip_tags(&r.bodies.areas[a]);
    let view = LeafletView {
        kind: "area",
        title: area.name.clone(),
        subtitle: Some("Lĩnh vực cải cách hành chính".into()),
        date_vi: None,
        areas: Vec::new(),
        summary: shorten(&description, COVER_SUMMARY_CHARS),
        highlights: Vec::new(),
        panels: Vec::new(),
        is_shortened: shown < site.by_area[a].len(),
        lead: None,
        page_url: site.config.url(&base),
        display_url: display_url(&permalink),
        qr: qr_svg(&permalink, &format!("Mã QR mở trang lĩnh vực: {permalink}")),
        permalink,
        feedback_url: site.config.feedback_url.clone(),
        feedback_display: site.config.feedback_url.as_deref().map(display_url),
        portal_display: display_url(&site.config.base_url),
        items,
        upcoming: if upcoming_is_future { upcoming } else { Vec::new() },
        upcoming_is_future,
        activities,
        image: None,
    };
    let mut ctx = tera::Context::new();
    ctx.insert("page", &page);
    ctx.insert("leaflet", &view);
    ("area_leaflet.html", ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_dates_and_numbers_whole() {
        let text = "Theo Quyết định số 25/QĐ-UBND ngày 19/11/2021, Thành phố đã sắp xếp 5,5 nghìn biên chế. Kết quả đạt 98,5%. Tiếp theo là tuyên truyền.";
        assert_eq!(
            sentences(text),
            [
                "Theo Quyết định số 25/QĐ-UBND ngày 19/11/2021, Thành phố đã sắp xếp 5,5 nghìn biên chế.",
                "Kết quả đạt 98,5%.",
                "Tiếp theo là tuyên truyền."
            ]
        );
    }

    #[test]
    fn blocks_skip_tables_and_code() {
        let md = "## Kết quả\n\nĐoạn một.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- Mục một\n- Mục hai\n\n```yaml\na: 1\n```\n";
        let all = blocks(md);
        let kinds: Vec<(&str, &str)> = all.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(kinds, [("h", "Kết quả"), ("p", "Đoạn một."), ("li", "Mục một"), ("li", "Mục hai")]);
    }

    #[test]
    fn panels_take_whole_sentences_and_report_leftovers() {
        let long = "Câu thứ nhất khá dài về cải cách hành chính. ".repeat(40);
        let blocks = vec![Block { kind: "p", text: long.trim().to_string() }];
        let (panels, left_out) = fill_panels(&blocks, 2, 500);
        assert!(left_out);
        for panel in &panels {
            let chars: usize = panel.iter().map(|b| b.text.chars().count()).sum();
            assert!(chars <= 500, "{chars}");
            for b in panel {
                assert!(b.text.ends_with('.'), "cut inside a sentence: {}", b.text);
            }
        }
        let (_, left_out) = fill_panels(&blocks[..0], 2, 500);
        assert!(!left_out);
    }

    #[test]
    fn qr_code_is_inline_svg_with_quiet_zone() {
        let svg = qr_svg("https://example.gov.vn/cchc/tin-tuc/a/", "Mã QR");
        assert!(svg.starts_with("<svg class=\"qr\" role=\"img\""), "{svg}");
        assert!(!svg.contains("<?xml"));
        let open_tag = &svg[..svg.find('>').unwrap()];
        assert!(!open_tag.contains(" width=\""), "{open_tag}");
        assert!(svg.contains("viewBox=\"0 0 "));
    }
}
