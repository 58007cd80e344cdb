/* report: ODK encryption of every record. A key pair is made here; what the
 * kiosk encrypts must decrypt, byte for byte, with this test's own decoder
 * (odk_decrypt.c, written from the spec) and with the openssl command line
 * (odk_decrypt_openssl.sh); the bytes that are kept and sent must not hold
 * the instance in clear; a changed byte or the wrong key must fail loudly;
 * and a bad key in site.ini is refused with its reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <openssl/ec.h>
#include <openssl/x509.h>
#include <sodium.h>

#include "central.h"
#include "core/csv.h"
#include "report/report_int.h"
#include "test.h"

static EVP_PKEY *priv;
static const char *pub;

static int write_bytes(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        return -1;
    }
    int ok = fwrite(p, 1, n, f) == n;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* Decrypts r with the openssl command line; malloc'd output or NULL. */
static char *openssl_decrypt(const struct report_record *r, size_t *len)
{
    char m[512], e[512], out[512], cmd[2200];
    test_file(m, sizeof m, "manifest.xml");
    test_file(e, sizeof e, "submission.xml.enc");
    test_file(out, sizeof out, "plain.xml");
    if (write_bytes(m, r->manifest, r->manifest_len) != 0 ||
        write_bytes(e, r->enc, r->enc_len) != 0) {
        return NULL;
    }
    snprintf(cmd, sizeof cmd, "sh tests/report/odk_decrypt_openssl.sh %s "
             "%s %s >%s", test_key_pem(), m, e, out);
    int rc = system(cmd);
    if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 0) {
        return NULL;
    }
    char *text = NULL;
    if (kiosk_read_file(out, 1 << 20, &text, len) != KIOSK_OK) {
        return NULL;
    }
    return text;
}

/* 1 if needle occurs in the n bytes at hay. */
static int has(const unsigned char *hay, size_t n, const char *needle)
{
    return memmem(hay, n, needle, strlen(needle)) != NULL;
}

static void test_round_trip(void)
{
    /* lengths around the 16-byte block: padding is always added */
    static const size_t lens[] = {1, 15, 16, 17, 31, 32, 33, 1000};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        char *xml = malloc(lens[i] + 1);
        for (size_t k = 0; k < lens[i]; k++) {
            xml[k] = (char)('a' + (k * 7 + i) % 26);
        }
        xml[lens[i]] = '\0';
        struct report_record r;
        const char *version = i % 2 ? NULL : "2026120201";
        CHECK_INT(report_encrypt(pub, "kiosk_daily", version,
                                 "uuid:0a1b2c3d-0000-4000-8000-000000000001",
                                 (const unsigned char *)xml, lens[i], &r),
                  KIOSK_OK);
        CHECK_INT(r.enc_len, (lens[i] / 16 + 1) * 16);
        CHECK_STR(r.form_id, "kiosk_daily");
        struct odk_plain p;
        char err[200] = "";
        CHECK_INT(odk_decrypt(priv, r.manifest, r.manifest_len, r.enc,
                              r.enc_len, &p, err, sizeof err), 0);
        if (err[0]) {
            fprintf(stderr, "length %zu: %s\n", lens[i], err);
        }
        CHECK_INT(p.len, lens[i]);
        CHECK(p.xml && memcmp(p.xml, xml, lens[i]) == 0);
        CHECK_STR(p.form, "kiosk_daily");
        CHECK_STR(p.version, version ? version : "");
        CHECK_STR(p.instance, "uuid:0a1b2c3d-0000-4000-8000-000000000001");
        free(p.xml);
        size_t ol = 0;
        char *o = openssl_decrypt(&r, &ol);
        CHECK(o != NULL);
        CHECK_INT(ol, lens[i]);
        CHECK(o && memcmp(o, xml, lens[i]) == 0);
        free(o);
        report_record_free(&r);
        free(xml);
    }
}

