//! `loa serve`: the real binary on a free port, spoken to with hand-written
//! HTTP/1.1 requests over `std::net::TcpStream` (no client crate, so nothing
//! normalizes the request line), and a raw Server-Sent Events stream.
//!
//! Every server is killed by [`Server`]'s `Drop`, even when an assertion fails.
//! Waits poll with generous deadlines instead of sleeping a fixed time.

use crate::common::{Site, loa_in};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const NOW: &str = "2022-07-01";
const BASE_URL: &str = "https://example.gov.vn/cchc/";
const FIXTURE: &str = "serve-basic";
/// The article edited by the live tests, and its URL under the base path.
const ARTICLE: &str = "content/tin-tuc/hop-bao-quy-2.md";
const ARTICLE_URL: &str = "/cchc/tin-tuc/hop-bao-quy-2/";
const OLD_TEXT: &str = "Sở Nội vụ thông tin kết quả cải cách hành chính sáu tháng đầu năm.";

/// How long the first build plus start-up may take.
const START_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a save may take to show up (the brief's ~10 s, with margin).
const CHANGE_TIMEOUT: Duration = Duration::from_secs(15);

fn article(title: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: 2022-06-14 09:00\nareas: [the-che]\ntags: [\"họp báo\"]\nimage: /images/hop-bao.svg\nimage_alt: \"Quang cảnh họp báo\"\n---\n\n{body}\n\n![Quang cảnh](/images/hop-bao.svg)\n"
    )
}

// ---------------------------------------------------------------------------
// The server process
// ---------------------------------------------------------------------------

/// A running `loa serve`; killed and reaped on drop.
struct Server {
    child: Option<Child>,
    port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().unwrap().port()
}

fn collect(mut from: impl Read + Send + 'static, into: Arc<Mutex<String>>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => into.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n])),
            }
        }
    })
}

impl Server {
    /// `loa serve --root <site> --port <free> --now 2022-07-01 --base-url …`
    /// plus `extra`; returns once the port answers HTTP.
    fn start(root: &Path, extra: &[&str]) -> Server {
        // The free port may be taken between the probe and the server's bind:
        // try a few ports before giving up.
        let mut last = String::new();
        for _ in 0..3 {
            let port = free_port();
            let mut server = Server::spawn(root, port, extra);
            match server.wait_ready() {
                Ok(()) => return server,
                Err(why) => {
                    last = why;
                    if !last.contains("cannot listen") {
                        break;
                    }
                }
            }
        }
        panic!("loa serve did not start: {last}");
    }

    fn spawn(root: &Path, port: u16, extra: &[&str]) -> Server {
        let port_text = port.to_string();
        let root_text = root.to_string_lossy().into_owned();
        let mut args = vec!["serve", "--root", &root_text, "--port", &port_text, "--now", NOW, "--base-url", BASE_URL];
        args.extend_from_slice(extra);
        let mut child = Command::new(env!("CARGO_BIN_EXE_loa"))
            .args(&args)
            .current_dir(root)
            .env_remove("SOURCE_DATE_EPOCH")
            .env("LOA_LANG", "en")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start loa serve");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let readers =
            vec![collect(child.stdout.take().unwrap(), Arc::clone(&stdout)), collect(child.stderr.take().unwrap(), Arc::clone(&stderr))];
        Server { child: Some(child), port, stdout, stderr, readers }
    }

