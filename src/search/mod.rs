//! Site search (contract §8): the index model built from the site, and the
//! ranking that `search.js` runs in the browser on the same data.
//!
//! Documents are the published articles by path, then the pages in the
//! order of the site; a date edit leaves every number as it was. Equal
//! scores rank the newest first, then the pages (in their order), by each
//! document's [`SortKey`]; then by number. Every folded syllable
//! ("unigram") and every pair of syllables that stand together in a field
//! ("bigram") is a key; a key keeps, for each field (title; summary,
//! highlights and tags; body), the documents where it occurs, and for each
//! accented form it takes, the documents where that form occurs.
//! [`crate::output::search`] writes it in shards.

mod build;
pub mod docset;
pub mod fold;
pub mod live;

use crate::config::Config;
use crate::content::Document;
use crate::site::Site;
pub use docset::DocSet;
use fold::tokens;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Fields, best first.
pub const FIELDS: usize = 3;
/// Score of a word found in each field.
pub const FIELD_SCORE: [u32; FIELDS] = [3, 2, 1];
/// Score of two query words found side by side (plus the field score).
pub const PHRASE_SCORE: u32 = 10;
/// Score of a word (or pair) typed with accents, found with the same accents.
pub const ACCENT_SCORE: u32 = 4;
/// The shortest last word that is also taken as a prefix.
pub const MIN_PREFIX: usize = 2;

/// Where one key occurs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Posting {
    /// Documents per field.
    pub fields: [DocSet; FIELDS],
    /// Accented forms (lower case, NFC, bigrams joined by a space), with
    /// their documents; sorted by form.
    pub variants: Vec<(String, DocSet)>,
}

/// A document as the result list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocInfo {
    /// Site path (`tin-tuc/a/`).
    pub path: String,
    pub title: String,
    /// `2022-01-14`, empty for pages.
    pub date_iso: String,
    /// `14/01/2022`.
    pub date_short: String,
    pub areas: Vec<String>,
    /// The start of its text (summary, highlights, body), for snippets.
    pub excerpt: String,
}

/// What ranks documents of equal score: an article's publication time
/// (Unix seconds and nanoseconds), the newest first; `None` for a page,
/// after every article. Documents with equal keys rank by number.
pub type SortKey = Option<(i64, u32)>;

/// The whole index, in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    pub docs: Vec<DocInfo>,
    pub unigrams: BTreeMap<String, Posting>,
    pub bigrams: BTreeMap<String, Posting>,
    /// Per document, its [`SortKey`]; empty (every key `None`) when built
    /// from bare texts.
    pub keys: Vec<SortKey>,
}

/// How much text a result keeps for its snippet, in characters.
pub const EXCERPT_CHARS: usize = 600;

/// The text of one document, by field.
pub struct DocText {
    pub info: DocInfo,
    pub fields: [String; FIELDS],
}

impl Index {
    /// Indexes documents; their order is their number.
    pub fn build(texts: Vec<DocText>) -> Index {
        build::build(texts, |t| t)
    }

    /// Indexes the published articles and pages of a site.
    pub fn of_site(site: &Site) -> Index {
        let docs = documents(site);
        let keys = docs.iter().map(|d| sort_key(d)).collect();
        let mut index = build::build(docs, |doc| doc_text(&site.config, doc));
        index.keys = keys;
        index
    }

    /// The [`SortKey`] of document `doc`.
    pub fn key(&self, doc: u32) -> SortKey {
        self.keys.get(doc as usize).copied().flatten()
    }

