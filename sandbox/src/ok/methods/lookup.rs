//! `places.*`, `search.*` and `share.*`: looking things up. Their answers are not
//! documented; the shapes here are the sandbox's own.

use serde_json::{Value, json};

use super::{Call, Method, SessionRule};
use crate::ok::ApiError;

pub(super) const METHODS: &[Method] = &[
    Method {
        name: "places.reverseGeocode",
        session: SessionRule::Required,
        handler: places_reverse_geocode,
    },
    Method {
        name: "search.tagSearch",
        session: SessionRule::Required,
        handler: search_tag_search,
    },
    Method {
        name: "share.fetchLink",
        session: SessionRule::Required,
        handler: share_fetch_link,
    },
];

/// Cities the sandbox knows, with their centres.
const CITIES: &[(&str, f64, f64)] = &[
    ("Moscow", 55.7558, 37.6173),
    ("Kazan", 55.7961, 49.1064),
    ("Riga", 56.9496, 24.1052),
];

fn float(call: &Call<'_>, name: &str) -> Result<f64, ApiError> {
    let value = call.required(name)?;
    value
        .trim()
        .parse()
        .map_err(|_| ApiError::new(100, format!("Invalid parameter {name}: {value}")))
}

/// The nearest known city within half a degree.
fn places_reverse_geocode(call: &Call<'_>) -> Result<Value, ApiError> {
    let (lat, lng) = (float(call, "lat")?, float(call, "lng")?);
    let places: Vec<Value> = CITIES
        .iter()
        .filter(|(_, clat, clng)| (clat - lat).abs() < 0.5 && (clng - lng).abs() < 0.5)
        .map(|(name, clat, clng)| json!({ "name": name, "latitude": clat, "longitude": clng }))
        .collect();
    Ok(json!({ "places": places }))
}

const TAGS: &[&str] = &["rustlang", "rustacean", "rusty_cars", "fishing"];

fn search_tag_search(call: &Call<'_>) -> Result<Value, ApiError> {
    let query = call.required("query")?;
    if query.chars().count() < 3 {
        return Err(ApiError::new(
            100,
            "Invalid parameter query: at least 3 characters",
        ));
    }
    let tags: Vec<&str> = TAGS
        .iter()
        .copied()
        .filter(|t| t.starts_with(query))
        .collect();
    Ok(json!({ "tags": tags }))
}

fn share_fetch_link(call: &Call<'_>) -> Result<Value, ApiError> {
    let url = call.required("url")?;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(ApiError::new(100, "Invalid parameter url"));
    }
    Ok(
        json!({ "url": url, "title": "A page in the sandbox", "description": "Fetched by the sandbox" }),
    )
}
