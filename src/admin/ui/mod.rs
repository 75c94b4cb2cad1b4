//! The Administration screen (F8): sections on the left, the chosen one's list on the right.
//! Only the sections the user's level has rights in are shown; every change goes through the
//! admin functions, which check the rights again and name what they refuse.
//!
//! - `sections`: which sections, their columns, their rows (pure).
//! - `form`: the new-user and password forms (pure).
//! - `edit`: changing a site, an area, a room, a type or a setting, field by field (pure).
//! - `view`: drawing.

pub mod edit;
pub mod form;
pub mod sections;
pub mod view;

use ratatui::layout::Rect;
use ratatui::Frame;
use serde_json::Value;

use self::edit::{Edit, Target};
use self::form::{Form, Outcome, Request};
use self::sections::{Item, Section};
use super::store::{self, Archivable};
use crate::booking::store::BookingError;
use crate::db::listen::Kind;
use crate::i18n::{tr, T};
use crate::tui::job::{Latest, Reply, Ticket};
use crate::tui::keymap::{Action, Context};
use crate::tui::screen::{Ctx, Failure, KeyIn, Level, Out, Screen};
use crate::tui::widgets::list::Cursor;

/// A question before a change that touches many rows: what, and what to run on yes.
#[derive(Clone, Debug)]
pub struct Question {
    pub text: String,
    pub cmd: Cmd,
}

/// What `d` takes away, once confirmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Removal {
    Right {
        kind: String,
        target: i64,
        login: String,
    },
    Blocked(chrono::NaiveDate),
    Cycle(chrono::NaiveDate),
    Field {
        area: i64,
        name: String,
    },
}

#[derive(Debug, Default)]
pub enum Layer {
    #[default]
    None,
    Form(Form),
    Edit(Edit),
    Confirm(Question),
    /// The name of the new database a backup is restored into.
    RestoreInto {
        file: std::path::PathBuf,
        input: crate::tui::widgets::input::TextInput,
    },
}

#[derive(Debug, Default)]
pub struct State {
    /// The chosen section, as an index into the sections the session shows.
    pub section: usize,
    /// None until the section's first load answers.
    pub rows: Option<Vec<Item>>,
    /// The section the rows are of.
    loaded: Option<Section>,
    pub cursor: Cursor,
    pub layer: Layer,
    /// The `/` filter: rows holding it in any cell, case aside.
    pub filter: String,
    load: Latest,
}

#[derive(Debug)]
pub enum Msg {
    Loaded {
        id: u64,
        section: Section,
        result: Result<Value, Failure>,
    },
    /// A change done: what to say, or why it was refused.
    Done(Result<String, Failure>),
    /// A row read in full, to change it.
    Fetched {
        target: Target,
        name: String,
        result: Result<Value, Failure>,
    },
    /// What archiving would hide, to ask first.
    Counted {
        what: Archivable,
        name: String,
        result: Result<Value, Failure>,
    },
}

#[derive(Clone, Debug)]
pub enum Cmd {
    /// A section's rows; the folder where backups are, for the Backups section.
    Load(Ticket, Section, std::path::PathBuf),
    Backup(std::path::PathBuf),
    Restore {
        file: std::path::PathBuf,
        into: String,
    },
    Submit(Request),
    Active {
        login: String,
        active: bool,
    },
    TypeHidden {
        letter: String,
        hidden: bool,
    },
    Count {
        what: Archivable,
        name: String,
    },
    Fetch {
        target: Target,
        name: String,
    },
    Remove(Removal),
    /// The changed fields, and every field's text (sites and types are saved whole).
    Save {
        target: Target,
        changes: serde_json::Map<String, Value>,
        values: Vec<(&'static str, String)>,
    },
    Archive {
        what: Archivable,
        name: String,
        archived: bool,
    },
}

fn sections(cx: &Ctx) -> Vec<Section> {
    cx.session.map(Section::visible).unwrap_or_default()
}

impl State {
    pub fn current(&self, cx: &Ctx) -> Option<Section> {
        sections(cx).get(self.section).copied()
    }

