//! `photos.*`: albums and photos.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, known_user, lock, method};
use crate::answer::list;
use crate::ok::media::{self, Album};
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    method(
        "photos.addAlbumLike",
        SessionRule::Required,
        &["aid"],
        add_album_like,
    ),
    method(
        "photos.addPhotoLike",
        SessionRule::Required,
        &["photo_id"],
        add_photo_like,
    ),
    method(
        "photos.createAlbum",
        SessionRule::Optional,
        &["title"],
        create_album,
    ),
    method(
        "photos.deleteAlbum",
        SessionRule::Required,
        &["aid"],
        delete_album,
    ),
    method(
        "photos.deletePhoto",
        SessionRule::Required,
        &["photo_id"],
        delete_photo,
    ),
    method(
        "photos.deleteTags",
        SessionRule::Required,
        &["photo_id", "tag_ids"],
        delete_tags,
    ),
    method(
        "photos.editAlbum",
        SessionRule::Required,
        &["aid"],
        edit_album,
    ),
    method(
        "photos.editPhoto",
        SessionRule::Required,
        &["photo_id"],
        edit_photo,
    ),
    method(
        "photos.getAlbumInfo",
        SessionRule::Optional,
        &["aid"],
        get_album_info,
    ),
    method(
        "photos.getAlbumLikes",
        SessionRule::Required,
        &["aid"],
        get_album_likes,
    ),
    method("photos.getAlbums", SessionRule::Optional, &[], get_albums),
    method("photos.getInfo", SessionRule::Optional, &[], get_info),
    method(
        "photos.getPhotoInfo",
        SessionRule::Optional,
        &["photo_id"],
        get_photo_info,
    ),
    method(
        "photos.getPhotoLikes",
        SessionRule::Required,
        &["photo_id"],
        get_photo_likes,
    ),
    method(
        "photos.getPhotoMarks",
        SessionRule::Required,
        &[],
        get_photo_marks,
    ),
    method("photos.getPhotos", SessionRule::Optional, &[], get_photos),
    method(
        "photos.getTags",
        SessionRule::Optional,
        &["photo_id"],
        get_tags,
    ),
    method(
        "photos.getUserAlbumPhotos",
        SessionRule::Optional,
        &["aid"],
        get_user_album_photos,
    ),
    method(
        "photos.getUserPhotos",
        SessionRule::Optional,
        &[],
        get_user_photos,
    ),
    method(
        "photos.setAlbumMainPhoto",
        SessionRule::Required,
        &["aid", "photo_id"],
        set_album_main_photo,
    ),
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
    let owner = match call.param("gid").filter(|gid| !gid.is_empty()) {
        Some(gid) => gid.to_owned(),
        None => call.acting_user()?.id.to_owned(),
    };
    if let Some(types) = call.param("type") {
        for kind in list(types) {
            if !matches!(kind, "PUBLIC" | "FRIENDS" | "PRIVATE") {
                return Err(ApiError::new(
                    100,
                    format!("Invalid parameter type: {kind}"),
                ));
            }
        }
    }
    let id = call
        .state
        .next_album_id
        .fetch_add(1, Ordering::Relaxed)
        .to_string();
    let title = call.required("title")?.to_owned();
    lock(&call.state.store)
        .albums
        .insert(id.clone(), (owner, title));
    Ok(json!(id))
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

/// A photo, which the acting user may change when it is theirs or their group's (24
/// `NOT_OWNER` otherwise).
fn own_photo(call: &Call<'_>) -> Result<(&'static Album, &'static media::Photo), ApiError> {
    let id = call.required("photo_id")?;
    let (album, photo) = media::photo_by_id(id)
        .ok_or_else(|| ApiError::new(121, format!("Invalid photo id {id}")))?;
    may_change(call, album)?;
    Ok((album, photo))
}

fn may_change(call: &Call<'_>, album: &Album) -> Result<(), ApiError> {
    let user = call.acting_user()?;
    let allowed = if album.group {
        data::group_by_id(album.owner).is_some_and(|g| {
            g.members
                .iter()
                .any(|(m, s)| *m == user.id && matches!(*s, "ADMIN" | "MODERATOR"))
        })
    } else {
        album.owner == user.id
    };
    if allowed {
        Ok(())
    } else {
        Err(ApiError::new(24, "The user does not own this album"))
    }
}

