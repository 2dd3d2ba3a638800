//! Watching the site's sources with notify, and grouping the events of one save
//! (editors write a temporary file, rename it, touch the folder) into one
//! rebuild.

use super::Signal;
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Quiet time that ends a batch of events.
pub const DEBOUNCE: Duration = Duration::from_millis(10);
/// A batch never waits longer than this.
pub const MAX_WAIT: Duration = Duration::from_millis(250);

/// Whether an event can change the site: reads (our own build opens every
/// file) and metadata-only events cannot.
pub fn is_relevant(kind: &EventKind) -> bool {
    use notify::event::ModifyKind;
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// Whether an event says a file written to was closed: the end of a save.
pub fn is_write_closed(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    matches!(kind, EventKind::Access(AccessKind::Close(AccessMode::Write)))
}

/// What one report of notify means for the preview: a change, the end of a
/// save, a notice that events were lost (rescan), or an error; `None` when
/// nothing can have changed.
pub fn signal_of(result: notify::Result<notify::Event>) -> Option<Signal> {
    let event = match result {
        Ok(event) => event,
        Err(err) => return Some(Signal::WatchError(err.to_string())),
    };
    if event.need_rescan() {
        return Some(Signal::Rescan);
    }
    if event.paths.is_empty() {
        return None;
    }
    if is_relevant(&event.kind) {
        Some(Signal::Changed(event.paths))
    } else if is_write_closed(&event.kind) {
        Some(Signal::Saved(event.paths))
    } else {
        None
    }
}

/// Watches `site.yaml` (through the root folder, since editors replace the
/// file), `content/` and `themes/`.
pub fn start(root: &Path, tx: Sender<Signal>) -> Result<notify::RecommendedWatcher, crate::i18n::Message> {
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        if let Some(signal) = signal_of(result) {
            let _ = tx.send(signal);
        }
    })
    .map_err(|e| crate::msg!("watch-failed", path = ".", reason = e.to_string()))?;
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| crate::msg!("watch-failed", path = root.display().to_string(), reason = e.to_string()))?;
    for dir in ["content", "themes"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| crate::msg!("watch-failed", path = path.display().to_string(), reason = e.to_string()))?;
        }
    }
    Ok(watcher)
}

/// Whether `path` names an editor's temporary, backup or swap file.
fn is_temporary(path: &Path) -> bool {
    path.file_name().is_some_and(|n| crate::content::is_ignored_name(&n.to_string_lossy()))
}

/// What changed in one save, as the watcher saw it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// Changed paths, sorted, each once.
    pub paths: Vec<PathBuf>,
    /// Change notices were lost: rebuild from everything on disk.
    pub rescan: bool,
    /// The watcher's own errors, to report.
    pub errors: Vec<String>,
}

impl Batch {
    /// Takes one signal; `false` on stop.
    fn take(&mut self, signal: Signal) -> bool {
        match signal {
            Signal::Changed(paths) => self.paths.extend(paths),
            Signal::Saved(_) => {}
            Signal::Rescan => self.rescan = true,
            Signal::WatchError(reason) => self.errors.push(reason),
            Signal::Stop => return false,
        }
        true
    }
}

/// Waits for changes, then gathers the rest of the same save: until the
/// changed file is closed after writing, or no event came for [`DEBOUNCE`]
/// (editors that save by renaming a temporary file close no changed file).
/// `None` on stop.
pub fn next_batch(rx: &Receiver<Signal>) -> Option<Batch> {
    next_batch_from(None, rx)
}

