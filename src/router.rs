//! Routing on the URL fragment (`#/account`, `#/statistics?days=30`).
//!
//! Why the fragment and not the path: the console is static files on a CDN or inside a
//! company portal, under any sub-path. With fragment routes every deep link loads the same
//! `index.html`, no server rewrite rule is needed, and the OAuth redirect URI is simply the
//! console's own URL.

use crate::browser;
use leptos::prelude::{use_context, ReadSignal};

/// Declares [`Page`] and what each screen is, from one table.
macro_rules! screens {
    ($($page:ident => $slug:literal, $title:literal, follows_own_params: $follows:literal;)+) => {
        /// The console's screens. To add one: a row in the table below, its module and the
        /// arms of its view in `pages/mod.rs`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Page {
            $($page,)+
        }

        impl Page {
            /// Every screen, in navigation order.
            pub const ALL: &'static [Page] = &[$(Page::$page,)+];

            /// Its name in the address (`#/slug`).
            pub fn slug(self) -> &'static str {
                match self {
                    $(Page::$page => $slug,)+
                }
            }

            pub fn title(self) -> &'static str {
                match self {
                    $(Page::$page => $title,)+
                }
            }

            /// Whether the screen follows its own detail views (`?id=…`) itself, keeping its
            /// list loaded meanwhile.
            pub fn follows_own_params(self) -> bool {
                match self {
                    $(Page::$page => $follows,)+
                }
            }
        }
    };
}

screens! {
    Account => "account", "Account", follows_own_params: false;
    Configuration => "configuration", "Application configuration", follows_own_params: false;
    ApnsTokens => "apns-tokens", "APNs tokens", follows_own_params: true;
    E2eKeys => "e2e-keys", "E2E keys", follows_own_params: true;
    SigningCertificates => "signing-certificates", "Signing certificates", follows_own_params: true;
    Statistics => "statistics", "Statistics", follows_own_params: false;
    Risk => "risk", "Risk & devices", follows_own_params: true;
    Compare => "compare", "Compare accounts", follows_own_params: false;
}

impl Page {
    pub fn href(self) -> String {
        format!("#/{}", self.slug())
    }
}

/// A parsed fragment: the page and its parameters (`#/page?key=value`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub page: Option<Page>,
    pub params: Vec<(String, String)>,
}

/// The route shown, kept up to date by the shell's one `hashchange` listener: a page follows
/// its own parameters (`?id=…`) through it. Outside the shell (tests, the sign-in screen): the
/// address as it is now, unchanging.
pub fn use_route() -> ReadSignal<Route> {
    use_context::<ReadSignal<Route>>()
        .unwrap_or_else(|| leptos::prelude::signal(Route::current()).0)
}

impl Route {
    pub fn parse(fragment: &str) -> Route {
        let path = fragment.trim_start_matches('#').trim_start_matches('/');
        let (slug, query) = path.split_once('?').unwrap_or((path, ""));
        let page = if slug.is_empty() {
            Some(Page::Account)
        } else {
            Page::ALL.iter().copied().find(|p| p.slug() == slug)
        };
        let params = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        Route { page, params }
    }