    /// The rows the filter lets through, in order.
    pub fn visible(&self) -> Vec<&Item> {
        let wanted = self.filter.to_lowercase();
        self.rows
            .iter()
            .flatten()
            .filter(|i| {
                wanted.is_empty() || i.cells.iter().any(|c| c.to_lowercase().contains(&wanted))
            })
            .collect()
    }

    pub fn selected(&self) -> Option<&Item> {
        self.visible().get(self.cursor.selected).copied()
    }

    fn count(&self) -> usize {
        self.visible().len()
    }

    fn start_load(&mut self, cx: &Ctx, out: &mut Out<Cmd>) {
        match self.current(cx) {
            Some(Section::Password) | None => {}
            Some(s) => {
                let dir = cx.start_dir.to_path_buf();
                out.cmds
                    .extend(self.load.start_or_queue().map(|t| Cmd::Load(t, s, dir)));
            }
        }
    }

    fn change_section(&mut self, cx: &Ctx, step: isize, out: &mut Out<Cmd>) {
        let n = sections(cx).len();
        if n == 0 {
            return;
        }
        self.section = (self.section as isize + step).rem_euclid(n as isize) as usize;
        self.rows = None;
        self.filter.clear();
        self.loaded = None;
        self.cursor = Cursor::default();
        self.start_load(cx, out);
    }

