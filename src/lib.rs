//! Loa: a static site generator for public-administration reform
//! communications. Markdown articles tagged by reform area and a YAML calendar
//! of the plan's activities become a static portal.
//!
//! Entry points: [`generate`] (load → model → render, in memory), [`build`]
//! (generate, then write the output folder atomically), [`check`] (generate,
//! write nothing), [`new::new_article`] and [`serve::serve`].

pub mod calendar;
pub mod config;
pub mod content;
pub mod dates;
pub mod encoding;
pub mod error;
pub mod i18n;
pub mod import;
pub mod indices;
pub mod legacy_vn;
pub mod new;
pub mod output;
pub mod plan;
pub mod render;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub mod slug;
pub mod urls;
pub mod yaml;

use config::{CONFIG_FILE, Config};
use dates::Time;
use error::{Diagnostic, Diagnostics};
use output::{Body, OutputFile};
use render::templates::{self, Theme};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What a build reads and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root: `site.yaml`, `content/`, `themes/`.
    pub root: PathBuf,
    /// The output folder; default `<root>/public`.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    pub drafts: bool,
    pub future: bool,
    /// Also write `.gz` and `.br` beside text files (`--compress`; `compress:
    /// true` in site.yaml does the same).
    pub compress: bool,
    /// The build time: what is past, what is published.
    pub now: Time,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>, now: Time) -> Self {
        BuildOptions { root: root.into(), out: None, base_url: None, drafts: false, future: false, compress: false, now }
    }

    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a build produced.
pub struct Generated {
    /// How many files were written.
    pub files: usize,
    /// Warnings.
    pub diagnostics: Diagnostics,
    pub articles: usize,
    pub pages: usize,
    /// `compress: true` in site.yaml.
    pub compress: bool,
}

/// Why a build did not complete.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the content: exit status 1.
    Content(Diagnostics),
    /// The output could not be written: exit status 2.
    Output(i18n::Message, Diagnostics),
}

/// Reads `site.yaml` and checks it.
pub fn load_config(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<(Config, String)> {
    let path = opts.root.join(CONFIG_FILE);
    let text = match content::read_file(&path) {
        Ok(bytes) => content::decode_file(bytes, CONFIG_FILE, diags)?,
        Err(err) => {
            let message = if err.kind() == std::io::ErrorKind::NotFound {
                msg!("config-not-found", file = CONFIG_FILE, root = opts.root.display().to_string())
            } else {
                msg!("cannot-read", reason = err.to_string())
            };
            diags.push(Diagnostic::error(CONFIG_FILE, None, message));
            return None;
        }
    };
    let mut config = config::parse_config(&text, diags)?;
    if let Some(url) = &opts.base_url
        && let Err(message) = config.set_base_url(url)
    {
        diags.push(Diagnostic::error("--base-url", None, message));
        return None;
    }
    Some((config, text))
}

/// Where rendered files go: into the staging folder of a build, or nowhere
/// (`check`). Called from many threads at once.
pub type Sink<'a> = &'a (dyn Fn(&OutputFile) -> Result<(), i18n::Message> + Sync);

/// Loads, checks and renders the whole site, handing every output file to
/// `sink` as soon as it is rendered. Fails with the content's diagnostics, or
/// with [`Failure::Output`] when `sink` could not write a file.
pub fn generate(opts: &BuildOptions, sink: Sink) -> Result<Generated, Failure> {
    generate_inner(opts, sink).map_err(|(diags, write_errors)| match write_errors.first() {
        Some(first) if !diags.has_errors() => {
            let more = write_errors.len() - 1;
            let message = if more == 0 {
                msg!("write-failed", reason = first.clone())
            } else {
                msg!("write-failed-more", reason = first.clone(), more = more)
            };
            Failure::Output(message, diags)
        }
        _ => Failure::Content(diags),
    })
}

fn generate_inner(opts: &BuildOptions, sink: Sink) -> Result<Generated, (Diagnostics, Vec<i18n::Message>)> {
    let mut diags = Diagnostics::new();
    let Some((config, config_text)) = load_config(opts, &mut diags) else {
        return Err((diags, Vec::new()));
    };
    let theme = templates::load_theme(&opts.root, &config, &config_text, &mut diags);
    let content = content::load_content(&opts.root, &config, &mut diags);
    // The model's cross-file checks run even after load errors, so that one run
    // reports everything it can.
    let mut site = model(opts, config, content, &mut diags);
    let Some(mut theme) = theme else {
        return Err((diags, Vec::new()));
    };
    if diags.has_errors() {
        return Err((diags, Vec::new()));
    }
    let files = match render_site(&mut site, &mut theme, sink, &mut diags) {
        Ok(files) => files,
        Err(write_errors) => return Err((diags, write_errors)),
    };
    if diags.has_errors() {
        return Err((diags, Vec::new()));
    }
    let generated =
        Generated { files, diagnostics: diags, articles: site.articles.len(), pages: site.pages.len(), compress: site.config.compress };
    drop_in_background((site, theme));
    Ok(generated)
}

/// Frees `value` on a thread of its own: freeing the site's model and its
/// theme takes about 16 ms at 10,000 articles, which the swap of the output
/// folder need not wait for (and `loa build` ends before it is done).
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    // Should no thread start, the closure and `value` are freed here.
    let _ = std::thread::Builder::new().name("loa-free".into()).spawn(move || drop(value));
}

