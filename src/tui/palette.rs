//! The command palette (`:`): every action by name, filtered as you type.

use super::keymap::Action;
use super::widgets::list::Cursor;
use crate::i18n::Lang;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Palette {
    pub query: String,
    /// The list draws its own window around the chosen line.
    pub cursor: Cursor,
}

impl Palette {
    /// The actions whose name or description contains the query, in declaration order.
    pub fn entries(&self, lang: Lang) -> Vec<Action> {
        let q = self.query.to_lowercase();
        Action::ALL
            .iter()
            .copied()
            .filter(|a| {
                q.is_empty()
                    || a.name().contains(&q)
                    || a.description().text(lang).to_lowercase().contains(&q)
            })
            .collect()
    }

    pub fn type_char(&mut self, c: char) {
        self.query.push(c);
        self.cursor = Cursor::default();
    }

    pub fn backspace(&mut self) {
        self.query.pop();
        self.cursor = Cursor::default();
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.entries(Lang::En).len();
        self.cursor.move_by(delta, n, n);
    }

    pub fn chosen(&self, lang: Lang) -> Option<Action> {
        self.entries(lang).get(self.cursor.selected).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_by_name_or_translated_description() {
        let mut p = Palette::default();
        assert_eq!(p.entries(Lang::En).len(), Action::ALL.len());
        for c in "recharger".chars() {
            p.type_char(c);
        }
        assert_eq!(p.entries(Lang::Fr), vec![Action::Refresh]);
        assert_eq!(p.chosen(Lang::Fr), Some(Action::Refresh));
        p.query = "page_".into();
        assert_eq!(p.entries(Lang::En).len(), 4);
    }
}
