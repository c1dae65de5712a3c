//! `mediatopic.*`: posts (media topics) on a user's or a group's feed.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use super::{Call, Method, SessionRule, lock, method};
use crate::answer::list;
use crate::ok::content;
use crate::ok::media::page;
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    method(
        "mediatopic.getByIds",
        SessionRule::Required,
        &["topic_ids"],
        get_by_ids,
    ),
    method(
        "mediatopic.getPollAnswerVoters",
        SessionRule::Required,
        &["topic_id", "answer_idx"],
        get_poll_answer_voters,
    ),
    method(
        "mediatopic.getRepublishedTopic",
        SessionRule::Required,
        &["topic_id"],
        get_republished_topic,
    ),
    method(
        "mediatopic.post",
        SessionRule::Optional,
        &["attachment"],
        post,
    ),
];

/// Checks the attachment the way the platform documents it (`{"media": [...]}` with typed
/// items), keeps the topic and answers its id.
fn post(call: &Call<'_>) -> Result<Value, ApiError> {
    let attachment = call
        .json("attachment")?
        .ok_or_else(|| ApiError::missing("attachment"))?;
    let media = attachment
        .get("media")
        .and_then(Value::as_array)
        .filter(|media| !media.is_empty())
        .ok_or_else(|| ApiError::new(100, "Invalid parameter attachment: no media"))?;
    for item in media {
        match item.get("type").and_then(Value::as_str) {
            Some("text" | "link" | "photo" | "poll" | "movie" | "app") => {}
            other => {
                return Err(ApiError::new(
                    100,
                    format!("Invalid parameter attachment: media type {other:?}"),
                ));
            }
        }
    }
    let kind = call.param("type").unwrap_or("USER");
    let owner = if kind.starts_with("GROUP") {
        let gid = call.required("gid")?;
        data::group_by_id(gid)
            .ok_or_else(|| ApiError::new(160, format!("Invalid group id {gid}")))?
            .id
    } else {
        call.acting_user()?.id
    };
    let text = media
        .iter()
        .find_map(|item| item.get("text").and_then(Value::as_str))
        .unwrap_or("")
        .to_owned();
    let id = call
        .state
        .next_topic_id
        .fetch_add(1, Ordering::Relaxed)
        .to_string();
    lock(&call.state.store)
        .topics
        .insert(id.clone(), (owner.to_owned(), text));
    Ok(json!(id))
}

/// The fixed topics and those posted through the API; unknown ids are left out.
fn get_by_ids(call: &Call<'_>) -> Result<Value, ApiError> {
    let ids: Vec<&str> = list(call.required("topic_ids")?).collect();
    if ids.len() > 1 && call.param("media_limit").is_none_or(str::is_empty) {
        return Err(ApiError::new(100, "Missing required parameter media_limit"));
    }
    let store = lock(&call.state.store);
    let topics: Vec<Value> = ids
        .iter()
        .filter_map(|id| {
            content::topic(id).map(content::topic_json).or_else(|| {
                store.topics.get(*id).map(|(owner, text)| {
                    let kind = if data::group_by_id(owner).is_some() {
                        "group"
                    } else {
                        "user"
                    };
                    json!({
                        "id": id,
                        "owner_ref": format!("{kind}:{owner}"),
                        "media": [{ "type": "text", "text": text }],
                    })
                })
            })
        })
        .collect();
    Ok(json!({ "media_topics": topics, "entities": {} }))
}

fn get_poll_answer_voters(call: &Call<'_>) -> Result<Value, ApiError> {
    let id = call.required("topic_id")?;
    let topic = content::topic(id)
        .filter(|t| !t.poll.is_empty())
        .ok_or_else(|| {
            ApiError::new(100, format!("Invalid parameter topic_id: {id} has no poll"))
        })?;
    let answer = call
        .int("answer_idx")?
        .ok_or_else(|| ApiError::missing("answer_idx"))?;
    let voters = usize::try_from(answer)
        .ok()
        .and_then(|i| topic.poll.get(i))
        .ok_or_else(|| ApiError::new(100, format!("Invalid parameter answer_idx: {answer}")))?;
    let fields = call.param("fields").unwrap_or("first_name,last_name");
    let users: Vec<Value> = voters
        .iter()
        .filter_map(|id| data::user_by_id(id))
        .map(|user| data::select(data::profile(user, false), fields))
        .collect();
    let (chunk, anchor, more) = page(&users, call.param("anchor"), call.count(20)?);
    Ok(json!({
        "entities": { "users": chunk },
        "anchor": anchor,
        "has_more": more,
        "total_count": users.len(),
    }))
}

/// The sandbox republishes nothing: a topic keeps its id (`mid`).
fn get_republished_topic(call: &Call<'_>) -> Result<Value, ApiError> {
    let id = call.required("topic_id")?;
    let known = content::topic(id).is_some() || lock(&call.state.store).topics.contains_key(id);
    if known {
        Ok(json!({ "mid": id }))
    } else {
        Err(ApiError::new(
            100,
            format!("Invalid parameter topic_id: {id}"),
        ))
    }
}
