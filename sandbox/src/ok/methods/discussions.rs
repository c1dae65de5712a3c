//! `discussions.*`: discussions of photos and group topics, their comments and likes.
//!
//! A discussion is named by its object's id and its type (`discussionId` + `discussionType`,
//! or `entityId` + `entityType` in the older methods). The fixed ones are in `content`;
//! comments added through the API are kept, and removed or spam comments are hidden.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, lock, method};
use crate::answer::list;
use crate::ok::content::{self, DISCUSSIONS, Discussion};
use crate::ok::media;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    method(
        "discussions.addCommentLike",
        SessionRule::Required,
        &["comment_id", "discussionId", "discussionType"],
        add_comment_like,
    ),
    method(
        "discussions.addDiscussionComment",
        SessionRule::Required,
        &["entityId", "entityType", "comment"],
        add_discussion_comment,
    ),
    method(
        "discussions.addDiscussionLike",
        SessionRule::Required,
        &["discussionId", "discussionType"],
        add_discussion_like,
    ),
    method(
        "discussions.deleteDiscussionComment",
        SessionRule::Required,
        &["comment_id", "discussionId", "discussionType"],
        delete_discussion_comment,
    ),
    method(
        "discussions.deleteDiscussionComments",
        SessionRule::Required,
        &["comment_ids", "discussionId", "discussionType"],
        delete_discussion_comments,
    ),
    method(
        "discussions.editDiscussionComment",
        SessionRule::Required,
        &["comment_id", "comment", "discussionId", "discussionType"],
        edit_discussion_comment,
    ),
    method(
        "discussions.get",
        SessionRule::Required,
        &["discussionId", "discussionType"],
        get,
    ),
    method(
        "discussions.getAttachedResources",
        SessionRule::Required,
        &["attach_ids"],
        get_attached_resources,
    ),
    method(
        "discussions.getComment",
        SessionRule::Required,
        &["comment_id", "discussionId", "discussionType"],
        get_comment,
    ),
    method(
        "discussions.getCommentLikes",
        SessionRule::Required,
        &["comment_id", "discussionId", "discussionType"],
        get_comment_likes,
    ),
    method(
        "discussions.getComments",
        SessionRule::Required,
        &["discussionId", "discussionType"],
        get_comments,
    ),
    method(
        "discussions.getDiscussionComments",
        SessionRule::Required,
        &["entityId", "entityType"],
        get_discussion_comments,
    ),
    method(
        "discussions.getDiscussionCommentsCount",
        SessionRule::Required,
        &["entityId", "entityType"],
        get_discussion_comments_count,
    ),
    method(
        "discussions.getDiscussionLikes",
        SessionRule::Required,
        &["discussionId", "discussionType"],
        get_discussion_likes,
    ),
    method(
        "discussions.getDiscussions",
        SessionRule::Required,
        &[],
        get_discussions,
    ),
    method(
        "discussions.getDiscussionsNews",
        SessionRule::Required,
        &[],
        get_discussions_news,
    ),
    method("discussions.getList", SessionRule::Required, &[], get_list),
    method(
        "discussions.markAsRead",
        SessionRule::Required,
        &[],
        mark_as_read,
    ),
    method(
        "discussions.markCommentAsSpam",
        SessionRule::Required,
        &["comment_id", "discussionId", "discussionType"],
        mark_comment_as_spam,
    ),
    method(
        "discussions.markCommentsAsSpam",
        SessionRule::Required,
        &["comment_ids", "discussionId", "discussionType"],
        mark_comments_as_spam,
    ),
    method(
        "discussions.markDiscussionAsSpam",
        SessionRule::Required,
        &["discussionId", "discussionType"],
        mark_discussion_as_spam,
    ),
];

/// A comment added through the API.
#[derive(Debug, Clone)]
pub(crate) struct AddedComment {
    pub id: String,
    pub author: String,
    pub text: String,
    pub date_ms: i64,
    pub reply_to: Option<String>,
}

