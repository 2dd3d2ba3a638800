//! Rendering: Markdown bodies to HTML (links resolved against the model), then
//! every output file through the theme's templates.
//!
//! Input: `&Site`, the [`Theme`](templates::Theme) and the set of paths the build
//! produces. Output: HTML strings and diagnostics. Pure and parallel: no shared
//! mutable state, no file I/O.

pub mod chart;
pub mod figures;
pub mod highlight;
pub mod links;
pub mod markdown;
pub mod sanitize;
pub mod strings;
pub mod templates;
pub mod views;

use crate::content::Document;
use crate::error::{Diagnostic, Diagnostics, line_col};
use crate::plan::{Job, job_path};
use crate::site::Site;
use crate::urls;
use links::DocLinks;
use rayon::prelude::*;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::OnceLock;

/// HTML of every Markdown text of the site, in the model's order.
#[derive(Debug, Default, Clone)]
pub struct Bodies {
    pub articles: Vec<Arc<str>>,
    /// Resolved `image` URL of each article (root-relative).
    pub article_images: Vec<Option<String>>,
    pub pages: Vec<Arc<str>>,
    pub sections: Vec<String>,
    pub home: String,
    pub areas: Vec<String>,
    pub activities: Vec<String>,
    /// Per article, a hash of its HTML and image URL: what its pages and feeds
    /// show of it, links to other pages resolved.
    pub article_hashes: Vec<u64>,
    /// Per article, the text blocks its leaflet shows, taken from the parse
    /// that made its HTML, with the [`Document::hash`] of the file they
    /// come from.
    pub article_blocks: Vec<(u64, markdown::TextBlocks)>,
}

impl Bodies {
    /// A hash of the HTML of everything but the articles (pages, sections,
    /// the home page, area and activity descriptions), whose links can
    /// change with another page's address.
    pub fn others_hash(&self) -> u64 {
        hash_of(&(&self.pages, &self.sections, &self.home, &self.areas, &self.activities))
    }

    /// The text blocks of article `i`, kept when they were made from the
    /// file of `hash` (a rebuild in `loa serve` may not have made them).
    pub fn article_blocks(&self, i: usize, hash: u64) -> Option<&markdown::TextBlocks> {
        self.article_blocks.get(i).filter(|(h, _)| *h == hash).map(|(_, blocks)| blocks)
    }
}

/// The hash of an article's body as its pages show it.
pub fn body_hash(html: &str, image: &Option<String>) -> u64 {
    hash_of(&(html, image))
}

fn hash_of(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// The output file of every job, in job order (computed in parallel).
pub fn job_files(site: &Site, jobs: &[Job]) -> Vec<String> {
    jobs.par_iter().map(|j| urls::file_of(&job_path(site, j))).collect()
}

/// Every output file path of a build: planned pages (`files`, from
/// [`job_files`]), theme files, content files.
pub fn known_paths<'a>(site: &'a Site, files: &'a [String], statics: impl IntoIterator<Item = &'a String>) -> HashSet<&'a str> {
    let mut known: HashSet<&str> = HashSet::with_capacity(files.len() + site.assets.len() + 16);
    known.extend(files.iter().map(String::as_str));
    known.extend(statics.into_iter().map(String::as_str));
    known.extend(site.assets.iter().map(|a| a.rel.as_str()));
    known
}

/// A hash of everything a link can point to (and of the indices a chart block
/// draws, and of the theme's wording its charts use), so that cached HTML
/// whose links were checked against the same targets can be reused. Order-independent, so
/// nothing needs sorting.
pub fn targets_hash(site: &Site, strings: &strings::Strings, known: &HashSet<&str>) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    let hasher = BuildHasherDefault::<std::hash::DefaultHasher>::default();
    let paths: u64 = known.par_iter().map(|p| hasher.hash_one(p)).reduce(|| 0, u64::wrapping_add);
    let pages: u64 = site.md_paths.par_iter().map(|kv| hasher.hash_one(kv)).reduce(|| 0, u64::wrapping_add);
    let hidden: u64 = site.hidden.keys().map(|k| hasher.hash_one(k)).fold(0, u64::wrapping_add);
    hasher.hash_one((paths, pages, hidden, known.len(), site.md_paths.len(), site.indices.hash, strings))
}

