//! Printable leaflets (tờ rơi): an A4 landscape tri-fold for every article and
//! every area, with a QR code back to the page.
//!
//! Text must never overflow a panel on paper, so it is fitted here, at build
//! time ([`fit`]): whole sentences only, and a "đọc tiếp" line with the address
//! when something was left out. Pure.

pub mod fit;
pub mod qr;

pub use qr::qr_svg;

use super::pages::{PageMeta, upcoming};
use crate::render::Renderer;
use crate::render::markdown::{Block, text_blocks};
use crate::render::views::{self, ArticleItem, Link, Term};
use crate::urls;
use fit::{FLAP, FOOTER, HEIGHT, Panel, TITLE, WIDE, block_height, shorten};
use serde::Serialize;
use std::borrow::Cow;

/// Characters of the summary on the cover, at most.
pub const COVER_SUMMARY_CHARS: usize = 320;

/// The cover's summary, shortened so that the whole cover fits its panel
/// whatever the length of the title and the number of areas.
fn cover_summary(title: &str, areas: &[Term], summary: &str) -> String {
    // 17 pt bold title, 10 pt summary; the band, kicker, date and footer.
    const TITLE: fit::Type = fit::Type { advance: 3.6, line: 7.4 };
    const SUMMARY: fit::Type = fit::Type { advance: 1.95, line: 4.9 };
    let fixed = 24.0 + 12.0 + 7.0 + 14.0;
    let chips: usize = areas.iter().map(|a| a.name.chars().count() + 6).sum();
    let areas_height = (chips as f32 * 1.7 / (WIDE * 0.9)).ceil() * 6.5;
    let room = HEIGHT * 0.93 - fixed - fit::text_height(title, WIDE, TITLE) - areas_height;
    let lines = (room / SUMMARY.line).floor().max(0.0);
    let chars = (lines * WIDE * 0.9 / SUMMARY.advance) as usize;
    if chars < 40 { String::new() } else { shorten(summary, chars.min(COVER_SUMMARY_CHARS)) }
}

#[derive(Serialize)]
struct LeafletView<'a> {
    kind: &'static str,
    title: String,
    subtitle: Option<&'a str>,
    date_vi: Option<&'a str>,
    /// The article's areas, the value its list entry holds.
    areas: tera::Value,
    summary: String,
    /// The outside flap: key messages and what the text belongs to.
    flap: Vec<Block>,
    panels: Vec<Vec<Block>>,
    is_shortened: bool,
    lead: Option<&'a str>,
    page_url: Cow<'a, str>,
    permalink: Cow<'a, str>,
    display_url: String,
    qr: String,
    feedback_url: Option<&'a str>,
    feedback_display: Option<String>,
    portal_display: String,
    items: Vec<Vec<LeafletItem<'a>>>,
    upcoming: Vec<views::OccurrenceView>,
    upcoming_is_future: bool,
    activities: Vec<Link>,
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

/// A leaflet repeats the page it prints (`base`), so it names that page as
/// canonical rather than asking not to be indexed.
fn leaflet_meta(r: &Renderer, base: &str, title: &str, of: &str) -> PageMeta {
    let site = r.site;
    let path = urls::leaflet(base);
    PageMeta {
        title: r.strings.fill("leaflet_title", &[("title", title)]),
        description: r.strings.fill("leaflet_description", &[("of", r.strings.get(of))]),
        url: site.config.url(&path),
        permalink: site.config.permalink(&path),
        canonical: site.config.permalink(base),
        og_type: "website",
        ..PageMeta::default()
    }
}