    /// The list's key for the selected row's action, if this section has one.
    fn act(&mut self, cx: &Ctx, action: Action, out: &mut Out<Cmd>) -> bool {
        let section = self.current(cx);
        let item = self.selected().cloned();
        let say = |out: &mut Out<Cmd>, t: T| out.say(t.text(cx.lang), Level::Info);
        match (action, section) {
            (Action::NewItem, Some(Section::Users)) => self.layer = Layer::Form(Form::new_user()),
            (
                Action::NewItem,
                Some(
                    s @ (Section::Sites
                    | Section::Areas
                    | Section::Rooms
                    | Section::Fields
                    | Section::Types
                    | Section::Blocked
                    | Section::Cycle
                    | Section::Rights),
                ),
            ) => {
                let target = match s {
                    Section::Sites => Target::NewSite,
                    Section::Areas => Target::NewArea,
                    Section::Rooms => Target::NewRoom,
                    Section::Fields => Target::NewField,
                    Section::Types => Target::NewType,
                    Section::Blocked => Target::NewBlocked,
                    Section::Cycle => Target::NewCycle,
                    _ => Target::NewRight,
                };
                let title = s.title().text(cx.lang).to_owned();
                self.layer =
                    Layer::Edit(Edit::new(target, title, &Value::Object(Default::default())));
            }
            (
                Action::Delete,
                Some(s @ (Section::Rights | Section::Blocked | Section::Cycle | Section::Fields)),
            ) => {
                let Some(i) = item else { return true };
                let removal = match s {
                    Section::Rights => Removal::Right {
                        kind: i.cells[0].clone(),
                        target: i.id.unwrap_or_default(),
                        login: i.cells[2].clone(),
                    },
                    Section::Fields => Removal::Field {
                        area: i.id.unwrap_or_default(),
                        name: i.key.clone(),
                    },
                    _ => {
                        let Ok(day) = i.key.parse() else { return true };
                        if s == Section::Blocked {
                            Removal::Blocked(day)
                        } else {
                            Removal::Cycle(day)
                        }
                    }
                };
                let what = i
                    .cells
                    .iter()
                    .map(|c| crate::output::sanitize(c).into_owned())
                    .collect::<Vec<_>>()
                    .join(" · ");
                self.layer = Layer::Confirm(Question {
                    text: tr(T::AdminAskRemove, &[&what]),
                    cmd: Cmd::Remove(removal),
                });
            }
            (Action::NewItem, Some(Section::Backups)) => {
                out.say(T::BackupStarted.text(cx.lang), Level::Info);
                out.run(Cmd::Backup(cx.start_dir.to_path_buf()));
            }
            (Action::Confirm, Some(Section::Backups)) => {
                if let Some(i) = item {
                    self.layer = Layer::RestoreInto {
                        file: cx.start_dir.join(&i.key),
                        input: Default::default(),
                    };
                }
            }
            (Action::Password | Action::Confirm, Some(Section::Password)) => {
                self.layer = Layer::Form(Form::password(None));
            }
            (Action::Password, Some(Section::Users)) => {
                if let Some(u) = item {
                    self.layer = Layer::Form(Form::password(Some(&u.key)));
                }
            }
            (Action::Toggle, Some(Section::Users)) => {
                if let Some(u) = item {
                    let active = u.off;
                    let text = tr(
                        if active {
                            T::AdminAskActivate
                        } else {
                            T::AdminAskDeactivate
                        },
                        &[&crate::output::sanitize(&u.key)],
                    );
                    self.layer = Layer::Confirm(Question {
                        text,
                        cmd: Cmd::Active {
                            login: u.key,
                            active,
                        },
                    });
                }
            }
            (Action::Toggle, Some(Section::Types)) => {
                if let Some(t) = item {
                    out.run(Cmd::TypeHidden {
                        letter: t.key,
                        hidden: !t.off,
                    });
                }
            }
            (Action::Archive, Some(s @ (Section::Sites | Section::Areas | Section::Rooms))) => {
                let Some(i) = item else { return true };
                let what = match (s, i.id) {
                    (Section::Sites, _) => Archivable::Site(i.key.clone()),
                    (Section::Areas, Some(id)) => Archivable::Area(id),
                    (_, Some(id)) => Archivable::Room(id),
                    _ => return true,
                };
                if i.off {
                    out.run(Cmd::Archive {
                        what,
                        name: i.key,
                        archived: false,
                    });
                } else {
                    out.run(Cmd::Count { what, name: i.key });
                }
            }
            (
                Action::Edit,
                Some(
                    s @ (Section::Sites
                    | Section::Areas
                    | Section::Rooms
                    | Section::Types
                    | Section::Settings),
                ),
            ) => {
                let Some(i) = item else { return true };
                let target = match (s, i.id) {
                    (Section::Sites, _) => Target::Site(i.key.clone()),
                    (Section::Types, _) => Target::Type(i.key.clone()),
                    (Section::Settings, _) => Target::Setting(i.key.clone()),
                    (Section::Areas, Some(id)) => Target::Area(id),
                    (_, Some(id)) => Target::Room(id),
                    _ => return true,
                };
                out.run(Cmd::Fetch {
                    target,
                    name: i.key,
                });
            }
            (
                Action::NewItem
                | Action::Toggle
                | Action::Archive
                | Action::Password
                | Action::Edit
                | Action::Delete,
                Some(_),
            ) => {
                say(out, T::AdminNothingHere);
            }
            _ => return false,
        }
        true
    }
}

impl Screen for State {
    type Msg = Msg;
    type Cmd = Cmd;

    fn contexts(&self) -> &'static [Context] {
        match self.layer {
            Layer::Form(_) | Layer::Edit(_) | Layer::RestoreInto { .. } => &[Context::Form],
            Layer::Confirm(_) => &[Context::Confirm],
            Layer::None => &[Context::Admin, Context::List],
        }
    }

    fn layer_open(&self) -> bool {
        !matches!(self.layer, Layer::None)
    }

    fn typing(&self) -> bool {
        matches!(
            self.layer,
            Layer::Form(_) | Layer::Edit(_) | Layer::RestoreInto { .. }
        )
    }

    fn unsaved(&self) -> bool {
        match &self.layer {
            Layer::Form(f) => f.fields.iter().any(|x| !x.input.text.is_empty()),
            Layer::Edit(e) => e.fields.iter().any(|x| x.input.text != x.original),
            _ => false,
        }
    }

    fn busy(&self) -> bool {
        self.load.is_running()
    }

