//! `loa new <section>/<slug>`: writes an article skeleton with its front
//! matter. Checks the area keys against `site.yaml` and never overwrites.

use crate::content::CONTENT_DIR;
use crate::dates::{self, Time};
use crate::error::{Diagnostic, Diagnostics, did_you_mean};
use crate::msg;
use crate::slug::slugify;
use crate::{BuildOptions, load_config};
use std::path::PathBuf;

/// The first line of a skeleton's body: an article that still holds it is
/// not finished, and `check` says so.
pub const PLACEHOLDER: &str = "Đoạn mở đầu: nêu sự việc, thời gian, đơn vị thực hiện.";

/// What to create.
pub struct NewArticle<'a> {
    /// `<section>/[folders/]<slug>`, with or without `.md`.
    pub spec: &'a str,
    pub title: &'a str,
    pub areas: &'a [String],
    pub units: &'a [String],
    pub tags: &'a [String],
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
        diags.push(Diagnostic::error(new.spec, None, msg!("new-bad-path")));
        return Err(diags);
    }
    if let Some(what) = crate::urls::reserved(&parts[0]) {
        diags.push(Diagnostic::error(new.spec, None, msg!("new-reserved-section", segment = &parts[0], what = what)));
        return Err(diags);
    }
    if new.title.trim().is_empty() {
        diags.push(Diagnostic::error("--title", None, msg!("new-empty-title")));
    }
    let areas: Vec<(&str, &str)> = config.areas.iter().map(|a| (a.key.as_str(), a.name.as_str())).collect();
    let units: Vec<(&str, &str)> = config.units.iter().map(|u| (u.key.as_str(), u.name.as_str())).collect();
    if new.areas.is_empty() {
        diags.push(Diagnostic::error("--area", None, msg!("new-no-area", keys = key_list(&areas))));
    }
    for area in new.areas {
        if config.area_index(area).is_none() {
            diags.push(unknown_key("--area", msg!("unknown-area", key = area), area, &areas));
        }
    }
    for unit in new.units {
        if config.unit_index(unit).is_none() {
            diags.push(unknown_key("--unit", msg!("unknown-unit", key = unit), unit, &units));
        }
    }
    for tag in new.tags {
        if slugify(tag).is_empty() {
            diags.push(Diagnostic::error("--tag", None, msg!("tag-empty-slug", tag = tag)));
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
        diags.push(Diagnostic::error(rel.clone(), None, msg!("cannot-create-folder", reason = err.to_string())));
        return Err(diags);
    }
    let text = skeleton(new);
    match write_new(&path, text.as_bytes()) {
        Ok(()) => Ok(rel),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            diags.push(Diagnostic::error(rel, None, msg!("new-exists")));
            Err(diags)
        }
        Err(err) => {
            diags.push(Diagnostic::error(rel, None, msg!("cannot-write", reason = err.to_string())));
            Err(diags)
        }
    }
}

/// Writes a file that must not exist yet (`create_new`: never overwrite, even
/// a file made a moment ago).
pub fn write_new(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(path);
    file.and_then(|mut f| std::io::Write::write_all(&mut f, bytes))
}

/// `key (Name), key (Name)`: the keys an officer may type, with the names they know.
pub fn key_list(keys: &[(&str, &str)]) -> String {
    keys.iter().map(|(k, n)| if n.is_empty() { k.to_string() } else { format!("{k} ({n})") }).collect::<Vec<_>>().join(", ")
}

/// An unknown key of a flag: the closest key as "did you mean", and every
/// valid key with its name.
pub fn unknown_key(flag: &str, message: crate::i18n::Message, value: &str, keys: &[(&str, &str)]) -> Diagnostic {
    let list = msg!("hint-valid-keys", keys = key_list(keys));
    let hint = match did_you_mean(value, keys.iter().map(|(k, _)| *k)) {
        Some(mean) => msg!("hint-both", first = mean, second = list),
        None => list,
    };
    Diagnostic::error(flag, None, message).with_hint(Some(hint))
}

/// A YAML double-quoted string.
pub fn yaml_string(text: &str) -> String {
    serde_json::to_string(text.trim()).expect("a string always serializes")
}

fn yaml_list(items: &[String]) -> String {
    items.iter().map(|i| yaml_string(i)).collect::<Vec<_>>().join(", ")
}

/// The article text `loa new` writes.
pub fn skeleton(new: &NewArticle) -> String {
    let areas: Vec<String> = new.areas.iter().map(|a| a.trim().to_string()).collect();
    let units: Vec<String> = new.units.iter().map(|u| u.trim().to_string()).collect();
    format!(
        "---\ntitle: {}\ndate: {}\nareas: [{}]\ntags: [{}]\nunits: [{}]\n# summary: \"Tóm tắt một câu (không quá 200 ký tự)\"\n# highlights:\n#   - \"Thông điệp chính\"\n---\n\n{PLACEHOLDER}\n\n## Nội dung chính\n\n",
        yaml_string(new.title),
        dates::front_matter(&new.now),
        areas.join(", "),
        yaml_list(new.tags),
        units.join(", ")
    )
}
