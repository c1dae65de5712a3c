//! `friends.*`: the friend graph.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, known_user, method};
use crate::answer::list;
use crate::ok::content::{self, RELATIONS};
use crate::ok::media::page;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    method(
        "friends.appInvite",
        SessionRule::Required,
        &["uids"],
        app_invite,
    ),
    method("friends.get", SessionRule::Optional, &[], get),
    method(
        "friends.getAppUsers",
        SessionRule::Optional,
        &[],
        get_app_users,
    ),
    method(
        "friends.getAppUsersOnline",
        SessionRule::Required,
        &[],
        get_app_users_online,
    ),
    method(
        "friends.getBirthdays",
        SessionRule::Optional,
        &[],
        get_birthdays,
    ),
    method(
        "friends.getByDevices",
        SessionRule::Optional,
        &["devices"],
        get_by_devices,
    ),
    method(
        "friends.getMutualFriends",
        SessionRule::Optional,
        &["target_id"],
        get_mutual_friends,
    ),
    method("friends.getOnline", SessionRule::Optional, &[], get_online),
    method(
        "friends.getRelatives",
        SessionRule::Required,
        &[],
        get_relatives,
    ),
    method(
        "friends.getRelativesV2",
        SessionRule::Required,
        &["uid"],
        get_relatives_v2,
    ),
    method(
        "friends.getSuggestions",
        SessionRule::Optional,
        &[],
        get_suggestions,
    ),
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

/// Invitations go to friends who do not use the application yet (OK's notes); the sandbox
/// answers `true` when every invitee qualifies.
fn app_invite(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    for uid in list(call.required("uids")?) {
        let friend = known_user(uid)?;
        if !user.friends.contains(&friend.id) {
            return Err(ApiError::new(1103, format!("User {uid} is not a friend")));
        }
    }
    if let Some(devices) = call.param("devices") {
        for device in list(devices) {
            if !matches!(device, "IOS" | "ANDROID") {
                return Err(ApiError::new(
                    100,
                    format!("Invalid parameter devices: {device}"),
                ));
            }
        }
    }
    Ok(json!(true))
}

/// Days from the sandbox's "today" (1 June) to the next birthday.
fn days_to_birthday((_, month, day): (u32, u32, u32)) -> u32 {
    let ordinal = |m: u32, d: u32| (m - 1) * 31 + d;
    let today = ordinal(6, 1);
    let birthday = ordinal(month, day);
    if birthday >= today {
        birthday - today
    } else {
        birthday + 12 * 31 - today
    }
}

/// Friends whose birthday is today, or with `future` within the next 60 days.
fn get_birthdays(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let window = if call.flag("future") { 60 } else { 0 };
    let ids: Vec<&str> = user
        .friends
        .iter()
        .filter_map(|id| data::user_by_id(id))
        .filter(|friend| days_to_birthday(friend.birthday) <= window)
        .map(|friend| friend.id)
        .collect();
    Ok(json!(ids))
}

fn get_by_devices(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let wanted: Vec<&str> = list(call.required("devices")?).collect();
    let ids: Vec<&str> = user
        .friends
        .iter()
        .copied()
        .filter(|id| content::devices_of(id).iter().any(|d| wanted.contains(d)))
        .collect();
    Ok(json!(ids))
}

fn relations_of(uid: &str, types: &[&str]) -> Vec<Value> {
    RELATIONS
        .iter()
        .filter(|(user, ..)| *user == uid)
        .filter(|(_, _, kind, sub)| {
            types.is_empty()
                || types.contains(kind)
                || types.contains(sub)
                || types.contains(&"ALL")
        })
        .map(|(_, other, kind, sub)| json!({ "type_id": kind, "subtype_id": sub, "uids": [other] }))
        .collect()
}

/// The older form (the sandbox's shape): `{"relations": [...]}`.
fn get_relatives(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = match call.param("uid").filter(|u| !u.is_empty()) {
        Some(uid) => known_user(uid)?,
        None => call.acting_user()?,
    };
    let types: Vec<&str> = call
        .param("reltypes")
        .map(|t| list(t).collect())
        .unwrap_or_default();
    Ok(json!({ "relations": relations_of(user.id, &types) }))
}

fn get_relatives_v2(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = known_user(call.required("uid")?)?;
    let friend_ids = call.param("friend_ids").filter(|f| !f.is_empty());
    let reltypes = call.param("reltypes").filter(|r| !r.is_empty());
    if friend_ids.is_some() == reltypes.is_some() {
        return Err(ApiError::new(
            100,
            "Exactly one of friend_ids and reltypes must be given",
        ));
    }
    let relations: Vec<Value> = match (friend_ids, reltypes) {
        (Some(ids), _) => {
            let ids: Vec<&str> = list(ids).collect();
            RELATIONS
                .iter()
                .filter(|(u, other, ..)| *u == user.id && ids.contains(other))
                .map(|(_, other, kind, sub)| json!({ "type_id": kind, "subtype_id": sub, "uids": [other] }))
                .collect()
        }
        (None, Some(types)) => relations_of(user.id, &list(types).collect::<Vec<_>>()),
        (None, None) => Vec::new(),
    };
    let (chunk, anchor, more) = page(&relations, call.param("anchor"), call.count(10)?);
    Ok(json!({
        "relations": chunk,
        "anchor": anchor,
        "etag": format!("rel-{}", relations.len()),
        "has_more": more,
        "totalCount": relations.len(),
    }))
}

/// Sandbox users who are not friends yet, with the number of common friends.
fn get_suggestions(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let suggestions: Vec<Value> = data::USERS
        .iter()
        .filter(|other| other.id != user.id && !user.friends.contains(&other.id))
        .map(|other| {
            let common = other
                .friends
                .iter()
                .filter(|f| user.friends.contains(f))
                .count();
            json!({ "uid": other.id, "common": common })
        })
        .collect();
    let (chunk, anchor, more) = page(&suggestions, call.param("anchor"), call.count(10)?);
    Ok(json!({ "users": chunk, "anchor": anchor, "has_more": more }))
}
