//! What each output file depends on, as a hash: two builds that give a job the
//! same signature give it the same bytes, so an incremental rebuild re-renders
//! only the jobs whose signature changed.
//!
//! `global` covers what every page shows (site settings, theme, menu, the
//! calendar, the build time); the rest is per job: a list depends on what its
//! entries show of each article (`item_hash`), an article page on its whole
//! file and its neighbours' titles, a feed on its articles' files. Pure.

use super::{Job, page_count};
use crate::site::Site;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The hash of what every page shows: pass the hashes of `site.yaml`, the
/// theme and the calendar; menu entries and the build time are added here.
pub fn global(site: &Site, config: u64, theme: u64, calendar: u64) -> u64 {
    let mut h = DefaultHasher::new();
    (config, theme, calendar, site.now).hash(&mut h);
    for section in &site.sections {
        (&section.key, &section.title, section.articles.is_empty(), section.index.as_ref().map(|d| d.hash)).hash(&mut h);
    }
    for page in &site.pages {
        (&page.path, &page.title).hash(&mut h);
    }
    site.home.as_ref().map(|d| d.hash).hash(&mut h);
    site.tags.len().hash(&mut h);
    h.finish()
}

/// The signature of one job.
pub fn signature(site: &Site, job: &Job, global: u64) -> u64 {
    let mut h = DefaultHasher::new();
    (global, job).hash(&mut h);
    let per_page = site.config.per_page;
    let feed_limit = site.config.feed_limit;
    let items = |h: &mut DefaultHasher, list: &[usize]| {
        for &i in list {
            site.articles[i].item_hash.hash(h);
        }
    };
    let page_of = |h: &mut DefaultHasher, list: &[usize], page: usize| {
        page_count(list.len(), per_page).hash(h);
        list.len().hash(h);
        items(h, list.iter().skip((page - 1) * per_page).take(per_page).copied().collect::<Vec<_>>().as_slice());
    };
    let files = |h: &mut DefaultHasher, list: &[usize]| {
        for &i in list.iter().take(feed_limit) {
            site.articles[i].hash.hash(h);
        }
    };
    match *job {
        Job::Article(i) | Job::ArticleLeaflet(i) => {
            site.articles[i].hash.hash(&mut h);
            for neighbour in [site.older[i], site.newer[i]].into_iter().flatten() {
                (&site.articles[neighbour].title, &site.articles[neighbour].path).hash(&mut h);
            }
            for tag in &site.articles[i].tag_slugs {
                if let Some(t) = site.tag_index(tag) {
                    site.tags[t].name.hash(&mut h);
                }
            }
        }
        Job::Page(i) => site.pages[i].hash.hash(&mut h),
        Job::Home => {
            items(&mut h, &(0..site.articles.len().min(per_page)).collect::<Vec<_>>());
            for section in &site.sections {
                items(&mut h, &section.articles.iter().take(3).copied().collect::<Vec<_>>());
            }
            for list in &site.by_area {
                list.len().hash(&mut h);
            }
        }
        Job::NotFound => items(&mut h, &(0..site.articles.len().min(5)).collect::<Vec<_>>()),
        Job::Section { section, page } => page_of(&mut h, &site.sections[section].articles, page),
        Job::Area { area, page } => page_of(&mut h, &site.by_area[area], page),
        Job::Tag { tag, page } => page_of(&mut h, &site.tags[tag].articles, page),
        Job::Unit { unit, page } => page_of(&mut h, &site.by_unit[unit], page),
        Job::AreaLeaflet(a) => items(&mut h, &site.by_area[a]),
        Job::Areas => {
            for list in &site.by_area {
                list.len().hash(&mut h);
                items(&mut h, &list.iter().take(3).copied().collect::<Vec<_>>());
            }
        }
        Job::Tags => {
            for tag in &site.tags {
                (&tag.slug, &tag.name, tag.articles.len()).hash(&mut h);
            }
        }
        Job::Units => {
            for list in &site.by_unit {
                list.len().hash(&mut h);
            }
        }
        Job::Feed => files(&mut h, &(0..site.articles.len().min(feed_limit)).collect::<Vec<_>>()),
        Job::SectionFeed(s) => files(&mut h, &site.sections[s].articles),
        Job::AreaFeed(a) => files(&mut h, &site.by_area[a]),
        Job::TagFeed(t) => files(&mut h, &site.tags[t].articles),
        Job::UnitFeed(u) => files(&mut h, &site.by_unit[u]),
        Job::Activity(a) => items(&mut h, &site.by_activity[a]),
        Job::Sitemap | Job::Report | Job::ReportCsv | Job::ReportAreasCsv | Job::ReportUnitsCsv => {
            // Paths, dates, areas and units of every article; not their text.
            for article in &site.articles {
                (&article.path, &article.date, &article.updated, &article.areas, &article.units).hash(&mut h);
            }
        }
        Job::Calendar | Job::CalendarIcs | Job::ActivityIcs(_) | Job::Robots => {}
    }
    h.finish()
}
