//! The catalogue and the crate manifest agree: every permission a platform lists has its
//! Cargo feature, and the "all" features enable every one of them.

use okru_codegen::names::permission_feature;

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

#[test]
fn every_permission_has_a_feature() {
    let catalogue = okru_codegen::catalogue::parse(&read("methods.toml")).unwrap();
    let manifest = read("Cargo.toml");
    let all_features = |name: &str| {
        let start = manifest
            .find(&format!("\n{name} = ["))
            .unwrap_or_else(|| panic!("feature {name} is missing"));
        let end = start + manifest[start..].find(']').unwrap();
        manifest[start..end].to_owned()
    };
    for (platform, all) in [
        ("ok", "ok-all-permissions"),
        ("mailru", "mailru-all-privileges"),
    ] {
        let permissions = &catalogue.platform[platform].permissions;
        assert!(!permissions.is_empty());
        let listed = all_features(all);
        for permission in permissions {
            let feature = permission_feature(platform, permission);
            assert!(
                manifest.contains(&format!("\n{feature} = []")),
                "Cargo.toml lacks the feature {feature}"
            );
            assert!(
                listed.contains(&format!("\"{feature}\"")),
                "{all} does not enable {feature}"
            );
        }
    }
    let everything = all_features("all-permissions");
    assert!(
        everything.contains("\"ok-all-permissions\"")
            && everything.contains("\"mailru-all-privileges\"")
    );
}

#[test]
fn the_catalogue_is_valid() {
    let catalogue = okru_codegen::catalogue::parse(&read("methods.toml")).unwrap();
    let platforms = okru_codegen::validate::validate(&catalogue).unwrap();
    let methods: usize = platforms
        .iter()
        .flat_map(|p| &p.groups)
        .map(|g| g.methods.len())
        .sum();
    assert!(methods > 0);
}

/// `tests/data/ok-seed-catalogue.tsv` lists the OK methods of the Python seed libraries with
/// their session rule and permissions; the catalogue must carry each one unchanged, except
/// where an official page says otherwise: then `rule_source` names the page, and the
/// departure is one of the corrections listed here.
#[test]
fn every_seed_method_is_in_the_catalogue_with_its_rules() {
    // The corrections of catalogue-audit §2 (session rules and gating permissions).
    let corrections = [
        "apps.setVipOffers",
        "sdk.init",
        "users.getSettings",
        "group.getInfo",
        "group.getUserGroupsByIds",
        "users.getCurrentUser",
    ];
    let catalogue = okru_codegen::catalogue::parse(&read("methods.toml")).unwrap();
    let seeds = read("tests/data/ok-seed-catalogue.tsv");
    let mut problems = Vec::new();
    let mut rows = 0;
    for line in seeds.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        rows += 1;
        let columns: Vec<&str> = line.split('\t').collect();
        let [group, method, session, permissions] = columns[..] else {
            panic!("malformed row: {line:?}");
        };
        let Some(def) = catalogue.ok.get(group).and_then(|g| g.get(method)) else {
            problems.push(format!("{group}.{method}: missing"));
            continue;
        };
        let name = format!("{group}.{method}");
        if corrections.contains(&name.as_str()) {
            if def.rule_source.as_deref().is_none_or(str::is_empty) {
                problems.push(format!(
                    "{name}: corrected from the seeds without a `rule_source`"
                ));
            }
            continue;
        }
        if def.session.as_deref() != Some(session) {
            problems.push(format!(
                "{group}.{method}: session {:?}, the seeds say {session}",
                def.session
            ));
        }
        let mut expected: Vec<&str> = permissions
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        expected.sort_unstable();
        let mut actual: Vec<&str> = def
            .permissions
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        actual.sort_unstable();
        if actual != expected {
            problems.push(format!(
                "{group}.{method}: permissions {actual:?}, the seeds say {expected:?}"
            ));
        }
    }
    assert_eq!(rows, 147, "the seed table has changed");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// With no permission feature at all, the most basic call compiles: getCurrentUser needs no
/// permission (GET_EMAIL only adds the email), and the catalogue says so.
#[test]
fn get_current_user_is_not_gated_by_get_email() {
    let catalogue = okru_codegen::catalogue::parse(&read("methods.toml")).unwrap();
    let def = &catalogue.ok["users"]["getCurrentUser"];
    assert_eq!(def.permissions.as_deref(), Some(&[][..]));
    assert!(
        def.optional_permissions
            .iter()
            .any(|p| p.name == "GET_EMAIL")
    );
    // The generated constructor has no permission bound at all, so a build of okru with no
    // feature compiles it (compile-tests proves a gating permission still refuses).
    let generated = okru_codegen::generate(&read("methods.toml")).unwrap();
    let constructor = generated
        .ok
        .split("pub fn get_current_user(")
        .nth(1)
        .and_then(|rest| rest.split('{').next())
        .unwrap();
    assert!(!constructor.contains("permissions::"), "{constructor}");
    assert!(constructor.contains("UserSessionFor"), "{constructor}");
}

/// The counts the README states are the catalogue's: methods, groups, typed answers and
/// answers no source documents (returned as `serde_json::Value`), and the sandbox's
/// coverage (tests/every_method.rs checks that the sandbox answers every method).
#[test]
fn the_readme_states_the_catalogue_counts() {
    let catalogue = okru_codegen::catalogue::parse(&read("methods.toml")).unwrap();
    let readme = read("README.md")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut total = 0;
    for (platform, groups) in [("OK", &catalogue.ok), ("mail.ru", &catalogue.mailru)] {
        let methods: Vec<_> = groups.values().flat_map(|g| g.values()).collect();
        total += methods.len();
        let untyped = methods
            .iter()
            .filter(|m| m.response_source.as_deref() == Some("none"))
            .count();
        let typed = methods.len() - untyped;
        for needle in [
            format!("{} methods in {} groups", methods.len(), groups.len()),
            format!("{typed} answer typed structs"),
            format!("the {untyped} whose answer no source documents"),
        ] {
            assert!(
                readme.contains(&needle),
                "the README does not say \"{needle}\" of {platform}"
            );
        }
    }
    let needle = format!("answers all {total} catalogued methods");
    assert!(
        readme.contains(&needle),
        "the README does not say \"{needle}\""
    );
}
