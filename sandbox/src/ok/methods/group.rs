//! `group.*`: groups.

use serde_json::Value;

use super::{Call, Method, SessionRule};
use crate::answer::list;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[Method {
    name: "group.getInfo",
    session: SessionRule::Optional,
    handler: get_info,
}];

fn get_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let uids = call.required("uids")?;
    let fields = call.required("fields")?;
    Ok(list(uids)
        .filter_map(data::group_by_id)
        .map(|group| data::select(data::group(group), fields))
        .collect())
}
