//! The one catalogue of user-facing strings, French and English side by side.
//!
//! Keys are an enum so a missing translation is a compile error, not a blank on screen.
//! Placeholders are `{0}`, `{1}`… filled by [`fill`].

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En = 0,
    Fr = 1,
}

impl Lang {
    /// `fr`, `fr_FR.UTF-8`, `en_GB`… → a language; anything else is unknown.
    pub fn parse(tag: &str) -> Option<Lang> {
        let lower = tag.trim().to_ascii_lowercase();
        if lower.starts_with("fr") {
            Some(Lang::Fr)
        } else if lower.starts_with("en")
            || lower == "c"
            || lower.starts_with("c.")
            || lower == "posix"
        {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

macro_rules! catalogue {
    ($($key:ident => $en:expr, $fr:expr;)*) => {
        /// A user-facing text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::En) => $en, (T::$key, Lang::Fr) => $fr,)*
                }
            }
        }
    };
}

catalogue! {
    AppName => "Intendant", "Intendant";
    Site => "Site", "Site";
    Area => "Area", "Domaine";
    NoneYet => "none", "aucun";
    Connected => "connected", "connecté";
    Connecting => "connecting…", "connexion…";
    Reconnecting => "reconnecting…", "reconnexion…";
    TooSmall => "Terminal too small: {0}×{1} needed, this one is {2}×{3}.", "Terminal trop petit : il faut {0}×{1}, celui-ci fait {2}×{3}.";
    HelpTitle => "Help: keys of the active keymap", "Aide : touches du clavier actif";
    HelpFooter => "Esc closes · ↑↓ scroll", "Échap ferme · ↑↓ défile";
    HintHelp => "help", "aide";
    HintCommands => "commands", "commandes";
    PaletteTitle => "Commands", "Commandes";
    PalettePrompt => "Type to filter, Enter runs, Esc closes", "Tapez pour filtrer, Entrée exécute, Échap ferme";
    PaletteEmpty => "No command matches.", "Aucune commande ne correspond.";
    UsersTitle => "Users", "Utilisateurs";
    ColLogin => "Login", "Identifiant";
    ColName => "Name", "Nom";
    ColStatus => "Status", "Statut";
    ColEmail => "Email", "Courriel";
    ColActive => "Active", "Actif";
    Yes => "yes", "oui";
    No => "no", "non";
    Loading => "Loading…", "Chargement…";
    NoUsers => "No users yet. `intendant demo` loads demo data.", "Aucun utilisateur. `intendant demo` charge des données de démonstration.";
    NoUserMatches => "No user matches the search (Esc clears it).", "Aucun utilisateur ne correspond à la recherche (Échap l’efface).";
    StatusAdmin => "administrator", "administrateur";
    StatusUserManager => "user manager", "gestionnaire des utilisateurs";
    StatusUser => "user", "utilisateur";
    StatusVisitor => "visitor", "visiteur";
    StatusUnknown => "not registered", "non inscrit";
    UpdatedElsewhere => "Updated by another client.", "Mis à jour par un autre client.";
    LoadFailed => "Could not load: {0}", "Chargement impossible : {0}";
    ContextGlobal => "Everywhere", "Partout";
    ContextList => "Lists", "Listes";
    ContextHelp => "Help", "Aide";
    ContextPalette => "Command palette", "Palette de commandes";
    ActionQuit => "Quit", "Quitter";
    ActionHelp => "Show this help", "Afficher cette aide";
    ActionPalette => "Open the command palette", "Ouvrir la palette de commandes";
    ActionCancel => "Cancel / close", "Annuler / fermer";
    ActionConfirm => "Open / confirm", "Ouvrir / valider";
    ActionUp => "Move up", "Monter";
    ActionDown => "Move down", "Descendre";
    ActionLeft => "Move left", "Aller à gauche";
    ActionRight => "Move right", "Aller à droite";
    ActionPageUp => "Previous page", "Page précédente";
    ActionPageDown => "Next page", "Page suivante";
    ActionHalfPageUp => "Half a page up", "Une demi-page plus haut";
    ActionHalfPageDown => "Half a page down", "Une demi-page plus bas";
    ActionFirst => "Go to the first line", "Aller à la première ligne";
    ActionLast => "Go to the last line", "Aller à la dernière ligne";
    ActionNextView => "Next view", "Vue suivante";
    ActionPrevView => "Previous view", "Vue précédente";
    ActionSearch => "Search", "Rechercher";
    ActionRefresh => "Reload from the database", "Recharger depuis la base";
    SearchPrompt => "Search: ", "Recherche : ";
    Refreshed => "Reloaded.", "Rechargé.";
    Cancelled => "Stopped: the server no longer runs that load.", "Arrêté : le serveur ne fait plus ce chargement.";
    QuitTitle => "Leave Intendant?", "Quitter Intendant ?";
    QuitAsk => "A form holds changes that are not saved. Leave and lose them?", "Un formulaire contient des modifications non enregistrées. Quitter et les perdre ?";
    QuitKeys => "{0} leave · {1} stay", "{0} quitter · {1} rester";
    // Command line and errors.
    ErrLine => "line {0}: {1}", "ligne {0} : {1}";
    ErrBadConnString => "not a valid connection string: {0}", "chaîne de connexion invalide : {0}";
    ErrNotAPort => "`{0}` is not a port number", "`{0}` n’est pas un numéro de port";
    ErrSslMode => "unknown sslmode `{0}` (expected disable, allow, prefer, require, verify-ca or verify-full)", "sslmode `{0}` inconnu (attendu : disable, allow, prefer, require, verify-ca ou verify-full)";
    ErrUnreachable => "cannot reach the database server {0}: {1}", "impossible de joindre le serveur de base de données {0} : {1}";
    ErrUnclosedQuote => "line {0}: a quote opens a field and is never closed, so the rest of the file would be read as one value; the file is refused, nothing was imported", "ligne {0} : un guillemet ouvre un champ et n’est jamais refermé, le reste du fichier serait lu comme une seule valeur ; le fichier est refusé, rien n’a été importé";
    GuardRefused => "this run would mark {0} people inactive: {1}. {2}. Nothing was imported. If the file is right, run it again with --allow-deactivation {0} (or confirm in the wizard)", "cet import désactiverait {0} personnes : {1}. {2}. Rien n’a été importé. Si le fichier est juste, relancez-le avec --allow-deactivation {0} (ou confirmez dans l’assistant)";
    GuardMostlyRejected => "more rows were rejected than accepted, so the file is probably broken", "plus de lignes ont été rejetées qu’acceptées : le fichier est probablement abîmé";
    GuardShare => "more than {0} % of a school's active people (setting import.max_deactivation)", "plus de {0} % des personnes actives d’un établissement (réglage import.max_deactivation)";
    GuardSchool => "school {0}: {1} of {2} (e.g. {3})", "établissement {0} : {1} sur {2} (par ex. {3})";
    WizardDeactivateTitle => "Mark {0} people inactive?", "Désactiver {0} personnes ?";
    WizardDeactivateWhy => "Nothing is written yet: {0}.", "Rien n’est encore écrit : {0}.";
    WizardDeactivateSchool => "School {0}: {1} of its {2} active people are not in the file", "Établissement {0} : {1} de ses {2} personnes actives ne sont pas dans le fichier";
    WizardDeactivateHint => "{0}: import and mark them inactive · {1}: cancel, nothing is written", "{0} : importer et les désactiver · {1} : annuler, rien n’est écrit";
    WarnBomMismatch => "warning: the file starts with a UTF-8 mark but is not UTF-8; it was read as Windows-1252 (check accented letters)", "attention : le fichier commence par une marque UTF-8 mais n’est pas en UTF-8 ; il a été lu en Windows-1252 (vérifiez les lettres accentuées)";
    CorrelateImported => "directory snapshot: {0} entries, {1} accounts ({2} machines, {3} domain admins): snapshot {4}", "instantané de l’annuaire : {0} entrées, {1} comptes ({2} machines, {3} administrateurs du domaine) : instantané {4}";
    CorrelateLinked => "linked: {0} by number and name, {1} by number, {2} by name and birth date, {3} by name, {4} by hand", "corrélés : {0} par numéro et nom, {1} par numéro, {2} par nom et date de naissance, {3} par nom, {4} à la main";
    CorrelateRemaining => "still to decide: {0} accounts, {1} people", "reste à décider : {0} comptes, {1} personnes";
    CorrelatePairs => "pairs ({0}):", "paires ({0}) :";
    CorrelateLeft => "accounts without a person ({0}):", "comptes sans personne ({0}) :";
    CorrelateRight => "people without an account ({0}):", "personnes sans compte ({0}) :";
    CorrelateLinkedByHand => "linked {0} to {1}", "{0} corrélé à {1}";
    CorrelateKept => "kept until the next apply: {0}", "conservés jusqu’à la prochaine application : {0}";
    CorrelateKeptAlways => "kept for good: {0}", "conservés définitivement : {0}";
    CorrelateDeleted => "to archive at the next apply: {0}", "à archiver à la prochaine application : {0}";
    CorrelateForgotten => "{0} decisions forgotten", "{0} décisions oubliées";
    CorrelateApplied => "{0} accounts to create, {1} to complete, {2} to archive; {3} undecided", "{0} comptes à créer, {1} à compléter, {2} à archiver ; {3} sans décision";
    CorrelateNewGoTo => "new {0} accounts go to {1}", "les nouveaux comptes {0} vont dans {1}";
    DeleteDomainAdmin => "{0} is a domain admin: never archived", "{0} est administrateur du domaine : jamais archivé";
    DeleteLinked => "{0} is linked to a person of the official lists: unlink it first (correlate link another account, or forget the link in the session)", "{0} est corrélé à une personne des listes officielles : défaites d’abord le lien";
    CorrelationPersonGone => "linked by hand to {0}, who is no longer in the official lists: decide again", "corrélé à la main à {0}, qui n’est plus dans les listes officielles : à décider de nouveau";
    DeleteLocal => "{0} is a local account (the file of local accounts declares it): never archived", "{0} est un compte local (déclaré par le fichier des comptes locaux) : jamais archivé";
    CorrelateLocal => "local accounts ({0}): {1}", "comptes locaux ({0}) : {1}";
    CorrelateLocalImported => "{0} local accounts declared ({1} changed, {2} no longer local)", "{0} comptes locaux déclarés ({1} modifiés, {2} qui ne le sont plus)";
    CorrelationLocalCount => " · local {0}", " · locaux {0}";
    CorrelateFiles => "backup: {0}\nchanges: {1}", "sauvegarde : {0}\nmodifications : {1}";
    LdifNoAccount => "{0}: {1} entries and not one account: taken as the directory, it would make every person one to create. Nothing was imported; check the export, or say --allow-empty", "{0} : {1} entrées et pas un compte : pris pour l’annuaire, il ferait de chaque personne un compte à créer. Rien n’a été importé ; vérifiez l’export, ou précisez --allow-empty";
    LdifDuplicateLogin => "the login {0} is on two entries, {1} (line {2}) and {3} (line {4}); nothing was imported", "l’identifiant {0} est sur deux entrées, {1} (ligne {2}) et {3} (ligne {4}) ; rien n’a été importé";
    ImportSchoolLine => "school {0}: {1} rows, {2} added, {3} updated, {4} unchanged, {5} rejected, {6} marked inactive", "établissement {0} : {1} lignes, {2} ajoutées, {3} modifiées, {4} inchangées, {5} rejetées, {6} désactivées";
    ImportNoMapping => "--mapping {0}: no column mapping of that name for {1} files", "--mapping {0} : aucune correspondance de colonnes de ce nom pour les fichiers {1}";
    ErrTimedOut => "timed out", "délai dépassé";
    ErrBusy => "every connection to {0} is busy; try again in a moment", "toutes les connexions à {0} sont occupées ; réessayez dans un instant";
    ErrForeignGroup => "the group role `{0}` of {1} does not carry this database's mark: another database or a person made it. Nothing was read; ask the administrator of the server", "le rôle de groupe `{0}` de {1} ne porte pas la marque de cette base : une autre base ou une personne l’a créé. Rien n’a été lu ; prévenez l’administrateur du serveur";
    ErrPasswordMissing => "the server {0} asks for a password for user `{1}` and none is known: set PGPASSWORD, add a line to ~/.pgpass, or put it in the connection URL", "le serveur {0} demande un mot de passe pour l’utilisateur `{1}` et aucun n’est connu : définissez PGPASSWORD, ajoutez une ligne à ~/.pgpass ou mettez-le dans l’URL de connexion";
    ErrNoConnect => "{0} does not let `{1}` connect: its administrators have disabled logins for now, or this login has no access to it. Ask an administrator", "{0} ne laisse pas `{1}` se connecter : ses administrateurs ont désactivé les connexions pour l’instant, ou cet identifiant n’y a pas accès. Demandez à un administrateur";
    ErrAuthFailed => "the server {0} refused user `{1}`: {2}", "le serveur {0} a refusé l’utilisateur `{1}` : {2}";
    ErrTls => "TLS set-up failed: {0}", "échec de la mise en place de TLS : {0}";
    ErrNoCertificate => "{0}: no certificate in this file", "{0} : aucun certificat dans ce fichier";
    ErrSchemaNewer => "the database schema is at version {0}, newer than this intendant knows (up to {1}): upgrade intendant, or point it at another database", "le schéma de la base est en version {0}, plus récente que ce que connaît ce programme intendant (jusqu’à {1}) : mettez intendant à jour, ou utilisez une autre base";
    ErrMigrationEdited => "migration {0} was edited after it was applied (recorded checksum {1}, file {2}): restore the file and put the change in a new migration", "la migration {0} a été modifiée après avoir été appliquée (somme enregistrée {1}, fichier {2}) : restaurez le fichier et placez la modification dans une nouvelle migration";
    ErrMigrationFailed => "migration {0} failed, nothing was changed: {1}", "la migration {0} a échoué, rien n’a été modifié : {1}";
    ErrMigrateByOwner => "this database needs its schema brought up to date ({0}): its owner runs `intendant db migrate` first", "cette base doit mettre son schéma à jour ({0}) : son propriétaire lance d’abord `intendant db migrate`";
    ErrSchemaRead => "reading the schema version failed: {0}", "lecture de la version du schéma impossible : {0}";
    ErrNotAUser => "`{0}` is not a user of this database: an administrator adds it (`intendant admin user add`)", "`{0}` n’est pas un utilisateur de cette base : un administrateur l’ajoute (`intendant admin user add`)";
    ErrNoServerPrograms => "no database is configured and the PostgreSQL server programs (initdb, pg_ctl) are not on PATH nor in /usr/lib/postgresql/*/bin: install the `postgresql` package, or set DATABASE_URL", "aucune base n’est configurée et les programmes du serveur PostgreSQL (initdb, pg_ctl) ne sont ni dans le PATH ni dans /usr/lib/postgresql/*/bin : installez le paquet `postgresql`, ou définissez DATABASE_URL";
    ErrNoSystemAccount => "running as root, the private cluster must run as the `postgres` system account, which does not exist: create it (useradd --system postgres), run intendant as a normal user, or set DATABASE_URL", "lancé en root, le cluster privé doit tourner sous le compte système `postgres`, qui n’existe pas : créez-le (useradd --system postgres), lancez intendant sous un utilisateur ordinaire, ou définissez DATABASE_URL";
    ErrNoDataDir => "no data directory for the private cluster: set XDG_DATA_HOME or HOME, [embedded] dir in the config file, or DATABASE_URL", "aucun dossier de données pour le cluster privé : définissez XDG_DATA_HOME ou HOME, [embedded] dir dans le fichier de configuration, ou DATABASE_URL";
    ErrClusterStep => "{0} failed for the private cluster in {1}: {2}", "{0} : échec pour le cluster privé dans {1} : {2}";
    StepCreateFolder => "creating the folder", "création du dossier";
    StepPermissions => "setting permissions", "réglage des droits";
    StepChown => "giving the folder to the postgres account", "attribution du dossier au compte postgres";
    StepConnect => "connecting", "connexion";
    StepFindDatabase => "looking for the database", "recherche de la base";
    StepCreateDatabase => "creating the database", "création de la base";
    WarnNotUtf8 => "{0}: line {1}: not UTF-8 text; the file is ignored", "{0} : ligne {1} : ce n’est pas du texte UTF-8 ; le fichier est ignoré";
    CorrelationDenied => "{0} may not work on the directory correlation: administrators and user managers only", "{0} n’a pas accès à la corrélation de l’annuaire : réservée aux administrateurs et aux gestionnaires d’utilisateurs";
    WarnUnknownKeymap => "keymap `{0}` does not exist (expected default or vim)", "le clavier `{0}` n’existe pas (attendu : default ou vim)";
    WarnUnknownContext => "unknown context `{0}` (expected {1})", "contexte `{0}` inconnu (attendu : {1})";
    WarnUnknownAction => "unknown action `{0}`", "action `{0}` inconnue";
    WarnUnknownKey => "unknown key `{0}`", "touche `{0}` inconnue";
    WarnEmptyKeys => "empty key sequence", "séquence de touches vide";
    WarnThemeCircle => "theme `{0}`: `inherits` goes round in a circle", "thème `{0}` : `inherits` tourne en rond";
    WarnUnknownTheme => "theme `{0}` does not exist (built in: default, mono, high-contrast)", "le thème `{0}` n’existe pas (intégrés : default, mono, high-contrast)";
    WarnStyle => "style `{0}`: {1}", "style `{0}` : {1}";
    WarnUnknownColour => "unknown colour `{0}`", "couleur `{0}` inconnue";
    WarnUnknownModifier => "unknown modifier `{0}` (expected bold, dim, italic, underlined, reversed, crossed_out)", "attribut `{0}` inconnu (attendu : bold, dim, italic, underlined, reversed, crossed_out)";
    WarnMore => " (+{0} more: intendant config)", " (+{0} autres : intendant config)";
    WarnPrefix => "warning: {0}", "avertissement : {0}";
    CliCannotStart => "cannot start: {0}", "démarrage impossible : {0}";
    CliNeedsTerminal => "the full-screen app needs a terminal; for scripts use a subcommand (intendant --help)", "l’application plein écran a besoin d’un terminal ; pour les scripts, utilisez une sous-commande (intendant --help)";
    CliPasswordPrompt => "Password for {0}: ", "Mot de passe pour {0} : ";
    CliReadingPassword => "reading the password", "lecture du mot de passe";
    ActionGoMail => "Go to the mail (administrators)", "Aller aux mails (administrateurs)";
    ActionRetry => "Send the selected mail again now", "Renvoyer maintenant le mail choisi";
    ActionGoAdmin => "Go to the administration", "Aller à l’administration";
    ActionNewItem => "New (a user, in Administration)", "Nouveau (un utilisateur, dans Administration)";
    ActionArchive => "Archive or restore the selected site, area or room", "Archiver ou rétablir le site, le domaine ou la ressource choisi";
    ActionToggle => "Switch the selected user on or off, or hide or show a booking type", "Activer ou désactiver l’utilisateur choisi, masquer ou montrer un type";
    ActionPassword => "Set a password (the selected user's, or your own)", "Définir un mot de passe (celui de l’utilisateur choisi, ou le vôtre)";
    MailTitle => "Mail", "Mails";
    AdminTitle => "Administration", "Administration";
    AdminSectionUsers => "Users", "Utilisateurs";
    AdminSectionSites => "Sites", "Sites";
    AdminSectionAreas => "Areas", "Domaines";
    AdminSectionRooms => "Rooms", "Ressources";
    AdminSectionTypes => "Booking types", "Types";
    AdminSectionBlocked => "Days off", "Jours fériés";
    AdminSectionRights => "Rights", "Droits";
    AdminSectionSettings => "Settings", "Paramètres";
    AdminSectionConnections => "Connections", "Connexions";
    AdminSectionPassword => "My password", "Mon mot de passe";
    AdminColLogin => "Login", "Identifiant";
    AdminColName => "Name", "Nom";
    AdminColStatus => "Status", "Statut";
    AdminColState => "State", "État";
    AdminColCode => "Code", "Code";
    AdminColAreas => "Areas", "Domaines";
    AdminColAdmins => "Administrators", "Administrateurs";
    AdminColSite => "Site", "Site";
    AdminColHours => "Hours", "Horaires";
    AdminColRooms => "Rooms", "Ress.";
    AdminColArea => "Area", "Domaine";
    AdminColCapacity => "Seats", "Places";
    AdminColManagers => "Managers", "Gestionnaires";
    AdminColLetter => "Type", "Type";
    AdminColColor => "Colour", "Couleur";
    AdminColBookings => "Bookings", "Réservations";
    AdminColDay => "Day", "Jour";
    AdminColReason => "Reason", "Motif";
    AdminColRight => "Right", "Droit";
    AdminColOn => "On", "Sur";
    AdminColSetting => "Setting", "Paramètre";
    AdminColValue => "Value", "Valeur";
    AdminColStarted => "Started", "Début";
    AdminColFrom => "From", "Depuis";
    AdminColEnd => "Ended", "Fin";
    AdminInactive => "inactive", "inactif";
    AdminFieldLogin => "Login", "Identifiant";
    AdminFieldName => "Name", "Nom";
    AdminFieldEmail => "Email", "Courriel";
    AdminFieldStatus => "Status", "Statut";
    AdminFieldPassword => "Password", "Mot de passe";
    AdminFieldAgain => "Again", "Encore";
    AdminNameNeeded => "a user needs a name", "un utilisateur a besoin d’un nom";
    AdminBadEmail => "an email address has an @", "une adresse de courriel contient un @";
    AdminAskActivate => "Let {0} log in again?", "Permettre à {0} de se connecter de nouveau ?";
    AdminAskDeactivate => "Take away {0}'s login to this database? Bookings and history keep the name.", "Retirer à {0} sa connexion à cette base ? Réservations et historique gardent le nom.";
    AdminAskArchive => "Archive {0}? It hides {1} area(s) and {2} room(s); {3} future booking(s) are kept.", "Archiver {0} ? Cela masque {1} domaine(s) et {2} ressource(s) ; {3} réservation(s) à venir sont gardées.";
    AdminNothingHere => "nothing to do here for that key", "rien à faire ici avec cette touche";
    AdminOwnPasswordSet => "your password is changed", "votre mot de passe est changé";
    AdminNoSections => "Nothing to administer with your rights. An administrator gives rights on sites, areas and rooms.", "Rien à administrer avec vos droits. Un administrateur donne des droits sur les sites, domaines et ressources.";
    AdminPasswordHelp => "{0}: change your password. It is sent to the server already hashed (SCRAM), as psql's \\password does: it never reaches the server or its logs. Where your installation signs you in through LDAP, PAM or certificates, your password is managed there.", "{0} : changer votre mot de passe. Il part déjà haché (SCRAM), comme avec \\password de psql : il n’atteint jamais le serveur ni ses journaux. Si votre installation vous connecte par LDAP, PAM ou certificat, votre mot de passe se gère là-bas.";
    AdminHintNew => "new", "nouveau";
    AdminHintOnOff => "on/off", "activer/désactiver";
    AdminHintPassword => "password", "mot de passe";
    AdminHintArchive => "archive/restore", "archiver/rétablir";
    AdminHintHide => "hide/show", "masquer/montrer";
    AdminNewUser => "New user", "Nouvel utilisateur";
    AdminPasswordOf => "Password of {0}", "Mot de passe de {0}";
    AdminOwnPassword => "My password", "Mon mot de passe";
    AdminGone => "{0} is no longer there", "{0} n’existe plus";
    AdminSaved => "saved", "enregistré";
    AdminEditTitle => "Change {0}", "Modifier {0}";
    AdminHintEdit => "change", "modifier";
    EditNeeded => "{0} cannot be empty", "{0} ne peut pas être vide";
    EditNumber => "{0}: a whole number, not “{1}”", "{0} : un nombre entier, pas « {1} »";
    EditYesNo => "{0}: yes or no, not “{1}”", "{0} : oui ou non, pas « {1} »";
    EditDuration => "{0}: a duration such as 45m, 1h30m or 2d, not “{1}”", "{0} : une durée comme 45m, 1h30m ou 2d, pas « {1} »";
    EditDate => "{0}: a date such as 25/12/2026, not “{1}”", "{0} : une date comme 25/12/2026, pas « {1} »";
    EditTime => "{0}: a time such as 08:30, not “{1}”", "{0} : une heure comme 08:30, pas « {1} »";
    EditColor => "{0}: a colour #rrggbb, not “{1}”", "{0} : une couleur #rrggbb, pas « {1} »";
    EditChoice => "{0}: one of {2}, not “{1}”", "{0} : l’un de {2}, pas « {1} »";
    EditNothing => "nothing changed", "rien n’a changé";
    AdminKioskOn => "kiosk login {0} enabled: a visitor (the public areas' plannings, nothing of the people), without password", "compte kiosque {0} activé : un visiteur (les plannings des domaines publics, rien des personnes), sans mot de passe";
    AdminKioskOff => "kiosk login {0} disabled", "compte kiosque {0} désactivé";
    AdminKioskHba => "Add to pg_hba.conf, before any broader line, one line per screen, then reload (SELECT pg_reload_conf()):", "Ajoutez à pg_hba.conf, avant toute ligne plus large, une ligne par écran, puis rechargez (SELECT pg_reload_conf()) :";
    AdminKioskRun => "On the screen: intendant --kiosk --database-url postgres://{0}@SERVER/{1}", "Sur l’écran : intendant --kiosk --database-url postgres://{0}@SERVEUR/{1}";
    KioskStatus => "kiosk: the next area every {0} s · {1} quits", "kiosque : domaine suivant toutes les {0} s · {1} quitte";
    AdminSectionBackups => "Backups", "Sauvegardes";
    AdminColFile => "File (where the app started)", "Fichier (là où l’app a démarré)";
    AdminColSize => "Size", "Taille";
    AdminColModified => "Made", "Faite le";
    AdminHintBackup => "back up now", "sauvegarder";
    AdminHintRestore => "restore into a new database", "restaurer dans une nouvelle base";
    BackupStarted => "backing up…", "sauvegarde en cours…";
    RestoreStarted => "restoring…", "restauration en cours…";
    RestoreIntoPrompt => "Into a new database named (not an existing one):", "Dans une nouvelle base nommée (pas une base existante) :";
    RestoreTitle => "Restore {0}", "Restaurer {0}";
    AdminSectionFields => "Fields", "Champs";
    AdminSectionCycle => "Cycle days", "Jours cycles";
    AdminColCycle => "Cycle day", "Jour cycle";
    AdminColKind => "Kind", "Genre";
    AdminColChoices => "Choices", "Choix";
    AdminNewTitle => "New — {0}", "Nouveau — {0}";
    AdminHintRemove => "remove", "retirer";
    AdminAskRemove => "Remove {0}?", "Retirer {0} ?";
    AdminConfirmKeys => "{0} yes · {1} no", "{0} oui · {1} non";
    AdminFormKeys => "{0} save · {1} cancel", "{0} enregistrer · {1} annuler";
    MailAdminsOnly => "Only administrators see the mail Intendant sends.", "Seuls les administrateurs voient les mails qu’Intendant envoie.";
    MailListEmptyScreen => "No mail yet: bookings, moderation and the daily tasks queue them here.", "Aucun mail pour l’instant : réservations, modération et tâches du jour les mettent ici.";
    MailDeadCount => "{0} given up", "{0} abandonnés";
    MailStatusDead => "✉ {0} mail(s) given up (F7)", "✉ {0} mail(s) abandonné(s) (F7)";
    MailRetrying => "mail {0}: sending again…", "mail {0} : nouvel envoi…";
    MailNothingToRetry => "nothing to send again: this mail went to everyone it could", "rien à renvoyer : ce mail est parti vers tous ceux qu’il pouvait";
    MailNextAttempt => "next attempt", "prochain essai";
    MailColId => "No.", "N°";
    MailColQueued => "Queued", "Créé";
    MailColState => "State", "État";
    MailColKind => "About", "Objet";
    MailColTo => "To", "À";
    MailStateSent => "sent", "envoyé";
    MailStatePending => "waiting", "en attente";
    MailStateRetrying => "to retry", "à retenter";
    MailStateDead => "given up", "abandonné";
    MailStateRefused => "refused", "refusé";
    MailStateNoAddress => "no address", "sans adresse";
    MailStateOptedOut => "does not want mail", "ne veut pas de mails";
    MailStateOff => "mail switched off", "mails désactivés";
    MailStateSelf => "did it", "auteur";
    MailStateWaiting => "not sent yet", "pas encore envoyé";
    MailKindCreated => "booking made", "réservation";
    MailKindChanged => "booking changed", "modification";
    MailKindDeleted => "booking cancelled", "annulation";
    MailKindPending => "to moderate", "à modérer";
    MailKindDecided => "moderation", "décision";
    MailKindExpired => "not confirmed", "non confirmée";
    MailKindOverdue => "not returned", "non rendu";
    MailKindImportReport => "imports of the day", "imports du jour";
    MailNotifyOn => "you will be told by mail of what concerns you", "vous serez prévenu par mail de ce qui vous concerne";
    MailNotifyOff => "you will no longer be told by mail", "vous ne serez plus prévenu par mail";
    MailInForce => "in force on this machine: {0}, from {1}", "en vigueur sur cette machine : {0}, de {1}";
    MailPasswordGiven => "SMTP password given (config file or INTENDANT_SMTP_PASSWORD): {0}", "mot de passe SMTP fourni (fichier de configuration ou INTENDANT_SMTP_PASSWORD) : {0}";
    MailUnknownSetting => "no mail setting \"{0}\"; the settings are: {1}", "pas de réglage de mail « {0} » ; les réglages sont : {1}";
    MailNotAdmin => "{0} is not an administrator: only an administrator's login sends mail, reads the outbox or changes the mail settings", "{0} n’est pas administrateur : seul le compte d’un administrateur envoie les mails, lit leur file ou change leurs réglages";
    MailTemplateSkipped => "mail template not used (the built-in one is): {0}", "modèle de mail ignoré (celui par défaut sert) : {0}";
    MailWorkerStarted => "mail worker started: sending what the outbox holds, then waiting for more (Ctrl-C stops)", "envoi des mails démarré : ce que contient la file part, puis la suite à mesure (Ctrl-C arrête)";
    MailTally => "{0}  {1} sent, {2} to try again, {3} given up", "{0}  {1} envoyés, {2} à retenter, {3} abandonnés";
    MailBadAddress => "\"{0}\" is not a mail address (name@domain)", "« {0} » n’est pas une adresse de courriel (nom@domaine)";
    MailTestSubject => "Intendant: test message", "Intendant : message d’essai";
    MailTestBody => "This message tests the mail of Intendant. It went through {0}.\n\nNothing to do.", "Ce message essaie l’envoi des mails d’Intendant. Il est passé par {0}.\n\nRien à faire.";
    MailTestSent => "sent to {0} through {1}; the server answered: {2}", "envoyé à {0} par {1} ; le serveur a répondu : {2}";
    MailTestFailed => "not sent to {0} through {1}: {2}", "non envoyé à {0} par {1} : {2}";
    MailListEmpty => "no mail", "aucun mail";
    MailRetryWhich => "say which mails: their ids, or --all-failed", "dites quels mails : leurs numéros, ou --all-failed";
    MailRetried => "{0} mail(s) to send again now: {1}", "{0} mail(s) à renvoyer maintenant : {1}";
    MailAttempts => "attempts: {0}", "tentatives : {0}";
    CliDemoLoaded => "demo data loaded into {0} ({1} rows added)", "données de démonstration chargées dans {0} ({1} lignes ajoutées)";
    CliEmbeddedOnly => "`intendant db start|stop` manage the embedded cluster; this configuration uses a server you manage yourself", "`intendant db start|stop` gèrent le cluster intégré ; cette configuration utilise un serveur que vous gérez vous-même";
    CliClusterRunning => "embedded cluster running in {0} (socket only, no TCP port)", "cluster intégré en marche dans {0} (socket seulement, aucun port TCP)";
    CliClusterStopped => "embedded cluster in {0} stopped", "cluster intégré dans {0} arrêté";
    CliClusterNotRunning => "embedded cluster in {0} was not running", "le cluster intégré dans {0} n’était pas en marche";
    CliSchemaAt => "{0} ({1}): schema at version {2}", "{0} ({1}) : schéma en version {2}";
    CliUpToDate => "{0} ({1}): schema up to date at version {2}", "{0} ({1}) : schéma à jour en version {2}";
    CliApplied => "{0} ({1}): applied {2}", "{0} ({1}) : appliqué {2}";
    CliFrom => "from {0}", "depuis {0}";
    CliEmbeddedIn => "embedded cluster in {0}", "cluster intégré dans {0}";
    CliDatabase => "database: {0} ({1})", "base : {0} ({1})";
    CliMigrationApplied => "applied {0} by {1}", "appliquée le {0} par {1}";
    CliEditedSince => "(EDITED SINCE)", "(MODIFIÉE DEPUIS)";
    CliPending => "pending", "en attente";
    StatePending => "waiting for moderation", "à modérer";
    FormAfterStart => "after the start", "après le début";
    FormNoSuchTime => "this time does not exist here (clock change)", "cette heure n’existe pas ici (changement d’heure)";
    FormThisOne => "this occurrence", "cette occurrence";
    FormWholeSeries => "the whole series", "toute la série";
    StateAccepted => "accepted", "acceptée";
    StateRefused => "refused", "refusée";
    StateBorrowed => "borrowed", "emprunté";
    StateOverdue => "overdue", "en retard";
    StateReturned => "returned", "rendu";
    CliUnknownMigration => "unknown to this binary", "inconnue de ce programme";
    CliConfigFile => "config file: {0}", "fichier de configuration : {0}";
    CliDatabaseServer => "database: {0} (from {1}, sslmode {2})", "base : {0} (depuis {1}, sslmode {2})";
    CliEmbeddedUnavailable => "database: embedded cluster unavailable: {0}", "base : cluster intégré indisponible : {0}";
    CliLanguage => "language: {0}", "langue : {0}";
    CliKeymap => "keymap: {0}", "clavier : {0}";
    CliTheme => "theme: {0} (colours: {1})", "thème : {0} (couleurs : {1})";
    SourcePgVars => "PG* variables", "variables PG*";
    // Imports.
    ReasonRequired => "required value missing", "valeur obligatoire absente";
    ReasonNul => "holds a NUL byte (a broken or binary file?)", "contient un octet NUL (fichier abîmé ou binaire ?)";
    ReasonTooLong => "longer than {0} characters", "plus de {0} caractères";
    ReasonSex => "must be F, M or X", "doit être F, M ou X";
    ReasonEmail => "not an email address", "n’est pas une adresse de courriel";
    ReasonDate => "not a date in a known format", "n’est pas une date dans un format connu";
    ReasonDateAmbiguous => "a slash date in a column that mixes day/month and month/day", "date avec barres obliques dans une colonne qui mélange jour/mois et mois/jour";
    ReasonSchoolYear => "a school year looks like 2019-2020 (two years that follow)", "une année scolaire ressemble à 2019-2020 (deux années qui se suivent)";
    ReasonPlacement => "must be oui or non", "doit être oui ou non";
    ReasonDuplicate => "duplicate of line {0} (same school and number)", "doublon de la ligne {0} (même école et même numéro)";
    WarningNoBirthDate => "birth date missing", "date de naissance absente";
    ErrMissingColumns => "{0}: required columns missing: {1}", "{0} : colonnes obligatoires absentes : {1}";
    ErrMissingColumn => "`{0}` (accepted names: {1})", "`{0}` (noms acceptés : {1})";
    ErrEmptyFile => "{0}: no header line", "{0} : aucune ligne d’en-tête";
    ErrUnreadable => "{0}: {1}", "{0} : {1}";
    ErrStrict => "{0} rows rejected: nothing was written (--strict)", "{0} lignes refusées : rien n’a été écrit (--strict)";
    ImportFileLine => "{0}: {1} file, {2}, delimiter {3}, dates {4} ({5})", "{0} : fichier {1}, {2}, séparateur {3}, dates {4} ({5})";
    ImportFieldFound => "found as `{0}`", "trouvé sous `{0}`";
    ImportFieldMissing => "MISSING (required)", "ABSENT (obligatoire)";
    ImportFieldsAbsent => "not in the file: {0}", "absents du fichier : {0}";
    ImportUnknownHeaders => "unknown columns, ignored: {0}", "colonnes inconnues, ignorées : {0}";
    ImportUpdatedLine => "line {0}: {1}/{2} updated: {3}", "ligne {0} : {1}/{2} mis à jour : {3}";
    ImportRejectedLine => "line {0}: {1}: {2} (rejected)", "ligne {0} : {1} : {2} (refusée)";
    ImportWarningLine => "line {0}: {1}: {2} (warning)", "ligne {0} : {1} : {2} (avertissement)";
    ImportCounts => "{0} rows: {1} added, {2} updated, {3} unchanged, {4} rejected, {5} marked inactive (school year {6})", "{0} lignes : {1} ajoutées, {2} mises à jour, {3} inchangées, {4} refusées, {5} marquées inactives (année scolaire {6})";
    ImportCommitted => "recorded as import run {0}", "enregistré comme importation n° {0}";
    ImportDryRun => "dry run: nothing was written", "essai à blanc : rien n’a été écrit";
    DropLine => "{0}: {1}", "{0} : {1}";
    WizardCancelled => "Cancelled: nothing was written.", "Annulé : rien n’a été écrit.";
    ImportsTitle => "Imports", "Importations";
    WizardTitle => "New import", "Nouvelle importation";
    WizardKindStudents => "Students (the export: school, number, names, birth date, class…)", "Élèves (l’export : établissement, numéro, noms, naissance, classe…)";
    WizardKindStaff => "Staff (the export: school, number, names, job…)", "Personnel (l’export : établissement, numéro, noms, fonction…)";
    WizardChooseKind => "What does the file hold?", "Que contient le fichier ?";
    WizardChooseFile => "Choose the file (csv, txt)", "Choisissez le fichier (csv, txt)";
    WizardPreview => "Preview: how the file is read", "Aperçu : comment le fichier est lu";
    WizardReading => "{0} · delimiter {1} · dates {2} ({3})", "{0} · séparateur {1} · dates {2} ({3})";
    WizardChangeHint => "{0} encoding · {1} delimiter · {2} date order · {3} check", "{0} encodage · {1} séparateur · {2} ordre des dates · {3} vérifier";
    WizardMissing => "MISSING", "ABSENT";
    WizardAbsent => "—", "—";
    WizardUnknown => "ignored: {0}", "ignorées : {0}";
    WizardChecking => "Checking every row…", "Vérification de chaque ligne…";
    WizardCheckSummary => "{0} rows: {1} valid, {2} rejected, {3} warnings", "{0} lignes : {1} valides, {2} refusées, {3} avertissements";
    WizardConfirmHint => "{0} import · {1} cancel (nothing is written)", "{0} importer · {1} annuler (rien n’est écrit)";
    WizardNextHint => "{0} next · {1} cancel (nothing is written)", "{0} suivant · {1} annuler (rien n’est écrit)";
    HintParentFolder => "parent folder", "dossier parent";
    WizardRunning => "Importing {0}…", "Importation de {0}…";
    WizardFinished => "Import finished", "Importation terminée";
    WizardFailed => "Import failed", "Échec de l’importation";
    WizardCloseHint => "{0} close", "{0} fermer";
    ImportsDenied => "You have no access to imports: administrators and user managers only.", "Vous n’avez pas accès aux importations : réservées aux administrateurs et aux gestionnaires d’utilisateurs.";
    CorrelationDeniedScreen => "You have no access to the correlation: administrators and user managers only.", "Vous n’avez pas accès à la corrélation : réservée aux administrateurs et aux gestionnaires d’utilisateurs.";
    ImportDenied => "{0} may not import people: administrators and user managers only", "{0} ne peut pas importer de personnes : réservé aux administrateurs et aux gestionnaires d’utilisateurs";
    ImportsEmpty => "No import yet. {0} starts one.", "Aucune importation. {0} en commence une.";
    ColWhen => "When", "Quand";
    ColKind => "Kind", "Type";
    ColFile => "File", "Fichier";
    ColRows => "Rows", "Lignes";
    ColAdded => "Added", "Ajoutés";
    ColUpdated => "Updated", "Modifiés";
    ColRejected => "Rejected", "Refusés";
    ColBy => "By", "Par";
    ActionNewImport => "Start a new import", "Commencer une importation";
    ActionCycleEncoding => "Change the encoding", "Changer l’encodage";
    ActionCycleDelimiter => "Change the delimiter", "Changer le séparateur";
    ActionCycleDateOrder => "Change the date order", "Changer l’ordre des dates";
    ActionMapColumns => "Say which field each column holds", "Dire quel champ contient chaque colonne";
    ActionSaveMapping => "Save the column mapping under a name", "Enregistrer la correspondance des colonnes sous un nom";
    WizardColumnsTitle => "Columns of {0}: ←/→ chooses the field each one holds", "Colonnes de {0} : ←/→ choisit le champ de chacune";
    WizardColumnIgnored => "(ignored)", "(ignorée)";
    WizardMappingName => "Save as: {0}▏ (Enter saves, Esc cancels)", "Enregistrer sous : {0}▏ (Entrée enregistre, Échap annule)";
    WizardMappingSaved => "Saved as “{0}”: --mapping {0} uses it from the command line.", "Enregistrée sous « {0} » : --mapping {0} la reprend en ligne de commande.";
    WizardColumnsHint => "{0} preview with these columns · {1} save them under a name · {2} back", "{0} prévisualiser avec ces colonnes · {1} les enregistrer sous un nom · {2} retour";
    WizardMapHint => "{0}: say which field each column holds", "{0} : dire quel champ contient chaque colonne";
    ActionParentFolder => "Go to the parent folder", "Aller au dossier parent";
    ActionToday => "Go to today", "Aller à aujourd’hui";
    ActionGoToDate => "Go to a date", "Aller à une date";
    ActionNewBooking => "Book the slot under the cursor", "Réserver le créneau sous le curseur";
    ActionEdit => "Change the booking", "Modifier la réservation";
    ActionDelete => "Delete the booking", "Supprimer la réservation";
    ActionNextRoom => "Next room", "Ressource suivante";
    ActionPrevRoom => "Previous room", "Ressource précédente";
    ActionNextArea => "Next area", "Domaine suivant";
    ActionPrevArea => "Previous area", "Domaine précédent";
    ActionPickPlace => "Choose the site, area and room", "Choisir le site, le domaine et la ressource";
    PickerTitle => "Site › area › room", "Site › domaine › ressource";
    PickerKeys => "↑↓ move · Enter show · Esc close", "↑↓ déplacer · Entrée afficher · Échap fermer";
    ActionModeration => "Bookings waiting for moderation", "Réservations à modérer";
    ActionGoPlanning => "Go to the planning", "Aller au planning";
    ActionGoUsers => "Go to the users", "Aller aux utilisateurs";
    ActionGoImports => "Go to the imports", "Aller aux importations";
    ContextPlanning => "Planning", "Planning";
    ActionMark => "Mark or unmark the line", "Marquer ou démarquer la ligne";
    ActionMarkCategory => "Mark every line of this category", "Marquer toutes les lignes de cette catégorie";
    ActionLink => "Link the chosen account and person", "Corréler le compte et la personne choisis";
    ActionLinkSuggestion => "Link the top suggestion", "Corréler avec la première suggestion";
    ActionKeep => "Keep (until the next apply)", "Garder (jusqu’au prochain passage)";
    ActionKeepAlways => "Keep always", "Garder toujours";
    ActionForget => "Forget the manual decisions (not the links)", "Effacer les décisions manuelles (pas les liens)";
    ActionUndo => "Undo the last decision", "Annuler la dernière décision";
    ActionSort => "Sort this side differently", "Trier ce côté autrement";
    ActionFilter => "Show remaining / correlated / all", "Afficher restants / corrélés / tous";
    ActionGoCorrelation => "Go to the correlation", "Aller à la corrélation";
    ContextForm => "Booking form", "Formulaire de réservation";
    ContextDetail => "Booking detail", "Détail d’une réservation";
    ContextQueue => "Moderation queue", "File de modération";
    ContextConfirm => "Confirmation", "Confirmation";
    ActionSave => "Save", "Enregistrer";
    ActionLoanBorrowed => "Mark borrowed", "Signaler emprunté";
    ActionLoanReturned => "Mark returned", "Signaler rendu";
    ActionConfirmTentative => "Confirm a tentative booking (the whole series)", "Confirmer une réservation provisoire (toute la périodicité)";
    ActionLoanOverdue => "Mark overdue (daily notices)", "Signaler en retard (rappels quotidiens)";
    ActionAccept => "Accept", "Accepter";
    ActionAcceptSeries => "Accept the whole series", "Accepter toute la série";
    ActionRefuse => "Refuse, with a reason", "Refuser, avec un motif";
    ActionRefuseSeries => "Refuse the whole series", "Refuser toute la série";
    ActionYes => "Yes: this one", "Oui : celle-ci";
    ActionWholeSeries => "The whole series", "Toute la série";
    ActionNo => "No: keep it", "Non : la garder";
    ContextImports => "Imports", "Importations";
    RuleConflict => "The room is already booked: {0}.", "La ressource est déjà réservée : {0}.";
    RuleConflictItem => "{0}–{1} “{2}” for {3}", "{0}–{1} « {2} » pour {3}";
    RuleRoomUnavailable => "Room {0} is unavailable for now (rule: room unavailable).", "La ressource {0} est momentanément indisponible (règle : ressource indisponible).";
    RulePast => "{0} is in the past and room {1} takes no booking or change in the past (rule: past).", "{0} est dans le passé et la ressource {1} n’accepte ni réservation ni modification dans le passé (règle : passé).";
    RuleMinMinutes => "{0} starts less than {1} minutes from now (rule: minimum delay before a booking).", "{0} commence dans moins de {1} minutes (règle : délai minimal avant réservation).";
    RuleMaxDaysAhead => "{0} is more than {1} days ahead (rule: maximum days ahead).", "{0} est à plus de {1} jours (règle : nombre maximal de jours à l’avance).";
    RuleMaxDuration => "A booking lasts at most {0} minutes here, not {1} (rule: maximum duration).", "Une réservation dure ici au plus {0} minutes, pas {1} (règle : durée maximale).";
    RuleBlockedDay => "{0} is a day without bookings (rule: blocked day).", "Le {0} est une journée hors réservation (règle : jour bloqué).";
    RuleClosedDay => "Area {0} is closed on {1} (rule: days of the area).", "Le domaine {0} est fermé le {1} (règle : jours du domaine).";
    RuleOffGrid => "{0}–{1} is not on the {2}-minute grid of area {3}: bookings start and end at {4}, {5}, {6}… up to {7}.", "{0}–{1} n’est pas sur la grille de {2} minutes du domaine {3} : les réservations commencent et finissent à {4}, {5}, {6}… jusqu’à {7}.";
    RuleOutsideHours => "{0}–{1} is outside the hours of area {2} ({3}–{4}) (rule: hours of the area).", "{0}–{1} est hors des horaires du domaine {2} ({3}–{4}) (règle : horaires du domaine).";
    RuleOutsidePeriods => "{0}–{1} does not match the periods of area {2} (rule: periods of the area).", "{0}–{1} ne correspond pas aux créneaux du domaine {2} (règle : créneaux du domaine).";
    RuleTypeNotEnabled => "Type {0} is not used in area {1} (rule: types of the area).", "Le type {0} n’est pas utilisé dans le domaine {1} (règle : types du domaine).";
    RuleUnknownField => "Area {1} has no field “{0}”.", "Le domaine {1} n’a pas de champ « {0} ».";
    RuleMandatoryField => "Field “{0}” is mandatory.", "Le champ « {0} » est obligatoire.";
    RuleFieldChoice => "Field “{0}”: “{1}” is not one of {2}.", "Champ « {0} » : « {1} » n’est pas parmi {2}.";
    RuleMaxPerRoom => "{0} may have at most {1} bookings to come in room {2} (rule: maximum per user and room).", "{0} ne peut avoir plus de {1} réservations à venir pour la ressource {2} (règle : maximum par utilisateur et ressource).";
    RuleMaxPerArea => "{0} may have at most {1} bookings to come in area {2} (rule: maximum per user and area).", "{0} ne peut avoir plus de {1} réservations à venir dans le domaine {2} (règle : maximum par utilisateur et domaine).";
    RuleMaxPerUser => "{0} may have at most {1} bookings to come in all (rule: maximum per user).", "{0} ne peut avoir plus de {1} réservations à venir en tout (règle : maximum par utilisateur).";
    RuleTentativeNotAllowed => "Room {0} takes no tentative bookings.", "La ressource {0} n’accepte pas de réservation sous réserve.";
    RuleTentativeDeadline => "Confirm-by date {0}: it must fall between now, the start and {1} days from now.", "Date de confirmation {0} : elle doit être entre maintenant, le début et dans {1} jours.";
    RuleNoOccurrence => "Nothing to book: the repeat gives no date.", "Rien à réserver : la périodicité ne donne aucune date.";
    RuleTooMany => "A series has at most {0} occurrences, not {1}.", "Une périodicité donne au plus {0} réservations, pas {1}.";
    RuleSeriesOverlaps => "The occurrences of the series overlap each other.", "Les réservations de la périodicité se chevauchent.";
    RuleBookForOthers => "You may not book room {0} for someone else.", "Vous ne pouvez pas réserver la ressource {0} au nom de quelqu’un d’autre.";
    RuleUnknownBeneficiary => "No active user {0}.", "Aucun utilisateur actif {0}.";
    RuleVisitor => "Visitors and unregistered users may not book.", "Les visiteurs et les personnes non inscrites ne peuvent pas réserver.";
    RuleNoSuchRoom => "No room {0}.", "Aucune ressource {0}.";
    RuleNoSuchBooking => "No booking {0}.", "Aucune réservation {0}.";
    RuleNotYours => "Booking {0} is not yours to change.", "La réservation {0} n’est pas la vôtre.";
    RuleNotModerator => "Only the managers of the room may do that.", "Seuls les gestionnaires de la ressource peuvent le faire.";
    RuleNotTentative => "Booking {0} is not waiting for confirmation.", "La réservation {0} n’attend pas de confirmation.";
    TooLong => "{0}: at most {1} characters, not {2}.", "{0} : au plus {1} caractères, et non {2}.";
    RuleNotPending => "Booking {0} is not waiting for moderation.", "La réservation {0} n’attend pas de modération.";
    RuleLoanState => "{0}: returned, borrowed or overdue.", "{0} : returned, borrowed ou overdue.";
    RuleManagersOnly => "Only the managers of room {0} change its bookings (users may not modify their own there).", "Seuls les gestionnaires de la ressource {0} modifient ses réservations (les utilisateurs n’y modifient pas les leurs).";
    RuleNoLoans => "Room {0} does not track loans.", "La ressource {0} ne gère pas de prêts.";
    RuleOneLoan => "Another booking of this room ({0}) is already marked borrowed.", "Une autre réservation de cette ressource ({0}) est déjà signalée empruntée.";
    RuleNoSuchType => "There is no booking type {0}.", "Il n’y a pas de type de réservation {0}.";
    RuleTypeInUse => "Type {0} stays: {1} booking(s) or an area use it.", "Le type {0} reste : {1} réservation(s) ou un domaine l’utilisent.";
    RuleBadChoice => "{0}: say keep, move or archive.", "{0} : dites keep (garder), move (déplacer) ou archive (archiver).";
    RuleBlockedDayHasBookings => "{1} booking(s) on {0}; say whether they are kept (--bookings keep), moved to another day with a mail (--bookings move --to DAY) or archived with a mail to those concerned (--bookings archive):{2}", "{1} réservation(s) le {0} ; dites si elles sont gardées (--bookings keep), déplacées à un autre jour avec un mail (--bookings move --to JOUR) ou archivées avec un mail aux intéressés (--bookings archive) :{2}";
    AdminBlocked => "{0} is a day without bookings{1}", "le {0} est un jour sans réservation{1}";
    AdminBlockedArchived => "{0} booking(s) archived, their people told by mail", "{0} réservation(s) archivée(s), les intéressés prévenus par mail";
    AdminBlockedKept => "{0} booking(s) kept on that day", "{0} réservation(s) gardée(s) ce jour-là";
    AdminTypeUsedBy => "{0} booking(s)", "{0} réservation(s)";
    AdminNone => "none", "aucun";
    AdminBadCycle => "\"{0}\" is not a cycle day: a number (1, 2, …) or none", "« {0} » n’est pas un jour de cycle : un nombre (1, 2, …) ou none";
    AdminCycleSet => "{0} is day {1} of the cycle", "le {0} est le jour {1} du cycle";
    AdminCycleNone => "{0} is no day of the cycle", "le {0} n’est aucun jour du cycle";
    AdminBadLetter => "type letter \"{0}\": one or two capital letters (A, B, AB…)", "lettre de type « {0} » : une ou deux capitales (A, B, AB…)";
    AdminBadTypeName => "type name: 1 to 40 characters, not {0}", "nom de type : 1 à 40 caractères, pas {0}";
    AdminBadColor => "colour \"{0}\": #rrggbb, as #4a90d9", "couleur « {0} » : #rrvvbb, comme #4a90d9";
    AdminUserAdded => "user {0} added ({1}), with a login to this database", "utilisateur {0} ajouté ({1}), avec un compte de connexion à cette base";
    AdminPasswordSet => "password of {0} set", "mot de passe de {0} défini";
    AdminUserDeactivated => "{0} can no longer log in to this database", "{0} ne peut plus se connecter à cette base";
    AdminUserActivated => "{0} can log in again", "{0} peut de nouveau se connecter";
    AdminPasswordPrompt => "Password: ", "Mot de passe : ";
    AdminPasswordAgain => "Again: ", "Encore : ";
    AdminPasswordsDiffer => "the two passwords differ", "les deux mots de passe diffèrent";
    AdminPasswordShort => "a password has 8 characters at least", "un mot de passe a 8 caractères au moins";
    AdminConnectionLost => "connection lost", "connexion perdue";
    AdminConnectionOpen => "still open", "toujours ouverte";
    AdminRemoved => "removed", "supprimé";
    AdminNothingToRemove => "nothing to remove", "rien à supprimer";
    RuleBadLogin => "login \"{0}\": a lower-case letter, then letters, digits, dots, dashes or underscores (63 at most)", "identifiant « {0} » : une minuscule, puis lettres, chiffres, points, tirets ou soulignés (63 au plus)";
    RuleBadPassword => "A password is given as a SCRAM verifier, never in clear.", "Un mot de passe est donné sous forme de vérificateur SCRAM, jamais en clair.";
    RuleLoginTaken => "A PostgreSQL role named {0} exists already and is not one of this database's users: choose another login.", "Un rôle PostgreSQL nommé {0} existe déjà et n’est pas un utilisateur de cette base : choisissez un autre identifiant.";
    RuleUserExists => "User {0} exists already.", "L’utilisateur {0} existe déjà.";
    RuleNoSuchUser => "There is no user {0}.", "Il n’y a pas d’utilisateur {0}.";
    RuleNotYourself => "You cannot deactivate yourself.", "Vous ne pouvez pas vous désactiver vous-même.";
    RuleUnknownRoomField => "A room has no {0}; its fields: {1}.", "Une ressource n’a pas de champ {0} ; ses champs : {1}.";
    RuleNotRoomAdmin => "You may not change {0} of room {1}: its managers change only moderated, unavailable and description; its area's administrators the rest.", "Vous ne pouvez pas changer {0} de la ressource {1} : ses gestionnaires ne changent que moderated, unavailable et description ; les administrateurs de son domaine le reste.";
    RuleNotInScopeRoom => "You may not change room {0}: it is not in an area you administer.", "Vous ne pouvez pas modifier la ressource {0} : elle n’est pas dans un domaine que vous administrez.";
    RuleNotInScopeAreaField => "You may not change {0} of area {1}: the administrators of its site do.", "Vous ne pouvez pas changer {0} du domaine {1} : les administrateurs de son site le font.";
    RuleNotInScopeArea => "You may not do that in area {0}: it is not one you administer.", "Vous ne pouvez pas le faire dans le domaine {0} : vous ne l’administrez pas.";
    RuleNotInScopeSite => "You may not do that in site {0}: it is not one you administer.", "Vous ne pouvez pas le faire dans le site {0} : vous ne l’administrez pas.";
    RuleNoSuchSite => "There is no site {0}.", "Il n’y a pas de site {0}.";
    RuleNoSuchArea => "There is no area {0}.", "Il n’y a pas de domaine {0}.";
    RuleAreaNeedsSite => "A new area needs a site and a name.", "Un nouveau domaine demande un site et un nom.";
    RuleAreaExists => "Site {0} already has an area {1}.", "Le site {0} a déjà un domaine {1}.";
    RuleRoomExists => "Area {0} already has a room {1}.", "Le domaine {0} a déjà une ressource {1}.";
    RuleRoomArchived => "Room {0} is archived: it takes no new booking.", "La ressource {0} est archivée : elle ne prend plus de réservation.";
    RuleUnknownAreaField => "An area has no {0}; its fields: {1}.", "Un domaine n’a pas de champ {0} ; ses champs : {1}.";
    RuleUnknownRight => "There is no right {0}; the rights: {1}.", "Il n’y a pas de droit {0} ; les droits : {1}.";
    RuleTypeHidden => "Booking type {0} is no longer offered.", "Le type de réservation {0} n’est plus proposé.";
    AdminAreasCount => "{0} area(s)", "{0} domaine(s)";
    AdminRoomsCount => "{0} room(s)", "{0} ressource(s)";
    AdminAreaAdded => "area {0} added (id {1})", "domaine {0} ajouté (id {1})";
    AdminAreaSet => "area {0} changed", "domaine {0} modifié";
    AdminRoomAdded => "room {0} added (id {1})", "ressource {0} ajoutée (id {1})";
    AdminNoArea => "No area “{0}” (or you may not see it).", "Aucun domaine « {0} » (ou vous ne pouvez pas le voir).";
    AdminAmbiguousArea => "Several areas are named “{0}”, in sites {1}: write SITE/AREA.", "Plusieurs domaines s’appellent « {0} », dans les sites {1} : écrivez SITE/DOMAINE.";
    AdminWouldArchive => "archiving {0} would hide {1} area(s) and {2} room(s); {3} future booking(s) would be kept", "archiver {0} masquerait {1} domaine(s) et {2} ressource(s) ; {3} réservation(s) à venir seraient gardées";
    AdminArchived => "archived {0}: {1} area(s), {2} room(s) hidden; {3} future booking(s) kept", "{0} archivé : {1} domaine(s), {2} ressource(s) masqués ; {3} réservation(s) à venir gardées";
    AdminRestored => "{0} restored", "{0} rétabli";
    AdminFieldSet => "field {0} of area {1} saved", "champ {0} du domaine {1} enregistré";
    AdminRightGranted => "{0} on {1} given to {2}", "{0} sur {1} donné à {2}";
    AdminRightRevoked => "{0} on {1} taken from {2}", "{0} sur {1} retiré à {2}";
    AdminRightUnchanged => "{0} on {1} for {2}: already so", "{0} sur {1} pour {2} : déjà ainsi";
    AdminLoginsOpen => "users may log in", "les utilisateurs peuvent se connecter";
    AdminLoginsClosed => "logins are disabled: only administrators may connect", "connexions désactivées : seuls les administrateurs peuvent se connecter";
    AdminTypeHidden => "type {0} is no longer offered", "le type {0} n’est plus proposé";
    AdminTypeShown => "type {0} is offered again", "le type {0} est de nouveau proposé";
    AdminHidden => "hidden", "masqué";
    AdminArchivedMark => "archived", "archivé";
    AdminRoomSet => "room {0} changed", "ressource {0} modifiée";
    AdminBadPair => "\"{0}\": FIELD=VALUE, as moderated=true", "« {0} » : CHAMP=VALEUR, comme moderated=true";
    RuleAdminOnly => "Only an administrator may do that.", "Seul un administrateur peut le faire.";
    RuleBulkAdminOnly => "Bulk booking needs the administration of room {0}.", "La réservation en bloc demande l’administration de la ressource {0}.";
    ViewDay => "Day", "Jour";
    ViewWeekRoom => "Week of a room", "Semaine d’une ressource";
    ViewWeekAll => "Week of all rooms", "Semaine de toutes les ressources";
    ViewMonthRoom => "Month of a room", "Mois d’une ressource";
    ViewMonthAll => "Month of all rooms", "Mois de toutes les ressources";
    PlanningTitle => "Planning", "Planning";
    PlanningNoArea => "No area to show: `intendant setup load` or `intendant demo` creates some.", "Aucun domaine à afficher : `intendant setup load` ou `intendant demo` en crée.";
    PlanningLegend => "{0} pending  {1} tentative  {2} borrowed  {3} overdue  {4} external  {5} series  ░ blocked day  ⊘ unavailable", "{0} à modérer  {1} sous réserve  {2} emprunté  {3} en retard  {4} extérieur  {5} périodique  ░ jour bloqué  ⊘ indisponible";
    PlanningReadOnly => "This booking is read-only for you.", "Cette réservation est en lecture seule pour vous.";
    PlanningSaved => "Saved: {0} booking(s), {1} date(s) skipped.", "Enregistré : {0} réservation(s), {1} date(s) ignorée(s).";
    PlanningDeleted => "Deleted: {0} booking(s).", "Supprimé : {0} réservation(s).";
    PlanningModerated => "Moderated: {0} booking(s).", "Modéré : {0} réservation(s).";
    CellTitle => "{0} bookings here", "{0} réservations ici";
    CellKeys => "{0} open · {1} close", "{0} ouvrir · {1} fermer";
    PlanningMore => "+{0} more", "+{0} de plus";
    PlanningLoan => "Loan marked: {0}.", "Prêt signalé : {0}.";
    PlanningConfirmed => "Confirmed: {0} booking(s).", "Confirmée(s) : {0} réservation(s).";
    DetailTentative => "⚠ To be confirmed before {0}: {1} confirms it.", "⚠ À confirmer avant le {0} : {1} la confirme.";
    DetailTentativeSeries => "⚠ To be confirmed before {0}: {1} confirms it and every tentative occurrence of its series.", "⚠ À confirmer avant le {0} : {1} la confirme, avec chaque occurrence provisoire de sa périodicité.";
    FormNew => "New booking: {0}", "Nouvelle réservation : {0}";
    FormEdit => "Change booking: {0}", "Modifier la réservation : {0}";
    FormKeys => "{0} field · {1} choose · {2} next · {3} save · {4} cancel", "{0} champ · {1} choisir · {2} suivant · {3} enregistrer · {4} annuler";
    FormScope => "Apply to", "Appliquer à";
    FormName => "Name", "Nom";
    FormDate => "Date", "Date";
    FormStart => "Start", "Début";
    FormEnd => "End", "Fin";
    FormType => "Type", "Type";
    FormBeneficiary => "For (login)", "Pour (identifiant)";
    FormExternalName => "Or someone outside", "Ou une personne extérieure";
    FormExternalEmail => "Their email", "Son courriel";
    FormShort => "Short description", "Brève description";
    FormDescription => "Description", "Description";
    FormRepeat => "Repeat", "Périodicité";
    FormEvery => "Every", "Tous les";
    FormDays => "Days", "Jours";
    FormCycleDay => "Cycle day", "Jour cycle";
    FormUntil => "Until", "Jusqu’au";
    FormConfirmBy => "Confirm by", "À confirmer avant";
    FormPreview => "{0} occurrence(s)", "{0} réservation(s)";
    FormPreviewBlocked => "skipped (blocked): {0}", "ignorées (jours bloqués) : {0}";
    FormPreviewTaken => "already taken: {0}", "déjà prises : {0}";
    FormPreviewFree => "all free", "toutes libres";
    FormPreviewChecking => "checking…", "vérification…";
    FormSaving => "Saving…", "Enregistrement…";
    FormRequired => "required", "obligatoire";
    FormBypassBlocked => "{0} is a blocked day", "{0} est un jour bloqué";
    FormBypassPast => "{0} is in the past", "{0} est dans le passé";
    FormBypass => "As an administrator you override the rules: {0}", "En tant qu’administrateur vous passez outre : {0}";
    FormBypassConfirm => "{0}. Save again to book anyway.", "{0}. Enregistrez à nouveau pour réserver quand même.";
    FormSkipOffer => "Save again to book the free dates and skip the taken ones.", "Enregistrez à nouveau pour réserver les dates libres et ignorer les dates prises.";
    RepeatNone => "none", "aucune";
    RepeatDaily => "every day", "chaque jour";
    RepeatWeekly => "every week", "chaque semaine";
    RepeatMonthlyDate => "every month, on the {0}", "chaque mois, le {0}";
    RepeatMonthlyWeekday => "every month, the {0} {1}", "chaque mois, le {0} {1}";
    RepeatMonthlyLast => "every month, the last {0}", "chaque mois, le dernier {0}";
    RepeatYearly => "every year", "chaque année";
    RepeatCycle => "on a cycle day", "un jour cycle";
    DetailTitle => "Booking {0}", "Réservation {0}";
    DetailKeys => "{0} edit · {1} delete · {2}/{3}/{4} borrowed/returned/overdue · {5} close", "{0} modifier · {1} supprimer · {2}/{3}/{4} emprunté/rendu/en retard · {5} fermer";
    DetailRoom => "Room", "Ressource";
    DetailWhen => "When", "Quand";
    DetailOwner => "Booked by", "Réservé par";
    DetailFor => "For", "Pour";
    DetailState => "State", "État";
    DetailOnBlockedDay => "⚠ This day was blocked after the booking was made: an administrator may move it, and it may be deleted (`intendant booking list --blocked` lists them all).", "⚠ Ce jour a été bloqué après la réservation : un administrateur peut la déplacer, et elle peut être supprimée (`intendant booking list --blocked` les liste toutes).";
    DetailHistory => "History", "Historique";
    DetailSeries => "series {0}", "périodicité {0}";
    DeleteTitle => "Delete", "Supprimer";
    DeleteAsk => "Delete “{0}” ({1})?", "Supprimer « {0} » ({1}) ?";
    DeleteKeys => "{0} this booking · {1} the whole series · {2} keep it", "{0} cette réservation · {1} toute la périodicité · {2} la garder";
    DeleteKeysOne => "{0} delete · {2} keep it", "{0} supprimer · {2} la garder";
    GoToTitle => "Go to", "Aller à";
    GoToHint => "YYYY-MM-DD, DD/MM, +7 · Enter go · Esc cancel", "AAAA-MM-JJ, JJ/MM, +7 · Entrée aller · Échap annuler";
    GoToBad => "not a date", "pas une date";
    QueueTitle => "Waiting for moderation", "En attente de modération";
    QueueKeys => "{0} accept · {1} accept series · {2} refuse (reason) · {3} refuse series · {4} close", "{0} accepter · {1} accepter la série · {2} refuser (motif) · {3} refuser la série · {4} fermer";
    QueueEmpty => "Nothing waits for your moderation.", "Rien n’attend votre modération.";
    QueueReason => "Reason for refusing: ", "Motif du refus : ";
    SortName => "name", "nom";
    SortCategory => "category", "catégorie";
    SortNumber => "number", "numéro";
    SortState => "state", "état";
    FilterRemaining => "remaining to correlate", "restant à corréler";
    FilterCorrelated => "correlated", "corrélés";
    FilterAll => "all", "tous";
    CorrelationCounts => "Showing: {0} · linked {1} (auto {2}, manual {3}) · keep {4} · keep always {5} · delete {6} · undecided {7} · admins {8} · people left {9}", "Affichage : {0} · corrélés {1} (auto {2}, manuels {3}) · garder {4} · garder toujours {5} · supprimer {6} · à décider {7} · admins {8} · personnes restantes {9}";
    CorrelationLeft => "Directory {0}/{1} · sort: {2}", "Annuaire {0}/{1} · tri : {2}";
    CorrelationRight => "Official lists {0}/{1} · sort: {2}", "Sources officielles {0}/{1} · tri : {2}";
    CorrelationEmpty => "The directory snapshot is empty: import the directory first (intendant import ldif FILE).", "L’annuaire est vide : importez d’abord l’annuaire (intendant import ldif FICHIER).";
    CorrelationDetail => "Detail", "Détail";
    CorrelationTitle => "Correlation", "Corrélation";
    CorrelationForgetAsk => "Forget every keep, keep always and delete decision? (links stay) {0} yes · {1} no", "Oublier toutes les décisions garder, garder toujours et supprimer ? (les liens restent) {0} oui · {1} non";
    NothingHere => "“{0}” does nothing on this screen.", "« {0} » ne fait rien sur cet écran.";
    CorrelationNoAccount => "Choose an account on the left first.", "Choisissez d’abord un compte à gauche.";
    CorrelationAlreadyLinked => "{0} is already linked; {1} forgets the decision first.", "{0} est déjà relié ; {1} oublie d’abord la décision.";
    CorrelationNoSuggestion => "No suggestion for {0}: nobody on the right has a close name, number or birth date (homonyms of one another are not told apart for you). Choose a person on the right and press {1}.", "Aucune suggestion pour {0} : personne à droite n’a de nom, numéro ou date de naissance proches (des homonymes ne sont pas départagés pour vous). Choisissez une personne à droite et appuyez sur {1}.";
    CorrelationNeedsBoth => "Choose one account on the left and one person on the right.", "Choisissez un compte à gauche et une personne à droite.";
    CorrelationNothingToUndo => "Nothing to undo.", "Rien à annuler.";
    CycleBadPeriod => "--from {0} is after --to {1}.", "--from {0} est après --to {1}.";
    CycleBadLength => "--days {0}: a cycle has 1 to 100 days.", "--days {0} : un cycle a de 1 à 100 jours.";
    CycleBadOpen => "--open “{0}”: days such as mon,tue,wed,thu,fri.", "--open « {0} » : des jours comme lun,mar,mer,jeu,ven.";
    CycleDone => "{0} days numbered J1…J{1} from {2} to {3} ({4} blocked day(s) skipped).", "{0} jours numérotés J1…J{1} du {2} au {3} ({4} jour(s) bloqué(s) sautés).";
    SetupValid => "{0}: valid, nothing written (--dry-run).", "{0} : valide, rien n’est écrit (--dry-run).";
    BackupTooOld => "{0} {1} is older than the server ({2}): install postgresql-client-{2}", "{0} {1} est plus ancien que le serveur ({2}) : installez postgresql-client-{2}";
    BackupNoProgram => "{0} was not found: install postgresql-client-{1}", "{0} est introuvable : installez postgresql-client-{1}";
    BackupNeedsOwner => "a backup reads every row, past the row-level rules: run it as the database's owner or a superuser", "une sauvegarde lit toutes les lignes, au-delà des règles par ligne : lancez-la en tant que propriétaire de la base ou superutilisateur";
    BackupProgress => "backup: table {0}/{1}: {2}", "sauvegarde : table {0}/{1} : {2}";
    BackupFailed => "the backup failed, nothing was kept: {0}", "la sauvegarde a échoué, rien n’a été gardé : {0}";
    BackupDone => "backup written: {0} ({1} bytes)", "sauvegarde écrite : {0} ({1} octets)";
    BackupBadName => "“{0}” cannot name a database (1 to 50 characters, no quote or slash)", "« {0} » ne peut pas nommer une base (1 à 50 caractères, sans guillemet ni barre oblique)";
    BackupNotADump => "{0} is not a backup pg_restore can read: {1}", "{0} n’est pas une sauvegarde lisible par pg_restore : {1}";
    BackupNeedsCreatedb => "restoring creates a database: your login needs the CREATEDB right", "restaurer crée une base : votre identifiant doit avoir le droit CREATEDB";
    BackupNotOverSelf => "you are connected to {0}: restore into another name", "vous êtes connecté à {0} : restaurez sous un autre nom";
    BackupExists => "database {0} exists: choose another name, or --force to replace it", "la base {0} existe : choisissez un autre nom, ou --force pour la remplacer";
    BackupInUse => "database {0} is in use ({1} session(s)): it is not replaced", "la base {0} est utilisée ({1} session(s)) : elle n’est pas remplacée";
    RestoreProgress => "restore: {0}", "restauration : {0}";
    RestoreFailed => "the restore failed, no database was left behind: {0}", "la restauration a échoué, aucune base n’est restée : {0}";
    RestoreDone => "{0} restored into database {1}", "{0} restauré dans la base {1}";
    AdminMoveNeedsTo => "--bookings move goes with --to DAY (the day they move to), and --to with --bookings move", "--bookings move va avec --to JOUR (le jour où elles vont), et --to avec --bookings move";
    AdminBlockedMoved => "{0} booking(s) moved to {1}, same hours; those concerned are told by mail", "{0} réservation(s) déplacée(s) au {1}, mêmes heures ; les personnes concernées sont prévenues par mail";
    RuleBadMove => "The bookings of {0} move to another day that takes bookings (not {1}).", "Les réservations du {0} vont à un autre jour qui prend des réservations (pas {1}).";
    CampaignYearClosed => "year {0} is not open for campaigns", "l’année {0} n’est pas ouverte aux campagnes";
    CampaignNoDiploma => "no diploma {0}/{1}", "aucun diplôme {0}/{1}";
    CampaignNotOffered => "diploma {0}/{1} is not offered by faculty {2} in {3} (not its own, intermediate, of no diploma, or no longer habilitated)", "le diplôme {0}/{1} n’est pas proposé par la composante {2} en {3} (pas le sien, intermédiaire, sans diplôme, ou plus habilité)";
    CampaignNoRight => "you hold no right on faculty {0}", "vous n’avez pas de droit sur la composante {0}";
    CampaignNone => "no campaign {0} (or not one of your faculties')", "aucune campagne {0} (ou pas d’une de vos composantes)";
    CampaignBadDiploma => "“{0}”: a diploma is CODE/VERSION, as LIC-INFO/1", "« {0} » : un diplôme s’écrit CODE/VERSION, comme LIC-INFO/1";
    CampaignMade => "campaign {0} made", "campagne {0} créée";
    CampaignCandidates => "{0} candidate(s)", "{0} candidat(s)";
    CampaignRun => "campaign {0}: {1}", "campagne {0} : {1}";
    CampaignEmptyFile => "the file is empty", "le fichier est vide";
    CampaignMissingColumns => "the {0} extract needs the columns {1}", "l’extraction {0} demande les colonnes {1}";
    CampaignBadValue => "line {0}: {1}: “{2}” cannot be read", "ligne {0} : {1} : « {2} » illisible";
    CampaignRefusedFile => "{0} line(s) refused, nothing was written:", "{0} ligne(s) refusée(s), rien n’a été écrit :";
    CampaignMoreProblems => "{0} more", "{0} de plus";
    CampaignImported => "{0}: {1} row(s) of {2} loaded", "{0} : {1} ligne(s) de {2} chargée(s)";
    CampaignImportUsage => "campaign import KIND FILE (a CSV extract), or campaign import apogee (no file)", "campaign import TYPE FICHIER (une extraction CSV), ou campaign import apogee (sans fichier)";
    CampaignNoApogee => "no Apogée foreign tables in this database (schema apogee): the database's owner sets them up once, see “Straight from Apogée” in the README", "pas de tables étrangères d’Apogée dans cette base (schéma apogee) : le propriétaire de la base les crée une fois, voir « Straight from Apogée » dans le README";
    CampaignApogeeLoaded => "loaded from Apogée: {0}", "chargé depuis Apogée : {0}";
    CampaignTestMode => "test mode: nothing is sent to students; outside test mode these would receive their certificate:", "mode test : rien n’est envoyé aux étudiants ; hors mode test, ceux-ci recevraient leur attestation :";
    CampaignTestAddress => "mail of this test goes to {0} instead", "les mails de ce test vont à {0} à la place";
    CampaignNoPlace => "the town the certificates are made in is not set: they have no “Fait à …, le …” line (intendant admin setting set campaign.place TOWN)", "la ville où les attestations sont faites n’est pas réglée : elles n’ont pas de ligne « Fait à …, le … » (intendant admin setting set campaign.place VILLE)";
    CampaignNoAddress => "(no address)", "(pas d’adresse)";
    CampaignNotPng => "the signature image must be a PNG file", "l’image de la signature doit être un fichier PNG";
    CampaignSignatorySet => "signatory: {0}", "signataire : {0}";
    CampaignNoCandidate => "no candidate {0} in campaign {1}", "aucun candidat {0} dans la campagne {1}";
    CampaignNotAdmitted => "candidate {0} gets no certificate: {1}", "le candidat {0} n’a pas d’attestation : {1}";
    CampaignPdfWritten => "certificate written: {0}", "attestation écrite : {0}";
    SetupNotYours => "this is not yours to change (it is outside what you administer); nothing was written", "ce n’est pas à vous de le modifier (hors de ce que vous administrez) ; rien n’a été écrit";
    SetupLoaded => "{0}: {1} created, {2} updated.", "{0} : {1} créé(s), {2} mis à jour.";
    BookingNoRoom => "No room “{0}” (or you may not see it).", "Aucune ressource « {0} » (ou vous ne pouvez pas la voir).";
    BookingAmbiguousRoom => "Several rooms are named “{0}”, in areas {1}: write AREA/ROOM.", "Plusieurs ressources s’appellent « {0} », dans les domaines {1} : écrivez DOMAINE/RESSOURCE.";
    BookingBadTime => "{0} “{1}”: a date and a time, as {2} HH:MM.", "{0} « {1} » : une date et une heure, en {2} HH:MM.";
    BookingNoSuchTime => "{0} “{1}” does not exist in {2} (the clocks skip it).", "{0} « {1} » n’existe pas dans le fuseau {2} (l’heure est sautée).";
    BookingBadHour => "{0} “{1}”: a time, as HH:MM.", "{0} « {1} » : une heure, en HH:MM.";
    BookingBadDate => "{0} “{1}”: a date, as {2}.", "{0} « {1} » : une date, en {2}.";
    BookingBadOption => "{0} “{1}”: {2}.", "{0} « {1} » : {2}.";
    BookingMissingOption => "{0} is required.", "{0} est obligatoire.";
    BookingEndBeforeStart => "--end “{0}”: a booking ends after it starts ({1}).", "--end « {0} » : une réservation finit après son début ({1}).";
    BookingBothOrNeither => "both or neither", "les deux ou aucun";
    BookingNotInSeries => "not part of a series", "ne fait pas partie d’une périodicité";
    BookingAcceptOrRefuse => "accept or refuse", "accept ou refuse";
    BookingNeedsUntil => "--repeat needs --until YYYY-MM-DD.", "--repeat demande --until AAAA-MM-JJ.";
    BookingNeedsName => "--name is required.", "--name est obligatoire.";
    BookingBooked => "Booked {0} occurrence(s){1}:", "{0} réservation(s) enregistrée(s){1} :";
    BookingSeries => " (series {0})", " (périodicité {0})";
    BookingSkipped => "  skipped {0}: {1}", "  ignorée le {0} : {1}";
    SkipBlockedDay => "a blocked day", "jour bloqué";
    SkipNoSuchTime => "that time does not exist that day (clock change)", "cette heure n’existe pas ce jour-là (changement d’heure)";
    SkipConflict => "already booked: “{0}”", "déjà réservée : « {0} »";
    SkipDetached => "that occurrence was changed on its own and stays as it is", "cette occurrence a été modifiée seule et reste telle quelle";
    SkipSkippedBefore => "left out of the series before", "déjà laissée hors de la périodicité";
    BookingDone => "Done: {0}.", "Fait : {0}.";
    BookingNone => "No booking.", "Aucune réservation.";
    RuleBulkConflict => "{0} bookings are in the way; --force replaces them: {1}.", "{0} réservations gênent ; --force les remplace : {1}.";
}

