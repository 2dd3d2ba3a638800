//! The theme: Tera templates and static files. The default theme is built into
//! the binary, so a site needs only `site.yaml` and `content/`; a folder
//! `themes/<theme>/` in the site overrides it file by file (`templates/…`,
//! `static/…`).
//!
//! Loaded with the content, so template syntax errors are reported with
//! content errors.
//!
//! The theme's CSS and JS files are also written under a name carrying a hash
//! of their content (`css/style.3f9a1c2b.css`), which templates reach through
//! the `asset` filter (`{{ site.base_path }}{{ "css/style.css" | asset }}`), so
//! that a web server may let browsers keep them for a year. The plain names
//! are written too, for templates of older themes that spell them out.

use super::strings::Strings;
use crate::config::{CONFIG_FILE, Config};
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::plan::Body;
use crate::yaml::{self, Seg};
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The theme's interface wording, beside `templates/` and `static/`.
pub const STRINGS_FILE: &str = "strings.yaml";

/// The name of the built-in theme.
pub const DEFAULT_THEME_NAME: &str = "default";

/// Templates ready to render, and the files to copy.
pub struct Theme {
    pub tera: tera::Tera,
    /// Output path → bytes, sorted.
    pub statics: BTreeMap<String, Body>,
    /// The interface wording: the built-in `strings.yaml`, then the site theme's.
    pub strings: Strings,
    /// Plain theme path → fingerprinted path (`css/style.css` →
    /// `css/style.3f9a1c2b.css`).
    pub fingerprints: BTreeMap<String, String>,
    /// Per template: a hash of its text and of every template it extends or
    /// includes, so that a template edit re-renders only the pages that use it.
    template_hashes: BTreeMap<String, u64>,
    /// Template name → the file it came from, as messages name it.
    displays: BTreeMap<String, String>,
    /// Whether the list template writes `list.items_html`, the entries
    /// rendered once per article (see [`crate::render::ITEM_TEMPLATE`]); a
    /// theme's own list template that does not is spared making them.
    pub lists_use_item_html: bool,
}

impl Theme {
    /// The hash of a template and what it uses (`0` for no template).
    pub fn template_hash(&self, name: Option<&str>) -> u64 {
        name.and_then(|n| self.template_hashes.get(n).copied()).unwrap_or(0)
    }
}

/// The templates a template names in `{% extends "…" %}` and `{% include "…" %}`;
/// `None` when one is not a plain string (it could be any template).
fn template_deps(text: &str) -> Option<Vec<String>> {
    let mut deps = Vec::new();
    for keyword in ["extends", "include"] {
        let mut rest = text;
        while let Some(i) = rest.find(keyword) {
            let before = rest[..i].trim_end_matches([' ', '-']);
            rest = &rest[i + keyword.len()..];
            if !before.ends_with("{%") {
                continue;
            }
            let arg = rest.trim_start();
            let quote = arg.chars().next()?;
            if !matches!(quote, '"' | '\'') {
                return None;
            }
            let end = arg[1..].find(quote)?;
            deps.push(arg[1..1 + end].to_string());
        }
    }
    Some(deps)
}

/// Parts of the pages that show only the site (`site` and `strings`), each
/// rendered once from its template and given to every template, already
/// HTML, as `fragments.<name>`: the default theme's header and footer, the
/// links every page's head carries (style sheet, icon, site feed), a
/// leaflet's head, and the emblem.
pub const FRAGMENTS: &[(&str, &str)] = &[
    ("site_header", "partials/site_header.html"),
    ("site_footer", "partials/site_footer.html"),
    ("site_links", "partials/site_links.html"),
    ("leaflet_head", "partials/leaflet_head.html"),
    ("emblem", "partials/emblem.html"),
];

/// Parts of pages that a page's template reads as a variable, each rendered
/// once from its own template for every page that shows it the same: the
/// list entries of an article (`list.items_html`, from
/// [`ITEM_TEMPLATE`](super::ITEM_TEMPLATE)) and the menu in each of its
/// states (`site_nav`, from [`NAV_TEMPLATE`](super::NAV_TEMPLATE)).
pub const RENDERED_ONCE: &[(&str, &str)] = &[("items_html", super::ITEM_TEMPLATE), ("site_nav", super::NAV_TEMPLATE)];

