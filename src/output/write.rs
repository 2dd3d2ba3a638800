//! Writing the output folder: everything goes to a fresh folder next to it,
//! which replaces the old one only when every file is written. A failed build
//! leaves the previous output as it was; a good one leaves no stale files.
//! A folder that is not Loa's is never replaced (see [`super::guard`]).
//!
//! The fresh folder is the spare one when there is one (see
//! [`super::spare`]): the output the last build replaced, whose files are
//! mostly the output's own, so that most files need no new link.
//!
//! A file whose bytes are those of the same file in the previous output is
//! not written again: the new folder gets a hard link to it. Unchanged files
//! keep their modification time (so `rsync` and web caches see only what
//! changed), and neither writing nor removing them moves their bytes.
//!
//! Telling that a file is unchanged needs no reading of it when it carries
//! a record (see [`Record`]): an extended attribute set when a build found
//! the file unchanged, naming its length, its modification time then and a
//! digest of its bytes. The new bytes are digested in memory and compared
//! with the record, and the old file is only `lstat`ed. A file without a
//! usable record (never kept yet, on a file system without user extended
//! attributes, modified since) is read and compared as before.

use super::spare::{Found, Pending, Spare};
use super::{Body, OutputFile};
use crate::i18n::Message;
use crate::msg;
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A fresh folder next to the output that becomes the output on
/// [`Staging::commit`]; dropped uncommitted, it is removed and the output is
/// untouched.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    parent: PathBuf,
    name: String,
    committed: bool,
    /// The previous output, whose unchanged files are linked, not written.
    old: Option<PathBuf>,
    /// Folders already created inside `dir`, as the output paths of the
    /// files in them name them (`tin-tuc/a`): each is created once, not
    /// checked again for every file it holds.
    folders: Mutex<FxHashSet<String>>,
    /// Files last modified before this time may be given a [`Record`].
    settled: std::time::SystemTime,
    /// What `dir` held when it was taken, when it is the spare folder;
    /// `None` once what the build did not produce is removed.
    spare: Option<Pending>,
    /// Run once should the spare's listing fail: `dir` made again, a fresh
    /// folder, before anything is written to it.
    remade: std::sync::Once,
    /// Whether `dir` was the spare folder: dropped uncommitted, it is the
    /// spare again.
    reused: bool,
}

impl Staging {
    /// Checks that `out` is not the site or a folder of its input
    /// ([`super::guard::check_out_location`]) and creates the staging folder
    /// with the mark of a Loa build in it.
    pub fn new(root: &Path, out: &Path) -> Result<Staging, Message> {
        super::guard::check_out_location(root, out)?;
        // Its messages name the path that failed.
        Staging::create(out)
    }

    fn create(out: &Path) -> Result<Staging, Message> {
        let (parent, name) = split(out)?;
        fs::create_dir_all(&parent).map_err(|e| msg!("io-cannot-create", path = parent.display().to_string(), reason = e.to_string()))?;
        if out.exists() && !out.is_dir() {
            return Err(msg!("io-not-a-folder", path = out.display().to_string()));
        }
        let dir = parent.join(format!(".{name}.loa-new-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let spare = Pending::take(&parent.join(super::spare::name_of(&name)), &dir, super::guard::MARK, super::spare::mode_of(out));
        if spare.is_none() {
            fs::create_dir(&dir).map_err(|e| msg!("io-cannot-create", path = dir.display().to_string(), reason = e.to_string()))?;
        }
        let mark = dir.join(super::guard::MARK);
        // The spare's mark may be the output's own file: replaced, never
        // written through.
        if spare.is_some() {
            let _ = fs::remove_file(&mark);
        }
        if let Err(e) = fs::write(&mark, super::guard::MARK_TEXT) {
            let _ = fs::remove_dir_all(&dir);
            return Err(msg!("io-cannot-write", path = mark.display().to_string(), reason = e.to_string()));
        }
        // Not through a link: what is linked must be the output's own file.
        let old = fs::symlink_metadata(out).is_ok_and(|m| m.is_dir()).then(|| out.to_path_buf());
        // Not the build time (`--now`): the file system's clock, which only
        // decides which files are read and never changes a byte written.
        let settled = std::time::SystemTime::now() - Record::SETTLED;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            parent,
            name,
            committed: false,
            old,
            folders: Mutex::default(),
            settled,
            reused: spare.is_some(),
            spare,
            remade: std::sync::Once::new(),
        })
    }

