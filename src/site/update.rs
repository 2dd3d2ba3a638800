//! Changing one article of a built model in place (`loa serve`): its place
//! among the articles, in its section's, areas', units', tags' and
//! activities' lists, the neighbours, the tags' names and the per-article
//! hashes, as [`super::build_site`] makes them from the changed content.
//!
//! Whatever it does not handle it refuses before changing anything (a
//! section that would appear or vanish, a reserved or taken address, an
//! unknown activity, a page or a hidden document): the caller then builds the
//! model afresh, which also reports the problems. No file I/O here.

use super::{Site, Tag};
use crate::content::Article;
use crate::urls;
use std::collections::BTreeMap;

/// A list of articles of the model, named so that the name outlives a
/// change of article indices (a tag by its slug, since tags come and go).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ListKey {
    Section(usize),
    Area(usize),
    Unit(usize),
    Tag(String),
    Activity(usize),
}

/// How one list changed: the pages showing positions `first..=last` may
/// differ (all of them when its length or name changed); the others show
/// the same articles in the same order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListChange {
    pub key: ListKey,
    pub first: usize,
    pub last: usize,
    pub old_len: usize,
    pub new_len: usize,
}

/// What replacing one article changed in the model.
#[derive(Debug, Clone, Default)]
pub struct Update {
    /// The article's index before and after (`None`: absent).
    pub old_index: Option<usize>,
    pub index: Option<usize>,
    /// Articles (indices after the change) whose own pages may show something
    /// else: the article, its neighbours before and after, and every article
    /// of a tag whose name changed.
    pub articles: Vec<usize>,
    pub lists: Vec<ListChange>,
    /// The article's site path before the change, when it had one.
    pub old_path: Option<String>,
}

impl Site {
    /// Replaces the published article at content path `rel` by `new`
    /// (`None`: it is gone), or adds `new` when there was none. `None`, with
    /// the model untouched, when the change is not one of those handled here.
    pub fn replace_article(&mut self, rel: &str, new: Option<Article>) -> Option<Update> {
        let old = self.articles.iter().position(|a| a.rel == rel);
        if old.is_none() && (new.is_none() || self.md_paths.contains_key(rel) || self.hidden.contains_key(rel)) {
            return None;
        }
        if let Some(n) = &new
            && !self.accepts(n, old)
        {
            return None;
        }
        if let Some(o) = old {
            let section = self.section_of(o)?;
            let stays = new.as_ref().is_some_and(|n| n.section == self.sections[section].key);
            // The section would vanish with its last article.
            if self.sections[section].index.is_none() && self.sections[section].articles.len() == 1 && !stays {
                return None;
            }
        }

        let mut keys: Vec<ListKey> = old.map(|o| self.list_keys(&self.articles[o])).unwrap_or_default();
        if let Some(n) = &new {
            keys.extend(self.list_keys(n));
        }
        keys.sort();
        keys.dedup();
        let before: Vec<(Option<usize>, usize)> = keys.iter().map(|k| self.position(k, old)).collect();
        let names: Vec<Option<String>> = keys.iter().map(|k| self.tag_name_of(k)).collect();
        let mut neighbours: Vec<usize> = old.map(|o| [self.older[o], self.newer[o]].into_iter().flatten().collect()).unwrap_or_default();
        let old_path = old.map(|o| self.articles[o].path.clone());
        let old_meta = old.map(|o| self.articles[o].meta_hash);

        if let Some(o) = old {
            self.remove_article(o);
            for n in &mut neighbours {
                if *n > o {
                    *n -= 1;
                }
            }
        }
        let index = new.map(|n| self.insert_article(n));
        if let Some(j) = index {
            for n in &mut neighbours {
                if *n >= j {
                    *n += 1;
                }
            }
        }
        self.tags.retain(|t| !t.articles.is_empty());
        self.link_neighbours();
        // The combined hash is a sum: the article's old hash out, its new one in.
        if let Some(m) = old_meta {
            self.meta_hash = self.meta_hash.wrapping_sub(mix(m));
        }
        if let Some(j) = index {
            self.meta_hash = self.meta_hash.wrapping_add(mix(self.articles[j].meta_hash));
        }

        let mut articles = neighbours;
        if let Some(j) = index {
            articles.push(j);
            articles.extend([self.older[j], self.newer[j]].into_iter().flatten());
        }
        let mut lists = Vec::new();
        for ((key, (old_pos, old_len)), old_name) in keys.into_iter().zip(before).zip(names) {
            let (new_pos, new_len) = self.position(&key, index);
            let renamed = old_name.is_some() && old_name != self.tag_name_of(&key);
            if renamed && let ListKey::Tag(slug) = &key {
                // Every page of every article of the tag names it.
                articles.extend(self.tag_index(slug).map(|t| self.tags[t].articles.clone()).unwrap_or_default());
            }
            // Every page of a list shows its length.
            let (first, last) = match (old_pos, new_pos) {
                _ if renamed || old_len != new_len => (0, old_len.max(new_len).saturating_sub(1)),
                (Some(a), Some(b)) => (a.min(b), a.max(b)),
                (Some(a), None) => (a, old_len.saturating_sub(1)),
                (None, Some(b)) => (b, new_len.saturating_sub(1)),
                (None, None) => continue,
            };
            lists.push(ListChange { key, first, last, old_len, new_len });
        }
        articles.sort_unstable();
        articles.dedup();
        Some(Update { old_index: old, index, articles, lists, old_path })
    }

