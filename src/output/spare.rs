//! The spare folder: the output a build replaced, kept beside the output
//! (`.public.loa-spare` next to `public/`) and taken as the next build's
//! staging folder instead of a fresh one.
//!
//! Its unchanged files are already the output's own files (hard links to
//! the same inodes), and its folders already exist: a build that changes
//! little links, creates and removes little, and no build removes a whole
//! tree. What the spare holds is listed once when it is taken (names and
//! inode numbers, no `stat` of each file); what the new build does not
//! produce is removed before the folder becomes the output.
//!
//! The spare is readable by its owner only (mode 0700): a web server that
//! serves the output's parent folder cannot serve it, though it holds the
//! previous output. It may be deleted at any time: the next build then
//! starts from a fresh folder.

use rustc_hash::{FxHashMap, FxHashSet};
use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

/// The name of the spare folder of an output folder named `name`.
pub fn name_of(name: &str) -> String {
    format!(".{name}.loa-spare")
}

/// What the spare folder held when it was taken: each file's and folder's
/// path (relative, `/`-separated), with whether the new build produced it.
pub struct Spare {
    entries: FxHashMap<String, Entry>,
}

struct Entry {
    /// The inode number, as the folder listing gives it.
    ino: u64,
    folder: bool,
    used: AtomicBool,
}

/// What is at a path of the spare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    File { ino: u64 },
    Folder,
}

impl Spare {
    /// Lists the spare taken at `dir`: `None` when it cannot be listed whole.
    fn list_taken(dir: &Path) -> Option<Spare> {
        let found = list(dir, "")?;
        let entries = found.into_iter().map(|(path, ino, folder)| (path, Entry { ino, folder, used: AtomicBool::new(false) })).collect();
        Some(Spare { entries })
    }

    /// What the spare held at `path`, marking it produced.
    pub fn take_path(&self, path: &str) -> Option<Found> {
        let entry = self.entries.get(path)?;
        entry.used.store(true, Ordering::Relaxed);
        Some(if entry.folder { Found::Folder } else { Found::File { ino: entry.ino } })
    }

    /// Whether the spare held the folder `folder`, marking it used.
    pub fn has_folder(&self, folder: &str) -> bool {
        self.entries.get(folder).is_some_and(|entry| {
            entry.used.store(true, Ordering::Relaxed);
            entry.folder
        })
    }

    /// Removes from `dir` (the spare taken) every file and folder the build
    /// did not produce: files not written, folders in which nothing was.
    pub fn tidy(&self, dir: &Path) {
        let mut needed: FxHashSet<&str> = FxHashSet::with_capacity_and_hasher(self.entries.len() / 2, Default::default());
        for (path, entry) in &self.entries {
            if entry.folder && entry.used.load(Ordering::Relaxed) {
                let mut folder = path.as_str();
                while needed.insert(folder) {
                    match folder.rsplit_once('/') {
                        Some((parent, _)) => folder = parent,
                        None => break,
                    }
                }
            }
        }
        let mut unused: Vec<(&str, bool)> = self
            .entries
            .iter()
            .filter(|(path, entry)| !(entry.used.load(Ordering::Relaxed) || entry.folder && needed.contains(path.as_str())))
            .map(|(path, entry)| (path.as_str(), entry.folder))
            .collect();
        // Only what lies in a folder that stays: the rest goes with its
        // folder.
        unused.retain(|(path, _)| path.rsplit_once('/').is_none_or(|(parent, _)| needed.contains(parent)));
        unused.sort_unstable();
        for (path, folder) in unused {
            let target = dir.join(path);
            if folder {
                // Not through a link: `remove_dir_all` removes a link, never
                // what it points to.
                if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
                    let _ = fs::remove_dir_all(&target);
                }
            } else {
                let _ = fs::remove_file(&target);
            }
        }
    }
}

/// Moves the spare folder `spare` to `dir` with the permission bits `mode`,
/// when it is a folder with `mark` in it (Loa's).
fn claim(spare: &Path, dir: &Path, mark: &str, mode: u32) -> Result<(), ()> {
    let meta = fs::symlink_metadata(spare).map_err(drop)?;
    if !meta.is_dir() || !fs::symlink_metadata(spare.join(mark)).is_ok_and(|m| m.is_file()) {
        return Err(());
    }
    fs::rename(spare, dir).map_err(drop)?;
    if set_mode(dir, mode).is_err() {
        let _ = fs::remove_dir_all(dir);
        return Err(());
    }
    Ok(())
}

/// A spare taken at once and listed on a thread of its own, so that the
/// listing (a `getdents64` per folder, about 0.1 s of CPU time at 10,000
/// articles) runs while the build reads its content rather than before.
/// The first call of [`Pending::get`] waits for the listing.
pub struct Pending {
    listing: Mutex<Option<std::thread::JoinHandle<Option<Spare>>>>,
    spare: OnceLock<Option<Spare>>,
}

impl Pending {
    /// Moves the spare folder `spare` to `dir` (so that no other build takes
    /// it too) and starts listing it; `None` when there is no spare, or it
    /// is not a folder with `mark` in it (not Loa's: left alone; `dir` not
    /// created then).
    pub fn take(spare: &Path, dir: &Path, mark: &str, mode: u32) -> Option<Pending> {
        claim(spare, dir, mark, mode).ok()?;
        let taken = dir.to_path_buf();
        let listing = std::thread::Builder::new().name("loa-spare".into()).spawn(move || Spare::list_taken(&taken));
        let pending = Pending { listing: Mutex::new(None), spare: OnceLock::new() };
        match listing {
            Ok(handle) => *pending.listing.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(handle),
            // No thread: listed here.
            Err(_) => {
                let _ = pending.spare.set(Spare::list_taken(dir));
            }
        }
        Some(pending)
    }

