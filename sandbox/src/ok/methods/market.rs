//! `market.*`: the products and catalogs of a group's market.
//!
//! The open group starts with three products in two catalogs (`content`); every change
//! through the API is kept, so an added product can be listed, edited, pinned and deleted.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, lock, method};
use crate::answer::list;
use crate::ok::content::{self, Catalog, Product};
use crate::ok::media::page;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    method(
        "market.add",
        SessionRule::Required,
        &["type", "attachment"],
        add,
    ),
    method(
        "market.addCatalog",
        SessionRule::Required,
        &["gid", "name"],
        add_catalog,
    ),
    method(
        "market.delete",
        SessionRule::Required,
        &["product_id"],
        delete,
    ),
    method(
        "market.deleteCatalog",
        SessionRule::Required,
        &["catalog_id"],
        delete_catalog,
    ),
    method(
        "market.edit",
        SessionRule::Required,
        &["product_id", "attachment"],
        edit,
    ),
    method(
        "market.editCatalog",
        SessionRule::Required,
        &["catalog_id"],
        edit_catalog,
    ),
    method(
        "market.getByCatalog",
        SessionRule::Required,
        &["catalog_id"],
        get_by_catalog,
    ),
    method(
        "market.getByIds",
        SessionRule::Required,
        &["product_ids"],
        get_by_ids,
    ),
    method(
        "market.getCatalogsByGroup",
        SessionRule::Required,
        &["gid"],
        get_catalogs_by_group,
    ),
    method(
        "market.getCatalogsByIds",
        SessionRule::Required,
        &["catalog_ids"],
        get_catalogs_by_ids,
    ),
    method(
        "market.getProducts",
        SessionRule::Required,
        &["gid"],
        get_products,
    ),
    method(
        "market.pin",
        SessionRule::Required,
        &["catalog_id", "product_id"],
        pin,
    ),
    method(
        "market.reorder",
        SessionRule::Required,
        &["product_id"],
        reorder,
    ),
    method(
        "market.reorderCatalogs",
        SessionRule::Required,
        &["catalog_id"],
        reorder_catalogs,
    ),
    method(
        "market.setStatus",
        SessionRule::Required,
        &["product_id", "product_status"],
        set_status,
    ),
    method(
        "market.updateCatalogsList",
        SessionRule::Required,
        &["product_id", "catalog_ids"],
        update_catalogs_list,
    ),
];

/// The products and catalogs as they stand.
#[derive(Debug)]
pub(crate) struct Market {
    products: Vec<Product>,
    catalogs: Vec<Catalog>,
    /// Pinned `(catalog, product)` pairs.
    pinned: Vec<(String, String)>,
}

impl Default for Market {
    fn default() -> Self {
        Market {
            products: content::seed_products(),
            catalogs: content::seed_catalogs(),
            pinned: Vec::new(),
        }
    }
}

fn product_json(product: &Product) -> Value {
    json!({
        "id": product.id,
        "title": product.title,
        "price": product.price,
        "currency": "RUB",
        "status": product.status,
    })
}

/// A product as a media topic with a product block (market.getByIds).
fn product_topic(product: &Product) -> Value {
    json!({
        "id": product.id,
        "owner_ref": format!("group:{}", product.group),
        "author_ref": format!("user:{}", product.author),
        "media": [
            { "type": "text", "text": product.title },
            { "type": "product", "price": product.price, "currency": "RUB", "lifetime": 30 },
        ],
    })
}

fn catalog_json(market: &Market, catalog: &Catalog) -> Value {
    json!({
        "id": catalog.id,
        "ref": format!("catalog:{}", catalog.id),
        "name": catalog.name,
        "capacity": market.products.iter().filter(|p| p.catalogs.contains(&catalog.id)).count(),
    })
}

