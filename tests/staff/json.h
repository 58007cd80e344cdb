/* A small strict JSON reader for the tests (RFC 8259: objects, arrays,
 * strings with escapes, numbers, true/false/null; nothing after the value).
 * It builds a flat tree of at most JSON_MAX_NODES nodes. */
#ifndef KIOSK_TESTS_STAFF_JSON_H
#define KIOSK_TESTS_STAFF_JSON_H

#include <stddef.h>

#define JSON_MAX_NODES 8192

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY,
                 JSON_OBJECT };

struct json_node {
    enum json_type type;
    char *key;    /* member name when the parent is an object, else NULL */
    char *str;    /* JSON_STRING (unescaped) or JSON_NUMBER text */
    int parent;   /* index, -1 for the root */
    int first;    /* first child, -1 if none */
    int next;     /* next sibling, -1 if none */
    int count;    /* children */
};

struct json_doc {
    struct json_node *nodes; /* nodes[0] is the root */
    int n;
    char *text;              /* copy holding every string */
};

/** Parses len bytes; 0 on success, else -1 with a message in err. */
int json_parse(const char *s, size_t len, struct json_doc *doc, char *err,
               size_t errn);
void json_free(struct json_doc *doc);
/** Child of object node `obj` named `key`, or -1. */
int json_get(const struct json_doc *doc, int obj, const char *key);

#endif
