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
