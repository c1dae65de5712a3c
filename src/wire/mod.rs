//! The values on the wire: parameter lists and their encoding, typed ids, open
//! enumerations and the lenient serde helpers that read what the platforms really send.

pub mod ids;
pub mod lenient;
pub mod open_enum;
pub mod params;
