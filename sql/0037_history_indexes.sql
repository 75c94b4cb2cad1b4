-- Indexes that keep a cost off the years of bookings behind.
--
-- The quotas count a person's bookings still to come (in a room, in an area, everywhere).
-- Without an index on the person, each count read the room's whole history, or the whole
-- table for the installation's quota: with four school years behind it (77,000 bookings) one
-- booking took 15.9 ms instead of 2.9, and more every year. The index holds the live
-- bookings by the person they are for (`booked_for`) and their end, so a count reads that
-- person's bookings to come and nothing else.
CREATE INDEX booking_to_come ON booking ((coalesce(beneficiary, owner)), upper(during))
    WHERE archived_at IS NULL AND moderation <> 'refused';

-- The daily task that deletes the tentative bookings nobody confirmed reads only those.
CREATE INDEX booking_tentative ON booking (tentative_until)
    WHERE archived_at IS NULL AND tentative_until IS NOT NULL;

-- The moderation queue reads the bookings waiting for a decision, not all the others.
CREATE INDEX booking_pending ON booking (lower(during))
    WHERE moderation = 'pending' AND archived_at IS NULL;
