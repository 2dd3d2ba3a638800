//! The output files that an edit changed but that are not written yet: after
//! a one-article edit `loa serve` writes what the browser shows first, sends
//! the reload message, and renders the other pages right after
//! ([`crate::session::Session::render_deferred`]). A request for one of
//! those files waits until it is written (asking for it to be rendered
//! next), so the server never sends a stale page.

use std::collections::HashSet;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// Output paths (relative to the output folder, as `tin-tuc/trang/2/index.html`)
/// whose file on disk is stale, shared by the rebuild loop and the server.
#[derive(Default)]
pub struct Stale {
    state: Mutex<State>,
    written: Condvar,
}

#[derive(Default)]
struct State {
    paths: HashSet<String>,
    /// A folder whose every file may be stale (the search index, whose
    /// changed files are known only once it is updated).
    folder: Option<String>,
    /// Paths a request waits for, to be rendered before the others.
    wanted: Vec<String>,
}

impl Stale {
    /// Replaces the set of stale paths.
    pub fn set(&self, paths: impl IntoIterator<Item = String>) {
        let mut state = self.lock();
        let State { paths: stale, wanted, .. } = &mut *state;
        *stale = paths.into_iter().collect();
        wanted.retain(|p| stale.contains(p));
        drop(state);
        self.written.notify_all();
    }

    /// Marks every file below `folder` (`tim-kiem/chi-muc/`) stale, or none.
    pub fn set_folder(&self, folder: Option<String>) {
        self.lock().folder = folder;
        self.written.notify_all();
    }

    /// Marks paths as written.
    pub fn done<'a>(&self, paths: impl IntoIterator<Item = &'a str>) {
        let mut state = self.lock();
        for path in paths {
            state.paths.remove(path);
        }
        if state.paths.is_empty() {
            state.wanted.clear();
        }
        drop(state);
        self.written.notify_all();
    }

    pub fn is_stale(&self, path: &str) -> bool {
        self.lock().has(path)
    }

    /// The paths requests wait for, in the order asked; they are asked for
    /// once.
    pub fn take_wanted(&self) -> Vec<String> {
        std::mem::take(&mut self.lock().wanted)
    }

    /// Waits while `path` is stale, asking for it to be rendered next.
    /// Returns `false` when it is still stale after `timeout`.
    pub fn wait(&self, path: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut state = self.lock();
        if !state.has(path) {
            return true;
        }
        state.wanted.push(path.to_string());
        while state.has(path) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = match self.written.wait_timeout(state, left) {
                Ok((state, _)) => state,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        true
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    fn has(&self, path: &str) -> bool {
        self.paths.contains(path) || self.folder.as_deref().is_some_and(|f| path.starts_with(f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_request_waits_for_its_page_and_asks_for_it_first() {
        let stale = Arc::new(Stale::default());
        stale.set(["a/index.html".to_string(), "b/index.html".to_string()]);
        assert!(stale.wait("c/index.html", Duration::ZERO), "a page that is not stale is sent at once");
        let waiter = {
            let stale = Arc::clone(&stale);
            std::thread::spawn(move || stale.wait("b/index.html", Duration::from_secs(60)))
        };
        // The rebuild loop sees the request before it writes the page.
        while stale.take_wanted().is_empty() {
            std::thread::yield_now();
        }
        assert!(!waiter.is_finished(), "the request waits while its page is stale");
        stale.done(["b/index.html"]);
        assert!(waiter.join().unwrap());
        assert!(stale.is_stale("a/index.html"));
        assert!(!stale.wait("a/index.html", Duration::ZERO), "still stale: the caller is told");
        stale.set([]);
        assert!(!stale.is_stale("a/index.html"));
        stale.set_folder(Some("tim-kiem/chi-muc/".into()));
        assert!(stale.is_stale("tim-kiem/chi-muc/u/a.json") && !stale.is_stale("tim-kiem/index.html"));
        stale.set_folder(None);
        assert!(!stale.is_stale("tim-kiem/chi-muc/u/a.json"));
    }
}
