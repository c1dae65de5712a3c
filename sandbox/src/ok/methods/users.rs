//! `users.*`: profiles, the session's user, call quotas.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, find, known_user, lock, method};
use crate::answer::list;
use crate::ok::content;
use crate::ok::media::page;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    method(
        "users.deleteGuests",
        SessionRule::Required,
        &["uids"],
        delete_guests,
    ),
    method(
        "users.getAdditionalInfo",
        SessionRule::Optional,
        &["uids"],
        get_additional_info,
    ),
    method(
        "users.getCallsLeft",
        SessionRule::Optional,
        &["methods"],
        get_calls_left,
    ),
    method(
        "users.getCurrentUser",
        SessionRule::Required,
        &[],
        get_current_user,
    ),
    method("users.getGames", SessionRule::Required, &[], get_games),
    method("users.getGuests", SessionRule::Required, &[], get_guests),
    method(
        "users.getHolidays",
        SessionRule::Required,
        &[],
        get_holidays,
    ),
    method(
        "users.getInfo",
        SessionRule::Optional,
        &["uids", "fields"],
        get_info,
    ),
    method(
        "users.getInfoBy",
        SessionRule::Required,
        &["uid"],
        get_info_by,
    ),
    method(
        "users.getInvitableFriends",
        SessionRule::Required,
        &[],
        get_invitable_friends,
    ),
    method(
        "users.getLoggedInUser",
        SessionRule::Required,
        &[],
        get_logged_in_user,
    ),
    method(
        "users.getMobileOperator",
        SessionRule::Optional,
        &[],
        get_mobile_operator,
    ),
    method(
        "users.getSettings",
        SessionRule::Optional,
        &[],
        get_settings,
    ),
    method(
        "users.hasAppPermission",
        SessionRule::Optional,
        &["ext_perm"],
        has_app_permission,
    ),
    method("users.isAppUser", SessionRule::Optional, &[], is_app_user),
    method(
        "users.removeAppPermissions",
        SessionRule::Optional,
        &["ext_perm"],
        remove_app_permissions,
    ),
    method(
        "users.setSettings",
        SessionRule::Required,
        &[],
        set_settings,
    ),
    method("users.setStatus", SessionRule::Required, &[], set_status),
    method(
        "users.updateMask",
        SessionRule::Optional,
        &["mask"],
        update_mask,
    ),
    method(
        "users.updateMasks",
        SessionRule::Prohibited,
        &["uids", "mask"],
        update_masks,
    ),
    method(
        "users.updateMasksV2",
        SessionRule::Prohibited,
        &["uids"],
        update_masks_v2,
    ),
];

fn get_current_user(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let profile = data::profile(user, call.flag("emptyPictures"));
    Ok(match call.param("fields") {
        Some(fields) if !fields.trim().is_empty() => data::select(profile, fields),
        _ => Value::Object(profile),
    })
}

fn get_logged_in_user(call: &Call<'_>) -> Result<Value, ApiError> {
    Ok(json!(call.acting_user()?.id))
}

fn get_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let uids = call.required("uids")?;
    let fields = call.required("fields")?;
    let empty_pictures = call.flag("emptyPictures");
    Ok(list(uids)
        .filter_map(data::user_by_id)
        .map(|user| data::select(data::profile(user, empty_pictures), fields))
        .collect())
}

fn get_calls_left(call: &Call<'_>) -> Result<Value, ApiError> {
    let methods = call.required("methods")?;
    Ok(list(methods)
        .map(|name| {
            let known = find(name).is_some();
            json!({
                "name": name,
                "available": known,
                "callsLeft": if known { 4321 } else { 0 },
            })
        })
        .collect())
}

fn get_additional_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let uids = call.required("uids")?;
    let users: Vec<Value> = list(uids)
        .filter_map(data::user_by_id)
        .map(|user| {
            let payer = data::APP_USERS.contains(&user.id) && user.has_email;
            json!({
                "user_id": user.id,
                "info": {
                    "app_payer": payer,
                    "ok_payer": payer,
                    "balance": if payer { "30-99" } else { "0" },
                    "last_payment": if payer { "CARD" } else { "NO" },
                    "player": data::APP_USERS.contains(&user.id),
                },
            })
        })
        .collect();
    Ok(json!({ "users": users }))
}

