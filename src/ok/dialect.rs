//! Everything okru knows about how OK answers: the error envelope (HTTP 200, a top-level
//! `error_code`, the `Invocation-Error` header), the symbolic names of the codes, and which
//! codes mean an expired session, a missing permission, a rate limit or a passing failure.
//!
//! Code names: the apiok.ru error page; codes above 151 from the public `odnoklassniki`
//! Ruby gem, which agrees with the page on every code both list.

use serde::Deserialize;

use crate::error::{ApiError, ErrorClass};
use crate::http::{Dialect, looks_like_object};
use crate::platform::Platform;

/// The OK (ok.ru) platform, as a type: it ties sessions, `Api` handles and generated
/// methods to OK's dialect.
#[derive(Debug, Clone, Copy)]
pub enum OkRu {}

impl crate::http::dialect::sealed::Sealed for OkRu {}

impl Dialect for OkRu {
    const PLATFORM: Platform = Platform::OkRu;
    const DEFAULT_URL: &'static str = "https://api.ok.ru/fb.do";

    fn api_error(body: &[u8], invocation_error: Option<i64>) -> Option<ApiError> {
        // A cheap substring test keeps successful answers from being parsed twice.
        let envelope = (looks_like_object(body)
            && memchr::memmem::find(body, b"\"error_code\"").is_some())
        .then(|| serde_json::from_slice::<Envelope>(body).ok())
        .flatten()
        .and_then(|e| e.error_code.map(|code| (code, e.error_msg, e.error_data)));
        let (code, message, data) = match (envelope, invocation_error) {
            (Some(found), _) => found,
            (None, Some(code)) => (code, None, None),
            (None, None) => return None,
        };
        Some(ApiError {
            platform: Platform::OkRu,
            code,
            name: error_name(code),
            message: message.unwrap_or_default(),
            data: data.filter(|d| !d.is_null()),
            class: classify(code),
        })
    }

    fn error_name(code: i64) -> Option<&'static str> {
        error_name(code)
    }
}

/// What each code means for the caller (apiok.ru error page and §1.7 of the API facts).
fn classify(code: i64) -> ErrorClass {
    ErrorClass {
        session_expired: code == 102,
        permission_denied: matches!(code, 10 | 200),
        rate_limited: matches!(code, 8 | 11 | 26),
        // SERVICE, FLOOD_BLOCKED, NETWORK and NETWORK_TIMEOUT pass; LIMIT_REACHED lasts a day.
        retryable: matches!(code, 2 | 8 | 30 | 31),
    }
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default, deserialize_with = "crate::wire::lenient::opt_int")]
    error_code: Option<i64>,
    #[serde(default)]
    error_msg: Option<String>,
    #[serde(default)]
    error_data: Option<serde_json::Value>,
}

