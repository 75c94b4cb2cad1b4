//! The Imports screen: the runs list, and the wizard that opens over it as a layer.
//!
//! - `wizard`: the wizard's steps (file, kind, columns, preview, check, run, report), pure.
//! - `effects`: its commands run (reading the file's first rows, checking it, the run).
//! - `view`: drawing the list and the wizard.

pub mod effects;
pub mod view;
pub mod wizard;

use std::path::PathBuf;

use ratatui::layout::Rect;
use ratatui::Frame;

use self::view::ImportsPane;
use self::wizard::{
    CheckSummary, Input, Loading, Outcome, PreviewData, RunFailure, Step, Wizard, WizardCmd,
};
use crate::db::listen::Kind;
use crate::import::model::dates::DateOrder;
use crate::import::model::report::Report;
use crate::import::store::RunRow;
use crate::tui::job::{Latest, Reply, Ticket};
use crate::tui::keymap::{Action, Context};
use crate::tui::screen::{Ctx, Failure, KeyIn, Out, Screen};

#[derive(Debug, Default)]
pub struct State {
    pub pane: ImportsPane,
    runs: Latest,
}

#[derive(Debug)]
pub enum Msg {
    Runs {
        id: u64,
        result: Result<Vec<RunRow>, Failure>,
    },
    Report(Result<Box<Report>, Failure>),
    Previewed {
        path: PathBuf,
        result: Result<Box<PreviewData>, String>,
    },
    Checked {
        path: PathBuf,
        result: Result<CheckSummary, String>,
    },
    Progress {
        done: u64,
        total: u64,
    },
    Finished(Result<Box<Report>, RunFailure>),
    Headers {
        path: PathBuf,
        result: Result<Vec<String>, String>,
    },
    /// The mapping's name, or why it could not be saved.
    MappingSaved(Result<String, String>),
}

#[derive(Clone, Debug)]
pub enum Cmd {
    LoadRuns(Ticket),
    LoadReport { id: i64 },
    Wizard(WizardCmd),
}

const LIST: &[Context] = &[Context::Imports, Context::List];

impl State {
    fn load_runs(&mut self, out: &mut Out<Cmd>) {
        out.run(Cmd::LoadRuns(self.runs.start()));
    }

    fn new_wizard(cx: &Ctx) -> Wizard {
        let order = cx
            .session
            .and_then(|s| DateOrder::parse(&s.import_date_order))
            .unwrap_or(DateOrder::Dmy);
        Wizard::new(cx.start_dir.to_path_buf(), cx.today(), order)
    }

    fn page(cx: &Ctx) -> usize {
        crate::tui::widgets::list::table_rows(cx.body.1).max(1)
    }

    fn wizard_key(&mut self, cx: &Ctx, key: KeyIn, out: &mut Out<Cmd>) {
        let Some(wizard) = &mut self.pane.wizard else {
            return;
        };
        if wizard.naming.is_some() {
            out.cmds
                .extend(wizard.type_name(&key).into_iter().map(Cmd::Wizard));
            return;
        }
        let input = match key.action {
            Some(Action::Up) => Input::Up,
            Some(Action::Down) => Input::Down,
            Some(Action::PageUp | Action::HalfPageUp) => Input::PageUp,
            Some(Action::PageDown | Action::HalfPageDown) => Input::PageDown,
            Some(Action::First) => Input::First,
            Some(Action::Last) => Input::Last,
            Some(Action::Confirm) => Input::Confirm,
            Some(Action::Cancel) => Input::Back,
            Some(Action::ParentFolder | Action::Left) => Input::Parent,
            Some(Action::CycleEncoding) => Input::CycleEncoding,
            Some(Action::CycleDelimiter) => Input::CycleDelimiter,
            Some(Action::CycleDateOrder) => Input::CycleDateOrder,
            Some(Action::MapColumns) => Input::MapColumns,
            Some(Action::SaveMapping) => Input::SaveMapping,
            Some(Action::Right) => Input::Next,
            _ => return,
        };
        match wizard.input(input, Self::page(cx)) {
            Outcome::Stay(cmds) => out.cmds.extend(cmds.into_iter().map(Cmd::Wizard)),
            Outcome::Closed { imported } => {
                self.pane.wizard = None;
                if imported {
                    self.load_runs(out);
                }
            }
        }
    }
}

impl Screen for State {
    type Msg = Msg;
    type Cmd = Cmd;

