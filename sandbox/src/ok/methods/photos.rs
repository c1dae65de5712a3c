//! `photos.*`: albums and photos.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, known_user};
use crate::ok::media::{self, Album};
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    Method {
        name: "photos.createAlbum",
        session: SessionRule::Optional,
        handler: create_album,
    },
    Method {
        name: "photos.getAlbums",
        session: SessionRule::Optional,
        handler: get_albums,
    },
    Method {
        name: "photos.getPhotos",
        session: SessionRule::Optional,
        handler: get_photos,
    },
    Method {
        name: "photos.getPhotoInfo",
        session: SessionRule::Optional,
        handler: get_photo_info,
    },
    Method {
        name: "photos.getPhotoLikes",
        session: SessionRule::Required,
        handler: get_photo_likes,
    },
];

/// Page size when `count` is absent.
const DEFAULT_COUNT: i64 = 10;

/// Whose albums: the group `gid`, else the friend `fid`, else the acting user.
fn owner(call: &Call<'_>) -> Result<&'static str, ApiError> {
    if let Some(gid) = call.param("gid").filter(|gid| !gid.is_empty()) {
        return data::group_by_id(gid)
            .map(|group| group.id)
            .ok_or_else(|| ApiError::new(160, format!("Invalid group id {gid}")));
    }
    match call.param("fid").filter(|fid| !fid.is_empty()) {
        Some(fid) => known_user(fid).map(|user| user.id),
        None => call.acting_user().map(|user| user.id),
    }
}

fn count(call: &Call<'_>) -> Result<usize, ApiError> {
    let count = call.int("count")?.unwrap_or(DEFAULT_COUNT);
    usize::try_from(count)
        .ok()
        .filter(|count| (1..=100).contains(count))
        .ok_or_else(|| ApiError::new(100, format!("Invalid parameter count: {count}")))
}

fn get_albums(call: &Call<'_>) -> Result<Value, ApiError> {
    let albums: Vec<&Album> = media::albums_of(owner(call)?).collect();
    let (chunk, anchor, more) = media::page(&albums, call.param("pagingAnchor"), count(call)?);
    let mut answer = json!({
        "albums": chunk.iter().map(|album| media::album_json(album)).collect::<Vec<_>>(),
        "pagingAnchor": anchor,
        "hasMore": more,
    });
    if call.flag("detectTotalCount") {
        answer["totalCount"] = json!(albums.len());
    }
    Ok(answer)
}

fn get_photos(call: &Call<'_>) -> Result<Value, ApiError> {
    let owner = owner(call)?;
    let album = match call.param("aid").filter(|aid| !aid.is_empty()) {
        Some(aid) => media::album_by_id(aid)
            .filter(|album| album.owner == owner)
            .ok_or_else(|| ApiError::new(100, format!("Invalid parameter aid: {aid}")))?,
        // Without `aid`: the owner's first album stands for the personal one.
        None => media::albums_of(owner)
            .next()
            .ok_or_else(|| ApiError::new(100, "The owner has no photos"))?,
    };
    let (chunk, anchor, more) = media::page(album.photos, call.param("anchor"), count(call)?);
    let mut answer = json!({
        "photos": chunk.iter().map(|photo| media::photo_json(album, photo)).collect::<Vec<_>>(),
        "anchor": anchor,
        "has_more": more,
    });
    if call.flag("detectTotalCount") {
        answer["total_count"] = json!(album.photos.len());
    }
    Ok(answer)
}

fn get_photo_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let id = call.required("photo_id")?;
    let (album, photo) = media::photo_by_id(id)
        .ok_or_else(|| ApiError::new(100, format!("Invalid parameter photo_id: {id}")))?;
    Ok(json!({ "photo": media::photo_json(album, photo) }))
}

fn create_album(call: &Call<'_>) -> Result<Value, ApiError> {
    call.required("title")?;
    match call.param("gid").filter(|gid| !gid.is_empty()) {
        Some(gid) => {
            data::group_by_id(gid)
                .ok_or_else(|| ApiError::new(160, format!("Invalid group id {gid}")))?;
        }
        None => {
            call.acting_user()?;
        }
    }
    let id = call.state.next_album_id.fetch_add(1, Ordering::Relaxed);
    Ok(json!(id.to_string()))
}

/// The first `like_count` sandbox users liked the photo, page by page.
fn get_photo_likes(call: &Call<'_>) -> Result<Value, ApiError> {
    let id = call.required("photo_id")?;
    let (_, photo) = media::photo_by_id(id)
        .ok_or_else(|| ApiError::new(100, format!("Invalid parameter photo_id: {id}")))?;
    let fields = call.param("fields").unwrap_or("first_name,last_name");
    let likers: Vec<Value> = data::USERS
        .iter()
        .take(photo.likes as usize)
        .map(|user| data::select(data::profile(user, false), fields))
        .collect();
    let (chunk, anchor, more) = media::page(&likers, call.param("anchor"), count(call)?);
    Ok(json!({ "users": chunk, "anchor": anchor, "has_more": more }))
}
