//! Loading `content/`: walk the folder, classify each file (article, page,
//! section index, calendar, asset), read Markdown files in parallel and turn their
//! front matter into [`Document`]s checked against the site's areas and units.
//!
//! Input: the site root and the [`Config`]. Output: [`Content`] plus diagnostics.
//! Cross-file checks (duplicate URLs, unknown activity ids) belong to the model.

pub mod front_matter;
pub mod text;

use crate::config::Config;
use crate::dates::{self, Time};
use crate::encoding;
use crate::error::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::msg;
use crate::slug::{nfc, slugify};
use crate::yaml::{self, Seg};
use front_matter::KNOWN_KEYS;
use rayon::prelude::*;
use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The content folder, relative to the site root.
pub const CONTENT_DIR: &str = "content";
/// The calendar file, relative to the content folder.
pub const CALENDAR_FILE: &str = "calendar.yaml";
/// The reform indices, relative to the content folder.
pub const INDICES_FILE: &str = "indices.yaml";
/// The longest summary taken from a body, in characters.
pub const SUMMARY_CHARS: usize = 200;

/// What a Markdown file is, by where it lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// In a folder below `content/`.
    Article,
    /// Directly in `content/`.
    Page,
    /// `_index.md` of a top-level section folder.
    Section,
    /// `content/_index.md`.
    Home,
}

/// One Markdown file with its front matter validated.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: Kind,
    /// Relative to the site root: `content/tin-tuc/a.md`.
    pub source: String,
    /// Relative to `content/`: `tin-tuc/a.md`.
    pub rel: String,
    /// Section key (slug of the top-level folder); empty for pages and home.
    pub section: String,
    /// Site path of the page, without leading slash, ending in `/` (empty for home).
    pub path: String,
    pub title: String,
    pub date: Option<Time>,
    pub updated: Option<Time>,
    /// Indices into `Config::areas`.
    pub areas: Vec<usize>,
    /// As written (NFC, trimmed), duplicates removed.
    pub tags: Vec<String>,
    /// The slug of each tag.
    pub tag_slugs: Vec<String>,
    /// Indices into `Config::units`.
    pub units: Vec<usize>,
    pub activities: Vec<String>,
    pub summary: String,
    pub highlights: Vec<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub draft: bool,
    /// Menu order of sections and pages (lower first).
    pub weight: i64,
    /// The Markdown body.
    pub body: String,
    /// File line of the body's first line (for positions inside the body).
    pub body_line: usize,
    /// Front-matter text and its first file line, to locate values on later errors.
    pub front_matter: String,
    pub front_matter_line: usize,
    /// Hash of the whole file, to tell what changed between two builds.
    pub hash: u64,
    /// Hash of what lists show of it (title, date, summary, …), so that an edit
    /// of the body alone does not re-render the lists.
    pub item_hash: u64,
    /// Hash of where and when it is published (path, dates, areas, units): what
    /// the sitemap and the report read.
    pub meta_hash: u64,
}

impl Document {
    /// The position of a front-matter value, for diagnostics of later stages.
    pub fn locate(&self, path: &[Seg]) -> Option<Location> {
        yaml::locate(&self.front_matter, path).map(|l| l.offset_lines(self.front_matter_line))
    }

    pub fn is_article(&self) -> bool {
        self.kind == Kind::Article
    }
}

/// A published article: a document together with its date, so that code
/// showing articles never has to ask whether there is one. Reads as the
/// [`Document`] it wraps.
#[derive(Debug, Clone)]
pub struct Article {
    doc: Arc<Document>,
    /// When it was published (its front matter's `date`).
    pub date: Time,
    /// Its last change (`updated`, else `date`) in RFC 3339, formatted the
    /// first time the sitemap asks and kept with the article: `loa serve`
    /// writes the sitemap again after edits that change one article.
    lastmod: std::sync::OnceLock<String>,
}

