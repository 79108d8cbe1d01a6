//! `readmore state export|import`: the reading marks as a file, to back them up or move them
//! to another machine. Neither needs the library or the config.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum, ValueHint};

use crate::sanitize::sanitize;
use crate::state::{self, Format};

#[derive(Debug, Subcommand)]
pub enum StateCommand {
    /// Write every remembered article (read, starred, position) as TOML or JSON.
    Export {
        /// The file to write, atomically (default: standard output).
        #[arg(value_hint = ValueHint::FilePath)]
        file: Option<PathBuf>,
        /// The format (default: the file's extension, else TOML).
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,
    },
    /// Merge an export into the reading state: per article, the newest change wins.
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

/// Runs one state command on the store at `store`; failures are one error line and exit 2.
pub fn run(command: StateCommand, store: &Path) -> anyhow::Result<ExitCode> {
    let notice = match command {
        StateCommand::Export { file: None, format } => {
            let format = format.map_or(Format::Toml, Format::from);
            let mut out = io::BufWriter::new(io::stdout().lock());
            let exported = state::export(store, format, &mut out)?;
            out.flush()?;
            exported.notice
        }
        StateCommand::Export {
            file: Some(file),
            format,
        } => {
            let exported = state::export_to_file(store, &file, format.map(Format::from))?;
            report(&format!(
                "exported {} to {}",
                articles(exported.articles),
                file.display()
            ));
            exported.notice
        }
        StateCommand::Import { file } => {
            let summary = state::import(store, &file)?;
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
