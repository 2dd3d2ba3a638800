//! Incremental builds (`loa serve`): after any sequence of edits, the output
//! folder must equal what a fresh `loa build` of the same sources writes.

use crate::common::{Site, snapshot};
use loa::session::{Change, Session};

const NOW: &str = "2022-07-01";

/// Builds `site` from scratch into a second folder and compares with `out`.
fn assert_same_as_fresh_build(site: &Site, out: &std::path::Path) {
    let fresh = tempfile::tempdir().unwrap();
    let mut opts = site.options(NOW);
    opts.out = Some(fresh.path().join("public"));
    site.build_with(opts.clone());
    let expected = snapshot(&fresh.path().join("public"));
    let actual = snapshot(out);
    let names = |files: &[(String, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&actual), names(&expected), "the incremental output has other files");
    for ((path, a), (_, e)) in actual.iter().zip(&expected) {
        assert!(a == e, "{path} differs from a fresh build");
    }
}

fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn markdown(rel: &str) -> Change {
    Change::Markdown(rel.trim_start_matches("content/").to_string())
}

#[test]
fn every_kind_of_edit_gives_the_output_of_a_fresh_build() {
    let site = Site::new("basic");
    let opts = site.options(NOW);
    let out = opts.out_dir();
    let mut session = Session::new(opts);
    let first = session.build().expect("first build");
    assert!(first.rendered > 10);
    assert_same_as_fresh_build(&site, &out);

    let article = "content/tin-tuc/2022/hop-bao-quy-1.md";
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let steps: Vec<Step> = vec![
        // A sentence added to the body: only the text changes.
        (
            "body",
            Box::new(|| {
                let path = site.root().join(article);
                let mut text = std::fs::read_to_string(&path).unwrap();
                text.push_str("\nMột câu mới được thêm vào cuối bài.\n");
                std::fs::write(&path, text).unwrap();
            }),
        ),
        // The title: lists, neighbours and feeds change.
        (
            "title",
            Box::new(|| {
                let path = site.root().join(article);
                let text = std::fs::read_to_string(&path).unwrap();
                let text = text.replacen("title: \"", "title: \"Đã sửa - ", 1);
                std::fs::write(&path, text).unwrap();
            }),
        ),
    ];
    for (what, change) in &steps {
        change();
        session.apply(&[markdown(article)]);
        let outcome = session.build().unwrap_or_else(|d| panic!("{what}: {}", d.report()));
        assert!(outcome.rendered < first.rendered, "{what}: rendered {} of {}", outcome.rendered, first.rendered);
        assert_same_as_fresh_build(&site, &out);
    }
}

#[test]
fn a_body_edit_renders_only_the_pages_that_show_the_body() {
    let site = Site::new("basic");
    let opts = site.options(NOW);
    let out = opts.out_dir();
    let mut session = Session::new(opts);
    session.build().expect("first build");
    let article = "content/ket-qua/chi-so-par-index.md";
    let path = site.root().join(article);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\nĐoạn bổ sung.\n");
    std::fs::write(&path, text).unwrap();
    session.apply(&[markdown(article)]);
    let outcome = session.build().expect("rebuild");
    // The article, its leaflet, and the feeds that carry it; no list page.
    assert!(outcome.rendered <= 8, "rendered {}", outcome.rendered);
    assert!(std::fs::read_to_string(out.join("ket-qua/chi-so-par-index/index.html")).unwrap().contains("Đoạn bổ sung."));
    assert_same_as_fresh_build(&site, &out);
}

