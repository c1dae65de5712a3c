//! The session rule of an emulated method, shared by both platforms.

/// Whether a method needs, accepts or refuses a user session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SessionRule {
    /// Without a session: OK 453 `SESSION_REQUIRED`, mail.ru 102.
    Required,
    /// Either way; without a session the user is usually named by `uid`.
    Optional,
    /// With a session: OK 451 `NOT_SESSION_METHOD`, mail.ru 100.
    Prohibited,
}