/// The discussion named by `id_name` and `type_name`: 100 when there is none.
fn discussion(
    call: &Call<'_>,
    id_name: &str,
    type_name: &str,
) -> Result<&'static Discussion, ApiError> {
    let id = call.required(id_name)?;
    let kind = call.required(type_name)?;
    content::discussion(id, kind).ok_or_else(|| {
        ApiError::new(
            100,
            format!("Invalid parameter {id_name}: no {kind} discussion {id}"),
        )
    })
}

fn by_id(call: &Call<'_>) -> Result<&'static Discussion, ApiError> {
    discussion(call, "discussionId", "discussionType")
}

/// The comments of a discussion as they stand: the fixed ones and the added ones, without
/// the removed ones.
fn comments(call: &Call<'_>, discussion: &Discussion) -> Vec<AddedComment> {
    let store = lock(&call.state.store);
    discussion
        .comments
        .iter()
        .map(|c| AddedComment {
            id: c.id.to_owned(),
            author: c.author.to_owned(),
            text: c.text.to_owned(),
            date_ms: c.date_ms,
            reply_to: c.reply_to.map(str::to_owned),
        })
        .chain(
            store
                .comments
                .get(discussion.id)
                .into_iter()
                .flatten()
                .cloned(),
        )
        .filter(|c| !store.removed_comments.contains(&c.id))
        .collect()
}

fn comment_json(call: &Call<'_>, comment: &AddedComment) -> Value {
    let author = data::user_by_id(&comment.author);
    let likes = lock(&call.state.store)
        .likes
        .iter()
        .filter(|(_, object)| *object == format!("comment:{}", comment.id))
        .count();
    let mut value = json!({
        "id": comment.id,
        "author_id": comment.author,
        "author_name": author.map(|u| format!("{} {}", u.first_name, u.last_name)),
        "author_ref": format!("user:{}", comment.author),
        "text": comment.text,
        "date_ms": comment.date_ms,
        "type": "ACTIVE_MESSAGE",
        "like_count": likes,
    });
    if let Some(reply_to) = &comment.reply_to {
        value["reply_to_comment_id"] = json!(reply_to);
    }
    value
}

/// The comment named by `comment_id` in the discussion: 700 `COMMENT_NOT_FOUND` otherwise.
fn comment(call: &Call<'_>, discussion: &Discussion, id: &str) -> Result<AddedComment, ApiError> {
    comments(call, discussion)
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| ApiError::new(700, format!("Comment {id} not found")))
}

/// Who may remove a comment: its author and the owner of the object discussed (OK's notes).
fn may_remove(
    call: &Call<'_>,
    discussion: &Discussion,
    comment: &AddedComment,
) -> Result<(), ApiError> {
    let user = call.acting_user()?;
    let owns = discussion.owner == user.id
        || data::group_by_id(discussion.owner).is_some_and(|g| {
            g.members
                .iter()
                .any(|(id, s)| *id == user.id && matches!(*s, "ADMIN" | "MODERATOR"))
        });
    if owns || comment.author == user.id {
        Ok(())
    } else {
        Err(ApiError::new(
            24,
            "Only the owner of the object or of the comment may do this",
        ))
    }
}

fn like(call: &Call<'_>, object: String) -> Result<Value, ApiError> {
    let user = call.acting_user()?;
    let added = lock(&call.state.store)
        .likes
        .insert((user.id.to_owned(), object));
    Ok(json!(added))
}

fn add_comment_like(call: &Call<'_>) -> Result<Value, ApiError> {
    let discussion = by_id(call)?;
    let comment = comment(call, discussion, call.required("comment_id")?)?;
    like(call, format!("comment:{}", comment.id))
}

fn add_discussion_like(call: &Call<'_>) -> Result<Value, ApiError> {
    let discussion = by_id(call)?;
    like(call, format!("discussion:{}", discussion.id))
}

