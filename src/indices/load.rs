//! Reading `content/indices.yaml`: the positions tree of [`crate::yaml`] is
//! walked directly, so that every value (a year key, a score) is checked
//! with its own line and column; serde_yaml only reports syntax errors.
//! No file I/O.

use super::*;
use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::i18n::Message;
use crate::slug::is_url_safe;
use crate::yaml::{self, Node, NodeKind};
use std::collections::BTreeMap;

const TOP_KEYS: &[&str] = &["indices"];
const INDEX_KEYS: &[&str] =
    &["key", "name", "scale", "max", "higher_is_better", "source", "source_url", "sample", "city", "rank", "by_unit"];

/// Parses and validates `content/indices.yaml`. `None` when the YAML itself
/// cannot be read; validation errors go to `diags`, and indices with errors
/// are left out.
pub fn parse_indices(text: &str, config: &Config, diags: &mut Diagnostics) -> Option<Indices> {
    let hash = {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        text.hash(&mut h);
        h.finish()
    };
    if text.trim().is_empty() {
        return Some(Indices { list: Vec::new(), hash });
    }
    let Some(root) = Node::parse(text) else {
        let (location, reason, hint) = match serde_yaml::from_str::<serde_yaml::Value>(text) {
            Err(err) => yaml::syntax_problem(&err, text),
            Ok(_) => (None, crate::msg!("yaml-not-mapping"), None),
        };
        diags.push(Diagnostic::error(INDICES_PATH, location, crate::msg!("indices-invalid", reason = reason)).with_hint(hint));
        return None;
    };
    let mut c = Checker { diags, config };
    let entries = c.mapping(&root, crate::msg!("indices-part-file"), "indices:")?;
    c.unknown_keys(entries, TOP_KEYS);
    let mut list = Vec::new();
    if let Some(items) = find(entries, "indices") {
        match &items.kind {
            NodeKind::Sequence(items) => {
                let mut first: BTreeMap<String, Location> = BTreeMap::new();
                for item in items {
                    if let Some(index) = c.index(item, &mut first) {
                        list.push(index);
                    }
                }
            }
            NodeKind::Scalar(s) if s.is_empty() => {}
            _ => c.error(items.location, crate::msg!("indices-not-list")),
        }
    }
    Some(Indices { list, hash })
}

fn find<'a>(entries: &'a [(Node, Node)], key: &str) -> Option<&'a Node> {
    entries.iter().find(|(k, _)| k.as_scalar() == Some(key)).map(|(_, v)| v)
}

/// A trimmed scalar, `None` for an empty one or a `~`/`null`.
fn text(node: &Node) -> Option<&str> {
    let s = node.as_scalar()?.trim();
    (!s.is_empty() && s != "~" && s != "null").then_some(s)
}

/// A number as YAML writes it: digits with an optional `.` fraction; the
/// number of decimals it was written with.
pub(crate) fn parse_number(s: &str) -> Option<(f64, usize)> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let is_plain = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && (!digits.contains('.') || !fraction.is_empty());
    if !is_plain {
        return None;
    }
    let value: f64 = s.parse().ok()?;
    value.is_finite().then_some((value, fraction.len()))
}

struct Checker<'a> {
    diags: &'a mut Diagnostics,
    config: &'a Config,
}

