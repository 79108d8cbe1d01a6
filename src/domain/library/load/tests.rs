use super::*;
use crate::domain::article::{Block, Decoding};
use crate::domain::fixtures::folder;
use crate::domain::library::{ArticleId, FollowSymlinks, MAX_ARTICLES};
use std::os::unix::fs::symlink;

fn load(root: &Path, follow_symlinks: FollowSymlinks) -> Library {
    let options = LoadOptions {
        follow_symlinks,
        ..LoadOptions::default()
    };
    Library::load(root, options).unwrap()
}

fn paths(library: &Library) -> Vec<&str> {
    library.entries().map(|e| e.path()).collect()
}

fn reason<'a>(library: &'a Library, path: &str) -> &'a str {
    let skipped = library.skipped.iter().find(|s| s.path == path);
    skipped.map_or("(not skipped)", |s| s.reason.as_str())
}

#[test]
fn more_article_files_than_ids_are_refused_with_the_folder_named() {
    let root = Path::new("/news");
    assert!(within_limit(root, MAX_ARTICLES).is_ok());
    let err = within_limit(root, MAX_ARTICLES + 1).unwrap_err();
    assert!(matches!(err, LoadError::TooManyArticles { count, .. } if count == MAX_ARTICLES + 1));
    assert_eq!(
        err.to_string(),
        "/news: 4294967296 article files, more than the 4294967295 readmore can hold"
    );
}

/// A folder with a real article, a link to it, a link to a file elsewhere and a link to
/// the reader's own environment.
fn linked() -> (tempfile::TempDir, tempfile::TempDir) {
    let (dir, elsewhere) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let root = dir.path();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/real.txt"), "Real\nbody").unwrap();
    std::fs::write(elsewhere.path().join("secret.txt"), "Secret\nkey").unwrap();
    symlink("sub/real.txt", root.join("inside.txt")).unwrap();
    symlink(
        elsewhere.path().join("secret.txt"),
        root.join("outside.txt"),
    )
    .unwrap();
    symlink("/proc/self/environ", root.join("x.txt")).unwrap();
    (dir, elsewhere)
}

#[test]
fn only_links_into_the_folder_are_read_by_default() {
    let (dir, _elsewhere) = linked();
    let library = load(dir.path(), FollowSymlinks::default());
    assert_eq!(paths(&library), ["inside.txt", "sub/real.txt"]);
    for path in ["outside.txt", "x.txt"] {
        assert!(reason(&library, path).contains("outside the articles folder"));
    }
}

#[test]
fn links_are_read_everywhere_or_nowhere_when_configured() {
    let (dir, _elsewhere) = linked();
    let always = load(dir.path(), FollowSymlinks::Always);
    assert_eq!(
        paths(&always),
        ["inside.txt", "outside.txt", "sub/real.txt", "x.txt"]
    );
    let never = load(dir.path(), FollowSymlinks::Never);
    assert_eq!(paths(&never), ["sub/real.txt"]);
    assert!(reason(&never, "inside.txt").contains("never"));
}

#[test]
fn fifos_and_links_to_them_are_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let fifo = root.join("pipe.txt");
    let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    symlink("pipe.txt", root.join("link.txt")).unwrap();
    symlink("/dev/zero", root.join("zero.txt")).unwrap();
    let library = load(root, FollowSymlinks::Always);
    assert!(library.is_empty());
    assert_eq!(reason(&library, "pipe.txt"), "not a regular file");
    for path in ["link.txt", "zero.txt"] {
        assert_eq!(
            reason(&library, path),
            "symbolic link to something that is not a regular file"
        );
    }
}

#[test]
fn a_symlinked_root_that_the_user_named_is_followed() {
    let (dir, _elsewhere) = linked();
    let parent = tempfile::tempdir().unwrap();
    let named = parent.path().join("lib");
    symlink(dir.path(), &named).unwrap();
    let library = load(&named, FollowSymlinks::default());
    assert_eq!(paths(&library), ["inside.txt", "sub/real.txt"]);
    assert!(
        library.skipped.iter().all(|s| !s.path.is_empty()),
        "{:?}",
        library.skipped
    );
    assert_eq!(library.skipped.len(), 2, "{:?}", library.skipped);
}

#[test]
fn look_alike_titles_are_duplicates_and_invisible_ones_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.txt"), "Harbourton Opens\nreal").unwrap();
    std::fs::write(root.join("b.txt"), "Harbour\u{200b}ton Opens\nfake").unwrap();
    std::fs::write(root.join("c.txt"), "\u{200b}\u{feff}\nbody").unwrap();
    let library = load(root, FollowSymlinks::default());
    assert_eq!(paths(&library), ["a.txt", "b.txt"]);
    assert_eq!(library.get(ArticleId::new(1)).title(), "Harbourton Opens");
    assert_eq!(library.duplicates.len(), 1);
    assert_eq!(library.duplicates[0].paths, ["a.txt", "b.txt"]);
    assert_eq!(
        reason(&library, "c.txt"),
        "title has only invisible characters"
    );
}

