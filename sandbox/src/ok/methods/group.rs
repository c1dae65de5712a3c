//! `group.*`: groups, their members, counters and statistics.

use serde_json::{Map, Value, json};

use super::{Call, Method, SessionRule, known_user, method};
use crate::answer::list;
use crate::ok::content::{self, TOPICS};
use crate::ok::media::{self, page};
use crate::ok::{ApiError, data};

pub(super) const METHODS: &[Method] = &[
    method(
        "group.getCounters",
        SessionRule::Optional,
        &["group_id", "counterTypes"],
        get_counters,
    ),
    method(
        "group.getInfo",
        SessionRule::Optional,
        &["uids", "fields"],
        get_info,
    ),
    method(
        "group.getMembers",
        SessionRule::Required,
        &["uid"],
        get_members,
    ),
    method(
        "group.getStatOverview",
        SessionRule::Required,
        &["gid"],
        get_stat_overview,
    ),
    method(
        "group.getStatPeople",
        SessionRule::Required,
        &["gid"],
        get_stat_people,
    ),
    method(
        "group.getStatTopic",
        SessionRule::Required,
        &["topic_id"],
        get_stat_topic,
    ),
    method(
        "group.getStatTopics",
        SessionRule::Required,
        &["gid"],
        get_stat_topics,
    ),
    method(
        "group.getStatTrends",
        SessionRule::Required,
        &["gid"],
        get_stat_trends,
    ),
    method(
        "group.getUserGroupsByIds",
        SessionRule::Optional,
        &["group_id", "uids"],
        get_user_groups_by_ids,
    ),
    method(
        "group.getUserGroupsV2",
        SessionRule::Optional,
        &[],
        get_user_groups_v2,
    ),
    method(
        "group.pinGroupFeed",
        SessionRule::Required,
        &["pin_id"],
        pin_group_feed,
    ),
    method(
        "group.setMainPhoto",
        SessionRule::Required,
        &["group_id", "photo_id"],
        set_main_photo,
    ),
];

fn get_info(call: &Call<'_>) -> Result<Value, ApiError> {
    let uids = call.required("uids")?;
    let fields = call.required("fields")?;
    Ok(list(uids)
        .filter_map(data::group_by_id)
        .map(|group| data::select(data::group(group), fields))
        .collect())
}

fn get_counters(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = call.group("group_id")?;
    let types = call.required("counterTypes")?;
    let photos: usize = media::albums_of(group.id).map(|a| a.photos.len()).sum();
    let mut counters = Map::new();
    for kind in list(types) {
        let value = match kind.to_ascii_uppercase().as_str() {
            "MEMBERS" => group.members_count,
            "MODERATORS" => group
                .members
                .iter()
                .filter(|(_, status)| matches!(*status, "ADMIN" | "MODERATOR"))
                .count() as u64,
            "THEMES" => TOPICS.iter().filter(|t| t.owner == group.id).count() as u64,
            "PHOTO_ALBUMS" => media::albums_of(group.id).count() as u64,
            "PHOTOS" => photos as u64,
            "VIDEOS" => 7,
            "LINKS" => 5,
            "PRESENTS" => 0,
            "MAYBE" => group.members.iter().filter(|(_, s)| *s == "MAYBE").count() as u64,
            "JOIN_REQUESTS" | "BLACK_LIST" => 0,
            _ => {
                return Err(ApiError::new(
                    100,
                    format!("Invalid parameter counterTypes: {kind}"),
                ));
            }
        };
        counters.insert(kind.to_ascii_lowercase(), json!(value));
    }
    Ok(json!({ "counters": counters }))
}

fn membership(group: &data::Group, uid: &str, status: &str) -> Value {
    let mut value = json!({ "groupId": group.id, "userId": uid, "status": status });
    if status == "MODERATOR" {
        value["role"] = json!("MODERATOR");
    }
    value
}

/// Members in join order; `statuses` filters (by default the active ones, as documented).
fn get_members(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = call.group("uid")?;
    let statuses: Vec<&str> = call
        .param("statuses")
        .map(|s| list(s).collect())
        .filter(|s: &Vec<&str>| !s.is_empty())
        .unwrap_or_else(|| vec!["ACTIVE", "ADMIN", "MODERATOR"]);
    let members: Vec<Value> = group
        .members
        .iter()
        .filter(|(_, status)| statuses.contains(status))
        .map(|(uid, status)| membership(group, uid, status))
        .collect();
    let (chunk, anchor, more) = page(&members, call.param("anchor"), call.count(20)?);
    Ok(json!({
        "members": chunk,
        "anchor": anchor,
        "etag": format!("m-{}", members.len()),
        "has_more": more,
        "membersHidden": false,
        "totalCount": members.len(),
    }))
}

fn get_user_groups_by_ids(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = call.group("group_id")?;
    let uids = call.required("uids")?;
    Ok(list(uids)
        .filter(|uid| data::user_by_id(uid).is_some())
        .map(|uid| {
            let status = group
                .members
                .iter()
                .find(|(member, _)| *member == uid)
                .map_or("UNKNOWN", |(_, status)| *status);
            membership(group, uid, status)
        })
        .collect())
}

fn get_user_groups_v2(call: &Call<'_>) -> Result<Value, ApiError> {
    let user = match call.param("uid").filter(|u| !u.is_empty()) {
        Some(uid) => known_user(uid)?,
        None => call.acting_user()?,
    };
    let groups: Vec<Value> = data::GROUPS
        .iter()
        .filter_map(|group| {
            group
                .members
                .iter()
                .find(|(id, _)| *id == user.id)
                .map(|(_, status)| membership(group, user.id, status))
        })
        .collect();
    let (chunk, anchor, _) = page(&groups, call.param("anchor"), call.count(20)?);
    Ok(json!({ "groups": chunk, "anchor": anchor }))
}

