//! The model: every published document, section, taxonomy index, the calendar
//! and the files to copy, with URLs and cross-file checks. Built once per
//! build; immutable afterwards.
//!
//! Input: [`Config`], [`Content`], the calendar and [`BuildOptions`].
//! Output: [`Site`] plus diagnostics (duplicate URLs, unknown activity ids,
//! reserved names). No file I/O here.

use crate::calendar::Calendar;
use crate::config::Config;
use crate::content::{Article, Asset, Content, Document, Kind};
use crate::dates::Time;
use crate::error::{Diagnostic, Diagnostics, did_you_mean};
use crate::indices::Indices;
use crate::urls;
use crate::yaml::Seg;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

mod update;
pub use update::{ListChange, ListKey, Update};

/// A section: a top-level folder of articles.
#[derive(Debug, Clone)]
pub struct Section {
    pub key: String,
    pub title: String,
    /// From `_index.md`, when there is one.
    pub index: Option<Arc<Document>>,
    /// Indices into `Site::articles`, newest first.
    pub articles: Vec<usize>,
    pub weight: i64,
}

/// A free topic and its articles.
#[derive(Debug, Clone)]
pub struct Tag {
    pub slug: String,
    /// The spelling used most often (ties: the first in sort order).
    pub name: String,
    pub articles: Vec<usize>,
    /// How many of its articles spell it each way, so that a change of one
    /// article names it again without reading the others.
    pub spellings: BTreeMap<String, usize>,
}

/// Why a linked document is not in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    Draft,
    Future,
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub now: Time,
    /// Published articles, newest first (date, then path).
    pub articles: Vec<Article>,
    /// Standalone pages, by weight then title.
    pub pages: Vec<Arc<Document>>,
    pub home: Option<Arc<Document>>,
    /// By weight, then title.
    pub sections: Vec<Section>,
    /// Article indices per area (same order as `config.areas`), newest first.
    pub by_area: Vec<Vec<usize>>,
    /// Article indices per unit, newest first.
    pub by_unit: Vec<Vec<usize>>,
    /// By slug.
    pub tags: Vec<Tag>,
    /// Older and newer neighbour of each article within its section.
    pub older: Vec<Option<usize>>,
    pub newer: Vec<Option<usize>>,
    pub calendar: Calendar,
    /// Article indices per activity (same order as `calendar.activities`).
    pub by_activity: Vec<Vec<usize>>,
    /// The reform indices of `content/indices.yaml`.
    pub indices: Indices,
    pub assets: Vec<Asset>,
    /// Content-relative `.md` path → site path of the page, for links.
    pub md_paths: HashMap<String, String>,
    /// Content-relative `.md` paths left out of this build, and why.
    pub hidden: HashMap<String, Hidden>,
    /// Content-relative paths of files and folders never published for their
    /// name (hidden, temporary, backup).
    pub skipped: Vec<String>,
    /// Per article, side by side for fast scans: `item_hash`, `hash`.
    pub item_hashes: Vec<u64>,
    pub file_hashes: Vec<u64>,
    /// All articles' `meta_hash`, combined.
    pub meta_hash: u64,
}

/// Which optional content a build includes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Include {
    pub drafts: bool,
    pub future: bool,
}

impl Site {
    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    pub fn tag_index(&self, slug: &str) -> Option<usize> {
        self.tags.binary_search_by(|t| t.slug.as_str().cmp(slug)).ok()
    }
}

