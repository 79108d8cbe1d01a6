//! `readmore save URL [--folder NAME]`: read-it-later. One web page is fetched, its article
//! extracted (`feeds::extract`) and written like a feed item, so its links, and the related
//! reading the page offers, to stories already in the library become Read More lines.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use crate::app::config::Config;
use crate::domain::feeds::extract;
use crate::domain::feeds::http::{Answer, Client, Validators, parse_http_url};
use crate::domain::feeds::links::StoryIndex;
use crate::domain::feeds::lock::FetchLock;
use crate::domain::feeds::writer::{self, ArticleDraft};
use crate::domain::feeds::{charset, html};

/// Where saved pages go unless `--folder` says otherwise.
pub const DEFAULT_FOLDER: &str = "saved";

/// How long a save waits for a running fetch of the library.
const LOCK_WAIT: Duration = Duration::from_secs(10);

#[derive(Debug, Args)]
pub struct SaveArgs {
    /// The page's http(s) URL.
    pub url: String,
    /// The folder below the articles folder it goes to (default: saved).
    #[arg(long, value_name = "NAME")]
    pub folder: Option<String>,
}

/// Fetches, extracts and writes one page; a failure is one error line and exit code 1, a bad
/// URL or folder exit code 2.
pub fn run(args: SaveArgs, config: &Config) -> anyhow::Result<ExitCode> {
    save(args, config).or_else(|err| {
        super::print_error(&err.to_string());
        Ok(ExitCode::from(1))
    })
}

/// A page already in the library (by its address) is not written again.
fn save(args: SaveArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let library = config.articles.as_path();
    let folder = args
        .folder
        .as_deref()
        .unwrap_or(DEFAULT_FOLDER)
        .trim()
        .trim_end_matches('/');
    if !is_plain_folder(folder) {
        super::print_error(&format!(
            "--folder {:?}: a folder below the articles folder, without `..` or hidden names",
            crate::domain::sanitize::one_line(folder)
        ));
        return Ok(ExitCode::from(2));
    }
    let url = match parse_http_url(&args.url) {
        Ok(url) => url,
        Err(err) => {
            super::print_error(&err.to_string());
            return Ok(ExitCode::from(2));
        }
    };
    let client = Client::new(super::feeds::http_options(config));
    let answer = client
        .get(url.as_str(), &Validators::default())
        .map_err(|err| anyhow::anyhow!("{url}: {err}"))?;
    let (bytes, content_type, final_url) = match answer {
        Answer::Body {
            bytes,
            content_type,
            url,
            ..
        } => (bytes, content_type, url),
        other => anyhow::bail!("{url}: {}", describe(&other)),
    };
    let page_url = url::Url::parse(&final_url).unwrap_or(url);
    let page = charset::decode(&bytes, content_type.as_deref());
    let extracted =
        extract::extract(&page, &page_url).map_err(|err| anyhow::anyhow!("{page_url}: {err}"))?;
    let mut paragraphs = html::paragraphs(&extracted.html, Some(&page_url));
    if paragraphs.is_empty() {
        anyhow::bail!("{page_url}: {}", extract::ExtractError::NoArticle);
    }
    if let Some(last) = paragraphs.last_mut() {
        last.links
            .extend(extracted.related.iter().map(|link| link.url.to_string()));
    }
    let draft = ArticleDraft {
        folder: folder.to_owned(),
        title: extracted.title.unwrap_or_default(),
        paragraphs,
        source: Some(page_url.to_string()),
        published: None,
        feed: None,
    };

    let _lock = FetchLock::acquire(library, LOCK_WAIT)?;
    let stories = StoryIndex::scan(library);
    let mut out = std::io::stdout().lock();
    if let Some(path) = [args.url.as_str(), page_url.as_str()]
        .iter()
        .find_map(|address| stories.path_of(address))
    {
        writeln!(
            out,
            "already in the library: {}",
            crate::domain::sanitize::one_line(path)
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let written = writer::write_article(library, &draft, &stories)?;
    writeln!(
        out,
        "saved {} as {}",
        crate::domain::sanitize::one_line(&written.title),
        crate::domain::sanitize::one_line(&written.path)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Why an answer without a body is no page to save.
fn describe(answer: &Answer) -> String {
    match answer {
        Answer::Body { .. } => "a page".to_owned(),
        Answer::NotModified { .. } => "the server answered 304 Not Modified".to_owned(),
        Answer::Gone => "the server answered 410 Gone".to_owned(),
        Answer::RetryLater { status, .. } => {
            format!("the server answered {status}: try again later")
        }
    }
}

/// Whether `folder` is a relative path of plain names: no root, no `..`, no hidden name.
fn is_plain_folder(folder: &str) -> bool {
    !folder.is_empty()
        && !folder.starts_with('/')
        && folder
            .split('/')
            .all(|part| !part.is_empty() && !part.starts_with('.') && !part.contains('\\'))
}
