//! Output: rendering each file a site produces ([`Job`]s, planned in
//! [`crate::plan`] and re-exported here) in parallel, and writing them to the
//! output folder atomically.
//!
//! Render functions are pure (`&Site` in, bytes out). [`write_all`] is the only
//! code that touches the output folder.

pub mod collide;
pub mod compress;
pub mod deps;
pub mod feeds;
pub mod guard;
pub mod ics;
pub mod leaflet;
pub mod pages;
pub mod relative;
pub mod report;
pub mod search;
pub mod sitemap;
pub mod spare;
pub mod write;

use crate::render::Renderer;
use crate::urls;
use rayon::prelude::*;

pub use crate::plan::{Body, Job, OutputFile, is_safe_path, job_path, page_count, plan};
pub use write::{Staging, write_all};

/// The theme's error for a job whose template failed, at the template's
/// line and column when it can tell.
pub fn render_error(
    theme: &crate::render::templates::Theme,
    site: &crate::site::Site,
    job: &Job,
    message: &str,
) -> crate::error::Diagnostic {
    theme.render_error(&site.config.theme, &urls::file_of(&job_path(site, job)), message)
}

/// Renders one job to bytes.
pub fn render_job(r: &Renderer, job: &Job) -> Result<Vec<u8>, String> {
    let site = r.site;
    match *job {
        Job::Feed | Job::AreaFeed(_) | Job::TagFeed(_) | Job::UnitFeed(_) | Job::SectionFeed(_) => Ok(feeds::render_feed(r, job)),
        Job::Sitemap => Ok(sitemap::render_sitemap(site)),
        Job::Robots => Ok(sitemap::render_robots(site)),
        Job::CalendarIcs => Ok(ics::render_calendar(r, None)),
        Job::ActivityIcs(a) => Ok(ics::render_calendar(r, Some(a))),
        Job::ReportCsv => Ok(report::render_targets_csv(site, r.strings)),
        Job::ReportAreasCsv => Ok(report::render_areas_csv(site, r.strings)),
        Job::ReportUnitsCsv => Ok(report::render_units_csv(site, r.strings)),
        Job::IndexCsv(i) => Ok(pages::render_index_csv(site, r.strings, i)),
        // The 404 page is served at any depth, so its links stay root-relative.
        Job::NotFound => pages::render_page(r, job),
        _ => PAGE.with_borrow_mut(|html| {
            // Each thread renders its pages into one buffer that keeps its
            // size, and makes the relative copy in the buffer of the last
            // file it wrote (see `recycle`).
            html.clear();
            pages::render_page_into(r, job, html)?;
            let mut out = OUT.take();
            out.clear();
            out.reserve(html.len() + html.len() / 16);
            relative::relativize_into(html, &job_path(site, job), &site.config.base_path, &mut out);
            Ok(out)
        }),
    }
}

thread_local! {
    /// The page being rendered on this thread, before its links are made relative.
    static PAGE: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(Vec::with_capacity(64 * 1024));
    /// The bytes of the last file this thread wrote, for the next page.
    static OUT: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Keeps the bytes of a written file for the next page this thread renders,
/// so that pages are not copied into fresh memory each time.
fn recycle(body: Body) {
    if let Body::Bytes(bytes) = body
        && bytes.capacity() <= 1 << 20
    {
        OUT.set(bytes);
    }
}

/// Why a job produced no file: its template failed (the theme's fault), or
/// its file could not be written (the output folder's: a full disk, no
/// permission), which is no fault of the content or the theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobError {
    Render(String),
    Write(crate::i18n::Message),
}

/// Renders every job in parallel and hands each file to `sink` at once, so
/// that writing overlaps rendering and no page waits in memory.
pub fn render_jobs_into(r: &Renderer, jobs: &[Job], sink: crate::Sink) -> Vec<(Job, Result<(), JobError>)> {
    jobs.par_iter()
        .map(|job| {
            let path = urls::file_of(&job_path(r.site, job));
            let result =
                render_job(r, job).and_then(|bytes| OutputFile::new(path, Body::Bytes(bytes))).map_err(JobError::Render).and_then(|file| {
                    let written = sink(&file).map_err(JobError::Write);
                    recycle(file.body);
                    written
                });
            (*job, result)
        })
        .collect()
}

/// Renders every job in parallel; the result is in job order.
pub fn render_jobs(r: &Renderer, jobs: &[Job]) -> Vec<(Job, Result<OutputFile, String>)> {
    jobs.par_iter()
        .map(|job| {
            let path = urls::file_of(&job_path(r.site, job));
            let file = render_job(r, job).and_then(|bytes| OutputFile::new(path, Body::Bytes(bytes)));
            (*job, file)
        })
        .collect()
}
