//! Property tests over what a hostile server (or caller) controls: the decoder fed random
//! bytes, mutated error envelopes, deep nesting, huge numbers and invalid UTF-8, and the
//! parameter canonicalisation fed any text. Each asserts a typed result and no panic.
//!
//! The suite runs a few thousand cases; `OKRU_FUZZ_CASES=<n>` runs `n` per property
//! (eight properties) for a long run outside CI, for example
//! `OKRU_FUZZ_CASES=15000 cargo test --release --lib fuzz_tests`.

#[cfg(test)]
mod properties {
    use bytes::Bytes;
    use proptest::prelude::*;
    use serde::Deserialize;

    use super::super::{RawResponse, decode, value_memory_estimate};
    use crate::error::{Error, ErrorKind};
    use crate::mailru::MailRu;
    use crate::ok::OkRu;
    use crate::wire::params::Params;

    fn cases() -> u32 {
        std::env::var("OKRU_FUZZ_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(250)
    }

    fn config() -> ProptestConfig {
        ProptestConfig {
            cases: cases(),
            // Shrinking a failure is for a developer's run; the suite only needs to find one.
            max_shrink_iters: 256,
            ..ProptestConfig::default()
        }
    }

    fn answer(status: u16, body: Vec<u8>) -> RawResponse {
        RawResponse {
            status,
            invocation_error: None,
            retry_after: None,
            body: Bytes::from(body),
            budget: None,
        }
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct User {
        uid: crate::ids::UserId,
        #[serde(default)]
        name: Option<String>,
        #[serde(default, deserialize_with = "crate::wire::lenient::opt_int")]
        age: Option<i64>,
    }

    /// Every decoder entry point on `body`: each returns, typed, whatever the bytes.
    fn decode_all(status: u16, body: &[u8]) -> Vec<Result<(), Error>> {
        let body = body.to_vec();
        let mut outcomes = Vec::new();
        for pass in [false, true] {
            outcomes.push(
                decode::<OkRu, serde_json::Value>(answer(status, body.clone()), pass).map(drop),
            );
            outcomes.push(
                decode::<MailRu, serde_json::Value>(answer(status, body.clone()), pass).map(drop),
            );
            outcomes.push(decode::<OkRu, Vec<User>>(answer(status, body.clone()), pass).map(drop));
            outcomes.push(decode::<MailRu, Vec<u64>>(answer(status, body.clone()), pass).map(drop));
        }
        let _ = value_memory_estimate(&body);
        let _ = super::super::envelope::top_level(&body, &["error_code", "error"]);
        outcomes
    }

    /// JSON fragments a hostile server likes: huge and odd numbers, odd strings, deep nesting,
    /// every type where a code is expected.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("null".to_owned()),
            Just("true".to_owned()),
            Just("1e30".to_owned()),
            Just("-0".to_owned()),
            Just("1e999999".to_owned()),
            Just("18446744073709551616".to_owned()),
            Just("9223372036854775807".to_owned()),
            Just("-9223372036854775809".to_owned()),
            Just("102.0".to_owned()),
            Just("\"102\"".to_owned()),
            Just("\"\\u0000\\ud800\"".to_owned()),
            Just("[]".to_owned()),
            Just("{}".to_owned()),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<f64>().prop_map(|f| f.to_string()),
            "[0-9]{1,400}",
            any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
            (1usize..3000).prop_map(|depth| "[".repeat(depth) + &"]".repeat(depth)),
            (1usize..3000).prop_map(|depth| "{\"a\":".repeat(depth) + "1" + &"}".repeat(depth)),
        ]
    }

