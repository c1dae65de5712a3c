//! What the transport hands over to the decoder.

use std::time::Duration;

use bytes::Bytes;

use super::transport::Reservation;

/// Status, the OK `Invocation-Error` header, the `Retry-After` delay and the whole body of
/// one answer, with the part of the transport's byte budget the body holds until the answer
/// is dropped (after decoding).
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub status: u16,
    pub invocation_error: Option<i64>,
    pub retry_after: Option<Duration>,
    pub body: Bytes,
    pub budget: Option<Reservation>,
}
