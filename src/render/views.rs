//! View structs: what templates see. Small, serializable, built from the model
//! and kept apart from domain types. No I/O.

use crate::calendar::{Occurrence, Status};
use crate::content::Article;
use crate::dates;
use crate::render::Bodies;
use crate::render::strings::Strings;
use crate::site::Site;
use crate::urls;
use chrono::{Datelike, NaiveDateTime};
use serde::Serialize;

/// A titled link.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A named term with its page: an area, a unit, a tag, a section.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    pub key: String,
    pub name: String,
    pub url: String,
}

/// A picture with its description.
#[derive(Debug, Clone, Serialize)]
pub struct Image {
    pub url: String,
    /// Absolute, for Open Graph.
    pub permalink: String,
    pub alt: String,
}

/// An article as lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleItem {
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub date_vi: String,
    pub date_short: String,
    pub date_iso: String,
    pub summary: String,
    pub areas: Vec<Term>,
    pub section: Term,
    pub highlights: Vec<String>,
    pub image: Option<Image>,
}

/// Site-wide values, in every template as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub base_path: String,
    pub language: String,
    pub publisher: String,
    pub feedback_url: Option<String>,
    pub services_url: Option<String>,
    pub legal: Option<crate::config::Legal>,
    /// Main menu: sections, areas, calendar, report.
    pub nav: Vec<Term>,
    /// Standalone pages (footer).
    pub pages: Vec<Link>,
    pub areas: Vec<Term>,
    pub home_url: String,
    pub feed_url: String,
    pub calendar_url: String,
    pub ics_url: String,
    pub webcal_url: String,
    pub report_url: String,
    pub areas_url: String,
    pub tags_url: String,
    pub units_url: String,
    pub search_url: String,
    /// `/chi-so/`, when the site has reform indices.
    pub indices_url: Option<String>,
    pub year: i32,
    pub has_calendar: bool,
}

pub fn site_view(site: &Site, strings: &super::strings::Strings) -> SiteView {
    let c = &site.config;
    let mut nav: Vec<Term> =
        site.sections.iter().map(|s| Term { key: s.key.clone(), name: s.title.clone(), url: c.url(&format!("{}/", s.key)) }).collect();
    let has_calendar = !site.calendar.activities.is_empty();
    nav.push(Term { key: urls::AREAS.into(), name: strings.get("nav_areas").into(), url: c.url(&format!("{}/", urls::AREAS)) });
    nav.push(Term { key: urls::TAGS.into(), name: strings.get("nav_tags").into(), url: c.url(&format!("{}/", urls::TAGS)) });
    if has_calendar {
        nav.push(Term {
            key: urls::CALENDAR.into(),
            name: strings.get("nav_calendar").into(),
            url: c.url(&format!("{}/", urls::CALENDAR)),
        });
        nav.push(Term { key: urls::REPORT.into(), name: strings.get("nav_report").into(), url: c.url(&format!("{}/", urls::REPORT)) });
    }
    let indices_url = (!site.indices.is_empty()).then(|| c.url(&format!("{}/", urls::INDICES)));
    if let Some(url) = &indices_url {
        nav.push(Term { key: urls::INDICES.into(), name: strings.get("nav_indices").into(), url: url.clone() });
    }
    let ics = format!("{}/{}", urls::CALENDAR, urls::ICS);
    SiteView {
        title: c.title.clone(),
        description: c.description.clone(),
        base_url: c.base_url.clone(),
        base_path: c.base_path.clone(),
        language: c.language.clone(),
        publisher: c.publisher.clone(),
        feedback_url: c.feedback_url.clone(),
        services_url: c.services_url.clone(),
        legal: c.legal.clone(),
        nav,
        pages: site.pages.iter().map(|p| Link { title: p.title.clone(), url: c.url(&p.path) }).collect(),
        areas: areas(site, &(0..c.areas.len()).collect::<Vec<_>>()),
        home_url: c.url(""),
        feed_url: c.url(urls::RSS),
        calendar_url: c.url(&format!("{}/", urls::CALENDAR)),
        ics_url: c.url(&ics),
        webcal_url: webcal(&c.permalink(&ics)),
        report_url: c.url(&format!("{}/", urls::REPORT)),
        areas_url: c.url(&format!("{}/", urls::AREAS)),
        tags_url: c.url(&format!("{}/", urls::TAGS)),
        units_url: c.url(&format!("{}/", urls::UNITS)),
        search_url: c.url(&format!("{}/", urls::SEARCH)),
        indices_url,
        year: site.now.year(),
        has_calendar,
    }
}

