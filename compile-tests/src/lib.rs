//! Compile-fail tests of okru live in `tests/` and `ui/`; this crate has no code.
