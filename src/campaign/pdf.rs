//! The certificate as a one-page PDF: the laid-out lines in the template's fonts (embedded, only
//! the glyphs used), and the signatory's signature image. krilla writes the PDF; the text widths
//! the layout needs come from the font's own advances (ttf-parser).

use std::collections::BTreeMap;
use std::sync::Arc;

use krilla::geom::{Point, Size, Transform};
use krilla::image::Image;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla::Document;

use super::model::certificate::{self, Template};

/// A font read once: krilla's, and its advances for measuring.
pub struct LoadedFont {
    font: Font,
    data: Arc<Vec<u8>>,
}

impl LoadedFont {
    pub fn read(path: &str) -> Result<LoadedFont, String> {
        let data = Arc::new(std::fs::read(path).map_err(|e| format!("{path}: {e}"))?);
        ttf_parser::Face::parse(&data, 0).map_err(|e| format!("{path}: {e}"))?;
        let font =
            Font::new(data.clone().into(), 0).ok_or_else(|| format!("{path}: not a font"))?;
        Ok(LoadedFont { font, data })
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let Ok(face) = ttf_parser::Face::parse(&self.data, 0) else {
            return 0.0;
        };
        let units: u32 = text
            .chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(0, u32::from)
            })
            .sum();
        units as f32 * size / f32::from(face.units_per_em())
    }
}

/// The template's two fonts.
pub struct Fonts {
    pub regular: LoadedFont,
    pub bold: LoadedFont,
}

impl Fonts {
    pub fn read(t: &Template) -> Result<Fonts, String> {
        Ok(Fonts {
            regular: LoadedFont::read(&t.font.regular)?,
            bold: LoadedFont::read(&t.font.bold)?,
        })
    }

    fn get(&self, bold: bool) -> &LoadedFont {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// One certificate's PDF bytes.
pub fn render(
    t: &Template,
    fonts: &Fonts,
    values: &BTreeMap<&str, String>,
    signature: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let lines = certificate::layout(t, values, &|text, size, bold| {
        fonts.get(bold).width(text, size)
    });
    let mut document = Document::new();
    let settings = PageSettings::from_wh(t.page.width, t.page.height).ok_or("page size")?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    for l in &lines {
        surface.draw_text(
            Point::from_xy(l.x, l.y),
            fonts.get(l.bold).font.clone(),
            l.size,
            &l.text,
            false,
            TextDirection::Auto,
        );
    }
    if let (Some(png), Some(place)) = (signature, &t.signature) {
        let image = Image::from_png(png.to_vec().into(), true)?;
        let (w, h) = (image.size().0 as f32, image.size().1 as f32);
        let height = place.width * h / w.max(1.0);
        let top = certificate::signature_top(place, &lines);
        surface.push_transform(&Transform::from_translate(place.x, top));
        surface.draw_image(
            image,
            Size::from_wh(place.width, height).ok_or("signature size")?,
        );
        surface.pop();
    }
    surface.finish();
    page.finish();
    document.finish().map_err(|e| format!("{e:?}"))
}