/// `webcal://` form of an http(s) URL, for "subscribe" links.
pub fn webcal(permalink: &str) -> String {
    let rest = permalink.split_once("://").map_or(permalink, |(_, r)| r);
    format!("webcal://{rest}")
}

pub fn areas(site: &Site, indices: &[usize]) -> Vec<Term> {
    indices
        .iter()
        .map(|&a| {
            let area = &site.config.areas[a];
            Term { key: area.key.clone(), name: area.name.clone(), url: site.config.url(&urls::area(&area.key)) }
        })
        .collect()
}

pub fn units(site: &Site, indices: &[usize]) -> Vec<Term> {
    indices
        .iter()
        .map(|&u| {
            let unit = &site.config.units[u];
            Term { key: unit.key.clone(), name: unit.name.clone(), url: site.config.url(&urls::unit(&unit.key)) }
        })
        .collect()
}

/// Tags by slug (an article's `tag_slugs`), with the spelling the site uses.
pub fn tags(site: &Site, slugs: &[String]) -> Vec<Term> {
    slugs
        .iter()
        .filter_map(|slug| {
            let tag = &site.tags[site.tag_index(slug)?];
            Some(Term { key: slug.clone(), name: tag.name.clone(), url: site.config.url(&urls::tag(slug)) })
        })
        .collect()
}

pub fn section_term(site: &Site, key: &str) -> Term {
    let title = site.section(key).map_or_else(|| key.to_string(), |s| s.title.clone());
    Term { key: key.to_string(), name: title, url: site.config.url(&format!("{key}/")) }
}

pub fn article_item(site: &Site, strings: &Strings, bodies: &Bodies, index: usize, doc: &Article) -> ArticleItem {
    let date = doc.date;
    ArticleItem {
        title: doc.title.clone(),
        url: site.config.url(&doc.path),
        permalink: site.config.permalink(&doc.path),
        date_vi: strings.long_time(&date),
        date_short: dates::short_vi(&date),
        date_iso: dates::rfc3339(&date),
        summary: doc.summary.clone(),
        areas: areas(site, &doc.areas),
        section: section_term(site, &doc.section),
        highlights: doc.highlights.clone(),
        image: bodies.article_images.get(index).cloned().flatten().map(|url| image(site, url, doc.image_alt.clone())),
    }
}

pub fn image(site: &Site, url: String, alt: Option<String>) -> Image {
    Image { permalink: site.config.absolute(&url), url, alt: alt.unwrap_or_default() }
}

/// An occurrence as the calendar, activity pages and home page show it.
#[derive(Debug, Clone, Serialize)]
pub struct OccurrenceView {
    pub activity: Link,
    pub activity_id: String,
    pub title: String,
    pub date_vi: String,
    pub date_iso: String,
    pub day: u32,
    pub month_vi: String,
    pub time: Option<String>,
    pub end_time: Option<String>,
    pub place: Option<String>,
    pub status: &'static str,
    pub status_vi: String,
    pub lead: Option<Term>,
    pub is_upcoming: bool,
}

