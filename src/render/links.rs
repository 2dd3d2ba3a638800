//! Resolving links and images written in Markdown (contract §3): `.md` paths
//! become page URLs, `/`-rooted paths get the base path, relative paths are
//! relative to the page's URL (or, failing that, to the Markdown file), and a
//! target that the build does not produce is an error.

use crate::i18n::Message;
use crate::msg;
use crate::render::markdown::LinkResolver;
use crate::site::{Hidden, Site};
use std::collections::HashSet;

/// The set of output file paths a link may point to.
pub trait Targets: Sync {
    fn has(&self, path: &str) -> bool;
}

impl Targets for HashSet<&str> {
    fn has(&self, path: &str) -> bool {
        self.contains(path)
    }
}

/// Links of one document.
pub struct DocLinks<'a> {
    pub site: &'a Site,
    /// Every output file path (`tin-tuc/a/index.html`, `css/style.css`, …).
    pub known: &'a dyn Targets,
    /// The document's path relative to `content/`.
    pub rel: &'a str,
    /// The site path of the page showing it.
    pub page_path: &'a str,
    /// Set when a link needed the site's targets (so a cached result depends on them).
    pub used: std::cell::Cell<bool>,
}

impl LinkResolver for DocLinks<'_> {
    fn absolute(&self, url: &str) -> String {
        self.site.config.absolute(url)
    }

    fn chart(&self, spec: &str, n: usize) -> Option<Result<String, (usize, crate::i18n::Message)>> {
        // The HTML depends on the indices: a cached body must be checked
        // against them (their hash is part of the targets hash).
        self.used.set(true);
        Some(crate::render::figures::chart_block(self.site, spec, n))
    }

    fn html_policy(&self) -> &crate::render::sanitize::HtmlPolicy {
        &self.site.config.html_policy
    }

    fn resolve(&self, dest: &str) -> Result<Option<String>, Message> {
        let dest = dest.trim();
        // Paths of one computer never work on the published site (and are
        // never read): a drive letter, a backslash, a NUL.
        let bytes = dest.as_bytes();
        if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && (bytes.len() == 2 || matches!(bytes[2], b'\\' | b'/'))
        {
            return Err(msg!("link-drive-path", dest = dest));
        }
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
            return Ok(None);
        }
        if dest.contains(['\\', '\0']) {
            return Err(msg!("link-backslash", dest = dest.replace('\0', "\\0")));
        }
        self.used.set(true);
        let cut = dest.find(['#', '?']).unwrap_or(dest.len());
        let (path, rest) = dest.split_at(cut);
        let decoded = percent_decode(path);
        let config = &self.site.config;

        if decoded.ends_with(".md") {
            let target = if let Some(from_root) = decoded.strip_prefix('/') {
                normalize(from_root)
            } else {
                normalize(&format!("{}{}", parent(self.rel), decoded))
            };
            let Some(target) = target else {
                return Err(msg!("link-above-content", dest = dest));
            };
            if let Some(site_path) = self.site.md_paths.get(&target) {
                return Ok(Some(format!("{}{}", config.url(site_path), rest)));
            }
            if self.is_skipped(&target) {
                return Err(msg!("link-to-skipped-file", dest = dest));
            }
            return Err(match self.site.hidden.get(&target) {
                Some(Hidden::Draft) => {
                    msg!("link-to-draft", dest = dest)
                }
                Some(Hidden::Future) => {
                    msg!("link-to-future", dest = dest)
                }
                None => match self.similar_page(&target) {
                    Some(h) => msg!("link-missing-page-similar", dest = dest, target = &target, candidate = h),
                    None => msg!("link-missing-page", dest = dest, target = &target),
                },
            });
        }

        if let Some(from_root) = decoded.strip_prefix('/') {
            let from_root = match config.base_path.strip_prefix('/') {
                Some(base) if !base.is_empty() && from_root.starts_with(base) && !self.exists(from_root) => &from_root[base.len()..],
                _ => from_root,
            };
            return match normalize(from_root) {
                Some(target) if self.exists_dir_aware(&target, from_root) => {
                    Ok(Some(format!("{}{}", config.url(&with_slash(&target, from_root)), rest)))
                }
                Some(target) if self.is_skipped(&target) => Err(msg!("link-to-skipped-file", dest = dest)),
                _ => Err(msg!("link-missing-file", dest = dest, path = from_root)),
            };
        }

        let by_url = normalize(&format!("{}{}", self.page_path, decoded));
        if let Some(target) = by_url.filter(|t| self.exists_dir_aware(t, &decoded)) {
            return Ok(Some(format!("{}{}", config.url(&with_slash(&target, &decoded)), rest)));
        }
        let by_file = normalize(&format!("{}{}", parent(self.rel), decoded));
        if let Some(target) = by_file.as_ref().filter(|t| self.exists_dir_aware(t, &decoded)) {
            return Ok(Some(format!("{}{}", config.url(&with_slash(target, &decoded)), rest)));
        }
        if by_file.as_deref().is_some_and(|t| self.is_skipped(t)) {
            return Err(msg!("link-to-skipped-file", dest = dest));
        }
        Err(msg!("link-missing-file-near", dest = dest, page = self.page_path, source = self.rel))
    }
}

impl DocLinks<'_> {
    /// A page whose file name is close to the missing one's, other than this one.
    fn similar_page(&self, target: &str) -> Option<String> {
        let stem = |path: &str| path.rsplit('/').next().unwrap_or(path).trim_end_matches(".md").to_string();
        let wanted = stem(target);
        let mut candidates: Vec<&String> = self.site.md_paths.keys().filter(|k| k.as_str() != self.rel).collect();
        candidates.sort();
        let stems: Vec<String> = candidates.iter().map(|k| stem(k)).collect();
        let hint = crate::error::did_you_mean(&wanted, stems.iter().map(String::as_str))?;
        let candidate = hint.text_arg("candidate")?;
        let found = stems.iter().position(|s| s == candidate)?;
        Some(candidates[found].clone())
    }

    /// Whether a content-relative path is, or lies in, a file or folder
    /// skipped for its name.
    fn is_skipped(&self, target: &str) -> bool {
        self.site.skipped.iter().any(|s| target == s || target.strip_prefix(s.as_str()).is_some_and(|rest| rest.starts_with('/')))
    }

    fn exists(&self, path: &str) -> bool {
        if path.is_empty() || path.ends_with('/') {
            self.known.has(&format!("{path}index.html"))
        } else {
            self.known.has(path) || self.known.has(&format!("{path}/index.html"))
        }
    }

    fn exists_dir_aware(&self, target: &str, written: &str) -> bool {
        self.exists(&with_slash(target, written))
    }
}

/// `normalize` drops a trailing slash; put it back when the link had one.
fn with_slash(target: &str, written: &str) -> String {
    if (written.ends_with('/') || written.is_empty()) && !target.is_empty() && !target.ends_with('/') {
        format!("{target}/")
    } else {
        target.to_string()
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The folder part of a `/`-separated path, with its trailing slash.
fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    }
}

/// Resolves `.` and `..`; `None` when the path climbs above its root.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            seg => parts.push(seg),
        }
    }
    Some(parts.join("/"))
}

/// Decodes `%XX` escapes (links to files with spaces or Vietnamese names).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(byte) = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_dots() {
        assert_eq!(normalize("tin-tuc/../ket-qua/./a.md").as_deref(), Some("ket-qua/a.md"));
        assert_eq!(normalize("../a.md"), None);
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("h%E1%BB%8Dp%20b%C3%A1o.md"), "họp báo.md");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("a.md"));
        assert!(!has_scheme("/x:y"));
    }
}
