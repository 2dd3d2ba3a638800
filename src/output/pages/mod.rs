//! HTML pages: for each page [`Job`], the template and the context it sees.
//! Pure: `&Renderer` in, HTML out.

mod indices;
mod lists;
mod plan;

pub use indices::render_index_csv;
pub use plan::{RowGroup, RowView, row_groups, row_view, rule_vi};

use super::Job;
use crate::calendar::Status;
use crate::dates;
use crate::render::Renderer;
use crate::render::views::{self, Fields, Image, Link, OccurrenceView, Term};
use crate::site::Site;
use crate::urls;
use serde::Serialize;

/// How many upcoming occurrences the home page shows.
pub const HOME_UPCOMING: usize = 5;

/// How many topics (tags) the home page lists.
const HOME_TAGS: usize = 8;

/// What every page template gets as `page`.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// Root-relative URL of this page.
    pub url: String,
    pub permalink: String,
    /// The page search engines should index instead of this one (a leaflet
    /// names the page it prints); empty for the page itself.
    pub canonical: String,
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

/// The page meta of a top-level page (`/linh-vuc/`, `/lich/`, …): its menu
/// entry is `segment`, its breadcrumb the home page.
fn top_meta(r: &Renderer, segment: &str, title: &str, description: &str) -> PageMeta {
    let mut page = meta(r.site, &format!("{segment}/"), title, description);
    page.nav_key = segment.to_string();
    page.breadcrumbs = vec![home_crumb(r)];
    page
}

fn home_crumb(r: &Renderer) -> Link {
    Link { title: r.strings.get("home").into(), url: r.site.config.url("") }
}

/// The crumb of a top-level list page (`linh-vuc/`…), named by the theme.
fn top_crumb(r: &Renderer, segment: &str, key: &str) -> Link {
    Link { title: r.strings.get(key).into(), url: r.site.config.url(&format!("{segment}/")) }
}

/// The template of an HTML page job; `None` for feeds, calendars and CSV.
pub fn template_of(job: &Job) -> Option<&'static str> {
    Some(match job {
        Job::Home => "index.html",
        Job::Article(_) => "article.html",
        Job::Page(_) => "page.html",
        Job::Section { .. } | Job::Area { .. } | Job::Tag { .. } | Job::Unit { .. } => crate::render::templates::LIST_TEMPLATE,
        Job::Areas => "areas.html",
        Job::Tags => "tags.html",
        Job::Units => "units.html",
        Job::Calendar => "calendar.html",
        Job::Activity(_) => "activity.html",
        Job::Report => "report.html",
        Job::Search => "search.html",
        Job::Indices => "reform_indices.html",
        Job::Index(_) => "reform_index.html",
        Job::ArticleLeaflet(_) => "leaflet.html",
        Job::AreaLeaflet(_) => "area_leaflet.html",
        Job::NotFound => "404.html",
        _ => return None,
    })
}

/// Renders the page of `job` with its template.
pub fn render_page(r: &Renderer, job: &Job) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(16 * 1024);
    render_page_into(r, job, &mut bytes)?;
    Ok(bytes)
}

/// [`render_page`] appending to `bytes` (a buffer kept by the caller).
pub fn render_page_into(r: &Renderer, job: &Job, bytes: &mut Vec<u8>) -> Result<(), String> {
    let template = template_of(job).ok_or_else(|| format!("{job:?} is not an HTML page"))?;
    let mut context = match *job {
        Job::Home => home(r),
        Job::Article(i) => article(r, i),
        Job::Page(i) => page(r, i),
        Job::Section { section, page } => lists::section_list(r, section, page)?,
        Job::Areas => lists::areas_index(r),
        Job::Area { area, page } => lists::area_list(r, area, page)?,
        Job::Tags => lists::tags_index(r),
        Job::Tag { tag, page } => lists::tag_list(r, tag, page)?,
        Job::Units => lists::units_index(r),
        Job::Unit { unit, page } => lists::unit_list(r, unit, page)?,
        Job::Calendar => plan::calendar(r),
        Job::Activity(a) => plan::activity(r, a),
        Job::Report => plan::report(r),
        Job::Search => search(r),
        Job::Indices => indices::indices(r),
        Job::Index(i) => indices::index(r, i),
        Job::ArticleLeaflet(i) => super::leaflet::article_leaflet(r, i),
        Job::AreaLeaflet(a) => super::leaflet::area_leaflet(r, a),
        Job::NotFound => not_found(r),
        _ => unreachable!("template_of names only pages"),
    };
    context.insert("template", template);
    context.insert_value("site_nav", site_nav(r, &context)?);
    render_into(r, template, &context, bytes)?;
    match *job {
        Job::Article(i) => r.article_done(i),
        Job::ArticleLeaflet(i) => r.leaflet_done(i),
        _ => {}
    }
    Ok(())
}