/// The numbers the statistics are made of, derived from the group's size.
fn reach(group: &data::Group) -> i64 {
    i64::try_from(group.members_count / 3).unwrap_or(0)
}

fn get_stat_overview(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = call.admin_group("gid")?;
    let reach = reach(group);
    let start = call.int("start_time")?.unwrap_or(1_777_593_600_000);
    Ok(json!({
        "reach": reach,
        "reach_prev": reach - 100,
        "engagement": reach / 10,
        "engagement_prev": reach / 12,
        "engagement_rate": 0.1,
        "engagement_rate_prev": 0.083,
        "feedback": 3,
        "feedback_prev": 5,
        "active_user_share": 0.27,
        "start_time_ms": start,
        "end_time_ms": start + 7 * 86_400_000,
        "months_ms": [1_775_001_600_000_i64, 1_777_593_600_000_i64],
    }))
}

fn share(name: &str, percentage: f64, total: i64) -> Value {
    json!({ "name": name, "percentage": percentage, "value": (total as f64 * percentage / 100.0).round() as i64 })
}

fn get_stat_people(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = call.admin_group("gid")?;
    let total = reach(group);
    Ok(json!({
        "cities": [share(group.city, 64.0, total), share("Kazan", 36.0, total)],
        "countries": [share(group.country, 100.0, total)],
        "demography_female": [share("18-24", 20.0, total), share("25-34", 25.0, total)],
        "demography_male": [share("18-24", 25.0, total), share("25-34", 30.0, total)],
        "references": [share("FEED", 70.0, total), share("SEARCH", 30.0, total)],
    }))
}

fn topic_stats(topic: &content::Topic) -> Value {
    let reach = i64::from(topic.likes) * 40;
    json!({
        "id": topic.id,
        "created_ms": topic.created_ms,
        "views": reach * 2,
        "renderings": reach * 3,
        "reach": reach,
        "reach_own": reach * 3 / 4,
        "reach_earned": reach / 4,
        "likes": topic.likes,
        "comments": content::discussion(topic.id, "GROUP_TOPIC").map_or(0, |d| d.comments.len()),
        "reshares": 1,
        "engagement": i64::from(topic.likes) + 1,
        "feedback": 0,
        "link_clicks": 2,
        "video_plays": 0,
        "content_opens": reach / 2,
    })
}

fn get_stat_topic(call: &Call<'_>) -> Result<Value, ApiError> {
    let id = call.required("topic_id")?;
    let topic = content::topic(id)
        .filter(|t| t.group)
        .ok_or_else(|| ApiError::new(100, format!("Invalid parameter topic_id: {id}")))?;
    Ok(json!({ "topic": topic_stats(topic) }))
}

fn get_stat_topics(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = call.admin_group("gid")?;
    let start = call.int("start_time")?.unwrap_or(i64::MIN);
    let end = call.int("end_time")?.unwrap_or(i64::MAX);
    let topics: Vec<Value> = TOPICS
        .iter()
        .filter(|t| t.owner == group.id && (start..=end).contains(&t.created_ms))
        .map(topic_stats)
        .collect();
    let (chunk, anchor, more) = page(&topics, call.param("anchor"), call.count(20)?);
    Ok(json!({ "topics": chunk, "anchor": anchor, "has_more": more, "totalCount": topics.len() }))
}

/// Three days of each series, or of the series named in `fields`.
fn get_stat_trends(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = call.admin_group("gid")?;
    let start = call.int("start_time")?.unwrap_or(1_777_593_600_000);
    let base = reach(group);
    let series = [
        "reach",
        "reach_own",
        "reach_earned",
        "renderings",
        "likes",
        "comments",
        "reshares",
        "engagement",
        "feedback",
        "page_visits",
        "members_count",
        "new_members",
        "left_members",
        "link_clicks",
        "video_plays",
    ];
    let wanted: Vec<String> = call
        .param("fields")
        .map(|f| list(f).map(str::to_ascii_lowercase).collect())
        .unwrap_or_default();
    let mut trends = Map::new();
    for (i, name) in series.iter().enumerate() {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == name) {
            continue;
        }
        let points: Vec<Value> = (0..3)
            .map(|day| {
                json!({
                    "time": start + day * 86_400_000,
                    "value": (base / (i as i64 + 2)) + day,
                })
            })
            .collect();
        trends.insert((*name).to_owned(), Value::Array(points));
    }
    Ok(Value::Object(trends))
}

/// Pins or unpins an event of the group feed (`pin_id` names a topic of a group the user
/// runs).
fn pin_group_feed(call: &Call<'_>) -> Result<Value, ApiError> {
    let id = call.required("pin_id")?;
    let user = call.acting_user()?;
    let topic = content::topic(id)
        .filter(|t| t.group)
        .ok_or_else(|| ApiError::new(100, format!("Invalid parameter pin_id: {id}")))?;
    let runs = data::group_by_id(topic.owner).is_some_and(|g| {
        g.members
            .iter()
            .any(|(m, s)| *m == user.id && matches!(*s, "ADMIN" | "MODERATOR"))
    });
    if !runs {
        return Err(ApiError::new(50, "Only the group's staff may pin"));
    }
    Ok(json!({ "success": true }))
}

/// The photo must be in one of the group's albums (the third step of a photo upload).
fn set_main_photo(call: &Call<'_>) -> Result<Value, ApiError> {
    let group = call.admin_group("group_id")?;
    let id = call.required("photo_id")?;
    match media::photo_by_id(id) {
        Some((album, _)) if album.owner == group.id => Ok(json!(true)),
        _ => Err(ApiError::new(121, format!("Invalid photo id {id}"))),
    }
}