    /// The spare's listing, waited for the first time; `None` when `dir` is
    /// not the spare, or is a fresh folder again because the spare could
    /// not be listed whole.
    fn spare(&self) -> Option<&Spare> {
        let pending = self.spare.as_ref()?;
        let spare = pending.get();
        if spare.is_none() {
            self.remade.call_once(|| {
                let _ = fs::remove_dir_all(&self.dir);
                let _ = fs::create_dir(&self.dir);
                let _ = fs::write(self.dir.join(super::guard::MARK), super::guard::MARK_TEXT);
            });
        }
        spare
    }

    /// Writes one file into the staging folder (from any thread): one
    /// open-write-close, its folder created the first time only, no fsync
    /// (the folder is swapped in whole at the end).
    pub fn write(&self, file: &OutputFile) -> Result<(), Message> {
        let target = self.dir.join(&file.path);
        // Paths are `/`-separated and checked by `OutputFile::new`.
        if let Some((folder, _)) = file.path.rsplit_once('/') {
            self.make_folder(folder, &target)?;
        }
        let present = match self.spare().and_then(|spare| spare.take_path(&file.path)) {
            Some(Found::File { ino }) => Some(ino),
            // A folder of the spare where a file goes now.
            Some(Found::Folder) => {
                remove_path(&target);
                None
            }
            None => None,
        };
        if let Some(old) = &self.old
            && keep_unchanged(&old.join(&file.path), &file.body, &target, present, self.settled)
        {
            return Ok(());
        }
        // The spare's file may be the output's own (linked): replaced, never
        // written through.
        if present.is_some() {
            let _ = fs::remove_file(&target);
        }
        write_body(&target, file)
    }

    /// Creates the folder `folder` (an output path) of `target` the first
    /// time a file goes there, unless the spare has it already.
    fn make_folder(&self, folder: &str, target: &Path) -> Result<(), Message> {
        if self.spare().is_some_and(|spare| spare.has_folder(folder)) {
            return Ok(());
        }
        if self.folders.lock().is_ok_and(|folders| folders.contains(folder)) {
            return Ok(());
        }
        let Some(dir) = target.parent() else { return Ok(()) };
        let created = fs::create_dir_all(dir).or_else(|e| {
            // A file of the spare where a folder goes now: removed, then the
            // folder created.
            let Some(spare) = self.spare() else { return Err(e) };
            let mut prefix = String::new();
            for segment in folder.split('/') {
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix.push_str(segment);
                if let Some(Found::File { .. }) = spare.take_path(&prefix) {
                    let _ = fs::remove_file(self.dir.join(&prefix));
                }
            }
            fs::create_dir_all(dir)
        });
        created.map_err(|e| msg!("io-cannot-create", path = dir.display().to_string(), reason = e.to_string()))?;
        if let Ok(mut folders) = self.folders.lock() {
            folders.insert(folder.to_string());
        }
        Ok(())
    }

    /// Removes what the spare held that this build did not produce.
    fn tidy(&mut self) {
        // Waited for here even when nothing was written.
        self.spare();
        if let Some(spare) = self.spare.take().and_then(Pending::into_spare) {
            spare.take_path(super::guard::MARK);
            spare.tidy(&self.dir);
            // Its list (a path per file) is freed while the output is swapped in.
            crate::drop_in_background(spare);
        }
    }

    /// Writes the `.gz` and `.br` twins of the staged files (see
    /// [`super::compress`]); returns how many files were compressed.
    pub fn compress(&mut self) -> Result<usize, Message> {
        // The spare's twins of files no longer produced go first: no twin
        // is ever written through a link to the output's own.
        self.tidy();
        super::compress::compress_tree(&self.dir, self.old.as_deref())
    }

    /// Replaces the output with the staging folder, unless the output holds
    /// files no Loa build wrote ([`super::guard::check_out_owner`]; checked
    /// here, so that content errors are reported first).
    pub fn commit(mut self) -> Result<(), Message> {
        self.tidy();
        super::guard::check_out_owner(&self.out)?;
        self.committed = true;
        swap_in(&self.dir, &self.out, &self.parent, &self.name)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // The listing is done before the folder moves or goes; a spare
            // that could not be listed is not kept.
            if let Some(pending) = self.spare.take()
                && pending.into_spare().is_none()
            {
                self.reused = false;
            }
            // Made of the spare: the spare again (what it holds is listed
            // anew when a build takes it). A fresh folder leaves nothing.
            let spare = self.parent.join(super::spare::name_of(&self.name));
            if !(self.reused && fs::symlink_metadata(&spare).is_err() && keep_as_spare(&self.dir, &spare)) {
                let _ = fs::remove_dir_all(&self.dir);
            }
        }
    }
}

/// Writes `files` as the new content of `out`, the output folder of the site
/// at `root`.
pub fn write_all(root: &Path, out: &Path, files: &[OutputFile]) -> Result<(), Message> {
    let staging = Staging::new(root, out)?;
    files.par_iter().try_for_each(|file| staging.write(file)).map_err(|reason| msg!("write-failed", reason = reason))?;
    staging.commit()
}

