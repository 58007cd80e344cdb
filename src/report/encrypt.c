/* ODK's encrypted-submission scheme (getodk xforms-spec, "Encryption"), as
 * ODK Collect applies it and Central and Briefcase undo it:
 *
 *   key   = 32 random bytes, new for every record
 *   wrap  = RSA-OAEP(public key, key), SHA-256 and MGF1-SHA-256, no label
 *           (Bouncy Castle's RSA/NONE/OAEPWithSHA256AndMGF1Padding)
 *   seed  = md5(instanceID as UTF-8 || key); file n (media first, the XML
 *           last, n from 0) is encrypted with the seed after seed[n % 16]
 *           += 1 for every file up to n. A record here has no media, so
 *           the XML's IV is the seed with byte 0 incremented.
 *   data  = AES-256-CFB128(key, iv, PKCS#7-padded XML to 16 bytes): the
 *           padding is required although CFB needs none ("PKCS5Padding")
 *   sig   = RSA-OAEP(md5("formId\nversion\nwrap_b64\ninstanceID\n"
 *           "submission.xml::" md5hex(XML) "\n")), base64
 *
 * The manifest names the ciphertext part and carries the wrapped key, the
 * signature and the instanceID (which the IV needs, so Central refuses an
 * encrypted submission without one). The plain XML and the key are wiped
 * before returning. Everything cryptographic is OpenSSL's libcrypto;
 * base64 is libsodium's strict codec. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <sodium.h>

#include "report/report_int.h"

#define AES_KEY_BYTES 32
#define AES_BLOCK 16
#define MD5_BYTES 16
#define KEY_MIN_BITS 2048
#define KEY_MAX_BITS 4096
#define KEY_B64_MAX 1024  /* a 4096-bit SPKI is 736 base64 characters */
#define XML_PART "submission.xml"

/* ---- the public key ------------------------------------------------------ */

/* The first OpenSSL error queued, as text, then the queue cleared. */
static const char *ossl_reason(void)
{
    unsigned long e = ERR_get_error();
    ERR_clear_error();
    const char *r = e ? ERR_reason_error_string(e) : NULL;
    return r ? r : "no detail";
}

EVP_PKEY *report_pubkey_load(const char *b64, char *err, size_t errn)
{
    char tmp[160];
    if (!err) {
        err = tmp;
        errn = sizeof tmp;
    }
    if (!b64 || !*b64) {
        snprintf(err, errn, "public_key is not set: reporting needs the "
                 "province's RSA public key (the form's "
                 "base64RsaPublicKey)");
        return NULL;
    }
    if (strstr(b64, "-----")) {
        snprintf(err, errn, "public_key: give only the base64 text between "
                 "the BEGIN PUBLIC KEY and END PUBLIC KEY lines, on one "
                 "line");
        return NULL;
    }
    size_t n = strlen(b64);
    if (n > KEY_B64_MAX) {
        snprintf(err, errn, "public_key is %zu characters: longer than a "
                 "%d-bit RSA key", n, KEY_MAX_BITS);
        return NULL;
    }
    unsigned char der[KEY_B64_MAX];
    size_t der_len = 0;
    const char *end = NULL;
    if (sodium_init() < 0 ||
        sodium_base642bin(der, sizeof der, b64, n, NULL, &der_len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != b64 + n) {
        size_t at = end ? (size_t)(end - b64) : 0;
        snprintf(err, errn, "public_key is not base64 (character %zu)",
                 at + 1);
        return NULL;
    }
    const unsigned char *p = der;
    EVP_PKEY *pk = d2i_PUBKEY(NULL, &p, (long)der_len);
    if (!pk || p != der + der_len) {
        snprintf(err, errn, "public_key is not a DER SubjectPublicKeyInfo "
                 "(%s)", pk ? "bytes after the key" : ossl_reason());
        EVP_PKEY_free(pk);
        return NULL;
    }
    int bits = EVP_PKEY_get_bits(pk);
    if (!EVP_PKEY_is_a(pk, "RSA") || bits < KEY_MIN_BITS ||
        bits > KEY_MAX_BITS) {
        snprintf(err, errn, "public_key must be an RSA key of %d to %d bits "
                 "(this is %s, %d bits)", KEY_MIN_BITS, KEY_MAX_BITS,
                 EVP_PKEY_get0_type_name(pk) ? EVP_PKEY_get0_type_name(pk)
                                             : "unknown", bits);
        EVP_PKEY_free(pk);
        return NULL;
    }
    if (errn) {
        err[0] = '\0';
    }
    return pk;
}

enum kiosk_err report_check_public_key(const char *b64, char *err,
                                       size_t errn)
{
    EVP_PKEY *pk = report_pubkey_load(b64, err, errn);
    EVP_PKEY_free(pk);
    return pk ? KIOSK_OK : KIOSK_EINVAL;
}

/* ---- primitives ---------------------------------------------------------- */

static int md5(const void *a, size_t an, const void *b, size_t bn,
               unsigned char out[MD5_BYTES])
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    unsigned int n = 0;
    int ok = c && EVP_DigestInit_ex(c, EVP_md5(), NULL) &&
             EVP_DigestUpdate(c, a, an) && (!bn || EVP_DigestUpdate(c, b, bn)) &&
             EVP_DigestFinal_ex(c, out, &n) && n == MD5_BYTES;
    EVP_MD_CTX_free(c);
    return ok;
}

