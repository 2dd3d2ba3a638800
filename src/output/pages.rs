//! HTML pages: for each page [`Job`], the template and the context it sees.
//! Pure: `&Renderer` in, HTML out.

use super::{Job, page_count};
use crate::calendar::progress::{self, Row, When};
use crate::calendar::{Per, Status};
use crate::dates;
use crate::render::Renderer;
use crate::render::views::{self, ArticleItem, Image, Link, OccurrenceView, Pagination, Term};
use crate::site::Site;
use crate::urls;
use chrono::Datelike;
use serde::Serialize;
use std::collections::BTreeMap;

/// How many upcoming occurrences the home page shows.
pub const HOME_UPCOMING: usize = 5;

/// What every page template gets as `page`.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// Root-relative URL of this page.
    pub url: String,
    pub permalink: String,
    /// Which menu entry is current.
    pub nav_key: String,
    pub breadcrumbs: Vec<Link>,
    pub og_type: &'static str,
    pub image: Option<Image>,
    /// JSON-LD, already serialized.
    pub json_ld: Option<String>,
    /// The RSS feed of what this page lists.
    pub feed: Option<Link>,
    pub noindex: bool,
    /// Set on page 2 and later of a list.
    pub page_number: Option<usize>,
}

fn meta(site: &Site, path: &str, title: &str, description: &str) -> PageMeta {
    PageMeta {
        title: title.to_string(),
        description: description.to_string(),
        url: site.config.url(path),
        permalink: site.config.permalink(path),
        og_type: "website",
        ..PageMeta::default()
    }
}

fn home_crumb(site: &Site) -> Link {
    Link { title: "Trang chủ".into(), url: site.config.url("") }
}

/// The template of an HTML page job; `None` for feeds, calendars and CSV.
pub fn template_of(job: &Job) -> Option<&'static str> {
    Some(match job {
        Job::Home => "index.html",
        Job::Article(_) => "article.html",
        Job::Page(_) => "page.html",
        Job::Section { .. } | Job::Area { .. } | Job::Tag { .. } | Job::Unit { .. } => "list.html",
        Job::Areas => "areas.html",
        Job::Tags => "tags.html",
        Job::Units => "units.html",
        Job::Calendar => "calendar.html",
        Job::Activity(_) => "activity.html",
        Job::Report => "report.html",
        Job::ArticleLeaflet(_) => "leaflet.html",
        Job::AreaLeaflet(_) => "area_leaflet.html",
        Job::NotFound => "404.html",
        _ => return None,
    })
}

/// Renders the page of `job` with its template.
pub fn render_page(r: &Renderer, job: &Job) -> Result<Vec<u8>, String> {
    let template = template_of(job).ok_or_else(|| format!("{job:?} is not an HTML page"))?;
    let mut context = match *job {
        Job::Home => home(r),
        Job::Article(i) => article(r, i),
        Job::Page(i) => page(r, i),
        Job::Section { section, page } => section_list(r, section, page),
        Job::Areas => areas_index(r),
        Job::Area { area, page } => area_list(r, area, page),
        Job::Tags => tags_index(r),
        Job::Tag { tag, page } => tag_list(r, tag, page),
        Job::Units => units_index(r),
        Job::Unit { unit, page } => unit_list(r, unit, page),
        Job::Calendar => calendar(r),
        Job::Activity(a) => activity(r, a),
        Job::Report => report(r),
        Job::ArticleLeaflet(i) => super::leaflet::article_leaflet(r, i),
        Job::AreaLeaflet(a) => super::leaflet::area_leaflet(r, a),
        Job::NotFound => not_found(r),
        _ => unreachable!("template_of names only pages"),
    };
    context.insert("template", template);
    // Straight into bytes: the output is written, never used as a String.
    let mut bytes = Vec::with_capacity(16 * 1024);
    r.tera
        .render_to(template, &context, &mut bytes)
        .map_err(|err| format!("{template}: {}", crate::render::templates::error_chain(&err)))?;
    Ok(bytes)
}