/// Whether a template defines a Tera component (`{% component name(…) %}`).
fn defines_component(text: &str) -> bool {
    text.match_indices("component").any(|(i, _)| text[..i].trim_end_matches([' ', '-']).ends_with("{%"))
}

/// Hashes of every template with everything it uses, transitively.
fn template_hashes(templates: &BTreeMap<String, Source>) -> BTreeMap<String, u64> {
    let all = {
        let mut h = std::hash::DefaultHasher::new();
        for (name, source) in templates {
            (name, &source.text).hash(&mut h);
        }
        h.finish()
    };
    // Tera 2 components are global: one defined in any template can be used
    // in every other, so each hash covers every template that defines one,
    // and the fragments, which every page may show.
    let components = {
        let mut h = std::hash::DefaultHasher::new();
        let is_fragment = |name: &str| FRAGMENTS.iter().any(|(_, template)| *template == name);
        for (name, source) in templates.iter().filter(|(n, s)| defines_component(&s.text) || is_fragment(n)) {
            (name, &source.text).hash(&mut h);
        }
        h.finish()
    };
    let mut deps: BTreeMap<&str, Option<Vec<String>>> = templates.iter().map(|(n, s)| (n.as_str(), template_deps(&s.text))).collect();
    // A template that writes a part rendered once shows what that part's
    // template renders.
    for (name, source) in templates {
        for (variable, template) in RENDERED_ONCE {
            if let Some(Some(list)) = deps.get_mut(name.as_str())
                && source.text.contains(variable)
            {
                list.push(template.to_string());
            }
        }
    }
    let mut hashes = BTreeMap::new();
    for name in templates.keys() {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![name.as_str()];
        let mut dynamic = false;
        while let Some(current) = stack.pop() {
            if !seen.insert(current) {
                continue;
            }
            match deps.get(current) {
                Some(Some(list)) => stack.extend(list.iter().map(String::as_str)),
                Some(None) => dynamic = true,
                None => {}
            }
        }
        let mut h = std::hash::DefaultHasher::new();
        components.hash(&mut h);
        if dynamic {
            all.hash(&mut h);
        } else {
            for used in &seen {
                (used, templates.get(*used).map(|s| &s.text)).hash(&mut h);
            }
        }
        hashes.insert(name.clone(), h.finish());
    }
    hashes
}

struct Source {
    /// Shown in messages: `themes/x/templates/base.html` or `(built-in theme) templates/base.html`.
    display: String,
    text: String,
}

