//! `loa new <section>/<slug>`: writes an article skeleton with its front
//! matter. Checks the area keys against `site.yaml` and never overwrites.

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::dates::{self, Time};
use crate::error::{Diagnostic, Diagnostics, did_you_mean};
use crate::slug::slugify;
use crate::{BuildOptions, load_config};
use std::path::PathBuf;

/// What to create.
pub struct NewArticle<'a> {
    /// `<section>/[folders/]<slug>`, with or without `.md`.
    pub spec: &'a str,
    pub title: &'a str,
    pub areas: &'a [String],
    pub now: Time,
}

/// Creates the file; returns its path relative to the site root.
pub fn new_article(root: &std::path::Path, new: &NewArticle) -> Result<PathBuf, Diagnostics> {
    let mut diags = Diagnostics::new();
    let opts = BuildOptions::new(root, new.now);
    let Some((config, _)) = load_config(&opts, &mut diags) else {
        return Err(diags);
    };
    let spec = new.spec.trim().trim_end_matches(".md").trim_matches('/');
    let parts: Vec<String> = spec.split('/').map(slugify).collect();
    if parts.len() < 2 || parts.iter().any(String::is_empty) {
        diags.push(Diagnostic::error(new.spec, None, "expected <section>/<slug>, e.g. tin-tuc/hop-bao-quy-1"));
        return Err(diags);
    }
    if let Some(what) = crate::urls::reserved(&parts[0]) {
        diags.push(Diagnostic::error(new.spec, None, format!("/{}/ is reserved for {what}: choose another section", parts[0])));
        return Err(diags);
    }
    if new.title.trim().is_empty() {
        diags.push(Diagnostic::error("--title", None, "the title must not be empty"));
    }
    if new.areas.is_empty() {
        let keys: Vec<&str> = config.areas.iter().map(|a| a.key.as_str()).collect();
        diags.push(Diagnostic::error("--area", None, format!("give at least one area: {}", keys.join(", "))));
    }
    for area in new.areas {
        if config.area_index(area).is_none() {
            let hint = did_you_mean(area, config.areas.iter().map(|a| a.key.as_str()))
                .or_else(|| Some(format!("areas are defined in {CONFIG_FILE}")));
            diags.push(Diagnostic::error("--area", None, format!("unknown area \"{area}\"")).with_hint(hint));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let rel = PathBuf::from(CONTENT_DIR).join(parts.join("/") + ".md");
    let path = root.join(&rel);
    if let Some(dir) = path.parent()
        && let Err(err) = std::fs::create_dir_all(dir)
    {
        diags.push(Diagnostic::error(rel.clone(), None, format!("cannot create its folder: {err}")));
        return Err(diags);
    }
    let text = skeleton(new);
    // create_new: never overwrite an existing article, even one made a moment ago.
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path);
    match file.and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes())) {
        Ok(()) => Ok(rel),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            diags.push(Diagnostic::error(rel, None, "already exists: choose another slug (loa new never overwrites)"));
            Err(diags)
        }
        Err(err) => {
            diags.push(Diagnostic::error(rel, None, format!("cannot write: {err}")));
            Err(diags)
        }
    }
}

fn yaml_string(text: &str) -> String {
    serde_json::to_string(text.trim()).expect("a string always serializes")
}

/// The article text `loa new` writes.
pub fn skeleton(new: &NewArticle) -> String {
    let areas: Vec<String> = new.areas.iter().map(|a| a.to_string()).collect();
    format!(
        "---\ntitle: {}\ndate: {}\nareas: [{}]\ntags: []\nunits: []\n# summary: \"Tóm tắt một câu (không quá 200 ký tự)\"\n# highlights:\n#   - \"Thông điệp chính\"\n---\n\nĐoạn mở đầu: nêu sự việc, thời gian, đơn vị thực hiện.\n\n## Nội dung chính\n\n",
        yaml_string(new.title),
        dates::front_matter(&new.now),
        areas.join(", ")
    )
}