/// Windows-1251 bytes: guessed as such in any Western or Central European locale.
const CYRILLIC: &[u8] = include_bytes!("../../../../tests/fixtures/encodings/windows1251.txt");

fn load_as(root: &Path, decoding: Decoding) -> Library {
    let options = LoadOptions {
        decoding,
        ..LoadOptions::default()
    };
    Library::load(root, options).unwrap()
}

fn warnings(library: &Library) -> Vec<(&str, &str)> {
    let warnings = library.warnings.iter();
    warnings
        .map(|w| (w.path.as_str(), w.message.as_str()))
        .collect()
}

#[test]
fn files_that_are_not_utf8_are_decoded_as_configured_and_named_in_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("fine.txt"), "Fine\nbody").unwrap();
    std::fs::create_dir(root.join("ru")).unwrap();
    std::fs::write(root.join("ru/moscow.txt"), CYRILLIC).unwrap();

    let library = load_as(root, Decoding::Auto);
    assert_eq!(library.get(ArticleId::new(1)).title(), "Погода в Москве");
    assert_eq!(
        warnings(&library),
        [("ru/moscow.txt", "not UTF-8: read as windows-1251 (guessed)")]
    );

    let library = load_as(root, Decoding::from_label("koi8-r").unwrap());
    assert_eq!(library.get(ArticleId::new(1)).title(), "оНЦНДЮ Б лНЯЙБЕ");
    assert_eq!(
        warnings(&library),
        [(
            "ru/moscow.txt",
            "not UTF-8: read as KOI8-R (encoding in config)"
        )]
    );

    let library = load_as(root, Decoding::Utf8);
    assert!(library.get(ArticleId::new(1)).title().contains('\u{fffd}'));
    assert_eq!(
        warnings(&library),
        [(
            "ru/moscow.txt",
            "invalid UTF-8 at line 1, column 1; decoded with U+FFFD"
        )]
    );
}

/// A folder holding `b\e[31m.txt`, a name with an escape in it, beside `name` holding
/// `text`, and its library.
fn beside_a_coloured_name(name: &str, text: &str) -> (tempfile::TempDir, Library) {
    let dir = folder(&[(name, text), ("b\u{1b}[31m.txt", "Coloured\nText.")]);
    let library = load(dir.path(), FollowSymlinks::Inside);
    (dir, library)
}

#[test]
fn names_that_look_alike_once_cleaned_stay_two_articles() {
    let (_dir, library) = beside_a_coloured_name("b.txt", "Plain\nText.");
    assert_eq!(
        paths(&library),
        ["b\u{241b}[31m.txt", "b.txt"],
        "in byte order"
    );
    let plain = library.find_path("b.txt").unwrap();
    let coloured = library.find_path("b\u{241b}[31m.txt").unwrap();
    assert_ne!(plain, coloured, "each name finds its own article");
    assert_eq!(library.get(coloured).title(), "Coloured");
}

/// The paragraphs of article `id` as read now.
fn text(library: &Library, id: ArticleId) -> Vec<String> {
    let article = library.body(id).unwrap();
    (article.blocks.iter())
        .map(|(Block::Paragraph(text) | Block::Link(text))| text.clone())
        .collect()
}

#[test]
fn bodies_are_read_from_the_files_when_wanted() {
    let (dir, library) = beside_a_coloured_name("a.txt", "Alpha\nfirst\nRead More: Beta");
    let alpha = library.find_path("a.txt").unwrap();
    assert_eq!(text(&library, alpha), ["first", "Beta"]);
    assert_eq!(
        library.get(alpha).size(),
        27,
        "the file's size, known unread"
    );
    let coloured = library.find_path("b\u{241b}[31m.txt").unwrap();
    assert_eq!(text(&library, coloured), ["Text."], "read at the raw name");

    std::fs::write(dir.path().join("a.txt"), "Alpha\nrewritten").unwrap();
    assert_eq!(
        text(&library, alpha),
        ["rewritten"],
        "what the file holds now"
    );
}

#[test]
fn a_body_that_cannot_be_read_now_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["gone.txt", "blank.txt", "grown.txt", "moved.txt"] {
        std::fs::write(dir.path().join(name), "Title\nbody").unwrap();
    }
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "Secret\nkey").unwrap();
    let options = LoadOptions {
        max_article_bytes: 100,
        ..LoadOptions::default()
    };
    let library = Library::load(dir.path(), options).unwrap();
    std::fs::remove_file(dir.path().join("gone.txt")).unwrap();
    std::fs::write(dir.path().join("blank.txt"), "\n\n").unwrap();
    std::fs::write(dir.path().join("grown.txt"), "Title\n".repeat(50)).unwrap();
    // A link swapped in for a file obeys the same rules as when loading.
    std::fs::remove_file(dir.path().join("moved.txt")).unwrap();
    symlink(
        outside.path().join("secret.txt"),
        dir.path().join("moved.txt"),
    )
    .unwrap();
    let error = |path: &str| library.body(library.find_path(path).unwrap()).unwrap_err();
    assert_eq!(error("gone.txt").path, "gone.txt");
    assert!(error("gone.txt").to_string().contains("No such file"));
    assert_eq!(error("blank.txt").to_string(), "blank.txt: no title");
    assert!(
        error("grown.txt")
            .reason
            .contains("larger than max_article_bytes (300 > 100)")
    );
    assert!(
        error("moved.txt")
            .reason
            .contains("outside the articles folder")
    );
}

