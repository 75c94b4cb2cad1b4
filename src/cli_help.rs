//! `--help` in the user's language. The command line's texts are written in English next to
//! the options they describe (clap's derive); this walks the built command and puts the
//! French ones in their place, headings included, when the user reads French.

use clap::{Arg, ArgAction, Command};

use crate::i18n::Lang;

/// English help text → French.
const FR: &[(&str, &str)] = &[
    (
        "One candidate's certificate as a PDF (the template: <config dir>/campaign/certificate.toml, else the built-in one)",
        "L’attestation d’un candidat en PDF (le modèle : <dossier de config>/campaign/certificate.toml, sinon celui fourni)",
    ),
    (
        "The certificates' signatory (administrators): name, title, signature image (PNG)",
        "Le signataire des attestations (administrateurs) : nom, titre, image de la signature (PNG)",
    ),
    (
        "The signature, a PNG file",
        "La signature, un fichier PNG",
    ),
    (
        "Load an extract of the student records system (administrators): years, faculties, diplomas, steps, students, results, blockings or rights from a CSV file; apogee: all of them from Apogée's foreign tables",
        "Charger une extraction du système de scolarité (administrateurs) : years, faculties, diplomas, steps, students, results, blockings ou rights depuis un fichier CSV ; apogee : toutes, depuis les tables étrangères d’Apogée",
    ),
    (
        "The CSV file (not with apogee)",
        "Le fichier CSV (pas avec apogee)",
    ),
    (
        "Certificate campaigns: make one, decide its candidates, list and show them",
        "Campagnes d’attestations : en créer une, décider ses candidats, les lister et les montrer",
    ),
    (
        "Make a campaign: a year, one of your faculties, a diploma version it offers",
        "Créer une campagne : une année, une de vos composantes, une version de diplôme qu’elle propose",
    ),
    (
        "CODE/VERSION",
        "CODE/VERSION",
    ),
    (
        "Test mode: certificates made, nothing sent to students",
        "Mode test : attestations produites, rien n’est envoyé aux étudiants",
    ),
    (
        "Your faculties' campaigns",
        "Les campagnes de vos composantes",
    ),
    (
        "A campaign's candidates: step, state and why",
        "Les candidats d’une campagne : étape, état et pourquoi",
    ),
    (
        "Decide every candidate not sent yet (verdict, blockings); with --out, make the admitted ones' certificates there",
        "Décider chaque candidat pas encore envoyé (verdict, blocages) ; avec --out, y produire les attestations des admis",
    ),
    (
        "The folder the certificates go to (CAMPAIGN-STUDENT.pdf)",
        "Le dossier où vont les attestations (CAMPAGNE-ETUDIANT.pdf)",
    ),
    (
        "A read-only planning for a hallway screen: no key but quit, the next area every SECONDS (30)",
        "Un planning en lecture seule pour un écran de couloir : aucune touche sauf quitter, le domaine suivant toutes les SECONDES (30)",
    ),
    (
        "The kiosk: a visitor login without password for a hallway screen (enable prints the pg_hba.conf lines), or disable it",
        "Le kiosque : un compte visiteur sans mot de passe pour un écran de couloir (enable affiche les lignes de pg_hba.conf), ou le désactiver",
    ),
    (
        "The address of a screen allowed to connect (repeat for several)",
        "L’adresse d’un écran autorisé à se connecter (à répéter pour plusieurs)",
    ),
    (
        "Back the database up with pg_dump (custom format), table by table (administrators who own it)",
        "Sauvegarder la base avec pg_dump (format custom), table par table (administrateurs qui la possèdent)",
    ),
    (
        "The file (default: intendant-DATABASE-YYYYMMDD-HHMM.dump here)",
        "Le fichier (par défaut : intendant-BASE-AAAAMMJJ-HHMM.dump ici)",
    ),
    (
        "Restore a backup into a new database (never over one in use; --force replaces an idle one)",
        "Restaurer une sauvegarde dans une nouvelle base (jamais sur une base utilisée ; --force remplace une base inactive)",
    ),
    (
        "The backup file",
        "Le fichier de sauvegarde",
    ),
    (
        "The new database's name",
        "Le nom de la nouvelle base",
    ),
    (
        "No longer offer a type (bookings that have it keep it)",
        "Ne plus proposer un type (les réservations qui l’ont le gardent)",
    ),
    (
        "Offer a hidden type again",
        "Proposer de nouveau un type masqué",
    ),
    (
        "Sites: list, add or rename, archive with their areas and rooms, restore (administrators)",
        "Sites : lister, ajouter ou renommer, archiver avec leurs domaines et ressources, rétablir (administrateurs)",
    ),
    (
        "The sites, with their areas and administrators",
        "Les sites, avec leurs domaines et administrateurs",
    ),
    (
        "Add a site, or rename the one with this code",
        "Ajouter un site, ou renommer celui de ce code",
    ),
    (
        "Its code (letters, digits, - and _; 20 at most)",
        "Son code (lettres, chiffres, - et _ ; 20 au plus)",
    ),
    (
        "Archive a site with its areas and rooms (bookings kept); --dry-run only counts",
        "Archiver un site avec ses domaines et ressources (réservations gardées) ; --dry-run ne fait que compter",
    ),
    (
        "Bring back a site and what was archived with it",
        "Rétablir un site et ce qui a été archivé avec lui",
    ),
    (
        "Areas: list, add, change, archive with their rooms, restore (the administrators of their site)",
        "Domaines : lister, ajouter, modifier, archiver avec leurs ressources, rétablir (les administrateurs de leur site)",
    ),
    (
        "The areas you see, with their site, rooms and administrators",
        "Les domaines que vous voyez, avec leur site, ressources et administrateurs",
    ),
    (
        "Add an area to a site: FIELD=VALUE … as for edit",
        "Ajouter un domaine à un site : CHAMP=VALEUR … comme pour edit",
    ),
    (
        "The site's code",
        "Le code du site",
    ),
    (
        "The area's name",
        "Le nom du domaine",
    ),
    (
        "Change an area: name, access (public|restricted), week_starts, days_shown, day_start, day_end, resolution, twelve_hour, default_duration, default_type, enabled_types (A,B,…), max_bookings_per_user, sort_order, site",
        "Modifier un domaine : name, access (public|restricted), week_starts, days_shown, day_start, day_end, resolution, twelve_hour, default_duration, default_type, enabled_types (A,B,…), max_bookings_per_user, sort_order, site",
    ),
    (
        "An area name, SITE/AREA, or its id",
        "Un nom de domaine, SITE/DOMAINE, ou son id",
    ),
    (
        "Archive an area with its rooms (bookings kept); --dry-run only counts",
        "Archiver un domaine avec ses ressources (réservations gardées) ; --dry-run ne fait que compter",
    ),
    (
        "Bring back an area and the rooms archived with it",
        "Rétablir un domaine et les ressources archivées avec lui",
    ),
    (
        "Rooms: list, add, change (FIELD=VALUE …), archive, restore",
        "Ressources : lister, ajouter, modifier (CHAMP=VALEUR …), archiver, rétablir",
    ),
    (
        "The rooms you see, with their area and managers",
        "Les ressources que vous voyez, avec leur domaine et gestionnaires",
    ),
    (
        "Add a room to an area: FIELD=VALUE … as for edit",
        "Ajouter une ressource à un domaine : CHAMP=VALEUR … comme pour edit",
    ),
    (
        "The room's name",
        "Le nom de la ressource",
    ),
    (
        "name, description, capacity, max_bookings_per_user, max_days_ahead, min_minutes_before, max_duration, allow_past, unavailable, moderated, tentative_days, book_for_others, users_may_not_modify_own, tracks_loans, visibility, sort_order, picture_url, show_sheet; FIELD= clears it",
        "name, description, capacity, max_bookings_per_user, max_days_ahead, min_minutes_before, max_duration, allow_past, unavailable, moderated, tentative_days, book_for_others, users_may_not_modify_own, tracks_loans, visibility, sort_order, picture_url, show_sheet ; CHAMP= le vide",
    ),
    (
        "Archive a room: no new booking, its bookings kept; --dry-run only counts",
        "Archiver une ressource : plus de nouvelle réservation, ses réservations gardées ; --dry-run ne fait que compter",
    ),
    (
        "Bring back an archived room",
        "Rétablir une ressource archivée",
    ),
    (
        "An area's additional fields on the booking form: list, add or change, remove",
        "Les champs additionnels d’un domaine dans le formulaire de réservation : lister, ajouter ou modifier, retirer",
    ),
    (
        "An area's additional fields",
        "Les champs additionnels d’un domaine",
    ),
    (
        "Add a field to an area's booking form, or change the one of this name",
        "Ajouter un champ au formulaire d’un domaine, ou modifier celui de ce nom",
    ),
    (
        "text, multiline or list",
        "text, multiline ou list",
    ),
    (
        "A list's choices, separated by commas",
        "Les choix d’une liste, séparés par des virgules",
    ),
    (
        "Take a field off the form (bookings keep what they hold)",
        "Retirer un champ du formulaire (les réservations gardent ce qu’elles contiennent)",
    ),
    (
        "Rights: who administers a site or an area, enters a restricted area, manages a room, gets its mail, books it for others",
        "Droits : qui administre un site ou un domaine, entre dans un domaine restreint, gère une ressource, en reçoit les mails, la réserve pour d’autres",
    ),
    (
        "Every right and who holds it",
        "Chaque droit et qui le détient",
    ),
    (
        "Give a right: site_admin SITE, area_admin|area_access AREA, room_manager|room_mail|room_delegate ROOM",
        "Donner un droit : site_admin SITE, area_admin|area_access DOMAINE, room_manager|room_mail|room_delegate RESSOURCE",
    ),
    (
        "The site's code, the area or the room",
        "Le code du site, le domaine ou la ressource",
    ),
    (
        "Take a right back",
        "Retirer un droit",
    ),
    (
        "Whether users may log in: status, disable (administrators only), enable",
        "Si les utilisateurs peuvent se connecter : status, disable (administrateurs seulement), enable",
    ),
    (
        "Change a room: FIELD=VALUE … (its managers: moderated, unavailable, description; its area's administrators: any)",
        "Modifier une ressource : CHAMP=VALEUR … (ses gestionnaires : moderated, unavailable, description ; les administrateurs de son domaine : tout)",
    ),
    (
        "The connection log: who used the app, when, from where, and how the session ended",
        "Le suivi des connexions : qui a utilisé l’application, quand, d’où, et comment la session s’est terminée",
    ),
    (
        "From this date (default: 30 days ago)",
        "À partir de cette date (par défaut : il y a 30 jours)",
    ),
    (
        "One login only",
        "Un seul identifiant",
    ),
    (
        "The installation's settings: list them, or set one (administrators)",
        "Les réglages de l’installation : les lister, ou en changer un (administrateurs)",
    ),
    (
        "Every setting and its value",
        "Chaque réglage et sa valeur",
    ),
    (
        "Change one (the database checks the value): timezone, site_name, default_area, series.max_occurrences, tasks.at_first_login, mail.…",
        "En changer un (la base vérifie la valeur) : timezone, site_name, default_area, series.max_occurrences, tasks.at_first_login, mail.…",
    ),
    (
        "The setting's name",
        "Le nom du réglage",
    ),
    (
        "Users who can log in: add one (with its PostgreSQL login), set a password, deactivate, activate",
        "Utilisateurs qui peuvent se connecter : en ajouter un (avec son compte PostgreSQL), définir un mot de passe, désactiver, réactiver",
    ),
    (
        "Add a user and its login to this database",
        "Ajouter un utilisateur et son compte de connexion à cette base",
    ),
    (
        "The login (lower case: letters, digits, . - _)",
        "L’identifiant (minuscules : lettres, chiffres, . - _)",
    ),
    (
        "The name shown",
        "Le nom affiché",
    ),
    (
        "user, user_manager, admin or visitor",
        "user, user_manager, admin ou visitor",
    ),
    (
        "Give a first password: asked for, or read from standard input when it is not a terminal",
        "Donner un premier mot de passe : demandé, ou lu sur l’entrée standard quand ce n’est pas un terminal",
    ),
    (
        "Set a user's password: asked for, or read from standard input when it is not a terminal",
        "Définir le mot de passe d’un utilisateur : demandé, ou lu sur l’entrée standard quand ce n’est pas un terminal",
    ),
    (
        "Take away a user's login to this database (bookings and history keep the name)",
        "Retirer à un utilisateur la connexion à cette base (réservations et historique gardent le nom)",
    ),
    (
        "Give a deactivated user the login back",
        "Rendre la connexion à un utilisateur désactivé",
    ),
    (
        "Administration: booking types, days without bookings, cycle days, users, settings, the connection log (administrators)",
        "Administration : types de réservation, jours sans réservation, jours cycles, utilisateurs, réglages, suivi des connexions (administrateurs)",
    ),
    (
        "Booking types: list, add or change, remove one nobody uses",
        "Types de réservation : lister, ajouter ou modifier, supprimer un type inutilisé",
    ),
    (
        "The booking types, with how many bookings use each",
        "Les types de réservation, avec le nombre de réservations de chacun",
    ),
    (
        "Add a type, or change the one with this letter",
        "Ajouter un type, ou modifier celui de cette lettre",
    ),
    (
        "One or two capital letters",
        "Une ou deux lettres capitales",
    ),
    (
        "Its name",
        "Son nom",
    ),
    (
        "Its colour, #rrggbb",
        "Sa couleur, #rrvvbb",
    ),
    (
        "Its place in lists",
        "Son rang dans les listes",
    ),
    (
        "Remove a type no booking or area uses",
        "Supprimer un type qu’aucune réservation ni aucun domaine n’utilise",
    ),
    (
        "Days without bookings (holidays): list, add (saying what becomes of bookings already there), remove",
        "Jours sans réservation (fériés) : lister, ajouter (en disant ce que deviennent les réservations déjà là), retirer",
    ),
    (
        "The days without bookings of a period (this school year by default)",
        "Les jours sans réservation d’une période (l’année scolaire en cours par défaut)",
    ),
    (
        "Make a day a day without bookings",
        "Faire d’un jour un jour sans réservation",
    ),
    (
        "The date",
        "La date",
    ),
    (
        "Why (shown in the planning)",
        "Pourquoi (affiché dans le planning)",
    ),
    (
        "What becomes of bookings already on that day: keep, move (to --to, same hours), or archive (with a mail to those concerned)",
        "Ce que deviennent les réservations déjà ce jour-là : keep (gardées), move (déplacées au jour --to, mêmes heures), ou archive (archivées, avec un mail aux intéressés)",
    ),
    (
        "The day the bookings move to (with --bookings move)",
        "Le jour où vont les réservations (avec --bookings move)",
    ),
    (
        "Bookings may be made on that day again",
        "On peut de nouveau réserver ce jour-là",
    ),
    (
        "Cycle days: day N of the school's rotation on a date, or none",
        "Jours cycles : le jour N de la rotation de l’établissement à une date, ou aucun",
    ),
    (
        "The cycle day (1, 2, …); `none` takes it away",
        "Le jour du cycle (1, 2, …) ; `none` le retire",
    ),
    (
        "Deliver the mail the outbox holds, then wait for more (an administrator's login)",
        "Envoyer les mails en attente, puis les suivants à mesure (compte d’un administrateur)",
    ),
    (
        "Deliver what is due now, then exit (for cron)",
        "Envoyer ce qui est dû maintenant, puis quitter (pour cron)",
    ),
    (
        "The outbox: send a test message, list the mails, try failed ones again",
        "La file des mails : envoyer un message d’essai, lister les mails, relancer ceux en échec",
    ),
    (
        "Send one message to ADDRESS now and show what the mail server answered",
        "Envoyer un message à ADRESSE maintenant et montrer la réponse du serveur de mail",
    ),
    ("Where to send it", "Où l’envoyer"),
    (
        "The outbox, newest first: what was sent, what waits, what failed and why",
        "La file des mails, les plus récents d’abord : ce qui est parti, ce qui attend, ce qui a échoué et pourquoi",
    ),
    (
        "Only mails that failed: dead letters, those waiting for a retry, refused recipients",
        "Seulement les mails en échec : abandonnés, en attente d’un nouvel essai, destinataires refusés",
    ),
    ("Only mails not sent yet", "Seulement les mails pas encore envoyés"),
    ("How many mails at most", "Combien de mails au plus"),
    (
        "Try mails again now, by id, or every failed one",
        "Retenter des mails maintenant, par numéro, ou tous ceux en échec",
    ),
    ("Mail ids (from `mail list`)", "Numéros des mails (de `mail list`)"),
    ("Every mail that failed", "Tous les mails en échec"),
    (
        "Where mail goes: the settings in force and where each comes from",
        "Où vont les mails : les réglages en vigueur et leur origine",
    ),
    (
        "Change a mail setting for every worker: enabled, from, reply_to, smtp_host, smtp_port, smtp_security, smtp_user, max_attempts, language",
        "Changer un réglage de mail pour tous les envois : enabled, from, reply_to, smtp_host, smtp_port, smtp_security, smtp_user, max_attempts, language",
    ),
    ("The setting's name (without `mail.`)", "Le nom du réglage (sans `mail.`)"),
    ("Its new value", "Sa nouvelle valeur"),
    (
        "Whether you are told by mail of what concerns you: on or off",
        "Être prévenu ou non par mail de ce qui vous concerne : on ou off",
    ),
    (
        "The operations desk of schools and universities, in a terminal",
        "Le bureau des opérations des établissements scolaires et des universités, dans un terminal",
    ),
    (
        "PostgreSQL URL or key=value string; else INTENDANT_DATABASE_URL, DATABASE_URL, PG*, the config file, the embedded cluster",
        "URL PostgreSQL ou chaîne clé=valeur ; sinon INTENDANT_DATABASE_URL, DATABASE_URL, PG*, le fichier de configuration, la grappe embarquée",
    ),
    (
        "Interface language (fr or en); else your user setting, the config file, LANG",
        "Langue de l’interface (fr ou en) ; sinon votre réglage d’utilisateur, le fichier de configuration, LANG",
    ),
    (
        "Theme: default, mono, high-contrast, or a file NAME.toml in the config dir's themes/",
        "Thème : default, mono, high-contrast, ou un fichier NOM.toml dans themes/ du dossier de configuration",
    ),
    (
        "Keymap: default or vim (keymap.toml in the config dir overrides per key)",
        "Touches : default ou vim (keymap.toml du dossier de configuration les remplace une à une)",
    ),
    (
        "Load the demo data set (idempotent), then open the TUI",
        "Charger les données de démonstration (sans doublon), puis ouvrir l’application",
    ),
    (
        "Load the data and exit",
        "Charger les données et quitter",
    ),
    (
        "The database: migrations and the embedded cluster",
        "La base : migrations et grappe embarquée",
    ),
    (
        "Bring the schema up to date (any command that connects does this first)",
        "Mettre le schéma à jour (toute commande qui se connecte le fait d’abord)",
    ),
    (
        "Show the database in use and which migrations are applied",
        "Montrer la base utilisée et les migrations appliquées",
    ),
    (
        "Start the embedded cluster (created on first use)",
        "Démarrer la grappe embarquée (créée au premier usage)",
    ),
    (
        "Stop the embedded cluster",
        "Arrêter la grappe embarquée",
    ),
    (
        "Show where the database and the settings come from, and any problem in keymap or theme files",
        "Montrer d’où viennent la base et les réglages, et les problèmes des fichiers de touches ou de thème",
    ),
    (
        "Import students or staff from a school information system's CSV export",
        "Importer des élèves ou des personnels depuis l’export CSV d’un logiciel de scolarité",
    ),
    (
        "A students file (the export: school, number, names, birth date, class…)",
        "Un fichier d’élèves (l’export : établissement, numéro, noms, date de naissance, classe…)",
    ),
    (
        "utf-8 or windows-1252 (default: detected; valid UTF-8 wins)",
        "utf-8 ou windows-1252 (par défaut : détecté ; un UTF-8 valide l’emporte)",
    ),
    (
        ", ; or tab (default: detected from the header line)",
        ", ; ou tabulation (par défaut : détecté sur la ligne d’en-tête)",
    ),
    (
        "For slash dates no value decides: dmy or mdy (default: the import.date_order setting)",
        "Pour les dates à barres qu’aucune valeur ne départage : dmy ou mdy (par défaut : le réglage import.date_order)",
    ),
    (
        "For rows without one, e.g. 2025-2026 (default: from today's date, 1 August starts a year)",
        "Pour les lignes qui n’en ont pas, par ex. 2025-2026 (par défaut : d’après la date du jour, l’année commence le 1er août)",
    ),
    (
        "Report exactly what would happen, write nothing",
        "Dire exactement ce qui se passerait, sans rien écrire",
    ),
    (
        "Write nothing if any row is rejected (exit 3)",
        "Ne rien écrire si une ligne est rejetée (code 3)",
    ),
    (
        "Mark inactive the people of the file's schools that the file no longer lists",
        "Rendre inactives les personnes des établissements du fichier qu’il ne liste plus",
    ),
    (
        "Allow this run to mark up to N people inactive, beyond the import.max_deactivation share",
        "Permettre à cet import de rendre inactives jusqu’à N personnes, au-delà de la part import.max_deactivation",
    ),
    (
        "A column the known names miss: 'HEADER=field', e.g. 'N° élève=number' (repeatable)",
        "Une colonne aux noms inconnus : 'EN-TÊTE=champ', par ex. 'N° élève=number' (répétable)",
    ),
    (
        "Use the column mapping saved under NAME (in the wizard, or with --save-mapping)",
        "Utiliser la correspondance de colonnes enregistrée sous NOM (dans l’assistant, ou avec --save-mapping)",
    ),
    (
        "Save this run's --map columns under NAME for later runs",
        "Enregistrer les colonnes --map de cet import sous NOM pour les suivants",
    ),
    (
        "text or json",
        "text ou json",
    ),
    (
        "A staff file (the export: school, number, names, function…)",
        "Un fichier de personnels (l’export : établissement, numéro, noms, fonction…)",
    ),
    (
        "A directory snapshot, as `ldapsearch -LLL` writes it (the previous one is kept)",
        "Un instantané de l’annuaire, tel que `ldapsearch -LLL` l’écrit (le précédent est gardé)",
    ),
    (
        "Take a snapshot with no account (it would make every person one to create)",
        "Prendre un instantané sans aucun compte (chaque personne serait un compte à créer)",
    ),
    (
        "The local accounts (exam, generic) as a CSV: login, last_name, first_name, category (E, P or Z), comment; the file is the whole list",
        "Les comptes locaux (examen, génériques) en CSV : login, last_name, first_name, category (E, P ou Z), comment ; le fichier est la liste entière",
    ),
    (
        "Every DIR/eleve/*.csv (students, first) and DIR/membre/*.csv (staff); imported files go to DIR/done, refused ones to DIR/failed",
        "Chaque DIR/eleve/*.csv (élèves, d’abord) et DIR/membre/*.csv (personnels) ; les fichiers importés vont dans DIR/done, les refusés dans DIR/failed",
    ),
    (
        "The people the imports keep",
        "Les personnes que gardent les imports",
    ),
    (
        "List people, as text or JSON",
        "Lister les personnes, en texte ou en JSON",
    ),
    (
        "student or staff",
        "student ou staff",
    ),
    (
        "Room and equipment bookings",
        "Réservations de salles et de matériel",
    ),
    (
        "Book a room, once or with a repeat",
        "Réserver une ressource, une fois ou avec une périodicité",
    ),
    (
        "A room name, AREA/ROOM, or its id",
        "Un nom de ressource, DOMAINE/RESSOURCE, ou son numéro",
    ),
    (
        "YYYY-MM-DD HH:MM",
        "AAAA-MM-JJ HH:MM (ou JJ/MM/AAAA HH:MM)",
    ),
    (
        "YYYY-MM-DD HH:MM, or HH:MM on the start's day",
        "AAAA-MM-JJ HH:MM, ou HH:MM le jour du début",
    ),
    (
        "The booking type's letter",
        "La lettre du type de réservation",
    ),
    (
        "Book for this user",
        "Réserver pour cet utilisateur",
    ),
    (
        "Book for someone outside: \"Name <email>\"",
        "Réserver pour une personne extérieure : \"Nom <courriel>\"",
    ),
    (
        "An additional field of the area: NAME=VALUE (repeatable)",
        "Un champ additionnel du domaine : NOM=VALEUR (répétable)",
    ),
    (
        "Tentative: confirm by YYYY-MM-DD HH:MM or it is deleted",
        "Provisoire : à confirmer avant AAAA-MM-JJ HH:MM, sinon supprimée",
    ),
    (
        "How the booking repeats",
        "Comment la réservation se répète",
    ),
    (
        "Every N days/weeks/months/years",
        "Tous les N jours/semaines/mois/ans",
    ),
    (
        "For weekly: mon,wed… (default: the start's day)",
        "Chaque semaine : lun,mer… (par défaut : le jour du début)",
    ),
    (
        "For cycle: the cycle day J1…Jn",
        "Jours cycles : le jour J1…Jn",
    ),
    (
        "For monthly-weekday: the last such weekday of the month, not the nth",
        "Pour monthly-weekday : le dernier de ces jours du mois, pas le n-ième",
    ),
    (
        "The last date a repeat may book",
        "La dernière date qu’une périodicité peut réserver",
    ),
    (
        "Book what is free and report the conflicting dates instead of refusing the series",
        "Réserver ce qui est libre et signaler les dates en conflit au lieu de refuser la périodicité",
    ),
    (
        "List the bookings of a room or an area between two dates",
        "Lister les réservations d’une ressource ou d’un domaine entre deux dates",
    ),
    (
        "YYYY-MM-DD (from its start); with --blocked, today when not given",
        "AAAA-MM-JJ (dès son début) ; avec --blocked, aujourd’hui par défaut",
    ),
    (
        "YYYY-MM-DD (to its end); with --blocked, a year ahead when not given",
        "AAAA-MM-JJ (jusqu’à sa fin) ; avec --blocked, dans un an par défaut",
    ),
    (
        "Only the bookings that fall on a blocked day (blocked after they were made): administrators move or delete them",
        "Seulement les réservations tombant un jour bloqué (bloqué après coup) : les administrateurs les déplacent ou les suppriment",
    ),
    (
        "Change one booking (it leaves its series), or with --series regenerate the whole series",
        "Modifier une réservation (elle quitte sa périodicité), ou avec --series toute la périodicité",
    ),
    (
        "Apply to the whole series: its occurrences are regenerated from the rule",
        "Appliquer à toute la périodicité : ses occurrences sont régénérées d’après la règle",
    ),
    (
        "Delete (archive) a booking, or with --series every occurrence of its series",
        "Supprimer (archiver) une réservation, ou avec --series chaque occurrence de sa périodicité",
    ),
    (
        "Remove a booking's periodicity: its occurrences become independent bookings",
        "Supprimer la périodicité d’une réservation : ses occurrences deviennent indépendantes",
    ),
    (
        "Accept or refuse a pending booking (or every pending occurrence of its series)",
        "Accepter ou refuser une réservation en attente (ou chaque occurrence en attente de sa périodicité)",
    ),
    (
        "accept or refuse",
        "accept ou refuse",
    ),
    (
        "Mark a loan: returned, borrowed, or overdue (borrowed, with daily notices)",
        "Signaler un prêt : returned (rendu), borrowed (emprunté) ou overdue (en retard, avec rappels quotidiens)",
    ),
    (
        "Confirm a tentative booking",
        "Confirmer une réservation provisoire (et toute sa périodicité)",
    ),
    (
        "Block a time range on many rooms, on a calendar of dates",
        "Bloquer une plage horaire sur plusieurs ressources, sur un calendrier de dates",
    ),
    (
        "Rooms, comma separated (names, AREA/ROOM or ids)",
        "Ressources, séparées par des virgules (noms, DOMAINE/RESSOURCE ou numéros)",
    ),
    (
        "Dates, comma separated YYYY-MM-DD",
        "Dates séparées par des virgules, AAAA-MM-JJ ou JJ/MM/AAAA",
    ),
    (
        "HH:MM",
        "HH:MM",
    ),
    (
        "The blocking booking's name; without it the range is only freed",
        "Le nom de la réservation qui bloque ; sans lui la plage est seulement libérée",
    ),
    (
        "Replace the bookings in the way (they stay in the history)",
        "Remplacer les réservations gênantes (elles restent dans l’historique)",
    ),
    (
        "Sites, areas, rooms, types, users and rights from a TOML file, or back into one",
        "Sites, domaines, ressources, types, utilisateurs et droits depuis un fichier TOML, ou vers lui",
    ),
    (
        "Create or update everything the file describes (never deletes); all or nothing",
        "Créer ou mettre à jour tout ce que décrit le fichier (sans jamais supprimer) ; tout ou rien",
    ),
    (
        "Check the file and report, write nothing",
        "Vérifier le fichier et dire ce qu’il en est, sans rien écrire",
    ),
    (
        "Write the current setup in the same format (to stdout, or --out FILE)",
        "Écrire la configuration actuelle dans le même format (sur la sortie, ou --out FICHIER)",
    ),
    (
        "Number the school days of a period J1…Jn in turn (cycle days), skipping blocked days and the days the school is closed; replaces the period's numbers",
        "Numéroter tour à tour J1…Jn les jours de classe d’une période (jours cycles), sans les jours bloqués ni les jours de fermeture ; remplace les numéros de la période",
    ),
    (
        "First day (YYYY-MM-DD)",
        "Premier jour (AAAA-MM-JJ)",
    ),
    (
        "Last day (YYYY-MM-DD)",
        "Dernier jour (AAAA-MM-JJ)",
    ),
    (
        "Days in a cycle (J1…Jn)",
        "Jours d’un cycle (J1…Jn)",
    ),
    (
        "The days the school opens",
        "Les jours d’ouverture",
    ),
    (
        "Directory accounts against the official people lists",
        "Les comptes de l’annuaire face aux listes officielles de personnes",
    ),
    (
        "Run the automatic cascade (it also runs after every import)",
        "Lancer la cascade automatique (elle tourne aussi après chaque import)",
    ),
    (
        "Compare official numbers without their leading zeros",
        "Comparer les numéros officiels sans leurs zéros de tête",
    ),
    (
        "The pairs, and what remains on each side",
        "Les paires, et ce qui reste de chaque côté",
    ),
    (
        "Link an account to a person by hand: LOGIN NUMBER (or SCHOOL/NUMBER)",
        "Relier à la main un compte à une personne : LOGIN NUMÉRO (ou ÉTABLISSEMENT/NUMÉRO)",
    ),
    (
        "Keep these accounts until the next apply",
        "Garder ces comptes jusqu’à la prochaine application",
    ),
    (
        "Keep these accounts for good",
        "Garder ces comptes pour de bon",
    ),
    (
        "Archive these accounts at the next apply (never a deletion)",
        "Archiver ces comptes à la prochaine application (jamais une suppression)",
    ),
    (
        "Erase every manual decision except links: keep, keep always and delete are asked again",
        "Effacer chaque décision manuelle sauf les liens : garder, garder toujours et supprimer sont redemandés",
    ),
    (
        "Write DIR/backup-<ts>.ldif, then DIR/changes-<ts>.ldif",
        "Écrire DIR/backup-<ts>.ldif, puis DIR/changes-<ts>.ldif",
    ),
    (
        "Periodic work for cron: expire unconfirmed tentative bookings, queue overdue notices",
        "Travaux périodiques pour cron : expirer les réservations provisoires non confirmées, préparer les rappels de retard",
    ),
    (
        "Run the tasks once",
        "Lancer les travaux une fois",
    ),
];