impl Article {
    /// The article of a document that has a date; `None` for one without
    /// (the loader has reported that as an error already).
    pub fn new(doc: Arc<Document>) -> Option<Article> {
        let date = doc.date?;
        Some(Article { doc, date, lastmod: std::sync::OnceLock::new() })
    }

    /// When it last changed, in RFC 3339 (Vietnam time).
    pub fn lastmod(&self) -> &str {
        self.lastmod.get_or_init(|| crate::dates::rfc3339(&self.doc.updated.unwrap_or(self.date)))
    }

    /// The document, shared.
    pub fn doc(&self) -> &Arc<Document> {
        &self.doc
    }

    /// Frees the Markdown body, unless the document is shared; for a build
    /// that has rendered every body and reads them no more.
    pub fn drop_body(&mut self) {
        if let Some(doc) = Arc::get_mut(&mut self.doc) {
            doc.body = String::new();
        }
    }
}

impl std::ops::Deref for Article {
    type Target = Document;

    fn deref(&self) -> &Document {
        &self.doc
    }
}

/// A file copied through unchanged.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Relative to `content/`, `/`-separated; also its path in the output.
    pub rel: String,
    /// Absolute path on disk.
    pub source: PathBuf,
}

/// Everything under `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub documents: Vec<Arc<Document>>,
    pub assets: Vec<Asset>,
    /// The text of `content/calendar.yaml`, when there is one.
    pub calendar: Option<String>,
    /// The text of `content/indices.yaml`, when there is one.
    pub indices: Option<String>,
    /// Files and folders skipped for their name ([`Listing::skipped`]).
    pub skipped: Vec<String>,
}

/// Whether a file name is an editor's temporary, backup or swap file, or hidden.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".crdownload", ".part"].iter().any(|s| name.ends_with(s))
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == "4913" // vim's write test file
        || is_sed_temporary(name)
}

/// GNU `sed -i` writes its result to `sedXXXXXX` (six random letters or
/// digits) beside the file, then renames it over the file.
fn is_sed_temporary(name: &str) -> bool {
    name.len() == 9 && name.starts_with("sed") && name.bytes().skip(3).all(|b| b.is_ascii_alphanumeric())
}

/// Whether an ignored name is one nobody means to publish: an editor's swap,
/// lock or backup file, or what file managers and version control leave
/// behind. Other ignored names (`.htaccess`, `.well-known/`, `bang.bak`) are
/// skipped with a warning, since someone may have meant them to be published.
fn is_noise_name(name: &str) -> bool {
    name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
        || [".swp", ".swx", ".swo"].iter().any(|s| name.ends_with(s))
        || name == "4913"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || is_sed_temporary(name)
        || [".DS_Store", ".git", ".gitkeep", ".gitignore", ".keep", ".hg", ".svn", ".idea", ".vscode", ".directory"].contains(&name)
        || name.starts_with("._") // macOS resource forks on shared drives
}

/// The files under `content/`, classified, before any is read.
#[derive(Debug, Default, Clone)]
pub struct Listing {
    /// Markdown files: content-relative path and absolute path.
    pub markdown: Vec<(String, PathBuf)>,
    pub assets: Vec<Asset>,
    pub calendar: Option<PathBuf>,
    pub indices: Option<PathBuf>,
    /// Content-relative paths of files and folders skipped for their name
    /// (hidden, temporary, backup): never published, so never a link target.
    pub skipped: Vec<String>,
}

