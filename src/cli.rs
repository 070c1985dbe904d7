//! The command line: serve | migrate | token create | user create | demo | reindex | import | import-members.

mod extract;
pub mod import;
mod members;

use crate::config::Settings;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "minutebook",
    version,
    about = "The system of record for council committee and partnership meetings"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the service (SQLite in ./minutebook.db unless DATABASE_URL says otherwise).
    Serve {
        /// Load the demo data first (if not loaded already).
        #[arg(long)]
        demo: bool,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Manage staff accounts for the clerk's desk (`/desk`).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Load the demo data: the Safer Stockton Partnership, 19 July 2023.
    Demo,
    /// Rebuild the search index of every meeting from what the public may
    /// see (after a bulk load done in SQL, or to be sure).
    Reindex,
    /// Import minutes documents (.txt, .md, .html, .pdf, .docx) into a body, each as a meeting.
    Import {
        /// The body (slug or id).
        #[arg(long)]
        body: String,
        /// The documents are scrutiny progress updates or action plans.
        #[arg(long)]
        reviews: bool,
        /// Keep imported minutes as drafts (default: published).
        #[arg(long)]
        draft: bool,
        /// The meeting's date (YYYY-MM-DD), for minutes that print none.
        #[arg(long, value_parser = parse_date)]
        date: Option<chrono::NaiveDate>,
        /// Files, or folders (read recursively: every .txt, .md, .html, .pdf and .docx in them).
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
    /// Load a council's members from a CSV file (name, ward, party, email,
    /// start date, …): a row at a time; a bad row changes nothing else.
    ImportMembers {
        /// The CSV file, with a heading row.
        file: std::path::PathBuf,
    },
    /// Reads the text of one PDF or Word file from standard input: the
    /// process the service reads untrusted files in (not for people).
    #[command(hide = true)]
    ExtractText {
        #[arg(long = "for", value_parser = ["search", "import"])]
        purpose: String,
        #[arg(long, value_parser = ["pdf", "docx"])]
        kind: String,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token; the token is printed alone on the last line.
    Create {
        #[arg(long, value_parser = ["admin", "clerk", "reader"])]
        role: String,
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Make a staff account; its holder signs in at /desk with a link
    /// emailed to this address.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, value_parser = ["admin", "clerk", "reader"])]
        role: String,
        /// The name shown on the desk (default: the address).
        #[arg(long)]
        name: Option<String>,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::ExtractText { purpose, kind } = &cli.command {
        return extract::run(purpose, kind);
    }
    if matches!(cli.command, Command::Serve { .. }) {
        if let Err(e) = limit_malloc_arenas() {
            eprintln!("note: could not limit the allocator's arenas: {e}");
        }
    }
    init_tracing();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// glibc's allocator gives each busy thread an arena of its own, and a
/// server of forty threads (workers, blocking threads, pools) keeps what
/// each arena once held: 10–15 MB more at peak under load
/// (`bench/memory.sh`), for no speed the benchmarks can tell. The arena
/// limit is read only when a process starts, so `serve` starts itself
/// again (the same process id: `exec`) with `MALLOC_ARENA_MAX=2` unless
/// its environment already sets it; set it (to 8, say) to choose another.
/// Returns only if that could not be done.
fn limit_malloc_arenas() -> std::io::Result<()> {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
        return Ok(());
    }
    let exe = std::env::current_exe()?;
    Err(std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env("MALLOC_ARENA_MAX", "2")
        .exec())
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = Settings::from_env()?;
    crate::db::set_slow_statement_ms(settings.slow_statement_ms);
    // Untrusted PDF and Word files are read by this binary in a process of
    // its own (`minutebook extract-text`).
    settings.extract_program = std::env::current_exe().ok();
    match cli.command {
        Command::Serve { demo } => {
            if demo {
                demo_and_token(&settings)?;
            }
            serve(settings)
        }
        Command::Migrate => {
            crate::db::connect(&settings.database_url, 1)?;
            println!("migrations applied to {}", redact(&settings.database_url));
            Ok(())
        }
        Command::Token {
            command: TokenCommand::Create { role, name },
        } => create_token(&settings, &role, &name),
        Command::User {
            command: UserCommand::Create { email, role, name },
        } => create_user(&settings, &email, &role, name),
        Command::Demo => demo_and_token(&settings),
        Command::Reindex => reindex(&settings),
        Command::ImportMembers { file } => {
            if members::run(&settings, &file)? {
                Ok(())
            } else {
                anyhow::bail!("some rows were refused (see above)")
            }
        }
        // Answered in `main`, before settings and tracing.
        Command::ExtractText { .. } => Ok(()),
        Command::Import {
            body,
            reviews,
            draft,
            date,
            files,
        } => {
            let files = import::expand(&files)?;
            if import::run(&settings, &body, &files, reviews, draft, date)? {
                Ok(())
            } else {
                anyhow::bail!("some documents failed to import (see above)")
            }
        }
    }
}

/// `token create`: creates an API token and prints it (alone on the last
/// line).
fn create_token(settings: &Settings, role: &str, name: &str) -> anyhow::Result<()> {
    let pool = crate::db::connect(&settings.database_url, 1)?;
    let mut conn = pool.get()?;
    let name = name.trim();
    if name.is_empty() || name.len() > 200 {
        anyhow::bail!("--name must be 1 to 200 characters");
    }
    let actor = crate::domain::access::Actor::system("cli");
    let (row, secret) = crate::db::write_tx(&mut conn, |c| {
        crate::store::tokens::create(c, &actor, name, role)
    })
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("created {} token '{}' ({})", row.role, row.name, row.id);
    println!("{secret}");
    Ok(())
}

/// `user create`: creates a staff account for the clerk's desk.
fn create_user(
    settings: &Settings,
    email: &str,
    role: &str,
    name: Option<String>,
) -> anyhow::Result<()> {
    let pool = crate::db::connect(&settings.database_url, 1)?;
    let mut conn = pool.get()?;
    let actor = crate::domain::access::Actor::system("cli");
    let name = name.unwrap_or_else(|| email.to_string());
    let row = crate::db::write_tx(&mut conn, |c| {
        crate::usecases::staff::create_account(c, &actor, email, &name, role)
    })
    .map_err(|e| anyhow::anyhow!("{}", e.problem().detail))?;
    println!(
        "created {} account {} ({}); sign in at /desk",
        row.role, row.email, row.id
    );
    Ok(())
}

/// `reindex`: rebuilds the full-text index of every meeting.
fn reindex(settings: &Settings) -> anyhow::Result<()> {
    // SQLite: a page cache of 64 MB for this one connection. Each
    // row written to the full-text index reads the index's pages;
    // with SQLite's 2 MB they were read from the kernel again for
    // every row: on a million items 179 meetings were reindexed in
    // 30 s, with 64 MB 1,392 (256 MB did no better).
    let pool = crate::db::connect_with(&settings.database_url, 1, "PRAGMA cache_size = -65536;")?;
    let mut conn = pool.get()?;
    let started = std::time::Instant::now();
    let n = crate::search::reindex_all(&mut conn).map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "reindexed {n} meetings in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date as YYYY-MM-DD"))
}

fn demo_and_token(settings: &Settings) -> anyhow::Result<()> {
    let pool = crate::db::connect(&settings.database_url, 1)?;
    let mut conn = pool.get()?;
    let summary = crate::demo::load(&mut conn, settings).map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("{summary}");
    let actor = crate::domain::access::Actor::system("demo");
    let (_, secret) = crate::db::write_tx(&mut conn, |c| {
        crate::store::tokens::create(c, &actor, "demo clerk", "clerk")
    })
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("clerk token (shown once):");
    println!("{secret}");
    Ok(())
}

fn serve(settings: Settings) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, async move {
        let app = crate::startup::Application::build(settings.clone())?;
        tracing::info!(
            "minutebook listening on {} (database: {}, public URL: {})",
            app.port(),
            redact(&settings.database_url),
            settings.public_url
        );
        app.run_until_stopped().await?;
        Ok(())
    })
}

/// A database URL without its password, for logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}
