//! YAML helpers: serde_yaml error messages without their position suffix, and a
//! positions tree (saphyr-parser) to find the line and column of any value.
//!
//! serde_yaml gives positions only for syntax and type errors; validation errors
//! (an unknown area key, a bad date) need the position of a value that parsed
//! fine, so the text is parsed a second time, only when an error needs it.

use crate::error::Location;
use crate::i18n::Message;
use saphyr_parser::{Event, Parser};

/// One segment of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// A YAML node with the position of its start.
#[derive(Debug, Clone)]
pub struct Node {
    pub location: Location,
    pub kind: NodeKind,
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    Scalar(String),
    Sequence(Vec<Node>),
    Mapping(Vec<(Node, Node)>),
}

impl Node {
    /// Parses the first document of `text`; `None` when it is not valid YAML
    /// (serde_yaml reports that error with its own position).
    pub fn parse(text: &str) -> Option<Node> {
        let mut parser = Parser::new_from_str(text);
        loop {
            match parser.next_event()? {
                Ok((Event::StreamStart | Event::DocumentStart(_), _)) => continue,
                Ok((Event::StreamEnd | Event::DocumentEnd, _)) => return None,
                Ok(first) => return build(&mut parser, first),
                Err(_) => return None,
            }
        }
    }

    /// The node at `path`, or the deepest node on the way there.
    pub fn find(&self, path: &[Seg]) -> &Node {
        let mut node = self;
        for seg in path {
            match (seg, &node.kind) {
                (Seg::Key(key), NodeKind::Mapping(entries)) => match entries.iter().find(|(k, _)| k.as_scalar() == Some(key)) {
                    Some((_, value)) => node = value,
                    None => return node,
                },
                (Seg::Index(i), NodeKind::Sequence(items)) => match items.get(*i) {
                    Some(item) => node = item,
                    None => return node,
                },
                _ => return node,
            }
        }
        node
    }

    /// Keys of the mapping at `path`, with their positions.
    pub fn keys(&self) -> Vec<(&str, Location)> {
        match &self.kind {
            NodeKind::Mapping(entries) => entries.iter().filter_map(|(k, _)| Some((k.as_scalar()?, k.location))).collect(),
            _ => Vec::new(),
        }
    }

    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Sequence(items) => items,
            _ => &[],
        }
    }
}

fn build<'a>(parser: &mut Parser<'a, saphyr_parser::StrInput<'a>>, first: (Event<'a>, saphyr_parser::Span)) -> Option<Node> {
    let (event, span) = first;
    let location = Location::new(span.start.line(), span.start.col() + 1);
    let kind = match event {
        Event::Scalar(value, ..) => NodeKind::Scalar(value.into_owned()),
        Event::Alias(_) => NodeKind::Scalar(String::new()),
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            loop {
                let next = parser.next_event()?.ok()?;
                if matches!(next.0, Event::SequenceEnd) {
                    break;
                }
                items.push(build(parser, next)?);
            }
            NodeKind::Sequence(items)
        }
        Event::MappingStart(..) => {
            let mut entries = Vec::new();
            loop {
                let next = parser.next_event()?.ok()?;
                if matches!(next.0, Event::MappingEnd) {
                    break;
                }
                let key = build(parser, next)?;
                let value_event = parser.next_event()?.ok()?;
                let value = build(parser, value_event)?;
                entries.push((key, value));
            }
            NodeKind::Mapping(entries)
        }
        _ => return None,
    };
    Some(Node { location, kind })
}

/// The position of the value at `path` in `text` (or of the nearest parent).
pub fn locate(text: &str, path: &[Seg]) -> Option<Location> {
    Node::parse(text).map(|root| root.find(path).location)
}

/// serde_yaml's message without the " at line N column M" it appends, and the
/// position as a [`Location`].
pub fn split_error(err: &serde_yaml::Error) -> (Option<Location>, String) {
    let location = err.location().map(|l| Location::new(l.line(), l.column()));
    let mut message = err.to_string();
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    (location, message)
}

/// serde_yaml's reason in the reader's language: the usual ones have their own
/// message (the same English words), others are quoted as they are.
fn reason_message(reason: &str) -> Message {
    if reason.starts_with("mapping values are not allowed") {
        crate::msg!("yaml-colon")
    } else if reason.starts_with("did not find expected ',' or ']'") {
        crate::msg!("yaml-unclosed-list")
    } else if reason.contains("found character that cannot start any token") {
        crate::msg!("yaml-bad-character")
    } else {
        crate::msg!("yaml-invalid", reason = reason)
    }
}

