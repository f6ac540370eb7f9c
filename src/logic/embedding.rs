//! Embedding the console in a company portal: the `embedding` and `theme` parts of
//! `config.json`, the checks on the few theme tokens a deployer or a host may override (no free
//! CSS), the contrast rule that keeps them at WCAG AA, and the `postMessage` protocol between
//! the console and its host (version [`PROTOCOL_VERSION`]).

use serde::Deserialize;
use serde_json::{json, Value};
use url::Url;

/// The protocol's version, sent in every message as `version`.
pub const PROTOCOL_VERSION: u32 = 1;
/// Every message type starts with this.
pub const PREFIX: &str = "mobileid-console:";
/// The popup's hand-back of a sign-in callback to the framed console (same origin only).
pub const SIGN_IN_CALLBACK: &str = "mobileid-console:sign-in-callback";
/// Marks the `state` of a sign-in made in a popup: its callback is handed back to the opener.
pub const POPUP_STATE_PREFIX: &str = "popup.";

/// `config.json` → `embedding`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EmbeddingConfig {
    /// The portals that may frame the console and talk to it: origins (`https://portal.example.com`),
    /// https except on loopback, never `*`.
    #[serde(default)]
    pub parent_origins: Vec<String>,
    #[serde(default)]
    pub sign_in: SignInMode,
}

/// How the console signs in while framed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SignInMode {
    /// A popup (the default): the portal stays where it is.
    #[default]
    Popup,
    /// The whole window goes to the console at the top level, which signs in as usual.
    Redirect,
}

/// `config.json` → `theme` (and the host's `mobileid-console:theme` message).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ThemeConfig {
    #[serde(default)]
    pub scheme: Option<Scheme>,
    /// A hex colour, `#2b3a67` or `#24b`.
    #[serde(default)]
    pub accent: Option<String>,
    /// A font family from [`FONT_FAMILIES`] or a plain family name.
    #[serde(default)]
    pub font_family: Option<String>,
    /// A length in `px` or `rem` (at most 24px / 1.5rem).
    #[serde(default)]
    pub radius: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Scheme {
    Light,
    Dark,
    /// The browser's preference (the default).
    #[default]
    Auto,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Light => "light",
            Scheme::Dark => "dark",
            Scheme::Auto => "auto",
        }
    }
}

/// Generic and common font families accepted as they are.
pub const FONT_FAMILIES: &[&str] = &[
    "system-ui",
    "sans-serif",
    "serif",
    "monospace",
    "ui-sans-serif",
    "ui-serif",
    "Arial",
    "Helvetica",
    "Inter",
    "Roboto",
    "Segoe UI",
    "Open Sans",
    "Source Sans Pro",
    "Georgia",
];

/// A checked override: the CSS custom properties to set, name → value. Nothing else is ever
/// written into the page's styles.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ThemeTokens {
    pub scheme: Option<Scheme>,
    pub properties: Vec<(&'static str, String)>,
}

