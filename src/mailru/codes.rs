//! Symbolic names of the mail.ru error codes listed on every method page of the REST
//! reference (the names are the SDK's: mail.ru documents only numbers and messages).

/// The symbolic name of a mail.ru error code, such as `INCORRECT_SIGNATURE` for 104.
pub fn error_name(code: i64) -> Option<&'static str> {
    Some(match code {
        1 => "UNKNOWN_ERROR",
        2 => "UNKNOWN_METHOD",
        3 => "SERVICE_UNAVAILABLE",
        4 => "METHOD_DEPRECATED",
        100 => "PARAM",
        102 => "AUTHORIZATION_FAILED",
        103 => "APPLICATION_LOOKUP_FAILED",
        104 => "INCORRECT_SIGNATURE",
        105 => "APPLICATION_NOT_INSTALLED",
        200 => "PERMISSION_DENIED",
        202 => "ACCESS_DENIED",
        _ => return None,
    })
}
