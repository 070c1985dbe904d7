//! `minutebook extract-text`: the child process the service reads an
//! untrusted PDF or Word file in (`search::isolated`). It limits its own
//! memory and CPU time before it reads a byte, takes the file on standard
//! input and prints its text; a file it cannot read is exit code 2 with the
//! reason on standard error, a kind it does not read is 3.

use crate::import::extract::{self as import_extract, ExtractError, Format};
use crate::search::extract::{self as search_extract, Kind};
use crate::search::isolated;
use std::io::{Read, Write};
use std::process::ExitCode;
use std::time::Duration;

/// The CPU time a read may use (the parent's wall-clock limit is shorter
/// for search, the same for an import).
const CPU: Duration = Duration::from_secs(60);

/// The most bytes read from standard input (an import's largest document).
const MAX_INPUT: u64 = 50 * 1024 * 1024;

pub fn run(purpose: &str, kind: &str) -> ExitCode {
    if let Err(e) = isolated::limit_self(CPU) {
        eprintln!("the reader could not limit itself: {e}");
        return ExitCode::from(1);
    }
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().take(MAX_INPUT).read_to_end(&mut bytes) {
        eprintln!("the file could not be received: {e}");
        return ExitCode::from(1);
    }
    let pdf = kind == "pdf";
    let text = match purpose {
        "search" => search_extract::extract(if pdf { Kind::Pdf } else { Kind::Docx }, &bytes)
            .map_err(|m| (isolated::EXIT_UNREADABLE, m)),
        _ => import_extract::text(&bytes, if pdf { Format::Pdf } else { Format::Docx }).map_err(
            |e| match e {
                ExtractError::Unsupported(m) => (isolated::EXIT_UNSUPPORTED, m),
                ExtractError::Unreadable(m) => (isolated::EXIT_UNREADABLE, m),
            },
        ),
    };
    match text {
        Ok(t) => match std::io::stdout().lock().write_all(t.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::from(1),
        },
        Err((code, message)) => {
            eprintln!("{message}");
            ExitCode::from(code as u8)
        }
    }
}
