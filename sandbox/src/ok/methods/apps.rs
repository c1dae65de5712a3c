//! `apps.*`, `sdk.*`, `payment.*`, `widget.*` and `callbacks.*`: the application's own
//! business with the platform. None of these answers is documented; the shapes here are the
//! sandbox's own, and the typed API returns them as JSON values.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, known_user};
use crate::answer::list;
use crate::fixtures::ok as fx;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    Method {
        name: "apps.getTop",
        session: SessionRule::Optional,
        handler: apps_get_top,
    },
    Method {
        name: "sdk.getEndpoints",
        session: SessionRule::Optional,
        handler: sdk_get_endpoints,
    },
    Method {
        name: "payment.getUserAccountBalance",
        session: SessionRule::Required,
        handler: payment_get_user_account_balance,
    },
    Method {
        name: "widget.getWidgets",
        session: SessionRule::Optional,
        handler: widget_get_widgets,
    },
    Method {
        name: "callbacks.payment",
        session: SessionRule::Prohibited,
        handler: callbacks_payment,
    },
];

/// The sandbox's catalog of applications, best first.
const TOP: &[(u64, &str)] = &[
    (fx::APP_ID, "Sandbox Farm"),
    (512000100002, "Sandbox Chess"),
    (512000100003, "Sandbox Words"),
];

fn apps_get_top(call: &Call<'_>) -> Result<Value, ApiError> {
    let count = call
        .int("count")?
        .map_or(TOP.len(), |c| usize::try_from(c).unwrap_or(0));
    let apps: Vec<Value> = TOP
        .iter()
        .take(count)
        .map(|(id, name)| json!({ "app_id": id.to_string(), "name": name }))
        .collect();
    Ok(json!({ "apps": apps }))
}

fn sdk_get_endpoints(_: &Call<'_>) -> Result<Value, ApiError> {
    Ok(json!({
        "endpoints": {
            "api": "https://api.ok.ru/",
            "connect": "https://connect.ok.ru/",
            "widgets": "https://ok.ru/dk",
        }
    }))
}

fn payment_get_user_account_balance(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let balance = if data::APP_USERS.contains(&user.id) {
        75
    } else {
        0
    };
    Ok(json!({ "balance": balance }))
}

fn widget_get_widgets(call: &Call<'_>) -> Result<Value, ApiError> {
    let wids = call.required("wids")?;
    let widgets: serde_json::Map<String, Value> = list(wids)
        .map(|wid| {
            let style = call.param("style").unwrap_or("default");
            (
                wid.to_owned(),
                json!({ "html": format!("<div class=\"{style}\">{wid}</div>") }),
            )
        })
        .collect();
    Ok(json!({ "widgets": widgets }))
}

/// Stands in for the application's server: accepts a well-formed notification of a known
/// user with a positive amount.
fn callbacks_payment(call: &Call<'_>) -> Result<Value, ApiError> {
    known_user(call.required("uid")?)?;
    call.required("transaction_id")?;
    call.required("product_code")?;
    match call.int("amount")? {
        Some(amount) if amount > 0 => Ok(json!(true)),
        _ => Err(ApiError::new(1001, "Invalid payment amount")),
    }
}
