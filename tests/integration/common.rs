//! Shared helpers: copy a fixture site into a temporary folder, build it with a
//! fixed time, read what it wrote, run the `loa` binary.

#![allow(dead_code)]

use loa::BuildOptions;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A copy of a fixture in a temporary folder (removed when dropped).
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(&fixture(name), dir.path());
        Site { dir }
    }

    /// The repository's own sample site (site.yaml, content/, themes/).
    pub fn sample() -> Site {
        let dir = tempfile::tempdir().expect("temporary folder");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).expect("copy site.yaml");
        copy_dir(&repo.join("content"), &dir.path().join("content"));
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Build options with a fixed build time.
    pub fn options(&self, now: &str) -> BuildOptions {
        BuildOptions::new(self.root(), loa::dates::parse_time(now).expect("valid --now"))
    }

    /// Builds into `public/`; panics with the diagnostics on failure.
    pub fn build(&self, now: &str) -> PathBuf {
        self.build_with(self.options(now))
    }

    pub fn build_with(&self, opts: BuildOptions) -> PathBuf {
        match loa::build(&opts) {
            Ok(_) => opts.out_dir(),
            Err(loa::Failure::Content(d)) | Err(loa::Failure::Output(_, d)) => panic!("build failed:\n{}", d.report()),
        }
    }

    /// The diagnostics report of a build expected to fail.
    pub fn build_errors(&self, now: &str) -> String {
        match loa::build(&self.options(now)) {
            Ok(_) => panic!("the build should have failed"),
            Err(loa::Failure::Content(d)) | Err(loa::Failure::Output(_, d)) => d.report(),
        }
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    /// A file of the output, as text.
    pub fn read(&self, rel: &str) -> String {
        read(&self.out(), rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }

    /// Runs the `loa` binary in this site's folder.
    pub fn loa(&self, args: &[&str]) -> Output {
        loa_in(self.root(), args)
    }
}

/// `dir/rel` as text, with a helpful panic.
pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn loa_in(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run loa");
    Output {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir`, relative, sorted, with its bytes.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}
