//! The `okru` binary, run as a process against the sandbox: every subcommand, its help, its
//! errors, and that no secret ever reaches its output.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

use md5::{Digest, Md5};
use okru_sandbox::{Sandbox, fixtures};

/// Every secret of the sandbox: none may appear in anything the tool prints (except `okru
/// sandbox`, whose job is to print its own test credentials).
const SECRETS: &[&str] = &[
    fixtures::ok::APPLICATION_SECRET_KEY,
    fixtures::ok::ALICE_SESSION_SECRET_KEY,
    fixtures::ok::ALICE_ACCESS_TOKEN,
    fixtures::mailru::SECRET_KEY,
    fixtures::mailru::PRIVATE_KEY,
    fixtures::mailru::ALICE_SESSION_KEY,
];

/// The binary, with no `OKRU_*` variable inherited from the environment of the test run.
fn okru() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_okru"));
    for (name, _) in std::env::vars() {
        if name.starts_with("OKRU_") {
            command.env_remove(name);
        }
    }
    command
}

/// Runs without blocking the runtime that serves the sandbox.
async fn run(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.output().expect("the binary runs"))
        .await
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_no_secret(output: &Output) {
    let all = format!("{}{}", stdout(output), stderr(output));
    for secret in SECRETS {
        assert!(!all.contains(secret), "a secret was printed:\n{all}");
    }
}

/// OK credentials of Alice in the environment, server circuit.
fn ok_env(command: &mut Command, sandbox: &Sandbox) {
    command
        .env("OKRU_OK_BASE_URL", sandbox.ok_api_url())
        .env("OKRU_OK_APP_ID", fixtures::ok::APP_ID.to_string())
        .env("OKRU_OK_APPLICATION_KEY", fixtures::ok::APPLICATION_KEY)
        .env(
            "OKRU_OK_APPLICATION_SECRET_KEY",
            fixtures::ok::APPLICATION_SECRET_KEY,
        )
        .env("OKRU_OK_ACCESS_TOKEN", fixtures::ok::ALICE_ACCESS_TOKEN);
}

#[test]
fn help_lists_every_subcommand_and_the_environment() {
    let output = okru().arg("--help").output().unwrap();
    assert!(output.status.success());
    let text = stdout(&output);
    for word in [
        "call",
        "sign",
        "methods",
        "sandbox",
        "OKRU_OK_APPLICATION_SECRET_KEY",
        "OKRU_MAILRU_SESSION_KEY",
    ] {
        assert!(text.contains(word), "{word} missing from:\n{text}");
    }
    for sub in ["call", "sign", "methods", "sandbox"] {
        let output = okru().args([sub, "--help"]).output().unwrap();
        assert!(output.status.success(), "{sub} --help failed");
        assert!(stdout(&output).contains("Usage: okru"), "{sub}");
    }
    let output = okru().arg("--version").output().unwrap();
    assert!(stdout(&output).starts_with("okru "));
    // No subcommand is a usage error.
    assert_eq!(okru().output().unwrap().status.code(), Some(2));
}

