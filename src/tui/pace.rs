//! When to draw a changed screen. At once, unless the page is reading what it must show (a
//! week not loaded yet): then the frame waits for the data, at most [`HOLD`], so that a PgDn
//! draws once (the new week) and not twice (an empty grid, then the full one: twice the
//! bytes over SSH, and a flicker). A slow answer still gets a frame, its spinner, in time.

use std::time::{Duration, Instant};

/// Under the delay a user reads as instant.
pub const HOLD: Duration = Duration::from_millis(120);

#[derive(Debug, PartialEq, Eq)]
pub enum Pace {
    Draw,
    /// Wait for a message until then, and decide again.
    HoldUntil(Instant),
}

/// `held_since` remembers when the wait for the data began; it is cleared when they are in.
/// Past [`HOLD`], every frame is drawn at once until then: on a slow link the keys the user
/// presses meanwhile show without delay.
pub fn decide(awaiting_data: bool, held_since: &mut Option<Instant>, now: Instant) -> Pace {
    if !awaiting_data {
        *held_since = None;
        return Pace::Draw;
    }
    let since = *held_since.get_or_insert(now);
    if now.duration_since(since) >= HOLD {
        Pace::Draw
    } else {
        Pace::HoldUntil(since + HOLD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_awaited_draws_at_once() {
        let mut held = None;
        assert_eq!(decide(false, &mut held, Instant::now()), Pace::Draw);
        assert_eq!(held, None);
    }

    #[test]
    fn awaited_data_hold_the_frame_then_it_is_drawn_anyway() {
        let start = Instant::now();
        let mut held = None;
        assert_eq!(
            decide(true, &mut held, start),
            Pace::HoldUntil(start + HOLD)
        );
        // Another message meanwhile (a tick): still the same deadline.
        assert_eq!(
            decide(true, &mut held, start + Duration::from_millis(50)),
            Pace::HoldUntil(start + HOLD)
        );
        assert_eq!(decide(true, &mut held, start + HOLD), Pace::Draw);
        // Still waiting: later frames (a key pressed) are not held again.
        assert_eq!(
            decide(true, &mut held, start + HOLD + Duration::from_millis(30)),
            Pace::Draw
        );
        // The data in: the next wait starts afresh.
        assert_eq!(decide(false, &mut held, start + HOLD * 3), Pace::Draw);
        assert_eq!(held, None);
        assert_eq!(
            decide(true, &mut held, start + HOLD * 4),
            Pace::HoldUntil(start + HOLD * 5)
        );
    }

    #[test]
    fn data_in_before_the_deadline_draw_at_once() {
        let start = Instant::now();
        let mut held = None;
        decide(true, &mut held, start);
        assert_eq!(
            decide(false, &mut held, start + Duration::from_millis(15)),
            Pace::Draw
        );
        assert_eq!(held, None);
    }
}
