//! Typed calls to the Admin API: the contract crate builds each request and parses each
//! answer; this module only moves bytes over `fetch`, adds the bearer token, refreshes it,
//! and sends the user through login on a 401 that a refresh cannot cure.

use crate::auth;
use crate::state::toasts;
use mobileid_admin_contract::{ApiClient, ApiError, Call, Problem};
use serde::de::DeserializeOwned;
use zeroize::Zeroize;

/// A failed `fetch` (no HTTP answer at all).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct FetchError(String);

/// Sends an `http::Request` with `fetch` and returns the `http::Response`. Used for the API
/// and, by the `oauth2` crate, for the token endpoint.
pub async fn fetch(request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, FetchError> {
    fetch_abortable(request, None).await
}

/// [`fetch`] that `abort` can stop while it waits for the answer or reads its body.
async fn fetch_abortable(
    request: http::Request<Vec<u8>>,
    abort: Option<&web_sys::AbortSignal>,
) -> Result<http::Response<Vec<u8>>, FetchError> {
    let (parts, body) = request.into_parts();
    let mut builder = gloo_net::http::RequestBuilder::new(&parts.uri.to_string())
        .method(parts.method.clone())
        .abort_signal(abort);
    for (name, value) in &parts.headers {
        if let Ok(value) = value.to_str() {
            builder = builder.header(name.as_str(), value);
        }
    }
    let request = if body.is_empty() {
        builder.build()
    } else {
        // Bodies are JSON or form-encoded text. The Rust copies are wiped once JavaScript has
        // its string: a body may hold a secret (an APNs key, a refresh token).
        let mut body = body;
        let mut text = String::from_utf8_lossy(&body).into_owned();
        let js = wasm_bindgen::JsValue::from_str(&text);
        text.zeroize();
        body.zeroize();
        builder.body(js)
    }
    .map_err(|e| FetchError(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| FetchError(e.to_string()))?;
    let status = response.status();
    let bytes = response
        .binary()
        .await
        .map_err(|e| FetchError(e.to_string()))?;
    let mut builder = http::Response::builder().status(status);
    for (name, value) in response.headers().entries() {
        builder = builder.header(name, value);
    }
    builder.body(bytes).map_err(|e| FetchError(e.to_string()))
}

/// The request builder for the current configuration and chosen account.
pub fn client() -> ApiClient {
    let config = auth::config();
    ApiClient::new(&config.api_base_url)
        .with_endpoints(config.endpoints.clone())
        .with_account_id(crate::state::accounts::chosen_account())
}

fn copy_request(source: &http::Request<Vec<u8>>, access_token: &str) -> http::Request<Vec<u8>> {
    let mut builder = http::Request::builder()
        .method(source.method().clone())
        .uri(source.uri().clone());
    for (name, value) in source.headers() {
        builder = builder.header(name, value);
    }
    builder
        .header(
            http::header::AUTHORIZATION,
            format!("Bearer {access_token}"),
        )
        .body(source.body().clone())
        .expect("copied request is valid")
}

fn session_expired() -> ApiError {
    ApiError::Problem(Problem {
        title: "Your session has expired".into(),
        status: 401,
        detail: Some("Signing you in again…".into()),
        ..Problem::default()
    })
}

/// Sends a call: fresh token, one retry after a refresh on 401, then login.
pub async fn send<T: DeserializeOwned>(call: Call<T>) -> Result<T, ApiError> {
    send_ref(&call, None).await
}

/// [`send`] for a read that a newer one can supersede (another account, another filter): once
/// `abort` fires, the request is cancelled in the browser, no retry follows, and the answer is
/// [`superseded`] (which [`is_superseded`] recognises and no page shows as an error).
pub async fn send_abortable<T: DeserializeOwned>(
    call: Call<T>,
    abort: &web_sys::AbortSignal,
) -> Result<T, ApiError> {
    send_ref(&call, Some(abort)).await
}

/// What a read stopped by its abort signal ends in.
const SUPERSEDED: &str = "the request was superseded by a newer one";

pub fn superseded() -> ApiError {
    ApiError::Network(SUPERSEDED.to_string())
}

/// Whether `error` only says that a newer request replaced this one.
pub fn is_superseded(error: &ApiError) -> bool {
    matches!(error, ApiError::Network(message) if message == SUPERSEDED)
}

/// [`send`] for a call whose body holds a secret (an APNs private key): the request body is
/// wiped from memory once the call is over, whatever its outcome.
pub async fn send_secret<T: DeserializeOwned>(mut call: Call<T>) -> Result<T, ApiError> {
    let result = send_ref(&call, None).await;
    call.request.body_mut().zeroize();
    result
}

/// How often a busy (429) or briefly unavailable (503) answer is tried again.
const MAX_RETRIES: u32 = 2;
/// The longest `Retry-After` honoured, in seconds; longer waits are reported instead.
const MAX_RETRY_AFTER_SECS: u32 = 5;

/// What came back from sending a call once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome<'a> {
    /// `fetch` failed: no HTTP answer at all (offline, DNS, CORS, connection reset).
    NoAnswer,
    /// An HTTP answer, with its `Retry-After` header if any.
    Answered {
        status: http::StatusCode,
        retry_after: Option<&'a str>,
    },
}

/// What to do with an answer to an API call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NextStep {
    /// Report the network failure as it is. Never sent again: a request that got no answer
    /// may still have reached the server, and the admin decides whether to repeat it.
    ReportNetworkError,
    /// Hand the answer to the call's parser (success, or an error to show).
    Answer,
    /// A 401 on a token not refreshed yet: refresh it and send again.
    RefreshAndRetry,
    /// A 401 that a refresh did not cure: sign in again.
    SignInAgain,
    /// Busy or briefly unavailable: wait this many seconds and send again.
    RetryAfter(u32),
}