    pub fn current() -> Route {
        Route::parse(&browser::hash())
    }

    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `#/page?key=value&…` (empty values are left out).
    pub fn fragment(page: Page, params: &[(&str, String)]) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in params.iter().filter(|(_, v)| !v.is_empty()) {
            query.append_pair(k, v);
        }
        let query = query.finish();
        if query.is_empty() {
            page.href()
        } else {
            format!("{}?{query}", page.href())
        }
    }

    /// Puts a page's state (tab, period, filters) into the address bar, so the view can be
    /// bookmarked and shared. `replaceState`: no reload, no history entry, no `hashchange`
    /// (so the page is not rendered again). Only while the address is still the page's: an
    /// answer that lands after the admin moved on (the new address is set, its `hashchange`
    /// not yet handled) must not pull the address back to the page they left.
    pub fn replace(page: Page, params: &[(&str, String)]) {
        if Route::current().page == Some(page) {
            browser::replace_url(&Route::url(page, params));
        }
    }

    /// Sets some parameters of the current address, keeping the others (e.g. a list's filter
    /// while a detail's `id` stays), without a history entry.
    pub fn update_params(page: Page, changes: &[(&str, String)]) {
        let current = Route::current();
        let mut params: Vec<(String, String)> = current
            .params
            .into_iter()
            .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
            .collect();
        params.extend(changes.iter().map(|(k, v)| ((*k).to_string(), v.clone())));
        let borrowed: Vec<(&str, String)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        Route::replace(page, &borrowed);
    }

    /// Like [`Route::replace`], but as a new history entry: a drill-down that Back undoes.
    /// Only while the address is still the page's (see [`Route::replace`]).
    pub fn push(page: Page, params: &[(&str, String)]) {
        if Route::current().page == Some(page) {
            browser::push_url(&Route::url(page, params));
        }
    }

    fn url(page: Page, params: &[(&str, String)]) -> String {
        format!(
            "{}{}{}",
            browser::page_url(),
            browser::query(),
            Route::fragment(page, params)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(route: &Route) -> Vec<(&str, &str)> {
        route
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn fragments_are_parsed_into_a_page_and_its_parameters() {
        for empty in ["", "#", "#/"] {
            assert_eq!(Route::parse(empty).page, Some(Page::Account), "{empty:?}");
        }
        let route = Route::parse("#/statistics?tab=overview&days=30");
        assert_eq!(route.page, Some(Page::Statistics));
        assert_eq!(params(&route), [("tab", "overview"), ("days", "30")]);
        assert_eq!(route.param("days"), Some("30"));
        assert_eq!(route.param("from"), None);
        // Percent-encoding and `+` are decoded as in a form.
        let route = Route::parse("#/e2e-keys?q=prod%20key+2&id=a%2Fb");
        assert_eq!(route.page, Some(Page::E2eKeys));
        assert_eq!(route.param("q"), Some("prod key 2"));
        assert_eq!(route.param("id"), Some("a/b"));
        // Without the leading `#` or `/` too (what `hashchange` and links may hand over).
        assert_eq!(Route::parse("risk").page, Some(Page::Risk));
        assert_eq!(Route::parse("/compare?x=1").page, Some(Page::Compare));
    }

    #[test]
    fn an_unknown_page_is_none_not_a_guess() {
        assert_eq!(Route::parse("#/nowhere").page, None);
        assert_eq!(Route::parse("#/Account").page, None, "slugs are exact");
        assert_eq!(Route::parse("#/account/extra").page, None);
    }

    #[test]
    fn every_page_round_trips_through_its_fragment() {
        for &page in Page::ALL {
            assert_eq!(page.href(), format!("#/{}", page.slug()));
            assert_eq!(Route::parse(&page.href()).page, Some(page), "{page:?}");
            assert!(!page.title().is_empty());
        }
        let fragment = Route::fragment(
            Page::Statistics,
            &[
                ("tab", "overview".to_string()),
                ("from", "2026-01-01".to_string()),
                ("q", "a b&c=d".to_string()),
                ("empty", String::new()),
            ],
        );
        assert_eq!(
            fragment, "#/statistics?tab=overview&from=2026-01-01&q=a+b%26c%3Dd",
            "empty values are left out; the others are form-encoded"
        );
        let back = Route::parse(&fragment);
        assert_eq!(back.page, Some(Page::Statistics));
        assert_eq!(
            params(&back),
            [
                ("tab", "overview"),
                ("from", "2026-01-01"),
                ("q", "a b&c=d")
            ]
        );
        assert_eq!(Route::fragment(Page::Risk, &[]), "#/risk");
        assert_eq!(
            Route::fragment(Page::Risk, &[("id", String::new())]),
            "#/risk"
        );
    }
}