static void test_manifest(void)
{
    static const char xml[] = "<data id=\"kiosk_screening\">secret-42</data>";
    const char *iid = "uuid:11111111-2222-4333-8444-555555555555";
    struct report_record a, b;
    CHECK_INT(report_encrypt(pub, "kiosk_screening", "v1[encrypted:Ab/+]",
                             iid, (const unsigned char *)xml,
                             sizeof xml - 1, &a), KIOSK_OK);
    CHECK_INT(report_encrypt(pub, "kiosk_screening", "v1[encrypted:Ab/+]",
                             iid, (const unsigned char *)xml,
                             sizeof xml - 1, &b), KIOSK_OK);
    const char *m = (const char *)a.manifest;
    CHECK_INT(strlen(m), a.manifest_len);
    CHECK_CONTAINS(m, "<data xmlns=\"http://opendatakit.org/submissions\" "
                   "encrypted=\"yes\" id=\"kiosk_screening\" "
                   "version=\"v1[encrypted:Ab/+]\">");
    CHECK_CONTAINS(m, "<encryptedXmlFile>submission.xml.enc"
                   "</encryptedXmlFile>");
    CHECK_CONTAINS(m, "<meta xmlns=\"http://openrosa.org/xforms\">"
                   "<instanceID>uuid:11111111-2222-4333-8444-555555555555"
                   "</instanceID></meta>");
    char wrapped[1024], sig[1024];
    CHECK_INT(xml_text(m, "base64EncryptedKey", wrapped, sizeof wrapped), 0);
    CHECK_INT(xml_text(m, "base64EncryptedElementSignature", sig,
                       sizeof sig), 0);
    CHECK_INT(strlen(wrapped), 344); /* 256 bytes: a 2048-bit key */
    CHECK_INT(strlen(sig), 344);
    /* a fresh AES key and OAEP seed each time: nothing repeats */
    CHECK(strcmp((const char *)a.manifest, (const char *)b.manifest) != 0);
    CHECK(a.enc_len == b.enc_len && memcmp(a.enc, b.enc, a.enc_len) != 0);
    /* nothing of the instance in clear in what is kept and sent */
    CHECK(!has(a.manifest, a.manifest_len, "secret-42"));
    CHECK(!has(a.enc, a.enc_len, "secret-42"));
    CHECK(!has(a.enc, a.enc_len, "kiosk_screening"));
    report_record_free(&b);

    /* loud failures: every changed byte, the wrong key, another id */
    struct odk_plain p;
    char err[200];
    for (size_t at = 0; at < a.enc_len; at += 5) {
        a.enc[at] ^= 0x01;
        int rc = odk_decrypt(priv, a.manifest, a.manifest_len, a.enc,
                             a.enc_len, &p, err, sizeof err);
        a.enc[at] ^= 0x01;
        if (rc == 0) {
            fprintf(stderr, "byte %zu changed, still decrypted\n", at);
            free(p.xml);
        }
        CHECK_INT(rc, -1);
    }
    CHECK_CONTAINS(err, "");
    a.enc[0] ^= 0x80;
    CHECK_INT(odk_decrypt(priv, a.manifest, a.manifest_len, a.enc,
                          a.enc_len, &p, err, sizeof err), -1);
    CHECK_CONTAINS(err, "signature does not match");
    a.enc[0] ^= 0x80;
    size_t al = 0;
    a.enc[a.enc_len - 1] ^= 0x40; /* the padding byte */
    char *o = openssl_decrypt(&a, &al);
    CHECK(o == NULL);  /* openssl's path sees the padding broken too */
    free(o);
    CHECK_INT(odk_decrypt(priv, a.manifest, a.manifest_len, a.enc,
                          a.enc_len, &p, err, sizeof err), -1);
    a.enc[a.enc_len - 1] ^= 0x40;
    char other_pub[1024];
    EVP_PKEY *other = test_keypair(2048, other_pub, sizeof other_pub, NULL);
    CHECK(other != NULL);
    CHECK_INT(odk_decrypt(other, a.manifest, a.manifest_len, a.enc,
                          a.enc_len, &p, err, sizeof err), -1);
    CHECK_CONTAINS(err, "does not unwrap");
    EVP_PKEY_free(other);
    char *changed = strdup((const char *)a.manifest);
    char *id = strstr(changed, "uuid:1111");
    id[5] = '2'; /* another instance id: another IV */
    CHECK_INT(odk_decrypt(priv, (unsigned char *)changed, a.manifest_len,
                          a.enc, a.enc_len, &p, err, sizeof err), -1);
    free(changed);
    /* and untouched, it still decrypts */
    CHECK_INT(odk_decrypt(priv, a.manifest, a.manifest_len, a.enc,
                          a.enc_len, &p, err, sizeof err), 0);
    CHECK(p.xml && strcmp((char *)p.xml, xml) == 0);
    free(p.xml);
    report_record_free(&a);

    /* refused arguments leave nothing behind */
    CHECK_INT(report_encrypt(pub, "", NULL, iid, (const unsigned char *)xml,
                             3, &a), KIOSK_EINVAL);
    CHECK(a.manifest == NULL && a.enc == NULL);
    CHECK_INT(report_encrypt(pub, "f", NULL, NULL, (const unsigned char *)xml,
                             3, &a), KIOSK_EINVAL);
    CHECK_INT(report_encrypt(pub, "f", NULL, iid, NULL, 0, &a), KIOSK_EINVAL);
    CHECK_INT(report_encrypt("AAAA", "f", NULL, iid,
                             (const unsigned char *)xml, 3, &a),
              KIOSK_EINVAL);
}

