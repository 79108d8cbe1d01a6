//! The tantivy index behind full-text search: its schema, where it lives, and keeping it in
//! step with the library.
//!
//! Documents are keyed by the article's display path, never by its place in the library
//! (that changes on reload), and carry a stamp: a hash of the indexed text. Opening an index
//! written before re-indexes only the articles whose stamp differs and deletes the documents
//! of articles that are gone, so a warm start indexes nothing. The text is hashed rather than
//! the file's size and time compared, because the library may have read a file just before or
//! after it changed: the stamp always describes the text that was indexed.
//!
//! tantivy lets one process write an index and any number read it. A process that finds the
//! writer lock taken searches read-only what the other one commits, and takes the lock over
//! when it is free again at its next update.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tantivy::directory::error::LockError;
use tantivy::indexer::IndexWriterOptions;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError, Term};

use super::Progress;
use super::tokenizer::{ANALYZER, analyzer, counting_analyzer};
use crate::domain::article::{Article, Block};
use crate::domain::library::{ArticleId, Change, Library};

/// Written with every commit and checked on open: an index written by another version of
/// readmore (another schema or analyzer) is rebuilt. Change it with either.
const FORMAT: &str = "readmore full-text index 1: schema path,stamp,title,body; words+cjk pairs";
/// Indexing memory per writer thread of a build (tantivy's minimum is 15 MB). The build runs
/// while the reader is open, so its arenas count against the reader's memory; beyond this a
/// larger arena made the build little faster (BENCHMARKS.md, "Start, load and memory").
const MEMORY_PER_THREAD: usize = 24 << 20;
/// Threads merging segments in the background, for a build and for live reload: each merge
/// holds its own buffers, and the merges of one index wait on the disk more than on a core.
const MERGE_THREADS: usize = 1;
/// Indexing memory of the writer that follows live reload once the index is built: tantivy's
/// minimum, plenty for a few articles at a time.
const UPDATE_MEMORY: usize = 15 << 20;
/// More stale articles than this are a build, given every thread and [`MEMORY_PER_THREAD`].
const BULK: usize = 1_000;
/// Text sent to the writer's threads and not yet analysed by them, at most: tantivy's own queue
/// takes 10,000 documents, some 55 MB of generated articles, which a build would hold beside
/// its arenas. A few hundred articles keep both threads busy.
const QUEUED_TEXT: usize = 4 << 20;
/// How long a build waits for the writer's threads to take text before sending more anyway
/// (a thread that failed makes the next document's add fail).
const STALL: Duration = Duration::from_secs(2);
/// Articles indexed between two reports of progress.
const PROGRESS_EVERY: usize = 1_000;
/// Libraries smaller than this are indexed on one thread: more would only cost start-up.
const ONE_THREAD_BELOW: usize = 5_000;

/// The fields of a document.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fields {
    /// The display path: the key, also read back (fast field) to find the article.
    pub path: Field,
    /// Hash of the indexed text.
    pub stamp: Field,
    pub title: Field,
    /// Every paragraph, as separate values (a phrase does not run from one into the next).
    pub body: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        path: builder.add_text_field("path", STRING | FAST),
        stamp: builder.add_u64_field("stamp", INDEXED | FAST),
        title: builder.add_text_field("title", text.clone()),
        body: builder.add_text_field("body", text),
    };
    (builder.build(), fields)
}

/// What the index holds for one path: a document's stamp, or more than one document (a path
/// indexed twice, whose documents all go). No `Vec` per path: at a million it was 32 MB more.
#[derive(Debug, Clone, Copy)]
enum Stamp {
    One(u64),
    Twice,
}

/// An open index and, unless another process holds it, its writer.
pub(super) struct Engine {
    index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    /// `None` while another process writes the index.
    writer: Mutex<Option<IndexWriter>>,
    /// Indexing threads to use.
    threads: usize,
    /// Bytes of text the writer's threads have analysed (see [`QUEUED_TEXT`]).
    taken: Arc<AtomicUsize>,
}

impl Engine {
    /// A new index in memory.
    pub fn in_ram(articles: usize) -> tantivy::Result<Engine> {
        let (schema, _) = schema();
        Engine::from_index(Index::create_in_ram(schema), articles)
    }

