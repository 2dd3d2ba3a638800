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
pub fn split(text: &str) -> Result<Split<'_>, (Location, crate::i18n::Message)> {
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
    Err((Location::new(1, 1), crate::msg!("front-matter-unclosed")))
}

/// The front matter as written, before any check against the site.
#[derive(Debug, Default, PartialEq, Deserialize)]
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
/// A syntax error comes with a plain hint when there is one (see [`yaml::syntax_problem`]).
#[allow(clippy::type_complexity)]
pub fn parse(split: &Split) -> Result<RawFrontMatter, (Option<Location>, crate::i18n::Message, Option<crate::i18n::Message>)> {
    if split.yaml.trim().is_empty() {
        return Ok(RawFrontMatter::default());
    }
    if let Some(raw) = parse_plain(split.yaml) {
        return Ok(raw);
    }
    serde_yaml::from_str(split.yaml).map_err(|err| {
        let (location, message, hint) = yaml::syntax_problem(&err, split.yaml);
        let location = location.map(|l| l.offset_lines(split.yaml_line));
        (location, crate::msg!("front-matter-invalid", reason = message), hint)
    })
}

/// The front matter of the plain form that nearly every file has, read
/// without the YAML parser (which took a fifth of the time of reading an
/// article): one `key: value` a line, each key known and once, the value a
/// quoted string without escapes, a flow list (`[…]`) of those or of plain
/// words, or a plain value that YAML can only read as text (a date, words),
/// `true`/`false` for `draft`, a whole number for `weight`; blank and
/// comment lines. `None` for anything else (block lists, escapes, numbers
/// where text is expected, tabs…), which the YAML parser then reads: what
/// this returns is what it would (see the tests).
fn parse_plain(yaml: &str) -> Option<RawFrontMatter> {
    let mut raw = RawFrontMatter::default();
    let mut seen = 0u32;
    for line in yaml.split('\n') {
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.len() != line.len() {
            return None;
        }
        let colon = line.find(':')?;
        let (key, rest) = (&line[..colon], &line[colon + 1..]);
        let value = rest.trim_start_matches(' ');
        if value.is_empty() || value.len() == rest.len() {
            return None;
        }
        let index = KNOWN_KEYS.iter().position(|k| *k == key)?;
        if seen & (1 << index) != 0 {
            return None;
        }
        seen |= 1 << index;
        let text = || whole(value, plain_text).map(Text);
        let list = || match value.strip_prefix('[') {
            Some(items) => flow_list(items).map(List),
            None => whole(value, plain_text).map(|item| List(vec![item])),
        };
        match key {
            "title" => raw.title = Some(text()?),
            "date" => raw.date = Some(text()?),
            "updated" => raw.updated = Some(text()?),
            "summary" => raw.summary = Some(text()?),
            "image" => raw.image = Some(text()?),
            "image_alt" => raw.image_alt = Some(text()?),
            "slug" => raw.slug = Some(text()?),
            "areas" => raw.areas = Some(list()?),
            "tags" => raw.tags = Some(list()?),
            "units" => raw.units = Some(list()?),
            "activities" => raw.activities = Some(list()?),
            "highlights" => raw.highlights = Some(list()?),
            "draft" => {
                raw.draft = Some(match value.trim_end_matches(' ') {
                    "true" => true,
                    "false" => false,
                    _ => return None,
                })
            }
            "weight" => raw.weight = Some(whole_number(value.trim_end_matches(' '))?),
            _ => return None,
        }
    }
    Some(raw)
}

/// A scalar that makes up the whole of `value` (spaces may follow).
fn whole(value: &str, plain: fn(&str) -> Option<&str>) -> Option<String> {
    let (item, rest) = scalar(value, plain)?;
    rest.trim_start_matches(' ').is_empty().then_some(item)
}

/// The items of a flow list whose `[` is already read: quoted strings or
/// plain words, `, ` between them, `]` and spaces after.
fn flow_list(mut rest: &str) -> Option<Vec<String>> {
    let mut items = Vec::new();
    rest = rest.trim_start_matches(' ');
    if let Some(after) = rest.strip_prefix(']') {
        return after.trim_start_matches(' ').is_empty().then_some(items);
    }
    loop {
        let (item, after) = scalar(rest, plain_word)?;
        items.push(item);
        let after = after.trim_start_matches(' ');
        if let Some(after) = after.strip_prefix(',') {
            rest = after.trim_start_matches(' ');
        } else {
            let after = after.strip_prefix(']')?;
            return after.trim_start_matches(' ').is_empty().then_some(items);
        }
    }
}