/// Adds a comment; answers its id (the sandbox's shape).
fn add_discussion_comment(call: &Call<'_>) -> Result<Value, ApiError> {
    let discussion = discussion(call, "entityId", "entityType")?;
    let user = call.acting_user()?;
    let text = call.required("comment")?;
    let reply_to = match call.param("reply_to_comment_id").filter(|v| !v.is_empty()) {
        Some(id) => Some(comment(call, discussion, id)?.id),
        None => None,
    };
    let n = call.state.next_message_id.fetch_add(1, Ordering::Relaxed);
    let id = format!("c{n:012}");
    lock(&call.state.store)
        .comments
        .entry(discussion.id.to_owned())
        .or_default()
        .push(AddedComment {
            id: id.clone(),
            author: user.id.to_owned(),
            text: text.to_owned(),
            date_ms: 1_780_000_000_000 + n as i64,
            reply_to,
        });
    Ok(json!(id))
}

fn remove(call: &Call<'_>, ids: &[&str]) -> Result<Value, ApiError> {
    let discussion = by_id(call)?;
    let found: Vec<AddedComment> = ids
        .iter()
        .map(|id| comment(call, discussion, id))
        .collect::<Result<_, _>>()?;
    for comment in &found {
        may_remove(call, discussion, comment)?;
    }
    let mut store = lock(&call.state.store);
    store
        .removed_comments
        .extend(found.into_iter().map(|c| c.id));
    Ok(json!(true))
}

fn delete_discussion_comment(call: &Call<'_>) -> Result<Value, ApiError> {
    remove(call, &[call.required("comment_id")?])
}

fn delete_discussion_comments(call: &Call<'_>) -> Result<Value, ApiError> {
    let ids: Vec<&str> = list(call.required("comment_ids")?).collect();
    remove(call, &ids)
}

/// Only the author edits a comment; the text of an added comment changes.
fn edit_discussion_comment(call: &Call<'_>) -> Result<Value, ApiError> {
    let discussion = by_id(call)?;
    let found = comment(call, discussion, call.required("comment_id")?)?;
    let user = call.acting_user()?;
    if found.author != user.id {
        return Err(ApiError::new(701, "Only the author may edit a comment"));
    }
    let text = call.required("comment")?;
    let mut store = lock(&call.state.store);
    if let Some(added) = store
        .comments
        .get_mut(discussion.id)
        .and_then(|list| list.iter_mut().find(|c| c.id == found.id))
    {
        text.clone_into(&mut added.text);
    }
    Ok(json!(true))
}

fn discussion_json(call: &Call<'_>, discussion: &Discussion) -> Value {
    let total = comments(call, discussion).len();
    let owner_kind = if data::group_by_id(discussion.owner).is_some() {
        "GROUP"
    } else {
        "USER"
    };
    json!({
        "object_id": discussion.id,
        "object_type": discussion.kind,
        "title": discussion.title,
        "new_comments_count": total.min(1),
        "total_comments_count": total,
        "last_activity_date": "2026-05-30 12:00:00",
        "ref_objects": [{ "id": discussion.owner, "type": owner_kind }],
    })
}

fn get(call: &Call<'_>) -> Result<Value, ApiError> {
    let discussion = by_id(call)?;
    Ok(json!({ "discussion": discussion_json(call, discussion), "entities": {} }))
}

/// Attached photos, named by photo id.
fn get_attached_resources(call: &Call<'_>) -> Result<Value, ApiError> {
    let attachments: Vec<Value> = list(call.required("attach_ids")?)
        .map(|id| {
            media::photo_by_id(id)
                .map(|(album, photo)| {
                    json!({ "id": id, "type": "PHOTO", "photo": media::photo_json(album, photo) })
                })
                .ok_or_else(|| ApiError::new(100, format!("Invalid parameter attach_ids: {id}")))
        })
        .collect::<Result<_, _>>()?;
    Ok(json!({ "attachments": attachments }))
}

