//! Reads a Word document (`.docx`: a zip of WordprocessingML parts) into
//! Markdown: headings, paragraphs, bold and italic, bulleted and numbered
//! lists, tables, links and pictures. Counts what Markdown cannot carry
//! (comments, tracked changes, text boxes) and legacy-font text it converted.
//! Reads only the bytes it is given; writing is the caller's job.

use crate::legacy_vn::{self, Legacy};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::Read;

/// What a document became.
#[derive(Debug, Default)]
pub struct Converted {
    /// The first heading, or the first line.
    pub title: String,
    /// The rest, as Markdown.
    pub markdown: String,
    /// Pictures to write beside the article: file name and bytes.
    pub pictures: Vec<(String, Vec<u8>)>,
    /// File names of pictures without alt text.
    pub pictures_without_alt: Vec<String>,
    pub comments: usize,
    pub tracked_changes: usize,
    pub text_boxes: usize,
    /// Runs typed in a TCVN3 or VNI font, converted to Unicode.
    pub legacy_runs: usize,
}

/// Why a file could not be read as a Word document.
#[derive(Debug)]
pub enum ReadError {
    /// Not a zip, or no `word/document.xml`: not a `.docx`.
    NotDocx(String),
    /// A part is not well-formed XML.
    Xml(String),
}

/// An XML element with its attributes (local names), text and children.
#[derive(Debug, Default, Clone)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn attr(&self, local: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == local).map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every descendant named `name`, depth first.
    fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            }
            c.find_all(name, out);
        }
    }

    fn count(&self, name: &str) -> usize {
        let mut all = Vec::new();
        self.find_all(name, &mut all);
        all.len()
    }
}

fn local(name: &str) -> String {
    name.rsplit_once(':').map_or(name, |(_, l)| l).to_string()
}

fn element(e: &BytesStart) -> Node {
    let attrs = e
        .attributes()
        .filter_map(Result::ok)
        .map(|a| {
            let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map(|v| v.into_owned()).unwrap_or_default();
            (local(a.key.as_ref()), value)
        })
        .collect();
    Node { name: local(e.name().as_ref()), attrs, ..Node::default() }
}

fn parse_xml(text: &str) -> Result<Node, ReadError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack = vec![Node::default()];
    loop {
        let event = reader.read_event().map_err(|e| ReadError::Xml(e.to_string()))?;
        match event {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let node = element(&e);
                stack.last_mut().expect("the root stays").children.push(node);
            }
            Event::End(_) => {
                let node = stack.pop().expect("balanced");
                stack.last_mut().ok_or_else(|| ReadError::Xml("unbalanced tags".into()))?.children.push(node);
            }
            Event::Text(t) => stack.last_mut().expect("the root stays").text.push_str(&t.xml10_content()),
            Event::CData(t) => stack.last_mut().expect("the root stays").text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&r).unwrap_or("").to_string(),
                };
                stack.last_mut().expect("the root stays").text.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
        if stack.is_empty() {
            return Err(ReadError::Xml("unbalanced tags".into()));
        }
    }
    let mut root = stack.pop().ok_or_else(|| ReadError::Xml("empty".into()))?;
    Ok(if root.children.len() == 1 { root.children.remove(0) } else { root })
}

/// The parts of a `.docx` this reader uses.
struct Package {
    files: HashMap<String, Vec<u8>>,
}

impl Package {
    fn open(bytes: &[u8]) -> Result<Package, ReadError> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| ReadError::NotDocx(e.to_string()))?;
        let mut files = HashMap::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).map_err(|e| ReadError::NotDocx(e.to_string()))?;
            if !file.is_file() {
                continue;
            }
            let name = file.name().map_err(|e| ReadError::NotDocx(e.to_string()))?.into_owned();
            let mut data = Vec::new();
            file.read_to_end(&mut data).map_err(|e| ReadError::NotDocx(e.to_string()))?;
            files.insert(name, data);
        }
        if !files.contains_key("word/document.xml") {
            return Err(ReadError::NotDocx("no word/document.xml".into()));
        }
        Ok(Package { files })
    }

    fn xml(&self, name: &str) -> Result<Option<Node>, ReadError> {
        match self.files.get(name) {
            Some(bytes) => parse_xml(&String::from_utf8_lossy(bytes)).map(Some),
            None => Ok(None),
        }
    }
}

/// Relationship id → (target, is external).
fn relationships(package: &Package) -> Result<HashMap<String, (String, bool)>, ReadError> {
    let mut rels = HashMap::new();
    if let Some(root) = package.xml("word/_rels/document.xml.rels")? {
        for r in root.children.iter().filter(|c| c.name == "Relationship") {
            if let (Some(id), Some(target)) = (r.attr("Id"), r.attr("Target")) {
                rels.insert(id.to_string(), (target.to_string(), r.attr("TargetMode") == Some("External")));
            }
        }
    }
    Ok(rels)
}