    /// Whether `new` can take its place without a check of the whole model
    /// failing: a known section, a free address, known activities.
    fn accepts(&self, new: &Article, old: Option<usize>) -> bool {
        let first = new.path.split('/').next().unwrap_or_default();
        if urls::reserved(first).is_some() || self.section(&new.section).is_none() {
            return false;
        }
        let known = |id: &String| self.calendar.activity_index(id).is_some();
        if !new.activities.iter().all(known) {
            return false;
        }
        if old.is_some_and(|o| self.articles[o].path == new.path) {
            return true;
        }
        let page = format!("{}index.html", new.path);
        !self.md_paths.values().any(|p| *p == new.path) && !self.assets.iter().any(|a| a.rel == page)
    }

    fn section_of(&self, i: usize) -> Option<usize> {
        self.sections.iter().position(|s| s.key == self.articles[i].section)
    }

    /// The lists an article belongs to (present in the model or not, for tags).
    fn list_keys(&self, article: &Article) -> Vec<ListKey> {
        let mut keys = Vec::new();
        keys.extend(self.sections.iter().position(|s| s.key == article.section).map(ListKey::Section));
        keys.extend(article.areas.iter().map(|&a| ListKey::Area(a)));
        keys.extend(article.units.iter().map(|&u| ListKey::Unit(u)));
        keys.extend(article.tag_slugs.iter().map(|s| ListKey::Tag(s.clone())));
        keys.extend(article.activities.iter().filter_map(|id| self.calendar.activity_index(id)).map(ListKey::Activity));
        keys
    }

    fn list(&self, key: &ListKey) -> Option<&Vec<usize>> {
        match key {
            ListKey::Section(s) => Some(&self.sections[*s].articles),
            ListKey::Area(a) => Some(&self.by_area[*a]),
            ListKey::Unit(u) => Some(&self.by_unit[*u]),
            ListKey::Tag(slug) => self.tag_index(slug).map(|t| &self.tags[t].articles),
            ListKey::Activity(a) => Some(&self.by_activity[*a]),
        }
    }

    /// The first position of article `i` in a list, and the list's length.
    fn position(&self, key: &ListKey, i: Option<usize>) -> (Option<usize>, usize) {
        let Some(list) = self.list(key) else { return (None, 0) };
        let at = i.and_then(|i| {
            let p = list.partition_point(|&x| x < i);
            (list.get(p) == Some(&i)).then_some(p)
        });
        (at, list.len())
    }

    fn tag_name_of(&self, key: &ListKey) -> Option<String> {
        match key {
            ListKey::Tag(slug) => self.tag_index(slug).map(|t| self.tags[t].name.clone()),
            _ => None,
        }
    }

