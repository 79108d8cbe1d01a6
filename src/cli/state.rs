//! `readmore state export|import`: one library's reading marks as a file, to back them up or
//! move them to another folder or machine. The library is the one `--articles` names (else the
//! config's); it need not load, nor even exist any more.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum, ValueHint};

use crate::domain::sanitize::sanitize;
use crate::domain::store::{self, Format};

#[derive(Debug, Subcommand)]
pub enum StateCommand {
    /// Write every remembered article of the library (read, starred, position) as TOML or JSON.
    Export {
        /// The file to write (default, or `-`: standard output): a regular file is replaced
        /// atomically, a device, FIFO or `/dev/stdout` written straight through.
        #[arg(value_hint = ValueHint::FilePath)]
        file: Option<PathBuf>,
        /// The format (default: the file's extension, else TOML).
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,
    },
    /// Merge an export into the library's reading state: per article, the newest change wins.
    Import {
        /// A file written by `readmore state export` (TOML or JSON).
        #[arg(value_hint = ValueHint::FilePath)]
        file: PathBuf,
    },
}

/// The formats `--format` accepts.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Toml,
    Json,
}

impl From<ExportFormat> for Format {
    fn from(format: ExportFormat) -> Format {
        match format {
            ExportFormat::Toml => Format::Toml,
            ExportFormat::Json => Format::Json,
        }
    }
}

/// Runs one state command on the database at `database`, for the library in the folder `library`;
/// failures are one error line and exit 2. An export to standard output that the reader stops
/// reading (`| head`) ends quietly with 0, as every report does.
pub fn run(command: StateCommand, database: &Path, library: &Path) -> anyhow::Result<ExitCode> {
    let key = store::library_key(library);
    let notice = match command {
        StateCommand::Export { file, format } => match file.filter(|file| !is_dash(file)) {
            None => {
                let format = format.map_or(Format::Toml, Format::from);
                let (entries, notice) = store::exported(database, &key)?;
                let mut out = io::BufWriter::new(io::stdout().lock());
                store::write(entries, format, &mut out)
                    .and_then(|()| out.flush())
                    .map_err(|err| {
                        anyhow::Error::new(err).context("cannot write to standard output")
                    })?;
                notice
            }
            Some(file) => {
                let format = format.map(Format::from);
                let exported = store::export_to_file(database, &key, &file, format)?;
                report(&format!(
                    "exported {} to {}",
                    articles(exported.articles),
                    file.display()
                ));
                exported.notice
            }
        },
        StateCommand::Import { file } => {
            let summary = store::import(database, &key, &file)?;
            report(&format!(
                "imported {}: {} added, {} updated, {} kept (newer here)",
                file.display(),
                summary.added,
                summary.updated,
                summary.kept
            ));
            summary.notice
        }
    };
    if let Some(notice) = notice {
        report(&notice);
    }
    Ok(ExitCode::SUCCESS)
}

/// Standard output: `-`, as Unix tools take it, or `/dev/stdout` (written to the descriptor
/// itself, so a `>>` redirection still appends, and a closed pipe ends quietly).
fn is_dash(file: &Path) -> bool {
    file == Path::new("-") || file == Path::new("/dev/stdout")
}

/// "1 article", "2 articles".
fn articles(count: usize) -> String {
    match count {
        1 => "1 article".to_owned(),
        n => format!("{n} articles"),
    }
}

/// A one-line note on stderr, so that stdout stays the export itself; a closed stderr is
/// not worth failing over.
fn report(message: &str) {
    let _ = writeln!(io::stderr().lock(), "readmore: {}", sanitize(message));
}
