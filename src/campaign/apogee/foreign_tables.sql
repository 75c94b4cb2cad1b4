-- Straight from Apogée: the foreign tables `intendant campaign import apogee` reads.
--
-- Run once by the database's owner, as a PostgreSQL superuser for the first three statements
-- (oracle_fdw is a server extension: Debian's `postgresql-15-oracle-fdw`, with Oracle's
-- Instant Client). Then `intendant campaign import apogee`, as an administrator, copies what
-- campaigns need into Intendant's own tables (the queries are apogee/extracts.sql), in one
-- transaction, like the CSV extracts; cron may run it nightly.
--
-- The tables and columns are Apogée's as the certificate tool's documentation names them;
-- an installation whose Apogée differs changes a column's `OPTIONS (column '…')` here, never
-- the queries. Every table is read-only: Intendant never writes to Apogée.
--
--   CREATE EXTENSION oracle_fdw;
--   CREATE SERVER apogee FOREIGN DATA WRAPPER oracle_fdw
--       OPTIONS (dbserver '//apogee-db.univ.example:1521/APOGEE', prefetch '500');
--   CREATE USER MAPPING FOR <the owner and the administrators who import>
--       SERVER apogee OPTIONS (user 'INTENDANT_RO', password '…');
--   GRANT USAGE ON FOREIGN SERVER apogee TO <the same>;
-- then this file, and for the administrators who import:
--   GRANT USAGE ON SCHEMA apogee TO <them>;
--   GRANT SELECT ON ALL TABLES IN SCHEMA apogee TO <them>;

CREATE SCHEMA IF NOT EXISTS apogee;

-- University years; eta_anu_iae 'O' while enrolments are open.
CREATE FOREIGN TABLE apogee.annee_uni (
    cod_anu varchar(4) OPTIONS (key 'true'),
    lib_anu varchar(40),
    eta_anu_iae varchar(1)
) SERVER apogee OPTIONS (schema 'APOGEE', table 'ANNEE_UNI', readonly 'true');

-- Faculties ("composantes").
CREATE FOREIGN TABLE apogee.composante (
    cod_cmp varchar(3) OPTIONS (key 'true'),
    lib_cmp varchar(60)
) SERVER apogee OPTIONS (schema 'APOGEE', table 'COMPOSANTE', readonly 'true');

-- Diploma versions (VDI): web label, nature, terminal and intermediate flags, the five label
-- columns of the official title and its parcours type.
CREATE FOREIGN TABLE apogee.version_diplome (
    cod_dip varchar(7) OPTIONS (key 'true'),
    cod_vrs_vdi integer OPTIONS (key 'true'),
    lib_web_vdi varchar(120),
    cod_ndi varchar(2),
    tem_dip_ter varchar(1),
    tem_dip_int varchar(1),
    lib_edt1_vdi varchar(200),
    lib_edt2_vdi varchar(200),
    lib_edt3_vdi varchar(200),
    lib_edt4_vdi varchar(200),
    lib_edt5_vdi varchar(200),
    cod_pat varchar(10)
) SERVER apogee OPTIONS (schema 'APOGEE', table 'VERSION_DIPLOME', readonly 'true');

-- Which faculty holds a diploma version, until which year.
CREATE FOREIGN TABLE apogee.cmp_habiliter_vdi (
    cod_cmp varchar(3) OPTIONS (key 'true'),
    cod_dip varchar(7) OPTIONS (key 'true'),
    cod_vrs_vdi integer OPTIONS (key 'true'),
    daa_fin_val_vdi varchar(4)
) SERVER apogee OPTIONS (schema 'APOGEE', table 'CMP_HABILITER_VDI', readonly 'true');

-- The parcours type ending the official title.
CREATE FOREIGN TABLE apogee.parcours_type (
    cod_pat varchar(10) OPTIONS (key 'true'),
    lib_pat varchar(200)
) SERVER apogee OPTIONS (schema 'APOGEE', table 'PARCOURS_TYPE', readonly 'true');

-- Step versions (VET) and the diploma version each belongs to; tem_dip_vet 'O' when the step
-- grants the diploma.
CREATE FOREIGN TABLE apogee.version_etape (
    cod_etp varchar(6) OPTIONS (key 'true'),
    cod_vrs_vet integer OPTIONS (key 'true'),
    tem_dip_vet varchar(1)
) SERVER apogee OPTIONS (schema 'APOGEE', table 'VERSION_ETAPE', readonly 'true');

