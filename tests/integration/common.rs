//! Shared helpers: copy a fixture site into a temporary folder, build it with a
//! fixed time, read what it wrote, run the `loa` binary.

#![allow(dead_code)]

use loa::BuildOptions;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A copy of a fixture in a temporary folder (removed when dropped).
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(&fixture(name), dir.path());
        Site { dir }
    }

    /// The repository's own sample site (site.yaml, content/, themes/).
    pub fn sample() -> Site {
        let dir = tempfile::tempdir().expect("temporary folder");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).expect("copy site.yaml");
        copy_dir(&repo.join("content"), &dir.path().join("content"));
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Build options with a fixed build time.
    pub fn options(&self, now: &str) -> BuildOptions {
        BuildOptions::new(self.root(), loa::dates::parse_time(now).expect("valid --now"))
    }

    /// Builds into `public/`; panics with the diagnostics on failure.
    pub fn build(&self, now: &str) -> PathBuf {
        self.build_with(self.options(now))
    }

    pub fn build_with(&self, opts: BuildOptions) -> PathBuf {
        match loa::build(&opts) {
            Ok(_) => opts.out_dir(),
            Err(loa::Failure::Content(d)) | Err(loa::Failure::Output(_, d)) => panic!("build failed:\n{}", d.report()),
        }
    }

    /// The diagnostics report of a build expected to fail.
    pub fn build_errors(&self, now: &str) -> String {
        match loa::build(&self.options(now)) {
            Ok(_) => panic!("the build should have failed"),
            Err(loa::Failure::Content(d)) | Err(loa::Failure::Output(_, d)) => d.report(),
        }
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    /// A file of the output, as text.
    pub fn read(&self, rel: &str) -> String {
        read(&self.out(), rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }

    /// Runs the `loa` binary in this site's folder, with English messages.
    pub fn loa(&self, args: &[&str]) -> Output {
        loa_in(self.root(), args)
    }

    /// Runs the `loa` binary in this site's folder with `LOA_LANG` unset, so
    /// that `--lang` or the site's language decides (Vietnamese by default).
    pub fn loa_native(&self, args: &[&str]) -> Output {
        run(Command::new(env!("CARGO_BIN_EXE_loa")).args(args).current_dir(self.root()).env_remove("LOA_LANG"))
    }
}

/// `dir/rel` as text, with a helpful panic.
pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A printed report without what is there for people only: the quoted source
/// lines under a message and the pointer to the editors' guide.
pub fn plain(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| !l.starts_with("  ") && !l.starts_with("How to fix each message:") && !l.starts_with("Xem cách sửa"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Runs the `loa` binary in `dir` with English messages (`LOA_LANG=en`).
pub fn loa_in(dir: &Path, args: &[&str]) -> Output {
    run(Command::new(env!("CARGO_BIN_EXE_loa")).args(args).current_dir(dir).env("LOA_LANG", "en"))
}

fn run(command: &mut Command) -> Output {
    let out = command.env_remove("SOURCE_DATE_EPOCH").output().expect("run loa");
    Output {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir`, relative, sorted, with its bytes.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

// ---------------------------------------------------------------------------
// Links of a page, resolved as a browser would.
// ---------------------------------------------------------------------------

/// The common HTML character references, decoded.
pub fn unescape_html(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The URL path a built file is served at: `tin-tuc/a/index.html` under
/// `/cchc/` is `/cchc/tin-tuc/a/`, `404.html` is `/cchc/404.html`.
pub fn page_url(base_path: &str, file: &str) -> String {
    assert!(base_path.starts_with('/') && base_path.ends_with('/'), "base path {base_path:?}");
    let file = file.trim_start_matches('/');
    let dir =
        if file == "index.html" { String::new() } else { file.strip_suffix("/index.html").map_or(file.to_string(), |d| format!("{d}/")) };
    format!("{base_path}{dir}")
}

/// Every `href` and `src` attribute value of `html`, in document order,
/// character references decoded (not `data-url`, `xlink:href` and the like).
pub fn link_values(html: &str) -> Vec<String> {
    attribute_values(html, &["href", "src"])
}

/// Every value of the attributes `names` (lowercase) of `html`, in document
/// order, character references decoded.
pub fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
    let bytes = html.as_bytes();
    let mut values = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let Some(name_len) = names
            .iter()
            .find(|n| bytes[i..].len() > n.len() && bytes[i..i + n.len()].eq_ignore_ascii_case(n.as_bytes()) && bytes[i + n.len()] == b'=')
            .map(|n| n.len() + 1)
        else {
            i += 1;
            continue;
        };
        let attribute = i > 0 && bytes[i - 1].is_ascii_whitespace();
        let quote = bytes.get(i + name_len).copied();
        if !attribute || !matches!(quote, Some(b'"' | b'\'')) {
            i += 1;
            continue;
        }
        let start = i + name_len + 1;
        let end = html[start..].find(quote.unwrap() as char).map_or(html.len(), |j| start + j);
        values.push(unescape_html(&html[start..end]));
        i = end;
    }
    values
}

/// Whether a URL reference is absolute (`https:`, `mailto:`, `webcal:`, …) or
/// network-path (`//host/…`): it does not depend on the page it is on.
pub fn is_absolute(reference: &str) -> bool {
    if reference.starts_with("//") {
        return true;
    }
    let Some(colon) = reference.find(':') else { return false };
    let scheme = &reference[..colon];
    scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `path` with its `.` and `..` segments removed (RFC 3986, 5.2.4); `path`
/// starts with `/`.
fn remove_dot_segments(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {}
            ".." => {
                out.pop();
            }
            s => {
                out.push(s);
                continue;
            }
        }
        // A trailing `.` or `..` leaves a folder: `/a/b/..` is `/a/`.
        if last {
            out.push("");
        }
    }
    format!("/{}", out.join("/"))
}

/// `reference` resolved against the page at URL path `page` (RFC 3986, 5.2):
/// the root-relative URL a browser would follow, query and fragment kept
/// (`../../tin-tuc/b/` on `/cchc/tin-tuc/a/` is `/cchc/tin-tuc/b/`, `#top`
/// is `/cchc/tin-tuc/a/#top`). `None` for absolute URLs (`https://…`,
/// `mailto:…`, `//host/…`), which do not depend on the page.
pub fn resolve(page: &str, reference: &str) -> Option<String> {
    assert!(page.starts_with('/') && !page.starts_with("//"), "page URL path {page:?}");
    if is_absolute(reference) {
        return None;
    }
    let (rest, fragment) = match reference.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (reference, None),
    };
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    let page_path = page.split(['?', '#']).next().unwrap();
    let mut resolved = if path.is_empty() {
        page_path.to_string()
    } else if path.starts_with('/') {
        remove_dot_segments(path)
    } else {
        let folder = &page_path[..=page_path.rfind('/').unwrap()];
        remove_dot_segments(&format!("{folder}{path}"))
    };
    if let Some(query) = query {
        resolved.push('?');
        resolved.push_str(query);
    } else if path.is_empty()
        && let Some((_, page_query)) = page.split('#').next().unwrap().split_once('?')
    {
        resolved.push('?');
        resolved.push_str(page_query);
    }
    if let Some(fragment) = fragment {
        resolved.push('#');
        resolved.push_str(fragment);
    }
    Some(resolved)
}

/// Every `href` and `src` of `html` (a page served at URL path `page`, see
/// [`page_url`]) that stays on the site, resolved to a root-relative URL
/// such as `/cchc/tin-tuc/a/`, in document order. Absolute URLs are left out.
pub fn links(html: &str, page: &str) -> Vec<String> {
    link_values(html).iter().filter_map(|value| resolve(page, value)).collect()
}

/// Like [`links`], for one attribute only (`"href"` or `"src"`).
pub fn links_of(html: &str, page: &str, attribute: &str) -> Vec<String> {
    attribute_values(html, &[attribute]).iter().filter_map(|value| resolve(page, value)).collect()
}

#[test]
fn links_resolve_against_the_page() {
    let article = "/cchc/tin-tuc/a/";
    let cases = [
        ("../../", "/cchc/"),
        ("../../css/style.css", "/cchc/css/style.css"),
        ("../../tin-tuc/b/", "/cchc/tin-tuc/b/"),
        ("../b/", "/cchc/tin-tuc/b/"),
        ("./", "/cchc/tin-tuc/a/"),
        (".", "/cchc/tin-tuc/a/"),
        ("..", "/cchc/tin-tuc/"),
        ("to-roi/", "/cchc/tin-tuc/a/to-roi/"),
        ("anh.svg", "/cchc/tin-tuc/a/anh.svg"),
        ("../../lich/#t", "/cchc/lich/#t"),
        ("#noi-dung", "/cchc/tin-tuc/a/#noi-dung"),
        ("?trang=2", "/cchc/tin-tuc/a/?trang=2"),
        ("", "/cchc/tin-tuc/a/"),
        ("/cchc/gioi-thieu/", "/cchc/gioi-thieu/"),
        ("/cchc/./a/../b", "/cchc/b"),
        ("../../../../../", "/"),
    ];
    for (reference, expected) in cases {
        assert_eq!(resolve(article, reference).as_deref(), Some(expected), "{reference:?} on {article}");
    }
    assert_eq!(resolve("/cchc/", "./").as_deref(), Some("/cchc/"));
    assert_eq!(resolve("/cchc/", "css/style.css").as_deref(), Some("/cchc/css/style.css"));
    assert_eq!(resolve("/cchc/404.html", "css/style.css").as_deref(), Some("/cchc/css/style.css"));
    assert_eq!(resolve("/cchc/404.html", "#a").as_deref(), Some("/cchc/404.html#a"));
    for absolute in ["https://x.vn/cchc/", "http://x.vn", "mailto:a@b.vn", "webcal://x.vn/lich.ics", "tel:+84", "//cdn.vn/a.js"] {
        assert_eq!(resolve(article, absolute), None, "{absolute}");
    }
    assert_eq!(page_url("/cchc/", "index.html"), "/cchc/");
    assert_eq!(page_url("/cchc/", "tin-tuc/a/index.html"), "/cchc/tin-tuc/a/");
    assert_eq!(page_url("/", "404.html"), "/404.html");

    let html = "<link rel=\"stylesheet\" href=\"../../css/style.css\">\n<a class=\"x\"\nhref=\"../b/?a=1&amp;b=2\" data-url=\"https://x.vn/cchc/tin-tuc/b/\">b</a> <img src='anh.svg'> <a href=\"https://x.vn/\">x</a> <p>href=\"/khong/\"</p>";
    assert_eq!(links(html, article), ["/cchc/css/style.css", "/cchc/tin-tuc/b/?a=1&b=2", "/cchc/tin-tuc/a/anh.svg"]);
    assert_eq!(links_of(html, article, "src"), ["/cchc/tin-tuc/a/anh.svg"]);
    assert_eq!(link_values(html).last().map(String::as_str), Some("https://x.vn/"));
}
