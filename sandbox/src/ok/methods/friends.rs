//! `friends.*`: the friend graph.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, known_user};
use crate::ok::ApiError;

pub(super) const METHODS: &[Method] = &[Method {
    name: "friends.get",
    session: SessionRule::Optional,
    handler: get,
}];

fn get(call: &Call<'_>) -> Result<Value, ApiError> {
    let owner = match call.param("fid").filter(|fid| !fid.is_empty()) {
        Some(fid) => known_user(fid)?,
        None => call.acting_user()?,
    };
    Ok(json!(owner.friends))
}
