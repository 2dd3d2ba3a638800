//! The index model of a `loa serve` session, updated in place. A document
//! that changed, appeared or went has its keys taken out (at its old
//! number) and put back (at its new one); documents whose number moved
//! (an article added, removed or renamed before them) are renumbered in
//! the postings that hold them, an order-keeping map since unchanged
//! documents keep their relative order. A redated article keeps its
//! number: only its sort key changes. The model then equals a fresh
//! build's ([`Index::of_site`]). No I/O here.

use super::{DocSet, DocText, Index, Posting, SortKey, doc_text, documents, sort_key};
use crate::content::Document;
use crate::site::Site;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

/// The index model and the documents it was built from.
#[derive(Default)]
pub struct Live {
    index: Index,
    /// Per document, by number.
    sources: Vec<Arc<Document>>,
    /// A hash of the area names, which documents show.
    areas: u64,
    /// Per article by number, its place in `Site::articles` (by date).
    by_path: Vec<u32>,
}

/// What an update changed in the model.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The model was built afresh: anything may have changed.
    pub all: bool,
    /// Keys whose postings changed, appeared or went (when not `all`).
    pub unigrams: BTreeSet<String>,
    pub bigrams: BTreeSet<String>,
    /// Documents whose number or text changed, by their new number.
    pub docs: Vec<u32>,
    /// Documents whose sort key changed (or that have a new number), by
    /// their new number (when not `all`).
    pub keys: Vec<u32>,
}

/// Whether `new` is `old` unchanged: the same file, read the same.
fn same(old: &Arc<Document>, new: &Arc<Document>) -> bool {
    Arc::ptr_eq(old, new) || (old.rel == new.rel && old.hash == new.hash && old.item_hash == new.item_hash && old.path == new.path)
}

fn areas_hash(site: &Site) -> u64 {
    let mut h = DefaultHasher::new();
    for area in &site.config.areas {
        area.name.hash(&mut h);
    }
    h.finish()
}

impl Live {
    /// The model as it stands.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Brings the model up to date with `site`.
    pub fn update(&mut self, site: &Site) -> Changes {
        let docs = self.documents(site);
        let areas = areas_hash(site);
        if self.sources.is_empty() || areas != self.areas {
            return self.rebuild(site, docs, areas);
        }
        if let Some(changes) = self.update_in_place(site, &docs) {
            return changes;
        }
        let by_rel: FxHashMap<&str, u32> = self.sources.iter().enumerate().map(|(i, d)| (d.rel.as_str(), i as u32)).collect();
        // Per new document, its old number when it is unchanged.
        let mut kept: Vec<Option<u32>> = vec![None; docs.len()];
        let mut stays = vec![false; self.sources.len()];
        for (i, doc) in docs.iter().enumerate() {
            if let Some(&o) = by_rel.get(doc.rel.as_str())
                && !stays[o as usize]
                && same(&self.sources[o as usize], doc)
            {
                kept[i] = Some(o);
                stays[o as usize] = true;
            }
        }
        // A document edited where it stands (same file, same number): only
        // the keys whose postings of it differ are taken out and put back.
        let edited: Vec<usize> =
            (0..docs.len()).filter(|&i| kept[i].is_none() && by_rel.get(docs[i].rel.as_str()) == Some(&(i as u32)) && !stays[i]).collect();
        let mut in_place = vec![false; self.sources.len().max(docs.len())];
        for &i in &edited {
            in_place[i] = true;
        }
        let removed: Vec<u32> = (0..self.sources.len() as u32).filter(|&o| !stays[o as usize] && !in_place[o as usize]).collect();
        let added: Vec<usize> = (0..docs.len()).filter(|&i| kept[i].is_none() && !in_place[i]).collect();
        // Many changes at once (a rename of a section, a new theme of
        // content): building afresh is cheaper than taking each out.
        if removed.len() + added.len() + edited.len() > 64.max(docs.len() / 8) {
            return self.rebuild(site, docs, areas);
        }
        // Unchanged documents keep their relative order (articles by path,
        // pages by weight, title and path, articles first), so
        // their renumbering keeps every list ascending.
        debug_assert!(kept.iter().flatten().is_sorted());

        let mut changes = Changes::default();
        let old_texts: Vec<(u32, DocText)> = removed.par_iter().map(|&o| (o, doc_text(&site.config, &self.sources[o as usize]))).collect();
        for (o, text) in old_texts {
            let keys = Index::build(vec![text]);
            take_out(&mut self.index.unigrams, &keys.unigrams, o, &mut changes.unigrams);
            take_out(&mut self.index.bigrams, &keys.bigrams, o, &mut changes.bigrams);
        }

        let new_infos = self.edit_where_they_stand(site, &docs, &edited, &mut changes);

        let mut number = vec![u32::MAX; self.sources.len()];
        for (i, o) in kept.iter().enumerate() {
            if let Some(o) = o {
                number[*o as usize] = i as u32;
            }
        }
        for &i in &edited {
            number[i] = i as u32;
        }
        let moved: Vec<u32> = (0..number.len() as u32).filter(|&o| number[o as usize] != u32::MAX && number[o as usize] != o).collect();
        if let (Some(&lo), Some(&hi)) = (moved.first(), moved.last()) {
            changes.unigrams.extend(renumber(&mut self.index.unigrams, &number, lo, hi));
            changes.bigrams.extend(renumber(&mut self.index.bigrams, &number, lo, hi));
        }

        let new_texts: Vec<(u32, DocText)> = added.par_iter().map(|&i| (i as u32, doc_text(&site.config, docs[i]))).collect();
        let mut old_infos: Vec<Option<super::DocInfo>> = std::mem::take(&mut self.index.docs).into_iter().map(Some).collect();
        let mut infos: Vec<Option<super::DocInfo>> = kept.iter().map(|o| o.and_then(|o| old_infos[o as usize].take())).collect();
        for (i, info) in new_infos {
            infos[i as usize] = Some(info);
        }
        for (i, text) in new_texts {
            let keys = Index::build(vec![DocText { info: text.info.clone(), fields: text.fields }]);
            put_in(&mut self.index.unigrams, &keys.unigrams, i, &mut changes.unigrams);
            put_in(&mut self.index.bigrams, &keys.bigrams, i, &mut changes.bigrams);
            infos[i as usize] = Some(text.info);
        }
        self.index.docs = infos.into_iter().map(|d| d.expect("every document is kept or added")).collect();
        changes.docs = (0..docs.len() as u32).filter(|&i| kept[i as usize] != Some(i)).collect();
        let keys: Vec<SortKey> = docs.iter().map(|d| sort_key(d)).collect();
        changes.keys = (0..keys.len()).filter(|&i| self.index.keys.get(i) != Some(&keys[i])).map(|i| i as u32).collect();
        self.index.keys = keys;
        self.sources = docs.into_iter().cloned().collect();
        changes
    }

