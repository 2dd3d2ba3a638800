//! Markdown to HTML with pulldown-cmark: one options function, then one event
//! pass per concern (heading ids, links and images, code, tables).
//!
//! Input: a Markdown body and a [`LinkResolver`] that knows the site. Output: HTML
//! and the problems found (a link to a missing page), with body-relative offsets.
//! Pure: no file I/O, no shared state.

use crate::render::highlight;
use crate::render::sanitize::{self, DEFAULT_POLICY, HtmlPolicy, KEEP_CLOSE, KEEP_OPEN};
use crate::slug::slugify;
use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd, html};
use std::collections::HashSet;
use std::ops::Range;

pub use crate::content::text::options;

/// Rewrites a link or image destination found in Markdown.
pub trait LinkResolver {
    /// `Ok(Some(url))` to replace it, `Ok(None)` to keep it, `Err(message)` when
    /// the target does not exist.
    fn resolve(&self, dest: &str) -> Result<Option<String>, crate::i18n::Message>;

    /// The absolute form of a URL that `resolve` returned, for printing.
    fn absolute(&self, url: &str) -> String {
        url.to_string()
    }

    /// The HTML of the `n`-th (from 1) ```` ```chi-so ```` chart block of the
    /// page, or a problem at a byte offset of the block's text. `None` when
    /// charts are not drawn here: the block stays a code block.
    fn chart(&self, _spec: &str, _n: usize) -> Option<Result<String, (usize, crate::i18n::Message)>> {
        None
    }

    /// The theme's text of `key` (`markdown_table`, `markdown_task_done`,
    /// `markdown_task_open`); the key itself when there is no theme.
    fn word<'a>(&'a self, key: &'a str) -> &'a str {
        key
    }

    /// What raw HTML the site allows.
    fn html_policy(&self) -> &HtmlPolicy {
        &DEFAULT_POLICY
    }
}

/// The language of a fenced block that draws a reform-index chart (§7).
pub const CHART_BLOCK: &str = "chi-so";

/// A problem at a byte range of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub range: Range<usize>,
    pub message: crate::i18n::Message,
    pub is_error: bool,
}

/// HTML of a body plus what went wrong.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub problems: Vec<Problem>,
}

/// Renders a Markdown body.
pub fn render(markdown: &str, links: &dyn LinkResolver) -> Rendered {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(markdown, options()).into_offset_iter().collect();
    render_events(markdown.len(), events, links)
}

/// [`render`], and the body's [`text_blocks`] taken from the same parse.
pub fn render_with_blocks(markdown: &str, links: &dyn LinkResolver) -> (Rendered, TextBlocks) {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(markdown, options()).into_offset_iter().collect();
    let mut blocks = BlockWriter::default();
    for (event, _) in &events {
        blocks.event(event);
    }
    (render_events(markdown.len(), events, links), blocks.finish())
}

fn render_events(len: usize, events: Vec<(Event, Range<usize>)>, links: &dyn LinkResolver) -> Rendered {
    let mut problems = Vec::new();
    let policy = links.html_policy();
    // Only bodies with raw HTML pay for the sanitiser.
    let is_sanitised = !policy.is_unsafe && events.iter().any(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let events = if is_sanitised { mark_author_html(events, policy, &mut problems) } else { events };
    let events = heading_ids(events);
    let events = resolve_links(events, links, &mut problems);
    let events = replace_blocks(events, links, &mut problems);
    let mut out = String::with_capacity(len * 3 / 2);
    if is_sanitised {
        let mut kept: Vec<CowStr> = Vec::new();
        let events = events.into_iter().map(|event| match event {
            Event::Html(html) | Event::InlineHtml(html) => match html.strip_prefix(AUTHOR) {
                Some(raw) => Event::Html(CowStr::from(raw.to_string())),
                None => {
                    kept.push(html);
                    Event::Html(CowStr::from(format!("{KEEP_OPEN}{}{KEEP_CLOSE}", kept.len() - 1)))
                }
            },
            other => other,
        });
        html::push_html(&mut out, events);
        out = restore_kept(&sanitize::clean(&out, policy), &kept);
    } else {
        html::push_html(&mut out, events.into_iter());
    }
    Rendered { html: out, problems }
}

/// Starts raw HTML the author wrote, so that it can be told from Loa's own.
const AUTHOR: char = '\u{E002}';

/// Marks the author's raw HTML and warns about what the sanitiser will remove.
fn mark_author_html<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    policy: &HtmlPolicy,
    problems: &mut Vec<Problem>,
) -> Vec<(Event<'a>, Range<usize>)> {
    events
        .into_iter()
        .map(|(event, range)| match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                for removal in sanitize::removals(&html, policy) {
                    let at = range.start + removal.offset;
                    problems.push(Problem { range: at..at, message: removal.message, is_error: false });
                }
                // Placeholder characters typed by the author are not Loa's.
                let html = html.replace([KEEP_OPEN, KEEP_CLOSE, AUTHOR], "");
                (Event::Html(CowStr::from(format!("{AUTHOR}{html}"))), range)
            }
            other => (other, range),
        })
        .collect()
}

