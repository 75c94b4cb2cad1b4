//! The Administration screen's two forms: a new user, and a password (a user's, or one's own).
//! Fields typed, checked here first field by field (the database checks again), and read out
//! as what the store calls take. Passwords are masked and never leave as text: the store makes
//! the SCRAM verifier.

use crate::i18n::{tr, Lang, T};
use crate::tui::keymap::Action;
use crate::tui::screen::KeyIn;
use crate::tui::widgets::input::TextInput;

pub const STATUSES: [&str; 4] = ["user", "user_manager", "admin", "visitor"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    NewUser,
    /// A user's password, set by an administrator or user manager.
    PasswordOf,
    /// One's own.
    OwnPassword,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub label: T,
    pub input: TextInput,
    pub secret: bool,
    /// A choice among `STATUSES` (← →), not typed.
    pub choice: Option<usize>,
}

impl Field {
    fn text(label: T) -> Field {
        Field {
            label,
            input: TextInput::default(),
            secret: false,
            choice: None,
        }
    }

    fn secret(label: T) -> Field {
        Field {
            secret: true,
            ..Field::text(label)
        }
    }

    /// What is drawn: the text (dots for a secret), or the choice.
    pub fn shown(&self, lang: Lang, focused: bool) -> String {
        if let Some(i) = self.choice {
            return format!(
                "‹ {} ›",
                crate::session::Status::parse(STATUSES[i]).map_or("", |s| s.label(lang))
            );
        }
        let text = if self.secret {
            "•".repeat(self.input.text.chars().count())
        } else {
            crate::output::sanitize(&self.input.text).into_owned()
        };
        if focused {
            format!("{text}▏")
        } else {
            text
        }
    }
}

/// What a filled form asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    NewUser {
        login: String,
        name: String,
        email: Option<String>,
        status: &'static str,
        password: Option<String>,
    },
    Password {
        /// None: one's own.
        login: Option<String>,
        password: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    pub purpose: Purpose,
    /// Whose password (PasswordOf).
    pub login: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The last check's complaint, shown under the fields.
    pub error: Option<String>,
}

/// What a key did to the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Editing,
    Cancelled,
    Submit(Request),
}

impl Form {
    pub fn new_user() -> Form {
        Form {
            purpose: Purpose::NewUser,
            login: String::new(),
            fields: vec![
                Field::text(T::AdminFieldLogin),
                Field::text(T::AdminFieldName),
                Field::text(T::AdminFieldEmail),
                Field {
                    choice: Some(0),
                    ..Field::text(T::AdminFieldStatus)
                },
                Field::secret(T::AdminFieldPassword),
                Field::secret(T::AdminFieldAgain),
            ],
            focus: 0,
            error: None,
        }
    }

    pub fn password(login: Option<&str>) -> Form {
        Form {
            purpose: if login.is_some() {
                Purpose::PasswordOf
            } else {
                Purpose::OwnPassword
            },
            login: login.unwrap_or_default().to_owned(),
            fields: vec![
                Field::secret(T::AdminFieldPassword),
                Field::secret(T::AdminFieldAgain),
            ],
            focus: 0,
            error: None,
        }
    }

    pub fn key(&mut self, key: &KeyIn, lang: Lang) -> Outcome {
        if crate::tui::widgets::input::move_focus(&mut self.focus, self.fields.len(), key.action) {
            return Outcome::Editing;
        }
        match key.action {
            Some(Action::Cancel) => return Outcome::Cancelled,
            Some(Action::Left | Action::Right) if self.fields[self.focus].choice.is_some() => {
                let step = if key.action == Some(Action::Left) {
                    STATUSES.len() - 1
                } else {
                    1
                };
                let c = self.fields[self.focus].choice.as_mut().expect("a choice");
                *c = (*c + step) % STATUSES.len();
            }
            Some(Action::Confirm | Action::Save) => match self.check(lang) {
                Ok(request) => return Outcome::Submit(request),
                Err((field, text)) => {
                    self.focus = field;
                    self.error = Some(text);
                }
            },
            _ if key.typed.is_some() || key.event.code == crossterm::event::KeyCode::Backspace => {
                let field = &mut self.fields[self.focus];
                if field.choice.is_none() {
                    field.input.key(key);
                    self.error = None;
                }
            }
            _ => {}
        }
        Outcome::Editing
    }