/// `#rgb` or `#rrggbb` → (r, g, b).
pub fn parse_hex_colour(text: &str) -> Option<(u8, u8, u8)> {
    let hex = text.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize, n: usize| u8::from_str_radix(&hex[i..i + n], 16).ok();
    match hex.len() {
        3 => Some((digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
        6 => Some((digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
        _ => None,
    }
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn channel(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.03928 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG relative luminance.
pub fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG contrast ratio, 1 to 21.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The backgrounds the accent is drawn on in each scheme (`--bg`, `--card` of style/main.css).
pub const LIGHT_BACKGROUNDS: [(u8, u8, u8); 2] = [(0xf6, 0xf7, 0xfb), (0xff, 0xff, 0xff)];
pub const DARK_BACKGROUNDS: [(u8, u8, u8); 2] = [(0x11, 0x14, 0x1b), (0x1a, 0x1e, 0x28)];
/// WCAG AA for normal text.
pub const AA: f64 = 4.5;

/// The accent as used on `backgrounds` (links, selected tabs, borders) and its text colour
/// (on accent buttons): the requested colour, darkened (light scheme) or lightened (dark
/// scheme) step by step until it reaches AA on every background, and black or white text,
/// whichever contrasts more.
pub fn accent_for(colour: (u8, u8, u8), dark: bool) -> ((u8, u8, u8), (u8, u8, u8)) {
    let backgrounds = if dark {
        DARK_BACKGROUNDS
    } else {
        LIGHT_BACKGROUNDS
    };
    let target = if dark { 255.0 } else { 0.0 };
    let mut c = colour;
    for _ in 0..40 {
        if backgrounds.iter().all(|&b| contrast(c, b) >= AA) {
            break;
        }
        let step = |v: u8| (f64::from(v) + (target - f64::from(v)) * 0.1).round() as u8;
        c = (step(c.0), step(c.1), step(c.2));
    }
    let white = (255, 255, 255);
    let black = (0x0d, 0x10, 0x20);
    let fg = if contrast(c, white) >= contrast(c, black) {
        white
    } else {
        black
    };
    (c, fg)
}

/// A font family: one from [`FONT_FAMILIES`], or a plain name (letters, digits, spaces,
/// hyphens, at most 64 characters); the system fonts follow it as fallbacks.
pub fn check_font_family(text: &str) -> Result<String, String> {
    let t = text.trim().trim_matches(|c| c == '"' || c == '\'');
    if let Some(known) = FONT_FAMILIES.iter().find(|f| f.eq_ignore_ascii_case(t)) {
        return Ok(if known.contains(' ') {
            format!("\"{known}\"")
        } else {
            known.to_string()
        });
    }
    let plain = !t.is_empty()
        && t.len() <= 64
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
    if plain {
        Ok(format!("\"{t}\""))
    } else {
        Err(format!(
            "fontFamily {text:?}: a family from the list or a plain name (letters, digits, spaces, hyphens)"
        ))
    }
}

/// A radius: `Npx` (0 to 24) or `Nrem` (0 to 1.5).
pub fn check_radius(text: &str) -> Result<String, String> {
    let t = text.trim();
    let (number, unit, max) = if let Some(n) = t.strip_suffix("px") {
        (n, "px", 24.0)
    } else if let Some(n) = t.strip_suffix("rem") {
        (n, "rem", 1.5)
    } else {
        return Err(format!("radius {text:?}: a length in px or rem"));
    };
    let plain = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '.');
    match number.parse::<f64>() {
        Ok(v) if plain && (0.0..=max).contains(&v) => Ok(format!("{v}{unit}")),
        _ => Err(format!("radius {text:?}: 0 to {max}{unit}")),
    }
}

impl ThemeConfig {
    /// The custom properties to set, or what is wrong.
    pub fn tokens(&self) -> Result<ThemeTokens, String> {
        let mut properties = Vec::new();
        if let Some(accent) = &self.accent {
            let colour = parse_hex_colour(accent)
                .ok_or_else(|| format!("accent {accent:?}: a hex colour such as #2b3a67"))?;
            for (dark, names) in [
                (false, ("--theme-accent-light", "--theme-accent-fg-light")),
                (true, ("--theme-accent-dark", "--theme-accent-fg-dark")),
            ] {
                let (c, fg) = accent_for(colour, dark);
                properties.push((names.0, hex(c)));
                properties.push((names.1, hex(fg)));
            }
        }
        if let Some(family) = &self.font_family {
            properties.push(("--theme-font-family", check_font_family(family)?));
        }
        if let Some(radius) = &self.radius {
            properties.push(("--theme-radius", check_radius(radius)?));
        }
        Ok(ThemeTokens {
            scheme: self.scheme,
            properties,
        })
    }
}

/// A portal origin: `https://host[:port]` (http only on loopback), nothing after it, never `*`.
pub fn check_parent_origin(text: &str) -> Result<String, String> {
    let t = text.trim();
    let bad = |reason: &str| Err(format!("embedding.parentOrigins: {t:?} {reason}"));
    if t.contains('*') {
        return bad("is a wildcard; list each portal origin");
    }
    let Ok(url) = Url::parse(t) else {
        return bad("is not an origin such as https://portal.example.com");
    };
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() || t.ends_with('/') {
        return bad("must be an origin only (scheme, host, port), without a path");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return bad("must not carry credentials");
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => return bad("must be https (http only on 127.0.0.1 or localhost)"),
    }
    Ok(url.origin().ascii_serialization())
}

/// A route the host may ask for: `#/` followed by letters, digits and `-_/?=&.%`.
pub fn check_route(text: &str) -> Option<String> {
    let rest = text.strip_prefix("#/")?;
    let ok = text.len() <= 200
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_/?=&.%".contains(c));
    ok.then(|| text.to_string())
}

/// What a host may send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostMessage {
    /// Show this route (`#/configuration`); the unsaved-changes guard still asks first.
    Navigate { route: String },
    /// Use this account id (`null` or empty: the sign-in's own account).
    ChooseAccount { account_id: Option<String> },
    /// Scheme and token overrides, checked like `config.json`'s `theme`.
    Theme(ThemeTokens),
    /// Please announce everything again (height, route, unsaved state).
    Hello,
}

/// Reads a message from the host; `None` for anything of unknown shape or version (the caller
/// ignores it and counts it).
pub fn parse_host_message(data: &Value) -> Option<HostMessage> {
    let object = data.as_object()?;
    if object.get("version")?.as_u64()? != u64::from(PROTOCOL_VERSION) {
        return None;
    }
    let kind = object.get("type")?.as_str()?.strip_prefix(PREFIX)?;
    match kind {
        "navigate" => Some(HostMessage::Navigate {
            route: check_route(object.get("route")?.as_str()?)?,
        }),
        "choose-account" => {
            let account_id = match object.get("accountId")? {
                Value::Null => None,
                Value::String(s) if s.trim().is_empty() => None,
                Value::String(s) => {
                    let s = s.trim();
                    let ok =
                        s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                    if !ok {
                        return None;
                    }
                    Some(s.to_string())
                }
                _ => return None,
            };
            Some(HostMessage::ChooseAccount { account_id })
        }
        "theme" => {
            let mut fields = object.clone();
            fields.remove("type");
            fields.remove("version");
            let theme: ThemeConfig = serde_json::from_value(Value::Object(fields)).ok()?;
            Some(HostMessage::Theme(theme.tokens().ok()?))
        }
        "hello" => Some(HostMessage::Hello),
        _ => None,
    }
}

/// What the console tells its host.
#[derive(Clone, Debug, PartialEq)]
pub enum ConsoleMessage {
    /// Started (configuration loaded); whether a user is signed in.
    Ready { signed_in: bool },
    /// The content's height in CSS pixels.
    Height { height: u32 },
    /// The route shown and the document's title.
    Route { route: String, title: String },
    /// Whether there are edits not saved yet.
    Unsaved { unsaved: bool },
}

impl ConsoleMessage {
    pub fn to_json(&self) -> Value {
        let (kind, mut body) = match self {
            ConsoleMessage::Ready { signed_in } => ("ready", json!({ "signedIn": signed_in })),
            ConsoleMessage::Height { height } => ("height", json!({ "height": height })),
            ConsoleMessage::Route { route, title } => {
                ("route", json!({ "route": route, "title": title }))
            }
            ConsoleMessage::Unsaved { unsaved } => ("unsaved", json!({ "unsaved": unsaved })),
        };
        body["type"] = format!("{PREFIX}{kind}").into();
        body["version"] = PROTOCOL_VERSION.into();
        body
    }
}

/// The popup's hand-back, read by the framed console: the callback's query string.
pub fn parse_sign_in_callback(data: &Value) -> Option<String> {
    let object = data.as_object()?;
    if object.get("type")?.as_str()? != SIGN_IN_CALLBACK
        || object.get("version")?.as_u64()? != u64::from(PROTOCOL_VERSION)
    {
        return None;
    }
    let query = object.get("query")?.as_str()?;
    (query.len() <= 8192).then(|| query.to_string())
}

pub fn sign_in_callback_message(query: &str) -> Value {
    json!({ "type": SIGN_IN_CALLBACK, "version": PROTOCOL_VERSION, "query": query })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_origins_are_https_origins_or_loopback_never_wildcards() {
        assert_eq!(
            check_parent_origin("https://portal.example.com").unwrap(),
            "https://portal.example.com"
        );
        assert_eq!(
            check_parent_origin("http://127.0.0.1:9000").unwrap(),
            "http://127.0.0.1:9000"
        );
        assert!(check_parent_origin("http://localhost:3000").is_ok());
        for bad in [
            "*",
            "https://*.example.com",
            "http://portal.example.com",
            "https://portal.example.com/app",
            "https://portal.example.com/",
            "portal.example.com",
            "javascript:alert(1)",
            "https://user:pw@portal.example.com",
        ] {
            assert!(check_parent_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn theme_tokens_are_checked_against_the_allow_list() {
        let theme = ThemeConfig {
            scheme: Some(Scheme::Dark),
            accent: Some("#0a7".into()),
            font_family: Some("Segoe UI".into()),
            radius: Some("4px".into()),
        };
        let tokens = theme.tokens().unwrap();
        assert_eq!(tokens.scheme, Some(Scheme::Dark));
        let names: Vec<&str> = tokens.properties.iter().map(|p| p.0).collect();
        assert!(names.contains(&"--theme-accent-light"));
        assert!(names.contains(&"--theme-font-family"));
        assert_eq!(check_radius("0.5rem").unwrap(), "0.5rem");
        for bad in ["1em", "30px", "-1px", "1px;color:red", "2rem", "calc(1px)"] {
            assert!(check_radius(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_font_family("Corporate Sans").unwrap(),
            "\"Corporate Sans\""
        );
        assert_eq!(check_font_family("system-ui").unwrap(), "system-ui");
        for bad in [
            "x; background: url(evil)",
            "a{b}",
            "font(1)",
            "\\61",
            "a/*",
            "",
        ] {
            assert!(check_font_family(bad).is_err(), "{bad:?}");
        }
        for bad in ["red", "#12345", "#ggg", "rgb(0,0,0)", "#fff;"] {
            let t = ThemeConfig {
                accent: Some(bad.into()),
                ..Default::default()
            };
            assert!(t.tokens().is_err(), "{bad}");
        }
    }

    #[test]
    fn any_accent_keeps_aa_contrast_in_both_schemes() {
        for r in (0..=255).step_by(51) {
            for g in (0..=255).step_by(51) {
                for b in (0..=255).step_by(51) {
                    let colour = (r as u8, g as u8, b as u8);
                    for dark in [false, true] {
                        let (c, fg) = accent_for(colour, dark);
                        let bgs = if dark {
                            DARK_BACKGROUNDS
                        } else {
                            LIGHT_BACKGROUNDS
                        };
                        for bg in bgs {
                            assert!(contrast(c, bg) >= AA, "{colour:?} dark={dark} → {c:?}");
                        }
                        assert!(
                            contrast(c, fg) >= AA,
                            "{colour:?} dark={dark} text on {c:?}"
                        );
                    }
                }
            }
        }
        // A colour that already passes is kept.
        assert_eq!(accent_for((0x2b, 0x3a, 0x67), false).0, (0x2b, 0x3a, 0x67));
    }

    #[test]
    fn host_messages_of_unknown_shape_are_refused() {
        let ok = |v: Value| parse_host_message(&v);
        assert_eq!(
            ok(json!({"type": "mobileid-console:navigate", "version": 1, "route": "#/risk"})),
            Some(HostMessage::Navigate {
                route: "#/risk".into()
            })
        );
        assert_eq!(
            ok(
                json!({"type": "mobileid-console:choose-account", "version": 1, "accountId": "a-sdge-1"})
            ),
            Some(HostMessage::ChooseAccount {
                account_id: Some("a-sdge-1".into())
            })
        );
        assert!(matches!(
            ok(json!({"type": "mobileid-console:theme", "version": 1, "scheme": "dark"})),
            Some(HostMessage::Theme(ThemeTokens {
                scheme: Some(Scheme::Dark),
                ..
            }))
        ));
        for bad in [
            json!("mobileid-console:navigate"),
            json!({"type": "mobileid-console:navigate", "route": "#/risk"}),
            json!({"type": "mobileid-console:navigate", "version": 2, "route": "#/risk"}),
            json!({"type": "mobileid-console:navigate", "version": 1, "route": "javascript:alert(1)"}),
            json!({"type": "mobileid-console:navigate", "version": 1, "route": "https://evil.example/#/"}),
            json!({"type": "mobileid-console:choose-account", "version": 1, "accountId": "a b"}),
            json!({"type": "mobileid-console:theme", "version": 1, "accent": "red"}),
            json!({"type": "mobileid-console:theme", "version": 1, "css": "body{}"}),
            json!({"type": "mobileid-console:height", "version": 1, "height": 3}),
            json!({"type": "other:navigate", "version": 1, "route": "#/risk"}),
        ] {
            assert_eq!(parse_host_message(&bad), None, "{bad}");
        }
    }

    #[test]
    fn console_messages_are_versioned() {
        let m = ConsoleMessage::Route {
            route: "#/account".into(),
            title: "Account".into(),
        }
        .to_json();
        assert_eq!(m["type"], "mobileid-console:route");
        assert_eq!(m["version"], 1);
        assert_eq!(m["route"], "#/account");
        let back = sign_in_callback_message("?code=c&state=popup.s");
        assert_eq!(
            parse_sign_in_callback(&back).as_deref(),
            Some("?code=c&state=popup.s")
        );
        assert_eq!(
            parse_sign_in_callback(&json!({"type": SIGN_IN_CALLBACK})),
            None
        );
    }
}
