//! `okru`: call, sign and list methods of the OK and Mail.ru "My World" APIs, and run the
//! local sandbox. See `okru --help`.

mod credentials;
mod hints;
mod sign;

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use okru::{Params, mailru, ok};

use credentials::{AnySession, CredentialArgs, PlatformArg, build_session, shown};

/// The catalogue the SDK was generated from, read at build time (see build.rs).
struct MethodInfo {
    platform: &'static str,
    name: &'static str,
    session: &'static str,
    permissions: &'static [&'static str],
    /// Name and whether it is required.
    params: &'static [(&'static str, bool)],
    description: &'static str,
}

static CATALOGUE: &[MethodInfo] = include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

const ENV_HELP: &str = "\
Credentials come from flags or, better (other users can see a process's arguments), from
the environment:
  OK:      OKRU_OK_APP_ID, OKRU_OK_APPLICATION_KEY, OKRU_OK_APPLICATION_SECRET_KEY,
           OKRU_OK_ACCESS_TOKEN, OKRU_OK_SESSION_SECRET_KEY
  Mail.ru: OKRU_MAILRU_APP_ID, OKRU_MAILRU_SECRET_KEY, OKRU_MAILRU_PRIVATE_KEY,
           OKRU_MAILRU_SESSION_KEY, OKRU_MAILRU_UID
  Endpoint (instead of --base-url): OKRU_OK_BASE_URL, OKRU_MAILRU_BASE_URL
The circuit follows from what is set. OK: a token with the application secret key signs in
the server circuit, else with the session secret key in the client circuit. Mail.ru: a
session key with the private key and uid signs in the client circuit, else with the secret
key in the server circuit. No token (or --app-only): the application's own calls.
The tool never prints a secret, and masks tokens in what it echoes.

Try it offline: run `okru sandbox` in one terminal, paste the lines it prints into another,
then: okru call users.getInfo uids=570000000002 fields=first_name,last_name";

#[derive(Debug, Parser)]
#[command(
    name = "okru",
    version,
    about = "Call, sign and list methods of the OK (ok.ru) and Mail.ru \"My World\" REST APIs",
    after_help = ENV_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Sign and send any method; print the answer as pretty JSON, or the error with a hint.
    Call(CallArgs),
    /// Print the string a call's signature is computed from, and the signature (explains
    /// PARAM_SIGNATURE); nothing is sent.
    Sign(SignArgs),
    /// List the methods of the catalogue with their session rule and permissions.
    Methods(MethodsArgs),
    /// Run the local sandbox (both APIs) in the foreground until Ctrl-C.
    Sandbox(SandboxArgs),
}

#[derive(Debug, Args)]
struct Target {
    /// The platform.
    #[arg(long, short = 'p', value_enum, default_value_t = PlatformArg::Ok)]
    platform: PlatformArg,
    /// The method, such as users.getInfo.
    method: String,
    /// Parameters, as NAME=VALUE (lists comma-separated: uids=1,2).
    #[arg(value_name = "NAME=VALUE")]
    params: Vec<String>,
}

#[derive(Debug, Args)]
struct CallArgs {
    #[command(flatten)]
    target: Target,
    #[command(flatten)]
    credentials: CredentialArgs,
    /// The API endpoint instead of the platform's (for example the sandbox's
    /// http://127.0.0.1:PORT/fb.do) [env: OKRU_OK_BASE_URL / OKRU_MAILRU_BASE_URL]
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Also print the signed parameters (tokens masked) to stderr.
    #[arg(long, short = 'v')]
    verbose: bool,
}

#[derive(Debug, Args)]
struct SignArgs {
    #[command(flatten)]
    target: Target,
    #[command(flatten)]
    credentials: CredentialArgs,
    /// A signature to compare with (the one your own code computed).
    #[arg(long, value_name = "SIG")]
    expect: Option<String>,
}

#[derive(Debug, Args)]
struct MethodsArgs {
    /// Only methods whose name contains this text (case-insensitive); an exact name also
    /// shows the method's description and parameters.
    filter: Option<String>,
    /// Only this platform.
    #[arg(long, short = 'p', value_enum)]
    platform: Option<PlatformArg>,
}

#[derive(Debug, Args)]
struct SandboxArgs {
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The address to listen on. Keep the default loopback address: the sandbox answers
    /// anyone who can reach it.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
}

