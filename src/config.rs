//! `site.yaml`: read, validate, and turn into [`Config`].
//!
//! Input: the text of `site.yaml`. Output: a `Config` or positioned diagnostics.
//! No file I/O here; the caller reads the file.

use crate::content::front_matter::Text;
use crate::error::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::i18n::Message;
use crate::msg;
use crate::slug::{is_url_safe, nfc};
use crate::yaml::{self, Node, Seg};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Where `site.yaml` is, relative to the site root.
pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Deserialize, Default)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    theme: Option<String>,
    per_page: Option<i64>,
    feed_limit: Option<i64>,
    publisher: Option<String>,
    feedback_url: Option<String>,
    services_url: Option<Text>,
    legal: Option<RawLegal>,
    unsafe_html: Option<bool>,
    allow_iframes_from: Option<Vec<String>>,
    compress: Option<bool>,
    #[serde(default)]
    areas: Vec<RawArea>,
    #[serde(default)]
    units: Vec<RawUnit>,
}

#[derive(Debug, Deserialize)]
struct RawArea {
    key: String,
    name: String,
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawUnit {
    key: String,
    name: String,
    short: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawLegal {
    agency: Option<Text>,
    operator: Option<Text>,
    responsible: Option<Text>,
    address: Option<Text>,
    phone: Option<Text>,
    fax: Option<Text>,
    email: Option<Text>,
    contact: Option<RawContact>,
    license: Option<Text>,
    note: Option<Text>,
}

#[derive(Debug, Deserialize)]
struct RawContact {
    name: Option<Text>,
    position: Option<Text>,
    phone: Option<Text>,
    email: Option<Text>,
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "per_page",
    "feed_limit",
    "publisher",
    "feedback_url",
    "services_url",
    "legal",
    "areas",
    "units",
    "unsafe_html",
    "allow_iframes_from",
    "compress",
];
const LEGAL_KEYS: &[&str] = &["agency", "operator", "responsible", "address", "phone", "fax", "email", "contact", "license", "note"];
const CONTACT_KEYS: &[&str] = &["name", "position", "phone", "email"];

/// What Nghị định 42/2022/NĐ-CP (Điều 4.1.e) asks a state portal to show on
/// every page: the `legal` block of `site.yaml`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Legal {
    /// Cơ quan chủ quản.
    pub agency: String,
    /// Đơn vị vận hành.
    pub operator: Option<String>,
    /// Người chịu trách nhiệm chính.
    pub responsible: String,
    pub address: String,
    pub phone: String,
    /// `phone` for a `tel:` link: digits and a leading `+` only.
    pub phone_tel: String,
    pub fax: Option<String>,
    pub email: String,
    /// Cán bộ đầu mối liên hệ.
    pub contact: Option<Contact>,
    pub license: Option<String>,
    /// A line of the site's own under the details (for example that a test
    /// site's contact details are illustrative).
    pub note: Option<String>,
}

/// The contact officer of the footer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Contact {
    pub name: Option<String>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A reform area (lĩnh vực).
#[derive(Debug, Clone)]
pub struct Area {
    pub key: String,
    pub name: String,
    /// Markdown.
    pub description: Option<String>,
}

/// An agency named in the plan (đơn vị).
#[derive(Debug, Clone)]
pub struct Unit {
    pub key: String,
    pub name: String,
    pub short: Option<String>,
}

/// The validated site settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute, ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, starting and ending in `/` (`/` or `/cchc/`).
    pub base_path: String,
    pub language: String,
    pub theme: String,
    pub per_page: usize,
    pub feed_limit: usize,
    pub publisher: String,
    pub feedback_url: Option<String>,
    /// The online public services portal, linked from every page's header.
    pub services_url: Option<String>,
    /// The official footer; `None` when `site.yaml` has no `legal`.
    pub legal: Option<Legal>,
    /// What raw HTML in Markdown may do (`unsafe_html`, `allow_iframes_from`).
    pub html_policy: crate::render::sanitize::HtmlPolicy,
    /// `compress: true`: `loa build` writes `.gz` and `.br` beside text files.
    pub compress: bool,
    pub areas: Vec<Area>,
    pub units: Vec<Unit>,
}

impl Config {
    pub fn area_index(&self, key: &str) -> Option<usize> {
        self.areas.iter().position(|a| a.key == key)
    }

    pub fn unit_index(&self, key: &str) -> Option<usize> {
        self.units.iter().position(|u| u.key == key)
    }

