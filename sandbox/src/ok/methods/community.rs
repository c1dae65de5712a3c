//! `communities.*`, `interests.*` and `market.*`. Their answers are not documented; the
//! shapes here are the sandbox's own.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule};
use crate::ok::media::page;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    Method {
        name: "communities.getMembers",
        session: SessionRule::Required,
        handler: communities_get_members,
    },
    Method {
        name: "interests.get",
        session: SessionRule::Required,
        handler: interests_get,
    },
    Method {
        name: "market.getProducts",
        session: SessionRule::Required,
        handler: market_get_products,
    },
];

fn known_group(call: &Call<'_>) -> Result<&'static data::Group, ApiError> {
    let gid = call.required("gid")?;
    data::group_by_id(gid).ok_or_else(|| ApiError::new(160, format!("Invalid group id {gid}")))
}

/// The members of the group (as a community), page by page.
fn communities_get_members(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = known_group(call)?;
    let members: Vec<&str> = group.members.iter().map(|(id, _)| *id).collect();
    let count = call
        .int("count")?
        .map_or(10, |c| usize::try_from(c).unwrap_or(0));
    let (chunk, anchor, more) = page(&members, call.param("anchor"), count);
    Ok(json!({ "members": chunk, "anchor": anchor, "has_more": more }))
}

fn interests_get(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    Ok(json!({ "uid": user.id, "interests": ["programming", "fishing"] }))
}

/// Two products in the open group, none elsewhere.
fn market_get_products(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = known_group(call)?;
    let products = if group.access_type == "OPEN" {
        json!([
            { "id": "7700000001", "title": "Rust in Action (book)", "price": "1990" },
            { "id": "7700000002", "title": "Ferris plush", "price": "990" },
        ])
    } else {
        json!([])
    };
    Ok(json!({ "short_products": products, "has_more": false }))
}