fn context(page: &PageMeta) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("page", page);
    ctx
}

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

/// An area with what its card shows.
#[derive(Serialize)]
struct AreaCard<'a> {
    #[serde(flatten)]
    term: Term,
    description: &'a str,
    count: usize,
    latest: Vec<&'a ArticleItem>,
    leaflet_url: String,
    feed_url: String,
}

fn area_cards<'a>(r: &'a Renderer, latest: usize) -> Vec<AreaCard<'a>> {
    let site = r.site;
    site.config
        .areas
        .iter()
        .enumerate()
        .map(|(a, area)| AreaCard {
            term: views::areas(site, &[a]).remove(0),
            description: &r.bodies.areas[a],
            count: site.by_area[a].len(),
            latest: site.by_area[a].iter().take(latest).map(|&i| r.item(i)).collect(),
            leaflet_url: site.config.url(&urls::leaflet(&urls::area(&area.key))),
            feed_url: site.config.url(&format!("{}{}", urls::area(&area.key), urls::RSS)),
        })
        .collect()
}

#[derive(Serialize)]
struct SectionBlock<'a> {
    #[serde(flatten)]
    term: Term,
    items: Vec<&'a ArticleItem>,
}

fn home(r: &Renderer) -> tera::Context {
    let site = r.site;
    let mut page = meta(site, "", &site.config.title, &site.config.description);
    page.feed = Some(Link { title: format!("{} (RSS)", site.config.title), url: site.config.url(urls::RSS) });
    page.json_ld = Some(json_ld(&serde_json::json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site.config.title,
        "url": site.config.base_url,
        "inLanguage": site.config.language,
        "publisher": publisher(site),
    })));
    let mut ctx = context(&page);
    let latest: Vec<&ArticleItem> = r.latest(site.config.per_page);
    ctx.insert("latest", &latest);
    ctx.insert("areas", &area_cards(r, 0));
    let sections: Vec<SectionBlock> = site
        .sections
        .iter()
        .filter(|s| !s.articles.is_empty())
        .map(|s| SectionBlock { term: views::section_term(site, &s.key), items: s.articles.iter().take(3).map(|&i| r.item(i)).collect() })
        .collect();
    ctx.insert("sections", &sections);
    let (upcoming, is_upcoming) = upcoming(site, HOME_UPCOMING, None);
    ctx.insert("upcoming", &upcoming);
    ctx.insert("upcoming_is_future", &is_upcoming);
    ctx.insert("intro", &r.bodies.home);
    ctx
}

/// The next `n` occurrences (of one area's activities when `area` is set); when
/// none is coming, the latest `n` past ones. The flag tells which.
pub fn upcoming(site: &Site, n: usize, area: Option<usize>) -> (Vec<OccurrenceView>, bool) {
    let now = site.now.naive_local();
    let in_area = |o: &&crate::calendar::Occurrence| {
        let activity = &site.calendar.activities[o.activity];
        area.is_none_or(|a| activity.areas.is_empty() || activity.areas.contains(&a))
    };
    let coming: Vec<OccurrenceView> = site
        .calendar
        .occurrences
        .iter()
        .filter(in_area)
        .filter(|o| o.start >= now && o.status != Status::Cancelled)
        .take(n)
        .map(|o| views::occurrence(site, o))
        .collect();
    if !coming.is_empty() {
        return (coming, true);
    }
    let mut past: Vec<OccurrenceView> = site
        .calendar
        .occurrences
        .iter()
        .rev()
        .filter(in_area)
        .filter(|o| o.start < now && o.status == Status::Held)
        .take(n)
        .map(|o| views::occurrence(site, o))
        .collect();
    past.reverse();
    (past, false)
}

fn publisher(site: &Site) -> serde_json::Value {
    serde_json::json!({
        "@type": "GovernmentOrganization",
        "name": site.config.publisher,
        "url": site.config.base_url,
    })
}