/// Walks `root/content` (hidden, temporary and swap files skipped; symbolic
/// links skipped with a warning, so nothing outside the site is read).
pub fn scan(root: &Path, diags: &mut Diagnostics) -> Listing {
    let dir = root.join(CONTENT_DIR);
    let mut listing = Listing::default();
    if !dir.is_dir() {
        diags.push(Diagnostic::error(CONTENT_DIR, None, msg!("content-not-found")));
        return listing;
    }
    let mut skipped = Vec::new();
    let walker = walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        let ignored = e.depth() > 0 && is_ignored_name(&name);
        if ignored {
            skipped.push((e.path().to_path_buf(), is_noise_name(&name)));
        }
        !ignored
    });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(|p| relative(root, p)).unwrap_or_else(|| CONTENT_DIR.into());
                diags.push(Diagnostic::error(path, None, msg!("cannot-read", reason = err.to_string())));
                continue;
            }
        };
        if entry.depth() == 0 || entry.file_type().is_dir() {
            continue;
        }
        let rel_path = entry.path().strip_prefix(&dir).expect("walkdir stays below its root");
        // File names saved in NFD (macOS) still give NFC paths and URLs.
        let rel = nfc(&rel_path.to_string_lossy().replace('\\', "/")).into_owned();
        if entry.path_is_symlink() {
            diags.push(Diagnostic::warning(relative(root, entry.path()), None, msg!("symlink-skipped")));
            continue;
        }
        if rel == CALENDAR_FILE {
            listing.calendar = Some(entry.path().to_path_buf());
        } else if rel == INDICES_FILE {
            listing.indices = Some(entry.path().to_path_buf());
        } else if rel.ends_with(".md") {
            listing.markdown.push((rel, entry.path().to_path_buf()));
        } else {
            listing.assets.push(Asset { rel, source: entry.path().to_path_buf() });
        }
    }
    for (path, noise) in skipped {
        if !noise {
            diags.push(Diagnostic::warning(relative(root, &path), None, msg!("file-not-copied")));
        }
        if let Ok(rel) = path.strip_prefix(&dir) {
            listing.skipped.push(nfc(&rel.to_string_lossy().replace('\\', "/")).into_owned());
        }
    }
    listing
}

/// Reads a text file of the site (the calendar), decoded like content.
pub fn read_text(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let rel = relative(root, path);
    match read_file(path) {
        Ok(bytes) => decode_file(bytes, &crate::error::display_path(&rel), diags),
        Err(err) => {
            diags.push(Diagnostic::error(rel, None, msg!("cannot-read", reason = err.to_string())));
            None
        }
    }
}

/// The bytes of a text file, refused above [`encoding::MAX_TEXT_BYTES`].
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    let too_big = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "the file is {:.1} MB, more than the {} MB Loa reads as text: split it, or put large data in a file to download",
                size as f64 / 1e6,
                encoding::MAX_TEXT_BYTES / (1024 * 1024)
            ),
        )
    };
    if size > encoding::MAX_TEXT_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // A file that grows while it is read is cut at the limit, then refused.
    file.take(encoding::MAX_TEXT_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > encoding::MAX_TEXT_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Text of a file (see [`decode`]); a file that is not UTF-8 is an error
/// with its first bad line and most likely encoding, and text that reads as
/// TCVN3 or VNI through a Latin-1 font gets a warning. `path` is as printed.
pub fn decode_file(bytes: Vec<u8>, path: &str, diags: &mut Diagnostics) -> Option<String> {
    decode_text(&bytes, path, diags).map(Cow::into_owned)
}

/// [`decode_file`] of borrowed bytes: the text borrows them when it needs no
/// change.
pub fn decode_text<'a>(bytes: &'a [u8], path: &str, diags: &mut Diagnostics) -> Option<Cow<'a, str>> {
    match encoding::decode_str(bytes) {
        Ok(text) => {
            for found in encoding::find_mojibake(&text).into_iter().take(MAX_MOJIBAKE_WARNINGS) {
                diags.push(
                    Diagnostic::warning(
                        path,
                        Some(found.location),
                        crate::msg!("mojibake-text", text = found.text, legacy = found.legacy.name(), fixed = found.fixed),
                    )
                    .with_hint(Some(crate::msg!("hint-mojibake"))),
                );
            }
            Some(text)
        }
        Err(err) => {
            let message = match (err.guess.as_deref(), err.line) {
                (Some("UTF-16"), _) => crate::msg!("not-utf8-utf16"),
                (Some(guess), Some(line)) => crate::msg!("not-utf8-guess", guess = guess, line = line),
                _ => crate::msg!("not-utf8"),
            };
            diags.push(Diagnostic::error(path, Some(err.location), message).with_hint(Some(crate::msg!("hint-save-utf8"))));
            None
        }
    }
}

