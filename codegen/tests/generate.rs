//! Generator tests: golden files for a small fixture catalogue, and the validation messages.
//!
//! Set `OKRU_BLESS=1` to rewrite the golden files after an intended change, then review the
//! diff like any other code change.

use std::path::Path;

fn check_golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("OKRU_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with OKRU_BLESS=1 to create it)",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs from the generated code; run with OKRU_BLESS=1 if the change is intended",
        path.display()
    );
}

fn fixture() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small.toml"))
        .unwrap()
}

#[test]
fn fixture_catalogue_matches_the_golden_files() {
    let generated = okru_codegen::generate(&fixture()).unwrap();
    check_golden("small_ok.rs", &generated.ok);
    check_golden("small_mailru.rs", &generated.mailru);
}

#[test]
fn output_is_deterministic() {
    let a = okru_codegen::generate(&fixture()).unwrap();
    let b = okru_codegen::generate(&fixture()).unwrap();
    assert_eq!(a.ok, b.ok);
    assert_eq!(a.mailru, b.mailru);
}

#[test]
fn generated_code_parses_and_names_things_in_rust_style() {
    let generated = okru_codegen::generate(&fixture()).unwrap();
    for needle in [
        "pub mod photos_v2",
        "pub mod graph_user",
        "pub fn get_upload_url(",
        "pub fn type_(",
        "pub fn empty_pictures(",
        "pub pic190x190:",
        "crate::wire::lenient::opt_int",
        "impl<S: crate::Session<Platform = crate::ok::OkRu>> crate::Request for Info<S>",
        "pub struct UsersMethods",
        "crate::wire::params::Flag",
        "feature `ok-photo-content`",
        "no source documents its shape (no source shows it)",
        "shape from the platform's documented example or type: a documented example",
        "crate::wire::lenient::Listed<crate::ok::types::User>",
        "crate::wire::lenient::IdOr<",
        "alias = \"hasMore\"",
        "crate::wire::lenient::opt_string",
    ] {
        assert!(
            generated.ok.contains(needle) || generated.mailru.contains(needle),
            "generated code lacks `{needle}`"
        );
    }
}

/// Replaces `from` by `to` in the fixture (which must contain it) and returns the error.
fn error_after(from: &str, to: &str) -> String {
    let text = fixture();
    assert!(text.contains(from), "fixture lacks {from}");
    okru_codegen::generate(&text.replacen(from, to, 1))
        .expect_err("the broken catalogue was accepted")
}

