//! Helpers shared by the integration tests: a plain HTTP client and request signing done here
//! by hand, independently of the sandbox's own code.
#![allow(dead_code)]

use md5::{Digest, Md5};
use serde_json::Value;

#[allow(unused_imports)]
pub use okru_sandbox::{Fault, RecordedRequest, Sandbox, fixtures};

pub async fn sandbox() -> Sandbox {
    Sandbox::start().await.expect("the sandbox starts")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::new()
}

pub fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub type Pairs = Vec<(String, String)>;

pub fn pairs(items: &[(&str, &str)]) -> Pairs {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// `name=value` pairs sorted by name, concatenated.
fn canonical(params: &Pairs) -> String {
    let mut sorted = params.clone();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    sorted.iter().map(|(k, v)| format!("{k}={v}")).collect()
}

pub fn encode(params: &Pairs) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        query.append_pair(k, v);
    }
    query.finish()
}

/// How an OK call is signed.
#[derive(Clone, Copy)]
pub enum OkAuth<'a> {
    /// Token + session secret key.
    Client(&'a str, &'a str),
    /// Token, signed with md5(token + application secret key).
    Server(&'a str),
    /// No session: the application secret key.
    App,
}

/// A complete OK parameter list: the method's parameters, `application_key`, `method`,
/// `format=json`, `sig`, and the token for the session circuits.
pub fn ok_params(method: &str, extra: &[(&str, &str)], how: OkAuth<'_>) -> Pairs {
    let mut params = pairs(extra);
    params.push((
        "application_key".into(),
        fixtures::ok::APPLICATION_KEY.into(),
    ));
    params.push(("method".into(), method.into()));
    params.push(("format".into(), "json".into()));
    let (secret, token) = match how {
        OkAuth::Client(token, session_secret) => (session_secret.to_owned(), Some(token)),
        OkAuth::Server(token) => (
            md5_hex(&format!("{token}{}", fixtures::ok::APPLICATION_SECRET_KEY)),
            Some(token),
        ),
        OkAuth::App => (fixtures::ok::APPLICATION_SECRET_KEY.to_owned(), None),
    };
    let sig = md5_hex(&(canonical(&params) + &secret));
    params.push(("sig".into(), sig));
    if let Some(token) = token {
        params.push(("access_token".into(), token.into()));
    }
    params
}

/// Alice, client circuit.
pub fn alice() -> OkAuth<'static> {
    OkAuth::Client(
        fixtures::ok::ALICE_ACCESS_TOKEN,
        fixtures::ok::ALICE_SESSION_SECRET_KEY,
    )
}

/// How a mail.ru call is signed.
#[derive(Clone, Copy)]
pub enum MailRuAuth<'a> {
    /// uid prefix + private key, with this session key.
    Client(&'a str, &'a str),
    /// `secure=1` + secret key, with this session key.
    Server(&'a str),
}

pub fn mailru_params(method: &str, extra: &[(&str, &str)], how: MailRuAuth<'_>) -> Pairs {
    let mut params = pairs(extra);
    params.push(("app_id".into(), fixtures::mailru::APP_ID.to_string()));
    params.push(("method".into(), method.into()));
    let text = match how {
        MailRuAuth::Client(uid, session_key) => {
            params.push(("session_key".into(), session_key.into()));
            format!(
                "{uid}{}{}",
                canonical(&params),
                fixtures::mailru::PRIVATE_KEY
            )
        }
        MailRuAuth::Server(session_key) => {
            params.push(("session_key".into(), session_key.into()));
            params.push(("secure".into(), "1".into()));
            format!("{}{}", canonical(&params), fixtures::mailru::SECRET_KEY)
        }
    };
    params.push(("sig".into(), md5_hex(&text)));
    params
}

/// Alice, mail.ru client circuit.
pub fn mailru_alice() -> MailRuAuth<'static> {
    MailRuAuth::Client(
        fixtures::mailru::ALICE_UID,
        fixtures::mailru::ALICE_SESSION_KEY,
    )
}

/// What came back, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub invocation_error: Option<String>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The OK error code of an OK error answer, checking the whole envelope on the way.
    pub fn ok_error(&self) -> u64 {
        assert_eq!(self.status, 200, "{self:?}");
        assert_eq!(self.content_type, "application/json;charset=utf-8");
        let json = self.json();
        let code = json["error_code"]
            .as_u64()
            .unwrap_or_else(|| panic!("not an error: {}", self.body));
        assert_eq!(
            self.invocation_error.as_deref(),
            Some(code.to_string().as_str())
        );
        assert!(json["error_data"].is_null());
        let msg = json["error_msg"].as_str().expect("error_msg is text");
        let (name, text) = msg.split_once(" : ").expect("NAME : text");
        assert!(
            name.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
            "{msg}"
        );
        assert!(!text.is_empty());
        assert_eq!(json.as_object().map(|o| o.len()), Some(3));
        code
    }

    /// The mail.ru error code of a mail.ru error answer, checking the envelope.
    pub fn mailru_error(&self) -> u64 {
        assert_eq!(self.status, 400, "{self:?}");
        assert_eq!(self.content_type, "text/javascript; charset=utf-8");
        let json = self.json();
        assert!(
            json["error"]["error_msg"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
        json["error"]["error_code"]
            .as_u64()
            .unwrap_or_else(|| panic!("not an error: {}", self.body))
    }
}

pub async fn read(response: reqwest::Response) -> Reply {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().expect("text header").to_owned())
    };
    let status = response.status().as_u16();
    let content_type = header("content-type").unwrap_or_default();
    let invocation_error = header("invocation-error");
    let body = response.text().await.expect("a whole body");
    Reply {
        status,
        content_type,
        invocation_error,
        body,
    }
}

pub async fn get(url: &str, params: &Pairs) -> Reply {
    let url = format!("{url}?{}", encode(params));
    read(client().get(url).send().await.expect("an answer")).await
}

pub async fn post(url: &str, params: &Pairs) -> Reply {
    let response = client()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(params))
        .send()
        .await
        .expect("an answer");
    read(response).await
}

/// A signed OK call by GET.
pub async fn ok_call(
    sandbox: &Sandbox,
    method: &str,
    extra: &[(&str, &str)],
    how: OkAuth<'_>,
) -> Reply {
    get(&sandbox.ok_api_url(), &ok_params(method, extra, how)).await
}

/// A signed mail.ru call by GET.
pub async fn mailru_call(
    sandbox: &Sandbox,
    method: &str,
    extra: &[(&str, &str)],
    how: MailRuAuth<'_>,
) -> Reply {
    get(
        &sandbox.mailru_api_url(),
        &mailru_params(method, extra, how),
    )
    .await
}