#[test]
fn dates_new_files_deletions_and_errors_keep_the_output_right() {
    let site = Site::new("basic");
    let opts = site.options(NOW);
    let out = opts.out_dir();
    let mut session = Session::new(opts);
    session.build().expect("first build");

    // A new date reorders every list.
    let article = "content/tin-tuc/2022/hoi-nghi-truc-tuyen.md";
    let text = std::fs::read_to_string(site.root().join(article)).unwrap();
    let date_line = text.lines().find(|l| l.starts_with("date:")).unwrap().to_string();
    edit(&site, article, &date_line, "date: 2022-06-30 08:00");
    session.apply(&[markdown(article)]);
    session.build().expect("date edit");
    assert_same_as_fresh_build(&site, &out);

    // A broken front matter is an error and writes nothing.
    let before = snapshot(&out);
    edit(&site, article, "title: ", "title: [");
    session.apply(&[markdown(article)]);
    assert!(session.build().is_err());
    assert!(snapshot(&out) == before, "a failed rebuild changed the output");
    edit(&site, article, "title: [", "title: ");
    session.apply(&[markdown(article)]);
    session.build().expect("fixed");
    assert_same_as_fresh_build(&site, &out);

    // A new article, then its removal.
    let new = "content/tin-tuc/2022/bai-moi.md";
    site.write(new, "---\ntitle: Bài mới\ndate: 2022-05-05\nareas: [the-che]\ntags: [chủ đề mới]\n---\n\nNội dung bài mới.\n");
    session.apply(&[markdown(new)]);
    session.build().expect("new article");
    assert!(out.join("chu-de/chu-de-moi/index.html").exists());
    assert_same_as_fresh_build(&site, &out);
    site.remove(new);
    session.apply(&[markdown(new)]);
    session.build().expect("removed article");
    assert!(!out.join("tin-tuc/2022/bai-moi").exists());
    assert_same_as_fresh_build(&site, &out);
}

#[test]
fn a_template_edit_renders_only_the_pages_that_use_it() {
    let site = Site::new("basic");
    let opts = site.options(NOW);
    let out = opts.out_dir();
    let mut session = Session::new(opts);
    let first = session.build().expect("first build");
    let leaflet =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/leaflet.html")).unwrap();
    site.write("themes/default/templates/leaflet.html", &leaflet.replace("Điểm chính", "Những điểm chính"));
    session.apply(&[Change::Theme]);
    let outcome = session.build().expect("template edit");
    let leaflets =
        walkdir::WalkDir::new(&out).into_iter().filter_map(Result::ok).filter(|e| e.path().ends_with("to-roi/index.html")).count();
    let areas = 2; // area leaflets use their own template
    assert_eq!(outcome.rendered, leaflets - areas, "rendered {} of {}", outcome.rendered, first.rendered);
    assert!(std::fs::read_to_string(out.join("tin-tuc/2022/hop-bao-quy-1/to-roi/index.html")).unwrap().contains("Những điểm chính"));
    assert_same_as_fresh_build(&site, &out);
}

#[test]
fn an_edit_of_the_indices_redraws_the_charts_of_articles_and_pages() {
    let site = Site::new("indices");
    let opts = site.options(NOW);
    let out = opts.out_dir();
    let mut session = Session::new(opts);
    session.build().expect("first build");
    let article = out.join("ket-qua/par-index-2021/index.html");
    assert!(std::fs::read_to_string(&article).unwrap().contains("88,13"));

    edit(&site, "content/indices.yaml", "2021: 88.13", "2021: 87.5");
    session.apply(&[Change::Indices]);
    session.build().expect("indices edit");
    assert!(std::fs::read_to_string(&article).unwrap().contains("87,50"), "the article's chart was not redrawn");
    assert_same_as_fresh_build(&site, &out);

    // An error in the file stops the rebuild and writes nothing.
    let before = snapshot(&out);
    edit(&site, "content/indices.yaml", "2021: 87.5", "2021: nhiều");
    session.apply(&[Change::Indices]);
    let report = session.build().expect_err("a value that is not a number").report();
    assert!(report.contains("content/indices.yaml:10:13: value of city \"nhiều\" is not a number"), "{report}");
    assert!(snapshot(&out) == before, "a failed rebuild changed the output");

    // Removing the file removes the index pages and the article's chart is an error.
    site.remove("content/indices.yaml");
    session.apply(&[Change::Indices]);
    let report = session.build().expect_err("the article names an index that is gone").report();
    assert!(report.contains("content/ket-qua/par-index-2021.md:10:8: unknown index \"par-index\""), "{report}");
}
