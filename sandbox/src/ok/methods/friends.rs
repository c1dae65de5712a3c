//! `friends.*`: the friend graph.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, known_user};
use crate::answer::list;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    Method {
        name: "friends.get",
        session: SessionRule::Optional,
        handler: get,
    },
    Method {
        name: "friends.getAppUsers",
        session: SessionRule::Optional,
        handler: get_app_users,
    },
    Method {
        name: "friends.getAppUsersOnline",
        session: SessionRule::Required,
        handler: get_app_users_online,
    },
    Method {
        name: "friends.getMutualFriends",
        session: SessionRule::Optional,
        handler: get_mutual_friends,
    },
    Method {
        name: "friends.getOnline",
        session: SessionRule::Optional,
        handler: get_online,
    },
];

fn get(call: &Call<'_>) -> Result<Value, ApiError> {
    let owner = match call.param("fid").filter(|fid| !fid.is_empty()) {
        Some(fid) => known_user(fid)?,
        None => call.acting_user()?,
    };
    Ok(json!(owner.friends))
}

/// Friends of the acting user who have installed the application.
fn app_friends(call: &Call<'_>) -> Result<impl Iterator<Item = &'static str>, ApiError> {
    let user = call.acting_user()?;
    Ok(user
        .friends
        .iter()
        .copied()
        .filter(|id| data::APP_USERS.contains(id)))
}

fn get_app_users(call: &Call<'_>) -> Result<Value, ApiError> {
    Ok(json!({ "uids": app_friends(call)?.collect::<Vec<_>>() }))
}

fn get_app_users_online(call: &Call<'_>) -> Result<Value, ApiError> {
    let online: Vec<&str> = app_friends(call)?
        .filter(|id| data::online_users().any(|user| user.id == *id))
        .collect();
    Ok(json!({ "friends": online }))
}

fn get_mutual_friends(call: &Call<'_>) -> Result<Value, ApiError> {
    let source = match call.user {
        Some(user) => user,
        None => known_user(call.required("source_id")?)?,
    };
    let target = known_user(call.required("target_id")?)?;
    let limit = call
        .int("count")?
        .map_or(usize::MAX, |count| usize::try_from(count).unwrap_or(0));
    let mutual: Vec<&str> = source
        .friends
        .iter()
        .copied()
        .filter(|id| target.friends.contains(id))
        .take(limit)
        .collect();
    Ok(json!(mutual))
}

fn get_online(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let wanted: Vec<&str> = call
        .param("online")
        .map(|o| list(o).collect())
        .unwrap_or_default();
    let online: Vec<&str> = data::online_users()
        .filter(|friend| user.friends.contains(&friend.id))
        .filter(|friend| {
            wanted.is_empty()
                || friend
                    .online
                    .is_some_and(|place| wanted.iter().any(|w| w.eq_ignore_ascii_case(place)))
        })
        .map(|friend| friend.id)
        .collect();
    Ok(json!(online))
}
