//! The sandbox's applications, users and credentials, as constants for tests.
//!
//! The data set is small and consistent, and the same on every start:
//!
//! | OK user | id | friends |
//! |---|---|---|
//! | Alice Smirnova | [`ok::ALICE_ID`] | Bob, Dave |
//! | Boris (Bob) Petrov | [`ok::BOB_ID`] | Alice, Dave |
//! | Carol Ivanova | [`ok::CAROL_ID`] | nobody (`friends.get` answers `[]`); she has no photo |
//! | Dmitry (Dave) Orlov | [`ok::DAVE_ID`] | Alice, Bob |
//!
//! OK groups: [`ok::GROUP_ID`] (open) and [`ok::CLOSED_GROUP_ID`] (closed).
//!
//! | Mail.ru user | uid | friends |
//! |---|---|---|
//! | Alice Volkova | [`mailru::ALICE_UID`] | Bob, Dave |
//! | Bob Sokolov | [`mailru::BOB_UID`] | Alice, Dave |
//! | Carol Zaitseva | [`mailru::CAROL_UID`] | nobody |
//! | Dave Lebedev | [`mailru::DAVE_UID`] | Alice, Bob |
//!
//! Every mail.ru user has a few stream events (microposts, photos, shared links); a user's
//! `stream.get` holds their own events and their friends', newest first.
//!
//! The secrets here are known to the sandbox only so that it can check signatures; a correct
//! client never sends them, which [`RecordedRequest::contains`](crate::RecordedRequest::contains)
//! lets a test prove.

/// The OK application, its users and their credentials.
pub mod ok {
    /// The id of the first of the sandbox's generated users (the crowd); the others follow.
    pub const CROWD_FIRST_ID: u64 = 570000100000;
    /// How many generated users there are: `users.getInfo` describes any of them.
    pub const CROWD_SIZE: u64 = 2000;

    /// The application id (`client_id` in OAuth; never sent to `fb.do`).
    pub const APP_ID: u64 = 512000100001;
    /// The application's public key, sent as `application_key`.
    pub const APPLICATION_KEY: &str = "CBASANDBOXAPPKEYA";
    /// The application's secret key: signs server-circuit and application-only calls. Never
    /// sent.
    pub const APPLICATION_SECRET_KEY: &str = "8C3F1A9B0D6E47F2A5B8C1D4E7F0A3B6";

    /// Alice's user id.
    pub const ALICE_ID: &str = "570000000001";
    /// Alice's access token.
    pub const ALICE_ACCESS_TOKEN: &str = "-s-1aSBXa11ce.T0kEn0aLiCe-0001-q7Wm";
    /// Alice's session secret key (signs her client-circuit calls; never sent).
    pub const ALICE_SESSION_SECRET_KEY: &str = "a1c3e5f7091b2d4f6a8c0e1f3b5d7f90";

    /// Bob's user id. Bob is a friend of Alice and Dave.
    pub const BOB_ID: &str = "570000000002";
    /// Bob's access token.
    pub const BOB_ACCESS_TOKEN: &str = "-s-2bSBXb0b0.T0kEn0bOb00-0002-x3Rk";
    /// Bob's session secret key.
    pub const BOB_SESSION_SECRET_KEY: &str = "b2d4f6081a3c5e7f9b1d3f5a7c9e0b24";

    /// Carol's user id. Carol has no friends and no profile photo.
    pub const CAROL_ID: &str = "570000000003";
    /// Carol's access token.
    pub const CAROL_ACCESS_TOKEN: &str = "-s-3cSBXcar0l.T0kEn0cArOl-0003-p9Lz";
    /// Carol's session secret key.
    pub const CAROL_SESSION_SECRET_KEY: &str = "c3e5a7092b4d6f8a0c2e4b6d8f0a1c35";

    /// Dave's user id. Dave is a friend of Alice and Bob.
    pub const DAVE_ID: &str = "570000000004";
    /// Dave's access token.
    pub const DAVE_ACCESS_TOKEN: &str = "-s-4dSBXdave.T0kEn0dAvE0-0004-v2Hn";
    /// Dave's session secret key.
    pub const DAVE_SESSION_SECRET_KEY: &str = "d4f6b8103c5e7a9b1d3f5c7e9a1b2d46";

    /// An access token the sandbox recognises but considers expired: any call with it answers
    /// 102 `PARAM_SESSION_EXPIRED`. (It was Alice's.)
    pub const EXPIRED_ACCESS_TOKEN: &str = "-s-0xSBXexp1red.T0kEn0aLiCe-0000-k1Jd";
    /// The session secret key that went with [`EXPIRED_ACCESS_TOKEN`].
    pub const EXPIRED_SESSION_SECRET_KEY: &str = "e0a2c4e6f8103b5d7f9a1c3e5b7d9f02";