    /// Ranks the documents that match `query`, best first.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let words = tokens(query);
        if words.is_empty() {
            return Vec::new();
        }
        let prefix = query.chars().last().is_some_and(|c| c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c))
            && words.last().is_some_and(|w| w.folded.chars().count() >= MIN_PREFIX);
        let n = self.docs.len();
        // The postings each word may match: the last word as a prefix too.
        let matches: Vec<Vec<&Posting>> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if prefix && i == words.len() - 1 {
                    self.unigrams.range(w.folded.clone()..).take_while(|(k, _)| k.starts_with(&w.folded)).map(|(_, p)| p).collect()
                } else {
                    self.unigrams.get(&w.folded).into_iter().collect()
                }
            })
            .collect();
        let mut scores = vec![0u32; n];
        let mut count = vec![0usize; n];
        for postings in &matches {
            let mut best = vec![0u32; n];
            for p in postings {
                for (f, docs) in p.fields.iter().enumerate() {
                    for d in docs.iter() {
                        best[d as usize] = best[d as usize].max(FIELD_SCORE[f]);
                    }
                }
            }
            for d in 0..n {
                if best[d] > 0 {
                    count[d] += 1;
                    scores[d] += best[d];
                }
            }
        }
        for w in &words {
            if w.typed != w.folded
                && let Some(p) = self.unigrams.get(&w.folded)
            {
                add_accent(&mut scores, p, |form| form == w.typed);
            }
        }
        for pair in words.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let Some(p) = self.bigrams.get(&format!("{} {}", a.folded, b.folded)) else { continue };
            let mut best = vec![0u32; n];
            for (f, docs) in p.fields.iter().enumerate() {
                for d in docs.iter() {
                    best[d as usize] = best[d as usize].max(PHRASE_SCORE + FIELD_SCORE[f]);
                }
            }
            for d in 0..n {
                scores[d] += best[d];
            }
            if a.typed != a.folded || b.typed != b.folded {
                add_accent(&mut scores, p, |form| {
                    let (x, y) = form.split_once(' ').unwrap_or((form, ""));
                    (a.typed == a.folded || x == a.typed) && (b.typed == b.folded || y == b.typed)
                });
            }
        }
        let mut hits: Vec<Hit> = (0..n).filter(|&d| count[d] == words.len()).map(|d| Hit { doc: d as u32, score: scores[d] }).collect();
        // Keys descending: `None` (pages) after every article.
        hits.sort_by(|x, y| y.score.cmp(&x.score).then(self.key(y.doc).cmp(&self.key(x.doc))).then(x.doc.cmp(&y.doc)));
        hits
    }
}

/// Adds [`ACCENT_SCORE`] once to each document that has a form `wanted` accepts.
fn add_accent(scores: &mut [u32], p: &Posting, wanted: impl Fn(&str) -> bool) {
    let mut seen = vec![false; scores.len()];
    for (form, docs) in &p.variants {
        if wanted(form) {
            for d in docs.iter() {
                seen[d as usize] = true;
            }
        }
    }
    for (s, hit) in scores.iter_mut().zip(seen) {
        if hit {
            *s += ACCENT_SCORE;
        }
    }
}

/// The documents of a site's index, in the order of their numbers: the
/// published articles by path (the order the site gives articles of the
/// same date), then the pages in the site's order. A date edit changes no
/// number; only an added, removed or renamed article (or a page moving
/// among the pages) does.
pub fn documents(site: &Site) -> Vec<&Arc<Document>> {
    let mut articles: Vec<&Arc<Document>> = site.articles.iter().map(|a| a.doc()).collect();
    articles.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    articles.into_iter().chain(&site.pages).collect()
}

/// A document's [`SortKey`].
pub fn sort_key(doc: &Document) -> SortKey {
    doc.date.filter(|_| doc.is_article()).map(|t| (t.timestamp(), t.timestamp_subsec_nanos()))
}

