//! Front matter: split a Markdown file into its YAML header and body, and
//! deserialize the header leniently (a scalar where a list is expected becomes a
//! one-item list; numbers where text is expected become text).
//!
//! Input: the NFC, LF-normalised text of one file. Output: [`RawFrontMatter`] and
//! the body, or a positioned message. No file I/O, no cross-file checks.

use crate::error::Location;
use crate::yaml;
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use std::fmt;

/// Every key the contract defines; others get a warning.
pub const KNOWN_KEYS: &[&str] = &[
    "weight",
    "title",
    "date",
    "updated",
    "areas",
    "tags",
    "units",
    "activities",
    "summary",
    "highlights",
    "image",
    "image_alt",
    "draft",
    "slug",
];

/// A file cut in two, with where each part starts in the file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines (empty when there is no front matter).
    pub yaml: &'a str,
    /// The file line of the YAML's first line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// The file line of the body's first line.
    pub body_line: usize,
    pub has_front_matter: bool,
}

/// Splits `text` at a leading `---` … `---` block. A missing closing line is an error.
pub fn split(text: &str) -> Result<Split<'_>, (Location, String)> {
    let Some(rest) = text.strip_prefix("---") else {
        return Ok(Split { yaml: "", yaml_line: 1, body: text, body_line: 1, has_front_matter: false });
    };
    let Some(rest) = rest.trim_start_matches([' ', '\t']).strip_prefix('\n') else {
        return Ok(Split { yaml: "", yaml_line: 1, body: text, body_line: 1, has_front_matter: false });
    };
    let mut offset = 0;
    for (line, piece) in (2..).zip(rest.split_inclusive('\n')) {
        let trimmed = piece.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + piece.len()..];
            return Ok(Split { yaml, yaml_line: 2, body, body_line: line + 1, has_front_matter: true });
        }
        offset += piece.len();
    }
    Err((Location::new(1, 1), "front matter is not closed: add a line \"---\" after the last front-matter key".into()))
}

/// The front matter as written, before any check against the site.
#[derive(Debug, Default, Deserialize)]
pub struct RawFrontMatter {
    pub title: Option<Text>,
    pub date: Option<Text>,
    pub updated: Option<Text>,
    pub areas: Option<List>,
    pub tags: Option<List>,
    pub units: Option<List>,
    pub activities: Option<List>,
    pub summary: Option<Text>,
    pub highlights: Option<List>,
    pub image: Option<Text>,
    pub image_alt: Option<Text>,
    pub draft: Option<bool>,
    pub slug: Option<Text>,
    /// Orders sections and pages in the menu (lower first); an extension.
    pub weight: Option<i64>,
}

/// Parses the YAML of a front matter. Errors carry file positions.
pub fn parse(split: &Split) -> Result<RawFrontMatter, (Option<Location>, String)> {
    if split.yaml.trim().is_empty() {
        return Ok(RawFrontMatter::default());
    }
    serde_yaml::from_str(split.yaml).map_err(|err| {
        let (location, message) = yaml::split_error(&err);
        let location = location.map(|l| l.offset_lines(split.yaml_line));
        (location, format!("invalid front matter: {message}"))
    })
}

/// Text from any YAML scalar (a title of `2022` is the text "2022").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor).map(Text)
    }
}

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// A list of texts; a single scalar is a list of one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct List(pub Vec<String>);

impl<'de> Deserialize<'de> for List {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ListVisitor).map(List)
    }
}

struct ListVisitor;

impl<'de> Visitor<'de> for ListVisitor {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of texts")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut items = Vec::new();
        while let Some(Text(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split("---\ntitle: A\ndate: 2022-01-01\n---\n\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\ndate: 2022-01-01\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "\nBody\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# Tiêu đề\n").unwrap();
        assert!(!s.has_front_matter);
        assert_eq!(s.body, "# Tiêu đề\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split("---\ntitle: A\n").is_err());
    }

    #[test]
    fn scalars_become_lists_and_text() {
        let s = split("---\ntitle: 2022\ntags: một cửa\nareas: [a, b]\n---\n").unwrap();
        let fm = parse(&s).unwrap();
        assert_eq!(fm.title, Some(Text("2022".into())));
        assert_eq!(fm.tags, Some(List(vec!["một cửa".into()])));
        assert_eq!(fm.areas, Some(List(vec!["a".into(), "b".into()])));
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let s = split("---\ntitle: A\nareas: [a, b\n---\n").unwrap();
        let (location, message) = parse(&s).unwrap_err();
        assert!(message.starts_with("invalid front matter"), "{message}");
        assert!(location.unwrap().line >= 3, "{location:?}");
    }
}
