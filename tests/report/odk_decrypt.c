/* Decrypting ODK encrypted submissions as the province would, for the
 * tests. Written from the spec (getodk xforms-spec, Encryption). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <sodium.h>

#include "odk_decrypt.h"

EVP_PKEY *test_keypair(int bits, char *pub_b64, size_t n,
                       const char *pem_path)
{
    EVP_PKEY *k = EVP_RSA_gen((unsigned)bits);
    unsigned char *der = NULL;
    int len = k ? i2d_PUBKEY(k, &der) : -1;
    if (len <= 0 || sodium_init() < 0 ||
        sodium_base64_ENCODED_LEN((size_t)len,
                                  sodium_base64_VARIANT_ORIGINAL) > n) {
        OPENSSL_free(der);
        EVP_PKEY_free(k);
        return NULL;
    }
    sodium_bin2base64(pub_b64, n, der, (size_t)len,
                      sodium_base64_VARIANT_ORIGINAL);
    OPENSSL_free(der);
    if (pem_path) {
        unlink(pem_path);
        int fd = open(pem_path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        int ok = f && PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
        if (f) {
            ok = fclose(f) == 0 && ok;
        } else if (fd >= 0) {
            close(fd);
        }
        if (!ok) {
            EVP_PKEY_free(k);
            return NULL;
        }
    }
    return k;
}

int xml_text(const char *xml, const char *tag, char *out, size_t n)
{
    char open[80], close[80];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *a = strstr(xml, open);
    const char *b = a ? strstr(a, close) : NULL;
    if (!b) {
        return -1;
    }
    a += strlen(open);
    size_t k = (size_t)(b - a);
    if (k >= n) {
        return -1;
    }
    memcpy(out, a, k);
    out[k] = '\0';
    return 0;
}

/* The value of attribute name="..." on the root element. */
static int root_attr(const char *xml, const char *name, char *out,
                     size_t n)
{
    const char *root = strstr(xml, "<data ");
    const char *gt = root ? strchr(root, '>') : NULL;
    char pat[40];
    snprintf(pat, sizeof pat, " %s=\"", name);
    const char *a = root ? strstr(root, pat) : NULL;
    if (!a || a > gt) {
        out[0] = '\0';
        return -1;
    }
    a += strlen(pat);
    const char *b = strchr(a, '"');
    if (!b || (size_t)(b - a) >= n) {
        return -1;
    }
    memcpy(out, a, (size_t)(b - a));
    out[b - a] = '\0';
    return 0;
}

/* RSA-OAEP SHA-256/MGF1-SHA-256 decryption of base64 text into out. */
static int unwrap(EVP_PKEY *priv, const char *b64, unsigned char *out,
                  size_t *out_len)
{
    unsigned char bin[1024];
    size_t bn = 0;
    if (sodium_base642bin(bin, sizeof bin, b64, strlen(b64), NULL, &bn,
                          NULL, sodium_base64_VARIANT_ORIGINAL) != 0) {
        return -1;
    }
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(priv, NULL);
    int ok = c && EVP_PKEY_decrypt_init(c) > 0 &&
             EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) > 0 &&
             EVP_PKEY_CTX_set_rsa_oaep_md(c, EVP_sha256()) > 0 &&
             EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256()) > 0 &&
             EVP_PKEY_decrypt(c, out, out_len, bin, bn) > 0;
    EVP_PKEY_CTX_free(c);
    ERR_clear_error();
    return ok ? 0 : -1;
}

static void md5(const void *p, size_t n, unsigned char out[16])
{
    EVP_Digest(p, n, out, NULL, EVP_md5(), NULL);
}