/// An album of the data set or one made through the API; for the latter the owner and
/// the title are returned.
enum AnyAlbum {
    Fixed(&'static Album),
    Made(String, String, String),
}

fn album(call: &Call<'_>) -> Result<AnyAlbum, ApiError> {
    let aid = call.required("aid")?;
    if let Some(album) = media::album_by_id(aid) {
        return Ok(AnyAlbum::Fixed(album));
    }
    lock(&call.state.store)
        .albums
        .get(aid)
        .map(|(owner, title)| AnyAlbum::Made(aid.to_owned(), owner.clone(), title.clone()))
        .ok_or_else(|| ApiError::new(120, format!("Invalid album id {aid}")))
}

fn album_value(album: &AnyAlbum) -> Value {
    match album {
        AnyAlbum::Fixed(album) => media::album_json(album),
        AnyAlbum::Made(id, owner, title) => {
            let key = if data::group_by_id(owner).is_some() {
                "group_id"
            } else {
                "user_id"
            };
            json!({ "aid": id, key: owner, "title": title, "photos_count": 0, "type": "PUBLIC" })
        }
    }
}

/// The user may change an album made through the API when they made it, or one of the
/// data set when it is theirs.
fn own_album(call: &Call<'_>) -> Result<AnyAlbum, ApiError> {
    let album = album(call)?;
    match &album {
        AnyAlbum::Fixed(fixed) => may_change(call, fixed)?,
        AnyAlbum::Made(_, owner, _) => {
            let user = call.acting_user()?;
            let runs = data::group_by_id(owner).is_some_and(|g| {
                g.members
                    .iter()
                    .any(|(m, s)| *m == user.id && matches!(*s, "ADMIN" | "MODERATOR"))
            });
            if owner != user.id && !runs {
                return Err(ApiError::new(24, "The user does not own this album"));
            }
        }
    }
    Ok(album)
}

fn like(call: &Call<'_>, owner: &str, object: String) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    if owner == user.id {
        return Err(ApiError::new(
            100,
            "One cannot like one's own photos and albums",
        ));
    }
    let added = lock(&call.state.store)
        .likes
        .insert((user.id.to_owned(), object));
    Ok(json!(added))
}

fn add_album_like(call: &Call<'_>) -> Result<Value, ApiError> {
    match album(call)? {
        AnyAlbum::Fixed(album) => like(call, album.owner, format!("album:{}", album.id)),
        AnyAlbum::Made(id, owner, _) => like(call, &owner, format!("album:{id}")),
    }
}

fn add_photo_like(call: &Call<'_>) -> Result<Value, ApiError> {
    let id = call.required("photo_id")?;
    let (album, photo) = media::photo_by_id(id)
        .ok_or_else(|| ApiError::new(121, format!("Invalid photo id {id}")))?;
    like(call, album.owner, format!("photo:{}", photo.id))
}

/// Deletes an album made through the API; an album of the data set is acknowledged.
fn delete_album(call: &Call<'_>) -> Result<Value, ApiError> {
    if let AnyAlbum::Made(id, ..) = own_album(call)? {
        lock(&call.state.store).albums.remove(&id);
    }
    Ok(json!(true))
}

fn edit_album(call: &Call<'_>) -> Result<Value, ApiError> {
    let album = own_album(call)?;
    if let Some(types) = call.param("type") {
        for kind in list(types) {
            if !matches!(kind, "PUBLIC" | "FRIENDS" | "PRIVATE") {
                return Err(ApiError::new(
                    100,
                    format!("Invalid parameter type: {kind}"),
                ));
            }
        }
    }
    if let (AnyAlbum::Made(id, ..), Some(title)) =
        (&album, call.param("title").filter(|t| !t.is_empty()))
        && let Some(entry) = lock(&call.state.store).albums.get_mut(id)
    {
        title.clone_into(&mut entry.1);
    }
    Ok(json!(true))
}

fn delete_photo(call: &Call<'_>) -> Result<Value, ApiError> {
    own_photo(call)?;
    Ok(json!(true))
}

fn edit_photo(call: &Call<'_>) -> Result<Value, ApiError> {
    own_photo(call)?;
    if call
        .param("description")
        .is_some_and(|d| d.chars().count() > 1000)
    {
        return Err(ApiError::new(
            100,
            "Invalid parameter description: too long",
        ));
    }
    Ok(json!(true))
}

/// Friends marked on a photo: the album owner's friends, one per photo of the album.
fn tags_of(album: &Album, photo: &media::Photo) -> Vec<&'static str> {
    let index = album
        .photos
        .iter()
        .position(|p| p.id == photo.id)
        .unwrap_or(0);
    data::user_by_id(album.owner)
        .map(|owner| owner.friends.iter().copied().skip(index).take(1).collect())
        .unwrap_or_default()
}

fn delete_tags(call: &Call<'_>) -> Result<Value, ApiError> {
    let (album, photo) = own_photo(call)?;
    let tagged = tags_of(album, photo);
    let count = list(call.required("tag_ids")?)
        .filter(|id| tagged.contains(id))
        .count();
    Ok(json!({ "count": count }))
}

fn get_tags(call: &Call<'_>) -> Result<Value, ApiError> {
    let id = call.required("photo_id")?;
    let (album, photo) = media::photo_by_id(id)
        .ok_or_else(|| ApiError::new(121, format!("Invalid photo id {id}")))?;
    let tags: Vec<Value> = tags_of(album, photo)
        .into_iter()
        .map(|uid| json!({ "id": uid, "user_id": uid, "x": 40, "y": 60 }))
        .collect();
    Ok(json!({ "entities": { "tags": tags } }))
}

