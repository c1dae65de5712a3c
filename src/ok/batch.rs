//! **Experimental**: several OK calls in one request with `batch.executeV2` (feature
//! `batch`).
//!
//! OK does not document `batch.executeV2`. What this module sends and expects is
//! reconstructed from indirect evidence, and may be wrong in ways only the real platform
//! can show:
//!
//! - OK's own documentation of `mediatopic.getRepublishedTopic` shows a batch whose second
//!   call takes a parameter from the first one's result, written `{"supplier":
//!   "mediatopic.getRepublishedTopic.mid"}`: `<method>.<field>`.
//! - OK's Android client, as decompiled by third parties, sends `batch.executeV2` with one
//!   parameter, `methods`: a JSON array of one-key objects `{"<group.method>": {"params":
//!   {...}, "supplyParams": {...}}}`, and an unofficial client reads the answer as an array
//!   in request order of `{"ok": <result>}`.
//!
//! Assumed here, with no source: that `supplyParams` maps a parameter name to a
//! `<method>.<field>` reference; that a failed item is `{"error": {"error_code", "error_msg",
//! "error_data"}}` (an item with a top-level `error_code` is read as an error too); and
//! that each call inside the batch is checked with the batch call's own session. The maximum
//! number of calls, and whether every method may be batched, are unknown. The Android
//! client always POSTs; okru sends a GET when the URL is short, so build the `Api` with
//! `.max_get_url_len(0)` if the platform turns out to insist.
//!
//! Results are typed per call: [`Batch::add`] returns an [`Item<T>`] that
//! [`BatchResults::get`] decodes into `T`.
//!
//! ```no_run
//! # async fn demo(api: okru::ok::Api<okru::ok::ServerSession>) -> Result<(), Box<dyn std::error::Error>> {
//! use okru::Params;
//! use okru::ok::batch::Batch;
//! use okru::ok::types::User;
//!
//! let mut batch = Batch::new();
//! let me = batch.add::<User>("users.getCurrentUser", Params::new().with("fields", "uid,first_name"));
//! let friends = batch.add::<Vec<String>>("friends.get", Params::new());
//! // The second users call takes `uids` from the first one's `uid`.
//! let profiles = batch.add_supplied::<Vec<User>>(
//!     "users.getInfo",
//!     Params::new().with("fields", "first_name"),
//!     [("uids", me.field("uid"))],
//! )?;
//! let results = batch.execute(&api).await?;
//! println!("{:?} has {} friends", results.get(&me)?.first_name, results.get(&friends)?.len());
//! println!("{:?}", results.get(&profiles)?);
//! # Ok(()) }
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::wire::params::Params;

/// The API method this module calls.
pub const METHOD: &str = "batch.executeV2";

/// Tells the items of one batch from those of another.
static NEXT_BATCH: AtomicU64 = AtomicU64::new(1);

/// Calls to send together. Build it with [`add`](Batch::add) and
/// [`add_supplied`](Batch::add_supplied), then [`execute`](Batch::execute) it.
#[derive(Debug)]
pub struct Batch {
    id: u64,
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    method: String,
    params: Params,
    supplied: Vec<(String, Supplier)>,
}

/// A reference to a field of an earlier call's result, for a later call's parameter:
/// `<method>.<field>` on the wire. Made by [`Item::field`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supplier {
    batch: u64,
    index: usize,
    method: String,
    field: String,
}

impl Supplier {
    /// The reference as sent, `<method>.<field>`.
    pub fn expression(&self) -> String {
        format!("{}.{}", self.method, self.field)
    }
}

/// One call of a batch; its result decodes into `T`.
pub struct Item<T> {
    batch: u64,
    index: usize,
    method: String,
    answer: PhantomData<fn() -> T>,
}

impl<T> Item<T> {
    /// The position of the call in the batch (and of its result in the answer).
    pub fn index(&self) -> usize {
        self.index
    }

