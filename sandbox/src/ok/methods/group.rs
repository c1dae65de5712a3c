//! `group.*`: groups and memberships.

use serde_json::{Map, Value, json};

use super::{Call, Method, SessionRule};
use crate::answer::list;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    Method {
        name: "group.getInfo",
        session: SessionRule::Optional,
        handler: get_info,
    },
    Method {
        name: "group.getCounters",
        session: SessionRule::Optional,
        handler: get_counters,
    },
    Method {
        name: "group.getUserGroupsByIds",
        session: SessionRule::Optional,
        handler: get_user_groups_by_ids,
    },
];

fn get_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let uids = call.required("uids")?;
    let fields = call.required("fields")?;
    Ok(list(uids)
        .filter_map(data::group_by_id)
        .map(|group| data::select(data::group(group), fields))
        .collect())
}

fn known_group(call: &Call<'_>, name: &str) -> Result<&'static data::Group, ApiError> {
    let id = call.required(name)?;
    data::group_by_id(id).ok_or_else(|| ApiError::new(160, format!("Invalid group id {id}")))
}

fn get_counters(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = known_group(call, "group_id")?;
    let types = call.required("counterTypes")?;
    let mut counters = Map::new();
    for kind in list(types) {
        let value = match kind.to_ascii_uppercase().as_str() {
            "MEMBERS" => group.members_count,
            "MODERATORS" => group
                .members
                .iter()
                .filter(|(_, status)| matches!(*status, "ADMIN" | "MODERATOR"))
                .count() as u64,
            "THEMES" => 42,
            "PHOTO_ALBUMS" => 3,
            "VIDEOS" => 7,
            "LINKS" => 5,
            "PRESENTS" => 0,
            "JOIN_REQUESTS" | "BLACK_LIST" => 0,
            _ => {
                return Err(ApiError::new(
                    100,
                    format!("Invalid parameter counterTypes: {kind}"),
                ));
            }
        };
        counters.insert(kind.to_ascii_lowercase(), json!(value));
    }
    Ok(json!({ "counters": counters }))
}

fn get_user_groups_by_ids(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = known_group(call, "group_id")?;
    let uids = call.required("uids")?;
    Ok(list(uids)
        .filter(|uid| data::user_by_id(uid).is_some())
        .map(|uid| {
            let status = group
                .members
                .iter()
                .find(|(member, _)| *member == uid)
                .map_or("UNKNOWN", |(_, status)| *status);
            json!({ "groupId": group.id, "userId": uid, "status": status })
        })
        .collect())
}
