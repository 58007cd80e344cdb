#!/usr/bin/env python3
"""Writes a throw-away CA and two server certificates for 127.0.0.1 into
DIR, for the report module's TLS test:

  ca.pem                  the CA the kiosk is told to trust (ca_file)
  good.pem / good.key     valid from yesterday for a year
  future.pem / future.key valid only from 30 days ahead: what a kiosk whose
                          clock is a month behind sees

Exits 77 if python3-cryptography is missing (the test then skips TLS)."""
import datetime
import ipaddress
import sys

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
except ImportError:
    sys.exit(77)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def write_key(path, key):
    with open(path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))


def main(folder):
    now = datetime.datetime.now(datetime.timezone.utc)
    day = datetime.timedelta(days=1)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder()
          .subject_name(name("kiosk test CA"))
          .issuer_name(name("kiosk test CA"))
          .public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - 2 * day).not_valid_after(now + 400 * day)
          .add_extension(x509.BasicConstraints(ca=True, path_length=None),
                         critical=True)
          .sign(ca_key, hashes.SHA256()))
    with open(folder + "/ca.pem", "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    for label, start in (("good", now - day), ("future", now + 30 * day)):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (x509.CertificateBuilder()
                .subject_name(name("127.0.0.1")).issuer_name(ca.subject)
                .public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(start).not_valid_after(start + 365 * day)
                .add_extension(x509.SubjectAlternativeName(
                    [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                    critical=False)
                .sign(ca_key, hashes.SHA256()))
        with open("%s/%s.pem" % (folder, label), "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.PEM))
        write_key("%s/%s.key" % (folder, label), key)


if __name__ == "__main__":
    main(sys.argv[1])
