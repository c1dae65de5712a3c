//! The session an authorization flow ends in, for both platforms: the current tokens in a
//! [`TokenCell`], signing with them, and their renewal over the `Api`'s transport.
//!
//! What differs between OK and mail.ru (the keys, the signing circuit, the grant that
//! renews) is the [`OAuthApp`] each platform implements; everything else is here once.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::error::Result;
use crate::http::{Dialect, Transport};
use crate::session::token_cell::TokenCell;
use crate::session::{RefreshToken, RenewFuture, SavedTokens, Session, Tokens, UserSession};
use crate::wire::params::Params;

/// The platform part of an [`OAuthSession`]: the application's keys, how to sign a call
/// with the current tokens and how to obtain new ones. Implemented by
/// [`crate::ok::OkApp`] and [`crate::mailru::MailRuApp`].
pub trait OAuthApp: fmt::Debug + Send + Sync + 'static {
    /// The platform.
    type Platform: Dialect;
    /// The parameter that carries the access token in a signed call, which tells the
    /// renewal which token failed.
    const TOKEN_PARAM: &'static str;

    /// The application id.
    fn app_id(&self) -> u64;

    /// Signs `params` for `method` with `tokens`.
    fn sign(&self, tokens: &Tokens, method: &str, params: &mut Params) -> Result<()>;

    /// Whether these tokens can be renewed by this application.
    fn can_renew(&self, tokens: &Tokens) -> bool;

    /// Obtains new tokens to replace `current`, over `transport`.
    fn renew<'a>(&'a self, transport: &'a Transport, current: Tokens) -> TokensFuture<'a>;

    /// Fails, before any call, when these keys cannot sign with these tokens (for example
    /// mail.ru's client circuit without the user's uid).
    fn check(&self, tokens: &Tokens) -> Result<()>;
}

/// New tokens, as [`OAuthApp::renew`] returns them.
pub type TokensFuture<'a> = Pin<Box<dyn Future<Output = Result<Tokens>> + Send + 'a>>;

/// A user session obtained by an authorization flow (or restored from saved tokens):
/// [`crate::ok::OAuthSession`] and [`crate::mailru::OAuthSession`].
///
/// When it can renew (a refresh token, or OK's password flow), it renews its tokens once
/// for all the calls that met the same expired token, shares the outcome with them, and
/// repeats each call once.
pub struct OAuthSession<A: OAuthApp> {
    app: A,
    tokens: TokenCell,
}

impl<A: OAuthApp> OAuthSession<A> {
    /// The session of `app` with `tokens`, once the app can sign with them.
    pub(crate) fn new(app: A, tokens: Tokens) -> Result<Self> {
        app.check(&tokens)?;
        Ok(OAuthSession {
            app,
            tokens: TokenCell::new(tokens),
        })
    }

    /// The refresh token flow of both platforms: the tokens of the first renewal from
    /// `refresh_token`, which they keep to renew again.
    pub(crate) async fn from_refresh_token(
        app: A,
        refresh_token: RefreshToken,
        transport: &Transport,
    ) -> Result<Self> {
        let start = Tokens::from_refresh_token(refresh_token.into_secret());
        let tokens = app.renew(transport, start).await?;
        Self::new(app, tokens)
    }

    /// A snapshot of the current tokens (renewals replace them).
    pub fn tokens(&self) -> Tokens {
        self.tokens.read().clone()
    }

    /// Replaces the tokens, for example with new ones after the platform refused a renewal
    /// for good (a revoked refresh token): that refusal is remembered until then.
    pub fn set_tokens(&self, tokens: Tokens) {
        self.tokens.replace(tokens);
    }

    /// The application id.
    pub fn app_id(&self) -> u64 {
        self.app.app_id()
    }

    /// Calls `hook` with the new tokens after every renewal, so that they survive a
    /// restart: save them (they hold secrets: use a secret store), and on the next start
    /// give them to the platform's `OAuthSession::restore`. The hook runs while the renewal
    /// holds its lock, before any call uses the new tokens; keep it short (hand slow work to
    /// a task).
    ///
    /// ```no_run
    /// # fn demo(session: okru::ok::OAuthSession) {
    /// let session = session.on_renewal(|saved| {
    ///     let json = serde_json::to_string(saved).expect("tokens serialize");
    ///     std::fs::write("tokens.json", json).ok();
    /// });
    /// # }
    /// ```
    pub fn on_renewal(mut self, hook: impl Fn(&SavedTokens) + Send + Sync + 'static) -> Self {
        self.tokens
            .set_renewal_hook(Box::new(move |tokens: &Tokens| hook(&tokens.export())));
        self
    }

    #[cfg_attr(not(feature = "web-login"), allow(dead_code))]
    pub(crate) fn app(&self) -> &A {
        &self.app
    }

    pub(crate) fn app_mut(&mut self) -> &mut A {
        &mut self.app
    }
}

impl<A: OAuthApp> Session for OAuthSession<A> {
    type Platform = A::Platform;

    fn authorize(&self, method: &str, params: &mut Params) -> Result<()> {
        self.app.sign(&self.tokens.read(), method, params)
    }

    fn can_renew(&self) -> bool {
        self.app.can_renew(&self.tokens.read())
    }

    fn renew_after_expiry<'a>(
        &'a self,
        signed: &'a Params,
        transport: &'a Transport,
    ) -> Option<RenewFuture<'a>> {
        if !self.can_renew() {
            return None;
        }
        let stale = signed.get(A::TOKEN_PARAM)?;
        Some(
            self.tokens
                .renewal_after(stale, |current| self.app.renew(transport, current)),
        )
    }

    fn renew_if_due<'a>(&'a self, transport: &'a Transport) -> Option<RenewFuture<'a>> {
        if !self.can_renew() {
            return None;
        }
        self.tokens
            .renewal_if_due(|current| self.app.renew(transport, current))
    }
}

impl<A: OAuthApp> UserSession for OAuthSession<A> {}

impl<A: OAuthApp> fmt::Debug for OAuthSession<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthSession")
            .field("platform", &A::Platform::PLATFORM)
            .field("app", &self.app)
            .field("tokens", &*self.tokens.read())
            .finish()
    }
}