/// Style id → heading level (0 for the title style).
fn heading_styles(package: &Package) -> Result<HashMap<String, usize>, ReadError> {
    let mut levels = HashMap::new();
    if let Some(root) = package.xml("word/styles.xml")? {
        for style in root.children.iter().filter(|c| c.name == "style") {
            let (Some(id), Some(name)) = (style.attr("styleId"), style.child("name").and_then(|n| n.attr("val"))) else { continue };
            if let Some(level) = heading_level(name).or_else(|| heading_level(id)) {
                levels.insert(id.to_string(), level);
            }
        }
    }
    Ok(levels)
}

fn heading_level(name: &str) -> Option<usize> {
    let lower = name.to_lowercase().replace(' ', "");
    if lower == "title" {
        return Some(0);
    }
    let digits = lower.strip_prefix("heading")?;
    digits.parse().ok().filter(|n| (1..=9).contains(n))
}

/// (numId, level) → is it a numbered list (else bullets).
fn numbering(package: &Package) -> Result<HashMap<(String, String), bool>, ReadError> {
    let mut formats = HashMap::new();
    let Some(root) = package.xml("word/numbering.xml")? else { return Ok(formats) };
    let mut abstract_levels: HashMap<String, Vec<(String, bool)>> = HashMap::new();
    for a in root.children.iter().filter(|c| c.name == "abstractNum") {
        let id = a.attr("abstractNumId").unwrap_or_default().to_string();
        let levels = a
            .children
            .iter()
            .filter(|c| c.name == "lvl")
            .map(|l| {
                let format = l.child("numFmt").and_then(|f| f.attr("val")).unwrap_or("bullet");
                (l.attr("ilvl").unwrap_or("0").to_string(), !matches!(format, "bullet" | "none"))
            })
            .collect();
        abstract_levels.insert(id, levels);
    }
    for n in root.children.iter().filter(|c| c.name == "num") {
        let (Some(num_id), Some(abstract_id)) = (n.attr("numId"), n.child("abstractNumId").and_then(|a| a.attr("val"))) else { continue };
        for (level, numbered) in abstract_levels.get(abstract_id).into_iter().flatten() {
            formats.insert((num_id.to_string(), level.clone()), *numbered);
        }
    }
    Ok(formats)
}

/// A piece of a paragraph with its formatting.
#[derive(Debug, Clone, PartialEq)]
struct Span {
    text: String,
    bold: bool,
    italic: bool,
    link: Option<String>,
}

struct Reader<'a> {
    package: &'a Package,
    rels: HashMap<String, (String, bool)>,
    headings: HashMap<String, usize>,
    lists: HashMap<(String, String), bool>,
    out: Converted,
    picture_names: HashMap<String, String>,
}

/// Converts the bytes of a `.docx` file.
pub fn convert(bytes: &[u8]) -> Result<Converted, ReadError> {
    let package = Package::open(bytes)?;
    let document = package.xml("word/document.xml")?.ok_or_else(|| ReadError::NotDocx("no word/document.xml".into()))?;
    let mut reader = Reader {
        rels: relationships(&package)?,
        headings: heading_styles(&package)?,
        lists: numbering(&package)?,
        package: &package,
        out: Converted::default(),
        picture_names: HashMap::new(),
    };
    reader.out.comments = document.count("commentReference");
    reader.out.tracked_changes = document.count("ins") + document.count("del");
    let body = document.child("body").cloned().unwrap_or_default();
    let mut blocks: Vec<String> = Vec::new();
    let mut title: Option<String> = None;
    let mut in_list = false;
    let has_heading = body.children.iter().any(|p| p.name == "p" && reader.paragraph_kind(p).0.is_some());
    for block in &body.children {
        match block.name.as_str() {
            "p" => {
                let (level, list) = reader.paragraph_kind(block);
                let text = reader.inline(block);
                if text.trim().is_empty() {
                    continue;
                }
                if title.is_none() && (level.is_some() || !has_heading) {
                    title = Some(plain(&text));
                    continue;
                }
                let line = match (level, list) {
                    (Some(level), _) => format!("{} {}", "#".repeat((level + 1).clamp(2, 6)), text.trim()),
                    (None, Some((depth, numbered))) => {
                        let marker = if numbered { "1." } else { "-" };
                        format!("{}{marker} {}", "   ".repeat(depth), text.trim())
                    }
                    (None, None) => text.trim().to_string(),
                };
                // Items of one list stay together; anything else is its own block.
                if list.is_some() && level.is_none() && in_list {
                    let last = blocks.last_mut().expect("a list block is open");
                    last.push('\n');
                    last.push_str(&line);
                } else {
                    blocks.push(line);
                }
                in_list = list.is_some() && level.is_none();
            }
            "tbl" => {
                blocks.push(reader.table(block));
                in_list = false;
            }
            _ => {}
        }
    }
    reader.out.title = title.unwrap_or_default();
    reader.out.markdown = blocks.join("\n\n") + "\n";
    Ok(reader.out)
}

