//! Answers set by the test that uses the sandbox: a method answers the given JSON
//! ([`Sandbox::stub`](crate::Sandbox::stub)) or an API error
//! ([`Sandbox::fail_with`](crate::Sandbox::fail_with)), after the request passed the same
//! checks as any other (application, signature, session rule).

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::Value;

/// What a stubbed method answers.
#[derive(Debug, Clone)]
enum Stub {
    /// This JSON, every time, until the stubs are cleared.
    Answer(Value),
    /// This API error code, for the next `remaining` calls.
    Fail { code: u32, remaining: usize },
}

/// The stubs of both platforms, by method name.
#[derive(Debug, Default)]
pub(crate) struct Stubs {
    by_method: Mutex<HashMap<String, Vec<Stub>>>,
}

/// What the platform should answer instead of its own answer.
pub(crate) enum Stubbed {
    Answer(Value),
    Fail(u32),
}

impl Stubs {
    pub(crate) fn answer(&self, method: &str, json: Value) {
        self.lock()
            .entry(method.to_owned())
            .or_default()
            .push(Stub::Answer(json));
    }

    pub(crate) fn fail(&self, method: &str, code: u32, times: usize) {
        // Failures go first: a test that stubs an answer and injects a failure wants the
        // failure, then the answer.
        self.lock().entry(method.to_owned()).or_default().insert(
            0,
            Stub::Fail {
                code,
                remaining: times,
            },
        );
    }

    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    /// The stubbed answer of `method` for this call, if any; a failure is used up.
    pub(crate) fn take(&self, method: &str) -> Option<Stubbed> {
        let mut by_method = self.lock();
        let stubs = by_method.get_mut(method)?;
        stubs.retain(|stub| !matches!(stub, Stub::Fail { remaining: 0, .. }));
        match stubs.first_mut()? {
            Stub::Fail { code, remaining } => {
                *remaining -= 1;
                Some(Stubbed::Fail(*code))
            }
            Stub::Answer(value) => Some(Stubbed::Answer(value.clone())),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<Stub>>> {
        self.by_method
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
