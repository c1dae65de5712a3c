//! The crowd: [`fixtures::ok::CROWD_SIZE`](crate::fixtures::ok::CROWD_SIZE) generated users
//! with ids from [`fixtures::ok::CROWD_FIRST_ID`](crate::fixtures::ok::CROWD_FIRST_ID) on, so
//! that tests and examples can ask for many profiles (and see chunked `users.getInfo` calls)
//! without a thousand hand-written fixtures. They have no tokens: nobody signs in as them.

use std::sync::LazyLock;

use super::data::User;
use crate::fixtures::ok as fx;

const FIRST_NAMES: &[&str] = &[
    "Anna", "Ivan", "Olga", "Pavel", "Daria", "Maxim", "Irina", "Egor",
];
const LAST_NAMES: &[&str] = &[
    "Orlova", "Sokolov", "Lebedeva", "Kozlov", "Novikova", "Morozov",
];

static CROWD: LazyLock<Vec<User>> = LazyLock::new(|| {
    (0..fx::CROWD_SIZE)
        .map(|n| {
            // Built once for the life of the process; the users' text must be `'static` like
            // the hand-written fixtures'.
            let id: &'static str = Box::leak((fx::CROWD_FIRST_ID + n).to_string().into_boxed_str());
            User {
                id,
                token: "",
                session_secret_key: "",
                first_name: FIRST_NAMES[n as usize % FIRST_NAMES.len()],
                last_name: LAST_NAMES[n as usize % LAST_NAMES.len()],
                gender: if n % 2 == 0 { "female" } else { "male" },
                birthday: (
                    1970 + (n % 40) as u32,
                    1 + (n % 12) as u32,
                    1 + (n % 28) as u32,
                ),
                locale: "ru",
                city: "Kazan",
                country: "RUSSIAN_FEDERATION",
                country_code: "RU",
                has_photo: n % 3 != 0,
                online: None,
                status: "",
                has_email: false,
                friends: &[],
            }
        })
        .collect()
});

/// The crowd user with this id, if it is one.
pub(crate) fn user_by_id(id: &str) -> Option<&'static User> {
    let n = id.parse::<u64>().ok()?.checked_sub(fx::CROWD_FIRST_ID)?;
    CROWD.get(usize::try_from(n).ok()?)
}
