//! Hardened inputs (issue 8, items 2, 3 and 6): legacy encodings, broken front
//! matter and raw HTML. Each bad input is a fixture site; each test asserts the
//! exact report, the exit status, and that a failed build leaves the previous
//! output as it was.
// See: issue 8 ("Never lose data, never publish what was not meant").

use crate::common::{Site, fixture, plain, snapshot};

const NOW: &str = "2022-07-01";
const ARTICLE: &str = "content/tin-tuc/hop-bao.md";
const GOOD_ARTICLE: &str = "---\ntitle: \"Họp báo quý I\"\ndate: 2022-01-14\nareas: [the-che]\n---\n\nSở Nội vụ tổ chức họp báo.\n";
const RESAVE: &str =
    "(open it in a text editor and save it again with the encoding UTF-8, e.g. in Notepad: File > Save As > Encoding: UTF-8)";

/// Builds the fixture once with `file` replaced by a good version, then with
/// the fixture's own bad `file`: the second build must exit 1 with exactly
/// `expected` (then the count), leave the output of the first byte for byte,
/// and change nothing in the site.
fn assert_fails(name: &str, file: &str, expected: &[&str]) {
    let site = Site::new(name);
    let bad = std::fs::read(site.root().join(file)).unwrap();
    let good = match file {
        "site.yaml" => std::fs::read_to_string(fixture("unknown-key").join("site.yaml")).unwrap(),
        "content/calendar.yaml" => "activities: []\n".to_string(),
        _ => GOOD_ARTICLE.to_string(),
    };
    site.write(file, &good);
    let first = site.loa(&["build", "--now", NOW]);
    assert_eq!(first.status, 0, "{}", first.stderr);
    let before = snapshot(&site.out());
    std::fs::write(site.root().join(file), &bad).unwrap();
    let sources = snapshot(&site.root().join("content"));

    let out = site.loa(&["build", "--now", NOW]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    let stderr = plain(&out.stderr);
    let report: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("nothing written")).collect();
    let count = if expected.len() == 1 { "1 error".to_string() } else { format!("{} errors", expected.len()) };
    let mut wanted: Vec<&str> = expected.to_vec();
    wanted.push(&count);
    assert_eq!(report, wanted);
    assert!(snapshot(&site.out()) == before, "the failed build changed public/");
    assert!(snapshot(&site.root().join("content")) == sources, "the failed build changed content/");
    assert_eq!(std::fs::read(site.root().join(file)).unwrap(), bad);
}

