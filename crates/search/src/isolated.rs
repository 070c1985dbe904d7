//! Reading untrusted files in a process of their own. A PDF or Word file
//! can be built to inflate without bound, to loop forever (a page tree that
//! is its own parent) or to crash its parser; read in the service's own
//! process, one such file could take all its memory, a core for ever, or
//! the process itself. So the text is read by a child process, the
//! service's own binary run as `minutebook extract-text`, which limits its
//! own address space and CPU time ([`limit_self`]) before it reads a byte;
//! the parent gives it the bytes on standard input, takes the text from
//! standard output, and kills it when the wall-clock limit passes. Nothing
//! of a runaway outlives its read.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The child's address space: enough for a 20 MB paper's largest honest
/// parse, far below what would trouble the service.
pub const MEMORY_BYTES: u64 = 1024 * 1024 * 1024;

/// The most text read back from a child.
pub const MAX_OUTPUT_BYTES: usize = 8 * 1024 * 1024;

/// Exit code of a child that found the file unreadable (message on stderr).
pub const EXIT_UNREADABLE: i32 = 2;
/// Exit code of a child given a kind of file it does not read.
pub const EXIT_UNSUPPORTED: i32 = 3;

/// Where the text is read: by a child process of `program` (the service's
/// binary), or, with no program (unit tests of the parsers, and tools that
/// read trusted files), in this process.
#[derive(Debug, Clone, Default)]
pub struct Reader {
    pub program: Option<PathBuf>,
}

impl Reader {
    pub fn isolated(program: impl Into<PathBuf>) -> Reader {
        Reader {
            program: Some(program.into()),
        }
    }
}

/// Why a child gave no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The file cannot be read (the child's message).
    Unreadable(String),
    /// Not a kind of file this reads.
    Unsupported(String),
    /// Over the time limit: the child was killed.
    TooSlow(Duration),
    /// The child died (out of memory, out of CPU time, a crash).
    Died(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Unreadable(m) | Failure::Unsupported(m) => f.write_str(m),
            Failure::TooSlow(d) => write!(
                f,
                "reading the file took longer than {} s; it was stopped",
                d.as_secs()
            ),
            Failure::Died(how) => write!(
                f,
                "the file could not be read: reading it {how} (a file built to exhaust the reader?)"
            ),
        }
    }
}

/// Runs `program extract-text <args…>` with `input` on its standard input
/// and answers its standard output; kills it after `wall`.
pub fn run(
    program: &Path,
    args: &[&str],
    input: &[u8],
    wall: Duration,
) -> Result<Vec<u8>, Failure> {
    let mut child = Command::new(program)
        .arg("extract-text")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_clear()
        .spawn()
        .map_err(|e| Failure::Died(format!("could not start ({e})")))?;
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(Failure::Died("could not be given its pipes".into()));
    };
    let owned = input.to_vec();
    let writer = std::thread::spawn(move || {
        // A child that stops reading (it died) ends the write with an error.
        let _ = stdin.write_all(&owned);
    });
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = (&mut stdout)
            .take(MAX_OUTPUT_BYTES as u64)
            .read_to_end(&mut out);
        out
    });
    let errors = std::thread::spawn(move || {
        let mut err = Vec::new();
        let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut err);
        err
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= wall => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = writer.join();
                return Err(Failure::TooSlow(wall));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(Failure::Died(format!("could not be waited for ({e})"))),
        }
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    let err = String::from_utf8_lossy(&errors.join().unwrap_or_default())
        .trim()
        .to_string();
    match status.code() {
        Some(0) => Ok(out),
        Some(EXIT_UNREADABLE) => Err(Failure::Unreadable(err)),
        Some(EXIT_UNSUPPORTED) => Err(Failure::Unsupported(err)),
        Some(code) => Err(Failure::Died(format!("ended with code {code}"))),
        None => Err(Failure::Died(died_how(&status))),
    }
}

#[cfg(unix)]
fn died_how(status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(9) => "ran out of time or memory".into(),
        Some(24) => "used more CPU time than allowed".into(),
        Some(6) | Some(11) => "ran out of memory or crashed".into(),
        Some(s) => format!("was stopped by signal {s}"),
        None => "ended without a code".into(),
    }
}

#[cfg(not(unix))]
fn died_how(_: &std::process::ExitStatus) -> String {
    "ended without a code".into()
}

/// In the child, before it reads anything: at most [`MEMORY_BYTES`] of
/// address space and `cpu` of CPU time (the kernel stops it past either),
/// and no core file.
#[cfg(unix)]
pub fn limit_self(cpu: Duration) -> std::io::Result<()> {
    use rlimit::Resource;
    Resource::AS.set(MEMORY_BYTES, MEMORY_BYTES)?;
    let secs = cpu.as_secs().max(1);
    Resource::CPU.set(secs, secs)?;
    Resource::CORE.set(0, 0)?;
    Ok(())
}

#[cfg(not(unix))]
pub fn limit_self(_: Duration) -> std::io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[expect(clippy::unwrap_used)]
    fn script(dir: &Path, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join("reader.sh");
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[test]
    fn a_reader_that_never_ends_is_killed_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let program = script(
            dir.path(),
            "echo $$ > \"$(dirname \"$0\")/pid\"; while :; do :; done",
        );
        let started = Instant::now();
        let r = run(&program, &[], b"", Duration::from_millis(500));
        assert_eq!(r, Err(Failure::TooSlow(Duration::from_millis(500))));
        assert!(started.elapsed() < Duration::from_secs(5));
        // Nothing of it is left running.
        let pid = std::fs::read_to_string(dir.path().join("pid")).unwrap();
        assert!(!Path::new(&format!("/proc/{}", pid.trim())).exists());
    }

    #[test]
    fn the_reader_s_answers_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let echo = script(dir.path(), "cat");
        assert_eq!(
            run(&echo, &[], b"text", Duration::from_secs(5)),
            Ok(b"text".to_vec())
        );
        let dir = tempfile::tempdir().unwrap();
        let bad = script(dir.path(), "echo 'not a PDF' >&2; exit 2");
        assert_eq!(
            run(&bad, &[], b"", Duration::from_secs(5)),
            Err(Failure::Unreadable("not a PDF".into()))
        );
        let dir = tempfile::tempdir().unwrap();
        let crash = script(dir.path(), "kill -SEGV $$");
        assert!(matches!(
            run(&crash, &[], b"", Duration::from_secs(5)),
            Err(Failure::Died(_))
        ));
    }
}
