//! The preview's HTTP side (tiny_http): files from the output folder under the
//! site's base path, the site's 404 page, Server-Sent Events for live reload,
//! and the reload script added to HTML responses (never to files on disk).
//!
//! Requests are mapped to paths by [`resolve`], a pure function: `..`, `.`,
//! backslashes, NUL and percent-encoded forms of them are refused, and the
//! file found must lie inside the output folder after following symbolic links.

use super::live::{Live, RELOAD_SCRIPT};
use super::stale::Stale;
use crate::i18n::Lang;
use crate::msg;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// How long a request waits for a page being rendered again after an edit
/// (a few milliseconds: it is rendered next) before it is sent as it is.
const STALE_WAIT: Duration = Duration::from_secs(10);

/// Where live-reload events are served (outside any base path).
pub const EVENTS_PATH: &str = "/__loa/events";

/// What a request asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A path relative to the output folder (`""` for its root).
    File(String),
    /// Send the client to this URL path.
    Redirect(String),
    Events,
    /// The error overlay's style sheet.
    OverlayCss,
    NotFound,
    BadRequest,
}

/// Maps a request path (with query) to a target, under `base_path`.
pub fn resolve(url: &str, base_path: &str) -> Target {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH {
        return Target::Events;
    }
    if path == super::overlay::CSS_PATH {
        return Target::OverlayCss;
    }
    let Some(decoded) = percent_decode(path) else { return Target::BadRequest };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return Target::BadRequest;
    }
    if decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return Target::BadRequest;
    }
    if base_path != "/" && (decoded == "/" || decoded == base_path.trim_end_matches('/')) {
        return Target::Redirect(base_path.to_string());
    }
    match decoded.strip_prefix(base_path) {
        // Hidden files (Loa's `.loa-build` mark) are not pages of the site.
        Some(rel) if rel.split('/').any(|seg| seg.starts_with('.')) => Target::NotFound,
        Some(rel) => Target::File(rel.to_string()),
        None => Target::NotFound,
    }
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type of a file by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// A file of the output folder, or `None` when it is missing or lies outside
/// (a symbolic link pointing elsewhere).
pub fn find_file(out: &Path, rel: &str) -> Option<PathBuf> {
    let root = out.canonicalize().ok()?;
    let mut path = root.join(rel);
    if rel.is_empty() || rel.ends_with('/') {
        path = path.join("index.html");
    }
    let real = path.canonicalize().ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(real)
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

/// Answers one request.
pub fn handle(request: Request, out: &Path, base_path: &str, live: &Arc<Live>, stale: &Stale, lang: Lang) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(plain(405, &status_text(405, lang)).with_header(header("Allow", "GET, HEAD")));
        return;
    }
    match resolve(request.url(), base_path) {
        Target::Events => live.stream(request),
        Target::OverlayCss => {
            let response = Response::from_data(super::overlay::CSS.as_bytes())
                .with_header(header("Content-Type", "text/css; charset=utf-8"))
                .with_header(header("Cache-Control", "no-store"));
            let _ = request.respond(response);
        }
        Target::BadRequest => {
            let _ = request.respond(plain(400, &status_text(400, lang)));
        }
        Target::Redirect(to) => {
            let _ = request.respond(plain(302, "").with_header(header("Location", &to)));
        }
        Target::NotFound => not_found(request, out, live, lang),
        Target::File(rel) => {
            let dir = out.join(&rel);
            if !rel.is_empty() && !rel.ends_with('/') && find_file(out, &format!("{rel}/")).is_some() && dir.is_dir() {
                let url = request.url();
                let location = match url.split_once('?') {
                    Some((path, query)) => format!("{path}/?{query}"),
                    None => format!("{url}/"),
                };
                let _ = request.respond(plain(301, "").with_header(header("Location", &location)));
                return;
            }
            // A page the last edit changed and that is not written yet: wait
            // for it (it is rendered next), never send the stale one.
            stale.wait(&crate::urls::file_of(&rel), STALE_WAIT);
            match find_file(out, &rel) {
                Some(path) => send_file(request, &path, 200, live, lang),
                None => not_found(request, out, live, lang),
            }
        }
    }
}

fn not_found(request: Request, out: &Path, live: &Arc<Live>, lang: Lang) {
    match find_file(out, crate::urls::NOT_FOUND) {
        Some(page) => send_file(request, &page, 404, live, lang),
        None => {
            // No build yet (the first one failed): a page that shows the errors
            // and reloads once a save fixes them.
            let page = inject(no_build_page(lang).as_bytes(), live);
            let response = Response::from_data(page)
                .with_status_code(StatusCode(404))
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
                .with_header(header("Cache-Control", "no-store"));
            let _ = request.respond(response);
        }
    }
}