    /// The method called.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The field `name` of this call's result, to feed into a later call's parameter.
    pub fn field(&self, name: &str) -> Supplier {
        Supplier {
            batch: self.batch,
            index: self.index,
            method: self.method.clone(),
            field: name.to_owned(),
        }
    }
}

impl<T> Clone for Item<T> {
    fn clone(&self) -> Self {
        Item {
            batch: self.batch,
            index: self.index,
            method: self.method.clone(),
            answer: PhantomData,
        }
    }
}

impl<T> fmt::Debug for Item<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Item")
            .field("index", &self.index)
            .field("method", &self.method)
            .field("answer", &std::any::type_name::<T>())
            .finish()
    }
}

/// Why a batch could not be built or sent.
#[derive(Debug)]
#[non_exhaustive]
pub enum BatchError {
    /// There is nothing to send.
    Empty,
    /// A supplier or an item of another batch was used.
    ForeignItem,
    /// The supplier's method is called more than once before the call that uses it; the
    /// platform names sources by method, so it cannot tell which one is meant.
    AmbiguousSupplier {
        /// The method named twice.
        method: String,
    },
    /// A parameter is both given and supplied.
    RepeatedParameter(String),
    /// The `batch.executeV2` call itself failed (transport, session, or an API error for the
    /// whole batch).
    Call(crate::error::Error),
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::Empty => f.write_str("the batch has no calls"),
            BatchError::ForeignItem => f.write_str("the item belongs to another batch"),
            BatchError::AmbiguousSupplier { method } => write!(
                f,
                "{method} is called more than once before the call it supplies, so the reference is ambiguous"
            ),
            BatchError::RepeatedParameter(name) => {
                write!(f, "the parameter `{name}` is both given and supplied")
            }
            // The error names the method already.
            BatchError::Call(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for BatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BatchError::Call(error) => Some(error),
            _ => None,
        }
    }
}

impl From<crate::error::Error> for BatchError {
    fn from(error: crate::error::Error) -> Self {
        BatchError::Call(error)
    }
}

impl Default for Batch {
    fn default() -> Self {
        Batch::new()
    }
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Batch {
            id: NEXT_BATCH.fetch_add(1, Ordering::Relaxed),
            entries: Vec::new(),
        }
    }

    /// How many calls the batch holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a call of `method` with `params`; its result will decode into `T`.
    pub fn add<T: DeserializeOwned>(&mut self, method: &str, params: impl Into<Params>) -> Item<T> {
        self.push(method, params.into(), Vec::new())
    }

    /// Adds a call some of whose parameters come from earlier calls' results.
    pub fn add_supplied<T: DeserializeOwned>(
        &mut self,
        method: &str,
        params: impl Into<Params>,
        supplied: impl IntoIterator<Item = (impl Into<String>, Supplier)>,
    ) -> Result<Item<T>, BatchError> {
        let params = params.into();
        let mut list: Vec<(String, Supplier)> = Vec::new();
        for (name, supplier) in supplied {
            let name = name.into();
            if supplier.batch != self.id || supplier.index >= self.entries.len() {
                return Err(BatchError::ForeignItem);
            }
            if params.contains(&name) || list.iter().any(|(n, _)| *n == name) {
                return Err(BatchError::RepeatedParameter(name));
            }
            let callers = self
                .entries
                .iter()
                .filter(|entry| entry.method == supplier.method)
                .count();
            if callers > 1 {
                return Err(BatchError::AmbiguousSupplier {
                    method: supplier.method,
                });
            }
            list.push((name, supplier));
        }
        Ok(self.push(method, params, list))
    }

    fn push<T>(
        &mut self,
        method: &str,
        params: Params,
        supplied: Vec<(String, Supplier)>,
    ) -> Item<T> {
        self.entries.push(Entry {
            method: method.to_owned(),
            params,
            supplied,
        });
        Item {
            batch: self.id,
            index: self.entries.len() - 1,
            method: method.to_owned(),
            answer: PhantomData,
        }
    }

    /// The `methods` parameter as it is sent.
    pub fn methods_json(&self) -> String {
        let items: Vec<Value> = self
            .entries
            .iter()
            .map(|entry| {
                let params: Map<String, Value> = entry
                    .params
                    .iter()
                    .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
                    .collect();
                let mut body = Map::new();
                body.insert("params".into(), Value::Object(params));
                if !entry.supplied.is_empty() {
                    let supplied: Map<String, Value> = entry
                        .supplied
                        .iter()
                        .map(|(name, supplier)| {
                            (name.clone(), Value::String(supplier.expression()))
                        })
                        .collect();
                    body.insert("supplyParams".into(), Value::Object(supplied));
                }
                let mut item = Map::new();
                item.insert(entry.method.clone(), Value::Object(body));
                Value::Object(item)
            })
            .collect();
        Value::Array(items).to_string()
    }

    /// Sends the batch as one `batch.executeV2` call with `api`'s session.
    pub async fn execute<S: crate::session::Session<Platform = super::OkRu>>(
        self,
        api: &super::Api<S>,
    ) -> Result<BatchResults, BatchError> {
        if self.entries.is_empty() {
            return Err(BatchError::Empty);
        }
        let params = Params::new().with("methods", self.methods_json());
        let answers: Vec<Value> = api.call(METHOD, params).await?;
        Ok(BatchResults {
            batch: self.id,
            answers,
        })
    }
}

