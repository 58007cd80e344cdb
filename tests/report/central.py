#!/usr/bin/env python3
"""A loopback stand-in for ODK Central's OpenRosa submission endpoint.

It answers as central-backend does (lib/resources/submissions.js: the
checks in the same order; lib/util/problem.js: the same status codes and
message texts; lib/formats/openrosa.js: an OpenRosaResponse whose message
is HTML-escaped by mustache, so ' arrives as &#39; and / as &#x2F;), and
as shared/design/fleet.md records a real Central answering:

  POST /v1/projects/{pid}/submission
    400.6  without X-OpenRosa-Version
    401.2  without credentials or with an unknown bearer token
    403.1  with a revoked token (as observed on a real Central)
    404.1  unknown project; a form that does not exist or is unpublished
    400.7  without a multipart part xml_submission_file carrying a filename
    400.2  an encrypted submission without an instanceID
    404.6  a form version that is not published (also unparsable XML)
    409.2  a closed form
    401.2  a form the app user has no Form Access to (Central turns the
           403.1 of that check into 401.2)
    201    a new instanceID, or an identical re-send of a stored one
    409.1  the same instanceID with a different xml_submission_file
    409.18 an instanceID whose submission was deleted; also the loser of
           two copies stored at the same moment (ctl race=1)

An encrypted submission (a manifest with encrypted="yes") is decrypted
with the province's private key (--private-key, python3-cryptography, an
implementation independent of the kiosk's): its submission.xml.enc part
(matched by part NAME, as Central does), the PKCS#7 padding and the
signature. The plaintext is kept for the tests (GET /plain).

Only 127.0.0.1 is ever bound. The submission port can be closed and opened
again (connection refused in between) through a second, control port:

  GET /ctl?down=1 | up=1          close / reopen the submission port (a
                                  request on a connection kept alive from
                                  before is cut off unanswered)
  GET /ctl?queue=500,drop,503     forced outcomes for the next submissions
                                  ("drop": read the request, then close the
                                  connection without an answer)
  GET /ctl?delay=S                answer every submission S seconds late
                                  (after storing it); delay_once=S: the next
  GET /ctl?revoke=1               the current token becomes revoked (403)
  GET /ctl?token=T                accept token T from now on
  GET /ctl?unassign=FORM          no Form Access to FORM (assign=FORM undoes)
  GET /ctl?close=FORM | open=FORM the form stops / starts accepting
  GET /ctl?unpublish=FORM | publish=FORM
                                  the form is gone (404.1) / back
  GET /ctl?drop_version=FORM:V | add_version=FORM:V
                                  version V is not / is published
  GET /ctl?race=1                 the next new instance is stored, but the
                                  request is answered as the loser of a
                                  race with another copy (409.18)
  GET /ctl?delete=IID             an administrator deleted that submission
  GET /ctl?reset=1                forget everything received, and every
                                  change made through /ctl
  GET /log                        one line per submission request received:
                                  "n status form instance sha ua device
                                  key_in_url enc problem" (sha: of the XML
                                  part, else of the whole body; status 0 =
                                  not decided, -1 = dropped; enc: 1
                                  encrypted and decrypted, 0 plaintext, -1
                                  encrypted but not decryptable)
  GET /instances                  stored instance ids, in order of arrival
  GET /plain?id=IID               the decrypted instance XML (404: none)

With --save DIR, every submission stored is also written there as the
server received it (<n>.manifest, <n>.enc: the two parts) and, when it
decrypted, its plaintext (<n>.xml), for tests that run after the server.

Usage: central.py --forms DIR --token T [--project N] [--tls CERT KEY]
                  [--private-key PEM] [--save DIR] [--down]
Prints "PORTS <submission> <control>" on stdout once listening.
"""
import argparse
import base64
import hashlib
import http.server
import re
import socket
import ssl
import sys
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

OR_NS = "http://openrosa.org/http/response"

# central-backend lib/util/problem.js
MSG = {
    "400.2": "Required parameter {field} missing.",
    "400.6": "An expected header field (X-OpenRosa-Version) did not match "
             "the expected format.",
    "400.7": "Required multipart POST field xml_submission_file missing.",
    "401.2": "Could not authenticate with the provided credentials.",
    "403.1": "The authentication you provided does not have rights to "
             "perform that action.",
    "404.1": "Could not find the resource you were looking for.",
    "404.6": "The form version specified in this submission '{version}' "
             "does not exist.",
    "409.1": "A submission already exists with this ID, but with different "
             "XML. Resubmissions to attach additional multimedia must "
             "resubmit an identical xml_submission_file.",
    "409.2": "This form is not currently accepting submissions. Please talk "
             "to your program staff if this is unexpected.",
    "409.18": "This submission has been deleted. You may not resubmit it.",
}
CREATED = "full submission upload was successful!"

