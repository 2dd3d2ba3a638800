//! `loa import FILE.docx --section S --area KEY…`: a Word document becomes an
//! article bundle, `content/<section>/<slug>/index.md` with its pictures beside
//! it. Checks the keys against `site.yaml` like `loa new`, never overwrites,
//! and reports what the document held that Markdown cannot carry.

pub mod docx;

use crate::content::CONTENT_DIR;
use crate::dates::{self, Time};
use crate::error::{Diagnostic, Diagnostics};
use crate::msg;
use crate::new::{unknown_key, write_new, yaml_string};
use crate::slug::slugify;
use crate::{BuildOptions, load_config};
use std::path::{Path, PathBuf};

/// What to import.
pub struct Import<'a> {
    /// The `.docx` file.
    pub file: &'a Path,
    pub section: &'a str,
    pub areas: &'a [String],
    /// The last part of the URL; default: from the title.
    pub slug: Option<&'a str>,
    /// The publication time; default: now.
    pub date: Time,
}

/// What an import wrote.
#[derive(Debug)]
pub struct Imported {
    /// `content/<section>/<slug>/index.md`, relative to the site root.
    pub article: PathBuf,
    /// How many pictures were written beside it.
    pub pictures: usize,
    /// Notes on what was converted or left out (warnings).
    pub diagnostics: Diagnostics,
}

/// Converts and writes the article. Errors: unknown keys, a file that is not a
/// `.docx`, an article that already exists, a failed write.
pub fn import(root: &Path, job: &Import) -> Result<Imported, Diagnostics> {
    let mut diags = Diagnostics::new();
    let opts = BuildOptions::new(root, job.date);
    let Some((config, _)) = load_config(&opts, &mut diags) else {
        return Err(diags);
    };
    let source = crate::error::display_path(job.file);
    let section = slugify(job.section);
    if section.is_empty() {
        diags.push(Diagnostic::error("--section", None, msg!("import-bad-section", section = job.section)));
    } else if let Some(what) = crate::urls::reserved(&section) {
        diags.push(Diagnostic::error("--section", None, msg!("new-reserved-section", segment = &section, what = what)));
    }
    let areas: Vec<(&str, &str)> = config.areas.iter().map(|a| (a.key.as_str(), a.name.as_str())).collect();
    if job.areas.is_empty() {
        diags.push(Diagnostic::error("--area", None, msg!("new-no-area", keys = crate::new::key_list(&areas))));
    }
    for area in job.areas {
        if config.area_index(area).is_none() {
            diags.push(unknown_key("--area", msg!("unknown-area", key = area), area, &areas));
        }
    }
    let bytes = match std::fs::read(job.file) {
        Ok(bytes) => Some(bytes),
        Err(err) => {
            diags.push(Diagnostic::error(&source, None, msg!("cannot-read", reason = err.to_string())));
            None
        }
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let converted = match docx::convert(&bytes.unwrap_or_default()) {
        Ok(converted) => converted,
        Err(docx::ReadError::NotDocx(reason)) | Err(docx::ReadError::Xml(reason)) => {
            diags.push(Diagnostic::error(&source, None, msg!("import-not-docx", reason = reason)));
            return Err(diags);
        }
    };
    if converted.title.trim().is_empty() {
        diags.push(Diagnostic::error(&source, None, msg!("import-no-title")));
        return Err(diags);
    }
    let slug = slugify(job.slug.unwrap_or(&converted.title));
    if slug.is_empty() {
        diags.push(Diagnostic::error("--slug", None, msg!("slug-empty", slug = job.slug.unwrap_or(&converted.title))));
        return Err(diags);
    }
    let folder = PathBuf::from(CONTENT_DIR).join(&section).join(&slug);
    let article = folder.join("index.md");
    let flat = PathBuf::from(CONTENT_DIR).join(&section).join(format!("{slug}.md"));
    for existing in [&article, &flat] {
        if root.join(existing).exists() {
            diags.push(Diagnostic::error(existing.as_path(), None, msg!("import-exists")));
            return Err(diags);
        }
    }
    if let Err(err) = std::fs::create_dir_all(root.join(&folder)) {
        diags.push(Diagnostic::error(folder.as_path(), None, msg!("cannot-create-folder", reason = err.to_string())));
        return Err(diags);
    }
    for (name, data) in &converted.pictures {
        let rel = folder.join(name);
        if let Err(err) = write_new(&root.join(&rel), data) {
            let message = if err.kind() == std::io::ErrorKind::AlreadyExists {
                msg!("import-exists")
            } else {
                msg!("cannot-write", reason = err.to_string())
            };
            diags.push(Diagnostic::error(rel, None, message));
            return Err(diags);
        }
    }
    let text = article_text(&converted, job);
    if let Err(err) = write_new(&root.join(&article), text.as_bytes()) {
        let message = if err.kind() == std::io::ErrorKind::AlreadyExists {
            msg!("import-exists")
        } else {
            msg!("cannot-write", reason = err.to_string())
        };
        diags.push(Diagnostic::error(article.as_path(), None, message));
        return Err(diags);
    }
    notes(&converted, &source, &article, &mut diags);
    Ok(Imported { article, pictures: converted.pictures.len(), diagnostics: diags })
}

/// Front matter and body of the imported article.
fn article_text(converted: &docx::Converted, job: &Import) -> String {
    let areas: Vec<&str> = job.areas.iter().map(|a| a.trim()).collect();
    format!(
        "---\ntitle: {}\ndate: {}\nareas: [{}]\ntags: []\nunits: []\n---\n\n{}",
        yaml_string(&converted.title),
        dates::front_matter(&job.date),
        areas.join(", "),
        converted.markdown
    )
}

/// Warnings about what was converted or could not be carried over.
fn notes(converted: &docx::Converted, source: &str, article: &Path, diags: &mut Diagnostics) {
    let counted = [
        (converted.comments, msg!("import-comments", count = converted.comments)),
        (converted.tracked_changes, msg!("import-tracked-changes", count = converted.tracked_changes)),
        (converted.text_boxes, msg!("import-text-boxes", count = converted.text_boxes)),
        (converted.legacy_runs, msg!("import-legacy-font", count = converted.legacy_runs)),
    ];
    for (count, message) in counted {
        if count > 0 {
            diags.push(Diagnostic::warning(source, None, message));
        }
    }
    for name in &converted.pictures_without_alt {
        diags.push(Diagnostic::warning(article, None, msg!("import-image-no-alt", file = name.as_str())));
    }
}
