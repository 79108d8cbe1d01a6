//! Which pane has the focus: the one that receives movement keys.

use crate::app::keymap::Pane;

/// The pane that receives movement keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Reader,
    Links,
}

impl Focus {
    pub fn next(self) -> Self {
        match self {
            Self::List => Self::Reader,
            Self::Reader => Self::Links,
            Self::Links => Self::List,
        }
    }

    pub fn prev(self) -> Self {
        match self {
            Self::List => Self::Links,
            Self::Reader => Self::List,
            Self::Links => Self::Reader,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::List => "list",
            Self::Reader => "reader",
            Self::Links => "links",
        }
    }

    /// The pane, for the key table's hints.
    pub fn pane(self) -> Pane {
        match self {
            Self::List => Pane::List,
            Self::Reader => Pane::Reader,
            Self::Links => Pane::Links,
        }
    }
}