/// One document's HTML, its resolved `image`, the problems in it (positioned in
/// its file) and whether any link of it needed the site's link targets.
pub struct RenderedDocument {
    pub html: Arc<str>,
    /// Its text blocks, from the same parse.
    pub blocks: markdown::TextBlocks,
    pub image: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub uses_targets: bool,
}

pub fn render_document(site: &Site, strings: &strings::Strings, known: &dyn links::Targets, doc: &Document) -> RenderedDocument {
    let resolver = DocLinks { site, strings, known, rel: &doc.rel, page_path: &doc.path, used: Cell::new(false) };
    let (rendered, blocks) = markdown::render_with_blocks(&doc.body, &resolver);
    let mut diagnostics: Vec<Diagnostic> = rendered
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
                diagnostics.push(Diagnostic::error(&doc.source, location, crate::msg!("image-link", reason = message)));
                None
            }
        }
    });
    RenderedDocument { html: Arc::from(rendered.html), blocks, image, diagnostics, uses_targets: resolver.used.get() }
}

/// Rendered article bodies kept between builds (`loa serve`), by source path.
#[derive(Default)]
pub struct BodyCache {
    entries: HashMap<String, Cached>,
}

struct Cached {
    hash: u64,
    /// [`body_hash`] of what is kept.
    body: u64,
    /// The link targets it was checked against, when it has internal links.
    targets: Option<u64>,
    html: Arc<str>,
    blocks: markdown::TextBlocks,
    image: Option<String>,
    diagnostics: Vec<Diagnostic>,
}

impl BodyCache {
    /// Drops what is kept for a source (it was rendered elsewhere).
    pub fn forget(&mut self, source: &str) {
        self.entries.remove(source);
    }

    /// Whether the body of a source may have read the site's link targets
    /// (or drawn a chart), so that it must be rendered again when they
    /// change: its kept body did, or none is kept.
    pub fn may_use_targets(&self, source: &str) -> bool {
        self.entries.get(source).is_none_or(|e| e.targets.is_some())
    }
}

/// One article's body: its HTML, its image URL, its problems, and what to
/// keep in the cache when it was rendered afresh.
type RenderedArticle = (Arc<str>, markdown::TextBlocks, Option<String>, u64, Vec<Diagnostic>, Option<RenderedDocument>);

/// Renders every Markdown text of the site, articles in parallel. With a
/// cache, an article whose file and link targets did not change is reused.
pub fn render_bodies(
    site: &Site,
    strings: &strings::Strings,
    known: &HashSet<&str>,
    cache: Option<&mut BodyCache>,
    diags: &mut Diagnostics,
) -> Bodies {
    let keep = cache.is_some();
    let targets = if keep { targets_hash(site, strings, known) } else { Default::default() };
    let cached = |doc: &Document| -> Option<&Cached> {
        let entry = cache.as_ref()?.entries.get(&doc.source)?;
        (entry.hash == doc.hash && entry.targets.is_none_or(|t| t == targets)).then_some(entry)
    };
    let articles: Vec<RenderedArticle> = site
        .articles
        .par_iter()
        .map(|doc| match cached(doc) {
            Some(c) => (c.html.clone(), c.blocks.clone(), c.image.clone(), c.body, c.diagnostics.clone(), None),
            None => {
                let r = render_document(site, strings, known, doc);
                // Only an incremental session compares bodies between builds
                // and keeps what it rendered.
                if !keep {
                    return (r.html, r.blocks, r.image, 0, r.diagnostics, None);
                }
                let body = body_hash(&r.html, &r.image);
                (r.html.clone(), r.blocks.clone(), r.image.clone(), body, r.diagnostics.clone(), Some(r))
            }
        })
        .collect();
    let mut bodies = Bodies::default();
    let mut fresh = Vec::new();
    for (doc, (html, blocks, image, body, problems, rendered)) in site.articles.iter().zip(articles) {
        bodies.articles.push(html);
        bodies.article_blocks.push((doc.hash, blocks));
        bodies.article_images.push(image);
        bodies.article_hashes.push(body);
        diags.extend(problems);
        if let Some(r) = rendered {
            fresh.push((doc.source.clone(), doc.hash, body, r));
        }
    }
    if let Some(cache) = cache {
        for (source, hash, body, r) in fresh {
            let targets = r.uses_targets.then_some(targets);
            let entry = Cached { hash, body, targets, html: r.html, blocks: r.blocks, image: r.image, diagnostics: r.diagnostics };
            cache.entries.insert(source, entry);
        }
        let live: HashSet<&str> = site.articles.iter().map(|d| d.source.as_str()).collect();
        cache.entries.retain(|k, _| live.contains(k.as_str()));
    }
    render_other_bodies(site, strings, known, &mut bodies, diags);
    bodies
}

