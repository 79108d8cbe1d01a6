//! Which articles folder to open when the command line names none: the one the config names,
//! else `articles` beside the config (or in the current folder), else the per-user library in
//! `$XDG_DATA_HOME/readmore/articles`, made on first use with a story that says how to fill
//! it. An installed binary started in any folder so has a library of its own.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::app::config::Config;
use crate::domain::sanitize::sanitize;

/// The per-user library's folder inside readmore's data folder.
const LIBRARY: &str = "articles";

/// The story a new per-user library starts with.
const WELCOME_FILE: &str = "welcome.txt";

/// Where the articles are: `given` (`--articles`) if set, else as the config says, else the
/// per-user library, made (with its welcome story) if it does not exist yet. A folder named on
/// the command line or in the config is taken as it is: whether it exists is checked where it
/// is opened, with an error naming it.
pub fn articles_folder(given: Option<PathBuf>, config: &Config) -> anyhow::Result<PathBuf> {
    if let Some(given) = given {
        return Ok(given);
    }
    if config.articles_named || config.articles.is_dir() {
        return Ok(config.articles.clone());
    }
    let default = std::path::absolute(&config.articles).unwrap_or_else(|_| config.articles.clone());
    let looked = sanitize(&default.display().to_string());
    let config_file = config.source.as_ref().map_or_else(
        || {
            crate::domain::paths::config_dir().map_or_else(
                || "config.toml".to_owned(),
                |dir| {
                    dir.join(crate::app::config::FILE_NAME)
                        .display()
                        .to_string()
                },
            )
        },
        |file| file.display().to_string(),
    );
    let hint = format!(
        "give one with --articles DIR or `articles = \"DIR\"` in {}",
        sanitize(&config_file)
    );
    let Some(data) = crate::domain::paths::data_dir() else {
        anyhow::bail!(
            "articles folder not found: looked in {looked}; no per-user library without a home \
             folder (set HOME or XDG_DATA_HOME); {hint}"
        );
    };
    let library = data.join(LIBRARY);
    if library.is_dir() {
        return Ok(library);
    }
    make_library(&library).map_err(|err| {
        anyhow::anyhow!(
            "articles folder not found: looked in {looked} and {}, which could not be made: \
             {err}; {hint}",
            sanitize(&library.display().to_string())
        )
    })?;
    Ok(library)
}

/// Makes the per-user library at `folder` with its welcome story, written whole or not at all.
/// Another readmore making it at the same moment is no error: its story is as good.
fn make_library(folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let mut builder = tempfile::Builder::new();
    // A story like any the user saves, not a private temporary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut story = builder.tempfile_in(folder)?;
    story.write_all(welcome(folder).as_bytes())?;
    story.as_file().sync_all()?;
    match story.persist_noclobber(folder.join(WELCOME_FILE)) {
        Ok(_) => Ok(()),
        Err(err) if err.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(err) => Err(err.error),
    }
}

/// The welcome story of the library at `folder`: where it is and how to fill it.
fn welcome(folder: &Path) -> String {
    let folder = sanitize(&folder.display().to_string());
    format!(
        "Welcome to readmore\n\
         \n\
         This is your own library, the folder {folder}. readmore opens it when it starts \
         in a folder without an articles folder of its own and no config names one.\n\
         \n\
         Every .txt file in it, or in a folder inside it, is a story: its first line is the \
         title and every line after it a paragraph. A line that starts with Read More: and \
         the title of another story links to it.\n\
         \n\
         To follow news feeds, add each one and fetch their stories into this library:\n\
         \n\
         readmore feeds add https://example.com/feed.xml\n\
         \n\
         readmore fetch\n\
         \n\
         To read another folder, start readmore with --articles DIR, or set articles = \"DIR\" \
         in the config (readmore --help says where it is looked for). Press ? for the keys \
         and q to quit.\n"
    )
}
