//! The Mail screen on ratatui's TestBackend at 80×24: the outbox with each state, the
//! selected mail's recipients and error, `r` asking for a retry of what went wrong only, a
//! hostile error text made inert, and the screen closed to those who are not administrators.

use crate::common;

use common::screen::{app_with, text, users};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use intendant::i18n::Lang;
use intendant::mail::store::{Listed, ListedRecipient};
use intendant::mail::ui::{Cmd as MailCmd, Msg as MailMsg};
use intendant::tui::app::{App, Cmd, Msg};
use intendant::tui::router::{FeatureCmd, FeatureMsg};
use intendant::tui::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn recipient(who: &str, state: &str, detail: Option<&str>) -> ListedRecipient {
    ListedRecipient {
        recipient: who.into(),
        address: Some(format!("{who}@lycee.example")),
        state: state.into(),
        detail: detail.map(str::to_owned),
    }
}

fn mails() -> Vec<Listed> {
    let at = |h| chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 24, h, 5, 0).unwrap();
    let mail = |id, kind: &str, state: &str, recipients| Listed {
        id,
        kind: kind.into(),
        state: state.into(),
        created_at: at(8 + id as u32),
        attempts: if state == "dead" { 12 } else { 0 },
        next_attempt_at: None,
        last_error: (state == "dead")
            .then(|| "kbenali@lycee.example: connecting to smtp:25: refused\u{1b}[2J".to_owned()),
        booking_id: Some(id),
        recipients,
    };
    vec![
        mail(
            4,
            "moderation_pending",
            "dead",
            vec![recipient("kbenali", "waiting", None)],
        ),
        mail(
            3,
            "booking_created",
            "sent",
            vec![
                recipient("anguyen", "sent", Some("250 2.0.0 queued")),
                recipient("cdi", "refused", Some("550 5.1.1 no such mailbox")),
            ],
        ),
        mail(
            2,
            "loan_overdue",
            "sent",
            vec![recipient("bob", "sent", None)],
        ),
        mail(
            1,
            "import_report",
            "pending",
            vec![recipient("mdupont", "waiting", None)],
        ),
    ]
}

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Input(Event::Key(KeyEvent::new(
        code,
        KeyModifiers::NONE,
    ))))
}

fn screen(lang: Lang) -> App {
    let mut app = app_with(lang, "default", "default", (80, 24), users());
    let cmds = press(&mut app, KeyCode::F(7));
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Feature(FeatureCmd::Mail(MailCmd::Load(_))))),
        "the screen reads the outbox when shown"
    );
    app.update(Msg::Feature(FeatureMsg::Mail(MailMsg::Loaded {
        id: 1,
        result: Ok(mails()),
    })));
    app
}

fn render(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.base.size.0, app.base.size.1)).unwrap();
    terminal.draw(|f| view::draw(app, f)).unwrap();
    text(terminal.backend().buffer())
}

#[test]
fn the_outbox_with_its_states_and_the_selected_mails_recipients() {
    let mut app = screen(Lang::En);
    let shown = render(&app);
    assert!(shown.contains("given up"), "{shown}");
    assert!(!shown.contains('\u{1b}'), "the error text is made inert");
    assert_snapshot!("mail_en_80x24", shown);
    press(&mut app, KeyCode::Down);
    let shown = render(&app);
    assert!(shown.contains("550 5.1.1 no such mailbox"), "{shown}");
    let app = screen(Lang::Fr);
    assert_snapshot!("mail_fr_80x24", render(&app));
}

#[test]
fn r_retries_what_went_wrong_and_only_that() {
    let mut app = screen(Lang::En);
    let retry = |cmds: &[Cmd]| {
        cmds.iter().find_map(|c| match c {
            Cmd::Feature(FeatureCmd::Mail(MailCmd::Retry(id))) => Some(*id),
            _ => None,
        })
    };
    assert_eq!(
        retry(&press(&mut app, KeyCode::Char('r'))),
        Some(4),
        "the dead letter"
    );
    press(&mut app, KeyCode::Down);
    assert_eq!(
        retry(&press(&mut app, KeyCode::Char('r'))),
        Some(3),
        "a refused recipient"
    );
    press(&mut app, KeyCode::Down);
    assert_eq!(
        retry(&press(&mut app, KeyCode::Char('r'))),
        None,
        "sent to everyone"
    );
    assert!(render(&app).contains("nothing to send again"));
}
