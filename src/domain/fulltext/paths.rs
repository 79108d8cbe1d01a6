//! Every article matching a query, by display path in path order, unranked: what
//! `readmore search -l` prints without a limit, as `grep -rl` or `rg -l --sort path` would.
//! Nothing is scored; each segment's matches are turned into paths in one pass over its path
//! dictionary, which is sorted.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::Ranked;
use super::engine::Engine;
use super::search::to_engine;
use crate::domain::library::path_order;

/// Every article in `engine`'s index matching `query`, in path order; an engine error (a
/// segment gone bad under a running search) finds nothing, as in a search.
pub(super) fn every_path(engine: &Engine, query: &super::Query) -> Ranked {
    if query.is_empty() {
        return Ranked::default();
    }
    let searcher = engine.reader.searcher();
    let found = to_engine(&searcher, &engine.fields, query)
        .and_then(|engine_query| searcher.search(engine_query.as_ref(), &Paths));
    let paths = found.unwrap_or_default();
    Ranked {
        total: paths.len(),
        paths,
    }
}

/// Collects the display paths of the matching documents, in path order.
struct Paths;

/// One segment's matches, as ordinals in its path dictionary.
struct SegmentPaths {
    column: Option<StrColumn>,
    ords: Vec<u64>,
}

impl Collector for Paths {
    type Fruit = Vec<String>;
    type Child = SegmentPaths;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPaths> {
        Ok(SegmentPaths {
            column: reader.fast_fields().str("path")?,
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segments: Vec<std::io::Result<Vec<String>>>,
    ) -> tantivy::Result<Vec<String>> {
        let segments = segments.into_iter().collect::<std::io::Result<Vec<_>>>()?;
        // Each segment's paths are in byte order, which path order differs from only where a
        // name holds a byte below `/`: sorting runs this close to sorted is one pass.
        let mut paths = segments.concat();
        paths.sort_by(|a, b| path_order(a, b));
        Ok(paths)
    }
}

impl SegmentCollector for SegmentPaths {
    type Fruit = std::io::Result<Vec<String>>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(ord) = (self.column.as_ref()).and_then(|column| column.term_ords(doc).next()) {
            self.ords.push(ord);
        }
    }

    fn harvest(mut self) -> std::io::Result<Vec<String>> {
        let Some(column) = self.column else {
            return Ok(Vec::new());
        };
        self.ords.sort_unstable();
        let mut paths = Vec::with_capacity(self.ords.len());
        column
            .dictionary()
            .sorted_ords_to_term_cb(&self.ords, |bytes| {
                if let Ok(path) = std::str::from_utf8(bytes) {
                    paths.push(path.to_owned());
                }
            })?;
        Ok(paths)
    }
}
