//! Messages in two languages: the catalogues agree, every id the code uses is
//! in both, every id has a section in the editors' guide, and what an officer
//! types wrong reads in Vietnamese (or English with --lang en / LOA_LANG=en).

use crate::common::Site;
use loa::i18n::{EN_FTL, VI_FTL, catalogue_ids};
use std::collections::BTreeSet;
use std::path::Path;

const NOW: &str = "2022-02-15";

fn ids(source: &str) -> BTreeSet<String> {
    let list = catalogue_ids(source);
    let set: BTreeSet<String> = list.iter().cloned().collect();
    assert_eq!(set.len(), list.len(), "a message id is defined twice");
    set
}

/// Every `msg!("id"` and `date_problem_or(…, "id")` in the sources.
fn used_ids() -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in walkdir::WalkDir::new(src).into_iter().filter_map(Result::ok) {
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for marker in ["msg!(", "Message::new(", "date_problem_or("] {
            for (i, _) in text.match_indices(marker) {
                let rest = &text[i + marker.len()..];
                // The id is the first string literal of the call.
                let Some(open) = rest.find('"') else { continue };
                if rest[..open].contains(';') || (marker == "msg!(" && !rest[..open].trim().is_empty()) {
                    continue;
                }
                let rest = &rest[open + 1..];
                let id = &rest[..rest.find('"').unwrap()];
                if id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') && id.contains('-') {
                    used.insert(id.to_string());
                }
            }
        }
    }
    used
}

#[test]
fn both_catalogues_have_the_same_ids() {
    let (vi, en) = (ids(VI_FTL), ids(EN_FTL));
    let only_vi: Vec<_> = vi.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&vi).collect();
    assert!(only_vi.is_empty() && only_en.is_empty(), "only in vi.ftl: {only_vi:?}\nonly in en.ftl: {only_en:?}");
}

#[test]
fn every_id_the_code_uses_is_in_the_catalogues() {
    let known = ids(VI_FTL);
    let used = used_ids();
    assert!(used.len() > 100, "the scan found only {} ids", used.len());
    let missing: Vec<_> = used.difference(&known).collect();
    assert!(missing.is_empty(), "used in src/ but not in locales/: {missing:?}");
    let unused: Vec<_> = known.difference(&used).collect();
    assert!(unused.is_empty(), "in locales/ but used nowhere in src/: {unused:?}");
}

#[test]
fn every_id_has_a_section_in_the_guide() {
    let guide = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(loa::i18n::GUIDE)).expect("the editors' guide");
    let headings: BTreeSet<&str> = guide.lines().filter(|l| l.starts_with('#')).flat_map(|l| l.split('`').skip(1).step_by(2)).collect();
    let missing: Vec<_> = ids(VI_FTL).into_iter().filter(|id| !headings.contains(id.as_str())).collect();
    assert!(missing.is_empty(), "no section for these messages in {}: {missing:?}", loa::i18n::GUIDE);
}

#[test]
fn unknown_area_in_vietnamese_by_default_and_in_english_on_request() {
    let site = Site::new("basic");
    let article = "content/tin-tuc/hop-bao-moi.md";
    site.write(article, "---\ntitle: \"Họp báo\"\ndate: 2022-01-14\nareas: [thu-tuc-hanh-chinh, the_che]\n---\n\nNội dung.\n");

    let vi = site.loa_native(&["check", "--now", NOW]);
    assert_eq!(vi.status, 1, "{}", vi.stderr);
    let line = vi.stderr.lines().find(|l| l.contains("the_che")).unwrap_or_else(|| panic!("{}", vi.stderr));
    assert_eq!(line, format!("error: {article}:4:29: lĩnh vực \"the_che\" chưa được khai báo trong site.yaml (có phải \"the-che\"?)"));
    assert!(vi.stderr.contains("1 lỗi"), "{}", vi.stderr);
    assert!(vi.stderr.contains("docs/huong-dan-bien-tap.md, mục #unknown-area"), "{}", vi.stderr);

    for en in [site.loa_native(&["check", "--now", NOW, "--lang", "en"]), site.loa(&["check", "--now", NOW])] {
        let line = en.stderr.lines().find(|l| l.contains("the_che")).unwrap_or_else(|| panic!("{}", en.stderr));
        assert_eq!(line, format!("error: {article}:4:29: unknown area \"the_che\" (did you mean \"the-che\"?)"));
        assert!(en.stderr.contains("1 error"), "{}", en.stderr);
    }
}

