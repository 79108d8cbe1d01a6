//! One change to an article's marks: only the fields the reader changed, so that writing it
//! never undoes what another reader changed in the same row meanwhile.

use super::Remembered;

/// The fields of [`Remembered`] a reader changed; `None` leaves a field as the database has it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Edit {
    pub read: Option<bool>,
    pub starred: Option<bool>,
    /// The reading position: `(scroll, lines)`, changed together (see [`Remembered`]).
    pub position: Option<(usize, usize)>,
}

impl Edit {
    /// What changed from `before` to `after`.
    pub fn between(before: Remembered, after: Remembered) -> Edit {
        fn changed<T: PartialEq>(old: T, new: T) -> Option<T> {
            (old != new).then_some(new)
        }
        Edit {
            read: changed(before.read, after.read),
            starred: changed(before.starred, after.starred),
            position: changed((before.scroll, before.lines), (after.scroll, after.lines)),
        }
    }

    /// Sets every field (an import's entry, which replaces the row).
    pub fn whole(remembered: Remembered) -> Edit {
        Edit {
            read: Some(remembered.read),
            starred: Some(remembered.starred),
            position: Some((remembered.scroll, remembered.lines)),
        }
    }

    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Edit::default()
    }

    /// `remembered` with this change made.
    pub fn applied_to(&self, mut remembered: Remembered) -> Remembered {
        if let Some(read) = self.read {
            remembered.read = read;
        }
        if let Some(starred) = self.starred {
            remembered.starred = starred;
        }
        if let Some((scroll, lines)) = self.position {
            remembered.scroll = scroll;
            remembered.lines = lines;
        }
        remembered
    }

    /// This change followed by `later`: a field `later` sets wins.
    pub fn then(self, later: Edit) -> Edit {
        Edit {
            read: later.read.or(self.read),
            starred: later.starred.or(self.starred),
            position: later.position.or(self.position),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_carries_only_what_changed_and_applies_over_another_readers_row() {
        let before = Remembered::default();
        let read = Remembered {
            read: true,
            ..before
        };
        let edit = Edit::between(before, read);
        assert_eq!(
            edit,
            Edit {
                read: Some(true),
                ..Edit::default()
            }
        );
        let starred_elsewhere = Remembered {
            starred: true,
            scroll: 3,
            lines: 9,
            ..before
        };
        assert_eq!(
            edit.applied_to(starred_elsewhere),
            Remembered {
                read: true,
                ..starred_elsewhere
            }
        );
        let unstar = Edit {
            starred: Some(false),
            ..Edit::default()
        };
        let both = edit.then(unstar);
        assert_eq!((both.read, both.starred), (Some(true), Some(false)));
        assert!(Edit::between(read, read).is_empty());
    }
}