/// The outside flap of an article leaflet: its highlights, then the areas,
/// topics and plan activities it belongs to, as many as fit.
fn article_flap(r: &Renderer, i: usize) -> Vec<Block> {
    let site = r.site;
    let doc = &site.articles[i];
    let mut blocks: Vec<Block> = doc.highlights.iter().map(|h| Block { kind: "li", text: shorten(h, 240) }).collect();
    let mut group = |title: &str, items: Vec<String>| {
        if !items.is_empty() {
            blocks.push(Block { kind: "h", text: title.to_string() });
            blocks.extend(items.into_iter().map(|text| Block { kind: "li", text }));
        }
    };
    group(r.strings.get("leaflet_areas"), doc.areas.iter().map(|&a| site.config.areas[a].name.clone()).collect());
    let activities = doc.activities.iter().filter_map(|id| site.calendar.activity_index(id));
    group(r.strings.get("leaflet_activities"), activities.map(|a| site.calendar.activities[a].title.clone()).collect());
    if !doc.tags.is_empty() {
        blocks.push(Block { kind: "h", text: r.strings.get("leaflet_tags").into() });
        blocks.push(Block { kind: "p", text: doc.tags.join(" · ") });
    }
    let (mut panels, _) = fit::fill(&blocks, &[Panel { width: FLAP, height: HEIGHT - TITLE }]);
    panels.pop().unwrap_or_default()
}

pub fn article_leaflet(r: &Renderer, i: usize) -> tera::Context {
    let site = r.site;
    let doc = &site.articles[i];
    let item = r.item(i);
    let mut page = leaflet_meta(r, &doc.path, &doc.title, "leaflet_of_article");
    page.breadcrumbs = vec![
        Link { title: r.strings.get("home").into(), url: site.config.url("") },
        Link { title: doc.title.clone(), url: item.url.clone() },
    ];
    let mut body = match r.article_blocks(i, doc.hash) {
        Some(blocks) => blocks.unpack(),
        None => text_blocks(&doc.body),
    };
    // The cover shows the summary; skip a first paragraph that it shows whole.
    if body.first().is_some_and(|b| b.kind == "p" && b.text == doc.summary) {
        body.remove(0);
    }
    let inside = [
        Panel { width: WIDE, height: HEIGHT - TITLE },
        Panel { width: WIDE, height: HEIGHT },
        Panel { width: FLAP, height: HEIGHT - FOOTER },
    ];
    let (panels, is_shortened) = fit::fill(&body, &inside);
    let lead = doc.units.first().map(|&u| site.config.units[u].name.as_str()).or_else(|| {
        doc.activities
            .iter()
            .filter_map(|id| site.calendar.activity_index(id))
            .find_map(|a| site.calendar.activities[a].lead)
            .map(|u| site.config.units[u].name.as_str())
    });
    let areas = r
        .item_value(i)
        .as_map()
        .and_then(|m| m.get(&tera::value::Key::Str("areas")).cloned())
        .unwrap_or_else(|| tera::Value::from(Vec::<tera::Value>::new()));
    let view = LeafletView {
        kind: "article",
        title: crate::render::markdown::truncate_words(&doc.title, 150),
        subtitle: Some(&item.section.name),
        date_vi: Some(&item.date_vi),
        areas,
        summary: cover_summary(&doc.title, &item.areas, &doc.summary),
        flap: article_flap(r, i),
        panels,
        is_shortened,
        lead,
        page_url: Cow::Borrowed(&item.url),
        permalink: Cow::Borrowed(&item.permalink),
        display_url: display_url(&item.permalink),
        qr: qr_svg(&item.permalink, &r.strings.fill("leaflet_qr_article", &[("url", &item.permalink)])),
        feedback_url: site.config.feedback_url.as_deref(),
        feedback_display: site.config.feedback_url.as_deref().map(display_url),
        portal_display: display_url(&site.config.base_url),
        items: Vec::new(),
        upcoming: Vec::new(),
        upcoming_is_future: false,
        activities: Vec::new(),
    };
    let mut ctx = tera::Context::new();
    ctx.insert("page", &page);
    ctx.insert("leaflet", &view);
    ctx
}

/// The estimated height of an article entry of an area leaflet.
fn entry_height(title: &str, summary: &str, highlights: &[String], width: f32) -> f32 {
    let title = fit::text_height(title, width, fit::HEADING) + 2.0;
    let date = fit::SMALL.line + 2.0;
    let summary = fit::text_height(summary, width, fit::BODY) + 2.0;
    let highlights: f32 = highlights.iter().map(|h| block_height(&Block { kind: "li", text: h.clone() }, width)).sum();
    // The entry's own spacing: margin, padding and its rule.
    title + date + summary + highlights + 6.0
}

