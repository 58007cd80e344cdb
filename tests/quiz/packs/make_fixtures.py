#!/usr/bin/env python3
"""Writes the quiz fixture packs used by tests/quiz (the files are checked in;
run this again after changing it: python3 tests/quiz/packs/make_fixtures.py).

good/  two quizzes that load: 'demo' (vi, en and a draft km with gaps, an
       image, vi narration, an upper-case right letter, decomposed Unicode
       that must come out NFC) and 'two' (vi/en only, 2-answer questions).
bad/   one quiz per defect; each file has exactly ONE problem, and the test
       table in test_quiz_load.c names its file:row:col. Plus two folder
       problems: a settings file without a quiz, a badly named quiz file.
"""
import csv, os, shutil, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
VI, EN, KM = "Tiếng Việt (vi)", "English (en)", "ភាសាខ្មែរ (km)"

def write_csv(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)

def languages(pack):
    write_csv(f"{pack}/languages.csv", [
        ["code", "name", "name_en", "script", "status"],
        ["vi", "Tiếng Việt", "Vietnamese", "Latn", "reviewed"],
        ["en", "English", "English", "Latn", "reviewed"],
        ["km", "ភាសាខ្មែរ", "Khmer", "Khmr", "draft"]])

def settings(pack, qid, status=("reviewed", "reviewed"), level="lower_secondary",
             extra=None, quiz_id=None):
    hdr = ["quiz_id", f"title::{VI}", f"title::{EN}", "level",
           f"translation_status::{VI}", f"translation_status::{EN}"]
    row = [quiz_id or qid, f"Đố vui {qid}", f"Quiz {qid}", level, *status]
    rows = [hdr, row]
    if extra:
        extra(rows)
    write_csv(f"{pack}/quiz/{qid}.settings.csv", rows)

# Base layout of every bad quiz: columns 1..14 are
# id, question vi, question en, a vi, a en, b vi, b en, c vi, c en, right,
# explain vi, explain en, image, audio vi; rows 2..4 are q1..q3.
BASE_HDR = ["id", f"question::{VI}", f"question::{EN}", f"a::{VI}", f"a::{EN}",
            f"b::{VI}", f"b::{EN}", f"c::{VI}", f"c::{EN}", "right",
            f"explain::{VI}", f"explain::{EN}", "image", f"audio::{VI}"]

def base_rows():
    rows = [list(BASE_HDR)]
    for i in range(1, 4):
        rows.append([f"q{i}", f"Câu hỏi {i}?", f"Question {i}?",
                     "Có", "Yes", "Không", "No", "Không biết", "Don't know",
                     "a", f"Giải thích {i}.", f"Explanation {i}.", "", ""])
    return rows

def bad(qid, change, settings_kw=None):
    rows = base_rows()
    change(rows)
    write_csv(f"{BAD}/quiz/{qid}.csv", rows)
    settings(BAD, qid, **(settings_kw or {}))

def setcell(r, c, v):
    """1-based row and column, as the diagnostics name them."""
    def f(rows):
        rows[r - 1][c - 1] = v
    return f

