//! What the builders of paged and chunked methods declare for the runtime: where the items
//! and the next cursor are in an answer, which parameter to set to go on, and which id
//! list to split. The walking and the splitting are the runtime's (`crate::client::paging`,
//! `crate::client::chunking`).

use proc_macro2::TokenStream;
use quote::quote;

use super::builders::builder_name;
use super::{ident, rust_type, session_trait};
use crate::model::{CursorAt, FieldRef, ItemsAt, Method, PagingBy, Platform};

/// `[T]` (a place, to borrow or call methods on) of the page's items, from `page: &Output`.
fn items_slice(items: &ItemsAt) -> TokenStream {
    match items {
        ItemsAt::Whole { .. } => quote!(page[..]),
        ItemsAt::Field { field, .. } => {
            let name = ident(&field.rust_name);
            if field.required {
                quote!(page.#name[..])
            } else {
                quote!((*page.#name.as_ref().map_or(&[][..], |items| &items[..])))
            }
        }
    }
}

/// `Vec<T>` of the page's items, from `page: Output`.
fn items_owned(items: &ItemsAt) -> TokenStream {
    let into_vec = |listed: bool| {
        if listed {
            quote!(.into_vec())
        } else {
            quote!()
        }
    };
    match items {
        ItemsAt::Whole { listed } => {
            let into_vec = into_vec(*listed);
            quote!(page #into_vec)
        }
        ItemsAt::Field { field, listed } => {
            let name = ident(&field.rust_name);
            let listed = *listed;
            let into_vec = into_vec(listed);
            match (field.required, listed) {
                (true, _) => quote!(page.#name #into_vec),
                (false, true) => {
                    quote!(page.#name.map(|items| items.into_vec()).unwrap_or_default())
                }
                (false, false) => quote!(page.#name.unwrap_or_default()),
            }
        }
    }
}

/// An `Option` of a field's value, cloned, from `page: &Output`.
fn optional_field(field: &FieldRef) -> TokenStream {
    let name = ident(&field.rust_name);
    if field.required {
        quote!(::std::option::Option::Some(::std::clone::Clone::clone(&page.#name)))
    } else {
        quote!(::std::clone::Clone::clone(&page.#name))
    }
}

/// The `Paged` implementation and the `.pages()` / `.items()` methods of a paged builder.
pub(super) fn emit_paging(platform: &Platform, method: &Method) -> TokenStream {
    let Some(paging) = &method.paging else {
        return quote!();
    };
    let builder = builder_name(method);
    let session = session_trait(platform.name);
    let output = rust_type(platform.name, &method.returns);
    let item = rust_type(platform.name, &paging.item);
    let slice = items_slice(&paging.items);
    let owned = items_owned(&paging.items);
    let more = match &paging.more {
        Some(field) => optional_field(field),
        None => quote!(::std::option::Option::None),
    };
    let (by_cursor, cursor, start, resume) = match &paging.by {
        PagingBy::Cursor { param, next } => {
            let param = ident(param);
            let cursor = match next {
                CursorAt::Field(field) => optional_field(field),
                CursorAt::LastItem(field) => {
                    let field = ident(field);
                    quote! {
                        #slice.last().and_then(|item| crate::client::paging::cursor_text(&item.#field))
                    }
                }
            };
            (
                true,
                cursor,
                quote!(),
                quote!(next.#param = ::std::clone::Clone::clone(&at.cursor);),
            )
        }
        PagingBy::Offset { param } => {
            let param = ident(param);
            (
                false,
                quote!(::std::option::Option::None),
                quote! {
                    fn start_offset(&self) -> u64 {
                        self.#param.map_or(0, |offset| u64::try_from(offset).unwrap_or(0))
                    }
                },
                quote!(next.#param = ::std::option::Option::Some(i64::try_from(at.offset).unwrap_or(i64::MAX));),
            )
        }
    };
    quote! {
        impl<S: #session> crate::client::paging::Paged for #builder<S> {
            type Item = #item;
            const BY_CURSOR: bool = #by_cursor;

            fn send_page(self) -> crate::ResponseFuture<#output> {
                ::std::future::IntoFuture::into_future(self)
            }

            fn page_info(page: &#output) -> crate::client::paging::PageInfo {
                crate::client::paging::PageInfo {
                    count: #slice.len(),
                    cursor: #cursor,
                    more: #more,
                }
            }

            fn into_items(page: #output) -> ::std::vec::Vec<#item> {
                #owned
            }

            #start

            fn resume(&self, at: &crate::client::paging::Resume) -> Self {
                let mut next = ::std::clone::Clone::clone(self);
                #resume
                next
            }
        }

        impl<S: #session> #builder<S> {
            /// Every page of the answer, as a stream of typed pages; it follows the method's
            /// cursor and stops at the end, on an empty page or on a cursor that repeats.
            pub fn pages(self) -> crate::client::Pages<Self> {
                crate::client::Pages::new(self)
            }

            /// Every item of every page, as a stream; see [`Self::pages`].
            pub fn items(self) -> crate::client::Items<Self> {
                crate::client::Items::new(self)
            }
        }
    }
}

/// The `Chunked` implementation of a builder whose id list has a documented maximum.
pub(super) fn emit_chunking(platform: &Platform, method: &Method) -> TokenStream {
    let Some(chunk) = &method.chunk else {
        return quote!();
    };
    let session = session_trait(platform.name);
    let builder = builder_name(method);
    let param = ident(&chunk.param);
    let max = chunk.max;
    quote! {
        impl<S: #session> crate::client::chunking::Chunked for #builder<S> {
            const MAX: usize = #max;

            fn chunk_len(&self) -> usize {
                self.#param.len()
            }

            fn chunk(&self, range: ::std::ops::Range<usize>) -> Self {
                let mut part = ::std::clone::Clone::clone(self);
                part.#param = self.#param[range].to_vec();
                part
            }
        }
    }
}
