#!/usr/bin/env python3
"""A loopback stand-in for ODK Central's OpenRosa submission endpoint.

It behaves as the facts page (shared/design/fleet.md section 3) records a
real Central behaving, for the report module's tests:

  POST /v1/projects/{pid}/submission
    400  without X-OpenRosa-Version, or without a multipart part named
         xml_submission_file that carries a filename
    401  without an Authorization header, with a wrong bearer token, or for
         a form the app user is not assigned to
    403  with a revoked token
    404  unknown project, unknown form id or version, unparsable XML
    201  a new instanceID, and an identical re-send of a known one
    409  a different body under a known instanceID

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
  GET /ctl?unassign=FORM          401 for that form (assign=FORM undoes it)
  GET /ctl?reset=1                forget everything received, and every
                                  change made through /ctl
  GET /log                        one line per submission request received:
                                  "n status form instance sha ua device
                                  key_in_url" (sha: of the XML part, else of
                                  the whole body; status 0 = not decided,
                                  -1 = dropped)
  GET /instances                  stored instance ids, in order of arrival

Usage: central.py --forms DIR --token T [--project N] [--tls CERT KEY]
Prints "PORTS <submission> <control>" on stdout once listening.
"""
import argparse
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


def openrosa(message):
    return ('<OpenRosaResponse xmlns="%s"><message nature="">%s</message>'
            '</OpenRosaResponse>' % (OR_NS, message)).encode()


def local(tag):
    return tag.rsplit("}", 1)[-1]


class State:
    def __init__(self, forms, token, project):
        self.lock = threading.Lock()
        self.forms = forms          # form id -> set of versions
        self.token = token
        self.first_token = token
        self.revoked = set()
        self.project = project
        self.unassigned = set()
        self.queue = []             # forced outcomes
        self.delay = 0.0
        self.delay_once = 0.0
        self.stored = {}            # instance id -> body bytes
        self.order = []             # instance ids in arrival order
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
                self.reply(404, openrosa("not here"))
                return
            url = urllib.parse.urlsplit(self.path)
            q = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/log":
                with state.lock:
                    text = "".join(
                        "%(n)s %(status)s %(form)s %(instance)s %(sha)s "
                        "%(ua)s %(device)s %(key_in_url)s\n" % e
                        for e in state.log)
                self.reply(200, text.encode(), "text/plain")
                return
            if url.path == "/instances":
                with state.lock:
                    text = "".join(i + "\n" for i in state.order)
                self.reply(200, text.encode(), "text/plain")
                return
            if url.path != "/ctl":
                self.reply(404, b"unknown control path", "text/plain")
                return
            with state.lock:
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
                if "reset" in q:
                    state.stored.clear()
                    state.order.clear()
                    state.log.clear()
                    state.queue.clear()
                    state.unassigned.clear()
                    state.revoked.clear()
                    state.token = state.first_token
                    state.delay = state.delay_once = 0.0
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
                     "ua": "-", "device": "-", "key_in_url": 0}
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
            code, msg = self.decide(url, body, forced, entry)
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
            self.reply(code, openrosa(msg))

        def decide(self, url, body, forced, entry):
            if forced == "drop":
                return "drop", ""
            if forced:
                return int(forced), "forced by the test"
            if not self.headers.get("X-OpenRosa-Version"):
                return 400, "Required header X-OpenRosa-Version missing."
            auth = self.headers.get("Authorization") or ""
            if not auth:
                return 401, "Could not authenticate with the provided " \
                            "credentials."
            tok = auth[7:] if auth.startswith("Bearer ") else None
            with state.lock:
                if tok in state.revoked:
                    return 403, "The authenticated actor does not have " \
                                "rights to perform that action."
                if tok != state.token:
                    return 401, "Could not authenticate with the " \
                                "provided credentials."
            m = re.fullmatch(r"/v1/projects/(\d+)/submission", url.path)
            if not m or int(m.group(1)) != state.project:
                return 404, "Could not find the resource you were " \
                            "looking for."
            parts = parse_multipart(self.headers.get("Content-Type"), body)
            part = parts.get("xml_submission_file")
            if not part or part[0] is None:
                return 400, "Required multipart POST field " \
                            "xml_submission_file missing."
            xml = part[1]
            entry["sha"] = hashlib.sha256(xml).hexdigest()[:16]
            try:
                root = ET.fromstring(xml)
            except ET.ParseError:
                return 404, "The form version specified in this " \
                            "submission does not exist."
            form, version = root.get("id"), root.get("version")
            iid = None
            for el in root.iter():
                if local(el.tag) == "instanceID":
                    iid = (el.text or "").strip()
            entry["form"] = form or "-"
            entry["instance"] = iid or "-"
            if form not in state.forms:
                return 404, "Could not find the form you were looking for."
            if version not in state.forms[form]:
                return 404, "The form version specified in this " \
                            "submission '%s' does not exist." % version
            with state.lock:
                if form in state.unassigned:
                    return 401, "Could not authenticate with the " \
                                "provided credentials."
                if not iid:
                    return 400, "instanceID missing"
                old = state.stored.get(iid)
                if old is None:
                    state.stored[iid] = xml
                    state.order.append(iid)
                    return 201, "full submission upload was successful!"
                if old == xml:
                    return 201, "full submission upload was successful!"
                return 409, "A submission already exists with this ID, " \
                            "but with different XML. Resubmissions to " \
                            "attach additional multimedia must not " \
                            "change the submission XML itself."
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
    ap.add_argument("--down", action="store_true",
                    help="start with the submission port closed")
    a = ap.parse_args()
    state = State(load_forms(a.forms), a.token, a.project)
    SERVER = Server(state, a.tls)
    SERVER.submission_up()
    if a.down:
        SERVER.submission_down()
    print("PORTS %d %d" % (SERVER.sub_port, SERVER.ctl.server_address[1]),
          flush=True)
    SERVER.ctl.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
