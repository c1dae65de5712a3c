//! Property tests of the signing core: the signature depends on the set of parameters, not
//! on the order they were added in, and any UTF-8 is signed as its bytes.

use okru::Params;
use okru::signing::{md5_hex, signature};
use proptest::prelude::*;

fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    // Unique names (a request never carries one name twice), any UTF-8 values.
    prop::collection::btree_map("[a-zA-Z_][a-zA-Z0-9_]{0,12}", any::<String>(), 0..12)
        .prop_map(|map| map.into_iter().collect())
}

proptest! {
    #[test]
    fn signature_does_not_depend_on_insertion_order(
        pairs in pairs(),
        seed in any::<u64>(),
        secret in any::<String>(),
    ) {
        let mut shuffled = pairs.clone();
        // A deterministic shuffle driven by the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let a = signature("", pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), &secret);
        let b = signature("", shuffled.iter().map(|(k, v)| (k.as_str(), v.as_str())), &secret);
        prop_assert_eq!(a, b);
    }

    #[test]
    fn signature_is_md5_of_the_sorted_concatenation(
        pairs in pairs(),
        prefix in any::<String>(),
        secret in any::<String>(),
    ) {
        let mut sorted = pairs.clone();
        sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let mut text = prefix.clone();
        for (k, v) in &sorted {
            text.push_str(k);
            text.push('=');
            text.push_str(v);
        }
        text.push_str(&secret);
        let expected = md5_hex(&[text.as_bytes()]);
        let actual = signature(&prefix, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), &secret);
        prop_assert_eq!(actual, expected);
    }

    #[test]
    fn sessions_sign_what_they_send(pairs in pairs()) {
        use okru::Session;
        let session = okru::ok::ClientSession::new(1, okru::ApplicationKey::new("APPKEY"), okru::AccessToken::new("token"), okru::SessionSecretKey::new("ssk"));
        let mut params: Params = pairs.iter().map(|(k, v)| (k.clone(), v.as_str())).collect();
        // Names the session reserves are refused rather than signed twice.
        let reserved = ["application_key", "method", "format", "sig", "access_token", "session_key"];
        let result = session.authorize("a.b", &mut params);
        if pairs.iter().any(|(k, _)| reserved.contains(&k.as_str())) {
            prop_assert!(result.is_err());
        } else {
            prop_assert!(result.is_ok());
            let sig = params.get("sig").unwrap().to_owned();
            let signed = params.iter().filter(|(k, _)| *k != "sig" && *k != "access_token");
            let expected = signature("", signed, "ssk");
            prop_assert_eq!(sig.as_str(), expected.as_str());
        }
    }
}
