DROP TABLE theme_evidence;
