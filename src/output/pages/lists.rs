//! List pages: sections, areas, tags and units, and their indexes.

use super::plan::{ActivityItem, activity_item};
use super::{HOME_UPCOMING, PageMeta, area_cards, context, home_crumb, meta, strip_tags, top_crumb, top_meta, upcoming};
use crate::output::page_count;
use crate::render::Renderer;
use crate::render::views::{self, Link, Pagination, Term};
use crate::urls;
use serde::Serialize;

/// A list page's context; `unit` and `upcoming` are set (empty) for every list,
/// so the shared template can test them.
fn list_context(page: &PageMeta, list: &ListView) -> tera::Context {
    let mut ctx = context(page);
    ctx.insert("list", list);
    ctx.insert("unit", &Option::<()>::None);
    ctx.insert("upcoming", &Vec::<()>::new());
    ctx.insert("upcoming_is_future", &false);
    ctx
}

#[derive(Serialize)]
struct ListView<'a> {
    /// What kind of list, in the theme's words ("Chuyên mục", "Lĩnh vực"…).
    kind: &'a str,
    title: String,
    description: &'a str,
    items: Vec<tera::Value>,
    /// The entries of `items` as `partials/item.html` renders them, one
    /// after the other (already HTML).
    items_html: tera::Value,
    count: usize,
    pagination: Pagination,
    feed_url: String,
    leaflet_url: Option<String>,
}

fn list_page<'a>(
    r: &'a Renderer,
    kind: &'a str,
    base: &str,
    title: &str,
    description: &'a str,
    articles: &[usize],
    n: usize,
) -> Result<(PageMeta, ListView<'a>), String> {
    let site = r.site;
    let per_page = site.config.per_page;
    let total = page_count(articles.len(), per_page);
    let path = urls::paginated(base, n);
    let plain = strip_tags(description);
    let mut page = meta(site, &path, title, if plain.is_empty() { title } else { &plain });
    if n > 1 {
        page.title = format!("{title} – Trang {n}");
        page.page_number = Some(n);
    }
    let feed_url = site.config.url(&format!("{base}{}", urls::RSS));
    page.feed = Some(Link { title: format!("{title} (RSS)"), url: feed_url.clone() });
    let shown = articles.iter().skip((n - 1) * per_page).take(per_page).copied();
    let items = r.item_values(shown.clone());
    let mut items_html = String::new();
    if r.lists_use_item_html {
        items_html.reserve(items.len() * 1024);
        for i in shown {
            items_html.push_str(r.item_html(i)?);
        }
    }
    let list = ListView {
        kind,
        title: title.to_string(),
        description,
        items,
        items_html: tera::Value::safe_string(&items_html),
        count: articles.len(),
        pagination: views::pagination(site, base, n, total),
        feed_url,
        leaflet_url: None,
    };
    Ok((page, list))
}

pub(super) fn section_list(r: &Renderer, s: usize, n: usize) -> Result<tera::Context, String> {
    let site = r.site;
    let section = &site.sections[s];
    let base = format!("{}/", section.key);
    let (mut page, list) = list_page(r, r.strings.get("kind_section"), &base, &section.title, &r.bodies.sections[s], &section.articles, n)?;
    page.nav_key = section.key.clone();
    page.breadcrumbs = vec![home_crumb(r)];
    Ok(list_context(&page, &list))
}

pub(super) fn areas_index(r: &Renderer) -> tera::Context {
    let site = r.site;
    let count = site.config.areas.len().to_string();
    let description = r.strings.fill("areas_description", &[("count", &count)]);
    let page = top_meta(r, urls::AREAS, r.strings.get("areas_title"), &description);
    let mut ctx = context(&page);
    ctx.insert("areas", &area_cards(r, 3));
    ctx
}

