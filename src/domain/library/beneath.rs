//! Opening a file below the articles folder with no symbolic link on the way: every folder
//! between the root and the file is opened as itself (`openat2` with `RESOLVE_BENEATH |
//! RESOLVE_NO_SYMLINKS`, or one `openat(O_NOFOLLOW | O_DIRECTORY)` per folder where the kernel
//! has no `openat2`), so a folder swapped for a link after the walk cannot lead the read out of
//! the folder. Only the file itself may be a link, as `follow_symlinks` allows.

use std::fs::File;
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;
use std::sync::OnceLock;

use rustix::fs::{AtFlags, CWD, FileType, Mode, OFlags, ResolveFlags};
use rustix::io::Errno;

use super::FollowSymlinks;

/// Links followed one after another before giving up, as the kernel's own limit.
const MAX_HOPS: usize = 40;

/// How folders are opened: `openat2` when the kernel has it (Linux 5.6 and later).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Walk {
    Openat2,
    PerFolder,
}

impl Walk {
    /// The way this kernel allows, found once.
    pub(super) fn available() -> Self {
        static WALK: OnceLock<Walk> = OnceLock::new();
        *WALK.get_or_init(|| {
            let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
            match rustix::fs::openat2(CWD, ".", flags, Mode::empty(), ResolveFlags::BENEATH) {
                Err(Errno::NOSYS | Errno::PERM) => Self::PerFolder,
                _ => Self::Openat2,
            }
        })
    }
}

/// A file opened below the root.
pub(super) struct Opened {
    pub(super) file: File,
    /// Whether the name was a symbolic link (to a file), whose target can change under it.
    pub(super) through_link: bool,
}

/// Opens the regular file (or link to one) at `relative` below the folder `root`, without
/// blocking and without following a link anywhere but at the file's own name, and there only
/// as `follow` allows. A device, FIFO or socket is never opened: opening alone can block or
/// have effects. The error is the reason the file is not read.
pub(super) fn open_below(
    root: &Path,
    relative: &[u8],
    follow: FollowSymlinks,
    walk: Walk,
) -> Result<Opened, String> {
    let root_fd = rustix::fs::open(
        root,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|err| std::io::Error::from(err).to_string())?;
    let mut parts = components(&[], relative).ok_or_else(outside)?;
    let mut through_link = false;
    for _ in 0..MAX_HOPS {
        let (name, folders) = parts.split_last().ok_or_else(|| "not a file".to_owned())?;
        let parent = open_folders(&root_fd, folders, walk)?;
        let parent = parent.as_ref().map_or(root_fd.as_fd(), AsFd::as_fd);
        let stat = rustix::fs::statat(parent, name.as_slice(), AtFlags::SYMLINK_NOFOLLOW)
            .map_err(|err| std::io::Error::from(err).to_string())?;
        match FileType::from_raw_mode(stat.st_mode) {
            FileType::RegularFile => {
                let fd = rustix::fs::openat(parent, name.as_slice(), read_flags(), Mode::empty())
                    .map_err(|err| match err {
                    Errno::LOOP => "swapped for a symbolic link while being read".to_owned(),
                    err => std::io::Error::from(err).to_string(),
                })?;
                return Ok(Opened {
                    file: File::from(fd),
                    through_link,
                });
            }
            FileType::Symlink => {}
            _ if through_link => {
                return Err("symbolic link to something that is not a regular file".to_owned());
            }
            _ => return Err("not a regular file".to_owned()),
        }
        through_link = true;
        match follow {
            FollowSymlinks::Never => {
                return Err("symbolic link (not followed: follow_symlinks = \"never\")".to_owned());
            }
            FollowSymlinks::Always => return open_anywhere(parent, name),
            FollowSymlinks::Inside => {}
        }
        let target = rustix::fs::readlinkat(parent, name.as_slice(), Vec::new())
            .map_err(|err| format!("symbolic link to nowhere ({})", std::io::Error::from(err)))?;
        let target = target.as_bytes();
        parts = match target.strip_prefix(root.as_os_str().as_encoded_bytes()) {
            Some(below) if below.starts_with(b"/") => components(&[], below),
            _ if target.starts_with(b"/") => None,
            _ => components(folders, target),
        }
        .ok_or_else(outside)?;
    }
    Err("symbolic link to nowhere (too many levels of symbolic links)".to_owned())
}

fn outside() -> String {
    "symbolic link to a file outside the articles folder (not followed: \
     follow_symlinks = \"inside\")"
        .to_owned()
}

/// The flags a file is read with: no link followed, never waiting on a FIFO or a lock.
fn read_flags() -> OFlags {
    OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOFOLLOW | OFlags::NOCTTY | OFlags::CLOEXEC
}

/// Under `follow_symlinks = "always"`: the target of the link `name` in `parent`, wherever it
/// is, if it is a regular file.
fn open_anywhere(parent: std::os::fd::BorrowedFd<'_>, name: &[u8]) -> Result<Opened, String> {
    let stat = rustix::fs::statat(parent, name, AtFlags::empty())
        .map_err(|err| format!("symbolic link to nowhere ({})", std::io::Error::from(err)))?;
    if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
        return Err("symbolic link to something that is not a regular file".to_owned());
    }
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    let fd = rustix::fs::openat(parent, name, flags, Mode::empty())
        .map_err(|err| std::io::Error::from(err).to_string())?;
    Ok(Opened {
        file: File::from(fd),
        through_link: true,
    })
}

/// The folders `folders` below `root` opened as one, none of them a link (`None`: the root
/// itself).
fn open_folders(
    root: &OwnedFd,
    folders: &[Vec<u8>],
    walk: Walk,
) -> Result<Option<OwnedFd>, String> {
    if folders.is_empty() {
        return Ok(None);
    }
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    if walk == Walk::Openat2 {
        let path = folders.join(&b'/');
        let resolve =
            ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS;
        if let Ok(fd) = rustix::fs::openat2(root, path.as_slice(), flags, Mode::empty(), resolve) {
            return Ok(Some(fd));
        }
        // A folder that cannot be opened: one folder at a time, which tells which and why.
    }
    let mut at: Option<OwnedFd> = None;
    for folder in folders {
        let parent = at.as_ref().map_or(root.as_fd(), AsFd::as_fd);
        let fd =
            rustix::fs::openat(parent, folder.as_slice(), flags, Mode::empty()).map_err(|err| {
                let link = rustix::fs::statat(parent, folder.as_slice(), AtFlags::SYMLINK_NOFOLLOW)
                    .is_ok_and(|stat| FileType::from_raw_mode(stat.st_mode) == FileType::Symlink);
                if link {
                    "a folder on its path is a symbolic link (not followed)".to_owned()
                } else {
                    std::io::Error::from(err).to_string()
                }
            })?;
        at = Some(fd);
    }
    Ok(at)
}

/// The components of `path` (relative) taken from the folder `base` (components below the
/// root), `.` dropped and `..` going up one; `None` if it leaves the root.
fn components(base: &[Vec<u8>], path: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut parts = base.to_vec();
    for part in path.split(|&byte| byte == b'/') {
        match part {
            b"" | b"." => {}
            b".." => {
                parts.pop()?;
            }
            part => parts.push(part.to_vec()),
        }
    }
    Some(parts)
}

#[cfg(test)]
mod tests;