    /// The common edit: every document at the number it had, a few of them
    /// changed where they stand. Only those are looked at: nothing here
    /// grows with the number of documents but a comparison of pointers.
    /// `None` when a document moved, came or went.
    fn update_in_place(&mut self, site: &Site, docs: &[&Arc<Document>]) -> Option<Changes> {
        if docs.len() != self.sources.len() {
            return None;
        }
        let mut differ = Vec::new();
        for (i, (old, new)) in self.sources.iter().zip(docs).enumerate() {
            if !Arc::ptr_eq(old, new) {
                if old.rel != new.rel {
                    return None;
                }
                differ.push(i);
            }
        }
        let edited: Vec<usize> = differ.iter().copied().filter(|&i| !same(&self.sources[i], docs[i])).collect();
        if edited.len() > 64.max(docs.len() / 8) {
            return None;
        }
        let mut changes = Changes::default();
        for (i, info) in self.edit_where_they_stand(site, docs, &edited, &mut changes) {
            self.index.docs[i as usize] = info;
        }
        for i in differ {
            self.sources[i] = docs[i].clone();
        }
        changes.docs = edited.iter().map(|&i| i as u32).collect();
        // A redate: the same number, another key.
        for &i in &edited {
            let key = sort_key(docs[i]);
            if self.index.keys.get(i) != Some(&key) {
                self.index.keys[i] = key;
                changes.keys.push(i as u32);
            }
        }
        Some(changes)
    }

    /// Takes the documents `edited` (numbered as in `docs` and in the
    /// model alike) out of the keys where they no longer are and puts them
    /// into their new ones; returns their new result entries.
    fn edit_where_they_stand(
        &mut self,
        site: &Site,
        docs: &[&Arc<Document>],
        edited: &[usize],
        changes: &mut Changes,
    ) -> Vec<(u32, super::DocInfo)> {
        let pairs: Vec<(u32, DocText, DocText)> =
            edited.par_iter().map(|&i| (i as u32, doc_text(&site.config, &self.sources[i]), doc_text(&site.config, docs[i]))).collect();
        let mut new_infos = Vec::new();
        for (i, old, new) in pairs {
            new_infos.push((i, new.info.clone()));
            let (old, new) = (Index::build(vec![old]), Index::build(vec![new]));
            for (postings, old, new, changed) in [
                (&mut self.index.unigrams, &old.unigrams, &new.unigrams, &mut changes.unigrams),
                (&mut self.index.bigrams, &old.bigrams, &new.bigrams, &mut changes.bigrams),
            ] {
                take_out(postings, old.iter().filter(|(k, p)| new.get(*k) != Some(p)), i, changed);
                put_in(postings, new.iter().filter(|(k, p)| old.get(*k) != Some(p)), i, changed);
            }
        }
        new_infos
    }

