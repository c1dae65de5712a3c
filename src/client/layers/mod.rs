//! The layers of the call pipeline, one module each. A layer is an async function that
//! takes the parameters of a call and the attempt below it, and decides whether and how
//! to run it.

pub(super) mod renew;