/// Mojibake warnings per file; one per line up to this many.
const MAX_MOJIBAKE_WARNINGS: usize = 5;

/// Reads and validates Markdown files in parallel; each with its own diagnostics.
pub fn load_documents(files: &[(String, PathBuf)], config: &Config) -> Vec<(String, Option<Arc<Document>>, Diagnostics)> {
    files
        .par_iter()
        .map(|(rel, abs)| {
            let mut local = Diagnostics::new();
            let doc = load_document(abs, rel, config, &mut local);
            (rel.clone(), doc.map(Arc::new), local)
        })
        .collect()
}

/// Walks and loads `root/content`.
pub fn load_content(root: &Path, config: &Config, diags: &mut Diagnostics) -> Content {
    let listing = scan(root, diags);
    let mut content = Content { assets: listing.assets, skipped: listing.skipped, ..Content::default() };
    if let Some(path) = &listing.calendar {
        content.calendar = read_text(root, path, diags);
    }
    if let Some(path) = &listing.indices {
        content.indices = read_text(root, path, diags);
    }
    for (_, doc, local) in load_documents(&listing.markdown, config) {
        diags.extend(local);
        content.documents.extend(doc);
    }
    content
}

/// Reads and validates one Markdown file; `rel` is relative to `content/`.
pub fn load_document(abs: &Path, rel: &str, config: &Config, diags: &mut Diagnostics) -> Option<Document> {
    let source = format!("{CONTENT_DIR}/{rel}");
    let bytes = match read_file(abs) {
        Ok(bytes) => bytes,
        Err(err) => {
            diags.push(Diagnostic::error(&source, None, msg!("cannot-read", reason = err.to_string())));
            return None;
        }
    };
    let text = decode_text(&bytes, &source, diags)?;
    let mut local = Diagnostics::new();
    let doc = parse_document(&text, rel, config, &mut local);
    local.quote_lines(&text);
    diags.extend(local);
    doc
}