/// Puts Loa's own HTML back in place of its placeholders.
fn restore_kept(html: &str, kept: &[CowStr]) -> String {
    let mut out = String::with_capacity(html.len() + kept.iter().map(|k| k.len()).sum::<usize>());
    let mut rest = html;
    while let Some(open) = rest.find(KEEP_OPEN) {
        out.push_str(&rest[..open]);
        rest = &rest[open + KEEP_OPEN.len_utf8()..];
        let Some(close) = rest.find(KEEP_CLOSE) else { break };
        if let Some(fragment) = rest[..close].parse::<usize>().ok().and_then(|i| kept.get(i)) {
            out.push_str(fragment);
        }
        rest = &rest[close + KEEP_CLOSE.len_utf8()..];
    }
    out.push_str(&rest.replace([KEEP_OPEN, KEEP_CLOSE], ""));
    out
}

/// Gives every heading without `{#id}` an id from its text (Vietnamese-aware
/// slug), unique within the page.
fn heading_ids(mut events: Vec<(Event, Range<usize>)>) -> Vec<(Event, Range<usize>)> {
    let mut used: HashSet<String> = HashSet::new();
    for (event, _) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            used.insert(id.to_string());
        }
    }
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i].0 {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = match slugify(&text) {
                s if s.is_empty() => "muc".to_string(),
                s => s,
            };
            let mut id = base.clone();
            let mut n = 1;
            while used.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            used.insert(id.clone());
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
                *slot = Some(CowStr::from(id));
            }
        }
        i += 1;
    }
    events
}

/// Resolves link and image targets. Every link is written as HTML; the ones
/// whose address the print stylesheet should write out after the text carry
/// `data-url` (the absolute address): only the first link to each address, and
/// only when its text does not already show the address.
fn resolve_links<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    links: &dyn LinkResolver,
    problems: &mut Vec<Problem>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut printed: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(events.len());
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Link { ref dest_url, .. }) if sanitize::is_dangerous_url(dest_url) && !links.html_policy().is_unsafe => {
                // The link goes, its text stays.
                problems.push(Problem { range: range.clone(), message: dangerous_link(dest_url), is_error: false });
                for (event, range) in events.by_ref() {
                    if matches!(event, Event::End(TagEnd::Link)) {
                        break;
                    }
                    out.push((event, range));
                }
            }
            Event::Start(Tag::Image { link_type, ref dest_url, title, id })
                if sanitize::is_dangerous_url(dest_url) && !links.html_policy().is_unsafe =>
            {
                problems.push(Problem { range: range.clone(), message: dangerous_link(dest_url), is_error: false });
                out.push((Event::Start(Tag::Image { link_type, dest_url: CowStr::Borrowed(""), title, id }), range));
            }
            Event::Start(Tag::Link { dest_url, title, .. }) => {
                let dest_url = resolve_one(dest_url, links, &range, problems);
                // Links do not nest, so the text runs to the next end of a link.
                let mut inner = Vec::new();
                let mut text = String::new();
                for (event, range) in events.by_ref() {
                    if matches!(event, Event::End(TagEnd::Link)) {
                        break;
                    }
                    if let Event::Text(t) | Event::Code(t) = &event {
                        text.push_str(t);
                    }
                    inner.push((event, range));
                }
                let is_internal = dest_url.starts_with('/') && !dest_url.starts_with("//");
                let absolute = if is_internal { links.absolute(&dest_url) } else { dest_url.to_string() };
                let is_web = is_internal || absolute.starts_with("http://") || absolute.starts_with("https://");
                let mut tag = format!("<a href=\"{}\"", escape(&dest_url));
                // An address shown by a link's text counts as written out too.
                let shown = shows_address(&text, &absolute);
                if is_web && printed.insert(bare_address(&absolute)) && !shown {
                    tag.push_str(&format!(" data-url=\"{}\"", escape(&absolute)));
                }
                if !title.is_empty() {
                    tag.push_str(&format!(" title=\"{}\"", escape(&title)));
                }
                tag.push('>');
                out.push((Event::InlineHtml(CowStr::from(tag)), range.clone()));
                out.extend(inner);
                out.push((Event::InlineHtml(CowStr::Borrowed("</a>")), range));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = resolve_one(dest_url, links, &range, problems);
                out.push((Event::Start(Tag::Image { link_type, dest_url, title, id }), range));
            }
            other => out.push((other, range)),
        }
    }
    out
}

