//! The `loa` command: `new`, exit statuses and what it prints.

use crate::common::{Site, links, links_of, loa_in};

const NOW: &str = "2022-07-01";

#[test]
fn new_writes_an_article_that_builds() {
    let site = Site::new("basic");
    let out = site.loa(&["new", "tin-tuc/hop-bao", "--title", "Họp báo", "--area", "the-che"]);
    assert_eq!(out.status, 0, "stderr:\n{}", out.stderr);
    assert!(out.stdout.contains("content/tin-tuc/hop-bao.md"), "{}", out.stdout);

    let text = std::fs::read_to_string(site.root().join("content/tin-tuc/hop-bao.md")).expect("the new article");
    assert!(text.starts_with("---\n"), "{text}");
    let front: Vec<&str> = text.lines().skip(1).take_while(|l| *l != "---").collect();
    assert!(front.contains(&"title: \"Họp báo\""), "{text}");
    assert!(front.contains(&"areas: [the-che]"), "{text}");
    let date = front.iter().find_map(|l| l.strip_prefix("date: ")).unwrap_or_else(|| panic!("no date:\n{text}"));
    assert!(loa::dates::parse_time(date).is_ok(), "date {date:?} does not parse");

    // Built at the clock's time, the article dated "now" is published.
    let build = site.loa(&["build"]);
    assert_eq!(build.status, 0, "stderr:\n{}", build.stderr);
    let page = site.read("tin-tuc/hop-bao/index.html");
    assert!(page.contains("<h1>Họp báo</h1>"), "{page}");
    let on_page = links_of(&page, "/tin-tuc/hop-bao/", "href");
    assert!(on_page.contains(&"/linh-vuc/the-che/".to_string()), "{on_page:?}");
    let on_area = links_of(&site.read("linh-vuc/the-che/index.html"), "/linh-vuc/the-che/", "href");
    assert!(on_area.contains(&"/tin-tuc/hop-bao/".to_string()), "{on_area:?}");
}

#[test]
fn new_with_now_writes_that_date() {
    let site = Site::new("basic");
    let out = site.loa(&[
        "new",
        "tin-tuc/2022/giao-ban",
        "--title",
        "Giao ban quý II",
        "--area",
        "the-che,thu-tuc-hanh-chinh",
        "--now",
        "2022-04-05T09:30",
    ]);
    assert_eq!(out.status, 0, "stderr:\n{}", out.stderr);
    let text = std::fs::read_to_string(site.root().join("content/tin-tuc/2022/giao-ban.md")).unwrap();
    assert!(text.contains("\ndate: 2022-04-05 09:30\n"), "{text}");
    assert!(text.contains("\nareas: [the-che, thu-tuc-hanh-chinh]\n"), "{text}");
    site.build(NOW);
    assert!(site.read("tin-tuc/2022/giao-ban/index.html").contains("Thứ Ba, 05/04/2022"));
}

