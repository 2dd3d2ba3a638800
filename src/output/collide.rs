//! Output collisions (issue 8, item 4): two planned files with the same path,
//! or a file where another needs a folder (`x` and `x/index.html`), would make
//! one silently replace the other. Each is an error naming both owners, at
//! the content file that caused it.
//!
//! Input: the model and the planned jobs with their files. No I/O here.

use super::Job;
use crate::error::{Diagnostic, Diagnostics};
use crate::i18n::Message;
use crate::site::Site;
use std::collections::HashMap;

/// Who writes a planned file: a content file, or a part of the site Loa
/// generates on its own.
struct Owner {
    /// The content file (relative to the site root), when there is one.
    source: Option<String>,
    /// How a message names it.
    what: Message,
    /// Whether `what` is the content file itself (its own page).
    own: bool,
}

/// A part of the site named in `collision-owner` by its `kind`.
fn part(kind: &str) -> Message {
    crate::msg!("collision-owner", kind = kind)
}

fn owner(site: &Site, job: &Job) -> Owner {
    let file = |source: &str| Owner { source: Some(source.to_string()), what: crate::msg!("collision-file", file = source), own: true };
    let generated = |kind: &str| Owner { source: None, what: part(kind), own: false };
    match *job {
        Job::Article(i) => file(&site.articles[i].source),
        Job::ArticleLeaflet(i) => {
            let source = &site.articles[i].source;
            Owner { source: Some(source.clone()), what: crate::msg!("collision-leaflet", file = source), own: false }
        }
        Job::Page(i) => file(&site.pages[i].source),
        Job::Section { section, page } => {
            let s = &site.sections[section];
            let what = if page == 1 {
                crate::msg!("collision-section-list", section = s.key.as_str())
            } else {
                crate::msg!("collision-section-page", section = s.key.as_str(), page = page)
            };
            Owner { source: s.index.as_ref().map(|d| d.source.clone()), what, own: false }
        }
        Job::SectionFeed(s) => {
            Owner { source: None, what: crate::msg!("collision-section-feed", section = site.sections[s].key.as_str()), own: false }
        }
        Job::Home => generated("home"),
        Job::Feed => generated("feed"),
        Job::Sitemap => generated("sitemap"),
        Job::Robots => generated("robots"),
        Job::NotFound => generated("not-found"),
        Job::Areas | Job::Area { .. } | Job::AreaFeed(_) | Job::AreaLeaflet(_) => generated("areas"),
        Job::Tags | Job::Tag { .. } | Job::TagFeed(_) => generated("tags"),
        Job::Units | Job::Unit { .. } | Job::UnitFeed(_) => generated("units"),
        Job::Calendar | Job::CalendarIcs | Job::Activity(_) | Job::ActivityIcs(_) => generated("calendar"),
        Job::Report | Job::ReportCsv | Job::ReportAreasCsv | Job::ReportUnitsCsv => generated("report"),
        Job::Search => generated("search"),
        Job::Indices | Job::Index(_) | Job::IndexCsv(_) => {
            Owner { source: Some(crate::indices::INDICES_PATH.into()), what: part("indices"), own: false }
        }
    }
}

/// Reports every planned file that another job also writes, and every file
/// that stands where another needs a folder. `files` is in job order.
pub fn check_collisions(site: &Site, jobs: &[Job], files: &[String], diags: &mut Diagnostics) {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(files.len());
    for (j, file) in files.iter().enumerate() {
        if let Some(&i) = first.get(file.as_str()) {
            report(site, &jobs[i], &jobs[j], crate::msg!("collision-url", url = url_of(file)), diags);
        } else {
            first.insert(file, j);
        }
    }
    for (j, file) in files.iter().enumerate() {
        let mut end = file.len();
        while let Some(slash) = file[..end].rfind('/') {
            if let Some(&i) = first.get(&file[..slash]) {
                report(site, &jobs[i], &jobs[j], crate::msg!("collision-folder", folder = &file[..slash]), diags);
            }
            end = slash;
        }
    }
}

/// `tin-tuc/a/index.html` → `tin-tuc/a/`.
fn url_of(file: &str) -> &str {
    file.strip_suffix("index.html").unwrap_or(file)
}

fn report(site: &Site, a: &Job, b: &Job, url: Message, diags: &mut Diagnostics) {
    let (a, b) = (owner(site, a), owner(site, b));
    // At the content file whose own URL it is, else at any content file; the
    // other owner is named.
    let rank = |o: &Owner| match &o.source {
        Some(_) if o.own => 2,
        Some(_) => 1,
        None => 0,
    };
    let (here, other) = if rank(&b) >= rank(&a) { (b, a) } else { (a, b) };
    let path = here.source.clone().unwrap_or_else(|| "content".to_string());
    let message = if here.own {
        crate::msg!("output-collision", url = url, other = other.what)
    } else {
        crate::msg!("output-collision-of", url = url, here = here.what, other = other.what)
    };
    diags.push(Diagnostic::error(path, None, message).with_hint(Some(crate::msg!("hint-rename-or-slug"))));
}