pub fn area_leaflet(r: &Renderer, a: usize) -> tera::Context {
    let site = r.site;
    let area = &site.config.areas[a];
    let base = urls::area(&area.key);
    let permalink = site.config.permalink(&base);
    let mut page = leaflet_meta(r, &base, &area.name, "leaflet_of_area");
    page.breadcrumbs = vec![
        Link { title: r.strings.get("home").into(), url: site.config.url("") },
        Link { title: area.name.clone(), url: site.config.url(&base) },
    ];
    // The latest articles, as many as fit in the three inside panels: each a
    // title, a date, a shortened summary and at most two highlights.
    let inside = [
        Panel { width: WIDE, height: HEIGHT - TITLE },
        Panel { width: WIDE, height: HEIGHT },
        Panel { width: FLAP, height: HEIGHT - FOOTER },
    ];
    let mut items: Vec<Vec<LeafletItem>> = vec![Vec::new(), Vec::new(), Vec::new()];
    let mut panel = 0;
    let mut used = 0.0;
    let mut shown = 0;
    'articles: for &i in &site.by_area[a] {
        let item = r.item(i);
        let summary = shorten(&item.summary, 200);
        let highlights: Vec<String> = item.highlights.iter().take(2).map(|h| shorten(h, 120)).collect();
        loop {
            let Some(p) = inside.get(panel) else { break 'articles };
            let h = entry_height(&item.title, &summary, &highlights, p.width);
            if used + h <= p.height * 0.93 {
                used += h;
                break;
            }
            panel += 1;
            used = 0.0;
        }
        shown += 1;
        items[panel].push(LeafletItem { item, summary, highlights });
    }
    let (upcoming, upcoming_is_future) = upcoming(r, 4, Some(a));
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
        subtitle: Some(r.strings.get("leaflet_area_subtitle")),
        date_vi: None,
        areas: tera::Value::from(Vec::<tera::Value>::new()),
        summary: cover_summary(&area.name, &[], &description),
        flap: Vec::new(),
        panels: Vec::new(),
        is_shortened: shown < site.by_area[a].len(),
        lead: None,
        page_url: Cow::Owned(site.config.url(&base)),
        display_url: display_url(&permalink),
        qr: qr_svg(&permalink, &r.strings.fill("leaflet_qr_area", &[("url", &permalink)])),
        permalink: Cow::Owned(permalink),
        feedback_url: site.config.feedback_url.as_deref(),
        feedback_display: site.config.feedback_url.as_deref().map(display_url),
        portal_display: display_url(&site.config.base_url),
        items,
        upcoming: if upcoming_is_future { upcoming } else { Vec::new() },
        upcoming_is_future,
        activities,
    };
    let mut ctx = tera::Context::new();
    ctx.insert("page", &page);
    ctx.insert("leaflet", &view);
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_title_leaves_less_room_for_the_summary() {
        let summary = "Câu tóm tắt khá dài về cải cách hành chính. ".repeat(10);
        let short = cover_summary("Họp báo", &[], &summary);
        let long = cover_summary(&"Tiêu đề rất dài về cải cách hành chính ".repeat(6), &[], &summary);
        assert!(!short.is_empty());
        assert!(long.chars().count() < short.chars().count(), "{long}");
        assert_eq!(cover_summary(&"Tiêu đề cực dài ".repeat(40), &[], &summary), "");
    }

    #[test]
    fn text_blocks_skip_tables_and_code() {
        let md = "## Kết quả\n\nĐoạn một.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- Mục một\n- Mục hai\n\n```yaml\na: 1\n```\n";
        let all = text_blocks(md);
        let kinds: Vec<(&str, &str)> = all.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(kinds, [("h", "Kết quả"), ("p", "Đoạn một."), ("li", "Mục một"), ("li", "Mục hai")]);
    }
}
