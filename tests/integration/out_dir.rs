//! The output folder is Loa's alone (contract §5; issue 8, item 1): `--out`
//! naming the site, `content/`, `themes/`, a folder above them or inside
//! their input, or a folder of someone else's files is refused with exit
//! status 2, an error naming the folder, and every file left byte for byte.

use crate::common::{Output, Site, loa_in, snapshot};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NOW: &str = "2022-07-01";

/// `basic` with a theme folder of its own, so that `themes/` exists.
fn site() -> Site {
    let site = Site::new("basic");
    site.write("themes/rieng/README.txt", "chủ đề riêng");
    site
}

/// Runs `loa build --out <out>` in `dir` and checks the refusal: exit 2,
/// one error line naming `out` and the reason, nothing else printed.
fn refused(dir: &Path, out: &str, reason: &str) -> Output {
    let result = loa_in(dir, &["build", "--now", NOW, "--out", out]);
    assert_eq!(result.status, 2, "--out {out}: {}", result.stderr);
    let line = result.stderr.lines().next().unwrap_or_default();
    assert!(line.starts_with(&format!("error: {out}")), "--out {out}: {}", result.stderr);
    assert!(line.contains(reason), "--out {out}: {}", result.stderr);
    assert!(line.contains("nothing was deleted"), "{}", result.stderr);
    assert!(!result.stdout.contains("Built"), "{}", result.stdout);
    result
}

#[test]
fn the_site_folder_itself_is_refused() {
    let site = site();
    let before = snapshot(site.root());
    let out = refused(site.root(), ".", "refusing to use the site folder as the output folder");
    let resolved = site.root().canonicalize().unwrap();
    assert!(out.stderr.starts_with(&format!("error: . ({}): ", resolved.display())), "{}", out.stderr);
    assert_eq!(snapshot(site.root()), before, "the site folder changed");
    // Spelled other ways, the same folder.
    refused(site.root(), "content/..", "refusing to use the site folder");
    refused(site.root(), resolved.to_str().unwrap(), "refusing to use the site folder");
    assert_eq!(snapshot(site.root()), before);
}

#[test]
fn content_and_themes_are_refused() {
    let site = site();
    let before = snapshot(site.root());
    refused(site.root(), "content", "refusing to use content/ as the output folder");
    refused(site.root(), "./content/", "refusing to use content/ as the output folder");
    refused(site.root(), "themes", "refusing to use themes/ as the output folder");
    refused(site.root(), "public/../themes", "refusing to use themes/ as the output folder");
    assert_eq!(snapshot(site.root()), before);
}

#[test]
fn a_folder_inside_the_input_is_refused() {
    let site = site();
    let before = snapshot(site.root());
    refused(site.root(), "content/public", "refusing to write the output inside content/");
    refused(site.root(), "themes/rieng/public", "refusing to write the output inside themes/");
    assert_eq!(snapshot(site.root()), before);
    assert!(!site.root().join("content/public").exists());
}

#[test]
fn a_folder_above_the_site_is_refused() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("cong-thong-tin");
    crate::common::copy_dir(&crate::common::fixture("basic"), &root);
    std::fs::write(outer.path().join("ghi-chu.txt"), "tệp bên cạnh").unwrap();
    let before = snapshot(outer.path());
    refused(&root, "..", "refusing to use a folder that holds the site folder as the output folder");
    refused(&root, "../..", "refusing to use a folder that holds the site folder");
    refused(&root.join("content"), "../..", "refusing to use a folder that holds the site folder");
    let absolute = outer.path().to_str().unwrap();
    refused(&root, absolute, "holds the site folder");
    assert_eq!(snapshot(outer.path()), before, "files beside the site changed");
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_to_the_folder_they_name() {
    let site = site();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(site.root(), elsewhere.path().join("lien-ket")).unwrap();
    std::os::unix::fs::symlink(site.root().join("content"), elsewhere.path().join("noi-dung")).unwrap();
    let before = snapshot(site.root());
    let root = site.root().to_str().unwrap();
    for out in ["lien-ket", "noi-dung", "lien-ket/content", "noi-dung/.."] {
        let result = loa_in(elsewhere.path(), &["build", "--root", root, "--now", NOW, "--out", out]);
        assert_eq!(result.status, 2, "--out {out}: {}", result.stderr);
        assert!(result.stderr.starts_with(&format!("error: {out} (")), "{}", result.stderr);
        assert!(result.stderr.contains("refusing to use"), "{}", result.stderr);
    }
    assert_eq!(snapshot(site.root()), before);
    assert!(elsewhere.path().join("lien-ket").is_symlink() && elsewhere.path().join("noi-dung").is_symlink());
}