#[test]
fn stamps_follow_the_text_not_the_file_times() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "Alpha\nfirst").unwrap();
    let before = Library::load(dir.path(), LoadOptions::default()).unwrap();
    std::fs::write(&path, "Alpha\n\nfirst\n").unwrap();
    let same = Library::load(dir.path(), LoadOptions::default()).unwrap();
    std::fs::write(&path, "Alpha\nfirsT").unwrap();
    let changed = Library::load(dir.path(), LoadOptions::default()).unwrap();
    let id = ArticleId::new(0);
    assert_eq!(before.stamp(id), same.stamp(id));
    assert_ne!(before.stamp(id), changed.stamp(id));
}

#[test]
fn a_folder_swapped_for_a_link_never_shows_text_from_outside() {
    let dir = folder(&[("sub/a.txt", "Alpha\ninside")]);
    let outside = folder(&[("a.txt", "Alpha\nfrom elsewhere")]);
    let root = dir.path();
    for follow in [
        FollowSymlinks::Never,
        FollowSymlinks::Inside,
        FollowSymlinks::Always,
    ] {
        let library = load(root, follow);
        let id = library.find_path("sub/a.txt").unwrap();
        assert_eq!(text(&library, id), ["inside"]);
        std::fs::rename(root.join("sub"), root.join("sub.real")).unwrap();
        symlink(outside.path(), root.join("sub")).unwrap();
        let error = library.body(id).unwrap_err();
        assert!(
            error.reason.contains("symbolic link"),
            "{follow:?}: {error}"
        );
        std::fs::remove_file(root.join("sub")).unwrap();
        std::fs::rename(root.join("sub.real"), root.join("sub")).unwrap();
    }
}

#[test]
fn links_to_files_are_followed_only_through_real_folders() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("sub/deep")).unwrap();
    std::fs::write(root.join("sub/deep/real.txt"), "Real\nbody").unwrap();
    symlink("sub", root.join("via")).unwrap();
    // A relative, a chained and an absolute link inside, and one through a linked folder.
    symlink("deep/real.txt", root.join("sub/relative.txt")).unwrap();
    symlink("sub/relative.txt", root.join("chained.txt")).unwrap();
    symlink(root.join("sub/deep/real.txt"), root.join("absolute.txt")).unwrap();
    symlink("via/deep/real.txt", root.join("through.txt")).unwrap();
    symlink("../../sub/deep/real.txt", root.join("sub/up.txt")).unwrap();
    let library = load(root, FollowSymlinks::Inside);
    for path in [
        "absolute.txt",
        "chained.txt",
        "sub/deep/real.txt",
        "sub/relative.txt",
    ] {
        let id = library.find_path(path).unwrap();
        assert_eq!(text(&library, id), ["body"], "{path}");
    }
    assert!(reason(&library, "through.txt").contains("symbolic link"));
    assert!(reason(&library, "sub/up.txt").contains("outside the articles folder"));
}

#[test]
fn every_default_ignorable_character_is_invisible_to_comparison_and_display() {
    let invisible = [
        '\u{ad}',
        '\u{34f}',
        '\u{180e}',
        '\u{2062}',
        '\u{fe0f}',
        '\u{e0041}',
        '\u{3164}',
        '\u{115f}',
        '\u{17b4}',
        '\u{1d173}',
    ];
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.txt"), "Foo Bar\nreal").unwrap();
    for (at, c) in invisible.iter().enumerate() {
        std::fs::write(root.join(format!("b{at}.txt")), format!("Foo{c} Bar\nfake")).unwrap();
    }
    std::fs::write(root.join("c.txt"), "\u{3164}\nblank").unwrap();
    std::fs::write(root.join("n.txt"), "Plain\nbody").unwrap();
    std::fs::write(root.join("n\u{e0041}.txt"), "Tagged\nbody").unwrap();
    let library = load(root, FollowSymlinks::default());
    assert_eq!(library.duplicates.len(), 1, "{:?}", library.duplicates);
    assert_eq!(library.duplicates[0].paths.len(), 1 + invisible.len());
    for id in library.ids() {
        let title = &library.get(id).title();
        assert!(!title.contains(invisible), "{title:?}");
    }
    assert_eq!(
        reason(&library, "c.txt"),
        "title has only invisible characters"
    );
    let tagged = library.find_path("n\\u{e0041}.txt").expect("shown escaped");
    assert_eq!(library.get(tagged).title(), "Tagged");
}
