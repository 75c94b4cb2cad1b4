//! The correlation screen: moving, marking, filtering and sorting happen in memory (`pane`);
//! each decision is one command, remembered for undo; the data reloads after each write and
//! on another administrator's change. `effects` writes, `view` draws.

pub mod effects;
pub mod pane;
pub mod view;

use ratatui::layout::Rect;
use ratatui::Frame;

use self::pane::{CorrelationPane, Side, Undo};
use crate::correlation::model::apply::Decision;
use crate::correlation::model::cascade::Rule;
use crate::correlation::model::ldif::Attributes;
use crate::db::listen::Kind;
use crate::i18n::{fill, T};
use crate::tui::job::{Latest, Reply, Ticket};
use crate::tui::keymap::{Action, Context};
use crate::tui::screen::{Ctx, Failure, KeyIn, Level, Out, Screen, Search};

#[derive(Debug, Default)]
pub struct State {
    pub pane: CorrelationPane,
    load: Latest,
}

#[derive(Debug)]
pub enum Msg {
    Loaded {
        id: u64,
        result: Result<Box<crate::correlation::store::State>, Failure>,
    },
    /// A decision was written (Ok) or refused (Err, the reason).
    Done(Result<(), String>),
    Attrs {
        login: String,
        attrs: Attributes,
    },
}

#[derive(Clone, Debug)]
pub enum Cmd {
    Load(Ticket),
    LoadAttrs {
        login: String,
    },
    Link {
        login: String,
        person_id: i64,
    },
    Decide {
        logins: Vec<String>,
        decision: Decision,
    },
    Forget,
    Restore(Vec<(String, Option<Decision>)>),
    Unlink {
        login: String,
        replaced: Vec<(String, i64, Rule)>,
    },
}

const MAIN: &[Context] = &[Context::Correlation, Context::List];
const ASKING: &[Context] = &[Context::Confirm];

impl State {
    fn load(&mut self, out: &mut Out<Cmd>) {
        out.run(Cmd::Load(self.load.start()));
    }

    fn rows(cx: &Ctx) -> usize {
        view::visible_rows(cx.body.1)
    }

    /// The decisions `logins` have now, for undo.
    fn current_decisions(&self, logins: &[String]) -> Vec<(String, Option<Decision>)> {
        let decisions = self.pane.state.as_ref().map(|s| &s.decisions);
        logins
            .iter()
            .map(|l| (l.clone(), decisions.and_then(|d| d.get(l).copied())))
            .collect()
    }

    fn link(&mut self, login: String, person_id: i64, out: &mut Out<Cmd>) {
        let replaced = self
            .pane
            .state
            .as_ref()
            .map(|s| {
                s.links
                    .iter()
                    .filter(|(l, (id, _))| **l == login || *id == person_id)
                    .map(|(l, (id, rule))| (l.clone(), *id, *rule))
                    .collect()
            })
            .unwrap_or_default();
        let previous = self.current_decisions(std::slice::from_ref(&login));
        self.pane.undo.push(Undo::Decisions(previous));
        self.pane.undo.push(Undo::Link {
            login: login.clone(),
            replaced,
        });
        self.pane.marked_left.clear();
        self.pane.marked_right.clear();
        out.run(Cmd::Link { login, person_id });
    }

    /// The answer to "forget every decision?".
    fn answer_forget(&mut self, action: Action, out: &mut Out<Cmd>) {
        self.pane.confirm_forget = false;
        out.quiet();
        if matches!(action, Action::Yes | Action::Confirm) {
            let all: Vec<String> = self
                .pane
                .state
                .as_ref()
                .map(|s| s.decisions.keys().cloned().collect())
                .unwrap_or_default();
            let previous = self.current_decisions(&all);
            self.pane.undo.push(Undo::Decisions(previous));
            out.run(Cmd::Forget);
        }
    }

