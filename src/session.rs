//! Incremental builds for `loa serve`: the same pipeline as [`crate::build`],
//! with what each stage read kept between builds.
//!
//! A change reloads only the files it names (one article, the calendar, the
//! theme; `site.yaml` reloads everything). An edit of one article changes
//! the model in place ([`Site::replace_article`]) and compares the
//! signatures of only the outputs it can reach; any other change builds the
//! model again through the same stages as `loa build` ([`crate::model`],
//! [`crate::prepare`]), reusing article HTML whose file and link targets are
//! unchanged. Either way only the output files whose inputs changed are
//! rendered and written ([`crate::output::deps`]). A failed rebuild writes
//! nothing.

use crate::config::{CONFIG_FILE, Config};
use crate::content::{self, Article, Asset, CALENDAR_FILE, CONTENT_DIR, Content, Document, INDICES_FILE};
use crate::error::{Diagnostic, Diagnostics};
use crate::output::{self, Body, OutputFile, deps};
use crate::render::{self, BodyCache, Renderer, templates::Theme};
use crate::serve::stale::Stale;
use crate::site::Site;
use crate::{BuildOptions, load_config, urls};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One loaded Markdown file and its problems.
struct Entry {
    doc: Option<Arc<Document>>,
    diags: Diagnostics,
}

/// What a rebuild did.
#[derive(Debug, Default, Clone)]
pub struct Outcome {
    /// Output files rendered again.
    pub rendered: usize,
    /// Files written (rendered ones that changed, and copied files).
    pub written: usize,
    pub removed: usize,
    /// Whether the model was built again whole (the first build, a change of
    /// settings, theme or calendar, or an edit not made in place).
    pub model_rebuilt: bool,
    /// Warnings.
    pub diagnostics: Diagnostics,
}

/// A kind of change, from a path below the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Config,
    Theme,
    Calendar,
    /// `content/indices.yaml`.
    Indices,
    Markdown(String),
    Asset(String),
    /// A folder appeared or vanished, or a path we cannot place: rescan content.
    Rescan,
}

/// Classifies a changed path (absolute or relative to `root`); `None` for
/// paths that do not affect the site (the output folder, editor files).
pub fn classify(root: &Path, out: &Path, path: &Path) -> Option<Change> {
    if path.starts_with(out) || (!out.is_absolute() && path.starts_with(root.join(out))) {
        return None;
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    let name = rel.file_name()?.to_string_lossy();
    if rel.components().any(|c| content::is_ignored_name(&c.as_os_str().to_string_lossy())) {
        return None;
    }
    let rel_text = rel.to_string_lossy().replace('\\', "/");
    if rel_text == CONFIG_FILE {
        return Some(Change::Config);
    }
    if rel_text.starts_with("themes/") {
        return Some(Change::Theme);
    }
    let in_content = rel_text.strip_prefix(&format!("{CONTENT_DIR}/"))?;
    if in_content == CALENDAR_FILE {
        return Some(Change::Calendar);
    }
    if in_content == INDICES_FILE {
        return Some(Change::Indices);
    }
    if path.is_dir() || (!path.exists() && !name.contains('.')) {
        return Some(Change::Rescan);
    }
    if in_content.ends_with(".md") { Some(Change::Markdown(in_content.to_string())) } else { Some(Change::Asset(in_content.to_string())) }
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// The state kept between builds.
pub struct Session {
    opts: BuildOptions,
    config: Option<(Config, String)>,
    config_diags: Diagnostics,
    theme: Option<Theme>,
    theme_diags: Diagnostics,
    entries: BTreeMap<String, Entry>,
    assets: BTreeMap<String, PathBuf>,
    /// Files and folders of content/ skipped for their name.
    skipped: Vec<String>,
    scan_diags: Diagnostics,
    calendar_text: Option<String>,
    indices_text: Option<String>,
    indices_diags: Diagnostics,
    bodies: BodyCache,
    /// Output path → signature of what is on disk; `None` before the first
    /// good build (the next good build writes everything).
    outputs: Option<HashMap<String, u64>>,
    /// Theme and content files on disk, with a hash of their source.
    copied: HashMap<String, u64>,
    /// The model of the last good build, kept for edits that change only the
    /// text of articles.
    last: Option<Last>,
    /// Markdown files changed since the last good build.
    pending: std::collections::BTreeSet<String>,
    /// Whether anything else changed since the last good build.
    structural: bool,
    /// The search index of what is on disk, updated in place.
    search: output::search::LiveIndex,
    /// Outputs an edit changed that are rendered after the reload message
    /// ([`Session::render_deferred`]); `outputs` keeps the signatures of
    /// what is on disk for them.
    deferred: Vec<Deferred>,
    /// Their paths, shared with the server, which waits for them.
    stale: Arc<Stale>,
    /// How many outputs that can wait an edit renders before the reload
    /// message; more are deferred.
    defer_above: usize,
    /// When the deferred work began (for `LOA_TIMINGS`).
    deferred_since: Option<crate::search::Started>,
    /// Whether the search index on disk is behind the model (its update
    /// deferred with the outputs).
    index_behind: bool,
}

/// An output rendered after the reload message.
#[derive(Debug, Clone)]
struct Deferred {
    job: output::Job,
    path: String,
    /// The tag of a tag's page or feed: tag indices change as tags come and go.
    tag: Option<String>,
}

/// Outputs that can wait until after the reload message: the pages of a
/// list after its first, the feeds of lists, the area leaflets and the
/// files of the whole site (sitemap, report), which no reader sees on the
/// page that reloads. Everything else an edit changes is written first: the
/// article and its neighbours, the first page of each list, the home page.
fn can_wait(job: &output::Job) -> bool {
    use output::Job;
    match job {
        Job::Section { page, .. } | Job::Area { page, .. } | Job::Tag { page, .. } | Job::Unit { page, .. } => *page > 1,
        Job::SectionFeed(_) | Job::AreaFeed(_) | Job::TagFeed(_) | Job::UnitFeed(_) | Job::AreaLeaflet(_) => true,
        job => is_whole_site(job),
    }
}

/// Whole-site files, deferred whenever they changed: each lists every article.
fn is_whole_site(job: &output::Job) -> bool {
    use output::Job;
    matches!(job, Job::Sitemap | Job::Report | Job::ReportCsv | Job::ReportAreasCsv | Job::ReportUnitsCsv)
}

/// The job of a deferred output in the model after an in-place change, or
/// `None` when the output is no longer produced (a tag gone, a page past
/// the list's end: the change removed its file).
fn remap(site: &Site, d: &Deferred) -> Option<output::Job> {
    use output::Job;
    let per_page = site.config.per_page;
    let within = |page: usize, len: usize| (page <= crate::plan::page_count(len, per_page)).then_some(());
    let tag = || d.tag.as_deref().and_then(|slug| site.tag_index(slug));
    Some(match d.job {
        Job::Tag { page, .. } => {
            let t = tag()?;
            within(page, site.tags[t].articles.len())?;
            Job::Tag { tag: t, page }
        }
        Job::TagFeed(_) => Job::TagFeed(tag()?),
        Job::Section { section, page } => {
            within(page, site.sections.get(section)?.articles.len())?;
            d.job
        }
        Job::Area { area, page } => {
            within(page, site.by_area.get(area)?.len())?;
            d.job
        }
        Job::Unit { unit, page } => {
            within(page, site.by_unit.get(unit)?.len())?;
            d.job
        }
        job => job,
    })
}

/// What the last good build rendered from.
struct Last {
    site: Site,
    bodies: render::Bodies,
    global: u64,
    /// The articles' list entries made so far.
    items: render::Items,
}

/// Output paths on disk, as link targets.
struct OnDisk<'a>(&'a HashMap<String, u64>, &'a HashMap<String, u64>);

impl render::links::Targets for OnDisk<'_> {
    fn has(&self, path: &str) -> bool {
        self.0.contains_key(path) || self.1.contains_key(path)
    }
}

/// The link targets after an in-place change: the files on disk, with those
/// the change adds and without those it removes.
struct Known<'a> {
    outputs: &'a HashMap<String, u64>,
    copied: &'a HashMap<String, u64>,
    added: HashSet<&'a str>,
    removed: HashSet<&'a str>,
}