#[test]
fn new_never_overwrites() {
    let site = Site::new("basic");
    let args = ["new", "tin-tuc/hop-bao", "--title", "Họp báo", "--area", "the-che"];
    assert_eq!(site.loa(&args).status, 0);
    let path = site.root().join("content/tin-tuc/hop-bao.md");
    let edited = std::fs::read_to_string(&path).unwrap() + "Đoạn đã viết.\n";
    std::fs::write(&path, &edited).unwrap();

    let again = site.loa(&args);
    assert_eq!(again.status, 1, "stdout:\n{}\nstderr:\n{}", again.stdout, again.stderr);
    assert!(again.stderr.contains("error: content/tin-tuc/hop-bao.md: already exists"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited, "the article was overwritten");
}

#[test]
fn new_with_an_unknown_area_suggests_the_right_key() {
    let site = Site::new("basic");
    let out = site.loa(&["new", "tin-tuc/hop-bao", "--title", "Họp báo", "--area", "the_che"]);
    assert_eq!(out.status, 1, "stderr:\n{}", out.stderr);
    assert!(
        out.stderr.contains(
            "error: --area: unknown area \"the_che\" (did you mean \"the-che\"? valid keys: the-che (Cải cách thể chế), thu-tuc-hanh-chinh (Cải cách thủ tục hành chính))"
        ),
        "{}",
        out.stderr
    );
    assert!(!site.root().join("content/tin-tuc/hop-bao.md").exists(), "a file was written");
}

#[test]
fn new_in_vietnamese_lists_the_area_keys_with_their_names() {
    let site = Site::new("basic");
    let out = site.loa_native(&["new", "tin-tuc/hop-bao", "--title", "Họp báo", "--area", "cai-cach"]);
    assert_eq!(out.status, 1, "stderr:\n{}", out.stderr);
    assert!(
        out.stderr.contains(
            "error: --area: lĩnh vực \"cai-cach\" chưa được khai báo trong site.yaml (các mã hợp lệ: the-che (Cải cách thể chế), thu-tuc-hanh-chinh (Cải cách thủ tục hành chính))"
        ),
        "{}",
        out.stderr
    );
    let out = site.loa_native(&["new", "tin-tuc/hop-bao", "--title", "Họp báo", "--area", "the-che", "--unit", "so-noi-vuu"]);
    assert_eq!(out.status, 1);
    assert!(out.stderr.contains("error: --unit: đơn vị \"so-noi-vuu\" chưa được khai báo trong site.yaml (có phải \"so-noi-vu\"? các mã hợp lệ: so-noi-vu (Sở Nội vụ)"), "{}", out.stderr);
}

#[test]
fn new_takes_units_and_tags_prints_the_path_and_the_preview_command_and_its_placeholder_warns() {
    let site = Site::new("basic");
    let args = [
        "new",
        "tin-tuc/giao-ban",
        "--title",
        "Giao ban",
        "--area",
        "the-che",
        "--unit",
        "so-noi-vu,so-tu-phap",
        "--tag",
        "một cửa",
        "--tag",
        "dịch vụ công",
        "--now",
        "2022-04-05",
    ];
    let out = site.loa_native(&args);
    assert_eq!(out.status, 0, "stderr:\n{}", out.stderr);
    assert!(out.stdout.contains("đã tạo content/tin-tuc/giao-ban.md"), "{}", out.stdout);
    assert!(out.stdout.contains("loa serve --root ."), "{}", out.stdout);
    let text = std::fs::read_to_string(site.root().join("content/tin-tuc/giao-ban.md")).unwrap();
    assert!(text.contains("\nunits: [so-noi-vu, so-tu-phap]\n"), "{text}");
    assert!(text.contains("\ntags: [\"một cửa\", \"dịch vụ công\"]\n"), "{text}");

    // The skeleton's text does not pass unnoticed: check warns until it is replaced.
    let check = site.loa_native(&["check", "--now", NOW]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    let warning = check.stderr.lines().find(|l| l.contains("giao-ban.md")).unwrap_or_else(|| panic!("{}", check.stderr));
    assert!(warning.starts_with("warning: content/tin-tuc/giao-ban.md:"), "{warning}");
    assert!(warning.contains("đoạn chữ mẫu"), "{warning}");
    let written = text.replace(loa::new::PLACEHOLDER, "Sáng 05/4, Sở Nội vụ tổ chức giao ban.");
    site.write("content/tin-tuc/giao-ban.md", &written);
    let check = site.loa(&["check", "--now", NOW]);
    assert!(!check.stderr.contains("giao-ban.md"), "{}", check.stderr);
    let page = site.build(NOW).join("tin-tuc/giao-ban/index.html");
    let page = std::fs::read_to_string(page).unwrap();
    assert!(page.contains("/don-vi/so-tu-phap/") && page.contains("/chu-de/mot-cua/"), "{page}");
}

#[test]
fn bad_flags_are_usage_errors() {
    let site = Site::new("basic");
    for args in [
        &["build", "--khong-co-co-nay"][..],
        &["check", "--now"][..],
        &["new", "tin-tuc/hop-bao", "--title", "Họp báo"][..],
        &["xay-dung"][..],
    ] {
        let out = site.loa(args);
        assert_eq!(out.status, 2, "loa {args:?}: stderr:\n{}", out.stderr);
        assert!(!out.stderr.is_empty());
    }
    // An unreadable --now is a usage error too, and writes nothing.
    let out = site.loa(&["build", "--now", "14/01/2022"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--now"), "{}", out.stderr);
    assert!(!site.out().exists());
    assert!(!site.root().join("content/tin-tuc/hop-bao.md").exists());
}

#[test]
fn check_of_a_good_site_says_ok_and_writes_nothing() {
    let site = Site::new("basic");
    let out = site.loa(&["check", "--now", NOW]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert!(out.stdout.contains("ok: no errors"), "{}", out.stdout);
    assert!(!site.out().exists());
}

#[test]
fn build_takes_root_and_out_from_anywhere() {
    let site = Site::new("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let out_dir = elsewhere.path().join("xuat-ban");
    let root = site.root().to_str().unwrap();
    let out = loa_in(elsewhere.path(), &["build", "--root", root, "--out", out_dir.to_str().unwrap(), "--now", NOW]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("Built 4 articles, 1 pages"), "{}", out.stdout);
    assert!(out_dir.join("tin-tuc/2022/hop-bao-quy-1/index.html").is_file());
    assert!(!site.out().exists(), "--out was ignored");

    // Without a site.yaml: a content error naming the fix.
    let out = loa_in(elsewhere.path(), &["check", "--now", NOW]);
    assert_eq!(out.status, 1);
    assert!(out.stderr.starts_with("error: site.yaml: site.yaml not found"), "{}", out.stderr);
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let site = Site::new("basic");
    let out = site.loa(&["build", "--now", NOW, "--base-url", "https://example.gov.vn/cchc"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let article = site.read("tin-tuc/2022/hop-bao-quy-1/index.html");
    let page = "/cchc/tin-tuc/2022/hop-bao-quy-1/";
    assert!(links_of(&article, page, "href").contains(&"/cchc/ket-qua/chi-so-par-index/".to_string()), "the .md link misses the base path");
    assert!(links_of(&article, page, "src").contains(&"/cchc/images/hop-bao.svg".to_string()));
    let outside: Vec<String> = links(&article, page).into_iter().filter(|l| !l.starts_with("/cchc/")).collect();
    assert!(outside.is_empty(), "links without the base path: {outside:?}");
    assert!(!article.contains("href=\"/tin-tuc/"), "a link without the base path");
    assert!(site.read("rss.xml").contains("<link>https://example.gov.vn/cchc/tin-tuc/2022/hop-bao-quy-1/</link>"));
    assert!(site.read("robots.txt").contains("Sitemap: https://example.gov.vn/cchc/sitemap.xml"));

    let out = site.loa(&["build", "--now", NOW, "--base-url", "/cchc/"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.starts_with("error: --base-url: "), "{}", out.stderr);
}