    fn act(&mut self, cx: &Ctx, action: Action, out: &mut Out<Cmd>) -> bool {
        let rows = Self::rows(cx);
        let pane = &mut self.pane;
        let side = match pane.focus {
            Side::Left => &mut pane.left,
            Side::Right => &mut pane.right,
        };
        if side.cursor.step(action, side.rows.len(), rows) {
            pane.refresh_suggestions();
            return true;
        }
        match action {
            Action::Left => pane.focus = Side::Left,
            Action::Right => pane.focus = Side::Right,
            Action::Mark => {
                pane.toggle_mark();
                let side = match pane.focus {
                    Side::Left => &mut pane.left,
                    Side::Right => &mut pane.right,
                };
                side.move_by(1, rows);
            }
            Action::MarkCategory => pane.mark_category(),
            Action::Sort => {
                side.sort = side.sort.next();
                pane.rebuild();
            }
            Action::Filter => {
                pane.filter = pane.filter.next();
                pane.rebuild();
            }
            Action::Cancel => {
                pane.marked_left.clear();
                pane.marked_right.clear();
                if !pane.search.is_empty() {
                    pane.search.clear();
                    pane.rebuild();
                }
                out.quiet();
            }
            Action::Refresh => self.load(out),
            Action::Link => {
                let logins = pane.chosen_logins();
                match (logins.as_slice(), pane.chosen_person()) {
                    ([login], Some(person)) => {
                        let login = login.clone();
                        self.link(login, person, out);
                    }
                    _ => out.say(T::CorrelationNeedsBoth.text(cx.lang), Level::Warn),
                }
            }
            Action::LinkSuggestion => {
                pane.refresh_suggestions();
                let top = pane.suggestions.as_ref().and_then(|(login, found)| {
                    let s = pane.state.as_ref()?;
                    Some((login.clone(), s.people[found.first()?.person].id))
                });
                match (top, pane.selected_account()) {
                    (Some((login, person)), _) => self.link(login, person, out),
                    (None, None) => out.say(T::CorrelationNoAccount.text(cx.lang), Level::Info),
                    (None, Some((_, account))) => {
                        let login = crate::output::sanitize(&account.login).into_owned();
                        let linked = pane
                            .state
                            .as_ref()
                            .is_some_and(|s| s.links.contains_key(&account.login));
                        let text = if linked {
                            fill(
                                T::CorrelationAlreadyLinked.text(cx.lang),
                                &[&login, &cx.keys(MAIN, Action::Forget)],
                            )
                        } else {
                            fill(
                                T::CorrelationNoSuggestion.text(cx.lang),
                                &[&login, &cx.keys(MAIN, Action::Link)],
                            )
                        };
                        out.say(text, Level::Info);
                    }
                }
            }
            Action::Keep | Action::KeepAlways | Action::Delete => {
                let logins = pane.chosen_logins();
                if !logins.is_empty() {
                    let decision = match action {
                        Action::Keep => Decision::Keep,
                        Action::KeepAlways => Decision::KeepAlways,
                        _ => Decision::Delete,
                    };
                    let previous = self.current_decisions(&logins);
                    self.pane.undo.push(Undo::Decisions(previous));
                    self.pane.marked_left.clear();
                    self.pane.left.move_by(1, rows);
                    out.run(Cmd::Decide { logins, decision });
                }
            }
            Action::Forget => {
                pane.confirm_forget = true;
                let text = fill(
                    T::CorrelationForgetAsk.text(cx.lang),
                    &[&cx.keys(ASKING, Action::Yes), &cx.keys(ASKING, Action::No)],
                );
                out.say(text, Level::Warn);
            }
            Action::Undo => match pane.undo.pop() {
                Some(Undo::Decisions(previous)) => out.run(Cmd::Restore(previous)),
                Some(Undo::Link { login, replaced }) => {
                    // A link's undo also puts back the decision it cleared.
                    out.run(Cmd::Unlink { login, replaced });
                    if let Some(Undo::Decisions(previous)) = pane.undo.pop() {
                        out.run(Cmd::Restore(previous));
                    }
                }
                None => out.say(T::CorrelationNothingToUndo.text(cx.lang), Level::Info),
            },
            _ => return false,
        }
        self.pane.refresh_suggestions();
        true
    }

