//! `apps.*`, `payment.*` and `callbacks.payment`: the games catalog, promotions, VIP offers
//! and payments.

use serde_json::{Map, Value, json};

use super::{Call, Method, SessionRule, known_user, lock, method};
use crate::ok::content::{self, APPS, App, NODES};
use crate::ok::media::page;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    method(
        "apps.checkVipOfferStatus",
        SessionRule::Required,
        &["slot"],
        check_vip_offer_status,
    ),
    method(
        "apps.getAppPromoInfo",
        SessionRule::Prohibited,
        &[],
        get_app_promo_info,
    ),
    method(
        "apps.getPlatformCatalogNodeTop",
        SessionRule::Required,
        &["node", "fields"],
        get_platform_catalog_node_top,
    ),
    method(
        "apps.getPlatformCatalogNodesTop",
        SessionRule::Required,
        &["fields"],
        get_platform_catalog_nodes_top,
    ),
    method(
        "apps.getPlatformNew",
        SessionRule::Required,
        &["fields"],
        get_platform_new,
    ),
    method(
        "apps.getPlatformTop",
        SessionRule::Required,
        &[],
        get_platform_top,
    ),
    method("apps.getTop", SessionRule::Optional, &[], apps_get_top),
    method(
        "apps.removeAppPromoInfo",
        SessionRule::Prohibited,
        &[],
        remove_app_promo_info,
    ),
    method(
        "apps.setAppPromoInfo",
        SessionRule::Prohibited,
        &["topic_id", "text", "start_time", "end_time", "image304x128"],
        set_app_promo_info,
    ),
    method(
        "apps.setVipOfferStatus",
        SessionRule::Required,
        &["slot"],
        set_vip_offer_status,
    ),
    method(
        "apps.setVipOffers",
        SessionRule::Prohibited,
        &[],
        set_vip_offers,
    ),
    method(
        "payment.appCashback",
        SessionRule::Prohibited,
        &[],
        app_cashback,
    ),
    method(
        "payment.getUserAccountBalance",
        SessionRule::Required,
        &[],
        payment_get_user_account_balance,
    ),
    method(
        "payment.getUserAccountBonusBalance",
        SessionRule::Required,
        &[],
        get_user_account_bonus_balance,
    ),
    method(
        "payment.getVipStatus",
        SessionRule::Required,
        &[],
        get_vip_status,
    ),
    method(
        "callbacks.payment",
        SessionRule::Prohibited,
        &[
            "uid",
            "transaction_id",
            "transaction_time",
            "product_code",
            "amount",
        ],
        callbacks_payment,
    ),
];

/// An application with the fields asked for (`appId` always).
fn app(call: &Call<'_>, app: &App) -> Value {
    let all = content::app_json(app);
    match call.param("fields").filter(|f| !f.trim().is_empty()) {
        Some(fields) => {
            let wanted: Vec<String> = crate::answer::list(fields)
                .map(|f| f.trim_start_matches("app.").to_ascii_lowercase())
                .collect();
            let kept: Map<String, Value> = all
                .into_iter()
                .filter(|(key, _)| {
                    key == "appId"
                        || wanted
                            .iter()
                            .any(|w| w == "*" || *w == key.to_ascii_lowercase())
                })
                .collect();
            Value::Object(kept)
        }
        None => Value::Object(all),
    }
}

/// A page of applications in the shape of apps.getPlatformNew.
fn apps_page(call: &Call<'_>, apps: &[&App]) -> Result<Value, ApiError> {
    let (chunk, anchor, more) = page(apps, call.param("anchor"), call.count(10)?);
    Ok(json!({
        "apps": chunk.iter().map(|a| app(call, a)).collect::<Vec<_>>(),
        "anchor": anchor,
        "etag": format!("sandbox-{}", apps.len()),
        "has_more": more,
        "totalCount": apps.len(),
    }))
}

fn by_players() -> Vec<&'static App> {
    let mut apps: Vec<&App> = APPS.iter().collect();
    apps.sort_by_key(|app| std::cmp::Reverse(app.players));
    apps
}

fn get_platform_catalog_node_top(call: &Call<'_>) -> Result<Value, ApiError> {
    let node = call.required("node")?;
    if !NODES.contains(&node) {
        return Err(ApiError::new(
            100,
            format!("Invalid parameter node: {node}"),
        ));
    }
    let apps: Vec<&App> = by_players()
        .into_iter()
        .filter(|a| a.node == node)
        .collect();
    apps_page(call, &apps)
}

