//! The output folder is Loa's alone (contract §5): before a build replaces it,
//! [`check_out_dir`] refuses a folder that is the site root, `content/`,
//! `themes/`, one that holds them or lies inside `content/` or `themes/`, and
//! a non-empty folder that no Loa build wrote. Every output carries [`MARK`],
//! which is how a later build knows the folder is its own.
//!
//! Reads the file system (paths, the mark); writes and deletes nothing.

use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as written by Loa.
pub const MARK: &str = ".loa-build";

/// What the mark says, the same on every build (output stays byte-identical).
pub const MARK_TEXT: &str =
    "This folder is written by Loa (loa build) and replaced whole on every build.\nDo not put other files in it: they would be deleted.\n";

/// Checks that `out` may be replaced by a build of the site at `root`: both
/// [`check_out_location`] and [`check_out_owner`]. Returns a message naming
/// the folder, for an exit status of 2.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), String> {
    check_out_location(root, out)?;
    check_out_owner(out)
}

/// How a message names the output folder: as given, and resolved when that
/// differs (`.`, `..`, a symbolic link).
fn shown(out: &Path) -> Result<(PathBuf, String), String> {
    let real = resolve(out).map_err(|e| format!("{}: cannot resolve the output folder: {e}", out.display()))?;
    let name = if real.as_path() == out { out.display().to_string() } else { format!("{} ({})", out.display(), real.display()) };
    Ok((real, name))
}

/// Refuses an output folder that is the site root, `content/` or `themes/`,
/// holds one of them, or lies inside `content/` or `themes/`.
pub fn check_out_location(root: &Path, out: &Path) -> Result<(), String> {
    let (out_real, shown) = shown(out)?;
    let root_real = resolve(root).map_err(|e| format!("{}: cannot resolve the site folder: {e}", root.display()))?;
    let nothing = "nothing was deleted; choose another --out, e.g. public";
    let protected = [
        ("the site folder", root_real.clone()),
        ("content/", resolve(&root_real.join("content")).unwrap_or_default()),
        ("themes/", resolve(&root_real.join("themes")).unwrap_or_default()),
    ];
    for (name, folder) in &protected {
        if folder.as_os_str().is_empty() {
            continue;
        }
        if folder == &out_real {
            return Err(format!(
                "{shown}: refusing to use {name} as the output folder: a build replaces the output folder whole ({nothing})"
            ));
        }
        if folder.starts_with(&out_real) {
            return Err(format!(
                "{shown}: refusing to use a folder that holds {name} as the output folder: a build replaces the output folder whole ({nothing})"
            ));
        }
        if *name != "the site folder" && out_real.starts_with(folder) {
            return Err(format!(
                "{shown}: refusing to write the output inside {name}: the output would become part of the site's own input ({nothing})"
            ));
        }
    }
    Ok(())
}

/// Refuses a non-empty output folder that no Loa build wrote.
pub fn check_out_owner(out: &Path) -> Result<(), String> {
    let (out_real, shown) = shown(out)?;
    if out_real.is_dir() && !is_empty_dir(&out_real)? && !is_loa_output(&out_real) {
        return Err(format!(
            "{shown}: the folder is not empty and holds no {MARK} mark of a Loa build; a build replaces the output folder whole, so Loa will not delete these files (nothing was deleted; choose an empty or new folder as --out, or, if it only holds an old build, delete it by hand)"
        ));
    }
    Ok(())
}

/// Whether a folder was written by Loa: it has the mark, or it is the output
/// of a version before the mark, recognised by two files every build writes
/// (the site feed's generator and the calendar's product id).
pub fn is_loa_output(dir: &Path) -> bool {
    if dir.join(MARK).is_file() {
        return true;
    }
    let holds = |rel: &str, needle: &str| std::fs::read_to_string(dir.join(rel)).is_ok_and(|text| text.contains(needle));
    holds("rss.xml", "<generator>Loa</generator>") && holds("lich/lich.ics", "PRODID:-//Loa//")
}

fn is_empty_dir(dir: &Path) -> Result<bool, String> {
    let mut entries = std::fs::read_dir(dir).map_err(|e| format!("{}: cannot read: {e}", dir.display()))?;
    Ok(entries.next().is_none())
}

/// An absolute path with `.` and `..` applied and every symbolic link of the
/// part that exists followed, so that two spellings of one folder compare
/// equal; the part that does not exist yet is kept as written.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if resolved.symlink_metadata().is_ok() {
                    resolved = resolved.canonicalize()?;
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_dots_and_missing_parts() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        std::fs::create_dir(base.join("a")).unwrap();
        assert_eq!(resolve(&base.join("a/./../a/b/../c")).unwrap(), base.join("a/c"));
        assert_eq!(resolve(&base.join("missing/..")).unwrap(), base);
    }

    #[cfg(unix)]
    #[test]
    fn resolves_symbolic_links() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        std::fs::create_dir(base.join("site")).unwrap();
        std::os::unix::fs::symlink(base.join("site"), base.join("link")).unwrap();
        assert_eq!(resolve(&base.join("link/public")).unwrap(), base.join("site/public"));
    }
}