impl render::links::Targets for Known<'_> {
    fn has(&self, path: &str) -> bool {
        self.added.contains(path) || self.copied.contains_key(path) || (self.outputs.contains_key(path) && !self.removed.contains(path))
    }
}

/// Whether `new` differs from `old` only in its text: same page, same list
/// entry, same dates, areas, units, activities and flags.
fn same_shape(old: &Document, new: &Document) -> bool {
    old.item_hash == new.item_hash
        && old.meta_hash == new.meta_hash
        && old.kind == new.kind
        && old.activities == new.activities
        && old.draft == new.draft
        && old.weight == new.weight
        && old.units == new.units
}

impl Session {
    /// Loads everything (nothing is rendered or written yet).
    pub fn new(opts: BuildOptions) -> Session {
        let mut session = Session {
            opts,
            config: None,
            config_diags: Diagnostics::new(),
            theme: None,
            theme_diags: Diagnostics::new(),
            entries: BTreeMap::new(),
            assets: BTreeMap::new(),
            skipped: Vec::new(),
            scan_diags: Diagnostics::new(),
            calendar_text: None,
            indices_text: None,
            indices_diags: Diagnostics::new(),
            bodies: BodyCache::default(),
            outputs: None,
            copied: HashMap::new(),
            last: None,
            pending: Default::default(),
            structural: true,
            search: Default::default(),
            deferred: Vec::new(),
            stale: Arc::default(),
            defer_above: 32,
            deferred_since: None,
            index_behind: false,
        };
        session.reload_all();
        session
    }

    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// Whether a build has been written (the output reflects the sources).
    pub fn has_built(&self) -> bool {
        self.outputs.is_some()
    }

    /// The output paths written after the reload message, for the server.
    pub fn stale(&self) -> Arc<Stale> {
        Arc::clone(&self.stale)
    }

    /// Whether outputs of the last edit are still to be rendered
    /// ([`Session::render_deferred`]).
    pub fn has_deferred(&self) -> bool {
        !self.deferred.is_empty() || self.index_behind
    }

    /// Deferred work is done, or dropped: nothing is stale.
    fn clear_deferred(&mut self) {
        self.deferred.clear();
        self.index_behind = false;
        self.stale.set([]);
        self.stale.set_folder(None);
    }

    /// How many outputs that can wait (list pages after the first, list
    /// feeds, area leaflets) an edit renders before the reload message;
    /// beyond that they are deferred, and so are the sitemap and the report
    /// whenever they change. 32 unless set.
    pub fn set_defer_above(&mut self, n: usize) {
        self.defer_above = n;
    }