    fn value(&self, i: usize) -> &str {
        self.fields[i].input.text.trim()
    }

    /// The first field wrong, and why; else the request.
    pub fn check(&self, lang: Lang) -> Result<Request, (usize, String)> {
        let t = |x: T| x.text(lang).to_owned();
        let (first, again) = match self.purpose {
            Purpose::NewUser => (4, 5),
            _ => (0, 1),
        };
        let password = self.fields[first].input.text.clone();
        let needs_password = self.purpose != Purpose::NewUser || !password.is_empty();
        if needs_password && password.chars().count() < 8 {
            return Err((first, t(T::AdminPasswordShort)));
        }
        if password != self.fields[again].input.text {
            return Err((again, t(T::AdminPasswordsDiffer)));
        }
        match self.purpose {
            Purpose::NewUser => {
                let login = self.value(0);
                let good = login.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && login.len() <= 63
                    && login
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
                if !good {
                    return Err((0, tr(T::RuleBadLogin, &[&login])));
                }
                if self.value(1).is_empty() {
                    return Err((1, t(T::AdminNameNeeded)));
                }
                let email = self.value(2);
                if !email.is_empty() && !email.contains('@') {
                    return Err((2, t(T::AdminBadEmail)));
                }
                Ok(Request::NewUser {
                    login: login.to_owned(),
                    name: self.value(1).to_owned(),
                    email: (!email.is_empty()).then(|| email.to_owned()),
                    status: STATUSES[self.fields[3].choice.unwrap_or(0)],
                    password: (!password.is_empty()).then_some(password),
                })
            }
            Purpose::PasswordOf => Ok(Request::Password {
                login: Some(self.login.clone()),
                password,
            }),
            Purpose::OwnPassword => Ok(Request::Password {
                login: None,
                password,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent};

    fn typed(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.key(
                &KeyIn {
                    event: KeyEvent::from(KeyCode::Char(c)),
                    action: None,
                    typed: Some(c),
                },
                Lang::En,
            );
        }
    }

    fn act(form: &mut Form, a: Action) -> Outcome {
        form.key(&KeyIn::action(a), Lang::En)
    }

    #[test]
    fn a_new_user_is_checked_field_by_field_and_read_out() {
        let mut f = Form::new_user();
        typed(&mut f, "Bad Login");
        assert_eq!(act(&mut f, Action::Confirm), Outcome::Editing);
        assert!(f.error.as_deref().unwrap().contains("Bad Login"));
        f.fields[0].input.text.clear();
        typed(&mut f, "cdurand");
        act(&mut f, Action::Confirm);
        assert_eq!(f.focus, 1, "the name is next to fill");
        typed(&mut f, "Claire Durand");
        act(&mut f, Action::Down);
        act(&mut f, Action::Down);
        act(&mut f, Action::Right);
        act(&mut f, Action::Down);
        typed(&mut f, "provisoire1");
        act(&mut f, Action::Down);
        typed(&mut f, "provisoire2");
        assert_eq!(act(&mut f, Action::Confirm), Outcome::Editing);
        assert_eq!(f.focus, 5, "the two passwords differ");
        f.fields[5].input.text = "provisoire1".into();
        assert_eq!(
            act(&mut f, Action::Confirm),
            Outcome::Submit(Request::NewUser {
                login: "cdurand".into(),
                name: "Claire Durand".into(),
                email: None,
                status: "user_manager",
                password: Some("provisoire1".into()),
            })
        );
        assert_eq!(f.fields[4].shown(Lang::En, false), "•".repeat(11));
    }

    #[test]
    fn a_password_has_eight_characters_and_is_typed_twice() {
        let mut f = Form::password(None);
        typed(&mut f, "court");
        act(&mut f, Action::Confirm);
        assert!(f.error.is_some());
        f.fields[0].input.text = "assez-long".into();
        f.fields[1].input.text = "assez-long".into();
        assert_eq!(
            act(&mut f, Action::Confirm),
            Outcome::Submit(Request::Password {
                login: None,
                password: "assez-long".into()
            })
        );
        assert_eq!(act(&mut f, Action::Cancel), Outcome::Cancelled);
    }
}