/// JSON for a `<script type="application/ld+json">`: `</` escaped so the text
/// cannot close the script element.
fn json_ld(value: &serde_json::Value) -> String {
    value.to_string().replace("</", "<\\/")
}

#[derive(Serialize)]
struct ArticleView<'a> {
    #[serde(flatten)]
    item: &'a ArticleItem,
    updated_vi: Option<String>,
    updated_iso: Option<String>,
    tags: Vec<Term>,
    units: Vec<Term>,
    content: &'a str,
    older: Option<Link>,
    newer: Option<Link>,
    leaflet_url: String,
    activities: Vec<Link>,
}

fn article(r: &Renderer, i: usize) -> tera::Context {
    let site = r.site;
    let doc = &site.articles[i];
    let item = r.item(i);
    let mut page = meta(site, &doc.path, &doc.title, &doc.summary);
    page.og_type = "article";
    page.nav_key = doc.section.clone();
    page.image = item.image.clone();
    page.breadcrumbs = vec![home_crumb(site), Link { title: item.section.name.clone(), url: item.section.url.clone() }];
    let date = doc.date.expect("articles have a date");
    let mut ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": doc.title,
        "description": doc.summary,
        "datePublished": dates::rfc3339(&date),
        "dateModified": dates::rfc3339(&doc.updated.unwrap_or(date)),
        "inLanguage": site.config.language,
        "mainEntityOfPage": page.permalink,
        "url": page.permalink,
        "author": publisher(site),
        "publisher": publisher(site),
        "articleSection": item.section.name,
        "keywords": doc.tags.join(", "),
    });
    if let Some(image) = &item.image {
        ld["image"] = serde_json::json!([image.permalink]);
    }
    page.json_ld = Some(json_ld(&ld));
    let link = |j: Option<usize>| j.map(|j| Link { title: site.articles[j].title.clone(), url: r.item(j).url.clone() });
    let view = ArticleView {
        item,
        updated_vi: doc.updated.map(|u| dates::long_vi(&u)),
        updated_iso: doc.updated.map(|u| dates::rfc3339(&u)),
        tags: views::tags(site, &doc.tags),
        units: views::units(site, &doc.units),
        content: &r.bodies.articles[i],
        older: link(site.older[i]),
        newer: link(site.newer[i]),
        leaflet_url: site.config.url(&urls::leaflet(&doc.path)),
        activities: doc
            .activities
            .iter()
            .filter_map(|id| site.calendar.activity_index(id))
            .map(|a| {
                let activity = &site.calendar.activities[a];
                Link { title: activity.title.clone(), url: site.config.url(&urls::activity(&activity.id)) }
            })
            .collect(),
    };
    let mut ctx = context(&page);
    ctx.insert("article", &view);
    ctx
}

fn page(r: &Renderer, i: usize) -> tera::Context {
    let site = r.site;
    let doc = &site.pages[i];
    let mut page = meta(site, &doc.path, &doc.title, &doc.summary);
    page.breadcrumbs = vec![home_crumb(site)];
    page.nav_key = doc.path.trim_end_matches('/').to_string();
    let mut ctx = context(&page);
    ctx.insert("content", &*r.bodies.pages[i]);
    ctx
}

#[derive(Serialize)]
struct ListView<'a> {
    /// What kind of list: "Chuyên mục", "Lĩnh vực", "Chủ đề", "Đơn vị".
    kind: &'static str,
    title: String,
    description: &'a str,
    items: Vec<&'a ArticleItem>,
    count: usize,
    pagination: Pagination,
    feed_url: String,
    leaflet_url: Option<String>,
}

fn list_page<'a>(
    r: &'a Renderer,
    kind: &'static str,
    base: &str,
    title: &str,
    description: &'a str,
    articles: &[usize],
    n: usize,
) -> (PageMeta, ListView<'a>) {
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
    let items = articles.iter().skip((n - 1) * per_page).take(per_page).map(|&i| r.item(i)).collect();
    let list = ListView {
        kind,
        title: title.to_string(),
        description,
        items,
        count: articles.len(),
        pagination: views::pagination(site, base, n, total),
        feed_url,
        leaflet_url: None,
    };
    (page, list)
}

