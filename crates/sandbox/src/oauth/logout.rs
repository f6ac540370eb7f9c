//! `/logout`: RP-initiated logout, ending the provider session.

use super::*;

#[derive(Debug, Default, Deserialize)]
pub struct LogoutParams {
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    post_logout_redirect_uri: String,
    #[serde(default)]
    id_token_hint: String,
    #[serde(default)]
    state: String,
}

fn clear_session_cookie() -> HeaderValue {
    HeaderValue::from_static(
        "mobileid_sandbox_session=; Path=/oauth/; HttpOnly; SameSite=Lax; Max-Age=0",
    )
}

fn signed_out_page(note: Option<&str>) -> Response {
    let note = note
        .map(|n| {
            format!(
                "<p class=\"muted\" id=\"signed-out-note\">{}</p>",
                escape(n)
            )
        })
        .unwrap_or_default();
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Signed out — MobileID sandbox</title><link rel=\"stylesheet\" href=\"login.css\">\
         </head><body><main class=\"card\"><h1 id=\"signed-out\">You are signed out</h1>\
         <p>You have been signed out of the MobileID sandbox.</p>{note}</main></body></html>"
    );
    provider_page(StatusCode::OK, body, None)
}

/// RP-initiated logout: ends the provider session (and the grants made in it), then returns to
/// `post_logout_redirect_uri` if it is registered for the client, with `state`.
fn end_session(state: &AppState, headers: &HeaderMap, p: LogoutParams) -> Response {
    let auth = &state.auth;
    let client_id = &auth.settings.client_id;
    // The hint must be an ID token of ours, for our client; its expiry does not matter.
    let hint = (!p.id_token_hint.is_empty()).then(|| {
        auth.verify_id_token(&p.id_token_hint)
            .ok()
            .filter(|c| c["aud"].as_str() == Some(client_id.as_str()))
    });
    let hint_sid = hint
        .as_ref()
        .and_then(|h| h.as_ref())
        .and_then(|c| c["sid"].as_str());
    auth.end_session(headers, hint_sid);
    let client_named = p.client_id == *client_id || matches!(hint, Some(Some(_)));
    let client_ok = client_named
        && (p.client_id.is_empty() || p.client_id == *client_id)
        && !matches!(hint, Some(None));
    let mut response = if p.post_logout_redirect_uri.is_empty() {
        signed_out_page(None)
    } else if !client_ok {
        signed_out_page(Some(
            "The application that sent you here could not be identified, so you stay here.",
        ))
    } else if !state.redirect_uri_allowed(&p.post_logout_redirect_uri) {
        signed_out_page(Some(
            "The address to return to is not registered for this application, so you stay here.",
        ))
    } else {
        redirect_with(&p.post_logout_redirect_uri, &[("state", &p.state)])
    };
    response
        .headers_mut()
        .append(header::SET_COOKIE, clear_session_cookie());
    response
}

/// `GET /oauth/logout`.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<LogoutParams>, QueryRejection>,
) -> Response {
    match query {
        Ok(Query(p)) => end_session(&state, &headers, p),
        Err(_) => error_page(StatusCode::BAD_REQUEST, MALFORMED_REQUEST),
    }
}

/// `POST /oauth/logout` (the specification allows both).
pub async fn logout_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<LogoutParams>, FormRejection>,
) -> Response {
    match form {
        Ok(Form(p)) => end_session(&state, &headers, p),
        Err(_) => error_page(StatusCode::BAD_REQUEST, MALFORMED_REQUEST),
    }
}