#[test]
fn methods_lists_the_catalogue_with_rules_and_permissions() {
    let output = okru().args(["methods", "users.getinfo"]).output().unwrap();
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("ok      users.getInfo"), "{text}");
    assert!(text.contains("mailru  users.getInfo"), "{text}");
    assert!(text.contains("VALUABLE_ACCESS"));
    // An exact name shows the parameters.
    assert!(text.contains("uids (required)"));

    let output = okru()
        .args(["methods", "sendSimple", "--platform", "ok"])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(text.contains("notifications.sendSimple"));
    assert!(text.contains("prohibited"));
    assert!(!text.contains("mailru"));

    // Every method of methods.toml is listed, once.
    let all = stdout(&okru().arg("methods").output().unwrap());
    let catalogue =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../methods.toml")).unwrap();
    for platform in ["ok", "mailru"] {
        let tables = catalogue
            .lines()
            .filter(|l| l.starts_with(&format!("[{platform}.")))
            .count();
        let listed = all
            .lines()
            .filter(|l| l.starts_with(&format!("{platform} ")))
            .count();
        assert_eq!(listed, tables, "{platform}");
    }
    assert!(all.contains(&format!("{} method(s)", all.lines().count() - 1)));

    let output = okru().args(["methods", "no.suchMethod"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
}

#[tokio::test(flavor = "multi_thread")]
async fn call_signs_and_sends_on_both_platforms() {
    let sandbox = Sandbox::start().await.unwrap();

    // OK, server circuit from the environment.
    let mut command = okru();
    ok_env(&mut command, &sandbox);
    command.args([
        "call",
        "users.getInfo",
        &format!("uids={}", fixtures::ok::BOB_ID),
        "fields=first_name,last_name",
        "-v",
    ]);
    let output = run(command).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json[0]["first_name"], "Boris");
    // The pretty form, one field per line.
    assert!(stdout(&output).contains("\n    \"first_name\": \"Boris\""));
    // -v echoes what was sent, with the token masked.
    assert!(stderr(&output).contains("server circuit"));
    assert!(stderr(&output).contains("access_token=-s-1…[35 chars]"));
    assert_no_secret(&output);

    // OK, client circuit from flags.
    let mut command = okru();
    command.args([
        "call",
        "friends.get",
        "--base-url",
        &sandbox.ok_api_url(),
        "--application-key",
        fixtures::ok::APPLICATION_KEY,
        "--access-token",
        fixtures::ok::ALICE_ACCESS_TOKEN,
        "--session-secret-key",
        fixtures::ok::ALICE_SESSION_SECRET_KEY,
    ]);
    let output = run(command).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let friends: Vec<String> = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(friends, [fixtures::ok::BOB_ID, fixtures::ok::DAVE_ID]);
    assert_no_secret(&output);

    // Mail.ru, client circuit from the environment.
    let mut command = okru();
    command
        .env("OKRU_MAILRU_BASE_URL", sandbox.mailru_api_url())
        .env("OKRU_MAILRU_APP_ID", fixtures::mailru::APP_ID.to_string())
        .env("OKRU_MAILRU_PRIVATE_KEY", fixtures::mailru::PRIVATE_KEY)
        .env(
            "OKRU_MAILRU_SESSION_KEY",
            fixtures::mailru::ALICE_SESSION_KEY,
        )
        .env("OKRU_MAILRU_UID", fixtures::mailru::ALICE_UID)
        .args(["call", "--platform", "mailru", "users.getInfo"]);
    let output = run(command).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json[0]["uid"], fixtures::mailru::ALICE_UID);
    assert_no_secret(&output);

    // Every request reached the sandbox; none carried a secret that must stay home.
    let requests = sandbox.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        for secret in [
            fixtures::ok::APPLICATION_SECRET_KEY,
            fixtures::ok::ALICE_SESSION_SECRET_KEY,
            fixtures::mailru::PRIVATE_KEY,
        ] {
            assert!(!request.contains(secret));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn api_errors_come_with_their_name_and_a_hint() {
    let sandbox = Sandbox::start().await.unwrap();

    // A wrong secret: 104 PARAM_SIGNATURE, pointing at `okru sign`.
    let mut command = okru();
    ok_env(&mut command, &sandbox);
    command
        .env("OKRU_OK_APPLICATION_SECRET_KEY", "not-the-secret-key")
        .args(["call", "friends.get"]);
    let output = run(command).await;
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("104 PARAM_SIGNATURE"), "{text}");
    assert!(
        text.contains("hint:") && text.contains("okru sign"),
        "{text}"
    );
    assert!(stdout(&output).is_empty());
    assert!(!text.contains("not-the-secret-key"));
    assert_no_secret(&output);

    // A session-prohibited method with a token: 451, pointing at --app-only ...
    let mut command = okru();
    ok_env(&mut command, &sandbox);
    let uid = format!("uid={}", fixtures::ok::BOB_ID);
    command.args(["call", "notifications.sendSimple", &uid, "text=hello"]);
    let output = run(command).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("NOT_SESSION_METHOD"));
    assert!(stderr(&output).contains("--app-only"));

    // ... which works.
    let mut command = okru();
    ok_env(&mut command, &sandbox);
    command.args([
        "call",
        "notifications.sendSimple",
        &uid,
        "text=hello",
        "--app-only",
    ]);
    let output = run(command).await;
    assert!(output.status.success(), "{}", stderr(&output));

    // Nothing listening: a connection error with its hint.
    let mut command = okru();
    ok_env(&mut command, &sandbox);
    command
        .env("OKRU_OK_BASE_URL", "http://127.0.0.1:9/fb.do")
        .args(["call", "friends.get"]);
    let output = run(command).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("hint:"), "{}", stderr(&output));
}