#[test]
fn a_folder_of_other_files_is_refused() {
    let site = site();
    let www = tempfile::tempdir().unwrap();
    let docroot = www.path().join("html");
    std::fs::create_dir_all(docroot.join("tai-lieu")).unwrap();
    std::fs::write(docroot.join("index.html"), "<p>trang của máy chủ</p>").unwrap();
    std::fs::write(docroot.join("tai-lieu/bao-cao.pdf"), b"%PDF-1.4 ...").unwrap();
    let before = snapshot(www.path());
    let out = docroot.to_str().unwrap();
    let result = refused(site.root(), out, "the folder is not empty and holds no .loa-build mark of a Loa build");
    assert!(result.stderr.contains("delete it by hand"), "{}", result.stderr);
    assert_eq!(snapshot(www.path()), before, "the document root changed");
    let names: Vec<_> = std::fs::read_dir(www.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["html"], "staging folders left behind");

    // `public/` of the site, holding someone's notes: the same.
    site.write("public/ghi-chu.txt", "không phải của Loa");
    let before = snapshot(site.root());
    refused(site.root(), "public", "holds no .loa-build mark");
    let default = loa_in(site.root(), &["build", "--now", NOW]);
    assert_eq!(default.status, 2, "{}", default.stderr);
    assert!(default.stderr.contains("holds no .loa-build mark"), "{}", default.stderr);
    assert_eq!(snapshot(site.root()), before);
}

#[test]
fn content_errors_come_first_and_leave_a_foreign_folder_alone() {
    let site = Site::new("invalid-mixed");
    site.write("public/ghi-chu.txt", "không phải của Loa");
    let before = snapshot(site.root());
    let result = site.loa(&["build", "--now", NOW]);
    assert_eq!(result.status, 1, "{}", result.stderr);
    assert!(result.stderr.contains("3 errors\n"), "{}", result.stderr);
    assert_eq!(snapshot(site.root()), before);
}

#[test]
fn every_build_is_marked_and_a_marked_folder_is_replaced() {
    let site = site();
    let first = site.loa(&["build", "--now", NOW]);
    assert_eq!(first.status, 0, "{}", first.stderr);
    assert_eq!(site.read(".loa-build"), loa::output::guard::MARK_TEXT);
    assert!(!site.read("sitemap.xml").contains("loa-build"), "the mark is not a page");

    // A stale file of the earlier build goes; the mark stays the same.
    site.write("public/cu/index.html", "<p>trang cũ</p>");
    let again = site.loa(&["build", "--now", NOW]);
    assert_eq!(again.status, 0, "{}", again.stderr);
    assert!(!site.exists("cu/index.html"));
    assert_eq!(site.read(".loa-build"), loa::output::guard::MARK_TEXT);
}

#[test]
fn links_in_an_old_output_are_removed_not_followed() {
    let site = site();
    let first = site.loa(&["build", "--now", NOW]);
    assert_eq!(first.status, 0, "{}", first.stderr);
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("giu-lai.txt"), "của người khác").unwrap();
    let public = site.root().join("public");
    // The old output's top, a folder in it and one deeper are removed
    // differently (in parallel at the first levels).
    for link in ["lien-ket", "cu/lien-ket", "cu/sau/hon/lien-ket"] {
        let at = public.join(link);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), &at).unwrap();
    }
    let again = site.loa(&["build", "--now", NOW]);
    assert_eq!(again.status, 0, "{}", again.stderr);
    assert!(public.join("lien-ket").symlink_metadata().is_err() && public.join("cu").symlink_metadata().is_err());
    assert_eq!(std::fs::read_to_string(elsewhere.path().join("giu-lai.txt")).unwrap(), "của người khác");
    assert!(site.exists("index.html"));
}

#[test]
fn an_empty_or_missing_folder_is_fine() {
    let site = site();
    std::fs::create_dir(site.root().join("trong")).unwrap();
    for out in ["trong", "moi/sau/public"] {
        let result = site.loa(&["build", "--now", NOW, "--out", out]);
        assert_eq!(result.status, 0, "--out {out}: {}", result.stderr);
        assert!(site.root().join(out).join("index.html").is_file());
    }
}

#[test]
fn an_output_written_before_the_mark_is_recognised() {
    let site = site();
    site.build(NOW);
    std::fs::remove_file(site.out().join(".loa-build")).unwrap();
    site.write("public/cu/index.html", "<p>trang cũ</p>");
    let result = site.loa(&["build", "--now", NOW]);
    assert_eq!(result.status, 0, "{}", result.stderr);
    assert!(!site.exists("cu/index.html"));
    assert!(site.exists(".loa-build"));

    // Only one of the two signs: not recognised.
    std::fs::remove_file(site.out().join(".loa-build")).unwrap();
    std::fs::remove_file(site.out().join("lich/lich.ics")).unwrap();
    let before = snapshot(site.root());
    refused(site.root(), "public", "holds no .loa-build mark");
    assert_eq!(snapshot(site.root()), before);
}

#[test]
fn serve_follows_the_same_rule() {
    let site = site();
    site.write("public/ghi-chu.txt", "không phải của Loa");
    let before = snapshot(site.root());
    for (out, reason) in
        [(".", "refusing to use the site folder"), ("content", "refusing to use content/"), ("public", "holds no .loa-build mark")]
    {
        let result = serve_exit(site.root(), &["serve", "--now", NOW, "--port", "0", "--out", out]);
        assert_eq!(result.status, 2, "--out {out}: {}", result.stderr);
        assert!(result.stderr.starts_with(&format!("error: {out}")), "{}", result.stderr);
        assert!(result.stderr.contains(reason), "{}", result.stderr);
    }
    assert_eq!(snapshot(site.root()), before);
}

/// Runs `loa serve`, expecting it to exit at once; killed after 20 s.
fn serve_exit(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(args)
        .current_dir(dir)
        .env("LOA_LANG", "en")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run loa serve");
    let start = Instant::now();
    while child.try_wait().expect("wait for loa serve").is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("loa serve output");
    Output {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