/// The decision of [`send_ref`] on one answer, kept free of the browser so it is tested
/// natively. `retries` is how many busy/unavailable answers were already retried.
fn next_step(
    outcome: Outcome<'_>,
    method: &http::Method,
    refreshed: bool,
    retries: u32,
) -> NextStep {
    let (status, retry_after) = match outcome {
        Outcome::NoAnswer => return NextStep::ReportNetworkError,
        Outcome::Answered {
            status,
            retry_after,
        } => (status, retry_after),
    };
    if status == http::StatusCode::UNAUTHORIZED {
        return if refreshed {
            NextStep::SignInAgain
        } else {
            NextStep::RefreshAndRetry
        };
    }
    // Only when a repeat is safe: a 429 was not processed; a 503 is retried for reads only
    // (a write it may have processed is never sent twice).
    let safe = status == http::StatusCode::TOO_MANY_REQUESTS
        || (status == http::StatusCode::SERVICE_UNAVAILABLE && method == http::Method::GET);
    let wait = retry_after_secs(retry_after);
    if safe && retries < MAX_RETRIES && wait <= MAX_RETRY_AFTER_SECS {
        NextStep::RetryAfter(wait.max(1))
    } else {
        NextStep::Answer
    }
}

/// `Retry-After` in seconds; absent, or in the HTTP-date form, it is taken as "soon": one
/// second.
fn retry_after_secs(header: Option<&str>) -> u32 {
    header.and_then(|v| v.trim().parse().ok()).unwrap_or(1)
}

async fn send_ref<T: DeserializeOwned>(
    call: &Call<T>,
    abort: Option<&web_sys::AbortSignal>,
) -> Result<T, ApiError> {
    let response = exchange(&call.request, call.invalid.as_deref(), abort).await?;
    call.parse(response)
}

