//! APNs tokens: "Get APNs tokens", "Add APNs token", "Get APNs token", "Delete APNs token".
//! Tokens are organisation-wide (every account of the organisation, production and sandbox).
//!
//! The private key: read from a `.p8` file (picker or drop) or pasted PEM, checked in the
//! browser ([`ApnsPrivateKey`]: PKCS#8, EC P-256), then kept only in a `StoredValue` that is
//! never rendered. The page shows what was loaded ("EC P-256 private key (PKCS#8), 138 bytes"
//! and its SHA-256), never the key. The paste box is emptied as soon as the key is read; the
//! file input is reset; the file's bytes are overwritten after reading. On "Add", the key is
//! taken out, Base64-encoded for the request and dropped; the request body is wiped after the
//! call, success or failure (`api::send_secret`). Nothing is written to storage or the console.

use super::key_common::{
    describe, detail_href, go_to, invalid_param, limit_note, selected_id, timestamp_text,
};
use crate::api;
use crate::components::api_error_view::ApiErrorView;
use crate::components::api_resource::{suspended, ApiResource};
use crate::components::confirm::ConfirmDialog;
use crate::components::copy::{CopyableCode, ShortCode};
use crate::components::error_banner::ErrorBanner;
use crate::components::fields::{Field, JsonFields};
use crate::components::form_field::FormField;
use crate::router::Page;
use crate::state::accounts::chosen_account_signal;
use crate::state::toasts::notify;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mobileid_admin_contract::material::{self, ApnsPrivateKey, AppleId, KeyFileError};
use mobileid_admin_contract::models::{ApnsToken, NewApnsToken};
use mobileid_admin_contract::ApiError;
use zeroize::Zeroizing;

/// `.p8` files are a few hundred bytes; anything much larger is not one.
const MAX_KEY_FILE: f64 = 64.0 * 1024.0;

#[component]
pub fn ApnsTokensPage() -> impl IntoView {
    let route = crate::router::use_route();
    let selected = selected_id(route);
    let chosen = chosen_account_signal();
    let list = ApiResource::new(
        move || chosen.get(),
        |_, abort| async move {
            api::send_abortable(api::client().list_apns_tokens(), &abort)
                .await
                .map(|l| l.apns_tokens)
        },
    );

    // Delete, from the list or the detail view, after a confirmation naming the token.
    let pending_delete = RwSignal::new(None::<ApnsToken>);
    let confirm_open = RwSignal::new(false);
    let ask_delete = Callback::new(move |token: ApnsToken| {
        pending_delete.set(Some(token));
        confirm_open.set(true);
    });
    let delete = Callback::new(move |()| {
        let Some(token) = pending_delete.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api::send(api::client().delete_apns_token(&token.id)).await {
                Ok(_) => {
                    notify(format!("APNs token “{}” deleted.", token.name), false);
                    if selected.try_get_untracked().flatten().as_deref() == Some(&token.id) {
                        go_to(&Page::ApnsTokens.href());
                    }
                    list.refetch();
                }
                Err(e) => notify(
                    format!(
                        "Could not delete the APNs token “{}”: {}",
                        token.name,
                        describe(&e)
                    ),
                    true,
                ),
            }
        });
    });
    let confirm_title = Signal::derive(move || {
        pending_delete
            .get()
            .map(|t| format!("Delete the APNs token “{}”?", t.name))
            .unwrap_or_default()
    });
    let confirm_message = Signal::derive(move || {
        pending_delete.get().map(|t| format!(
            "“{}” (key ID {}, team ID {}) will be removed for every account of the organisation. iOS apps that get push notifications through it will stop receiving them until another token is added. This cannot be undone.",
            t.name, t.key_id, t.team_id
        )).unwrap_or_default()
    });

    let adding = RwSignal::new(false);
    let on_added = Callback::new(move |(token, local_fingerprint): (ApnsToken, String)| {
        adding.set(false);
        let check = if material::same_fingerprint(&token.sha256_fingerprint, &local_fingerprint) {
            " Its SHA-256 fingerprint matches the key you loaded."
        } else {
            ""
        };
        notify(format!("APNs token “{}” added.{check}", token.name), false);
        list.refetch();
    });

    view! {
        <h1 class="page-title">"APNs tokens"</h1>
        <p class="muted intro">
            "APNs tokens let MobileID send push notifications to iOS apps. A token is shared by all accounts of your organisation, production and sandbox alike."
        </p>
        {move || selected.get().map(|id| view! {
            <ApnsTokenDetail id=id on_delete=ask_delete />
        })}
        <section class="card" id="apns-tokens">
            <div class="page-header">
                <h2>"Tokens"</h2>
                <button type="button" class="primary" id="show-add-apns-token"
                    aria-expanded=move || adding.get().to_string() aria-controls="add-apns-token"
                    on:click=move |_| {
                        adding.update(|a| *a = !*a);
                        if adding.get_untracked() {
                            crate::browser::focus_soon("apns-name");
                        }
                    }>
                    "Add APNs token"
                </button>
            </div>
            <Show when=move || adding.get()>
                <AddApnsTokenForm on_added=on_added on_cancel=Callback::new(move |()| adding.set(false)) />
            </Show>
            <Transition fallback=|| view! { <p class="muted" aria-busy="true" id="apns-tokens-loading">"Loading APNs tokens…"</p> }>
                {suspended(move || Suspend::new(async move { match list.await {
                    Err(e) => view! { <ApiErrorView error=e retry=move || list.refetch() /> }.into_any(),
                    Ok(tokens) if tokens.is_empty() => view! {
                        <p class="empty" id="apns-tokens-empty">
                            "No APNs tokens yet. Add the .p8 key from your Apple developer account to send push notifications to your iOS apps."
                        </p>
                    }.into_any(),
                    Ok(tokens) => tokens_table(tokens, ask_delete).into_any(),
                }}))}
            </Transition>
        </section>
        <ConfirmDialog open=confirm_open title=confirm_title message=confirm_message
            confirm_label=Signal::derive(|| "Delete token".to_string()) on_confirm=delete danger=true />
    }
}

