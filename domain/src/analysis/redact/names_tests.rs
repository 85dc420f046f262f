//! Tests of `names.rs`.

use super::super::Scan;
use super::*;

fn found(text: &str) -> Vec<String> {
    let scan = Scan::new(text);
    let mut out = Vec::new();
    names(&scan, &mut out);
    out.into_iter()
        .map(|s| text[s.start..s.end].to_owned())
        .collect()
}

#[test]
fn place_names_are_found() {
    let text =
        "Le bus ne dessert plus la place du Commerce ni le gymnase Jean Vilar. Marché fermé.";
    let found: Vec<&str> = place_names(text)
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .collect();
    assert_eq!(found, vec!["Commerce", "Jean Vilar"]);
}

#[test]
fn lists_load() {
    assert!(is_first_name("moussa") && is_first_name("ines") && is_first_name("sophie"));
    assert!(!is_first_name("rose"), "ambiguous names need a cue");
    assert!(is_known_place("nantes"));
}

#[test]
fn introductions() {
    assert_eq!(
        found("Je m'appelle Sophie Durand, mon numéro"),
        vec!["Sophie Durand"]
    );
    assert_eq!(
        found("je m’appelle nadia je suis diabétique"),
        vec!["nadia"]
    );
    assert_eq!(found("Moi c'est Julien Marchand."), vec!["Julien Marchand"]);
    assert_eq!(found("jm'appelle kevin martin."), vec!["kevin martin"]);
    assert_eq!(found("Mon nom est Traoré."), vec!["Traoré"]);
    assert_eq!(
        found("mon téléphone c'est le 07 et le nom c'est Traoré, pour le jardin"),
        vec!["Traoré"]
    );
    assert!(found("le nom c'est pas important").is_empty());
    assert_eq!(found("Nom : Lefebvre"), vec!["Lefebvre"]);
    assert_eq!(found("elle s'appelle Bintou"), vec!["Bintou"]);
    assert_eq!(found("c'est Moussa qui s'en occupe"), vec!["Moussa"]);
    assert_eq!(found("Signé Roger Dupuis"), vec!["Roger Dupuis"]);
    assert_eq!(found("slt moi c nadia jhabite ici"), vec!["nadia"]);
    assert_eq!(
        found("C'est Sébastien Leroy, du quartier"),
        vec!["Sébastien Leroy"]
    );
}

#[test]
fn civility_titles() {
    assert_eq!(found("Moi c'est Mme Morin, 06"), vec!["Mme Morin"]);
    assert_eq!(found("Mme Le Goff habite là"), vec!["Mme Le Goff"]);
    assert_eq!(
        found("M. Ben Salah et Madame de la Fontaine"),
        vec!["M. Ben Salah", "Madame de la Fontaine"]
    );
    assert_eq!(found("voir avec mme morin"), vec!["mme morin"]);
    assert_eq!(found("Je suis Mme N'Diaye, tour 2"), vec!["Mme N'Diaye"]);
    assert_eq!(found("M. O’Neill est passé"), vec!["M. O’Neill"]);
    assert_eq!(found("le docteur Kouassi"), vec!["docteur Kouassi"]);
    assert_eq!(found("contact : famille Le Goff, 06"), vec!["Le Goff"]);
    assert_eq!(found("la famille Diallo est partie"), vec!["Diallo"]);
    assert!(found("la famille est partie, famille nombreuse").is_empty());
    assert!(found("Madame la Maire, Monsieur le Maire, bonjour Madame").is_empty());
}