fn section_list(r: &Renderer, s: usize, n: usize) -> tera::Context {
    let site = r.site;
    let section = &site.sections[s];
    let base = format!("{}/", section.key);
    let (mut page, list) = list_page(r, "Chuyên mục", &base, &section.title, &r.bodies.sections[s], &section.articles, n);
    page.nav_key = section.key.clone();
    page.breadcrumbs = vec![home_crumb(site)];
    let ctx = list_context(&page, &list);
    ctx
}

fn areas_index(r: &Renderer) -> tera::Context {
    let site = r.site;
    let mut page = meta(
        site,
        &format!("{}/", urls::AREAS),
        "Các lĩnh vực cải cách hành chính",
        "Sáu lĩnh vực của công tác cải cách hành chính nhà nước",
    );
    page.nav_key = urls::AREAS.into();
    page.breadcrumbs = vec![home_crumb(site)];
    let mut ctx = context(&page);
    ctx.insert("areas", &area_cards(r, 3));
    ctx
}

fn area_list(r: &Renderer, a: usize, n: usize) -> tera::Context {
    let site = r.site;
    let area = &site.config.areas[a];
    let base = urls::area(&area.key);
    let (mut page, mut list) = list_page(r, "Lĩnh vực", &base, &area.name, &r.bodies.areas[a], &site.by_area[a], n);
    list.leaflet_url = Some(site.config.url(&urls::leaflet(&base)));
    page.nav_key = urls::AREAS.into();
    page.breadcrumbs = vec![home_crumb(site), Link { title: "Lĩnh vực".into(), url: site.config.url(&format!("{}/", urls::AREAS)) }];
    let mut ctx = list_context(&page, &list);
    let (upcoming, is_future) = upcoming(site, HOME_UPCOMING, Some(a));
    ctx.insert("upcoming", &if n == 1 { upcoming } else { Vec::new() });
    ctx.insert("upcoming_is_future", &is_future);
    ctx
}

#[derive(Serialize)]
struct TagView {
    name: String,
    url: String,
    count: usize,
    /// 1 (rare) to 5 (frequent), for the tag cloud.
    weight: usize,
}

fn tags_index(r: &Renderer) -> tera::Context {
    let site = r.site;
    let mut page = meta(site, &format!("{}/", urls::TAGS), "Chủ đề", "Các chủ đề được đề cập trong tin bài");
    page.breadcrumbs = vec![home_crumb(site)];
    let max = site.tags.iter().map(|t| t.articles.len()).max().unwrap_or(1);
    let mut tags: Vec<TagView> = site
        .tags
        .iter()
        .map(|t| TagView {
            name: t.name.clone(),
            url: site.config.url(&urls::tag(&t.slug)),
            count: t.articles.len(),
            weight: 1 + (t.articles.len() * 4) / max.max(1),
        })
        .collect();
    tags.sort_by(|a, b| crate::slug::slugify(&a.name).cmp(&crate::slug::slugify(&b.name)).then_with(|| a.name.cmp(&b.name)));
    let mut ctx = context(&page);
    ctx.insert("tags", &tags);
    ctx
}

