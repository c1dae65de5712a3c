//! The okru code generator: reads the method catalogue (`methods.toml`), validates it and
//! generates the typed API of each platform.
//!
//! The okru build script calls [`generate`]; the stages are public so that tests can check
//! each one: [`catalogue::parse`] (TOML to the raw model), [`validate::validate`] (rules and
//! name resolution, every problem reported with the method and field it concerns) and
//! [`emit::emit_platform`] (quote + prettyplease).

pub mod catalogue;
pub mod emit;
pub mod model;
pub mod names;
pub mod paging;
pub mod validate;

use model::PlatformName;

/// The generated source of both platforms.
#[derive(Debug)]
pub struct Generated {
    /// Source of `okru::ok::generated`.
    pub ok: String,
    /// Source of `okru::mailru::generated`.
    pub mailru: String,
}

/// Parses, validates and generates; the error lists every problem found, one per line.
pub fn generate(catalogue_text: &str) -> Result<Generated, String> {
    let catalogue = catalogue::parse(catalogue_text)?;
    let platforms = validate::validate(&catalogue).map_err(|errors| {
        format!(
            "methods.toml has {} problem(s):\n  - {}",
            errors.len(),
            errors.join("\n  - ")
        )
    })?;
    let source_of = |name: PlatformName| {
        platforms
            .iter()
            .find(|p| p.name == name)
            .map(emit::emit_platform)
            .unwrap_or_default()
    };
    Ok(Generated {
        ok: source_of(PlatformName::Ok),
        mailru: source_of(PlatformName::MailRu),
    })
}
