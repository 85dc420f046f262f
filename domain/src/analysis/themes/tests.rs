use super::*;

fn book() -> Codebook {
    crate::testing::codebook()
}

fn codes(index: &ThemeIndex, text: &str) -> Vec<String> {
    index
        .suggest(text, &[])
        .into_iter()
        .map(|m| m.code)
        .collect()
}

#[test]
fn keywords_match_through_inflection_case_and_accents() {
    let index = ThemeIndex::new(&book());
    assert_eq!(
        codes(&index, "Les POUBELLES débordent"),
        vec!["proprete_cadre_vie"]
    );
    assert_eq!(
        codes(&index, "y a pas de securite le soir"),
        vec!["tranquillite_securite"]
    );
    assert_eq!(codes(&index, "trop d'écoles ferment"), vec!["education"]);
}

#[test]
fn multi_word_keywords_match_across_stop_words() {
    let index = ThemeIndex::new(&book());
    assert_eq!(
        codes(&index, "c'est dur à la fin du mois"),
        vec!["commerces_vie_chere"]
    );
    assert_eq!(
        codes(&index, "la maison du quartier est fermée"),
        vec!["jeunesse"]
    );
    // …but not across a sentence.
    assert!(codes(&index, "La fin. Le mois prochain on verra").is_empty());
}

#[test]
fn longest_term_wins() {
    let index = ThemeIndex::new(&book());
    // `pharmacie de quartier` (commerce), not `pharmacie` (health).
    assert_eq!(
        codes(&index, "il nous faut une pharmacie de quartier"),
        vec!["commerces_vie_chere"]
    );
    // `sécurité sociale` is about rights, not safety.
    assert_eq!(
        codes(&index, "mes remboursements de sécurité sociale"),
        vec!["acces_droits_services"]
    );
}

#[test]
fn related_words_come_from_the_lexicon() {
    let index = ThemeIndex::new(&book());
    assert_eq!(
        codes(&index, "on joue au foot tous les soirs"),
        vec!["culture_sport"]
    );
    assert_eq!(
        codes(&index, "des cafards partout dans la cuisine"),
        vec!["logement"]
    );
    assert_eq!(codes(&index, "The rent is too high"), vec!["logement"]);
}

#[test]
fn label_parts_count_as_keywords() {
    let index = ThemeIndex::new(&book());
    assert_eq!(codes(&index, "ma santé se dégrade"), vec!["sante"]);
    assert_eq!(codes(&index, "rien pour la jeunesse"), vec!["jeunesse"]);
}

#[test]
fn accents_tell_words_apart() {
    let index = ThemeIndex::new(&book());
    assert_eq!(
        codes(&index, "le marché de Bellevue"),
        vec!["commerces_vie_chere"]
    );
    // `marche` is not `marché`; a broken entryphone is a repair, so housing (guide § 3).
    assert_eq!(
        codes(&index, "l'interphone marche pas, c'est énervant"),
        vec!["logement"]
    );
    // `petite` folds to the stem of `pétition`.
    assert!(codes(&index, "ma petite-fille est venue à la fête").is_empty());
    // Typed without accents among accented words.
    assert_eq!(
        codes(&index, "Ecole fermée, élèves dehors"),
        vec!["education"]
    );
}

#[test]
fn negated_mentions_still_count() {
    let index = ThemeIndex::new(&book());
    let found = index.suggest("Il n'y a plus de boulangerie", &[]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, "commerces_vie_chere");
    assert!(found[0].negated);
    assert_eq!(found[0].words, vec!["boulangerie"]);
}

#[test]
fn phrases_keep_their_stop_words() {
    let index = ThemeIndex::new(&book());
    // `en ligne` is about online procedures; `la ligne 30` is not.
    assert_eq!(
        codes(&index, "tout se fait en ligne"),
        vec!["acces_droits_services"]
    );
    // A line named by its number is mobility (guide § 3, `la ligne 11`).
    assert_eq!(codes(&index, "la ligne 30 passe"), vec!["mobilite"]);
}

#[test]
fn blockers_hide_keywords_used_otherwise() {
    let index = ThemeIndex::new(&book());
    // `seul` is a keyword of social ties; `le seul endroit` is not loneliness.
    assert!(codes(&index, "c'est le seul endroit ouvert").is_empty());
    assert_eq!(codes(&index, "je me sens seule"), vec!["lien_social"]);
    // `aides` (social benefits) is a keyword; `elle nous aide` is a verb.
    assert!(codes(&index, "ma voisine nous aide beaucoup")
        .iter()
        .all(|c| c != "acces_droits_services"));
    assert_eq!(
        codes(&index, "les aides ont baissé"),
        vec!["acces_droits_services"]
    );
}

#[test]
fn lexicon_keys_sharing_a_stem_stay_apart() {
    let index = ThemeIndex::new(&book());
    // `isolement` (social ties) and `isolation` (energy) share a stem.
    assert_eq!(
        codes(&index, "le logement est mal isolé"),
        vec!["logement", "transition_ecologique"]
    );
    assert_eq!(
        codes(&index, "ma mère est très isolée"),
        vec!["lien_social"]
    );
}