    fn key(&mut self, cx: &Ctx, key: KeyIn, out: &mut Out<Cmd>) -> bool {
        match &mut self.layer {
            Layer::Form(form) => {
                match form.key(&key, cx.lang) {
                    Outcome::Editing => {}
                    Outcome::Cancelled => self.layer = Layer::None,
                    Outcome::Submit(request) => out.run(Cmd::Submit(request)),
                }
                return true;
            }
            Layer::Edit(e) => {
                match e.key(&key, cx.lang) {
                    edit::Outcome::Editing => {}
                    edit::Outcome::Cancelled => self.layer = Layer::None,
                    edit::Outcome::Submit(changes) => out.run(Cmd::Save {
                        target: e.target.clone(),
                        changes,
                        values: e
                            .fields
                            .iter()
                            .map(|f| (f.key, f.input.text.trim().to_owned()))
                            .collect(),
                    }),
                }
                return true;
            }
            Layer::RestoreInto { file, input } => {
                match key.action {
                    Some(Action::Cancel) => self.layer = Layer::None,
                    Some(Action::Confirm) if !input.text.trim().is_empty() => {
                        out.say(T::RestoreStarted.text(cx.lang), Level::Info);
                        out.run(Cmd::Restore {
                            file: file.clone(),
                            into: input.text.trim().to_owned(),
                        });
                        self.layer = Layer::None;
                    }
                    _ => {
                        input.key(&key);
                    }
                }
                return true;
            }
            Layer::Confirm(q) => {
                match key.action {
                    Some(Action::Yes) => {
                        out.run(q.cmd.clone());
                        self.layer = Layer::None;
                    }
                    Some(Action::No | Action::Cancel) => self.layer = Layer::None,
                    _ => {}
                }
                return true;
            }
            Layer::None => {}
        }
        let Some(action) = key.action else {
            return false;
        };
        match action {
            Action::Left => self.change_section(cx, -1, out),
            Action::Right => self.change_section(cx, 1, out),
            _ => {
                let height = crate::tui::widgets::list::table_rows(cx.body.1);
                let count = self.count();
                if self.cursor.step(action, count, height) {
                    return true;
                }
                return self.act(cx, action, out);
            }
        }
        true
    }

    fn update(&mut self, cx: &Ctx, msg: Msg, out: &mut Out<Cmd>) {
        match msg {
            Msg::Loaded {
                id,
                section,
                result,
            } => {
                if let Reply::Use { again } = self.load.reply(id) {
                    match result {
                        Ok(v) if Some(section) == self.current(cx) => {
                            // The cursor stays on the same row when it is still there.
                            let key = self.selected().map(|i| i.key.clone());
                            let same_section = self.loaded == Some(section);
                            self.rows = Some(sections::rows(section, &v, cx.lang, cx.tz()));
                            self.loaded = Some(section);
                            let found =
                                key.and_then(|k| self.visible().iter().position(|i| i.key == k));
                            self.cursor.selected = match (found, same_section) {
                                (Some(i), _) => i,
                                (None, true) => self.cursor.selected,
                                (None, false) => 0,
                            };
                            let count = self.count();
                            self.cursor.clamp(count);
                        }
                        Ok(_) => {}
                        Err(f) => out.failed(f),
                    }
                    if again {
                        self.start_load(cx, out);
                    }
                }
            }
            Msg::Done(result) => {
                match result {
                    Ok(text) => {
                        self.layer = Layer::None;
                        out.say(text, Level::Info);
                    }
                    // A form stays open with the refusal, to correct it.
                    Err(f) => match &mut self.layer {
                        Layer::Form(form) if !f.connection_lost => form.error = Some(f.text),
                        Layer::Edit(e) if !f.connection_lost => e.error = Some(f.text),
                        _ => out.failed(f),
                    },
                }
                self.start_load(cx, out);
            }
            Msg::Fetched {
                target,
                name,
                result,
            } => match result {
                Ok(row) if !row.is_null() => {
                    self.layer = Layer::Edit(Edit::new(target, name, &row))
                }
                Ok(_) => out.say(
                    tr(T::AdminGone, &[&crate::output::sanitize(&name)]),
                    Level::Warn,
                ),
                Err(f) => out.failed(f),
            },
            Msg::Counted { what, name, result } => match result {
                Ok(v) => {
                    let text = tr(
                        T::AdminAskArchive,
                        &[
                            &crate::output::sanitize(&name),
                            &v["areas"],
                            &v["rooms"],
                            &v["future_bookings"],
                        ],
                    );
                    self.layer = Layer::Confirm(Question {
                        text,
                        cmd: Cmd::Archive {
                            what,
                            name,
                            archived: true,
                        },
                    });
                }
                Err(f) => out.failed(f),
            },
        }
    }

