//! The certificate's page laid out from its template (`templates/certificate.toml`, or the
//! university's own): each block's text filled with the candidate's values, wrapped to the
//! width it has, centred or not, and pushed down when the block above took more lines than
//! planned (a long diploma label), so nothing overlaps or leaves the page's width. Pure: the
//! width of a text is a function given by the renderer (the font's advances).

use std::collections::BTreeMap;

use serde::Deserialize;

pub const DEFAULT_TEMPLATE: &str = include_str!("../templates/certificate.toml");

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub page: Page,
    pub font: Fonts,
    #[serde(rename = "block")]
    pub blocks: Vec<Block>,
    pub signature: Option<Signature>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub margin: f32,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    pub regular: String,
    pub bold: String,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    #[default]
    Left,
    Center,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Block {
    pub text: String,
    /// Where the block's first baseline is at the earliest.
    pub y: f32,
    pub size: f32,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub align: Align,
    /// The left edge; the page's margin when absent.
    pub x: Option<f32>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub x: f32,
    pub y: f32,
    pub width: f32,
}

/// A line to draw: its baseline's left end.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub bold: bool,
    pub text: String,
}

/// Reads a template, every problem said with its line (TOML's own message).
pub fn parse(text: &str) -> Result<Template, String> {
    let t: Template = toml::from_str(text).map_err(|e| e.to_string())?;
    if t.page.width <= 2.0 * t.page.margin || t.page.height <= 0.0 {
        return Err("page: the margins leave no room".into());
    }
    Ok(t)
}

/// `{name}` replaced by its value; None when a name the text uses is empty or unknown (the
/// block is left out).
pub fn fill(text: &str, values: &BTreeMap<&str, String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}')? + start;
        let value = values
            .get(&rest[start + 1..end])
            .filter(|v| !v.trim().is_empty())?;
        out.push_str(value);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Words on lines no wider than `width`; a word wider than a line is cut where it must.