#[test]
fn yaml_slips_get_plain_hints_with_the_line_quoted() {
    let site = Site::new("basic");
    site.write(
        "content/tin-tuc/dau-hai-cham.md",
        "---\ntitle: Họp báo quý I: kết quả cải cách\ndate: 2022-01-14\nareas: [the-che]\n---\n\nNội dung.\n",
    );
    site.write(
        "content/tin-tuc/ngoac.md",
        "---\ntitle: \"Ngoặc\"\nareas: [the-che, thu-tuc-hanh-chinh\ndate: 2022-01-14\n---\n\nNội dung.\n",
    );
    site.write("content/tin-tuc/ngay-a.md", "---\ntitle: \"Ngày A\"\ndate: 2022-02-31\nareas: [the-che]\n---\n\nNội dung.\n");
    site.write("content/tin-tuc/ngay-b.md", "---\ntitle: \"Ngày B\"\ndate: 31/02/2022\nareas: [the-che]\n---\n\nNội dung.\n");
    let out = site.loa_native(&["check", "--now", NOW]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let err = &out.stderr;
    assert!(err.contains("đặt tiêu đề trong dấu ngoặc kép: title: \"Họp báo quý I: kết quả cải cách\""), "{err}");
    assert!(err.contains("  2 | title: Họp báo quý I: kết quả cải cách\n"), "{err}");
    assert!(err.contains("error: content/tin-tuc/ngoac.md:3:8: "), "the unclosed [ is not pointed at:\n{err}");
    assert!(err.contains("  3 | areas: [the-che, thu-tuc-hanh-chinh\n    |        ^\n"), "{err}");
    for file in ["ngay-a", "ngay-b"] {
        let line = err.lines().find(|l| l.contains(&format!("{file}.md:3:"))).unwrap_or_else(|| panic!("{file}: {err}"));
        assert!(line.contains("ngày 31/02/2022 không tồn tại"), "{line}");
    }
}

/// After every article of the fixtures is published.
const LATER: &str = "2022-07-01";

/// `loa check` (or another command) in Vietnamese, the default, and with
/// `--lang en`: both outputs, stderr then stdout.
fn in_both(site: &Site, args: &[&str]) -> (String, String) {
    let vi = site.loa_native(args);
    let mut en_args = args.to_vec();
    en_args.extend(["--lang", "en"]);
    let en = site.loa_native(&en_args);
    (format!("{}{}", vi.stderr, vi.stdout), format!("{}{}", en.stderr, en.stdout))
}

/// The printed line that holds `needle`.
fn line_with<'a>(report: &'a str, needle: &str) -> &'a str {
    report.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("no line with {needle:?} in:\n{report}"))
}

#[test]
fn encoding_problems_in_both_languages() {
    let (vi, en) = in_both(&Site::new("mojibake"), &["check", "--now", LATER]);
    assert_eq!(
        line_with(&vi, "7:18"),
        "warning: content/tin-tuc/hop-bao.md:7:18: \"C¶i c¸ch hµnh chÝnh.\" có vẻ là chữ gõ bằng phông TCVN3 (ABC, .VnTime…) cũ bị dán sang thành chữ lỗi; đúng ra phải là \"Cải cách hành chính.\" (gõ lại, hoặc chuyển sang Unicode, ví dụ bằng công cụ chuyển mã của Unikey)"
    );
    assert!(line_with(&en, "7:18").contains("looks like TCVN3 (ABC, .VnTime…) text pasted through a Latin-1 font"), "{en}");

    let (vi, en) = in_both(&Site::new("encoding-vni"), &["check", "--now", LATER]);
    assert_eq!(
        line_with(&vi, "7:3"),
        "error: content/tin-tuc/hop-bao.md:7:3: tệp không phải chữ UTF-8; nhiều khả năng tệp gõ bằng mã VNI (VNI-Times…), dòng này đọc ra là \"Cải cách hành chính\" (mở tệp bằng trình soạn thảo và lưu lại với mã UTF-8, ví dụ trong Notepad: File > Save As > Encoding: UTF-8)"
    );
    assert!(line_with(&en, "7:3").contains("the file is not UTF-8 text; it is most likely VNI (VNI-Times…)"), "{en}");
}