fn get_platform_catalog_nodes_top(call: &Call<'_>) -> Result<Value, ApiError> {
    let count = call.count(3)?;
    let nodes: Vec<Value> = NODES
        .iter()
        .map(|node| {
            let apps: Vec<&App> = by_players()
                .into_iter()
                .filter(|a| a.node == *node)
                .collect();
            let (chunk, anchor, _) = page(&apps, None, count);
            json!({
                "node": node,
                "anchor": anchor,
                "apps": chunk.iter().map(|a| app(call, a)).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json!({ "nodes": nodes }))
}

fn get_platform_new(call: &Call<'_>) -> Result<Value, ApiError> {
    let mut apps: Vec<&App> = APPS.iter().filter(|a| a.age_days <= 30).collect();
    apps.sort_by_key(|a| a.age_days);
    apps_page(call, &apps)
}

fn get_platform_top(call: &Call<'_>) -> Result<Value, ApiError> {
    apps_page(call, &by_players())
}

/// The top of the platform, in the shape the sandbox chose (the platform does not document
/// it): `{"apps": [{"app_id", "name"}]}`.
fn apps_get_top(call: &Call<'_>) -> Result<Value, ApiError> {
    let count = call
        .int("count")?
        .map_or(APPS.len(), |c| usize::try_from(c).unwrap_or(0));
    let apps: Vec<Value> = by_players()
        .iter()
        .take(count)
        .map(|app| json!({ "app_id": app.id.to_string(), "name": app.name }))
        .collect();
    Ok(json!({ "apps": apps }))
}

fn get_app_promo_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let promo = lock(&call.state.store).promo.clone();
    Ok(json!({ "promo": promo }))
}

fn remove_app_promo_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let removed = lock(&call.state.store).promo.take().is_some();
    Ok(json!({ "success": removed }))
}

fn set_app_promo_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let topic_id = call.required("topic_id")?;
    let (start, end) = (call.required("start_time")?, call.required("end_time")?);
    if start >= end {
        return Err(ApiError::new(
            100,
            "Invalid parameter end_time: before start_time",
        ));
    }
    let promo = json!({
        "topic_id": topic_id,
        "text": call.required("text")?,
        "start_time": start,
        "end_time": end,
        "image304x128": call.required("image304x128")?,
    });
    lock(&call.state.store).promo = Some(promo);
    Ok(json!({ "success": true }))
}

fn slot(call: &Call<'_>) -> Result<i64, ApiError> {
    let slot = call.int("slot")?.ok_or_else(|| ApiError::missing("slot"))?;
    if (0..=4).contains(&slot) {
        Ok(slot)
    } else {
        Err(ApiError::new(
            100,
            format!("Invalid parameter slot: {slot}"),
        ))
    }
}

/// Whether the user got the prize of a slot: `{"given": bool}` (the sandbox's shape; the
/// platform does not document one).
fn check_vip_offer_status(call: &Call<'_>) -> Result<Value, ApiError> {
    let slot = slot(call)?;
    let user = call.acting_user()?;
    let given = lock(&call.state.store)
        .vip_given
        .contains(&(user.id.to_owned(), slot));
    Ok(json!({ "given": given }))
}

fn set_vip_offer_status(call: &Call<'_>) -> Result<Value, ApiError> {
    let slot = slot(call)?;
    let user = call.acting_user()?;
    let given = call.param("given").is_none_or(|g| g == "true" || g == "1");
    let mut store = lock(&call.state.store);
    let key = (user.id.to_owned(), slot);
    if given {
        store.vip_given.insert(key);
    } else {
        store.vip_given.remove(&key);
    }
    Ok(json!({ "success": true }))
}

fn set_vip_offers(call: &Call<'_>) -> Result<Value, ApiError> {
    if let Some(names) = call.param("names")
        && crate::answer::list(names).count() > 5
    {
        return Err(ApiError::new(
            100,
            "Invalid parameter names: at most 5 offers",
        ));
    }
    Ok(json!({ "success": true }))
}

/// The sandbox's answer (no source documents one).
fn app_cashback(_: &Call<'_>) -> Result<Value, ApiError> {
    Ok(json!({ "success": true }))
}

/// The number of OKs on the balance: 75 for users of the application, 0 for others.
fn payment_get_user_account_balance(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    Ok(json!(if data::APP_USERS.contains(&user.id) {
        75
    } else {
        0
    }))
}

/// Bonus OKs (the shape is the sandbox's choice: a number).
fn get_user_account_bonus_balance(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    Ok(json!(if data::APP_USERS.contains(&user.id) {
        10
    } else {
        0
    }))
}

/// Alice has a VIP subscription, Boris a trial one.
fn get_vip_status(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let (vip, trial) = match user.id {
        crate::fixtures::ok::ALICE_ID => (true, false),
        crate::fixtures::ok::BOB_ID => (true, true),
        _ => (false, false),
    };
    Ok(json!({ "vip": vip, "trial": trial }))
}

fn callbacks_payment(call: &Call<'_>) -> Result<Value, ApiError> {
    known_user(call.required("uid")?)?;
    call.required("transaction_id")?;
    call.required("product_code")?;
    match call.int("amount")? {
        Some(amount) if amount > 0 => Ok(json!(true)),
        _ => Err(ApiError::new(1001, "Invalid payment amount")),
    }
}
