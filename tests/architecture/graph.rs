//! The crate as a graph of files for the architecture test: each file of `src/` (test code left
//! out) with the module paths it uses, and the import cycles among files. A file uses a module
//! when it names it in a `use` or in a path in code (`crate::…`, `super::…`, `self::…`, or a
//! child module's name); declaring a child (`mod child;`) is no use of it. It must not judge:
//! the rules are the test's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::lexer::{tokens, without_test_items};

/// One file of `src/` that is not test code.
#[derive(Debug)]
pub struct SourceFile {
    /// Relative to the package, with `/`: `src/store/scores.rs`.
    pub path: String,
    /// Its tokens, comments, literals and test items left out.
    pub tokens: Vec<String>,
    /// The crate paths it uses, from the crate root without `crate`: `["store", "Store"]`.
    pub references: BTreeSet<Vec<String>>,
}

/// The files of the library and the binary.
#[derive(Debug)]
pub struct Crate {
    pub files: Vec<SourceFile>,
}

impl Crate {
    /// Reads every file under `src/`.
    pub fn read() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        walk(&root.join("src"), &mut paths);
        let sources: Vec<(String, String)> = paths
            .iter()
            .map(|p| {
                let relative = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                (relative, std::fs::read_to_string(p).unwrap())
            })
            .collect();
        Self::of(&sources)
    }

    /// The crate of `sources`, each a path relative to the package and its text.
    pub fn of(sources: &[(String, String)]) -> Self {
        let lexed: Vec<(&String, Vec<String>, Vec<String>)> = sources
            .iter()
            .map(|(path, text)| {
                let (kept, test_modules) = without_test_items(&tokens(text));
                (path, kept, test_modules)
            })
            .collect();
        // A module declared under `#[cfg(test)]` is test code, and so is all below it.
        let test_modules: Vec<Vec<String>> = lexed
            .iter()
            .filter_map(|(path, _, names)| module_of(path).map(|m| (m, names)))
            .flat_map(|(module, names)| {
                names
                    .iter()
                    .map(move |name| [module.as_slice(), std::slice::from_ref(name)].concat())
            })
            .collect();
        let is_test = |path: &str| {
            let named = path.ends_with("/tests.rs") || path.contains("/tests/");
            let declared = module_of(path)
                .is_some_and(|module| test_modules.iter().any(|t| module.starts_with(t)));
            named || declared
        };
        let files = lexed
            .into_iter()
            .filter(|(path, _, _)| !is_test(path))
            .map(|(path, tokens, _)| {
                let references =
                    module_of(path).map(|module| references(&module, &tokens)).unwrap_or_default();
                SourceFile { path: path.clone(), tokens, references }
            })
            .collect();
        Self { files }
    }

    /// Every import cycle: the strongly connected components of more than one file, each as
    /// its files in order, the longest first.
    ///
    /// A file's use of its own ancestors is no edge: a child names `super::Store` to add methods
    /// to it or `super::Error` to return it, while the parent declares the child and re-exports
    /// what it defines, so each module with its children would otherwise be one cycle, whatever
    /// the design. The parent's uses of its children and every use across subtrees are edges,
    /// so a loop between modules, through a parent's re-exports or not, is still found.
    pub fn cycles(&self) -> Vec<Vec<String>> {
        let modules: BTreeMap<Vec<String>, usize> = self
            .files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| module_of(&f.path).map(|m| (m, i)))
            .collect();
        let edges: Vec<BTreeSet<usize>> = self
            .files
            .iter()
            .enumerate()
            .map(|(i, file)| {
                file.references
                    .iter()
                    .filter_map(|path| defining_file(&modules, path))
                    .filter(|&to| to != i && !is_ancestor(&self.files[to].path, &file.path))
                    .collect()
            })
            .collect();
        let mut cycles: Vec<Vec<String>> = strongly_connected(&edges)
            .into_iter()
            .filter(|component| component.len() > 1)
            .map(|component| {
                let mut files: Vec<String> =
                    component.into_iter().map(|i| self.files[i].path.clone()).collect();
                files.sort();
                files
            })
            .collect();
        cycles.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        cycles
    }
}

/// Whether the module of the file `ancestor` contains that of the file `path`.
fn is_ancestor(ancestor: &str, path: &str) -> bool {
    match (module_of(ancestor), module_of(path)) {
        (Some(ancestor), Some(module)) => module.starts_with(&ancestor),
        _ => false,
    }
}