/// The model of the loaded content: the calendar and the indices parsed, the
/// site built and checked (problems go to `diags`). One stage of `build` and
/// of the `serve` session alike.
pub fn model(opts: &BuildOptions, config: Config, content: content::Content, diags: &mut Diagnostics) -> site::Site {
    let now = opts.now.with_timezone(&dates::vietnam());
    let calendar = match &content.calendar {
        Some(text) => calendar::parse_calendar(text, &config, now.naive_local(), diags),
        None => Some(calendar::Calendar::default()),
    };
    let indices = match &content.indices {
        Some(text) => indices::parse_indices(text, &config, diags).unwrap_or_default(),
        None => indices::Indices::default(),
    };
    let include = site::Include { drafts: opts.drafts, future: opts.future };
    site::build_site(config, content, calendar, indices, now, include, diags)
}

/// What rendering needs besides the model: every job with its output file,
/// checked for collisions, and every Markdown body, its links checked
/// against those files (reused from `cache` when unchanged). `None` when
/// any of it failed (problems in `diags`). One stage of `build` and of the
/// `serve` session alike.
pub fn prepare(
    site: &site::Site,
    theme: &Theme,
    cache: Option<&mut render::BodyCache>,
    diags: &mut Diagnostics,
) -> Option<(Vec<output::Job>, Vec<String>, render::Bodies)> {
    let jobs = output::plan(site);
    let files = render::job_files(site, &jobs);
    output::collide::check_collisions(site, &jobs, &files, diags);
    if diags.has_errors() {
        return None;
    }
    let known = render::known_paths(site, &files, theme.statics.keys());
    let bodies = render::render_bodies(site, &theme.strings, &known, cache, diags);
    drop(known);
    if diags.has_errors() {
        return None;
    }
    Some((jobs, files, bodies))
}

/// The theme's and the content's files to copy: a file in content/ replaces
/// a theme file of the same path, and both replace a generated one (a
/// site's own robots.txt or logo).
pub fn copied_files(site: &site::Site, theme: &Theme) -> Vec<OutputFile> {
    let assets: BTreeMap<&str, &content::Asset> = site.assets.iter().map(|a| (a.rel.as_str(), a)).collect();
    let mut copied: Vec<OutputFile> = theme
        .statics
        .iter()
        .filter(|(path, _)| !assets.contains_key(path.as_str()))
        .map(|(path, body)| OutputFile { path: path.clone(), body: body.clone() })
        .collect();
    copied.extend(assets.values().map(|a| OutputFile { path: a.rel.clone(), body: Body::Copy(a.source.clone()) }));
    copied.retain(|f| output::is_safe_path(&f.path));
    copied
}

