//! News in: subscription lists, newsboat's cache, and the article text of web pages.

pub mod extract;
pub mod newsboat;
pub mod opml;

#[cfg(test)]
mod extract_tests;
#[cfg(test)]
mod newsboat_tests;
#[cfg(test)]
mod opml_tests;