/// Renders the Markdown of everything but the articles (pages, sections,
/// the home page, area and activity descriptions) into `bodies`.
pub fn render_other_bodies(
    site: &Site,
    strings: &strings::Strings,
    known: &dyn links::Targets,
    bodies: &mut Bodies,
    diags: &mut Diagnostics,
) {
    bodies.pages.clear();
    bodies.sections.clear();
    bodies.home.clear();
    bodies.areas.clear();
    bodies.activities.clear();
    for doc in &site.pages {
        let r = render_document(site, strings, known, doc);
        bodies.pages.push(r.html);
        diags.extend(r.diagnostics);
    }
    for section in &site.sections {
        let html = match &section.index {
            Some(doc) => {
                let r = render_document(site, strings, known, doc);
                diags.extend(r.diagnostics);
                r.html.to_string()
            }
            None => String::new(),
        };
        bodies.sections.push(html);
    }
    if let Some(doc) = &site.home {
        let r = render_document(site, strings, known, doc);
        bodies.home = r.html.to_string();
        diags.extend(r.diagnostics);
    }
    for area in &site.config.areas {
        let text = area.description.as_deref().unwrap_or_default();
        bodies.areas.push(render_snippet(site, strings, known, text, &urls::area(&area.key), crate::config::CONFIG_FILE, diags));
    }
    for activity in &site.calendar.activities {
        let text = activity.description.as_deref().unwrap_or_default();
        bodies.activities.push(render_snippet(
            site,
            strings,
            known,
            text,
            &urls::activity(&activity.id),
            crate::calendar::CALENDAR_PATH,
            diags,
        ));
    }
}

/// Markdown kept in a YAML file (area and activity descriptions).
fn render_snippet(
    site: &Site,
    strings: &strings::Strings,
    known: &dyn links::Targets,
    text: &str,
    page_path: &str,
    file: &str,
    diags: &mut Diagnostics,
) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    let resolver = DocLinks { site, strings, known, rel: "", page_path, used: Cell::new(false) };
    let rendered = markdown::render(text, &resolver);
    for p in rendered.problems.into_iter().filter(|p| p.is_error) {
        diags.push(Diagnostic::error(file, None, p.message));
    }
    rendered.html
}

/// Puts the site into every template's context (`site`, and the
/// [`templates::FRAGMENTS`] rendered with it). On a template error, its
/// diagnostic.
pub fn set_site(theme: &mut templates::Theme, site: &Site) -> Result<(), Box<Diagnostic>> {
    let view = views::site_view(site, &theme.strings);
    theme.set_site(&site.config.theme, &view)
}

/// The template of a list entry, which list pages render once per article
/// (see [`Renderer::item_html`]).
pub const ITEM_TEMPLATE: &str = "partials/item.html";

/// The template of the site's menu, which every page shows with its own
/// entry marked (see [`Renderer::site_nav`]).
pub const NAV_TEMPLATE: &str = "partials/site_nav.html";

/// The heading level list pages give their entries.
pub const ITEM_HEADING: u64 = 3;

/// An article's list entry: the view, and the same as the Tera value that
/// list contexts share (cloning a value clones a reference, so a list page
/// does not serialize its entries again).
pub struct Item {
    pub view: views::ArticleItem,
    pub value: tera::Value,
}