#[test]
fn family_and_neighbours() {
    assert_eq!(found("Mon fils Lucas s'ennuie"), vec!["Lucas"]);
    assert_eq!(found("Ma fille Emma s'est fait"), vec!["Emma"]);
    assert_eq!(found("mon voisin Kevin Martin crie"), vec!["Kevin Martin"]);
    assert_eq!(
        found("mes enfants Léo et Inès adorent"),
        vec!["Léo", "Inès"]
    );
    assert_eq!(
        found("mes petits-enfants Yanis, Sami et Lina"),
        vec!["Yanis", "Sami", "Lina"]
    );
    assert_eq!(found("ma voisine, Rose, passe"), vec!["Rose"]);
    assert_eq!(found("ma fille emma est malade"), vec!["emma"]);
    assert_eq!(found("le gardien Karim est sympa"), vec!["Karim"]);
    assert_eq!(
        found("Tout le monde connaît Tata Mimi, elle tient"),
        vec!["Mimi"]
    );
    assert_eq!(found("ma tata Fatou vient"), vec!["Fatou"]);
    assert_eq!(found("mon président, Karim, a dit"), vec!["Karim"]);
    assert_eq!(found("la maire. Karim est venu"), vec!["Karim"]);
    assert_eq!(
        found("Hi, I'm Grace Okafor, I live at"),
        vec!["Grace Okafor"]
    );
    assert!(found("mamie est malade, Tata aussi").is_empty());
    assert_eq!(
        found("Les Kowalski d'en face ont 4 gosses"),
        vec!["Kowalski"]
    );
    assert_eq!(found("on mange chez les Martin"), vec!["Martin"]);
    assert_eq!(
        found("On se retrouve chez les Le Bihan, 14 ter rue"),
        vec!["Le Bihan"]
    );
    assert_eq!(
        found("Ludo, le voisin du dessus, il prête son camion"),
        vec!["Ludo"]
    );
    assert_eq!(
        found("Pierre, le voisin du 1er, a pris une pierre"),
        vec!["Pierre"]
    );
    assert_eq!(found("jsuis passé chez moussa hier"), vec!["moussa"]);
    assert_eq!(found("my name is Precious, I need help"), vec!["Precious"]);
    for text in [
        "Bref, le voisin a appelé",
        "Nantes, la ville des ducs, et Bellevue, le quartier",
        "Heureusement, le gardien était là",
        "on passe chez moi puis chez leclerc",
    ] {
        assert!(found(text).is_empty(), "{text}");
    }
    for text in [
        "les Verts et les Nantais",
        "les Dervallières",
        "les HLM du quartier",
        "les Restos du cœur",
        "Et les Bicloo, il y en a pas par ici",
        "Les gens. Les Bleus ont gagné",
    ] {
        assert!(found(text).is_empty(), "{text}");
    }
}

#[test]
fn first_names_alone_and_calls() {
    assert_eq!(
        found("Ahmed (07 53 21 45 09) s'occupe de l'association"),
        vec!["Ahmed"]
    );
    assert_eq!(found("Demandez à Moussa, c'est lui"), vec!["Moussa"]);
    assert_eq!(found("Contactez Traoré au local"), vec!["Traoré"]);
    assert_eq!(
        found("on en a parlé avec Fatou Diallo"),
        vec!["Fatou Diallo"]
    );
    assert_eq!(found("la fille de Karim"), vec!["Karim"]);
    assert_eq!(found("DURAND Sophie a appelé"), vec!["DURAND Sophie"]);
    assert_eq!(found("Jean-Pierre est venu"), vec!["Jean-Pierre"]);
    assert_eq!(
        found("Vous pouvez joindre Oksana Kovalenko le matin"),
        vec!["Oksana Kovalenko"]
    );
    assert_eq!(
        found("c'est Gheorghe et sa femme Florica qui ramassent tout"),
        vec!["Gheorghe", "Florica"]
    );
    assert_eq!(found("slt c joão, mon num c le 07"), vec!["joão"]);
    assert_eq!(found("Rose du 1er garde les enfants"), vec!["Rose"]);
    assert_eq!(found("c pierre du 3e qui a la clé"), vec!["pierre"]);
    assert!(found("la rose du 3e balcon, une pierre du 1er mur").is_empty());
    assert_eq!(found("c'est karim qui a la clé"), vec!["karim"]);
    assert_eq!(
        found("tel 06 (dsl) demandez marine, je fais"),
        vec!["marine"]
    );
    assert!(found("demandez conseil, demandez pardon").is_empty());
    assert_eq!(
        found("mon numéro c'est 06-23-45-17-88, demandez Maryvonne."),
        vec!["Maryvonne"]
    );
    // The president of a tenants' association is no public figure.
    assert_eq!(
        found("Contactez la présidente, Mme Nguyen, au 06 22 48 91 07."),
        vec!["Mme Nguyen"]
    );
    assert_eq!(
        found("les educs Marine et Sam nous ont emmené"),
        vec!["Marine", "Sam"]
    );
    assert!(found("c'est rose et vert, c le bazar").is_empty());
    assert_eq!(
        found("Sinon Djamel s'en occupe avec Thanh"),
        vec!["Djamel", "Thanh"]
    );
}

