//! The official label of a diploma: its five label columns and its "parcours type", end to end,
//! ending with the parcours type; commas and capitals kept as the student records system writes
//! them. Empty parts are left out; the parts are joined by one space.

pub fn official_label(parts: &[Option<&str>; 5], parcours: Option<&str>) -> String {
    parts
        .iter()
        .copied()
        .chain(std::iter::once(parcours))
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_end_to_end_with_the_parcours_last_commas_and_capitals_kept() {
        assert_eq!(
            official_label(
                &[
                    Some("Licence"),
                    Some(" Sciences, Technologies, Santé "),
                    Some("mention Informatique"),
                    None,
                    Some(""),
                ],
                Some("parcours Génie logiciel")
            ),
            "Licence Sciences, Technologies, Santé mention Informatique parcours Génie logiciel"
        );
        assert_eq!(official_label(&[None, None, None, None, None], None), "");
    }
}