    /// The index in `dir`, created when there is none and rebuilt when it was written by
    /// another version. An index that cannot be read is an error: the caller decides whether
    /// to [`wipe`] it.
    pub fn on_disk(dir: &Path, articles: usize) -> tantivy::Result<Engine> {
        std::fs::create_dir_all(dir)?;
        check_files(dir)?;
        let (schema, _) = schema();
        let index = if dir.join("meta.json").exists() {
            let index = Index::open_in_dir(dir)?;
            let ours = index.schema() == schema
                && index.load_metas().is_ok_and(|meta| {
                    meta.payload.as_deref() == Some(FORMAT) || meta.segments.is_empty()
                });
            if ours {
                index
            } else {
                drop(index);
                wipe(dir)?;
                Index::create_in_dir(dir, schema)?
            }
        } else {
            wipe(dir)?;
            Index::create_in_dir(dir, schema)?
        };
        Engine::from_index(index, articles)
    }

    /// The index in `dir` as it is, to search only: no writer, nothing created or rebuilt.
    /// `None` when there is no index there of this version of readmore.
    pub fn read_only(dir: &Path) -> tantivy::Result<Option<Engine>> {
        check_files(dir)?;
        let index = Index::open_in_dir(dir)?;
        let ours = index.schema() == schema().0
            && index
                .load_metas()
                .is_ok_and(|meta| meta.payload.as_deref() == Some(FORMAT));
        if !ours {
            return Ok(None);
        }
        index.tokenizers().register(ANALYZER, analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Some(Engine {
            index,
            reader,
            fields: schema().1,
            writer: Mutex::new(None),
            threads: 1,
            taken: Arc::default(),
        }))
    }

    fn from_index(index: Index, articles: usize) -> tantivy::Result<Engine> {
        let taken = Arc::<AtomicUsize>::default();
        (index.tokenizers()).register(ANALYZER, counting_analyzer(Arc::clone(&taken)));
        let (_, fields) = schema();
        let threads = if articles < ONE_THREAD_BELOW {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
        };
        let writer = writer(&index, 1, UPDATE_MEMORY)?;
        // A reader of another process's index follows its commits by itself; the writer's
        // own reader is reloaded after each commit.
        let policy = if writer.is_some() {
            ReloadPolicy::Manual
        } else {
            ReloadPolicy::OnCommitWithDelay
        };
        let reader = index.reader_builder().reload_policy(policy).try_into()?;
        Ok(Engine {
            index,
            reader,
            fields,
            writer: Mutex::new(writer),
            threads,
            taken,
        })
    }

    /// True while another process writes the index (this one only searches it).
    pub fn is_read_only(&self) -> bool {
        self.writer.lock().is_ok_and(|writer| writer.is_none())
    }

    /// Brings the index in step with `library`: indexes what is new or changed, deletes what is
    /// gone. Returns how many articles were indexed. Does nothing while another process
    /// writes the index. Tells `progress` how far it has come.
    pub fn sync(&self, library: &Library, progress: &dyn Fn(Progress)) -> tantivy::Result<usize> {
        self.sync_until(library, progress, &|| false)
    }

    /// [`Engine::sync`], stopping early once `stop` says so (it is asked every
    /// [`PROGRESS_EVERY`] articles): what was indexed until then is committed, so that the next
    /// sync, with another library, starts from it.
    pub fn sync_until(
        &self,
        library: &Library,
        progress: &dyn Fn(Progress),
        stop: &dyn Fn() -> bool,
    ) -> tantivy::Result<usize> {
        let mut guard = self.lock_writer()?;
        if guard.is_none() {
            return Ok(0);
        }
        let (gone, stale) = self.differences(library)?;
        let total = stale.len();
        let deletes = !gone.is_empty();
        // A build takes every thread and [`MEMORY_PER_THREAD`] each (tantivy sizes its tables by
        // the budget); a few changed articles take the least.
        if total > BULK {
            *guard = None;
            *guard = writer(&self.index, self.threads, self.threads * MEMORY_PER_THREAD)?;
        }
        let Some(index_writer) = guard.as_mut() else {
            return Ok(0);
        };
        for path in &gone {
            index_writer.delete_term(Term::from_field_text(self.fields.path, path));
        }
        drop(gone);
        let mut sent = self.taken.load(Ordering::Relaxed);
        let mut indexed = 0;
        for (done, &id) in stale.iter().enumerate() {
            if done % PROGRESS_EVERY == 0 {
                if done > 0 && stop() {
                    break;
                }
                progress(Progress { done, total });
            }
            indexed = done + 1;
            // An article that cannot be read now is left out; the next sync tries again.
            if let Ok(article) = library.body_head(id, super::INDEXED_TEXT_BYTES) {
                sent += analysed_bytes(&article);
                index_writer.add_document(self.document(
                    library.get(id).path(),
                    &article,
                    library.stamp(id),
                ))?;
                self.wait_for_the_writer(sent);
            }
        }
        if deletes || total > 0 {
            self.commit(index_writer)?;
        }
        if total > 0 && indexed == total {
            progress(Progress { done: total, total });
        }
        if total > BULK {
            *guard = None;
            *guard = writer(&self.index, 1, UPDATE_MEMORY)?;
        }
        Ok(indexed)
    }