/// Puts `staging` in the place of `out`.
fn swap_in(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), Message> {
    if out.exists() {
        let old = parent.join(format!(".{name}.loa-old-{}", std::process::id()));
        let _ = fs::remove_dir_all(&old);
        fs::rename(out, &old).map_err(|e| {
            let _ = fs::remove_dir_all(staging);
            msg!("io-cannot-replace", path = out.display().to_string(), reason = e.to_string())
        })?;
        if let Err(e) = fs::rename(staging, out) {
            // Put the old output back: a failed build loses nothing.
            let _ = fs::rename(&old, out);
            let _ = fs::remove_dir_all(staging);
            return Err(msg!("io-cannot-replace", path = out.display().to_string(), reason = e.to_string()));
        }
        if !keep_as_spare(&old, &parent.join(super::spare::name_of(name))) {
            remove_tree(&old);
        }
    } else {
        fs::rename(staging, out).map_err(|e| msg!("io-cannot-create", path = out.display().to_string(), reason = e.to_string()))?;
    }
    Ok(())
}

/// Moves the folder `dir`, a Loa output, to `spare` (readable by its owner
/// only). False when `dir` is not a folder with the mark of a Loa build or
/// cannot be moved: the caller removes it.
fn keep_as_spare(dir: &Path, spare: &Path) -> bool {
    fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
        && fs::symlink_metadata(dir.join(super::guard::MARK)).is_ok_and(|m| m.is_file())
        && super::spare::set_spare_mode(dir).is_ok()
        && fs::rename(dir, spare).is_ok()
}

/// Removes a folder. Its subtrees two levels down (an article's folder and
/// its leaflet, say) are removed first, in as many runs as there are
/// threads, each run whole subtrees: threads then seldom work in the same
/// folder, and on tmpfs two of them take the same CPU time as one for about
/// half the wall time (removing folder by folder in parallel took more).
fn remove_tree(dir: &Path) {
    // An output folder given as a symbolic link: remove the link, not what
    // it points to.
    if dir.is_symlink() {
        let _ = fs::remove_file(dir);
        return;
    }
    let mut subtrees = Vec::new();
    for top in fs::read_dir(dir).into_iter().flatten().flatten() {
        if top.file_type().is_ok_and(|t| t.is_dir()) {
            subtrees.extend(fs::read_dir(top.path()).into_iter().flatten().flatten().map(|e| e.path()));
        }
    }
    let run = subtrees.len().div_ceil(rayon::current_num_threads()).max(1);
    subtrees.par_chunks(run).for_each(|paths| paths.iter().for_each(|p| remove_path(p)));
    let _ = fs::remove_dir_all(dir);
}

/// Removes a file, a link or a whole folder (never what a link points to).
fn remove_path(path: &Path) {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => {
            let _ = fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = fs::remove_file(path);
        }
        Err(_) => {}
    }
}

fn split(out: &Path) -> Result<(PathBuf, String), Message> {
    let absolute = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir().map_err(|e| msg!("io-no-current-folder", reason = e.to_string()))?.join(out)
    };
    let name = absolute
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| msg!("io-not-folder-name", path = out.display().to_string()))?;
    let parent = absolute.parent().map(Path::to_path_buf).ok_or_else(|| msg!("io-no-parent", path = out.display().to_string()))?;
    Ok((parent, name))
}

/// Writes one file below `root` (a path already checked by `OutputFile::new`).
pub fn write_one(root: &Path, file: &OutputFile) -> Result<(), Message> {
    let target = root.join(&file.path);
    if let Some(dir) = target.parent() {
        fs::create_dir_all(dir).map_err(|e| msg!("io-cannot-create", path = dir.display().to_string(), reason = e.to_string()))?;
    }
    write_body(&target, file)
}

