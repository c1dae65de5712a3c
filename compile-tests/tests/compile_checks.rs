//! Proves that permissions and session rules are checked by the compiler, with messages that
//! say what to do. Set `TRYBUILD=overwrite` to refresh the expected messages after an
//! intended change to them.

#[test]
fn permission_and_session_checks() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass_*.rs");
    cases.compile_fail("ui/fail_*.rs");
}
