//! Live reload: open pages listen on a Server-Sent Events stream; after a good
//! rebuild they reload, after a failed one they show the errors over the page
//! until the next good save.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tiny_http::{Header, Request, Response, StatusCode};

/// The script added to every HTML response in serve mode (never to files).
/// `__VERSION__` is the build the page was served from: a page that connects
/// after a later build reloads at once.
pub const RELOAD_SCRIPT: &str = r#"(function(){var v=__VERSION__,o=null;
function show(t){if(!o){o=document.createElement('div');o.id='loa-errors';o.setAttribute('role','alert');o.style.cssText='position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#fff7f7;color:#1b1b1b;border-top:4px solid #a1121b;box-shadow:0 -2px 12px rgba(0,0,0,.3);padding:1rem 1.2rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace';document.body.appendChild(o);}
o.innerHTML='';var h=document.createElement('strong');h.textContent='Loa: nội dung có lỗi, trang đang hiển thị bản dựng hợp lệ gần nhất. Sửa lỗi rồi lưu lại:';var p=document.createElement('pre');p.style.whiteSpace='pre-wrap';p.textContent=t;o.appendChild(h);o.appendChild(p);}
function hide(){if(o){o.remove();o=null;}}
var s=new EventSource('/__loa/events');
s.addEventListener('reload',function(e){if(+e.data!==v)location.reload();});
s.addEventListener('error-report',function(e){show(JSON.parse(e.data));});
s.addEventListener('ok',function(e){hide();if(+e.data!==v)location.reload();});
})();"#;

/// What the pages are told.
#[derive(Debug, Clone)]
enum Message {
    Reload(u64),
    Errors(String),
}

/// The state of live reload, shared by the server and the rebuild loop.
#[derive(Default)]
pub struct Live {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    version: u64,
    errors: Option<String>,
    clients: Vec<Sender<Message>>,
}

impl Live {
    pub fn new() -> Arc<Live> {
        Arc::new(Live::default())
    }

    /// The number of the last good build.
    pub fn version(&self) -> u64 {
        self.inner.lock().map(|i| i.version).unwrap_or(0)
    }

    /// A good build: pages reload.
    pub fn reload(&self) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.version += 1;
            inner.errors = None;
            let message = Message::Reload(inner.version);
            inner.clients.retain(|c| c.send(message.clone()).is_ok());
        }
    }

    /// A failed build: pages show the report.
    pub fn fail(&self, report: String) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.errors = Some(report.clone());
            let message = Message::Errors(report);
            inner.clients.retain(|c| c.send(message.clone()).is_ok());
        }
    }

    fn subscribe(&self) -> (Receiver<Message>, u64, Option<String>) {
        let (tx, rx) = mpsc::channel();
        let mut inner = self.inner.lock().expect("live state lock");
        inner.clients.push(tx);
        (rx, inner.version, inner.errors.clone())
    }

    /// Holds the request open as an event stream until the page goes away.
    pub fn stream(&self, request: Request) {
        let (rx, version, errors) = self.subscribe();
        let response = Response::empty(StatusCode(200))
            .with_header(Header::from_bytes("Content-Type", "text/event-stream; charset=utf-8").expect("ASCII"))
            .with_header(Header::from_bytes("Cache-Control", "no-store").expect("ASCII"));
        // tiny_http buffers response bodies; taking the connection over lets each
        // event leave at once.
        let mut stream = request.upgrade("sse", response);
        let first = match errors {
            Some(report) => event("error-report", &json_string(&report)),
            None => event("ok", &version.to_string()),
        };
        if !super::http::send_raw(&mut stream, first.as_bytes()) {
            return;
        }
        loop {
            let text = match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(Message::Reload(v)) => event("reload", &v.to_string()),
                Ok(Message::Errors(report)) => event("error-report", &json_string(&report)),
                Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if !super::http::send_raw(&mut stream, text.as_bytes()) {
                return;
            }
        }
    }
}

fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serializes")
}
