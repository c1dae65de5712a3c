//! The catalogue model: what `methods.toml` may contain, parsed with serde.
//!
//! Validation that serde cannot express (known permissions, known types, naming rules) lives in
//! [`crate::validate`]; this module only describes the shape of the file.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The whole catalogue file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Per-platform settings: the permission names each platform knows.
    #[serde(default)]
    pub platform: BTreeMap<String, PlatformDef>,
    /// OK methods: group name -> method name -> definition.
    #[serde(default)]
    pub ok: BTreeMap<String, BTreeMap<String, MethodDef>>,
    /// Mail.ru methods: group name -> method name -> definition.
    #[serde(default)]
    pub mailru: BTreeMap<String, BTreeMap<String, MethodDef>>,
    /// Response models: platform -> type name -> definition.
    #[serde(default)]
    pub types: BTreeMap<String, BTreeMap<String, TypeDef>>,
    /// Open enumerations: platform -> enum name -> definition.
    #[serde(default)]
    pub enums: BTreeMap<String, BTreeMap<String, EnumDef>>,
}

/// Settings of one platform.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformDef {
    /// Every permission name a method of this platform may list.
    pub permissions: Vec<String>,
}

/// One API method.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodDef {
    /// What the method does, in one or two sentences.
    pub description: Option<String>,
    /// `required`, `optional` or `prohibited` (kept as text so that a bad value gets our message).
    pub session: Option<String>,
    /// Permission names the application must have been granted.
    pub permissions: Option<Vec<String>>,
    /// The response type expression, e.g. `[User]`, `string`, `json`.
    pub returns: Option<String>,
    /// Where the shape of the answer comes from: `official` (an example, table or type on the
    /// platform's own pages or notes), `official-prose` (the platform's words only),
    /// `client-code` (what a public client library decodes) or `none` (no source: `json`).
    pub response_source: Option<String>,
    /// Where exactly the shape is documented, or, with `response_source = "none"`, why the
    /// answer is left as JSON.
    pub response_note: Option<String>,
    /// With a list answer: the key under which some sources wrap the list
    /// (`{"users": [...]}` instead of `[...]`); both forms decode.
    pub answer_key: Option<String>,
    /// Permissions that are documented for the method but do not gate it: they only add
    /// fields or options. They are shown in the docs, never required by the compiler.
    #[serde(default)]
    pub optional_permissions: Vec<OptionalPermissionDef>,
    /// The official page the session rule and permissions follow, where they differ from the
    /// list of aiookru (the seed catalogue).
    pub rule_source: Option<String>,
    /// Whether sending the call twice does no harm; when absent, read from the name (see
    /// [`crate::names::reads_by_name`]).
    pub idempotent: Option<bool>,
    /// How the answers continue when they come in pages.
    pub paging: Option<PagingDef>,
    /// The documented maximum of an id list parameter.
    pub chunk: Option<ChunkDef>,
    /// Parameters in the order the builder takes them.
    #[serde(default)]
    pub params: Vec<FieldDef>,
}

/// How a paged method continues: `cursor` (a parameter the answer hands back, in the answer
/// field `next`, default the same name, or the `next_item` field of the last item) or
/// `offset` (a parameter counting the items already seen).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagingDef {
    /// The parameter that carries the cursor.
    pub cursor: Option<String>,
    /// The parameter that carries the offset.
    pub offset: Option<String>,
    /// The answer field holding the next cursor (default: the cursor parameter's name).
    pub next: Option<String>,
    /// The field of the last item that is the next cursor (mail.ru's `skip`: the event id).
    pub next_item: Option<String>,
    /// The answer field holding the items (default: the answer itself when it is a list,
    /// else its only list field).
    pub items: Option<String>,
    /// The answer field saying whether more pages follow (default `has_more`, when present).
    pub more: Option<String>,
}

/// An id list with a documented maximum per request.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChunkDef {
    /// The list parameter.
    pub param: String,
    /// The most ids one request may carry.
    pub max: usize,
}

/// A method parameter or a model field.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// The name on the wire.
    pub name: String,
    /// Type expression.
    #[serde(rename = "type")]
    pub ty: String,
    /// Required parameters are positional arguments; required fields are not `Option`.
    #[serde(default)]
    pub required: bool,
    /// What it means.
    pub description: Option<String>,
    /// Rust name, where the derived snake_case name is not good (for example a keyword).
    pub rust_name: Option<String>,
    /// Model fields only: other wire names of the same field (`hasMore` for `has_more`),
    /// where sources disagree on the spelling.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A permission that adds to a method's answer or options without gating the method.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionalPermissionDef {
    /// The platform's name of the permission.
    pub name: String,
    /// What it adds, or when the platform asks for it (`to post in a group with gid`).
    pub when: String,
}

/// A response model.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    /// What the object represents.
    pub description: Option<String>,
    /// Its fields, in documentation order.
    pub fields: Vec<FieldDef>,
}

/// Parses the text of a catalogue file; the error names the line.
pub fn parse(text: &str) -> Result<Catalogue, String> {
    toml::from_str(text).map_err(|e| format!("methods.toml is not a valid catalogue: {e}"))
}

/// An open enumeration: documented string values; unknown values are still accepted.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumDef {
    /// What the values choose between.
    pub description: Option<String>,
    /// The documented values, in documentation order.
    pub values: Vec<EnumValueDef>,
}

/// One documented value of an enumeration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueDef {
    /// The value on the wire, such as `FORWARD`.
    pub name: String,
    /// What it means.
    pub description: Option<String>,
    /// Rust variant name, where the derived UpperCamelCase name is not good.
    pub rust_name: Option<String>,
}
