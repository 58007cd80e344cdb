#!/usr/bin/env python3
"""Writes the two workbooks the USB-stick import tests use, as a
spreadsheet program saves an XLSForm (a zip of XML parts, inline strings),
with Python's zipfile only:

  sleep.xlsx   a small questionnaire that loads: form_id sleep_week, three
               questions, no declared measures (counted only as "a
               screening of sleep_week", its answers sealed)
  broken.xlsx  one that does not: a select_one of a list the choices sheet
               lacks (survey row 3), a `text` question (row 4: a visitor
               never types), a constraint that does not parse (row 5),
               then a place, a photo, a barcode and a repeat (rows 6-9),
               all refused: more problems than one screen shows

The questions are plain wording written for these tests, not an
instrument. Run from anywhere:

    python3 tests/survey/xlsx/make_import.py
"""
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
L = ["label::Tiếng Việt (vi)", "label::English (en)"]

SLEEP = {
    "survey": [
        ["type", "name"] + L + ["required"],
        ["note", "intro",
         "Ba câu hỏi ngắn về giấc ngủ của bạn trong tuần qua. Không hỏi tên.",
         "Three short questions about your sleep this past week. No names.",
         ""],
        ["select_one often", "late", "Bạn có thức quá khuya không?",
         "Did you stay up very late?", "yes"],
        ["select_one often", "tired", "Bạn có thấy mệt khi thức dậy không?",
         "Did you feel tired when you woke up?", "yes"],
        ["select_one often", "phone",
         "Bạn có dùng điện thoại trên giường không?",
         "Did you use your phone in bed?", "yes"],
        ["note", "thanks", "Cảm ơn bạn.", "Thank you.", ""],
    ],
    "choices": [
        ["list_name", "name"] + L,
        ["often", "never", "Không lần nào", "Never"],
        ["often", "some", "Vài lần", "Some days"],
        ["often", "most", "Hầu hết các ngày", "Most days"],
    ],
    "settings": [
        ["form_id", "version", "form_title", "default_language"],
        ["sleep_week", "2026120301",
         "Giấc ngủ tuần qua / Sleep this past week", "Tiếng Việt (vi)"],
    ],
}

BROKEN = {
    "survey": [
        ["type", "name"] + L + ["constraint"],
        ["note", "intro", "Thử nghiệm", "A test", ""],
        ["select_one nolist", "q1", "Câu 1", "Question 1", ""],
        ["text", "q2", "Tên bạn", "Your name", ""],
        ["integer", "q3", "Câu 3", "Question 3", ". >= (1"],
        ["geopoint", "where", "Bạn ở đâu", "Where are you", ""],
        ["image", "photo", "Ảnh", "A photo", ""],
        ["barcode", "card", "Thẻ", "Your card", ""],
        ["begin_repeat", "rep", "Lặp", "Repeat", ""],
        ["integer", "q4", "Câu 4", "Question 4", ""],
        ["end_repeat", "", "", "", ""],
    ],
    "choices": [
        ["list_name", "name"] + L,
        ["yn", "yes", "Có", "Yes"],
    ],
    "settings": [
        ["form_id", "version", "form_title"],
        ["broken_test", "1", "Hỏng / Broken"],
    ],
}


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_xml(rows):
    out = []
    for r, row in enumerate(rows, 1):
        cells = "".join(
            '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>'
            % (col_name(c), r, escape(v)) for c, v in enumerate(row) if v)
        out.append('<row r="%d">%s</row>' % (r, cells))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns='
            '"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData>%s</sheetData></worksheet>' % "".join(out))


NS = "http://schemas.openxmlformats.org"
REL = NS + "/officeDocument/2006/relationships"


def write_book(path, sheets):
    names = list(sheets)
    wb = ('<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="%s/'
          'spreadsheetml/2006/main" xmlns:r="%s"><sheets>%s</sheets>'
          '</workbook>' % (NS, REL, "".join(
              '<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, i, i)
              for i, n in enumerate(names, 1))))
    rels = ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns='
            '"%s/package/2006/relationships">%s</Relationships>' % (NS, "".join(
                '<Relationship Id="rId%d" Type="%s/worksheet" '
                'Target="worksheets/sheet%d.xml"/>' % (i, REL, i)
                for i in range(1, len(names) + 1))))
    types = ('<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="%s/'
             'package/2006/content-types"><Default Extension="rels" '
             'ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType='
             '"application/xml"/><Override PartName="/xl/workbook.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.'
             'spreadsheetml.sheet.main+xml"/></Types>' % NS)
    root = ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns='
            '"%s/package/2006/relationships"><Relationship Id="rId1" '
            'Type="%s/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>' % (NS, REL))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", types),
                           ("_rels/.rels", root), ("xl/workbook.xml", wb),
                           ("xl/_rels/workbook.xml.rels", rels)]:
            z.writestr(zipfile.ZipInfo(name, (2026, 12, 3, 0, 0, 0)), data)
        for i, n in enumerate(names, 1):
            z.writestr(zipfile.ZipInfo("xl/worksheets/sheet%d.xml" % i,
                                       (2026, 12, 3, 0, 0, 0)),
                       sheet_xml(sheets[n]))


if __name__ == "__main__":
    write_book(os.path.join(HERE, "sleep.xlsx"), SLEEP)
    write_book(os.path.join(HERE, "broken.xlsx"), BROKEN)
