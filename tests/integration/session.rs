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
        assert!(
            a == e,
            "{path} differs from a fresh build:\n--- incremental\n{}\n--- fresh\n{}",
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(e)
        );
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
    session.finish().expect("deferred outputs");
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
        session.finish().expect("deferred outputs");
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
    session.finish().expect("deferred outputs");
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
    session.finish().expect("deferred outputs");
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
    session.finish().expect("deferred outputs");
    assert_same_as_fresh_build(&site, &out);

    // A new article, then its removal.
    let new = "content/tin-tuc/2022/bai-moi.md";
    site.write(new, "---\ntitle: Bài mới\ndate: 2022-05-05\nareas: [the-che]\ntags: [chủ đề mới]\n---\n\nNội dung bài mới.\n");
    session.apply(&[markdown(new)]);
    session.build().expect("new article");
    assert!(out.join("chu-de/chu-de-moi/index.html").exists());
    session.finish().expect("deferred outputs");
    assert_same_as_fresh_build(&site, &out);
    site.remove(new);
    session.apply(&[markdown(new)]);
    session.build().expect("removed article");
    assert!(!out.join("tin-tuc/2022/bai-moi").exists());
    session.finish().expect("deferred outputs");
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
    session.finish().expect("deferred outputs");
    assert_same_as_fresh_build(&site, &out);
}

#[test]
fn an_edit_of_the_footer_renders_every_page_again() {
    let site = Site::new("basic");
    let opts = site.options(NOW);
    let out = opts.out_dir();
    let mut session = Session::new(opts);
    let first = session.build().expect("first build");
    let rel = "themes/default/templates/partials/site_footer.html";
    let footer = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap();
    assert!(footer.contains(">Theo dõi</h2>"));
    site.write(rel, &footer.replace(">Theo dõi</h2>", ">Theo dõi cổng</h2>"));
    session.apply(&[Change::Theme]);
    let outcome = session.build().expect("footer edit");
    let pages = walkdir::WalkDir::new(&out).into_iter().filter_map(Result::ok).filter(|e| e.path().ends_with("index.html")).count();
    assert!(outcome.rendered >= pages, "rendered {} of {} pages ({} files)", outcome.rendered, pages, first.rendered);
    for page in ["index.html", "tin-tuc/2022/hop-bao-quy-1/index.html", "tin-tuc/2022/hop-bao-quy-1/to-roi/index.html"] {
        assert!(std::fs::read_to_string(out.join(page)).unwrap().contains(">Theo dõi cổng</h2>"), "{page}");
    }
    session.finish().expect("deferred outputs");
    assert_same_as_fresh_build(&site, &out);
}

#[test]
fn an_edit_that_moves_an_article_changes_the_model_in_place() {
    let site = Site::new("basic");
    // Two entries a page, so that moves cross pages.
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &config.replace("per_page: 10", "per_page: 2"));
    let opts = site.options(NOW);
    let out = opts.out_dir();
    let mut session = Session::new(opts);
    // Every list page after the first, feed and whole-site file waits until
    // after the reload message.
    session.set_defer_above(0);
    assert!(session.build().expect("first build").model_rebuilt);
    let article = "content/tin-tuc/2022/hoi-nghi-truc-tuyen.md";
    let steps = [
        ("title", "\"Hội nghị trực tuyến, đã sửa\""),
        ("date", "2022-06-20 09:00"),
        ("date", "2022-01-02"),
        ("tags", "[\"một cửa\"]"),
        ("tags", "[\"Một cửa\", \"Dịch vụ công trực tuyến\"]"),
        ("areas", "[the-che, thu-tuc-hanh-chinh]"),
        ("areas", "[the-che]"),
        ("units", "[so-noi-vu, so-tu-phap]"),
    ];
    for (key, value) in steps {
        let text = std::fs::read_to_string(site.root().join(article)).unwrap();
        site.write(article, &set_key(&text, key, value));
        session.apply(&[markdown(article)]);
        let outcome = session.build().unwrap_or_else(|d| panic!("{key}: {}", d.report()));
        assert!(!outcome.model_rebuilt, "{key}: {value} rebuilt the model");
        if key == "date" {
            // The sitemap shows every article's date: written after the
            // reload, and a request for it waits until then.
            assert!(session.has_deferred(), "{key}: nothing deferred");
            assert!(session.stale().is_stale("sitemap.xml"), "{key}: the sitemap is not marked stale");
        }
        session.finish().expect("deferred outputs");
        assert_same_as_fresh_build(&site, &out);
    }
    // Removed, then back.
    let text = std::fs::read_to_string(site.root().join(article)).unwrap();
    site.remove(article);
    session.apply(&[markdown(article)]);
    assert!(!session.build().expect("removed").model_rebuilt);
    assert!(!out.join("tin-tuc/2022/hoi-nghi-truc-tuyen/index.html").exists());
    session.finish().expect("deferred outputs");
    assert_same_as_fresh_build(&site, &out);
    site.write(article, &text);
    session.apply(&[markdown(article)]);
    assert!(!session.build().expect("back").model_rebuilt);
    session.finish().expect("deferred outputs");
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
    session.finish().expect("deferred outputs");
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

