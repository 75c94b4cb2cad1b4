-- What `intendant campaign import apogee` reads from the foreign tables of
-- apogee/foreign_tables.sql: one query per extract, giving the columns of that extract's CSV
-- file. Each result is written exactly as the CSV file would be (same upserts, blockings and
-- rights replaced), all eight in one transaction. Students, results and blockings are those of
-- the open years only.

-- extract: years
SELECT cod_anu::int AS code, lib_anu AS label, eta_anu_iae = 'O' AS open
  FROM apogee.annee_uni
 WHERE cod_anu ~ '^[0-9]{4}$';

-- extract: faculties
SELECT cod_cmp AS code, lib_cmp AS label
  FROM apogee.composante;

-- extract: diplomas
-- A version habilitated for several faculties belongs to the one habilitated longest.
SELECT DISTINCT ON (v.cod_dip, v.cod_vrs_vdi)
       v.cod_dip AS code, v.cod_vrs_vdi AS version, h.cod_cmp AS faculty, v.cod_ndi AS nature,
       v.tem_dip_ter = 'O' AS terminal, v.tem_dip_int = 'O' AS has_intermediate,
       h.daa_fin_val_vdi::int AS habilitation_end, v.lib_web_vdi AS web_label,
       v.lib_edt1_vdi AS label1, v.lib_edt2_vdi AS label2, v.lib_edt3_vdi AS label3,
       v.lib_edt4_vdi AS label4, v.lib_edt5_vdi AS label5, p.lib_pat AS parcours
  FROM apogee.version_diplome v
  JOIN apogee.cmp_habiliter_vdi h ON h.cod_dip = v.cod_dip AND h.cod_vrs_vdi = v.cod_vrs_vdi
  LEFT JOIN apogee.parcours_type p ON p.cod_pat = v.cod_pat
 WHERE h.daa_fin_val_vdi ~ '^[0-9]{4}$'
 ORDER BY v.cod_dip, v.cod_vrs_vdi, h.daa_fin_val_vdi DESC, h.cod_cmp;

-- extract: steps
SELECT DISTINCT ON (e.cod_etp, e.cod_vrs_vet)
       e.cod_etp AS code, e.cod_vrs_vet AS version, f.cod_dip AS diploma_code,
       f.cod_vrs_vdi AS diploma_version, e.tem_dip_vet = 'O' AS granting
  FROM apogee.version_etape e
  JOIN apogee.vdi_fractionner_vet f ON f.cod_etp = e.cod_etp AND f.cod_vrs_vet = e.cod_vrs_vet
 ORDER BY e.cod_etp, e.cod_vrs_vet, f.cod_dip, f.cod_vrs_vdi DESC;

-- extract: students
SELECT i.cod_etu::text AS code, i.lib_pr1_ind AS first_name1, i.lib_pr2_ind AS first_name2,
       i.lib_nom_pat_ind AS last_name, i.date_nai_ind AS birth_date, nullif(btrim(i.adr_mail), '') AS email,
       a.cod_anu::int AS year, a.cod_etp AS step_code, a.cod_vrs_vet AS step_version
  FROM apogee.ins_adm_etp a
  JOIN apogee.individu i ON i.cod_ind = a.cod_ind
  JOIN apogee.annee_uni y ON y.cod_anu = a.cod_anu AND y.eta_anu_iae = 'O'
 WHERE a.eta_iae = 'E' AND i.cod_etu IS NOT NULL;

-- extract: results
SELECT i.cod_etu::text AS student, r.cod_anu::int AS year, r.cod_dip AS diploma_code,
       r.cod_vrs_vdi AS diploma_version, r.cod_ses::smallint AS session, r.cod_adm AS admission_code,
       CASE t.cod_neg_tre WHEN '1' THEN true WHEN '0' THEN false END AS favourable,
       r.tem_dlv_aut_vdi = 'O' AS delivery_allowed, r.lib_men AS mention, r.nbr_crd_vdi::float8 AS ects
  FROM apogee.resultat_vdi r
  JOIN apogee.individu i ON i.cod_ind = r.cod_ind
  JOIN apogee.annee_uni y ON y.cod_anu = r.cod_anu AND y.eta_anu_iae = 'O'
  LEFT JOIN apogee.typ_resultat t ON t.cod_tre = r.cod_tre
 WHERE i.cod_etu IS NOT NULL;

-- extract: blockings
SELECT DISTINCT i.cod_etu::text AS student, b.cod_anu::int AS year,
       CASE b.cod_tbl WHEN 'EXA' THEN 'exams' WHEN 'IAE' THEN 'enrolment'
                      WHEN 'IAW' THEN 'remote_enrolment' ELSE 'automatic_delivery' END AS kind
  FROM apogee.ind_blocage b
  JOIN apogee.individu i ON i.cod_ind = b.cod_ind
  JOIN apogee.annee_uni y ON y.cod_anu = b.cod_anu AND y.eta_anu_iae = 'O'
 WHERE b.cod_tbl IN ('EXA', 'IAE', 'IAW', 'DLV') AND i.cod_etu IS NOT NULL;

-- extract: rights
-- Only the Apogée users who are Intendant users (same login, in lower case).
SELECT DISTINCT lower(u.cod_uti) AS login, c.cod_cmp AS faculty
  FROM apogee.utilisateur u
  JOIN apogee.tut_avoir_droit_fct d ON d.cod_tut = u.cod_tut AND d.cod_fct = 'TRAREF10' AND d.cod_dom = 'RE'
  JOIN apogee.uti_collecter_ctn c ON c.cod_uti = u.cod_uti
 WHERE lower(u.cod_uti) IN (SELECT login FROM public.app_user);
