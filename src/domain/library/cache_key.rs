//! The secret that keys the metadata cache's checksum, so that only this user's readmore
//! writes caches it trusts: anyone else who can write the cache folder can still damage the
//! cache, but not forge one (a title, a link, a skip reason) that passes.
//!
//! 32 random bytes in `$XDG_STATE_HOME/readmore/cache-key`, mode 600, made on first use. A
//! key file that is not a regular file of 32 bytes, owned by this user and readable by no one
//! else, is not trusted: a new key replaces it (and the cache it keyed is rebuilt).

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::Path;
use std::sync::OnceLock;

const KEY_BYTES: usize = 32;

/// From how many bytes a checksum is worth sharing out over every core.
const PARALLEL_BYTES: usize = 1 << 20;

/// The key of the metadata cache's checksum (keyed BLAKE3).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CacheKey([u8; KEY_BYTES]);

impl std::fmt::Debug for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CacheKey(…)")
    }
}

/// A key of this process only, when no key file is given: a cache it writes is trusted by
/// the same process, never by another.
impl Default for CacheKey {
    fn default() -> Self {
        static PROCESS: OnceLock<CacheKey> = OnceLock::new();
        *PROCESS.get_or_init(Self::random)
    }
}

impl CacheKey {
    /// The key kept in `file`, made there (in a folder made 700) when there is none or it
    /// cannot be trusted; this process's key when it cannot be kept.
    pub fn kept_in(file: &Path) -> Self {
        if let Some(key) = read(file) {
            return key;
        }
        let key = Self::random();
        let saved = (|| {
            let folder = file.parent().unwrap_or(Path::new("."));
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(folder)?;
            // Created 600, exclusively, with an unguessable name.
            let mut temp = tempfile::NamedTempFile::new_in(folder)?;
            temp.write_all(&key.0)?;
            temp.as_file().sync_all()?;
            temp.persist(file).map_err(|err| err.error)?;
            std::io::Result::Ok(())
        })();
        match saved {
            Ok(()) => key,
            Err(_) => Self::default(),
        }
    }

    /// The keyed checksum of `bytes`.
    pub fn checksum(&self, bytes: &[u8]) -> blake3::Hash {
        // A large cache (230 MB at a million articles) is hashed on every core: the check
        // comes before anything of it is used, so a start waits for all of it.
        if bytes.len() < PARALLEL_BYTES {
            return blake3::keyed_hash(&self.0, bytes);
        }
        let mut hasher = self.hasher();
        hasher.update_rayon(bytes);
        hasher.finalize()
    }

    /// A hasher that gives [`CacheKey::checksum`] of the bytes it is fed, for a file read a
    /// part at a time.
    pub(super) fn hasher(&self) -> blake3::Hasher {
        blake3::Hasher::new_keyed(&self.0)
    }

    fn random() -> Self {
        let mut key = [0; KEY_BYTES];
        let mut filled = 0;
        while filled < KEY_BYTES {
            match rustix::rand::getrandom(&mut key[filled..], rustix::rand::GetRandomFlags::empty())
            {
                Ok(count) => filled += count,
                Err(rustix::io::Errno::INTR) => {}
                Err(err) => panic!("the system has no random numbers: {err}"),
            }
        }
        Self(key)
    }
}

/// The key in `file` if it can be trusted: a regular file of exactly 32 bytes, owned by this
/// user, readable and writable by no one else.
fn read(file: &Path) -> Option<CacheKey> {
    use std::io::Read;
    let mut file = crate::domain::own_files::open_regular(file).ok()?;
    let metadata = file.metadata().ok()?;
    let owner = rustix::process::geteuid().as_raw();
    let private = metadata.uid() == owner && metadata.mode() & 0o077 == 0;
    if !private || metadata.len() != KEY_BYTES as u64 {
        return None;
    }
    let mut key = [0; KEY_BYTES];
    file.read_exact(&mut key).ok()?;
    Some(CacheKey(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_key_is_made_once_private_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state/cache-key");
        let key = CacheKey::kept_in(&file);
        assert_ne!(key, CacheKey::default(), "not this process's key");
        assert_eq!(CacheKey::kept_in(&file), key, "kept");
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(file.parent().unwrap()), 0o700);
    }

    #[test]
    fn a_key_others_could_read_or_of_the_wrong_size_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cache-key");
        let key = CacheKey::kept_in(&file);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let replaced = CacheKey::kept_in(&file);
        assert_ne!(replaced, key);
        std::fs::write(&file, [7; 16]).unwrap();
        assert_ne!(CacheKey::kept_in(&file), replaced);
    }
}
