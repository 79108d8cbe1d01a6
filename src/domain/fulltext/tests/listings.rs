//! Kept folder listings: a survey that takes a folder's names from its kept listing is the
//! survey that reads it, and a listing is trusted only while its folder is as it was.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::domain::fixtures::{folder, write};
use crate::domain::fulltext::Survey;
use crate::domain::fulltext::listing::{FILE, Listing, Listings};
use crate::domain::fulltext::survey::survey_settled;
use crate::domain::library::{CacheKey, LoadOptions};

/// A survey counting every file and folder as settled, trusting and keeping the listings in
/// `file` (signed with the default options' key).
fn keeping(root: &Path, file: &Path) -> Survey {
    let listings = Listings::kept_in(file.to_path_buf(), LoadOptions::default().cache_key);
    survey_settled(root, LoadOptions::default(), i64::MAX, listings)
}

/// The same survey, reading every folder.
fn afresh(root: &Path) -> Survey {
    survey_settled(root, LoadOptions::default(), i64::MAX, Listings::none())
}

fn kept(file: &Path) -> Listings {
    Listings::kept_in(file.to_path_buf(), LoadOptions::default().cache_key)
}

/// Every folder below `root` and itself.
fn folders(root: &Path) -> Vec<PathBuf> {
    let mut found = vec![root.to_path_buf()];
    let mut at = 0;
    while let Some(dir) = found.get(at).cloned() {
        for entry in fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                found.push(entry.path());
            }
        }
        at += 1;
    }
    found
}

/// Sets every folder's modification time `hours` hours back: whatever changes a folder next
/// gives it a time no kept listing holds, however coarse the file system's clock.
fn backdate(root: &Path, hours: u64) {
    let time = SystemTime::now() - Duration::from_secs(3600 * hours);
    for dir in folders(root) {
        fs::File::open(&dir).unwrap().set_modified(time).unwrap();
    }
}

#[test]
fn a_survey_from_kept_listings_is_the_survey_that_reads_every_folder() {
    let dir = folder(&[
        ("a/one.txt", "One\n\nText.\n"),
        ("a/b/two.txt", "Two\n\nText.\n"),
        ("three.txt", "Three\n\nText.\n"),
        ("notes.md", "not an article"),
        (".hidden/four.txt", "Four\n\nText.\n"),
    ]);
    let (root, cache) = (dir.path().to_path_buf(), tempfile::tempdir().unwrap());
    let file = cache.path().join(FILE);
    backdate(&root, 1);
    let first = keeping(&root, &file);
    assert!(first.is_vouchable());
    assert_eq!(first, afresh(&root), "kept while read");
    let listed: Vec<&[u8]> = vec![b"", b"a", b"a/b"];
    assert_eq!(
        kept(&file).kept_folders(),
        listed,
        "hidden folders are not listed"
    );
    assert_eq!(keeping(&root, &file), first, "taken from the listings");

    let mut seen = vec![first];
    let steps: [(&str, &dyn Fn()); 6] = [
        ("a file added", &|| {
            write(&root, "a/five.txt", "Five\n\nText.\n");
        }),
        ("a file removed", &|| {
            fs::remove_file(root.join("three.txt")).unwrap()
        }),
        ("a file renamed", &|| {
            fs::rename(root.join("a/b/two.txt"), root.join("a/b/six.txt")).unwrap()
        }),
        ("a folder added", &|| {
            write(&root, "a/c/seven.txt", "Seven\n\nText.\n");
        }),
        ("a folder renamed", &|| {
            fs::rename(root.join("a/b"), root.join("a/d")).unwrap()
        }),
        ("two files swapped", &|| {
            let a = root.join("a");
            fs::rename(a.join("one.txt"), a.join("x.txt")).unwrap();
            fs::rename(a.join("five.txt"), a.join("one.txt")).unwrap();
            fs::rename(a.join("x.txt"), a.join("five.txt")).unwrap();
        }),
    ];
    for (hours, (what, change)) in (2..).zip(steps) {
        change();
        let now = keeping(&root, &file);
        assert_eq!(now, afresh(&root), "{what}: the folder is read again");
        assert!(now.is_vouchable(), "{what}");
        assert!(!seen.contains(&now), "{what}: the survey must change");
        seen.push(now);
        backdate(&root, hours);
        assert_eq!(keeping(&root, &file), now, "{what}: kept again");
    }
}

#[test]
fn a_listing_is_kept_only_when_its_folder_had_settled() {
    let dir = folder(&[
        ("a/one.txt", "One\n\nText.\n"),
        ("two.txt", "Two\n\nText.\n"),
    ]);
    let (root, cache) = (dir.path(), tempfile::tempdir().unwrap());
    let file = cache.path().join(FILE);
    let ns = |time: SystemTime| {
        let since = time.duration_since(SystemTime::UNIX_EPOCH).unwrap();
        i64::try_from(since.as_nanos()).unwrap()
    };
    let changed = |path: &Path| {
        use std::os::unix::fs::MetadataExt;
        let meta = fs::metadata(path).unwrap();
        let ctime = meta.ctime() * 1_000_000_000 + meta.ctime_nsec();
        ns(meta.modified().unwrap()).max(ctime)
    };
    let settled = changed(&root.join("a/one.txt")).max(changed(&root.join("two.txt")));
    // The root changes after its files, in a later tick: an entry made and removed.
    std::thread::sleep(Duration::from_millis(50));
    write(root, ".tmp", "");
    fs::remove_file(root.join(".tmp")).unwrap();
    assert!(changed(root) > settled);
    let listings = Listings::kept_in(file.clone(), LoadOptions::default().cache_key);
    let surveyed = survey_settled(root, LoadOptions::default(), settled, listings);
    assert_eq!(surveyed, afresh(root));
    let listed: Vec<&[u8]> = vec![b"a"];
    assert_eq!(
        kept(&file).kept_folders(),
        listed,
        "the root changed after the survey's settled time: an entry changed in the same \
         tick could leave its times as they are"
    );
}

#[test]
fn only_listings_signed_with_the_users_key_and_whole_are_trusted() {
    let dir = folder(&[
        ("a/one.txt", "One\n\nText.\n"),
        ("a/two.txt", "Two\n\nText.\n"),
    ]);
    let (root, cache) = (dir.path(), tempfile::tempdir().unwrap());
    let file = cache.path().join(FILE);
    backdate(root, 1);
    let truth = keeping(root, &file);
    // A listing that leaves out a file: what a survey would miss if it trusted it.
    let leave_out_two = |relative: &[u8], listing: &mut Listing| {
        if relative == b"a" {
            listing.files = b"one.txt\0".to_vec();
        }
    };
    let keys = tempfile::tempdir().unwrap();
    let other = CacheKey::kept_in(&keys.path().join("key"));
    kept(&file).write_changed(&file, other, leave_out_two);
    assert_eq!(keeping(root, &file), truth, "signed with another key");
    let mut bytes = fs::read(&file).unwrap();
    bytes.truncate(bytes.len() - 1);
    fs::write(&file, &bytes).unwrap();
    assert_eq!(keeping(root, &file), truth, "cut short");
    // The same lie signed with the user's key is trusted while the folder is as it was (which
    // shows the listing is what the survey used), and not once it changes.
    keeping(root, &file);
    kept(&file).write_changed(&file, LoadOptions::default().cache_key, leave_out_two);
    assert_ne!(keeping(root, &file), truth, "trusted");
    write(root, "a/three.txt", "Three\n\nText.\n");
    assert_eq!(keeping(root, &file), afresh(root), "the folder changed");
}
