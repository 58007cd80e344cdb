#!/usr/bin/env python3
"""Structural checks of the form sheets and the hand-written test cases.

    python3 assets/src/forms/check_forms.py

Checks, without evaluating any expression (scores are the engine's job, and
the expected values in the cases are worked out by hand):
- every CSV parses as RFC 4180 UTF-8 with the same number of cells per row;
- survey names are unique, every ${ref} names a survey row, every
  select_one/select_multiple list exists in the choices sheet;
- every media::audio file named exists in assets/pack/audio/;
- settings has exactly one row with the expected columns;
- every tests/survey/cases/<form>.csv row names only survey fields, gives
  only valid choice values, and its expected list names every calculate of
  the form exactly once (and nothing else); at least 10 cases per form.
Exits 1 with a message per problem.
"""
import csv
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
FORMS = os.path.join(ROOT, "assets", "pack", "forms")
AUDIO = os.path.join(ROOT, "assets", "pack", "audio")
CASES = os.path.join(ROOT, "tests", "survey", "cases")
SETTINGS = ["form_id", "version", "form_title", "default_language",
            "attribution", "licence", "translation_status"]

problems = []


def bad(msg):
    problems.append(msg)


def load(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, strict=True))
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        bad("%s: rows have different cell counts %s" % (path, widths))
    return rows


def as_dicts(rows):
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:]]


def check_form(fid):
    base = os.path.join(FORMS, fid)
    survey = as_dicts(load(base + ".survey.csv"))
    choices = as_dicts(load(base + ".choices.csv"))
    settings = as_dicts(load(base + ".settings.csv"))
    if len(settings) != 1 or list(settings[0]) != SETTINGS:
        bad("%s.settings.csv: want one row with columns %s" % (fid, SETTINGS))
    elif settings[0]["form_id"] != fid:
        bad("%s.settings.csv: form_id is %s" % (fid, settings[0]["form_id"]))

    lists = {}
    for c in choices:
        lists.setdefault(c["list_name"], []).append(c["name"])
    names, types, calcs = [], {}, []
    for r in survey:
        if r["name"]:
            names.append(r["name"])
            types[r["name"]] = r["type"]
        if r["type"] == "calculate":
            calcs.append(r["name"])
    for n in set(names):
        if names.count(n) > 1:
            bad("%s: duplicate name %s" % (fid, n))
    for r in survey + choices:
        for col, val in r.items():
            for ref in re.findall(r"\$\{([^}]*)\}", val or ""):
                if ref not in types:
                    bad("%s: %s refers to unknown ${%s}" % (fid, col, ref))
            if col.startswith("media::audio") and val and not \
                    os.path.exists(os.path.join(AUDIO, val)):
                bad("%s: missing audio file %s" % (fid, val))
    for n, t in types.items():
        parts = t.split()
        if parts[0] in ("select_one", "select_multiple") and \
                (len(parts) != 2 or parts[1] not in lists):
            bad("%s: %s has unknown list in '%s'" % (fid, n, t))
    return types, lists, calcs


def split_pairs(text, where):
    out = []
    for item in text.split(";") if text else []:
        if "=" not in item:
            bad("%s: '%s' is not name=value" % (where, item))
            continue
        k, v = item.split("=", 1)
        out.append((k, v))
    return out


def check_cases(fid, types, lists, calcs):
    path = os.path.join(CASES, fid + ".csv")
    if not os.path.exists(path):
        bad("%s: no test cases" % fid)
        return
    rows = load(path)
    if rows[0] != ["case", "answers", "expected"]:
        bad("%s: header must be case,answers,expected" % path)
    if len(rows) - 1 < 10:
        bad("%s: only %d cases" % (path, len(rows) - 1))
    for i, (case, answers, expected) in enumerate(rows[1:], start=2):
        where = "%s row %d" % (os.path.basename(path), i)
        for k, v in split_pairs(answers, where):
            t = types.get(k)
            if t is None or t == "calculate":
                bad("%s: %s is not a question" % (where, k))
                continue
            parts = t.split()
            if parts[0] == "select_one" and v not in lists[parts[1]]:
                bad("%s: %s=%s is not in list %s" % (where, k, v, parts[1]))
            if parts[0] == "select_multiple":
                for x in v.split():
                    if x not in lists[parts[1]]:
                        bad("%s: %s has %s, not in %s" % (where, k, x,
                                                         parts[1]))
            if parts[0] == "integer" and not re.fullmatch(r"-?\d+", v):
                bad("%s: %s=%s is not an integer" % (where, k, v))
        keys = [k for k, _ in split_pairs(expected, where)]
        if keys != calcs:
            bad("%s: expected must list the calculates %s in form order, "
                "got %s" % (where, calcs, keys))


def main():
    ids = sorted(os.path.basename(p)[:-len(".survey.csv")]
                 for p in glob.glob(os.path.join(FORMS, "*.survey.csv")))
    for fid in ids:
        types, lists, calcs = check_form(fid)
        check_cases(fid, types, lists, calcs)
    total = sum(os.path.getsize(p)
                for p in glob.glob(os.path.join(AUDIO, "form-*.ogg")))
    print("forms: %s; form narration %.2f MB" % (" ".join(ids), total / 1e6))
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