fn get_comment(call: &Call<'_>) -> Result<Value, ApiError> {
    let discussion = by_id(call)?;
    let comment = comment(call, discussion, call.required("comment_id")?)?;
    Ok(json!({ "comment": comment_json(call, &comment) }))
}

fn users_page(call: &Call<'_>, ids: &[String]) -> Result<Value, ApiError> {
    let fields = call.param("fields").unwrap_or("first_name,last_name");
    let users: Vec<Value> = ids
        .iter()
        .filter_map(|id| data::user_by_id(id))
        .map(|user| data::select(data::profile(user, false), fields))
        .collect();
    let (chunk, anchor, more) = media::page(&users, call.param("anchor"), call.count(10)?);
    Ok(json!({ "users": chunk, "anchor": anchor, "has_more": more }))
}

fn likers(call: &Call<'_>, object: &str) -> Vec<String> {
    lock(&call.state.store)
        .likes
        .iter()
        .filter(|(_, liked)| liked == object)
        .map(|(user, _)| user.clone())
        .collect()
}

/// The users who liked a comment through the API.
fn get_comment_likes(call: &Call<'_>) -> Result<Value, ApiError> {
    let discussion = by_id(call)?;
    let comment = comment(call, discussion, call.required("comment_id")?)?;
    users_page(call, &likers(call, &format!("comment:{}", comment.id)))
}

fn get_comments(call: &Call<'_>) -> Result<Value, ApiError> {
    let discussion = by_id(call)?;
    let all: Vec<Value> = comments(call, discussion)
        .iter()
        .map(|c| comment_json(call, c))
        .collect();
    let (chunk, anchor, more) = media::page(&all, call.param("anchor"), call.count(20)?);
    Ok(json!({
        "comments": chunk,
        "anchor": anchor,
        "has_more": more,
        "discussionId": discussion.id,
        "discussionType": discussion.kind,
    }))
}

fn get_discussion_comments(call: &Call<'_>) -> Result<Value, ApiError> {
    let discussion = discussion(call, "entityId", "entityType")?;
    let offset = usize::try_from(call.int("offset")?.unwrap_or(0)).unwrap_or(0);
    let count = call.count(20)?;
    let all: Vec<Value> = comments(call, discussion)
        .iter()
        .skip(offset)
        .take(count)
        .map(|c| comment_json(call, c))
        .collect();
    Ok(json!({ "comments": all }))
}

fn get_discussion_comments_count(call: &Call<'_>) -> Result<Value, ApiError> {
    let discussion = discussion(call, "entityId", "entityType")?;
    Ok(json!({ "commentsCount": comments(call, discussion).len() }))
}

/// Who liked a discussion. Photo discussions are liked by the first `like_count` sandbox
/// users, others by the users who liked them through the API.
fn get_discussion_likes(call: &Call<'_>) -> Result<Value, ApiError> {
    let id = call.required("discussionId")?;
    let kind = call.required("discussionType")?;
    let ids: Vec<String> = match kind {
        "GROUP_PHOTO" | "USER_PHOTO" => {
            let likes = media::photo_by_id(id)
                .map(|(_, photo)| photo.likes as usize)
                .ok_or_else(|| {
                    ApiError::new(100, format!("Invalid parameter discussionId: {id}"))
                })?;
            data::USERS
                .iter()
                .take(likes)
                .map(|u| u.id.to_owned())
                .collect()
        }
        "GROUP_TOPIC" | "USER_STATUS" | "USER_ALBUM" | "GROUP_ALBUM" | "MOVIE" | "SCHOOL_FORUM" => {
            likers(call, &format!("discussion:{id}"))
        }
        other => {
            return Err(ApiError::new(
                100,
                format!("Invalid parameter discussionType: {other}"),
            ));
        }
    };
    let fields = call.param("fields").unwrap_or("first_name,last_name");
    let users: Vec<Value> = ids
        .iter()
        .filter_map(|id| data::user_by_id(id))
        .map(|user| data::select(data::profile(user, false), fields))
        .collect();
    let count = call
        .int("count")?
        .map_or(users.len(), |count| usize::try_from(count).unwrap_or(0));
    let (chunk, anchor, more) = media::page(&users, call.param("anchor"), count);
    Ok(json!({ "users": chunk, "anchor": anchor, "has_more": more, "inconsistent": false }))
}

