//! Turning API names (`getCurrentUser`, `photosV2`, `graph.user`) into Rust names.

/// Rust keywords that cannot be used as field or method names without `r#`.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use",
    "where", "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv",
    "try", "typeof", "unsized", "virtual", "yield", "gen",
];

/// `getCurrentUser` -> `get_current_user`, `photosV2` -> `photos_v2`, `graph.user` ->
/// `graph_user`, `getURLInfo` -> `get_url_info`. Keywords get a trailing underscore.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '.' || c == '-' || c == ' ' {
            push_underscore(&mut out);
            continue;
        }
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let after_lower = prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
            let acronym_end = prev.is_some_and(|p| p.is_ascii_uppercase())
                && next.is_some_and(|n| n.is_ascii_lowercase());
            if after_lower || acronym_end {
                push_underscore(&mut out);
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    let trimmed = out.trim_start_matches('_');
    let mut out = if trimmed.is_empty() {
        "_".to_owned()
    } else {
        trimmed.to_owned()
    };
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

fn push_underscore(out: &mut String) {
    if !out.is_empty() && !out.ends_with('_') {
        out.push('_');
    }
}

/// `get_current_user` / `getCurrentUser` -> `GetCurrentUser`.
pub fn pascal_case(name: &str) -> String {
    snake_case(name)
        .split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// Cargo feature that declares a permission: `VALUABLE_ACCESS` on OK -> `ok-valuable-access`.
pub fn permission_feature(platform_key: &str, permission: &str) -> String {
    format!(
        "{platform_key}-{}",
        permission.to_ascii_lowercase().replace('_', "-")
    )
}

/// Whether a method's name says it only reads (`get…`, `is…`, `search…`, `check…`,
/// `fetch…`, `validate…`, `reverseGeocode`): the catalogue's default for `idempotent`, which a
/// method may override.
pub fn reads_by_name(short_name: &str) -> bool {
    const READ_PREFIXES: &[&str] = &[
        "get", "is", "search", "check", "fetch", "validate", "reverse", "has",
    ];
    READ_PREFIXES.iter().any(|prefix| {
        short_name.strip_prefix(prefix).is_some_and(|rest| {
            rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase() || c == '_')
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_handles_api_spellings() {
        assert_eq!(snake_case("getCurrentUser"), "get_current_user");
        assert_eq!(snake_case("photosV2"), "photos_v2");
        assert_eq!(snake_case("graph.user"), "graph_user");
        assert_eq!(snake_case("getURLInfo"), "get_url_info");
        assert_eq!(snake_case("getUserGroupsV2"), "get_user_groups_v2");
        assert_eq!(snake_case("emptyPictures"), "empty_pictures");
        assert_eq!(snake_case("pic_190"), "pic_190");
        assert_eq!(snake_case("type"), "type_");
        assert_eq!(snake_case("__online"), "online");
        assert_eq!(snake_case("uids"), "uids");
    }

    #[test]
    fn pascal_case_joins_parts() {
        assert_eq!(pascal_case("getCurrentUser"), "GetCurrentUser");
        assert_eq!(pascal_case("graph.user"), "GraphUser");
        assert_eq!(pascal_case("photosV2"), "PhotosV2");
    }

    #[test]
    fn permission_features_are_kebab_case() {
        assert_eq!(
            permission_feature("ok", "VALUABLE_ACCESS"),
            "ok-valuable-access"
        );
        assert_eq!(permission_feature("mailru", "stream"), "mailru-stream");
    }
}