/// The page served before any build succeeded, in the reader's language.
fn no_build_page(lang: Lang) -> String {
    let (code, title, text) = (
        match lang {
            Lang::Vi => "vi",
            Lang::En => "en",
        },
        escape(&msg!("serve-no-build-title").render(lang)),
        escape(&msg!("serve-no-build-text").render(lang)),
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n<p>{text}</p>\n</body>\n</html>\n"
    )
}

/// The text of an error response: the status code and what it means.
fn status_text(status: u16, lang: Lang) -> String {
    let status = u32::from(status);
    format!("{}\n", msg!("serve-http-status", status = status).render(lang))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn plain(status: u16, text: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(text.as_bytes().to_vec())
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
}

fn send_file(request: Request, path: &Path, status: u16, live: &Arc<Live>, lang: Lang) {
    let mut bytes = Vec::new();
    if std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).is_err() {
        let _ = request.respond(plain(500, &status_text(500, lang)));
        return;
    }
    let kind = content_type(path);
    if kind.starts_with("text/html") {
        bytes = inject(&bytes, live);
    }
    // no-store: after a rebuild the browser must ask again, never show a stale page.
    let response = Response::from_data(bytes)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = request.respond(response);
}

/// The page with the live-reload script before `</body>` (or at the end).
pub fn inject(page: &[u8], live: &Live) -> Vec<u8> {
    let script = RELOAD_SCRIPT.replace("__VERSION__", &live.version().to_string());
    let script = format!("<script>{script}</script>");
    let text = String::from_utf8_lossy(page);
    let mut out = match text.rfind("</body>") {
        Some(i) => format!("{}{script}\n{}", &text[..i], &text[i..]),
        None => format!("{text}{script}\n"),
    };
    out.shrink_to_fit();
    out.into_bytes()
}

/// Writes raw bytes to a stream and flushes; `false` when the client left.
pub fn send_raw(stream: &mut dyn Write, bytes: &[u8]) -> bool {
    stream.write_all(bytes).and_then(|_| stream.flush()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_answers_speak_the_readers_language() {
        assert_eq!(status_text(405, Lang::En), "405 Method Not Allowed\n");
        assert_eq!(status_text(400, Lang::Vi), "400 Yêu cầu không hợp lệ\n");
        assert!(status_text(405, Lang::Vi).starts_with("405 Máy xem trước chỉ trả lời"));
        let vi = no_build_page(Lang::Vi);
        assert!(vi.contains("<html lang=\"vi\">") && vi.contains("<h1>Chưa dựng được trang</h1>"), "{vi}");
        let en = no_build_page(Lang::En);
        assert!(en.contains("<html lang=\"en\">") && en.contains("<h1>No page built yet</h1>"), "{en}");
    }

    #[test]
    fn maps_paths_under_the_base_path() {
        assert_eq!(resolve("/cchc/tin-tuc/a/?x=1", "/cchc/"), Target::File("tin-tuc/a/".into()));
        assert_eq!(resolve("/cchc/", "/cchc/"), Target::File("".into()));
        assert_eq!(resolve("/", "/cchc/"), Target::Redirect("/cchc/".into()));
        assert_eq!(resolve("/cchc", "/cchc/"), Target::Redirect("/cchc/".into()));
        assert_eq!(resolve("/khac/", "/cchc/"), Target::NotFound);
        assert_eq!(resolve("/css/style.css", "/"), Target::File("css/style.css".into()));
        assert_eq!(resolve("/chu-de/m%E1%BB%99t/", "/"), Target::File("chu-de/một/".into()));
        assert_eq!(resolve(EVENTS_PATH, "/cchc/"), Target::Events);
        assert_eq!(resolve("/cchc/.loa-build", "/cchc/"), Target::NotFound);
        assert_eq!(resolve("/.loa-build", "/"), Target::NotFound);
        assert_eq!(resolve("/a/.hidden/b.txt", "/"), Target::NotFound);
    }

    #[test]
    fn refuses_traversal() {
        for url in [
            "/../etc/passwd",
            "/cchc/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/a/%2e/b",
            "/..%5cwindows",
            "/a\\b",
            "/%00",
            "/%zz",
            "/%c3",
        ] {
            assert_eq!(resolve(url, "/"), Target::BadRequest, "{url}");
        }
    }

    #[test]
    fn mime_types() {
        for (name, kind) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.xml", "application/xml; charset=utf-8"),
            ("a.ics", "text/calendar; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.json", "application/json"),
            ("a.png", "image/png"),
            ("a.JPG", "image/jpeg"),
            ("a.pdf", "application/pdf"),
            ("a.woff2", "font/woff2"),
        ] {
            assert_eq!(content_type(Path::new(name)), kind, "{name}");
        }
    }
}