/* RSA-OAEP with SHA-256 and MGF1-SHA-256, result base64 into a malloc'd
 * string (*out); 1 on success. */
static int oaep_b64(EVP_PKEY *pk, const unsigned char *in, size_t n,
                    char **out)
{
    *out = NULL;
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pk, NULL);
    size_t len = 0;
    unsigned char *buf = NULL;
    int ok = c && EVP_PKEY_encrypt_init(c) > 0 &&
             EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) > 0 &&
             EVP_PKEY_CTX_set_rsa_oaep_md(c, EVP_sha256()) > 0 &&
             EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256()) > 0 &&
             EVP_PKEY_encrypt(c, NULL, &len, in, n) > 0 &&
             (buf = malloc(len)) != NULL &&
             EVP_PKEY_encrypt(c, buf, &len, in, n) > 0;
    if (ok) {
        size_t bn = sodium_base64_ENCODED_LEN(len,
                                              sodium_base64_VARIANT_ORIGINAL);
        *out = malloc(bn);
        ok = *out != NULL;
        if (ok) {
            sodium_bin2base64(*out, bn, buf, len,
                              sodium_base64_VARIANT_ORIGINAL);
        }
    }
    free(buf);
    EVP_PKEY_CTX_free(c);
    return ok;
}

/* AES-256-CFB128 of PKCS#7-padded plain into a malloc'd *out. */
static int aes_cfb(const unsigned char key[AES_KEY_BYTES],
                   const unsigned char iv[AES_BLOCK], const unsigned char *in,
                   size_t n, unsigned char **out, size_t *out_len)
{
    size_t pad = AES_BLOCK - n % AES_BLOCK; /* 1..16, never 0 */
    size_t total = n + pad;
    unsigned char *plain = malloc(total), *cipher = malloc(total);
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int ok = plain && cipher && c && total <= INT32_MAX;
    if (ok) {
        memcpy(plain, in, n);
        memset(plain + n, (int)pad, pad);
        int a = 0, b = 0;
        ok = EVP_EncryptInit_ex(c, EVP_aes_256_cfb128(), NULL, key, iv) &&
             EVP_CIPHER_CTX_set_padding(c, 0) &&
             EVP_EncryptUpdate(c, cipher, &a, plain, (int)total) &&
             EVP_EncryptFinal_ex(c, cipher + a, &b) &&
             (size_t)a + (size_t)b == total;
    }
    if (plain) {
        OPENSSL_cleanse(plain, total);
    }
    free(plain);
    EVP_CIPHER_CTX_free(c);
    if (!ok) {
        free(cipher);
        return 0;
    }
    *out = cipher;
    *out_len = total;
    return 1;
}

/* ---- one record ------------------------------------------------------------ */

void report_record_free(struct report_record *r)
{
    if (r) {
        free(r->manifest);
        free(r->enc);
        memset(r, 0, sizeof *r);
    }
}

void report_record_outbox(const struct report_record *r,
                          struct store_outbox_new *out)
{
    memset(out, 0, sizeof *out);
    out->kind = REPORT_OUTBOX_KIND;
    out->form = r->form_id;
    out->instance = r->instance_id;
    out->body = r->manifest;
    out->len = r->manifest_len;
    out->att = r->enc;
    out->att_len = r->enc_len;
}

