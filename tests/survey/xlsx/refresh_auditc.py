#!/usr/bin/env python3
"""Rewrites the survey, choices and settings sheets of auditc.xlsx from the
pack's CSVs (assets/pack/forms/auditc.*.csv) after a change to the form,
keeping the rest of the workbook (styles, the extra "notes" sheet) as it
is: cells as inline strings, an empty cell kept as an empty inline string,
as openpyxl wrote the original. test_survey_xlsx.c then checks the import
gives the CSVs back byte for byte.

    python3 tests/survey/xlsx/refresh_auditc.py
"""
import csv
import os
import re
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")
BOOK = os.path.join(HERE, "auditc.xlsx")
SHEETS = {"xl/worksheets/sheet1.xml": "survey",
          "xl/worksheets/sheet2.xml": "choices",
          "xl/worksheets/sheet3.xml": "settings"}


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def xml_text(s):
    out = escape(s)
    return "".join(c if ord(c) < 128 else "&#%d;" % ord(c) for c in out)


def sheet_data(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    xml = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, v in enumerate(row):
            ref = "%s%d" % (col_name(c), r)
            if v:
                cells.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>'
                             % (ref, xml_text(v)))
            else:
                cells.append('<c r="%s" t="inlineStr"></c>' % ref)
        xml.append('<row r="%d">%s</row>' % (r, "".join(cells)))
    width = max(len(row) for row in rows)
    return "".join(xml), "A1:%s%d" % (col_name(width - 1), len(rows))


def main():
    with zipfile.ZipFile(BOOK) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(BOOK + ".tmp", "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            sheet = SHEETS.get(info.filename)
            if sheet:
                rows, dim = sheet_data(os.path.join(
                    ROOT, "assets", "pack", "forms", "auditc.%s.csv" % sheet))
                text = data.decode("utf-8")
                text = re.sub(r"<sheetData>.*</sheetData>",
                              lambda m: "<sheetData>%s</sheetData>" % rows,
                              text, flags=re.S)
                text = re.sub(r'<dimension ref="[^"]*"/>',
                              '<dimension ref="%s"/>' % dim, text)
                data = text.encode("utf-8")
            z.writestr(info, data)
    os.replace(BOOK + ".tmp", BOOK)


if __name__ == "__main__":
    main()