/// The list entries of a model's articles, by index, each made on first use:
/// a rebuild in `loa serve` keeps them and makes again only those of the
/// articles an edit changed.
#[derive(Default)]
pub struct Items(Vec<OnceLock<Item>>);

impl Items {
    /// No entry made yet, for `n` articles.
    pub fn new(n: usize) -> Items {
        Items((0..n).map(|_| OnceLock::new()).collect())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The article at `i` left the model: the entries after it move up.
    pub fn remove(&mut self, i: usize) {
        self.0.remove(i);
    }

    /// An article entered the model at `i`: the entries from it move down.
    pub fn insert(&mut self, i: usize) {
        self.0.insert(i, OnceLock::new());
    }

    /// The entry of article `i` changed: it is made again on next use.
    pub fn forget(&mut self, i: usize) {
        if let Some(slot) = self.0.get_mut(i) {
            slot.take();
        }
    }
}

/// The entries a renderer reads: its own, or those a session keeps.
enum ItemSlots<'a> {
    Own(Items),
    Kept(&'a Items),
}

/// What every page template can see, plus the per-article list entries that
/// many pages repeat (built once).
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub tera: &'a tera::Tera,
    pub bodies: &'a Bodies,
    /// The theme's interface wording.
    pub strings: &'a strings::Strings,
    /// List entries, made on first use: an incremental rebuild renders a few
    /// pages and needs only their entries.
    items: ItemSlots<'a>,
    /// `0..articles.len()`, the site feed's article list.
    pub all_indices: Vec<usize>,
    /// Each article's body as feeds write it, made on first use: an
    /// article is in several feeds (the site's, its section's, areas', tags').
    feed_bodies: Vec<OnceLock<String>>,
    /// The terms of the site's tags and units as Tera values, each made on
    /// first use and shared by every page that shows it.
    tag_terms: Vec<OnceLock<tera::Value>>,
    unit_terms: Vec<OnceLock<tera::Value>>,
    /// Each article's list entry as [`ITEM_TEMPLATE`] renders it, made on
    /// first use: an article shows in several lists (its section's, its
    /// areas', tags' and units'), each entry the same HTML.
    item_html: Vec<OnceLock<Result<Arc<str>, String>>>,
    /// Whether list pages show `item_html` (the theme's list template
    /// writes it).
    pub lists_use_item_html: bool,
    /// The URLs a page of the menu can have (the home page's and every
    /// entry's), and the menu rendered in each state met so far, by the
    /// page's menu entry and its URL when it is one of those.
    nav_urls: HashSet<String>,
    navs: std::sync::Mutex<HashMap<(String, String), tera::Value>>,
    /// In a build, the article bodies and leaflet text, freed as their
    /// pages are rendered; `None` where they stay in `bodies`.
    handover: Option<Handover>,
}

/// The articles' HTML and leaflet text handed over by a build, which renders
/// each page once: an article's HTML is freed once its page is rendered
/// (unless a feed shows it), its text once its leaflet is, so that they do
/// not all stay in memory to the end.
pub struct Handover {
    html: Vec<std::sync::Mutex<Option<Arc<str>>>>,
    blocks: Vec<std::sync::Mutex<Option<(u64, markdown::TextBlocks)>>>,
    /// Articles some feed shows, whose HTML is kept.
    in_feed: Vec<bool>,
}

impl Handover {
    /// Takes the articles' HTML and leaflet text out of `bodies`; the
    /// HTML of the articles `in_feed` marks is kept to the end.
    pub fn take(bodies: &mut Bodies, in_feed: Vec<bool>) -> Handover {
        let html = std::mem::take(&mut bodies.articles).into_iter().map(|h| std::sync::Mutex::new(Some(h))).collect();
        let blocks = std::mem::take(&mut bodies.article_blocks).into_iter().map(|b| std::sync::Mutex::new(Some(b))).collect();
        Handover { html, blocks, in_feed }
    }
}