/// A call up to its answer, whatever type that answer is read as: the exchange is compiled
/// once, not once per answer type.
async fn exchange(
    request: &http::Request<Vec<u8>>,
    invalid: Option<&str>,
    abort: Option<&web_sys::AbortSignal>,
) -> Result<http::Response<Vec<u8>>, ApiError> {
    let aborted = || abort.is_some_and(web_sys::AbortSignal::aborted);
    // A request that could not be built never leaves (with or without a token).
    if let Some(reason) = invalid {
        return Err(ApiError::Network(format!(
            "the request could not be built ({reason}); check apiBaseUrl and endpoints in config.json"
        )));
    }
    let _busy = toasts::Busy::start();
    let mut refreshed = false;
    let mut retries = 0;
    loop {
        if aborted() {
            return Err(superseded());
        }
        let Some(token) = auth::access_token().await else {
            auth::login_again();
            return Err(session_expired());
        };
        let response = fetch_abortable(copy_request(request, &token), abort).await;
        if response.is_err() && aborted() {
            return Err(superseded());
        }
        let outcome = match &response {
            Err(_) => Outcome::NoAnswer,
            Ok(answer) => Outcome::Answered {
                status: answer.status(),
                retry_after: answer
                    .headers()
                    .get(http::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok()),
            },
        };
        if let Outcome::Answered { status, .. } = outcome {
            if status != http::StatusCode::UNAUTHORIZED {
                auth::note_api_accepted();
            }
        }
        match next_step(outcome, request.method(), refreshed, retries) {
            NextStep::ReportNetworkError | NextStep::Answer => {
                return response.map_err(|e| ApiError::Network(e.to_string()));
            }
            NextStep::RefreshAndRetry => {
                if auth::refresh().await.is_ok() {
                    refreshed = true;
                    continue;
                }
                auth::login_again();
                return Err(session_expired());
            }
            NextStep::SignInAgain => {
                auth::login_again();
                return Err(session_expired());
            }
            // Busy or briefly unavailable: wait as asked and try again, a few times; in short
            // steps, so that a superseded read stops waiting at once.
            NextStep::RetryAfter(secs) => {
                retries += 1;
                for _ in 0..secs * 10 {
                    if aborted() {
                        return Err(superseded());
                    }
                    gloo_timers::future::TimeoutFuture::new(100).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{Method, StatusCode};

    fn answered(status: StatusCode, retry_after: Option<&str>) -> Outcome<'_> {
        Outcome::Answered {
            status,
            retry_after,
        }
    }

    #[test]
    fn no_answer_is_reported_and_never_sent_again() {
        for method in [Method::GET, Method::POST, Method::PATCH, Method::DELETE] {
            for retries in [0, 1] {
                assert_eq!(
                    next_step(Outcome::NoAnswer, &method, false, retries),
                    NextStep::ReportNetworkError,
                    "{method}"
                );
            }
        }
    }

    #[test]
    fn a_401_is_refreshed_once_then_sends_the_user_to_sign_in() {
        let first = next_step(
            answered(StatusCode::UNAUTHORIZED, None),
            &Method::GET,
            false,
            0,
        );
        assert_eq!(first, NextStep::RefreshAndRetry);
        let again = next_step(
            answered(StatusCode::UNAUTHORIZED, None),
            &Method::GET,
            true,
            0,
        );
        assert_eq!(again, NextStep::SignInAgain);
    }

    #[test]
    fn a_busy_answer_is_retried_after_the_wait_it_asks_for() {
        for method in [Method::GET, Method::PATCH, Method::POST, Method::DELETE] {
            // A 429 was not processed: any method may be sent again.
            let step = next_step(
                answered(StatusCode::TOO_MANY_REQUESTS, Some("3")),
                &method,
                false,
                0,
            );
            assert_eq!(step, NextStep::RetryAfter(3), "{method}");
        }
        // Up to 5 s is waited; 0 still waits a second; more than 5 s is reported at once.
        let busy = |after| {
            next_step(
                answered(StatusCode::TOO_MANY_REQUESTS, after),
                &Method::GET,
                false,
                0,
            )
        };
        assert_eq!(busy(Some("5")), NextStep::RetryAfter(5));
        assert_eq!(busy(Some(" 2 ")), NextStep::RetryAfter(2));
        assert_eq!(busy(Some("0")), NextStep::RetryAfter(1));
        assert_eq!(busy(Some("6")), NextStep::Answer);
        assert_eq!(busy(Some("30")), NextStep::Answer);
        // No header, or the HTTP-date form: one second.
        assert_eq!(busy(None), NextStep::RetryAfter(1));
        assert_eq!(
            busy(Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            NextStep::RetryAfter(1)
        );
    }

    #[test]
    fn an_unavailable_answer_is_retried_for_reads_only() {
        let unavailable = |method: Method| {
            next_step(
                answered(StatusCode::SERVICE_UNAVAILABLE, Some("1")),
                &method,
                false,
                0,
            )
        };
        assert_eq!(unavailable(Method::GET), NextStep::RetryAfter(1));
        // A write the server may have processed is never repeated.
        for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            assert_eq!(unavailable(method.clone()), NextStep::Answer, "{method}");
        }
    }

    #[test]
    fn retries_stop_after_two_and_other_answers_are_handed_over() {
        let busy = |retries| {
            next_step(
                answered(StatusCode::TOO_MANY_REQUESTS, Some("1")),
                &Method::GET,
                false,
                retries,
            )
        };
        assert_eq!(busy(1), NextStep::RetryAfter(1));
        assert_eq!(busy(2), NextStep::Answer);
        for status in [
            StatusCode::OK,
            StatusCode::NO_CONTENT,
            StatusCode::BAD_REQUEST,
            StatusCode::FORBIDDEN,
            StatusCode::NOT_FOUND,
            StatusCode::CONFLICT,
            StatusCode::INTERNAL_SERVER_ERROR,
            StatusCode::BAD_GATEWAY,
        ] {
            assert_eq!(
                next_step(answered(status, Some("1")), &Method::GET, false, 0),
                NextStep::Answer,
                "{status}"
            );
        }
    }
}