#[test]
fn usage_errors_exit_2_before_anything_is_sent() {
    // No credentials at all.
    let output = okru().args(["call", "friends.get"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("application key"));
    // A parameter without '='.
    let output = okru()
        .args(["call", "friends.get", "fid", "--application-key", "K"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("NAME=VALUE"));
    // A credential of the other platform.
    let output = okru()
        .args(["sign", "friends.get", "--private-key", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("Mail.ru"));
    // A token without its secret.
    let output = okru()
        .args([
            "sign",
            "friends.get",
            "--application-key",
            "K",
            "--access-token",
            "T0123456789",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!stderr(&output).contains("T0123456789"));
}

fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The line after `header` in `text`, trimmed.
fn line_after<'a>(text: &'a str, header: &str) -> &'a str {
    let mut lines = text.lines();
    lines.find(|l| l.starts_with(header));
    lines.next().unwrap_or_default().trim()
}

#[test]
fn sign_prints_the_string_to_hash_without_the_secret() {
    // OK client circuit: the secret is the session secret key.
    let output = okru()
        .args([
            "sign",
            "users.getInfo",
            "uids=1,2",
            "fields=first_name",
            "--application-key",
            fixtures::ok::APPLICATION_KEY,
            "--access-token",
            fixtures::ok::ALICE_ACCESS_TOKEN,
            "--session-secret-key",
            fixtures::ok::ALICE_SESSION_SECRET_KEY,
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert_no_secret(&output);
    let string = line_after(&text, "string to hash");
    assert_eq!(
        string,
        format!(
            "application_key={}fields=first_nameformat=jsonmethod=users.getInfouids=1,2<session_secret_key>",
            fixtures::ok::APPLICATION_KEY
        )
    );
    // The string, with the secret put back, hashes to the printed signature.
    let sig = line_after(&text, "signature:").trim_start_matches("sig=");
    let with_secret = string.replace(
        "<session_secret_key>",
        fixtures::ok::ALICE_SESSION_SECRET_KEY,
    );
    assert_eq!(md5_hex(&with_secret), sig);
    // The token is sent but not signed, and shown masked.
    assert!(text.contains("sent but not signed:"));
    assert!(text.contains("access_token=-s-1…[35 chars]"));

    // --expect compares.
    let mut same = okru();
    same.args([
        "sign",
        "users.getInfo",
        "uids=1,2",
        "fields=first_name",
        "--application-key",
        fixtures::ok::APPLICATION_KEY,
        "--access-token",
        fixtures::ok::ALICE_ACCESS_TOKEN,
        "--session-secret-key",
        fixtures::ok::ALICE_SESSION_SECRET_KEY,
        "--expect",
    ]);
    let output = same.arg(sig).output().unwrap();
    assert!(stdout(&output).contains("the signature you gave is the same"));
    let output = okru()
        .args([
            "sign",
            "friends.get",
            "--application-key",
            "K",
            "--application-secret-key",
            "S3CR3T-APP",
            "--expect",
            "0123",
        ])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(text.contains("application-only"));
    assert!(text.contains("differs"));
    assert!(!text.contains("S3CR3T-APP"));
}

#[test]
fn sign_explains_the_mailru_client_circuit() {
    let output = okru()
        .env("OKRU_MAILRU_APP_ID", fixtures::mailru::APP_ID.to_string())
        .env("OKRU_MAILRU_PRIVATE_KEY", fixtures::mailru::PRIVATE_KEY)
        .env(
            "OKRU_MAILRU_SESSION_KEY",
            fixtures::mailru::ALICE_SESSION_KEY,
        )
        .env("OKRU_MAILRU_UID", fixtures::mailru::ALICE_UID)
        .args(["sign", "-p", "mailru", "friends.get"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_no_secret(&output);
    let text = stdout(&output);
    assert!(text.contains("circuit:   client"));
    let string = line_after(&text, "  (starts with the uid");
    // The session key is signed on Mail.ru, so it is in the string, masked.
    assert_eq!(
        string,
        format!(
            "{}app_id={}method=friends.getsession_key=a11c…[32 chars]<private_key>",
            fixtures::mailru::ALICE_UID,
            fixtures::mailru::APP_ID
        )
    );
    let sig = line_after(&text, "signature:").trim_start_matches("sig=");
    let full = format!(
        "{}app_id={}method=friends.getsession_key={}{}",
        fixtures::mailru::ALICE_UID,
        fixtures::mailru::APP_ID,
        fixtures::mailru::ALICE_SESSION_KEY,
        fixtures::mailru::PRIVATE_KEY
    );
    assert_eq!(md5_hex(&full), sig);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sandbox_subcommand_serves_until_interrupted() {
    let mut child = okru()
        .args(["sandbox", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (report, lines) = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stdout).lines();
        let mut report = String::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            report.push_str(&line);
            report.push('\n');
            if line.starts_with("Press Ctrl-C") {
                break;
            }
        }
        (report, lines)
    })
    .await
    .unwrap();
    let ok_url = report
        .lines()
        .find_map(|l| l.strip_prefix("OK API:"))
        .unwrap()
        .trim()
        .to_owned();
    assert!(ok_url.starts_with("http://127.0.0.1:") && ok_url.ends_with("/fb.do"));
    assert!(report.contains("Mail.ru API: http://127.0.0.1:"));

    // The printed lines are enough to call it.
    let mut command = okru();
    for line in report.lines() {
        if let Some((name, value)) = line
            .trim()
            .strip_prefix("export ")
            .and_then(|a| a.split_once('='))
        {
            command.env(name, value.trim_matches('\''));
        }
    }
    command.args(["call", "users.getCurrentUser"]);
    let output = run(command).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("Alice"));

    // Ctrl-C (SIGINT, sent to this child by its id) stops it cleanly.
    #[cfg(unix)]
    {
        let status = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let (status, rest) = tokio::task::spawn_blocking(move || {
            let rest: Vec<String> = lines.map_while(Result::ok).collect();
            (child.wait().unwrap(), rest)
        })
        .await
        .unwrap();
        assert!(status.success());
        assert_eq!(rest, ["stopped"]);
    }
    #[cfg(not(unix))]
    {
        drop(lines);
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn tokens_in_answers_and_passwords_in_parameters_are_masked() {
    let sandbox = Sandbox::start().await.unwrap();
    // auth.login answers a session key and its secret: both masked on the way out, and the
    // password is masked in the -v echo.
    let mut command = okru();
    ok_env(&mut command, &sandbox);
    command.args([
        "call",
        "auth.login",
        &format!("user_name={}", fixtures::ok::ALICE_LOGIN),
        &format!("password={}", fixtures::ok::ALICE_PASSWORD),
        "--app-only",
        "-v",
    ]);
    let output = run(command).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["uid"], fixtures::ok::ALICE_ID);
    for key in ["session_key", "session_secret_key"] {
        let shown = json[key].as_str().unwrap();
        assert!(shown.contains('…') && shown.len() < 20, "{key}: {shown}");
    }
    assert!(stderr(&output).contains("2 token(s) or secret(s) in the answer are masked"));
    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!all.contains(fixtures::ok::ALICE_PASSWORD));
    assert!(all.contains("password=corr…[28 chars]"));
}