/// The process's language, for texts made far from any screen (errors, CLI output): set
/// once at start-up from `--lang`, the config file or the locale.
static CURRENT: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

pub fn set_current(lang: Lang) {
    CURRENT.store(lang as u8, std::sync::atomic::Ordering::Relaxed);
}

pub fn current() -> Lang {
    match CURRENT.load(std::sync::atomic::Ordering::Relaxed) {
        1 => Lang::Fr,
        _ => Lang::En,
    }
}

/// A catalogue text in the process's language, placeholders filled.
pub fn tr(key: T, args: &[&dyn fmt::Display]) -> String {
    fill(key.text(current()), args)
}

/// Replaces `{0}`, `{1}`… in a catalogue text.
pub fn fill(template: &str, args: &[&dyn fmt::Display]) -> String {
    let mut out = template.to_owned();
    for (i, arg) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), &arg.to_string());
    }
    out
}

/// "Thursday" / "jeudi".
pub fn weekday_name(day: chrono::Weekday, lang: Lang) -> &'static str {
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const FR: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    let i = day.num_days_from_monday() as usize;
    match lang {
        Lang::En => EN[i],
        Lang::Fr => FR[i],
    }
}

/// "Monday 11 January 2027" / "lundi 11 janvier 2027" (1er for the first day in French).
pub fn long_date(date: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let day = match (lang, date.day()) {
        (Lang::Fr, 1) => "1er".to_owned(),
        (_, d) => d.to_string(),
    };
    let month = match lang {
        Lang::En => EN[date.month0() as usize],
        Lang::Fr => FR[date.month0() as usize],
    };
    format!(
        "{} {day} {month} {}",
        weekday_name(date.weekday(), lang),
        date.year()
    )
}