    /// Renders and writes up to `max` of the deferred outputs, those a
    /// request waits for first, on the model of the last good build.
    /// Returns how many are left. A template error (which the pages
    /// rendered before the reload would most likely have shown already)
    /// drops the rest; the next build then starts from scratch.
    pub fn render_deferred(&mut self, max: usize) -> Result<usize, Diagnostics> {
        if !self.has_deferred() {
            return Ok(0);
        }
        let (Some(last), Some(theme), Some(outputs)) = (self.last.as_ref(), self.theme.as_ref(), self.outputs.as_mut()) else {
            // No model to render them from (a failed edit): the next good
            // build compares every output's signature, these included, and
            // updates the index from where it stands.
            self.clear_deferred();
            return Ok(0);
        };
        let out = self.opts.out_dir();
        if self.index_behind {
            // First, in a round of its own: the search page's queries wait for it.
            let index = self.search.update(&last.site);
            if let Err(message) = write_index(&out, &index) {
                let mut diags = Diagnostics::new();
                diags.push(Diagnostic::error(out.clone(), None, message));
                self.structural = true;
                self.last = None;
                self.search.reset();
                self.clear_deferred();
                return Err(diags);
            }
            self.index_behind = false;
            self.stale.set_folder(None);
            self.note_done();
            return Ok(self.deferred.len());
        }
        let wanted = self.stale.take_wanted();
        if !wanted.is_empty() {
            self.deferred.sort_by_key(|d| !wanted.contains(&d.path));
        }
        let batch: Vec<Deferred> = self.deferred.drain(..max.min(self.deferred.len())).collect();
        let todo: Vec<(output::Job, String, u64)> = batch
            .into_iter()
            .filter_map(|d| {
                let template = theme.template_hash(output::pages::template_of(&d.job));
                let signature = deps::signature(&last.site, &last.bodies.article_hashes, &d.job, last.global ^ template);
                (outputs.get(&d.path) != Some(&signature) && !self.copied.contains_key(&d.path)).then_some((d.job, d.path, signature))
            })
            .collect();
        let jobs: Vec<output::Job> = todo.iter().map(|(job, _, _)| *job).collect();
        let renderer = Renderer::with_items(&last.site, theme, &last.bodies, &last.items);
        let mut diags = Diagnostics::new();
        let files = render_files(&renderer, theme, &last.site, &jobs, &mut diags);
        drop(renderer);
        if !diags.has_errors() {
            replace_files(&out, &files, &mut diags);
        }
        if diags.has_errors() {
            self.structural = true;
            self.last = None;
            self.clear_deferred();
            return Err(diags);
        }
        for (_, path, signature) in &todo {
            outputs.insert(path.clone(), *signature);
        }
        self.stale.done(todo.iter().map(|(_, path, _)| path.as_str()));
        self.note_done();
        Ok(self.deferred.len())
    }

    /// Reports (`LOA_TIMINGS`) when the deferred work of an edit is done.
    fn note_done(&mut self) {
        if !self.has_deferred()
            && let Some(started) = self.deferred_since.take()
        {
            crate::search::report_time("serve-deferred", started);
        }
    }

    /// Renders every deferred output: the output folder then equals a fresh
    /// build.
    pub fn finish(&mut self) -> Result<(), Diagnostics> {
        while self.has_deferred() {
            self.render_deferred(usize::MAX)?;
        }
        Ok(())
    }

