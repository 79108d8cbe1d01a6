use super::*;
use crate::domain::library::LoadOptions;
use std::fs;
use std::path::Path;

fn load(root: &Path) -> Library {
    Library::load(root, LoadOptions::default()).unwrap()
}

fn id(library: &Library, path: &str) -> ArticleId {
    library.find_path(path).expect(path)
}

/// Every window from the start, each `bytes` long, chained by their ends.
fn all_windows(body: &Body, bytes: usize) -> Vec<(u64, Block)> {
    let mut blocks = Vec::new();
    let mut from = 0;
    while from < body.size() {
        let window = body.window(from, bytes).unwrap();
        assert!(window.end > from, "every window moves on");
        blocks.extend(window.blocks);
        from = window.end;
    }
    blocks
}

const TEXT: &str = "Title\r\nSource: https://e.x/a\r\n\r\nFirst paragraph, café.\r\n\r\n\
                    Read More: Other\r\nSecond — “quoted”.\r\n\r\n\r\nThird and last.\r\n";

#[test]
fn windows_chained_from_the_start_give_every_block_at_its_offset() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    let library = load(dir.path());
    let a = id(&library, "a.txt");
    let body = library.open_body(a).unwrap();
    assert_eq!(body.size(), TEXT.len() as u64);
    let whole = library.body(a).unwrap();
    for bytes in [0, 1, 10, 1000] {
        let blocks = all_windows(&body, bytes);
        let texts: Vec<Block> = blocks.iter().map(|(_, block)| block.clone()).collect();
        assert_eq!(texts, whole.blocks, "windows of {bytes} bytes");
        for (offset, block) in &blocks {
            let (Block::Paragraph(text) | Block::Link(text)) = block;
            let at = usize::try_from(*offset).unwrap();
            assert!(TEXT[at..].contains(text.as_str()), "{block:?} at {offset}");
            assert!(at == 0 || TEXT.as_bytes()[at - 1] == b'\n', "a line start");
        }
    }
    let one = body.window(0, 0).unwrap();
    assert_eq!(one.blocks.len(), 1, "at least one block");
    assert_eq!(
        body.origin().unwrap().source.as_deref(),
        Some("https://e.x/a")
    );
}

#[test]
fn the_window_before_the_end_holds_the_last_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    let library = load(dir.path());
    let body = library.open_body(id(&library, "a.txt")).unwrap();
    let last = body.window_before(body.size(), 1).unwrap();
    assert_eq!(last.end, body.size());
    assert_eq!(
        last.blocks
            .iter()
            .map(|(_, b)| b.clone())
            .collect::<Vec<_>>(),
        [Block::Paragraph("Third and last.".into())]
    );
    let more = body.window_before(body.size(), 30).unwrap();
    assert_eq!(more.blocks.len(), 2, "{more:?}");
    let before = body.window_before(more.blocks[0].0, 1000).unwrap();
    let before_texts: Vec<_> = before.blocks.iter().map(|(_, b)| b.clone()).collect();
    assert_eq!(
        before_texts,
        [
            Block::Paragraph("First paragraph, café.".into()),
            Block::Link("Other".into())
        ],
        "the header is no block"
    );
}

#[test]
fn a_legacy_file_reads_in_windows_as_it_reads_whole() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"Caf\xe9 news\r\n\r\nIt costs \xa35.\r\nNa\xefve \x93quote\x94\r\n".to_vec();
    fs::write(dir.path().join("latin.txt"), &bytes).unwrap();
    let library = load(dir.path());
    let latin = id(&library, "latin.txt");
    let body = library.open_body(latin).unwrap();
    let blocks: Vec<Block> = all_windows(&body, 1).into_iter().map(|(_, b)| b).collect();
    assert_eq!(blocks, library.body(latin).unwrap().blocks);
    assert_eq!(blocks[1], Block::Paragraph("Naïve “quote”".into()));
    let tail = body.window(20, 1).unwrap();
    assert_eq!(tail.blocks[0].1, Block::Paragraph("Naïve “quote”".into()));
}

#[test]
fn windows_open_under_the_rules_of_every_read() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    fs::write(outside.path().join("secret.txt"), "Secret\nkey").unwrap();
    let library = load(dir.path());
    let a = id(&library, "a.txt");
    // Swapped for a link out of the folder after loading: refused, as Library::body does.
    fs::remove_file(dir.path().join("a.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.path().join("a.txt"))
        .unwrap();
    let refused = library
        .open_body(a)
        .err()
        .expect("a link out of the folder");
    assert_eq!(refused.path, "a.txt");
    assert!(library.body_head(a, 100).is_err());
    // Grown past the limit: refused too.
    fs::remove_file(dir.path().join("a.txt")).unwrap();
    fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    let small = Library::load(
        dir.path(),
        LoadOptions {
            max_article_bytes: TEXT.len() as u64,
            ..LoadOptions::default()
        },
    )
    .unwrap();
    fs::write(dir.path().join("a.txt"), format!("{TEXT}more")).unwrap();
    let grown = small
        .open_body(id(&small, "a.txt"))
        .err()
        .expect("too large");
    assert!(grown.reason.contains("max_article_bytes"), "{grown}");
}

#[test]
fn escapes_in_a_window_are_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("e.txt"),
        "T\nA \x1b]0;pwned\x07b\x1b[31m\u{202e}c\n",
    )
    .unwrap();
    let library = load(dir.path());
    let body = library.open_body(id(&library, "e.txt")).unwrap();
    let window = body.window(2, 100).unwrap();
    assert_eq!(window.blocks, [(2, Block::Paragraph("A bc".into()))]);
}

#[test]
fn the_head_of_an_article_stops_at_its_budget() {
    let library = Library::of_texts(&[("a.txt", "A\none\ntwo\nthree")]);
    let a = ArticleId::new(0);
    let head = library.body_head(a, 3).unwrap();
    assert_eq!(head.blocks, [Block::Paragraph("one".into())]);
    assert_eq!(library.body_head(a, 1 << 20).unwrap().blocks.len(), 3);
    let body = library.open_body(a).unwrap();
    assert_eq!(body.size(), 3, "blocks, for an article in memory");
    assert_eq!(
        body.window(1, 1).unwrap().blocks,
        [(1, Block::Paragraph("two".into()))]
    );
    assert_eq!(
        body.window_before(3, 1).unwrap().blocks,
        [(2, Block::Paragraph("three".into()))]
    );
}