fn tokens_table(tokens: Vec<ApnsToken>, ask_delete: Callback<ApnsToken>) -> impl IntoView {
    let note = limit_note(tokens.len(), "tokens");
    view! {
        <p class="muted" id="apns-tokens-count">{note}</p>
        <div class="table-scroll">
            <table class="table" id="apns-tokens-table">
                <thead><tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Description"</th>
                    <th scope="col">"Key ID"</th>
                    <th scope="col">"Team ID"</th>
                    <th scope="col">"Created"</th>
                    <th scope="col">"Fingerprints"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody>
                    {tokens.into_iter().map(|t| {
                        let for_delete = t.clone();
                        let row_id = format!("apns-token-{}", t.id);
                        view! {
                            <tr id=row_id>
                                <td><a href=detail_href(Page::ApnsTokens, &t.id) class="token-name">{t.name.clone()}</a></td>
                                <td>{t.description.clone()}</td>
                                <td><code class="id-code">{t.key_id.clone()}</code></td>
                                <td><code class="id-code">{t.team_id.clone()}</code></td>
                                <td class="nowrap">{timestamp_text(&t.created)}</td>
                                <td class="fingerprints">
                                    <div><span class="muted">"SHA-256 "</span>
                                        <CopyableCode text=t.sha256_fingerprint.clone() label="SHA-256 fingerprint" /></div>
                                    <div><span class="muted">"SHA-1 "</span>
                                        <CopyableCode text=t.sha1_fingerprint.clone() label="SHA-1 fingerprint" /></div>
                                </td>
                                <td>
                                    <button type="button" class="danger delete-apns-token"
                                        aria-label=format!("Delete {}", t.name)
                                        on:click=move |_| ask_delete.run(for_delete.clone())>
                                        "Delete"
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ApnsTokenDetail(id: String, on_delete: Callback<ApnsToken>) -> impl IntoView {
    // Loaded once: tokens do not change (a deleted one leaves the view).
    let token = ApiResource::new(
        || (),
        move |(), abort| {
            let id = id.clone();
            async move { api::send_abortable(api::client().get_apns_token(&id), &abort).await }
        },
    );
    view! {
        <section class="card detail" id="apns-token-detail" aria-labelledby="apns-token-detail-title">
            <Suspense fallback=|| view! {
                <h2 id="apns-token-detail-title">"APNs token"</h2>
                <p class="muted" aria-busy="true">"Loading the APNs token…"</p>
            }>
            {suspended(move || Suspend::new(async move { match token.await {
                Err(e) => view! {
                    <h2 id="apns-token-detail-title">"APNs token"</h2>
                    <ApiErrorView error=e />
                    <a href=Page::ApnsTokens.href()>"Back to the list"</a>
                }.into_any(),
                Ok(t) => {
                    let for_delete = t.clone();
                    view! {
                        <div class="page-header">
                            <h2 id="apns-token-detail-title">{t.name.clone()}</h2>
                            <a href=Page::ApnsTokens.href() id="close-apns-token">"Back to the list"</a>
                        </div>
                        <dl class="fields">
                            <div class="field-row"><dt>"ID"</dt><dd><CopyableCode text=t.id.clone() label="token ID" id="apns-detail-id" /></dd></div>
                            <Field label="Description" value=t.description.clone() id="apns-detail-description" />
                            <div class="field-row"><dt>"Key ID"</dt><dd><CopyableCode text=t.key_id.clone() label="key ID" id="apns-detail-key-id" /></dd></div>
                            <div class="field-row"><dt>"Team ID"</dt><dd><CopyableCode text=t.team_id.clone() label="team ID" id="apns-detail-team-id" /></dd></div>
                            <Field label="Created" value=timestamp_text(&t.created) />
                            <div class="field-row wide"><dt>"SHA-256 fingerprint"</dt><dd><CopyableCode text=t.sha256_fingerprint.clone() label="SHA-256 fingerprint" id="apns-detail-sha256" /></dd></div>
                            <div class="field-row wide"><dt>"SHA-1 fingerprint"</dt><dd><CopyableCode text=t.sha1_fingerprint.clone() label="SHA-1 fingerprint" id="apns-detail-sha1" /></dd></div>
                            <JsonFields map=t.extra.clone() />
                        </dl>
                        <p class="muted">"The private key is never returned by the API and cannot be shown."</p>
                        <div class="actions">
                            <button type="button" class="danger" id="delete-apns-token-detail"
                                on:click=move |_| on_delete.run(for_delete.clone())>
                                "Delete token"
                            </button>
                        </div>
                    }.into_any()
                }
            }}))}
            </Suspense>
        </section>
    }
}

/// What the page shows about a loaded key, instead of the key.
#[derive(Clone, Debug, PartialEq)]
struct KeyInfo {
    summary: String,
    sha256: String,
    source: String,
}

/// Reads a chosen or dropped file. The JavaScript copy of the bytes is overwritten once copied.
async fn read_key_file(file: web_sys::File) -> Result<Zeroizing<Vec<u8>>, String> {
    if file.size() > MAX_KEY_FILE {
        return Err("This file is too large to be a .p8 key (they are under 1 KB).".into());
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "The file could not be read.".to_string())?;
    let array = js_sys::Uint8Array::new(&buffer);
    let bytes = Zeroizing::new(array.to_vec());
    array.fill(0, 0, array.length());
    Ok(bytes)
}

/// `AuthKey_ABCDE12345.p8` → `ABCDE12345`: Apple names the file after the key id. Only an id
/// in Apple's format is taken (a renamed file, `AuthKey_X (1).p8`, fills nothing).
fn key_id_from_file_name(name: &str) -> Option<String> {
    let stem = name.strip_prefix("AuthKey_")?;
    let id = stem.split('.').next()?;
    material::is_apple_id_format(id).then(|| id.to_string())
}

#[component]
fn AddApnsTokenForm(
    on_added: Callback<(ApnsToken, String)>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let key_id = RwSignal::new(String::new());
    let team_id = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let server_error = RwSignal::new(None::<ApiError>);

    // The key itself: never rendered, never stored elsewhere; dropped (and wiped) when replaced,
    // when sent, and when the form goes away.
    let key = StoredValue::new(None::<ApnsPrivateKey>);
    let key_info = RwSignal::new(None::<KeyInfo>);
    let key_error = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);
    let paste = NodeRef::<html::Textarea>::new();
    on_cleanup(move || {
        key.try_set_value(None);
    });

    // A file dropped next to the zone would make the browser open it and show the key: refuse
    // drops anywhere on the page while the form is open.
    fn carries_files(ev: &web_sys::DragEvent) -> bool {
        ev.data_transfer()
            .is_some_and(|d| d.types().includes(&"Files".into(), 0))
    }
    let stop_dragover = window_event_listener(leptos::ev::dragover, |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
        }
    });
    let stop_drop = window_event_listener(leptos::ev::drop, |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
        }
    });
    on_cleanup(move || {
        stop_dragover.remove();
        stop_drop.remove();
    });

    let accept = move |result: Result<ApnsPrivateKey, KeyFileError>, source: String| match result {
        Ok(k) => {
            key_info.set(Some(KeyInfo {
                summary: k.summary(),
                sha256: k.sha256_fingerprint(),
                source,
            }));
            key.set_value(Some(k));
            key_error.set(None);
        }
        Err(e) => {
            key.set_value(None);
            key_info.set(None);
            key_error.set(Some(e.to_string()));
        }
    };
    let clear_paste = move || {
        if let Some(t) = paste.get_untracked() {
            t.set_value("");
        }
    };
    let consume_paste = move |mut text: String| {
        clear_paste();
        if text.trim().is_empty() {
            return;
        }
        let result = ApnsPrivateKey::from_text(&text);
        material::wipe(&mut text);
        accept(result, "pasted text".into());
    };
    let load_file = move |file: web_sys::File| {
        let file_name = file.name();
        if key_id.get_untracked().trim().is_empty() {
            if let Some(id) = key_id_from_file_name(&file_name) {
                key_id.set(id);
            }
        }
        spawn_local(async move {
            match read_key_file(file).await {
                Ok(bytes) => {
                    let result = ApnsPrivateKey::from_bytes(&bytes);
                    drop(bytes);
                    accept(result, file_name);
                }
                Err(message) => {
                    key.try_set_value(None);
                    key_info.try_set(None);
                    key_error.try_set(Some(message));
                }
            }
        });
    };
    let forget_key = move |_| {
        key.set_value(None);
        key_info.set(None);
        key_error.set(None);
        clear_paste();
    };

    let name_problem = move || {
        invalid_param(&server_error.get(), "name").or_else(|| {
            (submitted.get() && name.get().trim().is_empty())
                .then(|| "A name is required.".to_string())
        })
    };
    // Only what the reference states blocks: "string non-empty". Apple's format (10 upper-case
    // letters or digits) is a warning at the field; the server decides.
    let apple_problem = move |field: RwSignal<String>, api_name: &'static str| {
        invalid_param(&server_error.get(), api_name).or_else(|| {
            if submitted.get() {
                material::apple_id_error(&field.get()).map(str::to_string)
            } else {
                None
            }
        })
    };
    let key_id_problem = move || apple_problem(key_id, "keyId");
    let team_id_problem = move || apple_problem(team_id, "teamId");
    let key_id_warning = move || material::apple_id_warning(&key_id.get(), AppleId::Key);
    let team_id_warning = move || material::apple_id_warning(&team_id.get(), AppleId::Team);
    let description_problem = move || invalid_param(&server_error.get(), "description");
    let key_problem = move || {
        key_error
            .get()
            .or_else(|| invalid_param(&server_error.get(), "privateKey"))
            .or_else(|| {
                (submitted.get() && key_info.get().is_none())
                    .then(|| "Load the .p8 private key file (or paste its text).".to_string())
            })
    };

    let submit = move || {
        submitted.set(true);
        server_error.set(None);
        if busy.get_untracked()
            || name_problem().is_some()
            || key_id_problem().is_some()
            || team_id_problem().is_some()
            || key_info.get_untracked().is_none()
        {
            return;
        }
        let Some(private) = key.try_update_value(|k| k.take()).flatten() else {
            return;
        };
        let local_fingerprint = private.sha256_fingerprint();
        let mut base64 = private.to_api_base64();
        drop(private);
        let mut token = NewApnsToken {
            name: name.get_untracked().trim().to_string(),
            description: description.get_untracked().trim().to_string(),
            private_key: std::mem::take(&mut *base64),
            key_id: key_id.get_untracked().trim().to_string(),
            team_id: team_id.get_untracked().trim().to_string(),
        };
        let call = api::client().add_apns_token(&token);
        material::wipe(&mut token.private_key);
        drop(token);
        // The key has left the page: whatever the answer, it must be loaded again to retry.
        key_info.set(None);
        clear_paste();
        busy.set(true);
        spawn_local(async move {
            let result = api::send_secret(call).await;
            busy.try_set(false);
            match result {
                Ok(created) => on_added.run((created, local_fingerprint)),
                Err(e) => {
                    let cleared = "The key was cleared from memory with this attempt: load the .p8 file again to retry.";
                    let message = match invalid_param(&Some(e.clone()), "privateKey") {
                        Some(reason) => format!("{reason} {cleared}"),
                        None => cleared.to_string(),
                    };
                    key_error.try_set(Some(message));
                    server_error.try_set(Some(e));
                }
            }
        });
    };

    view! {
        <form class="card nested add-form" id="add-apns-token" novalidate
            on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <h3>"Add an APNs token"</h3>
            {move || server_error.get().map(|e| view! { <ErrorBanner error=e /> })}
            <div class="form-grid">
                <FormField id="apns-name" label="Name" value=name problem=name_problem
                    box_class="form-field" name="name" required=true autocomplete="off" />
                <FormField id="apns-description" label="Description" value=description
                    problem=description_problem box_class="form-field" name="description" autocomplete="off" />
                <FormField id="apns-key-id" label="Key ID" value=key_id problem=key_id_problem
                    help="From Apple: the file is named AuthKey_<key ID>.p8 (Apple's key IDs have 10 characters)."
                    warning=key_id_warning box_class="form-field" name="keyId" required=true
                    autocomplete="off" spellcheck="false" input_class="mono" />
                <FormField id="apns-team-id" label="Team ID" value=team_id problem=team_id_problem
                    help="Your Apple developer team (Apple's team IDs have 10 characters)."
                    warning=team_id_warning box_class="form-field" name="teamId" required=true
                    autocomplete="off" spellcheck="false" input_class="mono" />
            </div>
            <fieldset class="key-input">
                <legend>"Private key (.p8)"</legend>
                <div class="dropzone" id="p8-dropzone" class:dragging=move || dragging.get()
                    on:dragenter=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
                    on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
                    on:dragleave=move |_| dragging.set(false)
                    on:drop=move |ev: web_sys::DragEvent| {
                        ev.prevent_default();
                        dragging.set(false);
                        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                            load_file(file);
                        }
                    }>
                    <p>"Drop the AuthKey_….p8 file here, or choose it:"</p>
                    <label for="p8-file">"Key file"</label>
                    <input type="file" id="p8-file" name="p8File" accept=".p8,.pem"
                        aria-invalid=move || key_problem().is_some().to_string()
                        aria-describedby="p8-status p8-error"
                        on:change=move |ev| {
                            let input: web_sys::HtmlInputElement = event_target(&ev);
                            let file = input.files().and_then(|f| f.get(0));
                            // Forget the selection: the page keeps only the checked key.
                            input.set_value("");
                            if let Some(file) = file {
                                load_file(file);
                            }
                        } />
                </div>
                <label for="p8-paste">"Or paste the key text (-----BEGIN PRIVATE KEY----- …)"</label>
                <textarea id="p8-paste" name="p8Paste" rows="4" autocomplete="off" spellcheck="false"
                    autocapitalize="off" class="mono" node_ref=paste
                    aria-invalid=move || key_problem().is_some().to_string()
                    aria-describedby="p8-paste-help p8-status p8-error"
                    on:input=move |ev| {
                        let mut text = event_target_value(&ev);
                        // A whole PEM block (a paste, or the last character typed): read it now.
                        if text.contains("-----END ") && text.trim_end().ends_with("-----") {
                            consume_paste(text);
                        } else {
                            material::wipe(&mut text);
                        }
                    }
                    on:change=move |ev| consume_paste(event_target_value(&ev))></textarea>
                <span id="p8-paste-help" class="muted">
                    "The key is checked in your browser (PKCS#8, EC P-256), then this box is emptied. The key is never shown, never stored, and is dropped from memory once it has been sent."
                </span>
                <p id="p8-status" class="key-status" role="status">
                    {move || key_info.get().map(|k| view! {
                        <span class="key-loaded">"Key loaded: " {k.summary.clone()} " from " {k.source.clone()} ". SHA-256: "</span>
                        <ShortCode text=k.sha256.clone() />
                        " "
                        <button type="button" class="link" id="forget-p8" on:click=forget_key>"Remove key"</button>
                    })}
                </p>
                <span id="p8-error" class="field-error">{key_problem}</span>
            </fieldset>
            <div class="actions">
                <button type="button" id="cancel-add-apns-token" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                <button type="submit" class="primary" id="add-apns-token-submit" disabled=move || busy.get()>
                    {move || if busy.get() { "Adding…" } else { "Add token" }}
                </button>
            </div>
        </form>
    }
}
