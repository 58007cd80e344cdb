/* A small strict JSON reader for the tests; see json.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct jp {
    const char *s;
    size_t len, pos;
    struct json_doc *doc;
    char *out;      /* where the next unescaped string goes */
    char *err;
    size_t errn;
    int depth;
};

static int fail(struct jp *p, const char *what)
{
    if (p->err && p->err[0] == '\0') {
        snprintf(p->err, p->errn, "%s at byte %zu", what, p->pos);
    }
    return -1;
}

static void ws(struct jp *p)
{
    while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos])) {
        p->pos++;
    }
}

static int new_node(struct jp *p, enum json_type t, int parent)
{
    if (p->doc->n >= JSON_MAX_NODES) {
        return -1;
    }
    int i = p->doc->n++;
    struct json_node *n = &p->doc->nodes[i];
    memset(n, 0, sizeof *n);
    n->type = t;
    n->parent = parent;
    n->first = n->next = -1;
    return i;
}

static void put_utf8(struct jp *p, unsigned cp)
{
    if (cp < 0x80) {
        *p->out++ = (char)cp;
    } else if (cp < 0x800) {
        *p->out++ = (char)(0xc0 | cp >> 6);
        *p->out++ = (char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        *p->out++ = (char)(0xe0 | cp >> 12);
        *p->out++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *p->out++ = (char)(0x80 | (cp & 0x3f));
    } else {
        *p->out++ = (char)(0xf0 | cp >> 18);
        *p->out++ = (char)(0x80 | ((cp >> 12) & 0x3f));
        *p->out++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *p->out++ = (char)(0x80 | (cp & 0x3f));
    }
}

static int hex4(struct jp *p, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        if (p->pos >= p->len) {
            return fail(p, "short \\u escape");
        }
        char c = p->s[p->pos++];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 99u;
        if (d == 99u) {
            return fail(p, "bad \\u escape");
        }
        *v = *v * 16 + d;
    }
    return 0;
}

/* Reads a string (opening quote at pos) into p->out; returns its start. */
static char *string(struct jp *p)
{
    if (p->pos >= p->len || p->s[p->pos] != '"') {
        fail(p, "expected a string");
        return NULL;
    }
    p->pos++;
    char *start = p->out;
    while (p->pos < p->len && p->s[p->pos] != '"') {
        unsigned char c = (unsigned char)p->s[p->pos++];
        if (c < 0x20) {
            fail(p, "control character in a string");
            return NULL;
        }
        if (c != '\\') {
            *p->out++ = (char)c;
            continue;
        }
        if (p->pos >= p->len) {
            break;
        }
        char e = p->s[p->pos++];
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *k = strchr(from, e);
        if (e && k) {
            *p->out++ = to[k - from];
        } else if (e == 'u') {
            unsigned v;
            if (hex4(p, &v)) {
                return NULL;
            }
            if (v >= 0xd800 && v < 0xdc00) {
                unsigned lo;
                if (p->pos + 2 > p->len || p->s[p->pos] != '\\' ||
                    p->s[p->pos + 1] != 'u') {
                    fail(p, "lone surrogate");
                    return NULL;
                }
                p->pos += 2;
                if (hex4(p, &lo) || lo < 0xdc00 || lo > 0xdfff) {
                    fail(p, "bad surrogate pair");
                    return NULL;
                }
                v = 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
            }
            put_utf8(p, v);
        } else {
            fail(p, "bad escape");
            return NULL;
        }
    }
    if (p->pos >= p->len) {
        fail(p, "unterminated string");
        return NULL;
    }
    p->pos++;
    *p->out++ = '\0';
    return start;
}

static int value(struct jp *p, int parent, char *key);

static void link_child(struct jp *p, int parent, int child)
{
    if (parent < 0) {
        return;
    }
    struct json_node *par = &p->doc->nodes[parent];
    if (par->first < 0) {
        par->first = child;
    } else {
        int c = par->first;
        while (p->doc->nodes[c].next >= 0) {
            c = p->doc->nodes[c].next;
        }
        p->doc->nodes[c].next = child;
    }
    par->count++;
}

