//! Which platform a session, a call or an error belongs to: the one fact every layer may
//! name, so it sits below all of them.

use std::fmt;

/// Which platform a session, a call or an error belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Platform {
    /// OK (ok.ru, Odnoklassniki).
    OkRu,
    /// Mail.ru "My World".
    MailRu,
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Platform::OkRu => "OK",
            Platform::MailRu => "Mail.ru",
        })
    }
}
