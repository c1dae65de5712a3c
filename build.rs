//! Generates the typed API from `methods.toml` into `OUT_DIR` (see the `okru-codegen` crate).

use std::{env, fs, path::PathBuf, process};

fn main() {
    println!("cargo::rerun-if-changed=methods.toml");
    let text = match fs::read_to_string("methods.toml") {
        Ok(text) => text,
        Err(e) => fail(&format!("cannot read methods.toml: {e}")),
    };
    let generated = okru_codegen::generate(&text).unwrap_or_else(|e| fail(&e));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts"));
    for (file, source) in [("ok.rs", &generated.ok), ("mailru.rs", &generated.mailru)] {
        if let Err(e) = write_if_changed(&out.join(file), source) {
            fail(&format!("cannot write {file}: {e}"));
        }
    }
}

/// Leaves an unchanged file alone so that its modification time does not trigger rebuilds.
fn write_if_changed(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    fs::write(path, contents)
}

fn fail(message: &str) -> ! {
    for line in message.lines() {
        println!("cargo::error={line}");
    }
    process::exit(1)
}
