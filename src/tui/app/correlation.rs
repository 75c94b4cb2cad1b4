//! The correlation session's part of `update`: moving, marking, filtering and sorting happen
//! in memory; each decision is one command, remembered for undo; the data reloads after each
//! write and on another administrator's change (NOTIFY).

use super::{App, Cmd, Level, Message, Overlay};
use crate::correlation::apply::Decision;
use crate::correlation::pane::{Side, Undo};
use crate::i18n::{fill, T};
use crate::tui::keymap::Action;

#[derive(Clone, Debug)]
pub enum CorrelationCmd {
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
        replaced: Vec<(String, i64, crate::correlation::cascade::Rule)>,
    },
}

impl App {
    pub(super) fn reload_correlation(&mut self) -> Cmd {
        let request = self.request();
        self.latest_correlation = request;
        Cmd::LoadCorrelation { request }
    }

    fn correlation_rows(&self) -> usize {
        crate::correlation::view::visible_rows(self.size.1.saturating_sub(2))
    }

    fn tell(&mut self, text: String, level: Level) {
        self.message = Some(Message { text, level });
    }

    /// The decisions `logins` have now, for undo.
    fn current_decisions(&self, logins: &[String]) -> Vec<(String, Option<Decision>)> {
        let decisions = self.correlation.state.as_ref().map(|s| &s.decisions);
        logins
            .iter()
            .map(|l| (l.clone(), decisions.and_then(|d| d.get(l).copied())))
            .collect()
    }

    fn link_cmd(&mut self, login: String, person_id: i64) -> Vec<Cmd> {
        let replaced = self
            .correlation
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
        self.correlation.undo.push(Undo::Decisions(previous));
        self.correlation.undo.push(Undo::Link {
            login: login.clone(),
            replaced,
        });
        self.correlation.marked_left.clear();
        self.correlation.marked_right.clear();
        vec![Cmd::Correlate(CorrelationCmd::Link { login, person_id })]
    }

    pub(super) fn perform_correlation(&mut self, action: Action) -> Vec<Cmd> {
        let rows = self.correlation_rows();
        if self.correlation.confirm_forget {
            self.correlation.confirm_forget = false;
            self.message = None;
            if matches!(
                action,
                Action::Yes | Action::Confirm | Action::LinkSuggestion
            ) {
                let all: Vec<String> = self
                    .correlation
                    .state
                    .as_ref()
                    .map(|s| s.decisions.keys().cloned().collect())
                    .unwrap_or_default();
                let previous = self.current_decisions(&all);
                self.correlation.undo.push(Undo::Decisions(previous));
                return vec![Cmd::Correlate(CorrelationCmd::Forget)];
            }
            return Vec::new();
        }
        let page = rows.max(1) as isize;
        let pane = &mut self.correlation;
        let side = match pane.focus {
            Side::Left => &mut pane.left,
            Side::Right => &mut pane.right,
        };
        match action {
            Action::Up => side.move_by(-1, rows),
            Action::Down => side.move_by(1, rows),
            Action::PageUp | Action::HalfPageUp => side.move_by(-page, rows),
            Action::PageDown | Action::HalfPageDown => side.move_by(page, rows),
            Action::First => side.move_by(isize::MIN / 2, rows),
            Action::Last => side.move_by(isize::MAX / 2, rows),
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
            Action::Search => {
                let query = pane.search.clone();
                self.overlay = Overlay::Search { query };
                return Vec::new();
            }
            Action::Cancel => {
                pane.marked_left.clear();
                pane.marked_right.clear();
                if !pane.search.is_empty() {
                    pane.search.clear();
                    pane.rebuild();
                }
                self.message = None;
            }
            Action::Refresh => return vec![self.reload_correlation()],
            Action::Link => {
                let logins = pane.chosen_logins();
                let person = pane.chosen_person();
                match (logins.as_slice(), person) {
                    ([login], Some(person)) => {
                        let login = login.clone();
                        return self.link_cmd(login, person);
                    }
                    _ => self.tell(T::CorrelationNeedsBoth.text(self.lang).into(), Level::Warn),
                }
            }
            Action::LinkSuggestion => {
                pane.refresh_suggestions();
                let top = pane.suggestions.as_ref().and_then(|(login, found)| {
                    let s = pane.state.as_ref()?;
                    Some((login.clone(), s.people[found.first()?.person].id))
                });
                if let Some((login, person)) = top {
                    return self.link_cmd(login, person);
                }
            }
            Action::Keep | Action::KeepAlways | Action::Delete => {
                let logins = pane.chosen_logins();
                if logins.is_empty() {
                    return Vec::new();
                }
                let decision = match action {
                    Action::Keep => Decision::Keep,
                    Action::KeepAlways => Decision::KeepAlways,
                    _ => Decision::Delete,
                };
                let previous = self.current_decisions(&logins);
                self.correlation.undo.push(Undo::Decisions(previous));
                self.correlation.marked_left.clear();
                self.correlation.left.move_by(1, rows);
                return vec![Cmd::Correlate(CorrelationCmd::Decide { logins, decision })];
            }
            Action::Forget => {
                pane.confirm_forget = true;
                let keys = |a| {
                    self.keymap
                        .keys_for(crate::tui::keymap::Context::Confirm, a)
                        .unwrap_or_default()
                };
                let text = fill(
                    T::CorrelationForgetAsk.text(self.lang),
                    &[&keys(Action::Yes), &keys(Action::No)],
                );
                self.tell(text, Level::Warn);
            }
            Action::Undo => match pane.undo.pop() {
                Some(Undo::Decisions(previous)) => {
                    return vec![Cmd::Correlate(CorrelationCmd::Restore(previous))]
                }
                Some(Undo::Link { login, replaced }) => {
                    // A link's undo also puts back the decision it cleared.
                    let mut cmds = vec![Cmd::Correlate(CorrelationCmd::Unlink { login, replaced })];
                    if let Some(Undo::Decisions(previous)) = pane.undo.pop() {
                        cmds.push(Cmd::Correlate(CorrelationCmd::Restore(previous)));
                    }
                    return cmds;
                }
                None => self.tell(
                    T::CorrelationNothingToUndo.text(self.lang).into(),
                    Level::Info,
                ),
            },
            _ => {}
        }
        self.correlation.refresh_suggestions();
        Vec::new()
    }

    pub(super) fn correlation_loaded(&mut self, state: crate::correlation::store::State) {
        self.correlation.set_state(state);
        let rows = self.correlation_rows();
        self.correlation.left.move_by(0, rows);
        self.correlation.right.move_by(0, rows);
        self.correlation.refresh_suggestions();
    }
}