    fn shown(&mut self, cx: &Ctx, out: &mut Out<Cmd>) {
        let n = sections(cx).len();
        if n > 0 && self.section >= n {
            self.section = 0;
        }
        if self.rows.is_none() {
            self.start_load(cx, out);
        }
    }

    fn reload(&mut self, cx: &Ctx, out: &mut Out<Cmd>) {
        if self.rows.is_some() {
            self.start_load(cx, out);
        }
    }

    fn changed(&mut self, cx: &Ctx, kinds: &[Kind], out: &mut Out<Cmd>) {
        if self.rows.is_some() && !kinds.is_empty() {
            self.start_load(cx, out);
        }
    }

    fn search_text(&self) -> Option<String> {
        Some(self.filter.clone())
    }

    fn search(&mut self, _cx: &Ctx, search: crate::tui::screen::Search) {
        use crate::tui::screen::Search;
        match search {
            Search::Typing(_) => {}
            Search::Done(text) => {
                self.filter = text;
                self.cursor = Cursor::default();
            }
            Search::Cleared => {
                self.filter.clear();
                self.cursor = Cursor::default();
            }
        }
    }

    fn shows(&self) -> Option<String> {
        Some(format!(
            "administration drawn with {} rows",
            self.rows.as_ref()?.len()
        ))
    }

    fn cancel(&mut self) -> Vec<crate::db::cancel::Slot> {
        self.load.cancel().into_iter().collect()
    }

    fn resized(&mut self, cx: &Ctx) {
        self.cursor
            .scroll_into_view(crate::tui::widgets::list::table_rows(cx.body.1));
    }

    fn draw(&self, cx: &Ctx, frame: &mut Frame, area: Rect) {
        view::draw(self, cx, frame, area);
    }
}

/// A refusal in the user's words, times in the installation's zone (a day's bookings).
fn failure_in(tz: chrono_tz::Tz) -> impl Fn(BookingError) -> Failure {
    move |e| match e {
        BookingError::Db(d) => d.into(),
        other => Failure {
            text: other.explain(tz),
            connection_lost: false,
        },
    }
}

fn failure(e: BookingError) -> Failure {
    failure_in(chrono_tz::UTC)(e)
}

async fn load(
    db: &crate::db::Database,
    section: Section,
    dir: &std::path::Path,
) -> Result<Value, BookingError> {
    match section {
        Section::Backups => Ok(Value::Array(
            crate::db::backup::list(dir)
                .into_iter()
                .map(|(file, size, modified)| {
                    let at: chrono::DateTime<chrono::Utc> = modified.into();
                    serde_json::json!({"file": file, "size": format!("{} KiB", size.div_ceil(1024)),
                                       "modified": at.to_rfc3339()})
                })
                .collect(),
        )),
        Section::Users => store::users(db).await,
        Section::Sites => store::sites(db).await,
        Section::Areas => store::areas(db).await,
        Section::Rooms => store::rooms(db).await,
        Section::Types => store::types(db).await,
        Section::Blocked => {
            let today = chrono::Local::now().date_naive();
            store::blocked(
                db,
                today - chrono::Duration::days(31),
                today + chrono::Duration::days(366),
            )
            .await
        }
        Section::Rights => store::rights(db).await,
        Section::Fields => store::all_fields(db).await,
        Section::Cycle => {
            store::cycle_days(
                db,
                chrono::Local::now().date_naive() - chrono::Duration::days(31),
            )
            .await
        }
        Section::Settings => store::settings(db).await,
        Section::Connections => {
            store::connections(db, chrono::Utc::now() - chrono::Duration::days(30), None).await
        }
        Section::Password => Ok(Value::Array(Vec::new())),
    }
}