static int container(struct jp *p, int parent, char *key, int obj)
{
    if (++p->depth > 64) {
        return fail(p, "nested too deep");
    }
    int i = new_node(p, obj ? JSON_OBJECT : JSON_ARRAY, parent);
    if (i < 0) {
        return fail(p, "too many nodes");
    }
    p->doc->nodes[i].key = key;
    link_child(p, parent, i);
    p->pos++; /* { or [ */
    ws(p);
    char close = obj ? '}' : ']';
    if (p->pos < p->len && p->s[p->pos] == close) {
        p->pos++;
        p->depth--;
        return 0;
    }
    for (;;) {
        ws(p);
        char *k = NULL;
        if (obj) {
            k = string(p);
            if (!k) {
                return -1;
            }
            ws(p);
            if (p->pos >= p->len || p->s[p->pos] != ':') {
                return fail(p, "expected ':'");
            }
            p->pos++;
        }
        if (value(p, i, k)) {
            return -1;
        }
        ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->s[p->pos] == close) {
            p->pos++;
            p->depth--;
            return 0;
        }
        return fail(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int value(struct jp *p, int parent, char *key)
{
    ws(p);
    if (p->pos >= p->len) {
        return fail(p, "expected a value");
    }
    char c = p->s[p->pos];
    if (c == '{' || c == '[') {
        return container(p, parent, key, c == '{');
    }
    int i;
    if (c == '"') {
        char *s = string(p);
        if (!s || (i = new_node(p, JSON_STRING, parent)) < 0) {
            return fail(p, "bad string");
        }
        p->doc->nodes[i].str = s;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        size_t st = p->pos;
        if (p->s[p->pos] == '-') {
            p->pos++;
        }
        if (p->pos >= p->len || p->s[p->pos] < '0' || p->s[p->pos] > '9') {
            return fail(p, "bad number");
        }
        if (p->s[p->pos] == '0' && p->pos + 1 < p->len &&
            p->s[p->pos + 1] >= '0' && p->s[p->pos + 1] <= '9') {
            return fail(p, "leading zero");
        }
        while (p->pos < p->len && strchr("0123456789.eE+-", p->s[p->pos])) {
            p->pos++;
        }
        if ((i = new_node(p, JSON_NUMBER, parent)) < 0) {
            return fail(p, "too many nodes");
        }
        p->doc->nodes[i].str = p->out;
        memcpy(p->out, p->s + st, p->pos - st);
        p->out += p->pos - st;
        *p->out++ = '\0';
    } else {
        static const struct { const char *w; enum json_type t; } lit[] = {
            {"true", JSON_BOOL}, {"false", JSON_BOOL}, {"null", JSON_NULL},
        };
        size_t k = 0;
        for (; k < 3; k++) {
            size_t n = strlen(lit[k].w);
            if (p->len - p->pos >= n &&
                memcmp(p->s + p->pos, lit[k].w, n) == 0) {
                p->pos += n;
                break;
            }
        }
        if (k == 3 || (i = new_node(p, lit[k].t, parent)) < 0) {
            return fail(p, "unexpected character");
        }
    }
    p->doc->nodes[i].key = key;
    link_child(p, parent, i);
    return 0;
}

int json_parse(const char *s, size_t len, struct json_doc *doc, char *err,
               size_t errn)
{
    memset(doc, 0, sizeof *doc);
    if (err && errn) {
        err[0] = '\0';
    }
    doc->nodes = calloc(JSON_MAX_NODES, sizeof *doc->nodes);
    doc->text = malloc(len * 4 + 16);
    if (!doc->nodes || !doc->text) {
        json_free(doc);
        return -1;
    }
    struct jp p = {s, len, 0, doc, doc->text, err, errn, 0};
    if (value(&p, -1, NULL)) {
        json_free(doc);
        return -1;
    }
    ws(&p);
    if (p.pos != len) {
        fail(&p, "text after the value");
        json_free(doc);
        return -1;
    }
    return 0;
}

void json_free(struct json_doc *doc)
{
    free(doc->nodes);
    free(doc->text);
    memset(doc, 0, sizeof *doc);
}

int json_get(const struct json_doc *doc, int obj, const char *key)
{
    if (obj < 0 || doc->nodes[obj].type != JSON_OBJECT) {
        return -1;
    }
    for (int c = doc->nodes[obj].first; c >= 0; c = doc->nodes[c].next) {
        if (doc->nodes[c].key && strcmp(doc->nodes[c].key, key) == 0) {
            return c;
        }
    }
    return -1;
}