#[test]
fn places_and_institutions_are_not_people() {
    for text in [
        "La médiathèque Jacques Demy est fermée",
        "le centre commercial Atlantis",
        "France Travail et France Services",
        "la CAF, la mairie et Nantes Métropole",
        "au lycée Albert Camus",
        "rue Jean Jaurès, place Aimé Césaire",
        "Rose des vents",
        "le lycée Pierre et Marie Curie",
        "Rendez-vous au CHU, bâtiment Jean Monnet, 3e étage",
        "La maire, Johanna Rolland, avait promis de venir",
        "le ministre Gérald Martin est venu",
        "Mamie Nova c'est les yaourts, Tata Yoyo une chanson",
        "chez moi c'est petit, moi c'est mort",
        "le préfet a signé l'arrêté, il a signé l'accord",
        "my name is not important",
        "à Saint-Herblain",
        "Bonjour Madame",
        "Le tram passe à Commerce",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

/// A known first name set off by commas after a place's noun is a person, not the place's name
/// (`un éduc de rue, Karim, …`, `le café du centre social, Renée elle fait…`); a resident's
/// name before an address to write to (found in the December development texts).
#[test]
fn first_names_in_apposition_after_a_place() {
    for (text, name) in [
        (
            "Avant y avait un éduc de rue, Karim, tout le monde le connaissait",
            "Karim",
        ),
        (
            "l'animateur de la maison de quartier, Karim, qui les emmène au bowling",
            "Karim",
        ),
        (
            "le café des aînés au centre social, Renée elle fait le gâteau breton",
            "Renée",
        ),
        (
            "Ma fille de 14 ans, Lina, ne veut plus inviter ses copines",
            "Lina",
        ),
    ] {
        assert_eq!(found(text), vec![name], "{text}");
    }
    // The name of a place still belongs to it.
    assert!(found("la maison de quartier Karine Ferrand est fermée").is_empty());
}

/// A name set off by commas a few words after who the person is, even a name that is also a
/// word or one the list does not have.
#[test]
fn names_in_apposition_after_a_relation() {
    for (text, name) in [
        (
            "Le gamin du 4e, Timéo, il fait du violon au conservatoire",
            "Timéo",
        ),
        ("l'infirmière du centre, Claire, elle est top", "Claire"),
        (
            "J'ai 23 ans, une fille de 2 ans, Jade, et je voudrais reprendre ma licence",
            "Jade",
        ),
        (
            "Y a un gars qui vend en bas de chez nous, Steeve, tout le monde sait",
            "Steeve",
        ),
    ] {
        assert_eq!(found(text), vec![name], "{text}");
    }
    for text in [
        "ma voisine du dessus, Nantes Nord, c'est loin",
        "le gardien est parti, Bref, on attend",
        "mon fils va au collège, Rosa Parks, en 6e",
        "la dame de la CAF, Bellevue, m'a dit non",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

/// What follows a relation after a comma and is no name (development texts, December 2026).
#[test]
fn words_in_apposition_that_are_no_name() {
    for text in [
        "ya rien pr les ados ici, RIEN",
        "Ma mère a 86 ans, Alzheimer, elle vit avec nous",
        "la conseillère d'orientation, c'était trop tard, Affelnet, je sais pas quoi",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

/// A volunteer's summary of a call names no one with `Mme` and a verb (`Mme dit que…`).
#[test]
fn a_title_before_a_verb_is_no_name() {
    for text in [
        "Mme dit que l'ascenseur est en panne depuis mars",
        "Mme voudrait un logement plus petit",
        "Mme passait par là quand le bus est parti",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
    assert_eq!(found("bjr c mme diallo du 3e"), vec!["mme diallo"]);
}