/// A large site's list entries and feed bodies take a while to free: they
/// are freed on every core rather than on one at the end of the build.
impl Drop for Renderer<'_> {
    fn drop(&mut self) {
        use rayon::prelude::*;
        if let ItemSlots::Own(items) = &mut self.items {
            std::mem::take(&mut items.0).into_par_iter().for_each(drop);
        }
        std::mem::take(&mut self.feed_bodies).into_par_iter().for_each(drop);
        std::mem::take(&mut self.item_html).into_par_iter().for_each(drop);
    }
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a templates::Theme, bodies: &'a Bodies) -> Self {
        Self::with_slots(site, theme, bodies, ItemSlots::Own(Items::new(site.articles.len())))
    }

    /// A renderer that reads and fills `items`, the entries of the articles
    /// of `site` kept from an earlier rebuild.
    pub fn with_items(site: &'a Site, theme: &'a templates::Theme, bodies: &'a Bodies, items: &'a Items) -> Self {
        assert_eq!(items.len(), site.articles.len(), "list entries kept for another model");
        Self::with_slots(site, theme, bodies, ItemSlots::Kept(items))
    }

    fn with_slots(site: &'a Site, theme: &'a templates::Theme, bodies: &'a Bodies, items: ItemSlots<'a>) -> Self {
        let (tera, strings) = (&theme.tera, &theme.strings);
        let feed_bodies = (0..site.articles.len()).map(|_| OnceLock::new()).collect();
        let slots = |n: usize| (0..n).map(|_| OnceLock::new()).collect();
        Renderer {
            site,
            tera,
            bodies,
            strings,
            items,
            all_indices: (0..site.articles.len()).collect(),
            feed_bodies,
            tag_terms: slots(site.tags.len()),
            unit_terms: slots(site.config.units.len()),
            item_html: (0..site.articles.len()).map(|_| OnceLock::new()).collect(),
            lists_use_item_html: theme.lists_use_item_html,
            nav_urls: {
                let view = views::site_view(site, strings);
                view.nav.into_iter().map(|term| term.url).chain([view.home_url]).collect()
            },
            navs: Default::default(),
            handover: None,
        }
    }

    /// This renderer reads the articles' HTML and leaflet text from
    /// `handover`, and frees each once its page is rendered.
    pub fn with_handover(mut self, handover: Handover) -> Self {
        self.handover = Some(handover);
        self
    }

    /// The HTML of article `i`.
    pub fn article_html(&self, i: usize) -> Arc<str> {
        match &self.handover {
            Some(h) => h.html[i].lock().map(|html| html.clone()).ok().flatten().expect("an article's HTML is read before it is freed"),
            None => self.bodies.articles[i].clone(),
        }
    }

    /// The text blocks of article `i`'s leaflet, if made from the file of
    /// `hash`.
    pub fn article_blocks(&self, i: usize, hash: u64) -> Option<markdown::TextBlocks> {
        match &self.handover {
            Some(h) => h.blocks[i].lock().ok()?.as_ref().filter(|(h, _)| *h == hash).map(|(_, blocks)| blocks.clone()),
            None => self.bodies.article_blocks(i, hash).cloned(),
        }
    }

    /// Article `i`'s page is rendered: its HTML is freed unless a feed
    /// still needs it.
    pub fn article_done(&self, i: usize) {
        if let Some(h) = &self.handover
            && !h.in_feed[i]
            && let Ok(mut html) = h.html[i].lock()
        {
            html.take();
        }
    }

    /// Article `i`'s leaflet is rendered: its text is freed.
    pub fn leaflet_done(&self, i: usize) {
        if let Some(h) = &self.handover
            && let Ok(mut blocks) = h.blocks[i].lock()
        {
            blocks.take();
        }
    }

    fn entry(&self, i: usize) -> &Item {
        let slots = match &self.items {
            ItemSlots::Own(items) => items,
            ItemSlots::Kept(items) => items,
        };
        slots.0[i].get_or_init(|| {
            let view = views::article_item(self.site, self.strings, self.bodies, i, &self.site.articles[i]);
            let value = tera::Value::from_serializable(&view);
            Item { view, value }
        })
    }

    /// The list entry of article `i`.
    pub fn item(&self, i: usize) -> &views::ArticleItem {
        &self.entry(i).view
    }

    /// The list entry of article `i` as a Tera value.
    pub fn item_value(&self, i: usize) -> tera::Value {
        self.entry(i).value.clone()
    }

    /// The list entry of article `i` rendered by [`ITEM_TEMPLATE`], with
    /// `item` and `heading` ([`ITEM_HEADING`]) set as list pages set them;
    /// on a template error, the error.
    pub fn item_html(&self, i: usize) -> Result<&str, String> {
        let html = self.item_html[i].get_or_init(|| {
            let mut context = tera::Context::new();
            context.insert_value("item", self.item_value(i));
            context.insert("heading", &ITEM_HEADING);
            let mut bytes = Vec::with_capacity(1024);
            self.tera
                .render_to(ITEM_TEMPLATE, &context, &mut bytes)
                .map_err(|err| format!("{ITEM_TEMPLATE}: {}", templates::error_chain(&err)))?;
            String::from_utf8(bytes).map(Arc::from).map_err(|err| format!("{ITEM_TEMPLATE}: {err}"))
        });
        html.as_deref().map_err(Clone::clone)
    }

    /// The menu as [`NAV_TEMPLATE`] renders it for a page of menu entry
    /// `nav_key` at `url`, already HTML: the template sees `nav_key` and
    /// `nav_current` (the page's URL when the home page or an entry has
    /// it, else empty), so each state is rendered once and shared by every
    /// page in it. On a template error, the error.
    pub fn site_nav(&self, nav_key: &str, url: &str) -> Result<tera::Value, String> {
        let current = if self.nav_urls.contains(url) { url } else { "" };
        let key = (nav_key.to_string(), current.to_string());
        if let Some(nav) = self.navs.lock().ok().and_then(|navs| navs.get(&key).cloned()) {
            return Ok(nav);
        }
        let mut context = tera::Context::new();
        context.insert("nav_key", nav_key);
        context.insert("nav_current", current);
        let html = self.tera.render(NAV_TEMPLATE, &context).map_err(|err| format!("{NAV_TEMPLATE}: {}", templates::error_chain(&err)))?;
        let nav = tera::Value::safe_string(&html);
        if let Ok(mut navs) = self.navs.lock() {
            navs.entry(key).or_insert_with(|| nav.clone());
        }
        Ok(nav)
    }

    /// The entries of `articles` as Tera values.
    pub fn item_values(&self, articles: impl IntoIterator<Item = usize>) -> Vec<tera::Value> {
        articles.into_iter().map(|i| self.item_value(i)).collect()
    }

    /// [`views::tags`] of `slugs` as a Tera list, of terms made once.
    pub fn tag_values(&self, slugs: &[String]) -> tera::Value {
        let terms = slugs.iter().filter_map(|slug| {
            let t = self.site.tag_index(slug)?;
            Some(
                self.tag_terms[t]
                    .get_or_init(|| tera::Value::from_serializable(&views::tags(self.site, std::slice::from_ref(slug))[0]))
                    .clone(),
            )
        });
        tera::Value::from(terms.collect::<Vec<_>>())
    }

    /// [`views::units`] of `units` as a Tera list, of terms made once.
    pub fn unit_values(&self, units: &[usize]) -> tera::Value {
        let terms = units
            .iter()
            .map(|&u| self.unit_terms[u].get_or_init(|| tera::Value::from_serializable(&views::units(self.site, &[u])[0])).clone());
        tera::Value::from(terms.collect::<Vec<_>>())
    }

    /// Article `i`'s body as feeds write it, made by `make` the first time.
    pub fn feed_body(&self, i: usize, make: impl FnOnce() -> String) -> &str {
        self.feed_bodies[i].get_or_init(make)
    }

    /// The `n` newest articles' entries, as Tera values.
    pub fn latest(&self, n: usize) -> Vec<tera::Value> {
        self.item_values(0..n.min(self.site.articles.len()))
    }
}