/// A small seeded generator (xorshift64*): a failing sequence replays from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const TAGS: &[&str] = &["Dịch vụ công", "một cửa", "chuyển đổi số", "Chuyển đổi số", "văn bản"];

fn generated_article(rng: &mut Rng, n: usize) -> String {
    let areas = ["[the-che]", "[thu-tuc-hanh-chinh]", "[the-che, thu-tuc-hanh-chinh]"][rng.below(3)];
    let tag = TAGS[rng.below(TAGS.len())];
    format!(
        "---\ntitle: \"Bài số {n}\"\ndate: 2022-0{}-{:02} 08:00\nareas: {areas}\ntags: [\"{tag}\"]\nunits: [so-noi-vu]\n---\n\nNội dung bài {n}.\n",
        1 + rng.below(6),
        1 + rng.below(28),
    )
}

/// Replaces the line that starts with `key:` in a front matter (adds it when missing).
fn set_key(text: &str, key: &str, value: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let prefix = format!("{key}:");
    match lines.iter().position(|l| l.starts_with(&prefix)) {
        Some(i) => lines[i] = format!("{key}: {value}"),
        None => lines.insert(1, format!("{key}: {value}")),
    }
    lines.join("\n") + "\n"
}

/// How an editor puts new text into a file; each inner list is one batch of
/// paths the watcher would report (the worst case: every operation apart).
fn save(site: &Site, rng: &mut Rng, rel: &str, text: &str) -> Vec<Vec<String>> {
    let root = site.root();
    let dir = std::path::Path::new(rel).parent().unwrap().to_string_lossy().into_owned();
    let name = std::path::Path::new(rel).file_name().unwrap().to_string_lossy().into_owned();
    let at = |file: &str| format!("{dir}/{file}");
    match rng.below(5) {
        // sed -i: a temporary file beside it, renamed over it.
        0 => {
            let temp = at("sedQ7x9Zk");
            site.write(&temp, text);
            std::fs::rename(root.join(&temp), root.join(rel)).unwrap();
            vec![vec![temp.clone()], vec![temp, rel.to_string()]]
        }
        // vim: the 4913 probe, a swap file, the file moved to a backup,
        // written anew, the backup removed.
        1 => {
            let (probe, swap, backup) = (at("4913"), at(&format!(".{name}.swp")), at(&format!("{name}~")));
            site.write(&probe, "");
            site.remove(&probe);
            site.write(&swap, "swap");
            let existed = root.join(rel).exists();
            if existed {
                std::fs::rename(root.join(rel), root.join(&backup)).unwrap();
            }
            let first = vec![probe, swap.clone(), rel.to_string(), backup.clone()];
            site.write(rel, text);
            if existed {
                site.remove(&backup);
            }
            site.remove(&swap);
            vec![first, vec![rel.to_string(), backup, swap]]
        }
        // emacs: a lock (a dangling symbolic link), the file written in place,
        // a `~` backup kept.
        2 => {
            let (lock, backup) = (at(&format!(".#{name}")), at(&format!("{name}~")));
            #[cfg(unix)]
            std::os::unix::fs::symlink("user@host.123:456", root.join(&lock)).unwrap();
            if root.join(rel).exists() {
                std::fs::copy(root.join(rel), root.join(&backup)).unwrap();
            }
            site.write(rel, text);
            let _ = std::fs::remove_file(root.join(&lock));
            vec![vec![lock.clone(), backup], vec![rel.to_string(), lock]]
        }
        // Save by renaming a hidden temporary file (VS Code, many others).
        3 => {
            let temp = at(&format!(".{name}.tmp1234"));
            site.write(&temp, text);
            std::fs::rename(root.join(&temp), root.join(rel)).unwrap();
            vec![vec![temp, rel.to_string()]]
        }
        // A plain write.
        _ => {
            site.write(rel, text);
            vec![vec![rel.to_string()]]
        }
    }
}