/// Makes what a "new" form describes; `c` holds every field filled, read as its kind.
async fn create(
    db: &crate::db::Database,
    target: &Target,
    c: &serde_json::Map<String, Value>,
) -> Result<Value, BookingError> {
    let text = |k: &str| {
        c.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let date = |k: &str| {
        c.get(k)
            .and_then(Value::as_str)
            .and_then(|d| d.parse().ok())
    };
    match target {
        Target::NewSite => store::site_save(db, &text("code"), &text("name"), None).await,
        Target::NewArea => {
            let changes = serde_json::json!({"site": text("site"), "name": text("name")});
            store::area_save(db, None, &changes).await
        }
        Target::NewRoom => {
            let (area, _) = store::find_area(db, &text("area")).await?;
            store::room_add(db, area, &text("name"), &Value::Object(Default::default())).await
        }
        Target::NewType => {
            super::model::check_type(&text("letter"), &text("name"), &text("color"))
                .map_err(BookingError::BadInput)?;
            store::type_save(db, &text("letter"), &text("name"), &text("color"), None).await
        }
        Target::NewBlocked => {
            let day = date("day").ok_or_else(|| BookingError::BadInput(text("day")))?;
            let bookings = Some(text("bookings")).filter(|b| !b.is_empty());
            store::blocked_add(db, day, &text("reason"), bookings.as_deref(), date("to")).await
        }
        Target::NewCycle => {
            let day = date("day").ok_or_else(|| BookingError::BadInput(text("day")))?;
            let cycle = c.get("cycle").and_then(Value::as_i64).map(|n| n as i32);
            store::cycle_set(db, day, cycle).await
        }
        Target::NewField => {
            let (area, _) = store::find_area(db, &text("area")).await?;
            let choices: Vec<String> = text("choices")
                .split(['|', ','])
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_owned)
                .collect();
            let kind = Some(text("kind"))
                .filter(|k| !k.is_empty())
                .unwrap_or_else(|| "text".into());
            let mandatory = c.get("mandatory").and_then(Value::as_bool).unwrap_or(false);
            store::field_save(db, area, &text("name"), &kind, &choices, mandatory, None).await
        }
        Target::NewRight => {
            let (kind, login) = (text("kind"), text("login"));
            let on = store::right_target(db, &kind, &text("on")).await?;
            store::right(db, &kind, on, &login, true)
                .await
                .map(Value::Bool)
        }
        Target::Site(_)
        | Target::Area(_)
        | Target::Room(_)
        | Target::Type(_)
        | Target::Setting(_) => Ok(Value::Null),
    }
}