#[test]
fn an_unknown_type_names_the_method_and_the_parameter() {
    let err = error_after(r#"type = "[UserId]""#, r#"type = "[UserIdd]""#);
    assert!(
        err.contains("ok.users.getInfo: `params.uids`: unknown type `UserIdd`"),
        "{err}"
    );
}

#[test]
fn a_misspelt_permission_is_refused() {
    let err = error_after(
        r#"permissions = ["PHOTO_CONTENT"]"#,
        r#"permissions = ["PHOTO_CONTNET"]"#,
    );
    assert!(
        err.contains("ok.photosV2.getUploadUrl: field `permissions` names `PHOTO_CONTNET`"),
        "{err}"
    );
}

#[test]
fn a_missing_session_rule_is_refused() {
    let err = error_after("session = \"prohibited\"\n", "");
    assert!(
        err.contains("ok.graph.user.info: field `session` is missing"),
        "{err}"
    );
}

#[test]
fn a_bad_session_rule_is_refused() {
    let err = error_after(r#"session = "prohibited""#, r#"session = "forbidden""#);
    assert!(
        err.contains("ok.graph.user.info: field `session` is `forbidden`"),
        "{err}"
    );
}

#[test]
fn a_duplicate_method_is_refused() {
    let text = fixture() + "\n[ok.users.getInfo]\ndescription = \"again\"\n";
    let err = okru_codegen::generate(&text).unwrap_err();
    assert!(
        err.contains("getInfo") && err.to_lowercase().contains("duplicate"),
        "{err}"
    );
}

#[test]
fn methods_whose_rust_names_collide_are_refused() {
    let text = fixture().replacen("[ok.\"graph.user\".info]", "[ok.graph_user.info]", 1)
        + "\n[ok.\"graph.user\".info]\ndescription = \"x\"\nsession = \"optional\"\npermissions = []\nreturns = \"string\"\n";
    let err = okru_codegen::generate(&text).unwrap_err();
    assert!(err.contains("its Rust name `graph_user`"), "{err}");
}

#[test]
fn an_unknown_field_is_refused_with_its_line() {
    let err = error_after(
        "returns = \"[User]\"",
        "returns = \"[User]\"\nreturn_type = \"x\"",
    );
    assert!(err.contains("return_type") && err.contains("line"), "{err}");
}

#[test]
fn every_method_names_the_source_of_its_answer() {
    let err = error_after("response_source = \"none\"\n", "");
    assert!(
        err.contains("ok.photosV2.getUploadUrl: field `response_source` is missing"),
        "{err}"
    );
    let err = error_after("response_note = \"no source shows it\"\n", "");
    assert!(
        err.contains("ok.photosV2.getUploadUrl: field `response_note` is missing"),
        "{err}"
    );
}

#[test]
fn json_answers_are_the_ones_without_a_source() {
    let err = error_after(
        r#"response_source = "none""#,
        r#"response_source = "official""#,
    );
    assert!(
        err.contains("ok.photosV2.getUploadUrl: field `returns` is `json` although"),
        "{err}"
    );
    let err = error_after(
        r#"response_source = "official""#,
        r#"response_source = "none""#,
    );
    assert!(
        err.contains("ok.users.getInfo: `response_source` is `none`, but `returns` is not `json`"),
        "{err}"
    );
    let err = error_after(
        r#"response_source = "official""#,
        r#"response_source = "docs""#,
    );
    assert!(err.contains("field `response_source` is `docs`"), "{err}");
}

#[test]
fn optional_permissions_are_checked_and_do_not_gate() {
    let err = error_after(
        r#"{ name = "PHOTO_CONTENT", when"#,
        r#"{ name = "VALUABLE_ACCESS", when"#,
    );
    assert!(
        err.contains("`VALUABLE_ACCESS` is both in `permissions` and in `optional_permissions`"),
        "{err}"
    );
    let generated = okru_codegen::generate(&fixture()).unwrap();
    // getInfo's constructor requires VALUABLE_ACCESS only; PHOTO_CONTENT is in its docs.
    let get_info = generated
        .ok
        .split("pub fn get_info(")
        .nth(1)
        .and_then(|rest| rest.split('{').next())
        .unwrap_or_default();
    assert!(get_info.contains("ValuableAccess"), "{get_info}");
    assert!(!get_info.contains("PhotoContent"), "{get_info}");
    assert!(generated.ok.contains("**Optional permissions**"));
    assert!(
        generated
            .ok
            .contains("`PHOTO_CONTENT` (feature `ok-photo-content`) adds the photo fields")
    );
    assert!(generated.ok.contains("**Rules from:** an official page."));
}

#[test]
fn answer_keys_need_a_list() {
    let err = error_after(r#"returns = "[User]""#, r#"returns = "User""#);
    assert!(
        err.contains("field `answer_key` (`users`) needs a list answer"),
        "{err}"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = fixture()
        .replacen(r#"type = "[UserId]""#, r#"type = "[Nope]""#, 1)
        .replacen(r#"session = "prohibited""#, r#"session = "never""#, 1);
    let err = okru_codegen::generate(&text).unwrap_err();
    assert!(err.contains("2 problem(s)"), "{err}");
}

#[test]
fn enum_variants_that_are_not_rust_names_are_refused() {
    let err = error_after(r#"{ name = "0", rust_name = "Zero" }"#, r#"{ name = "0" }"#);
    assert!(
        err.contains("enums.ok.UserKind: value `0` gives the variant name"),
        "{err}"
    );
}

#[test]
fn the_unrecognized_variant_name_is_reserved() {
    let err = error_after(r#"{ name = "BACKWARD" }"#, r#"{ name = "UNRECOGNIZED" }"#);
    assert!(err.contains("`Unrecognized` is reserved"), "{err}");
}

#[test]
fn enum_values_that_collide_are_refused() {
    let err = error_after(r#"{ name = "BACKWARD" }"#, r#"{ name = "forward" }"#);
    assert!(err.contains("its Rust name `Forward`"), "{err}");
}

#[test]
fn an_enum_and_a_model_may_not_share_a_name() {
    let err = error_after("[enums.ok.UserKind]", "[enums.ok.User]");
    assert!(
        err.contains("enums.ok.User: `User` is also the name of a model"),
        "{err}"
    );
}

#[test]
fn maps_cannot_be_parameters() {
    let err = error_after(
        r#"{ name = "count", type = "int" }"#,
        r#"{ name = "count", type = "{int}" }"#,
    );
    assert!(
        err.contains("ok.photosV2.getUploadUrl: parameter `count` has a type that cannot be sent"),
        "{err}"
    );
}
