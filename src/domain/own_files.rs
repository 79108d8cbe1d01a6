//! Reading the files readmore keeps in its cache and state folders (the metadata cache, the
//! full-text index's files, the last-open file). Anyone who can write there may have planted
//! something else under their names: a FIFO (opening or reading it waits forever), a link to
//! `/dev/zero` (endless), a folder. So each is opened without blocking and without following
//! a link, must be a regular file on the opened descriptor, and is read only up to a cap;
//! anything else is an error, and the caller treats the file as corrupt.

use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// `path` opened for reading if it is a regular file (checked on the open descriptor).
pub fn open_regular(path: &Path) -> io::Result<File> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY)
        .open(path)
        .map_err(|err| match err.raw_os_error() {
            Some(libc::ELOOP) => io::Error::other("not a regular file: a symbolic link"),
            _ => err,
        })?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok(file)
}

/// The bytes of the regular file `path`, or `None` when it holds more than `limit`.
pub fn read_capped(path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
    let file = open_regular(path)?;
    let len = file.metadata()?.len();
    if len > limit {
        return Ok(None);
    }
    // Room for the whole file at once (and the byte that tells it grew): growing by doubling
    // would hold up to twice a large cache file while it is read.
    let mut bytes = Vec::with_capacity(usize::try_from(len).map_or(0, |len| len + 1));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_read_and_only_up_to_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let [file, fifo, zero] = ["file", "fifo", "zero"].map(|name| dir.path().join(name));
        std::fs::write(&file, "12345").unwrap();
        assert_eq!(read_capped(&file, 5).unwrap().unwrap(), b"12345");
        assert_eq!(read_capped(&file, 4).unwrap(), None);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        for planted in [fifo, zero, dir.path().to_path_buf()] {
            let error = read_capped(&planted, 5).unwrap_err().to_string();
            assert!(
                error.starts_with("not a regular file"),
                "{planted:?}: {error}"
            );
        }
    }
}