/// Builds the model and runs the cross-file checks. `calendar` is `None` when
/// `calendar.yaml` could not be read: activity ids are not checked then.
pub fn build_site(
    config: Config,
    content: Content,
    calendar: Option<Calendar>,
    indices: Indices,
    now: Time,
    include: Include,
    diags: &mut Diagnostics,
) -> Site {
    // Every date the model compares is Vietnam time, whatever offset --now had.
    let now = now.with_timezone(&crate::dates::vietnam());
    let check_activities = calendar.is_some();
    let calendar = calendar.unwrap_or_default();
    let mut articles = Vec::new();
    let mut pages = Vec::new();
    let mut section_docs = Vec::new();
    let mut home = None;
    let mut hidden = HashMap::new();
    let mut md_paths = HashMap::new();

    for doc in content.documents {
        if doc.draft && !include.drafts {
            hidden.insert(doc.rel.clone(), Hidden::Draft);
            continue;
        }
        if doc.is_article() && !include.future && doc.date.is_some_and(|d| d > now) {
            hidden.insert(doc.rel.clone(), Hidden::Future);
            continue;
        }
        md_paths.insert(doc.rel.clone(), doc.path.clone());
        match doc.kind {
            Kind::Article => articles.extend(Article::new(doc)),
            Kind::Page => pages.push(doc),
            Kind::Section => section_docs.push(doc),
            Kind::Home => home = Some(doc),
        }
    }

    articles.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
    pages.sort_by(|a, b| (a.weight, &a.title, &a.path).cmp(&(b.weight, &b.title, &b.path)));

    check_reserved(&articles, &pages, &section_docs, diags);
    check_duplicates(&articles, &pages, &content.assets, diags);

    // Sections: every folder with articles, plus those with only an _index.md.
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for doc in section_docs {
        sections.insert(
            doc.section.clone(),
            Section { key: doc.section.clone(), title: doc.title.clone(), weight: doc.weight, index: Some(doc), articles: Vec::new() },
        );
    }
    for (i, article) in articles.iter().enumerate() {
        match sections.get_mut(&article.section) {
            Some(section) => section.articles.push(i),
            None => {
                let folder = article.rel.split('/').next().unwrap_or_default().to_string();
                let section = Section { key: article.section.clone(), title: folder, index: None, articles: vec![i], weight: 0 };
                sections.insert(article.section.clone(), section);
            }
        }
    }
    let mut sections: Vec<Section> = sections.into_values().collect();
    sections.sort_by(|a, b| (a.weight, &a.title, &a.key).cmp(&(b.weight, &b.title, &b.key)));

    let mut older = vec![None; articles.len()];
    let mut newer = vec![None; articles.len()];
    for section in &sections {
        for pair in section.articles.windows(2) {
            // Newest first: the next in the list is the older one.
            older[pair[0]] = Some(pair[1]);
            newer[pair[1]] = Some(pair[0]);
        }
    }

    let mut by_area = vec![Vec::new(); config.areas.len()];
    let mut by_unit = vec![Vec::new(); config.units.len()];
    let mut tag_map: BTreeMap<&str, (BTreeMap<&str, usize>, Vec<usize>)> = BTreeMap::new();
    for (i, article) in articles.iter().enumerate() {
        for &a in &article.areas {
            by_area[a].push(i);
        }
        for &u in &article.units {
            by_unit[u].push(i);
        }
        for (tag, slug) in article.tags.iter().zip(&article.tag_slugs) {
            let entry = tag_map.entry(slug).or_default();
            *entry.0.entry(tag).or_default() += 1;
            entry.1.push(i);
        }
    }
    let tags = tag_map
        .into_iter()
        .map(|(slug, (spellings, articles))| {
            let spellings: BTreeMap<String, usize> = spellings.into_iter().map(|(s, n)| (s.to_string(), n)).collect();
            Tag { slug: slug.to_string(), name: most_used(&spellings), articles, spellings }
        })
        .collect();

    let mut by_activity = vec![Vec::new(); calendar.activities.len()];
    for (i, article) in articles.iter().enumerate() {
        for (j, id) in article.activities.iter().enumerate() {
            match calendar.activity_index(id) {
                Some(a) if !by_activity[a].contains(&i) => by_activity[a].push(i),
                Some(_) => {}
                None if check_activities => {
                    let location = article.locate(&[Seg::Key("activities"), Seg::Index(j)]);
                    let hint = did_you_mean(id, calendar.activities.iter().map(|a| a.id.as_str()))
                        .or_else(|| Some(crate::msg!("hint-activity-ids")));
                    diags.push(
                        Diagnostic::error(&article.source, location, crate::msg!("unknown-activity", id = id.as_str())).with_hint(hint),
                    );
                }
                None => {}
            }
        }
    }

    let item_hashes = articles.iter().map(|a| a.item_hash).collect();
    let file_hashes = articles.iter().map(|a| a.hash).collect();
    let meta_hash = update::meta_hash(&articles);
    Site {
        item_hashes,
        file_hashes,
        meta_hash,
        config,
        now,
        articles,
        pages,
        home,
        sections,
        by_area,
        by_unit,
        tags,
        older,
        newer,
        calendar,
        by_activity,
        indices,
        assets: content.assets,
        md_paths,
        hidden,
        skipped: content.skipped,
    }
}

/// The spelling of a tag used most often (ties: the first in sort order).
fn most_used(spellings: &BTreeMap<String, usize>) -> String {
    spellings.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(name, _)| name.to_string()).unwrap_or_default()
}

/// Top-level names the generator writes itself.
fn check_reserved(articles: &[Article], pages: &[Arc<Document>], sections: &[Arc<Document>], diags: &mut Diagnostics) {
    for doc in articles.iter().map(Article::doc).chain(pages).chain(sections) {
        let first = doc.path.split('/').next().unwrap_or_default();
        if let Some(what) = urls::reserved(first) {
            let folder = if doc.kind == Kind::Page { "file" } else { "folder" };
            diags.push(
                Diagnostic::error(&doc.source, None, crate::msg!("url-reserved", segment = first, what = what))
                    .with_hint(Some(crate::msg!("hint-rename-folder", kind = folder))),
            );
        }
    }
}

/// Two sources that would write the same output file.
fn check_duplicates(articles: &[Article], pages: &[Arc<Document>], assets: &[Asset], diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, &str> = HashMap::with_capacity(articles.len() + pages.len());
    for doc in articles.iter().map(Article::doc).chain(pages) {
        if let Some(first) = seen.insert(&doc.path, &doc.source) {
            diags.push(
                Diagnostic::error(&doc.source, None, crate::msg!("url-duplicate", url = &doc.path, other = first))
                    .with_hint(Some(crate::msg!("hint-rename-or-slug"))),
            );
        }
    }
    for asset in assets {
        let page = asset.rel.strip_suffix("index.html").filter(|p| p.is_empty() || p.ends_with('/'));
        if let Some(first) = page.and_then(|p| seen.get(p)) {
            diags.push(Diagnostic::error(format!("content/{}", asset.rel), None, crate::msg!("file-overwrites-page", other = first)));
        }
    }
}