/// "3rd" / "3e" (1er in French).
pub fn ordinal(n: u32, lang: Lang) -> String {
    match lang {
        Lang::Fr if n == 1 => "1er".into(),
        Lang::Fr => format!("{n}e"),
        Lang::En => {
            let suffix = match (n % 10, n % 100) {
                (1, x) if x != 11 => "st",
                (2, x) if x != 12 => "nd",
                (3, x) if x != 13 => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

/// "mar. 24 nov. 2026 14:05" / "Tue 24 Nov 2026 14:05": the header's clock.
pub fn short_datetime<Tz: chrono::TimeZone>(at: &chrono::DateTime<Tz>, lang: Lang) -> String {
    use chrono::{Datelike, Timelike};
    const DAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const DAYS_FR: [&str; 7] = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];
    const MONTHS_EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const MONTHS_FR: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    let (days, months) = match lang {
        Lang::En => (DAYS_EN, MONTHS_EN),
        Lang::Fr => (DAYS_FR, MONTHS_FR),
    };
    format!(
        "{} {} {} {} {:02}:{:02}",
        days[at.weekday().num_days_from_monday() as usize],
        at.day(),
        months[at.month0() as usize],
        at.year(),
        at.hour(),
        at.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_both_languages() {
        for key in T::ALL {
            assert!(
                !key.text(Lang::En).is_empty(),
                "{key:?} has no English text"
            );
            assert!(!key.text(Lang::Fr).is_empty(), "{key:?} has no French text");
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        for key in T::ALL {
            for i in 0..5 {
                let p = format!("{{{i}}}");
                assert_eq!(
                    key.text(Lang::En).contains(&p),
                    key.text(Lang::Fr).contains(&p),
                    "{key:?} placeholder {p}"
                );
            }
        }
    }

    #[test]
    fn fill_and_dates() {
        assert_eq!(
            fill(T::TooSmall.text(Lang::En), &[&80, &24, &70, &20]),
            "Terminal too small: 80×24 needed, this one is 70×20."
        );
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
            .unwrap()
            .and_hms_opt(14, 5, 0)
            .unwrap()
            .and_utc();
        assert_eq!(short_datetime(&at, Lang::En), "Tue 24 Nov 2026 14:05");
        assert_eq!(short_datetime(&at, Lang::Fr), "mar. 24 nov. 2026 14:05");
    }
}
