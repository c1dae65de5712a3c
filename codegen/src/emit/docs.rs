//! The rustdoc text of the generated methods, and the method table of each platform.

use crate::model::{Method, Platform, SessionRule, Ty};
use crate::names::{pascal_case, permission_feature, snake_case};

/// The table of every method of a platform, used as the docs of its `methods` module.
pub(super) fn method_table(platform: &Platform) -> String {
    let key = platform.name.key();
    let mut doc = String::from(
        "Request builders, one module per method group, generated from `methods.toml`.\n\n\
         Permissions marked *optional* are documented for the method but do not gate it \
         (they add fields or options). The source says where the answer's shape comes \
         from: `official` (an example or type published by the platform), `official-prose` \
         (the platform's description), `client-code` (a public client library) or `none` \
         (returned as `serde_json::Value`).\n\n\
         | method | Rust | session | permissions | answer | source |\n|---|---|---|---|---|---|\n",
    );
    for group in &platform.groups {
        for method in &group.methods {
            let gating = method
                .permissions
                .iter()
                .map(|p| format!("`{p}` (`{}`)", permission_feature(key, p)));
            let optional = method
                .optional_permissions
                .iter()
                .map(|p| format!("*optional* `{}`", p.name));
            let permissions: Vec<String> = gating.chain(optional).collect();
            let permissions = if permissions.is_empty() {
                "none".to_owned()
            } else {
                permissions.join(", ")
            };
            let response = if method.undocumented_response() {
                "`Value`".to_owned()
            } else {
                format!("`{}`", type_text(&method.returns))
            };
            doc.push_str(&format!(
                "| `{}` | [`{}::{}`](methods::{}::{}) | {} | {} | {} | {} |\n",
                method.api_name,
                snake_case(&group.api_name),
                snake_case(&method.short_name),
                snake_case(&group.api_name),
                pascal_case(&method.short_name),
                method.session.as_str(),
                permissions,
                response,
                method.response_source.as_str(),
            ));
        }
    }
    doc
}

/// A type as the catalogue writes it, for the method table.
fn type_text(ty: &Ty) -> String {
    match ty {
        Ty::Str => "string".into(),
        Ty::Int => "int".into(),
        Ty::Float => "float".into(),
        Ty::Bool => "bool".into(),
        Ty::Flag => "flag".into(),
        Ty::Json => "json".into(),
        Ty::Id(name) | Ty::Model(name) | Ty::Enum(name) => name.clone(),
        Ty::List(inner) => format!("[{}]", type_text(inner)),
        Ty::Map(inner) => format!("{{{}}}", type_text(inner)),
        Ty::Listed(inner) => format!("[{}]", type_text(inner)),
        Ty::Either(id, object) => format!("{}|{}", type_text(id), type_text(object)),
    }
}

/// Documentation shared by a method's constructor and its builder.
pub(super) fn method_doc(platform: &Platform, method: &Method) -> String {
    let key = platform.name.key();
    let mut doc = format!("`{}`: {}\n\n", method.api_name, method.description);
    let session = match method.session {
        SessionRule::Required => "required: call it with a user session.",
        SessionRule::Optional => "optional: works with a user session and application-only.",
        SessionRule::Prohibited => "prohibited: call it with the application-only session.",
    };
    doc.push_str(&format!("- **Session:** {session}\n"));
    if method.permissions.is_empty() {
        doc.push_str("- **Permissions:** none.\n");
    } else {
        let list: Vec<String> = method
            .permissions
            .iter()
            .map(|p| format!("`{p}` (feature `{}`)", permission_feature(key, p)))
            .collect();
        doc.push_str(&format!("- **Permissions:** {}.\n", list.join(", ")));
    }
    if !method.optional_permissions.is_empty() {
        let list: Vec<String> = method
            .optional_permissions
            .iter()
            .map(|p| {
                format!(
                    "`{}` (feature `{}`) {}",
                    p.name,
                    permission_feature(key, &p.name),
                    p.when
                )
            })
            .collect();
        doc.push_str(&format!(
            "- **Optional permissions** (documented, not required to compile): {}.\n",
            list.join("; ")
        ));
    }
    if let Some(source) = &method.rule_source {
        doc.push_str(&format!("- **Rules from:** {source}.\n"));
    }
    if method.undocumented_response() {
        doc.push_str(&format!(
            "- **Answer:** `serde_json::Value`; no source documents its shape ({}).\n",
            method.response_note
        ));
    } else {
        let wrapped = method
            .answer_key
            .as_ref()
            .map(|key| format!(" (bare, or wrapped as `{{\"{key}\": [...]}}`)"))
            .unwrap_or_default();
        doc.push_str(&format!(
            "- **Answer:** `{}`{wrapped}, shape from {}: {}.\n",
            type_text(&method.returns),
            method.response_source.describe(),
            method.response_note
        ));
    }
    if let Some(paging) = &method.paging {
        let how = match &paging.by {
            crate::model::PagingBy::Cursor { param, .. } => format!("the cursor `{param}`"),
            crate::model::PagingBy::Offset { param } => format!("the offset `{param}`"),
        };
        doc.push_str(&format!(
            "- **Pages:** `.pages()` streams the typed pages and `.items()` their items, \
             following {how}.\n"
        ));
    }
    if let Some(chunk) = &method.chunk {
        doc.push_str(&format!(
            "- **Id list:** at most {} `{}` per request (documented); a longer list is split \
             into requests of at most {}, sent a few at a time, and the answers are joined in \
             the order given.\n",
            chunk.max, chunk.api_name, chunk.max
        ));
    }
    if !method.params.is_empty() {
        doc.push_str("\n# Parameters\n\n");
        for param in &method.params {
            let kind = if param.required {
                format!("required, argument `{}`", param.rust_name)
            } else {
                format!("optional, setter `.{}()`", param.rust_name)
            };
            doc.push_str(&format!(
                "- `{}` ({kind}): {}\n",
                param.api_name,
                if param.description.is_empty() {
                    "no description in the sources."
                } else {
                    &param.description
                }
            ));
        }
    }
    doc
}
