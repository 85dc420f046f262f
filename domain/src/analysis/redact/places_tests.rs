//! Tests of `places.rs`.

use super::super::Scan;
use super::*;

fn run(f: fn(&Scan<'_>, &mut Vec<Span>), text: &str) -> Vec<String> {
    let scan = Scan::new(text);
    let mut out = Vec::new();
    f(&scan, &mut out);
    out.into_iter()
        .map(|s| text[s.start..s.end].to_owned())
        .collect()
}

#[test]
fn street_addresses_with_a_number() {
    for (text, address) in [
        (
            "Mme Girard, 3 rue des Lilas Blancs.",
            "3 rue des Lilas Blancs",
        ),
        (
            "Mon adresse : 22 rue des Pervenches, 44300 Nantes",
            "22 rue des Pervenches",
        ),
        ("au 4 bis allée du Bois-Joli", "4 bis allée du Bois-Joli"),
        (
            "qui ont aidé Mme Pasquier au 17 rue du Bêle samedi",
            "17 rue du Bêle",
        ),
        ("3 place Aimé Césaire", "3 place Aimé Césaire"),
        ("12, avenue de la Libération", "12, avenue de la Libération"),
        (
            "j'habite au 5 rue jean jaurès depuis 10 ans",
            "5 rue jean jaurès",
        ),
        ("le 12b boulevard Victor Hugo", "12b boulevard Victor Hugo"),
        (
            "au 7 impasse des lilas et il y a des rats",
            "7 impasse des lilas",
        ),
        ("14 rond-point de Rennes", "14 rond-point de Rennes"),
        (
            "Nous on est au 2 de la rue des Vignes, juste en face",
            "2 de la rue des Vignes",
        ),
        (
            "au 5 du boulevard Jules Verne",
            "5 du boulevard Jules Verne",
        ),
        ("au 3 de l'avenue des Pins", "3 de l'avenue des Pins"),
        ("6 avenue des Pins côté Saint-Herblain", "6 avenue des Pins"),
        ("4 rue de la Côte", "4 rue de la Côte"),
        ("18 rue de l'Île-Gloriette", "18 rue de l'Île-Gloriette"),
        ("8 imp. des Tanneurs, 44000 Nantes", "8 imp. des Tanneurs"),
        ("au 2 av. Jean Jaurès", "2 av. Jean Jaurès"),
        (
            "J'habite au vingt-deux rue Auguste Renoir, au deuxième",
            "vingt-deux rue Auguste Renoir",
        ),
        (
            "LE PROPRIO DU 5 RUE DES GENETS A ENCORE MONTE LE LOYER",
            "5 RUE DES GENETS",
        ),
        (
            "J'HABITE AU 12 RUE DU BOIS HERCE DEPUIS 2019",
            "12 RUE DU BOIS HERCE",
        ),
    ] {
        assert_eq!(run(addresses, text), vec![address], "{text}");
    }
}

#[test]
fn streets_without_a_number_and_other_numbers_stay() {
    for text in [
        "la rue de la Paix est sale",
        "j'habite rue des Lilas",
        "il y a 3 places de parking",
        "j'ai 2 cours de sport par semaine",
        "à 2 rues d'ici",
        "la ligne 23 passe place du Commerce",
        "le tram 1 et le C3",
        "3 chemins possibles",
        "les 2 de la bande",
        "le 5 du mois",
        "deux rues plus loin, trois places",
        "le soir c'est une rue morte, et une rue morte ça fait peur",
    ] {
        assert!(run(addresses, text).is_empty(), "{text}");
    }
}

#[test]
fn building_floor_and_door() {
    for (text, expected) in [
        ("Bât B, 9e étage.", vec!["Bât B", "9e étage"]),
        ("On habite tour 4, au 7e.", vec!["tour 4", "7e"]),
        (
            "bâtiment C escalier 2, porte 12",
            vec!["bâtiment C", "escalier 2", "porte 12"],
        ),
        (
            "appartement n° 34 au 3ème étage",
            vec!["appartement n° 34", "3ème étage"],
        ),
        ("bat. A2", vec!["bat. A2"]),
        ("entrée B, hall 3", vec!["entrée B", "hall 3"]),
        // Guide § 1: the span has no leading preposition (`la voisine du 3e` → `3e`).
        ("j'habite au 5e sans ascenseur", vec!["5e"]),
        ("ma voisine du 4e, elle boit", vec!["4e"]),
        ("Mr Traoré du 3e fait du bruit", vec!["3e"]),
        ("On étouffe l'été au 14e, on dort", vec!["14e"]),
        ("au premier étage", vec!["premier étage"]),
        ("le chien aboie au 3e gauche la nuit", vec!["3e gauche"]),
        ("Rose du 1er garde les enfants", vec!["1er"]),
        ("c pierre du 3e qui a la clé", vec!["3e"]),
        (
            "La dame du rez-de-chaussée, Mme Roux",
            vec!["rez-de-chaussée"],
        ),
        ("on habite au rdc", vec!["rdc"]),
        (
            "jsuis au 4e ptite porte a droite",
            vec!["4e", "porte a droite"],
        ),
        ("I live at 15 rue du Bois, flat 23.", vec!["flat 23"]),
        (
            "J'habite au 22 rue Renoir, au deuxième gauche en sortant",
            vec!["deuxième gauche"],
        ),
        ("celui de la cage 3, il ramasse", vec!["cage 3"]),
        ("c rose du 4e ki m'a dit", vec!["4e"]),
        (
            "on est au premier, la ptite porte à droite",
            vec!["premier", "porte à droite"],
        ),
        (
            "j'habite au rez-de-chaussée, porte gauche, chez Mme Diallo",
            vec!["rez-de-chaussée", "porte gauche"],
        ),
        (
            "j'habite au deuxieme porte droite",
            vec!["deuxieme", "porte droite"],
        ),
        (
            "je suis allée à la mairie, j'habite au 3e étage",
            vec!["3e étage"],
        ),
    ] {
        assert_eq!(run(homes, text), expected, "{text}");
    }
}

#[test]
fn building_words_that_are_not_a_home() {
    for text in [
        "un logement 3 pièces",
        "appartement 4 chambres",
        "la tour Bretagne, le tour de France",
        "on a fait un tour 2 fois",
        "au 3e trimestre",
        "le train du 3e quai",
        "il est arrivé au 3e rang",
        "le 2e jour",
        "une pierre du 1er mur, la rose du 3e balcon",
        "ils ont fini au 3e rang à gauche",
        "l'entrée du parc",
        "il bat le record",
        "un terrain vague derrière le bâtiment E",
        "la réunion au rez-de-chaussée de la mairie",
        "le bureau au 2e porte sur la cour",
        "un flat blanc",
        "au 2e étage de la mairie annexe, porte 214, faut prendre un ticket au rez-de-chaussée.",
        "Le bâtiment B du groupe scolaire est fermé",
        "Rendez-vous au CHU, bâtiment Jean Monnet, 3e étage, salle 12",
        "ils ont fini au deuxième. Au premier tour",
        "l'accueil de la CAF est au rez-de-chaussée, la crèche est au rdc",
        "la salle est au premier, le guichet est au deuxième",
        "le cabinet est au premier étage, pas d'ascenseur",
        "la permanence est au deuxième étage de la maison de quartier",
        "la Fnac est au rez de chaussée de la galerie",
        "cage 3 du zoo, cage 2 du parking, porte 3 de la gare",
        "la porte gauche du hall est cassée",
        "prenez la 2e gauche après le rond-point",
        "on parle avec les gens du bâtiment d'en face",
        "le palier de l'escalier c'est une poubelle",
    ] {
        assert!(run(homes, text).is_empty(), "{text}");
    }
}

/// Floors said with a verb after them, or by someone named by what they are (found in the
/// 2,800 blind training texts, 2026-12-03).
#[test]
fn floors_before_a_verb_or_after_a_person() {
    for (text, floor) in [
        ("moi j'ai 74 ans, je monte au 9e à pied", "9e"),
        ("au 14eme on a mesure 34 degres", "14eme"),
        ("on est 6 dans un t3 au 11eme et je dors", "11eme"),
        ("Mon voisin du 4e crie la nuit", "4e"),
        ("Le voisin du 3e vend de la beuh", "3e"),
        ("les mecs du 3e dealent devant tt le monde", "3e"),
        (
            "Le gars du rez-de-chaussée deale dans la cage",
            "rez-de-chaussée",
        ),
        ("la vue sur l'erdre depuis le balcon du 15eme", "15eme"),
        ("On est au 8e plein sud", "8e"),
        (
            "Je ne veux pas d'histoire. Mme Le Bihan, 2e gauche.",
            "2e gauche",
        ),
        (
            "Je suis avec mes deux petits sur l'emplacement 12.",
            "emplacement 12",
        ),
        ("I pay 650 for a room on the 3rd floor", "3rd floor"),
        ("merci aux mamans du 12e pour les msemen", "12e"),
        (
            "(oui on est les deux barbus du 5e), inscriptions en privé",
            "5e",
        ),
        ("des couches, ça venait du 9e je crois", "9e"),
        ("nous au 1er on a les goélands", "1er"),
    ] {
        assert_eq!(run(homes, text), vec![floor], "{text}");
    }
}

/// What follows a floor's number and makes it something else.
#[test]
fn numbers_of_time_rank_or_order_are_no_floor() {
    for text in [
        "on nous fait comprendre qu'au 3e refus c'est fini",
        "il est passé au 2e tour",
        "les gens du 3e âge",
        "au 1er janvier les loyers montent",
        "c'était au 3e trimestre",
        "le fils du 7e arrondissement",
        "au 2e étage de la mairie annexe",
        "du 1er au 15 mars, fermé",
        "le train du 3e quai",
        "la fin du 2e trimestre",
    ] {
        assert!(
            run(homes, text).is_empty(),
            "{text}: {:?}",
            run(homes, text)
        );
    }
}
