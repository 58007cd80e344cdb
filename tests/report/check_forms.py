#!/usr/bin/env python3
"""Checks the record forms in assets/report/ and the submissions the kiosk
builds for them.

1. Each XForm (.xml) is well formed, has its primary instance <data> with
   the form id and version (the version also in src/report/report.h), a
   typed <bind> for every field and none for a field that does not exist,
   a body control for every field and a <repeat> for every repeat group,
   and meta/instanceID preloaded as a uid, as pyxform writes it.
2. Each XLSForm CSV (pyxform's one-file CSV layout: a row starting with a
   sheet name, then that sheet's header and rows with an empty first cell)
   describes the same fields, in the same order, with the same types, and
   its settings give the same form id and version.
3. Every instance the kiosk built (written by gen_instances, run here into
   a temporary directory: built, encrypted and decrypted with the
   province's key as a real record is) names one of the forms and its
   version and holds exactly the form's fields: every field once (each
   repeat's fields once per repeat), nothing the form does not declare,
   values of the declared type, an instanceID of the uuid: form.
4. The forms as `kiosk --report-forms` writes them for publishing (written
   by gen_instances with report_write_forms) are the templates with the
   province's public key in <submission base64RsaPublicKey> inside the
   model, and nothing else changed but the version.

Usage: check_forms.py [EMULATOR ...] GEN_INSTANCES_EXE   (from the
repository root; a cross build passes its emulator, e.g. qemu-aarch64)
Prints "N passed, N failed"; exit status 1 on any failure."""
import csv
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

XF = "{http://www.w3.org/2002/xforms}"
JR = "{http://openrosa.org/javarosa}"
FORMS = Path("assets/report")
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
XLS_TYPES = {"text": "string", "integer": "int", "decimal": "decimal",
             "dateTime": "dateTime", "date": "date"}