/// The answers of a batch, one per call, in order.
#[derive(Debug, Clone)]
pub struct BatchResults {
    batch: u64,
    answers: Vec<Value>,
}

/// Why one call of a batch has no result.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ItemError {
    /// The platform refused the call.
    Api {
        /// The error code.
        code: i64,
        /// Its symbolic name, when the code is known (`PARAM` ...).
        name: Option<&'static str>,
        /// The message.
        message: String,
        /// Extra data, when present.
        data: Option<Value>,
    },
    /// The result does not decode into the item's type.
    Decode {
        /// JSON path of the offending value inside the result (`.` for the root).
        path: String,
        /// What serde said.
        message: String,
    },
    /// The answer has no entry for this call (it is shorter than the batch).
    Missing,
    /// The entry is neither `{"ok": …}` nor an error; kept as it came.
    Unrecognized(Value),
    /// The item belongs to another batch.
    ForeignItem,
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemError::Api {
                code,
                name,
                message,
                ..
            } => {
                write!(f, "OK API error {code}")?;
                if let Some(name) = name {
                    write!(f, " {name}")?;
                }
                write!(f, ": {message}")
            }
            ItemError::Decode { path, message } => {
                write!(f, "the result does not decode at {path}: {message}")
            }
            ItemError::Missing => f.write_str("the batch answer has no entry for this call"),
            ItemError::Unrecognized(_) => f.write_str("the batch answer's entry is not understood"),
            ItemError::ForeignItem => f.write_str("the item belongs to another batch"),
        }
    }
}

impl std::error::Error for ItemError {}

impl BatchResults {
    /// How many entries the answer has.
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// True when the answer is empty.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// The entry of call `index` as it came (`{"ok": …}` or an error).
    pub fn raw(&self, index: usize) -> Option<&Value> {
        self.answers.get(index)
    }