/// An address without scheme, `www.` and final `/`, lower case: the form in
/// which link texts and addresses are compared.
fn bare_address(s: &str) -> String {
    let s = s.trim().to_lowercase();
    let s = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).unwrap_or(&s);
    let s = s.strip_prefix("www.").unwrap_or(s);
    s.trim_end_matches('/').to_string()
}

/// Whether a link's text already shows its address: "dichvucong.hanoi.gov.vn"
/// shows https://dichvucong.hanoi.gov.vn/.
fn shows_address(text: &str, url: &str) -> bool {
    let url = bare_address(url);
    !url.is_empty() && bare_address(text).contains(&url)
}

fn dangerous_link(dest: &str) -> crate::i18n::Message {
    let scheme = dest.trim().split(':').next().unwrap_or_default().to_ascii_lowercase();
    crate::msg!("link-scheme-removed", scheme = scheme)
}

fn resolve_one<'a>(dest: CowStr<'a>, links: &dyn LinkResolver, range: &Range<usize>, problems: &mut Vec<Problem>) -> CowStr<'a> {
    match links.resolve(&dest) {
        Ok(Some(url)) => CowStr::from(url),
        Ok(None) => dest,
        Err(message) => {
            problems.push(Problem { range: range.clone(), message, is_error: true });
            dest
        }
    }
}