/// A quoted string without escapes, or a plain scalar as `plain` accepts
/// it, at the start of `text`; and what follows it.
fn scalar(text: &str, plain: fn(&str) -> Option<&str>) -> Option<(String, &str)> {
    let quote = text.chars().next()?;
    if quote == '"' || quote == '\'' {
        let inner = &text[1..];
        let end = inner.find(quote)?;
        let item = &inner[..end];
        if item.contains('\\') || !item.chars().all(is_printable) {
            return None;
        }
        return Some((item.to_string(), &inner[end + 1..]));
    }
    let item = plain(text)?;
    Some((item.to_string(), &text[item.len()..]))
}

/// YAML's printable characters less line breaks, tabs and the byte-order
/// mark: any other one in a value sends the file to the YAML parser.
fn is_printable(c: char) -> bool {
    matches!(c as u32, 0x20..=0x7E | 0xA0..=0x2027 | 0x202A..=0xD7FF | 0xE000..=0xFEFE | 0xFF00..=0xFFFD | 0x10000..)
}

/// A plain value that YAML reads as the text it is: words of letters and
/// digits, with `-`, `.`, `/`, `(`, `)` and single spaces between them, that
/// start with a letter and are not `null`, `true`, `false` or the like; or
/// a date (`2022-01-14`, `2022-01-14 09:00`, RFC 3339). Up to the end of
/// the line, trailing spaces left out.
fn plain_text(text: &str) -> Option<&str> {
    let value = text.trim_end_matches(' ');
    if is_date(value) {
        return Some(value);
    }
    let is_word_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '.' | '/' | '(' | ')');
    let starts_well = value.chars().next().is_some_and(char::is_alphabetic);
    let fits = value.split(' ').all(|word| !word.is_empty() && word.chars().all(is_word_char));
    (starts_well && fits && !is_reserved(value)).then_some(value)
}

/// A plain word of a flow list (an area or unit key): letters, digits and
/// `-`, starting with a letter, up to `,`, `]` or a space.
fn plain_word(text: &str) -> Option<&str> {
    let end = text.find([',', ']', ' ']).unwrap_or(text.len());
    let word = &text[..end];
    let starts_well = word.chars().next().is_some_and(char::is_alphabetic);
    (starts_well && word.chars().all(|c| c.is_alphanumeric() || c == '-') && !is_reserved(word)).then_some(word)
}

/// Words YAML (1.1 or 1.2) may read as null, a boolean or a number.
fn is_reserved(value: &str) -> bool {
    ["null", "true", "false", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan"].iter().any(|w| value.eq_ignore_ascii_case(w))
}

/// `YYYY-MM-DD`, then optionally ` HH:MM` or `THH:MM[:SS][Z|±HH:MM]`.
fn is_date(value: &str) -> bool {
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| b.get(range).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'-') && digits(8..10)) {
        return false;
    }
    let time = &b[10..];
    if time.is_empty() {
        return true;
    }
    let hm = |t: &[u8]| t.len() >= 5 && t[..2].iter().all(u8::is_ascii_digit) && t[2] == b':' && t[3..5].iter().all(u8::is_ascii_digit);
    match time[0] {
        b' ' => time.len() == 6 && hm(&time[1..]),
        b'T' => {
            let rest = &time[1..];
            if !hm(rest) {
                return false;
            }
            let rest = if rest.get(5) == Some(&b':') && rest.len() >= 8 && rest[6..8].iter().all(u8::is_ascii_digit) {
                &rest[8..]
            } else {
                &rest[5..]
            };
            rest.is_empty() || rest == b"Z" || (rest.len() == 6 && matches!(rest[0], b'+' | b'-') && hm(&rest[1..]))
        }
        _ => false,
    }
}

