//! Escapes (issue 8, item 5): a `slug`, an `image` or a Markdown link with
//! `..`, an absolute path, a drive letter or a backslash never reads or
//! writes outside the site; symbolic links under content/ are skipped with a
//! warning, their targets neither read nor copied.

use crate::common::{Site, copy_dir, fixture, loa_in, snapshot};

const NOW: &str = "2022-07-01";

/// An article in `basic` with this front matter line and body.
fn article(extra: &str, body: &str) -> String {
    format!("---\ntitle: \"Thử\"\ndate: 2022-03-01\nareas: [the-che]\n{extra}---\n\n{body}\n")
}

#[test]
fn paths_out_of_the_site_are_errors_and_nothing_is_read_or_written() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("bi-mat.txt"), "không được công bố").unwrap();
    let site = Site::new("basic");
    site.build(NOW);
    let before_out = snapshot(&site.out());
    let before_outer = snapshot(outer.path());
    let secret = outer.path().join("bi-mat.txt");
    site.write(
        "content/tin-tuc/a.md",
        &article("image: ../../../../../../../../etc/passwd\nimage_alt: \"Ảnh\"\n", "[x](../../../../../../../../etc/passwd)"),
    );
    site.write("content/tin-tuc/b.md", &article("", &format!("[y]({})", secret.display())));
    site.write("content/tin-tuc/c.md", &article("", "[z](C:\\Windows\\win.ini) [w](..\\..\\bi-mat.txt)"));
    let build = site.loa(&["build", "--now", NOW]);
    assert_eq!(build.status, 1, "{}", build.stderr);
    let errors: Vec<&str> = build.stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(
        errors,
        [
            "error: content/tin-tuc/a.md:5:8: image: link to missing file \"../../../../../../../../etc/passwd\": not found next to the page (/tin-tuc/a/) nor next to content/tin-tuc/a.md",
            "error: content/tin-tuc/a.md:9:1: link to missing file \"../../../../../../../../etc/passwd\": not found next to the page (/tin-tuc/a/) nor next to content/tin-tuc/a.md",
            &format!(
                "error: content/tin-tuc/b.md:7:1: link to missing file \"{}\": nothing is built at {}",
                secret.display(),
                secret.display()
            ),
            "error: content/tin-tuc/c.md:7:1: link to \"C:\\Windows\\win.ini\" is a path on a computer's drive: copy the file into content/ and link to it there",
            // Markdown reads "\\." as an escaped dot.
            "error: content/tin-tuc/c.md:7:25: link to \"....\\bi-mat.txt\" has a backslash or NUL: write paths with /",
        ],
        "{}",
        build.stderr
    );
    assert_eq!(snapshot(&site.out()), before_out);
    assert_eq!(snapshot(outer.path()), before_outer);
}

#[test]
fn a_slug_with_dots_and_slashes_stays_inside_the_output() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("site");
    copy_dir(&fixture("basic"), &root);
    std::fs::write(root.join("content/tin-tuc/a.md"), article("slug: \"../../../../thoat\"\n", "Nội dung.")).unwrap();
    std::fs::write(root.join("content/tin-tuc/b.md"), article("slug: \"C:\\\\thoat-2\"\n", "Nội dung.")).unwrap();
    let build = loa_in(&root, &["build", "--now", NOW]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    assert!(root.join("public/tin-tuc/thoat/index.html").is_file());
    assert!(root.join("public/tin-tuc/c-thoat-2/index.html").is_file());
    let names: Vec<_> = std::fs::read_dir(outer.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["site"], "something was written beside the site");
    let mut top: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    top.sort();
    assert_eq!(top, ["content", "public", "site.yaml"]);
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_site_are_skipped_with_a_warning() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("bi-mat.txt"), "không được công bố").unwrap();
    std::fs::create_dir(outer.path().join("thu-muc")).unwrap();
    std::fs::write(outer.path().join("thu-muc/bai.md"), article("", "Bài ngoài site.")).unwrap();
    let site = Site::new("basic");
    std::os::unix::fs::symlink(outer.path().join("bi-mat.txt"), site.root().join("content/images/bi-mat.txt")).unwrap();
    std::os::unix::fs::symlink(outer.path().join("thu-muc"), site.root().join("content/tin-tuc/ngoai")).unwrap();
    let build = site.loa(&["build", "--now", NOW]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    assert_eq!(
        build.stderr,
        "warning: content/images/bi-mat.txt: symbolic link skipped: copy the file into content/ instead\n\
         warning: content/tin-tuc/ngoai: symbolic link skipped: copy the file into content/ instead\n2 warnings\n"
    );
    assert!(!site.exists("images/bi-mat.txt"));
    assert!(!site.exists("tin-tuc/ngoai/bai/index.html"));
    let all = snapshot(&site.out());
    assert!(all.iter().all(|(_, bytes)| !String::from_utf8_lossy(bytes).contains("không được công bố")));
}