    fn loaded(&mut self, cx: &Ctx, state: crate::correlation::store::State) {
        self.pane.set_state(state);
        let rows = Self::rows(cx);
        self.pane.left.move_by(0, rows);
        self.pane.right.move_by(0, rows);
        self.pane.refresh_suggestions();
    }
}

impl Screen for State {
    type Msg = Msg;
    type Cmd = Cmd;

    fn contexts(&self) -> &'static [Context] {
        if self.pane.confirm_forget {
            ASKING
        } else {
            MAIN
        }
    }

    fn layer_open(&self) -> bool {
        self.pane.confirm_forget
    }

    fn busy(&self) -> bool {
        self.load.is_running()
    }

    fn key(&mut self, cx: &Ctx, key: KeyIn, out: &mut Out<Cmd>) -> bool {
        let Some(action) = key.action else {
            return self.pane.confirm_forget;
        };
        if self.pane.confirm_forget {
            self.answer_forget(action, out);
            return true;
        }
        self.act(cx, action, out)
    }

    fn update(&mut self, cx: &Ctx, msg: Msg, out: &mut Out<Cmd>) {
        match msg {
            Msg::Loaded { id, result } => {
                if let Reply::Use { again } = self.load.reply(id) {
                    match result {
                        Ok(state) => self.loaded(cx, *state),
                        Err(f) => out.failed(f),
                    }
                    if again {
                        self.load(out);
                    }
                }
            }
            Msg::Attrs { login, attrs } => self.pane.attrs = Some((login, attrs)),
            Msg::Done(result) => {
                if let Err(text) = result {
                    out.say(text, Level::Error);
                }
                self.load(out);
            }
        }
    }

    fn shown(&mut self, _cx: &Ctx, out: &mut Out<Cmd>) {
        let loaded = self.pane.state.is_some();
        out.cmds.extend(self.load.when_shown(loaded).map(Cmd::Load));
    }

    fn reload(&mut self, _cx: &Ctx, out: &mut Out<Cmd>) {
        let loaded = self.pane.state.is_some();
        out.cmds
            .extend(self.load.when_reloaded(loaded).map(Cmd::Load));
    }

    /// Another session changed correlation rows: reload what is shown, one load at a time.
    fn changed(&mut self, _cx: &Ctx, kinds: &[Kind], out: &mut Out<Cmd>) {
        let loaded = self.pane.state.is_some() && kinds.contains(&Kind::Correlation);
        out.cmds
            .extend(self.load.when_changed(loaded).map(Cmd::Load));
    }

    fn shows(&self) -> Option<String> {
        let state = self.pane.state.as_ref()?;
        Some(format!(
            "correlation drawn with {} accounts and {} people",
            state.accounts.len(),
            state.people.len()
        ))
    }

    fn search_text(&self) -> Option<String> {
        Some(self.pane.search.clone())
    }

    /// Both columns filter as you type.
    fn search(&mut self, _cx: &Ctx, search: Search) {
        self.pane.search = match search {
            Search::Typing(text) | Search::Done(text) => text,
            Search::Cleared => String::new(),
        };
        self.pane.rebuild();
    }

    fn cancel(&mut self) -> Vec<crate::db::cancel::Slot> {
        self.load.cancel().into_iter().collect()
    }

    fn tick(&mut self, _cx: &Ctx, out: &mut Out<Cmd>) {
        if let Some(login) = self.pane.settle() {
            out.run(Cmd::LoadAttrs { login });
        }
    }

    fn draw(&self, cx: &Ctx, frame: &mut Frame, area: Rect) {
        view::draw(
            &self.pane,
            cx.denied_people(),
            cx.lang,
            cx.theme,
            frame,
            area,
        );
    }
}