/// Loads the theme that `config.theme` names.
pub fn load_theme(root: &Path, config: &Config, site_yaml: &str, diags: &mut Diagnostics) -> Option<Theme> {
    let mut templates: BTreeMap<String, Source> = BTreeMap::new();
    let mut statics: BTreeMap<String, Body> = BTreeMap::new();
    for file in all_files(&DEFAULT_THEME) {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = rel.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            templates.insert(name.to_string(), Source { display: format!("(built-in theme) {rel}"), text });
        } else if let Some(out) = rel.strip_prefix("static/") {
            statics.insert(out.to_string(), Body::Static(file.contents()));
        }
    }

    let mut strings = match DEFAULT_THEME.get_file(STRINGS_FILE).map(|f| Strings::parse(&String::from_utf8_lossy(f.contents()))) {
        Some(Ok(strings)) => strings,
        _ => Strings::default(),
    };
    let dir = root.join("themes").join(&config.theme);
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let at = err
                        .path()
                        .and_then(|p| p.strip_prefix(root).ok())
                        .map_or_else(|| format!("themes/{}", config.theme), |p| p.to_string_lossy().replace('\\', "/"));
                    diags.push(Diagnostic::error(at, None, crate::msg!("cannot-read", reason = err.to_string())));
                    continue;
                }
            };
            if !entry.file_type().is_file() || crate::content::is_ignored_name(&entry.file_name().to_string_lossy()) {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).expect("below the theme folder").to_string_lossy().replace('\\', "/");
            let display = format!("themes/{}/{rel}", config.theme);
            if rel == STRINGS_FILE {
                match std::fs::read_to_string(entry.path()).map(|t| (Strings::parse(&t), t)) {
                    Ok((Ok(own), _)) => strings.extend(own),
                    Ok((Err(err), text)) => {
                        let (location, message, hint) = yaml::syntax_problem(&err, &text);
                        diags.push(
                            Diagnostic::error(display, location, crate::msg!("theme-strings-invalid", reason = message)).with_hint(hint),
                        );
                    }
                    Err(err) => diags.push(Diagnostic::error(display, None, crate::msg!("cannot-read", reason = err.to_string()))),
                }
                continue;
            }
            if let Some(name) = rel.strip_prefix("templates/") {
                match std::fs::read_to_string(entry.path()) {
                    Ok(text) => {
                        templates.insert(name.to_string(), Source { display, text: text.replace("\r\n", "\n") });
                    }
                    Err(err) => diags.push(Diagnostic::error(display, None, crate::msg!("cannot-read", reason = err.to_string()))),
                }
            } else if let Some(out) = rel.strip_prefix("static/") {
                match std::fs::read(entry.path()) {
                    Ok(bytes) => {
                        statics.insert(out.to_string(), Body::Bytes(bytes));
                    }
                    Err(err) => diags.push(Diagnostic::error(display, None, crate::msg!("cannot-read", reason = err.to_string()))),
                }
            }
        }
    } else if config.theme != DEFAULT_THEME_NAME {
        let location = yaml::locate(site_yaml, &[Seg::Key("theme")]);
        diags.push(
            Diagnostic::error(CONFIG_FILE, location, crate::msg!("theme-not-found", theme = &config.theme))
                .with_hint(Some(crate::msg!("hint-default-theme", default = DEFAULT_THEME_NAME))),
        );
        return None;
    }

    let fingerprints = fingerprint_statics(&mut statics);
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml", ".svg"]);
    let names = fingerprints.clone();
    // A path that is not a fingerprinted theme file comes back as it is.
    tera.register_filter("asset", move |path: &str, _: tera::Kwargs, _: &tera::State| {
        let path = path.trim_start_matches('/');
        names.get(path).cloned().unwrap_or_else(|| path.to_string())
    });
    let pairs: Vec<(&str, &str)> = templates.iter().map(|(n, s)| (n.as_str(), s.text.as_str())).collect();
    if let Err(err) = tera.add_raw_templates(pairs) {
        diags.push(template_error(&err, &templates));
        return None;
    }
    tera.global_context().insert("strings", strings.all());
    let displays = templates.iter().map(|(name, source)| (name.clone(), source.display.clone())).collect();
    let lists_use_item_html = templates.get(LIST_TEMPLATE).is_some_and(|s| s.text.contains("items_html"));
    Some(Theme { tera, statics, strings, fingerprints, template_hashes: template_hashes(&templates), displays, lists_use_item_html })
}

/// The template of section, area, tag and unit lists.
pub const LIST_TEMPLATE: &str = "list.html";

/// Extensions of the theme files that get a fingerprinted twin.
const FINGERPRINTED: &[&str] = &["css", "js"];

/// Adds a fingerprinted twin of every theme CSS and JS file to `statics`;
/// returns plain path → fingerprinted path.
fn fingerprint_statics(statics: &mut BTreeMap<String, Body>) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for (path, body) in statics.iter() {
        let Some((stem, ext)) = path.rsplit_once('.') else { continue };
        if !FINGERPRINTED.contains(&ext) || stem.ends_with('/') {
            continue;
        }
        let bytes: &[u8] = match body {
            Body::Bytes(b) => b,
            Body::Static(b) => b,
            Body::Copy(_) => continue,
        };
        names.insert(path.clone(), format!("{stem}.{:08x}.{ext}", content_hash(bytes)));
    }
    for (plain, named) in &names {
        let body = statics[plain].clone();
        statics.insert(named.clone(), body);
    }
    names
}

/// 32 bits of FNV-1a over `bytes`: stable across Rust versions and
/// platforms, unlike `DefaultHasher`, so a name changes only with the file.
fn content_hash(bytes: &[u8]) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash ^ (hash >> 32)) as u32
}

fn all_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut files: Vec<&include_dir::File> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(all_files(sub));
    }
    files
}