/// Swaps fenced code for highlighted HTML, wraps tables so they scroll on
/// narrow screens, and writes images with lazy loading.
fn replace_blocks<'a>(events: Vec<(Event<'a>, Range<usize>)>, links: &dyn LinkResolver, problems: &mut Vec<Problem>) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    let mut table: Vec<Alignment> = Vec::new();
    let (mut in_head, mut column) = (false, 0);
    let mut charts = 0;
    while let Some((event, range)) = iter.next() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(lang) => lang.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                let mut text_start = None;
                for (inner, inner_range) in iter.by_ref() {
                    match inner {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => {
                            text_start.get_or_insert(inner_range.start);
                            code.push_str(&t);
                        }
                        _ => {}
                    }
                }
                if lang.split_whitespace().next() == Some(CHART_BLOCK) {
                    charts += 1;
                    match links.chart(&code, charts) {
                        Some(Ok(html)) => {
                            out.push(Event::Html(CowStr::from(html)));
                            continue;
                        }
                        Some(Err((offset, message))) => {
                            // The position of the offending value: block text offsets
                            // match the body while the block is not indented.
                            let at = text_start.map_or(range.start, |s| s + offset);
                            problems.push(Problem { range: at..at, message, is_error: true });
                            continue;
                        }
                        None => {}
                    }
                }
                out.push(Event::Html(CowStr::from(highlight::highlight(&code, &lang))));
            }
            Event::Start(Tag::Table(alignments)) => {
                let label = escape(links.word("markdown_table"));
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{label}\">\n"
                ))));
                // Cells are written here with a class for their alignment:
                // pulldown-cmark would write style attributes, which a strict
                // Content-Security-Policy refuses.
                out.push(Event::Start(Tag::Table(vec![Alignment::None; alignments.len()])));
                table = alignments;
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
                table.clear();
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                column = 0;
                out.push(Event::Html(CowStr::Borrowed("<thead><tr>")));
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                out.push(Event::Html(CowStr::Borrowed("</tr></thead><tbody>\n")));
            }
            Event::Start(Tag::TableRow) => {
                column = 0;
                out.push(Event::Html(CowStr::Borrowed("<tr>")));
            }
            Event::End(TagEnd::TableRow) => out.push(Event::Html(CowStr::Borrowed("</tr>\n"))),
            Event::Start(Tag::TableCell) => {
                let cell = if in_head { "th" } else { "td" };
                let class = match table.get(column) {
                    Some(Alignment::Left) => " class=\"left\"",
                    Some(Alignment::Center) => " class=\"center\"",
                    Some(Alignment::Right) => " class=\"num\"",
                    _ => "",
                };
                out.push(Event::InlineHtml(CowStr::from(format!("<{cell}{class}>"))));
            }
            Event::End(TagEnd::TableCell) => {
                out.push(Event::InlineHtml(CowStr::Borrowed(if in_head { "</th>" } else { "</td>" })));
                column += 1;
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                let mut alt = String::new();
                let mut depth = 0;
                for (inner, _) in iter.by_ref() {
                    match inner {
                        Event::Start(Tag::Image { .. }) => depth += 1,
                        Event::End(TagEnd::Image) if depth == 0 => break,
                        Event::End(TagEnd::Image) => depth -= 1,
                        Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                        _ => {}
                    }
                }
                if dest_url.is_empty() {
                    // A link that was removed as unsafe: its text stays.
                    out.push(Event::Text(CowStr::from(alt)));
                    continue;
                }
                if alt.trim().is_empty() {
                    problems.push(Problem {
                        range: range.clone(),
                        message: crate::msg!("image-no-alt", url = dest_url.to_string()),
                        is_error: false,
                    });
                }
                let mut tag = format!("<img src=\"{}\" alt=\"{}\"", escape(&dest_url), escape(alt.trim()));
                if !title.is_empty() {
                    tag.push_str(&format!(" title=\"{}\"", escape(&title)));
                }
                tag.push_str(" loading=\"lazy\">");
                out.push(Event::InlineHtml(CowStr::from(tag)));
            }
            // A disabled checkbox has no label for screen readers; a marked symbol
            // says the same thing to everyone.
            Event::TaskListMarker(done) => {
                let (key, mark) = if done { ("markdown_task_done", '☑') } else { ("markdown_task_open", '☐') };
                let label = escape(links.word(key));
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<span class=\"task\" role=\"img\" aria-label=\"{label}\">{mark}</span> "
                ))));
            }
            other => out.push(other),
        }
    }
    out
}

/// `text` escaped for HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

/// A block of plain text: a heading, a paragraph or a list item.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct Block {
    /// "h" (heading), "p" (paragraph) or "li" (list item).
    pub kind: &'static str,
    pub text: String,
}

/// Text blocks of a Markdown body (headings, paragraphs, list items), plain
/// text; tables, code and images are left for the web page.
pub fn text_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = BlockWriter::default();
    for event in Parser::new_ext(markdown, options()) {
        blocks.event(&event);
    }
    blocks.finish().unpack()
}

/// The [`text_blocks`] of a body, packed into one string: each block is the
/// first letter of its kind, its text and a line break (a block's text holds
/// no line break: its white space is collapsed). One allocation per body, so
/// that those of every article can be kept while pages are rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextBlocks(std::sync::Arc<str>);

