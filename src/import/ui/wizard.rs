//! The import wizard's state and transitions: kind → file → preview (encoding, delimiter and
//! date order changeable) → check (rejected rows browsable) → run (progress) → report.
//! No terminal, no SQL: the app turns the returned [`WizardCmd`]s into background work and
//! feeds the answers back. Cancelling before the run writes nothing; cancelling during it
//! rolls its transaction back.

use crate::tui::screen::KeyIn;
use crate::tui::widgets::input::{Edit, TextInput};
use crate::tui::widgets::list::Cursor;
use std::path::{Path, PathBuf};

use crate::import::model::dates::DateOrder;
use crate::import::model::decode::{Encoding, ReadOptions};
use crate::import::model::fields::{map_headers_with, specs, Field, Kind};
use crate::import::model::report::Report;
use crate::import::model::validate::Problem;
use crate::import::run::{describe, ImportOptions, Prepared};

/// A line of the file browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
    pub size: u64,
}

/// Folders first (with `..`), then the csv and txt files, by name.
pub fn list_dir(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut entries: Vec<Entry> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            let name = e.file_name().to_string_lossy().into_owned();
            let wanted = meta.is_dir()
                || Path::new(&name).extension().is_some_and(|x| {
                    x.eq_ignore_ascii_case("csv") || x.eq_ignore_ascii_case("txt")
                });
            (wanted && !name.starts_with('.')).then(|| Entry {
                name,
                is_dir: meta.is_dir(),
                size: meta.len(),
            })
        })
        .collect();
    entries.sort_by(|a, b| {
        b.is_dir
            .cmp(&a.is_dir)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    if dir.parent().is_some() {
        entries.insert(
            0,
            Entry {
                name: "..".into(),
                is_dir: true,
                size: 0,
            },
        );
    }
    Ok(entries)
}

/// What pass 1 decided and the first rows as parsed: what a preview is made from.
pub type PreviewData = (Prepared, Vec<(u64, Vec<String>)>);

/// What the preview shows: the mapping (as a report skeleton) and the first rows.
#[derive(Clone, Debug)]
pub struct Preview {
    pub prepared: Prepared,
    pub description: Report,
    pub rows: Vec<(u64, Vec<String>)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckSummary {
    pub rows: u64,
    pub rejected: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// How the file is read; `None` means detected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choices {
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    pub date_order: DateOrder,
}

impl Default for Choices {
    fn default() -> Choices {
        Choices {
            encoding: None,
            delimiter: None,
            date_order: DateOrder::Dmy,
        }
    }
}

impl Choices {
    /// The options of a run: these choices, and the columns mapped by hand.
    pub fn options(
        &self,
        kind: Kind,
        today: chrono::NaiveDate,
        columns: &[(String, Field)],
    ) -> ImportOptions {
        ImportOptions {
            read: ReadOptions {
                encoding: self.encoding,
                delimiter: self.delimiter,
            },
            date_order: self.date_order,
            columns: columns.to_vec(),
            ..ImportOptions::new(kind, today)
        }
    }
}

#[derive(Clone, Debug)]
pub enum Loading<T> {
    Pending,
    Ready(Box<T>),
    Failed(String),
}

#[derive(Clone, Debug)]
pub enum Step {
    Kind {
        cursor: Cursor,
    },
    Browse {
        kind: Kind,
        dir: PathBuf,
        entries: Vec<Entry>,
        cursor: Cursor,
        error: Option<String>,
    },
    Preview {
        kind: Kind,
        path: PathBuf,
        choices: Choices,
        preview: Loading<Preview>,
    },
    Check {
        kind: Kind,
        path: PathBuf,
        choices: Choices,
        preview: Box<Preview>,
        summary: Loading<CheckSummary>,
        cursor: Cursor,
    },
    /// Which field each column of the file holds, chosen by hand.
    Columns {
        kind: Kind,
        path: PathBuf,
        choices: Choices,
        headers: Vec<String>,
        fields: Vec<Option<Field>>,
        cursor: Cursor,
    },
    Running {
        kind: Kind,
        path: PathBuf,
        choices: Choices,
        done: u64,
        total: u64,
    },
    /// The run would mark more people inactive than the guard lets through without a word:
    /// nothing was written; the user sees how many and who, and may confirm.
    ConfirmDeactivation {
        kind: Kind,
        path: PathBuf,
        choices: Choices,
        refused: Box<crate::import::model::guard::Refused>,
    },
    Finished {
        result: Loading<Report>,
        scroll: usize,
    },
}

/// Why a run did not finish.
#[derive(Clone, Debug)]
pub enum RunFailure {
    /// The guard wants a confirmation (see `guard`).
    Deactivation(Box<crate::import::model::guard::Refused>),
    Other(String),
}

/// Background work the wizard asks for.
#[derive(Clone, Debug)]
pub enum WizardCmd {
    /// Read the header line of `path`.
    Headers {
        path: PathBuf,
        options: ImportOptions,
    },
    /// Save a column mapping under a name.
    SaveMapping {
        name: String,
        kind: Kind,
        columns: Vec<(String, Field)>,
    },
    Preview {
        path: PathBuf,
        options: ImportOptions,
    },
    Check {
        path: PathBuf,
        prepared: Box<Prepared>,
    },
    Run {
        path: PathBuf,
        options: ImportOptions,
    },
    /// Abort the running import (its transaction rolls back).
    Cancel,
}

/// What the wizard understands, already resolved from keys by the app's keymap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Confirm,
    Back,
    Parent,
    CycleEncoding,
    CycleDelimiter,
    CycleDateOrder,
    /// The next field for a column (→); `Parent` (←) is the previous one there.
    Next,
    MapColumns,
    SaveMapping,
}

#[derive(Clone, Debug)]
pub struct Wizard {
    pub step: Step,
    pub start_dir: PathBuf,
    pub today: chrono::NaiveDate,
    /// The installation's default order for slash dates (the `o` key changes it).
    pub date_order: DateOrder,
    /// Columns mapped by hand for the chosen file (header → field).
    pub columns: Vec<(String, Field)>,
    /// The name being typed to save the mapping under, when saving.
    pub naming: Option<TextInput>,
    /// What the last save said.
    pub saved: Option<String>,
}

/// What an input did to the wizard.
pub enum Outcome {
    Stay(Vec<WizardCmd>),
    /// Closed; `imported` when a run committed (the runs list should reload).
    Closed {
        imported: bool,
    },
}

const KINDS: [Kind; 2] = [Kind::Student, Kind::Staff];

impl Wizard {
    pub fn new(start_dir: PathBuf, today: chrono::NaiveDate, date_order: DateOrder) -> Wizard {
        Wizard {
            step: Step::Kind {
                cursor: Cursor::default(),
            },
            start_dir,
            today,
            date_order,
            columns: Vec::new(),
            naming: None,
            saved: None,
        }
    }

    fn start_run(
        &mut self,
        kind: Kind,
        path: PathBuf,
        choices: Choices,
        options: ImportOptions,
    ) -> Outcome {
        self.step = Step::Running {
            kind,
            path: path.clone(),
            choices,
            done: 0,
            total: 0,
        };
        Outcome::Stay(vec![WizardCmd::Run { path, options }])
    }

    /// The header line arrived: each column with the field it holds now (by hand, or by name).
    pub fn headers_read(&mut self, path: &Path, result: Result<Vec<String>, String>) {
        let Step::Preview {
            kind,
            path: p,
            choices,
            ..
        } = &self.step
        else {
            return;
        };
        if p != path {
            return;
        }
        match result {
            Ok(headers) => {
                let map = map_headers_with(*kind, &headers, &self.columns);
                let fields = (0..headers.len())
                    .map(|i| {
                        map.columns
                            .iter()
                            .find(|(_, c, _)| *c == i)
                            .map(|(f, _, _)| *f)
                    })
                    .collect();
                self.step = Step::Columns {
                    kind: *kind,
                    path: p.clone(),
                    choices: *choices,
                    headers,
                    fields,
                    cursor: Cursor::default(),
                };
            }
            Err(e) => {
                if let Step::Preview { preview, .. } = &mut self.step {
                    *preview = Loading::Failed(e);
                }
            }
        }
    }

    /// A key while the mapping's name is typed (at most 80 characters).
    pub fn type_name(&mut self, key: &KeyIn) -> Vec<WizardCmd> {
        let Some(input) = &mut self.naming else {
            return Vec::new();
        };
        if key.typed.is_some() && input.text.chars().count() >= 80 {
            return Vec::new();
        }
        match input.key(key) {
            Edit::Changed | Edit::Ignored => Vec::new(),
            Edit::Cancelled => {
                self.naming = None;
                Vec::new()
            }
            Edit::Done(typed) => {
                let name = typed.trim().to_owned();
                let kind = match &self.step {
                    Step::Columns { kind, .. } | Step::Preview { kind, .. } => *kind,
                    _ => return Vec::new(),
                };
                if name.is_empty() {
                    *input = TextInput::new(typed);
                    return Vec::new();
                }
                self.naming = None;
                self.columns = self.hand_columns();
                vec![WizardCmd::SaveMapping {
                    name,
                    kind,
                    columns: self.columns.clone(),
                }]
            }
        }
    }

    /// The columns as the Columns step shows them now (or as mapped before).
    fn hand_columns(&self) -> Vec<(String, Field)> {
        match &self.step {
            Step::Columns {
                headers, fields, ..
            } => headers
                .iter()
                .zip(fields)
                .filter_map(|(h, f)| Some((h.clone(), (*f)?)))
                .collect(),
            _ => self.columns.clone(),
        }
    }

    pub fn mapping_saved(&mut self, result: Result<String, String>) {
        self.saved = Some(match result {
            Ok(name) => crate::i18n::tr(crate::i18n::T::WizardMappingSaved, &[&name]),
            Err(e) => e,
        });
    }

    fn browse(kind: Kind, dir: PathBuf) -> Step {
        match list_dir(&dir) {
            Ok(entries) => Step::Browse {
                kind,
                dir,
                entries,
                cursor: Cursor::default(),
                error: None,
            },
            Err(e) => Step::Browse {
                kind,
                error: Some(format!("{}: {e}", dir.display())),
                dir,
                entries: Vec::new(),
                cursor: Cursor::default(),
            },
        }
    }

    fn preview(&mut self, kind: Kind, path: PathBuf, choices: Choices) -> Vec<WizardCmd> {
        let options = choices.options(kind, self.today, &self.columns);
        self.step = Step::Preview {
            kind,
            path: path.clone(),
            choices,
            preview: Loading::Pending,
        };
        vec![WizardCmd::Preview { path, options }]
    }

    pub fn input(&mut self, input: Input, page: usize) -> Outcome {
        let page = page.max(1) as isize;
        let (columns, today) = (self.columns.clone(), self.today);
        let options_for = |kind: Kind, choices: &Choices| choices.options(kind, today, &columns);
        let moved = |cursor: &mut Cursor, len: usize, input: Input| {
            let delta = match input {
                Input::Up => -1,
                Input::Down => 1,
                Input::PageUp => -page,
                Input::PageDown => page,
                Input::First => isize::MIN / 2,
                Input::Last => isize::MAX / 2,
                _ => 0,
            };
            cursor.move_by(delta, len, page as usize);
        };
        match (&mut self.step, input) {
            (
                Step::Columns {
                    fields,
                    cursor,
                    kind,
                    ..
                },
                Input::Next | Input::Parent,
            ) => {
                // Cycle the column's field: none, then each field of the kind.
                let all: Vec<Option<Field>> = std::iter::once(None)
                    .chain(specs(*kind).into_iter().map(|s| Some(s.field)))
                    .collect();
                if let Some(current) = fields.get_mut(cursor.selected) {
                    let at = all.iter().position(|f| f == current).unwrap_or(0);
                    let next = if input == Input::Next {
                        (at + 1) % all.len()
                    } else {
                        (at + all.len() - 1) % all.len()
                    };
                    *current = all[next];
                }
            }
            (
                Step::Columns {
                    kind,
                    path,
                    choices,
                    ..
                },
                Input::Confirm,
            ) => {
                let (kind, path, choices) = (*kind, path.clone(), *choices);
                self.columns = self.hand_columns();
                return Outcome::Stay(self.preview(kind, path, choices));
            }
            (Step::Columns { .. }, Input::SaveMapping) => {
                self.saved = None;
                let stem = match &self.step {
                    Step::Columns { path, .. } => path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                self.naming = Some(TextInput::new(stem));
            }
            (
                Step::Columns {
                    kind,
                    path,
                    choices,
                    ..
                },
                Input::Back,
            ) => {
                let (kind, path, choices) = (*kind, path.clone(), *choices);
                return Outcome::Stay(self.preview(kind, path, choices));
            }
            (
                Step::Columns {
                    headers, cursor, ..
                },
                i,
            ) => moved(cursor, headers.len(), i),
            (Step::Running { .. }, Input::Back) => {
                self.step = Step::Finished {
                    result: Loading::Failed(crate::i18n::tr(crate::i18n::T::WizardCancelled, &[])),
                    scroll: 0,
                };
                return Outcome::Stay(vec![WizardCmd::Cancel]);
            }
            (Step::Running { .. }, _) => {}
            (
                Step::ConfirmDeactivation {
                    kind,
                    path,
                    choices,
                    refused,
                },
                Input::Confirm,
            ) => {
                let mut options = options_for(*kind, choices);
                options.deactivation.allowed = Some(refused.total);
                let (kind, path, choices) = (*kind, path.clone(), *choices);
                return self.start_run(kind, path, choices, options);
            }
            (Step::ConfirmDeactivation { refused, .. }, Input::Back) => {
                self.step = Step::Finished {
                    result: Loading::Failed(refused.to_string()),
                    scroll: 0,
                };
            }
            (Step::ConfirmDeactivation { .. }, _) => {}
            (Step::Finished { result, .. }, Input::Confirm | Input::Back) => {
                return Outcome::Closed {
                    imported: matches!(result, Loading::Ready(_)),
                };
            }
            (Step::Finished { scroll, result }, i) => {
                // The report's lines below its counts: End shows the last page of them, Home
                // the first; nothing scrolls past them.
                let (headline, lines) = match result {
                    Loading::Ready(report) => {
                        let (headline, details) = report.summary_lines();
                        (headline.len(), details.len())
                    }
                    _ => (0, 0),
                };
                // The body shows the counts, then as many detail lines as fit: the page of the
                // runs list less the title line and the counts (which may wrap on a narrow
                // terminal: two rows each at most; the view never draws past the end).
                let visible = (page as usize).saturating_sub(1 + 2 * headline).max(1);
                let last = lines.saturating_sub(visible);
                *scroll = match i {
                    Input::First => 0,
                    Input::Last => last,
                    _ => {
                        // A scroll is a cursor on the first line shown.
                        let mut top = Cursor {
                            selected: *scroll,
                            offset: *scroll,
                        };
                        moved(&mut top, lines, i);
                        top.selected.min(last)
                    }
                };
            }
            (_, Input::Back) => return Outcome::Closed { imported: false },
            (Step::Kind { cursor }, Input::Confirm) => {
                let kind = KINDS[cursor.selected];
                self.step = Self::browse(kind, self.start_dir.clone());
            }
            (Step::Kind { cursor }, i) => moved(cursor, KINDS.len(), i),
            (Step::Browse { kind, dir, .. }, Input::Parent) => {
                if let Some(parent) = dir.parent() {
                    self.step = Self::browse(*kind, parent.to_path_buf());
                }
            }
            (
                Step::Browse {
                    kind,
                    dir,
                    entries,
                    cursor,
                    ..
                },
                Input::Confirm,
            ) => {
                let Some(entry) = entries.get(cursor.selected).cloned() else {
                    return Outcome::Stay(Vec::new());
                };
                let (kind, dir) = (*kind, dir.clone());
                if entry.is_dir {
                    let next = if entry.name == ".." {
                        dir.parent().map(Path::to_path_buf).unwrap_or(dir)
                    } else {
                        dir.join(&entry.name)
                    };
                    self.step = Self::browse(kind, next);
                } else {
                    let choices = Choices {
                        date_order: self.date_order,
                        ..Choices::default()
                    };
                    // Another file: no column mapped by hand yet.
                    self.columns.clear();
                    self.saved = None;
                    return Outcome::Stay(self.preview(kind, dir.join(&entry.name), choices));
                }
            }
            (
                Step::Browse {
                    entries, cursor, ..
                },
                i,
            ) => moved(cursor, entries.len(), i),
            (
                Step::Preview {
                    kind,
                    path,
                    choices,
                    ..
                },
                i @ (Input::CycleEncoding | Input::CycleDelimiter | Input::CycleDateOrder),
            ) => {
                let mut c = *choices;
                match i {
                    Input::CycleEncoding => {
                        c.encoding = match c.encoding {
                            None => Some(Encoding::Utf8),
                            Some(Encoding::Utf8) => Some(Encoding::Windows1252),
                            Some(Encoding::Windows1252) => Some(Encoding::Utf16Le),
                            Some(Encoding::Utf16Le) => Some(Encoding::Utf16Be),
                            Some(Encoding::Utf16Be) => None,
                        }
                    }
                    Input::CycleDelimiter => {
                        c.delimiter = match c.delimiter {
                            None => Some(b','),
                            Some(b',') => Some(b';'),
                            Some(b';') => Some(b'\t'),
                            _ => None,
                        }
                    }
                    _ => {
                        c.date_order = match c.date_order {
                            DateOrder::Dmy => DateOrder::Mdy,
                            DateOrder::Mdy => DateOrder::Dmy,
                        }
                    }
                }
                let (kind, path) = (*kind, path.clone());
                return Outcome::Stay(self.preview(kind, path, c));
            }
            (
                Step::Preview {
                    kind,
                    path,
                    choices,
                    preview: Loading::Ready(preview),
                },
                Input::Confirm,
            ) => {
                let cmd = WizardCmd::Check {
                    path: path.clone(),
                    prepared: Box::new(preview.prepared.clone()),
                };
                self.step = Step::Check {
                    kind: *kind,
                    path: path.clone(),
                    choices: *choices,
                    preview: preview.clone(),
                    summary: Loading::Pending,
                    cursor: Cursor::default(),
                };
                return Outcome::Stay(vec![cmd]);
            }
            (
                Step::Preview {
                    kind,
                    path,
                    choices,
                    ..
                },
                Input::MapColumns,
            ) => {
                let options = options_for(*kind, choices);
                return Outcome::Stay(vec![WizardCmd::Headers {
                    path: path.clone(),
                    options,
                }]);
            }
            (Step::Preview { .. }, _) => {}
            (
                Step::Check {
                    kind,
                    path,
                    choices,
                    summary: Loading::Ready(_),
                    ..
                },
                Input::Confirm,
            ) => {
                let options = options_for(*kind, choices);
                let (kind, path, choices) = (*kind, path.clone(), *choices);
                return self.start_run(kind, path, choices, options);
            }
            (
                Step::Check {
                    summary: Loading::Ready(s),
                    cursor,
                    ..
                },
                i,
            ) => moved(cursor, s.rejected.len() + s.warnings.len(), i),
            (Step::Check { .. }, _) => {}
        }
        Outcome::Stay(Vec::new())
    }

    /// A preview arrived (ignored if the user moved on).
    pub fn previewed(&mut self, path: &Path, result: Result<PreviewData, String>) {
        let (columns, today) = (self.columns.clone(), self.today);
        if let Step::Preview {
            kind,
            path: p,
            choices,
            preview,
        } = &mut self.step
        {
            if p == path {
                *preview = match result {
                    Ok((prepared, rows)) => {
                        let options = choices.options(*kind, today, &columns);
                        let description = describe(path, &prepared, &options);
                        Loading::Ready(Box::new(Preview {
                            prepared,
                            description,
                            rows,
                        }))
                    }
                    Err(e) => Loading::Failed(e),
                };
            }
        }
    }

    pub fn checked(&mut self, path: &Path, result: Result<CheckSummary, String>) {
        if let Step::Check {
            path: p, summary, ..
        } = &mut self.step
        {
            if p == path {
                *summary = match result {
                    Ok(s) => Loading::Ready(Box::new(s)),
                    Err(e) => Loading::Failed(e),
                };
            }
        }
    }

    pub fn progressed(&mut self, done_rows: u64, total_rows: u64) {
        if let Step::Running { done, total, .. } = &mut self.step {
            (*done, *total) = (done_rows, total_rows);
        }
    }

    pub fn finished(&mut self, result: Result<Report, RunFailure>) {
        if let Step::Running {
            kind,
            path,
            choices,
            ..
        } = &self.step
        {
            self.step = match result {
                Ok(report) => Step::Finished {
                    result: Loading::Ready(Box::new(report)),
                    scroll: 0,
                },
                Err(RunFailure::Deactivation(refused)) => Step::ConfirmDeactivation {
                    kind: *kind,
                    path: path.clone(),
                    choices: *choices,
                    refused,
                },
                Err(RunFailure::Other(e)) => Step::Finished {
                    result: Loading::Failed(e),
                    scroll: 0,
                },
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_and_home_keep_the_report_in_view() {
        let mut report = Report::default();
        for line in 1..=100 {
            report.rejected.push(Problem {
                line,
                field: "sex".into(),
                reason: "F, M or X".into(),
            });
        }
        let mut w = Wizard::new(PathBuf::from("/"), today(), DateOrder::Dmy);
        w.step = Step::Finished {
            result: Loading::Ready(Box::new(report.clone())),
            scroll: 0,
        };
        let (headline, details) = report.summary_lines();
        let lines = details.len();
        let page = 20 - 1 - 2 * headline.len();
        let scroll = |w: &Wizard| match &w.step {
            Step::Finished { scroll, .. } => *scroll,
            _ => usize::MAX,
        };
        w.input(Input::Last, 20);
        assert_eq!(scroll(&w), lines - page, "End shows the last page");
        for _ in 0..10 {
            w.input(Input::PageDown, 20);
        }
        assert_eq!(scroll(&w), lines - page, "nothing scrolls past the end");
        w.input(Input::First, 20);
        assert_eq!(scroll(&w), 0, "Home brings the top back");
    }

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2025, 9, 1).unwrap()
    }

    #[test]
    fn walking_through_the_steps() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("exports")).unwrap();
        std::fs::write(
            dir.path().join("exports/eleves.csv"),
            "school_id,fiche,classe,prenom,nom,sexe\n032,1,5,Ana,Bo,F\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("notes.pdf"), "x").unwrap();
        let mut w = Wizard::new(dir.path().to_path_buf(), today(), DateOrder::Mdy);
        assert!(matches!(w.input(Input::Down, 10), Outcome::Stay(_)));
        w.input(Input::Up, 10);
        w.input(Input::Confirm, 10);
        let Step::Browse { kind, entries, .. } = &w.step else {
            panic!("{:?}", w.step)
        };
        assert_eq!(*kind, Kind::Student);
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["..", "exports"],
            "only folders and csv/txt files"
        );
        w.input(Input::Down, 10);
        w.input(Input::Confirm, 10);
        w.input(Input::Down, 10);
        let Outcome::Stay(cmds) = w.input(Input::Confirm, 10) else {
            panic!()
        };
        let [WizardCmd::Preview { path, options }] = &cmds[..] else {
            panic!("{cmds:?}")
        };
        assert!(path.ends_with("exports/eleves.csv"));
        assert_eq!(
            options.date_order,
            DateOrder::Mdy,
            "the installation's default order"
        );
        let prepared = crate::import::run::prepare(path, options).unwrap();
        let rows = crate::import::run::first_rows(path, &prepared, 5).unwrap();
        w.previewed(&path.clone(), Ok((prepared, rows)));
        // Changing the delimiter asks for a new preview.
        let Outcome::Stay(cmds) = w.input(Input::CycleDelimiter, 10) else {
            panic!()
        };
        let [WizardCmd::Preview { options, .. }] = &cmds[..] else {
            panic!()
        };
        assert_eq!(options.read.delimiter, Some(b','));
        assert!(matches!(
            w.step,
            Step::Preview {
                preview: Loading::Pending,
                ..
            }
        ));
        assert!(
            matches!(
                w.input(Input::Back, 10),
                Outcome::Closed { imported: false }
            ),
            "cancel writes nothing"
        );
    }
}
