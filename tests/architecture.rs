//! The import graph of `src/` has no circle, and no module reaches up to a higher layer.
//!
//! The layers, lowest first, are written below and explained in ARCHITECTURE.md. A module
//! may name (`crate::…`, `super::…`) modules of its own layer and of lower layers only; the
//! two platform modules, on the top layer, never name each other. A parent module naming
//! its own children is containment, not an import, so only the other edges can close a
//! circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first. Each entry lists the top-level modules of one layer.
const LAYERS: &[&[&str]] = &[
    &["platform"],
    &["error"],
    &["wire"],
    &["signing"],
    &["http"],
    &["session"],
    &["client"],
    &["oauth", "callbacks"],
    &["ok", "mailru"],
];

/// Top-level modules of one layer that must not name each other.
const SIBLINGS_APART: &[(&str, &str)] = &[("ok", "mailru")];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// A source file and the module path it defines (`src/ok/oauth/mod.rs` is `ok::oauth`).
struct SourceFile {
    module: Vec<String>,
    text: String,
}

fn source_files(dir: &Path, out: &mut Vec<(PathBuf, SourceFile)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(src_dir()).unwrap();
            let mut module: Vec<String> = relative
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path, SourceFile { module, text }));
        }
    }
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every path a line of code names with `crate::`, `$crate::` or `super::`, as segments
/// from the crate root. Comments (and so doc links) are not imports, and unit tests (from a
/// file's `#[cfg(test)]` on, where they live by convention) are not part of the layers:
/// they may use a platform to exercise a lower layer.
fn named_paths(file: &SourceFile) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for line in file
        .text
        .lines()
        .take_while(|line| line.trim() != "#[cfg(test)]")
    {
        let code = line.split("//").next().unwrap_or("");
        for (start, _) in code
            .match_indices("crate::")
            .chain(code.match_indices("super::"))
        {
            let is_super = code[start..].starts_with("super::");
            // `super::` inside `crate::…::super` does not occur; skip `$crate` prefix handling
            // by treating both spellings of the crate root alike.
            if !is_super && start > 0 && code.as_bytes()[start - 1].is_ascii_alphanumeric() {
                continue;
            }
            if is_super && start > 0 && code[..start].ends_with("::") {
                continue;
            }
            let mut rest = &code[start..];
            let mut base: Vec<String> = if is_super {
                let mut base = file.module.clone();
                while let Some(tail) = rest.strip_prefix("super::") {
                    base.pop();
                    rest = tail;
                }
                base
            } else {
                rest = &rest["crate::".len()..];
                Vec::new()
            };
            let segments = rest
                .split("::")
                .map(|s| {
                    s.chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect::<String>()
                })
                .take_while(|s| !s.is_empty());
            base.extend(segments);
            paths.push(base);
        }
        // `use` groups: `use crate::{a, b::c}` names each member.
        if let Some(group) = code.trim_start().strip_prefix("use crate::{") {
            for member in group.split(',') {
                let name: String = member
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    paths.push(vec![name]);
                }
            }
        }
    }
    paths
}

/// The longest prefix of `path` that is a module with a file.
fn resolve(path: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| modules.contains(prefix))
}

fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mut files = Vec::new();
    source_files(&src_dir(), &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(_, f)| f.module.clone()).collect();
    let mut edges = BTreeMap::new();
    for (_, file) in &files {
        let targets: BTreeSet<Vec<String>> = named_paths(file)
            .iter()
            .filter_map(|path| resolve(path, &modules))
            .filter(|target| *target != file.module)
            .collect();
        edges.insert(file.module.clone(), targets);
    }
    edges
}

#[test]
fn no_module_names_a_higher_layer() {
    let mut wrong = Vec::new();
    for (from, targets) in graph() {
        let Some(top) = from.first() else { continue };
        let from_layer = layer_of(top).unwrap_or_else(|| {
            panic!("`{top}` is in no layer: add it to LAYERS and ARCHITECTURE.md")
        });
        for target in targets {
            let Some(target_top) = target.first() else {
                continue;
            };
            let target_layer = layer_of(target_top).unwrap_or(usize::MAX);
            let apart = SIBLINGS_APART
                .iter()
                .any(|&(a, b)| (top == a && target_top == b) || (top == b && target_top == a));
            if target_layer > from_layer || apart {
                wrong.push(format!("{} -> {}", from.join("::"), target.join("::")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layer order:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_import_graph_has_no_circle() {
    let edges = graph();
    // A parent naming its own descendants is containment, not a dependency.
    let depends = |from: &Vec<String>, to: &Vec<String>| !to.starts_with(from);
    let mut state: BTreeMap<&Vec<String>, u8> = BTreeMap::new();
    fn visit<'a>(
        node: &'a Vec<String>,
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        depends: &dyn Fn(&Vec<String>, &Vec<String>) -> bool,
        state: &mut BTreeMap<&'a Vec<String>, u8>,
        stack: &mut Vec<&'a Vec<String>>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(1) => {
                let start = stack.iter().position(|n| *n == node).unwrap();
                let mut circle: Vec<String> = stack[start..].iter().map(|n| n.join("::")).collect();
                circle.push(node.join("::"));
                return Some(circle);
            }
            Some(2) => return None,
            _ => {}
        }
        state.insert(node, 1);
        stack.push(node);
        for target in edges.get(node).into_iter().flatten() {
            if depends(node, target) && edges.contains_key(target) {
                let (target, _) = edges.get_key_value(target).unwrap();
                if let Some(circle) = visit(target, edges, depends, state, stack) {
                    return Some(circle);
                }
            }
        }
        stack.pop();
        state.insert(node, 2);
        None
    }
    for node in edges.keys() {
        let mut stack = Vec::new();
        if let Some(circle) = visit(node, &edges, &depends, &mut state, &mut stack) {
            panic!("import circle: {}", circle.join(" -> "));
        }
    }
}

#[test]
fn the_checker_sees_what_it_should() {
    // A guard against a checker that reads nothing: the platform modules name lower layers.
    let edges = graph();
    let ok = edges
        .get(&vec!["ok".to_owned()])
        .expect("src/ok/mod.rs is read");
    assert!(!ok.is_empty());
    let dialect = edges
        .get(&vec!["ok".to_owned(), "dialect".to_owned()])
        .expect("src/ok/dialect.rs is read");
    assert!(dialect.contains(&vec!["http".to_owned()]));
    assert!(dialect.contains(&vec!["error".to_owned()]));
}