/// The site's own edits of a random sequence: articles, templates, files.
fn random_step(site: &Site, rng: &mut Rng, generated: &mut Vec<String>, next: &mut usize) -> (String, Vec<Vec<String>>) {
    let read = |rel: &str| std::fs::read_to_string(site.root().join(rel)).unwrap();
    let pick = |rng: &mut Rng, generated: &[String]| generated[rng.below(generated.len())].clone();
    let kind = if generated.is_empty() { 0 } else { rng.below(16) };
    match kind {
        0 => {
            *next += 1;
            let rel = format!("content/tin-tuc/2022/bai-{next}.md");
            let text = generated_article(rng, *next);
            site.write(&rel, &text);
            generated.push(rel.clone());
            (format!("add {rel}"), vec![vec![rel]])
        }
        1 => {
            let rel = generated.remove(rng.below(generated.len()));
            site.remove(&rel);
            (format!("delete {rel}"), vec![vec![rel]])
        }
        2 => {
            let i = rng.below(generated.len());
            *next += 1;
            let to = format!("content/tin-tuc/2022/doi-ten-{next}.md");
            std::fs::rename(site.root().join(&generated[i]), site.root().join(&to)).unwrap();
            let from = std::mem::replace(&mut generated[i], to.clone());
            (format!("rename {from} to {to}"), vec![vec![from, to]])
        }
        3 => {
            let rel = pick(rng, generated);
            let text = set_key(&read(&rel), "title", &format!("\"Tiêu đề mới {}\"", rng.below(1000)));
            (format!("retitle {rel}"), save(site, rng, &rel, &text))
        }
        4 => {
            let rel = pick(rng, generated);
            let text = set_key(&read(&rel), "date", &format!("2022-0{}-{:02} 07:30", 1 + rng.below(6), 1 + rng.below(28)));
            (format!("redate {rel}"), save(site, rng, &rel, &text))
        }
        5 => {
            let rel = pick(rng, generated);
            let text = set_key(&read(&rel), "tags", &format!("[\"{}\"]", TAGS[rng.below(TAGS.len())]));
            (format!("retag {rel}"), save(site, rng, &rel, &text))
        }
        6 => {
            // Every article with a tag gets it under a new name: same count.
            let from = TAGS[rng.below(TAGS.len())];
            let to = format!("đổi tên {}", rng.below(1000));
            let mut batches = Vec::new();
            for rel in generated.clone() {
                let text = read(&rel);
                if text.contains(&format!("[\"{from}\"]")) {
                    batches.extend(save(site, rng, &rel, &text.replace(&format!("[\"{from}\"]"), &format!("[\"{to}\"]"))));
                }
            }
            (format!("tag {from} renamed {to}"), batches)
        }
        7 => {
            // An article another one links to gets a new address.
            let rel = "content/ket-qua/chi-so-par-index.md";
            let text = set_key(&read(rel), "slug", &format!("chi-so-{}", rng.below(1000)));
            ("slug of a linked article".to_string(), save(site, rng, rel, &text))
        }
        8 => {
            let rel = pick(rng, generated);
            let text = format!("{}\nThêm một câu {}.\n", read(&rel), rng.below(1000));
            (format!("body of {rel}"), save(site, rng, &rel, &text))
        }
        9 => {
            // The component that page.html uses, defined in another template.
            let rel = "themes/default/templates/partials/badge.html";
            let text = format!(
                "{{% component badge(text) %}}<span class=\"badge\">{{{{ text }}}} {}</span>{{% endcomponent badge %}}\n",
                rng.below(1000)
            );
            ("component edit".to_string(), save(site, rng, rel, &text))
        }
        10 => {
            let rel = "themes/default/templates/leaflet.html";
            let default = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap();
            let text = default.replace("Điểm chính", &format!("Điểm chính {}", rng.below(1000)));
            ("template edit".to_string(), save(site, rng, rel, &text))
        }
        12 => {
            let rel = pick(rng, generated);
            let areas = ["[the-che]", "[thu-tuc-hanh-chinh]", "[the-che, thu-tuc-hanh-chinh]"][rng.below(3)];
            let text = set_key(&read(&rel), "areas", areas);
            (format!("areas of {rel}"), save(site, rng, &rel, &text))
        }
        13 => {
            let rel = pick(rng, generated);
            let units = ["[so-noi-vu]", "[so-tu-phap]", "[so-noi-vu, so-tu-phap]", "[]"][rng.below(4)];
            let text = set_key(&read(&rel), "units", units);
            (format!("units of {rel}"), save(site, rng, &rel, &text))
        }
        14 => {
            // A tag of its own: a tag appears, and the one it had may vanish.
            let rel = pick(rng, generated);
            let text = set_key(&read(&rel), "tags", &format!("[\"riêng {}\", \"{}\"]", rng.below(1000), TAGS[rng.below(TAGS.len())]));
            (format!("own tag for {rel}"), save(site, rng, &rel, &text))
        }
        15 => {
            let rel = pick(rng, generated);
            let text = read(&rel);
            let text = if text.contains("draft: true") { text.replace("draft: true\n", "") } else { set_key(&text, "draft", "true") };
            (format!("draft toggled for {rel}"), save(site, rng, &rel, &text))
        }
        _ => {
            let rel = "content/images/them.svg";
            if site.root().join(rel).exists() {
                site.remove(rel);
                ("asset removed".to_string(), vec![vec![rel.to_string()]])
            } else {
                site.write(rel, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
                ("asset added".to_string(), vec![vec![rel.to_string()]])
            }
        }
    }
}

/// A fresh build of `site`, into a folder of its own: whether it succeeds.
fn fresh_build_succeeds(site: &Site) -> bool {
    let fresh = tempfile::tempdir().unwrap();
    let mut opts = site.options(NOW);
    opts.out = Some(fresh.path().join("public"));
    loa::build(&opts).is_ok()
}

// See: issue 10, items 3 and 4.
#[test]
fn random_sequences_of_edits_give_the_output_of_a_fresh_build() {
    for seed in [0x10u64, 0x2f3d, 0xc0ffee, 0x51, 0xbead, 0x7e57, 0x1234_5678, 0xd00d] {
        let site = Site::new("basic");
        if seed % 2 == 1 {
            // Two entries a page: edits move entries between pages, add and remove pages.
            let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
            site.write("site.yaml", &config.replace("per_page: 10", "per_page: 2"));
        }
        // page.html uses a component that partials/badge.html defines.
        let page =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html")).unwrap();
        site.write(
            "themes/default/templates/page.html",
            &page.replace("<h1>{{ page.title }}</h1>", "<h1>{{ page.title }}</h1>{{ <badge text=\"Mới\"/> }}"),
        );
        site.write(
            "themes/default/templates/partials/badge.html",
            "{% component badge(text) %}<span class=\"badge\">{{ text }}</span>{% endcomponent badge %}\n",
        );
        let mut rng = Rng(seed);
        let mut generated = Vec::new();
        let mut next = 0;
        for _ in 0..3 {
            random_step(&site, &mut rng, &mut generated, &mut next);
        }
        let opts = site.options(NOW);
        let root = opts.root.clone();
        let out = opts.out_dir();
        let mut session = Session::new(opts);
        // Half the seeds defer every output that can wait; a separate
        // generator decides when the test waits for the deferred outputs,
        // so that the next edit often finds some still to render.
        if seed % 4 < 2 {
            session.set_defer_above(0);
        }
        let mut waits = Rng(seed ^ 0x5eed);
        // Edits that found deferred outputs of an earlier one.
        let mut carried = 0;
        session.build().unwrap_or_else(|d| panic!("seed {seed:#x}: first build: {}", d.report()));
        assert_same_as_fresh_build(&site, &out);
        for step in 0..20 {
            let (what, batches) = random_step(&site, &mut rng, &mut generated, &mut next);
            for batch in batches {
                let changes: Vec<Change> = batch.iter().filter_map(|rel| loa::session::classify(&root, &out, &root.join(rel))).collect();
                if changes.is_empty() {
                    continue;
                }
                carried += usize::from(session.has_deferred());
                session.apply(&changes);
                let context = format!("seed {seed:#x}, step {step}: {what}, batch {batch:?}");
                eprintln!("{context}");
                match session.build() {
                    Ok(_) if waits.below(3) == 0 => {}
                    // A fresh build that fails panics with its errors.
                    Ok(_) => {
                        session.finish().unwrap_or_else(|d| panic!("{context}: deferred outputs: {}", d.report()));
                        assert_same_as_fresh_build(&site, &out)
                    }
                    Err(d) => assert!(!fresh_build_succeeds(&site), "{context}: {}", d.report()),
                }
            }
        }
        session.finish().unwrap_or_else(|d| panic!("seed {seed:#x}: deferred outputs: {}", d.report()));
        assert_same_as_fresh_build(&site, &out);
        if seed % 4 < 2 {
            assert!(carried > 0, "seed {seed:#x}: no edit arrived while outputs were deferred");
        }
    }
}
