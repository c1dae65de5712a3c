//! Checks a parsed catalogue and resolves it into the [`crate::model`] the emitter uses.
//!
//! Every problem is reported, not just the first, and each message names the method (or
//! model) and the field, so that a typo in `methods.toml` is quick to find.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalogue::{Catalogue, EnumDef, FieldDef, MethodDef, TypeDef};
use crate::model::{
    Enum, EnumValue, Field, Group, Method, Model, OptionalPermission, Platform, PlatformName,
    ResponseSource, SessionRule, Ty, TypeNames,
};
use crate::names::{pascal_case, snake_case};

/// Validates the whole catalogue; `Err` holds one line per problem.
pub fn validate(catalogue: &Catalogue) -> Result<Vec<Platform>, Vec<String>> {
    let mut errors = Vec::new();
    for key in catalogue
        .platform
        .keys()
        .chain(catalogue.types.keys())
        .chain(catalogue.enums.keys())
    {
        if key != "ok" && key != "mailru" {
            errors.push(format!(
                "unknown platform `{key}` (expected `ok` or `mailru`)"
            ));
        }
    }
    let platforms = [
        (PlatformName::Ok, &catalogue.ok),
        (PlatformName::MailRu, &catalogue.mailru),
    ]
    .into_iter()
    .map(|(name, groups)| validate_platform(catalogue, name, groups, &mut errors))
    .collect();
    if errors.is_empty() {
        Ok(platforms)
    } else {
        Err(errors)
    }
}

fn validate_platform(
    catalogue: &Catalogue,
    name: PlatformName,
    groups: &BTreeMap<String, BTreeMap<String, MethodDef>>,
    errors: &mut Vec<String>,
) -> Platform {
    let key = name.key();
    let permissions = catalogue
        .platform
        .get(key)
        .map(|p| p.permissions.clone())
        .unwrap_or_default();
    if !groups.is_empty() && !catalogue.platform.contains_key(key) {
        errors.push(format!(
            "[platform.{key}] with its `permissions` list is missing"
        ));
    }
    let no_models = BTreeMap::new();
    let no_enums = BTreeMap::new();
    let type_defs = catalogue.types.get(key).unwrap_or(&no_models);
    let enum_defs = catalogue.enums.get(key).unwrap_or(&no_enums);
    let names = TypeNames {
        models: type_defs.keys().map(String::as_str).collect(),
        enums: enum_defs.keys().map(String::as_str).collect(),
    };
    for name in &names.enums {
        if names.models.contains(name) {
            errors.push(format!(
                "enums.{key}.{name}: `{name}` is also the name of a model (types.{key}.{name})"
            ));
        }
    }

    let catalogue_groups = groups;
    let models: Vec<Model> = type_defs
        .iter()
        .map(|(type_name, def)| validate_model(key, type_name, def, &names, errors))
        .collect();
    let enums = enum_defs
        .iter()
        .map(|(enum_name, def)| validate_enum(key, enum_name, def, errors))
        .collect();

    let mut rust_group_names = BTreeMap::new();
    let groups = catalogue_groups
        .iter()
        .map(|(group_name, methods)| {
            check_unique(
                &mut rust_group_names,
                snake_case(group_name),
                format!("{key}.{group_name}"),
                errors,
            );
            let mut rust_method_names = BTreeMap::new();
            let methods = methods
                .iter()
                .map(|(method_name, def)| {
                    let api_name = format!("{group_name}.{method_name}");
                    check_unique(
                        &mut rust_method_names,
                        snake_case(method_name),
                        format!("{key}.{api_name}"),
                        errors,
                    );
                    validate_method(
                        key,
                        api_name,
                        method_name,
                        def,
                        &permissions,
                        &names,
                        errors,
                    )
                })
                .collect();
            Group {
                api_name: group_name.clone(),
                methods,
            }
        })
        .collect();

    let mut groups: Vec<Group> = groups;
    for group in &mut groups {
        let defs = &catalogue_groups[&group.api_name];
        for method in &mut group.methods {
            let def = &defs[&method.short_name];
            let at = format!("{key}.{}", method.api_name);
            method.paging = def.paging.as_ref().and_then(|paging| {
                crate::paging::resolve_paging(&at, paging, method, &models, errors)
            });
            method.chunk = def
                .chunk
                .as_ref()
                .and_then(|chunk| crate::paging::resolve_chunk(&at, chunk, method, errors));
        }
    }

    Platform {
        name,
        permissions,
        groups,
        models,
        enums,
    }
}

