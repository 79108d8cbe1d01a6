//! News in: subscription lists, newsboat's cache, and the article text of web pages.

pub mod opml;

#[cfg(test)]
mod opml_tests;
