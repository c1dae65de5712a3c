//! `users.*`: profiles, the session's user, call quotas.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, find};
use crate::answer::list;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    Method {
        name: "users.getCurrentUser",
        session: SessionRule::Required,
        handler: get_current_user,
    },
    Method {
        name: "users.getLoggedInUser",
        session: SessionRule::Required,
        handler: get_logged_in_user,
    },
    Method {
        name: "users.getInfo",
        session: SessionRule::Optional,
        handler: get_info,
    },
    Method {
        name: "users.getCallsLeft",
        session: SessionRule::Optional,
        handler: get_calls_left,
    },
    Method {
        name: "users.getAdditionalInfo",
        session: SessionRule::Optional,
        handler: get_additional_info,
    },
    Method {
        name: "users.isAppUser",
        session: SessionRule::Optional,
        handler: is_app_user,
    },
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