    /// Polls until the port answers an HTTP request, or the child exits.
    fn wait_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(status) = self.child.as_mut().unwrap().try_wait().expect("try_wait") {
                // Give the readers a moment to drain the pipes.
                std::thread::sleep(Duration::from_millis(100));
                return Err(format!("exited with {status}\nstdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr()));
            }
            if let Ok(stream) = TcpStream::connect_timeout(&([127, 0, 0, 1], self.port).into(), Duration::from_millis(500)) {
                drop(stream);
                if try_request(self.port, "HEAD", "/cchc/").is_ok() {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "port {} did not answer in {START_TIMEOUT:?}\nstdout:\n{}\nstderr:\n{}",
                    self.port,
                    self.stdout(),
                    self.stderr()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits (up to 10 s) until stderr contains `text`: the pipe is read by
    /// another thread, so what the server printed may not be here yet.
    fn wait_stderr(&self, text: &str) -> bool {
        Server::wait_for_output(&self.stderr, text)
    }

    fn wait_stdout(&self, text: &str) -> bool {
        Server::wait_for_output(&self.stdout, text)
    }

    fn wait_for_output(output: &Mutex<String>, text: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !output.lock().unwrap().contains(text) {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        true
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().unwrap().id()
    }

    fn get(&self, path: &str) -> Response {
        request(self.port, "GET", path)
    }

    fn head(&self, path: &str) -> Response {
        request(self.port, "HEAD", path)
    }

    /// Polls `path` until its body contains `text`; panics after `CHANGE_TIMEOUT`.
    /// While waiting, `resave` is called every few seconds (see [`wait_for_save`]).
    fn wait_for_text(&self, path: &str, text: &str, resave: impl Fn()) -> Response {
        let mut last = None;
        let found = wait_for_save(resave, || {
            let response = self.get(path);
            let hit = response.status == 200 && response.text().contains(text);
            last = Some(response);
            hit
        });
        let last = last.unwrap();
        assert!(found, "{path} never showed {text:?}; last status {}\n{}\nstderr:\n{}", last.status, last.text(), self.stderr());
        last
    }

    fn events(&self) -> Events {
        Events::open(self.port)
    }

    /// Sends SIGINT (what Ctrl+C sends) and waits for the exit.
    fn interrupt(&mut self, within: Duration) -> Option<ExitStatus> {
        let pid = self.pid().to_string();
        let kill = Command::new("kill").args(["-INT", &pid]).status().expect("run kill");
        assert!(kill.success(), "kill -INT {pid} failed");
        let child = self.child.as_mut().unwrap();
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = child.try_wait().expect("try_wait") {
                for reader in self.readers.drain(..) {
                    let _ = reader.join();
                }
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Calls `check` until it returns true or `CHANGE_TIMEOUT` passes. Every 3 s
/// without success the save is repeated: the server starts its file watcher
/// just after its port opens, so a save made in that instant could be missed
/// (see the report); saving again is what a user would do.
fn wait_for_save(resave: impl Fn(), mut check: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    let mut saved_at = Instant::now();
    loop {
        if check() {
            return true;
        }
        if started.elapsed() > CHANGE_TIMEOUT {
            return false;
        }
        if saved_at.elapsed() > Duration::from_secs(3) {
            resave();
            saved_at = Instant::now();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

// ---------------------------------------------------------------------------
// Hand-written HTTP/1.1
// ---------------------------------------------------------------------------

#[derive(Debug)]
struct Response {
    status: u16,
    status_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn content_type(&self) -> &str {
        self.header("Content-Type").unwrap_or("")
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Status line, headers and body, for messages.
    fn dump(&self) -> String {
        let headers: Vec<String> = self.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
        let body = self.text();
        let body: String = body.chars().take(2000).collect();
        format!("{}\n{}\n\n{body}", self.status_line, headers.join("\n"))
    }
}

/// Splits a complete HTTP/1.1 response.
fn parse_response(raw: &[u8]) -> Result<Response, String> {
    let end =
        raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| format!("no end of headers in {:?}", String::from_utf8_lossy(raw)))?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default().to_string();
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/1.") {
        return Err(format!("bad status line {status_line:?}"));
    }
    let status = parts.next().and_then(|s| s.parse().ok()).ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let headers = lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_string(), v.trim().to_string())).collect();
    Ok(Response { status, status_line, headers, body: raw[end + 4..].to_vec() })
}

/// Sends `raw` as is and reads the whole answer (the server closes after it).
fn try_raw(port: u16, raw: &[u8]) -> Result<Response, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    stream.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
    stream.write_all(raw).map_err(|e| format!("write: {e}"))?;
    stream.flush().map_err(|e| format!("flush: {e}"))?;
    let mut answer = Vec::new();
    match stream.read_to_end(&mut answer) {
        Ok(_) => {}
        // A reset after a complete answer is still an answer.
        Err(e) if !answer.is_empty() => eprintln!("reading the answer: {e}"),
        Err(e) => return Err(format!("read: {e}")),
    }
    parse_response(&answer)
}

fn raw_request(port: u16, raw: &[u8]) -> Response {
    try_raw(port, raw).unwrap_or_else(|e| panic!("request {:?}: {e}", String::from_utf8_lossy(raw)))
}

fn request_bytes(method: &str, target: &str) -> Vec<u8> {
    format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: loa-tests\r\nAccept: */*\r\nConnection: close\r\n\r\n")
        .into_bytes()
}

fn try_request(port: u16, method: &str, target: &str) -> Result<Response, String> {
    try_raw(port, &request_bytes(method, target))
}

fn request(port: u16, method: &str, target: &str) -> Response {
    try_request(port, method, target).unwrap_or_else(|e| panic!("{method} {target}: {e}"))
}

// ---------------------------------------------------------------------------
// Server-Sent Events
// ---------------------------------------------------------------------------

/// An open `/__loa/events` stream, read incrementally.
struct Events {
    stream: TcpStream,
    buf: Vec<u8>,
    headers: Option<Response>,
    /// Every event seen so far, for messages.
    seen: Vec<(String, String)>,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect for events");
        stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        stream
            .write_all(b"GET /__loa/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n")
            .expect("send the events request");
        Events { stream, buf: Vec::new(), headers: None, seen: Vec::new() }
    }

    /// Reads what has arrived; false when the server closed the stream.
    fn fill(&mut self) -> bool {
        let mut chunk = [0u8; 4096];
        match self.stream.read(&mut chunk) {
            Ok(0) => false,
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                true
            }
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => true,
            Err(e) => panic!("reading events: {e}"),
        }
    }

    /// Takes one complete block (headers or event) off the buffer.
    fn take_block(&mut self) -> Option<String> {
        let crlf = self.buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| (i, 4));
        let lf = self.buf.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2));
        let (at, len) = match (crlf, lf) {
            (Some(a), Some(b)) => {
                if a.0 <= b.0 {
                    a
                } else {
                    b
                }
            }
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => return None,
        };
        let block = String::from_utf8_lossy(&self.buf[..at]).into_owned();
        self.buf.drain(..at + len);
        Some(block)
    }

    /// The next event (name, data) within `timeout`; comments are skipped.
    fn next(&mut self, timeout: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + timeout;
        loop {
            while let Some(block) = self.take_block() {
                if self.headers.is_none() {
                    let head = parse_response(format!("{block}\r\n\r\n").as_bytes()).expect("event stream headers");
                    self.headers = Some(head);
                    continue;
                }
                let mut name = String::from("message");
                let mut data = Vec::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim_start().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                    }
                }
                if data.is_empty() && block.lines().all(|l| l.starts_with(':') || l.is_empty()) {
                    continue; // keep-alive comment
                }
                let event = (name, data.join("\n"));
                self.seen.push(event.clone());
                return Some(event);
            }
            if Instant::now() > deadline || !self.fill() {
                return None;
            }
        }
    }

    /// Waits for an event named `name` (others are skipped), calling `resave`
    /// every few seconds like [`wait_for_save`].
    fn wait_for(&mut self, name: &str, resave: impl Fn()) -> Option<String> {
        let mut found = None;
        wait_for_save(resave, || {
            while let Some((n, data)) = self.next(Duration::from_millis(300)) {
                if n == name {
                    found = Some(data);
                    return true;
                }
            }
            false
        });
        found
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// The site from the fixture, with small binary files of each kind in content/.
fn site() -> Site {
    let site = Site::new(FIXTURE);
    let files: [(&str, &[u8]); 5] = [
        ("content/images/so-do.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ("content/images/anh-hop-bao.jpg", b"\xff\xd8\xff\xe0\0\x10JFIF\0"),
        ("content/tai-lieu/ke-hoach-cchc-2022.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n%%EOF\n"),
        ("content/du-lieu/chi-so.json", br#"{"chi_so": "PAR INDEX", "nam": 2022}"#),
        ("content/fonts/be-vietnam.woff2", b"wOF2\0\x01\0\0"),
    ];
    for (rel, bytes) in files {
        let path = site.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    site
}

fn assert_no_store(response: &Response, what: &str) {
    assert_eq!(response.header("Cache-Control"), Some("no-store"), "{what}: Cache-Control\n{}", response.dump());
}

fn has_reload_script(html: &str) -> bool {
    html.contains("new EventSource('/__loa/events')")
}

/// Whether `report` has `file:LINE:COL` for some numbers.
/// The whole text of an `error-report` event (a JSON object for the overlay),
/// after checking the overlay's parts are there.
fn report_text(data: &str) -> String {
    let json: serde_json::Value = serde_json::from_str(data).unwrap_or_else(|e| panic!("error-report data is not JSON ({e}): {data}"));
    for key in ["title", "close", "footer"] {
        assert!(json[key].as_str().is_some_and(|t| !t.is_empty()), "no {key} in {data}");
    }
    let items = json["items"].as_array().unwrap_or_else(|| panic!("no items in {data}"));
    assert!(items.iter().any(|i| i["quote"].as_str().is_some_and(|q| q.contains('^'))), "no quoted line with a caret: {data}");
    json["text"].as_str().expect("the report as text").to_string()
}

fn names_line_and_column(report: &str, file: &str) -> bool {
    report.match_indices(&format!("{file}:")).any(|(i, m)| {
        let rest = &report[i + m.len()..];
        let line: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Some(after) = rest[line.len()..].strip_prefix(':') else { return false };
        let col: String = after.chars().take_while(char::is_ascii_digit).collect();
        !line.is_empty() && !col.is_empty()
    })
}

// ---------------------------------------------------------------------------
// 1. Pages under the base path
// ---------------------------------------------------------------------------

#[test]
fn serve_pages_under_the_base_path() {
    let site = site();
    let server = Server::start(site.root(), &[]);

    let home = server.get("/cchc/");
    assert_eq!(home.status, 200, "{}", home.dump());
    assert!(home.content_type().starts_with("text/html"), "{}", home.dump());
    assert!(home.text().contains("Cải cách hành chính Hà Nội"), "{}", home.dump());
    assert_no_store(&home, "home");

    let page = server.get(ARTICLE_URL);
    assert_eq!(page.status, 200, "{}", page.dump());
    assert!(page.content_type().starts_with("text/html"), "{}", page.dump());
    assert!(page.text().contains("<h1>Họp báo cải cách hành chính quý II</h1>"), "{}", page.dump());
    assert!(page.text().contains(OLD_TEXT), "{}", page.dump());
    assert_no_store(&page, "article");

    // The bare host goes to the base path; so does the base path without its slash.
    for path in ["/", "/cchc"] {
        let root = server.get(path);
        assert_eq!(root.status, 302, "GET {path}\n{}", root.dump());
        assert_eq!(root.header("Location"), Some("/cchc/"), "GET {path}\n{}", root.dump());
    }

    // A folder without its trailing slash: 301 to the slash form.
    for (from, to) in [("/cchc/tin-tuc", "/cchc/tin-tuc/"), ("/cchc/tin-tuc/hop-bao-quy-2", ARTICLE_URL)] {
        let moved = server.get(from);
        assert_eq!(moved.status, 301, "GET {from}\n{}", moved.dump());
        assert_eq!(moved.header("Location"), Some(to), "GET {from}\n{}", moved.dump());
    }

    // A missing page: the site's own 404 page, with status 404.
    let on_disk_404 = site.read("404.html");
    for path in ["/cchc/khong-co-trang-nay/", "/cchc/tin-tuc/khong-ton-tai.html", "/khac/trang/"] {
        let missing = server.get(path);
        assert_eq!(missing.status, 404, "GET {path}\n{}", missing.dump());
        assert!(missing.content_type().starts_with("text/html"), "GET {path}\n{}", missing.dump());
        let title = on_disk_404.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).expect("404.html has a title");
        assert!(missing.text().contains(title), "GET {path}: not the site's 404 page\n{}", missing.dump());
        assert_no_store(&missing, path);
    }

    // HEAD: the same headers, no body.
    let head = server.head(ARTICLE_URL);
    assert_eq!(head.status, 200, "{}", head.dump());
    assert!(head.content_type().starts_with("text/html"), "{}", head.dump());
    assert_no_store(&head, "HEAD");
    assert!(head.body.is_empty(), "HEAD sent a body of {} bytes", head.body.len());
    if let Some(length) = head.header("Content-Length") {
        assert_eq!(length, page.body.len().to_string(), "HEAD Content-Length differs from GET's body");
    }
    let head_missing = server.head("/cchc/khong-co-trang-nay/");
    assert_eq!(head_missing.status, 404);
    assert!(head_missing.body.is_empty(), "HEAD 404 sent a body");

    // Anything but GET and HEAD is refused.
    let post = raw_request(server.port, b"POST /cchc/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assert_eq!(post.status, 405, "{}", post.dump());
}

// ---------------------------------------------------------------------------
// 2. Content types
// ---------------------------------------------------------------------------

#[test]
fn serve_content_types() {
    let site = site();
    let server = Server::start(site.root(), &[]);

    let expected: &[(&str, &[&str])] = &[
        ("/cchc/", &["text/html"]),
        ("/cchc/gioi-thieu/", &["text/html"]),
        ("/cchc/404.html", &["text/html"]),
        ("/cchc/css/style.css", &["text/css"]),
        ("/cchc/rss.xml", &["application/xml", "application/rss+xml", "text/xml"]),
        ("/cchc/tin-tuc/rss.xml", &["application/xml", "application/rss+xml", "text/xml"]),
        ("/cchc/sitemap.xml", &["application/xml", "text/xml"]),
        ("/cchc/lich/lich.ics", &["text/calendar"]),
        ("/cchc/favicon.svg", &["image/svg+xml"]),
        ("/cchc/images/hop-bao.svg", &["image/svg+xml"]),
        ("/cchc/bao-cao/bao-cao.csv", &["text/csv"]),
        ("/cchc/images/so-do.png", &["image/png"]),
        ("/cchc/images/anh-hop-bao.jpg", &["image/jpeg"]),
        ("/cchc/tai-lieu/ke-hoach-cchc-2022.pdf", &["application/pdf"]),
        ("/cchc/du-lieu/chi-so.json", &["application/json"]),
        ("/cchc/fonts/be-vietnam.woff2", &["font/woff2"]),
        ("/cchc/robots.txt", &["text/plain"]),
    ];
    let mut wrong = Vec::new();
    for (path, kinds) in expected {
        let response = server.get(path);
        let essence = response.content_type().split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if response.status != 200 || !kinds.contains(&essence.as_str()) {
            wrong.push(format!("{path}: {} {:?} (expected one of {kinds:?})", response.status, response.content_type()));
        }
        // Text types say their charset.
        if essence.starts_with("text/") && !response.content_type().to_ascii_lowercase().contains("charset=utf-8") {
            wrong.push(format!("{path}: {:?} has no charset=utf-8", response.content_type()));
        }
    }
    assert!(wrong.is_empty(), "wrong Content-Type:\n{}", wrong.join("\n"));

    // The injected script is for HTML only: the bytes of other files are untouched.
    let css = server.get("/cchc/css/style.css");
    assert_eq!(css.body, std::fs::read(site.out().join("css/style.css")).unwrap(), "style.css was altered");
    let png = server.get("/cchc/images/so-do.png");
    assert_eq!(png.body, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "the png was altered");
    let feed = server.get("/cchc/rss.xml");
    assert!(!feed.text().contains("__loa"), "the feed got the reload script");

    // The fingerprinted stylesheet a page links is served too.
    let home = server.get("/cchc/").text();
    let href = home.split("rel=\"stylesheet\" href=\"").nth(1).and_then(|rest| rest.split('"').next()).expect("a stylesheet link");
    let name = href.rsplit('/').next().unwrap();
    assert!(name.starts_with("style.") && name.len() == "style.12345678.css".len(), "{href}");
    let named = server.get(&format!("/cchc/css/{name}"));
    assert_eq!(named.status, 200, "{name}");
    assert!(named.content_type().starts_with("text/css"), "{name}: {}", named.content_type());
    assert_eq!(named.body, css.body, "{name} differs from css/style.css");
}

// ---------------------------------------------------------------------------
// 3. Live edit
// ---------------------------------------------------------------------------

#[test]
fn serve_live_edit_rebuilds_and_reloads() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    assert!(server.get(ARTICLE_URL).text().contains(OLD_TEXT));

    let mut events = server.events();
    let (name, data) = events.next(Duration::from_secs(10)).unwrap_or_else(|| panic!("no first event\nstderr:\n{}", server.stderr()));
    let head = events.headers.as_ref().expect("event stream headers");
    assert_eq!(head.status, 200, "{}", head.dump());
    assert!(head.content_type().starts_with("text/event-stream"), "{}", head.dump());
    assert_eq!(name, "ok", "a fresh stream starts with ok: {:?}", events.seen);
    let first_build: u64 = data.parse().unwrap_or_else(|_| panic!("ok data {data:?} is not a build number"));

    let new_text = "Thành phố công bố Chỉ số cải cách hành chính (PAR INDEX) năm 2022 của các sở, ngành.";
    let save = || site.write(ARTICLE, &article("Họp báo cải cách hành chính quý II", new_text));
    save();

    let reload = events
        .wait_for("reload", save)
        .unwrap_or_else(|| panic!("no reload event after the save; events {:?}\nstderr:\n{}", events.seen, server.stderr()));
    let build: u64 = reload.parse().unwrap_or_else(|_| panic!("reload data {reload:?} is not a build number"));
    assert!(build > first_build, "reload {build} after ok {first_build}");

    let page = server.wait_for_text(ARTICLE_URL, new_text, save);
    assert!(!page.text().contains(OLD_TEXT), "the old text is still on the page");
    assert!(has_reload_script(&page.text()), "the reloaded page lacks the script");

    // Pages that show the article's summary were rebuilt too.
    for path in ["/cchc/", "/cchc/tin-tuc/", "/cchc/rss.xml"] {
        server.wait_for_text(path, new_text, || {});
    }
    // And the file on disk has the new text but never the script.
    let on_disk = site.read("tin-tuc/hop-bao-quy-2/index.html");
    assert!(on_disk.contains(new_text));
    assert!(!on_disk.contains("EventSource") && !on_disk.contains("__loa"), "the script was written to disk");

    // A page served now carries the build it comes from (at least the reload's),
    // so that its script does not reload it again.
    let text = page.text();
    let version: u64 = text
        .split("var v=")
        .nth(1)
        .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect::<String>())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no build number in the script:\n{text}"));
    assert!(version >= build, "page says build {version}, the reload said {build}");
}

/// Polls `path` until its status is `status`; panics after `CHANGE_TIMEOUT`.
fn wait_for_status(server: &Server, path: &str, status: u16, resave: impl Fn()) -> Response {
    let mut last = None;
    let found = wait_for_save(resave, || {
        let response = server.get(path);
        let hit = response.status == status;
        last = Some(response);
        hit
    });
    let last = last.unwrap();
    assert!(
        found,
        "{path} never answered {status}; last answer:\n{}\nstdout:\n{}\nstderr:\n{}",
        last.dump(),
        server.stdout(),
        server.stderr()
    );
    last
}

#[test]
fn serve_live_edit_follows_added_and_removed_files() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    let mut events = server.events();
    assert_eq!(events.next(Duration::from_secs(10)).map(|e| e.0).as_deref(), Some("ok"));

    // A new article in a new folder appears, and the listing links to it.
    let new_article = "content/thong-bao/lich-tiep-cong-dan.md";
    let add = || {
        site.write(
            new_article,
            "---\ntitle: \"Lịch tiếp công dân tháng 7\"\ndate: 2022-06-28 08:00\nareas: [thu-tuc-hanh-chinh]\n---\n\nChủ tịch UBND thành phố tiếp công dân định kỳ vào ngày 15 hằng tháng.\n",
        )
    };
    add();
    let page = wait_for_status(&server, "/cchc/thong-bao/lich-tiep-cong-dan/", 200, add);
    assert!(page.text().contains("Lịch tiếp công dân tháng 7"), "{}", page.dump());
    events.wait_for("reload", || {}).unwrap_or_else(|| panic!("no reload after adding an article; events {:?}", events.seen));

    // A removed article is gone: 404, no redirect to a stale folder, no file left.
    let gone = "/cchc/tin-tuc/mot-cua-dien-tu/";
    assert_eq!(server.get(gone).status, 200);
    site.remove("content/tin-tuc/mot-cua-dien-tu.md");
    wait_for_status(&server, gone, 404, || {});
    assert_eq!(server.get("/cchc/tin-tuc/mot-cua-dien-tu").status, 404, "the removed article's folder still redirects");
    assert!(!site.exists("tin-tuc/mot-cua-dien-tu/index.html"), "the removed article's page is still on disk");
    let listing = server.get("/cchc/tin-tuc/");
    assert!(!listing.text().contains("Vận hành bộ phận một cửa điện tử"), "the listing still shows the removed article");

    // A file added to content/ is served; removed, it is not served any more.
    let asset = "content/tai-lieu/bieu-mau-01.pdf";
    let add_asset = || site.write(asset, "%PDF-1.4\n%%EOF\n");
    add_asset();
    let pdf = wait_for_status(&server, "/cchc/tai-lieu/bieu-mau-01.pdf", 200, add_asset);
    assert!(pdf.content_type().starts_with("application/pdf"), "{}", pdf.dump());
    site.remove(asset);
    wait_for_status(&server, "/cchc/tai-lieu/bieu-mau-01.pdf", 404, || {});
    assert!(!site.exists("tai-lieu/bieu-mau-01.pdf"), "the removed file is still in public/");
}

// ---------------------------------------------------------------------------
// 4. A content error keeps the last good build
// ---------------------------------------------------------------------------

#[test]
fn serve_broken_front_matter_keeps_the_last_good_build() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    let mut events = server.events();
    assert_eq!(events.next(Duration::from_secs(10)).map(|e| e.0).as_deref(), Some("ok"));

    let broken = "---\ntitle: [\ndate: 2022-06-14 09:00\nareas: [the-che]\n---\n\nNội dung đang soạn dở.\n";
    let save_broken = || site.write(ARTICLE, broken);
    save_broken();
    let report = events
        .wait_for("error-report", save_broken)
        .unwrap_or_else(|| panic!("no error-report event; events {:?}\nstderr:\n{}", events.seen, server.stderr()));
    let report = report_text(&report);
    assert!(names_line_and_column(&report, ARTICLE), "the report does not name {ARTICLE}:line:col:\n{report}");
    assert!(report.contains("error"), "{report}");
    // Printed before the event is sent, but read from the pipe by another thread.
    assert!(server.wait_stderr("Serving the last good build"), "stderr:\n{}", server.stderr());

    // The last good page is still served, with the script that shows the errors.
    let page = server.get(ARTICLE_URL);
    assert_eq!(page.status, 200, "{}", page.dump());
    assert!(page.text().contains(OLD_TEXT), "the old page is gone:\n{}", page.dump());
    assert!(!page.text().contains("Nội dung đang soạn dở"), "the broken draft was published");
    assert!(has_reload_script(&page.text()), "no reload script in\n{}", page.dump());
    assert!(page.text().contains("error-report"), "the script does not listen for error reports");
    let home = server.get("/cchc/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("Họp báo cải cách hành chính quý II"), "the article vanished from the home page");

    // A page opened while the error stands gets the report at once.
    let mut late = server.events();
    let (name, data) = late.next(Duration::from_secs(10)).expect("a first event on a new stream");
    assert_eq!(name, "error-report", "a stream opened during an error starts with {name}: {data}");
    let late_report = report_text(&data);
    assert!(names_line_and_column(&late_report, ARTICLE), "{late_report}");
    drop(late);

    // Fixing the file: reload, and the new text.
    let fixed_text = "Bản tin đã sửa: hồ sơ được tiếp nhận qua Cổng dịch vụ công trực tuyến.";
    let save_fixed = || site.write(ARTICLE, &article("Họp báo cải cách hành chính quý II", fixed_text));
    save_fixed();
    events
        .wait_for("reload", save_fixed)
        .unwrap_or_else(|| panic!("no reload after the fix; events {:?}\nstderr:\n{}", events.seen, server.stderr()));
    let page = server.wait_for_text(ARTICLE_URL, fixed_text, save_fixed);
    assert!(!page.text().contains(OLD_TEXT));

    // A stream opened now starts with ok again.
    let mut after = server.events();
    assert_eq!(after.next(Duration::from_secs(10)).map(|e| e.0).as_deref(), Some("ok"), "{:?}", after.seen);
}

#[test]
fn serve_starts_despite_a_content_error_and_recovers() {
    let site = site();
    let good = std::fs::read_to_string(site.root().join(ARTICLE)).unwrap();
    site.write(ARTICLE, "---\ntitle: [\n---\n\nChưa xong.\n");
    let server = Server::start(site.root(), &[]);
    assert!(server.wait_stderr(ARTICLE), "the error is not printed:\n{}", server.stderr());

    // No good build yet: nothing to serve, but the server runs and tells the pages.
    let mut events = server.events();
    let (name, data) = events.next(Duration::from_secs(10)).expect("a first event");
    assert_eq!(name, "error-report", "{data}");
    let report = report_text(&data);
    assert!(names_line_and_column(&report, ARTICLE), "{report}");
    let missing = server.get(ARTICLE_URL);
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("<h1>No page built yet</h1>"), "{}", missing.text());

    let fix = || site.write(ARTICLE, &good);
    fix();
    events
        .wait_for("reload", fix)
        .unwrap_or_else(|| panic!("no reload after the fix; events {:?}\nstderr:\n{}", events.seen, server.stderr()));
    let page = server.wait_for_text(ARTICLE_URL, OLD_TEXT, fix);
    assert!(has_reload_script(&page.text()));
}

// ---------------------------------------------------------------------------
// 5. Path traversal
// ---------------------------------------------------------------------------

#[test]
fn serve_refuses_path_traversal() {
    let site = site();
    let outside = tempfile::tempdir().expect("second temporary folder");
    let secret = "BI-MAT-KHONG-DUOC-LO-3f9c1a";
    let secret_file = outside.path().join("mat-khau.txt");
    std::fs::write(&secret_file, format!("{secret}\n")).unwrap();
    std::fs::write(outside.path().join("index.html"), format!("<p>{secret}</p>\n")).unwrap();

    let server = Server::start(site.root(), &[]);
    // After the first build: links inside the output folder pointing outside it.
    let public = site.out();
    std::os::unix::fs::symlink(&secret_file, public.join("mat-khau.txt")).unwrap();
    std::os::unix::fs::symlink(&secret_file, public.join("tin-tuc/mat-khau.html")).unwrap();
    std::os::unix::fs::symlink(outside.path(), public.join("ngoai")).unwrap();

    let secret_path = secret_file.to_string_lossy().into_owned();
    let mut targets: Vec<String> = [
        "/cchc/../../etc/passwd",
        "/cchc/%2e%2e/%2e%2e/etc/passwd",
        "/cchc/%2E%2E/%2E%2E/etc/passwd",
        "/cchc/..%2f..%2fetc%2fpasswd",
        "/cchc/..%2F..%2Fetc%2Fpasswd",
        "/cchc/..\\..\\etc\\passwd",
        "/cchc/..%5c..%5cetc%5cpasswd",
        "/cchc/%00",
        "/cchc/index.html%00.png",
        "/cchc/./../etc/passwd",
        "/../etc/passwd",
        "/cchc//etc/passwd",
        "/cchc/%2fetc%2fpasswd",
        "/cchc/mat-khau.txt",
        "/cchc/tin-tuc/mat-khau.html",
        "/cchc/ngoai/mat-khau.txt",
        "/cchc/ngoai/",
        "/cchc/ngoai",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // The secret's absolute path glued under the base path (`Path::join` of an
    // absolute path would replace the output folder).
    targets.push(format!("/cchc/{secret_path}"));
    targets.push(format!("/cchc/{}", secret_path.replace('/', "%2f")));
    let depth = public.components().count();
    targets.push(format!("/cchc/{}{}", "../".repeat(depth), secret_path.trim_start_matches('/')));
    targets.push(format!("/cchc/{}{}", "%2e%2e%2f".repeat(depth), secret_path.trim_start_matches('/').replace('/', "%2f")));

    let mut problems = Vec::new();
    for target in &targets {
        for method in ["GET", "HEAD"] {
            let response = match try_raw(server.port, &request_bytes(method, target)) {
                Ok(r) => r,
                // Refusing to parse the request line at all is also a refusal.
                Err(e) => {
                    eprintln!("{method} {target}: no HTTP answer ({e})");
                    continue;
                }
            };
            if response.status != 400 && response.status != 404 {
                problems.push(format!("{method} {target}: status {}", response.status_line));
            }
            let text = response.text();
            if text.contains(secret) || text.contains("root:x:0:0") || text.contains("root:*:0:0") {
                problems.push(format!("{method} {target}: leaked\n{}", response.dump()));
            }
            if response.headers.iter().any(|(_, v)| v.contains(secret)) {
                problems.push(format!("{method} {target}: leaked in a header"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The server is still fine afterwards.
    assert_eq!(server.get("/cchc/").status, 200);
}

// ---------------------------------------------------------------------------
// 6. The script is injected when serving, never written
// ---------------------------------------------------------------------------

fn html_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

fn pages_with_script(dir: &Path) -> Vec<String> {
    html_files(dir)
        .into_iter()
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            text.contains("EventSource") || text.contains("__loa")
        })
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect()
}

#[test]
fn serve_injects_the_script_only_into_served_html() {
    // `loa build`: no script anywhere.
    let built = site();
    let out = loa_in(built.root(), &["build", "--now", NOW, "--base-url", BASE_URL]);
    assert_eq!(out.status, 0, "stderr:\n{}", out.stderr);
    let pages = html_files(&built.out());
    assert!(pages.len() > 5, "only {} pages built", pages.len());
    let dirty = pages_with_script(&built.out());
    assert!(dirty.is_empty(), "loa build wrote the reload script into {dirty:?}");

    // `loa serve`: in every HTML response, once, before </body>; not in the files it wrote.
    let site = site();
    let server = Server::start(site.root(), &[]);
    let dirty = pages_with_script(&site.out());
    assert!(dirty.is_empty(), "loa serve wrote the reload script into {dirty:?}");
    for path in ["/cchc/", ARTICLE_URL, "/cchc/tin-tuc/", "/cchc/gioi-thieu/", "/cchc/404.html", "/cchc/khong-co/"] {
        let response = server.get(path);
        let text = response.text();
        assert!(has_reload_script(&text), "GET {path}: no reload script\n{}", response.dump());
        assert_eq!(text.matches("new EventSource(").count(), 1, "GET {path}: script injected more than once");
        let script_at = text.find("new EventSource(").unwrap();
        let body_end = text.rfind("</body>").unwrap_or_else(|| panic!("GET {path}: no </body>"));
        assert!(script_at < body_end, "GET {path}: script after </body>");
        assert!(text.contains("var v=1,") || text.contains("var v=1;"), "GET {path}: the first build should be version 1");
    }
    for path in ["/cchc/css/style.css", "/cchc/sitemap.xml", "/cchc/favicon.svg", "/cchc/lich/lich.ics"] {
        let text = server.get(path).text();
        assert!(!text.contains("EventSource") && !text.contains("__loa"), "GET {path}: script injected into a non-HTML file");
    }
}

// ---------------------------------------------------------------------------
// 7. Ctrl+C
// ---------------------------------------------------------------------------

#[test]
fn serve_stops_cleanly_on_ctrl_c() {
    let site = site();
    let mut server = Server::start(site.root(), &[]);
    assert_eq!(server.get("/cchc/").status, 200);
    // An open event stream must not keep the process alive.
    let mut events = server.events();
    assert!(events.next(Duration::from_secs(10)).is_some(), "no first event");

    let status = server.interrupt(Duration::from_secs(10));
    let status = status
        .unwrap_or_else(|| panic!("loa serve still runs 10 s after SIGINT\nstdout:\n{}\nstderr:\n{}", server.stdout(), server.stderr()));
    assert!(status.success(), "exit status {status} after SIGINT\nstdout:\n{}\nstderr:\n{}", server.stdout(), server.stderr());
    assert!(server.stdout().contains("Stopped."), "stdout:\n{}", server.stdout());

    // The port is free again.
    let deadline = Instant::now() + Duration::from_secs(5);
    while TcpStream::connect(("127.0.0.1", server.port)).is_ok() {
        assert!(Instant::now() < deadline, "port {} still answers after the exit", server.port);
        std::thread::sleep(Duration::from_millis(100));
    }
}

// ---------------------------------------------------------------------------
// 8. Loopback by default
// ---------------------------------------------------------------------------

#[test]
fn serve_binds_loopback_by_default() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    let url = format!("http://127.0.0.1:{}/cchc/", server.port);
    assert!(server.wait_stdout(&format!("at {url}\n")), "the printed URL is not {url}:\n{}", server.stdout());
    assert!(server.wait_stdout("Press Ctrl+C to stop."), "{}", server.stdout());
    let stdout = server.stdout();
    assert!(stdout.lines().any(|l| l.starts_with("Built in ")), "{stdout}");
    assert_eq!(server.get("/cchc/").status, 200);

    // Bound to 127.0.0.1 itself, not to every address: on Linux another
    // loopback address (127.0.0.2) reaches a wildcard listener but not this one.
    #[cfg(target_os = "linux")]
    {
        let other = TcpStream::connect_timeout(&([127, 0, 0, 2], server.port).into(), Duration::from_secs(2));
        assert!(other.is_err(), "the server answers on 127.0.0.2: it listens on more than 127.0.0.1");
    }
    // Nor on this machine's outward address, when it has one.
    if let Some(ip) = outward_address() {
        let other = TcpStream::connect_timeout(&(ip, server.port).into(), Duration::from_secs(2));
        assert!(other.is_err(), "the server answers on {ip}");
    }
}

/// The address this machine would use to reach the Internet (no packet is sent).
fn outward_address() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}
