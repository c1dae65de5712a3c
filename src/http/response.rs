//! What the transport hands over to the decoder.

use bytes::Bytes;

/// Status, the OK `Invocation-Error` header and the whole body of one answer.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub status: u16,
    pub invocation_error: Option<i64>,
    pub body: Bytes,
    /// The `Retry-After` header, when the answer had a readable one.
    pub retry_after: Option<std::time::Duration>,
}

/// The longest `Retry-After` believed: a server asking for more is read as asking for this.
pub const MAX_RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Reads a `Retry-After` value: delay seconds or an HTTP date, capped at
/// [`MAX_RETRY_AFTER`]; a date in the past is no delay.
pub(crate) fn parse_retry_after(value: &str) -> Option<std::time::Duration> {
    let value = value.trim();
    let delay = match value.parse::<u64>() {
        Ok(seconds) => std::time::Duration::from_secs(seconds),
        Err(_) => {
            let at = httpdate::parse_http_date(value).ok()?;
            at.duration_since(std::time::SystemTime::now())
                .unwrap_or_default()
        }
    };
    Some(delay.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn retry_after_reads_seconds_and_dates_within_the_cap() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(" 99999999999 "), Some(MAX_RETRY_AFTER));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let soon = std::time::SystemTime::now() + Duration::from_secs(120);
        let delay = parse_retry_after(&httpdate::fmt_http_date(soon)).unwrap();
        assert!(delay > Duration::from_secs(100) && delay <= Duration::from_secs(120));
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(parse_retry_after("-5"), None);
    }
}
