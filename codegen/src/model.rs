//! The validated model the emitter works from: names resolved, types parsed, rules checked.

/// The two platforms of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlatformName {
    /// OK (ok.ru).
    Ok,
    /// Mail.ru "My World".
    MailRu,
}

impl PlatformName {
    /// The key used in `methods.toml` (`ok`, `mailru`).
    pub fn key(self) -> &'static str {
        match self {
            PlatformName::Ok => "ok",
            PlatformName::MailRu => "mailru",
        }
    }
}

/// Everything generated for one platform.
#[derive(Debug)]
pub struct Platform {
    /// Which platform.
    pub name: PlatformName,
    /// Permission names known to the platform, in catalogue order.
    pub permissions: Vec<String>,
    /// Method groups, sorted by API name.
    pub groups: Vec<Group>,
    /// Response models, sorted by name.
    pub models: Vec<Model>,
    /// Open enumerations, sorted by name.
    pub enums: Vec<Enum>,
}

/// A method group such as `users`.
#[derive(Debug)]
pub struct Group {
    /// Name in the API (`users`, `graph.user`, `photosV2`).
    pub api_name: String,
    /// Methods, sorted by API name.
    pub methods: Vec<Method>,
}

/// Whether a method needs, accepts or refuses a user session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionRule {
    /// Only with a user session.
    Required,
    /// With or without one.
    Optional,
    /// Only without one (application-only calls).
    Prohibited,
}

impl SessionRule {
    /// The catalogue spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionRule::Required => "required",
            SessionRule::Optional => "optional",
            SessionRule::Prohibited => "prohibited",
        }
    }
}

/// One method.
#[derive(Debug)]
pub struct Method {
    /// Full API name, `users.getInfo`.
    pub api_name: String,
    /// Name inside the group, `getInfo`.
    pub short_name: String,
    /// Description for the docs.
    pub description: String,
    /// Session rule.
    pub session: SessionRule,
    /// Required permissions.
    pub permissions: Vec<String>,
    /// Response type.
    pub returns: Ty,
    /// Where the shape of the answer comes from.
    pub response_source: ResponseSource,
    /// Where exactly, or why there is no source.
    pub response_note: String,
    /// The key some sources wrap a list answer under, if any.
    pub answer_key: Option<String>,
    /// Documented permissions that do not gate the method.
    pub optional_permissions: Vec<OptionalPermission>,
    /// The official page that the session rule and permissions follow, if they were
    /// corrected from the seed list.
    pub rule_source: Option<String>,
    /// Parameters in builder order.
    pub params: Vec<Field>,
    /// Whether sending the call twice does no harm (a read), so that it may be retried
    /// after a timeout.
    pub idempotent: bool,
    /// How the answers continue, for paged methods.
    pub paging: Option<Paging>,
    /// The id list with a documented maximum, for methods that have one.
    pub chunk: Option<Chunk>,
}

/// How a paged method's answers continue, resolved against its answer type.
#[derive(Debug)]
pub struct Paging {
    /// What carries the position of the next page.
    pub by: PagingBy,
    /// Where the items are.
    pub items: ItemsAt,
    /// The type of one item.
    pub item: Ty,
    /// The answer field saying whether more pages follow.
    pub more: Option<FieldRef>,
}

/// What carries the position of the next page.
#[derive(Debug)]
pub enum PagingBy {
    /// A cursor parameter (its Rust name), read back from the answer.
    Cursor {
        /// The parameter's Rust name.
        param: String,
        /// Where the next cursor is.
        next: CursorAt,
    },
    /// An offset parameter (its Rust name).
    Offset {
        /// The parameter's Rust name.
        param: String,
    },
}

/// Where the next cursor is in an answer.
#[derive(Debug)]
pub enum CursorAt {
    /// A string field of the answer.
    Field(FieldRef),
    /// A field (Rust name) of the last item.
    LastItem(String),
}

/// Where a page's items are.
#[derive(Debug)]
pub enum ItemsAt {
    /// The answer is the list (`[T]`, or the lenient list).
    Whole {
        /// Whether it is the lenient list type.
        listed: bool,
    },
    /// A list field of the answer model.
    Field {
        /// The field.
        field: FieldRef,
        /// Whether it is the lenient list type.
        listed: bool,
    },
}

/// A field of a model, by Rust name.
#[derive(Debug, Clone)]
pub struct FieldRef {
    /// Rust name.
    pub rust_name: String,
    /// Whether it is required (not an `Option`).
    pub required: bool,
}

/// An id list with a documented maximum per request.
#[derive(Debug)]
pub struct Chunk {
    /// The parameter's Rust name.
    pub param: String,
    /// Its wire name.
    pub api_name: String,
    /// The most ids one request may carry.
    pub max: usize,
}

impl Method {
    /// True where no source documents the answer, so it is `serde_json::Value`.
    pub fn undocumented_response(&self) -> bool {
        self.response_source == ResponseSource::None
    }
}

/// Where the shape of a method's answer comes from, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ResponseSource {
    /// An example, a field table or a type block on the platform's own pages or notes.
    Official,
    /// The platform's own words, without an example.
    OfficialProse,
    /// What a public client library decodes; evidence of shape, not a contract.
    ClientCode,
    /// No source: the answer is `serde_json::Value`.
    None,
}

