//! Files Loa will not publish for their name (issue 8, item 9): hidden files
//! and folders, backups and half-downloaded files are skipped with a warning
//! naming each; editors' swap, lock and backup files are skipped silently; a
//! link to a skipped file is an error in `check` and `build`, not a 404 on
//! the published site.

use crate::common::{Site, plain};

const NOW: &str = "2022-07-01";
const ARTICLE: &str = "content/tin-tuc/2022/hop-bao-quy-1.md";

fn with_skipped_files() -> Site {
    let site = Site::new("basic");
    site.write("content/.htaccess", "Options -Indexes\n");
    site.write("content/.well-known/security.txt", "Contact: mailto:cntt@example.gov.vn\n");
    site.write("content/tai-lieu/ke-hoach.pdf.bak", "%PDF-1.4 backup\n");
    site.write("content/tai-lieu/ke-hoach.pdf", "%PDF-1.4\n");
    // What editors and file managers leave behind: never worth a word.
    site.write("content/tin-tuc/2022/.hop-bao-quy-1.md.swp", "swap");
    site.write("content/tin-tuc/2022/hop-bao-quy-1.md~", "backup");
    site.write("content/tin-tuc/2022/.#hop-bao-quy-1.md", "lock");
    site.write("content/.DS_Store", "finder");
    site
}

#[test]
fn skipped_files_are_warned_about_and_not_published() {
    let site = with_skipped_files();
    let out = site.loa(&["build", "--now", NOW]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let stderr = plain(&out.stderr);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("not published")).collect();
    let reason = "not published: Loa takes a name that starts with \".\" or ends with ~, .bak, .tmp, .part or .crdownload for a hidden or temporary file; rename it if it should be on the site";
    assert_eq!(
        warnings,
        vec![
            format!("warning: content/.htaccess: {reason}"),
            format!("warning: content/.well-known: {reason}"),
            format!("warning: content/tai-lieu/ke-hoach.pdf.bak: {reason}"),
        ],
        "{stderr}"
    );
    assert!(stderr.contains("3 warnings"), "{stderr}");
    for noise in [".hop-bao-quy-1.md.swp", "hop-bao-quy-1.md~", ".#hop-bao-quy-1.md", ".DS_Store"] {
        assert!(!stderr.contains(noise), "an editor's file was mentioned: {stderr}");
    }
    let public = site.out();
    assert!(public.join("tai-lieu/ke-hoach.pdf").is_file());
    for skipped in [".htaccess", ".well-known/security.txt", "tai-lieu/ke-hoach.pdf.bak", ".DS_Store"] {
        assert!(!public.join(skipped).exists(), "{skipped} was published");
    }
}

#[test]
fn links_to_skipped_files_are_errors_in_check_and_build() {
    let site = with_skipped_files();
    let text = std::fs::read_to_string(site.root().join(ARTICLE)).unwrap();
    let text = format!(
        "{text}\nXem [bản sao](/tai-lieu/ke-hoach.pdf.bak), [tệp ẩn](../../.well-known/security.txt) và [kế hoạch](/tai-lieu/ke-hoach.pdf).\n"
    );
    site.write(ARTICLE, &text);
    for command in ["check", "build"] {
        let out = site.loa(&[command, "--now", NOW]);
        assert_eq!(out.status, 1, "{command}: {}", out.stderr);
        let stderr = plain(&out.stderr);
        let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(errors.len(), 2, "{command}: {stderr}");
        assert!(
            errors[0].ends_with("link to \"/tai-lieu/ke-hoach.pdf.bak\", a file Loa does not publish because of its name (hidden or temporary): rename the file, then the link"),
            "{command}: {stderr}"
        );
        assert!(errors[0].starts_with(&format!("error: {ARTICLE}:")), "{command}: {stderr}");
        assert!(errors[1].contains("link to \"../../.well-known/security.txt\", a file Loa does not publish"), "{command}: {stderr}");
    }
    // In Vietnamese, the default.
    let out = site.loa_native(&["check", "--now", NOW]);
    assert_eq!(out.status, 1);
    assert!(plain(&out.stderr).contains("tệp mà Loa không xuất bản vì tên của nó"), "{}", out.stderr);
}
