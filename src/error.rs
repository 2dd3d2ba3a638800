//! Diagnostics: one error type with a path, an optional line and column, and a hint.
//!
//! Every stage pushes its problems into [`Diagnostics`] and keeps going, so a run
//! reports every broken file at once. A message is an id and arguments
//! ([`Message`]), rendered in the reader's language only when printed.
//! Nothing here does I/O.

use crate::i18n::{Lang, Message};
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop the build between stages, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(line: usize, column: usize) -> Self {
        Location { line, column }
    }

    /// Shifts a location found inside an embedded text (front matter, a Markdown
    /// body) to the file it came from; `first_line` is the file line of the text's
    /// first line.
    pub fn offset_lines(self, first_line: usize) -> Self {
        Location { line: self.line + first_line - 1, column: self.column }
    }
}

/// One problem in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Relative to the site root, with `/` separators.
    pub path: PathBuf,
    pub location: Option<Location>,
    /// What is wrong, quoting the offending value.
    pub message: Message,
    /// The fix, printed in parentheses.
    pub hint: Option<Message>,
    /// The offending line of the input, printed under the message with a caret
    /// at the column.
    pub quote: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, location: Option<Location>, message: impl Into<Message>) -> Self {
        Diagnostic { severity: Severity::Error, path: path.into(), location, message: message.into(), hint: None, quote: None }
    }

    pub fn warning(path: impl Into<PathBuf>, location: Option<Location>, message: impl Into<Message>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, location, message) }
    }

    pub fn with_hint<M: Into<Message>>(mut self, hint: Option<M>) -> Self {
        self.hint = hint.map(Into::into);
        self
    }

    /// Quotes line `location.line` of `text` (the whole file) under the message.
    pub fn with_quote_from(mut self, text: &str) -> Self {
        if let Some(loc) = self.location {
            self.quote = text.lines().nth(loc.line.saturating_sub(1)).map(|l| l.trim_end().to_string());
        }
        self
    }

    /// The first line as printed in `lang`: `error: path:line:col: message (hint)`.
    pub fn render(&self, lang: Lang) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{label}: {}", display_path(&self.path));
        if let Some(loc) = self.location {
            out.push_str(&format!(":{}:{}", loc.line, loc.column));
        }
        out.push_str(": ");
        out.push_str(&self.message.render(lang));
        if let Some(hint) = &self.hint {
            out.push_str(&format!(" ({})", hint.render(lang)));
        }
        out
    }

    /// The quoted line with a caret under the column, when there is one.
    pub fn render_quote(&self) -> Option<String> {
        let (quote, loc) = (self.quote.as_ref()?, self.location?);
        let number = loc.line.to_string();
        let pad = " ".repeat(number.len());
        let caret_at: String = quote.chars().take(loc.column.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
        Some(format!("  {number} | {quote}\n  {pad} | {caret_at}^"))
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// English, one line: what tests and logs compare.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A path as users see it: forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Every problem of a run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorted by path, then line and column, errors before warnings at one place;
    /// exact duplicates removed.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut all = self.0.clone();
        all.sort_by(|a, b| (&a.path, a.location, a.severity, &a.message).cmp(&(&b.path, b.location, b.severity, &b.message)));
        all.dedup();
        all
    }

    /// The report in English, one line per problem, then a count (what tests compare).
    pub fn report(&self) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.to_string());
            out.push('\n');
        }
        if !self.is_empty() {
            out.push_str(&self.summary(Lang::En));
            out.push('\n');
        }
        out
    }

    /// The report as printed for people: each problem in `lang` with its quoted
    /// line, the count, and the sections of the editors' guide that explain them.
    pub fn report_in(&self, lang: Lang) -> String {
        let mut out = String::new();
        let mut ids: Vec<&'static str> = Vec::new();
        for d in self.sorted() {
            out.push_str(&d.render(lang));
            out.push('\n');
            if let Some(quote) = d.render_quote() {
                out.push_str(&quote);
                out.push('\n');
            }
            if !ids.contains(&d.message.id) {
                ids.push(d.message.id);
            }
        }
        if !self.is_empty() {
            out.push_str(&self.summary(lang));
            out.push('\n');
            let sections = ids.iter().map(|id| format!("#{id}")).collect::<Vec<_>>().join(", ");
            out.push_str(&crate::msg!("guide-pointer", guide = crate::i18n::GUIDE, sections = sections).render(lang));
            out.push('\n');
        }
        out
    }

    /// "2 errors, 1 warning" in `lang`.
    pub fn summary(&self, lang: Lang) -> String {
        let (errors, warnings) = (self.error_count(), self.warning_count());
        let message = match (errors, warnings) {
            (0, w) => crate::msg!("summary-warnings", warnings = w),
            (e, 0) => crate::msg!("summary-errors", errors = e),
            (e, w) => crate::msg!("summary-both", errors = e, warnings = w),
        };
        message.render(lang)
    }

    /// Quotes the offending line of `text` under every problem that has a
    /// position and no quote yet; `text` is the whole file they point into.
    pub fn quote_lines(&mut self, text: &str) {
        for d in &mut self.0 {
            if d.quote.is_none() && d.location.is_some() {
                *d = d.clone().with_quote_from(text);
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The 1-based line and column of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> Location {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Location { line, column }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// "did you mean …?" for a misspelt key: the closest candidate within a small
/// edit distance, compared case- and separator-insensitively.
pub fn did_you_mean<'a>(value: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<Message> {
    let wanted = normalize_key(value);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&wanted, &normalize_key(candidate));
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    let (distance, candidate) = best?;
    let limit = (wanted.chars().count() / 3).max(2);
    (distance <= limit).then(|| crate::msg!("hint-did-you-mean", candidate = candidate))
}

fn normalize_key(key: &str) -> String {
    crate::slug::slugify(key)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current[j + 1] = (previous[j + 1] + 1).min(current[j] + 1).min(previous[j] + cost);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_path_line_column_and_hint() {
        let d = Diagnostic::error("content/a.md", Some(Location::new(4, 8)), crate::msg!("unknown-area", key = "the_che"))
            .with_hint(did_you_mean("the_che", ["the-che"]));
        assert_eq!(d.to_string(), "error: content/a.md:4:8: unknown area \"the_che\" (did you mean \"the-che\"?)");
        assert_eq!(
            d.render(Lang::Vi),
            "error: content/a.md:4:8: lĩnh vực \"the_che\" chưa được khai báo trong site.yaml (có phải \"the-che\"?)"
        );
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nđây: x\n";
        assert_eq!(line_col(text, 0), Location::new(1, 1));
        assert_eq!(line_col(text, 3), Location::new(2, 1));
        // "đây: " is 5 characters but 8 bytes.
        assert_eq!(line_col(text, 3 + "đây: ".len()), Location::new(2, 6));
    }

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["the-che", "cong-vu", "tai-chinh-cong"];
        assert_eq!(did_you_mean("the_che", keys).map(|m| m.to_string()).as_deref(), Some("did you mean \"the-che\"?"));
        assert_eq!(did_you_mean("cong-vuu", keys).map(|m| m.to_string()).as_deref(), Some("did you mean \"cong-vu\"?"));
        assert_eq!(did_you_mean("xyzxyzxyz", keys), None);
    }

    #[test]
    fn report_sorts_and_counts() {
        let mut diags = Diagnostics::new();
        diags.push(Diagnostic::warning("b.md", Some(Location::new(1, 1)), crate::msg!("unknown-key", key = "w")));
        diags.push(Diagnostic::error("a.md", Some(Location::new(9, 1)), crate::msg!("unknown-area", key = "e2")));
        diags.push(Diagnostic::error("a.md", Some(Location::new(2, 1)), crate::msg!("unknown-area", key = "e1")));
        assert_eq!(
            diags.report(),
            "error: a.md:2:1: unknown area \"e1\"\nerror: a.md:9:1: unknown area \"e2\"\nwarning: b.md:1:1: unknown key \"w\"\n2 errors, 1 warning\n"
        );
        assert!(
            diags
                .report_in(Lang::Vi)
                .ends_with("2 lỗi, 1 cảnh báo\nXem cách sửa trong docs/huong-dan-bien-tap.md, mục #unknown-area, #unknown-key\n")
        );
    }

    #[test]
    fn quotes_the_line_with_a_caret() {
        let text = "---\ntitle: Họp báo quý I: kết quả\n---\n";
        let d = Diagnostic::error("a.md", Some(Location::new(2, 21)), crate::msg!("unknown-key", key = "x")).with_quote_from(text);
        assert_eq!(d.render_quote().unwrap(), "  2 | title: Họp báo quý I: kết quả\n    |                     ^");
    }
}