    /// The redirect URI registered for the application.
    pub const REDIRECT_URI: &str = "https://app.example.org/ok/back";
    /// An authorization code for Alice, issued for [`REDIRECT_URI`]; it can be exchanged any
    /// number of times (each exchange issues a new access token).
    pub const ALICE_AUTH_CODE: &str = "sbx-code-alice-5d1f";
    /// Alice's refresh token: every refresh issues a new access token.
    pub const ALICE_REFRESH_TOKEN: &str = "sbx-refresh-alice-77c0";
    /// Alice's login for `auth.login` (the password flow).
    pub const ALICE_LOGIN: &str = "alice@example.org";
    /// Alice's password.
    pub const ALICE_PASSWORD: &str = "correct horse battery staple";
    /// A login whose user is blocked: `auth.login` answers 401 with "blocked".
    pub const BLOCKED_LOGIN: &str = "blocked@example.org";
    /// A login that always meets a captcha: `auth.login` answers 402.
    pub const CAPTCHA_LOGIN: &str = "robot@example.org";

    /// An open group (Alice, Bob and Dave are members).
    pub const GROUP_ID: &str = "53000000000001";
    /// A closed group.
    pub const CLOSED_GROUP_ID: &str = "53000000000002";
}

/// The mail.ru application, its users and their credentials.
pub mod mailru {
    /// The application id, sent as `app_id`.
    pub const APP_ID: u64 = 700001;
    /// The private key: signs client-circuit calls. Never sent.
    pub const PRIVATE_KEY: &str = "3e5c7a9b1d2f4e6a8c0b2d4f6a8c0e1f";
    /// The secret key: signs server-circuit (`secure=1`) calls. Never sent.
    pub const SECRET_KEY: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    /// Alice's uid.
    pub const ALICE_UID: &str = "6150000000000000001";
    /// Alice's session key (the OAuth access token).
    pub const ALICE_SESSION_KEY: &str = "a11ce0b5e7d9f1a3c5e7b9d1f3a5c7e9";
    /// Bob's uid. Bob is a friend of Alice and Dave.
    pub const BOB_UID: &str = "6150000000000000002";
    /// Bob's session key.
    pub const BOB_SESSION_KEY: &str = "b0b0c6f8a0b2c4d6e8f0a2b4c6d8e0f2";
    /// Carol's uid. Carol has no friends.
    pub const CAROL_UID: &str = "6150000000000000003";
    /// Carol's session key.
    pub const CAROL_SESSION_KEY: &str = "ca201d7f9b1d3f5a7c9e1b3d5f7a9c1e";
    /// Dave's uid. Dave is a friend of Alice and Bob.
    pub const DAVE_UID: &str = "6150000000000000004";
    /// Dave's session key.
    pub const DAVE_SESSION_KEY: &str = "da7e2e8a0c2e4a6c8e0b2d4f6b8d0f2a";

    /// A session key the sandbox recognises but considers expired: any call with it answers
    /// 102 ("User authorization failed").
    pub const EXPIRED_SESSION_KEY: &str = "e0f1a2b3c4d5e6f708192a3b4c5d6e7f";

    /// The redirect URI registered for the application.
    pub const REDIRECT_URI: &str = "https://app.example.org/mailru/back";
    /// An authorization code for Alice, issued for [`REDIRECT_URI`] (reusable).
    pub const ALICE_AUTH_CODE: &str = "sbx-mrcode-alice-19ab";
    /// Alice's refresh token.
    pub const ALICE_REFRESH_TOKEN: &str = "sbx-mrrefresh-alice-3e2d";
    /// Alice's email, for the password grant.
    pub const ALICE_EMAIL: &str = "alice.volkova@mail.ru";
    /// Alice's password.
    pub const ALICE_PASSWORD: &str = "tr0ub4dor&3";
    /// A blocked user: the password grant answers `invalid_user`.
    pub const BLOCKED_EMAIL: &str = "blocked@mail.ru";
    /// A user who must solve a captcha in the login dialog.
    pub const CAPTCHA_EMAIL: &str = "robot@mail.ru";
    /// A user who is not a tester of the application, which is in test mode: the password
    /// grant answers `client_not_available`.
    pub const OUTSIDER_EMAIL: &str = "outsider@mail.ru";
}