    /// An error envelope of either platform with hostile values, keys repeated or escaped.
    fn envelope() -> impl Strategy<Value = String> {
        (fragment(), fragment(), fragment(), 0u8..6).prop_map(
            |(code, msg, data, shape)| match shape {
                0 => format!(r#"{{"error_code":{code},"error_msg":{msg},"error_data":{data}}}"#),
                1 => format!(r#"{{"error_code":{code},"error_code":{msg}}}"#),
                2 => format!(r#"{{"error\u005fcode":{code},"x":{data}}}"#),
                3 => format!(r#"{{"error":{{"error_code":{code},"error_msg":{msg}}}}}"#),
                4 => format!(r#"{{"error":{code},"error":{msg}}}"#),
                _ => format!(
                    r#"{{"error":{{"error_code":{code},"error_code":{msg}}},"data":{data}}}"#
                ),
            },
        )
    }

    /// Flips, inserts, removes and cuts bytes of `body`.
    fn mutated(body: String, edits: Vec<(usize, u8, u8)>) -> Vec<u8> {
        let mut bytes = body.into_bytes();
        for (at, byte, how) in edits {
            if bytes.is_empty() {
                break;
            }
            let at = at % bytes.len();
            match how % 4 {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                2 => {
                    bytes.remove(at);
                }
                _ => bytes.truncate(at),
            }
        }
        bytes
    }

    /// Whether `body` is JSON whose top level is an object with `key` (duplicates and escapes
    /// read as serde reads them).
    fn has_top_level_key(body: &[u8], key: &str) -> bool {
        serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v.as_object().map(|o| o.contains_key(key)))
            .unwrap_or(false)
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn random_bytes_get_a_typed_answer(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..512)) {
            for outcome in decode_all(status, &body) {
                if let Err(e) = outcome {
                    // Formatting never panics, and never grows past its bounds.
                    let shown = format!("{e} {e:?}");
                    prop_assert!(shown.len() < 64 * 1024);
                }
            }
        }

        #[test]
        fn mutated_envelopes_are_never_a_success_when_they_are_envelopes(
            body in envelope(),
            edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..4),
            status in prop_oneof![Just(200u16), Just(400), Just(500)],
        ) {
            let body = mutated(body, edits);
            decode_all(status, &body);
            // What still reads as an error envelope is never a success: not as a Value, and
            // not with `pass_error` unless its code could be read (then it is the platform's).
            let ok = decode::<OkRu, serde_json::Value>(answer(200, body.clone()), false);
            if has_top_level_key(&body, "error_code") {
                prop_assert!(ok.is_err(), "{}", String::from_utf8_lossy(&body));
            }
            let mailru = decode::<MailRu, serde_json::Value>(answer(200, body.clone()), false);
            if has_top_level_key(&body, "error") {
                prop_assert!(mailru.is_err(), "{}", String::from_utf8_lossy(&body));
            }
        }

        #[test]
        fn successes_are_never_errors(value in fragment(), key in "[a-z_]{1,12}") {
            // An object without the envelope's key, or any non-object, is a success as a Value.
            prop_assume!(key != "error_code" && key != "error");
            for body in [format!(r#"{{"{key}":{value}}}"#), format!("[{value}]")] {
                let parsed = serde_json::from_str::<serde_json::Value>(&body);
                let ok = decode::<OkRu, serde_json::Value>(answer(200, body.clone().into_bytes()), false);
                let mailru = decode::<MailRu, serde_json::Value>(answer(200, body.clone().into_bytes()), false);
                if parsed.is_ok() {
                    prop_assert!(ok.is_ok(), "{body}: {:?}", ok.err());
                    prop_assert!(mailru.is_ok(), "{body}: {:?}", mailru.err());
                } else {
                    prop_assert!(ok.is_err() && mailru.is_err());
                }
            }
        }

        #[test]
        fn deep_nesting_and_huge_numbers_are_typed(depth in 1usize..20_000, number in "[0-9]{1,2000}", open in prop_oneof![Just('['), Just('{')]) {
            let body = if open == '[' {
                "[".repeat(depth) + &number + &"]".repeat(depth)
            } else {
                r#"{"error_code":"#.repeat(depth) + &number + &"}".repeat(depth)
            };
            for outcome in decode_all(200, body.as_bytes()) {
                if let Err(e) = outcome {
                    let config = matches!(e.kind(), ErrorKind::Config { .. });
                    prop_assert!(!config, "{e:?}");
                }
            }
        }

        #[test]
        fn invalid_utf8_inside_strings_is_typed(prefix in "[ -~]{0,40}", junk in prop::collection::vec(128u8..=255, 0..16)) {
            // 0xFF is never UTF-8, whatever follows it.
            let junk: Vec<u8> = std::iter::once(0xFF).chain(junk).collect();
            let mut body = format!(r#"{{"error_code":102,"error_msg":"{prefix}"#).into_bytes();
            body.extend_from_slice(&junk);
            body.extend_from_slice(br#""}"#);
            let outcome = decode::<OkRu, serde_json::Value>(answer(200, body.clone()), false);
            prop_assert!(outcome.is_err());
            let mut list = br#"[""#.to_vec();
            list.extend_from_slice(&junk);
            list.extend_from_slice(br#""]"#);
            for outcome in decode_all(200, &list) {
                prop_assert!(outcome.is_err());
            }
        }

        #[test]
        fn canonicalisation_takes_any_text(pairs in prop::collection::btree_map(any::<String>(), any::<String>(), 0..12)) {
            let pairs: Vec<(String, String)> = pairs.into_iter().collect();
            let params: Params = pairs.iter().map(|(k, v)| (k.clone(), v.as_str())).collect();
            let encoded = params.urlencoded();
            // What is sent decodes back to what was given, CR, LF and NUL included.
            let decoded: Vec<(String, String)> = form_urlencoded::parse(encoded.as_bytes()).into_owned().collect();
            prop_assert_eq!(decoded, pairs.clone());
            prop_assert!(!encoded.bytes().any(|b| b.is_ascii_control() || b == b' '));
            let mut sorted = params.clone();
            let signature = crate::signing::sign_params("prefix", &mut sorted, "secret");
            let again = crate::signing::signature("prefix", params.iter(), "secret");
            prop_assert_eq!(signature.as_str(), again.as_str());
        }

        #[test]
        fn error_texts_stay_bounded_and_scrubbed(
            body in prop::collection::vec(any::<u8>(), 0..20_000),
            secret in "[A-Za-z0-9._~-]{4,40}",
            at in any::<usize>(),
        ) {
            prop_assume!(!crate::error::REDACTED.contains(secret.as_str()));
            let mut body = body;
            let at = at % (body.len() + 1);
            body.splice(at..at, secret.bytes());
            let error = Error::new(ErrorKind::Config { message: String::from_utf8_lossy(&body).into_owned() })
                .with_body(&body)
                .with_source(String::from_utf8_lossy(&body).into_owned())
                .scrub(&[secret.as_str()]);
            let shown = format!("{error} {error:?}");
            prop_assert!(!shown.contains(secret.as_str()));
            prop_assert!(!String::from_utf8_lossy(error.raw_body().unwrap().bytes()).contains(secret.as_str()));
            prop_assert!(shown.len() < 8 * crate::error::MESSAGE_LIMIT + 4 * crate::error::RAW_BODY_LIMIT);
        }

        #[test]
        fn retry_after_takes_any_header(text in "[ -~]{0,60}", digits in "[0-9]{1,40}") {
            for value in [text.as_str(), digits.as_str()] {
                let mut headers = reqwest::header::HeaderMap::new();
                if let Ok(v) = reqwest::header::HeaderValue::from_str(value) {
                    headers.insert(reqwest::header::RETRY_AFTER, v);
                }
                let delay = super::super::transport::retry_after(&headers, std::time::SystemTime::now());
                let error = Error::new(ErrorKind::Status { status: 503 }).with_retry_after(delay);
                prop_assert!(error.retry_after().is_none_or(|d| d <= crate::error::MAX_RETRY_AFTER));
            }
        }
    }
}