/// Text without Markdown marks (for the title).
fn plain(markdown: &str) -> String {
    let mut out = String::new();
    let mut chars = markdown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '*' => {}
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Reader<'_> {
    /// Heading level and list (depth, numbered) of a paragraph.
    fn paragraph_kind(&self, p: &Node) -> (Option<usize>, Option<(usize, bool)>) {
        let Some(props) = p.child("pPr") else { return (None, None) };
        let level =
            props.child("pStyle").and_then(|s| s.attr("val")).and_then(|id| self.headings.get(id).copied().or_else(|| heading_level(id)));
        let list = props.child("numPr").and_then(|n| {
            let id = n.child("numId").and_then(|i| i.attr("val"))?;
            if id == "0" {
                return None;
            }
            let depth = n.child("ilvl").and_then(|i| i.attr("val")).unwrap_or("0");
            let numbered = self.lists.get(&(id.to_string(), depth.to_string())).copied().unwrap_or(false);
            Some((depth.parse().unwrap_or(0), numbered))
        });
        (level, list)
    }

    /// The Markdown of a paragraph's runs, links and pictures.
    fn inline(&mut self, p: &Node) -> String {
        let mut spans = Vec::new();
        let mut pictures = Vec::new();
        self.collect(p, None, &mut spans, &mut pictures);
        let mut out = render_spans(&spans);
        for picture in pictures {
            if !out.trim().is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&picture);
        }
        out
    }

    fn collect(&mut self, node: &Node, link: Option<&str>, spans: &mut Vec<Span>, pictures: &mut Vec<String>) {
        for child in &node.children {
            match child.name.as_str() {
                "r" => self.run(child, link, spans, pictures),
                "hyperlink" => {
                    let target =
                        child.attr("id").and_then(|id| self.rels.get(id)).filter(|(_, external)| *external).map(|(t, _)| t.clone());
                    self.collect(child, target.as_deref().or(link), spans, pictures);
                }
                // Inserted text is shown as Word shows it; deleted text is left out.
                "ins" | "smartTag" | "sdt" | "sdtContent" | "fldSimple" => self.collect(child, link, spans, pictures),
                "AlternateContent" => {
                    if let Some(choice) = child.child("Choice") {
                        self.collect(choice, link, spans, pictures);
                    }
                }
                _ => {}
            }
        }
    }

    fn run(&mut self, r: &Node, link: Option<&str>, spans: &mut Vec<Span>, pictures: &mut Vec<String>) {
        let props = r.child("rPr");
        let on = |name: &str| props.and_then(|p| p.child(name)).is_some_and(|b| !matches!(b.attr("val"), Some("0" | "false" | "off")));
        let (bold, italic) = (on("b"), on("i"));
        let font = props.and_then(|p| p.child("rFonts")).and_then(|f| f.attr("ascii").or(f.attr("hAnsi")).or(f.attr("cs")));
        let legacy: Option<Legacy> = font.and_then(legacy_vn::font_encoding);
        let mut text = String::new();
        for c in &r.children {
            match c.name.as_str() {
                "t" => text.push_str(&c.text),
                "tab" => text.push(' '),
                "br" | "cr" => text.push('\n'),
                "drawing" => pictures.extend(self.picture(c)),
                "AlternateContent" => {
                    if let Some(choice) = c.child("Choice") {
                        if choice.count("txbxContent") > 0 {
                            self.out.text_boxes += 1;
                        } else {
                            for d in choice.children.iter().filter(|d| d.name == "drawing") {
                                pictures.extend(self.picture(d));
                            }
                        }
                    }
                }
                "pict" if c.count("txbxContent") > 0 => self.out.text_boxes += 1,
                _ => {}
            }
        }
        if text.is_empty() {
            return;
        }
        if let Some(encoding) = legacy {
            text = legacy_vn::to_unicode(&text, encoding);
            self.out.legacy_runs += 1;
        }
        spans.push(Span { text, bold, italic, link: link.map(str::to_string) });
    }

    /// `![alt](file)` for a picture, its bytes kept for writing.
    fn picture(&mut self, drawing: &Node) -> Option<String> {
        if drawing.count("txbxContent") > 0 {
            self.out.text_boxes += 1;
            return None;
        }
        let mut blips = Vec::new();
        drawing.find_all("blip", &mut blips);
        let rel = blips.first()?.attr("embed")?;
        let (target, _) = self.rels.get(rel)?;
        let part = if let Some(abs) = target.strip_prefix('/') { abs.to_string() } else { format!("word/{target}") };
        let name = match self.picture_names.get(&part) {
            Some(name) => name.clone(),
            None => {
                let bytes = self.package.files.get(&part)?.clone();
                let ext = part.rsplit('.').next().unwrap_or("png").to_ascii_lowercase();
                let name = format!("hinh-{}.{ext}", self.out.pictures.len() + 1);
                self.out.pictures.push((name.clone(), bytes));
                self.picture_names.insert(part, name.clone());
                name
            }
        };
        let mut props = Vec::new();
        drawing.find_all("docPr", &mut props);
        let alt = props.first().and_then(|p| p.attr("descr").or(p.attr("title"))).map(str::trim).unwrap_or("");
        if alt.is_empty() {
            self.out.pictures_without_alt.push(name.clone());
        }
        let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
        Some(format!("![{}]({name})", escape(&alt)))
    }

    fn table(&mut self, table: &Node) -> String {
        let mut rows: Vec<Vec<String>> = Vec::new();
        for tr in table.children.iter().filter(|c| c.name == "tr") {
            let mut cells = Vec::new();
            for tc in tr.children.iter().filter(|c| c.name == "tc") {
                let texts: Vec<String> = tc
                    .children
                    .iter()
                    .filter(|c| c.name == "p")
                    .map(|p| self.inline(p).replace('\n', " ").trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect();
                cells.push(texts.join(" "));
            }
            rows.push(cells);
        }
        let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let line = |cells: &[String]| {
            let mut padded: Vec<String> = cells.to_vec();
            padded.resize(width, String::new());
            format!("| {} |", padded.join(" | "))
        };
        let mut out = Vec::new();
        let header = rows.first().cloned().unwrap_or_default();
        out.push(line(&header));
        out.push(format!("|{}", " --- |".repeat(width)));
        for row in rows.iter().skip(1) {
            out.push(line(row));
        }
        out.join("\n")
    }
}