/// The title and price of an `attachment`, checked in the order OK's notes require: a text
/// block first (the title), a product block with the price.
fn parse_attachment(call: &Call<'_>) -> Result<(String, String), ApiError> {
    let attachment = call
        .json("attachment")?
        .ok_or_else(|| ApiError::missing("attachment"))?;
    let media = attachment
        .get("media")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::new(100, "Invalid parameter attachment: no media"))?;
    let title = media
        .first()
        .filter(|block| block.get("type").and_then(Value::as_str) == Some("text"))
        .and_then(|block| block.get("text").and_then(Value::as_str))
        .ok_or_else(|| {
            ApiError::new(
                100,
                "Invalid parameter attachment: the first block must be the title",
            )
        })?;
    let price = media
        .iter()
        .find(|block| block.get("type").and_then(Value::as_str) == Some("product"))
        .and_then(|block| block.get("price"))
        .map(|price| match price {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .ok_or_else(|| ApiError::new(100, "Invalid parameter attachment: no product block"))?;
    Ok((title.to_owned(), price))
}

/// The group a write goes to: `gid`, or else the first group the user runs; the user must
/// run it (50 `NOT_ADMIN`).
fn own_group(call: &Call<'_>) -> Result<&'static data::Group, ApiError> {
    if call.param("gid").is_some_and(|g| !g.is_empty()) {
        return call.admin_group("gid");
    }
    let user = call.acting_user()?;
    data::GROUPS
        .iter()
        .find(|g| {
            g.members
                .iter()
                .any(|(m, s)| *m == user.id && matches!(*s, "ADMIN" | "MODERATOR"))
        })
        .ok_or_else(|| ApiError::new(50, "The user runs no group"))
}

fn check_runs(call: &Call<'_>, group: &str) -> Result<(), ApiError> {
    let user = call.acting_user()?;
    let runs = data::group_by_id(group).is_some_and(|g| {
        g.members
            .iter()
            .any(|(m, s)| *m == user.id && matches!(*s, "ADMIN" | "MODERATOR"))
    });
    if runs {
        Ok(())
    } else {
        Err(ApiError::new(
            50,
            format!("The user does not run group {group}"),
        ))
    }
}

fn known_catalogs(market: &Market, ids: &str) -> Result<Vec<String>, ApiError> {
    list(ids)
        .map(|id| {
            market
                .catalogs
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.id.clone())
                .ok_or_else(|| ApiError::new(100, format!("Invalid catalog id {id}")))
        })
        .collect()
}

fn add(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = own_group(call)?;
    let kind = call.required("type")?;
    if !matches!(kind, "GROUP_PRODUCT" | "GROUP_SUGGESTED") {
        return Err(ApiError::new(
            100,
            format!("Invalid parameter type: {kind}"),
        ));
    }
    let (title, price) = parse_attachment(call)?;
    let user = call.acting_user()?;
    let mut store = lock(&call.state.store);
    let catalogs = match call.param("catalog_ids").filter(|c| !c.is_empty()) {
        Some(ids) => known_catalogs(&store.market, ids)?,
        None => Vec::new(),
    };
    let id = format!(
        "779{:07}",
        call.state.next_topic_id.fetch_add(1, Ordering::Relaxed) % 10_000_000
    );
    store.market.products.push(Product {
        id: id.clone(),
        group: group.id.to_owned(),
        author: user.id.to_owned(),
        title,
        price,
        status: if kind == "GROUP_SUGGESTED" {
            "ON_MODERATION"
        } else {
            "ACTIVE"
        }
        .to_owned(),
        catalogs,
    });
    Ok(json!({ "product_id": id, "success": true }))
}

/// Runs `change` on the product named by `product_id`, after checking that the user runs
/// its group.
fn with_product<T>(
    call: &Call<'_>,
    change: impl FnOnce(&mut Market, usize) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let id = call.required("product_id")?;
    let group = {
        let store = lock(&call.state.store);
        store
            .market
            .products
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.group.clone())
            .ok_or_else(|| ApiError::new(100, format!("Invalid product id {id}")))?
    };
    check_runs(call, &group)?;
    let mut store = lock(&call.state.store);
    let index = store
        .market
        .products
        .iter()
        .position(|p| p.id == id)
        .ok_or_else(|| ApiError::new(100, format!("Invalid product id {id}")))?;
    change(&mut store.market, index)
}

fn with_catalog<T>(
    call: &Call<'_>,
    change: impl FnOnce(&mut Market, usize) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let id = call.required("catalog_id")?;
    let group = {
        let store = lock(&call.state.store);
        store
            .market
            .catalogs
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.group.clone())
            .ok_or_else(|| ApiError::new(100, format!("Invalid catalog id {id}")))?
    };
    check_runs(call, &group)?;
    let mut store = lock(&call.state.store);
    let index = store
        .market
        .catalogs
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(|| ApiError::new(100, format!("Invalid catalog id {id}")))?;
    change(&mut store.market, index)
}

fn delete(call: &Call<'_>) -> Result<Value, ApiError> {
    with_product(call, |market, index| {
        market.products.remove(index);
        Ok(json!({ "success": true }))
    })
}

