//! `places.*`, `search.*` and `share.*`: geocoding, hashtags and link previews.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, method};
use crate::ok::content::{self, TAGS, TOPICS};
use crate::ok::media::page;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    method(
        "places.reverseGeocode",
        SessionRule::Required,
        &["lat", "lng"],
        places_reverse_geocode,
    ),
    method(
        "places.validate",
        SessionRule::Required,
        &["place"],
        places_validate,
    ),
    method(
        "search.tagContents",
        SessionRule::Required,
        &["query"],
        search_tag_contents,
    ),
    method(
        "search.tagMentions",
        SessionRule::Required,
        &["query"],
        search_tag_mentions,
    ),
    method(
        "search.tagSearch",
        SessionRule::Required,
        &["query"],
        search_tag_search,
    ),
    method(
        "share.fetchLink",
        SessionRule::Required,
        &["url"],
        share_fetch_link,
    ),
    method(
        "share.fetchLinkV2",
        SessionRule::Required,
        &["url"],
        share_fetch_link_v2,
    ),
];

const CITIES: &[(&str, &str, f64, f64)] = &[
    ("Moscow", "RUSSIAN_FEDERATION", 55.7558, 37.6173),
    ("Kazan", "RUSSIAN_FEDERATION", 55.7961, 49.1064),
    ("Riga", "LATVIA", 56.9496, 24.1052),
];

fn float(call: &Call<'_>, name: &str) -> Result<f64, ApiError> {
    let value = call.required(name)?;
    value
        .trim()
        .parse()
        .map_err(|_| ApiError::new(100, format!("Invalid parameter {name}: {value}")))
}

/// The sandbox's cities within half a degree (the shape is the sandbox's choice).
fn places_reverse_geocode(call: &Call<'_>) -> Result<Value, ApiError> {
    let (lat, lng) = (float(call, "lat")?, float(call, "lng")?);
    let places: Vec<Value> = CITIES
        .iter()
        .filter(|(_, _, clat, clng)| (clat - lat).abs() < 0.5 && (clng - lng).abs() < 0.5)
        .map(|(name, country, clat, clng)| {
            json!({ "name": name, "country": country, "latitude": clat, "longitude": clng })
        })
        .collect();
    Ok(json!({ "places": places }))
}

/// A place to create must have a name and coordinates (the answer is the sandbox's choice).
fn places_validate(call: &Call<'_>) -> Result<Value, ApiError> {
    let place = call
        .json("place")?
        .ok_or_else(|| ApiError::missing("place"))?;
    let named = place
        .get("name")
        .and_then(Value::as_str)
        .is_some_and(|n| !n.is_empty());
    let located = place.get("latitude").is_some_and(Value::is_number)
        && place.get("longitude").is_some_and(Value::is_number);
    Ok(json!({ "valid": named && located }))
}

fn query(call: &Call<'_>) -> Result<String, ApiError> {
    let query = call
        .required("query")?
        .trim_start_matches('#')
        .to_lowercase();
    if query.chars().count() < 3 {
        return Err(ApiError::new(
            100,
            "Invalid parameter query: at least 3 characters",
        ));
    }
    Ok(query)
}

/// `filter` is JSON with `since`, `until` and `types` (OK's notes).
fn check_filter(call: &Call<'_>) -> Result<(), ApiError> {
    if let Some(filter) = call.json("filter")? {
        if !filter.is_object() {
            return Err(ApiError::new(
                100,
                "Invalid parameter filter: not an object",
            ));
        }
        if let Some(types) = filter.get("types") {
            let known = [
                "USER_TOPIC",
                "USER_PHOTO",
                "USER_VIDEO",
                "GROUP_TOPIC",
                "GROUP_PHOTO",
                "GROUP_VIDEO",
            ];
            let ok = types.as_array().is_some_and(|list| {
                list.iter()
                    .all(|t| t.as_str().is_some_and(|t| known.contains(&t)))
            });
            if !ok {
                return Err(ApiError::new(
                    100,
                    "Invalid parameter filter: unknown types",
                ));
            }
        }
    }
    Ok(())
}

/// The topics that mention the tag (the shape is the sandbox's choice).
fn search_tag_contents(call: &Call<'_>) -> Result<Value, ApiError> {
    let query = query(call)?;
    check_filter(call)?;
    let topics: Vec<Value> = TOPICS
        .iter()
        .filter(|t| t.text.to_lowercase().contains(&query))
        .map(content::topic_json)
        .collect();
    let (chunk, anchor, more) = page(&topics, call.param("anchor"), call.count(20)?);
    Ok(json!({ "media_topics": chunk, "anchor": anchor, "has_more": more }))
}

fn search_tag_mentions(call: &Call<'_>) -> Result<Value, ApiError> {
    let query = query(call)?;
    check_filter(call)?;
    let counts = TAGS
        .iter()
        .find(|(tag, _)| *tag == query)
        .map_or([0; 6], |(_, counts)| *counts);
    Ok(content::tag_json(&query, &counts))
}

/// Tags containing the query, most popular first (OK's notes).
fn search_tag_search(call: &Call<'_>) -> Result<Value, ApiError> {
    let query = query(call)?;
    check_filter(call)?;
    let mut found: Vec<&(&str, [i64; 6])> =
        TAGS.iter().filter(|(t, _)| t.contains(&query)).collect();
    found.sort_by_key(|(_, counts)| std::cmp::Reverse(counts.iter().sum::<i64>()));
    let count = found.len();
    let limit = call
        .int("count")?
        .map_or(count, |c| usize::try_from(c).unwrap_or(0));
    let tags: Vec<Value> = found
        .iter()
        .take(limit)
        .map(|(tag, counts)| content::tag_json(tag, counts))
        .collect();
    Ok(json!({ "tags": tags, "count": count }))
}

fn link_preview(call: &Call<'_>) -> Result<Value, ApiError> {
    let url = call.required("url")?;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(ApiError::new(100, "Invalid parameter url"));
    }
    Ok(json!({
        "url": url,
        "title": "A page in the sandbox",
        "description": "Fetched by the sandbox",
        "signature": "sbx-signature",
        "media": [{ "idx": 0, "url": "https://i.mycdn.me/sandbox/ok/link/0.jpg" }],
    }))
}

fn share_fetch_link(call: &Call<'_>) -> Result<Value, ApiError> {
    link_preview(call)
}

fn share_fetch_link_v2(call: &Call<'_>) -> Result<Value, ApiError> {
    if let Some(gid) = call.param("gid").filter(|g| !g.is_empty()) {
        data::group_by_id(gid)
            .ok_or_else(|| ApiError::new(160, format!("Invalid group id {gid}")))?;
    }
    link_preview(call)
}