pub fn wrap(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word alone too wide: as many characters as fit, line after line.
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if measure(&piece) > width && piece.chars().count() > 1 {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        line = piece;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The page's lines. `measure(text, size, bold)` is the text's width in points.
pub fn layout(
    t: &Template,
    values: &BTreeMap<&str, String>,
    measure: &dyn Fn(&str, f32, bool) -> f32,
) -> Vec<Line> {
    let mut lines = Vec::new();
    // The lowest baseline drawn so far: a block starts below it.
    let mut bottom = f32::MIN;
    for b in &t.blocks {
        let Some(text) = fill(&b.text, values) else {
            continue;
        };
        let left = b.x.unwrap_or(t.page.margin);
        let width = t.page.width - t.page.margin - left;
        let leading = b.size * 1.35;
        let mut y = b.y.max(bottom + leading);
        for text in wrap(&text, width, &|s| measure(s, b.size, b.bold)) {
            let x = match b.align {
                Align::Left => left,
                Align::Center => left + (width - measure(&text, b.size, b.bold)).max(0.0) / 2.0,
            };
            lines.push(Line {
                x,
                y,
                size: b.size,
                bold: b.bold,
                text,
            });
            bottom = y;
            y += leading;
        }
    }
    lines
}

/// Where the signature image's top goes: where the template puts it, or lower when a line that
/// begins above it reaches into it (a signatory's title wrapped on two lines). Lines the
/// template puts below the image do not move it.
pub fn signature_top(s: &Signature, lines: &[Line]) -> f32 {
    // A line's ink: from its ascent (about 0.8 of the size) to its descent (0.25).
    lines
        .iter()
        .filter(|l| l.y - l.size * 0.8 <= s.y)
        .map(|l| l.y + l.size * 0.25 + 2.0)
        .fold(s.y, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character half as wide as the font is high.
    fn measure(text: &str, size: f32, _bold: bool) -> f32 {
        text.chars().count() as f32 * size * 0.5
    }

    fn values() -> BTreeMap<&'static str, String> {
        BTreeMap::from([
            ("university", "Université de Lorraine".to_owned()),
            ("student", "Élodie Cœur".to_owned()),
            ("birth_date", "29/02/2004".to_owned()),
            (
                "diploma",
                "Licence Sciences, Technologies, Santé mention Informatique parcours Génie logiciel et systèmes d'information répartis".to_owned(),
            ),
            ("year", "2026-2027".to_owned()),
            ("mention", String::new()),
            ("ects", "180".to_owned()),
            ("place", "Nancy".to_owned()),
            ("date", "6 décembre 2026".to_owned()),
            ("signatory_name", "Pr Anne Durand".to_owned()),
            ("signatory_title", "Présidente".to_owned()),
        ])
    }

    #[test]
    fn the_default_template_reads_and_every_name_it_uses_is_a_value() {
        let t = parse(DEFAULT_TEMPLATE).unwrap();
        assert_eq!((t.page.width, t.page.height), (595.0, 842.0));
        let mut all = values();
        all.insert("mention", "Bien".into());
        for b in &t.blocks {
            assert!(fill(&b.text, &all).is_some(), "{}", b.text);
        }
        assert!(parse("[page]\nwidth = 100.0\nheight = 100.0\nmargin = 60.0\n[font]\nregular = \"a\"\nbold = \"b\"\nblock = []\n").is_err());
    }

    #[test]
    fn an_empty_value_leaves_its_block_out_and_a_long_label_wraps_and_pushes_the_rest_down() {
        let t = parse(DEFAULT_TEMPLATE).unwrap();
        let lines = layout(&t, &values(), &measure);
        assert!(
            !lines.iter().any(|l| l.text.starts_with("Mention")),
            "no mention given"
        );
        let label: Vec<&Line> = lines
            .iter()
            .filter(|l| l.size == 14.0 && l.bold && l.y > 400.0)
            .collect();
        assert!(label.len() >= 2, "the label wraps: {label:?}");
        for l in &lines {
            assert!(l.x >= t.page.margin - 0.01, "{l:?}");
            assert!(
                l.x + measure(&l.text, l.size, l.bold) <= t.page.width - t.page.margin + 0.01,
                "{l:?}"
            );
        }
        // The credits line comes below the label's last line, not over it.
        let last_label = label.last().unwrap().y;
        let ects = lines
            .iter()
            .find(|l| l.text.starts_with("Crédits"))
            .unwrap();
        assert!(ects.y > last_label, "{} <= {last_label}", ects.y);
        // Centred lines are centred.
        let title = lines
            .iter()
            .find(|l| l.text == "Attestation de réussite")
            .unwrap();
        let w = measure(&title.text, title.size, true);
        assert!((title.x + w / 2.0 - t.page.width / 2.0).abs() < 0.01);
    }

    #[test]
    fn a_signatory_title_on_two_lines_pushes_the_signature_down_and_a_line_below_does_not() {
        let t = parse(DEFAULT_TEMPLATE).unwrap();
        let place = t.signature.clone().unwrap();
        let mut v = values();
        v.insert(
            "signatory_title",
            "Présidente de l'Université de Démonstration".to_owned(),
        );
        let lines = layout(&t, &v, &measure);
        let title: Vec<&Line> = lines.iter().filter(|l| l.size == 11.0).collect();
        assert_eq!(title.len(), 2, "{title:?}");
        let top = signature_top(&place, &lines);
        assert!(top > title[1].y + 11.0 * 0.25, "{top} vs {title:?}");
        // One line: the signature stays where the template puts it.
        v.insert("signatory_title", "Président".to_owned());
        assert_eq!(signature_top(&place, &layout(&t, &v, &measure)), place.y);
        // A footer planned under the image leaves it where it is.
        let footer = Line {
            x: 60.0,
            y: place.y + 40.0,
            size: 9.0,
            bold: false,
            text: "pied".into(),
        };
        assert_eq!(signature_top(&place, &[footer]), place.y);
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut() {
        let m = |s: &str| s.chars().count() as f32;
        assert_eq!(wrap("ab abcdefgh", 4.0, &m), ["ab", "abcd", "efgh"]);
        assert_eq!(wrap("", 4.0, &m), Vec::<String>::new());
    }
}
