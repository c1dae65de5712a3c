//! The OK media data set: photo albums and their photos.

use serde_json::{Value, json};

use crate::fixtures::ok as fx;

/// One photo album.
#[derive(Debug)]
pub(crate) struct Album {
    pub id: &'static str,
    /// Owner: a user id, or a group id for group albums.
    pub owner: &'static str,
    pub group: bool,
    pub title: &'static str,
    pub description: &'static str,
    pub created_ms: i64,
    pub photos: &'static [Photo],
}

/// One photo.
#[derive(Debug)]
pub(crate) struct Photo {
    pub id: &'static str,
    pub text: &'static str,
    pub likes: u32,
    pub created_ms: i64,
}

pub(crate) const ALBUMS: &[Album] = &[
    Album {
        id: "880000000101",
        owner: fx::ALICE_ID,
        group: false,
        title: "Summer on the Volga",
        description: "Boats, beaches and one very large fish",
        created_ms: 1_750_000_000_000,
        photos: &[
            Photo {
                id: "902000000001",
                text: "Sunrise",
                likes: 12,
                created_ms: 1_750_000_100_000,
            },
            Photo {
                id: "902000000002",
                text: "The fish",
                likes: 40,
                created_ms: 1_750_000_200_000,
            },
            Photo {
                id: "902000000003",
                text: "",
                likes: 0,
                created_ms: 1_750_000_300_000,
            },
        ],
    },
    Album {
        id: "880000000102",
        owner: fx::ALICE_ID,
        group: false,
        title: "Cats",
        description: "",
        created_ms: 1_760_000_000_000,
        photos: &[Photo {
            id: "902000000004",
            text: "Barsik asleep",
            likes: 99,
            created_ms: 1_760_000_100_000,
        }],
    },
    Album {
        id: "880000000201",
        owner: fx::GROUP_ID,
        group: true,
        title: "Meetups",
        description: "Rust meetups in Moscow",
        created_ms: 1_700_000_000_000,
        photos: &[
            Photo {
                id: "902000000101",
                text: "Group logo",
                likes: 7,
                created_ms: 1_700_000_100_000,
            },
            Photo {
                id: "902000000102",
                text: "Talk on async",
                likes: 15,
                created_ms: 1_700_000_200_000,
            },
        ],
    },
];

/// Albums of a user or a group.
pub(crate) fn albums_of(owner: &str) -> impl Iterator<Item = &'static Album> {
    ALBUMS.iter().filter(move |album| album.owner == owner)
}

pub(crate) fn album_by_id(id: &str) -> Option<&'static Album> {
    ALBUMS.iter().find(|album| album.id == id)
}

/// A photo and the album that holds it.
pub(crate) fn photo_by_id(id: &str) -> Option<(&'static Album, &'static Photo)> {
    ALBUMS
        .iter()
        .flat_map(|album| album.photos.iter().map(move |photo| (album, photo)))
        .find(|(_, photo)| photo.id == id)
}

pub(crate) fn album_json(album: &Album) -> Value {
    let owner = if album.group { "group_id" } else { "user_id" };
    json!({
        "aid": album.id,
        owner: album.owner,
        "title": album.title,
        "description": album.description,
        "created_ms": album.created_ms,
        "photos_count": album.photos.len(),
        "like_count": album.photos.iter().map(|p| p.likes).sum::<u32>(),
        "type": "PUBLIC",
    })
}

pub(crate) fn photo_json(album: &Album, photo: &Photo) -> Value {
    let owner = if album.group { "group_id" } else { "user_id" };
    let pic = |size: &str| {
        format!(
            "https://i.mycdn.me/sandbox/ok/photo/{}/{size}.jpg",
            photo.id
        )
    };
    json!({
        "id": photo.id,
        "album_id": album.id,
        owner: album.owner,
        "text": photo.text,
        "created_ms": photo.created_ms,
        "like_count": photo.likes,
        "comments_count": 0,
        "standard_width": 1280,
        "standard_height": 960,
        "pic50x50": pic("50x50"),
        "pic128x128": pic("128x128"),
        "pic640x480": pic("640x480"),
        "pic1024x768": pic("1024x768"),
    })
}

/// One page of a cursor-paged listing. The anchor is the position after the page, written
/// as text; a missing or unreadable anchor starts at the beginning.
pub(crate) fn page<'a, T>(
    items: &'a [T],
    anchor: Option<&str>,
    count: usize,
) -> (&'a [T], String, bool) {
    let start = anchor
        .and_then(|a| a.strip_prefix("pos"))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0)
        .min(items.len());
    let end = start.saturating_add(count.max(1)).min(items.len());
    (&items[start..end], format!("pos{end}"), end < items.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_everything_once() {
        let items: Vec<u32> = (0..7).collect();
        let mut seen = Vec::new();
        let mut anchor = None;
        loop {
            let (chunk, next, more) = page(&items, anchor.as_deref(), 3);
            seen.extend_from_slice(chunk);
            anchor = Some(next);
            if !more {
                break;
            }
        }
        assert_eq!(seen, items);
    }

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = ALBUMS.iter().map(|a| a.id).collect();
        ids.extend(ALBUMS.iter().flat_map(|a| a.photos.iter().map(|p| p.id)));
        let before = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), before);
    }
}