pub fn occurrence(site: &Site, strings: &Strings, o: &Occurrence) -> OccurrenceView {
    let activity = &site.calendar.activities[o.activity];
    let date = o.date();
    let time = (!o.all_day).then(|| o.start.format("%H:%M").to_string());
    let end_time = match (o.all_day, o.minutes) {
        (false, Some(m)) => Some((o.start + chrono::Duration::minutes(m as i64)).format("%H:%M").to_string()),
        _ => None,
    };
    let now: NaiveDateTime = site.now.naive_local();
    OccurrenceView {
        activity: Link { title: activity.title.clone(), url: site.config.url(&urls::activity(&activity.id)) },
        activity_id: activity.id.clone(),
        title: o.title.clone().unwrap_or_else(|| activity.title.clone()),
        date_vi: strings.long_date(date),
        date_iso: if o.all_day { date.to_string() } else { format!("{}+07:00", o.start.format("%Y-%m-%dT%H:%M")) },
        day: date.day(),
        // "Tháng 7", never "Th7", which reads as "thứ 7" (Saturday).
        month_vi: strings.fill("month_short", &[("month", &date.month().to_string())]),
        time,
        end_time,
        // The organiser named as the place is said once, as "Chủ trì".
        place: o.place.clone().filter(|p| activity.lead.is_none_or(|u| !same_name(p, &site.config.units[u].name))),
        status: o.status.key(),
        status_vi: strings.status(o.status).to_string(),
        lead: activity.lead.map(|u| units(site, &[u]).remove(0)),
        is_upcoming: o.start >= now && o.status != Status::Cancelled,
    }
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Page numbers and neighbours of a paginated list.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<PageNumber>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageNumber {
    /// `None` for a gap ("…").
    pub number: Option<usize>,
    pub url: String,
    pub is_current: bool,
}

/// Pagination of page `current` of `total` of the list at site path `base`:
/// the first, last and two neighbours on each side, gaps in between.
pub fn pagination(site: &Site, base: &str, current: usize, total: usize) -> Pagination {
    // `config.url(urls::paginated(base, n))`, with the first page's URL made once.
    let first = site.config.url(base);
    let url = |n: usize| if n <= 1 { first.clone() } else { format!("{first}{}/{n}/", urls::PAGE) };
    let pages = page_numbers(current, total)
        .into_iter()
        .map(|number| match number {
            Some(n) => PageNumber { number: Some(n), url: url(n), is_current: n == current },
            None => PageNumber { number: None, url: String::new(), is_current: false },
        })
        .collect();
    Pagination {
        current,
        total,
        prev_url: (current > 1).then(|| url(current - 1)),
        next_url: (current < total).then(|| url(current + 1)),
        pages,
    }
}

/// The page numbers a list shows on page `current` of `total`: the first,
/// the last and two neighbours on each side, `None` for a gap between them.
/// Only those few are looked at, so that each page of a list of thousands
/// of pages costs the same.
fn page_numbers(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut numbers = Vec::with_capacity(9);
    let mut last_shown = 0;
    let near = current.saturating_sub(2).max(1)..=current.saturating_add(2).min(total);
    for n in std::iter::once(1).chain(near).chain(std::iter::once(total)) {
        if n <= last_shown || n > total {
            continue;
        }
        if last_shown + 1 < n {
            numbers.push(None);
        }
        numbers.push(Some(n));
        last_shown = n;
    }
    numbers
}

/// A Tera map built field by field: values already made (a list entry, a
/// shared term) go in as they are, cloned by reference, rather than being
/// serialized again.
pub struct Fields(tera::Map);

impl Fields {
    /// The fields of `base` (a map value: a list entry), to add to.
    pub fn extend(base: &tera::Value) -> Fields {
        Fields(base.clone().into_map().unwrap_or_default())
    }

    /// Sets `key` to `value`.
    pub fn set(&mut self, key: &'static str, value: impl Into<tera::Value>) {
        self.0.insert(tera::value::Key::Str(key), value.into());
    }

    /// Sets `key` to `value` made by serde.
    pub fn set_serialized(&mut self, key: &'static str, value: &(impl Serialize + ?Sized)) {
        self.set(key, tera::Value::from_serializable(value));
    }

    pub fn into_value(self) -> tera::Value {
        tera::Value::from(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule looked up number by number.
    fn every_number(current: usize, total: usize) -> Vec<Option<usize>> {
        let mut numbers = Vec::new();
        let mut last_shown = 0;
        for n in 1..=total {
            if n == 1 || n == total || n.abs_diff(current) <= 2 {
                if last_shown + 1 < n {
                    numbers.push(None);
                }
                numbers.push(Some(n));
                last_shown = n;
            }
        }
        numbers
    }

    #[test]
    fn page_numbers_are_the_first_the_last_and_the_neighbours() {
        for total in 0..40 {
            for current in 1..=total.max(1) {
                assert_eq!(page_numbers(current, total), every_number(current, total), "page {current} of {total}");
            }
        }
        assert_eq!(page_numbers(500, 1000), [Some(1), None, Some(498), Some(499), Some(500), Some(501), Some(502), None, Some(1000)]);
    }
}