#[test]
fn confidence_grows_with_the_evidence() {
    let index = ThemeIndex::new(&book());
    let one = index.suggest("le loyer augmente", &[]);
    let three = index.suggest("le loyer, le bailleur et l'humidité", &[]);
    assert_eq!(one[0].confidence(), 0.67);
    assert!(three[0].confidence() > one[0].confidence());
    assert!(three[0].confidence() < 1.0);
}

#[test]
fn line_numbers_are_mobility() {
    let index = ThemeIndex::new(&book());
    assert_eq!(codes(&index, "le C6 est toujours plein"), vec!["mobilite"]);
    assert_eq!(
        codes(&index, "la ligne 11 ne va pas au CHU"),
        vec!["mobilite", "sante"]
    );
    let found = index.suggest("il faut prendre le C6 puis la 2", &[]);
    assert_eq!(found[0].words, vec!["C6", "la 2"]);
    assert!(codes(&index, "on se voit le 12 avril").is_empty());
    assert!(codes(&index, "j'ai attendu le 15 et la 2e fois").is_empty());
}

#[test]
fn common_words_add_no_second_theme() {
    let index = ThemeIndex::new(&book());
    // `voisins` alone beside a housing complaint is not social ties (guide § 2).
    assert_eq!(
        codes(&index, "mes voisins m'ont dit que le loyer augmente"),
        vec!["logement"]
    );
    assert_eq!(codes(&index, "je me sens seule"), vec!["lien_social"]);
    assert!(
        codes(&index, "je récupère les petits devant l'école").is_empty(),
        "{:?}",
        index.suggest("je récupère les petits devant l'école", &[])
    );
    assert!(codes(&index, "j'ai raté le bus")
        .iter()
        .all(|c| c != "proprete_cadre_vie"));
}

#[test]
fn half_weight_words_need_company() {
    let index = ThemeIndex::new(&book());
    assert!(codes(&index, "on est inquiets").is_empty());
    assert_eq!(
        codes(&index, "on est inquiets, il y a des bagarres"),
        vec!["tranquillite_securite"]
    );
}

#[test]
fn at_most_three_themes_strongest_first() {
    let index = ThemeIndex::new(&book());
    let found = index.suggest(
        "loyer, bailleur, humidité, bus, tram, école, médecin, piscine",
        &[],
    );
    assert_eq!(found.len(), 3);
    assert_eq!(found[0].code, "logement");
    assert_eq!(found[0].words, vec!["loyer", "bailleur", "humidité"]);
}

#[test]
fn nothing_to_say_gives_no_theme() {
    let index = ThemeIndex::new(&book());
    for text in [
        "Bonjour, tout va bien, merci.",
        "Rien à signaler.",
        "Je n'ai pas le temps, revenez demain.",
    ] {
        assert!(codes(&index, text).is_empty(), "{text}");
    }
}

#[test]
fn retired_themes_are_not_suggested() {
    let mut book = book();
    for theme in &mut book.themes {
        theme.retired = theme.code == "logement";
    }
    let index = ThemeIndex::new(&book);
    assert!(codes(&index, "le loyer augmente")
        .iter()
        .all(|c| c != "logement"));
}

#[test]
fn coordinators_related_words_are_used() {
    let book = Codebook::from_csv(
        "code;libelle;mots_cles;mots_associes\nvelo;Vélo;bicyclette;~biclou|=VTT\n",
    )
    .unwrap();
    let index = ThemeIndex::new(&book);
    assert_eq!(codes(&index, "ma bicyclette"), vec!["velo"]);
    assert_eq!(codes(&index, "mon VTT"), vec!["velo"]);
    assert!(codes(&index, "mon biclou").is_empty());
    // The lexicon follows keywords, not theme codes: `vélo` brings `piste cyclable`.
    let book = Codebook::from_csv("code;libelle;mots_cles\ndeux_roues;Deux-roues;vélo\n").unwrap();
    assert_eq!(
        codes(&ThemeIndex::new(&book), "une piste cyclable"),
        vec!["deux_roues"]
    );
}

#[test]
fn acronyms_match_as_written_not_by_stem() {
    let index = ThemeIndex::new(&book());
    assert_eq!(
        codes(&index, "la CAF a suspendu mes APL"),
        vec!["acces_droits_services"]
    );
    assert_eq!(
        codes(&index, "la caf me répond jamais"),
        vec!["acces_droits_services"]
    );
    assert!(codes(&index, "on boit le café après la messe").is_empty());
    assert!(codes(&index, "un café pour se poser").is_empty());
}

#[test]
fn words_that_only_look_like_keywords() {
    let index = ThemeIndex::new(&book());
    assert!(codes(&index, "on fait le tour du pâté de maisons").is_empty());
    assert!(codes(&index, "le bruit court qu'ils vont partir").is_empty());
    assert_eq!(
        codes(&index, "le bruit des scooters la nuit"),
        vec!["tranquillite_securite"]
    );
}