#[test]
fn removed_raw_html_in_both_languages() {
    let (vi, en) = in_both(&Site::new("raw-html"), &["check", "--now", LATER]);
    let html = "content/tin-tuc/html.md";
    assert_eq!(
        line_with(&vi, ":18:1:"),
        format!(
            "warning: {html}:18:1: đã bỏ thẻ <script> cùng nội dung bên trong: HTML trong bài không được chạy mã hay đổi giao diện trang"
        )
    );
    assert_eq!(
        line_with(&vi, ":21:1:"),
        format!("warning: {html}:21:1: đã bỏ thuộc tính onclick=\"…\" của thẻ <p>: HTML trong bài không được chạy mã")
    );
    assert!(line_with(&vi, ":25:1:").contains("đã bỏ liên kết javascript:"), "{vi}");
    assert!(line_with(&vi, ":28:1:").contains("đã bỏ <iframe> từ \"evil.example\""), "{vi}");
    assert!(
        line_with(&en, ":18:1:").ends_with("<script> removed with its content: raw HTML may not run scripts or restyle the site"),
        "{en}"
    );
    assert!(
        line_with(&en, ":25:1:").ends_with("javascript: link removed: only http(s), mailto, tel and relative links are published"),
        "{en}"
    );
}

#[test]
fn indices_and_chart_problems_in_both_languages() {
    let site = Site::new("indices");
    site.write(
        "content/ket-qua/sai.md",
        "---\ntitle: \"Sai\"\ndate: 2022-06-01\nareas: [the-che]\n---\n\nĐoạn mở đầu.\n\n```chi-so\nindex: par-indx\n```\n",
    );
    let (vi, en) = in_both(&site, &["check", "--now", LATER]);
    assert_eq!(
        line_with(&vi, "sai.md:10:8"),
        "error: content/ket-qua/sai.md:10:8: chỉ số \"par-indx\" chưa được khai báo (có phải \"par-index\"?)"
    );
    assert_eq!(
        line_with(&en, "sai.md:10:8"),
        "error: content/ket-qua/sai.md:10:8: unknown index \"par-indx\" (did you mean \"par-index\"?)"
    );

    site.write(
        "content/indices.yaml",
        "indices:\n  - key: par-index\n    name: \"PAR INDEX\"\n    max: 100\n    source: \"Bộ Nội vụ\"\n    city: { 2020: 89.25, 2021: \"cao\", 2022: 101.5 }\n",
    );
    let (vi, en) = in_both(&site, &["check", "--now", LATER]);
    assert_eq!(
        line_with(&vi, "indices.yaml:6:32"),
        "error: content/indices.yaml:6:32: giá trị của mục city \"cao\" không phải là một con số (ghi một con số, ví dụ 88.13)"
    );
    assert_eq!(
        line_with(&vi, "indices.yaml:6:45"),
        "error: content/indices.yaml:6:45: giá trị 101.5 của mục city năm 2022 lớn hơn mức tối đa 100 (kiểm tra lại con số, hoặc mức max của chỉ số)"
    );
    assert_eq!(
        line_with(&en, "indices.yaml:6:32"),
        "error: content/indices.yaml:6:32: value of city \"cao\" is not a number (write a number such as 88.13)"
    );
}

#[test]
fn collisions_and_output_folder_problems_in_both_languages() {
    let site = Site::new("basic");
    site.write("content/tin-tuc/2022/hop-bao-quy-1/to-roi.md", "---\ntitle: \"T\"\ndate: 2022-03-01\nareas: [the-che]\n---\n\nX.\n");
    let (vi, en) = in_both(&site, &["check", "--now", LATER]);
    let file = "content/tin-tuc/2022/hop-bao-quy-1/to-roi.md";
    assert_eq!(
        line_with(&vi, file),
        format!(
            "error: {file}: địa chỉ /tin-tuc/2022/hop-bao-quy-1/to-roi/ cũng được ghi bởi tờ rơi của content/tin-tuc/2022/hop-bao-quy-1.md (đổi tên tệp hoặc đặt một slug khác)"
        )
    );
    assert!(line_with(&en, file).contains("URL /tin-tuc/2022/hop-bao-quy-1/to-roi/ is also written by the leaflet of"), "{en}");

    site.remove(file);
    site.write("tep-trung-ten", "");
    let (vi, en) = in_both(&site, &["build", "--now", LATER, "--out", "tep-trung-ten"]);
    assert_eq!(vi.trim_end(), "error: tep-trung-ten: đã có một tệp trùng tên, không phải thư mục");
    assert_eq!(en.trim_end(), "error: tep-trung-ten: exists and is not a folder");
}