/// Builds a fixture that has only warnings: exit 0 and exactly `expected`.
fn assert_warns(name: &str, expected: &[&str]) -> Site {
    let site = Site::new(name);
    let out = site.loa(&["build", "--now", NOW]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let stderr = plain(&out.stderr);
    let report: Vec<&str> = stderr.lines().collect();
    let count = if expected.len() == 1 { "1 warning".to_string() } else { format!("{} warnings", expected.len()) };
    let mut wanted: Vec<&str> = expected.to_vec();
    if !expected.is_empty() {
        wanted.push(&count);
    }
    assert_eq!(report, wanted);
    site
}

// Item 2: encodings.

#[test]
fn windows_1258_article_is_refused_with_its_first_bad_line() {
    assert_fails(
        "encoding-windows-1258",
        ARTICLE,
        &[&format!(
            "error: {ARTICLE}:2:11: the file is not UTF-8 text; it is most likely Windows-1258, where this line reads \"title: \"Họp báo\"\" {RESAVE}"
        )],
    );
}

#[test]
fn tcvn3_and_vni_files_are_named() {
    assert_fails(
        "encoding-tcvn3",
        ARTICLE,
        &[&format!(
            "error: {ARTICLE}:7:2: the file is not UTF-8 text; it is most likely TCVN3 (ABC, .VnTime…), where this line reads \"Cải cách hành chính\" {RESAVE}"
        )],
    );
    assert_fails(
        "encoding-vni",
        ARTICLE,
        &[&format!(
            "error: {ARTICLE}:7:3: the file is not UTF-8 text; it is most likely VNI (VNI-Times…), where this line reads \"Cải cách hành chính\" {RESAVE}"
        )],
    );
}

#[test]
fn site_yaml_and_calendar_in_windows_1258_are_refused() {
    assert_fails(
        "encoding-site-yaml",
        "site.yaml",
        &[&format!(
            "error: site.yaml:1:11: the file is not UTF-8 text; it is most likely Windows-1258, where this line reads \"title: \"Cải cách hành chính Hà Nội\"\" {RESAVE}"
        )],
    );
    assert_fails(
        "encoding-calendar",
        "content/calendar.yaml",
        &[&format!(
            "error: content/calendar.yaml:3:15: the file is not UTF-8 text; it is most likely Windows-1258, where this line reads \"title: \"Họp báo quý\"\" {RESAVE}"
        )],
    );
}

#[test]
fn tcvn3_and_vni_pasted_through_a_latin1_font_are_warned_about() {
    let hint = "(retype it, or convert it to Unicode, e.g. with Unikey's converter)";
    let site = assert_warns(
        "mojibake",
        &[
            &format!(
                "warning: {ARTICLE}:7:18: \"C¶i c¸ch hµnh chÝnh.\" looks like TCVN3 (ABC, .VnTime…) text pasted through a Latin-1 font; it should read \"Cải cách hành chính.\" {hint}"
            ),
            &format!(
                "warning: {ARTICLE}:9:1: \"Caûi caùch haønh chính\" looks like VNI (VNI-Times…) text pasted through a Latin-1 font; it should read \"Cải cách hành chính\" {hint}"
            ),
        ],
    );
    // Warned about, published as written (Loa does not guess on the author's behalf).
    assert!(site.read("tin-tuc/hop-bao/index.html").contains("C¶i c¸ch hµnh chÝnh"));
}

#[test]
fn bom_crlf_lone_cr_and_nfd_are_normalised() {
    let site = assert_warns("line-endings", &[]);
    let page = site.read("tin-tuc/hop-bao/index.html");
    assert!(page.contains("<h1>Họp báo quý I</h1>") || page.contains(">Họp báo quý I<"), "NFC title");
    assert!(!page.contains('\r'));
    assert!(page.contains("Dòng một.\nDòng hai."), "lone CR is a line break");
    assert!(site.exists("chu-de/mot-cua/index.html"), "NFD tag gives the NFC slug");
}

// Item 3: front matter.

#[test]
fn unclosed_front_matter_is_an_error() {
    assert_fails(
        "fm-unclosed",
        ARTICLE,
        &[&format!("error: {ARTICLE}:1:1: front matter is not closed: add a line \"---\" after the last front-matter key")],
    );
}

#[test]
fn yaml_syntax_error_points_into_the_file() {
    // The error points at the list that is not closed, not where the parser gave up.
    assert_fails(
        "fm-yaml-syntax",
        ARTICLE,
        &[&format!(
            "error: {ARTICLE}:4:8: invalid front matter: did not find expected ',' or ']' (the list \"[\" of areas is not closed: end it with \"]\" on the same line, e.g. areas: [the-che, cong-vu])"
        )],
    );
}

#[test]
fn a_date_that_is_not_a_date_is_positioned() {
    assert_fails(
        "fm-wrong-type",
        ARTICLE,
        &[&format!(
            "error: {ARTICLE}:3:7: invalid date \"hôm qua\": expected YYYY-MM-DD, YYYY-MM-DD HH:MM or RFC 3339 (for example 2022-01-14 09:00)"
        )],
    );
}

#[test]
fn missing_title_date_and_areas_are_all_reported() {
    assert_fails(
        "fm-missing",
        ARTICLE,
        &[
            &format!("error: {ARTICLE}:1:1: missing \"areas\": add areas: [one of the-che, thu-tuc-hanh-chinh]"),
            &format!("error: {ARTICLE}:1:1: missing \"date\": add a line date: 2022-01-14 (or 2022-01-14 09:00)"),
            &format!("error: {ARTICLE}:2:1: missing \"title\": add a line title: \"…\" to the front matter"),
        ],
    );
}

#[test]
fn a_single_area_string_is_a_list_of_one() {
    let site = assert_warns("fm-areas-string", &[]);
    assert!(site.read("linh-vuc/thu-tuc-hanh-chinh/index.html").contains("Họp báo"));
}

#[test]
fn unknown_key_warns_with_did_you_mean() {
    assert_warns("fm-unknown-key", &[&format!("warning: {ARTICLE}:5:1: unknown front-matter key \"sumary\" (did you mean \"summary\"?)")]);
}

#[test]
fn aliases_cannot_blow_up() {
    // Nine levels of nine aliases: 387,420,489 strings if expanded.
    assert_fails(
        "fm-billion-laughs",
        ARTICLE,
        &[&format!("error: {ARTICLE}:12:4: invalid front matter: tags[0]: invalid type: sequence, expected a text value")],
    );
}

#[test]
fn a_50_mb_file_is_refused_cleanly() {
    let site = Site::new("fm-huge");
    site.loa(&["build", "--now", NOW]);
    let before = snapshot(&site.out());
    let mut text = GOOD_ARTICLE.to_string();
    let paragraph = "Cải cách hành chính là nhiệm vụ trọng tâm. ".repeat(100) + "\n\n";
    while text.len() < 50 * 1000 * 1000 {
        text.push_str(&paragraph);
    }
    site.write(ARTICLE, &text);
    let out = site.loa(&["build", "--now", NOW]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let first = out.stderr.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "error: {ARTICLE}: cannot read: the file is {:.1} MB, more than the 8 MB Loa reads as text: split it, or put large data in a file to download",
            text.len() as f64 / 1e6
        )
    );
    assert!(snapshot(&site.out()) == before);
}