fn french(text: &str) -> Option<&'static str> {
    FR.iter().find(|(en, _)| *en == text).map(|(_, fr)| *fr)
}

/// The command with its help in `lang`.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    match lang {
        Lang::En => cmd,
        Lang::Fr => to_french(cmd),
    }
}

fn to_french(mut cmd: Command) -> Command {
    if let Some(about) = cmd.get_about().map(|a| a.to_string()) {
        if let Some(fr) = french(&about) {
            cmd = cmd.about(fr);
        }
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |a| {
            match a.get_help().and_then(|h| french(&h.to_string())) {
                Some(fr) => a.help(fr),
                None => a,
            }
        });
    }
    let has_subcommands = cmd.get_subcommands().next().is_some();
    let has_positionals = cmd.get_positionals().next().is_some();
    let mut template = String::from("{about-with-newline}\nUtilisation : {usage}\n");
    if has_subcommands {
        template.push_str("\nCommandes :\n{subcommands}\n");
    }
    if has_positionals {
        template.push_str("\nArguments :\n{positionals}\n");
    }
    template.push_str("\nOptions :\n{options}\n");
    cmd = cmd
        .help_template(template)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("aide")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Afficher l’aide"),
        );
    if cmd.get_version().is_some() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Afficher la version"),
        );
    }
    cmd.mut_subcommands(to_french)
}

/// The help texts of `cmd` and its subcommands that have no French yet.
pub fn untranslated(cmd: &Command) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(about) = cmd.get_about().map(|a| a.to_string()) {
        if french(&about).is_none() {
            out.push(about);
        }
    }
    for a in cmd.get_arguments() {
        if let Some(h) = a.get_help().map(|h| h.to_string()) {
            if french(&h).is_none() && !out.contains(&h) {
                out.push(h);
            }
        }
    }
    for sub in cmd.get_subcommands() {
        for t in untranslated(sub) {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}