/// The menu of the page of `context`, for its menu entry and URL.
fn site_nav(r: &Renderer, context: &tera::Context) -> Result<tera::Value, String> {
    let page = context.get("page").and_then(tera::Value::as_map);
    let field = |name: &'static str| page.and_then(|p| p.get(&tera::value::Key::Str(name))).and_then(tera::Value::as_str).unwrap_or("");
    r.site_nav(field("nav_key"), field("url"))
}

fn render_into(r: &Renderer, template: &str, context: &tera::Context, bytes: &mut Vec<u8>) -> Result<(), String> {
    r.tera.render_to(template, context, bytes).map_err(|err| format!("{template}: {}", crate::render::templates::error_chain(&err)))
}

fn context(page: &PageMeta) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("page", page);
    ctx
}

/// An area with what its card shows.
#[derive(Serialize)]
struct AreaCard<'a> {
    #[serde(flatten)]
    term: Term,
    description: &'a str,
    count: usize,
    latest: Vec<tera::Value>,
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
            latest: r.item_values(site.by_area[a].iter().take(latest).copied()),
            leaflet_url: site.config.url(&urls::leaflet(&urls::area(&area.key))),
            feed_url: site.config.url(&format!("{}{}", urls::area(&area.key), urls::RSS)),
        })
        .collect()
}

/// A tag with its number of articles, for the home page.
#[derive(Serialize)]
struct TagCount {
    name: String,
    url: String,
    count: usize,
}

/// The `n` tags with the most articles, most first (ties in slug order).
fn top_tags(site: &Site, n: usize) -> Vec<TagCount> {
    let mut tags: Vec<&crate::site::Tag> = site.tags.iter().collect();
    tags.sort_by_key(|t| std::cmp::Reverse(t.articles.len()));
    tags.into_iter()
        .take(n)
        .map(|t| TagCount { name: t.name.clone(), url: site.config.url(&urls::tag(&t.slug)), count: t.articles.len() })
        .collect()
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
    ctx.insert("latest", &r.latest(site.config.per_page));
    ctx.insert("areas", &area_cards(r, 0));
    // Sections as links only: each article shows once on the home page.
    let sections: Vec<Term> = site.sections.iter().filter(|s| !s.articles.is_empty()).map(|s| views::section_term(site, &s.key)).collect();
    ctx.insert("sections", &sections);
    ctx.insert("top_tags", &top_tags(site, HOME_TAGS));
    let (upcoming, is_upcoming) = upcoming(r, HOME_UPCOMING, None);
    ctx.insert("upcoming", &upcoming);
    ctx.insert("upcoming_is_future", &is_upcoming);
    ctx.insert("intro", &r.bodies.home);
    ctx
}

/// The next `n` occurrences (of one area's activities when `area` is set); when
/// none is coming, the latest `n` past ones. The flag tells which.
pub fn upcoming(r: &Renderer, n: usize, area: Option<usize>) -> (Vec<OccurrenceView>, bool) {
    let site = r.site;
    let now = site.now.naive_local();
    let in_area = |o: &&crate::calendar::Occurrence| {
        let activity = &site.calendar.activities[o.activity];
        // Internal tasks are for the report, not for residents.
        activity.is_public && area.is_none_or(|a| activity.areas.is_empty() || activity.areas.contains(&a))
    };
    let coming: Vec<OccurrenceView> = site
        .calendar
        .occurrences
        .iter()
        .filter(in_area)
        .filter(|o| o.start >= now && o.status != Status::Cancelled)
        .take(n)
        .map(|o| views::occurrence(site, r.strings, o))
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
        .map(|o| views::occurrence(site, r.strings, o))
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
    close_safe(value.to_string())
}

/// [`json_ld`] of a struct, serialized without a `serde_json::Value` tree.
fn json_ld_of(value: &impl Serialize) -> String {
    close_safe(serde_json::to_string(value).expect("JSON-LD has string keys"))
}

/// `json` with `</` escaped, copied only when it has one.
fn close_safe(json: String) -> String {
    if json.contains("</") { json.replace("</", "<\\/") } else { json }
}