/// Every `.rs` file under `dir`, in name order.
fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file of the library defines: `src/a/b.rs` is `a::b`, `src/lib.rs` the root.
/// `None` for the binary's `src/main.rs`, whose `crate` is another crate.
pub fn module_of(path: &str) -> Option<Vec<String>> {
    let inner = path.strip_prefix("src/")?.strip_suffix(".rs")?;
    match inner {
        "lib" => Some(Vec::new()),
        "main" => None,
        _ => {
            let mut parts: Vec<String> = inner.split('/').map(str::to_owned).collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            Some(parts)
        }
    }
}

/// The file defining the longest leading part of `path` that is a file's module; `None` when
/// only the root is (a path to the crate root's own items, or outside the crate).
fn defining_file(modules: &BTreeMap<Vec<String>, usize>, path: &[String]) -> Option<usize> {
    (1..=path.len()).rev().find_map(|n| modules.get(&path[..n]).copied())
}

/// The crate paths the code of `module` (its tokens) names, from the crate root.
pub fn references(module: &[String], tokens: &[String]) -> BTreeSet<Vec<String>> {
    let children: BTreeSet<&str> =
        tokens.windows(3).filter(|w| w[0] == "mod" && w[2] == ";").map(|w| w[1].as_str()).collect();
    let mut out = BTreeSet::new();
    // Inline modules (`mod name { … }`) and the brace depth inside each.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let here = || -> Vec<String> {
            module.iter().cloned().chain(inline.iter().map(|m| m.0.clone())).collect()
        };
        // A child's name starts a path only at the file's own level.
        let top = inline.is_empty();
        match tokens[i].as_str() {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                inline.retain(|(_, inside)| *inside <= depth);
            }
            "mod" if tokens.get(i + 2).is_some_and(|t| t == "{") => {
                inline.push((tokens[i + 1].clone(), depth + 1));
            }
            "use" => {
                let mut paths = Vec::new();
                let end = use_tree(tokens, i + 1, Vec::new(), &mut paths);
                for path in paths {
                    out.extend(absolute(&path, &here(), top.then_some(&children)));
                }
                // Past the `;`: the tree's names are not paths of their own.
                i = (end..tokens.len()).find(|&k| tokens[k] == ";").unwrap_or(tokens.len());
                continue;
            }
            _ => {
                let starts = tokens.get(i + 1).is_some_and(|t| t == "::")
                    && (i == 0 || !matches!(tokens[i - 1].as_str(), "::" | "."));
                if starts {
                    let mut path = vec![tokens[i].clone()];
                    let mut k = i + 1;
                    while tokens.get(k).is_some_and(|t| t == "::")
                        && tokens.get(k + 1).is_some_and(|t| is_name(t))
                    {
                        path.push(tokens[k + 1].clone());
                        k += 2;
                    }
                    out.extend(absolute(&path, &here(), top.then_some(&children)));
                    i = k;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

fn is_name(token: &str) -> bool {
    token.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// Parses the use tree at `i` under `prefix` into `out`; returns where it ends.
fn use_tree(
    tokens: &[String],
    mut i: usize,
    mut path: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    loop {
        match tokens.get(i).map(String::as_str) {
            Some("::") => i += 1,
            Some("{") => {
                i += 1;
                while tokens.get(i).is_some_and(|t| t != "}") {
                    let before = i;
                    i = use_tree(tokens, i, path.clone(), out);
                    if tokens.get(i).is_some_and(|t| t == ",") {
                        i += 1;
                    } else if i == before {
                        // Not a use tree (a macro's fragment): nothing more to read in it.
                        break;
                    }
                }
                return i + 1;
            }
            Some("*") => {
                out.push(path);
                return i + 1;
            }
            // `as` and its new name.
            Some("as") => i += 2,
            // `{self, …}`: the prefix itself.
            Some("self") if !path.is_empty() => i += 1,
            Some(name) if is_name(name) => {
                path.push(name.to_owned());
                i += 1;
            }
            _ => {
                out.push(path);
                return i;
            }
        }
    }
}

/// `path` from the crate root, when it starts in the crate: `crate`, `self`, `super` or the name
/// of one of `children` (the file's child modules).
fn absolute(
    path: &[String],
    here: &[String],
    children: Option<&BTreeSet<&str>>,
) -> Option<Vec<String>> {
    let (first, rest) = path.split_first()?;
    let mut base = match first.as_str() {
        "crate" => Vec::new(),
        "self" | "super" => here.to_vec(),
        name if children.is_some_and(|c| c.contains(name)) => [here, &[name.to_owned()]].concat(),
        _ => return None,
    };
    let mut rest = rest;
    if first == "super" {
        base.pop()?;
        while rest.first().is_some_and(|name| name == "super") {
            base.pop()?;
            rest = &rest[1..];
        }
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The strongly connected components of the graph `edges` (Tarjan's algorithm).
fn strongly_connected(edges: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    struct Walk<'a> {
        edges: &'a [BTreeSet<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        components: Vec<Vec<usize>>,
    }
    impl Walk<'_> {
        fn visit(&mut self, v: usize) {
            self.index[v] = Some(self.next);
            self.low[v] = self.next;
            self.next += 1;
            self.stack.push(v);
            self.on_stack[v] = true;
            for &w in self.edges[v].iter() {
                match self.index[w] {
                    None => {
                        self.visit(w);
                        self.low[v] = self.low[v].min(self.low[w]);
                    }
                    Some(index) if self.on_stack[w] => self.low[v] = self.low[v].min(index),
                    Some(_) => {}
                }
            }
            if Some(self.low[v]) == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                self.components.push(component);
            }
        }
    }
    let n = edges.len();
    let mut walk = Walk {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        components: Vec::new(),
    };
    for v in 0..n {
        if walk.index[v].is_none() {
            walk.visit(v);
        }
    }
    walk.components
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(module: &str, source: &str) -> Vec<String> {
        let module: Vec<String> =
            module.split("::").filter(|m| !m.is_empty()).map(str::to_owned).collect();
        let (kept, _) = without_test_items(&tokens(source));
        references(&module, &kept).into_iter().map(|path| path.join("::")).collect()
    }

    #[test]
    fn uses_and_paths_are_read_from_the_crate_root() {
        let source = "mod child;\n\
            use std::fmt;\n\
            pub use crate::a::{self, b::{C, D as E}, f::*};\n\
            use super::sibling::G;\n\
            use child::H;\n\
            pub(super) fn f() { super::super::top::i(); self::j::K::new(); crate::l::m!(); \
            child::n(); fmt::Display; x.child::y; }\n";
        assert_eq!(
            names("p::q", source),
            [
                "a",
                "a::b::C",
                "a::b::D",
                "a::f",
                "l::m",
                "p::q::child::H",
                "p::q::child::n",
                "p::q::j::K::new",
                "p::sibling::G",
                "top::i",
            ]
        );
    }

    #[test]
    fn doc_text_and_test_code_name_nothing() {
        let source = "//! Must not use `crate::store`.\n/// See crate::ui::App.\n\
            const S: &str = \"crate::store::Store\";\n\
            #[cfg(test)]\nmod tests { use crate::store::Store; }\n";
        assert!(names("domain", source).is_empty());
    }

    #[test]
    fn cycles_are_found_among_files_and_test_files_are_left_out() {
        let sources: Vec<(String, String)> = [
            ("src/lib.rs", "pub mod a;\npub mod b;\npub mod c;\npub mod d;"),
            (
                "src/a.rs",
                "mod inner;\n#[cfg(test)]\nmod checks;\nuse crate::b::X;\nfn f() { inner::g(); }",
            ),
            ("src/a/inner.rs", "use super::W;\nuse crate::d::Y;"),
            ("src/a/inner/deep.rs", "use super::super::W;\nuse crate::c::V;"),
            ("src/a/checks.rs", "use crate::c::Z;"),
            ("src/b.rs", "use crate::a::W;"),
            ("src/c.rs", "fn f() { crate::a::inner::g(); }"),
            ("src/c/tests.rs", "use crate::c::Q;"),
            ("src/d.rs", "use super::d::Same;"),
        ]
        .iter()
        .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
        .collect();
        let krate = Crate::of(&sources);
        let paths: Vec<&str> = krate.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "src/lib.rs",
                "src/a.rs",
                "src/a/inner.rs",
                "src/a/inner/deep.rs",
                "src/b.rs",
                "src/c.rs",
                "src/d.rs"
            ]
        );
        // `a` and `b` use each other. `a` uses its child `inner`, which uses `a` back, but a
        // use of an ancestor is no edge; nor is a declared child.
        assert_eq!(krate.cycles(), [["src/a.rs", "src/b.rs"]]);
    }

    #[test]
    fn a_loop_through_three_files_is_one_component() {
        let edges =
            [BTreeSet::from([1]), BTreeSet::from([2]), BTreeSet::from([0, 3]), BTreeSet::new()];
        let mut components: Vec<Vec<usize>> = strongly_connected(&edges)
            .into_iter()
            .map(|mut c| {
                c.sort_unstable();
                c
            })
            .collect();
        components.sort();
        assert_eq!(components, [vec![0, 1, 2], vec![3]]);
    }
}