/// Two API names that map to one Rust name would make the generated code not compile; say
/// which two instead.
fn check_unique(
    seen: &mut BTreeMap<String, String>,
    rust: String,
    api: String,
    errors: &mut Vec<String>,
) {
    if let Some(previous) = seen.insert(rust.clone(), api.clone()) {
        errors.push(format!(
            "{api}: its Rust name `{rust}` is also the name of {previous}"
        ));
    }
}

fn validate_method(
    key: &str,
    api_name: String,
    short_name: &str,
    def: &MethodDef,
    known_permissions: &[String],
    names: &TypeNames<'_>,
    errors: &mut Vec<String>,
) -> Method {
    let at = format!("{key}.{api_name}");
    let session = match def.session.as_deref() {
        Some("required") => SessionRule::Required,
        Some("optional") => SessionRule::Optional,
        Some("prohibited") => SessionRule::Prohibited,
        Some(other) => {
            errors.push(format!(
                "{at}: field `session` is `{other}`; expected `required`, `optional` or `prohibited`"
            ));
            SessionRule::Optional
        }
        None => {
            errors.push(format!(
                "{at}: field `session` is missing (`required`, `optional` or `prohibited`)"
            ));
            SessionRule::Optional
        }
    };
    let permissions = match &def.permissions {
        Some(list) => {
            for permission in list {
                if !known_permissions.contains(permission) {
                    errors.push(format!(
                        "{at}: field `permissions` names `{permission}`, which is not a {key} \
                         permission (known: {})",
                        known_permissions.join(", ")
                    ));
                }
            }
            list.clone()
        }
        None => {
            errors.push(format!(
                "{at}: field `permissions` is missing (write `[]` for none)"
            ));
            Vec::new()
        }
    };
    let description = def.description.clone().unwrap_or_else(|| {
        errors.push(format!("{at}: field `description` is missing"));
        String::new()
    });
    let returns = match def.returns.as_deref() {
        Some(text) => Ty::parse(text, names).unwrap_or_else(|e| {
            errors.push(format!("{at}: field `returns`: {e}"));
            Ty::Json
        }),
        None => {
            errors.push(format!("{at}: field `returns` is missing"));
            Ty::Json
        }
    };
    let response_source = match def.response_source.as_deref() {
        Some(text) => ResponseSource::parse(text).unwrap_or_else(|| {
            errors.push(format!(
                "{at}: field `response_source` is `{text}`; expected `official`, \
                 `official-prose`, `client-code` or `none`"
            ));
            ResponseSource::None
        }),
        None => {
            errors.push(format!(
                "{at}: field `response_source` is missing (`official`, `official-prose`, \
                 `client-code`, or `none` with `returns = \"json\"`)"
            ));
            ResponseSource::None
        }
    };
    let undocumented = response_source == ResponseSource::None;
    if undocumented && returns != Ty::Json {
        errors.push(format!(
            "{at}: `response_source` is `none`, but `returns` is not `json`"
        ));
    }
    if returns == Ty::Json && !undocumented {
        errors.push(format!(
            "{at}: field `returns` is `json` although `response_source` names a source; type \
             the answer, or set `response_source = \"none\"` with the reason"
        ));
    }
    let response_note = match def.response_note.as_deref().map(str::trim) {
        Some(note) if !note.is_empty() => note.to_owned(),
        _ => {
            errors.push(format!(
                "{at}: field `response_note` is missing (where the answer's shape is \
                 documented, or why it is not)"
            ));
            String::new()
        }
    };
    let returns = match (&def.answer_key, returns) {
        (None, returns) => returns,
        (Some(_), Ty::List(item)) => Ty::Listed(item),
        (Some(key), returns) => {
            errors.push(format!(
                "{at}: field `answer_key` (`{key}`) needs a list answer, `returns = \"[T]\"`"
            ));
            returns
        }
    };
    let mut optional_permissions = Vec::new();
    for optional in &def.optional_permissions {
        if !known_permissions.contains(&optional.name) {
            errors.push(format!(
                "{at}: `optional_permissions` names `{}`, which is not a {key} permission",
                optional.name
            ));
        }
        if permissions.contains(&optional.name) {
            errors.push(format!(
                "{at}: `{}` is both in `permissions` and in `optional_permissions`",
                optional.name
            ));
        }
        if optional.when.trim().is_empty() {
            errors.push(format!(
                "{at}: optional permission `{}` needs `when` (what it adds)",
                optional.name
            ));
        }
        optional_permissions.push(OptionalPermission {
            name: optional.name.clone(),
            when: optional.when.trim().to_owned(),
        });
    }
    let rule_source = def.rule_source.as_deref().map(str::trim).map(|source| {
        if source.is_empty() {
            errors.push(format!("{at}: field `rule_source` is empty"));
        }
        source.to_owned()
    });
    let params = validate_fields(&at, "params", &def.params, names, errors);
    for param in &params {
        if !param.aliases.is_empty() {
            errors.push(format!(
                "{at}: parameter `{}` has `aliases`, which only model fields may have",
                param.api_name
            ));
        }
        if !param.ty.is_param_type() {
            errors.push(format!(
                "{at}: parameter `{}` has a type that cannot be sent as a parameter",
                param.api_name
            ));
        }
    }
    let idempotent = def
        .idempotent
        .unwrap_or_else(|| crate::names::reads_by_name(short_name));
    Method {
        paging: None,
        chunk: None,
        idempotent,
        api_name,
        short_name: short_name.to_owned(),
        description,
        session,
        permissions,
        returns,
        response_source,
        response_note,
        answer_key: def.answer_key.clone(),
        optional_permissions,
        rule_source,
        params,
    }
}