impl TextBlocks {
    /// The blocks.
    pub fn unpack(&self) -> Vec<Block> {
        self.0
            .split_terminator('\n')
            .map(|line| {
                let kind = match line.as_bytes().first() {
                    Some(b'h') => "h",
                    Some(b'l') => "li",
                    _ => "p",
                };
                Block { kind, text: line[1..].to_string() }
            })
            .collect()
    }
}

/// Collects text blocks from a body's events into [`TextBlocks`]. A heading
/// or a list item that starts inside an open block replaces it.
#[derive(Default)]
struct BlockWriter {
    packed: String,
    /// Where the open block starts (its kind's letter).
    open: Option<usize>,
    skip: usize,
    in_footnote: usize,
}

impl BlockWriter {
    fn event(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Table(_) | Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock) => self.skip += 1,
            Event::End(TagEnd::Table | TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock) => self.skip = self.skip.saturating_sub(1),
            Event::Start(Tag::FootnoteDefinition(_)) => self.in_footnote += 1,
            Event::End(TagEnd::FootnoteDefinition) => self.in_footnote = self.in_footnote.saturating_sub(1),
            _ if self.skip > 0 || self.in_footnote > 0 => {}
            Event::Start(Tag::Heading { .. }) => self.start('h'),
            Event::Start(Tag::Item) => self.start('l'),
            Event::Start(Tag::Paragraph) if self.open.is_none() => self.start('p'),
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Heading(_) | TagEnd::Item | TagEnd::Paragraph) => self.end(),
            Event::Text(t) | Event::Code(t) => self.push(t),
            Event::SoftBreak | Event::HardBreak => self.push(" "),
            Event::TaskListMarker(done) => self.push(if *done { "☑ " } else { "☐ " }),
            _ => {}
        }
    }

    fn start(&mut self, kind: char) {
        if let Some(start) = self.open {
            self.packed.truncate(start);
        }
        self.open = Some(self.packed.len());
        self.packed.push(kind);
    }

    fn push(&mut self, text: &str) {
        if self.open.is_some() {
            self.packed.push_str(text);
        }
    }

    fn end(&mut self) {
        let Some(start) = self.open.take() else { return };
        let text = &self.packed[start + 1..];
        if !is_collapsed(text) {
            let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
            self.packed.truncate(start + 1);
            self.packed.push_str(&collapsed);
        }
        if self.packed.len() == start + 1 {
            self.packed.truncate(start);
        } else {
            self.packed.push('\n');
        }
    }

    fn finish(mut self) -> TextBlocks {
        if let Some(start) = self.open {
            self.packed.truncate(start);
        }
        TextBlocks(std::sync::Arc::from(self.packed))
    }
}

/// Whether `bytes` starts with a white-space character other than ASCII's.
fn is_other_white_space(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [0xC2, 0x85 | 0xA0, ..]
            | [0xE1, 0x9A, 0x80, ..]
            | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
            | [0xE2, 0x81, 0x9F, ..]
            | [0xE3, 0x80, 0x80, ..]
    )
}

/// Whether `text` has no white space but single spaces between other
/// characters. Whole-text scans (16 or 32 bytes at a time) rather than a
/// byte-by-byte loop: every block of every article goes through here.
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else { return true };
    if first == b' ' || last == b' ' || memchr::memmem::find(bytes, b"  ").is_some() {
        return false;
    }
    // Tab, line feed, vertical tab, form feed, carriage return: without an
    // early exit, so that the loop is vectorised.
    if bytes.iter().fold(false, |found, &b| found | (b.wrapping_sub(b'\t') < 5)) {
        return false;
    }
    // The other white-space characters, by their UTF-8 bytes (U+0085,
    // U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F,
    // U+3000). Most Vietnamese letters start with 0xE1, so U+1680 (E1 9A
    // 80) is looked for whole.
    memchr::memmem::find(bytes, "\u{1680}".as_bytes()).is_none()
        && !memchr::memchr3_iter(0xC2, 0xE2, 0xE3, bytes).any(|i| is_other_white_space(&bytes[i..]))
}

