//! `intendant demo`: a small, realistic school to look at. Idempotent: loading it twice
//! changes nothing, and nothing a user changed is overwritten.

use crate::db::{Database, DbError};

const USERS: &[(&str, &str, &str, &str)] = &[
    (
        "mdupont",
        "Marie Dupont",
        "marie.dupont@lycee-demo.fr",
        "admin",
    ),
    (
        "jlefevre",
        "Jérôme Lefèvre-Roy",
        "jerome.lefevre-roy@lycee-demo.fr",
        "user_manager",
    ),
    ("anguyen", "Anh Nguyen", "anh.nguyen@lycee-demo.fr", "user"),
    (
        "soneil",
        "Siobhan O'Neil",
        "siobhan.oneil@lycee-demo.fr",
        "user",
    ),
    (
        "kbenali",
        "Karim Benali",
        "karim.benali@lycee-demo.fr",
        "user",
    ),
    (
        "cmartin",
        "Claire Martin",
        "claire.martin@lycee-demo.fr",
        "user",
    ),
    (
        "pgarcia",
        "Pablo García",
        "pablo.garcia@lycee-demo.fr",
        "user",
    ),
    (
        "lbernard",
        "Lucie Bernard",
        "lucie.bernard@lycee-demo.fr",
        "user",
    ),
    (
        "tmoreau",
        "Thomas Moreau",
        "thomas.moreau@lycee-demo.fr",
        "user",
    ),
    (
        "ecoeur",
        "Élodie Cœur",
        "elodie.coeur@lycee-demo.fr",
        "user",
    ),
    (
        "labo-physique",
        "Laboratoire de physique",
        "labo.physique@lycee-demo.fr",
        "user",
    ),
    ("cdi", "CDI (documentation)", "cdi@lycee-demo.fr", "visitor"),
    ("accueil", "Accueil", "accueil@lycee-demo.fr", "visitor"),
    (
        "ancien-prof",
        "Bernard Ancien",
        "bernard.ancien@lycee-demo.fr",
        "user",
    ),
];

/// Inserts what is missing; returns how many rows were added.
pub async fn load(db: &Database) -> Result<u64, DbError> {
    let mut client = db.client().await?;
    let tx = client.transaction().await.map_err(|e| db.classify(e))?;
    let mut added = 0;
    for (login, name, email, status) in USERS {
        added += tx
            .execute(
                "INSERT INTO app_user (login, display_name, email, status, active)
                 VALUES ($1, $2, $3, $4::text::user_status, $1 <> 'ancien-prof')
                 ON CONFLICT (login) DO NOTHING",
                &[login, name, email, status],
            )
            .await
            .map_err(|e| db.classify(e))?;
    }
    added += tx
        .execute(
            "UPDATE setting SET value = 'Lycée Jean Moulin (démo)' WHERE name = 'site_name' AND value = 'Intendant'",
            &[],
        )
        .await
        .map_err(|e| db.classify(e))?;
    tx.commit().await.map_err(|e| db.classify(e))?;
    Ok(added)
}
