//! Search (contract §8): the `/tim-kiem/` page, the header form on every page,
//! and the index files: present, decodable into what the pages say, free of
//! drafts and future articles, byte-identical across builds.

use crate::common::{Site, read, snapshot};
use loa::output::search::decode_set;
use serde_json::Value;
use std::path::Path;

const NOW: &str = "2022-07-01";
const INDEX: &str = "tim-kiem/chi-muc";

fn json(out: &Path, rel: &str) -> Value {
    serde_json::from_str(&read(out, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The titles of the index's documents, by number.
fn doc_titles(out: &Path) -> Vec<String> {
    let n = json(out, &format!("{INDEX}/meta.json"))["n"].as_u64().unwrap() as usize;
    (0..n).map(|i| json(out, &format!("{INDEX}/d/{i}.json"))["t"].as_str().unwrap().to_string()).collect()
}

/// The entry of `key` in the unigram (`u`) or bigram (`b`) shards, found
/// through `meta.json` as the browser finds it.
fn entry(out: &Path, space: &str, key: &str) -> Option<Value> {
    let meta = json(out, &format!("{INDEX}/meta.json"));
    let firsts: Vec<&str> = meta[space].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let shard = firsts.iter().rposition(|first| *first <= key)?;
    json(out, &format!("{INDEX}/{space}/{shard}.json")).get(key).cloned()
}

/// Documents of an entry per field (title, summary, body), as titles.
fn fields(out: &Path, entry: &Value) -> Vec<Vec<String>> {
    let titles = doc_titles(out);
    entry[1]
        .as_array()
        .unwrap()
        .iter()
        .map(|set| decode_set(set.as_str().unwrap(), titles.len()).into_iter().map(|d| titles[d as usize].clone()).collect())
        .collect()
}

#[test]
fn the_index_numbers_articles_by_path_then_pages_and_keys_them_by_date() {
    let site = Site::new("search");
    let out = site.build(NOW);
    // By path, whatever the dates: the newer article is the second.
    assert_eq!(doc_titles(&out), ["Xây dựng chính quyền điện tử ở cấp xã", "Diễn đàn tuyên truyền cải cách hành chính", "Giới thiệu"]);
    // The sort keys: publication times (2022-03-01 and 2022-04-01, 00:00
    // in Vietnam), then null for the page.
    assert_eq!(json(&out, &format!("{INDEX}/meta.json"))["k"], 512);
    assert_eq!(json(&out, &format!("{INDEX}/k/0.json")), serde_json::json!([1_646_067_600i64, 1_648_746_000i64, null]));
    let doc = json(&out, &format!("{INDEX}/d/1.json"));
    assert_eq!(doc["u"], "tin-tuc/dien-dan-tuyen-truyen/");
    assert_eq!(doc["d"], "2022-04-01");
    assert_eq!(doc["s"], "01/04/2022");
    assert_eq!(doc["a"], serde_json::json!(["Cải cách thể chế"]));
    assert!(doc["x"].as_str().unwrap().starts_with("Diễn đàn giới thiệu kết quả"), "{doc}");
}

#[test]
fn keys_are_folded_with_their_accented_forms_and_fields() {
    let site = Site::new("search");
    let out = site.build(NOW);
    let dien = entry(&out, "u", "dien").expect("the key dien");
    assert_eq!(dien[0], serde_json::json!(["diễn", "điện"]));
    let f = fields(&out, &dien);
    // In the order of their numbers (by path).
    assert_eq!(f[0], ["Xây dựng chính quyền điện tử ở cấp xã", "Diễn đàn tuyên truyền cải cách hành chính"]);
    assert_eq!(f[1], ["Xây dựng chính quyền điện tử ở cấp xã", "Diễn đàn tuyên truyền cải cách hành chính"]);
    assert_eq!(f[2], ["Diễn đàn tuyên truyền cải cách hành chính"]);

    // Pairs of syllables that stand together: "điện tử" only in the second article.
    let pair = entry(&out, "b", "dien tu").expect("the pair dien tu");
    assert_eq!(pair[0], serde_json::json!(["điện tử"]));
    assert_eq!(fields(&out, &pair)[0], ["Xây dựng chính quyền điện tử ở cấp xã"]);
    let ma_so = entry(&out, "b", "ma so").expect("the pair ma so");
    assert_eq!(ma_so[0], serde_json::json!(["mà số", "mã số"]));
    assert_eq!(ma_so[2].as_array().unwrap().len(), 2, "one document set per form: {ma_so}");
    // Numbers are words.
    assert!(entry(&out, "u", "2021").is_some());
}

#[test]
fn drafts_and_future_articles_stay_out_unless_asked() {
    let site = Site::new("search");
    let out = site.build(NOW);
    for word in ["nhap", "bao", "mat", "lich", "ke"] {
        assert!(entry(&out, "u", word).is_none(), "{word} is only in a draft or a future article");
    }
    let files: Vec<String> = snapshot(&out).into_iter().map(|(p, _)| p).filter(|p| p.starts_with(INDEX)).collect();
    assert!(files.iter().all(|p| !String::from_utf8_lossy(&std::fs::read(out.join(p)).unwrap()).contains("nháp")), "{files:?}");

    let mut opts = site.options(NOW);
    opts.drafts = true;
    opts.future = true;
    let out = site.build_with(opts);
    assert_eq!(doc_titles(&out).len(), 5);
    assert!(entry(&out, "u", "nhap").is_some());
    assert!(entry(&out, "u", "lich").is_some());
}

#[test]
fn two_builds_write_the_same_index() {
    let a = Site::new("search");
    let b = Site::new("search");
    a.build(NOW);
    b.build(NOW);
    let index = |s: &Site| snapshot(&s.out()).into_iter().filter(|(p, _)| p.starts_with("tim-kiem/")).collect::<Vec<_>>();
    let first = index(&a);
    assert!(first.len() > 5, "{} files", first.len());
    assert!(first == index(&b));
}

/// Index files with the inode of each (a rewrite goes through a new file).
fn index_inodes(out: &Path) -> std::collections::BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    snapshot(out)
        .into_iter()
        .filter(|(p, _)| p.starts_with(INDEX))
        .map(|(p, _)| {
            let ino = std::fs::metadata(out.join(&p)).unwrap().ino();
            (p, ino)
        })
        .collect()
}

/// The index files written again since `before` (their inodes), and those
/// whose bytes differ from `old` (`now` holding the current ones).
fn rewritten_and_changed(
    before: &std::collections::BTreeMap<String, u64>,
    out: &Path,
    old: &[(String, Vec<u8>)],
    now: &[(String, Vec<u8>)],
) -> (Vec<String>, Vec<String>) {
    let rewritten = index_inodes(out).into_iter().filter(|(p, ino)| before.get(p) != Some(ino)).map(|(p, _)| p).collect();
    let changed =
        now.iter().filter(|(p, bytes)| old.iter().find(|(q, _)| q == p).is_none_or(|(_, o)| o != bytes)).map(|(p, _)| p.clone()).collect();
    (rewritten, changed)
}

#[test]
fn a_text_edit_in_serve_rewrites_only_the_index_files_it_changes() {
    let site = Site::sample();
    let opts = site.options(NOW);
    let out = opts.out_dir();
    let mut session = loa::session::Session::new(opts);
    session.build().expect("first build");
    let before = index_inodes(&out);
    let old_index: Vec<(String, Vec<u8>)> = snapshot(&out).into_iter().filter(|(p, _)| p.starts_with(INDEX)).collect();
    let shards = before.keys().filter(|p| p.contains("/u/") || p.contains("/b/")).count();
    assert!(shards > 40, "{shards} shards");

    // Three words added to one article's body: three unigram keys and three
    // bigram keys (with the word before them) take the article.
    let article = "content/tin-tuc/2022/hop-bao-quy-1-cchc.md";
    let mut text = read(site.root(), article);
    text.push_str("\nHợp tác xã.\n");
    site.write(article, &text);
    session.apply(&[loa::session::Change::Markdown(article.trim_start_matches("content/").to_string())]);
    session.build().expect("rebuild");

    // The index equals a fresh build's, byte for byte.
    let index = |out: &Path| snapshot(out).into_iter().filter(|(p, _)| p.starts_with(INDEX)).collect::<Vec<_>>();
    let (_fresh, fresh_out) = fresh_build(&site);
    let now = index(&out);
    assert!(now == index(&fresh_out), "the index differs from a fresh build's");

    // Only the files whose bytes changed were written again, and those are few:
    // the shards of the six keys (each may move the cut after it, so at most
    // twice as many) and meta.json, not every shard after them.
    let (rewritten, changed) = rewritten_and_changed(&before, &out, &old_index, &now);
    assert_eq!(rewritten, changed, "files rewritten other than those that changed");
    assert!(changed.iter().any(|p| p.contains("/u/")), "no unigram shard changed: {changed:?}");
    let shards_changed = changed.iter().filter(|p| p.contains("/u/") || p.contains("/b/")).count();
    assert!(shards_changed <= 12, "{shards_changed} of {shards} shards rewritten: {changed:?}");
}

#[test]
fn the_search_page_and_the_header_form() {
    let site = Site::new("search");
    let out = site.build(NOW);
    let page = read(&out, "tim-kiem/index.html");
    // Relative addresses, as everywhere: the page is one level down.
    // The script under its fingerprinted name, which the build writes.
    let script = page.split(r#"<script src="../"#).nth(1).and_then(|s| s.split('"').next()).expect("a script tag");
    assert!(script.starts_with("js/search.") && script.ends_with(".js") && script != "js/search.js", "{script}");
    assert!(page.contains(&format!(r#"<script src="../{script}" defer></script>"#)), "{page}");
    assert_eq!(read(&out, script), read(&out, "js/search.js"));
    assert!(page.contains(r#"data-index="../tim-kiem/chi-muc/""#));
    assert!(page.contains(r#"<form class="search-page" role="search" aria-label="Tìm bài viết" action="../tim-kiem/" method="get">"#));
    assert!(page.contains(r#"<label for="tu-khoa">"#) && page.contains(r#"<input id="tu-khoa" name="q""#));
    assert!(page.contains(r#"role="status" aria-live="polite""#));
    // Without JavaScript: links to the area and tag indexes.
    let nojs = &page[page.find(r#"id="khong-js""#).unwrap()..];
    let nojs = &nojs[..nojs.find("</div>").unwrap()];
    assert!(nojs.contains(r#"href="../linh-vuc/""#) && nojs.contains(r#"href="../chu-de/""#), "{nojs}");
    // No inline script, handler or style (a strict CSP is coming).
    assert!(!page.contains("<script>") && !page.contains(" style=") && !page.contains(" onclick="));
    // One plain script; its budget, 10 KB minified, is checked by .ci/run
    // (esbuild --minify); as shipped, with comments, it stays below 14 KB.
    assert!(read(&out, "js/search.js").len() < 14 * 1024);

    for (file, action) in [
        ("index.html", "tim-kiem/"),
        ("tin-tuc/chinh-quyen-dien-tu/index.html", "../../tim-kiem/"),
        ("tim-kiem/index.html", "../tim-kiem/"),
    ] {
        let html = read(&out, file);
        let form = format!(r#"<form class="site-search" role="search" aria-label="Tìm kiếm trên cổng" action="{action}" method="get">"#);
        assert!(html.contains(&form), "{file}: no header search form to {action}");
        assert!(html.contains(r#"<label class="visually-hidden" for="tim-nhanh">"#));
    }
    // The search page is not in the sitemap, but it is an ordinary page to a
    // crawler (no noindex), its own canonical address.
    assert!(!read(&out, "sitemap.xml").contains("tim-kiem"));
    assert!(!page.contains(r#"name="robots""#));
    assert!(page.contains(r#"<link rel="canonical" href="https://example.gov.vn/cchc/tim-kiem/">"#), "{page}");
}

/// The index files of an output folder.
/// A fresh build of `site` in a folder of its own (kept while the first
/// value lives), and its output folder.
fn fresh_build(site: &Site) -> (tempfile::TempDir, std::path::PathBuf) {
    let fresh = tempfile::tempdir().unwrap();
    let mut opts = site.options(NOW);
    opts.out = Some(fresh.path().join("public"));
    let out = site.build_with(opts);
    (fresh, out)
}

fn index_files(out: &Path) -> Vec<(String, Vec<u8>)> {
    snapshot(out).into_iter().filter(|(p, _)| p.starts_with(INDEX)).collect()
}

// See: issue 10, item 3.
#[test]
fn added_deleted_and_redated_articles_in_serve_give_the_index_of_a_fresh_build() {
    let site = Site::sample();
    let opts = site.options(NOW);
    let out = opts.out_dir();
    let mut session = loa::session::Session::new(opts);
    session.build().expect("first build");
    let n = |out: &Path| json(out, &format!("{INDEX}/meta.json"))["n"].as_u64().unwrap();
    let before = n(&out);

    let new = "content/tin-tuc/2022/bai-moi-ve-tim-kiem.md";
    let old = "content/tin-tuc/2022/bai-cu-ve-tim-kiem.md";
    let moved = "content/tin-tuc/2022/hop-bao-quy-1-cchc.md";
    let text = read(site.root(), moved);
    let article = |title: &str, date: &str, body: &str| {
        format!("---\ntitle: \"{title}\"\ndate: {date}\nareas: [the-che]\nsummary: \"Tóm tắt {title}.\"\n---\n\n{body}\n")
    };
    type Step<'a> = (&'a str, &'a str, Box<dyn Fn() + 'a>);
    let steps: Vec<Step> = vec![
        // Newest: every other document's number moves by one.
        ("add the newest", new, Box::new(|| site.write(new, &article("Tra cứu nhanh", "2022-06-30", "Từ khóa hiếm: quýt xoài.")))),
        // Oldest article: only the pages move.
        ("add the oldest", old, Box::new(|| site.write(old, &article("Lưu trữ cũ", "2020-01-02", "Một bài lưu trữ về quýt.")))),
        ("redate to older", moved, Box::new(|| site.write(moved, &text.replace("date: 2022-03-29 17:30", "date: 2021-05-01")))),
        ("redate to newest", moved, Box::new(|| site.write(moved, &text.replace("date: 2022-03-29 17:30", "date: 2022-06-30 18:00")))),
        ("retitle and reword", new, Box::new(|| site.write(new, &article("Tra cứu chậm", "2022-06-30", "Từ khóa khác: cam bưởi.")))),
        ("delete the newest", new, Box::new(|| site.remove(new))),
        ("delete the oldest", old, Box::new(|| site.remove(old))),
        ("date back as it was", moved, Box::new(|| site.write(moved, &text))),
    ];
    for (what, rel, step) in steps {
        step();
        session.apply(&[loa::session::Change::Markdown(rel.trim_start_matches("content/").to_string())]);
        session.build().unwrap_or_else(|d| panic!("{what}: {}", d.report()));
        let (_fresh, fresh_out) = fresh_build(&site);
        let (now, expected) = (index_files(&out), index_files(&fresh_out));
        let names = |files: &[(String, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(names(&now), names(&expected), "{what}: other index files than a fresh build's");
        for ((path, a), (_, e)) in now.iter().zip(&expected) {
            assert!(a == e, "{what}: {path} differs from a fresh build's");
        }
        match what {
            "add the newest" => {
                assert_eq!(n(&out), before + 1);
                assert!(doc_titles(&out).contains(&"Tra cứu nhanh".to_string()));
                assert!(entry(&out, "u", "xoai").is_some());
            }
            "retitle and reword" => assert!(entry(&out, "u", "xoai").is_none(), "a word the article no longer has"),
            "date back as it was" => assert_eq!(n(&out), before),
            _ => {}
        }
    }
}

// See: issue 10, item 3.
#[test]
fn a_redate_in_serve_rewrites_only_the_documents_file_and_its_key_shard() {
    let site = Site::sample();
    let opts = site.options(NOW);
    let out = opts.out_dir();
    let mut session = loa::session::Session::new(opts);
    session.build().expect("first build");
    let article = "content/tin-tuc/2022/hop-bao-quy-1-cchc.md";
    let text = read(site.root(), article);
    let titles = doc_titles(&out);
    let number = titles.iter().position(|t| text.contains(&format!("title: \"{t}\""))).expect("the article in the index");
    let per = json(&out, &format!("{INDEX}/meta.json"))["k"].as_u64().unwrap() as usize;
    let own = [format!("{INDEX}/d/{number}.json"), format!("{INDEX}/k/{}.json", number / per)];

    for (what, date) in [("to older", "2021-05-01"), ("to newest", "2022-06-30 18:00"), ("back", "2022-03-29 17:30")] {
        let before = index_inodes(&out);
        let old_index = index_files(&out);
        site.write(article, &text.replace("date: 2022-03-29 17:30", &format!("date: {date}")));
        session.apply(&[loa::session::Change::Markdown(article.trim_start_matches("content/").to_string())]);
        session.build().unwrap_or_else(|d| panic!("{what}: {}", d.report()));

        // The index equals a fresh build's, byte for byte, and numbers the
        // documents as before.
        let (_fresh, fresh_out) = fresh_build(&site);
        let now = index_files(&out);
        assert!(now == index_files(&fresh_out), "{what}: the index differs from a fresh build's");
        assert_eq!(doc_titles(&out), titles, "{what}: documents renumbered");

        // Written again: the article's own file (its date), the key shard
        // that holds it, and the order shards it left and joined (with the
        // one after either, when it ends a shard; then meta.json too, whose
        // count of them may change); no word shard.
        let (rewritten, changed) = rewritten_and_changed(&before, &out, &old_index, &now);
        assert_eq!(rewritten, changed, "{what}: files rewritten other than those that changed");
        for file in &own {
            assert!(rewritten.contains(file), "{what}: {file} not written again");
        }
        let order = rewritten.iter().filter(|p| p.starts_with(&format!("{INDEX}/o/"))).count();
        let others: Vec<&String> =
            rewritten.iter().filter(|p| !own.contains(p) && !p.starts_with(&format!("{INDEX}/o/")) && !p.ends_with("/meta.json")).collect();
        assert!(others.is_empty(), "{what}: {others:?}");
        assert!((1..=4).contains(&order), "{what}: {order} order shards: {rewritten:?}");
    }
}