    /// The absolute URL of a site path such as `tin-tuc/a/` (no leading slash).
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }

    /// The root-relative URL of a site path, with the base path: `/cchc/tin-tuc/a/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// `https://host` without the base path.
    pub fn origin(&self) -> &str {
        &self.base_url[..self.base_url.len() - self.base_path.len()]
    }

    /// An absolute URL for a root-relative one (`/cchc/a/` → `https://host/cchc/a/`);
    /// other URLs are returned as they are.
    pub fn absolute(&self, url: &str) -> String {
        if url.starts_with('/') && !url.starts_with("//") { format!("{}{url}", self.origin()) } else { url.to_string() }
    }

    /// The host of `base_url`, for calendar UIDs.
    pub fn host(&self) -> &str {
        let rest = self.base_url.split_once("://").map_or(self.base_url.as_str(), |(_, r)| r);
        rest.split(['/', ':']).next().unwrap_or(rest)
    }

    /// Overrides `base_url` (the `--base-url` flag). Returns a message when invalid.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Message> {
        let (base_url, base_path) = split_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }
}

/// Validates an absolute http(s) URL (parsed by the `url` crate, so a bad
/// port, host or escape is caught); returns it with a trailing `/` and its
/// path.
fn split_base_url(url: &str) -> Result<(String, String), Message> {
    let url = url.trim();
    let parsed = url::Url::parse(url).map_err(|e| msg!("base-url-unparsable", url = url, reason = e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(msg!("base-url-not-absolute", url = url));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(msg!("base-url-no-host", url = url));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(msg!("base-url-query", url = url));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(msg!("base-url-credentials", url = url));
    }
    let path = parsed.path().trim_matches('/');
    let base_path = if path.is_empty() { "/".to_string() } else { format!("/{path}/") };
    let origin = parsed.origin().ascii_serialization();
    Ok((format!("{origin}{base_path}"), base_path))
}

/// Parses and validates the text of `site.yaml`.
pub fn parse_config(text: &str, diags: &mut Diagnostics) -> Option<Config> {
    let path = CONFIG_FILE;
    let text = nfc(text.strip_prefix('\u{feff}').unwrap_or(text));
    let raw: RawConfig = if text.trim().is_empty() {
        RawConfig::default()
    } else {
        match serde_yaml::from_str(&text) {
            Ok(raw) => raw,
            Err(err) => {
                let (location, message, hint) = yaml::syntax_problem(&err, &text);
                diags.push(Diagnostic::error(path, location, message).with_hint(hint).with_quote_from(&text));
                return None;
            }
        }
    };
    let tree = Node::parse(&text);
    let at = |segs: &[Seg]| tree.as_ref().map(|t| t.find(segs).location);
    let error_count = diags.error_count();

    if let Some(root) = &tree {
        for (key, location) in root.keys() {
            if !KNOWN_KEYS.contains(&key) {
                diags.push(
                    Diagnostic::warning(path, Some(location), msg!("unknown-key", key = key))
                        .with_hint(did_you_mean(key, KNOWN_KEYS.iter().copied())),
                );
            }
        }
    }

    let title = match raw.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => {
            diags.push(Diagnostic::error(path, at(&[]).or(Some(Location::new(1, 1))), msg!("config-missing-title")));
            String::new()
        }
    };
    let (base_url, base_path) = match raw.base_url.as_deref() {
        Some(url) => split_base_url(url).unwrap_or_else(|message| {
            diags.push(Diagnostic::error(path, at(&[Seg::Key("base_url")]), message));
            ("/".into(), "/".into())
        }),
        None => {
            diags.push(Diagnostic::error(path, Some(Location::new(1, 1)), msg!("config-missing-base-url")));
            ("/".into(), "/".into())
        }
    };
    let positive = |value: Option<i64>, key: &str, default: usize, diags: &mut Diagnostics| match value {
        None => default,
        Some(n) if n >= 1 => n as usize,
        Some(n) => {
            diags.push(Diagnostic::error(path, at(&[Seg::Key(key)]), msg!("config-not-positive", key = key, value = n)));
            default
        }
    };
    let per_page = positive(raw.per_page, "per_page", 10, diags);
    let feed_limit = positive(raw.feed_limit, "feed_limit", 20, diags);
    let theme = raw.theme.unwrap_or_else(|| "default".into());
    if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
        diags.push(Diagnostic::error(path, at(&[Seg::Key("theme")]), msg!("theme-bad-name", theme = theme.as_str())));
    }

    let mut areas = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, raw_area) in raw.areas.into_iter().enumerate() {
        check_key(&raw_area.key, "area", &mut seen, at(&[Seg::Key("areas"), Seg::Index(i), Seg::Key("key")]), diags);
        areas.push(Area { key: raw_area.key, name: raw_area.name.trim().to_string(), description: raw_area.description });
    }
    let mut units = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, raw_unit) in raw.units.into_iter().enumerate() {
        check_key(&raw_unit.key, "unit", &mut seen, at(&[Seg::Key("units"), Seg::Index(i), Seg::Key("key")]), diags);
        units.push(Unit { key: raw_unit.key, name: raw_unit.name.trim().to_string(), short: raw_unit.short });
    }
    if areas.is_empty() {
        diags.push(Diagnostic::warning(path, Some(Location::new(1, 1)), msg!("config-no-areas")));
    }
    let services_url = raw.services_url.as_ref().map(|t| t.0.trim().to_string()).filter(|u| !u.is_empty());
    if let Some(url) = &services_url
        && !is_absolute_url(url)
    {
        diags.push(
            Diagnostic::error(path, at(&[Seg::Key("services_url")]), msg!("services-url-not-absolute", url = url.as_str()))
                .with_hint(Some(msg!("hint-example", key = "services_url", example = "https://dichvucong.hanoi.gov.vn/"))),
        );
    }
    let legal = raw.legal.as_ref().map(|raw| legal(raw, tree.as_ref(), diags));

    if diags.error_count() > error_count {
        return None;
    }
    Some(Config {
        description: raw.description.unwrap_or_default().trim().to_string(),
        publisher: raw.publisher.unwrap_or_else(|| title.clone()),
        title,
        base_url,
        base_path,
        language: raw.language.unwrap_or_else(|| "vi".into()),
        theme,
        per_page,
        feed_limit,
        feedback_url: raw.feedback_url.filter(|u| !u.trim().is_empty()),
        services_url,
        legal,
        html_policy: crate::render::sanitize::HtmlPolicy {
            is_unsafe: raw.unsafe_html.unwrap_or(false),
            iframe_hosts: raw
                .allow_iframes_from
                .unwrap_or_default()
                .into_iter()
                .map(|h| h.trim().to_string())
                .filter(|h| !h.is_empty())
                .collect(),
        },
        compress: raw.compress.unwrap_or(false),
        areas,
        units,
    })
}

