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
pub const RELOAD_SCRIPT: &str = r#"(function(){var v=__VERSION__,o=null,shut=null;
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text)e.textContent=text;return e;}
function styled(f){var l=document.getElementById('loa-overlay-css');if(l&&l.sheet){f();return;}
if(!l){l=el('link');l.id='loa-overlay-css';l.rel='stylesheet';l.href='/__loa/overlay.css';document.head.appendChild(l);}
l.addEventListener('load',f,{once:true});l.addEventListener('error',f,{once:true});}
function show(r){if(shut===r.text)return;hide();
o=el('section');o.id='loa-errors';o.setAttribute('role','alert');
var head=el('div','loa-head'),b=el('button',null,r.close);b.type='button';
b.addEventListener('click',function(){shut=r.text;hide();});
head.appendChild(el('h2',null,r.title));head.appendChild(b);o.appendChild(head);
var list=el('ol');r.items.forEach(function(i){var li=el('li',null,i.text);if(i.quote)li.appendChild(el('pre',null,i.quote));list.appendChild(li);});
o.appendChild(list);o.appendChild(el('p',null,r.footer));
var mine=o;styled(function(){if(o===mine)document.body.appendChild(mine);});}
function hide(){if(o){o.remove();o=null;}}
var s=new EventSource('/__loa/events');
s.addEventListener('reload',function(e){if(+e.data!==v)location.reload();});
s.addEventListener('error-report',function(e){show(JSON.parse(e.data));});
s.addEventListener('ok',function(e){shut=null;hide();if(+e.data!==v)location.reload();});
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

    /// A failed build: pages show the report (the JSON of [`super::overlay::report`]).
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
            Some(report) => event("error-report", &report),
            None => event("ok", &version.to_string()),
        };
        if !super::http::send_raw(&mut stream, first.as_bytes()) {
            return;
        }
        loop {
            let text = match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(Message::Reload(v)) => event("reload", &v.to_string()),
                Ok(Message::Errors(report)) => event("error-report", &report),
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
