//! The authorization endpoint: the login page, its answer, and the redirects back to the client.

use super::*;

#[derive(Clone, Debug, Default, Deserialize)]
pub struct AuthorizeParams {
    #[serde(default)]
    pub response_type: String,
    #[serde(default)]
    pub client_id: String,
    #[serde(default)]
    pub redirect_uri: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub code_challenge: String,
    #[serde(default)]
    pub code_challenge_method: String,
    #[serde(default)]
    pub nonce: String,
    #[serde(default)]
    pub prompt: String,
    #[serde(default)]
    pub login_hint: String,
    // Only in the form post.
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
}

pub(super) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A page of the provider: not cached, not framed, no script, forms posted only here (and,
/// as the answer to the login form redirects there, to `form_target`'s origin).
pub(super) fn provider_page(
    status: StatusCode,
    body: String,
    form_target: Option<&str>,
) -> Response {
    let extra = form_target
        .and_then(|u| url::Url::parse(u).ok())
        .map(|u| u.origin())
        .filter(url::Origin::is_tuple)
        .map(|o| format!(" {}", o.ascii_serialization()))
        .unwrap_or_default();
    let csp = format!(
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'{extra}; \
         frame-ancestors 'none'; base-uri 'none'"
    );
    let mut response = (status, Html(body)).into_response();
    let headers = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

pub(super) fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign-in error</title>\
         <link rel=\"stylesheet\" href=\"login.css\"></head><body><main class=\"card\">\
         <h1>Sign-in error</h1><p role=\"alert\" id=\"error\">{}</p></main></body></html>",
        escape(message)
    );
    provider_page(status, body, None)
}

fn with_no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

pub(super) fn redirect_with(redirect_uri: &str, pairs: &[(&str, &str)]) -> Response {
    let mut url = match url::Url::parse(redirect_uri) {
        Ok(u) => u,
        Err(_) => return error_page(StatusCode::BAD_REQUEST, "The redirect URI is not a URL."),
    };
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in pairs {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
    }
    with_no_store(Redirect::to(url.as_str()).into_response())
}

/// An authorization response (RFC 6749 §4.1.2): `pairs`, the `state` and the issuer (RFC 9207).
fn authorization_response(
    state: &AppState,
    p: &AuthorizeParams,
    pairs: &[(&str, &str)],
) -> Response {
    let issuer = state.auth.issuer();
    let mut all = pairs.to_vec();
    all.push(("state", &p.state));
    all.push(("iss", &issuer));
    redirect_with(&p.redirect_uri, &all)
}

fn authorization_error(
    state: &AppState,
    p: &AuthorizeParams,
    error: &str,
    description: &str,
) -> Response {
    authorization_response(
        state,
        p,
        &[("error", error), ("error_description", description)],
    )
}

/// Validates what must be right before anything is redirected back (RFC 6749 §4.1.2.1):
/// with a wrong client or redirect URI, the user sees an error and is not sent anywhere.
// The error is the page to answer with; its size does not matter on this path.
#[allow(clippy::result_large_err)]
fn check_client(state: &AppState, p: &AuthorizeParams) -> Result<(), Response> {
    if p.client_id != state.auth.settings.client_id {
        return Err(error_page(StatusCode::BAD_REQUEST, "Unknown client_id."));
    }
    if !state.redirect_uri_allowed(&p.redirect_uri) {
        return Err(error_page(
            StatusCode::BAD_REQUEST,
            "The redirect_uri is not registered for this client.",
        ));
    }
    Ok(())
}

/// Errors that are reported to the client through the redirect.
#[allow(clippy::result_large_err)]
fn check_request(state: &AppState, p: &AuthorizeParams) -> Result<(), Response> {
    if p.response_type != "code" {
        return Err(authorization_error(
            state,
            p,
            "unsupported_response_type",
            "Only response_type=code is supported.",
        ));
    }
    if p.code_challenge_method != "S256" || p.code_challenge.len() != 43 {
        return Err(authorization_error(
            state,
            p,
            "invalid_request",
            "PKCE with code_challenge_method=S256 is required",
        ));
    }
    let prompt: Vec<&str> = p.prompt.split_whitespace().collect();
    if prompt.contains(&"none") && prompt.len() > 1 {
        return Err(authorization_error(
            state,
            p,
            "invalid_request",
            "prompt=none cannot be combined with other values.",
        ));
    }
    Ok(())
}