VALUE_RE = {
    "int": re.compile(r"^-?[0-9]+$"),
    "decimal": re.compile(r"^-?[0-9]+(\.[0-9]+)?$"),
    "date": re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    "dateTime": re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:"
                           r"[0-9]{2}(\.[0-9]+)?[+-][0-9]{2}:[0-9]{2}$"),
    "string": re.compile(r"^.*$", re.S),
}
UUID_RE = re.compile(r"^uuid:[0-9a-f]{8}-[0-9a-f]{4}-[48][0-9a-f]{3}-"
                     r"[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what, file=sys.stderr)
    return cond


def local(tag):
    return tag.rsplit("}", 1)[-1]


def header_version():
    text = Path("src/report/report.h").read_text()
    m = re.search(r'#define REPORT_FORMS_VERSION "([^"]+)"', text)
    return m.group(1) if m else None


class Form:
    """The fields of one XForm: path -> "leaf" / "repeat" / "group"."""

    def __init__(self, path):
        self.path = path
        root = ET.parse(path).getroot()     # raises if not well formed
        model = root.find(".//" + XF + "model")
        data = list(model.find(XF + "instance"))[0]
        self.root_tag = local(data.tag)
        self.id = data.get("id")
        self.version = data.get("version")
        self.fields = []                    # (path, kind) in order
        self._walk(data, "/" + self.root_tag)
        self.kinds = dict(self.fields)
        self.binds = {}
        for b in model.findall(XF + "bind"):
            self.binds[b.get("nodeset")] = b
        sub = model.find(XF + "submission")
        self.public_key = sub.get("base64RsaPublicKey") \
            if sub is not None else None
        body = root.find(".//{http://www.w3.org/1999/xhtml}body")
        self.refs = {e.get("ref") for e in body.iter() if e.get("ref")}
        self.repeats = {e.get("nodeset") for e in body.iter()
                        if local(e.tag) == "repeat"}

    def _walk(self, el, prefix):
        for ch in el:
            p = prefix + "/" + local(ch.tag)
            if len(ch):
                kind = "repeat" if ch.get(JR + "template") is not None \
                    else "group"
                self.fields.append((p, kind))
                self._walk(ch, p)
            else:
                self.fields.append((p, "leaf"))

    def type_of(self, path):
        b = self.binds.get(path)
        return b.get("type") if b is not None else None


def check_form(form, version):
    name = form.path.name
    check(form.root_tag == "data", name + ": primary instance is <data>")
    check(form.id == form.path.stem, name + ": form id is the file name")
    check(form.version == version,
          "%s: version %s = REPORT_FORMS_VERSION %s"
          % (name, form.version, version))
    seen = set()
    for path, kind in form.fields:
        leaf = path.rsplit("/", 1)[1]
        check(NAME_RE.match(leaf) is not None, name + ": name " + leaf)
        if kind != "group":
            check(leaf not in seen, name + ": name used once: " + leaf)
            seen.add(leaf)
        if kind == "leaf":
            check(form.type_of(path) in VALUE_RE,
                  "%s: %s has a bind with a known type" % (name, path))
            if not path.endswith("/meta/instanceID"):
                check(path in form.refs, "%s: %s has a body control"
                      % (name, path))
        if kind == "repeat":
            check(path in form.repeats, "%s: %s has a <repeat>"
                  % (name, path))
    for nodeset in form.binds:
        check(form.kinds.get(nodeset) == "leaf",
              "%s: bind %s is a field" % (name, nodeset))
    iid = form.binds.get("/data/meta/instanceID")
    check(iid is not None and iid.get(JR + "preload") == "uid" and
          iid.get("readonly") == "true()",
          name + ": meta/instanceID is preloaded as uid, read-only")
    check(form.public_key is None,
          name + ": the template has no <submission> (the key is filled "
          "in by kiosk --report-forms)")


def check_published(path, template, key):
    """A form written for publishing: the template plus the key."""
    name = "published " + path.name
    form = Form(path)
    check(form.id == template.id, name + ": form id")
    check(form.version == template.version, name + ": version")
    check(form.fields == template.fields, name + ": same fields")
    check({k: (b.get("type"), b.get("required")) for k, b in
           form.binds.items()} ==
          {k: (b.get("type"), b.get("required")) for k, b in
           template.binds.items()}, name + ": same binds")
    check(form.public_key == key,
          name + ": <submission base64RsaPublicKey> is the province's key")
    text = path.read_text()
    check(text.count("<submission ") == 1, name + ": one <submission>")
    check(text.index("<submission ") < text.index("</model>") and
          text.index("<submission ") > text.index("</instance>"),
          name + ": <submission> in the model, after the instance")
    tpl = template.path.read_text()
    check(re.sub(r"\s*<submission [^>]*/>", "", text) == tpl,
          name + ": only the <submission> element was added")


def read_xlsform(path):
    """pyxform's one-file CSV: {sheet: [dict rows]}."""
    sheets, current, header = {}, None, None
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.reader(f):
            if not row or not any(c.strip() for c in row):
                continue
            if row[0].strip():
                current, header = row[0].strip(), None
                sheets[current] = []
                continue
            if header is None:
                header = [c.strip() for c in row[1:]]
                continue
            sheets[current].append(dict(zip(header, row[1:])))
    return sheets


def check_xlsform(form):
    path = form.path.with_suffix(".xlsform.csv")
    name = path.name
    if not check(path.exists(), name + " exists"):
        return
    sheets = read_xlsform(path)
    fields, stack = [], ["/data"]
    for row in sheets.get("survey", []):
        t, n = row.get("type", "").strip(), row.get("name", "").strip()
        if t == "begin repeat":
            stack.append(stack[-1] + "/" + n)
            fields.append((stack[-1], "repeat", None, row))
        elif t == "end repeat":
            stack.pop()
        else:
            check(t in XLS_TYPES, "%s: type %s of %s is known" % (name, t, n))
            fields.append((stack[-1] + "/" + n, "leaf", XLS_TYPES.get(t),
                           row))
            check(bool(row.get("label", "").strip()),
                  "%s: %s has a label" % (name, n))
    fields.append(("/data/meta", "group", None, {}))
    fields.append(("/data/meta/instanceID", "leaf", "string", {}))
    check([(p, k) for p, k, _, _ in fields] == form.fields,
          "%s: same fields, same order as %s" % (name, form.path.name))
    for p, kind, typ, row in fields:
        if kind == "leaf":
            check(typ == form.type_of(p), "%s: %s is %s in both"
                  % (name, p, typ))
            if row:
                want = row.get("required", "").strip() == "yes"
                b = form.binds.get(p)
                got = b is not None and b.get("required") == "true()"
                check(want == got, "%s: %s required alike" % (name, p))
    settings = sheets.get("settings", [{}])
    check(len(settings) == 1, name + ": one settings row")
    s = settings[0]
    check(s.get("form_id") == form.id, name + ": settings form_id")
    check(s.get("version") == form.version, name + ": settings version")
    check("public_key" in s and not s["public_key"].strip(),
          name + ": settings has an empty public_key column to fill in")


def check_instance(path, forms):
    name = path.name
    raw = path.read_bytes()
    check(raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'),
          name + ": XML declaration with UTF-8")
    root = ET.fromstring(raw)
    form = forms.get(root.get("id"))
    if not check(form is not None, name + ": form id " + str(root.get("id"))):
        return
    check(root.get("version") == form.version, name + ": version")
    check(local(root.tag) == form.root_tag, name + ": root element")

    def walk(el, prefix):
        counts = {}
        for ch in el:
            p = prefix + "/" + local(ch.tag)
            counts[p] = counts.get(p, 0) + 1
            kind = form.kinds.get(p)
            if not check(kind is not None, "%s: %s is in the form"
                         % (name, p)):
                continue
            if kind == "leaf":
                check(len(ch) == 0, "%s: %s has no children" % (name, p))
                v = ch.text or ""
                t = form.type_of(p)
                check(v == "" or VALUE_RE[t].match(v) is not None,
                      "%s: %s = %r is a %s" % (name, p, v, t))
                b = form.binds[p]
                if b.get("required") == "true()":
                    check(v != "", "%s: required %s is set" % (name, p))
            else:
                walk(ch, p)
        # every direct child the form declares: once; repeats: any number
        for p, kind in form.fields:
            if p.rsplit("/", 1)[0] == prefix and kind != "repeat":
                n = counts.get(p, 0)
                check(n == 1, "%s: %s appears once (%d)" % (name, p, n))
    walk(root, "/" + form.root_tag)
    iid = root.find("./meta/{http://openrosa.org/xforms}instanceID")
    check(iid is not None and UUID_RE.match(iid.text or "") is not None,
          name + ": meta/orx:instanceID is uuid:...")



def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    version = header_version()
    check(version is not None, "REPORT_FORMS_VERSION in report.h")
    forms = {}
    for p in sorted(FORMS.glob("*.xml")):
        f = Form(p)
        check_form(f, version)
        check_xlsform(f)
        forms[f.id] = f
    check(set(forms) == {"kiosk_screening", "kiosk_daily"},
          "both record forms are there")
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(sys.argv[1:] + [tmp], capture_output=True,
                             text=True)
        sys.stderr.write(out.stdout + out.stderr)
        check(out.returncode == 0, "gen_instances ran")
        files = sorted(Path(tmp).glob("*.xml"))
        check(len(files) >= 5, "instances written: %d" % len(files))
        for p in files:
            check_instance(p, forms)
        keys = re.findall(r"^public_key (\S+)$", out.stdout, re.M)
        check(len(keys) == 1, "gen_instances printed its public key")
        for f in forms.values():
            pub = Path(tmp) / "forms" / f.path.name
            if check(pub.exists(), "published form " + pub.name):
                check_published(pub, f, keys[0] if keys else None)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