    /// [`documents`], without sorting the articles by path again when
    /// every article is at the place in the site's order it had at the last
    /// update, with the same path: then their order by path is the same.
    fn documents<'a>(&mut self, site: &'a Site) -> Vec<&'a Arc<Document>> {
        let articles = &site.articles;
        let same = self.by_path.len() == articles.len()
            && self.by_path.iter().zip(&self.sources).all(|(&j, old)| {
                let new = articles[j as usize].doc();
                Arc::ptr_eq(new, old) || (new.rel == old.rel && new.path == old.path)
            });
        if !same {
            let mut by_path: Vec<u32> = (0..articles.len() as u32).collect();
            by_path.sort_unstable_by(|&x, &y| articles[x as usize].path.cmp(&articles[y as usize].path));
            self.by_path = by_path;
        }
        let docs: Vec<&Arc<Document>> = self.by_path.iter().map(|&j| articles[j as usize].doc()).chain(&site.pages).collect();
        debug_assert!(docs.iter().zip(documents(site)).all(|(a, b)| Arc::ptr_eq(a, b)));
        docs
    }

    fn rebuild(&mut self, site: &Site, docs: Vec<&Arc<Document>>, areas: u64) -> Changes {
        self.index = Index::of_site(site);
        self.sources = docs.into_iter().cloned().collect();
        self.areas = areas;
        Changes { all: true, ..Changes::default() }
    }
}

/// Takes document `doc` out of the postings of `keys` (the keys of that
/// document alone, as its own index gives them: document 0 in the fields
/// and forms where it occurs).
fn take_out<'a>(
    postings: &mut BTreeMap<String, Posting>,
    keys: impl IntoIterator<Item = (&'a String, &'a Posting)>,
    doc: u32,
    changed: &mut BTreeSet<String>,
) {
    for (key, own) in keys {
        let Some(p) = postings.get_mut(key) else { continue };
        for (f, docs) in p.fields.iter_mut().enumerate() {
            if !own.fields[f].is_empty() {
                docs.remove(doc);
            }
        }
        for (form, _) in &own.variants {
            if let Ok(v) = p.variants.binary_search_by(|(f, _)| f.as_str().cmp(form))
                && p.variants[v].1.remove(doc)
                && p.variants[v].1.is_empty()
            {
                p.variants.remove(v);
            }
        }
        if p.fields.iter().all(DocSet::is_empty) {
            postings.remove(key);
        }
        changed.insert(key.clone());
    }
}

/// Puts document `doc` into the postings of `keys` (see [`take_out`]).
fn put_in<'a>(
    postings: &mut BTreeMap<String, Posting>,
    keys: impl IntoIterator<Item = (&'a String, &'a Posting)>,
    doc: u32,
    changed: &mut BTreeSet<String>,
) {
    for (key, own) in keys {
        let p = postings.entry(key.clone()).or_default();
        for (f, docs) in p.fields.iter_mut().enumerate() {
            if !own.fields[f].is_empty() {
                docs.insert(doc);
            }
        }
        for (form, _) in &own.variants {
            match p.variants.binary_search_by(|(f, _)| f.as_str().cmp(form)) {
                Ok(v) => {
                    p.variants[v].1.insert(doc);
                }
                Err(v) => p.variants.insert(v, (form.clone(), DocSet::from_sorted([doc]))),
            }
        }
        changed.insert(key.clone());
    }
}

/// Gives the documents numbered `lo..=hi` their new numbers; returns the
/// keys whose postings changed.
fn renumber(postings: &mut BTreeMap<String, Posting>, number: &[u32], lo: u32, hi: u32) -> Vec<String> {
    postings
        .par_iter_mut()
        .filter_map(|(key, p)| {
            let mut changed = false;
            for docs in p.fields.iter_mut().chain(p.variants.iter_mut().map(|(_, d)| d)) {
                changed |= docs.renumber(number, lo, hi);
            }
            changed.then(|| key.clone())
        })
        .collect()
}
