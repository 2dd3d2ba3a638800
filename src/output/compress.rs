//! Precompressed output (`loa build --compress`, `compress: true`): a `.gz`
//! and a `.br` beside every text file over 1 KB, for nginx `gzip_static` /
//! `brotli_static` and Apache rewrite rules to send without compressing on
//! each request.
//!
//! Input: a finished staging folder; output: the compressed twins written into
//! it, in parallel. The bytes depend on the input bytes only: the gzip header
//! carries no file name and a zero modification time.

use rayon::prelude::*;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Files with these extensions are compressed.
pub const EXTENSIONS: &[&str] = &["html", "css", "js", "xml", "ics", "json", "csv", "svg"];

/// Files of this size or less are left alone: the headers would eat the gain.
pub const MIN_SIZE: u64 = 1024;

/// Gzip level (best) and brotli quality: time is spent once per build, bytes
/// on every request. Brotli's top quality (11) costs several times the build
/// for a few per cent, so 9.
const GZIP_LEVEL: u32 = 9;
const BROTLI_QUALITY: u32 = 9;
const BROTLI_WINDOW: u32 = 22;

/// Whether a file of `path` and `size` gets compressed twins.
pub fn is_compressible(path: &Path, size: u64) -> bool {
    size > MIN_SIZE && path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Gzip of `bytes`, the same for the same input.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::with_capacity(bytes.len() / 3), flate2::Compression::new(GZIP_LEVEL));
    encoder.write_all(bytes).expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

/// Brotli of `bytes`.
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
        writer.write_all(bytes).expect("writing to memory cannot fail");
        writer.flush().expect("writing to memory cannot fail");
    }
    out
}

/// Writes `x.gz` and `x.br` beside every compressible file below `dir`;
/// returns how many files were compressed. A file that is the same file as
/// in the previous output `old` (linked there because unchanged) gets that
/// output's twins, linked too, rather than being compressed again.
pub fn compress_tree(dir: &Path, old: Option<&Path>) -> Result<usize, crate::i18n::Message> {
    let files: Vec<(PathBuf, u64)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| {
            use std::os::unix::fs::MetadataExt;
            let meta = e.metadata().ok().filter(|m| e.file_type().is_file() && is_compressible(e.path(), m.len()))?;
            Some((e.into_path(), meta.ino()))
        })
        .collect();
    files.par_iter().try_for_each(|(path, ino)| {
        let kept = old.is_some_and(|old| path.strip_prefix(dir).is_ok_and(|rel| keep_twins(&old.join(rel), *ino, path)));
        if kept { Ok(()) } else { compress_file(path) }
    })?;
    Ok(files.len())
}

/// Links the twins of `old` beside `path` when `path` is `old` itself (inode
/// `ino`) and both twins are plain files of the previous output.
fn keep_twins(old: &Path, ino: u64, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    if !fs::symlink_metadata(old).is_ok_and(|m| m.ino() == ino) {
        return false;
    }
    let twins = ["gz", "br"].map(|suffix| (with_suffix(old, suffix), with_suffix(path, suffix)));
    if !twins.iter().all(|(from, _)| fs::symlink_metadata(from).is_ok_and(|m| m.is_file() && m.nlink() == 1)) {
        return false;
    }
    if twins.iter().all(|(from, to)| fs::hard_link(from, to).is_ok()) {
        return true;
    }
    // Half linked: compressed again, over what was linked.
    for (_, to) in &twins {
        let _ = fs::remove_file(to);
    }
    false
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn compress_file(path: &Path) -> Result<(), crate::i18n::Message> {
    let bytes = fs::read(path).map_err(|e| crate::msg!("io-cannot-read", path = path.display().to_string(), reason = e.to_string()))?;
    for (suffix, compressed) in [("gz", gzip(&bytes)), ("br", brotli(&bytes))] {
        let target = with_suffix(path, suffix);
        fs::write(&target, compressed)
            .map_err(|e| crate::msg!("io-cannot-write", path = target.display().to_string(), reason = e.to_string()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn gzip_is_deterministic_and_round_trips() {
        let text = "Cải cách hành chính ".repeat(200);
        let a = gzip(text.as_bytes());
        assert_eq!(a, gzip(text.as_bytes()));
        // No modification time (bytes 4..8) and no file name flag (byte 3).
        assert_eq!(&a[3..8], &[0, 0, 0, 0, 0]);
        let mut back = String::new();
        flate2::read::GzDecoder::new(&a[..]).read_to_string(&mut back).unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn brotli_round_trips() {
        let text = "Lịch hoạt động ".repeat(200);
        let compressed = brotli(text.as_bytes());
        assert!(compressed.len() < text.len() / 10);
        let mut back = Vec::new();
        brotli::Decompressor::new(&compressed[..], 4096).read_to_end(&mut back).unwrap();
        assert_eq!(back, text.as_bytes());
    }

    #[test]
    fn only_text_files_over_one_kilobyte() {
        assert!(is_compressible(Path::new("a/index.html"), 1025));
        assert!(!is_compressible(Path::new("a/index.html"), 1024));
        assert!(is_compressible(Path::new("lich/lich.ics"), 5000));
        assert!(!is_compressible(Path::new("images/a.jpg"), 50_000));
        assert!(!is_compressible(Path::new("index.html.gz"), 50_000));
    }
}