fn edit(call: &Call<'_>) -> Result<Value, ApiError> {
    let (title, price) = parse_attachment(call)?;
    let catalog_ids = call
        .param("catalog_ids")
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    with_product(call, |market, index| {
        let catalogs = match &catalog_ids {
            Some(ids) => Some(known_catalogs(market, ids)?),
            None => None,
        };
        let product = &mut market.products[index];
        product.title = title;
        product.price = price;
        if let Some(catalogs) = catalogs {
            product.catalogs = catalogs;
        }
        Ok(json!({ "product_id": product.id, "success": true }))
    })
}

/// Allowed status changes: OK's notes give one table for groups and one for public pages;
/// the sandbox's groups are groups.
fn set_status(call: &Call<'_>) -> Result<Value, ApiError> {
    let to = call.required("product_status")?.to_owned();
    with_product(call, |market, index| {
        let product = &mut market.products[index];
        let allowed = matches!(
            (product.status.as_str(), to.as_str()),
            ("ACTIVE", "SOLD" | "CLOSED") | ("CLOSED" | "AUTO_CLOSED" | "SOLD", "ACTIVE")
        );
        if !allowed {
            return Err(ApiError::new(
                100,
                format!(
                    "Invalid parameter product_status: {} cannot become {to}",
                    product.status
                ),
            ));
        }
        product.status = to;
        Ok(json!({ "success": true }))
    })
}

fn update_catalogs_list(call: &Call<'_>) -> Result<Value, ApiError> {
    let ids = call.required("catalog_ids")?.to_owned();
    with_product(call, |market, index| {
        let catalogs = known_catalogs(market, &ids)?;
        market.products[index].catalogs = catalogs;
        Ok(json!({ "success": true }))
    })
}

fn pin(call: &Call<'_>) -> Result<Value, ApiError> {
    let catalog = call.required("catalog_id")?.to_owned();
    let on = call.param("on").is_none_or(|v| v == "true" || v == "1");
    with_product(call, |market, index| {
        if !market.catalogs.iter().any(|c| c.id == catalog) {
            return Err(ApiError::new(100, format!("Invalid catalog id {catalog}")));
        }
        let pair = (catalog, market.products[index].id.clone());
        market.pinned.retain(|p| *p != pair);
        if on {
            market.pinned.push(pair);
        }
        Ok(json!({ "success": true }))
    })
}

/// Moves the product after `after_product_id` (to the front without it).
fn reorder(call: &Call<'_>) -> Result<Value, ApiError> {
    let after = call
        .param("after_product_id")
        .filter(|a| !a.is_empty())
        .map(str::to_owned);
    with_product(call, |market, index| {
        let product = market.products.remove(index);
        let at = match &after {
            Some(after) => market
                .products
                .iter()
                .position(|p| p.id == *after)
                .map(|i| i + 1)
                .ok_or_else(|| ApiError::new(100, format!("Invalid product id {after}")))?,
            None => 0,
        };
        market.products.insert(at, product);
        Ok(json!({ "success": true }))
    })
}

fn add_catalog(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = call.admin_group("gid")?;
    let name = call.required("name")?;
    let id = format!(
        "789{:07}",
        call.state.next_topic_id.fetch_add(1, Ordering::Relaxed) % 10_000_000
    );
    lock(&call.state.store).market.catalogs.push(Catalog {
        id: id.clone(),
        group: group.id.to_owned(),
        name: name.to_owned(),
    });
    Ok(json!({ "catalog_id": id, "success": true }))
}

fn delete_catalog(call: &Call<'_>) -> Result<Value, ApiError> {
    let with_products = call.flag("delete_products");
    with_catalog(call, |market, index| {
        let catalog = market.catalogs.remove(index);
        if with_products {
            market
                .products
                .retain(|p| !p.catalogs.contains(&catalog.id));
        } else {
            for product in &mut market.products {
                product.catalogs.retain(|c| *c != catalog.id);
            }
        }
        Ok(json!({ "success": true }))
    })
}

fn edit_catalog(call: &Call<'_>) -> Result<Value, ApiError> {
    let name = call
        .param("name")
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    with_catalog(call, |market, index| {
        if let Some(name) = name {
            market.catalogs[index].name = name;
        }
        Ok(json!({ "success": true }))
    })
}