enum kiosk_err report_encrypt(const char *public_key, const char *form_id,
                              const char *version, const char *instance_id,
                              const unsigned char *xml, size_t len,
                              struct report_record *out)
{
    if (!out) {
        return KIOSK_EINVAL;
    }
    memset(out, 0, sizeof *out);
    if (!form_id || !*form_id || strlen(form_id) >= sizeof out->form_id ||
        !instance_id || !*instance_id ||
        strlen(instance_id) >= sizeof out->instance_id || !xml || !len ||
        (version && !*version)) {
        return KIOSK_EINVAL;
    }
    EVP_PKEY *pk = report_pubkey_load(public_key, NULL, 0);
    if (!pk) {
        return KIOSK_EINVAL;
    }
    unsigned char key[AES_KEY_BYTES], iv[MD5_BYTES], sum[MD5_BYTES];
    char *wrapped = NULL, *sig = NULL;
    enum kiosk_err e = KIOSK_EIO;
    if (RAND_bytes(key, sizeof key) != 1 ||
        !md5(instance_id, strlen(instance_id), key, sizeof key, iv)) {
        goto done;
    }
    iv[0]++; /* file 0 of 1: the XML */
    if (!aes_cfb(key, iv, xml, len, &out->enc, &out->enc_len) ||
        !oaep_b64(pk, key, sizeof key, &wrapped) ||
        !md5(xml, len, NULL, 0, sum)) {
        goto done;
    }
    /* the signature's source text */
    char hex[2 * MD5_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, sum, sizeof sum);
    struct report_buf src = {.max = 4096};
    report_buf_puts(&src, form_id);
    report_buf_puts(&src, "\n");
    if (version) {
        report_buf_puts(&src, version);
        report_buf_puts(&src, "\n");
    }
    report_buf_puts(&src, wrapped);
    report_buf_puts(&src, "\n");
    report_buf_puts(&src, instance_id);
    report_buf_puts(&src, "\n" XML_PART "::");
    report_buf_puts(&src, hex);
    report_buf_puts(&src, "\n");
    int ok = !src.failed && md5(src.p, src.len, NULL, 0, sum) &&
             oaep_b64(pk, sum, sizeof sum, &sig);
    report_buf_free(&src);
    if (!ok) {
        goto done;
    }
    struct report_buf m = {.max = STORE_MAX_OUTBOX_BODY};
    report_buf_puts(&m, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<data "
                    "xmlns=\"http://opendatakit.org/submissions\" "
                    "encrypted=\"yes\" id=\"");
    report_buf_xml(&m, form_id);
    report_buf_puts(&m, "\"");
    if (version) {
        report_buf_puts(&m, " version=\"");
        report_buf_xml(&m, version);
        report_buf_puts(&m, "\"");
    }
    report_buf_puts(&m, "><base64EncryptedKey>");
    report_buf_puts(&m, wrapped);
    report_buf_puts(&m, "</base64EncryptedKey><encryptedXmlFile>" XML_PART
                    ".enc</encryptedXmlFile>"
                    "<base64EncryptedElementSignature>");
    report_buf_puts(&m, sig);
    report_buf_puts(&m, "</base64EncryptedElementSignature><meta xmlns=\""
                    "http://openrosa.org/xforms\"><instanceID>");
    report_buf_xml(&m, instance_id);
    report_buf_puts(&m, "</instanceID></meta></data>\n");
    if (m.failed) {
        e = m.failed == 1 ? KIOSK_ETOOBIG : KIOSK_ENOMEM;
        report_buf_free(&m);
        goto done;
    }
    out->manifest = (unsigned char *)m.p;
    out->manifest_len = m.len;
    snprintf(out->form_id, sizeof out->form_id, "%s", form_id);
    snprintf(out->instance_id, sizeof out->instance_id, "%s", instance_id);
    e = KIOSK_OK;
done:
    OPENSSL_cleanse(key, sizeof key);
    OPENSSL_cleanse(iv, sizeof iv);
    free(wrapped);
    free(sig);
    EVP_PKEY_free(pk);
    ERR_clear_error();
    if (e != KIOSK_OK) {
        report_record_free(out);
    }
    return e;
}