fn template_error(err: &tera::Error, templates: &BTreeMap<String, Source>) -> Diagnostic {
    if let tera::ErrorKind::SyntaxError(report) = err.kind() {
        let display = templates.get(report.filename()).map_or_else(|| report.filename().to_string(), |s| s.display.clone());
        let span = report.span();
        return Diagnostic::error(
            display,
            Some(Location::new(span.start_line, span.start_col + 1)),
            crate::msg!("template-syntax", reason = report.message().to_string()),
        );
    }
    let message = error_chain(err);
    match located(&message) {
        Some((name, location, what)) => {
            let display = templates.get(name).map_or_else(|| name.to_string(), |s| s.display.clone());
            Diagnostic::error(display, Some(location), crate::msg!("template-error-at", reason = what)).with_hint(missing_hint(what))
        }
        None => Diagnostic::error("themes", None, crate::msg!("template-error", reason = message)),
    }
}

/// Where an error of Tera points (`… --> page.html:5:7 | …`): the template
/// name, the position, and the message before it (without `error:`).
fn located(message: &str) -> Option<(&str, Location, &str)> {
    let (what, rest) = message.split_once(" --> ")?;
    let place = rest.split_whitespace().next()?;
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let name = parts.next()?;
    let what = what.rsplit("error: ").next().unwrap_or(what).trim();
    Some((name, Location::new(line, column), what))
}

/// For a template that is not there: where it was looked for.
fn missing_hint(what: &str) -> Option<crate::i18n::Message> {
    let name = what.strip_prefix("Unknown template `")?.split('`').next()?;
    Some(crate::msg!("hint-template-looked-for", name = name))
}

impl Theme {
    /// Puts `site` into every template's context, and the [`FRAGMENTS`]
    /// rendered with it. On a template error, the error (as
    /// [`Theme::render_error`] reports it) and nothing changed but `site`.
    pub fn set_site(&mut self, theme: &str, site: &super::views::SiteView) -> Result<(), Box<Diagnostic>> {
        self.tera.global_context().insert("site", site);
        let mut fragments = BTreeMap::new();
        for (name, template) in FRAGMENTS {
            if !self.template_hashes.contains_key(*template) {
                continue;
            }
            let html = self
                .tera
                .render(template, &tera::Context::new())
                .map_err(|err| Box::new(self.render_error(theme, template, &error_chain(&err))))?;
            fragments.insert(*name, tera::Value::safe_string(&html));
        }
        self.tera.global_context().insert_value("fragments", tera::Value::from(fragments));
        Ok(())
    }

    /// A template that failed while rendering `output` (a site path), at
    /// the template's file and line when Tera says where.
    pub fn render_error(&self, theme: &str, output: &str, message: &str) -> Diagnostic {
        match located(message) {
            Some((name, location, what)) => {
                let display = self.displays.get(name).cloned().unwrap_or_else(|| name.to_string());
                Diagnostic::error(display, Some(location), crate::msg!("render-failed", path = output, reason = what))
                    .with_hint(missing_hint(what))
            }
            None => Diagnostic::error(format!("themes/{theme}"), None, crate::msg!("render-failed", path = output, reason = message)),
        }
    }
}

