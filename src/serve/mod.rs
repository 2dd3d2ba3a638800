//! `loa serve`: build, serve the output folder over HTTP, watch `site.yaml`,
//! `content/` and `themes/`, rebuild what a change touches and reload the open
//! pages. A content error keeps the last good build on screen with the errors
//! over it; the server never exits on one.

pub mod http;
pub mod live;
pub mod overlay;
pub mod stale;
pub mod watch;

use crate::BuildOptions;
use crate::i18n::{Lang, Message};
use crate::msg;
use crate::session::{Change, Session, classify};
use live::Live;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Instant;

/// How `loa serve` listens.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
    /// The language of what it prints and of the error overlay.
    pub lang: Lang,
}

/// What the watch loop waits for.
pub enum Signal {
    /// Paths that changed on disk.
    Changed(Vec<std::path::PathBuf>),
    /// Files closed after writing: a save is complete.
    Saved(Vec<std::path::PathBuf>),
    /// The system dropped change notices (its queue overflowed): anything may
    /// have changed.
    Rescan,
    /// The watcher failed (a folder could not be watched, say).
    WatchError(String),
    /// Ctrl+C.
    Stop,
}

/// Runs the preview until Ctrl+C. Returns a message when it cannot start.
pub fn serve(opts: ServeOptions) -> Result<(), Message> {
    let root = opts.build.root.clone();
    let out = opts.build.out_dir();
    // The same rule as `loa build`: never replace a folder that is not Loa's.
    crate::output::guard::check_out_dir(&root, &out)?;
    // Watch before the first build, so that a save during it is not missed.
    let (tx, rx) = mpsc::channel();
    let _watcher = watch::start(&root, tx.clone())?;
    let started = Instant::now();
    let mut session = Session::new(opts.build.clone());
    let base_path = session.config().map_or_else(|| "/".to_string(), |c| c.base_path.clone());
    let live = Live::new();
    let lang = opts.lang;
    report_build(&mut session, &live, started, false, lang);

    let address = SocketAddr::new(opts.bind, opts.port);
    let server = tiny_http::Server::http(address)
        .map_err(|e| msg!("serve-listen-failed", address = address.to_string(), reason = e.to_string(), port = opts.port))?;
    let server = Arc::new(server);
    let host = if opts.bind.is_unspecified() { "127.0.0.1".to_string() } else { opts.bind.to_string() };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    let url = format!("http://{host}:{}{base_path}", opts.port);
    println!("{}", msg!("serve-serving", out = out.display().to_string(), url = url).render(lang));
    println!("{}", msg!("serve-watching").render(lang));

    {
        let server = Arc::clone(&server);
        let live = Arc::clone(&live);
        let stale = session.stale();
        let out = out.clone();
        let base_path = base_path.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let live = Arc::clone(&live);
                let stale = Arc::clone(&stale);
                let out = out.clone();
                let base_path = base_path.clone();
                std::thread::spawn(move || http::handle(request, &out, &base_path, &live, &stale, lang));
            }
        });
    }

    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    })
    .map_err(|e| msg!("serve-ctrlc-failed", reason = e.to_string()))?;
    drop(tx);
    // Events name absolute paths; classify them against absolute folders.
    let root = root.canonicalize().unwrap_or(root);
    let out = absolute(&out);

    loop {
        let first = render_deferred(&mut session, &rx, &live, lang);
        let Some(batch) = watch::next_batch_from(first, &rx) else { break };
        for reason in &batch.errors {
            report_watch_problem(msg!("watch-error", reason = reason.as_str()), lang);
        }
        let changes: Vec<_> = if batch.rescan {
            report_watch_problem(msg!("watch-rescan"), lang);
            vec![Change::Config]
        } else {
            batch.paths.iter().filter_map(|p| classify(&root, &out, p)).collect()
        };
        if changes.is_empty() {
            continue;
        }
        let started = Instant::now();
        session.apply(&changes);
        report_build(&mut session, &live, started, true, lang);
    }
    server.unblock();
    println!("{}", msg!("serve-stopped").render(lang));
    Ok(())
}

/// Deferred outputs rendered per round, between which the loop looks for
/// new changes and for pages that requests wait for.
const DEFERRED_ROUND: usize = 32;

/// Renders the outputs an edit deferred until they are all written or a
/// change arrives (returned, to start the next batch: the session carries
/// what is still deferred over to the next model).
fn render_deferred(session: &mut Session, rx: &mpsc::Receiver<Signal>, live: &Live, lang: Lang) -> Option<Signal> {
    while session.has_deferred() {
        match rx.try_recv() {
            // A file closed is not a change: the change's own event follows.
            Ok(Signal::Saved(_)) => {}
            Ok(signal) => return Some(signal),
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => return None,
        }
        if let Err(diags) = session.render_deferred(DEFERRED_ROUND) {
            eprint!("{}", diags.report_in(lang));
            let next = msg!("serve-last-good");
            eprintln!("{}", next.render(lang));
            live.fail(overlay::report(&diags, &next, lang));
        }
    }
    None
}

/// A problem of the watcher, printed as a warning like those of a build.
fn report_watch_problem(message: Message, lang: Lang) {
    let pointer = msg!("guide-pointer", guide = crate::i18n::GUIDE, sections = format!("#{}", message.id));
    eprintln!("warning: {}\n{}", message.render(lang), pointer.render(lang));
}

fn absolute(path: &std::path::Path) -> std::path::PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf())
}

/// Builds, prints the outcome, and tells the pages.
fn report_build(session: &mut Session, live: &Live, started: Instant, again: bool, lang: Lang) {
    match session.build() {
        Ok(outcome) => {
            live.reload();
            let warnings = outcome.diagnostics.report_in(lang);
            if !warnings.is_empty() {
                eprint!("{warnings}");
            }
            let message = msg!(
                "serve-built",
                again = if again { "yes" } else { "no" },
                ms = started.elapsed().as_millis() as u64,
                rendered = outcome.rendered,
                written = outcome.written,
                removed = outcome.removed
            );
            println!("{}", message.render(lang));
        }
        Err(diags) => {
            eprint!("{}", diags.report_in(lang));
            let next = if session.has_built() { msg!("serve-last-good") } else { msg!("serve-nothing-built") };
            eprintln!("{}", next.render(lang));
            live.fail(overlay::report(&diags, &next, lang));
        }
    }
}
