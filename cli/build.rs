//! Reads the workspace's `methods.toml` through `okru-codegen` (the same parser and validation
//! the SDK is generated with) and writes the table `okru methods` prints.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs, process};

use okru_codegen::{catalogue, validate};

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let path = manifest.join("../methods.toml");
    println!("cargo::rerun-if-changed={}", path.display());
    let text = fs::read_to_string(&path)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())));
    let catalogue = catalogue::parse(&text).unwrap_or_else(|e| fail(&e));
    let platforms =
        validate::validate(&catalogue).unwrap_or_else(|errors| fail(&errors.join("\n")));

    let mut out = String::from("&[\n");
    for platform in &platforms {
        for group in &platform.groups {
            for method in &group.methods {
                let params: Vec<String> = method
                    .params
                    .iter()
                    .map(|p| format!("({:?}, {})", p.api_name, p.required))
                    .collect();
                writeln!(
                    out,
                    "    MethodInfo {{ platform: {:?}, name: {:?}, session: {:?}, permissions: &{:?}, params: &[{}], description: {:?} }},",
                    platform.name.key(),
                    method.api_name,
                    method.session.as_str(),
                    method.permissions,
                    params.join(", "),
                    method.description,
                )
                .expect("writing to a String cannot fail");
            }
        }
    }
    out.push(']');
    let file = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo")).join("catalogue.rs");
    if fs::read_to_string(&file).is_ok_and(|old| old == out) {
        return;
    }
    fs::write(&file, out)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", file.display())));
}

fn fail(message: &str) -> ! {
    for line in message.lines() {
        println!("cargo::error={line}");
    }
    process::exit(1)
}
