//! The shape of `config.toml` as written, before it is checked: every value optional and
//! spanned, so that a mistake is reported at its line and column.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{Align, SortOrder};
use crate::domain::library::FollowSymlinks;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub(super) articles: Option<Spanned<String>>,
    pub(super) max_article_bytes: Option<Spanned<u64>>,
    pub(super) follow_symlinks: Option<FollowSymlinks>,
    pub(super) encoding: Option<Spanned<String>>,
    pub(super) mouse: Option<bool>,
    pub(super) q_backs_out: Option<bool>,
    pub(super) sort: Option<SortOrder>,
    #[serde(default)]
    pub(super) reader: RawReader,
    #[serde(default)]
    pub(super) layout: RawLayout,
    #[serde(default)]
    pub(super) keys: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    pub(super) theme: RawTheme,
    #[serde(default)]
    pub(super) fetch: RawFetch,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFetch {
    pub(super) jobs: Option<Spanned<u16>>,
    pub(super) connect_timeout: Option<Spanned<u16>>,
    pub(super) timeout: Option<Spanned<u16>>,
    pub(super) max_bytes: Option<Spanned<u64>>,
    pub(super) max_redirects: Option<Spanned<u16>>,
    pub(super) auto_fetch: Option<Spanned<u16>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReader {
    pub(super) max_width: Option<Spanned<u16>>,
    pub(super) align: Option<Align>,
    pub(super) peek: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLayout {
    pub(super) list_width: Option<Spanned<u16>>,
    pub(super) links_height: Option<Spanned<u16>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTheme {
    pub(super) accent: Option<Spanned<String>>,
    pub(super) selection: Option<Spanned<String>>,
    pub(super) link: Option<Spanned<String>>,
    pub(super) dangling: Option<Spanned<String>>,
    pub(super) matched: Option<Spanned<String>>,
    pub(super) muted: Option<Spanned<String>>,
}