/// Spans to Markdown: neighbours with the same formatting merged, marks kept
/// tight against the words (spaces outside `**`).
fn render_spans(spans: &[Span]) -> String {
    let mut merged: Vec<Span> = Vec::new();
    for span in spans {
        match merged.last_mut() {
            Some(last) if last.bold == span.bold && last.italic == span.italic && last.link == span.link => last.text.push_str(&span.text),
            _ => merged.push(span.clone()),
        }
    }
    let mut out = String::new();
    let mut i = 0;
    while i < merged.len() {
        // A link takes all the spans that share it.
        if let Some(url) = &merged[i].link {
            let mut inner = Vec::new();
            while i < merged.len() && merged[i].link.as_ref() == Some(url) {
                inner.push(Span { link: None, ..merged[i].clone() });
                i += 1;
            }
            out.push_str(&format!("[{}]({})", render_spans(&inner).trim(), url.replace(' ', "%20").replace(')', "%29")));
            continue;
        }
        let span = &merged[i];
        let mark = match (span.bold, span.italic) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        let text = escape(&span.text);
        let trimmed = text.trim();
        if mark.is_empty() || trimmed.is_empty() {
            out.push_str(&text);
        } else {
            let lead = &text[..text.len() - text.trim_start().len()];
            let tail = &text[text.trim_end().len()..];
            out.push_str(&format!("{lead}{mark}{trimmed}{mark}{tail}"));
        }
        i += 1;
    }
    out.lines().map(str::trim_end).collect::<Vec<_>>().join("  \n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, bold: bool, italic: bool) -> Span {
        Span { text: text.into(), bold, italic, link: None }
    }

    #[test]
    fn marks_hug_the_words_and_neighbours_merge() {
        let spans = [span("Kết quả ", false, false), span("quý ", true, false), span("I ", true, false), span("năm", false, true)];
        assert_eq!(render_spans(&spans), "Kết quả **quý I** *năm*");
    }

    #[test]
    fn links_and_escapes() {
        let spans = [
            span("Xem ", false, false),
            Span { text: "Cổng dịch vụ công".into(), bold: false, italic: false, link: Some("https://dichvucong.gov.vn/".into()) },
            span(" (mục *1*)", false, false),
        ];
        assert_eq!(render_spans(&spans), "Xem [Cổng dịch vụ công](https://dichvucong.gov.vn/) (mục \\*1\\*)");
    }

    #[test]
    fn heading_styles_by_name() {
        assert_eq!(heading_level("heading 2"), Some(2));
        assert_eq!(heading_level("Heading1"), Some(1));
        assert_eq!(heading_level("Title"), Some(0));
        assert_eq!(heading_level("Normal"), None);
    }
}