/// Validates one Markdown file's text (already decoded).
pub fn parse_document(text: &str, rel: &str, config: &Config, diags: &mut Diagnostics) -> Option<Document> {
    let source = format!("{CONTENT_DIR}/{rel}");
    let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
    let parts: Vec<&str> = rel.split('/').collect();
    let file_name = *parts.last().expect("split yields at least one part");
    let kind = match (parts.len(), file_name) {
        (1, "_index.md") => Kind::Home,
        (1, _) => Kind::Page,
        (2, "_index.md") => Kind::Section,
        (_, "_index.md") => {
            diags.push(Diagnostic::warning(&source, None, msg!("nested-index-ignored")));
            return None;
        }
        _ => Kind::Article,
    };

    let split = match front_matter::split(text) {
        Ok(split) => split,
        Err((location, message)) => {
            diags.push(Diagnostic::error(&source, Some(location), message));
            return None;
        }
    };
    let raw = match front_matter::parse(&split) {
        Ok(raw) => raw,
        Err((location, message, hint)) => {
            diags.push(Diagnostic::error(&source, location, message).with_hint(hint).with_quote_from(text));
            return None;
        }
    };
    let before = diags.error_count();
    let mut v = Validator { source: &source, split: &split, diags, tree: None };
    v.unknown_keys();

    let title = raw.title.as_ref().map(|t| t.0.trim().to_string()).filter(|t| !t.is_empty());
    let title = match (title, kind) {
        (Some(title), _) => title,
        (None, Kind::Section) => parts[0].to_string(),
        (None, Kind::Home) => config.title.clone(),
        (None, _) => {
            let at = if split.has_front_matter { Location::new(split.yaml_line, 1) } else { Location::new(1, 1) };
            let message = if split.has_front_matter { msg!("missing-title") } else { msg!("missing-front-matter") };
            v.diags.push(Diagnostic::error(&source, Some(at), message));
            String::new()
        }
    };

    let date = v.time(&raw.date, "date");
    let updated = v.time(&raw.updated, "updated");
    if kind == Kind::Article && raw.date.is_none() {
        v.missing(msg!("missing-date"));
    }
    let areas = v.keys(&raw.areas, "areas", "area", config.areas.iter().map(|a| a.key.as_str()).collect());
    if kind == Kind::Article && raw.areas.as_ref().is_none_or(|l| l.0.is_empty()) {
        let keys: Vec<&str> = config.areas.iter().map(|a| a.key.as_str()).collect();
        v.missing(msg!("missing-areas", keys = keys.join(", ")));
    }
    let units = v.keys(&raw.units, "units", "unit", config.units.iter().map(|u| u.key.as_str()).collect());

    let mut tags: Vec<String> = Vec::new();
    let mut tag_slugs: Vec<String> = Vec::new();
    for (i, tag) in list(&raw.tags).iter().enumerate() {
        let tag = text::single_spaced(tag);
        let slug = slugify(&tag);
        if slug.is_empty() {
            let at = v.at(&[Seg::Key("tags"), Seg::Index(i)]);
            v.diags.push(Diagnostic::error(&source, at, msg!("tag-empty-slug", tag = tag.as_str())));
        } else if !tag_slugs.contains(&slug) {
            tags.push(tag);
            tag_slugs.push(slug);
        }
    }
    let activities: Vec<String> = list(&raw.activities).iter().map(|a| a.trim().to_string()).collect();
    let highlights: Vec<String> = list(&raw.highlights).iter().map(|h| h.trim().to_string()).filter(|h| !h.is_empty()).collect();

    let image = raw.image.as_ref().map(|t| t.0.trim().to_string()).filter(|s| !s.is_empty());
    let image_alt = raw.image_alt.as_ref().map(|t| t.0.trim().to_string()).filter(|s| !s.is_empty());
    if image.is_some() && image_alt.is_none() {
        let at = v.at(&[Seg::Key("image")]);
        v.diags.push(Diagnostic::error(&source, at, msg!("image-needs-alt")));
    }

    let slug = match &raw.slug {
        Some(s) => {
            let slug = slugify(&s.0);
            if slug.is_empty() {
                let at = v.at(&[Seg::Key("slug")]);
                v.diags.push(Diagnostic::error(&source, at, msg!("slug-empty", slug = &s.0)));
            }
            slug
        }
        None => {
            let stem = file_name.trim_end_matches(".md");
            let stem = if stem == "index" && parts.len() > 2 { parts[parts.len() - 2] } else { stem };
            let slug = slugify(stem);
            if slug.is_empty() && matches!(kind, Kind::Article | Kind::Page) {
                v.diags.push(
                    Diagnostic::error(&source, None, msg!("file-name-empty-slug", name = file_name))
                        .with_hint(Some(msg!("hint-rename-or-slug"))),
                );
            }
            slug
        }
    };
    let section = if parts.len() > 1 { slugify(parts[0]) } else { String::new() };
    let path = match kind {
        Kind::Home => String::new(),
        Kind::Page => format!("{slug}/"),
        Kind::Section => format!("{section}/"),
        Kind::Article => {
            let is_bundle = file_name == "index.md" && raw.slug.is_none();
            let folders = &parts[..parts.len() - 1];
            let folders = if is_bundle { &folders[..folders.len() - 1] } else { folders };
            let mut path: String = folders.iter().map(|f| format!("{}/", slugify(f))).collect();
            path.push_str(&slug);
            path.push('/');
            path
        }
    };

    let summary = match &raw.summary {
        Some(s) => text::single_spaced(&s.0),
        None => text::truncate_words(&text::first_paragraph_text(split.body), SUMMARY_CHARS),
    };

    if let Some(offset) = memchr::memmem::find(split.body.as_bytes(), crate::new::PLACEHOLDER.as_bytes()) {
        let at = crate::error::line_col(split.body, offset).offset_lines(split.body_line);
        v.diags.push(Diagnostic::warning(&source, Some(at), msg!("skeleton-text")));
    }
    if v.diags.error_count() > before {
        return None;
    }
    let item_hash = {
        let mut h = std::hash::DefaultHasher::new();
        (&title, &path, &date, &updated, &summary, &areas, &tags, &highlights, &image, &image_alt).hash(&mut h);
        h.finish()
    };
    let meta_hash = {
        let mut h = std::hash::DefaultHasher::new();
        (&path, &date, &updated, &areas, &units).hash(&mut h);
        h.finish()
    };
    Some(Document {
        tag_slugs,
        item_hash,
        meta_hash,
        kind,
        source: source.clone(),
        rel: rel.to_string(),
        section,
        path,
        title,
        date,
        updated,
        areas,
        tags,
        units,
        activities,
        summary,
        highlights,
        image,
        image_alt,
        draft: raw.draft.unwrap_or(false),
        weight: raw.weight.unwrap_or(0),
        body: split.body.to_string(),
        body_line: split.body_line,
        front_matter: split.yaml.to_string(),
        front_matter_line: split.yaml_line,
        hash,
    })
}

