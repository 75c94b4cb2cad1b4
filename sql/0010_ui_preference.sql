-- 0010 UI preferences: where each user left the planning (area, room, view), so the next
-- session opens there. A table of its own, with no history and no announcement: moving around
-- the planning changes nothing that anybody else shows, so no other session reloads.
CREATE TABLE ui_preference (
    login text PRIMARY KEY DEFAULT session_user
        REFERENCES app_user (login) ON DELETE CASCADE ON UPDATE CASCADE,
    planning_area bigint REFERENCES area ON DELETE SET NULL,
    planning_room bigint REFERENCES room ON DELETE SET NULL,
    planning_view text CHECK (planning_view IN ('day', 'week', 'week_all', 'month', 'month_all'))
);
INSERT INTO ui_preference (login, planning_area, planning_room, planning_view)
    SELECT login, planning_area, planning_room, default_view FROM app_user
     WHERE planning_area IS NOT NULL OR planning_room IS NOT NULL;
ALTER TABLE app_user DROP COLUMN planning_area, DROP COLUMN planning_room;

-- Each user reads and writes only their own row.
ALTER TABLE ui_preference ENABLE ROW LEVEL SECURITY;
CREATE POLICY ui_preference_own ON ui_preference FOR ALL
    USING (login = session_user) WITH CHECK (login = session_user);
SELECT grant_to_members('SELECT, INSERT, UPDATE', 'ui_preference');
