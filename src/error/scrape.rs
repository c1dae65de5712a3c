//! Why a mail.ru scraper failed.

/// Why a scraper failed ([`ErrorKind::Scrape`](super::ErrorKind::Scrape)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScrapeReason {
    /// The session has no login cookies (it did not come from the implicit flow).
    MissingCookies,
    /// The site sent the login page: the cookies expired.
    NotLoggedIn,
    /// The community is closed to the user.
    ClosedGroup,
    /// The user is on the community's blacklist.
    Blacklisted,
    /// Nothing was found.
    Empty,
    /// A page without the expected markup.
    UnexpectedPage,
}