# mustache.js's escapeHtml, which Central's OpenRosa templates go through
ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
           "'": "&#39;", "/": "&#x2F;", "`": "&#x60;", "=": "&#x3D;"}


def mustache(text):
    return "".join(ESCAPES.get(c, c) for c in text)


def openrosa(message, nature="error"):
    return ('\n  <OpenRosaResponse xmlns="%s" items="0">\n    <message '
            'nature="%s">%s</message>\n  </OpenRosaResponse>'
            % (OR_NS, nature, mustache(message))).encode()


def local(tag):
    return tag.rsplit("}", 1)[-1]


class Problem(Exception):
    def __init__(self, code, **kw):
        super().__init__(code)
        self.code = code
        self.http = int(code.split(".")[0])
        self.message = MSG[code].format(**kw)


class State:
    def __init__(self, forms, token, project, private_key, save=None):
        self.lock = threading.Lock()
        self.save = save
        self.forms0 = forms
        self.first_token = token
        self.project = project
        self.private_key = private_key
        self.reset()

    def reset(self):
        # form id -> {"versions": set, "closed": bool, "published": bool}
        self.forms = {f: {"versions": set(v), "closed": False,
                          "published": True}
                      for f, v in self.forms0.items()}
        self.token = self.first_token
        self.revoked = set()
        self.unassigned = set()
        self.queue = []             # forced outcomes
        self.delay = 0.0
        self.delay_once = 0.0
        self.race = False
        self.stored = {}            # instance id -> manifest/XML bytes
        self.deleted = set()
        self.order = []             # instance ids in arrival order
        self.plain = {}             # instance id -> decrypted XML
        self.log = []


