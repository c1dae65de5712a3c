//! Response models and open enumerations.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, platform_title, rust_type};
use crate::model::{Enum, Model, PlatformName, Ty};

/// Model field types are resolved from inside `types`, where models are siblings.
fn model_field_type(platform: PlatformName, ty: &Ty) -> TokenStream {
    match ty {
        Ty::Model(name) | Ty::Enum(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Ty::List(inner) => {
            let inner = model_field_type(platform, inner);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = model_field_type(platform, inner);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        other => rust_type(platform, other),
    }
}

/// Numbers, booleans and strings are decoded leniently (the APIs write `"12"` for 12, `1`
/// for true and numbers where text is documented), by the helpers in `crate::de`.
fn lenient_decoder(ty: &Ty, required: bool) -> Option<&'static str> {
    Some(match (ty, required) {
        (Ty::Int, true) => "crate::wire::lenient::int",
        (Ty::Int, false) => "crate::wire::lenient::opt_int",
        (Ty::Float, true) => "crate::wire::lenient::float",
        (Ty::Float, false) => "crate::wire::lenient::opt_float",
        (Ty::Bool | Ty::Flag, true) => "crate::wire::lenient::boolean",
        (Ty::Bool | Ty::Flag, false) => "crate::wire::lenient::opt_boolean",
        (Ty::Str, true) => "crate::wire::lenient::string",
        (Ty::Str, false) => "crate::wire::lenient::opt_string",
        _ => return None,
    })
}

pub(super) fn emit_model(platform: PlatformName, model: &Model) -> TokenStream {
    let name = ident(&model.name);
    let doc = format!(
        "{}\n\nPlatform: {}.",
        model.description,
        platform_title(platform)
    );
    let fields = model.fields.iter().map(|field| {
        let rust_name = ident(&field.rust_name);
        let api_name = &field.api_name;
        let ty = model_field_type(platform, &field.ty);
        let ty = if field.required {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        };
        let mut attrs = Vec::new();
        if field.rust_name != field.api_name {
            attrs.push(quote!(rename = #api_name));
        }
        for alias in &field.aliases {
            attrs.push(quote!(alias = #alias));
        }
        if !field.required {
            attrs.push(quote!(default, skip_serializing_if = "Option::is_none"));
        }
        if let Some(decoder) = lenient_decoder(&field.ty, field.required) {
            attrs.push(quote!(deserialize_with = #decoder));
        }
        let serde_attr = if attrs.is_empty() {
            quote!()
        } else {
            quote!(#[serde(#(#attrs),*)])
        };
        let doc = if field.description.is_empty() {
            format!("`{api_name}`")
        } else {
            format!("`{api_name}`: {}", field.description)
        };
        quote! {
            #[doc = #doc]
            #serde_attr
            pub #rust_name: #ty,
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// An open enumeration, declared through the core's `open_enum!` macro.
pub(super) fn emit_enum(platform: PlatformName, en: &Enum) -> TokenStream {
    let name = ident(&en.name);
    let doc = format!(
        "{}\n\nPlatform: {}. Values the documentation does not list decode to \
         `Unrecognized` and are sent back unchanged.",
        en.description,
        platform_title(platform)
    );
    let variants = en.values.iter().map(|value| {
        let variant = ident(&value.rust_name);
        let wire = &value.wire;
        let doc = if value.description.is_empty() {
            format!("`{wire}`")
        } else {
            format!("`{wire}`: {}", value.description)
        };
        quote! {
            #[doc = #doc]
            #variant = #wire,
        }
    });
    quote! {
        crate::open_enum! {
            #[doc = #doc]
            pub enum #name {
                #(#variants)*
            }
        }
    }
}
