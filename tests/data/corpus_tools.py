#!/usr/bin/env python3
"""Tools of the blind corpus protocol (tests/data/CORPUS.md).

    corpus_tools.py strip DIR wNN      checks DIR/wNN.jsonl (the writer's file) and writes
                                       DIR/wNN.text.jsonl ({id, quartier, text}) for the labeller
    corpus_tools.py merge OUT DIR wNN… joins each writer's file with DIR/wNN.labels.jsonl (the
                                       labeller's) into OUT, the format of testimonies.*.jsonl

Any failed check stops with a message and a non-zero exit.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
CATEGORIES = {"health", "origin", "religion", "orientation", "political_opinion",
              "union_membership", "offences", "disability"}


def read(path):
    return [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]


def codes():
    lines = (ROOT / "domain/fixtures/themes.fr.csv").read_text(encoding="utf-8").splitlines()
    return {line.split(";")[0] for line in lines[1:] if line}


def strip(directory, writer):
    rows = read(directory / f"{writer}.jsonl")
    if len(rows) != 200:
        sys.exit(f"{writer}: {len(rows)} lines, 200 expected")
    ids = set()
    for row in rows:
        if set(row) != {"id", "quartier", "text", "pii"}:
            sys.exit(f"{writer}: keys {sorted(row)}")
        if row["id"] in ids:
            sys.exit(f"{writer}: {row['id']} twice")
        ids.add(row["id"])
        for span in row["pii"]:
            if span["text"] not in row["text"]:
                sys.exit(f"{row['id']}: {span['text']!r} is not in the text")
    with open(directory / f"{writer}.text.jsonl", "w", encoding="utf-8") as out:
        for row in rows:
            keep = {"id": row["id"], "quartier": row["quartier"], "text": row["text"]}
            out.write(json.dumps(keep, ensure_ascii=False) + "\n")
    print(writer, "ok,", sum(1 for r in rows if r["pii"]), "with personal data")


def merge(out_path, directory, writers):
    known = codes()
    out = []
    for writer in writers:
        texts = read(directory / f"{writer}.jsonl")
        labels = read(directory / f"{writer}.labels.jsonl")
        if [r["id"] for r in texts] != [r["id"] for r in labels]:
            sys.exit(f"{writer}: the labels' ids are not the texts'")
        for row, label in zip(texts, labels):
            if not set(label["themes"]) <= known or len(label["themes"]) > 3:
                sys.exit(f"{row['id']}: themes {label['themes']}")
            if not set(label["sensitive_categories"]) <= CATEGORIES:
                sys.exit(f"{row['id']}: categories {label['sensitive_categories']}")
            if label["sensitive"] != bool(label["sensitive_categories"]):
                sys.exit(f"{row['id']}: sensitive does not match its categories")
            out.append({"id": row["id"], "quartier": row["quartier"], "text": row["text"],
                        "themes": label["themes"], "pii": row["pii"],
                        "sensitive": label["sensitive"],
                        "sensitive_categories": label["sensitive_categories"]})
    with open(out_path, "w", encoding="utf-8") as f:
        for row in out:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(len(out), "items ->", out_path)


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "strip":
        strip(pathlib.Path(args[1]), args[2])
    elif len(args) >= 4 and args[0] == "merge":
        merge(pathlib.Path(args[1]), pathlib.Path(args[2]), args[3:])
    else:
        sys.exit(__doc__)
