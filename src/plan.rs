//! What a site produces: one [`Job`] per output file, planned from the model,
//! the site path each writes, and the [`OutputFile`] that rendering makes of
//! it. Below both `render/` and `output/`, which share these types (and
//! `output` re-exports them). Pure: no file I/O.

use crate::site::Site;
use crate::urls;
use std::path::PathBuf;

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated, never absolute, never `..`.
    pub path: String,
    pub body: Body,
}

/// Where a file's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Bytes(Vec<u8>),
    Static(&'static [u8]),
    /// A file to copy from the content folder.
    Copy(PathBuf),
}

impl OutputFile {
    /// Checks that `path` stays inside the output folder.
    pub fn new(path: impl Into<String>, body: Body) -> Result<Self, String> {
        let path = path.into();
        if !is_safe_path(&path) {
            return Err(format!("refusing to write outside the output folder: \"{path}\""));
        }
        Ok(OutputFile { path, body })
    }
}

/// A relative path without `..`, empty or absolute parts.
pub fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains('\0')
        && path.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != "..")
        && !path.contains(':')
}

/// What one output file shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    Home,
    Article(usize),
    ArticleLeaflet(usize),
    Page(usize),
    Section { section: usize, page: usize },
    Areas,
    Area { area: usize, page: usize },
    AreaFeed(usize),
    AreaLeaflet(usize),
    Tags,
    Tag { tag: usize, page: usize },
    TagFeed(usize),
    Units,
    Unit { unit: usize, page: usize },
    UnitFeed(usize),
    SectionFeed(usize),
    Feed,
    Calendar,
    Activity(usize),
    ActivityIcs(usize),
    CalendarIcs,
    Report,
    Search,
    ReportCsv,
    ReportAreasCsv,
    ReportUnitsCsv,
    Indices,
    Index(usize),
    IndexCsv(usize),
    Sitemap,
    Robots,
    NotFound,
}

/// Number of list pages for `n` items (at least one).
pub fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page.max(1)).max(1)
}

/// Every file the site produces (theme and content files aside), in a fixed order.
pub fn plan(site: &Site) -> Vec<Job> {
    let per_page = site.config.per_page;
    let mut jobs = vec![Job::Home, Job::Feed, Job::Sitemap, Job::Robots, Job::NotFound];
    jobs.extend((0..site.articles.len()).flat_map(|i| [Job::Article(i), Job::ArticleLeaflet(i)]));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    for (s, section) in site.sections.iter().enumerate() {
        jobs.extend((1..=page_count(section.articles.len(), per_page)).map(|page| Job::Section { section: s, page }));
        jobs.push(Job::SectionFeed(s));
    }
    jobs.push(Job::Areas);
    for (a, articles) in site.by_area.iter().enumerate() {
        jobs.extend((1..=page_count(articles.len(), per_page)).map(|page| Job::Area { area: a, page }));
        jobs.extend([Job::AreaFeed(a), Job::AreaLeaflet(a)]);
    }
    jobs.push(Job::Tags);
    for (t, tag) in site.tags.iter().enumerate() {
        jobs.extend((1..=page_count(tag.articles.len(), per_page)).map(|page| Job::Tag { tag: t, page }));
        jobs.push(Job::TagFeed(t));
    }
    jobs.push(Job::Units);
    for (u, articles) in site.by_unit.iter().enumerate() {
        jobs.extend((1..=page_count(articles.len(), per_page)).map(|page| Job::Unit { unit: u, page }));
        jobs.push(Job::UnitFeed(u));
    }
    jobs.extend([Job::Calendar, Job::CalendarIcs, Job::Report, Job::ReportCsv, Job::ReportAreasCsv, Job::ReportUnitsCsv]);
    jobs.push(Job::Search);
    for (a, activity) in site.calendar.activities.iter().enumerate() {
        jobs.push(Job::Activity(a));
        if activity.is_public {
            jobs.push(Job::ActivityIcs(a));
        }
    }
    if !site.indices.is_empty() {
        jobs.push(Job::Indices);
        jobs.extend((0..site.indices.list.len()).flat_map(|i| [Job::Index(i), Job::IndexCsv(i)]));
    }
    jobs
}

/// The site path a job writes (`tin-tuc/a/`, `rss.xml`); see [`urls::file_of`].
pub fn job_path(site: &Site, job: &Job) -> String {
    let config = &site.config;
    match *job {
        Job::Home => String::new(),
        Job::Article(i) => site.articles[i].path.clone(),
        Job::ArticleLeaflet(i) => urls::leaflet(&site.articles[i].path),
        Job::Page(i) => site.pages[i].path.clone(),
        Job::Section { section, page } => urls::paginated(&format!("{}/", site.sections[section].key), page),
        Job::SectionFeed(s) => format!("{}/{}", site.sections[s].key, urls::RSS),
        Job::Areas => format!("{}/", urls::AREAS),
        Job::Area { area, page } => urls::paginated(&urls::area(&config.areas[area].key), page),
        Job::AreaFeed(a) => format!("{}{}", urls::area(&config.areas[a].key), urls::RSS),
        Job::AreaLeaflet(a) => urls::leaflet(&urls::area(&config.areas[a].key)),
        Job::Tags => format!("{}/", urls::TAGS),
        Job::Tag { tag, page } => urls::paginated(&urls::tag(&site.tags[tag].slug), page),
        Job::TagFeed(t) => format!("{}{}", urls::tag(&site.tags[t].slug), urls::RSS),
        Job::Units => format!("{}/", urls::UNITS),
        Job::Unit { unit, page } => urls::paginated(&urls::unit(&config.units[unit].key), page),
        Job::UnitFeed(u) => format!("{}{}", urls::unit(&config.units[u].key), urls::RSS),
        Job::Feed => urls::RSS.to_string(),
        Job::Calendar => format!("{}/", urls::CALENDAR),
        Job::CalendarIcs => format!("{}/{}", urls::CALENDAR, urls::ICS),
        Job::Activity(a) => urls::activity(&site.calendar.activities[a].id),
        Job::ActivityIcs(a) => format!("{}{}", urls::activity(&site.calendar.activities[a].id), urls::ICS),
        Job::Report => format!("{}/", urls::REPORT),
        Job::Search => format!("{}/", urls::SEARCH),
        Job::ReportCsv => format!("{}/{}", urls::REPORT, urls::REPORT_CSV),
        Job::ReportAreasCsv => format!("{}/{}", urls::REPORT, urls::REPORT_AREAS_CSV),
        Job::ReportUnitsCsv => format!("{}/{}", urls::REPORT, urls::REPORT_UNITS_CSV),
        Job::Indices => format!("{}/", urls::INDICES),
        Job::Index(i) => urls::index(&site.indices.list[i].key),
        Job::IndexCsv(i) => urls::index_csv(&site.indices.list[i].key),
        Job::Sitemap => urls::SITEMAP.to_string(),
        Job::Robots => urls::ROBOTS.to_string(),
        Job::NotFound => urls::NOT_FOUND.to_string(),
    }
}