/// Exit codes: 0 success, 1 the API or the transport failed, 2 bad usage (as clap's).
const FAILED: u8 = 1;
const USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(FAILED);
        }
    };
    match cli.command {
        Command::Call(args) => runtime.block_on(call(args)),
        Command::Sign(args) => sign_command(args),
        Command::Methods(args) => methods(args),
        Command::Sandbox(args) => runtime.block_on(sandbox(args)),
    }
}

/// NAME=VALUE pairs as parameters.
fn parse_params(pairs: &[String]) -> Result<Params, String> {
    let mut params = Params::new();
    for pair in pairs {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("{pair:?} is not NAME=VALUE"))?;
        if name.is_empty() {
            return Err(format!("{pair:?} has no parameter name"));
        }
        params.push(name.to_owned(), value);
    }
    Ok(params)
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(USAGE)
}

async fn call(args: CallArgs) -> ExitCode {
    let platform = args.target.platform;
    let creds = match args.credentials.resolve(platform) {
        Ok(creds) => creds,
        Err(e) => return usage_error(&e),
    };
    let params = match parse_params(&args.target.params) {
        Ok(params) => params,
        Err(e) => return usage_error(&e),
    };
    let session = match build_session(&creds) {
        Ok(session) => session,
        Err(e) => return usage_error(&e),
    };
    let base_url = args.base_url.or_else(|| {
        let name = match platform {
            PlatformArg::Ok => "OKRU_OK_BASE_URL",
            PlatformArg::Mailru => "OKRU_MAILRU_BASE_URL",
        };
        std::env::var(name).ok().filter(|url| !url.is_empty())
    });
    if args.verbose {
        // Signing again for the echo costs nothing and shows exactly what is sent.
        if let Ok(explanation) =
            sign::explain(&session, &creds, &args.target.method, params.clone())
        {
            eprintln!(
                "{} {} ({} circuit)",
                explanation.platform, args.target.method, explanation.circuit
            );
            for (name, value) in explanation.signed.iter().chain(&explanation.unsigned) {
                eprintln!("  {name}={}", shown(name, value));
            }
        }
    }
    let method = args.target.method.as_str();
    let base = base_url.as_deref();
    let result = match session {
        AnySession::OkClient(s) => ok_call(s, base, method, params).await,
        AnySession::OkServer(s) => ok_call(s, base, method, params).await,
        AnySession::OkApp(s) => ok_call(s, base, method, params).await,
        AnySession::MailruClient(s) => mailru_call(s, base, method, params).await,
        AnySession::MailruServer(s) => mailru_call(s, base, method, params).await,
        AnySession::MailruApp(s) => mailru_call(s, base, method, params).await,
    };
    match result {
        Ok(mut value) => {
            let masked = credentials::mask_json(&mut value);
            let text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string());
            println!("{text}");
            if masked > 0 {
                eprintln!(
                    "note: {masked} token(s) or secret(s) in the answer are masked; the tool never \
                     prints them (obtain tokens with the SDK, which can save them)"
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            if let Some(hint) = hints::hint(&error) {
                eprintln!("hint: {hint}");
            }
            ExitCode::from(FAILED)
        }
    }
}

async fn ok_call<S: okru::Session<Platform = ok::OkRu>>(
    session: S,
    base_url: Option<&str>,
    method: &str,
    params: Params,
) -> okru::Result<serde_json::Value> {
    let mut builder = ok::Api::builder(session);
    if let Some(url) = base_url {
        builder = builder.base_url(url);
    }
    builder.build()?.call(method, params).await
}

async fn mailru_call<S: okru::Session<Platform = mailru::MailRu>>(
    session: S,
    base_url: Option<&str>,
    method: &str,
    params: Params,
) -> okru::Result<serde_json::Value> {
    let mut builder = mailru::Api::builder(session);
    if let Some(url) = base_url {
        builder = builder.base_url(url);
    }
    builder.build()?.call(method, params).await
}

fn sign_command(args: SignArgs) -> ExitCode {
    let creds = match args.credentials.resolve(args.target.platform) {
        Ok(creds) => creds,
        Err(e) => return usage_error(&e),
    };
    let params = match parse_params(&args.target.params) {
        Ok(params) => params,
        Err(e) => return usage_error(&e),
    };
    let session = match build_session(&creds) {
        Ok(session) => session,
        Err(e) => return usage_error(&e),
    };
    match sign::explain(&session, &creds, &args.target.method, params) {
        Ok(explanation) => {
            print!("{}", explanation.render(args.expect.as_deref()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(FAILED)
        }
    }
}

fn methods(args: MethodsArgs) -> ExitCode {
    let filter = args.filter.as_deref().unwrap_or_default().to_lowercase();
    let wanted = |m: &&MethodInfo| {
        let platform_ok = match args.platform {
            None => true,
            Some(PlatformArg::Ok) => m.platform == "ok",
            Some(PlatformArg::Mailru) => m.platform == "mailru",
        };
        platform_ok && m.name.to_lowercase().contains(&filter)
    };
    let found: Vec<&MethodInfo> = CATALOGUE.iter().filter(wanted).collect();
    if found.is_empty() {
        eprintln!("no method matches {filter:?}");
        return ExitCode::from(FAILED);
    }
    let width = found.iter().map(|m| m.name.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for m in &found {
        let permissions = if m.permissions.is_empty() {
            "-".to_owned()
        } else {
            m.permissions.join(",")
        };
        let _ = writeln!(
            out,
            "{:<6}  {:<width$}  {:<10}  {permissions}",
            m.platform, m.name, m.session
        );
        if m.name.eq_ignore_ascii_case(&filter) {
            let _ = writeln!(out, "        {}", m.description);
            for (name, required) in m.params {
                let _ = writeln!(
                    out,
                    "        {name}{}",
                    if *required { " (required)" } else { "" }
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "{} method(s); columns: platform, method, session rule, permissions",
        found.len()
    );
    ExitCode::SUCCESS
}

async fn sandbox(args: SandboxArgs) -> ExitCode {
    use okru_sandbox::fixtures;

    let sandbox = match okru_sandbox::Sandbox::start_at(SocketAddr::new(args.host, args.port)).await
    {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!(
                "error: cannot start the sandbox on {}:{}: {e}",
                args.host, args.port
            );
            return ExitCode::from(FAILED);
        }
    };
    // Requests are not kept: a long-running sandbox would otherwise grow without bound.
    sandbox.set_recording(false);
    // These are the sandbox's published test credentials (okru_sandbox::fixtures), valid
    // nowhere else; printing them is the point.
    let report = format!(
        "okru sandbox listening on {base}
OK API:      {ok_url}
Mail.ru API: {mailru_url}

Test credentials (the sandbox's own; valid nowhere else), for a shell:
  export OKRU_OK_BASE_URL={ok_url}
  export OKRU_MAILRU_BASE_URL={mailru_url}
  export OKRU_OK_APP_ID={ok_app_id}
  export OKRU_OK_APPLICATION_KEY={ok_key}
  export OKRU_OK_APPLICATION_SECRET_KEY={ok_secret}
  export OKRU_OK_ACCESS_TOKEN='{ok_token}'
  export OKRU_OK_SESSION_SECRET_KEY={ok_session_secret}
  export OKRU_MAILRU_APP_ID={mr_app_id}
  export OKRU_MAILRU_SECRET_KEY={mr_secret}
  export OKRU_MAILRU_PRIVATE_KEY={mr_private}
  export OKRU_MAILRU_SESSION_KEY={mr_session}
  export OKRU_MAILRU_UID={mr_uid}
(OK user: Alice, {ok_uid}; Mail.ru user: Alice, {mr_uid}. More users and groups: the
okru_sandbox::fixtures documentation.)

Press Ctrl-C to stop.",
        base = sandbox.base_url(),
        ok_url = sandbox.ok_api_url(),
        mailru_url = sandbox.mailru_api_url(),
        ok_app_id = fixtures::ok::APP_ID,
        ok_key = fixtures::ok::APPLICATION_KEY,
        ok_secret = fixtures::ok::APPLICATION_SECRET_KEY,
        ok_token = fixtures::ok::ALICE_ACCESS_TOKEN,
        ok_session_secret = fixtures::ok::ALICE_SESSION_SECRET_KEY,
        ok_uid = fixtures::ok::ALICE_ID,
        mr_app_id = fixtures::mailru::APP_ID,
        mr_secret = fixtures::mailru::SECRET_KEY,
        mr_private = fixtures::mailru::PRIVATE_KEY,
        mr_session = fixtures::mailru::ALICE_SESSION_KEY,
        mr_uid = fixtures::mailru::ALICE_UID,
    );
    println!("{report}");
    let _ = std::io::stdout().flush();
    match tokio::signal::ctrl_c().await {
        Ok(()) => {
            sandbox.shutdown().await;
            println!("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot wait for Ctrl-C: {e}");
            ExitCode::from(FAILED)
        }
    }
}