impl ResponseSource {
    /// The catalogue spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseSource::Official => "official",
            ResponseSource::OfficialProse => "official-prose",
            ResponseSource::ClientCode => "client-code",
            ResponseSource::None => "none",
        }
    }

    /// Parses the catalogue spelling.
    pub fn parse(text: &str) -> Option<ResponseSource> {
        [
            ResponseSource::Official,
            ResponseSource::OfficialProse,
            ResponseSource::ClientCode,
            ResponseSource::None,
        ]
        .into_iter()
        .find(|source| source.as_str() == text)
    }

    /// How the docs say it, completing "shape taken from ...".
    pub fn describe(self) -> &'static str {
        match self {
            ResponseSource::Official => "the platform's documented example or type",
            ResponseSource::OfficialProse => "the platform's description (no example)",
            ResponseSource::ClientCode => "public client code (not confirmed by the platform)",
            ResponseSource::None => "no source",
        }
    }
}

/// A permission documented for a method that does not gate it.
#[derive(Debug)]
pub struct OptionalPermission {
    /// The platform's name.
    pub name: String,
    /// What it adds or when it is asked for.
    pub when: String,
}

/// A parameter or a model field.
#[derive(Debug)]
pub struct Field {
    /// Wire name.
    pub api_name: String,
    /// Rust identifier.
    pub rust_name: String,
    /// Type.
    pub ty: Ty,
    /// Positional (parameters) / not optional (fields).
    pub required: bool,
    /// Description for the docs.
    pub description: String,
    /// Other wire names of a model field.
    pub aliases: Vec<String>,
}

/// A response model.
#[derive(Debug)]
pub struct Model {
    /// Rust type name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Fields.
    pub fields: Vec<Field>,
}

/// An open enumeration.
#[derive(Debug)]
pub struct Enum {
    /// Rust type name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Documented values.
    pub values: Vec<EnumValue>,
}

/// One documented value of an [`Enum`].
#[derive(Debug)]
pub struct EnumValue {
    /// The value on the wire.
    pub wire: String,
    /// Rust variant name.
    pub rust_name: String,
    /// Description.
    pub description: String,
}

/// The type names a platform defines, for resolving type expressions.
#[derive(Debug, Default)]
pub struct TypeNames<'a> {
    /// Response models.
    pub models: Vec<&'a str>,
    /// Open enumerations.
    pub enums: Vec<&'a str>,
}

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// `string`
    Str,
    /// `int` (64-bit signed)
    Int,
    /// `float`
    Float,
    /// `bool`: `true`/`false` on the wire.
    Bool,
    /// `flag`: a boolean that the API writes as `0`/`1`.
    Flag,
    /// `json`: any JSON value.
    Json,
    /// A typed id from `okru::ids`.
    Id(String),
    /// A generated model.
    Model(String),
    /// A generated open enumeration.
    Enum(String),
    /// `[T]`
    List(Box<Ty>),
    /// `{T}`: an object whose keys are strings (ids, names) and whose values are `T`.
    Map(Box<Ty>),
    /// `A|B` (answers only): an id, or the object it stands for (`crate::de::IdOr<A, B>`).
    Either(Box<Ty>, Box<Ty>),
    /// An answer that is a list, sent bare or wrapped in an object under one key
    /// (`crate::de::Listed<T>`); made from `[T]` and a method's `answer_key`.
    Listed(Box<Ty>),
}

/// Typed ids provided by the hand-written core (`okru::ids`).
pub const ID_TYPES: &[&str] = &[
    "UserId",
    "GroupId",
    "PhotoId",
    "AlbumId",
    "TopicId",
    "VideoId",
    "EventId",
    "DiscussionId",
    "CommentId",
    "ProductId",
    "CatalogId",
];

impl Ty {
    /// Parses a type expression; `names` are the models and enumerations the platform
    /// defines.
    pub fn parse(text: &str, names: &TypeNames<'_>) -> Result<Ty, String> {
        let text = text.trim();
        if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            return Ok(Ty::List(Box::new(Ty::parse(inner, names)?)));
        }
        if let Some(inner) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            return Ok(Ty::Map(Box::new(Ty::parse(inner, names)?)));
        }
        if let Some((id, object)) = text.split_once('|') {
            return Ok(Ty::Either(
                Box::new(Ty::parse(id, names)?),
                Box::new(Ty::parse(object, names)?),
            ));
        }
        Ok(match text {
            "string" => Ty::Str,
            "int" => Ty::Int,
            "float" => Ty::Float,
            "bool" => Ty::Bool,
            "flag" => Ty::Flag,
            "json" => Ty::Json,
            id if ID_TYPES.contains(&id) => Ty::Id(id.to_owned()),
            model if names.models.contains(&model) => Ty::Model(model.to_owned()),
            name if names.enums.contains(&name) => Ty::Enum(name.to_owned()),
            other => {
                return Err(format!(
                    "unknown type `{other}` (known: string, int, float, bool, flag, json, \
                     [T], {{T}}, A|B, the ids {}, and the models and enums of this platform)",
                    ID_TYPES.join(", ")
                ));
            }
        })
    }

    /// Whether a value of this type can be sent as a request parameter.
    pub fn is_param_type(&self) -> bool {
        match self {
            Ty::Model(_) | Ty::Map(_) | Ty::Listed(_) | Ty::Either(..) => false,
            Ty::List(inner) => !matches!(**inner, Ty::List(_)) && inner.is_param_type(),
            _ => true,
        }
    }
}
