//! `communities.*` and `interests.*`. Their answers are not documented; the
//! shapes here are the sandbox's own.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, method};
use crate::ok::media::page;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    method(
        "communities.getMembers",
        SessionRule::Required,
        &["gid"],
        communities_get_members,
    ),
    method("interests.get", SessionRule::Required, &[], interests_get),
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