CREATE FOREIGN TABLE apogee.vdi_fractionner_vet (
    cod_dip varchar(7) OPTIONS (key 'true'),
    cod_vrs_vdi integer OPTIONS (key 'true'),
    cod_etp varchar(6) OPTIONS (key 'true'),
    cod_vrs_vet integer OPTIONS (key 'true')
) SERVER apogee OPTIONS (schema 'APOGEE', table 'VDI_FRACTIONNER_VET', readonly 'true');

-- Students; the email is the one Apogée keeps in step with the directory.
CREATE FOREIGN TABLE apogee.individu (
    cod_ind integer OPTIONS (key 'true'),
    cod_etu integer,
    lib_pr1_ind varchar(20),
    lib_pr2_ind varchar(20),
    lib_nom_pat_ind varchar(30),
    date_nai_ind date,
    adr_mail varchar(200)
) SERVER apogee OPTIONS (schema 'APOGEE', table 'INDIVIDU', readonly 'true');

-- Enrolments in a step version for a year; eta_iae 'E' while current.
CREATE FOREIGN TABLE apogee.ins_adm_etp (
    cod_ind integer OPTIONS (key 'true'),
    cod_anu varchar(4) OPTIONS (key 'true'),
    cod_etp varchar(6) OPTIONS (key 'true'),
    cod_vrs_vet integer OPTIONS (key 'true'),
    eta_iae varchar(1)
) SERVER apogee OPTIONS (schema 'APOGEE', table 'INS_ADM_ETP', readonly 'true');

-- Results at diploma version level, one row per session and admission kind; cod_tre is the
-- result whose cod_neg_tre (1 favourable, 0 not) decides.
CREATE FOREIGN TABLE apogee.resultat_vdi (
    cod_ind integer OPTIONS (key 'true'),
    cod_anu varchar(4) OPTIONS (key 'true'),
    cod_dip varchar(7) OPTIONS (key 'true'),
    cod_vrs_vdi integer OPTIONS (key 'true'),
    cod_ses varchar(1) OPTIONS (key 'true'),
    cod_adm integer OPTIONS (key 'true'),
    cod_tre varchar(4),
    tem_dlv_aut_vdi varchar(1),
    lib_men varchar(40),
    nbr_crd_vdi numeric(6, 2)
) SERVER apogee OPTIONS (schema 'APOGEE', table 'RESULTAT_VDI', readonly 'true');

CREATE FOREIGN TABLE apogee.typ_resultat (
    cod_tre varchar(4) OPTIONS (key 'true'),
    cod_neg_tre varchar(1)
) SERVER apogee OPTIONS (schema 'APOGEE', table 'TYP_RESULTAT', readonly 'true');

-- Blockings of a student for a year, by type (TYP_BLOCAGE): 'EXA' exams, 'IAE' administrative
-- or pedagogical enrolment, 'IAW' remote administrative enrolment, 'DLV' automatic delivery.
CREATE FOREIGN TABLE apogee.ind_blocage (
    cod_ind integer OPTIONS (key 'true'),
    cod_anu varchar(4) OPTIONS (key 'true'),
    cod_tbl varchar(3) OPTIONS (key 'true')
) SERVER apogee OPTIONS (schema 'APOGEE', table 'IND_BLOCAGE', readonly 'true');

-- Who may edit certificates for which faculty: users whose type holds treatment TRAREF10 on
-- domain RE, for the faculties they collect.
CREATE FOREIGN TABLE apogee.utilisateur (
    cod_uti varchar(30) OPTIONS (key 'true'),
    cod_tut varchar(10)
) SERVER apogee OPTIONS (schema 'APOGEE', table 'UTILISATEUR', readonly 'true');

CREATE FOREIGN TABLE apogee.tut_avoir_droit_fct (
    cod_tut varchar(10) OPTIONS (key 'true'),
    cod_fct varchar(10) OPTIONS (key 'true'),
    cod_dom varchar(2) OPTIONS (key 'true')
) SERVER apogee OPTIONS (schema 'APOGEE', table 'TUT_AVOIR_DROIT_FCT', readonly 'true');

CREATE FOREIGN TABLE apogee.uti_collecter_ctn (
    cod_uti varchar(30) OPTIONS (key 'true'),
    cod_cmp varchar(3) OPTIONS (key 'true')
) SERVER apogee OPTIONS (schema 'APOGEE', table 'UTI_COLLECTER_CTN', readonly 'true');