fn tag_list(r: &Renderer, t: usize, n: usize) -> tera::Context {
    let site = r.site;
    let tag = &site.tags[t];
    let (mut page, list) = list_page(r, "Chủ đề", &urls::tag(&tag.slug), &tag.name, "", &tag.articles, n);
    page.breadcrumbs = vec![home_crumb(site), Link { title: "Chủ đề".into(), url: site.config.url(&format!("{}/", urls::TAGS)) }];
    let ctx = list_context(&page, &list);
    ctx
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

fn units_index(r: &Renderer) -> tera::Context {
    let site = r.site;
    let mut page = meta(site, &format!("{}/", urls::UNITS), "Đơn vị thực hiện", "Các cơ quan, đơn vị được giao nhiệm vụ trong Kế hoạch");
    page.breadcrumbs = vec![home_crumb(site)];
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

/// An activity as a unit page or the calendar lists it.
#[derive(Serialize)]
struct ActivityItem {
    title: String,
    url: String,
    target_vi: Option<String>,
    held: usize,
    next: Option<OccurrenceView>,
}

fn activity_item(site: &Site, a: usize) -> ActivityItem {
    let activity = &site.calendar.activities[a];
    let now = site.now.naive_local();
    ActivityItem {
        title: activity.title.clone(),
        url: site.config.url(&urls::activity(&activity.id)),
        target_vi: activity.target.map(|t| format!("{} lần/{}", t.count, t.per.name_vi())),
        held: site.calendar.occurrences_of(a).filter(|o| o.status == Status::Held).count(),
        next: site.calendar.occurrences_of(a).find(|o| o.start >= now && o.status != Status::Cancelled).map(|o| views::occurrence(site, o)),
    }
}

fn unit_list(r: &Renderer, u: usize, n: usize) -> tera::Context {
    let site = r.site;
    let unit = &site.config.units[u];
    let (mut page, list) = list_page(r, "Đơn vị", &urls::unit(&unit.key), &unit.name, "", &site.by_unit[u], n);
    page.breadcrumbs = vec![home_crumb(site), Link { title: "Đơn vị".into(), url: site.config.url(&format!("{}/", urls::UNITS)) }];
    let mut ctx = list_context(&page, &list);
    let (led, joined): (Vec<ActivityItem>, Vec<ActivityItem>) = if n == 1 {
        let led = (0..site.calendar.activities.len())
            .filter(|&a| site.calendar.activities[a].lead == Some(u))
            .map(|a| activity_item(site, a))
            .collect();
        let joined = (0..site.calendar.activities.len())
            .filter(|&a| site.calendar.activities[a].partners.contains(&u))
            .map(|a| activity_item(site, a))
            .collect();
        (led, joined)
    } else {
        (Vec::new(), Vec::new())
    };
    ctx.insert("unit", &serde_json::json!({ "short": unit.short, "led": serde_json::to_value(&led).unwrap_or_default(), "joined": serde_json::to_value(&joined).unwrap_or_default() }));
    ctx
}

#[derive(Serialize)]
struct MonthView {
    id: String,
    title: String,
    occurrences: Vec<OccurrenceView>,
    count: usize,
}

fn calendar(r: &Renderer) -> tera::Context {
    let site = r.site;
    let mut page = meta(
        site,
        &format!("{}/", urls::CALENDAR),
        "Lịch hoạt động thông tin, tuyên truyền",
        "Lịch các hoạt động của Kế hoạch thông tin, tuyên truyền về cải cách hành chính",
    );
    page.nav_key = urls::CALENDAR.into();
    page.breadcrumbs = vec![home_crumb(site)];
    let today = site.now.date_naive();
    let this_month = (today.year(), today.month());
    let mut months: BTreeMap<(i32, u32), Vec<OccurrenceView>> = BTreeMap::new();
    for o in &site.calendar.occurrences {
        let d = o.date();
        months.entry((d.year(), d.month())).or_default().push(views::occurrence(site, o));
    }
    let to_view = |((y, m), occurrences): ((i32, u32), Vec<OccurrenceView>)| MonthView {
        id: format!("thang-{y}-{m:02}"),
        title: dates::month_vi(y, m),
        count: occurrences.len(),
        occurrences,
    };
    let (past, coming): (Vec<_>, Vec<_>) = months.into_iter().partition(|(key, _)| *key < this_month);
    let coming: Vec<MonthView> = coming.into_iter().map(to_view).collect();
    let past: Vec<MonthView> = past.into_iter().rev().map(to_view).collect();
    let tasks: Vec<ActivityItem> = (0..site.calendar.activities.len())
        .filter(|&a| site.calendar.occurrences_of(a).next().is_none())
        .map(|a| activity_item(site, a))
        .collect();
    let activities: Vec<ActivityItem> = (0..site.calendar.activities.len()).map(|a| activity_item(site, a)).collect();
    let mut ctx = context(&page);
    ctx.insert("coming", &coming);
    ctx.insert("past", &past);
    ctx.insert("tasks", &tasks);
    ctx.insert("activities", &activities);
    ctx.insert("today_vi", &dates::date_long_vi(today));
    ctx
}

/// One row of a progress table.
#[derive(Serialize)]
pub struct RowView {
    pub code: String,
    pub name: String,
    pub held: u32,
    pub planned: u32,
    pub required: Option<u32>,
    /// "met", "missed", "open" (current or future, not met yet) or "none".
    pub state: &'static str,
    pub state_vi: &'static str,
    pub is_current: bool,
}

pub fn row_view(row: &Row) -> RowView {
    let (state, state_vi) = match (row.met(), row.when) {
        (None, _) => ("none", ""),
        (Some(true), _) => ("met", "Đạt"),
        (Some(false), When::Past) => ("missed", "Chưa đạt"),
        (Some(false), When::Current) => ("open", "Đang thực hiện"),
        (Some(false), When::Future) => ("open", "Chưa đến kỳ"),
    };
    RowView {
        code: row.period.code(),
        name: row.period.name_vi(),
        held: row.held,
        planned: row.planned,
        required: row.required,
        state,
        state_vi,
        is_current: row.when == When::Current,
    }
}

/// Rows grouped by period kind, for tables.
#[derive(Serialize)]
pub struct RowGroup {
    pub per: &'static str,
    pub title: &'static str,
    pub rows: Vec<RowView>,
}

pub fn row_groups(rows: &[Row]) -> Vec<RowGroup> {
    let mut groups: Vec<RowGroup> = Vec::new();
    for row in rows {
        let per = row.period.per;
        if groups.last().is_none_or(|g| g.per != per.key()) {
            groups.push(RowGroup { per: per.key(), title: per_title(per), rows: Vec::new() });
        }
        groups.last_mut().expect("just pushed").rows.push(row_view(row));
    }
    groups
}

fn per_title(per: Per) -> &'static str {
    match per {
        Per::Week => "Theo tuần",
        Per::Month => "Theo tháng",
        Per::Quarter => "Theo quý",
        Per::Half => "Theo 6 tháng",
        Per::Year => "Cả năm",
    }
}

#[derive(Serialize)]
struct ActivityView<'a> {
    id: String,
    title: String,
    description: &'a str,
    lead: Option<Term>,
    partners: Vec<Term>,
    areas: Vec<Term>,
    all_areas: bool,
    channel_vi: Option<&'static str>,
    target_vi: Option<String>,
    ics_url: String,
    webcal_url: String,
    rule_vi: Option<String>,
    coming: Vec<OccurrenceView>,
    past: Vec<OccurrenceView>,
    held: usize,
    groups: Vec<RowGroup>,
    articles: Vec<&'a ArticleItem>,
}

