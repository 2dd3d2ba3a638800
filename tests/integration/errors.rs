//! Problems in the content: every one reported in one run, as
//! `error: content/…:LINE:COL: message`, exit status 1, and the output folder
//! left exactly as it was. Warnings do not stop the build.

use crate::common::{Site, links_of, snapshot};

const NOW: &str = "2022-07-01";

/// The three problems of `invalid-mixed`, one per file, sorted by path.
const UNKNOWN_AREA: &str = "error: content/tin-tuc/linh-vuc-sai.md:4:29: unknown area \"the_che\" (did you mean \"the-che\"?)";
const BAD_DATE: &str = "error: content/tin-tuc/ngay-sai.md:3:7: ";
const BROKEN_YAML: &str = "error: content/tin-tuc/yaml-hong.md:5:5: ";

/// Checks the report of `invalid-mixed`: exactly the three errors, in order, and the count.
fn assert_three_errors(report: &str) {
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 4, "expected three errors and a count:\n{report}");
    // areas: [thu-tuc-hanh-chinh, the_che] — the second item, line 4, column 29.
    assert_eq!(lines[0], UNKNOWN_AREA, "\n{report}");
    // date: 2022-13-40 — the value, line 3, column 7.
    assert!(lines[1].starts_with(BAD_DATE), "\n{report}");
    assert!(lines[1].contains("invalid date \"2022-13-40\""), "\n{report}");
    // areas: [the-che  — the flow list is not closed; the parser stops at "tags:" on line 5.
    assert!(lines[2].starts_with(BROKEN_YAML), "\n{report}");
    assert!(lines[2].contains("invalid front matter"), "\n{report}");
    assert_eq!(lines[3], "3 errors");
}

/// A `public/` of an earlier build (with the mark of a Loa build).
fn marked_output(site: &Site) -> Vec<(String, Vec<u8>)> {
    site.write("public/.loa-build", loa::output::guard::MARK_TEXT);
    site.write("public/dau-moc.txt", "bản dựng trước");
    site.write("public/tin-tuc/cu/index.html", "<p>trang cũ</p>");
    snapshot(&site.out())
}