fn get_album_info(call: &Call<'_>) -> Result<Value, ApiError> {
    Ok(json!({ "album": album_value(&album(call)?) }))
}

/// The users who liked an album: the first `like_count / 10` sandbox users.
fn get_album_likes(call: &Call<'_>) -> Result<Value, ApiError> {
    let likes = match album(call)? {
        AnyAlbum::Fixed(album) => album.photos.iter().map(|p| p.likes as usize).sum::<usize>() / 10,
        AnyAlbum::Made(..) => 0,
    };
    let fields = call.param("fields").unwrap_or("first_name,last_name");
    let users: Vec<Value> = data::USERS
        .iter()
        .take(likes)
        .map(|user| data::select(data::profile(user, false), fields))
        .collect();
    let (chunk, anchor, more) = media::page(&users, call.param("anchor"), count(call)?);
    Ok(json!({ "users": chunk, "anchor": anchor, "has_more": more, "total_count": users.len() }))
}

/// Photos by id (`photo_ids`), or those of an album (`aid`) or of the owner's first album.
fn get_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let photos: Vec<Value> = match call.param("photo_ids").filter(|ids| !ids.is_empty()) {
        Some(ids) => list(ids)
            .filter_map(media::photo_by_id)
            .map(|(album, photo)| media::photo_json(album, photo))
            .collect(),
        None => {
            let album = match call.param("aid").filter(|aid| !aid.is_empty()) {
                Some(aid) => media::album_by_id(aid)
                    .ok_or_else(|| ApiError::new(120, format!("Invalid album id {aid}")))?,
                None => media::albums_of(owner(call)?)
                    .next()
                    .ok_or_else(|| ApiError::new(100, "The owner has no photos"))?,
            };
            album
                .photos
                .iter()
                .map(|p| media::photo_json(album, p))
                .collect()
        }
    };
    Ok(json!({ "photos": photos }))
}

/// Marks the user gave: 5 to each photo of their friends' albums.
fn get_photo_marks(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let marks: Vec<Value> = media::ALBUMS
        .iter()
        .filter(|album| user.friends.contains(&album.owner))
        .flat_map(|album| album.photos.iter())
        .map(|photo| json!({ "photo_id": photo.id, "mark": 5 }))
        .collect();
    let (chunk, anchor, more) = media::page(&marks, call.param("pagingAnchor"), count(call)?);
    let mut answer = json!({ "photomark": chunk, "anchor": anchor, "has_more": more });
    if call.flag("detectTotalCount") {
        answer["totalCount"] = json!(marks.len());
    }
    Ok(answer)
}

/// The older photo pages: `{photos, pagingAnchor, hasMore, totalCount}`.
fn old_page(call: &Call<'_>, album: &Album, photos: Vec<&media::Photo>) -> Result<Value, ApiError> {
    let values: Vec<Value> = photos.iter().map(|p| media::photo_json(album, p)).collect();
    let (chunk, anchor, more) = media::page(&values, call.param("pagingAnchor"), count(call)?);
    let mut answer = json!({ "photos": chunk, "pagingAnchor": anchor, "hasMore": more });
    if call.flag("detectTotalCount") {
        answer["totalCount"] = json!(values.len());
    }
    Ok(answer)
}

fn get_user_album_photos(call: &Call<'_>) -> Result<Value, ApiError> {
    let aid = call.required("aid")?;
    let album = media::album_by_id(aid)
        .filter(|album| !album.group)
        .ok_or_else(|| ApiError::new(120, format!("Invalid album id {aid}")))?;
    old_page(call, album, album.photos.iter().collect())
}

/// The personal photos: the owner's first album, or the photos named in `photos`.
fn get_user_photos(call: &Call<'_>) -> Result<Value, ApiError> {
    let owner = match call.param("fid").filter(|fid| !fid.is_empty()) {
        Some(fid) => known_user(fid)?.id,
        None => call.acting_user()?.id,
    };
    let album = media::albums_of(owner)
        .next()
        .ok_or_else(|| ApiError::new(100, "The user has no photos"))?;
    let wanted: Vec<&str> = call
        .param("photos")
        .map(|p| list(p).collect())
        .unwrap_or_default();
    let photos = album
        .photos
        .iter()
        .filter(|p| wanted.is_empty() || wanted.contains(&p.id))
        .collect();
    old_page(call, album, photos)
}

fn set_album_main_photo(call: &Call<'_>) -> Result<Value, ApiError> {
    let album = own_album(call)?;
    let id = call.required("photo_id")?;
    let in_album = match &album {
        AnyAlbum::Fixed(album) => album.photos.iter().any(|p| p.id == id),
        AnyAlbum::Made(..) => false,
    };
    if in_album {
        Ok(json!(true))
    } else {
        Err(ApiError::new(
            121,
            format!("Photo {id} is not in the album"),
        ))
    }
}