/* base64 DER of a key made here of another type or size */
static void key_b64(EVP_PKEY *k, char *out, size_t n)
{
    unsigned char *der = NULL;
    int len = i2d_PUBKEY(k, &der);
    sodium_bin2base64(out, n, der, (size_t)len,
                      sodium_base64_VARIANT_ORIGINAL);
    OPENSSL_free(der);
}

static void test_key_check(void)
{
    char err[200];
    CHECK_INT(report_check_public_key(pub, err, sizeof err), KIOSK_OK);
    CHECK_STR(err, "");
    char small[1024], ec[1024];
    EVP_PKEY *k = EVP_RSA_gen(1024);
    key_b64(k, small, sizeof small);
    EVP_PKEY_free(k);
    k = EVP_EC_gen("P-256");
    key_b64(k, ec, sizeof ec);
    EVP_PKEY_free(k);
    char pem[1200], trailing[1200], cut[1200], spaced[1200];
    snprintf(pem, sizeof pem, "-----BEGIN PUBLIC KEY-----%s", pub);
    /* DER plus one byte: base64 of the same key with "AA==" cannot be
     * made by appending, so decode, append, encode */
    unsigned char der[800];
    size_t dl = 0;
    sodium_base642bin(der, sizeof der, pub, strlen(pub), NULL, &dl, NULL,
                      sodium_base64_VARIANT_ORIGINAL);
    der[dl++] = 0;
    sodium_bin2base64(trailing, sizeof trailing, der, dl,
                      sodium_base64_VARIANT_ORIGINAL);
    snprintf(cut, sizeof cut, "%.300s", pub);
    snprintf(spaced, sizeof spaced, "%.100s %s", pub, pub + 100);
    static const struct {
        const char *what;
        int which;
        const char *msg;
    } t[] = {
        {"missing", 0, "public_key is not set"},
        {"empty", 1, "public_key is not set"},
        {"PEM armour", 2, "between the BEGIN PUBLIC KEY"},
        {"1024-bit RSA", 3, "2048 to 4096 bits (this is RSA, 1024 bits)"},
        {"EC key", 4, "must be an RSA key"},
        {"bytes after the key", 5, "bytes after the key"},
        {"cut short", 6, "not a DER SubjectPublicKeyInfo"},
        {"a space inside", 7, "not base64 (character 101)"},
        {"not base64", 8, "not base64"},
    };
    const char *v[] = {NULL, "", pem, small, ec, trailing, cut, spaced,
                       "####"};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        err[0] = '\0';
        CHECK_INT(report_check_public_key(v[t[i].which], err, sizeof err),
                  KIOSK_EINVAL);
        if (!strstr(err, t[i].msg)) {
            fprintf(stderr, "key case '%s': %s\n", t[i].what, err);
        }
        CHECK_CONTAINS(err, t[i].msg);
    }
    /* a configuration with reporting on needs the key */
    struct report_cfg c = {.enabled = 1, .server = "https://c.example.org",
                           .project_id = 1, .token_file = "/x",
                           .kiosk_id = "HN-0001", .tz_offset = 25200};
    CHECK_INT(report_check_cfg(&c, err, sizeof err), KIOSK_EINVAL);
    CHECK_CONTAINS(err, "public_key is not set");
    CHECK(report_start(&c, "/nonexistent.db") == NULL);
    c.public_key = ec;
    CHECK_INT(report_check_cfg(&c, err, sizeof err), KIOSK_EINVAL);
    c.public_key = pub;
    CHECK_INT(report_check_cfg(&c, err, sizeof err), KIOSK_OK);
}