/// A YAML syntax error as an officer reads it: where, serde_yaml's reason, and
/// a plain hint for the usual slips (a list whose `[` is never closed, a value
/// with a colon that needs quotes). `text` is the YAML that failed.
pub fn syntax_problem(err: &serde_yaml::Error, text: &str) -> (Option<Location>, Message, Option<Message>) {
    let (location, reason) = split_error(err);
    let message = reason_message(&reason);
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = location else {
        return (location, message, None);
    };
    // An unclosed `[` is noticed lines later; point at the line that opened it.
    let upto = at.line.min(lines.len());
    for n in (0..upto).rev() {
        let line = lines[n];
        if let Some(open) = line.find('[')
            && !line[open..].contains(']')
        {
            let column = line[..open].chars().count() + 1;
            let key = line[..open].trim().trim_end_matches(':').trim();
            return (Some(Location::new(n + 1, column)), message, Some(crate::msg!("hint-yaml-bracket", key = key)));
        }
        if n + 1 < upto && !line.starts_with([' ', '\t', '-']) {
            break;
        }
    }
    if reason.contains("mapping values are not allowed")
        && let Some(line) = lines.get(at.line.saturating_sub(1))
        && let Some((key, value)) = line.split_once(':')
    {
        let value = value.trim().replace('"', "\\\"");
        return (location, message, Some(crate::msg!("hint-yaml-colon", key = key.trim(), value = value)));
    }
    (location, message, None)
}

/// Top-level mapping keys of a block-style YAML text, with their positions:
/// lines that start with a key at column 1. Cheap enough to run on every file.
pub fn top_level_keys(text: &str) -> Vec<(&str, Location)> {
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let first = line.as_bytes().first().copied();
        if matches!(first, None | Some(b' ' | b'\t' | b'#' | b'-' | b'[' | b'{')) {
            continue;
        }
        if let Some(colon) = line.find(':') {
            let key = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
            if !key.is_empty() {
                keys.push((key, Location::new(i + 1, 1)));
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> (Option<Location>, String, Option<String>) {
        let err = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        let (loc, message, hint) = syntax_problem(&err, text);
        (loc, message.render(crate::i18n::Lang::Vi), hint.map(|h| h.render(crate::i18n::Lang::Vi)))
    }

    #[test]
    fn unclosed_bracket_points_at_its_line() {
        let (loc, _, hint) = problem("title: Tin\nareas: [the-che, cong-vu\ndate: 2022-01-14\n");
        assert_eq!(loc, Some(Location::new(2, 8)));
        assert!(hint.unwrap().contains("]"));
    }

    #[test]
    fn colon_in_a_title_asks_for_quotes() {
        let (loc, _, hint) = problem("title: Họp báo quý I: kết quả\ndate: 2022-01-14\n");
        assert_eq!(loc.map(|l| l.line), Some(1));
        let hint = hint.unwrap();
        assert!(hint.contains("đặt tiêu đề trong dấu ngoặc kép"), "{hint}");
        assert!(hint.contains("title: \"Họp báo quý I: kết quả\""), "{hint}");
    }

    const DOC: &str = "title: Tin\nareas: [the-che, cong_vu]\ntags:\n  - một cửa\n  - \"PAR INDEX\"\nlist:\n  - id: a\n    lead: x\n";

    #[test]
    fn finds_values_in_flow_and_block_style() {
        assert_eq!(locate(DOC, &[Seg::Key("areas"), Seg::Index(1)]), Some(Location::new(2, 18)));
        assert_eq!(locate(DOC, &[Seg::Key("tags"), Seg::Index(1)]), Some(Location::new(5, 5)));
        assert_eq!(locate(DOC, &[Seg::Key("list"), Seg::Index(0), Seg::Key("lead")]), Some(Location::new(8, 11)));
    }

    #[test]
    fn missing_path_gives_nearest_parent() {
        assert_eq!(locate(DOC, &[Seg::Key("areas"), Seg::Index(7)]), Some(Location::new(2, 8)));
    }

    #[test]
    fn top_level_keys_by_line() {
        let keys: Vec<_> = top_level_keys(DOC).into_iter().map(|(k, l)| (k, l.line)).collect();
        assert_eq!(keys, vec![("title", 1), ("areas", 2), ("tags", 3), ("list", 6)]);
    }

    #[test]
    fn serde_error_is_split() {
        let err = serde_yaml::from_str::<serde_yaml::Value>("a: [b\nc: d").unwrap_err();
        let (loc, msg) = split_error(&err);
        assert!(loc.is_some());
        assert!(!msg.contains(" at line "), "{msg}");
    }
}