// Item 6: raw HTML.

#[test]
fn raw_html_is_sanitised_with_a_warning_for_each_removal() {
    let file = "content/tin-tuc/html.md";
    let links = "only http(s), mailto, tel and relative links are published";
    let site = assert_warns(
        "raw-html",
        &[
            &format!("warning: {file}:18:1: <script> removed with its content: raw HTML may not run scripts or restyle the site"),
            &format!("warning: {file}:19:1: <style> removed with its content: raw HTML may not run scripts or restyle the site"),
            &format!("warning: {file}:21:1: attribute onclick=\"…\" of <p> removed: raw HTML may not run scripts"),
            &format!("warning: {file}:23:1: javascript: URL in href of <a> removed: {links}"),
            &format!("warning: {file}:23:51: data: URL in src of <img> removed: {links}"),
            &format!("warning: {file}:25:1: javascript: link removed: {links}"),
            &format!(
                "warning: {file}:28:1: <iframe> from \"evil.example\" removed: list its host under allow_iframes_from in site.yaml to embed it"
            ),
        ],
    );
    let page = site.read("tin-tuc/html/index.html");
    let body = &page[page.find("<h1").unwrap()..];
    for gone in ["<script", "alert(", "<style", "display: none", "onclick", "javascript:", "data:image", "evil.example"] {
        assert!(!body.contains(gone), "{gone} published:\n{body}");
    }
    for kept in [
        "<details>\n<summary>Chi tiết kế hoạch</summary>",
        "<td>Quý I<sup>1</sup></td><td>H<sub>2</sub>O</td>",
        "<abbr title=\"Cải cách hành chính\">CCHC</abbr> là <mark>nhiệm vụ trọng tâm</mark>, nhấn <kbd>Ctrl</kbd>+<kbd>F</kbd>",
        "<figcaption>Hội nghị</figcaption></figure>",
        "<p>Đoạn có trình xử lý sự kiện.</p>",
        "<a>liên kết độc</a>",
        "liên kết Markdown độc",
        "<iframe src=\"https://www.youtube.com/embed/abc\" width=\"560\" height=\"315\" title=\"Video\"></iframe>",
    ] {
        assert!(body.contains(kept), "{kept} lost:\n{body}");
    }
    // Loa's own HTML is untouched: highlighted code keeps its classed spans
    // and the escaped text of the code.
    assert!(body.contains("<pre class=\"code\""), "{body}");
    assert!(body.contains("&lt;script&gt;"), "{body}");
}

#[test]
fn unsafe_html_publishes_raw_html_as_written() {
    let site = assert_warns("raw-html-unsafe", &[]);
    let page = site.read("tin-tuc/html/index.html");
    assert!(page.contains("<script>alert(\"xss\")</script>"));
    assert!(page.contains("<iframe src=\"https://evil.example/phish\"></iframe>"));
}