def parse_multipart(ctype, body):
    """Returns {name: (filename or None, bytes)} for a multipart body."""
    m = re.search(r'boundary="?([^";]+)"?', ctype or "")
    if not ctype or not ctype.startswith("multipart/form-data") or not m:
        return {}
    boundary = b"--" + m.group(1).encode()
    parts = {}
    for chunk in body.split(boundary)[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk[2:] if chunk.startswith(b"\r\n") else chunk
        head, sep, data = chunk.partition(b"\r\n\r\n")
        if not sep:
            continue
        if data.endswith(b"\r\n"):
            data = data[:-2]
        disp = ""
        for line in head.decode("utf-8", "replace").split("\r\n"):
            if line.lower().startswith("content-disposition:"):
                disp = line
        name = re.search(r'\bname="([^"]*)"', disp)
        fname = re.search(r'\bfilename="([^"]*)"', disp)
        if name:
            parts[name.group(1)] = (fname.group(1) if fname else None, data)
    return parts


def child_text(root, name):
    for el in root.iter():
        if local(el.tag) == name:
            return (el.text or "").strip()
    return None


def decrypt(private_key, root, parts):
    """The plaintext of an encrypted submission, or None if it cannot be
    had (part missing, wrong key, bad padding, signature mismatch)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
    try:    # CFB's home in newer releases of the library
        from cryptography.hazmat.decrepit.ciphers.modes import CFB
    except ImportError:     # Debian 12's python3-cryptography 38
        from cryptography.hazmat.primitives.ciphers.modes import CFB
    oaep = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()),
                        algorithm=hashes.SHA256(), label=None)
    fname = child_text(root, "encryptedXmlFile")
    part = parts.get(fname or "")
    iid = child_text(root, "instanceID")
    wrapped = child_text(root, "base64EncryptedKey")
    sig = child_text(root, "base64EncryptedElementSignature")
    if not part or not iid or not wrapped or private_key is None:
        return None
    try:
        key = private_key.decrypt(base64.b64decode(wrapped, validate=True),
                                  oaep)
        iv = bytearray(hashlib.md5(iid.encode() + key).digest())
        iv[0] = (iv[0] + 1) % 256
        d = Cipher(algorithms.AES(key), CFB(bytes(iv))).decryptor()
        padded = d.update(part[1]) + d.finalize()
        n = padded[-1]
        if not 1 <= n <= 16 or padded[-n:] != bytes([n]) * n:
            return None
        xml = padded[:-n]
        src = [root.get("id")]
        if root.get("version") is not None:
            src.append(root.get("version"))
        src += [wrapped, iid,
                "submission.xml::" + hashlib.md5(xml).hexdigest()]
        want = hashlib.md5(("\n".join(src) + "\n").encode()).digest()
        if sig is None or private_key.decrypt(base64.b64decode(sig),
                                              oaep) != want:
            return None
        return xml
    except Exception:   # any failure means "not decryptable", loudly
        return None


def make_handler(state, kind):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # headers and body go out in two writes: without this, Nagle's
        # algorithm and the client's delayed ACK add 40 ms to each answer
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def reply(self, code, body=b"", ctype="text/xml; charset=utf-8"):
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-OpenRosa-Version", "1.0")
            self.end_headers()
            self.wfile.write(body)

        # ---- control port -------------------------------------------------
        def do_GET(self):
            if kind != "control":
                self.reply(404, openrosa(MSG["404.1"]))
                return
            url = urllib.parse.urlsplit(self.path)
            q = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/log":
                with state.lock:
                    text = "".join(
                        "%(n)s %(status)s %(form)s %(instance)s %(sha)s "
                        "%(ua)s %(device)s %(key_in_url)s %(enc)s "
                        "%(problem)s\n" % e for e in state.log)
                self.reply(200, text.encode(), "text/plain")
                return
            if url.path == "/instances":
                with state.lock:
                    text = "".join(i + "\n" for i in state.order)
                self.reply(200, text.encode(), "text/plain")
                return
            if url.path == "/plain":
                with state.lock:
                    xml = state.plain.get(q.get("id", ""))
                if xml is None:
                    self.reply(404, b"no plaintext", "text/plain")
                else:
                    self.reply(200, xml, "text/xml")
                return
            if url.path != "/ctl":
                self.reply(404, b"unknown control path", "text/plain")
                return
            with state.lock:
                if "reset" in q:
                    state.reset()
                if "queue" in q:
                    state.queue.extend(x for x in q["queue"].split(",") if x)
                if "delay" in q:
                    state.delay = float(q["delay"])
                if "delay_once" in q:
                    state.delay_once = float(q["delay_once"])
                if "revoke" in q:
                    state.revoked.add(state.token)
                if "token" in q:
                    state.token = q["token"]
                if "unassign" in q:
                    state.unassigned.add(q["unassign"])
                if "assign" in q:
                    state.unassigned.discard(q["assign"])
                for k, field, value in (("close", "closed", True),
                                        ("open", "closed", False),
                                        ("unpublish", "published", False),
                                        ("publish", "published", True)):
                    if k in q and q[k] in state.forms:
                        state.forms[q[k]][field] = value
                for k in ("drop_version", "add_version"):
                    if k in q:
                        f, _, v = q[k].partition(":")
                        vs = state.forms[f]["versions"]
                        (vs.discard if k == "drop_version" else vs.add)(v)
                if "race" in q:
                    state.race = True
                if "delete" in q:
                    state.deleted.add(q["delete"])
            if "down" in q:
                SERVER.submission_down()
            if "up" in q:
                SERVER.submission_up()
            self.reply(200, b"ok\n", "text/plain")

        # ---- submission port ----------------------------------------------
        def do_HEAD(self):
            self.reply(204 if self.headers.get("X-OpenRosa-Version")
                       else 400)

        def do_POST(self):
            if kind != "submission":
                self.reply(404, b"", "text/plain")
                return
            if SERVER.is_down():
                # the network went away under a kept-alive connection
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n) if n else b""
            url = urllib.parse.urlsplit(self.path)
            q = dict(urllib.parse.parse_qsl(url.query))
            entry = {"n": 0, "status": 0, "form": "-", "instance": "-",
                     "sha": hashlib.sha256(body).hexdigest()[:16],
                     "ua": "-", "device": "-", "key_in_url": 0, "enc": 0,
                     "problem": "-"}
            with state.lock:
                state.log.append(entry)
                seq = len(state.log)
                forced = state.queue.pop(0) if state.queue else None
                delay = state.delay_once or state.delay
                state.delay_once = 0.0
            entry["n"] = seq
            entry["ua"] = (self.headers.get("User-Agent") or "-").replace(
                " ", "_")
            entry["device"] = q.get("deviceID", "-")
            entry["key_in_url"] = int("/key/" in url.path or
                                      "token" in url.query.lower())
            if forced == "drop":
                code, msg = "drop", ""
            elif forced:
                code, msg = int(forced), "forced by the test"
            else:
                try:
                    code, msg = 201, self.submit(url, body, entry)
                except Problem as p:
                    code, msg = p.http, p.message
                    entry["problem"] = p.code
            entry["status"] = -1 if code == "drop" else code
            if delay:
                time.sleep(delay)
            if code == "drop":
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            self.reply(code, openrosa(msg, "" if code == 201 else "error"))

        def submit(self, url, body, entry):
            """Central's checks, in its order; returns the 201 message or
            raises the Problem."""
            if self.headers.get("X-OpenRosa-Version") != "1.0":
                raise Problem("400.6")
            auth = self.headers.get("Authorization") or ""
            tok = auth[7:] if auth.startswith("Bearer ") else None
            with state.lock:
                if tok is not None and tok in state.revoked:
                    raise Problem("403.1")
                if not auth or tok != state.token:
                    raise Problem("401.2")
            m = re.fullmatch(r"/v1/projects/(\d+)/submission", url.path)
            if not m or int(m.group(1)) != state.project:
                raise Problem("404.1")
            parts = parse_multipart(self.headers.get("Content-Type"), body)
            part = parts.get("xml_submission_file")
            if not part or part[0] is None:
                raise Problem("400.7")
            xml = part[1]
            entry["sha"] = hashlib.sha256(xml).hexdigest()[:16]
            try:
                root = ET.fromstring(xml)
            except ET.ParseError:
                raise Problem("404.6", version="")
            form, version = root.get("id"), root.get("version") or ""
            if not form:
                raise Problem("400.2", field="form ID xml attribute")
            encrypted = child_text(root, "base64EncryptedKey") is not None
            iid = child_text(root, "instanceID")
            if encrypted and not iid:
                raise Problem("400.2", field="instanceId (required for "
                              "encrypted submissions)")
            entry["form"] = form
            entry["instance"] = iid or "-"
            with state.lock:
                f = state.forms.get(form)
                if f is None or not f["published"]:
                    raise Problem("404.1")
                if version not in f["versions"]:
                    raise Problem("404.6", version=version)
                if f["closed"]:
                    raise Problem("409.2")
                if form in state.unassigned:
                    raise Problem("401.2")  # 403.1, translated
            plain = None
            if encrypted:
                plain = decrypt(state.private_key, root, parts)
                entry["enc"] = 1 if plain is not None else -1
            with state.lock:
                if iid in state.deleted:
                    raise Problem("409.18")
                old = state.stored.get(iid)
                if old is not None:
                    if old != xml:
                        raise Problem("409.1")
                    if plain is not None:
                        state.plain.setdefault(iid, plain)
                    return CREATED
                state.stored[iid] = xml
                state.order.append(iid)
                if plain is not None:
                    state.plain[iid] = plain
                if state.save:
                    base = Path(state.save) / str(len(state.order))
                    base.with_suffix(".manifest").write_bytes(xml)
                    enc = parts.get(child_text(root, "encryptedXmlFile")
                                    or "")
                    if enc:
                        base.with_suffix(".enc").write_bytes(enc[1])
                    if plain is not None:
                        base.with_suffix(".xml").write_bytes(plain)
                if state.race:
                    # another copy of this record was stored a moment
                    # earlier: this request loses on the unique key
                    state.race = False
                    raise Problem("409.18")
                return CREATED
    return Handler


class Server:
    def __init__(self, state, tls):
        self.state = state
        self.tls = tls
        self.sub = None
        self.sub_port = 0
        self.lock = threading.Lock()
        ctl_cls = make_handler(state, "control")
        self.ctl = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ctl_cls)
        self.ctl.daemon_threads = True

    def _make_sub(self):
        cls = http.server.ThreadingHTTPServer
        cls.allow_reuse_address = True
        srv = cls(("127.0.0.1", self.sub_port),
                  make_handler(self.state, "submission"))
        srv.daemon_threads = True
        if self.tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(self.tls[0], self.tls[1])
            srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
        self.sub_port = srv.server_address[1]
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        return srv

    def submission_up(self):
        with self.lock:
            if not self.sub:
                self.sub = self._make_sub()

    def is_down(self):
        with self.lock:
            return self.sub is None

    def submission_down(self):
        with self.lock:
            if self.sub:
                self.sub.shutdown()
                self.sub.server_close()
                self.sub = None


def load_forms(folder):
    forms = {}
    for f in sorted(Path(folder).glob("*.xml")):
        for el in ET.parse(f).iter():
            if local(el.tag) == "instance":
                data = list(el)[0]
                forms.setdefault(data.get("id"), set()).add(
                    data.get("version"))
                break
    return forms


SERVER = None


def main():
    global SERVER
    ap = argparse.ArgumentParser()
    ap.add_argument("--forms", default="assets/report")
    ap.add_argument("--token", required=True)
    ap.add_argument("--project", type=int, default=1)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--private-key", help="PEM file of the province's "
                    "private key (needs python3-cryptography)")
    ap.add_argument("--save", help="write what is stored into this "
                    "directory")
    ap.add_argument("--down", action="store_true",
                    help="start with the submission port closed")
    a = ap.parse_args()
    key = None
    if a.private_key:
        from cryptography.hazmat.primitives.serialization import \
            load_pem_private_key
        key = load_pem_private_key(Path(a.private_key).read_bytes(), None)
    state = State(load_forms(a.forms), a.token, a.project, key, a.save)
    SERVER = Server(state, a.tls)
    SERVER.submission_up()
    if a.down:
        SERVER.submission_down()
    print("PORTS %d %d" % (SERVER.sub_port, SERVER.ctl.server_address[1]),
          flush=True)
    SERVER.ctl.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
