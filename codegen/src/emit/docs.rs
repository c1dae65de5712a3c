//! The rustdoc text of the generated methods, and the method table of each platform.

use crate::model::{Method, Platform, SessionRule, Ty};
use crate::names::{pascal_case, permission_feature, snake_case};

/// The table of every method of a platform, used as the docs of its `methods` module.
pub(super) fn method_table(platform: &Platform) -> String {
    let key = platform.name.key();
    let mut doc = String::from(
        "Request builders, one module per method group, generated from `methods.toml`.\n\n\
         | method | Rust | session | permissions | response |\n|---|---|---|---|---|\n",
    );
    for group in &platform.groups {
        for method in &group.methods {
            let permissions = if method.permissions.is_empty() {
                "none".to_owned()
            } else {
                method
                    .permissions
                    .iter()
                    .map(|p| format!("`{p}` (`{}`)", permission_feature(key, p)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let response = if method.undocumented_response {
                "undocumented (`Value`)".to_owned()
            } else {
                format!("`{}`", type_text(&method.returns))
            };
            doc.push_str(&format!(
                "| `{}` | [`{}::{}`](methods::{}::{}) | {} | {} | {} |\n",
                method.api_name,
                snake_case(&group.api_name),
                snake_case(&method.short_name),
                snake_case(&group.api_name),
                pascal_case(&method.short_name),
                method.session.as_str(),
                permissions,
                response,
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
    if method.undocumented_response {
        doc.push_str(
            "- **Response:** not documented by the platform, so it is returned as \
             `serde_json::Value`.\n",
        );
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
