use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;

use super::*;
use crate::domain::fulltext::survey;
use crate::domain::library::CacheKey;

/// A library folder, a cache folder and the user's key, all temporary.
struct Place {
    _dir: tempfile::TempDir,
    root: PathBuf,
    cache: PathBuf,
    options: LoadOptions,
}

impl Place {
    fn new() -> Place {
        let dir = tempfile::tempdir().unwrap();
        let (root, cache) = (dir.path().join("library"), dir.path().join("cache"));
        fs::create_dir_all(&root).unwrap();
        let options = LoadOptions {
            cache_key: CacheKey::kept_in(&dir.path().join("state/cache-key")),
            ..LoadOptions::default()
        };
        Place {
            _dir: dir,
            root,
            cache,
            options,
        }
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// A check that finds no kept report that fits, as `why` (the change) asks: its text.
    fn checked_again(&self, why: &str) -> String {
        let (text, answered) = self.check(false);
        assert!(!answered, "{why}: {text}");
        text
    }

    /// What `readmore check` does: the kept report when it answers, else a load that keeps
    /// the report. The text printed, and whether the kept report answered.
    fn check(&self, json: bool) -> (String, bool) {
        let command = crate::cli::Report::Check {
            json,
            warn_only: false,
            all: true,
        };
        let mut out = Vec::new();
        let cache = Some(self.cache.as_path());
        let kept = from_kept(&command, &self.root, self.options, cache, &mut out).unwrap();
        let answered = match kept {
            crate::cli::Answer::Printed(_) => true,
            crate::cli::Answer::Load(surveyed) => {
                let progress = AtomicUsize::new(0);
                let library =
                    Library::load_refreshing_cache(&self.root, self.options, cache, &progress)
                        .unwrap();
                check_and_keep(&library, &command, surveyed.as_ref(), cache, &mut out).unwrap();
                false
            }
        };
        (String::from_utf8(out).unwrap(), answered)
    }

    fn kept_file(&self) -> PathBuf {
        crate::domain::paths::library_cache_dir(&self.cache, &self.root).join("check-v1")
    }
}

/// Waits until every file written so far is older than the two seconds within which a
/// change could leave a file's times as they were: only then does a survey vouch for it.
fn settle() {
    std::thread::sleep(std::time::Duration::from_millis(2100));
}

/// The text of a check without its timings line, and that line's counts of files.
fn without_timings(text: &str) -> (String, String) {
    let (report, timings) = text.trim_end().rsplit_once('\n').unwrap();
    let (_, counts) = timings.split_once("; ").unwrap();
    (report.to_owned(), counts.to_owned())
}

/// Rewrites the file at `path` in place (same inode, as an editor that saves in place does).
fn rewrite_in_place(path: &Path, text: &str) {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

fn library(place: &Place) {
    place.write("a/one.txt", "One\n\nText.\n\nRead More: Two\n");
    place.write("b/two.txt", "Two\n\nText.\n");
    place.write("b/three.txt", "Three\n\nAlone.\n");
}

#[test]
fn a_second_check_prints_the_kept_report_without_loading() {
    let place = Place::new();
    library(&place);
    settle();
    let (first, answered) = place.check(false);
    assert!(!answered, "nothing kept yet");
    let (second, answered) = place.check(false);
    assert!(answered, "the folder is unchanged: {second}");
    let (first, counts) = without_timings(&first);
    assert_eq!(counts, "files parsed 3, from the cache 0");
    assert_eq!(
        without_timings(&second),
        (first, "files parsed 0, from the cache 3".to_owned())
    );
    // JSON is made from the same kept report, with this run's timings.
    let json = |text: &str| {
        let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
        value.as_object_mut().unwrap().remove("timings_ms").unwrap();
        value
    };
    let (kept, answered) = place.check(true);
    assert!(answered);
    let mut out = Vec::new();
    let loaded = Library::load(&place.root, place.options).unwrap();
    check(&loaded, true, true, &mut out).unwrap();
    assert_eq!(json(&kept), json(&String::from_utf8(out).unwrap()));
}

/// A place holding the library, settled, whose report a check kept and the next one gave.
fn kept_place() -> Place {
    let place = Place::new();
    library(&place);
    settle();
    place.check(false);
    assert!(place.check(false).1);
    place
}

#[test]
fn a_file_changed_in_place_or_a_bad_file_added_is_checked_again() {
    let place = kept_place();

    // Same inode, same folder times: only the file's own times tell.
    rewrite_in_place(
        &place.root.join("b/two.txt"),
        "Two\n\nText.\n\nRead More: Nowhere\n",
    );
    settle();
    let text = place.checked_again("changed in place");
    assert!(text.contains("dangling links: 1"), "{text}");
    assert!(text.contains("b/two.txt: Read More: Nowhere"), "{text}");
    assert!(place.check(false).1, "kept again");

    // A file never seen before that is not an article.
    place.write("b/empty.txt", "\n\n");
    settle();
    let text = place.checked_again("a new file");
    assert!(text.contains("skipped: 1\n  b/empty.txt: "), "{text}");
    let (kept, answered) = place.check(false);
    assert!(answered);
    assert_eq!(without_timings(&kept).0, without_timings(&text).0);

    fs::remove_file(place.root.join("b/empty.txt")).unwrap();
    let text = place.checked_again("a file removed");
    assert!(text.contains("skipped: 0"), "{text}");
}

#[test]
fn files_just_written_and_other_options_are_never_answered_from_a_kept_report() {
    let place = Place::new();
    library(&place);
    place.check(false);
    assert!(
        !place.check(false).1,
        "written just now: a second write in the same tick could keep its times"
    );
    settle();
    place.check(false);
    assert!(place.check(false).1);
    let options = LoadOptions {
        max_article_bytes: 4,
        ..place.options
    };
    let other = Place { options, ..place };
    let text = other.checked_again("other options");
    assert!(text.contains("skipped: 3"), "{text}");
}

#[test]
fn a_kept_report_damaged_or_signed_with_another_key_or_a_new_metadata_cache_is_not_used() {
    let place = kept_place();

    let file = place.kept_file();
    let mut bytes = fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    fs::write(&file, &bytes).unwrap();
    assert!(!place.check(false).1, "damaged");
    assert!(place.check(false).1, "kept again");

    let keys = tempfile::tempdir().unwrap();
    let forger = LoadOptions {
        cache_key: CacheKey::kept_in(&keys.path().join("key")),
        ..place.options
    };
    let surveyed = survey(&place.root, forger);
    assert!(
        kept::read(&place.cache, &place.root, &surveyed).is_none(),
        "signed with another key"
    );

    // A metadata cache made again (or damaged) is a new check, which says what it found.
    let cache_file = crate::domain::library::metadata_cache_file(&place.cache, &place.root);
    fs::write(&cache_file, "garbage").unwrap();
    let text = place.checked_again("a new metadata cache");
    assert!(text.contains("metadata cache not used"), "{text}");
    let text = place.checked_again("that warning is not kept");
    assert!(text.contains("warnings: 0"), "{text}");
    assert!(place.check(false).1);
}