def main():
    global BAD
    good = f"{HERE}/good"
    BAD = f"{HERE}/bad"
    for d in (good, BAD):
        shutil.rmtree(d, ignore_errors=True)
    languages(good)
    languages(BAD)

    # ---- good/demo ----
    os.makedirs(f"{good}/images")
    os.makedirs(f"{good}/audio")
    with open(f"{good}/images/quiz-demo.png", "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")  # only its existence is checked
    with open(f"{good}/audio/quiz-demo-q1-vi.ogg", "wb") as f:
        f.write(b"OggS")
    nfd = unicodedata.normalize("NFD", "Tiếng Việt có dấu")
    hdr = ["id", f"question::{VI}", f"question::{EN}", f"question::{KM}",
           f"a::{VI}", f"a::{EN}", f"a::{KM}", f"b::{VI}", f"b::{EN}", f"b::{KM}",
           f"c::{VI}", f"c::{EN}", f"d::{VI}", f"d::{EN}", "right",
           f"explain::{VI}", f"explain::{EN}", f"explain::{KM}", "image",
           f"audio::{VI}", "note"]
    write_csv(f"{good}/quiz/demo.csv", [
        hdr,
        ["q1", nfd + "?", "  With accents?  ", "សំណួរ ១?", "Đúng", "True", "ត្រូវ",
         "Sai", "False", "ខុស", "", "", "", "", "a", "Vì vậy.", "Because.", "ព្រោះ",
         "quiz-demo.png", "quiz-demo-q1-vi.ogg", "reviewer note"],
        [],
        ["q2", "Bốn đáp án?", "Four answers?", "", "Một", "One", "", "Hai", "Two",
         "", "Ba", "Three", "Bốn", "Four", "B", "Đáp án b.", "Answer b.", "",
         "", "", ""],
        ["q3", "Ba đáp án?", "Three answers?", "", "A", "A", "", "B", "B", "",
         "C", "C", "", "", " c ", "Đáp án c.", "Answer c.", "", "", "", ""],
        ["q4", "Câu bốn?", "Question four?", "", "X", "X", "", "Y", "Y", "",
         "", "", "", "", "a", "Đáp án a.", "Answer a.", "", "", "", ""],
    ])
    write_csv(f"{good}/quiz/demo.settings.csv", [
        ["quiz_id", f"title::{VI}", f"title::{EN}", f"title::{KM}", "level",
         f"translation_status::{VI}", f"translation_status::{EN}",
         f"translation_status::{KM}", "note"],
        ["demo", "Đố vui thử", "Demo quiz", "", "upper_secondary", "reviewed",
         "reviewed", "draft", "fixture"]])
    write_csv(f"{good}/quiz/two.csv", [
        ["id", f"question::{VI}", f"question::{EN}", f"a::{VI}", f"a::{EN}",
         f"b::{VI}", f"b::{EN}", "right", f"explain::{VI}", f"explain::{EN}"],
        ["t1", "Một?", "One?", "Có", "Yes", "Không", "No", "b", "Không.", "No."],
        ["t2", "Hai?", "Two?", "Có", "Yes", "Không", "No", "a", "Có.", "Yes."],
    ])
    settings(good, "two")
    with open(f"{good}/quiz/README.md", "w") as f:
        f.write("Not a quiz: ignored.\n")

    # ---- game/: 16 questions for the engine tests; question i has
    # 2 + i % 3 answers and its right answer is i % (2 + i % 3) ----
    game = f"{HERE}/game"
    shutil.rmtree(game, ignore_errors=True)
    hdr = ["id", f"question::{VI}", f"question::{EN}"]
    for L in "abcd":
        hdr += [f"{L}::{VI}", f"{L}::{EN}"]
    hdr += ["right", f"explain::{VI}", f"explain::{EN}"]
    rows = [hdr]
    for i in range(16):
        n = 2 + i % 3
        cells = [f"g{i:02d}", f"Câu {i}?", f"Question {i}?"]
        for k in range(4):
            cells += [f"Đáp án {k}", f"Answer {k}"] if k < n else ["", ""]
        cells += ["abcd"[i % n], f"Giải thích {i}.", f"Explanation {i}."]
        rows.append(cells)
    write_csv(f"{game}/quiz/game.csv", rows)
    settings(game, "game")

    # ---- bad: one defect each ----
    bad("two-right", setcell(3, 10, "a,b"))
    bad("no-right", setcell(3, 10, ""))
    bad("right-not-answer", setcell(4, 10, "d"))
    bad("right-not-letter", setcell(2, 10, "x"))
    def one_answer(rows):
        rows[2][5:9] = ["", "", "", ""]
    bad("one-answer", one_answer)
    def gap(rows):
        rows[3][5:7] = ["", ""]
    bad("answer-gap", gap)
    bad("unknown-column", lambda rows: [r.append("" if i else f"hint::{EN}")
                                        for i, r in enumerate(rows)])
    bad("duplicate-id", setcell(4, 1, "q1"))
    bad("bad-question-id", setcell(3, 1, "Q 2"))
    bad("missing-image", setcell(2, 13, "nope.png"))
    bad("missing-audio", setcell(4, 14, "nope-vi.ogg"))
    bad("image-path", setcell(2, 13, "../secret.png"))
    def km_reviewed(rows):
        # km complete except one cell (row 3, column 15), and not draft
        for f in ("question", "a", "b", "c", "explain"):
            rows[0].append(f"{f}::{KM}")
            for r in rows[1:]:
                r.append("ខ្មែរ")
        rows[2][14] = ""
    def km_settings(srows):
        srows[0] += [f"title::{KM}", f"translation_status::{KM}"]
        srows[1] += ["ខ្មែរ", "reviewed"]
    bad("incomplete-reviewed", km_reviewed, {"extra": km_settings})
    bad("unknown-language", lambda rows: [r.append("" if i else "question::Klingon (tlh)")
                                          for i, r in enumerate(rows)])
    bad("no-language-code", setcell(1, 12, "explain::English"))
    def drop_explain_en(rows):
        for r in rows:
            del r[11]
    bad("missing-column", drop_explain_en)
    def dup_col(rows):
        rows[0][13] = "right"
    bad("duplicate-column", dup_col)
    bad("no-vi-no-en", lambda rows: (setcell(3, 11, "")(rows), setcell(3, 12, "")(rows)))
    bad("too-long", setcell(2, 5, "y" * 91))
    bad("line-break", setcell(4, 3, "Two\nlines?"))
    bad("data-right-of-header", lambda rows: rows[2].append("stray"))
    bad("header-only", lambda rows: rows.__delitem__(slice(1, None)))
    bad("bad-level", lambda rows: None, {"level": "university"})
    bad("id-mismatch", lambda rows: None, {"quiz_id": "other"})
    bad("bad-status", lambda rows: None, {"status": ("reviewed", "done")})
    def self_check(srows):
        srows[0].append("self_check")
        srows[1].append("crafft")  # the bad pack has no forms/
    bad("no-self-check-form", lambda rows: None, {"extra": self_check})
    bad("two-settings-rows", lambda rows: None,
        {"extra": lambda srows: srows.append(list(srows[1]))})
    rows = base_rows()
    write_csv(f"{BAD}/quiz/no-settings.csv", rows)
    # folder-level problems
    settings(BAD, "orphan")
    write_csv(f"{BAD}/quiz/Bad Name.csv", base_rows())

main()