    /// The configuration of the last good load of `site.yaml`.
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref().map(|(c, _)| c)
    }

    fn reload_all(&mut self) {
        self.reload_config();
        self.reload_theme();
        self.rescan();
    }

    fn reload_config(&mut self) {
        let mut diags = Diagnostics::new();
        self.config = load_config(&self.opts, &mut diags);
        self.config_diags = diags;
    }

    fn reload_theme(&mut self) {
        let mut diags = Diagnostics::new();
        self.theme = self.config.as_ref().and_then(|(c, text)| render::templates::load_theme(&self.opts.root, c, text, &mut diags));
        self.theme_diags = diags;
    }

    /// Walks content/ again and reloads every Markdown file.
    fn rescan(&mut self) {
        let mut diags = Diagnostics::new();
        let listing = content::scan(&self.opts.root, &mut diags);
        self.assets = listing.assets.into_iter().map(|a| (a.rel, a.source)).collect();
        self.skipped = listing.skipped;
        self.calendar_text = None;
        if let Some(path) = &listing.calendar {
            self.calendar_text = content::read_text(&self.opts.root, path, &mut diags);
        }
        self.scan_diags = diags;
        let mut diags = Diagnostics::new();
        self.indices_text = listing.indices.as_ref().and_then(|path| content::read_text(&self.opts.root, path, &mut diags));
        self.indices_diags = diags;
        self.entries.clear();
        if let Some((config, _)) = &self.config {
            for (rel, doc, diags) in content::load_documents(&listing.markdown, config) {
                self.entries.insert(rel, Entry { doc, diags });
            }
        }
    }

    /// `rel` as on disk; entries are keyed by its NFC form, as the scan does.
    fn reload_markdown(&mut self, rel: &str) {
        let abs = self.opts.root.join(CONTENT_DIR).join(rel);
        let key = crate::slug::nfc(rel).into_owned();
        if !abs.is_file() {
            self.entries.remove(&key);
            return;
        }
        let Some((config, _)) = &self.config else { return };
        let mut diags = Diagnostics::new();
        let doc = content::load_document(&abs, &key, config, &mut diags).map(Arc::new);
        self.entries.insert(key, Entry { doc, diags });
    }

    fn reload_calendar(&mut self) {
        let path = self.opts.root.join(CONTENT_DIR).join(CALENDAR_FILE);
        let mut diags = Diagnostics::new();
        self.calendar_text = if path.is_file() { content::read_text(&self.opts.root, &path, &mut diags) } else { None };
        self.scan_diags = diags;
    }

    fn reload_indices(&mut self) {
        let path = self.opts.root.join(CONTENT_DIR).join(INDICES_FILE);
        let mut diags = Diagnostics::new();
        self.indices_text = if path.is_file() { content::read_text(&self.opts.root, &path, &mut diags) } else { None };
        self.indices_diags = diags;
    }

    /// Applies changes to what is loaded; call [`Session::build`] after.
    pub fn apply(&mut self, changes: &[Change]) {
        for change in changes {
            match change {
                Change::Markdown(rel) => {
                    self.pending.insert(crate::slug::nfc(rel).into_owned());
                }
                _ => self.structural = true,
            }
        }
        if changes.contains(&Change::Config) {
            self.reload_all();
            return;
        }
        if changes.contains(&Change::Rescan) {
            self.rescan();
        }
        if changes.contains(&Change::Theme) {
            self.reload_theme();
        }
        for change in changes {
            match change {
                Change::Calendar => self.reload_calendar(),
                Change::Indices => self.reload_indices(),
                Change::Markdown(rel) if !changes.contains(&Change::Rescan) => self.reload_markdown(rel),
                Change::Asset(rel) => {
                    let abs = self.opts.root.join(CONTENT_DIR).join(rel);
                    let key = crate::slug::nfc(rel).into_owned();
                    if abs.is_file() && !abs.is_symlink() {
                        self.assets.insert(key, abs);
                    } else {
                        // `write` removes it from the output, as it is no longer produced.
                        self.assets.remove(&key);
                    }
                }
                _ => {}
            }
        }
    }

    /// Every problem of what is loaded now, plus `more`.
    fn load_diagnostics(&self) -> Diagnostics {
        let mut all = Diagnostics::new();
        all.extend(self.config_diags.clone());
        all.extend(self.theme_diags.clone());
        all.extend(self.scan_diags.clone());
        all.extend(self.indices_diags.clone());
        for entry in self.entries.values().filter(|e| !e.diags.is_empty()) {
            all.extend(entry.diags.clone());
        }
        all
    }

    /// Renders what changed since the last good build and writes it into the
    /// output folder. On errors nothing is written.
    pub fn build(&mut self) -> Result<Outcome, Diagnostics> {
        let started = crate::search::start();
        let fast = if self.structural || self.pending.is_empty() { None } else { self.build_texts().or_else(|| self.build_article()) };
        let result = match fast {
            Some(result) => result,
            None => self.build_all(),
        };
        if result.is_ok() {
            self.pending.clear();
            self.structural = false;
        }
        crate::search::report_time("rebuild", started);
        result
    }

    /// The common edit, typing in an article: when every changed file is an
    /// article whose list entry, dates and taxonomy stayed the same, the model
    /// stands; only its body is rendered again, and the pages that show the
    /// body (the article, its leaflet, the feeds that carry it). `None` when
    /// the edit is of another kind.
    fn build_texts(&mut self) -> Option<Result<Outcome, Diagnostics>> {
        let last = self.last.as_ref()?;
        let mut changed = Vec::new();
        for rel in &self.pending {
            let entry = self.entries.get(rel)?;
            if entry.diags.has_errors() {
                return None;
            }
            let new = Article::new(entry.doc.clone()?)?;
            // Same shape means the same date and address, so the article
            // stands where it stood: found by its place in the order of
            // articles (newest first, then by address), not by a scan.
            let articles = &last.site.articles;
            let i = articles.binary_search_by(|a| new.date.cmp(&a.date).then_with(|| a.path.cmp(&new.path))).ok()?;
            if articles[i].rel != *rel || !same_shape(&articles[i], &new) {
                return None;
            }
            changed.push((i, new));
        }
        let mut diags = self.load_diagnostics();
        let outputs = self.outputs.as_ref()?;
        let targets = OnDisk(outputs, &self.copied);
        let theme = self.theme.as_ref()?;
        let rendered: Vec<(usize, Article, render::RenderedDocument)> = changed
            .into_iter()
            .map(|(i, doc)| {
                let r = render::render_document(&last.site, &theme.strings, &targets, &doc);
                diags.extend(r.diagnostics.clone());
                (i, doc, r)
            })
            .collect();
        if diags.has_errors() {
            return Some(Err(diags));
        }
        let last = self.last.as_mut()?;
        let mut indices = Vec::new();
        for (i, doc, r) in rendered {
            self.bodies.forget(&doc.source);
            last.site.file_hashes[i] = doc.hash;
            last.site.articles[i] = doc;
            last.bodies.article_hashes[i] = render::body_hash(&r.html, &r.image);
            last.bodies.articles[i] = r.html;
            last.bodies.article_images[i] = r.image;
            last.items.forget(i);
            indices.push(i);
        }
        let jobs = deps::showing_text(&last.site, &indices);
        let theme = self.theme.as_ref()?;
        let renderer = Renderer::with_items(&last.site, theme, &last.bodies, &last.items);
        let out = self.opts.out_dir();
        let outputs = self.outputs.as_mut()?;
        let mut written = 0;
        for (job, file) in output::render_jobs(&renderer, &jobs) {
            let file = match file {
                Ok(file) => file,
                Err(message) => {
                    diags.push(output::render_error(theme, &last.site, &job, &message));
                    continue;
                }
            };
            if let Err(message) = write_if_changed(&out, &file) {
                diags.push(Diagnostic::error(out.clone(), None, crate::msg!("write-failed", reason = message)));
                continue;
            }
            written += 1;
            let template = theme.template_hash(output::pages::template_of(&job));
            outputs.insert(file.path, deps::signature(&last.site, &last.bodies.article_hashes, &job, last.global ^ template));
        }
        // The search index reads the text too.
        let index = self.search.update(&last.site);
        if let Err(message) = write_index(&out, &index) {
            diags.push(Diagnostic::error(out.clone(), None, message));
        }
        written += index.write.len();
        if diags.has_errors() {
            // A template or disk error: the next build starts from scratch.
            self.structural = true;
            self.search.reset();
            return Some(Err(diags));
        }
        // The index is up to date, whatever an earlier edit left behind.
        self.index_behind = false;
        self.stale.set_folder(None);
        Some(Ok(Outcome { rendered: jobs.len(), written, removed: 0, model_rebuilt: false, diagnostics: diags }))
    }

    /// An edit of one article that moves it (its title, date, tags, areas,
    /// units, address), adds or removes it: the model is changed in place
    /// ([`Site::replace_article`]), the article's body rendered, and only the
    /// output files the change can reach ([`deps::affected`]) whose
    /// signature changed are rendered again. `None` when the edit is of
    /// another kind, or changes what every page shows: the whole model is
    /// built again then.
    fn build_article(&mut self) -> Option<Result<Outcome, Diagnostics>> {
        let started = crate::search::start();
        if self.pending.len() != 1 {
            return None;
        }
        let rel = self.pending.first()?.clone();
        let new = match self.entries.get(&rel) {
            None => None,
            Some(entry) if entry.diags.has_errors() => return None,
            Some(entry) => {
                let doc = entry.doc.clone()?;
                let now = self.opts.now;
                let hidden = (doc.draft && !self.opts.drafts) || (!self.opts.future && doc.date.is_some_and(|d| d > now));
                if !doc.is_article() || hidden {
                    return None;
                }
                Some(Article::new(doc)?)
            }
        };
        self.outputs.as_ref()?;
        self.theme.as_ref()?;
        let (config_text, calendar_text) = (self.config.as_ref()?.1.clone(), self.calendar_text.clone());
        let mut last = self.last.take()?;
        let Some(update) = last.site.replace_article(&rel, new) else {
            self.last = Some(last);
            return None;
        };
        // From here `last` is the new model; whatever refuses below builds
        // everything again (`self.last` stays empty).
        let site = &last.site;
        self.deferred.retain_mut(|d| remap(site, d).map(|job| d.job = job).is_some());
        let bodies = &mut last.bodies;
        if let Some(o) = update.old_index {
            bodies.articles.remove(o);
            bodies.article_images.remove(o);
            bodies.article_hashes.remove(o);
        }
        if let Some(j) = update.index {
            bodies.articles.insert(j, Arc::from(""));
            bodies.article_images.insert(j, None);
            bodies.article_hashes.insert(j, 0);
        }
        if let Some(o) = update.old_index {
            last.items.remove(o);
        }
        if let Some(j) = update.index {
            last.items.insert(j);
        }
        let (added, removed) = deps::changed_files(&last.site, &update);
        let outputs = self.outputs.as_ref()?;
        // A new file on a path something else writes: the full build reports it.
        if added.iter().any(|p| outputs.contains_key(p) || self.copied.contains_key(p)) {
            return None;
        }
        let known = Known {
            outputs,
            copied: &self.copied,
            added: added.iter().map(String::as_str).collect(),
            removed: removed.iter().map(String::as_str).collect(),
        };
        let mut diags = self.load_diagnostics();
        let theme = self.theme.as_mut()?;

        // The article's body, and, when the link targets changed, every body
        // that may have read them.
        let mut again: Vec<usize> = update.index.into_iter().collect();
        let targets_changed = !added.is_empty() || !removed.is_empty();
        if targets_changed {
            again.extend(
                (0..last.site.articles.len())
                    .filter(|&i| Some(i) != update.index && self.bodies.may_use_targets(&last.site.articles[i].source)),
            );
            render::render_other_bodies(&last.site, &theme.strings, &known, &mut last.bodies, &mut diags);
        }
        let rendered: Vec<(usize, render::RenderedDocument)> = {
            use rayon::prelude::*;
            let site = &last.site;
            let strings = &theme.strings;
            again.par_iter().map(|&i| (i, render::render_document(site, strings, &known, &site.articles[i]))).collect()
        };
        // Other bodies that changed (a link to the article's new address).
        let mut relinked = Vec::new();
        for (i, r) in rendered {
            diags.extend(r.diagnostics);
            self.bodies.forget(&last.site.articles[i].source);
            let hash = render::body_hash(&r.html, &r.image);
            if Some(i) != update.index && hash != last.bodies.article_hashes[i] {
                relinked.push(i);
            }
            last.bodies.article_hashes[i] = hash;
            last.bodies.articles[i] = r.html;
            last.bodies.article_images[i] = r.image;
            // The entry shows the image, whose address is resolved as a link.
            last.items.forget(i);
        }
        if diags.has_errors() {
            self.structural = true;
            return Some(Err(diags));
        }
        let global = deps::global(&last.site, hash_of(&config_text), hash_of(&calendar_text), last.bodies.others_hash());
        if global != last.global {
            return None;
        }
        crate::search::report_time("serve-model", started);

        let outputs = self.outputs.as_ref()?;
        let mut jobs = deps::affected(&last.site, &update);
        jobs.extend(deps::showing_text(&last.site, &relinked));
        jobs.sort_unstable();
        jobs.dedup();
        let todo: Vec<(output::Job, String, u64)> = jobs
            .into_iter()
            .filter_map(|job| {
                let path = urls::file_of(&output::job_path(&last.site, &job));
                let template = theme.template_hash(output::pages::template_of(&job));
                let signature = deps::signature(&last.site, &last.bodies.article_hashes, &job, global ^ template);
                (outputs.get(&path) != Some(&signature)).then_some((job, path, signature))
            })
            .collect();
        if let Err(problem) = render::set_site(theme, &last.site) {
            diags.push(*problem);
            self.structural = true;
            return Some(Err(diags));
        }
        // What can wait is deferred when there is much of it (the pages of
        // a long list between an article's old and new places).
        let waiting = todo.iter().filter(|(job, _, _)| can_wait(job)).count();
        let many = waiting > self.defer_above;
        let (todo, later): (Vec<_>, Vec<_>) = todo.into_iter().partition(|(job, _, _)| !(is_whole_site(job) || (many && can_wait(job))));
        let renderer = Renderer::with_items(&last.site, theme, &last.bodies, &last.items);
        // Content and theme files of the same path replace generated ones.
        let jobs: Vec<output::Job> = todo.iter().filter(|(_, path, _)| !self.copied.contains_key(path)).map(|(job, _, _)| *job).collect();
        let files = render_files(&renderer, theme, &last.site, &jobs, &mut diags);
        drop(renderer);
        if diags.has_errors() {
            self.structural = true;
            return Some(Err(diags));
        }
        crate::search::report_time("serve-render", started);

        let out = self.opts.out_dir();
        let outputs = self.outputs.as_mut()?;
        let mut written = replace_files(&out, &files, &mut diags);
        let failed: HashSet<&str> = if diags.has_errors() { files.iter().map(|f| f.path.as_str()).collect() } else { HashSet::new() };
        // What waits: earlier edits' deferred outputs not written now, and
        // this edit's.
        let now: HashSet<&str> = todo.iter().map(|(_, path, _)| path.as_str()).collect();
        self.deferred.retain(|d| !now.contains(d.path.as_str()));
        let waiting: HashSet<String> = self.deferred.iter().map(|d| d.path.clone()).collect();
        for (job, path, _) in later {
            if waiting.contains(&path) || self.copied.contains_key(&path) {
                continue;
            }
            let tag = match job {
                output::Job::Tag { tag, .. } | output::Job::TagFeed(tag) => Some(last.site.tags[tag].slug.clone()),
                _ => None,
            };
            self.deferred.push(Deferred { job, path, tag });
        }
        for (_, path, signature) in todo {
            // A file that failed to write keeps the signature of what is on disk.
            if !failed.contains(path.as_str()) {
                outputs.insert(path, signature);
            }
        }
        let mut gone = 0;
        for path in &removed {
            if outputs.remove(path).is_some() && !self.copied.contains_key(path) && output::is_safe_path(path) {
                let target = out.join(path);
                if std::fs::remove_file(&target).is_ok() {
                    gone += 1;
                    remove_empty_parents(&out, &target);
                }
            }
        }
        // When many outputs wait, the search index waits too: a date edit
        // renumbers its documents, hundreds of files at 100,000 articles.
        if !many && !self.index_behind {
            let index = self.search.update(&last.site);
            if let Err(message) = write_index(&out, &index) {
                diags.push(Diagnostic::error(out.clone(), None, message));
            }
            written += index.write.len();
            gone += index.remove.len();
        } else {
            self.index_behind = true;
        }
        if diags.has_errors() {
            // A disk error: the next build starts from scratch.
            self.structural = true;
            self.search.reset();
            return Some(Err(diags));
        }
        let rendered = files.len();
        self.last = Some(last);
        // Marked before the reload message, which follows.
        self.stale.set(self.deferred.iter().map(|d| d.path.clone()));
        self.stale.set_folder(self.index_behind.then(output::search::index_dir));
        if self.has_deferred() && self.deferred_since.is_none() {
            self.deferred_since = Some(started);
        }
        Some(Ok(Outcome { rendered, written, removed: gone, model_rebuilt: false, diagnostics: diags }))
    }

    fn build_all(&mut self) -> Result<Outcome, Diagnostics> {
        let started = crate::search::start();
        let mut diags = self.load_diagnostics();
        let (Some((config, config_text)), Some(theme)) = (&self.config, &mut self.theme) else {
            return Err(diags);
        };
        let content = Content {
            documents: self.entries.values().filter_map(|e| e.doc.clone()).collect(),
            assets: self.assets.iter().map(|(rel, source)| Asset { rel: rel.clone(), source: source.clone() }).collect(),
            calendar: self.calendar_text.clone(),
            indices: self.indices_text.clone(),
            skipped: self.skipped.clone(),
        };
        let site = crate::model(&self.opts, config.clone(), content, &mut diags);
        if diags.has_errors() {
            return Err(diags);
        }

        crate::search::report_time("serve-model", started);
        let Some((jobs, files, bodies)) = crate::prepare(&site, theme, Some(&mut self.bodies), &mut diags) else {
            return Err(diags);
        };
        crate::search::report_time("serve-bodies", started);
        let global = deps::global(&site, hash_of(config_text), hash_of(&self.calendar_text), bodies.others_hash());
        let signatures: Vec<(String, u64)> = {
            use rayon::prelude::*;
            let theme = &*theme;
            let sigs: Vec<u64> = jobs
                .par_iter()
                .map(|j| deps::signature(&site, &bodies.article_hashes, j, global ^ theme.template_hash(output::pages::template_of(j))))
                .collect();
            files.into_iter().zip(sigs).collect()
        };
        let previous = self.outputs.as_ref();
        let todo: Vec<output::Job> = jobs
            .iter()
            .zip(&signatures)
            .filter(|(_, (path, sig))| previous.is_none_or(|p| p.get(path) != Some(sig)))
            .map(|(job, _)| *job)
            .collect();

        crate::search::report_time("serve-signatures", started);
        if let Err(problem) = render::set_site(theme, &site) {
            diags.push(*problem);
            return Err(diags);
        }
        let items = render::Items::new(site.articles.len());
        let renderer = Renderer::with_items(&site, theme, &bodies, &items);
        let files = render_files(&renderer, theme, &site, &todo, &mut diags);
        if diags.has_errors() {
            return Err(diags);
        }
        let rendered = files.len();
        crate::search::report_time("serve-render", started);
        let copied = copied_files(theme, &site);
        crate::search::report_time("serve-copied", started);
        drop(renderer);
        // The previous model is thousands of allocations: free it off the
        // path to the reload.
        if let Some(old) = self.last.take() {
            std::thread::spawn(move || drop(old));
        }
        if self.outputs.is_none() {
            // The whole folder is written: every file of the index too.
            self.search.reset();
        }
        let index = self.search.update(&site);
        let result = self.write(files, copied, signatures).and_then(|(written, removed)| {
            write_index(&self.opts.out_dir(), &index)?;
            Ok((written + index.write.len(), removed + index.remove.len()))
        });
        match result {
            Ok((written, removed)) => {
                // Every output's signature was compared and the index
                // updated: nothing waits.
                self.clear_deferred();
                self.last = Some(Last { site, bodies, global, items });
                Ok(Outcome { rendered, written, removed, model_rebuilt: true, diagnostics: diags })
            }
            Err(message) => {
                self.search.reset();
                diags.push(Diagnostic::error(self.opts.out_dir(), None, message));
                Err(diags)
            }
        }
    }

    /// Writes the rendered files, the theme and content files that changed,
    /// and removes outputs that are no longer produced.
    fn write(
        &mut self,
        files: Vec<OutputFile>,
        copied: Vec<(OutputFile, u64)>,
        signatures: Vec<(String, u64)>,
    ) -> Result<(usize, usize), crate::i18n::Message> {
        let out = self.opts.out_dir();
        if self.outputs.is_none() {
            // First good build: the whole folder, atomically.
            let mut all: BTreeMap<String, OutputFile> = files.into_iter().map(|f| (f.path.clone(), f)).collect();
            for (file, _) in &copied {
                all.insert(file.path.clone(), file.clone());
            }
            let all: Vec<OutputFile> = all.into_values().collect();
            output::write_all(&self.opts.root, &out, &all)?;
            self.outputs = Some(signatures.into_iter().collect());
            self.copied = copied.into_iter().map(|(f, h)| (f.path, h)).collect();
            return Ok((all.len(), 0));
        }
        // Until every file is written, what is on disk is still described by
        // the signatures of the last good build: a failure here keeps them
        // (the files written so far are rendered again next time).
        let mut written = 0;
        let copied_paths: HashSet<String> = copied.iter().map(|(f, _)| f.path.clone()).collect();
        for file in &files {
            if copied_paths.contains(&file.path) {
                continue;
            }
            write_if_changed(&out, file).map_err(|reason| crate::msg!("write-failed", reason = reason))?;
            written += 1;
        }
        let mut now_copied = HashMap::new();
        for (file, hash) in copied {
            if self.copied.get(&file.path) != Some(&hash) {
                write_if_changed(&out, &file).map_err(|reason| crate::msg!("write-failed", reason = reason))?;
                written += 1;
            }
            now_copied.insert(file.path, hash);
        }
        let mut outputs = self.outputs.take().expect("checked above");
        let mut removed = 0;
        // Outputs and copied files that are produced no longer: only when the
        // set of paths changed (an edit of a text leaves it as it was).
        let same_paths = signatures.len() == outputs.len() && signatures.iter().all(|(p, _)| outputs.contains_key(p));
        if !same_paths || now_copied.len() != self.copied.len() || now_copied.keys().any(|k| !self.copied.contains_key(k)) {
            let produced: HashSet<&str> = signatures.iter().map(|(p, _)| p.as_str()).chain(now_copied.keys().map(String::as_str)).collect();
            for path in outputs.keys().chain(self.copied.keys()) {
                if !produced.contains(path.as_str()) && output::is_safe_path(path) {
                    let target = out.join(path);
                    if target.is_file() && std::fs::remove_file(&target).is_ok() {
                        removed += 1;
                        remove_empty_parents(&out, &target);
                    }
                }
            }
            outputs.retain(|p, _| produced.contains(p.as_str()));
        }
        for (path, signature) in signatures {
            match outputs.get_mut(&path) {
                Some(old) => *old = signature,
                None => {
                    outputs.insert(path, signature);
                }
            }
        }
        self.outputs = Some(outputs);
        self.copied = now_copied;
        Ok((written, removed))
    }
}