/// The names at the site root: no staging folders may be left behind.
fn root_entries(site: &Site) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(site.root()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn check_reports_every_error_with_its_position() {
    let site = Site::new("invalid-mixed");
    let out = site.loa(&["check", "--now", NOW]);
    assert_eq!(out.status, 1, "stderr:\n{}", out.stderr);
    assert_three_errors(&out.stderr);
    assert!(!out.stdout.contains("ok"), "{}", out.stdout);
    assert!(!site.out().exists(), "check wrote public/");
}

#[test]
fn build_reports_the_same_errors_as_check() {
    let site = Site::new("invalid-mixed");
    let report = site.build_errors(NOW);
    assert_three_errors(&report);
    let check = site.loa(&["check", "--now", NOW]);
    assert_eq!(check.stderr, report);
}

#[test]
fn failing_check_and_build_leave_public_untouched() {
    let site = Site::new("invalid-mixed");
    let before = marked_output(&site);
    let entries = root_entries(&site);

    let check = site.loa(&["check", "--now", NOW]);
    assert_eq!(check.status, 1);
    assert_eq!(snapshot(&site.out()), before, "loa check changed public/");

    let build = site.loa(&["build", "--now", NOW]);
    assert_eq!(build.status, 1, "stderr:\n{}", build.stderr);
    assert!(build.stderr.starts_with(UNKNOWN_AREA), "{}", build.stderr);
    assert!(build.stderr.contains("3 errors\n"), "{}", build.stderr);
    assert!(build.stderr.contains("nothing written"), "{}", build.stderr);
    assert!(!build.stdout.contains("Built"), "{}", build.stdout);
    assert_eq!(snapshot(&site.out()), before, "a failed loa build changed public/");
    assert_eq!(root_entries(&site), entries, "files left next to public/");
}

#[test]
fn failed_build_leaves_the_previous_output_exactly_as_it_was() {
    let site = Site::new("basic");
    site.build(NOW);
    let before = snapshot(&site.out());
    assert!(!before.is_empty());
    let entries = root_entries(&site);

    // A new article with an unknown area, and a deleted one: neither may show.
    site.write("content/tin-tuc/2022/bai-moi.md", "---\ntitle: \"Bài mới\"\ndate: 2022-06-01\nareas: [the-chee]\n---\n\nNội dung.\n");
    site.remove("content/tin-tuc/2022/ra-mat-bo-phan-mot-cua.md");
    let report = site.build_errors(NOW);
    assert_eq!(report, "error: content/tin-tuc/2022/bai-moi.md:4:9: unknown area \"the-chee\" (did you mean \"the-che\"?)\n1 error\n");
    assert_eq!(snapshot(&site.out()), before, "the library build changed public/");

    let out = site.loa(&["build", "--now", NOW]);
    assert_eq!(out.status, 1);
    assert_eq!(snapshot(&site.out()), before, "loa build changed public/");
    assert_eq!(root_entries(&site), entries);
}

#[test]
fn link_to_a_missing_page_is_an_error_with_its_position() {
    let site = Site::new("missing-link");
    let before = marked_output(&site);
    // Line 9: "Xem [kế hoạch năm 2022](../ke-hoach-2022.md) để biết thêm." — the link starts at column 5.
    let expected =
        "error: content/tin-tuc/hop-bao.md:9:5: link to missing page \"../ke-hoach-2022.md\": no content/ke-hoach-2022.md\n1 error\n";
    assert_eq!(site.build_errors(NOW), expected);

    let check = site.loa(&["check", "--now", NOW]);
    assert_eq!(check.status, 1);
    assert_eq!(check.stderr, expected);
    let build = site.loa(&["build", "--now", NOW]);
    assert_eq!(build.status, 1);
    assert!(build.stderr.starts_with(expected), "{}", build.stderr);
    assert_eq!(snapshot(&site.out()), before);

    // Once the page exists, the link resolves.
    site.write("content/ke-hoach-2022.md", "---\ntitle: \"Kế hoạch năm 2022\"\n---\n\nKế hoạch thông tin, tuyên truyền.\n");
    site.build(NOW);
    let on_page = links_of(&site.read("tin-tuc/hop-bao/index.html"), "/tin-tuc/hop-bao/", "href");
    assert!(on_page.contains(&"/ke-hoach-2022/".to_string()), "{on_page:?}");
}

#[test]
fn unknown_front_matter_key_is_a_warning_and_the_build_succeeds() {
    let site = Site::new("unknown-key");
    let warning = "warning: content/tin-tuc/hop-bao.md:5:1: unknown front-matter key \"tag\" (did you mean \"tags\"?)";

    let check = site.loa(&["check", "--now", NOW]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    assert_eq!(check.stderr, format!("{warning}\n1 warning\n"));
    assert!(check.stdout.contains("ok"), "{}", check.stdout);

    let build = site.loa(&["build", "--now", NOW]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    assert!(build.stderr.contains(warning), "{}", build.stderr);
    assert!(site.exists("tin-tuc/hop-bao/index.html"));

    let opts = site.options(NOW);
    let generated = loa::build(&opts).unwrap_or_else(|_| panic!("the build should succeed"));
    assert_eq!(generated.diagnostics.error_count(), 0);
    assert_eq!(generated.diagnostics.warning_count(), 1);
}

#[test]
fn positions_are_right_with_a_byte_order_mark_and_crlf() {
    let site = Site::new("unknown-key");
    // Saved by a Windows editor: BOM, CRLF line endings, an unknown area on line 4.
    site.write(
        "content/tin-tuc/hop-bao.md",
        "\u{feff}---\r\ntitle: \"Họp báo quý I\"\r\ndate: 2022-01-14\r\nareas: [the_che]\r\n---\r\n\r\nNội dung.\r\n",
    );
    let out = site.loa(&["check", "--now", NOW]);
    assert_eq!(out.status, 1);
    assert_eq!(out.stderr, "error: content/tin-tuc/hop-bao.md:4:9: unknown area \"the_che\" (did you mean \"the-che\"?)\n1 error\n");

    // Fixed, the same file builds; a missing link in its body is found at its place.
    site.write(
        "content/tin-tuc/hop-bao.md",
        "\u{feff}---\r\ntitle: \"Họp báo quý I\"\r\ndate: 2022-01-14\r\nareas: [the-che]\r\n---\r\n\r\nXem [kế hoạch](ke-hoach.md).\r\n",
    );
    let report = site.build_errors(NOW);
    assert!(report.starts_with("error: content/tin-tuc/hop-bao.md:7:5: link to missing page \"ke-hoach.md\""), "{report}");
}

#[test]
fn two_files_with_the_same_url_are_an_error() {
    let site = Site::new("unknown-key");
    let text = "---\ntitle: \"Họp báo quý I\"\ndate: 2022-01-14\nareas: [the-che]\n---\n\nNội dung.\n";
    site.write("content/tin-tuc/hop-bao.md", text);
    // "Họp báo.md" has the slug hop-bao too.
    site.write("content/tin-tuc/Họp báo.md", text);
    let before = marked_output(&site);
    let out = site.loa(&["build", "--now", NOW]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.starts_with("error: content/tin-tuc/"), "{}", out.stderr);
    assert!(out.stderr.contains("URL /tin-tuc/hop-bao/ is also the URL of content/tin-tuc/"), "{}", out.stderr);
    assert!(out.stderr.contains("1 error\n"), "{}", out.stderr);
    assert_eq!(snapshot(&site.out()), before);
}