fn validate_model(
    key: &str,
    name: &str,
    def: &TypeDef,
    names: &TypeNames<'_>,
    errors: &mut Vec<String>,
) -> Model {
    let at = format!("types.{key}.{name}");
    check_type_name(&at, name, errors);
    Model {
        name: name.to_owned(),
        description: def.description.clone().unwrap_or_else(|| {
            errors.push(format!("{at}: field `description` is missing"));
            String::new()
        }),
        fields: validate_fields(&at, "fields", &def.fields, names, errors),
    }
}

fn check_type_name(at: &str, name: &str, errors: &mut Vec<String>) {
    if !is_upper_camel_case(name) {
        errors.push(format!("{at}: a type name must be UpperCamelCase"));
    }
}

fn is_upper_camel_case(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The variant every open enumeration adds for values the documentation does not list.
const UNRECOGNIZED: &str = "Unrecognized";

fn validate_enum(key: &str, name: &str, def: &EnumDef, errors: &mut Vec<String>) -> Enum {
    let at = format!("enums.{key}.{name}");
    check_type_name(&at, name, errors);
    if def.values.is_empty() {
        errors.push(format!("{at}: `values` is empty"));
    }
    let mut wires = BTreeSet::new();
    let mut rust_names = BTreeMap::new();
    let values = def
        .values
        .iter()
        .map(|value| {
            if !wires.insert(value.name.as_str()) {
                errors.push(format!("{at}: `values` has `{}` twice", value.name));
            }
            let rust_name = value
                .rust_name
                .clone()
                .unwrap_or_else(|| pascal_case(&value.name));
            if !is_upper_camel_case(&rust_name) || rust_name == UNRECOGNIZED {
                errors.push(format!(
                    "{at}: value `{}` gives the variant name `{rust_name}`, which is not a \
                     usable UpperCamelCase name (`{UNRECOGNIZED}` is reserved); set `rust_name`",
                    value.name
                ));
            }
            check_unique(
                &mut rust_names,
                rust_name.clone(),
                format!("{at}: value `{}`", value.name),
                errors,
            );
            EnumValue {
                wire: value.name.clone(),
                rust_name,
                description: value.description.clone().unwrap_or_default(),
            }
        })
        .collect();
    Enum {
        name: name.to_owned(),
        description: def.description.clone().unwrap_or_else(|| {
            errors.push(format!("{at}: field `description` is missing"));
            String::new()
        }),
        values,
    }
}

fn validate_fields(
    at: &str,
    list: &str,
    defs: &[FieldDef],
    names: &TypeNames<'_>,
    errors: &mut Vec<String>,
) -> Vec<Field> {
    let mut api_names = BTreeSet::new();
    let mut rust_names = BTreeMap::new();
    defs.iter()
        .map(|def| {
            for name in std::iter::once(&def.name).chain(&def.aliases) {
                if !api_names.insert(name.as_str()) {
                    errors.push(format!("{at}: `{list}` has `{name}` twice"));
                }
            }
            let rust_name = def
                .rust_name
                .clone()
                .unwrap_or_else(|| snake_case(&def.name));
            check_unique(
                &mut rust_names,
                rust_name.clone(),
                format!("{at}: `{list}.{}`", def.name),
                errors,
            );
            let ty = Ty::parse(&def.ty, names).unwrap_or_else(|e| {
                errors.push(format!("{at}: `{list}.{}`: {e}", def.name));
                Ty::Json
            });
            Field {
                api_name: def.name.clone(),
                rust_name,
                ty,
                required: def.required,
                description: def.description.clone().unwrap_or_default(),
                aliases: def.aliases.clone(),
            }
        })
        .collect()
}