/// What the index reads of a document.
pub fn doc_text(config: &Config, doc: &Document) -> DocText {
    let body = markdown_text(&doc.body);
    let mut middle = doc.summary.clone();
    for h in doc.highlights.iter().chain(&doc.tags) {
        middle.push_str(" \n");
        middle.push_str(h);
    }
    let excerpt = excerpt(&[&middle, &body]);
    let (date_iso, date_short) = match &doc.date {
        Some(t) => (t.with_timezone(&crate::dates::vietnam()).format("%Y-%m-%d").to_string(), crate::dates::short_vi(t)),
        None => (String::new(), String::new()),
    };
    DocText {
        info: DocInfo {
            path: doc.path.clone(),
            title: doc.title.clone(),
            date_iso,
            date_short,
            areas: doc.areas.iter().map(|&a| config.areas[a].name.clone()).collect(),
            excerpt,
        },
        fields: [doc.title.clone(), middle, body],
    }
}

/// When a stage of the build started, for [`report_time`].
#[derive(Debug, Clone, Copy)]
pub struct Started {
    wall: std::time::Instant,
    cpu: Option<u64>,
}

/// Starts timing a stage.
pub fn start() -> Started {
    Started { wall: std::time::Instant::now(), cpu: cpu_ms() }
}

/// The CPU time (user and system, all threads) of this process so far, in
/// milliseconds, where `/proc` tells it.
fn cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces): utime and
    // stime are the 14th and 15th, in ticks of 10 ms.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split(' ').skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) * 10)
}

/// With `LOA_TIMINGS` set (to anything but `0`), prints how long a stage of
/// the build took to stderr as `loa-timings: <stage> <ms> ms`, then the CPU
/// time it used as `loa-timings: <stage>-cpu <ms> ms` (for
/// `bench/build.sh`; fixed, unlocalised lines that scripts read). The CPU
/// time is the process's, so it is the stage's only when nothing else runs
/// meanwhile, as for the search index.
pub fn report_time(stage: &str, started: Started) {
    if std::env::var_os("LOA_TIMINGS").is_some_and(|v| v != "0") {
        eprintln!("loa-timings: {stage} {} ms", started.wall.elapsed().as_millis());
        if let (Some(before), Some(now)) = (started.cpu, cpu_ms()) {
            eprintln!("loa-timings: {stage}-cpu {} ms", now - before);
        }
    }
}

/// One matching document and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    pub score: u32,
}

/// The readable text of Markdown: text and inline code, one space between
/// blocks; code blocks and HTML left out.
pub fn markdown_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    let mut in_code = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) if !in_code => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(_) if !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }
    let len = out.trim_end().len();
    out.truncate(len);
    out
}

/// The first [`EXCERPT_CHARS`] characters of the words of `texts` (as
/// [`str::split_whitespace`] splits them), cut after a word, joined by
/// single spaces.
pub fn excerpt(texts: &[&str]) -> String {
    // Room for the whole excerpt of a text of two-byte letters, at once;
    // what is left over is given back at the end, as the excerpts are kept.
    let mut out = String::with_capacity(2 * EXCERPT_CHARS);
    let mut chars = 0;
    for text in texts {
        let bytes = text.as_bytes();
        let mut at = 0;
        // Each word is found, and its characters counted, in one pass over
        // its bytes; a character is decoded only from a byte above ASCII.
        loop {
            while let Some(&b) = bytes.get(at) {
                let (is_space, len) = space_at(text, at, b);
                if !is_space {
                    break;
                }
                at += len;
            }
            if at == bytes.len() {
                break;
            }
            let (start, mut len) = (at, 0);
            while let Some(&b) = bytes.get(at) {
                let (is_space, size) = space_at(text, at, b);
                if is_space {
                    break;
                }
                at += size;
                len += 1;
            }
            if chars + len > EXCERPT_CHARS {
                out.push('…');
                out.shrink_to_fit();
                return out;
            }
            if !out.is_empty() {
                out.push(' ');
                chars += 1;
            }
            out.push_str(&text[start..at]);
            chars += len;
        }
    }
    out.shrink_to_fit();
    out
}

