//! The module graph of `src/`, read from the code: every `use` tree (groups, nested groups,
//! `self`, `super`, renames, globs, `pub use`) and every path written inline in an expression,
//! a type, a pattern or a macro's arguments, resolved against the module it appears in.
//!
//! A path is followed through the imports of the module it lands in (`super::ListEntry`, where
//! the parent re-exports `views::ListEntry`, is an edge to `views`), so a re-export cannot hide
//! an edge. Edges between a module and its own ancestors or descendants are not edges of the
//! graph: a parent declares its children and children read their parent's items; what can form
//! a cycle are siblings, at every level.

use std::collections::{BTreeMap, BTreeSet};

use syn::visit::{self, Visit};

/// A module, as the names after `crate` (`["app", "views"]`); the crate root is empty and the
/// binary's root (`main.rs`, a crate of its own) is `["main"]`.
pub type Module = Vec<String>;

/// The layers from the bottom up. A module may name modules of its own layer and of the layers
/// below it, never of one above.
pub const LAYERS: &[&str] = &["domain", "app", "ui", "tui", "cli", "main"];

/// The terminal crates' paths, with the lowest layer that may name each; the longest prefix
/// that matches decides. The app computes the screen's geometry (for the mouse and the
/// scrolling), so it may name ratatui's plain layout types, and nothing else of it.
pub const EXTERNAL_LAYERS: &[(&str, &str)] = &[
    ("ratatui", "ui"),
    ("ratatui::layout", "app"),
    ("ratatui::crossterm", "ui"),
    ("crossterm", "ui"),
];

fn external_rule(path: &[String]) -> Option<(&'static str, &'static str)> {
    EXTERNAL_LAYERS
        .iter()
        .filter(|(prefix, _)| {
            let prefix: Vec<&str> = prefix.split("::").collect();
            path.len() >= prefix.len() && path.iter().zip(&prefix).all(|(a, b)| a == b)
        })
        .max_by_key(|(prefix, _)| prefix.len())
        .copied()
}