fn is_app_user(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    Ok(json!(data::APP_USERS.contains(&user.id)))
}

fn subject(call: &Call<'_>) -> Result<&'static data::User, ApiError> {
    match call.param("uid").filter(|uid| !uid.is_empty()) {
        Some(uid) => known_user(uid),
        None => call.acting_user(),
    }
}

/// Guests of the user's page: their friends, most recent first (the shape follows the older
/// photo paging; the platform does not document it).
fn get_guests(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let guests: Vec<Value> = user
        .friends
        .iter()
        .enumerate()
        .map(|(i, id)| json!({ "userId": id, "time_ms": 1_780_000_000_000_i64 - i as i64 * 3_600_000 }))
        .collect();
    let (chunk, anchor, more) = page(&guests, call.param("pagingAnchor"), call.count(20)?);
    Ok(json!({ "guests": chunk, "pagingAnchor": anchor, "hasMore": more }))
}

fn delete_guests(call: &Call<'_>) -> Result<Value, ApiError> {
    call.acting_user()?;
    for uid in list(call.required("uids")?) {
        known_user(uid)?;
    }
    Ok(json!(true))
}

/// The applications the user installed (the shape is the sandbox's choice).
fn get_games(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let games: Vec<Value> = content::apps_of(user.id)
        .iter()
        .map(|app| json!({ "app_id": app.id.to_string(), "name": app.name }))
        .collect();
    Ok(json!({ "games": games }))
}

/// The calendar's holidays and the user's birthday (the shape is the sandbox's choice).
fn get_holidays(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = subject(call)?;
    let (_, month, day) = user.birthday;
    let mut holidays: Vec<Value> = content::HOLIDAYS
        .iter()
        .map(|(id, day, month, name)| json!({ "id": id, "day": day, "month": month, "name": name }))
        .collect();
    holidays.push(json!({ "id": format!("birthday-{}", user.id), "day": day, "month": month, "name": "Birthday" }));
    Ok(json!({ "holidays": holidays }))
}

fn get_info_by(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = known_user(call.required("uid")?)?;
    let profile = data::profile(user, false);
    let profile = match call.param("fields").filter(|f| !f.trim().is_empty()) {
        Some(fields) => data::select(profile, fields),
        None => Value::Object(profile),
    };
    Ok(json!({ "user": profile }))
}

/// The user's friends; those already in the application cannot be invited (with
/// `suggestOnly`, only those are listed, for suggestions).
fn get_invitable_friends(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let suggest_only = call.flag("suggestOnly");
    let users: Vec<Value> = user
        .friends
        .iter()
        .map(|id| (id, data::APP_USERS.contains(id)))
        .filter(|(_, plays)| !suggest_only || *plays)
        .map(|(id, plays)| json!({ "uid": id, "selectable": !plays }))
        .collect();
    Ok(json!({ "users": users }))
}

fn get_mobile_operator(call: &Call<'_>) -> Result<Value, ApiError> {
    Ok(json!(content::operator_of(subject(call)?.id)))
}

/// The event types users.setSettings accepts (OK's notes).
const SMS_EVENTS: &[&str] = &[
    "NewMarks",
    "NewPresents",
    "NewMessages",
    "NewAltGroupInvitations",
    "AltGroupJoiningAccepted",
    "AltGroupModeratorInvitations",
    "NewPhotoPins",
    "NewForumMessages",
    "NewPhotoComments",
    "NewFriendConfirmations",
    "NewStatusComments",
    "AppInvitations",
    "FriendRecommendations",
    "FriendBirthdays",
];

fn sms_settings(
    call: &Call<'_>,
    user: &str,
) -> (std::collections::BTreeSet<String>, String, String) {
    lock(&call.state.store)
        .sms
        .get(user)
        .cloned()
        .unwrap_or_else(|| {
            (
                ["NewMessages".to_owned()].into(),
                "09:00".to_owned(),
                "21:00".to_owned(),
            )
        })
}

fn get_settings(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = subject(call)?;
    let (events, start, end) = sms_settings(call, user.id);
    Ok(json!({
        "sms_notifications": events.into_iter().collect::<Vec<_>>().join(","),
        "sms_notifications_start_time": start,
        "sms_notifications_end_time": end,
    }))
}

fn time(value: &str) -> bool {
    value
        .split_once(':')
        .and_then(|(h, m)| Some((h.parse::<u8>().ok()?, m.parse::<u8>().ok()?)))
        .is_some_and(|(h, m)| h < 24 && m < 60)
}

fn set_settings(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let (mut events, mut start, mut end) = sms_settings(call, user.id);
    for (name, add) in [("smsNotifAdd", true), ("smsNotifRemove", false)] {
        for event in call
            .param(name)
            .map(|v| list(v).collect::<Vec<_>>())
            .unwrap_or_default()
        {
            if !SMS_EVENTS.contains(&event) {
                return Err(ApiError::new(
                    100,
                    format!("Invalid parameter {name}: {event}"),
                ));
            }
            if add {
                events.insert(event.to_owned());
            } else {
                events.remove(event);
            }
        }
    }
    for (name, slot) in [
        ("smsNotifStartTime", &mut start),
        ("smsNotifEndTime", &mut end),
    ] {
        if let Some(value) = call.param(name).filter(|v| !v.is_empty()) {
            if !time(value) {
                return Err(ApiError::new(
                    100,
                    format!("Invalid parameter {name}: {value}"),
                ));
            }
            value.clone_into(slot);
        }
    }
    lock(&call.state.store)
        .sms
        .insert(user.id.to_owned(), (events, start, end));
    Ok(json!(true))
}

/// The permissions every sandbox user granted, minus the ones taken back.
const GRANTED: &[&str] = &[
    "VALUABLE_ACCESS",
    "PHOTO_CONTENT",
    "GROUP_CONTENT",
    "LONG_ACCESS_TOKEN",
];

fn has_app_permission(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = subject(call)?;
    let permission = call.required("ext_perm")?;
    let revoked = lock(&call.state.store)
        .revoked
        .contains(&(user.id.to_owned(), permission.to_owned()));
    Ok(json!(GRANTED.contains(&permission) && !revoked))
}

fn remove_app_permissions(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = subject(call)?;
    let mut store = lock(&call.state.store);
    for permission in list(call.required("ext_perm")?) {
        store
            .revoked
            .insert((user.id.to_owned(), permission.to_owned()));
    }
    Ok(json!(true))
}

/// The status API no longer works, OK's notes say; the sandbox accepts the call.
fn set_status(call: &Call<'_>) -> Result<Value, ApiError> {
    call.acting_user()?;
    Ok(json!(true))
}

/// `mask` OR-ed into (with `orUpdate`) or AND-ed with the user's mask; the result in decimal.
fn update(store: &mut super::Store, uid: &str, or: Option<i64>, and: Option<i64>) -> i64 {
    let mask = store.masks.entry(uid.to_owned()).or_insert(0);
    if let Some(or) = or {
        *mask |= or;
    }
    if let Some(and) = and {
        *mask &= and;
    }
    *mask & 0xFFFF_FFFF
}

fn update_mask(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = subject(call)?;
    let mask = call.int("mask")?.ok_or_else(|| ApiError::missing("mask"))?;
    let (or, and) = if call.flag("orUpdate") {
        (Some(mask), None)
    } else {
        (None, Some(mask))
    };
    Ok(json!(update(
        &mut lock(&call.state.store),
        user.id,
        or,
        and
    )))
}

/// The resulting masks per user id (the layout is the sandbox's choice).
fn masks(call: &Call<'_>, or: Option<i64>, and: Option<i64>) -> Result<Value, ApiError> {
    let mut store = lock(&call.state.store);
    let mut result = serde_json::Map::new();
    for uid in list(call.required("uids")?) {
        let user = known_user(uid)?;
        result.insert(
            user.id.to_owned(),
            json!(update(&mut store, user.id, or, and)),
        );
    }
    Ok(Value::Object(result))
}

fn update_masks(call: &Call<'_>) -> Result<Value, ApiError> {
    let mask = call.int("mask")?.ok_or_else(|| ApiError::missing("mask"))?;
    if call.flag("orUpdate") {
        masks(call, Some(mask), None)
    } else {
        masks(call, None, Some(mask))
    }
}

fn update_masks_v2(call: &Call<'_>) -> Result<Value, ApiError> {
    masks(call, call.int("or_mask")?, call.int("and_mask")?)
}
