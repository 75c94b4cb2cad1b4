-- 0005 planning: where each user left the planning (site → area → room, and the view, which
-- app_user.default_view already keeps), so the next session opens there.
ALTER TABLE app_user
    ADD COLUMN planning_area bigint REFERENCES area ON DELETE SET NULL,
    ADD COLUMN planning_room bigint REFERENCES room ON DELETE SET NULL;