fn is_absolute_url(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace))
}

/// Validates the `legal` block: the fields the decree requires are present and
/// not empty, e-mail addresses look like one, unknown keys are warned about.
fn legal(raw: &RawLegal, tree: Option<&Node>, diags: &mut Diagnostics) -> Legal {
    let path = CONFIG_FILE;
    let at = |segs: &[Seg]| tree.map(|t| t.find(segs).location);
    // Called only for blocks that exist, so find() lands on the block itself.
    let unknown = |segs: &[Seg], known: &[&str], name: &str, diags: &mut Diagnostics| {
        for (key, location) in tree.map(|t| t.find(segs).keys()).unwrap_or_default() {
            if !known.contains(&key) {
                diags.push(
                    Diagnostic::warning(path, Some(location), msg!("unknown-key-in", key = key, block = name))
                        .with_hint(did_you_mean(key, known.iter().copied())),
                );
            }
        }
    };
    unknown(&[Seg::Key("legal")], LEGAL_KEYS, "legal", diags);
    if raw.contact.is_some() {
        unknown(&[Seg::Key("legal"), Seg::Key("contact")], CONTACT_KEYS, "legal.contact", diags);
    }
    let text = |t: &Option<Text>| t.as_ref().map(|t| t.0.trim().to_string()).filter(|t| !t.is_empty());
    let required = |t: &Option<Text>, key: &'static str, example: &str, diags: &mut Diagnostics| {
        text(t).unwrap_or_else(|| {
            let location = at(&[Seg::Key("legal"), Seg::Key(key)]);
            diags.push(Diagnostic::error(path, location, msg!("legal-missing", key = key)).with_hint(Some(msg!(
                "hint-example",
                key = key,
                example = example
            ))));
            String::new()
        })
    };
    let email = |value: Option<String>, segs: &[Seg], diags: &mut Diagnostics| {
        if let Some(v) = &value
            && (v.contains(char::is_whitespace) || !v.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.')))
        {
            diags.push(Diagnostic::error(path, at(segs), msg!("not-an-email", value = v.as_str())));
        }
        value
    };
    let legal = Legal {
        agency: required(&raw.agency, "agency", "UBND thành phố Hà Nội", diags),
        operator: text(&raw.operator),
        responsible: required(&raw.responsible, "responsible", "Giám đốc Sở Nội vụ", diags),
        address: required(&raw.address, "address", "18B Lê Thánh Tông, Hoàn Kiếm, Hà Nội", diags),
        phone: required(&raw.phone, "phone", "024 3825 3536", diags),
        phone_tel: String::new(),
        fax: text(&raw.fax),
        email: String::new(),
        contact: raw.contact.as_ref().map(|c| Contact {
            name: text(&c.name),
            position: text(&c.position),
            phone: text(&c.phone),
            email: email(text(&c.email), &[Seg::Key("legal"), Seg::Key("contact"), Seg::Key("email")], diags),
        }),
        license: text(&raw.license),
        note: text(&raw.note),
    };
    let address = required(&raw.email, "email", "sonoivu@hanoi.gov.vn", diags);
    let address =
        if address.is_empty() { address } else { email(Some(address), &[Seg::Key("legal"), Seg::Key("email")], diags).unwrap_or_default() };
    Legal { email: address, phone_tel: tel(&legal.phone), ..legal }
}

