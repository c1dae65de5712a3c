//! What the transport hands over to the decoder.

use bytes::Bytes;

/// Status, the OK `Invocation-Error` header and the whole body of one answer.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub status: u16,
    pub invocation_error: Option<i64>,
    pub body: Bytes,
}