/// Links `old` at `target` when it is a plain file (not a link, not linked
/// elsewhere) holding exactly what `body` holds. False when anything differs
/// or fails: the caller then writes the file. A file found unchanged by
/// reading it gets a [`Record`] when it was last modified before `settled`.
///
/// `present` is the inode number of the spare's file at `target`, if any:
/// when it is `old` itself (its second link), nothing is linked.
fn keep_unchanged(old: &Path, body: &Body, target: &Path, present: Option<u64>, settled: std::time::SystemTime) -> bool {
    use std::os::unix::fs::MetadataExt;
    let len = match body {
        Body::Bytes(bytes) => bytes.len() as u64,
        Body::Static(bytes) => bytes.len() as u64,
        Body::Copy(source) => match fs::metadata(source) {
            Ok(meta) => meta.len(),
            Err(_) => return false,
        },
    };
    // Most changed files differ in length: one `lstat` tells.
    let Ok(meta) = fs::symlink_metadata(old) else { return false };
    let linked_here = present == Some(meta.ino());
    if !meta.is_file() || meta.len() != len || meta.nlink() != 1 + u64::from(linked_here) {
        return false;
    }
    let bytes = match body {
        Body::Bytes(bytes) => Some(bytes.as_slice()),
        Body::Static(bytes) => Some(*bytes),
        Body::Copy(_) => None,
    };
    let expected = bytes.map(|bytes| Record::of(&meta, bytes));
    if let Some(expected) = &expected
        && let Some(found) = Record::read(old)
        && found.is_of_version(expected)
    {
        // The record describes the old file as it is now: its digest tells
        // whether the bytes are the same, without reading them.
        return found == *expected && link(old, target, present, linked_here);
    }
    let Ok(mut file) = fs::File::open(old) else { return false };
    let same = match body {
        Body::Bytes(bytes) => same_bytes(&mut file, bytes),
        Body::Static(bytes) => same_bytes(&mut file, bytes),
        Body::Copy(source) => fs::File::open(source).is_ok_and(|mut source| same_files(&mut file, &mut source, len)),
    };
    if same
        && let Some(expected) = &expected
        && meta.modified().is_ok_and(|modified| modified < settled)
    {
        expected.write(&file);
    }
    same && link(old, target, present, linked_here)
}

/// Makes `target` a link to `old`, the spare's file there (`present`)
/// replaced; nothing to do when it is `old` already.
fn link(old: &Path, target: &Path, present: Option<u64>, linked_here: bool) -> bool {
    if linked_here {
        return true;
    }
    if present.is_some() {
        let _ = fs::remove_file(target);
    }
    fs::hard_link(old, target).is_ok()
}

/// What a build knew of a file's bytes when it found them unchanged: their
/// length and digest, and the file's modification time then. Kept as the
/// file's extended attribute [`Record::NAME`], so it travels with the file
/// (through the hard links of later builds) and is no file of the output:
/// the output's bytes are the same with and without records.
///
/// A record describes the file only while its modification time is the one
/// recorded: any write to the file changes that time (a file replaced by
/// another has no record or another time), so a hand-edited file is read
/// and compared, never kept on the strength of its record. The record is
/// set right after the bytes were compared, and only on a file last
/// modified more than [`Record::SETTLED`] before: a later write then gets a
/// later time even where the file system keeps times coarsely (a clock
/// tick, a whole second). Only a time set back by hand to the recorded
/// nanosecond after an edit (`touch -d`) would hide the edit.
///
/// The digest is the 128-bit XXH3 of the bytes, which reads them at
/// memory speed: a changed file of the same length passes it by accident
/// with a chance of about 2^-128.
#[derive(Debug, PartialEq, Eq)]
struct Record([u8; Record::LEN]);

impl Record {
    const NAME: &'static str = "user.loa.bytes";
    /// A version byte, then the modification time (seconds, nanoseconds),
    /// the length and the digest, little-endian. Records of another version
    /// (version 1 held a CRC-32 and a 64-bit hash) describe no file: it is
    /// read and compared, and gets a record of this version.
    const LEN: usize = 1 + 8 + 4 + 8 + 16;
    const VERSION: u8 = 2;
    /// How long a file must have been left alone before it gets a record.
    const SETTLED: std::time::Duration = std::time::Duration::from_secs(1);

    /// The record a file of metadata `meta` holding `bytes` would carry.
    fn of(meta: &fs::Metadata, bytes: &[u8]) -> Record {
        use std::os::unix::fs::MetadataExt;
        let mut record = [0u8; Record::LEN];
        record[0] = Record::VERSION;
        record[1..9].copy_from_slice(&meta.mtime().to_le_bytes());
        record[9..13].copy_from_slice(&(meta.mtime_nsec() as u32).to_le_bytes());
        record[13..21].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
        record[21..37].copy_from_slice(&xxhash_rust::xxh3::xxh3_128(bytes).to_le_bytes());
        Record(record)
    }

    /// Whether this record was made for the file version `other` describes
    /// (same format, modification time and length), so that its digest
    /// speaks for the file's bytes.
    fn is_of_version(&self, other: &Record) -> bool {
        self.0[..21] == other.0[..21]
    }

    /// The record of the file at `path` (not through a link), if it has one.
    fn read(path: &Path) -> Option<Record> {
        let value = xattr::get(path, Record::NAME).ok()??;
        Some(Record(value.as_slice().try_into().ok()?))
    }