/// Edges the rules allow by name, each with the reason it still exists: `(from, to, why)`, the
/// modules written as `a::b`. An allowed edge is allowed for the module and everything in it.
pub type Allowed = [(&'static str, &'static str, &'static str)];

/// One place a module names another.
#[derive(Clone, Debug)]
pub struct Reference {
    /// The file, as `src/...`.
    pub file: String,
    pub line: usize,
    pub from: Module,
    pub to: Module,
}

/// Every module of the tree and every reference between two of them.
#[derive(Default, Debug)]
pub struct Graph {
    pub modules: BTreeSet<Module>,
    pub references: Vec<Reference>,
    /// References to other crates, `to` being the crate's name alone.
    pub crates: Vec<Reference>,
}

/// `a::b`, or `crate` for the root.
pub fn name(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

/// The module a file below `src/` holds: `app/views.rs` and `app/views/mod.rs` are `app::views`.
fn file_module(path: &str) -> Module {
    let path = path.strip_suffix(".rs").unwrap_or(path);
    let mut parts: Module = path.split('/').map(str::to_owned).collect();
    match parts.last().map(String::as_str) {
        Some("mod") | Some("lib") => {
            parts.pop();
        }
        _ => {}
    }
    parts
}

/// A path as written, before it is resolved: its segments and where it appears.
struct Written {
    segments: Vec<String>,
    module: Module,
    line: usize,
}

/// Reads one file: the inline modules it declares, the names its `use` items bring into each
/// module, and every path it writes.
struct FileReader {
    module: Module,
    inline_modules: Vec<Module>,
    /// `(module, name, path)`: `use a::b as name` in `module`.
    imports: Vec<(Module, String, Vec<String>, usize)>,
    paths: Vec<Written>,
}

impl FileReader {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.use_tree(prefix, &path.tree);
                prefix.pop();
            }
            syn::UseTree::Name(leaf) => {
                let ident = leaf.ident.to_string();
                let mut full = prefix.clone();
                // `use a::b::{self}` names `a::b` itself.
                if ident != "self" {
                    full.push(ident.clone());
                }
                let bound = if ident == "self" {
                    prefix.last().cloned().unwrap_or_default()
                } else {
                    ident
                };
                self.import(bound, full, leaf.ident.span().start().line);
            }
            syn::UseTree::Rename(rename) => {
                let mut full = prefix.clone();
                if rename.ident != "self" {
                    full.push(rename.ident.to_string());
                }
                self.import(
                    rename.rename.to_string(),
                    full,
                    rename.ident.span().start().line,
                );
            }
            syn::UseTree::Glob(glob) => {
                self.paths.push(Written {
                    segments: prefix.clone(),
                    module: self.module.clone(),
                    line: glob.star_token.spans[0].start().line,
                });
            }
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn import(&mut self, bound: String, path: Vec<String>, line: usize) {
        self.imports
            .push((self.module.clone(), bound, path.clone(), line));
        self.paths.push(Written {
            segments: path,
            module: self.module.clone(),
            line,
        });
    }
}

impl<'ast> Visit<'ast> for FileReader {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        let mut child = self.module.clone();
        child.push(item.ident.to_string());
        self.inline_modules.push(child.clone());
        if item.content.is_some() {
            let parent = std::mem::replace(&mut self.module, child);
            visit::visit_item_mod(self, item);
            self.module = parent;
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut prefix = Vec::new();
        if item.leading_colon.is_some() {
            prefix.push("::".to_owned());
        }
        self.use_tree(&mut prefix, &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() && path.segments.len() > 1 {
            self.paths.push(Written {
                segments: path
                    .segments
                    .iter()
                    .map(|segment| segment.ident.to_string())
                    .collect(),
                module: self.module.clone(),
                line: path.segments[0].ident.span().start().line,
            });
        }
        visit::visit_path(self, path);
    }

    /// A macro's arguments are tokens to syn; the common ones (`format!`, `vec!`, `assert!`,
    /// `matches!`) are expressions separated by commas, read as such when they parse.
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        visit::visit_macro(self, mac);
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        if let Ok(arguments) = mac.parse_body_with(parser) {
            for argument in &arguments {
                self.visit_expr(argument);
            }
        }
    }
}

/// Every problem a file set has before its graph can be read: files that do not parse.
pub fn read(files: &[(String, String)]) -> Result<Graph, String> {
    let mut modules = BTreeSet::new();
    modules.insert(Module::new());
    let mut readers = Vec::new();
    for (path, text) in files {
        let module = file_module(path);
        let syntax = syn::parse_file(text).map_err(|err| {
            let start = err.span().start();
            format!("src/{path}:{}:{}: {err}", start.line, start.column + 1)
        })?;
        let mut reader = FileReader {
            module: module.clone(),
            inline_modules: Vec::new(),
            imports: Vec::new(),
            paths: Vec::new(),
        };
        reader.visit_file(&syntax);
        for depth in 1..=module.len() {
            modules.insert(module[..depth].to_vec());
        }
        modules.extend(reader.inline_modules.iter().cloned());
        readers.push((path, reader));
    }

    // First the imports, resolved to absolute paths, so that paths through them can be followed.
    let mut imports: BTreeMap<(Module, String), Vec<String>> = BTreeMap::new();
    for (_, reader) in &readers {
        for (module, bound, path, _) in &reader.imports {
            if let Some(absolute) = absolute(&modules, &imports, module, path) {
                imports.insert((module.clone(), bound.clone()), absolute);
            }
        }
    }
    // A second round resolves imports written through another module's imports.
    for (_, reader) in &readers {
        for (module, bound, path, _) in &reader.imports {
            if let Some(absolute) = absolute(&modules, &imports, module, path) {
                imports.insert((module.clone(), bound.clone()), absolute);
            }
        }
    }

    let mut references = Vec::new();
    let mut crates = Vec::new();
    for (path, reader) in &readers {
        for written in &reader.paths {
            let outside: Vec<String> = written
                .segments
                .iter()
                .filter(|segment| *segment != "::")
                .cloned()
                .collect();
            if external_rule(&outside).is_some() {
                crates.push(Reference {
                    file: format!("src/{path}"),
                    line: written.line,
                    from: written.module.clone(),
                    to: outside,
                });
            }
            let Some(target) = absolute(&modules, &imports, &written.module, &written.segments)
            else {
                continue;
            };
            let to = followed(&modules, &imports, target);
            references.push(Reference {
                file: format!("src/{path}"),
                line: written.line,
                from: written.module.clone(),
                to,
            });
        }
    }
    Ok(Graph {
        modules,
        references,
        crates,
    })
}

/// `path`, written in `module`, as a path from the crate root; `None` for paths outside the
/// crate (std, other crates) and local names.
fn absolute(
    modules: &BTreeSet<Module>,
    imports: &BTreeMap<(Module, String), Vec<String>>,
    module: &Module,
    path: &[String],
) -> Option<Vec<String>> {
    let (first, rest) = path.split_first()?;
    // The binary is a crate of its own: its `crate` is `main`, and it names the library as
    // `readmore`.
    let root: Module = if module.first().is_some_and(|m| m == "main") {
        vec!["main".to_owned()]
    } else {
        Module::new()
    };
    let mut resolved = match first.as_str() {
        "crate" => root,
        "readmore" if !root.is_empty() => Module::new(),
        "self" => module.clone(),
        "super" => {
            let mut parent = module.clone();
            parent.pop()?;
            parent
        }
        "Self" | "::" => return None,
        name => {
            let mut child = module.clone();
            child.push(name.to_owned());
            if modules.contains(&child) {
                child
            } else if let Some(target) = imports.get(&(module.clone(), name.to_owned())) {
                target.clone()
            } else {
                return None;
            }
        }
    };
    let mut rest = rest.iter().peekable();
    while rest.peek().is_some_and(|segment| *segment == "super") {
        resolved.pop()?;
        rest.next();
    }
    resolved.extend(rest.cloned());
    Some(resolved)
}

/// The module an absolute path ends in, following the imports of the modules it passes through.
fn followed(
    modules: &BTreeSet<Module>,
    imports: &BTreeMap<(Module, String), Vec<String>>,
    mut path: Vec<String>,
) -> Module {
    for _ in 0..16 {
        let depth = (0..=path.len())
            .rev()
            .find(|&depth| modules.contains(&path[..depth]))
            .unwrap_or(0);
        let module = path[..depth].to_vec();
        let Some(next) = path.get(depth) else {
            return module;
        };
        match imports.get(&(module.clone(), next.clone())) {
            Some(target) if *target != path[..=depth] => {
                let mut through = target.clone();
                through.extend(path[depth + 1..].iter().cloned());
                path = through;
            }
            _ => return module,
        }
    }
    path
}

fn layer(module: &[String]) -> Option<usize> {
    let first = module.first()?;
    LAYERS.iter().position(|layer| layer == first)
}

fn allowed(allow: &Allowed, from: &[String], to: &[String]) -> bool {
    let starts = |module: &[String], prefix: &str| {
        let prefix: Vec<&str> = prefix.split("::").collect();
        module.len() >= prefix.len() && module.iter().zip(&prefix).all(|(a, b)| a == b)
    };
    allow
        .iter()
        .any(|(a, b, _)| starts(from, a) && starts(to, b))
}

/// Every reference from a layer to one above it, as `file:line: a::b -> c::d (layer x names
/// layer y)`.
pub fn upward(graph: &Graph, allow: &Allowed) -> Vec<String> {
    let mut found = Vec::new();
    for reference in &graph.references {
        let (Some(from), Some(to)) = (layer(&reference.from), layer(&reference.to)) else {
            continue;
        };
        if to > from && !allowed(allow, &reference.from, &reference.to) {
            found.push(format!(
                "{}:{}: {} -> {} (the {} layer names the {} layer above it)",
                reference.file,
                reference.line,
                name(&reference.from),
                name(&reference.to),
                LAYERS[from],
                LAYERS[to],
            ));
        }
    }
    found
}

/// Every reference to a terminal crate from a layer below the one allowed to name it.
pub fn terminal_below_ui(graph: &Graph, allow: &Allowed) -> Vec<String> {
    let mut found = Vec::new();
    for reference in &graph.crates {
        let Some(from) = layer(&reference.from) else {
            continue;
        };
        let Some((prefix, lowest)) = external_rule(&reference.to) else {
            continue;
        };
        let lowest = LAYERS
            .iter()
            .position(|layer| *layer == lowest)
            .unwrap_or(0);
        if from < lowest && !allowed(allow, &reference.from, &reference.to) {
            found.push(format!(
                "{}:{}: {} -> {} (the {} layer names {prefix}, allowed from the {} layer up)",
                reference.file,
                reference.line,
                name(&reference.from),
                reference.to.join("::"),
                LAYERS[from],
                LAYERS[lowest],
            ));
        }
    }
    found
}

/// An edge between two sibling modules: both children of `parent`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub parent: Module,
    pub from: String,
    pub to: String,
}

/// The sibling edges of the graph, each with the first place that makes it.
pub fn edges(graph: &Graph, allow: &Allowed) -> BTreeMap<Edge, (String, usize)> {
    let mut edges = BTreeMap::new();
    for reference in &graph.references {
        if allowed(allow, &reference.from, &reference.to) {
            continue;
        }
        let common = reference
            .from
            .iter()
            .zip(&reference.to)
            .take_while(|(a, b)| a == b)
            .count();
        if common < reference.from.len() && common < reference.to.len() {
            let edge = Edge {
                parent: reference.from[..common].to_vec(),
                from: reference.from[common].clone(),
                to: reference.to[common].clone(),
            };
            edges
                .entry(edge)
                .or_insert_with(|| (reference.file.clone(), reference.line));
        }
    }
    edges
}

/// Every cycle among sibling modules (a strongly connected group of two or more), each reported
/// with its edges and a place that makes each one.
pub fn cycles(graph: &Graph, allow: &Allowed) -> Vec<String> {
    let edges = edges(graph, allow);
    let mut by_parent: BTreeMap<&Module, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
    for edge in edges.keys() {
        by_parent
            .entry(&edge.parent)
            .or_default()
            .entry(&edge.from)
            .or_default()
            .insert(&edge.to);
    }
    let mut found = Vec::new();
    for (parent, graph) in by_parent {
        for group in strongly_connected(&graph) {
            let mut lines = vec![format!(
                "cycle in {}: {}",
                name(parent),
                group.iter().copied().collect::<Vec<_>>().join(", ")
            )];
            for (edge, (file, line)) in &edges {
                if edge.parent == *parent
                    && group.contains(edge.from.as_str())
                    && group.contains(edge.to.as_str())
                {
                    let mut from = parent.clone();
                    from.push(edge.from.clone());
                    let mut to = parent.clone();
                    to.push(edge.to.clone());
                    lines.push(format!("  {file}:{line}: {} -> {}", name(&from), name(&to)));
                }
            }
            found.push(lines.join("\n"));
        }
    }
    found
}

/// The strongly connected groups of two or more nodes (Tarjan's algorithm).
fn strongly_connected<'a>(graph: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Vec<BTreeSet<&'a str>> {
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        groups: Vec<BTreeSet<&'a str>>,
    }
    fn visit<'a>(
        node: &'a str,
        graph: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        state: &mut State<'a>,
    ) {
        let index = state.index.len();
        state.index.insert(node, index);
        state.low.insert(node, index);
        state.stack.push(node);
        state.on_stack.insert(node);
        for &next in graph.get(node).into_iter().flatten() {
            if !state.index.contains_key(next) {
                visit(next, graph, state);
                let low = state.low[node].min(state.low[next]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(next) {
                let low = state.low[node].min(state.index[next]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut group = BTreeSet::new();
            while let Some(top) = state.stack.pop() {
                state.on_stack.remove(top);
                group.insert(top);
                if top == node {
                    break;
                }
            }
            if group.len() > 1 {
                state.groups.push(group);
            }
        }
    }
    let mut state = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        groups: Vec::new(),
    };
    for &node in graph.keys() {
        if !state.index.contains_key(node) {
            visit(node, graph, &mut state);
        }
    }
    state.groups
}