/* A real screening record, from the builder to the province. */
static void test_screening_record(void)
{
    struct report_cfg cfg = {.enabled = 1, .kiosk_id = "HN-0001",
                             .tz_offset = 25200, .public_key = pub};
    const struct report_measure m[] = {
        {"alcohol_risk", "14", "moderate"},
        {"cannabis_risk", "", ""},
        {"phq9_level", NULL, "mild"},
    };
    struct report_screening s = {"assist", "2026112401", "vi", 1795433071,
                                 42, m, 3};
    struct report_record r;
    CHECK_INT(report_build_screening(&cfg, &s, &r), KIOSK_OK);
    CHECK_STR(r.form_id, REPORT_SCREENING_FORM);
    struct odk_plain p;
    char err[200] = "";
    CHECK_INT(odk_decrypt(priv, r.manifest, r.manifest_len, r.enc, r.enc_len,
                          &p, err, sizeof err), 0);
    CHECK_STR(p.instance, r.instance_id);
    CHECK_STR(p.version, REPORT_FORMS_VERSION);
    const char *x = p.xml ? (const char *)p.xml : "";
    static const char *const want[][2] = {
        {"kiosk_id", "HN-0001"}, {"instrument", "assist"},
        {"instrument_version", "2026112401"}, {"lang", "vi"},
        {"completed_at", "2026-11-23T18:00:00.000+07:00"}, {"seq", "42"},
        {"measure_id", "alcohol_risk"}, {"score", "14"},
        {"band", "moderate"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char v[128] = "";
        CHECK_INT(xml_text(x, want[i][0], v, sizeof v), 0);
        CHECK_STR(v, want[i][1]);
        /* the kept and sent bytes never hold it in clear */
        char tagged[200];
        snprintf(tagged, sizeof tagged, ">%s<", want[i][1]);
        CHECK(!has(r.manifest, r.manifest_len, tagged));
        CHECK(!has(r.enc, r.enc_len, tagged));
    }
    CHECK_CONTAINS(x, "<measure><measure_id>phq9_level</measure_id><score/>"
                   "<band>mild</band></measure>");
    CHECK(strstr(x, "cannabis") == NULL);
    char tail[100];
    snprintf(tail, sizeof tail, "<orx:instanceID>%s</orx:instanceID>",
             r.instance_id);
    CHECK_CONTAINS(x, tail);
    size_t ol = 0;
    char *o = openssl_decrypt(&r, &ol);
    CHECK(o && ol == p.len && memcmp(o, p.xml, ol) == 0);
    free(o);
    free(p.xml);
    report_record_free(&r);
}

int main(void)
{
    pub = test_key(&priv);
    test_round_trip();
    test_manifest();
    test_key_check();
    test_screening_record();
    TEST_MAIN_END();
}
