-- English theme labels, for the phone's English interface (absent: the French label is shown).
ALTER TABLE themes ADD COLUMN label_en TEXT;

-- The default codebook's themes get theirs, unless a coordinator renamed them since.
UPDATE themes SET label_en = 'Housing' WHERE code = 'logement' AND label = 'Logement';
UPDATE themes SET label_en = 'Cleanliness and living environment' WHERE code = 'proprete_cadre_vie' AND label = 'Propreté et cadre de vie';
UPDATE themes SET label_en = 'Public peace and safety' WHERE code = 'tranquillite_securite' AND label = 'Tranquillité publique et sécurité';
UPDATE themes SET label_en = 'Transport and getting around' WHERE code = 'mobilite' AND label = 'Mobilités et déplacements';
UPDATE themes SET label_en = 'Jobs and integration into work' WHERE code = 'emploi_insertion' AND label = 'Emploi et insertion';
UPDATE themes SET label_en = 'Education and schooling' WHERE code = 'education' AND label = 'Éducation et scolarité';
UPDATE themes SET label_en = 'Young people' WHERE code = 'jeunesse' AND label = 'Jeunesse';
UPDATE themes SET label_en = 'Health and access to care' WHERE code = 'sante' AND label = 'Santé et accès aux soins';
UPDATE themes SET label_en = 'Access to rights and public services' WHERE code = 'acces_droits_services' AND label = 'Accès aux droits et services publics';
UPDATE themes SET label_en = 'Shops and cost of living' WHERE code = 'commerces_vie_chere' AND label = 'Commerces et coût de la vie';
UPDATE themes SET label_en = 'Community ties and living together' WHERE code = 'lien_social' AND label = 'Lien social et vivre-ensemble';
UPDATE themes SET label_en = 'Culture, sport and leisure' WHERE code = 'culture_sport' AND label = 'Culture, sport et loisirs';
UPDATE themes SET label_en = 'Ecological transition and energy' WHERE code = 'transition_ecologique' AND label = 'Transition écologique et énergie';
UPDATE themes SET label_en = 'Urban renewal and building works' WHERE code = 'renouvellement_urbain' AND label = 'Renouvellement urbain et travaux';
UPDATE themes SET label_en = 'Equality and discrimination' WHERE code = 'egalite_discriminations' AND label = 'Égalité et discriminations';
UPDATE themes SET label_en = 'Citizen participation' WHERE code = 'participation' AND label = 'Participation citoyenne';

-- Phones pull the themes changed after their cursor: the labelled ones count as changed.
UPDATE sync_counter SET value = value + 1 WHERE id = 1;
UPDATE themes SET seq = (SELECT value FROM sync_counter WHERE id = 1) WHERE label_en IS NOT NULL;
