//! What each output file depends on, as a hash: two builds that give a job the
//! same signature give it the same bytes, so an incremental rebuild re-renders
//! only the jobs whose signature changed.
//!
//! `global` covers what every page shows (site settings, menu, the calendar,
//! the build time); the caller adds the hash of the job's template (with
//! what it extends and includes); the rest is per job: a list depends on what its
//! entries show of each article (`item_hash`), an article page on its whole
//! file and its neighbours' titles, a feed on its articles' files. Pure.

use super::{Job, page_count};
use crate::site::{ListChange, ListKey, Site, Update};
use crate::urls;
use std::collections::BTreeSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The hash of what every page shows: pass the hashes of `site.yaml`, the
/// calendar and the bodies of everything but the articles
/// ([`crate::render::Bodies::others_hash`]); menu entries and the build time
/// are added here.
pub fn global(site: &Site, config: u64, calendar: u64, bodies: u64) -> u64 {
    let mut h = DefaultHasher::new();
    // Charts of the indices can sit in any article, like the calendar's dates.
    (config, calendar, bodies, site.indices.hash, site.now).hash(&mut h);
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

/// The signature of one job; `bodies` holds each article's
/// [`crate::render::body_hash`] (links resolved, so a linked page's new
/// address changes it).
pub fn signature(site: &Site, bodies: &[u64], job: &Job, global: u64) -> u64 {
    let mut h = DefaultHasher::new();
    (global, job).hash(&mut h);
    let per_page = site.config.per_page;
    let feed_limit = site.config.feed_limit;
    let items = |h: &mut DefaultHasher, list: &mut dyn Iterator<Item = usize>| {
        for i in list {
            site.item_hashes[i].hash(h);
        }
    };
    let page_of = |h: &mut DefaultHasher, list: &[usize], page: usize| {
        (page_count(list.len(), per_page), list.len()).hash(h);
        for &i in list.iter().skip((page - 1) * per_page).take(per_page) {
            site.item_hashes[i].hash(h);
        }
    };
    let files = |h: &mut DefaultHasher, list: &mut dyn Iterator<Item = usize>| {
        for i in list.take(feed_limit) {
            // Feeds show the address too, which a rename changes, not the file.
            (site.file_hashes[i], site.item_hashes[i], bodies[i]).hash(h);
        }
    };
    let newest = |n: usize| 0..site.articles.len().min(n);
    match *job {
        Job::Article(i) | Job::ArticleLeaflet(i) => {
            (site.file_hashes[i], bodies[i]).hash(&mut h);
            for neighbour in [site.older[i], site.newer[i]].into_iter().flatten() {
                site.item_hashes[neighbour].hash(&mut h);
            }
            for tag in &site.articles[i].tag_slugs {
                if let Some(t) = site.tag_index(tag) {
                    site.tags[t].name.hash(&mut h);
                }
            }
        }
        Job::Page(i) => site.pages[i].hash.hash(&mut h),
        Job::Home => {
            items(&mut h, &mut newest(per_page));
            for section in &site.sections {
                items(&mut h, &mut section.articles.iter().take(3).copied());
            }
            for list in &site.by_area {
                list.len().hash(&mut h);
            }
        }
        Job::NotFound => items(&mut h, &mut newest(5)),
        Job::Section { section, page } => page_of(&mut h, &site.sections[section].articles, page),
        Job::Area { area, page } => page_of(&mut h, &site.by_area[area], page),
        // The tag's name is the spelling its articles use most: it can change
        // on a page whose entries did not.
        Job::Tag { tag, page } => {
            site.tags[tag].name.hash(&mut h);
            page_of(&mut h, &site.tags[tag].articles, page)
        }
        Job::Unit { unit, page } => page_of(&mut h, &site.by_unit[unit], page),
        Job::AreaLeaflet(a) => items(&mut h, &mut site.by_area[a].iter().copied()),
        Job::Areas => {
            for list in &site.by_area {
                list.len().hash(&mut h);
                items(&mut h, &mut list.iter().take(3).copied());
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
        Job::Feed => files(&mut h, &mut newest(feed_limit)),
        Job::SectionFeed(s) => files(&mut h, &mut site.sections[s].articles.iter().copied()),
        Job::AreaFeed(a) => files(&mut h, &mut site.by_area[a].iter().copied()),
        Job::TagFeed(t) => {
            site.tags[t].name.hash(&mut h);
            files(&mut h, &mut site.tags[t].articles.iter().copied())
        }
        Job::UnitFeed(u) => files(&mut h, &mut site.by_unit[u].iter().copied()),
        Job::Activity(a) => items(&mut h, &mut site.by_activity[a].iter().copied()),
        // Every listed page's address (a renamed tag renames its pages, with
        // the same count), and each article's dates. Articles' addresses are
        // in `meta_hash`; the other pages' addresses
        // are named by the keys and page counts they are made of (the
        // calendar's and the indices' are in `global`).
        Job::Sitemap => {
            site.meta_hash.hash(&mut h);
            let pages = |n: usize| page_count(n, per_page);
            for page in &site.pages {
                page.path.hash(&mut h);
            }
            for section in &site.sections {
                (&section.key, pages(section.articles.len())).hash(&mut h);
            }
            for list in site.by_area.iter().chain(&site.by_unit) {
                pages(list.len()).hash(&mut h);
            }
            for tag in &site.tags {
                (&tag.slug, pages(tag.articles.len())).hash(&mut h);
            }
        }
        // Paths, dates, areas and units of every article; not their text.
        Job::Report | Job::ReportCsv | Job::ReportAreasCsv | Job::ReportUnitsCsv => site.meta_hash.hash(&mut h),
        Job::Calendar | Job::CalendarIcs | Job::ActivityIcs(_) | Job::Robots | Job::Search => {}
        Job::Indices | Job::Index(_) | Job::IndexCsv(_) => {}
    }
    h.finish()
}

/// The jobs that show the text (body) of the given articles: their pages,
/// their leaflets and the feeds that carry them.
pub fn showing_text(site: &Site, articles: &[usize]) -> Vec<Job> {
    let limit = site.config.feed_limit;
    let in_feed = |list: &[usize], i: usize| list.binary_search(&i).is_ok_and(|position| position < limit);
    let mut jobs = std::collections::BTreeSet::new();
    for &i in articles {
        jobs.insert(Job::Article(i));
        jobs.insert(Job::ArticleLeaflet(i));
        if i < limit {
            jobs.insert(Job::Feed);
        }
        for (s, section) in site.sections.iter().enumerate() {
            if in_feed(&section.articles, i) {
                jobs.insert(Job::SectionFeed(s));
            }
        }
        for &a in &site.articles[i].areas {
            if in_feed(&site.by_area[a], i) {
                jobs.insert(Job::AreaFeed(a));
            }
        }
        for &u in &site.articles[i].units {
            if in_feed(&site.by_unit[u], i) {
                jobs.insert(Job::UnitFeed(u));
            }
        }
        for slug in &site.articles[i].tag_slugs {
            if let Some(t) = site.tag_index(slug)
                && in_feed(&site.tags[t].articles, i)
            {
                jobs.insert(Job::TagFeed(t));
            }
        }
    }
    jobs.into_iter().collect()
}

/// The jobs whose output may differ after `update` changed one article of
/// the model (`site` is the model after it): the pages of the article and of
/// its neighbours, the pages of its lists from the first entry that moved,
/// their feeds, and the pages that show the newest articles or every
/// article's address. Their signatures say which really differ.
pub fn affected(site: &Site, update: &Update) -> Vec<Job> {
    let mut jobs: BTreeSet<Job> = BTreeSet::new();
    jobs.extend([Job::Home, Job::Feed, Job::Sitemap, Job::NotFound, Job::Areas, Job::Tags, Job::Units]);
    jobs.extend([Job::Report, Job::ReportCsv, Job::ReportAreasCsv, Job::ReportUnitsCsv]);
    for &i in &update.articles {
        jobs.extend([Job::Article(i), Job::ArticleLeaflet(i)]);
    }
    let per_page = site.config.per_page.max(1);
    for change in &update.lists {
        let pages = (change.first / per_page + 1)..=(change.last / per_page + 1).min(page_count(change.new_len, per_page));
        match &change.key {
            ListKey::Section(s) => {
                jobs.extend(pages.map(|page| Job::Section { section: *s, page }));
                jobs.insert(Job::SectionFeed(*s));
            }
            ListKey::Area(a) => {
                jobs.extend(pages.map(|page| Job::Area { area: *a, page }));
                jobs.extend([Job::AreaFeed(*a), Job::AreaLeaflet(*a)]);
            }
            ListKey::Unit(u) => {
                jobs.extend(pages.map(|page| Job::Unit { unit: *u, page }));
                jobs.insert(Job::UnitFeed(*u));
            }
            ListKey::Tag(slug) => {
                if let Some(t) = site.tag_index(slug) {
                    jobs.extend(pages.map(|page| Job::Tag { tag: t, page }));
                    jobs.insert(Job::TagFeed(t));
                }
            }
            ListKey::Activity(a) => {
                jobs.insert(Job::Activity(*a));
            }
        }
    }
    jobs.into_iter().collect()
}

/// The output files `update` adds and removes (a list's pages beyond its
/// old or new length, a tag's pages and feed, the article's page and
/// leaflet at a new address). `site` is the model after the update.
pub fn changed_files(site: &Site, update: &Update) -> (Vec<String>, Vec<String>) {
    let (mut added, mut removed) = (Vec::new(), Vec::new());
    let page_and_leaflet = |path: &str| [urls::file_of(path), urls::file_of(&urls::leaflet(path))];
    let new_path = update.index.map(|j| site.articles[j].path.as_str());
    if let Some(old) = &update.old_path
        && new_path != Some(old.as_str())
    {
        removed.extend(page_and_leaflet(old));
    }
    if let Some(new) = new_path
        && update.old_path.as_deref() != Some(new)
    {
        added.extend(page_and_leaflet(new));
    }
    for change in &update.lists {
        list_files(site, change, &mut added, &mut removed);
    }
    (added, removed)
}

fn list_files(site: &Site, change: &ListChange, added: &mut Vec<String>, removed: &mut Vec<String>) {
    let per_page = site.config.per_page;
    let base = match &change.key {
        ListKey::Section(s) => format!("{}/", site.sections[*s].key),
        ListKey::Area(a) => urls::area(&site.config.areas[*a].key),
        ListKey::Unit(u) => urls::unit(&site.config.units[*u].key),
        ListKey::Tag(slug) => urls::tag(slug),
        ListKey::Activity(_) => return,
    };
    // A tag without articles has no pages; an empty area or unit has one.
    let is_tag = matches!(change.key, ListKey::Tag(_));
    let pages = |n: usize| if is_tag && n == 0 { 0 } else { page_count(n, per_page) };
    let (old, new) = (pages(change.old_len), pages(change.new_len));
    let files = |range: std::ops::RangeInclusive<usize>| range.map(|n| urls::file_of(&urls::paginated(&base, n))).collect::<Vec<_>>();
    let feed = format!("{base}{}", urls::RSS);
    if old > new {
        removed.extend(files(new + 1..=old));
        if new == 0 {
            removed.push(feed);
        }
    } else if new > old {
        added.extend(files(old + 1..=new));
        if old == 0 {
            added.push(feed);
        }
    }
}
