//! Id lists within their documented limits: a call whose id list is longer than the
//! method's maximum (100 uids for `users.getInfo`) is split into calls of at most that
//! many ids, sent a few at a time, and their answers are joined in the order given. No
//! request ever carries more than the maximum.

use std::ops::Range;

use futures_util::StreamExt;
use futures_util::stream;

use super::Api;
use super::request::{Request, ResponseFuture};
use crate::http::Dialect;
use crate::session::Session;
use crate::wire::lenient::Listed;

/// How many chunks of one call are in flight at once.
pub const CHUNK_CONCURRENCY: usize = 4;

/// A request with an id list that has a documented maximum; the generated builders of such
/// methods implement it.
#[doc(hidden)]
pub trait Chunked: Request<Output: Join> {
    /// The most ids one request may carry.
    const MAX: usize;

    /// How many ids the request carries.
    fn chunk_len(&self) -> usize;

    /// The same request with only the ids in `range`.
    fn chunk(&self, range: Range<usize>) -> Self;
}

/// Answers that can be joined, in order, into the answer of the whole call.
#[doc(hidden)]
pub trait Join: Sized {
    /// The answer of the whole call from the answers of its chunks, in order.
    fn join(parts: Vec<Self>) -> Self;
}

impl<T> Join for Vec<T> {
    fn join(parts: Vec<Self>) -> Self {
        parts.into_iter().flatten().collect()
    }
}

impl<T> Join for Listed<T> {
    fn join(parts: Vec<Self>) -> Self {
        Listed(parts.into_iter().flat_map(Listed::into_vec).collect())
    }
}

/// Sends `request` through `api`, in chunks when its id list is over the limit.
#[doc(hidden)]
pub fn send<P, S, R>(api: Api<P, S>, request: R) -> ResponseFuture<R::Output>
where
    P: Dialect,
    S: Session<Platform = P>,
    R: Chunked,
{
    Box::pin(async move {
        let len = request.chunk_len();
        if len <= R::MAX {
            return api.send(&request).await;
        }
        // Each chunk's future owns its request and a clone of the Api, so that the stream
        // holds no borrow across the awaits.
        let sends = (0..len).step_by(R::MAX.max(1)).map(|start| {
            let chunk = request.chunk(start..(start + R::MAX).min(len));
            let api = api.clone();
            async move { api.send(&chunk).await }
        });
        let answers: Vec<_> = stream::iter(sends)
            .buffered(CHUNK_CONCURRENCY)
            .collect()
            .await;
        let parts = answers.into_iter().collect::<Result<Vec<_>, _>>()?;
        Ok(R::Output::join(parts))
    })
}
