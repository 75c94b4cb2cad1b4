-- 0014 names sort as people read them, not by byte: "Labo chimie" before "Labo SVT",
-- "Élodie" with the E, "Salle 2" before "Salle 10". ICU's root collation with numeric
-- ordering (every Debian PostgreSQL has ICU); a server built without it keeps its default.
DO $$
BEGIN
    CREATE COLLATION names (provider = icu, locale = 'und-u-kn-true');
EXCEPTION WHEN OTHERS THEN
    CREATE COLLATION names FROM "default";
END $$;
