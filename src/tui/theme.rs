//! Themes: semantic style keys (`table.row.selected`) with dotted fallback, a `[palette]`,
//! and `inherits`. Views ask for a meaning, never pick a colour. Colours are degraded to
//! what the terminal can show; with no colour at all the mono theme is used.

use std::collections::HashMap;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;

use crate::config::{line_of, toml_error_message};
use crate::i18n::{tr, T};

pub const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("mono", include_str!("../../themes/mono.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

/// What the terminal can display.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColorDepth {
    None,
    #[default]
    Ansi16,
    Indexed256,
    TrueColor,
}

impl ColorDepth {
    /// From `NO_COLOR`, `TERM` and `COLORTERM`, as most terminal programs decide.
    pub fn detect(env: &crate::config::Environment) -> ColorDepth {
        if env.var("NO_COLOR").is_some() {
            return ColorDepth::None;
        }
        let term = env.var("TERM").unwrap_or_default();
        if term.is_empty() || term == "dumb" {
            return ColorDepth::None;
        }
        let colorterm = env.var("COLORTERM").unwrap_or_default();
        if colorterm == "truecolor" || colorterm == "24bit" {
            ColorDepth::TrueColor
        } else if term.contains("256color") {
            ColorDepth::Indexed256
        } else {
            ColorDepth::Ansi16
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Theme {
    pub name: String,
    styles: HashMap<String, Style>,
    /// What the terminal shows: colours from the data (booking types) are degraded to it.
    pub depth: ColorDepth,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    inherits: Option<String>,
    #[serde(default)]
    palette: HashMap<String, Spanned<String>>,
    #[serde(default)]
    styles: HashMap<String, Spanned<RawStyle>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    modifiers: Vec<String>,
}

impl Theme {
    /// The style for a semantic key, falling back to its dotted parents, then to no style.
    pub fn style(&self, key: &str) -> Style {
        let mut k = key;
        loop {
            if let Some(style) = self.styles.get(k) {
                return *style;
            }
            match k.rfind('.') {
                Some(i) => k = &k[..i],
                None => return Style::default(),
            }
        }
    }

    /// A booking of a type coloured `hex` ("#4a90d9"): that colour as the background, degraded
    /// to the terminal, with black or white text, whichever reads; `planning.booking` where
    /// the theme or the terminal has no colour.
    pub fn booking(&self, hex: &str) -> Style {
        let plain = self.style("planning.booking");
        if self.name == "mono" || self.depth == ColorDepth::None {
            return plain;
        }
        let Some(Color::Rgb(r, g, b)) = parse_color(hex) else {
            return plain;
        };
        let light = 299 * r as u32 + 587 * g as u32 + 114 * b as u32 > 140_000;
        match degrade(Color::Rgb(r, g, b), self.depth) {
            Some(bg) => Style::default()
                .bg(bg)
                .fg(if light { Color::Black } else { Color::White }),
            None => plain,
        }
    }

    /// Loads a builtin theme by name, or a user theme from `user_dir/NAME.toml`.
    /// With no colour available, the mono theme is used whatever was asked.
    pub fn load(
        name: &str,
        user_dir: Option<&std::path::Path>,
        depth: ColorDepth,
    ) -> (Theme, Vec<String>) {
        let mut warnings = Vec::new();
        let name = if depth == ColorDepth::None {
            "mono"
        } else {
            name
        };
        let mut theme = Theme {
            name: name.to_owned(),
            styles: HashMap::new(),
            depth,
        };
        if let Err(message) = theme.apply(name, user_dir, depth, &mut warnings, 0) {
            warnings.push(message);
            theme = Theme {
                name: "default".into(),
                styles: HashMap::new(),
                depth,
            };
            let _ = theme.apply("default", None, depth, &mut warnings, 0);
        }
        (theme, warnings)
    }

    fn apply(
        &mut self,
        name: &str,
        user_dir: Option<&std::path::Path>,
        depth: ColorDepth,
        warnings: &mut Vec<String>,
        level: usize,
    ) -> Result<(), String> {
        if level > 8 {
            return Err(tr(T::WarnThemeCircle, &[&name]));
        }
        let user_path = user_dir.map(|d| d.join(format!("{name}.toml")));
        // Relative to the config dir, as the user knows it (`intendant config` shows the dir).
        let user_label = format!("themes/{name}.toml");
        let user_text = match &user_path {
            Some(p) => crate::config::read_user_text(p, &user_label)?,
            None => None,
        };
        let (label, text) = match user_text {
            Some(text) => (user_label, text),
            None => match BUILTIN.iter().find(|(n, _)| *n == name) {
                Some((n, text)) => (format!("themes/{n}.toml (built in)"), (*text).to_owned()),
                None => return Err(tr(T::WarnUnknownTheme, &[&name])),
            },
        };
        let raw: RawTheme = toml::from_str(&text)
            .map_err(|e| format!("{label}: {}", toml_error_message(&e, &text)))?;
        if let Some(parent) = &raw.inherits {
            self.apply(parent, user_dir, depth, warnings, level + 1)?;
        }
        for (key, spanned) in &raw.styles {
            let line = line_of(&text, spanned.span().start);
            match build_style(spanned.get_ref(), &raw.palette, depth) {
                Ok(style) => {
                    self.styles.insert(key.clone(), style);
                }
                Err(message) => warnings.push(format!(
                    "{label}: {}",
                    tr(T::ErrLine, &[&line, &tr(T::WarnStyle, &[key, &message])])
                )),
            }
        }
        Ok(())
    }
}

fn build_style(
    raw: &RawStyle,
    palette: &HashMap<String, Spanned<String>>,
    depth: ColorDepth,
) -> Result<Style, String> {
    let mut style = Style::default();
    if let Some(fg) = &raw.fg {
        if let Some(c) = degrade(resolve_color(fg, palette)?, depth) {
            style = style.fg(c);
        }
    }
    if let Some(bg) = &raw.bg {
        if let Some(c) = degrade(resolve_color(bg, palette)?, depth) {
            style = style.bg(c);
        }
    }
    for m in &raw.modifiers {
        style =
            style.add_modifier(parse_modifier(m).ok_or_else(|| tr(T::WarnUnknownModifier, &[m]))?);
    }
    Ok(style)
}

fn resolve_color(name: &str, palette: &HashMap<String, Spanned<String>>) -> Result<Color, String> {
    let name = palette
        .get(name)
        .map(|s| s.get_ref().as_str())
        .unwrap_or(name);
    parse_color(name).ok_or_else(|| tr(T::WarnUnknownColour, &[&name]))
}

pub fn parse_color(name: &str) -> Option<Color> {
    let lower = name.to_ascii_lowercase().replace(['_', '-', ' '], "");
    Some(match lower.as_str() {
        "reset" | "default" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" | "brightblack" => Color::DarkGray,
        "lightred" | "brightred" => Color::LightRed,
        "lightgreen" | "brightgreen" => Color::LightGreen,
        "lightyellow" | "brightyellow" => Color::LightYellow,
        "lightblue" | "brightblue" => Color::LightBlue,
        "lightmagenta" | "brightmagenta" => Color::LightMagenta,
        "lightcyan" | "brightcyan" => Color::LightCyan,
        "white" | "brightwhite" => Color::White,
        hex if hex.starts_with('#') && hex.len() == 7 => {
            let v = u32::from_str_radix(&hex[1..], 16).ok()?;
            Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
        }
        n => Color::Indexed(n.parse().ok()?),
    })
}

fn parse_modifier(name: &str) -> Option<Modifier> {
    Some(match name {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" | "underline" => Modifier::UNDERLINED,
        "reversed" | "reverse" => Modifier::REVERSED,
        "crossed_out" => Modifier::CROSSED_OUT,
        _ => return None,
    })
}

/// The colour the terminal can show that is closest to `color`; None where it shows none.
pub fn degrade(color: Color, depth: ColorDepth) -> Option<Color> {
    match (color, depth) {
        (_, ColorDepth::None) => None,
        (Color::Rgb(r, g, b), ColorDepth::Indexed256) => Some(Color::Indexed(rgb_to_256(r, g, b))),
        (Color::Rgb(r, g, b), ColorDepth::Ansi16) => Some(nearest_ansi(r, g, b)),
        (Color::Indexed(i), ColorDepth::Ansi16) if i >= 16 => {
            let (r, g, b) = indexed_rgb(i);
            Some(nearest_ansi(r, g, b))
        }
        (c, _) => Some(c),
    }
}

const ANSI: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let d = |x: u8, y: u8| (x as i32 - y as i32).unsigned_abs();
    d(a.0, b.0).pow(2) + d(a.1, b.1).pow(2) + d(a.2, b.2).pow(2)
}

fn nearest_ansi(r: u8, g: u8, b: u8) -> Color {
    ANSI.iter()
        .min_by_key(|(_, rgb)| distance(*rgb, (r, g, b)))
        .map(|(c, _)| *c)
        .unwrap_or(Color::Reset)
}

const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

fn rgb_to_256(r: u8, g: u8, b: u8) -> u8 {
    let level = |v: u8| {
        CUBE.iter()
            .enumerate()
            .min_by_key(|(_, c)| (**c as i32 - v as i32).abs())
            .map(|(i, _)| i as u8)
            .unwrap_or(0)
    };
    let (ri, gi, bi) = (level(r), level(g), level(b));
    let cube_index = 16 + 36 * ri + 6 * gi + bi;
    let cube_rgb = (CUBE[ri as usize], CUBE[gi as usize], CUBE[bi as usize]);
    let avg = ((r as u32 + g as u32 + b as u32) / 3) as u8;
    let gray_step = ((avg.saturating_sub(8)) / 10).min(23);
    let gray_value = 8 + gray_step * 10;
    if distance((gray_value, gray_value, gray_value), (r, g, b)) < distance(cube_rgb, (r, g, b)) {
        232 + gray_step
    } else {
        cube_index
    }
}

fn indexed_rgb(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => ANSI[i as usize].1,
        16..=231 => {
            let n = i - 16;
            (
                CUBE[(n / 36) as usize],
                CUBE[((n / 6) % 6) as usize],
                CUBE[(n % 6) as usize],
            )
        }
        _ => {
            let v = 8 + (i - 232) * 10;
            (v, v, v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_themes_load_cleanly_at_every_depth() {
        for (name, _) in BUILTIN {
            for depth in [
                ColorDepth::Ansi16,
                ColorDepth::Indexed256,
                ColorDepth::TrueColor,
            ] {
                let (theme, warnings) = Theme::load(name, None, depth);
                assert!(warnings.is_empty(), "{name}: {warnings:?}");
                assert_eq!(theme.name, *name);
            }
        }
    }

    #[test]
    fn no_colour_means_mono_whatever_was_asked() {
        let (theme, _) = Theme::load("high-contrast", None, ColorDepth::None);
        assert_eq!(theme.name, "mono");
        let selected = theme.style("table.row.selected");
        assert_eq!((selected.fg, selected.bg), (None, None));
        assert!(selected.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn dotted_keys_fall_back_to_their_parents() {
        let (theme, _) = Theme::load("default", None, ColorDepth::TrueColor);
        assert_eq!(
            theme.style("status.error.some.deeper.key"),
            theme.style("status.error")
        );
        assert_eq!(theme.style("nothing.like.this"), Style::default());
    }

    #[test]
    fn bad_colours_and_modifiers_are_reported_with_lines() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.toml"), "inherits = \"default\"\n[styles]\n\"header\" = { fg = \"chartreuse-ish\" }\n\"status\" = { modifiers = [\"blink-fast\"] }\n").unwrap();
        let (theme, mut warnings) = Theme::load("mine", Some(dir.path()), ColorDepth::TrueColor);
        warnings.sort();
        let file = "themes/mine.toml";
        assert_eq!(
            warnings,
            vec![
                format!("{file}: line 3: style `header`: unknown colour `chartreuse-ish`"),
                format!("{file}: line 4: style `status`: unknown modifier `blink-fast` (expected bold, dim, italic, underlined, reversed, crossed_out)"),
            ]
        );
        assert_eq!(theme.name, "mine");
    }

    #[test]
    fn a_missing_theme_falls_back_to_default() {
        let (theme, warnings) = Theme::load("nope", None, ColorDepth::Ansi16);
        assert_eq!(theme.name, "default");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn colours_degrade_to_the_terminal() {
        assert_eq!(
            degrade(Color::Rgb(255, 0, 0), ColorDepth::Ansi16),
            Some(Color::LightRed)
        );
        assert_eq!(
            degrade(Color::Rgb(0, 0, 0), ColorDepth::Indexed256),
            Some(Color::Indexed(16))
        );
        assert_eq!(
            degrade(Color::Rgb(128, 128, 128), ColorDepth::Indexed256),
            Some(Color::Indexed(244))
        );
        assert_eq!(
            degrade(Color::Rgb(1, 2, 3), ColorDepth::TrueColor),
            Some(Color::Rgb(1, 2, 3))
        );
        assert_eq!(
            degrade(Color::Indexed(196), ColorDepth::Ansi16),
            Some(Color::LightRed)
        );
        assert_eq!(degrade(Color::Red, ColorDepth::None), None);
    }

    #[test]
    fn depth_detection() {
        let env = crate::config::Environment::from_pairs;
        assert_eq!(
            ColorDepth::detect(&env(&[("TERM", "xterm-256color"), ("NO_COLOR", "1")])),
            ColorDepth::None
        );
        assert_eq!(
            ColorDepth::detect(&env(&[("TERM", "dumb")])),
            ColorDepth::None
        );
        assert_eq!(
            ColorDepth::detect(&env(&[("TERM", "xterm"), ("COLORTERM", "truecolor")])),
            ColorDepth::TrueColor
        );
        assert_eq!(
            ColorDepth::detect(&env(&[("TERM", "screen-256color")])),
            ColorDepth::Indexed256
        );
        assert_eq!(
            ColorDepth::detect(&env(&[("TERM", "linux")])),
            ColorDepth::Ansi16
        );
    }
}