/// A whole number as YAML reads one for `weight`: no sign but `-`, no
/// leading zero, at most 18 digits.
fn whole_number(value: &str) -> Option<i64> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let fits = !digits.is_empty() && digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit());
    let canonical = if digits.len() == value.len() { digits == "0" || !digits.starts_with('0') } else { !digits.starts_with('0') };
    (fits && canonical).then(|| value.parse().ok()).flatten()
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
        let (location, message, hint) = parse(&s).unwrap_err();
        assert!(message.to_string().starts_with("invalid front matter"), "{message}");
        // The line that opened the list, not where the parser gave up.
        assert_eq!(location.unwrap().line, 3, "{location:?}");
        assert!(hint.is_some());
    }

    fn by_yaml(yaml: &str) -> Option<RawFrontMatter> {
        serde_yaml::from_str(yaml).ok()
    }

    #[test]
    fn the_plain_form_is_read_without_the_yaml_parser() {
        let yaml = "title: \"Đẩy mạnh: cải cách # 1\"\ndate: 2022-12-30\nareas: [\"tai-chinh-cong\", the-che]\n\
                    tags: [\"một cửa\"]\nunits: []\nsummary: 'Một câu'\ndraft: false\nweight: -3\n# a comment\n\nslug: Họp báo quý I\n";
        let fast = parse_plain(yaml).expect("the plain form");
        assert_eq!(fast.title, Some(Text("Đẩy mạnh: cải cách # 1".into())));
        assert_eq!(fast.areas, Some(List(vec!["tai-chinh-cong".into(), "the-che".into()])));
        assert_eq!(fast.weight, Some(-3));
        assert_eq!(Some(fast), by_yaml(yaml));
    }

    #[test]
    fn anything_else_goes_to_the_yaml_parser() {
        for yaml in [
            "title: 2022\n",
            "title: null\n",
            "title: True\n",
            "title: a\n  b\n",
            "title: \"a\\\"b\"\n",
            "title: a # comment\n",
            "title: \"a\" # comment\n",
            "highlights:\n  - \"a\"\n",
            "tags: [một cửa]\n",
            "title: a\ntitle: b\n",
            "colour: red\n",
            "title:\t\"a\"\n",
            "  title: a\n",
            "title: Họp báo: kết quả\n",
            "weight: 007\n",
            "weight: -0\n",
            "date: 2022-1-3\n",
            "areas: [a, b\n",
            "tags: [\"a\"] x\n",
            "image: /a.jpg\n",
        ] {
            assert_eq!(parse_plain(yaml), None, "{yaml:?}");
        }
    }

    #[test]
    fn dates_are_text_as_yaml_reads_them() {
        for date in ["2022-01-14", "2022-01-14 09:00", "2022-01-14T09:00", "2022-01-14T09:00:30Z", "2022-01-14T09:00+07:00"] {
            let yaml = format!("date: {date}\n");
            assert_eq!(parse_plain(&yaml).expect(date).date, Some(Text(date.into())));
            assert_eq!(parse_plain(&yaml), by_yaml(&yaml), "{date}");
        }
        assert!(!is_date("2022-01-14 9:00") && !is_date("2022-01-14T09") && !is_date("22-01-14"));
    }

    #[test]
    fn the_sites_front_matters_read_the_same_both_ways() {
        let roots = [concat!(env!("CARGO_MANIFEST_DIR"), "/content"), concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")];
        let (mut fast, mut total) = (0, 0);
        for entry in roots.iter().flat_map(walkdir::WalkDir::new).flatten() {
            if entry.path().extension().is_none_or(|e| e != "md") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
            let Ok(split) = split(&text) else { continue };
            total += 1;
            if let Some(raw) = parse_plain(split.yaml) {
                fast += 1;
                assert_eq!(Some(raw), by_yaml(split.yaml), "{}", entry.path().display());
            }
        }
        assert!(total > 50 && fast > total / 4, "{fast} of {total}");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn value() -> impl Strategy<Value = String> {
            prop_oneof![
                "\"[a-zA-Zà-ỹĐđ0-9 :#,\\[\\]'.\\-]{0,12}\"",
                "'[a-zA-Zà-ỹ0-9 :#,\\[\\]\".\\-]{0,12}'",
                "[a-zA-Zà-ỹ0-9 :#,.()/\\-]{1,12}",
                "20[0-9]{2}-[01][0-9]-[0-3][0-9]( [0-2][0-9]:[0-5][0-9])?",
                "(true|false|null|~|yes|no|-?[0-9]{1,3}|0x1F|1e3|\\.inf|nan)",
                "\\[( ?(\"[a-zà-ỹ ,\\]]{0,6}\"|[a-z0-9\\-]{0,6}|null|12) ?,?){0,3}\\] ?",
            ]
        }

        fn line() -> impl Strategy<Value = String> {
            let key = prop_oneof![Just("title"), Just("date"), Just("areas"), Just("tags"), Just("draft"), Just("weight"), Just("summary")];
            prop_oneof![
                (key, " {1,2}", value(), " {0,2}").prop_map(|(k, s, v, t)| format!("{k}:{s}{v}{t}")),
                Just(String::new()),
                Just("# note".to_string()),
                Just("  - \"a\"".to_string()),
            ]
        }

        proptest! {
            /// Whatever the fast reading accepts, it reads as the YAML parser does.
            #[test]
            fn the_fast_reading_equals_the_yaml_parsers(lines in proptest::collection::vec(line(), 1..6)) {
                let yaml = lines.join("\n") + "\n";
                if let Some(raw) = parse_plain(&yaml) {
                    prop_assert_eq!(Some(raw), by_yaml(&yaml), "{:?}", yaml);
                }
            }
        }
    }
}