/// What [`publisher`] writes, borrowed.
#[derive(Serialize)]
struct Publisher<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: &'a str,
}

/// An article page's schema.org `NewsArticle`. The fields are in the order
/// of their names, as in a `serde_json::Value` map, which the other pages'
/// JSON-LD is written from.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticleLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    article_section: &'a str,
    author: &'a Publisher<'a>,
    date_modified: String,
    date_published: String,
    description: &'a str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<[&'a str; 1]>,
    in_language: &'a str,
    keywords: String,
    main_entity_of_page: &'a str,
    publisher: &'a Publisher<'a>,
    url: &'a str,
}

fn article(r: &Renderer, i: usize) -> tera::Context {
    let site = r.site;
    let doc = &site.articles[i];
    let item = r.item(i);
    let mut page = meta(site, &doc.path, &doc.title, &doc.summary);
    page.og_type = "article";
    page.nav_key = doc.section.clone();
    page.image = item.image.clone();
    page.breadcrumbs = vec![home_crumb(r), Link { title: item.section.name.clone(), url: item.section.url.clone() }];
    let date = doc.date;
    let publisher = Publisher { kind: "GovernmentOrganization", name: &site.config.publisher, url: &site.config.base_url };
    let ld = NewsArticleLd {
        context: "https://schema.org",
        kind: "NewsArticle",
        article_section: &item.section.name,
        author: &publisher,
        date_modified: dates::rfc3339(&doc.updated.unwrap_or(date)),
        date_published: dates::rfc3339(&date),
        description: &doc.summary,
        headline: &doc.title,
        image: item.image.as_ref().map(|image| [image.permalink.as_str()]),
        in_language: &site.config.language,
        keywords: doc.tags.join(", "),
        main_entity_of_page: &page.permalink,
        publisher: &publisher,
        url: &page.permalink,
    };
    page.json_ld = Some(json_ld_of(&ld));
    let link = |j: Option<usize>| j.map(|j| Link { title: site.articles[j].title.clone(), url: r.item(j).url.clone() });
    let activities: Vec<Link> = doc
        .activities
        .iter()
        .filter_map(|id| site.calendar.activity_index(id))
        .map(|a| {
            let activity = &site.calendar.activities[a];
            Link { title: activity.title.clone(), url: site.config.url(&urls::activity(&activity.id)) }
        })
        .collect();
    // The list entry's fields are shared with the lists, not serialized again.
    let mut view = Fields::extend(&r.item_value(i));
    view.set("updated_vi", doc.updated.map(|u| r.strings.long_time(&u)));
    view.set("updated_iso", doc.updated.map(|u| dates::rfc3339(&u)));
    view.set("tags", r.tag_values(&doc.tag_slugs));
    view.set("units", r.unit_values(&doc.units));
    view.set("content", &*r.article_html(i));
    view.set_serialized("older", &link(site.older[i]));
    view.set_serialized("newer", &link(site.newer[i]));
    view.set("leaflet_url", site.config.url(&urls::leaflet(&doc.path)));
    view.set_serialized("activities", &activities);
    let mut ctx = context(&page);
    ctx.insert_value("article", view.into_value());
    ctx
}

fn page(r: &Renderer, i: usize) -> tera::Context {
    let site = r.site;
    let doc = &site.pages[i];
    let mut page = meta(site, &doc.path, &doc.title, &doc.summary);
    page.breadcrumbs = vec![home_crumb(r)];
    page.nav_key = doc.path.trim_end_matches('/').to_string();
    let mut ctx = context(&page);
    ctx.insert("content", &*r.bodies.pages[i]);
    ctx
}

/// The search page: the form, and the index folder for `search.js`.
fn search(r: &Renderer) -> tera::Context {
    let site = r.site;
    // Indexable like any page (the results are made in the browser, so a
    // crawler sees only the form); kept out of the sitemap.
    let page = top_meta(r, urls::SEARCH, r.strings.get("search_title"), r.strings.get("search_description"));
    let mut ctx = context(&page);
    ctx.insert("index_url", &site.config.url(&super::search::index_dir()));
    ctx
}

fn not_found(r: &Renderer) -> tera::Context {
    let site = r.site;
    let mut page = meta(site, urls::NOT_FOUND, r.strings.get("not_found_title"), r.strings.get("not_found_description"));
    page.noindex = true;
    let mut ctx = context(&page);
    ctx.insert("latest", &r.latest(5));
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