/// Renders `jobs`; a job that fails adds its rendering error to `diags`.
fn render_files(renderer: &Renderer, theme: &Theme, site: &Site, jobs: &[output::Job], diags: &mut Diagnostics) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for (job, file) in output::render_jobs(renderer, jobs) {
        match file {
            Ok(file) => files.push(file),
            Err(message) => diags.push(output::render_error(theme, site, &job, &message)),
        }
    }
    files
}

/// Writes `files` into `out` with [`replace_file`], in parallel as they
/// were rendered (a date moved across months shifts the entries of
/// hundreds of list pages); a file that fails adds an error to `diags`.
/// Returns how many were written.
fn replace_files(out: &Path, files: &[OutputFile], diags: &mut Diagnostics) -> usize {
    use rayon::prelude::*;
    let failures: Vec<crate::i18n::Message> = files.par_iter().filter_map(|file| replace_file(out, file).err()).collect();
    let written = files.len() - failures.len();
    for message in failures {
        diags.push(Diagnostic::error(out.to_path_buf(), None, crate::msg!("write-failed", reason = message)));
    }
    written
}

/// Theme files and content files, each with a hash of its source (bytes for
/// theme files, size and modification time for content files).
fn copied_files(theme: &Theme, site: &Site) -> Vec<(OutputFile, u64)> {
    let mut files: BTreeMap<String, (OutputFile, u64)> = BTreeMap::new();
    for file in crate::copied_files(site, theme) {
        let hash = match &file.body {
            Body::Bytes(b) => hash_of(b),
            Body::Static(b) => hash_of(b),
            // A file that vanished since the scan (an editor's temporary
            // file renamed over another) is not copied; the event of its
            // removal follows.
            Body::Copy(source) => match std::fs::metadata(source) {
                Ok(meta) => hash_of((meta.len(), meta.modified().ok())),
                Err(_) => continue,
            },
        };
        files.insert(file.path.clone(), (file, hash));
    }
    files.into_values().filter(|(f, _)| output::is_safe_path(&f.path)).collect()
}

