//! Output collisions (issue 8, item 4): a page or section on a URL Loa
//! generates itself, or two sources of one output file, is an error naming
//! both, exit status 1, and the previous output left as it was.

use crate::common::{Site, snapshot};

const NOW: &str = "2022-07-01";

fn article(title: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: 2022-03-01\nareas: [the-che]\n---\n\nNội dung.\n")
}

/// `basic` built once, so that a failed build has an output to keep.
fn built() -> (Site, Vec<(String, Vec<u8>)>) {
    let site = Site::new("basic");
    site.build(NOW);
    let before = snapshot(&site.out());
    (site, before)
}

/// Builds with the binary: exit 1, exactly `expected` then the count, the
/// output unchanged.
fn assert_refused(site: &Site, before: &[(String, Vec<u8>)], expected: &[&str]) {
    let build = site.loa(&["build", "--now", NOW]);
    assert_eq!(build.status, 1, "{}", build.stderr);
    let errors: Vec<&str> = build.stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors, expected, "{}", build.stderr);
    assert_eq!(snapshot(&site.out()), before, "a failed build changed public/");
    let check = site.loa(&["check", "--now", NOW]);
    assert_eq!(check.status, 1);
    assert!(build.stderr.starts_with(&check.stderr), "check and build disagree:\n{}\n{}", check.stderr, build.stderr);
}

#[test]
fn pages_and_sections_on_reserved_urls_are_errors() {
    let (site, before) = built();
    site.write("content/tim-kiem.md", "---\ntitle: \"Tìm kiếm\"\n---\n\nTrang riêng.\n");
    site.write("content/chi-so.md", "---\ntitle: \"Chỉ số\"\n---\n\nTrang riêng.\n");
    site.write("content/lich/hop-thang.md", &article("Họp tháng"));
    assert_refused(
        &site,
        &before,
        &[
            "error: content/chi-so.md: /chi-so/ is reserved for the reform indices (rename the file)",
            "error: content/lich/hop-thang.md: /lich/ is reserved for the calendar (rename the folder)",
            "error: content/tim-kiem.md: /tim-kiem/ is reserved for the search page (rename the file)",
        ],
    );
}

#[test]
fn an_article_on_the_url_of_a_leaflet_is_an_error() {
    let (site, before) = built();
    site.write("content/tin-tuc/2022/hop-bao-quy-1/to-roi.md", &article("Tờ rơi riêng"));
    assert_refused(
        &site,
        &before,
        &[
            "error: content/tin-tuc/2022/hop-bao-quy-1/to-roi.md: URL /tin-tuc/2022/hop-bao-quy-1/to-roi/ is also written by the leaflet of content/tin-tuc/2022/hop-bao-quy-1.md (rename the file or set a different slug)",
        ],
    );
}

#[test]
fn an_article_on_the_url_of_a_list_page_is_an_error() {
    let (site, before) = built();
    // Eleven articles more: the section list has a second page (per_page: 10).
    for n in 1..=11 {
        site.write(&format!("content/tin-tuc/them/bai-{n}.md"), &article(&format!("Bài {n}")));
    }
    site.write("content/tin-tuc/trang/2.md", &article("Trang hai"));
    assert_refused(
        &site,
        &before,
        &[
            "error: content/tin-tuc/trang/2.md: URL /tin-tuc/trang/2/ is also written by page 2 of section \"tin-tuc\" (rename the file or set a different slug)",
        ],
    );
    // With a slug of its own, it builds.
    site.write("content/tin-tuc/trang/2.md", &article("Trang hai").replace("date:", "slug: trang-hai\ndate:"));
    site.build(NOW);
    assert!(site.exists("tin-tuc/trang/trang-hai/index.html"));
    assert!(site.exists("tin-tuc/trang/2/index.html"));
}