fn list(value: &Option<front_matter::List>) -> &[String] {
    value.as_ref().map_or(&[], |l| &l.0)
}

struct Validator<'a> {
    source: &'a str,
    split: &'a front_matter::Split<'a>,
    diags: &'a mut Diagnostics,
    tree: Option<Option<yaml::Node>>,
}

impl Validator<'_> {
    /// The file position of a front-matter value (parsed once, on the first error).
    fn at(&mut self, path: &[Seg]) -> Option<Location> {
        let yaml_line = self.split.yaml_line;
        let tree = self.tree.get_or_insert_with(|| yaml::Node::parse(self.split.yaml));
        tree.as_ref().map(|t| t.find(path).location.offset_lines(yaml_line))
    }

    fn unknown_keys(&mut self) {
        for (key, location) in yaml::top_level_keys(self.split.yaml) {
            if !KNOWN_KEYS.contains(&key) {
                self.diags.push(
                    Diagnostic::warning(
                        self.source,
                        Some(location.offset_lines(self.split.yaml_line)),
                        msg!("unknown-front-matter-key", key = key),
                    )
                    .with_hint(did_you_mean(key, KNOWN_KEYS.iter().copied())),
                );
            }
        }
    }

    fn missing(&mut self, message: crate::i18n::Message) {
        let at = Location::new(self.split.yaml_line.saturating_sub(1).max(1), 1);
        self.diags.push(Diagnostic::error(self.source, Some(at), message));
    }

    fn time(&mut self, value: &Option<front_matter::Text>, key: &str) -> Option<Time> {
        let text = &value.as_ref()?.0;
        match dates::parse_time(text) {
            Ok(t) => Some(t),
            Err(message) => {
                let at = self.at(&[Seg::Key(key)]);
                self.diags.push(Diagnostic::error(self.source, at, message));
                None
            }
        }
    }

    fn keys(&mut self, value: &Option<front_matter::List>, key: &str, what: &str, known: Vec<&str>) -> Vec<usize> {
        let mut indices = Vec::new();
        for (i, item) in list(value).iter().enumerate() {
            let item = item.trim();
            match known.iter().position(|k| *k == item) {
                Some(index) if !indices.contains(&index) => indices.push(index),
                Some(_) => {}
                None => {
                    let at = self.at(&[Seg::Key(key), Seg::Index(i)]);
                    let hint = did_you_mean(item, known.iter().copied()).or_else(|| Some(msg!("hint-known-keys", keys = known.join(", "))));
                    let message = if what == "area" { msg!("unknown-area", key = item) } else { msg!("unknown-unit", key = item) };
                    self.diags.push(Diagnostic::error(self.source, at, message).with_hint(hint));
                }
            }
        }
        indices
    }
}

/// `path` relative to `root`, for messages.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}