/// Plain text of Markdown with its line structure: one line per paragraph,
/// heading or list item ("- " before items). For iCalendar descriptions.
pub fn plain_text(markdown: &str) -> String {
    text_blocks(markdown).into_iter().map(|b| if b.kind == "li" { format!("- {}", b.text) } else { b.text }).collect::<Vec<_>>().join("\n")
}

pub use crate::content::text::{first_paragraph_text, truncate_words};

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with each run of white space one space and none at either
    /// end, kept as it is when it is so already.
    fn collapse_whitespace(text: String) -> String {
        if is_collapsed(&text) { text } else { text.split_whitespace().collect::<Vec<_>>().join(" ") }
    }

    /// Text blocks as one pass over a parse finds them, one string per
    /// block: what the packed blocks must equal.
    fn reference_blocks(markdown: &str) -> Vec<Block> {
        let mut out = Vec::new();
        let mut current: Option<(&'static str, String)> = None;
        let mut skip = 0usize;
        let mut in_footnote = 0usize;
        for event in Parser::new_ext(markdown, options()) {
            match event {
                Event::Start(Tag::Table(_) | Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock) => skip += 1,
                Event::End(TagEnd::Table | TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock) => skip = skip.saturating_sub(1),
                Event::Start(Tag::FootnoteDefinition(_)) => in_footnote += 1,
                Event::End(TagEnd::FootnoteDefinition) => in_footnote = in_footnote.saturating_sub(1),
                _ if skip > 0 || in_footnote > 0 => {}
                Event::Start(Tag::Heading { .. }) => current = Some(("h", String::new())),
                Event::Start(Tag::Item) => current = Some(("li", String::new())),
                Event::Start(Tag::Paragraph) if current.is_none() => current = Some(("p", String::new())),
                Event::Start(Tag::Paragraph) => {}
                Event::End(TagEnd::Heading(_) | TagEnd::Item | TagEnd::Paragraph) => {
                    if let Some((kind, text)) = current.take() {
                        let text = collapse_whitespace(text);
                        if !text.is_empty() {
                            out.push(Block { kind, text });
                        }
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, text)) = &mut current {
                        text.push_str(&t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some((_, text)) = &mut current {
                        text.push(' ');
                    }
                }
                Event::TaskListMarker(done) => {
                    if let Some((_, text)) = &mut current {
                        text.push_str(if done { "☑ " } else { "☐ " });
                    }
                }
                _ => {}
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn collapsed_white_space_is_split_and_joined(text in "[ a\u{a0}\u{85}\u{1680}\u{3000}\u{2009}\u{2028}\u{202f}\u{205f}ạế—“…\t\n\r\u{b}\u{c}.]{0,24}") {
            proptest::prop_assert_eq!(collapse_whitespace(text.clone()), text.split_whitespace().collect::<Vec<_>>().join(" "));
        }

        #[test]
        fn packed_blocks_are_the_blocks_of_the_parse(
            lines in proptest::collection::vec("(#{1,2} |- |  - |- # |1. |   |> |- \\[x\\] |    |\\| |```|\\[\\^1\\]: )?([ ạa*_`!\\[\\]()\u{a0}\t|-]|x\\.|<b>|<div>|\\[\\^1\\]){0,12}", 0..10)
        ) {
            let markdown = lines.join("\n");
            proptest::prop_assert_eq!(text_blocks(&markdown), reference_blocks(&markdown));
            let (_, blocks) = render_with_blocks(&markdown, &NoLinks);
            proptest::prop_assert_eq!(blocks.unpack(), reference_blocks(&markdown));
        }
    }

    #[test]
    fn blocks_come_from_the_rendering_parse() {
        let md = concat!(
            "# Tiêu đề\n\nĐoạn   một,\ndòng hai.\n\n- Mục một\n  - Mục lồng\n- [x] Xong\n\n",
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n```yaml\na: 1\n```\n\n> Trích dẫn[^1]\n\n[^1]: Ghi chú.\n\n",
            "1. Bước một\n\n   Đoạn trong mục.\n\n![ảnh](a.png)\n\n<div>thô</div>\n\n- # Tiêu đề trong mục\n",
        );
        let (rendered, blocks) = render_with_blocks(md, &NoLinks);
        assert_eq!(rendered.html, render(md, &NoLinks).html);
        let blocks = blocks.unpack();
        assert_eq!(blocks, reference_blocks(md));
        assert_eq!(blocks, text_blocks(md));
        assert!(blocks.iter().any(|b| b.kind == "li" && b.text == "☑ Xong"), "{blocks:?}");
        assert!(blocks.iter().any(|b| b.kind == "p" && b.text == "Đoạn một, dòng hai."), "{blocks:?}");
    }

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn word<'a>(&'a self, key: &'a str) -> &'a str {
            static THEME: std::sync::LazyLock<crate::render::strings::Strings> = std::sync::LazyLock::new(|| {
                crate::render::strings::Strings::parse(include_str!("../../themes/default/strings.yaml")).unwrap()
            });
            THEME.get(key)
        }

        fn resolve(&self, dest: &str) -> Result<Option<String>, crate::i18n::Message> {
            if dest.ends_with("missing.md") {
                Err(crate::msg!("link-missing-page", dest = dest, target = dest))
            } else if dest.ends_with(".md") {
                Ok(Some("/cchc/tin-tuc/a/".into()))
            } else {
                Ok(None)
            }
        }
    }

    #[test]
    fn extensions_are_on() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~cũ~~ mới[^1]\n\n- [x] xong\n\n[^1]: Ghi chú.\n";
        let html = render(md, &NoLinks).html;
        assert!(html.contains("<div class=\"table-wrap\""), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>cũ</del>"), "{html}");
        assert!(html.contains("<span class=\"task\" role=\"img\" aria-label=\"Đã hoàn thành\">☑</span>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
    }

    #[test]
    fn table_alignment_is_a_class() {
        let html = render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n", &NoLinks).html;
        assert!(!html.contains("style="), "{html}");
        for expected in ["<th class=\"left\">a", "<th class=\"center\">b", "<td class=\"num\">3"] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
    }

    #[test]
    fn headings_get_unique_vietnamese_ids() {
        let html = render("## Kết quả nổi bật\n\n## Kết quả nổi bật\n\n## Khác {#rieng}\n", &NoLinks).html;
        assert!(html.contains("<h2 id=\"ket-qua-noi-bat\">"), "{html}");
        assert!(html.contains("<h2 id=\"ket-qua-noi-bat-1\">"), "{html}");
        assert!(html.contains("<h2 id=\"rieng\">"), "{html}");
    }

    #[test]
    fn links_are_resolved_and_missing_ones_reported() {
        let md = "Xem [bài](a.md) và [bài khác](missing.md).\n";
        let out = render(md, &NoLinks);
        assert!(out.html.contains("<a href=\"/cchc/tin-tuc/a/\" data-url=\"/cchc/tin-tuc/a/\">bài</a>"), "{}", out.html);
        assert_eq!(out.problems.len(), 1);
        assert_eq!(&md[out.problems[0].range.clone()], "[bài khác](missing.md)");
    }

    #[test]
    fn fenced_code_is_highlighted() {
        let html = render("```yaml\na: 1\n```\n", &NoLinks).html;
        assert!(html.contains("<pre class=\"code\""), "{html}");
        assert!(html.contains("hl-"), "{html}");
    }

    #[test]
    fn images_need_alt_text() {
        let out = render("![](x.png) ![Biểu đồ](y.png)\n", &NoLinks);
        assert!(out.html.contains("<img src=\"y.png\" alt=\"Biểu đồ\" loading=\"lazy\">"), "{}", out.html);
        assert_eq!(out.problems.len(), 1);
        assert!(!out.problems[0].is_error);
    }

    #[test]
    fn other_white_space_is_found_by_its_bytes_as_char_is_whitespace_finds_it() {
        for c in (0x80u32..0x3100).filter_map(char::from_u32) {
            let mut buffer = [0; 4];
            let bytes = c.encode_utf8(&mut buffer).as_bytes();
            assert_eq!(is_other_white_space(bytes), c.is_whitespace(), "U+{:04X}", c as u32);
        }
    }
}