/// The symbolic name of an OK error code, such as `PARAM_SIGNATURE` for 104.
pub fn error_name(code: i64) -> Option<&'static str> {
    Some(match code {
        1 => "UNKNOWN",
        2 => "SERVICE",
        3 => "METHOD",
        4 => "REQUEST",
        7 => "ACTION_BLOCKED",
        8 => "FLOOD_BLOCKED",
        9 => "IP_BLOCKED",
        10 => "PERMISSION_DENIED",
        11 => "LIMIT_REACHED",
        12 => "CANCELLED",
        21 => "NOT_MULTIPART",
        22 => "NOT_ACTIVATED",
        23 => "NOT_YET_INVOLVED",
        24 => "NOT_OWNER",
        25 => "NOT_ACTIVE",
        26 => "TOTAL_LIMIT_REACHED",
        30 => "NETWORK",
        31 => "NETWORK_TIMEOUT",
        50 => "NOT_ADMIN",
        100 => "PARAM",
        101 => "PARAM_API_KEY",
        102 => "PARAM_SESSION_EXPIRED",
        103 => "PARAM_SESSION_KEY",
        104 => "PARAM_SIGNATURE",
        105 => "PARAM_RESIGNATURE",
        106 => "PARAM_ENTITY_ID",
        110 => "PARAM_USER_ID",
        120 => "PARAM_ALBUM_ID",
        121 => "PARAM_PHOTO_ID",
        130 => "PARAM_WIDGET",
        140 => "PARAM_MESSAGE_ID",
        141 => "PARAM_COMMENT_ID",
        150 => "PARAM_HAPPENING_ID",
        151 => "PARAM_HAPPENING_PHOTO_ID",
        160 => "PARAM_GROUP_ID",
        200 => "PARAM_PERMISSION",
        210 => "PARAM_APPLICATION_DISABLED",
        211 => "PARAM_DECISION",
        212 => "PARAM_BADGE_ID",
        213 => "PARAM_PRESENT_ID",
        214 => "PARAM_RELATION_TYPE",
        220 => "PARAM_FIELDSET",
        300 => "NOT_FOUND",
        324 => "EDIT_PHOTO_FILE",
        401 => "AUTH_LOGIN",
        402 => "AUTH_LOGIN_CAPTCHA",
        403 => "AUTH_LOGIN_WEB_HUMAN_CHECK",
        451 => "NOT_SESSION_METHOD",
        453 => "SESSION_REQUIRED",
        454 => "CENSOR_MATCH",
        455 => "FRIEND_RESTRICTION",
        456 => "GROUP_RESTRICTION",
        457 => "UNAUTHORIZED_RESTRICTION",
        458 => "PRIVACY_RESTRICTION",
        500 => "PHOTO_SIZE_LIMIT_EXCEEDED",
        501 => "PHOTO_SIZE_TOO_SMALL",
        502 => "PHOTO_SIZE_TOO_BIG",
        503 => "PHOTO_INVALID_FORMAT",
        504 => "PHOTO_IMAGE_CORRUPTED",
        505 => "PHOTO_NO_IMAGE",
        508 => "PHOTO_PIN_TOO_MUCH",
        511 => "IDS_BLOCKED",
        512 => "PHOTO_ALBUM_NOT_BELONGS_TO_USER",
        513 => "PHOTO_ALBUM_NOT_BELONGS_TO_GROUP",
        514 => "IDS_SESSION_VERIFICATION_REQUIRED",
        600 => "MEDIA_TOPIC_BLOCK_LIMIT",
        601 => "MEDIA_TOPIC_TEXT_LIMIT",
        602 => "MEDIA_TOPIC_POLL_QUESTION_TEXT_LIMIT",
        603 => "MEDIA_TOPIC_POLL_ANSWERS_LIMIT",
        604 => "MEDIA_TOPIC_POLL_ANSWER_TEXT_LIMIT",
        605 => "MEDIA_TOPIC_WITH_FRIENDS_LIMIT",
        606 => "MEDIA_TOPIC_WITH_FRIENDS_USER_LIMIT",
        607 => "MEDIA_TOPIC_LINK_BAD_FORMAT",
        610 => "GROUP_DUPLICATE_JOIN_REQUEST",
        700 => "COMMENT_NOT_FOUND",
        701 => "INVALID_AUTHOR",
        702 => "COMMENT_NOT_ACTIVE",
        704 => "TIMEOUT_EXCEEDED",
        705 => "CHAT_NOT_FOUND",
        706 => "MESSAGE_NOT_ACTIVE",
        707 => "STICKER_SERVICE_UNAVAILABLE_TO_USER",
        708 => "STICKER_MESSAGE_INVALID",
        709 => "GIF_SERVICE_UNAVAILABLE_TO_USER",
        800 => "CHAT_MAX_PARTICIPANT_COUNT_LIMIT",
        801 => "CHAT_PARTICIPANTS_EMPTY_BLOCKED_USERS",
        802 => "CHAT_PARTICIPANTS_EMPTY_NON_EXISTENT_USERS",
        900 => "NO_SUCH_APP",
        1001 => "CALLBACK_INVALID_PAYMENT",
        1002 => "PAYMENT_IS_REQUIRED_PAYMENT",
        1003 => "INVALID_PAYMENT",
        1004 => "DUPLICATE_PAYMENT",
        1005 => "NOT_ENOUGH_MONEY",
        1101 => "VCHAT_SERVICE_DISABLED",
        1102 => "TARGET_USER_UNAVAILABLE",
        1103 => "FRIENDSHIP_REQUIRED",
        1200 => "BATCH",
        1300 => "APP_NO_PLATFORM_ALLOWED",
        1301 => "APP_DEVICE_NOT_ALLOWED",
        1302 => "APP_DEVICE_NOT_SPECIFIED",
        1400 => "APP_EMPTY_SEARCH_PARAMS",
        1401 => "APP_SEARCH_SCENARIO_DOES_NOT_EXIST",
        2001 => "GRAPH_PARAM_REQUEST",
        5000 => "INVALID_RESPONSE",
        9999 => "SYSTEM",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_is_recognised() {
        let body = br#"{"error_code":104,"error_msg":"PARAM_SIGNATURE : Invalid signature","error_data":null}"#;
        let err = OkRu::api_error(body, Some(104)).unwrap();
        assert_eq!(err.code, 104);
        assert_eq!(err.name, Some("PARAM_SIGNATURE"));
        assert_eq!(err.data, None);
        assert!(!err.class.session_expired);
        assert!(
            OkRu::api_error(br#"{"error_code":102}"#, None)
                .unwrap()
                .class
                .session_expired
        );
    }

    #[test]
    fn successes_are_not_errors() {
        for body in [
            &b"[]"[..],
            b"{}",
            b"true",
            b"\"123\"",
            b"42",
            br#"{"uid":"1"}"#,
        ] {
            assert!(OkRu::api_error(body, None).is_none());
        }
    }
}