/// Whether the character at byte `at` of `text` (whose first byte is `b`)
/// is white space, and its length in bytes.
#[inline]
fn space_at(text: &str, at: usize, b: u8) -> (bool, usize) {
    if b < 0x80 {
        (matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'), 1)
    } else {
        let c = text[at..].chars().next().expect("a character starts here");
        (c.is_whitespace(), c.len_utf8())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn doc(title: &str, middle: &str, body: &str) -> DocText {
        DocText {
            info: DocInfo {
                path: format!("{}/", fold::fold(title).replace(' ', "-")),
                title: title.into(),
                date_iso: String::new(),
                date_short: String::new(),
                areas: Vec::new(),
                excerpt: String::new(),
            },
            fields: [title.into(), middle.into(), body.into()],
        }
    }

    fn titles(index: &Index, query: &str) -> Vec<String> {
        index.search(query).iter().map(|h| index.docs[h.doc as usize].title.clone()).collect()
    }

    #[test]
    fn every_word_is_required_whatever_the_accents() {
        let index =
            Index::build(vec![doc("Chuyển đổi số ở phường", "", ""), doc("Theo dõi số liệu", "", "đổi mới"), doc("Họp giao ban", "", "")]);
        assert_eq!(titles(&index, "chuyen doi so"), ["Chuyển đổi số ở phường"]);
        assert_eq!(titles(&index, "CHUYỂN ĐỔI SỐ"), ["Chuyển đổi số ở phường"]);
        let nfd: String = "chuyển đổi số".nfd().collect();
        assert_eq!(titles(&index, &nfd), ["Chuyển đổi số ở phường"]);
        assert!(titles(&index, "giao ban xyz ").is_empty());
        assert_eq!(titles(&index, "doi so").len(), 2);
    }

    #[test]
    fn d_with_stroke_matches_d_only() {
        let index = Index::build(vec![doc("Chính quyền điện tử", "", ""), doc("Diễn đàn", "", "tuyên truyền")]);
        assert_eq!(titles(&index, "dien tu"), ["Chính quyền điện tử", "Diễn đàn"]);
        assert_eq!(titles(&index, "dien tu "), ["Chính quyền điện tử"]);
    }

    #[test]
    fn words_side_by_side_rank_first() {
        let index = Index::build(vec![
            // Newest: both words, apart, in the title.
            doc("Tuyên truyền về điện thoại", "", ""),
            doc("Ứng dụng", "", "Chính quyền điện tử đi vào cuộc sống"),
        ]);
        assert_eq!(titles(&index, "dien tu"), ["Ứng dụng", "Tuyên truyền về điện thoại"]);
        assert_eq!(titles(&index, "điện tử"), ["Ứng dụng", "Tuyên truyền về điện thoại"]);
    }

    #[test]
    fn typed_accents_rank_the_same_accents_first() {
        let index = Index::build(vec![doc("Số mà số không rõ", "", ""), doc("Cấp mã số thuế", "", ""), doc("Máy số hóa", "", "")]);
        // Without accents: both pairs are phrases, the newest first; "máy" is
        // not "ma" (the prefix is the last word only).
        assert_eq!(titles(&index, "ma so"), ["Số mà số không rõ", "Cấp mã số thuế"]);
        assert_eq!(titles(&index, "mã số"), ["Cấp mã số thuế", "Số mà số không rõ"]);
        assert_eq!(titles(&index, "mã so"), ["Cấp mã số thuế", "Số mà số không rõ"]);
        assert_eq!(titles(&index, "mà số"), ["Số mà số không rõ", "Cấp mã số thuế"]);
    }

    #[test]
    fn title_over_summary_over_body_then_newest() {
        let index = Index::build(vec![
            doc("A", "", "một cửa liên thông"),
            doc("B", "một cửa liên thông", ""),
            doc("C", "", "một cửa liên thông"),
            doc("Một cửa liên thông", "", ""),
        ]);
        assert_eq!(titles(&index, "mot cua lien thong"), ["Một cửa liên thông", "B", "A", "C"]);
    }

    #[test]
    fn the_last_word_may_be_a_prefix_and_numbers_are_words() {
        let index = Index::build(vec![doc("PAR INDEX 2021", "", ""), doc("Dịch vụ công trực tuyến", "", "")]);
        assert_eq!(titles(&index, "dich vu cong truc tuy"), ["Dịch vụ công trực tuyến"]);
        assert!(titles(&index, "dich vu cong truc tuy ").is_empty());
        assert_eq!(titles(&index, "par index 2021"), ["PAR INDEX 2021"]);
        assert_eq!(titles(&index, "202"), ["PAR INDEX 2021"]);
        assert!(titles(&index, "2").is_empty());
    }

    #[test]
    fn equal_scores_rank_by_key_newest_first_then_pages_then_number() {
        let mut index = Index::build(vec![
            doc("Họp báo một", "", ""),
            doc("Họp báo hai", "", ""),
            doc("Họp báo ba", "", ""),
            doc("Họp báo bốn", "", ""),
            doc("Giới thiệu họp báo", "", ""),
        ]);
        // Numbers are not dates: "ba" is the newest, "một" and "bốn" were
        // published in the same second (the lower number first), the page last.
        index.keys = vec![Some((1_648_000_000, 0)), Some((1_648_000_000, 5)), Some((1_700_000_000, 0)), Some((1_648_000_000, 0)), None];
        assert_eq!(titles(&index, "hop bao"), ["Họp báo ba", "Họp báo hai", "Họp báo một", "Họp báo bốn", "Giới thiệu họp báo"]);
        // The score first: "hai" alone has the word.
        assert_eq!(titles(&index, "hai"), ["Họp báo hai"]);
    }

    /// The excerpt as its definition reads, on `split_whitespace`.
    fn reference_excerpt(texts: &[&str]) -> String {
        let mut out = String::new();
        let mut chars = 0;
        for word in texts.iter().flat_map(|t| t.split_whitespace()) {
            let len = word.chars().count();
            if chars + len > EXCERPT_CHARS {
                out.push('…');
                break;
            }
            if !out.is_empty() {
                out.push(' ');
                chars += 1;
            }
            out.push_str(word);
            chars += len;
        }
        out
    }

    #[test]
    fn excerpts_split_as_split_whitespace_does() {
        let text = "  Một\tcửa\u{a0}liên\u{2003}thông\r\n\u{b}x\u{c}y\u{85}z\u{3000}— ok  ";
        assert_eq!(excerpt(&[text, text]), reference_excerpt(&[text, text]));
        assert_eq!(excerpt(&[text, ""]), "Một cửa liên thông x y z — ok");
        assert_eq!(excerpt(&["", " \n "]), "");
        // Texts cut at every length around the limit, by words of one to
        // four bytes a character, and spaces of one to three.
        let pieces = ["một", "a", "cửa", "\u{1f600}x", " ", "\n\n", "\u{3000}", "đổi", "số", "\u{a0}"];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..300 {
            let mut text = String::new();
            while text.chars().count() < EXCERPT_CHARS + 40 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
                if text.chars().count() > EXCERPT_CHARS - 40 {
                    let cut = text.clone();
                    let half = cut.char_indices().nth(cut.chars().count() / 2).map_or(0, |(i, _)| i);
                    let texts = [&cut[..half], &cut[half..]];
                    assert_eq!(excerpt(&texts), reference_excerpt(&texts), "{cut:?}");
                }
            }
        }
    }

    #[test]
    fn markdown_text_keeps_words_and_drops_code_blocks() {
        let text = markdown_text("# Tiêu đề\n\nĐoạn **một** với `mã`.\n\n```yaml\nkey: value\n```\n\n- mục");
        assert_eq!(fold::fold(&text), "tieu de doan mot voi ma muc");
    }
}