/// A phone number as a `tel:` URI wants it: "024 3825 3536" → "02438253536".
fn tel(phone: &str) -> String {
    phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
}

fn check_key(key: &str, what: &str, seen: &mut BTreeSet<String>, location: Option<Location>, diags: &mut Diagnostics) {
    if !is_url_safe(key) {
        diags.push(
            Diagnostic::error(CONFIG_FILE, location, msg!("key-not-url-safe", what = what, key = key))
                .with_hint(Some(msg!("hint-url-safe", example = crate::slug::slugify(key)))),
        );
    } else if !seen.insert(key.to_string()) {
        diags.push(Diagnostic::error(CONFIG_FILE, location, msg!("key-duplicate", what = what, key = key)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_path_is_kept() {
        assert_eq!(split_base_url("https://x.gov.vn/cchc").unwrap(), ("https://x.gov.vn/cchc/".into(), "/cchc/".into()));
        assert_eq!(split_base_url("https://x.gov.vn").unwrap(), ("https://x.gov.vn/".into(), "/".into()));
        assert!(split_base_url("/cchc/").is_err());
        assert_eq!(split_base_url("HTTPS://X.gov.vn:443/cchc/").unwrap().0, "https://x.gov.vn/cchc/");
        assert_eq!(split_base_url("http://localhost:8080").unwrap().0, "http://localhost:8080/");
    }

    #[test]
    fn bad_base_urls_are_refused() {
        let error = |url: &str| split_base_url(url).unwrap_err().to_string();
        assert_eq!(
            error("https://x.gov.vn:99999/"),
            "base_url \"https://x.gov.vn:99999/\" is not an absolute http(s) URL such as https://cchc.hanoi.gov.vn/: invalid port number"
        );
        assert_eq!(
            error("ftp://x.gov.vn/"),
            "base_url \"ftp://x.gov.vn/\" must be an absolute http(s) URL such as https://cchc.hanoi.gov.vn/"
        );
        assert_eq!(error("https://x.gov.vn/?a=1"), "base_url \"https://x.gov.vn/?a=1\" must not have a query or fragment");
        assert_eq!(error("https://ai:mk@x.gov.vn/"), "base_url \"https://ai:mk@x.gov.vn/\" must not hold a user name or password");
        assert!(error("https://exa mple.vn/").contains("invalid international domain name"), "{}", error("https://exa mple.vn/"));
    }

    #[test]
    fn reports_bad_keys_with_positions() {
        let mut diags = Diagnostics::new();
        let text = "title: T\nbase_url: https://x.vn/\nareas:\n  - key: the_che\n    name: A\nper_pag: 3\n";
        assert!(parse_config(text, &mut diags).is_none());
        let report = diags.report();
        assert!(report.contains("site.yaml:4:10: area key \"the_che\" is not URL-safe"), "{report}");
        assert!(report.contains("warning: site.yaml:6:1: unknown key \"per_pag\" (did you mean \"per_page\"?)"), "{report}");
    }
}