/// The discussions the user takes part in: the ones they commented or own, of the types
/// asked for.
fn mine(call: &Call<'_>, types: Option<&str>) -> Result<Vec<&'static Discussion>, ApiError> {
    let user = call.acting_user()?;
    let wanted: Vec<&str> = types.map(|t| list(t).collect()).unwrap_or_default();
    Ok(DISCUSSIONS
        .iter()
        .filter(|d| wanted.is_empty() || wanted.contains(&d.kind))
        .filter(|d| {
            d.owner == user.id
                || d.comments.iter().any(|c| c.author == user.id)
                || data::group_by_id(d.owner)
                    .is_some_and(|g| g.members.iter().any(|(m, _)| *m == user.id))
        })
        .collect())
}

fn get_discussions(call: &Call<'_>) -> Result<Value, ApiError> {
    let all = mine(call, call.param("entityTypes"))?;
    let offset = usize::try_from(call.int("offset")?.unwrap_or(0)).unwrap_or(0);
    let count = call.count(20)?;
    let discussions: Vec<Value> = all
        .iter()
        .skip(offset)
        .take(count)
        .map(|d| {
            json!({
                "entityId": d.id,
                "entityType": d.kind,
                "newCommentsCount": comments(call, d).len().min(1),
                "subjectLabel": d.title,
            })
        })
        .collect();
    Ok(json!({ "discussions": discussions, "totalCount": all.len() }))
}

/// News of the user's discussions (the items' shape is the sandbox's choice).
fn get_discussions_news(call: &Call<'_>) -> Result<Value, ApiError> {
    let news: Vec<Value> = mine(call, None)?
        .iter()
        .map(|d| json!({ "discussion_id": d.id, "discussion_type": d.kind, "title": d.title }))
        .collect();
    Ok(json!({ "news": news, "preferred": "DISCUSSIONS" }))
}

fn get_list(call: &Call<'_>) -> Result<Value, ApiError> {
    let all: Vec<Value> = mine(call, call.param("types"))?
        .iter()
        .map(|d| discussion_json(call, d))
        .collect();
    let (chunk, anchor, more) = media::page(&all, call.param("anchor"), call.count(20)?);
    Ok(json!({ "discussions": chunk, "anchor": anchor, "has_more": more }))
}

fn mark_as_read(call: &Call<'_>) -> Result<Value, ApiError> {
    call.acting_user()?;
    Ok(json!(true))
}

fn spam(call: &Call<'_>, ids: &[&str]) -> Result<Value, ApiError> {
    let discussion = by_id(call)?;
    let found: Vec<AddedComment> = ids
        .iter()
        .map(|id| comment(call, discussion, id))
        .collect::<Result<_, _>>()?;
    lock(&call.state.store)
        .removed_comments
        .extend(found.into_iter().map(|c| c.id));
    Ok(json!(true))
}

fn mark_comment_as_spam(call: &Call<'_>) -> Result<Value, ApiError> {
    spam(call, &[call.required("comment_id")?])
}

fn mark_comments_as_spam(call: &Call<'_>) -> Result<Value, ApiError> {
    let ids: Vec<&str> = list(call.required("comment_ids")?).collect();
    spam(call, &ids)
}

fn mark_discussion_as_spam(call: &Call<'_>) -> Result<Value, ApiError> {
    by_id(call)?;
    Ok(json!(true))
}