fn activity(r: &Renderer, a: usize) -> tera::Context {
    let site = r.site;
    let activity = &site.calendar.activities[a];
    let path = urls::activity(&activity.id);
    let plain = strip_tags(&r.bodies.activities[a]);
    let mut page = meta(site, &path, &activity.title, if plain.is_empty() { &activity.title } else { &plain });
    page.nav_key = urls::CALENDAR.into();
    page.breadcrumbs =
        vec![home_crumb(site), Link { title: "Lịch hoạt động".into(), url: site.config.url(&format!("{}/", urls::CALENDAR)) }];
    let now = site.now.naive_local();
    let (past, coming): (Vec<_>, Vec<_>) = site.calendar.occurrences_of(a).partition(|o| o.start < now);
    let ics = format!("{path}{}", urls::ICS);
    let rows = progress::target_rows(&site.calendar, a, site.now.date_naive());
    let view = ActivityView {
        id: activity.id.clone(),
        title: activity.title.clone(),
        description: &r.bodies.activities[a],
        lead: activity.lead.map(|u| views::units(site, &[u]).remove(0)),
        partners: views::units(site, &activity.partners),
        areas: views::areas(site, &activity.areas),
        all_areas: activity.areas.is_empty(),
        channel_vi: activity.channel.map(|c| c.name_vi()),
        target_vi: activity.target.map(|t| format!("{} lần/{}", t.count, t.per.name_vi())),
        ics_url: site.config.url(&ics),
        webcal_url: views::webcal(&site.config.permalink(&ics)),
        rule_vi: activity.repeat.as_ref().map(rule_vi),
        held: past.iter().filter(|o| o.status == Status::Held).count(),
        coming: coming.into_iter().map(|o| views::occurrence(site, o)).collect(),
        past: past.into_iter().rev().map(|o| views::occurrence(site, o)).collect(),
        groups: row_groups(&rows),
        articles: site.by_activity[a].iter().map(|&i| r.item(i)).collect(),
    };
    let mut ctx = context(&page);
    ctx.insert("activity", &view);
    ctx
}

