use crate::api;
use crate::components::api_resource::ApiResource;
use crate::components::confirm::ConfirmDialog;
use crate::components::copy::CopyableCode;
use crate::components::fields::Field;
use crate::components::form_field::{FormField, Messages};
use crate::components::state_badge::state_badge;
use crate::state::toasts::notify;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mobileid_admin_contract::models::{is_uuid, ApplicationConfiguration, EnabledState};

#[component]
pub(super) fn Overview(
    config: ApplicationConfiguration,
    on_state_changed: Callback<()>,
) -> impl IntoView {
    let enabled = config.state == EnabledState::Enabled;
    let confirm_open = RwSignal::new(false);
    let target = if enabled {
        EnabledState::Disabled
    } else {
        EnabledState::Enabled
    };
    let change_state = Callback::new(move |()| {
        spawn_local(async move {
            match api::send(api::client().update_configuration_state(target)).await {
                Ok(s) => {
                    notify(
                        format!(
                            "Application configuration {}.",
                            s.state.as_str().to_lowercase()
                        ),
                        false,
                    );
                    on_state_changed.run(());
                }
                Err(e) => notify(format!("Could not change the state: {e}"), true),
            }
        });
    });

    // APNs UUID: read with its own operation (with the overview, which is built again for
    // another account), then edited in place.
    let apns_uuid = RwSignal::new(String::new());
    let apns_saved = RwSignal::new(String::new());
    let apns_error = RwSignal::new(None::<String>);
    let apns_read = ApiResource::new(
        || (),
        |(), abort| async move { api::send_abortable(api::client().get_apns_uuid(), &abort).await },
    );
    Effect::new(move |_| match apns_read.get() {
        Some(Ok(u)) => {
            apns_uuid.set(u.apns_uuid.clone());
            apns_saved.set(u.apns_uuid);
        }
        Some(Err(e)) if !api::is_superseded(&e) => {
            apns_error.set(Some(format!("Could not read the APNs UUID: {e}")));
        }
        _ => {}
    });
    // Checked once the admin has typed something other than the stored value.
    let apns_problem = move || {
        let text = apns_uuid.get();
        (text.trim() != apns_saved.get() && !is_uuid(text.trim()))
            .then(|| "Must be a UUID such as 12ef6f3a-a12a-4c5e-bb1b-1d75a9f37d59.".to_string())
    };
    let save_apns = move || {
        if apns_problem().is_some() {
            return;
        }
        let value = apns_uuid.get_untracked().trim().to_string();
        spawn_local(async move {
            match api::send(api::client().update_apns_uuid(&value)).await {
                Ok(u) => {
                    apns_saved.try_set(u.apns_uuid);
                    apns_error.try_set(None);
                    notify("APNs UUID saved.", false);
                }
                Err(e) => {
                    let field = e
                        .problem()
                        .and_then(|p| p.invalid_params.first().map(|i| i.reason.clone()));
                    apns_error.try_set(Some(field.unwrap_or_else(|| e.to_string())));
                }
            }
        });
    };
    let apns_message = move || apns_error.get().or_else(apns_problem);

    view! {
        <section class="card" id="configuration-overview">
            <div class="page-header">
                <h2>"Overview"</h2>
                {state_badge(config.state, Some("configuration-state".to_string()))}
            </div>
            <dl class="fields">
                <div class="field-row"><dt>"UUID"</dt><dd><CopyableCode text=config.uuid.clone() label="configuration UUID" id="configuration-uuid" /></dd></div>
                <Field label="Application ID" value=config.app_id.clone() id="configuration-app-id" />
            </dl>
            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); save_apns(); }>
                <FormField id="apns-uuid" label="APNs UUID" value=apns_uuid problem=apns_message
                    help="The UUID Apple push notifications are sent for."
                    messages=Messages::OneLine("apns-uuid-message")
                    name="apnsUuid" input_class="uuid" autocomplete="off" spellcheck="false"
                    on_input=Callback::new(move |()| apns_error.set(None))>
                    <button type="submit" id="save-apns-uuid"
                        disabled=move || apns_message().is_some() || apns_uuid.get().trim() == apns_saved.get()>
                        "Save APNs UUID"
                    </button>
                </FormField>
            </form>
            <div class="actions">
                <button type="button" id="toggle-configuration-state" class:danger=enabled on:click=move |_| confirm_open.set(true)>
                    {if enabled { "Disable configuration" } else { "Enable configuration" }}
                </button>
            </div>
            <ConfirmDialog open=confirm_open
                title=if enabled { "Disable the application configuration?" } else { "Enable the application configuration?" }.to_string()
                message=if enabled {
                    "While it is disabled, the mobile application cannot use MobileID.".to_string()
                } else {
                    "The mobile application will be able to use MobileID again.".to_string()
                }
                confirm_label=if enabled { "Disable" } else { "Enable" }.to_string()
                on_confirm=change_state danger=enabled />
        </section>
    }
}
