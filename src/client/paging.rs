//! Pagination as streams: the catalogue says how each paged method continues (an anchor
//! the answer hands back, an offset, or the id of the last item), the generated code reads
//! and writes that cursor, and [`Pages`] runs the walk, for every paged method alike.
//!
//! A walk stops at the end (the answer says there is no more, or gives no cursor), on an
//! empty page, on a cursor it has already used (a server that answers the same anchor
//! again would otherwise loop forever), or after [`Pages::max_pages`] pages.

use std::collections::{HashSet, VecDeque};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::Serialize;

use super::request::{Request, ResponseFuture};
use crate::error::Result;

/// The most pages a walk fetches unless told otherwise ([`Pages::max_pages`]).
pub const DEFAULT_MAX_PAGES: usize = 10_000;

/// What a page says about the walk, as the generated code reads it from the answer.
#[doc(hidden)]
#[derive(Debug, Clone, Default)]
pub struct PageInfo {
    /// How many items the page holds.
    pub count: usize,
    /// The cursor of the next page, for methods that continue from one.
    pub cursor: Option<String>,
    /// Whether the answer says more pages follow, when it says.
    pub more: Option<bool>,
}

/// Where the next page starts, handed to [`Paged::resume`].
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Resume {
    /// The cursor the last page gave (anchor and skip methods).
    pub cursor: Option<String>,
    /// How many items precede the next page (offset methods).
    pub offset: u64,
}

/// A request whose answer comes in pages; the generated builders of paged methods
/// implement it.
#[doc(hidden)]
pub trait Paged: Request {
    /// One item of a page.
    type Item: Send + 'static;

    /// Sends this request (the builder's `IntoFuture`).
    fn send_page(self) -> ResponseFuture<<Self as Request>::Output>;

    /// Whether the method continues from a cursor (else from an offset).
    const BY_CURSOR: bool;

    /// What `page` says about the walk.
    fn page_info(page: &<Self as Request>::Output) -> PageInfo;

    /// The items of `page`.
    fn into_items(page: <Self as Request>::Output) -> Vec<Self::Item>;

    /// The offset the request starts at (offset methods; `0` when not set).
    fn start_offset(&self) -> u64 {
        0
    }

    /// This request, continued at `at`.
    fn resume(&self, at: &Resume) -> Self;
}

/// The text of an item's id, as a cursor (mail.ru's `skip` is the last event's id).
#[doc(hidden)]
pub fn cursor_text<T: Serialize>(value: &T) -> Option<String> {
    match serde_json::to_value(value).ok()? {
        serde_json::Value::String(text) => Some(text),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The pages of a paged method, as a `Stream` of its typed answers. Made by the builders'
/// `.pages()`; owns the request (and so a clone of the `Api`), so it is `Send + 'static`
/// and can be spawned.
#[must_use = "a stream does nothing until it is polled"]
pub struct Pages<R: Paged> {
    next: Option<R>,
    in_flight: Option<(R, ResponseFuture<R::Output>)>,
    seen: HashSet<String>,
    offset: u64,
    fetched: usize,
    max_pages: usize,
}

impl<R: Paged> Pages<R> {
    #[doc(hidden)]
    pub fn new(request: R) -> Self {
        Pages {
            offset: request.start_offset(),
            next: Some(request),
            in_flight: None,
            seen: HashSet::new(),
            fetched: 0,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }

    /// Stops after `pages` pages (default [`DEFAULT_MAX_PAGES`]).
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = pages;
        self
    }

    /// Decides, from the page just received, whether and where the walk goes on.
    fn plan_next(&mut self, request: &R, info: &PageInfo) -> Option<R> {
        self.offset += info.count as u64;
        if info.count == 0 || info.more == Some(false) {
            return None;
        }
        let cursor = if R::BY_CURSOR {
            let cursor = info.cursor.clone().filter(|c| !c.is_empty())?;
            if !self.seen.insert(cursor.clone()) {
                tracing::debug!(target: "okru::paging", "a cursor repeated; the walk ends");
                return None;
            }
            Some(cursor)
        } else {
            None
        };
        Some(request.resume(&Resume {
            cursor,
            offset: self.offset,
        }))
    }
}

impl<R: Paged> Unpin for Pages<R> {}

impl<R: Paged> Stream for Pages<R> {
    type Item = Result<R::Output>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.in_flight.is_none() {
            let Some(request) = this.next.take() else {
                return Poll::Ready(None);
            };
            if this.fetched >= this.max_pages {
                return Poll::Ready(None);
            }
            this.fetched += 1;
            let future = request.clone().send_page();
            this.in_flight = Some((request, future));
        }
        let Some((_, future)) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let answer = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(answer) => answer,
        };
        let Some((request, _)) = this.in_flight.take() else {
            return Poll::Ready(None);
        };
        match answer {
            Ok(page) => {
                let info = R::page_info(&page);
                if info.count == 0 {
                    return Poll::Ready(None);
                }
                this.next = this.plan_next(&request, &info);
                Poll::Ready(Some(Ok(page)))
            }
            Err(error) => Poll::Ready(Some(Err(error))),
        }
    }
}

/// The items of a paged method, page after page, as a `Stream`. Made by the builders'
/// `.items()`; `Send + 'static` like [`Pages`].
#[must_use = "a stream does nothing until it is polled"]
pub struct Items<R: Paged> {
    pages: Pages<R>,
    buffered: VecDeque<R::Item>,
}

impl<R: Paged> Items<R> {
    #[doc(hidden)]
    pub fn new(request: R) -> Self {
        Items {
            pages: Pages::new(request),
            buffered: VecDeque::new(),
        }
    }

    /// Stops after `pages` pages (default [`DEFAULT_MAX_PAGES`]).
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.pages = self.pages.max_pages(pages);
        self
    }
}

impl<R: Paged> Unpin for Items<R> {}

impl<R: Paged> Stream for Items<R> {
    type Item = Result<R::Item>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(item) = self.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut self.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => self.buffered.extend(R::into_items(page)),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