    /// The result of `item`, decoded into its type.
    pub fn get<T: DeserializeOwned>(&self, item: &Item<T>) -> Result<T, ItemError> {
        if item.batch != self.batch {
            return Err(ItemError::ForeignItem);
        }
        let entry = self.answers.get(item.index).ok_or(ItemError::Missing)?;
        if let Some(ok) = entry.get("ok") {
            return serde_path_to_error::deserialize::<_, T>(ok).map_err(|e| ItemError::Decode {
                path: e.path().to_string(),
                message: e.into_inner().to_string(),
            });
        }
        let error = entry
            .get("error")
            .filter(|e| e.is_object())
            .unwrap_or(entry);
        match error.get("error_code").and_then(lenient_i64) {
            Some(code) => Err(ItemError::Api {
                code,
                name: super::error_name(code),
                message: error
                    .get("error_msg")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                data: error.get("error_data").filter(|d| !d.is_null()).cloned(),
            }),
            None => Err(ItemError::Unrecognized(entry.clone())),
        }
    }
}

fn lenient_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_json_has_params_and_supply_params() {
        let mut batch = Batch::new();
        let first = batch.add::<Value>(
            "mediatopic.getRepublishedTopic",
            Params::new().with("topic_id", 10244259905713_u64),
        );
        batch
            .add_supplied::<Value>(
                "mediatopic.getByIds",
                Params::new().with("fields", "media_topic.*"),
                [("topic_ids", first.field("mid"))],
            )
            .unwrap();
        assert_eq!(
            batch.methods_json(),
            r#"[{"mediatopic.getRepublishedTopic":{"params":{"topic_id":"10244259905713"}}},{"mediatopic.getByIds":{"params":{"fields":"media_topic.*"},"supplyParams":{"topic_ids":"mediatopic.getRepublishedTopic.mid"}}}]"#
        );
    }

    #[test]
    fn suppliers_are_checked_when_added() {
        let mut batch = Batch::new();
        let a = batch.add::<Value>("users.getCurrentUser", Params::new());
        let b = batch.add::<Value>("users.getCurrentUser", Params::new());
        assert!(matches!(
            batch.add_supplied::<Value>("users.getInfo", Params::new(), [("uids", b.field("uid"))]),
            Err(BatchError::AmbiguousSupplier { .. })
        ));
        let mut other = Batch::new();
        assert!(matches!(
            other.add_supplied::<Value>("users.getInfo", Params::new(), [("uids", a.field("uid"))]),
            Err(BatchError::ForeignItem)
        ));
        assert!(matches!(
            batch.add_supplied::<Value>(
                "users.getInfo",
                Params::new().with("uids", "1"),
                [("uids", a.field("uid"))]
            ),
            Err(BatchError::RepeatedParameter(name)) if name == "uids"
        ));
    }

    fn results(batch: &Batch, answers: Value) -> BatchResults {
        BatchResults {
            batch: batch.id,
            answers: serde_json::from_value(answers).unwrap(),
        }
    }

    #[test]
    fn entries_decode_into_their_types_or_errors() {
        let mut batch = Batch::new();
        let ids = batch.add::<Vec<u64>>("friends.get", Params::new());
        let name = batch.add::<String>("users.getLoggedInUser", Params::new());
        let failed = batch.add::<Value>("users.getInfo", Params::new());
        let odd = batch.add::<Value>("x.y", Params::new());
        let missing = batch.add::<Value>("x.z", Params::new());
        let answers = results(
            &batch,
            serde_json::json!([
                {"ok": [1, 2]},
                {"ok": {"not": "a string"}},
                {"error": {"error_code": 100, "error_msg": "PARAM : Missing required parameter uids", "error_data": null}},
                {"something": "else"},
            ]),
        );
        assert_eq!(answers.get(&ids).unwrap(), vec![1, 2]);
        assert!(matches!(answers.get(&name), Err(ItemError::Decode { .. })));
        match answers.get(&failed) {
            Err(ItemError::Api { code, name, .. }) => {
                assert_eq!((code, name), (100, Some("PARAM")));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(answers.get(&odd), Err(ItemError::Unrecognized(_))));
        assert_eq!(answers.get(&missing), Err(ItemError::Missing));
        let other = Batch::new().add::<Value>("friends.get", Params::new());
        assert_eq!(answers.get(&other), Err(ItemError::ForeignItem));
    }
}
