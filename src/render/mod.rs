//! Rendering: Markdown bodies to HTML (links resolved against the model), then
//! every output file through the theme's templates.
//!
//! Input: `&Site`, the [`Theme`](templates::Theme) and the set of paths the build
//! produces. Output: HTML strings and diagnostics. Pure and parallel: no shared
//! mutable state, no file I/O.

pub mod highlight;
pub mod links;
pub mod markdown;
pub mod templates;
pub mod views;

use crate::content::Document;
use crate::error::{Diagnostic, Diagnostics, line_col};
use crate::output::{self, Job};
use crate::site::Site;
use crate::urls;
use links::DocLinks;
use rayon::prelude::*;
use std::collections::HashSet;

/// HTML of every Markdown text of the site, in the model's order.
#[derive(Debug, Default, Clone)]
pub struct Bodies {
    pub articles: Vec<String>,
    /// Resolved `image` URL of each article (root-relative).
    pub article_images: Vec<Option<String>>,
    pub pages: Vec<String>,
    pub sections: Vec<String>,
    pub home: String,
    pub areas: Vec<String>,
    pub activities: Vec<String>,
}

/// Every output file path of a build: planned pages, theme files, content files.
pub fn known_paths(site: &Site, jobs: &[Job], statics: impl IntoIterator<Item = String>) -> HashSet<String> {
    let mut known: HashSet<String> = jobs.iter().map(|j| urls::file_of(&output::job_path(site, j))).collect();
    known.extend(statics);
    known.extend(site.assets.iter().map(|a| a.rel.clone()));
    known
}

/// One document's HTML and the problems in it, positioned in its file.
pub fn render_document(site: &Site, known: &HashSet<String>, doc: &Document) -> (String, Option<String>, Vec<Diagnostic>) {
    let resolver = DocLinks { site, known, rel: &doc.rel, page_path: &doc.path };
    let rendered = markdown::render(&doc.body, &resolver);
    let mut diags: Vec<Diagnostic> = rendered
        .problems
        .into_iter()
        .map(|p| {
            let location = line_col(&doc.body, p.range.start).offset_lines(doc.body_line);
            if p.is_error {
                Diagnostic::error(&doc.source, Some(location), p.message)
            } else {
                Diagnostic::warning(&doc.source, Some(location), p.message)
            }
        })
        .collect();
    let image = doc.image.as_ref().and_then(|image| {
        use markdown::LinkResolver;
        match resolver.resolve(image) {
            Ok(Some(url)) => Some(url),
            Ok(None) => Some(image.clone()),
            Err(message) => {
                let location = doc.locate(&[crate::yaml::Seg::Key("image")]);
                diags.push(Diagnostic::error(&doc.source, location, format!("image: {message}")));
                None
            }
        }
    });
    (rendered.html, image, diags)
}

/// Renders every Markdown text of the site in parallel.
pub fn render_bodies(site: &Site, known: &HashSet<String>, diags: &mut Diagnostics) -> Bodies {
    let articles: Vec<(String, Option<String>, Vec<Diagnostic>)> =
        site.articles.par_iter().map(|doc| render_document(site, known, doc)).collect();
    let mut bodies = Bodies::default();
    for (html, image, problems) in articles {
        bodies.articles.push(html);
        bodies.article_images.push(image);
        diags.extend(problems);
    }
    for doc in &site.pages {
        let (html, _, problems) = render_document(site, known, doc);
        bodies.pages.push(html);
        diags.extend(problems);
    }
    for section in &site.sections {
        let html = match &section.index {
            Some(doc) => {
                let (html, _, problems) = render_document(site, known, doc);
                diags.extend(problems);
                html
            }
            None => String::new(),
        };
        bodies.sections.push(html);
    }
    if let Some(doc) = &site.home {
        let (html, _, problems) = render_document(site, known, doc);
        bodies.home = html;
        diags.extend(problems);
    }
    for area in &site.config.areas {
        let text = area.description.as_deref().unwrap_or_default();
        bodies.areas.push(render_snippet(site, known, text, &urls::area(&area.key), crate::config::CONFIG_FILE, diags));
    }
    for activity in &site.calendar.activities {
        let text = activity.description.as_deref().unwrap_or_default();
        bodies.activities.push(render_snippet(site, known, text, &urls::activity(&activity.id), crate::calendar::CALENDAR_PATH, diags));
    }
    bodies
}

/// Markdown kept in a YAML file (area and activity descriptions).
fn render_snippet(site: &Site, known: &HashSet<String>, text: &str, page_path: &str, file: &str, diags: &mut Diagnostics) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    let resolver = DocLinks { site, known, rel: "", page_path };
    let rendered = markdown::render(text, &resolver);
    for p in rendered.problems.into_iter().filter(|p| p.is_error) {
        diags.push(Diagnostic::error(file, None, p.message));
    }
    rendered.html
}

/// What every page template can see, plus the per-article list entries that
/// many pages repeat (built once).
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub tera: &'a tera::Tera,
    pub bodies: &'a Bodies,
    pub items: Vec<views::ArticleItem>,
    /// `0..articles.len()`, the site feed's article list.
    pub all_indices: Vec<usize>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, tera: &'a tera::Tera, bodies: &'a Bodies) -> Self {
        let items = site.articles.iter().enumerate().map(|(i, a)| views::article_item(site, bodies, i, a)).collect();
        Renderer { site, tera, bodies, items, all_indices: (0..site.articles.len()).collect() }
    }
}
