//! The theme's own wording: interface strings ("Trang chủ", "Lĩnh vực", page
//! titles and descriptions) in `strings.yaml` of the theme, so that a district
//! changes a word without recompiling. The built-in theme's file gives every
//! key; a site theme's `strings.yaml` replaces the keys it names. Values may
//! hold `{name}` placeholders filled from the data (`{count}` areas).

use std::collections::BTreeMap;

/// Key → text.
#[derive(Debug, Clone, Default)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// Parses a `strings.yaml` text (a flat mapping of keys to text).
    pub fn parse(text: &str) -> Result<Strings, serde_yaml::Error> {
        if text.trim().is_empty() {
            return Ok(Strings::default());
        }
        serde_yaml::from_str(text).map(Strings)
    }

    /// Keys of `other` replace these.
    pub fn extend(&mut self, other: Strings) {
        self.0.extend(other.0);
    }

    /// The text of `key`; the key itself when no file names it.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The text of `key` with `{name}` placeholders filled.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// Every key and text, for the templates (`{{ strings.home }}`).
    pub fn all(&self) -> &BTreeMap<String, String> {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_file_replaces_the_keys_it_names_and_counts_fill_in() {
        let mut strings = Strings::parse("home: Trang chủ\nareas_description: \"{count} lĩnh vực\"\n").unwrap();
        strings.extend(Strings::parse("home: Trang đầu\n").unwrap());
        assert_eq!(strings.get("home"), "Trang đầu");
        assert_eq!(strings.fill("areas_description", &[("count", "7")]), "7 lĩnh vực");
        assert_eq!(strings.get("missing"), "missing");
    }
}