/// [`next_batch`], when its first signal was already taken from `rx`.
pub fn next_batch_from(first: Option<Signal>, rx: &Receiver<Signal>) -> Option<Batch> {
    let mut first = first;
    let mut batch = Batch::default();
    loop {
        let signal = match first.take() {
            Some(signal) => signal,
            None => rx.recv().ok()?,
        };
        match signal {
            Signal::Saved(_) => continue,
            Signal::Stop => return None,
            signal => {
                batch.take(signal);
                break;
            }
        }
    }
    let started = Instant::now();
    loop {
        let left = MAX_WAIT.saturating_sub(started.elapsed());
        match rx.recv_timeout(DEBOUNCE.min(left)) {
            Ok(Signal::Saved(closed)) => {
                // Closing an editor's temporary file is not the end of the
                // save: the rename over the real file follows.
                if closed.iter().all(|c| batch.paths.contains(c) && !is_temporary(c)) {
                    // Take what is already queued, then go.
                    while let Ok(signal) = rx.try_recv() {
                        if !batch.take(signal) {
                            return None;
                        }
                    }
                    break;
                }
            }
            Ok(signal) => {
                if !batch.take(signal) {
                    return None;
                }
            }
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if started.elapsed() >= MAX_WAIT {
            break;
        }
    }
    batch.paths.sort();
    batch.paths.dedup();
    Some(batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange, MetadataKind, ModifyKind, RemoveKind, RenameMode};

    #[test]
    fn reads_and_metadata_do_not_rebuild() {
        assert!(!is_relevant(&EventKind::Access(AccessKind::Any)));
        assert!(!is_relevant(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any))));
        assert!(is_relevant(&EventKind::Modify(ModifyKind::Data(DataChange::Any))));
        assert!(is_relevant(&EventKind::Modify(ModifyKind::Name(RenameMode::To))));
        assert!(is_relevant(&EventKind::Create(CreateKind::File)));
        assert!(is_relevant(&EventKind::Remove(RemoveKind::File)));
    }

    #[test]
    fn closing_the_written_file_ends_the_batch() {
        let (tx, rx) = std::sync::mpsc::channel();
        tx.send(Signal::Changed(vec![PathBuf::from("a")])).unwrap();
        tx.send(Signal::Saved(vec![PathBuf::from("a")])).unwrap();
        let started = Instant::now();
        assert_eq!(next_batch(&rx).map(|b| b.paths), Some(vec![PathBuf::from("a")]));
        assert!(started.elapsed() < DEBOUNCE);
        // A close without a change starts nothing.
        tx.send(Signal::Saved(vec![PathBuf::from("b")])).unwrap();
        tx.send(Signal::Stop).unwrap();
        assert_eq!(next_batch(&rx), None);
    }

    #[test]
    fn closing_a_temporary_file_waits_for_the_rename() {
        // sed -i: write sedXXXXXX, close it, rename it over the article.
        let (tx, rx) = std::sync::mpsc::channel();
        let temp = PathBuf::from("/site/content/sedAb12Cd");
        let article = PathBuf::from("/site/content/a.md");
        tx.send(Signal::Changed(vec![temp.clone()])).unwrap();
        tx.send(Signal::Saved(vec![temp.clone()])).unwrap();
        tx.send(Signal::Changed(vec![temp.clone(), article.clone()])).unwrap();
        assert_eq!(next_batch(&rx).map(|b| b.paths), Some(vec![article, temp]));
    }

    #[test]
    fn a_burst_is_one_batch() {
        let (tx, rx) = std::sync::mpsc::channel();
        tx.send(Signal::Changed(vec![PathBuf::from("a")])).unwrap();
        tx.send(Signal::Changed(vec![PathBuf::from("b"), PathBuf::from("a")])).unwrap();
        assert_eq!(next_batch(&rx).map(|b| b.paths), Some(vec![PathBuf::from("a"), PathBuf::from("b")]));
        tx.send(Signal::Stop).unwrap();
        assert_eq!(next_batch(&rx), None);
    }

    #[test]
    fn lost_events_and_watcher_errors_are_not_swallowed() {
        use notify::event::Flag;
        // inotify's queue overflow arrives as an event without paths, flagged rescan.
        let overflow = notify::Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert!(matches!(signal_of(Ok(overflow)), Some(Signal::Rescan)));
        let error = notify::Error::generic("inotify watch limit reached");
        assert!(matches!(signal_of(Err(error)), Some(Signal::WatchError(reason)) if reason.contains("watch limit")));
        let read = notify::Event::new(EventKind::Access(AccessKind::Any)).add_path(PathBuf::from("a"));
        assert!(signal_of(Ok(read)).is_none());

        let (tx, rx) = std::sync::mpsc::channel();
        tx.send(Signal::WatchError("inotify watch limit reached".into())).unwrap();
        tx.send(Signal::Changed(vec![PathBuf::from("a")])).unwrap();
        tx.send(Signal::Rescan).unwrap();
        let batch = next_batch(&rx).unwrap();
        assert_eq!(batch, Batch { paths: vec![PathBuf::from("a")], rescan: true, errors: vec!["inotify watch limit reached".into()] });
        tx.send(Signal::Stop).unwrap();
        assert!(next_batch(&rx).is_none());
    }
}
