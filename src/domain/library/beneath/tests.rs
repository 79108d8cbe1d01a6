use super::*;
use crate::domain::fixtures::folder;
use std::io::Read;
use std::os::unix::fs::symlink;

fn read(root: &Path, relative: &str, follow: FollowSymlinks, walk: Walk) -> Result<String, String> {
    let mut opened = open_below(root, relative.as_bytes(), follow, walk)?;
    let mut text = String::new();
    opened.file.read_to_string(&mut text).unwrap();
    Ok(text)
}

#[test]
fn no_folder_on_the_way_may_be_a_link_with_or_without_openat2() {
    let dir = folder(&[("a/b/c.txt", "inside")]);
    let outside = folder(&[("b/c.txt", "outside")]);
    let root = dir.path();
    symlink(outside.path(), root.join("x")).unwrap();
    symlink("a", root.join("inner")).unwrap();
    for walk in [Walk::Openat2, Walk::PerFolder] {
        for follow in [
            FollowSymlinks::Never,
            FollowSymlinks::Inside,
            FollowSymlinks::Always,
        ] {
            assert_eq!(read(root, "a/b/c.txt", follow, walk).unwrap(), "inside");
            for path in ["x/b/c.txt", "inner/b/c.txt"] {
                let error = read(root, path, follow, walk).unwrap_err();
                assert!(error.contains("symbolic link"), "{walk:?} {path}: {error}");
            }
        }
    }
}

#[test]
fn names_that_climb_out_of_the_root_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("a")).unwrap();
    let error = read(
        dir.path(),
        "a/../../x.txt",
        FollowSymlinks::Inside,
        Walk::Openat2,
    );
    assert!(error.unwrap_err().contains("outside the articles folder"));
}

#[test]
fn devices_and_fifos_are_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    symlink("/dev/zero", dir.path().join("zero.txt")).unwrap();
    assert_eq!(
        read(
            dir.path(),
            "pipe.txt",
            FollowSymlinks::Always,
            Walk::Openat2
        )
        .unwrap_err(),
        "not a regular file"
    );
    assert_eq!(
        read(
            dir.path(),
            "zero.txt",
            FollowSymlinks::Always,
            Walk::Openat2
        )
        .unwrap_err(),
        "symbolic link to something that is not a regular file"
    );
}
