//! The group accessors, the request builders and the permission traits.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::method_doc;
use super::{api_path, ident, platform_title, rust_type, session_trait};
use crate::model::{Field, Group, Method, Platform, PlatformName, SessionRule, Ty};
use crate::names::{pascal_case, permission_feature, snake_case};

pub(super) fn emit_group(platform: &Platform, group: &Group) -> TokenStream {
    let module = ident(&snake_case(&group.api_name));
    let api = api_path(platform.name);
    let session = session_trait(platform.name);
    let doc = format!("Builders of the `{}` methods.", group.api_name);
    let group_doc = format!(
        "The `{}` group; reach it with `api.{}()`.",
        group.api_name,
        snake_case(&group.api_name)
    );
    let group_type = group_type(group);
    let constructors = group.methods.iter().map(|m| emit_constructor(platform, m));
    let builders = group.methods.iter().map(|m| emit_builder(platform, m));
    quote! {
        #[doc = #doc]
        pub mod #module {
            #[doc = #group_doc]
            #[derive(Debug)]
            pub struct #group_type<'a, S> {
                pub(crate) api: &'a #api<S>,
            }

            impl<'a, S: #session> #group_type<'a, S> {
                #(#constructors)*
            }

            #(#builders)*
        }
    }
}

/// The type of a group accessor, named after its group (`UsersMethods`).
pub(super) fn group_type(group: &Group) -> Ident {
    format_ident!("{}Methods", pascal_case(&group.api_name))
}

/// The trait standing for one permission, and its feature-gated blanket implementation.
pub(super) fn emit_permission(platform: PlatformName, permission: &str) -> TokenStream {
    let name = ident(&pascal_case(&permission.to_ascii_lowercase()));
    let feature = permission_feature(platform.key(), permission);
    let title = platform_title(platform);
    let message = format!(
        "`{{M}}` needs the {title} permission `{permission}`, which this build of okru does not declare"
    );
    let label = format!("needs the `{permission}` permission");
    let note = format!(
        "if your application was granted `{permission}`, enable the okru Cargo feature `{feature}` \
         (or `all-permissions`)"
    );
    let doc = format!(
        "Declares the {title} permission `{permission}`: implemented when the Cargo feature \
         `{feature}` is enabled."
    );
    quote! {
        #[doc = #doc]
        #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
        pub trait #name<M> {}

        #[cfg(feature = #feature)]
        impl<S, M> #name<M> for S {}
    }
}

pub(super) fn builder_name(method: &Method) -> Ident {
    format_ident!("{}", pascal_case(&method.short_name))
}