    /// Removes article `o` and its index from every list.
    fn remove_article(&mut self, o: usize) {
        let article = self.articles.remove(o);
        self.item_hashes.remove(o);
        self.file_hashes.remove(o);
        self.md_paths.remove(&article.rel);
        let fix = |list: &mut Vec<usize>| {
            list.retain(|&i| i != o);
            for i in list.iter_mut().filter(|i| **i > o) {
                *i -= 1;
            }
        };
        self.each_list(fix);
        self.count_spellings(&article, false);
    }

    /// Inserts an article at its place (newest first, then by path) and into
    /// its lists; returns its index.
    fn insert_article(&mut self, article: Article) -> usize {
        let j = self.articles.partition_point(|x| x.date > article.date || (x.date == article.date && x.path < article.path));
        self.each_list(|list| {
            for i in list.iter_mut().filter(|i| **i >= j) {
                *i += 1;
            }
        });
        let put = |list: &mut Vec<usize>| {
            let p = list.partition_point(|&x| x <= j);
            list.insert(p, j);
        };
        if let Some(s) = self.sections.iter().position(|s| s.key == article.section) {
            put(&mut self.sections[s].articles);
        }
        for &a in &article.areas {
            put(&mut self.by_area[a]);
        }
        for &u in &article.units {
            put(&mut self.by_unit[u]);
        }
        for slug in &article.tag_slugs {
            let t = match self.tags.binary_search_by(|t| t.slug.as_str().cmp(slug)) {
                Ok(t) => t,
                Err(t) => {
                    self.tags.insert(t, Tag { slug: slug.clone(), name: String::new(), articles: Vec::new(), spellings: BTreeMap::new() });
                    t
                }
            };
            put(&mut self.tags[t].articles);
        }
        for id in &article.activities {
            if let Some(a) = self.calendar.activity_index(id)
                && !self.by_activity[a].contains(&j)
            {
                put(&mut self.by_activity[a]);
            }
        }
        self.item_hashes.insert(j, article.item_hash);
        self.file_hashes.insert(j, article.hash);
        self.md_paths.insert(article.rel.clone(), article.path.clone());
        self.count_spellings(&article, true);
        self.articles.insert(j, article);
        j
    }

    fn each_list(&mut self, mut f: impl FnMut(&mut Vec<usize>)) {
        for section in &mut self.sections {
            f(&mut section.articles);
        }
        for list in self.by_area.iter_mut().chain(&mut self.by_unit).chain(&mut self.by_activity) {
            f(list);
        }
        for tag in &mut self.tags {
            f(&mut tag.articles);
        }
    }

    /// Counts the spellings of an article's tags in (or out of) their
    /// tags' counts, and names those tags by the spelling used most.
    fn count_spellings(&mut self, article: &Article, add: bool) {
        for (tag, slug) in article.tags.iter().zip(&article.tag_slugs) {
            let Some(t) = self.tag_index(slug) else { continue };
            let spellings = &mut self.tags[t].spellings;
            if add {
                *spellings.entry(tag.clone()).or_default() += 1;
            } else if let Some(n) = spellings.get_mut(tag) {
                *n -= 1;
                if *n == 0 {
                    spellings.remove(tag);
                }
            }
        }
        for slug in &article.tag_slugs {
            if let Some(t) = self.tag_index(slug) {
                self.tags[t].name = super::most_used(&self.tags[t].spellings);
            }
        }
    }

    /// Older and newer neighbours within each section.
    fn link_neighbours(&mut self) {
        let n = self.articles.len();
        self.older = vec![None; n];
        self.newer = vec![None; n];
        for section in &self.sections {
            for pair in section.articles.windows(2) {
                self.older[pair[0]] = Some(pair[1]);
                self.newer[pair[1]] = Some(pair[0]);
            }
        }
    }
}

/// All articles' `meta_hash`, combined: a sum of each mixed, so that one
/// article's change updates it without reading the others. The order needs
/// no hashing: it follows from the dates and paths that each hash covers.
pub(super) fn meta_hash(articles: &[Article]) -> u64 {
    articles.iter().fold(0u64, |sum, a| sum.wrapping_add(mix(a.meta_hash)))
}

/// A 64-bit finaliser (SplitMix64's), so that sums of related hashes do not cancel.
fn mix(h: u64) -> u64 {
    let h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}