    /// Re-indexes the articles `change` names (as [`Library::reload`] reported it, `library`
    /// being the reloaded library). Returns how many articles were indexed. When another
    /// process held the writer lock and has let it go, this process takes it over and catches
    /// up with the whole library.
    pub fn update(&self, library: &Library, change: &Change) -> tantivy::Result<usize> {
        let mut guard = self.lock_writer()?;
        if guard.is_none() {
            *guard = writer(&self.index, 1, UPDATE_MEMORY)?;
            drop(guard);
            return self.sync(library, &|_| {});
        }
        let Some(writer) = guard.as_mut() else {
            return Ok(0);
        };
        let mut added = 0;
        for path in change
            .removed
            .iter()
            .chain(&change.changed)
            .chain(&change.added)
        {
            writer.delete_term(Term::from_field_text(self.fields.path, path));
            let found = library.find_path(path);
            if let Some((id, article)) = found
                .and_then(|id| Some((id, library.body_head(id, super::INDEXED_TEXT_BYTES).ok()?)))
            {
                writer.add_document(self.document(path, &article, library.stamp(id)))?;
                added += 1;
            }
        }
        if !change.is_empty() {
            self.commit(writer)?;
        }
        Ok(added)
    }

    /// What [`Engine::sync`] must do: the paths whose documents go (gone, changed, or indexed
    /// twice) and the articles to index (new or changed). One pass over the library takes
    /// each article's up-to-date document out of the index's stamps; what is left goes. No
    /// table of the library's paths is made (at a million articles it was 52 MB, at the start's
    /// peak), and nothing of the comparison is kept beside the build.
    fn differences(&self, library: &Library) -> tantivy::Result<(Vec<String>, Vec<ArticleId>)> {
        let mut indexed = self.stamps()?;
        let mut stale = Vec::new();
        for (id, entry) in library.iter() {
            match indexed.get(entry.path()) {
                Some(&Stamp::One(stamp)) if stamp == library.stamp(id) => {
                    indexed.remove(entry.path());
                }
                _ => stale.push(id),
            }
        }
        Ok((indexed.into_keys().collect(), stale))
    }

    /// Waits while more than [`QUEUED_TEXT`] of the `sent` bytes of text are still queued for
    /// the writer's threads, or until they take nothing for [`STALL`].
    fn wait_for_the_writer(&self, sent: usize) {
        let mut taken = self.taken.load(Ordering::Relaxed);
        let mut since = Instant::now();
        while sent.saturating_sub(taken) > QUEUED_TEXT && since.elapsed() < STALL {
            std::thread::sleep(Duration::from_millis(1));
            let now = self.taken.load(Ordering::Relaxed);
            if now != taken {
                (taken, since) = (now, Instant::now());
            }
        }
    }