    fn shows(&self) -> Option<String> {
        let runs = self.pane.runs.as_ref()?;
        Some(format!("imports drawn with {} runs", runs.len()))
    }

    fn contexts(&self) -> &'static [Context] {
        match &self.pane.wizard {
            Some(w) if w.naming.is_some() => &[],
            _ => LIST,
        }
    }

    fn layer_open(&self) -> bool {
        self.pane.wizard.is_some()
    }

    fn typing(&self) -> bool {
        self.pane
            .wizard
            .as_ref()
            .is_some_and(|w| w.naming.is_some())
    }

    fn busy(&self) -> bool {
        self.runs.is_running()
    }

    fn key(&mut self, cx: &Ctx, key: KeyIn, out: &mut Out<Cmd>) -> bool {
        if self.pane.wizard.is_some() {
            self.wizard_key(cx, key, out);
            return true;
        }
        let Some(action) = key.action else {
            return false;
        };
        let count = self.pane.runs.as_ref().map(Vec::len).unwrap_or(0);
        if self.pane.cursor.step(action, count, Self::page(cx)) {
            return true;
        }
        match action {
            Action::NewImport if cx.denied_people() => {}
            Action::NewImport => self.pane.wizard = Some(Self::new_wizard(cx)),
            Action::Confirm => {
                let chosen = self.pane.runs.as_ref();
                if let Some(run) = chosen.and_then(|r| r.get(self.pane.cursor.selected)) {
                    out.run(Cmd::LoadReport { id: run.id });
                }
            }
            Action::Refresh => self.load_runs(out),
            _ => return false,
        }
        true
    }

    fn update(&mut self, cx: &Ctx, msg: Msg, out: &mut Out<Cmd>) {
        let wizard = self.pane.wizard.as_mut();
        match msg {
            Msg::Runs { id, result } => {
                if let Reply::Use { .. } = self.runs.reply(id) {
                    match result {
                        Ok(runs) => {
                            self.pane.cursor.clamp(runs.len());
                            self.pane.runs = Some(runs);
                        }
                        Err(f) => out.failed(f),
                    }
                }
            }
            Msg::Report(Ok(report)) => {
                let mut wizard = Self::new_wizard(cx);
                wizard.step = Step::Finished {
                    result: Loading::Ready(report),
                    scroll: 0,
                };
                self.pane.wizard = Some(wizard);
            }
            Msg::Report(Err(f)) => out.failed(f),
            Msg::Previewed { path, result } => {
                if let Some(w) = wizard {
                    w.previewed(&path, result.map(|b| *b));
                }
            }
            Msg::Checked { path, result } => {
                if let Some(w) = wizard {
                    w.checked(&path, result);
                }
            }
            Msg::Progress { done, total } => {
                if let Some(w) = wizard {
                    w.progressed(done, total);
                }
            }
            Msg::Headers { path, result } => {
                if let Some(w) = wizard {
                    w.headers_read(&path, result);
                }
            }
            Msg::MappingSaved(result) => {
                if let Some(w) = wizard {
                    w.mapping_saved(result);
                }
            }
            Msg::Finished(result) => {
                if let Some(w) = wizard {
                    w.finished(result.map(|b| *b));
                }
            }
        }
    }

    fn shown(&mut self, _cx: &Ctx, out: &mut Out<Cmd>) {
        let loaded = self.pane.runs.is_some();
        out.cmds
            .extend(self.runs.when_shown(loaded).map(Cmd::LoadRuns));
    }

    fn reload(&mut self, _cx: &Ctx, out: &mut Out<Cmd>) {
        let loaded = self.pane.runs.is_some();
        out.cmds
            .extend(self.runs.when_reloaded(loaded).map(Cmd::LoadRuns));
    }

    fn changed(&mut self, _cx: &Ctx, kinds: &[Kind], out: &mut Out<Cmd>) {
        let loaded = self.pane.runs.is_some() && kinds.contains(&Kind::ImportRuns);
        out.cmds
            .extend(self.runs.when_changed(loaded).map(Cmd::LoadRuns));
    }

    fn cancel(&mut self) -> Vec<crate::db::cancel::Slot> {
        self.runs.cancel().into_iter().collect()
    }

    fn draw(&self, cx: &Ctx, frame: &mut Frame, area: Rect) {
        let look = view::Look {
            lang: cx.lang,
            theme: cx.theme,
            keymap: cx.keymap,
            tz: cx.tz(),
            denied: cx.denied_people(),
        };
        view::draw(&self.pane, &look, frame, area);
    }
}