int odk_decrypt(EVP_PKEY *priv, const unsigned char *manifest,
                size_t mlen, const unsigned char *enc, size_t elen,
                struct odk_plain *out, char *err, size_t errn)
{
    memset(out, 0, sizeof *out);
    char *m = malloc(mlen + 1);
    if (!m) {
        snprintf(err, errn, "out of memory");
        return -1;
    }
    memcpy(m, manifest, mlen);
    m[mlen] = '\0';
    char key_b64[1024], sig_b64[1024], file[64];
    int rc = -1;
    unsigned char *plain = NULL;
    if (!strstr(m, "encrypted=\"yes\"") ||
        root_attr(m, "id", out->form, sizeof out->form) != 0 ||
        xml_text(m, "base64EncryptedKey", key_b64, sizeof key_b64) != 0 ||
        xml_text(m, "encryptedXmlFile", file, sizeof file) != 0 ||
        xml_text(m, "base64EncryptedElementSignature", sig_b64,
                 sizeof sig_b64) != 0 ||
        xml_text(m, "instanceID", out->instance, sizeof out->instance)) {
        snprintf(err, errn, "not an encrypted-submission manifest");
        goto done;
    }
    int has_version = root_attr(m, "version", out->version,
                                sizeof out->version) == 0;
    if (strcmp(file, "submission.xml.enc") != 0) {
        snprintf(err, errn, "encryptedXmlFile is '%s'", file);
        goto done;
    }
    unsigned char key[512];
    size_t klen = sizeof key;
    if (unwrap(priv, key_b64, key, &klen) != 0 || klen != 32) {
        snprintf(err, errn, "the AES key does not unwrap with this private "
                 "key");
        goto done;
    }
    if (elen == 0 || elen % 16 != 0) {
        snprintf(err, errn, "ciphertext of %zu bytes is not whole blocks",
                 elen);
        goto done;
    }
    /* iv: md5(instanceID || key), byte 0 plus one (the only file) */
    unsigned char iv[16];
    size_t il = strlen(out->instance);
    unsigned char *seed = malloc(il + klen);
    if (!seed) {
        goto done;
    }
    memcpy(seed, out->instance, il);
    memcpy(seed + il, key, klen);
    md5(seed, il + klen, iv);
    free(seed);
    iv[0]++;
    plain = malloc(elen + 1);
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int a = 0, b = 0;
    int ok = plain && c &&
             EVP_DecryptInit_ex(c, EVP_aes_256_cfb128(), NULL, key, iv) &&
             EVP_CIPHER_CTX_set_padding(c, 0) &&
             EVP_DecryptUpdate(c, plain, &a, enc, (int)elen) &&
             EVP_DecryptFinal_ex(c, plain + a, &b);
    EVP_CIPHER_CTX_free(c);
    if (!ok || (size_t)(a + b) != elen) {
        snprintf(err, errn, "AES-CFB decryption failed");
        goto done;
    }
    unsigned pad = plain[elen - 1];
    int pad_ok = pad >= 1 && pad <= 16;
    for (unsigned i = 1; pad_ok && i <= pad; i++) {
        pad_ok = plain[elen - i] == pad;
    }
    if (!pad_ok) {
        snprintf(err, errn, "bad PKCS#7 padding: wrong key or damaged "
                 "ciphertext");
        goto done;
    }
    size_t len = elen - pad;
    plain[len] = '\0';
    /* the signature: md5 over the manifest's fields and the XML's md5 */
    unsigned char sum[16];
    char hex[33];
    md5(plain, len, sum);
    sodium_bin2hex(hex, sizeof hex, sum, sizeof sum);
    char src[2048];
    int sn = snprintf(src, sizeof src, "%s\n%s%s%s\n%s\nsubmission.xml::%s\n",
                      out->form, has_version ? out->version : "",
                      has_version ? "\n" : "", key_b64, out->instance, hex);
    unsigned char want[16], got[512];
    size_t glen = sizeof got;
    md5(src, (size_t)sn, want);
    if (unwrap(priv, sig_b64, got, &glen) != 0 || glen != 16 ||
        memcmp(got, want, 16) != 0) {
        snprintf(err, errn, "the signature does not match: the record was "
                 "changed");
        goto done;
    }
    out->xml = plain;
    out->len = len;
    plain = NULL;
    rc = 0;
done:
    sodium_memzero(key_b64, sizeof key_b64);
    free(plain);
    free(m);
    return rc;
}