    fn lock_writer(&self) -> tantivy::Result<std::sync::MutexGuard<'_, Option<IndexWriter>>> {
        self.writer
            .lock()
            .map_err(|_| TantivyError::InternalError("the index writer panicked".to_owned()))
    }

    fn commit(&self, writer: &mut IndexWriter) -> tantivy::Result<()> {
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(FORMAT);
        commit.commit()?;
        self.reader.reload()
    }

    fn document(&self, path: &str, article: &Article, stamp: u64) -> TantivyDocument {
        let mut document = TantivyDocument::default();
        document.add_text(self.fields.path, path);
        document.add_u64(self.fields.stamp, stamp);
        document.add_text(self.fields.title, &article.title);
        for block in &article.blocks {
            if let Block::Paragraph(text) = block {
                document.add_text(self.fields.body, text);
            }
        }
        document
    }

    /// The stamps of the live documents, by path. Paths are read from each segment's
    /// dictionary in one pass, not looked up one document at a time (which costs a block
    /// decode each).
    fn stamps(&self) -> tantivy::Result<HashMap<String, Stamp>> {
        let searcher = self.reader.searcher();
        let mut stamps: HashMap<String, Stamp> = HashMap::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let stamp_column = fast.u64("stamp")?;
            let Some(path_column) = fast.str("path")? else {
                continue;
            };
            let mut names = Vec::with_capacity(path_column.num_terms());
            let mut stream = path_column.dictionary().stream()?;
            while stream.advance() {
                names.push(String::from_utf8_lossy(stream.key()).into_owned());
            }
            for doc in segment.doc_ids_alive() {
                let ord = path_column.term_ords(doc).next();
                let name = ord.and_then(|ord| names.get(usize::try_from(ord).ok()?));
                if let (Some(name), Some(stamp)) = (name, stamp_column.first(doc)) {
                    stamps
                        .entry(name.clone())
                        .and_modify(|kept| *kept = Stamp::Twice)
                        .or_insert(Stamp::One(stamp));
                }
            }
        }
        Ok(stamps)
    }

    /// The number of live documents.
    pub fn len(&self) -> usize {
        usize::try_from(self.reader.searcher().num_docs()).unwrap_or(usize::MAX)
    }
}

/// The bytes of `article` that the analyzer is given when it is indexed (as [`Engine::document`]
/// adds them).
fn analysed_bytes(article: &Article) -> usize {
    let paragraphs = article.blocks.iter().map(|block| match block {
        Block::Paragraph(text) => text.len(),
        _ => 0,
    });
    article.title.len() + paragraphs.sum::<usize>()
}

/// The largest `meta.json` (or other JSON file of the index) opened: a few kilobytes list an
/// index's segments.
const MAX_JSON_BYTES: u64 = 16 << 20;

/// The writer, or `None` when another process holds the lock.
fn writer(index: &Index, threads: usize, memory: usize) -> tantivy::Result<Option<IndexWriter>> {
    let options = IndexWriterOptions::builder()
        .num_worker_threads(threads)
        .memory_budget_per_thread(memory / threads)
        .num_merge_threads(MERGE_THREADS)
        .build();
    match index.writer_with_options(options) {
        Ok(writer) => Ok(Some(writer)),
        Err(TantivyError::LockFailure(LockError::LockBusy, _)) => Ok(None),
        Err(err) => Err(err),
    }
}

/// Checks that every file of the index in `dir` is a regular file, and its JSON files (which
/// tantivy reads whole) no larger than [`MAX_JSON_BYTES`]: a FIFO planted as `meta.json` would
/// make tantivy wait forever, a link to `/dev/zero` read forever. Anything else is an error,
/// and the index is rebuilt.
fn check_files(dir: &Path) -> tantivy::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let corrupt =
            |why: String| TantivyError::from(std::io::Error::other(format!("{name}: {why}")));
        let file = crate::domain::own_files::open_regular(&path)
            .map_err(|err| corrupt(err.to_string()))?;
        let size = file.metadata()?.len();
        if name.ends_with(".json") && size > MAX_JSON_BYTES {
            return Err(corrupt(format!("larger than {MAX_JSON_BYTES} bytes")));
        }
    }
    Ok(())
}

/// Empties `dir` (derived data only: the index is rebuilt from the articles).
pub(super) fn wipe(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    std::fs::create_dir_all(dir)
}

/// The folder of the index of the articles folder `root` under the cache folder `cache`, next
/// to the library's metadata cache ([`crate::domain::paths::library_cache_dir`]).
pub(super) fn index_dir(cache: &Path, root: &Path) -> PathBuf {
    crate::domain::paths::library_cache_dir(cache, root).join(INDEX)
}

/// The index's folder name in the library's cache folder.
pub(super) const INDEX: &str = "fulltext-v1";

#[cfg(test)]
mod tests;
