//! Checks a catalogue fragment against the main catalogue without building okru.
//!
//! `cargo run -p okru-codegen --example check -- extra.toml [more.toml ...]` appends the
//! given files to the workspace's `methods.toml`, then parses, validates and generates, and
//! prints every problem found (or `ok` with the counts). Useful while drafting entries.

use std::{env, fs, path::Path, process};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../methods.toml");
    let mut text = fs::read_to_string(&root).unwrap_or_else(|e| {
        eprintln!("cannot read {}: {e}", root.display());
        process::exit(2)
    });
    for path in env::args().skip(1) {
        match fs::read_to_string(&path) {
            Ok(extra) => {
                text.push('\n');
                text.push_str(&extra);
            }
            Err(e) => {
                eprintln!("cannot read {path}: {e}");
                process::exit(2)
            }
        }
    }
    if let Err(problems) = okru_codegen::generate(&text) {
        eprintln!("{problems}");
        process::exit(1)
    }
    let catalogue = okru_codegen::catalogue::parse(&text).expect("parsed once already");
    let count = |groups: &std::collections::BTreeMap<String, std::collections::BTreeMap<_, _>>| {
        groups.values().map(|methods| methods.len()).sum::<usize>()
    };
    println!(
        "ok: {} OK methods, {} mail.ru methods",
        count(&catalogue.ok),
        count(&catalogue.mailru)
    );
}