/// The argument type a setter or constructor accepts for a parameter type.
fn argument_type(platform: PlatformName, ty: &Ty) -> TokenStream {
    match ty {
        Ty::Str => quote!(impl ::std::convert::Into<::std::string::String>),
        Ty::Id(_) | Ty::Enum(_) => {
            let ty = rust_type(platform, ty);
            quote!(impl ::std::convert::Into<#ty>)
        }
        Ty::List(inner) => {
            let inner = rust_type(platform, inner);
            quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#inner>>)
        }
        other => rust_type(platform, other),
    }
}

/// Converts an argument of [`argument_type`] into the stored field type.
fn argument_conversion(ty: &Ty, value: &Ident) -> TokenStream {
    match ty {
        Ty::Str | Ty::Id(_) | Ty::Enum(_) => quote!(#value.into()),
        Ty::List(_) => quote!(#value.into_iter().map(::std::convert::Into::into).collect()),
        _ => quote!(#value),
    }
}

fn emit_constructor(platform: &Platform, method: &Method) -> TokenStream {
    let fn_name = ident(&snake_case(&method.short_name));
    let builder = builder_name(method);
    let doc = method_doc(platform, method);
    let required: Vec<&Field> = method.params.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|p| {
        let name = ident(&p.rust_name);
        let ty = argument_type(platform.name, &p.ty);
        quote!(#name: #ty)
    });
    let inits = method.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        if p.required {
            match p.ty {
                // Taken as is: the field init shorthand.
                Ty::Int
                | Ty::Float
                | Ty::Bool
                | Ty::Flag
                | Ty::Json
                | Ty::Model(_)
                | Ty::Map(_) => {
                    quote!(#name)
                }
                _ => {
                    let conversion = argument_conversion(&p.ty, &name);
                    quote!(#name: #conversion)
                }
            }
        } else {
            quote!(#name: ::std::option::Option::None)
        }
    });
    // The bounds carry the method's builder type so that the compiler's message can name it.
    let marker = quote!(#builder<()>);
    let session_bound = match method.session {
        SessionRule::Required => Some(quote!(S: crate::session::UserSessionFor<#marker>)),
        SessionRule::Prohibited => Some(quote!(S: crate::session::NoUserSessionFor<#marker>)),
        SessionRule::Optional => None,
    };
    let permission_bounds = method.permissions.iter().map(|permission| {
        let permission = ident(&pascal_case(&permission.to_ascii_lowercase()));
        let module = ident(platform.name.key());
        quote!(S: crate::#module::permissions::#permission<#marker>)
    });
    let bounds: Vec<TokenStream> = session_bound.into_iter().chain(permission_bounds).collect();
    let where_clause = if bounds.is_empty() {
        quote!()
    } else {
        quote!(where #(#bounds),*)
    };
    quote! {
        #[doc = #doc]
        pub fn #fn_name(&self, #(#args),*) -> #builder<S> #where_clause {
            #builder {
                api: ::std::clone::Clone::clone(self.api),
                #(#inits,)*
                extra: crate::Params::new(),
            }
        }
    }
}

fn emit_builder(platform: &Platform, method: &Method) -> TokenStream {
    let builder = builder_name(method);
    let api = api_path(platform.name);
    let session = session_trait(platform.name);
    let api_name = &method.api_name;
    let output = rust_type(platform.name, &method.returns);
    let idempotent = method.idempotent;
    let paging = super::paging::emit_paging(platform, method);
    let chunking = super::paging::emit_chunking(platform, method);
    let send = if method.chunk.is_some() {
        // Over the documented maximum, the runtime splits the id list.
        quote!(crate::client::chunking::send(
            ::std::clone::Clone::clone(&self.api),
            self
        ))
    } else {
        quote! {
            let params = self.params();
            self.api.into_response(#api_name, #idempotent, params)
        }
    };
    let doc = format!(
        "Request builder for `{api_name}`; await it to send the request.\n\n{}",
        method_doc(platform, method)
    );
    let clones = method.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        quote!(#name: ::std::clone::Clone::clone(&self.#name),)
    });
    let fields = method.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let ty = rust_type(platform.name, &p.ty);
        if p.required {
            quote!(#name: #ty,)
        } else {
            quote!(#name: ::std::option::Option<#ty>,)
        }
    });
    let setters = method.params.iter().filter(|p| !p.required).map(|p| {
        let name = ident(&p.rust_name);
        let ty = argument_type(platform.name, &p.ty);
        let conversion = argument_conversion(&p.ty, &name);
        let doc = format!(
            "Sets `{}`{}",
            p.api_name,
            if p.description.is_empty() {
                ".".to_owned()
            } else {
                format!(": {}", p.description)
            }
        );
        quote! {
            #[doc = #doc]
            pub fn #name(mut self, #name: #ty) -> Self {
                self.#name = ::std::option::Option::Some(#conversion);
                self
            }
        }
    });
    let pushes = method.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let wire = &p.api_name;
        let value = if p.ty == Ty::Flag {
            quote!(crate::wire::params::Flag(*v))
        } else {
            quote!(v)
        };
        if p.required {
            let value = if p.ty == Ty::Flag {
                quote!(crate::wire::params::Flag(self.#name))
            } else {
                quote!(&self.#name)
            };
            quote!(params.push(#wire, #value);)
        } else {
            quote! {
                if let ::std::option::Option::Some(v) = &self.#name {
                    params.push(#wire, #value);
                }
            }
        }
    });
    let capacity = method.params.len();
    let params_body = if method.params.is_empty() {
        quote!(self.extra.clone())
    } else {
        quote! {
            let mut params = crate::Params::with_capacity(#capacity + self.extra.len());
            #(#pushes)*
            params.extend_from(&self.extra);
            params
        }
    };
    quote! {
        #[doc = #doc]
        #[must_use = "a request does nothing until it is awaited"]
        #[derive(Debug)]
        pub struct #builder<S> {
            api: #api<S>,
            #(#fields)*
            extra: crate::Params,
        }

        // By hand: a derive would ask `S: Clone`, but the `Api` is an `Arc` and clones
        // without it.
        impl<S> ::std::clone::Clone for #builder<S> {
            fn clone(&self) -> Self {
                #builder {
                    api: ::std::clone::Clone::clone(&self.api),
                    #(#clones)*
                    extra: ::std::clone::Clone::clone(&self.extra),
                }
            }
        }

        impl<S: #session> #builder<S> {
            /// The API name of this method.
            pub const METHOD: &'static str = #api_name;

            #(#setters)*

            /// Adds a parameter the catalogue does not list (a new or undocumented one); it
            /// is sent and signed like the others. Names the session sets itself (`sig`,
            /// `method`, tokens ...) are refused when the request is sent.
            pub fn extra_param(
                mut self,
                name: impl ::std::convert::Into<::std::borrow::Cow<'static, str>>,
                value: impl crate::ParamValue,
            ) -> Self {
                self.extra.push(name, value);
                self
            }

            /// The method's own parameters exactly as they will be sent (before the
            /// session adds its authentication parameters and the signature).
            // Every value is passed by reference, whatever its type, to keep the emitter simple.
            #[allow(clippy::needless_borrows_for_generic_args)]
            pub fn params(&self) -> crate::Params {
                #params_body
            }
        }

        impl<S: #session> crate::Request for #builder<S> {
            type Output = #output;

            fn method(&self) -> &'static str {
                #api_name
            }

            fn params(&self) -> crate::Params {
                #builder::params(self)
            }

            fn is_idempotent(&self) -> bool {
                #idempotent
            }
        }

        impl<S: #session> ::std::future::IntoFuture for #builder<S> {
            type Output = ::std::result::Result<#output, crate::Error>;
            type IntoFuture = crate::ResponseFuture<#output>;

            fn into_future(self) -> Self::IntoFuture {
                #send
            }
        }

        #paging
        #chunking
    }
}
