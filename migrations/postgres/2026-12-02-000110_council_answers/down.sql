DROP TABLE council_answers;