/// Writes the index files that changed and removes those no longer produced.
/// The delta holds only files whose bytes changed since the last update (a
/// date edit renumbers documents: hundreds of them), so they are written
/// without reading them back, in parallel.
fn write_index(out: &Path, delta: &output::search::Delta) -> Result<(), crate::i18n::Message> {
    use rayon::prelude::*;
    delta.write.par_iter().try_for_each(|file| replace_file(out, file).map_err(|reason| crate::msg!("write-failed", reason = reason)))?;
    for path in &delta.remove {
        let target = out.join(path);
        if std::fs::remove_file(&target).is_ok() {
            remove_empty_parents(out, &target);
        }
    }
    Ok(())
}

/// Writes a file through a temporary name and a rename, so that the server
/// never sends half a page; a file whose bytes are on disk already is left
/// as it is.
fn write_if_changed(out: &Path, file: &OutputFile) -> Result<(), crate::i18n::Message> {
    if let Body::Bytes(bytes) = &file.body
        && std::fs::read(out.join(&file.path)).is_ok_and(|old| &old == bytes)
    {
        return Ok(());
    }
    replace_file(out, file)
}

/// [`write_if_changed`] without reading the file on disk first, for a
/// rendered file whose signature changed (its bytes almost always did).
/// The folder is created only when the file is new in it.
fn replace_file(out: &Path, file: &OutputFile) -> Result<(), crate::i18n::Message> {
    let target = out.join(&file.path);
    let dir = target.parent().ok_or_else(|| crate::msg!("io-no-parent", path = target.display().to_string()))?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.loa-tmp-{}", std::process::id()));
    let write = || match &file.body {
        Body::Bytes(bytes) => std::fs::write(&temp, bytes),
        Body::Static(bytes) => std::fs::write(&temp, bytes),
        Body::Copy(source) => std::fs::copy(source, &temp).map(|_| ()),
    };
    let written = match write() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)
                .map_err(|e| crate::msg!("io-cannot-create", path = dir.display().to_string(), reason = e.to_string()))?;
            write()
        }
        other => other,
    };
    written.map_err(|e| crate::msg!("io-cannot-write", path = temp.display().to_string(), reason = e.to_string()))?;
    std::fs::rename(&temp, &target).map_err(|e| crate::msg!("io-cannot-write", path = target.display().to_string(), reason = e.to_string()))
}

fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        assert_eq!(classify(root, out, Path::new("/site/site.yaml")), Some(Change::Config));
        assert_eq!(classify(root, out, Path::new("/site/themes/default/templates/base.html")), Some(Change::Theme));
        assert_eq!(classify(root, out, Path::new("/site/content/calendar.yaml")), Some(Change::Calendar));
        assert_eq!(classify(root, out, Path::new("/site/content/indices.yaml")), Some(Change::Indices));
        assert_eq!(classify(root, out, Path::new("/site/content/tin-tuc/a.md")), Some(Change::Markdown("tin-tuc/a.md".into())));
        assert_eq!(classify(root, out, Path::new("/site/content/images/a.png")), Some(Change::Asset("images/a.png".into())));
        assert_eq!(classify(root, out, Path::new("/site/public/index.html")), None);
        assert_eq!(classify(root, out, Path::new("/site/content/tin-tuc/.a.md.swp")), None);
        assert_eq!(classify(root, out, Path::new("/site/content/tin-tuc/a.md~")), None);
        assert_eq!(classify(root, out, Path::new("/site/content/tin-tuc/#a.md#")), None);
        assert_eq!(classify(root, out, Path::new("/site/README.md")), None);
        assert_eq!(classify(root, out, Path::new("/site/.git/index")), None);
        // Editors' temporary files: sed -i, vim's probe, emacs locks, JetBrains.
        assert_eq!(classify(root, out, Path::new("/site/content/tin-tuc/sedAb12Cd")), None);
        assert_eq!(classify(root, out, Path::new("/site/content/tin-tuc/4913")), None);
        assert_eq!(classify(root, out, Path::new("/site/content/tin-tuc/.#a.md")), None);
        assert_eq!(classify(root, out, Path::new("/site/content/tin-tuc/a.md___jb_tmp___")), None);
        assert_eq!(
            classify(root, out, Path::new("/site/content/tin-tuc/sediment.md")),
            Some(Change::Markdown("tin-tuc/sediment.md".into()))
        );
    }
}
