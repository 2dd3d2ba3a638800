//! Writing the output folder: everything goes to a fresh folder next to it,
//! which replaces the old one only when every file is written. A failed build
//! leaves the previous output as it was; a good one leaves no stale files.
//! A folder that is not Loa's is never replaced (see [`super::guard`]).

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
    /// Folders already created inside `dir`, as the output paths of the
    /// files in them name them (`tin-tuc/a`): each is created once, not
    /// checked again for every file it holds.
    folders: Mutex<FxHashSet<String>>,
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
        fs::create_dir(&dir).map_err(|e| msg!("io-cannot-create", path = dir.display().to_string(), reason = e.to_string()))?;
        let mark = dir.join(super::guard::MARK);
        if let Err(e) = fs::write(&mark, super::guard::MARK_TEXT) {
            let _ = fs::remove_dir_all(&dir);
            return Err(msg!("io-cannot-write", path = mark.display().to_string(), reason = e.to_string()));
        }
        Ok(Staging { dir, out: out.to_path_buf(), parent, name, committed: false, folders: Mutex::default() })
    }

    /// Writes one file into the staging folder (from any thread): one
    /// open-write-close, its folder created the first time only, no fsync
    /// (the folder is swapped in whole at the end).
    pub fn write(&self, file: &OutputFile) -> Result<(), Message> {
        let target = self.dir.join(&file.path);
        // Paths are `/`-separated and checked by `OutputFile::new`.
        if let Some((folder, _)) = file.path.rsplit_once('/') {
            let known = self.folders.lock().is_ok_and(|folders| folders.contains(folder));
            if !known && let Some(dir) = target.parent() {
                fs::create_dir_all(dir).map_err(|e| msg!("io-cannot-create", path = dir.display().to_string(), reason = e.to_string()))?;
                if let Ok(mut folders) = self.folders.lock() {
                    folders.insert(folder.to_string());
                }
            }
        }
        write_body(&target, file)
    }

    /// Writes the `.gz` and `.br` twins of the staged files (see
    /// [`super::compress`]); returns how many files were compressed.
    pub fn compress(&self) -> Result<usize, Message> {
        super::compress::compress_tree(&self.dir)
    }

    /// Replaces the output with the staging folder, unless the output holds
    /// files no Loa build wrote ([`super::guard::check_out_owner`]; checked
    /// here, so that content errors are reported first).
    pub fn commit(mut self) -> Result<(), Message> {
        super::guard::check_out_owner(&self.out)?;
        self.committed = true;
        swap_in(&self.dir, &self.out, &self.parent, &self.name)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
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
        remove_tree(&old);
    } else {
        fs::rename(staging, out).map_err(|e| msg!("io-cannot-create", path = out.display().to_string(), reason = e.to_string()))?;
    }
    Ok(())
}

/// Removes a folder. One thread: on tmpfs two threads removing entries of
/// the same folders (most files of an output sit in one section's folder)
/// take more CPU time than one, for no shorter wall time.
fn remove_tree(dir: &Path) {
    // An output folder given as a symbolic link: remove the link, not what
    // it points to.
    if dir.is_symlink() {
        let _ = fs::remove_file(dir);
        return;
    }
    let _ = fs::remove_dir_all(dir);
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

fn write_body(target: &Path, file: &OutputFile) -> Result<(), Message> {
    let result: io::Result<()> = match &file.body {
        Body::Bytes(bytes) => fs::write(target, bytes),
        Body::Static(bytes) => fs::write(target, bytes),
        Body::Copy(source) => fs::copy(source, target).map(|_| ()),
    };
    result.map_err(|e| msg!("io-cannot-write", path = target.display().to_string(), reason = e.to_string()))
}
