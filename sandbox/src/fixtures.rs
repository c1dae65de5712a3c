//! The sandbox's applications, users and credentials, as constants for tests.
//!
//! The data set is small and consistent: on OK, Alice's friends are Bob and Dave, Bob's and
//! Dave's friend is Alice, and Carol has no friends; on mail.ru, Alice, Bob and Dave are
//! friends of each other and each has a few stream events.

/// The OK application and users.
pub mod ok {
    /// Application id.
    pub const APP_ID: u64 = 512000100001;
    /// Application (public) key, sent as `application_key`.
    pub const APPLICATION_KEY: &str = "CBASANDBOXAPPKEYA";
    /// Application secret key: signs server-circuit and application-only calls; never sent.
    pub const APPLICATION_SECRET_KEY: &str = "5AND80X0APP5ECRET0000000000000000";

    /// Alice's user id.
    pub const ALICE_ID: &str = "570000000001";
    /// Alice's access token.
    pub const ALICE_ACCESS_TOKEN: &str = "sbx-ok-token-alice-0001";
    /// Alice's session secret key (client circuit); never sent.
    pub const ALICE_SESSION_SECRET_KEY: &str = "sbx-ok-ssk-alice-0001";
    /// Bob's user id (a friend of Alice).
    pub const BOB_ID: &str = "570000000002";
    /// Bob's access token.
    pub const BOB_ACCESS_TOKEN: &str = "sbx-ok-token-bob-0002";
    /// Bob's session secret key.
    pub const BOB_SESSION_SECRET_KEY: &str = "sbx-ok-ssk-bob-0002";
    /// Carol's user id: a user with no friends.
    pub const CAROL_ID: &str = "570000000003";
    /// Dave's user id (a friend of Alice).
    pub const DAVE_ID: &str = "570000000004";
    /// An access token the sandbox knows but considers expired (error 102).
    pub const EXPIRED_ACCESS_TOKEN: &str = "sbx-ok-token-expired";
    /// The session secret key of the expired token.
    pub const EXPIRED_SESSION_SECRET_KEY: &str = "sbx-ok-ssk-expired";
    /// An open group.
    pub const GROUP_ID: &str = "53000000000001";
    /// A closed group.
    pub const CLOSED_GROUP_ID: &str = "53000000000002";
}

/// The mail.ru application and users.
pub mod mailru {
    /// Application id.
    pub const APP_ID: u64 = 700001;
    /// Private key: signs client-circuit calls; never sent.
    pub const PRIVATE_KEY: &str = "sbxmailruprivatekey0000000000001";
    /// Secret key: signs server-circuit calls; never sent.
    pub const SECRET_KEY: &str = "sbxmailrusecretkey00000000000001";

    /// Alice's uid.
    pub const ALICE_UID: &str = "6150000000000000001";
    /// Alice's session key (OAuth access token).
    pub const ALICE_SESSION_KEY: &str = "sbxmailrusessionalice01";
    /// Bob's uid.
    pub const BOB_UID: &str = "6150000000000000002";
    /// Bob's session key.
    pub const BOB_SESSION_KEY: &str = "sbxmailrusessionbob0002";
    /// Dave's uid.
    pub const DAVE_UID: &str = "6150000000000000004";
    /// A session key the sandbox knows but considers expired (error 102).
    pub const EXPIRED_SESSION_KEY: &str = "sbxmailrusessionexpired";
}