pub(super) fn area_list(r: &Renderer, a: usize, n: usize) -> Result<tera::Context, String> {
    let site = r.site;
    let area = &site.config.areas[a];
    let base = urls::area(&area.key);
    let (mut page, mut list) = list_page(r, r.strings.get("kind_area"), &base, &area.name, &r.bodies.areas[a], &site.by_area[a], n)?;
    list.leaflet_url = Some(site.config.url(&urls::leaflet(&base)));
    page.nav_key = urls::AREAS.into();
    page.breadcrumbs = vec![home_crumb(r), top_crumb(r, urls::AREAS, "kind_area")];
    let mut ctx = list_context(&page, &list);
    let (upcoming, is_future) = upcoming(r, HOME_UPCOMING, Some(a));
    ctx.insert("upcoming", &if n == 1 { upcoming } else { Vec::new() });
    ctx.insert("upcoming_is_future", &is_future);
    Ok(ctx)
}

#[derive(Serialize)]
struct TagView {
    name: String,
    url: String,
    count: usize,
    /// 1 (rare) to 5 (frequent), for the tag cloud.
    weight: usize,
}

pub(super) fn tags_index(r: &Renderer) -> tera::Context {
    let site = r.site;
    let page = top_meta(r, urls::TAGS, r.strings.get("tags_title"), r.strings.get("tags_description"));
    let max = site.tags.iter().map(|t| t.articles.len()).max().unwrap_or(1);
    // `site.tags` is in slug order already.
    let tags: Vec<TagView> = site
        .tags
        .iter()
        .map(|t| TagView {
            name: t.name.clone(),
            url: site.config.url(&urls::tag(&t.slug)),
            count: t.articles.len(),
            weight: 1 + (t.articles.len() * 4) / max.max(1),
        })
        .collect();
    let mut ctx = context(&page);
    ctx.insert("tags", &tags);
    ctx
}

pub(super) fn tag_list(r: &Renderer, t: usize, n: usize) -> Result<tera::Context, String> {
    let site = r.site;
    let tag = &site.tags[t];
    let (mut page, list) = list_page(r, r.strings.get("kind_tag"), &urls::tag(&tag.slug), &tag.name, "", &tag.articles, n)?;
    page.breadcrumbs = vec![home_crumb(r), top_crumb(r, urls::TAGS, "kind_tag")];
    page.nav_key = urls::TAGS.into();
    Ok(list_context(&page, &list))
}

#[derive(Serialize)]
struct UnitCard {
    #[serde(flatten)]
    term: Term,
    short: Option<String>,
    articles: usize,
    led: usize,
    joined: usize,
}

pub(super) fn units_index(r: &Renderer) -> tera::Context {
    let site = r.site;
    let page = top_meta(r, urls::UNITS, r.strings.get("units_title"), r.strings.get("units_description"));
    let units: Vec<UnitCard> = site
        .config
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| UnitCard {
            term: views::units(site, &[u]).remove(0),
            short: unit.short.clone(),
            articles: site.by_unit[u].len(),
            led: site.calendar.activities.iter().filter(|a| a.lead == Some(u)).count(),
            joined: site.calendar.activities.iter().filter(|a| a.partners.contains(&u)).count(),
        })
        .collect();
    let mut ctx = context(&page);
    ctx.insert("units", &units);
    ctx
}

pub(super) fn unit_list(r: &Renderer, u: usize, n: usize) -> Result<tera::Context, String> {
    let site = r.site;
    let unit = &site.config.units[u];
    let (mut page, list) = list_page(r, r.strings.get("kind_unit"), &urls::unit(&unit.key), &unit.name, "", &site.by_unit[u], n)?;
    page.breadcrumbs = vec![home_crumb(r), top_crumb(r, urls::UNITS, "kind_unit")];
    let mut ctx = list_context(&page, &list);
    let (led, joined): (Vec<ActivityItem>, Vec<ActivityItem>) = if n == 1 {
        let led = (0..site.calendar.activities.len())
            .filter(|&a| site.calendar.activities[a].lead == Some(u))
            .map(|a| activity_item(r, a))
            .collect();
        let joined = (0..site.calendar.activities.len())
            .filter(|&a| site.calendar.activities[a].partners.contains(&u))
            .map(|a| activity_item(r, a))
            .collect();
        (led, joined)
    } else {
        (Vec::new(), Vec::new())
    };
    ctx.insert("unit", &serde_json::json!({ "short": unit.short, "led": serde_json::to_value(&led).unwrap_or_default(), "joined": serde_json::to_value(&joined).unwrap_or_default() }));
    Ok(ctx)
}