/// The screen's commands against the database.
pub async fn run(db: &crate::db::Database, cmd: Cmd) -> Msg {
    // A change may be refused with times (a blocked day's bookings): said in the zone.
    let tz = match cmd {
        Cmd::Load(..) => chrono_tz::UTC,
        _ => crate::booking::store::settings(db)
            .await
            .map_or(chrono_tz::UTC, |s| s.tz),
    };
    let said = |r: Result<String, BookingError>| Msg::Done(r.map_err(failure_in(tz)));
    match cmd {
        Cmd::Load(ticket, section, dir) => Msg::Loaded {
            id: ticket.id,
            section,
            result: ticket
                .slot
                .scope(async { load(db, section, &dir).await.map_err(failure) })
                .await,
        },
        Cmd::Backup(dir) => {
            let out = dir.join(crate::db::backup::default_name(db.name()));
            Msg::Done(
                crate::db::backup::backup(db, &out, |_, _, _| {})
                    .await
                    .map(|size| tr(T::BackupDone, &[&out.display(), &size]))
                    .map_err(|e| Failure {
                        text: e.to_string(),
                        connection_lost: false,
                    }),
            )
        }
        Cmd::Restore { file, into } => Msg::Done(
            crate::db::backup::restore(db, &file, &into, false, |_| {})
                .await
                .map(|()| tr(T::RestoreDone, &[&file.display(), &into]))
                .map_err(|e| Failure {
                    text: e.to_string(),
                    connection_lost: false,
                }),
        ),
        Cmd::Submit(Request::NewUser {
            login,
            name,
            email,
            status,
            password,
        }) => said(
            store::user_create(
                db,
                &login,
                &name,
                email.as_deref(),
                status,
                password.as_deref(),
            )
            .await
            .map(|_| {
                let status = crate::session::Status::parse(status)
                    .map_or(status, |s| s.label(crate::i18n::current()));
                tr(T::AdminUserAdded, &[&login, &status])
            }),
        ),
        Cmd::Submit(Request::Password {
            login: Some(login),
            password,
        }) => said(
            store::user_password(db, &login, &password)
                .await
                .map(|_| tr(T::AdminPasswordSet, &[&login])),
        ),
        Cmd::Submit(Request::Password {
            login: None,
            password,
        }) => said(
            store::own_password(db, &password)
                .await
                .map(|_| tr(T::AdminOwnPasswordSet, &[])),
        ),
        Cmd::Active { login, active } => {
            said(store::user_active(db, &login, active).await.map(|_| {
                tr(
                    if active {
                        T::AdminUserActivated
                    } else {
                        T::AdminUserDeactivated
                    },
                    &[&login],
                )
            }))
        }
        Cmd::TypeHidden { letter, hidden } => {
            said(store::type_hide(db, &letter, hidden).await.map(|_| {
                tr(
                    if hidden {
                        T::AdminTypeHidden
                    } else {
                        T::AdminTypeShown
                    },
                    &[&letter],
                )
            }))
        }
        Cmd::Fetch { target, name } => Msg::Fetched {
            result: store::row(db, &target).await.map_err(failure),
            target,
            name,
        },
        Cmd::Save {
            target,
            changes,
            values,
        } => {
            let value = |k: &str| {
                values
                    .iter()
                    .find(|(key, _)| *key == k)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let order = value("sort_order").parse::<i32>().ok();
            let saved = match &target {
                Target::Room(id) => store::room_set(db, *id, &Value::Object(changes)).await,
                Target::Area(id) => store::area_save(db, Some(*id), &Value::Object(changes)).await,
                Target::Site(code) => store::site_save(db, code, &value("name"), order).await,
                Target::Type(letter) => {
                    store::type_save(db, letter, &value("name"), &value("color"), order).await
                }
                Target::Setting(name) if name == "logins.disabled" => match value("value").as_str()
                {
                    "true" | "yes" | "oui" => store::logins(db, Some(false)).await,
                    "false" | "no" | "non" => store::logins(db, Some(true)).await,
                    other => Err(BookingError::BadInput(tr(T::EditYesNo, &[&name, &other]))),
                }
                .map(Value::Bool),
                Target::Setting(name) => crate::session::write_setting(db, name, &value("value"))
                    .await
                    .map(|()| Value::Null)
                    .map_err(|e| BookingError::BadInput(e.to_string())),
                new => create(db, new, &changes).await,
            };
            said(saved.map(|_| tr(T::AdminSaved, &[])))
        }
        Cmd::Remove(removal) => said(
            match removal {
                Removal::Right {
                    kind,
                    target,
                    login,
                } => store::right(db, &kind, target, &login, false)
                    .await
                    .map(|_| ()),
                Removal::Blocked(day) => store::blocked_remove(db, day).await.map(|_| ()),
                Removal::Cycle(day) => store::cycle_set(db, day, None).await.map(|_| ()),
                Removal::Field { area, name } => {
                    store::field_remove(db, area, &name).await.map(|_| ())
                }
            }
            .map(|()| tr(T::AdminRemoved, &[])),
        ),
        Cmd::Count { what, name } => Msg::Counted {
            result: store::archive(db, what.clone(), true, true)
                .await
                .map_err(failure),
            what,
            name,
        },
        Cmd::Archive {
            what,
            name,
            archived,
        } => said(store::archive(db, what, archived, false).await.map(|v| {
            if archived {
                tr(
                    T::AdminArchived,
                    &[&name, &v["areas"], &v["rooms"], &v["future_bookings"]],
                )
            } else {
                tr(T::AdminRestored, &[&name])
            }
        })),
    }
}