/// A repeat rule in words: "Hằng tuần vào Thứ Bảy, 20:00 (15 phút), từ 01/01/2022 đến 31/12/2022".
pub fn rule_vi(rule: &crate::calendar::Repeat) -> String {
    use crate::calendar::Every;
    let every = match (rule.every, rule.interval) {
        (Every::Day, 1) => "Hằng ngày".to_string(),
        (Every::Week, 1) => "Hằng tuần".to_string(),
        (Every::Month, 1) => "Hằng tháng".to_string(),
        (Every::Quarter, 1) => "Hằng quý".to_string(),
        (Every::Year, 1) => "Hằng năm".to_string(),
        (Every::Day, n) => format!("{n} ngày một lần"),
        (Every::Week, n) => format!("{n} tuần một lần"),
        (Every::Month, n) => format!("{n} tháng một lần"),
        (Every::Quarter, n) => format!("{n} quý một lần"),
        (Every::Year, n) => format!("{n} năm một lần"),
    };
    let mut text = every;
    if rule.every == Every::Week {
        let days: Vec<&str> = if rule.weekdays.is_empty() {
            vec![dates::weekday_vi(rule.from.weekday())]
        } else {
            rule.weekdays.iter().map(|d| dates::weekday_vi(*d)).collect()
        };
        text.push_str(&format!(" vào {}", days.join(", ")));
    }
    if let Some(time) = rule.time {
        text.push_str(&format!(", {}", time.format("%H:%M")));
    }
    if let Some(m) = rule.minutes {
        text.push_str(&format!(" ({m} phút)"));
    }
    text.push_str(&format!(", từ {} đến {}", rule.from.format("%d/%m/%Y"), rule.until.format("%d/%m/%Y")));
    if !rule.except.is_empty() {
        let except: Vec<String> = rule.except.iter().map(|d| d.format("%d/%m/%Y").to_string()).collect();
        text.push_str(&format!("; trừ {}", except.join(", ")));
    }
    text
}

fn report(r: &Renderer) -> tera::Context {
    let site = r.site;
    let mut page = meta(
        site,
        &format!("{}/", urls::REPORT),
        "Báo cáo tiến độ thực hiện Kế hoạch",
        "Số hoạt động đã thực hiện so với yêu cầu của Kế hoạch, theo quý và 6 tháng",
    );
    page.nav_key = urls::REPORT.into();
    page.breadcrumbs = vec![home_crumb(site)];
    let mut ctx = context(&page);
    ctx.insert("report", &super::report::report_view(site));
    ctx
}

fn not_found(r: &Renderer) -> tera::Context {
    let site = r.site;
    let mut page = meta(site, urls::NOT_FOUND, "Không tìm thấy trang", "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.");
    page.noindex = true;
    let mut ctx = context(&page);
    let latest: Vec<&ArticleItem> = r.latest(5);
    ctx.insert("latest", &latest);
    ctx
}

/// Plain text of a small HTML fragment, for meta descriptions.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