    /// The spare's listing, once done; `None` when it could not be listed
    /// whole (its folder is left as it is: the caller makes it anew).
    pub fn get(&self) -> Option<&Spare> {
        self.spare
            .get_or_init(|| {
                let handle = self.listing.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
                handle.and_then(|h| h.join().ok().flatten())
            })
            .as_ref()
    }

    /// The listing, waited for.
    pub fn into_spare(self) -> Option<Spare> {
        self.get();
        self.spare.into_inner().flatten()
    }
}

/// Makes `dir` a spare: readable by its owner only.
pub fn set_spare_mode(dir: &Path) -> std::io::Result<()> {
    set_mode(dir, 0o700)
}

/// The permission bits of the folder at `path`, or those of a folder
/// created now when there is none (0755 under the usual umask).
pub fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::symlink_metadata(path).ok().filter(fs::Metadata::is_dir).map_or(0o755, |m| m.permissions().mode() & 0o7777)
}

fn set_mode(dir: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(mode))
}

/// Every file and folder below `dir`: paths (relative, `/`-separated),
/// inode numbers from the listing, whether a folder (never following a
/// link). `None` when a folder cannot be read or a name is not UTF-8 (no
/// output path has such a name).
fn list(dir: &Path, rel: &str) -> Option<Vec<(String, u64, bool)>> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::open(dir, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC, Mode::empty()).ok()?;
    list_fd(fd, rel)
}

/// [`list`] of the open folder `fd`, of relative path `rel`. Each subfolder
/// is opened by its name in its parent (one path component to look up, not
/// the whole path) and listed in parallel.
fn list_fd(fd: rustix::fd::OwnedFd, rel: &str) -> Option<Vec<(String, u64, bool)>> {
    use rayon::prelude::*;
    use rustix::fs::{AtFlags, FileType, Mode, OFlags};
    let mut dir = rustix::fs::Dir::new(fd).ok()?;
    let mut found = Vec::new();
    let mut folders: Vec<(std::ffi::CString, String)> = Vec::new();
    while let Some(entry) = dir.read() {
        let entry = entry.ok()?;
        let name = entry.file_name();
        if matches!(name.to_bytes(), b"." | b"..") {
            continue;
        }
        let text = name.to_str().ok()?;
        let path = if rel.is_empty() { text.to_string() } else { format!("{rel}/{text}") };
        let kind = match entry.file_type() {
            // A file system that does not say: asked, not through a link.
            FileType::Unknown => FileType::from_raw_mode(rustix::fs::statat(dir.fd().ok()?, name, AtFlags::SYMLINK_NOFOLLOW).ok()?.st_mode),
            kind => kind,
        };
        let folder = kind == FileType::Directory;
        if folder {
            folders.push((name.to_owned(), path.clone()));
        }
        found.push((path, entry.ino(), folder));
    }
    let parent = dir.fd().ok()?;
    let below = |(name, path): &(std::ffi::CString, String)| {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        list_fd(rustix::fs::openat(parent, name.as_c_str(), flags, Mode::empty()).ok()?, path)
    };
    let below: Option<Vec<Vec<(String, u64, bool)>>> =
        if folders.len() > 1 { folders.par_iter().map(below).collect() } else { folders.iter().map(below).collect() };
    found.extend(below?.into_iter().flatten());
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_everything_without_following_links() {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("tree");
        fs::create_dir_all(tree.join("a/b")).unwrap();
        fs::create_dir_all(dir.path().join("outside/x")).unwrap();
        fs::write(tree.join("a/b/index.html"), "x").unwrap();
        fs::write(tree.join("top.txt"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("outside"), tree.join("a/link")).unwrap();
        let mut found: Vec<(String, bool)> = list(&tree, "").unwrap().into_iter().map(|(p, _, folder)| (p, folder)).collect();
        found.sort();
        let expected = [("a", true), ("a/b", true), ("a/b/index.html", false), ("a/link", false), ("top.txt", false)];
        assert_eq!(found, expected.map(|(p, f)| (p.to_string(), f)));
    }

    #[test]
    fn tidy_removes_what_was_not_produced_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let (spare, taken) = (dir.path().join(".public.loa-spare"), dir.path().join("taken"));
        for path in ["a/index.html", "a/to-roi/index.html", "b/index.html", "b/c/index.html", "old/x/index.html", "top.txt", ".mark"] {
            let path = spare.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let spare = Pending::take(&spare, &taken, ".mark", 0o755).and_then(Pending::into_spare).unwrap();
        assert!(matches!(spare.take_path("a/index.html"), Some(Found::File { .. })));
        assert_eq!(spare.take_path("b"), Some(Found::Folder));
        assert!(spare.has_folder("a") && spare.has_folder("b/c") && !spare.has_folder("new"));
        spare.take_path("b/c/index.html");
        spare.take_path(".mark");
        spare.tidy(&taken);
        let mut left: Vec<String> = list(&taken, "").unwrap().into_iter().filter(|(_, _, folder)| !folder).map(|(p, _, _)| p).collect();
        left.sort();
        assert_eq!(left, [".mark", "a/index.html", "b/c/index.html"]);
        assert!(!taken.join("old").exists() && !taken.join("a/to-roi").exists());
    }

    #[test]
    fn a_spare_without_the_mark_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let (spare, taken) = (dir.path().join(".public.loa-spare"), dir.path().join("taken"));
        fs::create_dir_all(&spare).unwrap();
        fs::write(spare.join("notes.txt"), "mine").unwrap();
        assert!(Pending::take(&spare, &taken, ".mark", 0o755).is_none());
        assert_eq!(fs::read_to_string(spare.join("notes.txt")).unwrap(), "mine");
        assert!(!taken.exists());
    }
}