/// The parameters of an authorization request (the login page's or its form's), once they are
/// readable (`None` when they are not) and pass [`check_client`] and [`check_request`]; else
/// the error page or redirect that answers the request.
#[allow(clippy::result_large_err)]
fn checked_params(
    state: &AppState,
    params: Option<AuthorizeParams>,
) -> Result<AuthorizeParams, Response> {
    let p = params.ok_or_else(|| error_page(StatusCode::BAD_REQUEST, MALFORMED_REQUEST))?;
    check_client(state, &p)?;
    check_request(state, &p)?;
    Ok(p)
}

fn login_form(p: &AuthorizeParams, error: Option<&str>) -> Response {
    let hidden = [
        ("response_type", &p.response_type),
        ("client_id", &p.client_id),
        ("redirect_uri", &p.redirect_uri),
        ("scope", &p.scope),
        ("state", &p.state),
        ("code_challenge", &p.code_challenge),
        ("code_challenge_method", &p.code_challenge_method),
        ("nonce", &p.nonce),
    ]
    .iter()
    .map(|(k, v)| {
        format!(
            "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
            escape(v)
        )
    })
    .collect::<String>();
    let error_html = error
        .map(|e| {
            format!(
                "<p class=\"error\" role=\"alert\" id=\"login-error\">{}</p>",
                escape(e)
            )
        })
        .unwrap_or_default();
    let username = if p.username.is_empty() {
        &p.login_hint
    } else {
        &p.username
    };
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Sign in — MobileID sandbox</title><link rel=\"stylesheet\" href=\"login.css\"></head>\
         <body><main class=\"card\"><h1>Sign in</h1>\
         <p class=\"muted\">MobileID sandbox authorization server. This is not Signicat.</p>{error_html}\
         <form method=\"post\" action=\"authorize\">{hidden}\
         <label for=\"username\">Username</label>\
         <input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus value=\"{}\">\
         <label for=\"password\">Password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\
         <button type=\"submit\" id=\"sign-in\">Sign in</button></form></main></body></html>",
        escape(username)
    );
    let status = if error.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    };
    provider_page(status, body, Some(&p.redirect_uri))
}

/// Issues a code in `session` and sends the browser back with it.
fn code_response(
    state: &AppState,
    p: &AuthorizeParams,
    session: &ProviderSession,
    set_cookie: Option<String>,
) -> Response {
    let code = state.auth.issue_code(p, session);
    let mut response = authorization_response(state, p, &[("code", &code)]);
    if let Some(cookie) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

pub(super) const MALFORMED_REQUEST: &str =
    "The request is malformed: a parameter is repeated or is not text.";

/// `GET /oauth/authorize`: the login form, or at once a code when the provider session is live
/// (unless `prompt=login`).
pub async fn authorize_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<AuthorizeParams>, QueryRejection>,
) -> Response {
    let p = match checked_params(&state, query.ok().map(|Query(p)| p)) {
        Ok(p) => p,
        Err(answer) => return answer,
    };
    let prompt: Vec<&str> = p.prompt.split_whitespace().collect();
    if !prompt.contains(&"login") {
        if let Some(session) = state.auth.session_of(&headers) {
            return code_response(&state, &p, &session, None);
        }
    }
    if prompt.contains(&"none") {
        return authorization_error(
            &state,
            &p,
            "login_required",
            "The user is not signed in at the provider.",
        );
    }
    login_form(&p, None)
}

/// `POST /oauth/authorize`: the login form's answer.
pub async fn authorize_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<AuthorizeParams>, FormRejection>,
) -> Response {
    let p = match checked_params(&state, form.ok().map(|Form(p)| p)) {
        Ok(p) => p,
        Err(answer) => return answer,
    };
    let auth = &state.auth;
    let Some(user) = auth.check_password(&p.username, &p.password) else {
        tokio::time::sleep(FAILED_LOGIN_DELAY).await;
        return login_form(&p, Some("Wrong username or password."));
    };
    let old = AuthServer::cookie_value(&headers);
    let (session, cookie) = auth.start_session(&user.username, old.as_deref());
    code_response(&state, &p, &session, Some(cookie))
}

pub async fn login_css() -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/css"))],
        include_str!("../login.css"),
    )
        .into_response()
}