impl Checker<'_> {
    fn error(&mut self, location: Location, message: Message) {
        self.diags.push(Diagnostic::error(INDICES_PATH, Some(location), message));
    }

    fn mapping<'n>(&mut self, node: &'n Node, what: Message, example: &str) -> Option<&'n [(Node, Node)]> {
        match &node.kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => {
                self.error(node.location, crate::msg!("indices-not-mapping", what = what, example = example));
                None
            }
        }
    }

    fn unknown_keys(&mut self, entries: &[(Node, Node)], known: &[&str]) {
        for (key, _) in entries {
            let Some(name) = key.as_scalar() else { continue };
            if !known.contains(&name) {
                self.diags.push(
                    Diagnostic::warning(INDICES_PATH, Some(key.location), crate::msg!("unknown-key", key = name))
                        .with_hint(did_you_mean(name, known.iter().copied())),
                );
            }
        }
    }

    fn string(&mut self, entries: &[(Node, Node)], key: &str) -> Option<String> {
        let node = find(entries, key)?;
        match &node.kind {
            NodeKind::Scalar(_) => text(node).map(str::to_string),
            _ => {
                self.error(node.location, crate::msg!("indices-not-text", key = key));
                None
            }
        }
    }

    fn boolean(&mut self, entries: &[(Node, Node)], key: &str, default: bool) -> bool {
        let Some(node) = find(entries, key) else { return default };
        match text(node) {
            Some("true") => true,
            Some("false") => false,
            None => default,
            Some(other) => {
                self.error(node.location, crate::msg!("indices-not-bool", key = key, value = other));
                default
            }
        }
    }

    /// A number: an error for anything else, quoting it.
    fn number(&mut self, node: &Node, what: Message) -> Option<(f64, usize)> {
        let Some(s) = text(node) else {
            self.error(node.location, crate::msg!("indices-no-value", what = what));
            return None;
        };
        match parse_number(s) {
            Some(n) => Some(n),
            None => {
                let hint = if s.contains(',') && parse_number(&s.replace(',', ".")).is_some() {
                    crate::msg!("hint-decimal-dot", value = s.replace(',', "."))
                } else {
                    crate::msg!("hint-write-number")
                };
                self.diags.push(
                    Diagnostic::error(INDICES_PATH, Some(node.location), crate::msg!("indices-not-number", what = what, value = s))
                        .with_hint(Some(hint)),
                );
                None
            }
        }
    }

    fn year(&mut self, node: &Node) -> Option<i32> {
        let s = node.as_scalar().unwrap_or_default().trim();
        if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
            return s.parse().ok();
        }
        self.diags.push(
            Diagnostic::error(INDICES_PATH, Some(node.location), crate::msg!("indices-bad-year", value = s))
                .with_hint(Some(crate::msg!("hint-full-year"))),
        );
        None
    }

    /// `year: value` pairs, sorted by year; a year given twice is an error.
    fn series(&mut self, node: &Node, what: Message, max: Option<f64>, decimals: &mut usize) -> Vec<Point> {
        let Some(entries) = self.mapping(node, what.clone(), "{ 2020: 89.25, 2021: 88.13 }") else {
            return Vec::new();
        };
        let mut points: Vec<Point> = Vec::new();
        for (key, value) in entries {
            let year = self.year(key);
            let number = self.number(value, crate::msg!("indices-part-value-of", what = what.clone()));
            let (Some(year), Some((value_n, places))) = (year, number) else { continue };
            if points.iter().any(|p| p.year == year) {
                self.error(key.location, crate::msg!("indices-year-twice", year = year, what = what.clone()));
                continue;
            }
            if let Some(max) = max.filter(|m| value_n > *m) {
                self.diags.push(
                    Diagnostic::error(
                        INDICES_PATH,
                        Some(value.location),
                        crate::msg!(
                            "indices-above-max",
                            value = value_n.to_string(),
                            what = what.clone(),
                            year = year,
                            max = max.to_string()
                        ),
                    )
                    .with_hint(Some(crate::msg!("hint-check-max"))),
                );
                continue;
            }
            *decimals = (*decimals).max(places.min(2));
            points.push(Point { year, value: value_n });
        }
        points.sort_by_key(|p| p.year);
        points
    }

    fn index(&mut self, node: &Node, first: &mut BTreeMap<String, Location>) -> Option<ReformIndex> {
        let entries = self.mapping(node, crate::msg!("indices-part-index"), "- key: par-index")?;
        self.unknown_keys(entries, INDEX_KEYS);
        let before = self.diags.error_count();
        let key = self.string(entries, "key").unwrap_or_default();
        let key_at = find(entries, "key").map_or(node.location, |n| n.location);
        if key.is_empty() {
            self.error(node.location, crate::msg!("indices-missing-key"));
        } else if !is_url_safe(&key) {
            self.diags.push(
                Diagnostic::error(INDICES_PATH, Some(key_at), crate::msg!("key-not-url-safe", what = "index", key = key.as_str()))
                    .with_hint(Some(crate::msg!("hint-url-safe", example = crate::slug::slugify(&key)))),
            );
        } else if let Some(line) = first.get(&key) {
            self.diags.push(
                Diagnostic::error(INDICES_PATH, Some(key_at), crate::msg!("indices-duplicate-key", key = key.as_str(), line = line.line))
                    .with_hint(Some(crate::msg!("hint-own-index-key"))),
            );
        } else {
            first.insert(key.clone(), key_at);
        }
        let name = self.string(entries, "name").unwrap_or_default();
        if name.is_empty() {
            self.error(node.location, crate::msg!("indices-missing-name", key = key.as_str()));
        }
        let source = self.string(entries, "source").unwrap_or_default();
        if source.is_empty() {
            self.diags.push(
                Diagnostic::warning(INDICES_PATH, Some(node.location), crate::msg!("indices-missing-source", key = key.as_str()))
                    .with_hint(Some(crate::msg!("hint-index-source"))),
            );
        }
        let max = find(entries, "max").and_then(|n| self.number(n, crate::msg!("indices-part-key", key = "max"))).map(|(m, _)| m);
        let mut decimals = 0;
        let city = match find(entries, "city") {
            Some(n) => self.series(n, crate::msg!("indices-part-key", key = "city"), max, &mut decimals),
            None => Vec::new(),
        };
        let rank = match find(entries, "rank") {
            Some(n) => {
                let mut ignored = 0;
                let mut ranks = Vec::new();
                for p in self.series(n, crate::msg!("indices-part-key", key = "rank"), None, &mut ignored) {
                    if p.value >= 1.0 && p.value.fract() == 0.0 && p.value <= f64::from(u32::MAX) {
                        ranks.push((p.year, p.value as u32));
                    } else {
                        self.error(n.location, crate::msg!("indices-bad-rank", value = p.value.to_string(), year = p.year));
                    }
                }
                ranks
            }
            None => Vec::new(),
        };
        let mut by_unit = Vec::new();
        let units = find(entries, "by_unit")
            .and_then(|units| self.mapping(units, crate::msg!("indices-part-key", key = "by_unit"), "{ so-noi-vu: { 2021: 91.4 } }"));
        for (unit_key, series) in units.unwrap_or_default() {
            let name = unit_key.as_scalar().unwrap_or_default().trim();
            let Some(unit) = self.config.unit_index(name) else {
                let hint = did_you_mean(name, self.config.units.iter().map(|u| u.key.as_str()))
                    .or_else(|| Some(crate::msg!("hint-add-to-site", list = "units")));
                self.diags.push(
                    Diagnostic::error(INDICES_PATH, Some(unit_key.location), crate::msg!("unknown-unit", key = name)).with_hint(hint),
                );
                continue;
            };
            if by_unit.iter().any(|s: &UnitSeries| s.unit == unit) {
                self.error(unit_key.location, crate::msg!("indices-unit-twice", unit = name, key = key.as_str()));
                continue;
            }
            let values = self.series(series, crate::msg!("indices-part-unit", unit = name), max, &mut decimals);
            by_unit.push(UnitSeries { unit, values });
        }
        let source_url = self.string(entries, "source_url");
        if let (Some(url), Some(n)) = (&source_url, find(entries, "source_url"))
            && !url.starts_with("https://")
            && !url.starts_with("http://")
        {
            self.error(n.location, crate::msg!("indices-bad-source-url", url = url));
        }
        let index = ReformIndex {
            scale: self.string(entries, "scale").unwrap_or_default(),
            higher_is_better: self.boolean(entries, "higher_is_better", true),
            sample: self.boolean(entries, "sample", false),
            key,
            name,
            max,
            source,
            source_url,
            city,
            rank,
            by_unit,
            decimals,
        };
        (self.diags.error_count() == before).then_some(index)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_number;

    #[test]
    fn numbers_as_written() {
        assert_eq!(parse_number("88.13"), Some((88.13, 2)));
        assert_eq!(parse_number("90"), Some((90.0, 0)));
        assert_eq!(parse_number("-1.5"), Some((-1.5, 1)));
        assert_eq!(parse_number("88,13"), None);
        assert_eq!(parse_number("1e3"), None);
        assert_eq!(parse_number("88."), None);
        assert_eq!(parse_number("cao"), None);
    }
}