/// Renders every output file of a site (pages, feeds, calendars, theme and
/// content files) into `sink`; returns how many. Problems of the theme or
/// content go to `diags`; files `sink` could not write are returned apart.
/// The articles' Markdown is dropped from `site` once their bodies are
/// rendered: nothing reads it again.
pub fn render_site(site: &mut site::Site, theme: &mut Theme, sink: Sink, diags: &mut Diagnostics) -> Result<usize, Vec<i18n::Message>> {
    // The search index first: its model is freed before the Markdown
    // bodies are rendered, so the two never take memory at once.
    let started = search::start();
    let index_files = output::search::render_index(search::Index::of_site(site));
    search::report_time("search-index", started);
    // Its files are written now rather than held while the bodies and the
    // pages are rendered (tens of MB at 10,000 articles). They are written
    // last of all files of their path, so a theme or content file of the
    // same path is not written.
    let index_paths: rustc_hash::FxHashSet<String> = index_files.iter().map(|f| f.path.clone()).collect();
    let mut count = 0;
    let mut write_errors = Vec::new();
    let index_written: Vec<Result<(), i18n::Message>> = {
        use rayon::prelude::*;
        index_files.into_par_iter().map(|file| sink(&file)).collect()
    };
    for result in index_written {
        match result {
            Ok(()) => count += 1,
            Err(message) => write_errors.push(message),
        }
    }
    let Some((jobs, job_files, mut bodies)) = prepare(site, theme, None, diags) else {
        return Ok(0);
    };
    // Their HTML and their leaflets' text blocks are in `bodies`, and the
    // pages rendered next take as much memory again.
    for doc in &mut site.articles {
        doc.drop_body();
    }
    let site = &*site;
    let mut copied = copied_files(site, theme);
    copied.retain(|f| !index_paths.contains(&f.path));
    let overridden: rustc_hash::FxHashSet<&str> =
        copied.iter().map(|f| f.path.as_str()).chain(index_paths.iter().map(String::as_str)).collect();
    let jobs: Vec<output::Job> =
        jobs.iter().zip(&job_files).filter(|(_, file)| !overridden.contains(file.as_str())).map(|(j, _)| *j).collect();

    if let Err(problem) = render::set_site(theme, site) {
        diags.push(*problem);
        return Ok(0);
    }
    let handover = render::Handover::take(&mut bodies, output::feeds::shown_in_feeds(site, &jobs));
    let renderer = render::Renderer::new(site, theme, &bodies).with_handover(handover);
    for (job, result) in output::render_jobs_into(&renderer, &jobs, sink) {
        match result {
            Ok(()) => count += 1,
            Err(output::JobError::Render(message)) => diags.push(output::render_error(theme, site, &job, &message)),
            Err(output::JobError::Write(message)) => write_errors.push(message),
        }
    }
    for file in &copied {
        match sink(file) {
            Ok(()) => count += 1,
            Err(message) => write_errors.push(message),
        }
    }
    if write_errors.is_empty() { Ok(count) } else { Err(write_errors) }
}

/// Builds the site into its output folder. On failure the folder is untouched.
pub fn build(opts: &BuildOptions) -> Result<Generated, Failure> {
    let mut staging = output::Staging::new(&opts.root, &opts.out_dir()).map_err(|e| Failure::Output(e, Diagnostics::new()))?;
    let generated = generate(opts, &|file| staging.write(file))?;
    // Compressed in the staging folder, so that a server never sends a
    // page with a stale .gz beside it.
    if opts.compress || generated.compress {
        staging.compress().map_err(|e| Failure::Output(e, generated.diagnostics.clone()))?;
    }
    staging.commit().map_err(|e| Failure::Output(e, generated.diagnostics.clone()))?;
    Ok(generated)
}

/// Everything `build` checks, including links, writing nothing.
pub fn check(opts: &BuildOptions) -> Diagnostics {
    match generate(opts, &|_| Ok(())) {
        Ok(generated) => generated.diagnostics,
        Err(Failure::Content(diags) | Failure::Output(_, diags)) => diags,
    }
}

/// The time to build for: `--now`, else `SOURCE_DATE_EPOCH`, else the clock.
/// Returns a message for an unreadable value.
pub fn build_time(flag: Option<&str>) -> Result<Time, i18n::Message> {
    if let Some(text) = flag {
        return dates::parse_time(text).map_err(|m| msg!("now-invalid", reason = m));
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch.trim().parse().map_err(|_| msg!("epoch-invalid", value = epoch.as_str()))?;
        return dates::from_unix(seconds).ok_or_else(|| msg!("epoch-invalid", value = epoch.as_str()));
    }
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    dates::from_unix(seconds).ok_or_else(|| msg!("clock-invalid"))
}