    /// Sets the record on the open `file`. A failure (a file system without
    /// user extended attributes) only means the file is compared next time.
    fn write(&self, file: &fs::File) {
        use xattr::FileExt;
        let _ = file.set_xattr(Record::NAME, &self.0);
    }
}

/// Whether `file` holds `bytes` (its length already checked).
fn same_bytes(file: &mut fs::File, bytes: &[u8]) -> bool {
    use std::io::Read;
    let mut chunk = [0u8; 16 * 1024];
    bytes.chunks(chunk.len()).all(|part| file.read_exact(&mut chunk[..part.len()]).is_ok() && chunk[..part.len()] == *part)
}

/// Whether the first `len` bytes of `a` and `b` are the same.
fn same_files(a: &mut fs::File, b: &mut fs::File, len: u64) -> bool {
    use std::io::Read;
    let (mut x, mut y) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    let mut left = len;
    while left > 0 {
        let n = left.min(x.len() as u64) as usize;
        if a.read_exact(&mut x[..n]).is_err() || b.read_exact(&mut y[..n]).is_err() || x[..n] != y[..n] {
            return false;
        }
        left -= n as u64;
    }
    true
}

fn write_body(target: &Path, file: &OutputFile) -> Result<(), Message> {
    let result: io::Result<()> = match &file.body {
        Body::Bytes(bytes) => fs::write(target, bytes),
        Body::Static(bytes) => fs::write(target, bytes),
        Body::Copy(source) => fs::copy(source, target).map(|_| ()),
    };
    result.map_err(|e| msg!("io-cannot-write", path = target.display().to_string(), reason = e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::FileExt;

    #[test]
    fn remove_tree_removes_everything_and_follows_no_link() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        fs::create_dir_all(outside.join("kept")).unwrap();
        fs::write(outside.join("kept/file.txt"), "x").unwrap();
        let out = dir.path().join("public");
        for article in 0..50 {
            let folder = out.join(format!("tin-tuc/{article:03}/to-roi"));
            fs::create_dir_all(&folder).unwrap();
            fs::write(folder.join("index.html"), "leaflet").unwrap();
            fs::write(folder.parent().unwrap().join("index.html"), "article").unwrap();
        }
        fs::write(out.join("index.html"), "home").unwrap();
        fs::write(out.join("tin-tuc/index.html"), "list").unwrap();
        // Links at the second and third levels, to a folder outside.
        std::os::unix::fs::symlink(&outside, out.join("tin-tuc/link")).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("tin-tuc/000/link")).unwrap();
        remove_tree(&out);
        assert!(!out.exists());
        assert_eq!(fs::read_to_string(outside.join("kept/file.txt")).unwrap(), "x");
    }

    fn staged(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path, Body::Bytes(text.as_bytes().to_vec())).unwrap()
    }

    fn build(root: &Path, out: &Path, files: &[OutputFile]) -> Staging {
        let staging = Staging::new(root, out).unwrap();
        for file in files {
            staging.write(file).unwrap();
        }
        staging
    }

    #[test]
    fn unchanged_files_are_kept_and_changed_ones_written() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path().join("site"), dir.path().join("public"));
        fs::create_dir_all(&root).unwrap();
        fs::write(root.join("anh.png"), "picture").unwrap();
        let picture = || OutputFile::new("anh/anh.png", Body::Copy(root.join("anh.png"))).unwrap();
        build(&root, &out, &[staged("a/index.html", "same"), staged("b/index.html", "old"), staged("c.txt", "four"), picture()])
            .commit()
            .unwrap();
        let inode = |path: &str| fs::metadata(out.join(path)).unwrap().ino();
        let (a, b, c, png) = (inode("a/index.html"), inode("b/index.html"), inode("c.txt"), inode("anh/anh.png"));
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o7777;
        let out_mode = mode(&out);

        // A failed build (dropped uncommitted) leaves every file as it was.
        drop(build(&root, &out, &[staged("a/index.html", "same"), staged("b/index.html", "new")]));
        assert_eq!(fs::read_to_string(out.join("b/index.html")).unwrap(), "old");
        assert_eq!(inode("a/index.html"), a);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "same");

        // Same length, other bytes: written; gone from the new build: removed.
        build(&root, &out, &[staged("a/index.html", "same"), staged("b/index.html", "new"), staged("c.txt", "FOUR"), picture()])
            .commit()
            .unwrap();
        assert_eq!(inode("a/index.html"), a, "an unchanged file is the same file");
        assert_eq!(inode("anh/anh.png"), png, "an unchanged copied file too");
        assert_ne!(inode("b/index.html"), b);
        assert_ne!(inode("c.txt"), c);
        assert_eq!(fs::read_to_string(out.join("b/index.html")).unwrap(), "new");
        assert_eq!(fs::read_to_string(out.join("c.txt")).unwrap(), "FOUR");
        let mut names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, [".public.loa-spare", "public", "site"], "the site, its output and the spare remain");
        let spare = dir.path().join(".public.loa-spare");
        assert_eq!(fs::metadata(spare.join("a/index.html")).unwrap().ino(), a, "the spare shares the unchanged file");
        assert_eq!(fs::read_to_string(spare.join("b/index.html")).unwrap(), "old", "and holds the replaced output");
        assert_eq!(mode(&spare), 0o700, "readable by its owner only");
        assert_eq!(mode(&out), out_mode, "the output made of the spare has the output's mode");

        // A copied file of the same length, other bytes: copied again.
        fs::write(root.join("anh.png"), "PICTURE").unwrap();
        build(&root, &out, &[picture()]).commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("anh/anh.png")).unwrap(), "PICTURE");
        assert_ne!(inode("anh/anh.png"), png);
    }

    /// Every file below `dir` with its bytes, sorted.
    fn files_of(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), fs::read(e.path()).unwrap()))
            .collect();
        files.sort();
        files
    }

    #[test]
    fn an_output_made_of_the_spare_holds_exactly_what_was_built() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out, fresh) = (dir.path().join("site"), dir.path().join("public"), dir.path().join("fresh"));
        fs::create_dir_all(&root).unwrap();
        let spare = dir.path().join(".public.loa-spare");
        let builds: [&[(&str, &str)]; 6] = [
            &[("a/index.html", "a"), ("b/index.html", "b"), ("b/c/index.html", "c"), ("d.txt", "d")],
            &[("a/index.html", "a"), ("b/index.html", "B"), ("e/index.html", "e")],
            // A file where a folder was, and a folder where a file was.
            &[("a/index.html", "a"), ("b", "now a file"), ("d.txt/index.html", "now a folder"), ("e/index.html", "e")],
            &[("a/index.html", "a"), ("b/index.html", "b"), ("b/c/index.html", "c"), ("d.txt", "d")],
            &[("a/index.html", "a2"), ("b/index.html", "b")],
            &[("a/index.html", "a2"), ("b/index.html", "b"), ("f/g/h/index.html", "deep")],
        ];
        for (n, files) in builds.iter().enumerate() {
            let files: Vec<OutputFile> = files.iter().map(|(path, text)| staged(path, text)).collect();
            // Things no build wrote: in the output, and in the spare (hand
            // edits of a file and of a file shared with the output).
            fs::write(out.join("stray.txt"), "mine").ok();
            if spare.join("a/index.html").exists() {
                fs::remove_file(spare.join("a/index.html")).unwrap();
                fs::write(spare.join("a/index.html"), "edited in the spare").unwrap();
            }
            if n == 3 {
                // A failed build first: the output is left as it was.
                let before = files_of(&out);
                drop(build(&root, &out, &files[..1]));
                assert_eq!(files_of(&out), before);
            }
            build(&root, &out, &files).commit().unwrap();
            let _ = fs::remove_dir_all(&fresh);
            build(&root, &fresh, &files).commit().unwrap();
            assert_eq!(files_of(&out), files_of(&fresh), "build {n}");
            assert_eq!(spare.is_dir(), n > 0, "build {n}: the output it replaced is the spare");
        }
    }

    #[test]
    fn a_spare_that_cannot_be_listed_gives_way_to_a_fresh_folder() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let (root, out, fresh) = (dir.path().join("site"), dir.path().join("public"), dir.path().join("fresh"));
        fs::create_dir_all(&root).unwrap();
        let files = [staged("a/index.html", "a"), staged("b/index.html", "b")];
        build(&root, &out, &files).commit().unwrap();
        build(&root, &out, &files).commit().unwrap();
        // A name no output path has: the listing, on its own thread, fails.
        let spare = dir.path().join(".public.loa-spare");
        for n in 0..2 {
            fs::write(spare.join(std::ffi::OsStr::from_bytes(b"r\xe1c.txt")), "x").unwrap();
            build(&root, &out, &files).commit().unwrap();
            build(&root, &fresh, &files).commit().unwrap();
            assert_eq!(files_of(&out), files_of(&fresh), "build {n}");
        }
        // Nothing written before the commit: the folder is made anew all the same.
        fs::write(spare.join(std::ffi::OsStr::from_bytes(b"r\xe1c.txt")), "x").unwrap();
        Staging::new(&root, &out).unwrap().commit().unwrap();
        let mark = (PathBuf::from(crate::output::guard::MARK), crate::output::guard::MARK_TEXT.as_bytes().to_vec());
        assert_eq!(files_of(&out), vec![mark]);
    }

    #[test]
    fn a_build_dropped_while_the_spare_is_listed_leaves_the_spare() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path().join("site"), dir.path().join("public"));
        fs::create_dir_all(&root).unwrap();
        let files = [staged("a/index.html", "a")];
        build(&root, &out, &files).commit().unwrap();
        build(&root, &out, &files).commit().unwrap();
        let spare = dir.path().join(".public.loa-spare");
        let before = files_of(&spare);
        drop(Staging::new(&root, &out).unwrap());
        assert_eq!(files_of(&spare), before, "the spare is back, as it was");
        assert_eq!(
            files_of(&out),
            vec![
                (PathBuf::from(crate::output::guard::MARK), crate::output::guard::MARK_TEXT.as_bytes().to_vec()),
                (PathBuf::from("a/index.html"), b"a".to_vec())
            ]
        );
    }

    /// Sets `value` as the raw record of the file at `path`.
    fn set_record(path: &Path, value: &[u8]) {
        xattr::set(path, Record::NAME, value).unwrap();
    }

    /// A temporary folder with a site root (created) and an output path
    /// in it, when its file system keeps user extended attributes: the tests
    /// of records need them (elsewhere files are always compared, which the
    /// other tests cover).
    fn site_with_records() -> Option<(tempfile::TempDir, PathBuf, PathBuf)> {
        let dir = tempfile::tempdir().unwrap();
        let probe = dir.path().join("probe");
        fs::write(&probe, "x").unwrap();
        let works = xattr::set(&probe, Record::NAME, b"x").is_ok();
        fs::remove_file(&probe).unwrap();
        if !works {
            eprintln!("no user extended attributes in {}: records not tested", dir.path().display());
            return None;
        }
        let (root, out) = (dir.path().join("site"), dir.path().join("public"));
        fs::create_dir_all(&root).unwrap();
        Some((dir, root, out))
    }

    /// Sets the modification time of every file below `dir` a minute back,
    /// as if the output had been written by an earlier build.
    fn age(dir: &Path) {
        let then = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        for entry in walkdir::WalkDir::new(dir).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file()) {
            fs::File::open(entry.path()).unwrap().set_modified(then).unwrap();
        }
    }

    #[test]
    fn a_file_found_unchanged_gets_a_record_that_later_builds_trust() {
        use std::os::unix::fs::MetadataExt;
        let Some((_dir, root, out)) = site_with_records() else { return };
        let files = [staged("a/index.html", "same"), staged("b.txt", "same too")];
        build(&root, &out, &files).commit().unwrap();
        assert_eq!(Record::read(&out.join("a/index.html")), None, "a file just written has no record");
        build(&root, &out, &files).commit().unwrap();
        assert_eq!(Record::read(&out.join("a/index.html")), None, "nor one modified a moment ago");
        age(&out);
        build(&root, &out, &files).commit().unwrap();
        let meta = fs::symlink_metadata(out.join("a/index.html")).unwrap();
        assert_eq!(Record::read(&out.join("a/index.html")), Some(Record::of(&meta, b"same")), "compared, found unchanged: recorded");
        let inode = meta.ino();

        // A record of this very version of the file that names other bytes
        // is believed: the file is written again (with the same bytes), not
        // read. This shows that the record, not a comparison, decided.
        set_record(&out.join("a/index.html"), &Record::of(&meta, b"SAME").0);
        build(&root, &out, &files).commit().unwrap();
        assert_ne!(fs::metadata(out.join("a/index.html")).unwrap().ino(), inode, "the record said the bytes changed");
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "same");
        let b = fs::metadata(out.join("b.txt")).unwrap().ino();
        build(&root, &out, &files).commit().unwrap();
        assert_eq!(fs::metadata(out.join("b.txt")).unwrap().ino(), b, "kept on the strength of its record");
    }

    #[test]
    fn a_hand_edited_file_with_a_record_is_not_kept() {
        use std::os::unix::fs::MetadataExt;
        let Some((_dir, root, out)) = site_with_records() else { return };
        let files = [staged("a/index.html", "same")];
        build(&root, &out, &files).commit().unwrap();
        age(&out);
        build(&root, &out, &files).commit().unwrap();
        let path = out.join("a/index.html");
        assert!(Record::read(&path).is_some());
        // Edited in place, same length: the file keeps its record, but not
        // the time the record names.
        fs::OpenOptions::new().write(true).open(&path).unwrap().write_all_at(b"SAME", 0).unwrap();
        let inode = fs::metadata(&path).unwrap().ino();
        build(&root, &out, &files).commit().unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "same", "the edit is undone by the build");
        assert_ne!(fs::metadata(&path).unwrap().ino(), inode);
    }

    #[test]
    fn a_missing_or_corrupt_record_falls_back_to_comparing() {
        use std::os::unix::fs::MetadataExt;
        let Some((_dir, root, out)) = site_with_records() else { return };
        let files = [staged("a.txt", "same"), staged("b.txt", "also the same")];
        build(&root, &out, &files).commit().unwrap();
        age(&out);
        let inode = |path: &str| fs::metadata(out.join(path)).unwrap().ino();
        let (a, b) = (inode("a.txt"), inode("b.txt"));
        // No record: compared, kept. A record of the wrong size or version:
        // ignored, compared, kept, and recorded anew.
        set_record(&out.join("b.txt"), b"garbage");
        build(&root, &out, &files).commit().unwrap();
        assert_eq!((inode("a.txt"), inode("b.txt")), (a, b));
        let mut wrong_version = Record::read(&out.join("a.txt")).unwrap().0;
        wrong_version[0] = 0;
        set_record(&out.join("a.txt"), &wrong_version);
        build(&root, &out, &files).commit().unwrap();
        assert_eq!((inode("a.txt"), inode("b.txt")), (a, b));
        let meta = fs::symlink_metadata(out.join("a.txt")).unwrap();
        assert_eq!(Record::read(&out.join("a.txt")), Some(Record::of(&meta, b"same")));
    }

    #[test]
    fn output_is_the_same_with_and_without_records() {
        let Some((dir, root, _)) = site_with_records() else { return };
        let first = [staged("a/index.html", "one"), staged("b/index.html", "two"), staged("c.txt", "three")];
        let second = [staged("a/index.html", "one"), staged("b/index.html", "TWO"), staged("d.txt", "four")];
        let (kept, fresh) = (dir.path().join("kept"), dir.path().join("fresh"));
        for files in [&first, &first, &first, &second] {
            build(&root, &kept, files).commit().unwrap();
            age(&kept);
        }
        build(&root, &fresh, &second).commit().unwrap();
        assert!(Record::read(&kept.join("a/index.html")).is_some());
        assert!(Record::read(&fresh.join("a/index.html")).is_none());
        assert_eq!(files_of(&kept), files_of(&fresh));
    }

    #[test]
    fn a_file_linked_from_elsewhere_is_written_not_shared() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path().join("site"), dir.path().join("public"));
        fs::create_dir_all(&root).unwrap();
        build(&root, &out, &[staged("a.txt", "same"), staged("b.txt", "same")]).commit().unwrap();
        let elsewhere = dir.path().join("copy.txt");
        fs::hard_link(out.join("a.txt"), &elsewhere).unwrap();
        fs::remove_file(out.join("b.txt")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("b.txt")).unwrap();
        build(&root, &out, &[staged("a.txt", "same"), staged("b.txt", "same")]).commit().unwrap();
        assert_ne!(fs::metadata(out.join("a.txt")).unwrap().ino(), fs::metadata(&elsewhere).unwrap().ino());
        assert!(!fs::symlink_metadata(out.join("b.txt")).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "same");
    }

    #[test]
    fn compressed_twins_of_unchanged_files_are_kept() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path().join("site"), dir.path().join("public"));
        fs::create_dir_all(&root).unwrap();
        let (same, old, new) = ("Cải cách hành chính. ".repeat(100), "Một cửa. ".repeat(300), "Một cửa! ".repeat(300));
        let compressed = |files: &[OutputFile]| {
            let mut staging = build(&root, &out, files);
            staging.compress().unwrap();
            staging.commit().unwrap();
        };
        compressed(&[staged("a/index.html", &same), staged("b/index.html", &old)]);
        let inode = |path: &str| fs::metadata(out.join(path)).unwrap().ino();
        let (a_gz, a_br, b_gz) = (inode("a/index.html.gz"), inode("a/index.html.br"), inode("b/index.html.gz"));
        compressed(&[staged("a/index.html", &same), staged("b/index.html", &new)]);
        assert_eq!((inode("a/index.html.gz"), inode("a/index.html.br")), (a_gz, a_br));
        assert_ne!(inode("b/index.html.gz"), b_gz);
        let gz = fs::read(out.join("b/index.html.gz")).unwrap();
        assert_eq!(gz, super::super::compress::gzip(new.as_bytes()), "the changed file's twin is of its new bytes");
        let spare = dir.path().join(".public.loa-spare");
        assert_eq!(fs::metadata(spare.join("a/index.html.gz")).unwrap().ino(), a_gz, "the spare shares the kept twin");
        assert_ne!(fs::read(spare.join("b/index.html.gz")).unwrap(), gz, "and holds the replaced one");
    }
}