fn reorder_catalogs(call: &Call<'_>) -> Result<Value, ApiError> {
    let after = call
        .param("after_catalog_id")
        .filter(|a| !a.is_empty())
        .map(str::to_owned);
    with_catalog(call, |market, index| {
        let catalog = market.catalogs.remove(index);
        let at = match &after {
            Some(after) => market
                .catalogs
                .iter()
                .position(|c| c.id == *after)
                .map(|i| i + 1)
                .ok_or_else(|| ApiError::new(100, format!("Invalid catalog id {after}")))?,
            None => 0,
        };
        market.catalogs.insert(at, catalog);
        Ok(json!({ "success": true }))
    })
}

fn short_page(call: &Call<'_>, products: Vec<Value>) -> Result<Value, ApiError> {
    let (chunk, anchor, more) = page(&products, call.param("anchor"), call.count(20)?);
    Ok(
        json!({ "short_products": chunk, "anchor": anchor, "has_more": more, "totalCount": products.len() }),
    )
}

fn get_by_catalog(call: &Call<'_>) -> Result<Value, ApiError> {
    let id = call.required("catalog_id")?;
    let products: Vec<Value> = {
        let store = lock(&call.state.store);
        if !store.market.catalogs.iter().any(|c| c.id == id) {
            return Err(ApiError::new(100, format!("Invalid catalog id {id}")));
        }
        let pinned: Vec<&String> = store
            .market
            .pinned
            .iter()
            .filter(|(c, _)| c == id)
            .map(|(_, p)| p)
            .collect();
        let mut products: Vec<&Product> = store
            .market
            .products
            .iter()
            .filter(|p| p.catalogs.iter().any(|c| c == id))
            .collect();
        products.sort_by_key(|p| !pinned.contains(&&p.id));
        products.into_iter().map(product_json).collect()
    };
    short_page(call, products)
}

/// The group's products on one tab: published (`PRODUCTS`, the default), waiting for
/// moderation (`ON_MODERATION`) or the user's own (`OWN`). A closed group's market is empty
/// to outsiders.
fn get_products(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = call.group("gid")?;
    let user = call.acting_user()?;
    let tab = call.param("tab").unwrap_or("PRODUCTS");
    let member = group.members.iter().any(|(m, _)| *m == user.id);
    let products: Vec<Value> = if group.access_type != "OPEN" && !member {
        Vec::new()
    } else {
        let store = lock(&call.state.store);
        store
            .market
            .products
            .iter()
            .filter(|p| p.group == group.id)
            .filter(|p| match tab {
                "PRODUCTS" => p.status != "ON_MODERATION",
                "ON_MODERATION" => p.status == "ON_MODERATION",
                "OWN" => p.author == user.id,
                _ => false,
            })
            .map(product_json)
            .collect()
    };
    if !matches!(tab, "PRODUCTS" | "ON_MODERATION" | "OWN") {
        return Err(ApiError::new(100, format!("Invalid parameter tab: {tab}")));
    }
    short_page(call, products)
}

fn get_by_ids(call: &Call<'_>) -> Result<Value, ApiError> {
    let store = lock(&call.state.store);
    let products: Vec<Value> = list(call.required("product_ids")?)
        .filter_map(|id| store.market.products.iter().find(|p| p.id == id))
        .map(product_topic)
        .collect();
    let total = products.len();
    Ok(json!({ "products": products, "has_more": false, "totalCount": total }))
}

fn catalogs_page(call: &Call<'_>, catalogs: Vec<Value>) -> Result<Value, ApiError> {
    let (chunk, anchor, more) = page(&catalogs, call.param("anchor"), call.count(20)?);
    Ok(
        json!({ "catalogs": chunk, "anchor": anchor, "has_more": more, "totalCount": catalogs.len() }),
    )
}

fn get_catalogs_by_group(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = call.group("gid")?;
    let catalogs: Vec<Value> = {
        let store = lock(&call.state.store);
        store
            .market
            .catalogs
            .iter()
            .filter(|c| c.group == group.id)
            .map(|c| catalog_json(&store.market, c))
            .collect()
    };
    catalogs_page(call, catalogs)
}

fn get_catalogs_by_ids(call: &Call<'_>) -> Result<Value, ApiError> {
    let catalogs: Vec<Value> = {
        let store = lock(&call.state.store);
        list(call.required("catalog_ids")?)
            .filter_map(|id| store.market.catalogs.iter().find(|c| c.id == id))
            .map(|c| catalog_json(&store.market, c))
            .collect()
    };
    catalogs_page(call, catalogs)
}
