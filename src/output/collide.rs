//! Output collisions (issue 8, item 4): two planned files with the same path,
//! or a file where another needs a folder (`x` and `x/index.html`), would make
//! one silently replace the other. Each is an error naming both owners, at
//! the content file that caused it.
//!
//! Input: the model and the planned jobs with their files. No I/O here.

use super::Job;
use crate::error::{Diagnostic, Diagnostics};
use crate::site::Site;
use std::collections::HashMap;

/// Who writes a planned file: a content file, or a part of the site Loa
/// generates on its own.
struct Owner {
    /// The content file (relative to the site root), when there is one.
    source: Option<String>,
    /// How a message names it.
    what: String,
}

fn owner(site: &Site, job: &Job) -> Owner {
    let doc = |source: &str, what: String| Owner { source: Some(source.to_string()), what };
    let generated = |what: &str| Owner { source: None, what: what.to_string() };
    match *job {
        Job::Article(i) => doc(&site.articles[i].source, site.articles[i].source.clone()),
        Job::ArticleLeaflet(i) => doc(&site.articles[i].source, format!("the leaflet of {}", site.articles[i].source)),
        Job::Page(i) => doc(&site.pages[i].source, site.pages[i].source.clone()),
        Job::Section { section, page } => {
            let s = &site.sections[section];
            let what =
                if page == 1 { format!("the list of section \"{}\"", s.key) } else { format!("page {page} of section \"{}\"", s.key) };
            Owner { source: s.index.as_ref().map(|d| d.source.clone()), what }
        }
        Job::SectionFeed(s) => generated(&format!("the feed of section \"{}\"", site.sections[s].key)),
        Job::Home => generated("the home page"),
        Job::Feed => generated("the site feed"),
        Job::Sitemap => generated("the sitemap"),
        Job::Robots => generated("robots.txt"),
        Job::NotFound => generated("the 404 page"),
        Job::Areas | Job::Area { .. } | Job::AreaFeed(_) | Job::AreaLeaflet(_) => generated("the reform-area pages"),
        Job::Tags | Job::Tag { .. } | Job::TagFeed(_) => generated("the tag pages"),
        Job::Units | Job::Unit { .. } | Job::UnitFeed(_) => generated("the unit pages"),
        Job::Calendar | Job::CalendarIcs | Job::Activity(_) | Job::ActivityIcs(_) => generated("the calendar"),
        Job::Report | Job::ReportCsv | Job::ReportAreasCsv | Job::ReportUnitsCsv => generated("the plan-progress report"),
        Job::Search => generated("the search page"),
        Job::Indices | Job::Index(_) | Job::IndexCsv(_) => {
            Owner { source: Some(crate::indices::INDICES_PATH.into()), what: "the reform indices".into() }
        }
    }
}

/// Reports every planned file that another job also writes, and every file
/// that stands where another needs a folder. `files` is in job order.
pub fn check_collisions(site: &Site, jobs: &[Job], files: &[String], diags: &mut Diagnostics) {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(files.len());
    for (j, file) in files.iter().enumerate() {
        if let Some(&i) = first.get(file.as_str()) {
            report(site, &jobs[i], &jobs[j], &format!("URL /{}", url_of(file)), diags);
        } else {
            first.insert(file, j);
        }
    }
    for (j, file) in files.iter().enumerate() {
        let mut end = file.len();
        while let Some(slash) = file[..end].rfind('/') {
            if let Some(&i) = first.get(&file[..slash]) {
                report(site, &jobs[i], &jobs[j], &format!("the folder /{}/ (a file there)", &file[..slash]), diags);
            }
            end = slash;
        }
    }
}

/// `tin-tuc/a/index.html` → `tin-tuc/a/`.
fn url_of(file: &str) -> &str {
    file.strip_suffix("index.html").unwrap_or(file)
}

fn report(site: &Site, a: &Job, b: &Job, url: &str, diags: &mut Diagnostics) {
    let (a, b) = (owner(site, a), owner(site, b));
    // At the content file whose own URL it is, else at any content file; the
    // other owner is named.
    let rank = |o: &Owner| match &o.source {
        Some(source) if *source == o.what => 2,
        Some(_) => 1,
        None => 0,
    };
    let (here, other) = if rank(&b) >= rank(&a) { (b, a) } else { (a, b) };
    let path = here.source.clone().unwrap_or_else(|| "content".to_string());
    let message = if here.what == path {
        format!("{url} is also written by {}", other.what)
    } else {
        format!("{url} of {} is also written by {}", here.what, other.what)
    };
    diags.push(Diagnostic::error(path, None, message).with_hint(Some("rename the file or set a different slug".into())));
}
