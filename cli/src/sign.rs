//! `okru sign`: how a call is signed, step by step, without the secret.
//!
//! The SDK's session signs the call; this module then rebuilds the string the session hashed
//! from the signed parameters and the platform's rule, and checks that the rebuilt string
//! gives the session's signature. So what is printed is provably what was signed.

use std::fmt::Write as _;

use okru::{Params, Session};

use crate::credentials::{AnySession, Credentials, shown};

/// The explanation of one signature.
pub struct Explanation {
    pub platform: &'static str,
    pub circuit: &'static str,
    /// How the secret is named in the printed string, such as `<session_secret_key>`.
    pub secret_label: &'static str,
    /// Printed before the sorted pairs (the Mail.ru client circuit's uid), empty otherwise.
    pub prefix: String,
    /// The signed parameters, sorted as hashed.
    pub signed: Vec<(String, String)>,
    /// Parameters sent but not signed (the signature itself, OK's access token).
    pub unsigned: Vec<(String, String)>,
    pub signature: String,
}

/// Signs `method` with `params` using `session` and explains the signature.
pub fn explain(
    session: &AnySession,
    creds: &Credentials,
    method: &str,
    params: Params,
) -> Result<Explanation, String> {
    let mut params = params;
    // Which circuit, which secret (for the check only) and which prefix.
    let (platform, circuit, secret_label, secret, prefix, unsigned_names): (
        _,
        _,
        _,
        String,
        String,
        &[&str],
    ) = match session {
        AnySession::OkClient(s) => {
            sign_with(s, method, &mut params)?;
            (
                "OK",
                "client",
                "<session_secret_key>",
                creds.user_secret.clone().unwrap_or_default(),
                String::new(),
                &["sig", "access_token", "session_key"],
            )
        }
        AnySession::OkServer(s) => {
            sign_with(s, method, &mut params)?;
            let token = creds.token.as_deref().unwrap_or_default();
            let app_secret = creds.app_secret.as_deref().unwrap_or_default();
            (
                "OK",
                "server",
                "<md5(access_token + application_secret_key)>",
                okru::signing::md5_hex(&[token.as_bytes(), app_secret.as_bytes()]).to_string(),
                String::new(),
                &["sig", "access_token", "session_key"],
            )
        }
        AnySession::OkApp(s) => {
            sign_with(s, method, &mut params)?;
            (
                "OK",
                "application-only",
                "<application_secret_key>",
                creds.app_secret.clone().unwrap_or_default(),
                String::new(),
                &["sig", "access_token", "session_key"],
            )
        }
        AnySession::MailruClient(s) => {
            sign_with(s, method, &mut params)?;
            (
                "Mail.ru",
                "client",
                "<private_key>",
                creds.user_secret.clone().unwrap_or_default(),
                creds.uid.clone().unwrap_or_default(),
                &["sig"],
            )
        }
        AnySession::MailruServer(s) => {
            sign_with(s, method, &mut params)?;
            (
                "Mail.ru",
                "server (secure=1)",
                "<secret_key>",
                creds.app_secret.clone().unwrap_or_default(),
                String::new(),
                &["sig"],
            )
        }
        AnySession::MailruApp(s) => {
            sign_with(s, method, &mut params)?;
            (
                "Mail.ru",
                "application (secure=1, no session)",
                "<secret_key>",
                creds.app_secret.clone().unwrap_or_default(),
                String::new(),
                &["sig"],
            )
        }
    };
    let mut signed: Vec<(String, String)> = Vec::new();
    let mut unsigned = Vec::new();
    for (name, value) in params.iter() {
        let pair = (name.to_owned(), value.to_owned());
        if unsigned_names.contains(&name) {
            unsigned.push(pair);
        } else {
            signed.push(pair);
        }
    }
    // The same stable byte-order sort as the SDK and the platforms.
    signed.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let signature = params.get("sig").unwrap_or_default().to_owned();
    let recomputed = okru::signing::signature(
        &prefix,
        signed.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &secret,
    );
    if recomputed.as_str() != signature {
        return Err(
            "internal error: the explained string does not give the session's \
                    signature; please report it"
                .into(),
        );
    }
    Ok(Explanation {
        platform,
        circuit,
        secret_label,
        prefix,
        signed,
        unsigned,
        signature,
    })
}

fn sign_with<S: Session>(session: &S, method: &str, params: &mut Params) -> Result<(), String> {
    session.authorize(method, params).map_err(|e| e.to_string())
}

impl Explanation {
    /// The string that was hashed, with tokens masked and the secret replaced by its label.
    pub fn string_to_hash(&self) -> String {
        let mut text = self.prefix.clone();
        for (name, value) in &self.signed {
            let _ = write!(text, "{name}={}", shown(name, value));
        }
        text.push_str(self.secret_label);
        text
    }

    /// The report `okru sign` prints.
    pub fn render(&self, expected: Option<&str>) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "platform:  {}", self.platform);
        let _ = writeln!(out, "circuit:   {}", self.circuit);
        let _ = writeln!(out, "signed parameters, sorted by name (byte order):");
        for (name, value) in &self.signed {
            let _ = writeln!(out, "  {name}={}", shown(name, value));
        }
        if !self.unsigned.is_empty() {
            let _ = writeln!(out, "sent but not signed:");
            for (name, value) in &self.unsigned {
                let _ = writeln!(out, "  {name}={}", shown(name, value));
            }
        }
        let _ = writeln!(out, "string to hash (UTF-8; values raw, not URL-encoded):");
        if !self.prefix.is_empty() {
            let _ = writeln!(
                out,
                "  (starts with the uid {}, the client circuit's prefix)",
                self.prefix
            );
        }
        let _ = writeln!(out, "  {}", self.string_to_hash());
        let _ = writeln!(out, "signature: md5(string to hash), lowercase hex:");
        let _ = writeln!(out, "  sig={}", self.signature);
        if let Some(expected) = expected {
            let expected = expected.trim().to_ascii_lowercase();
            if expected == self.signature {
                let _ = writeln!(out, "the signature you gave is the same");
            } else {
                let _ = writeln!(
                    out,
                    "the signature you gave ({expected}) differs: {}",
                    DIFFERS
                );
            }
        }
        out
    }
}

/// Why two signatures of the same call differ, most common cause first.
const DIFFERS: &str = "the usual causes of PARAM_SIGNATURE are a different secret (each \
circuit has its own), a parameter left out of the string or changed after signing, values \
URL-encoded before signing, and, on OK, signing access_token, which is never signed";