/// A Tera error with every cause, on one line.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_component_definition_is_in_every_hash() {
        assert!(defines_component("{% component badge(text) %}<b>{{ text }}</b>{% endcomponent %}"));
        assert!(defines_component("{%- component badge() -%}{%- endcomponent -%}"));
        assert!(!defines_component("{{ <badge text=\"a\"/> }} a component"));
        let source = |text: &str| Source { display: String::new(), text: text.to_string() };
        let mut templates = BTreeMap::new();
        templates.insert("parts.html".to_string(), source("{% component badge(text) %}<b>{{ text }}</b>{% endcomponent %}"));
        templates.insert("page.html".to_string(), source("{{ <badge text=\"a\"/> }}"));
        let before = template_hashes(&templates);
        templates.insert("parts.html".to_string(), source("{% component badge(text) %}<i>{{ text }}</i>{% endcomponent %}"));
        let after = template_hashes(&templates);
        assert_ne!(before["page.html"], after["page.html"]);
    }

    #[test]
    fn a_part_rendered_once_is_in_the_hash_of_the_templates_that_write_it() {
        let source = |text: &str| Source { display: String::new(), text: text.to_string() };
        let mut templates = BTreeMap::new();
        templates.insert("list.html".to_string(), source("<ol>{{ list.items_html }}</ol>"));
        templates.insert("base.html".to_string(), source("{{ site_nav }}<main></main>"));
        templates.insert("page.html".to_string(), source("<main></main>"));
        templates.insert("partials/item.html".to_string(), source("<li>{{ item.title }}</li>"));
        templates.insert("partials/site_nav.html".to_string(), source("<nav></nav>"));
        let before = template_hashes(&templates);
        templates.insert("partials/item.html".to_string(), source("<li><b>{{ item.title }}</b></li>"));
        let after = template_hashes(&templates);
        assert_ne!(before["list.html"], after["list.html"]);
        assert_eq!(before["base.html"], after["base.html"]);
        templates.insert("partials/site_nav.html".to_string(), source("<nav class=x></nav>"));
        let last = template_hashes(&templates);
        assert_ne!(after["base.html"], last["base.html"]);
        assert_eq!(after["list.html"], last["list.html"]);
        assert_eq!(before["page.html"], last["page.html"]);
    }

    #[test]
    fn a_fragment_is_in_every_hash() {
        let source = |text: &str| Source { display: String::new(), text: text.to_string() };
        let mut templates = BTreeMap::new();
        templates.insert("partials/site_footer.html".to_string(), source("<footer>{{ site.title }}</footer>"));
        templates.insert("page.html".to_string(), source("{{ fragments.site_footer | safe }}"));
        let before = template_hashes(&templates);
        templates.insert("partials/site_footer.html".to_string(), source("<footer>{{ site.publisher }}</footer>"));
        assert_ne!(before["page.html"], template_hashes(&templates)["page.html"]);
    }

    #[test]
    fn finds_where_tera_points() {
        let message = "page.html: error: Variable `x` is not defined. --> page.html:5:7 | 5 | <p>{{ x }}</p> |       ^";
        assert_eq!(located(message), Some(("page.html", Location::new(5, 7), "Variable `x` is not defined.")));
        assert_eq!(located("no position"), None);
    }

    #[test]
    fn finds_extends_and_includes() {
        let text = "{% extends \"base.html\" %}{% block main %}{%- include 'partials/item.html' %}{% endblock main %} include me";
        assert_eq!(template_deps(text), Some(vec!["base.html".to_string(), "partials/item.html".to_string()]));
        assert_eq!(template_deps("{% include name %}"), None);
    }

    #[test]
    fn css_and_js_get_a_named_twin() {
        let mut statics = BTreeMap::new();
        statics.insert("css/style.css".to_string(), Body::Static(b"body{}"));
        statics.insert("js/in.js".to_string(), Body::Bytes(b"1".to_vec()));
        statics.insert("favicon.svg".to_string(), Body::Static(b"<svg/>"));
        let names = fingerprint_statics(&mut statics);
        assert_eq!(names.len(), 2);
        let css = &names["css/style.css"];
        assert!(css.starts_with("css/style.") && css.ends_with(".css") && css.len() == "css/style.12345678.css".len(), "{css}");
        assert_eq!(statics[css], Body::Static(b"body{}"));
        assert!(statics.contains_key("css/style.css"));
        statics.insert("css/style.css".to_string(), Body::Static(b"body{color:red}"));
        statics.remove(css);
        assert_ne!(&fingerprint_statics(&mut statics)["css/style.css"], css);
    }

    #[test]
    fn a_template_hash_covers_what_it_uses() {
        let source = |text: &str| Source { display: String::new(), text: text.to_string() };
        let mut templates = BTreeMap::new();
        templates.insert("base.html".to_string(), source("<main>{% block main %}{% endblock main %}</main>"));
        templates.insert("a.html".to_string(), source("{% extends \"base.html\" %}"));
        templates.insert("b.html".to_string(), source("b"));
        let before = template_hashes(&templates);
        templates.insert("base.html".to_string(), source("<main class=x>{% block main %}{% endblock main %}</main>"));
        let after = template_hashes(&templates);
        assert_ne!(before["a.html"], after["a.html"]);
        assert_eq!(before["b.html"], after["b.html"]);
    }
}
