//! Every string of the coordinators' and councils' screens (staff bundle only), French first,
//! English beside it: one table, so a missing translation does not compile.

use super::Lang;
use portevoix_domain::month::Month;

macro_rules! strings {
    ($($name:ident: $fr:expr, $en:expr;)*) => {
        #[cfg_attr(
            not(feature = "staff"),
            expect(dead_code, reason = "the council bundle shows the council strings only")
        )]
        pub struct St {
            $(pub $name: &'static str,)*
        }
        pub static FR: St = St { $($name: $fr,)* };
        pub static EN: St = St { $($name: $en,)* };
    };
}

impl Lang {
    pub fn st(self) -> &'static St {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }
}

strings! {
    // navigation and home
    nav_label: "Menu de la coordination", "Coordination menu";
    nav_label_council: "Menu du conseil citoyen", "Citizen council menu";
    nav_home: "Tableau de bord", "Dashboard";
    nav_surveys: "Enquêtes flash", "Flash surveys";
    nav_moderation: "Modération", "Review";
    nav_codebook: "Thèmes", "Themes";
    nav_followup: "Suivi des sorties", "Outings follow-up";
    nav_compare: "Comparer les quartiers", "Compare quartiers";
    nav_exports: "Exports", "Exports";
    nav_accounts: "Comptes et téléphones", "Accounts and phones";
    nav_council: "Espace conseil citoyen", "Citizen council";
    nav_places: "Quartiers et conseils", "Quartiers and councils";
    nav_publications: "Publier aux conseils", "Publish to councils";
    tile_publications: "Ce que chaque conseil citoyen peut lire : résultats d'enquêtes et thèmes, publiés à une date.", "What each citizen council can read: survey results and themes, published on a date.";
    tile_places: "Renommer, ajouter, fusionner des quartiers ; les quartiers de chaque conseil.", "Rename, add, merge quartiers; each council's quartiers.";
    coord_title: "Coordination", "Coordination";
    pending_reviews: "paroles attendent une relecture", "testimonies wait for review";
    duplicate_survey: "Dupliquer", "Duplicate";
    copy_suffix: "(copie)", "(copy)";
    closed_survey_hint: "Cette enquête est close : elle ne change plus. « Ouvrir » la rouvre telle quelle ; « Dupliquer » en fait un nouveau brouillon à modifier.", "This survey is closed: it no longer changes. \"Open\" reopens it as it is; \"Duplicate\" makes a new draft of it to edit.";
    pending_review_one: "1 parole attend une relecture", "1 testimony waits for review";
    tile_surveys: "Créer, publier, ouvrir et fermer les enquêtes ; choisir les quartiers.", "Create, publish, open and close surveys; choose the quartiers.";
    tile_review: "Relire les paroles : thèmes, anonymisation, approbation.", "Review testimonies: themes, redaction, approval.";
    tile_themes: "Modifier la grille de thèmes et relancer l'analyse.", "Edit the theme codebook and analyse again.";
    tile_followup: "Sorties par volontaire et par quartier.", "Outings per volunteer and quartier.";
    tile_compare: "Un thème ou une question, quartiers côte à côte.", "One theme or one question, quartiers side by side.";
    tile_exports: "Excel, CSV ou JSON lines.", "Excel, CSV or JSON lines.";
    tile_accounts: "Volontaires, conseillers, enrôlement des téléphones.", "Volunteers, council members, phone enrolment.";
    tile_council: "Voir ce que voit un conseil citoyen.", "See what a citizen council sees.";
    forbidden: "Cet espace est réservé à la coordination.", "This area is for coordinators.";
    loading: "Chargement…", "Loading…";
    // a list that could not be loaded (said with Réessayer, never shown as an empty list)
    lists_failed: "Les quartiers, thèmes et conseils n'ont pas pu être chargés", "Quartiers, themes and councils could not be loaded";
    pending_failed: "Le nombre de témoignages à relire n'a pas pu être chargé", "The number of testimonies to review could not be loaded";
    queue_failed: "Les témoignages à relire n'ont pas pu être chargés", "The testimonies to review could not be loaded";
    volunteers_failed: "La liste des volontaires n'a pas pu être chargée", "The list of volunteers could not be loaded";
    surveys_failed: "Les enquêtes n'ont pas pu être chargées", "The surveys could not be loaded";
    followup_failed: "Le suivi des sorties n'a pas pu être chargé", "The outings' follow-up could not be loaded";
    survey_failed: "L'enquête n'a pas pu être chargée", "The survey could not be loaded";
    emerging_failed: "Les sujets émergents n'ont pas pu être chargés", "The emerging topics could not be loaded";
    accounts_failed: "Les comptes n'ont pas pu être chargés", "The accounts could not be loaded";
    devices_failed: "Les téléphones enrôlés n'ont pas pu être chargés", "The enrolled phones could not be loaded";
    council_failed: "La page du conseil n'a pas pu être chargée", "The council's page could not be loaded";
    results_failed: "Les résultats n'ont pas pu être chargés", "The results could not be loaded";
    themes_failed: "Les thèmes au fil des mois n'ont pas pu être chargés", "The themes over the months could not be loaded";
    quotes_failed: "Les paroles d'habitants n'ont pas pu être chargées", "The residents' words could not be loaded";
    report_failed: "Le rapport n'a pas pu être chargé", "The report could not be loaded";
    all: "Tous", "All";
    save: "Enregistrer", "Save";
    back: "Retour", "Back";
    actions: "Actions", "Actions";
    // common words
    quartier: "Quartier", "Quartier";
    quartiers: "Quartiers", "Quartiers";
    place: "Lieu", "Place";
    status: "État", "Status";
    theme: "Thème", "Theme";
    themes: "Thèmes", "Themes";
    volunteer: "Volontaire", "Volunteer";
    date_from: "Du", "From";
    date_to: "Au", "To";
    month_from: "Du mois", "From month";
    month_to: "Au mois", "To month";
    results: "résultats", "results";
    previous_page: "Page précédente", "Previous page";
    next_page: "Page suivante", "Next page";
    filters: "Filtres", "Filters";
    code: "Code", "Code";
    label: "Libellé", "Label";
    label_en: "Libellé en anglais (facultatif)", "Label in English (optional)";
    total: "Total", "Total";
    responses: "Réponses", "Responses";
    testimonies: "Paroles", "Testimonies";
    survey: "Enquête", "Survey";
    question: "Question", "Question";
    version: "Version", "Version";
    updated: "Modifiée le", "Updated";
    // surveys
    status_draft: "Brouillon", "Draft";
    status_open: "Ouverte", "Open";
    status_closed: "Fermée", "Closed";
    untitled: "(sans titre)", "(untitled)";
    no_surveys_yet: "Aucune enquête pour l'instant.", "No survey yet.";
    new_survey: "Nouvelle enquête", "New survey";
    edit_survey: "Modifier l'enquête", "Edit the survey";
    never_published: "jamais publiée", "never published";
    survey_title: "Titre", "Title";
    survey_intro: "Introduction lue au volontaire", "Introduction for the volunteer";
    add_question: "Ajouter une question", "Add a question";
    question_label: "Intitulé de la question", "Question text";
    question_type: "Type", "Type";
    kind_single: "Choix unique", "Single choice";
    kind_multiple: "Choix multiple", "Multiple choice";
    kind_scale: "Échelle de 1 à 5", "Scale 1 to 5";
    kind_smiley: "Échelle à visages (1 à 5)", "Smiley scale (1 to 5)";
    kind_yes_no: "Oui / non", "Yes / no";
    kind_short_text: "Texte court", "Short text";
    kind_long_text: "Texte long", "Long text";
    kind_number: "Nombre", "Number";
    kind_date: "Date", "Date";
    kind_note: "Note (écran d'information, sans réponse)", "Note (an information screen, no answer)";
    import_title: "Importer un formulaire XLSForm (ODK, Kobo)", "Import an XLSForm (ODK, Kobo)";
    import_file: "Fichier du formulaire (.xlsx, .xls, .ods ou .csv, 5 Mo au plus)", "Form file (.xlsx, .xls, .ods or .csv, 5 MB at most)";
    import_read: "Lire le formulaire", "Read the form";
    import_pick_file: "Choisissez un fichier.", "Choose a file.";
    import_too_large: "Fichier de plus de 5 Mo : ce n'est pas un formulaire.", "File over 5 MB: not a form.";
    import_languages: "Langues", "Languages";
    import_keep: "Questions à garder", "Questions to keep";
    import_row: "ligne", "row";
    import_form_level: "formulaire", "form";
    import_refused: "Lignes non reprises", "Rows not imported";
    import_warnings: "Points à relire", "Points to check";
    import_none_kept: "Cochez au moins une question.", "Tick at least one question.";
    import_too_many: "30 questions au plus : décochez-en.", "30 questions at most: untick some.";
    import_create: "Créer le brouillon", "Create the draft";
    question_hint: "Aide sous la question", "Hint under the question";
    languages_title: "Langues de l'enquête", "Survey languages";
    languages_hint: "Le français est la langue de l'enquête. Ajoutez les langues des habitant·es : le ou la volontaire choisit la langue de chaque entretien ; un texte non traduit s'affiche en français.", "French is the survey's language. Add the residents' languages: the volunteer picks each interview's language; an untranslated text shows in French.";
    language_add_label: "Code de la langue (ar, tr, pt-BR…)", "Language code (ar, tr, pt-BR…)";
    language_add: "Ajouter la langue", "Add the language";
    language_invalid: "Code de langue inconnu, déjà là, ou plus de 10 langues.", "Unknown language code, already there, or more than 10 languages.";
    language_remove: "Retirer cette langue", "Remove this language";
    translations_missing: "textes à traduire", "texts to translate";
    translations_file_label: "Importer des traductions (fichier XLSForm : .xlsx, .xls ou .csv)", "Import translations (XLSForm file: .xlsx, .xls or .csv)";
    translations_file_hint: "Exportez l'enquête en XLSForm, faites remplir les colonnes label::<langue>, puis lisez le fichier ici. Seules les traductions sont reprises, par code de question et de choix ; une case vide n'efface rien. Enregistrez ensuite le brouillon.", "Export the survey as an XLSForm, have the label::<language> columns filled in, then read the file here. Only the translations are taken, by question and choice code; an empty cell erases nothing. Then save the draft.";
    translations_file_read: "Lire les traductions", "Read the translations";
    translations_taken: "textes traduits repris", "translated texts taken";
    translations_none: "Aucune traduction dans ce fichier (seulement le français).", "No translation in this file (French only).";
    translations_unknown_questions: "Questions absentes de l'enquête, ignorées :", "Questions not in the survey, ignored:";
    translations_unknown_options: "Choix absents de l'enquête, ignorés :", "Choices not in the survey, ignored:";
    translations_dropped: "Langues non ajoutées (10 au plus) :", "Languages not added (10 at most):";
    export_xlsform: "Télécharger en XLSForm (ODK, Kobo)", "Download as XLSForm (ODK, Kobo)";
    xlsform_downloaded: "Brouillon enregistré téléchargé en XLSForm.", "Saved draft downloaded as XLSForm.";
    required: "Obligatoire", "Required";
    option: "Choix", "Option";
    label_word: "Libellé", "Label";
    qr_of: "QR code du lien :", "QR code of the link:";
    add_option: "Ajouter un choix", "Add an option";
    remove_option: "Retirer le choix", "Remove option";
    max_choices: "Nombre de choix au plus", "Most choices allowed";
    max_chars: "Nombre de caractères au plus", "Most characters allowed";
    min: "Minimum", "Minimum";
    max: "Maximum", "Maximum";
    integer: "Nombre entier", "Whole number";
    show_if: "Afficher si", "Show if";
    always_shown: "toujours affichée", "always shown";
    richer_condition: "une condition combinée (ci-dessous)", "a combined condition (below)";
    remove_condition: "Retirer la condition", "Remove the condition";
    show_if_answer: "la réponse est l'une de :", "the answer is one of:";
    show_if_none: "la réponse n'est aucune de :", "the answer is none of:";
    rule_test: "Test", "Test";
    rule_and_if: "et si", "and if";
    rule_or_if: "ou si", "or if";
    rule_join: "La question s'affiche si", "The question is shown when";
    rule_join_all: "toutes ces règles sont vraies", "all these rules hold";
    rule_join_any: "au moins une de ces règles est vraie", "at least one of these rules holds";
    add_rule: "Ajouter une règle", "Add a rule";
    remove_rule: "Retirer cette règle", "Remove this rule";
    rule_at_least: "au moins", "at least";
    rule_at_most: "au plus", "at most";
    move_up: "Monter", "Move up";
    move_down: "Descendre", "Move down";
    remove_question: "Supprimer la question", "Delete the question";
    checks: "Vérifications", "Checks";
    survey_valid: "L'enquête peut être publiée.", "The survey can be published.";
    save_draft: "Enregistrer le brouillon", "Save the draft";
    publish: "Publier une nouvelle version", "Publish a new version";
    open_survey: "Ouvrir", "Open";
    close_survey: "Fermer", "Close";
    publish_hint: "Publier fige le brouillon en une version que les téléphones reçoivent ; les réponses déjà recueillies gardent la leur.", "Publishing freezes the draft as a version phones receive; answers already collected keep theirs.";
    assign_quartiers: "Quartiers où l'enquête est menée", "Quartiers where the survey runs";
    save_quartiers: "Enregistrer les quartiers", "Save the quartiers";
    draft_saved: "Brouillon enregistré.", "Draft saved.";
    published_version: "Publiée : version", "Published: version";
    survey_opened: "Enquête ouverte : les téléphones la reçoivent à la prochaine synchronisation.", "Survey open: phones get it at their next sync.";
    survey_closed: "Enquête fermée.", "Survey closed.";
    quartiers_saved: "Quartiers enregistrés.", "Quartiers saved.";
    preview: "Aperçu sur téléphone", "Phone preview";
    preview_hint: "Exactement l'écran du volontaire : règles d'affichage et réponses obligatoires comprises. Rien n'est enregistré.", "Exactly the volunteer's screen, display rules and required answers included. Nothing is saved.";
    show_preview: "Voir l'aperçu", "Show the preview";
    refresh_preview: "Actualiser l'aperçu", "Refresh the preview";
    // review
    review_pending: "À relire", "To review";
    review_approved: "Approuvée", "Approved";
    review_rejected: "Rejetée", "Rejected";
    review_needs_correction: "À corriger", "To correct";
    sensitive: "Sensible", "Sensitive";
    sensitive_only: "Seulement les paroles signalées sensibles", "Only testimonies flagged sensitive";
    review_keys: "Clavier : j / k (ou ↓ / ↑) pour passer d'une parole à l'autre, a pour approuver, r pour écrire la raison d'un rejet, c pour écrire le message « à corriger » (puis Entrée pour envoyer), e pour modifier le texte anonymisé, Échap pour sortir d'un champ.", "Keyboard: j / k (or ↓ / ↑) to move, a to approve, r to write a rejection's reason, c to write the \"to correct\" message (then Enter to send), e to edit the redacted text, Esc to leave a field.";
    review_list: "Paroles", "Testimonies";
    review_detail: "Parole sélectionnée", "Selected testimony";
    review_empty: "Rien à relire avec ces filtres.", "Nothing to review with these filters.";
    testimony: "Parole d'habitant·e", "Resident's words";
    captured: "Recueillie le", "Captured";
    consent: "Accord", "Consent";
    age_band: "Tranche d'âge", "Age band";
    last_message: "Dernier message :", "Last message:";
    sensitive_warning: "Ce texte peut révéler une donnée sensible (santé, religion, origine, opinion…).", "This text may reveal sensitive data (health, religion, origin, opinion…).";
    analysis_failed: "L'analyse automatique a échoué sur ce texte : aucun thème n'est proposé et le texte anonymisé est à écrire. Lisez l'original, choisissez les thèmes et rédigez le texte anonymisé avant d'approuver.", "The automatic analysis failed on this text: no theme is suggested and the redacted text is still to write. Read the original, pick the themes and write the redacted text before approving.";
    confirm_sensitive: "J'ai vérifié : il peut être montré au conseil", "I checked: it may be shown to the council";
    confirm_sensitive_first: "Cochez d'abord la vérification de la donnée sensible.", "First tick the sensitive-data check.";
    original_text: "Texte original (coordination seulement)", "Original text (coordinators only)";
    redacted_text: "Texte anonymisé (vu par le conseil)", "Redacted text (what the council sees)";
    redacted_hint: "Les données personnelles repérées sont remplacées ; corrigez si besoin avant d'approuver.", "Personal data found is replaced; fix it if needed before approving.";
    source_volunteer: "choisi par le volontaire", "picked by the volunteer";
    source_suggested: "suggéré, mots", "suggested, words";
    source_coordinator: "confirmé", "confirmed";
    approve: "Approuver (a)", "Approve (a)";
    reject_reason: "Raison du rejet (r)", "Reason for rejection (r)";
    reject: "Rejeter", "Reject";
    correction_message: "Message au volontaire (c)", "Message to the volunteer (c)";
    send_back: "Renvoyer « à corriger »", "Send back \"to correct\"";
    reopen: "Remettre à relire", "Back to review";
    keep_edits: "Enregistrer thèmes et texte sans décider", "Save themes and text without deciding";
    reason_required: "Indiquez la raison du rejet.", "Give the reason for rejecting.";
    message_required: "Écrivez le message pour le volontaire.", "Write the message for the volunteer.";
    // codebook
    codebook_hint: "Les mots-clés font suggérer un thème ; séparez-les par des virgules. Un thème retiré reste sur les anciennes paroles.", "Keywords make a theme suggested; separate them with commas. A retired theme stays on old testimonies.";
    keywords: "Mots-clés", "Keywords";
    keywords_hint: "Séparés par des virgules.", "Separated by commas.";
    related_words: "Mots associés (synonymes, argot…)", "Related words (synonyms, slang…)";
    retire: "Retiré (plus suggéré)", "Retired (no longer suggested)";
    retired: "retiré", "retired";
    add_theme: "Ajouter un thème", "Add a theme";
    theme_added: "Thème ajouté :", "Theme added:";
    theme_saved: "Thème enregistré :", "Theme saved:";
    reanalyse: "Relancer l'analyse des paroles en attente", "Analyse pending testimonies again";
    reanalysing: "Analyse en cours…", "Analysing…";
    analysed: "paroles analysées", "testimonies analysed";
    changed: "modifiées", "changed";
    proposals: "Mots-clés proposés", "Proposed keywords";
    proposals_hint: "Des mots à côté desquels vous avez ajouté vous-même un thème que l'analyse n'avait pas vu, au moins 3 fois.", "Words beside which you added a theme yourself that the analysis had missed, at least 3 times.";
    no_proposals: "Aucune proposition pour l'instant.", "No proposal for now.";
    proposals_failed: "Les mots-clés proposés n'ont pas pu être chargés", "The proposed keywords could not be loaded";
    added_times: "fois", "times";
    accept_keyword: "Ajouter au thème", "Add to the theme";
    keyword_added: "Mot-clé ajouté :", "Keyword added:";
    // follow-up
    per_volunteer: "Par volontaire et quartier", "Per volunteer and quartier";
    outings: "Sorties", "Outings";
    duration: "Durée", "Duration";
    last_outing: "Dernière sortie", "Last outing";
    started: "Début", "Start";
    in_progress: "en cours", "in progress";
    // compare
    compare_what: "Comparer", "Compare";
    one_theme: "un thème, mois par mois", "one theme, month by month";
    one_question: "une question d'enquête", "one survey question";
    quartiers_all_if_none: "Quartiers (tous si aucun n'est coché)", "Quartiers (all when none is ticked)";
    exact_figures: "Chiffres exacts (coordination seulement, pas pour publication)", "Exact figures (coordinators only, not for publication)";
    compare: "Comparer", "Compare";
    pick_theme: "Choisissez un thème.", "Choose a theme.";
    pick_question: "Choisissez une enquête et une question.", "Choose a survey and a question.";
    raw_warning: "Chiffres exacts : ne pas diffuser (petits effectifs non masqués).", "Exact figures: do not publish (small counts not hidden).";
    total_per_quartier: "Paroles approuvées par quartier sur la période", "Approved testimonies per quartier over the period";
    all_quartiers: "Tous quartiers", "All quartiers";
    multiple_note: "Plusieurs réponses possibles : les pourcentages ne font pas 100.", "Several answers allowed: percentages do not add up to 100.";
    // exports
    exports_hint: "Chaque export est inscrit au journal d'audit.", "Every export is written to the audit log.";
    pick_survey: "Choisissez une enquête.", "Choose a survey.";
    export_responses: "Réponses d'une enquête", "Survey responses";
    export_responses_hint: "Une ligne par réponse, une colonne par question, avec la version de l'enquête.", "One row per response, one column per question, with the survey version.";
    export_testimonies: "Paroles", "Testimonies";
    all_statuses: "Toutes les paroles, pas seulement les approuvées", "All testimonies, not only approved ones";
    export_outings: "Sorties", "Outings";
    export_codebook: "Grille de codes (questions, choix, thèmes)", "Codebook (questions, options, themes)";
    downloading: "Préparation du fichier…", "Preparing the file…";
    download_started: "Téléchargement lancé : le fichier arrive dans les téléchargements du navigateur.", "Download started: the file is arriving in the browser's downloads.";
    export_cells: "Dans les cellules", "In the cells";
    export_labels: "Libellés (Bellevue, À pied, 40 à 59 ans)", "Labels (Bellevue, À pied, 40 à 59 ans)";
    export_codes: "Codes (bellevue, pied, 40_59)", "Codes (bellevue, pied, 40_59)";
    // accounts
    name: "Nom", "Name";
    role: "Rôle", "Role";
    council: "Conseil citoyen", "Citizen council";
    expires: "Fin de validité", "Expires";
    active: "actif", "active";
    expired: "expiré", "expired";
    disabled: "désactivé", "disabled";
    enable: "Réactiver", "Enable";
    disable: "Désactiver", "Disable";
    enrol_phone: "Enrôler un téléphone", "Enrol a phone";
    enrolment_for: "Code d'enrôlement pour", "Enrolment code for";
    enrolment_hint: "Sur le téléphone du ou de la volontaire : viser le QR code avec l'appareil photo, ouvrir le lien, ou taper le code dans l'application (code à usage unique).", "On the volunteer's phone: point the camera at the QR code, open the link, or type the code in the app (one-time code).";
    role_admin: "Administration", "Administrator";
    role_coordinator: "Coordination", "Coordinator";
    role_volunteer: "Volontaire", "Volunteer";
    role_council: "Conseiller·e citoyen·ne", "Council member";
    new_account: "Nouveau compte", "New account";
    create_account: "Créer le compte", "Create the account";
    account_created: "Compte créé :", "Account created:";
    devices: "Téléphones", "Phones";
    device: "Téléphone", "Phone";
    created: "Créé le", "Created";
    last_seen: "Vu le", "Last seen";
    revoked: "révoqué", "revoked";
    revoke: "Révoquer", "Revoke";
    // emerging topics and erasure
    emerging: "Sujets émergents", "Emerging topics";
    emerging_hint: "Mots et expressions plus fréquents ce mois-ci qu'avant et qu'aucun thème ne couvre : à ajouter à la grille ?", "Words and phrases more frequent this month than before that no theme covers: add them to the codebook?";
    no_emerging: "Rien de nouveau ce mois-ci.", "Nothing new this month.";
    texts_this_period: "paroles ce mois-ci", "testimonies this month";
    texts_before: "le mois précédent", "the month before";
    erasure: "Effacer avec un code reçu", "Erase with a receipt code";
    erasure_hint: "Le code remis à la personne retrouve ses réponses et paroles ; l'effacement met à jour tous les comptes et est inscrit au journal.", "The code given to the person finds their answers and words; erasure updates every count and is logged.";
    receipt_code: "Code reçu", "Receipt code";
    find: "Chercher", "Find";
    erase_all: "Tout effacer", "Erase everything";
    responses_erased: "Réponses effacées :", "Responses erased:";
    testimonies_erased: "paroles effacées :", "testimonies erased:";
    // quartiers and councils
    saved: "Enregistré :", "Saved:";
    slug: "Identifiant (minuscules, tirets)", "Identifier (lowercase, dashes)";
    official_code: "Code officiel (QP… / QN…)", "Official code (QP… / QN…)";
    communes: "Communes (séparées par des virgules)", "Communes (comma-separated)";
    add_quartier: "Ajouter un quartier", "Add a quartier";
    merge_quartiers: "Fusionner deux quartiers", "Merge two quartiers";
    merge_hint: "Tout ce qui relève du premier (réponses, paroles, enquêtes, conseils) passe au second ; le premier disparaît.", "Everything of the first (answers, testimonies, surveys, councils) moves to the second; the first disappears.";
    merge_from: "Quartier qui disparaît", "Quartier that disappears";
    merge_into: "Quartier qui reste", "Quartier that stays";
    merge: "Fusionner", "Merge";
    merged_into: "Fusionné dans", "Merged into";
    councils: "Conseils citoyens", "Citizen councils";
    add_council: "Ajouter un conseil citoyen", "Add a citizen council";
    // publications
    publications_title: "Publier aux conseils citoyens", "Publish to citizen councils";
    publications_intro: "Les conseils ne lisent que ce qui leur a été publié, à une date. Pour qu'on ne puisse pas deviner la réponse d'une personne en comparant deux publications, une nouvelle publication des mêmes chiffres attend qu'au moins 11 personnes de plus aient été comptées.", "Councils read only what was published to them, on a date. So that nobody can work out one person's answer by comparing two publications, a new publication of the same figures waits until at least 11 more people have been counted.";
    publications_council: "Conseil citoyen", "Citizen council";
    publications_failed: "Les publications n'ont pas pu être chargées", "The publications could not be loaded";
    publications_none: "Aucune enquête ni parole dans les quartiers de ce conseil.", "No survey or testimony in this council's quartiers.";
    col_figures: "Chiffres", "Figures";
    col_last_publication: "Dernière publication", "Last publication";
    col_counted_now: "Personnes comptées aujourd'hui", "People counted today";
    themes_figures: "Thèmes des paroles approuvées", "Themes of approved testimonies";
    publish_now: "Publier", "Publish";
    publish_again: "Publier à nouveau", "Publish again";
    publish_wait: "personnes de plus avant la prochaine publication", "more people before the next publication";
    publish_wait_one: "1 personne de plus avant la prochaine publication", "1 more person before the next publication";
    published_done: "Publié pour le conseil :", "Published to the council:";
    people_counted: "personnes", "people";
    published_on: "Publié le", "Published on";
    themes_not_published: "La coordination n'a pas encore publié les thèmes de ce quartier.", "The coordination has not published this quartier's themes yet.";
    // council answers
    answers_title: "Ce que le conseil répond aux habitant·es", "What the council answers residents";
    answers_intro: "Pour chaque thème, dites ce que le conseil répond et ce qui a changé. La coordination relit votre réponse, puis elle paraît sur la page publique du quartier.", "For each theme, say what the council answers and what has changed. The coordination reads your answer, then it appears on the quartier's public page.";
    poster_link: "L'affiche à imprimer (A4, avec un QR code)", "The poster to print (A4, with a QR code)";
    public_page_link: "Voir la page publique du quartier", "See the quartier's public page";
    answers_failed: "Les réponses du conseil n'ont pas pu être chargées", "The council's answers could not be loaded";
    no_answers_yet: "Le conseil n'a pas encore répondu sur ce quartier.", "The council has not answered on this quartier yet.";
    answer_theme: "Thème", "Theme";
    answer_text: "Le conseil répond…", "The council answers…";
    answer_changed: "Ce qui a changé… (facultatif)", "What has changed… (optional)";
    answer_changed_short: "Ce qui a changé :", "What has changed:";
    answer_send: "Envoyer à la coordination", "Send to the coordination";
    answer_sent: "Envoyé : la coordination va relire votre réponse.", "Sent: the coordination will read your answer.";
    answer_submitted: "En attente de la coordination", "Waiting for the coordination";
    answer_approved: "Publiée sur la page du quartier", "Published on the quartier's page";
    answer_rejected: "Pas publiée", "Not published";
    pending_answers_title: "Réponses des conseils à publier", "Councils' answers to publish";
    answers_online_title: "En ligne sur les pages publiques", "Online on the public pages";
    withdraw_answer: "Retirer de la page publique", "Take off the public page";
    pending_answers_none: "Aucune réponse en attente.", "No answer waiting.";
    approve_answer: "Publier sur la page du quartier", "Publish on the quartier's page";
    reject_answer: "Ne pas publier", "Do not publish";
    // council
    preview_council: "Voir l'espace de quel conseil citoyen ?", "Preview which citizen council?";
    printable_report: "Rapport à imprimer", "Printable report";
    latest_surveys: "Dernières enquêtes", "Latest surveys";
    no_results_yet: "Pas encore de résultat d'enquête publié pour ce quartier.", "No survey results published for this quartier yet.";
    show_results: "Voir les résultats", "Show results";
    hide_results: "Masquer les résultats", "Hide results";
    not_publishable: "Moins de 11 personnes ont répondu : les résultats ne sont pas publiés, pour que personne ne puisse être reconnu.", "Fewer than 11 people answered: results are not published, so nobody can be recognised.";
    answered_count: "Ont répondu", "Answered";
    no_answer: "Sans réponse", "No answer";
    themes_over_time: "Thèmes au fil des mois (paroles approuvées)", "Themes month by month (approved testimonies)";
    themes_of_period: "Thèmes de la période", "Themes of the period";
    report_choice: "Choisir la période et les thèmes", "Choose the period and the themes";
    report_from: "Du mois de", "From";
    report_to: "Au mois de", "To";
    report_themes: "Thèmes (aucun coché : tous les thèmes, avec les paroles des 4 plus cités)", "Themes (none ticked: every theme, with quotes from the 4 most mentioned)";
    report_update: "Mettre à jour le rapport", "Update the report";
    report_period: "Période :", "Period:";
    no_themes_yet: "Pas encore de parole approuvée.", "No approved testimony yet.";
    see_table: "Voir le tableau des chiffres", "See the figures table";
    quotes: "Paroles d'habitant·es", "Residents' words";
    search_words: "Mots à chercher", "Words to find";
    search: "Chercher", "Search";
    no_quotes: "Aucune parole à montrer avec ces critères. Une parole n'est montrée que si la personne a accepté d'être citée et si au moins 11 paroles ont été approuvées dans le quartier ce mois-là : sinon on pourrait reconnaître qui l'a dite.", "No words to show with these criteria. Words are shown only when the person agreed to be quoted and at least 11 testimonies were approved in the quartier that month: otherwise someone could tell who said them.";
    more_quotes: "Plus de paroles", "More quotes";
    map_council: "Carte : un thème dans tous les quartiers", "Map: one theme in every quartier";
    map_failed: "La carte n'a pas pu être chargée", "The map could not be loaded";
    map_no_figure: "Pas de chiffre publié", "No published figure";
    map_figure: "Chiffre", "Figure";
    map_option: "Réponse à colorier", "Answer to colour by";
    map_of_theme: "Part des personnes qui en parlent, par quartier", "Share of people who mention it, per quartier";
    map_section: "Carte des quartiers (contours ou cases)", "Quartier map (outlines or squares)";
    map_upload: "Contours des quartiers (fichier GeoJSON)", "Quartier outlines (GeoJSON file)";
    map_upload_hint: "Chaque contour est rattaché au quartier dont le code officiel (par exemple QN04401M) est dans ses propriétés « official_code » ou « code_qp ». Sans contours, la carte montre une case par quartier.", "Each outline goes to the quartier whose official code (e.g. QN04401M) is in its \"official_code\" or \"code_qp\" property. Without outlines, the map shows one square per quartier.";
    map_send: "Envoyer les contours", "Upload outlines";
    map_clear: "Retirer tous les contours", "Remove all outlines";
    map_matched: "Contours enregistrés", "Outlines stored";
    map_unmatched: "Contours non retenus", "Outlines not used";
    map_missing: "Quartiers encore sans contour", "Quartiers still without an outline";
    map_feature: "Élément", "Feature";
    map_tiles: "Cases de la carte sans contours", "Squares of the map without outlines";
    map_col: "Colonne", "Column";
    map_row: "Ligne", "Row";
    map_place: "Placer", "Place";
    map_placed: "Case enregistrée.", "Square saved.";
    map_cleared: "Contours retirés : la carte montre des cases.", "Outlines removed: the map shows squares.";
    map_file_too_large: "Ce fichier dépasse 5 Mo : simplifiez-le (par exemple avec mapshaper) avant de l'envoyer.", "This file is over 5 MB: simplify it (for example with mapshaper) before uploading it.";
    map_pick_file: "Choisissez un fichier GeoJSON.", "Choose a GeoJSON file.";
    map_not_json: "Ce fichier n'est pas du JSON lisible.", "This file is not readable JSON.";
    small_cell: "Moins de 11 personnes : chiffre masqué", "Fewer than 11 people: figure hidden";
    every_month_hidden: "Moins de 11 paroles chaque mois (chiffres du mois non montrés), avec le total de la période :", "Fewer than 11 testimonies every month (monthly figures not shown), with the period's total:";
    secondary_cell: "Masqué pour que les totaux ne révèlent pas un petit chiffre", "Hidden so totals cannot reveal a small figure";
    suppression_legend: "« < 11 » : moins de 11 personnes, le chiffre n'est pas montré pour que personne ne soit reconnu. « s » : ce chiffre est caché aussi, sinon on pourrait le retrouver en faisant une soustraction à partir du total.", "\"< 11\": fewer than 11 people, the figure is not shown so that nobody is recognised. \"s\": this figure is hidden too, or it could be worked out by a subtraction from the total.";
    print: "Imprimer", "Print";
    report_kicker: "Rapport pour le conseil citoyen", "Report for the citizen council";
    generated: "Établi le", "Generated";
    report_footer: "Porte-Voix — paroles approuvées et anonymisées ; chiffres fondés sur moins de 11 personnes masqués.", "Porte-Voix — approved, redacted words; figures based on fewer than 11 people hidden.";
}

const MONTHS_EN: [&str; 12] = [
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
const MONTHS_SHORT_FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const MONTHS_SHORT_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A month as people write it: `2026-12` → `décembre 2026` / `December 2026`.
pub fn month_words(lang: Lang, month: Month) -> String {
    let names = match lang {
        Lang::Fr => &portevoix_domain::month::MONTHS_FR,
        Lang::En => &MONTHS_EN,
    };
    in_words(names, month)
}

/// The short form, for table headings: `déc. 2026` / `Dec 2026`.
pub fn month_short(lang: Lang, month: Month) -> String {
    let names = match lang {
        Lang::Fr => &MONTHS_SHORT_FR,
        Lang::En => &MONTHS_SHORT_EN,
    };
    in_words(names, month)
}

fn in_words(names: &[&str; 12], month: Month) -> String {
    names
        .get(usize::from(month.month()).saturating_sub(1))
        .map_or_else(
            || month.to_string(),
            |name| format!("{name} {}", month.year()),
        )
}
