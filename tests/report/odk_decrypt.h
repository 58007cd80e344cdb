/* The province's side, for the tests: a key pair made in the test, and a
 * decryption of ODK encrypted submissions written from the xforms-spec
 * (not from the kiosk's encrypt.c), which also checks the signature. The
 * openssl command line (odk_decrypt_openssl.sh) and python3-cryptography
 * (central.py) decrypt the same records independently. */
#ifndef KIOSK_TESTS_REPORT_ODK_DECRYPT_H
#define KIOSK_TESTS_REPORT_ODK_DECRYPT_H

#include <stddef.h>

#include <openssl/evp.h>

/** Makes an RSA key pair of `bits`: the public half as base64 DER SPKI
 * into pub_b64[0..n) (what site.ini's public_key holds) and, if pem_path
 * is not NULL, the private half as a PEM file (mode 600). NULL on
 * failure; the caller frees the key with EVP_PKEY_free. */
EVP_PKEY *test_keypair(int bits, char *pub_b64, size_t n,
                       const char *pem_path);

/* One decrypted submission. */
struct odk_plain {
    char form[64];        /* manifest id */
    char version[128];    /* manifest version, "" if none */
    char instance[64];    /* manifest meta/instanceID */
    unsigned char *xml;   /* the instance, malloc'd, NUL-terminated */
    size_t len;
};

/** Decrypts a submission (manifest + the submission.xml.enc part) with
 * the private key priv: unwraps the AES key (RSA-OAEP SHA-256/MGF1
 * SHA-256), derives the IV, decrypts AES-256-CFB, checks and strips the
 * PKCS#7 padding and verifies the signature over the decrypted XML.
 * Returns 0, or -1 with the reason in err: every failure is loud. Free
 * out->xml. */
int odk_decrypt(EVP_PKEY *priv, const unsigned char *manifest,
                size_t mlen, const unsigned char *enc, size_t elen,
                struct odk_plain *out, char *err, size_t errn);

/** The text of the first element <tag> in xml (a test's field-for-field
 * look), copied into out; 0 if found. */
int xml_text(const char *xml, const char *tag, char *out, size_t n);

#endif
