/* The YAML subset reader (see yaml.h). The text is cut into lines (each
 * with its indentation, its content without a comment, and its raw text
 * for block scalars); blocks are then read by indentation, one-line
 * scalars and flow collections by a cursor. */
#include "util/yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"

struct line {
    int no;          /* 1-based */
    int indent;      /* of the content, in spaces */
    char *text;      /* the content: no indentation, no comment, no trailing space ("" when blank) */
    const char *raw; /* the whole line, for block scalars */
    size_t raw_len;
};

struct yaml {
    struct line *lines;
    size_t count, pos;
    size_t nodes;
    char *copy; /* the text, cut into the lines' contents */
    struct ck_err *err;
    int failed;
};

static cJSON *fail(struct yaml *y, int line, const char *why)
{
    if (!y->failed)
        ck_err_set(y->err, CK_ERR_PARSE, "line %d: %s", line, why);
    y->failed = 1;
    return NULL;
}

static cJSON *nomem(struct yaml *y)
{
    if (!y->failed)
        ck_err_set(y->err, CK_ERR_NOMEM, "out of memory reading YAML");
    y->failed = 1;
    return NULL;
}

/* Counts a new node against the limit; NULL stays NULL (out of memory). */
static cJSON *node(struct yaml *y, cJSON *n, int line)
{
    if (!n)
        return nomem(y);
    if (++y->nodes > CK_YAML_MAX_NODES) {
        cJSON_Delete(n);
        if (!y->failed)
            ck_err_set(y->err, CK_ERR_LIMIT, "line %d: more than %d nodes", line, CK_YAML_MAX_NODES);
        y->failed = 1;
        return NULL;
    }
    return n;
}

/* ---- lines ------------------------------------------------------------------- */

/* Cuts a comment (a # at the start or after a blank, outside quotes) and
 * trailing blanks off s. */
static void strip_comment(char *s)
{
    char quote = 0, *end;
    size_t i;
    for (i = 0; s[i]; i++) {
        char c = s[i];
        if (quote == '"' && c == '\\' && s[i + 1])
            i++;
        else if (quote == '\'' && c == '\'' && s[i + 1] == '\'')
            i++; /* '' in single quotes */
        else if (quote && c == quote)
            quote = 0;
        else if (!quote && (c == '"' || c == '\'') && (i == 0 || strchr(" \t[{,:-", s[i - 1])))
            quote = c;
        else if (!quote && c == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
            s[i] = '\0';
            break;
        }
    }
    for (end = s + strlen(s); end > s && (end[-1] == ' ' || end[-1] == '\t'); end--)
        ;
    *end = '\0';
}

static int split_lines(struct yaml *y, const char *text, size_t len)
{
    size_t i = 0, start, cap = 0;
    int no = 0;

    char *raw;

    /* the contents (cut down as they are read), then the raw lines */
    if (!(y->copy = malloc(2 * len + 2)))
        return -1;
    raw = y->copy + len + 1;
    memcpy(y->copy, text, len);
    memcpy(raw, text, len);
    y->copy[len] = raw[len] = '\0';
    while (i < len) {
        struct line *l;
        char *s = y->copy + i;
        size_t n = 0;
        start = i;
        while (i < len && text[i] != '\n')
            i++;
        if (i < len) {
            y->copy[i] = raw[i] = '\0';
            i++;
        }
        no++;
        if (y->count == cap) {
            struct line *grown = realloc(y->lines, (cap = cap ? cap * 2 : 64) * sizeof *grown);
            if (!grown)
                return -1;
            y->lines = grown;
        }
        l = &y->lines[y->count++];
        l->no = no;
        l->raw = raw + start;
        l->raw_len = strlen(s);
        if (l->raw_len && s[l->raw_len - 1] == '\r')
            s[--l->raw_len] = '\0';
        while (s[n] == ' ')
            n++;
        if (l->raw_len && !ck_utf8_valid(s, l->raw_len)) {
            fail(y, no, "not UTF-8 text");
            return 0;
        }
        l->indent = (int)n;
        l->text = s + n;
        if (*l->text == '\t') {
            char *t = l->text;
            while (*t == ' ' || *t == '\t')
                t++;
            if (*t && *t != '#') {
                fail(y, no, "a tab in the indentation");
                return 0;
            }
        }
        strip_comment(l->text);
    }
    return 0;
}

/* The next line with content (pos moved to it), or NULL. */
static struct line *next_content(struct yaml *y)
{
    while (y->pos < y->count && !*y->lines[y->pos].text)
        y->pos++;
    return y->pos < y->count ? &y->lines[y->pos] : NULL;
}

static int is_item(const char *s)
{
    return s[0] == '-' && (s[1] == '\0' || s[1] == ' ');
}

/* The offset of the ':' that ends a key at the start of s, or -1. */
static int key_end(const char *s)
{
    size_t i = 0;
    if (*s == '[' || *s == '{' || is_item(s))
        return -1;
    if (*s == '"' || *s == '\'') {
        char q = *s;
        for (i = 1; s[i] && s[i] != q; i++)
            if (q == '"' && s[i] == '\\' && s[i + 1])
                i++;
            else if (q == '\'' && s[i] == '\'' && s[i + 1] == '\'')
                i++;
        if (!s[i])
            return -1;
        i++;
        while (s[i] == ' ')
            i++;
        return s[i] == ':' && (s[i + 1] == '\0' || s[i + 1] == ' ') ? (int)i : -1;
    }
    for (; s[i]; i++)
        if (s[i] == ':' && (s[i + 1] == '\0' || s[i + 1] == ' '))
            return (int)i;
    return -1;
}

/* ---- scalars ------------------------------------------------------------------- */

static int is_number(const char *s)
{
    const char *p = s;
    int digits = 0, dot = 0;
    if (*p == '-' || *p == '+')
        p++;
    for (; *p >= '0' && *p <= '9'; p++)
        digits++;
    if (*p == '.') {
        dot = 1;
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits++;
    }
    if (!digits)
        return 0;
    if ((*p == 'e' || *p == 'E') && (dot || digits)) {
        p++;
        if (*p == '-' || *p == '+')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

static cJSON *plain(struct yaml *y, const char *s, int line)
{
    if (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL"))
        return node(y, cJSON_CreateNull(), line);
    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
        return node(y, cJSON_CreateTrue(), line);
    if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
        return node(y, cJSON_CreateFalse(), line);
    if (is_number(s))
        return node(y, cJSON_CreateNumber(strtod(s, NULL)), line);
    if (*s == '&' || *s == '*')
        return fail(y, line, "anchors and aliases are not read");
    if (*s == '!')
        return fail(y, line, "tags are not read");
    if (*s == '?' && (s[1] == ' ' || !s[1]))
        return fail(y, line, "complex keys are not read");
    if (strlen(s) > CK_YAML_MAX_SCALAR)
        return fail(y, line, "a scalar over 1 MiB");
    return node(y, cJSON_CreateString(s), line);
}

/* Code point cp as UTF-8 onto b (an invalid one as U+FFFD). */
static void put_utf8(struct ck_buf *b, unsigned long cp)
{
    char out[4];
    size_t n;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    ck_buf_append(b, out, n);
}

/* A quoted scalar at *p (its quote first): its text into b, *p after it. */
static int quoted(const char **p, struct ck_buf *b)
{
    const char *s = *p;
    char q = *s++;
    for (; *s; s++) {
        if (q == '\'' && *s == '\'') {
            if (s[1] != '\'')
                break;
            ck_buf_putc(b, '\'');
            s++;
        } else if (q == '"' && *s == '"') {
            break;
        } else if (q == '"' && *s == '\\') {
            const char *esc = "\"\\/ntr0abefv";
            const char *val = "\"\\/\n\t\r\0\a\b\x1b\f\v";
            const char *k = s[1] ? strchr(esc, s[1]) : NULL;
            if (k) {
                ck_buf_putc(b, val[k - esc]);
                s++;
            } else if (s[1] == 'u' || s[1] == 'x' || s[1] == 'U') {
                int n = s[1] == 'x' ? 2 : s[1] == 'u' ? 4 : 8, i;
                unsigned long cp = 0;
                for (i = 0; i < n; i++) {
                    char c = s[2 + i];
                    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                    if (v < 0)
                        return -1;
                    cp = cp * 16 + (unsigned long)v;
                }
                put_utf8(b, cp);
                s += 1 + n;
            } else {
                return -1;
            }
        } else {
            ck_buf_putc(b, *s);
        }
    }
    if (!*s)
        return -1;
    *p = s + 1;
    return 0;
}

static cJSON *quoted_scalar(struct yaml *y, const char **p, int line)
{
    struct ck_buf b;
    cJSON *n;
    ck_buf_init(&b);
    if (quoted(p, &b) != 0) {
        ck_buf_release(&b);
        return fail(y, line, "a quoted scalar that does not end on its line");
    }
    if (b.len > CK_YAML_MAX_SCALAR) {
        ck_buf_release(&b);
        return fail(y, line, "a scalar over 1 MiB");
    }
    if (ck_buf_status(&b) != CK_OK) {
        ck_buf_release(&b);
        return nomem(y);
    }
    n = node(y, cJSON_CreateString(b.data ? b.data : ""), line);
    ck_buf_release(&b);
    return n;
}

/* ---- flow collections --------------------------------------------------------- */

static cJSON *flow_value(struct yaml *y, const char **p, int line, int depth, const char *stops);

static void skip_blanks(const char **p)
{
    while (**p == ' ' || **p == '\t')
        (*p)++;
}

/* A plain scalar in a flow collection: up to a stop character. */
static cJSON *flow_plain(struct yaml *y, const char **p, int line, const char *stops)
{
    const char *s = *p, *end;
    char *text;
    cJSON *n;
    while (**p && !strchr(stops, **p))
        (*p)++;
    for (end = *p; end > s && (end[-1] == ' ' || end[-1] == '\t'); end--)
        ;
    if (!(text = malloc((size_t)(end - s) + 1)))
        return nomem(y);
    memcpy(text, s, (size_t)(end - s));
    text[end - s] = '\0';
    n = plain(y, text, line);
    free(text);
    return n;
}

static cJSON *flow_seq(struct yaml *y, const char **p, int line, int depth)
{
    cJSON *arr = node(y, cJSON_CreateArray(), line), *item;
    (*p)++;
    while (arr) {
        skip_blanks(p);
        if (**p == ']') {
            (*p)++;
            return arr;
        }
        if (!(item = flow_value(y, p, line, depth + 1, ",]")))
            break;
        cJSON_AddItemToArray(arr, item);
        skip_blanks(p);
        if (**p == ',')
            (*p)++;
        else if (**p != ']') {
            fail(y, line, "a flow sequence without its ']'");
            break;
        }
    }
    cJSON_Delete(arr);
    return NULL;
}

static cJSON *flow_map(struct yaml *y, const char **p, int line, int depth)
{
    cJSON *obj = node(y, cJSON_CreateObject(), line), *key, *val;
    (*p)++;
    while (obj) {
        skip_blanks(p);
        if (**p == '}') {
            (*p)++;
            return obj;
        }
        if (!(key = flow_value(y, p, line, depth + 1, ":,}")))
            break;
        skip_blanks(p);
        if (!cJSON_IsString(key) || **p != ':') {
            cJSON_Delete(key);
            fail(y, line, "a flow mapping entry that is not 'key: value'");
            break;
        }
        (*p)++;
        if (!(val = flow_value(y, p, line, depth + 1, ",}"))) {
            cJSON_Delete(key);
            break;
        }
        if (cJSON_GetObjectItemCaseSensitive(obj, key->valuestring)) {
            cJSON_Delete(key);
            cJSON_Delete(val);
            fail(y, line, "a duplicate key");
            break;
        }
        cJSON_AddItemToObject(obj, key->valuestring, val);
        cJSON_Delete(key);
        skip_blanks(p);
        if (**p == ',')
            (*p)++;
        else if (**p != '}') {
            fail(y, line, "a flow mapping without its '}'");
            break;
        }
    }
    cJSON_Delete(obj);
    return NULL;
}

static cJSON *flow_value(struct yaml *y, const char **p, int line, int depth, const char *stops)
{
    if (depth > CK_YAML_MAX_DEPTH)
        return fail(y, line, "nested too deeply");
    skip_blanks(p);
    if (**p == '[')
        return flow_seq(y, p, line, depth);
    if (**p == '{')
        return flow_map(y, p, line, depth);
    if (**p == '"' || **p == '\'')
        return quoted_scalar(y, p, line);
    return flow_plain(y, p, line, stops);
}

/* A value written on the line after "key:" or "- ". */
static cJSON *inline_value(struct yaml *y, const char *s, int line, int depth)
{
    const char *p = s;
    cJSON *n;
    if (*s != '[' && *s != '{' && *s != '"' && *s != '\'')
        return plain(y, s, line);
    n = flow_value(y, &p, line, depth, "");
    skip_blanks(&p);
    if (n && *p) {
        cJSON_Delete(n);
        return fail(y, line, "text after a quoted scalar or flow collection");
    }
    return n;
}

/* ---- blocks ------------------------------------------------------------------------ */

static cJSON *block(struct yaml *y, int min_indent, int depth);

/* A | or > scalar after the line at header (pos is past it), its lines
 * those indented deeper than parent. */
static cJSON *block_scalar(struct yaml *y, const char *indicator, int parent, int header_no)
{
    char style = indicator[0], chomp = 0;
    int indent = -1, trailing = 0;
    struct ck_buf b;
    const char *q;
    cJSON *n;

    for (q = indicator + 1; *q; q++)
        if (*q == '-' || *q == '+')
            chomp = *q;
        else if (*q >= '1' && *q <= '9')
            indent = parent + (*q - '0');
        else
            return fail(y, header_no, "an unknown block scalar indicator");
    ck_buf_init(&b);
    for (; y->pos < y->count; y->pos++) {
        const struct line *l = &y->lines[y->pos];
        int blank = !*l->text && strspn(l->raw, " ") == l->raw_len;
        if (blank) {
            trailing++;
            continue;
        }
        if (l->indent <= parent)
            break;
        if (indent < 0)
            indent = l->indent;
        if (l->indent < indent)
            break;
        if (b.len || trailing)
            ck_buf_putc(&b, style == '|' || trailing ? '\n' : ' ');
        while (trailing-- > (style == '|' ? 0 : 1))
            ck_buf_putc(&b, '\n');
        trailing = 0;
        ck_buf_append(&b, l->raw + indent, l->raw_len - (size_t)indent);
        if (b.len > CK_YAML_MAX_SCALAR) {
            ck_buf_release(&b);
            return fail(y, l->no, "a scalar over 1 MiB");
        }
    }
    if (chomp != '-' && b.len)
        ck_buf_putc(&b, '\n');
    while (chomp == '+' && trailing-- > 0)
        ck_buf_putc(&b, '\n');
    if (ck_buf_status(&b) != CK_OK) {
        ck_buf_release(&b);
        return nomem(y);
    }
    n = node(y, cJSON_CreateString(b.data ? b.data : ""), header_no);
    ck_buf_release(&b);
    return n;
}

/* The value after "key:" or "- " on line l (pos past l): inline, a block
 * scalar, or the block below (deeper, or a sequence at indent when
 * same_indent_seq). */
static cJSON *value_of(struct yaml *y, const char *rest, const struct line *l, int indent, int same_indent_seq,
                       int depth)
{
    const struct line *next;
    if (*rest == '|' || *rest == '>')
        return block_scalar(y, rest, indent, l->no);
    if (*rest)
        return inline_value(y, rest, l->no, depth);
    next = next_content(y);
    if (next && (next->indent > indent || (same_indent_seq && next->indent == indent && is_item(next->text))))
        return block(y, next->indent, depth + 1);
    return node(y, cJSON_CreateNull(), l->no);
}

static char *key_text(struct yaml *y, const char *s, int len, int line)
{
    struct ck_buf b;
    const char *p = s;
    char *out;
    ck_buf_init(&b);
    if (*s == '"' || *s == '\'') {
        if (quoted(&p, &b) != 0) {
            ck_buf_release(&b);
            fail(y, line, "a quoted key that does not end");
            return NULL;
        }
    } else {
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        ck_buf_append(&b, s, (size_t)len);
    }
    out = ck_buf_take(&b);
    if (!out)
        nomem(y);
    return out;
}

static cJSON *mapping(struct yaml *y, int indent, int depth)
{
    cJSON *obj = node(y, cJSON_CreateObject(), y->pos < y->count ? y->lines[y->pos].no : 0), *val;
    struct line *l;

    while (obj && (l = next_content(y)) != NULL && l->indent >= indent) {
        int k = key_end(l->text);
        char *key, *rest;
        if (l->indent == indent && l->text[0] == '?' && (l->text[1] == ' ' || !l->text[1])) {
            fail(y, l->no, "complex keys are not read");
            break;
        }
        if (l->indent > indent || k < 0) {
            fail(y, l->no, l->indent > indent ? "unexpected indentation" : is_item(l->text)
                                                                            ? "a list item where a key was expected"
                                                                            : "expected 'key: value'");
            break;
        }
        if (!(key = key_text(y, l->text, k, l->no)))
            break;
        if (cJSON_GetObjectItemCaseSensitive(obj, key)) {
            free(key);
            fail(y, l->no, "a duplicate key");
            break;
        }
        rest = l->text + k + 1;
        while (*rest == ' ')
            rest++;
        y->pos++;
        val = value_of(y, rest, l, indent, 1, depth);
        if (val)
            cJSON_AddItemToObject(obj, key, val);
        free(key);
        if (!val)
            break;
    }
    if (y->failed) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

static cJSON *sequence(struct yaml *y, int indent, int depth)
{
    cJSON *arr = node(y, cJSON_CreateArray(), y->pos < y->count ? y->lines[y->pos].no : 0), *val;
    struct line *l;

    while (arr && (l = next_content(y)) != NULL && l->indent == indent && is_item(l->text)) {
        char *rest = l->text + 1;
        int offset;
        while (*rest == ' ')
            rest++;
        offset = (int)(rest - l->text);
        if (*rest && (is_item(rest) || key_end(rest) >= 0)) {
            /* "- key: value" or "- - x": the rest is a block at its column */
            l->text = rest;
            l->indent = indent + offset;
            val = block(y, l->indent, depth + 1);
        } else {
            y->pos++;
            val = value_of(y, rest, l, indent, 0, depth);
        }
        if (!val)
            break;
        cJSON_AddItemToArray(arr, val);
    }
    if (!y->failed && (l = next_content(y)) != NULL && l->indent > indent)
        fail(y, l->no, "unexpected indentation");
    if (y->failed) {
        cJSON_Delete(arr);
        return NULL;
    }
    return arr;
}

static cJSON *block(struct yaml *y, int min_indent, int depth)
{
    struct line *l = next_content(y);
    if (depth > CK_YAML_MAX_DEPTH)
        return fail(y, l ? l->no : 0, "nested too deeply");
    if (!l || l->indent < min_indent)
        return node(y, cJSON_CreateNull(), l ? l->no : 0);
    if (is_item(l->text))
        return sequence(y, l->indent, depth);
    if (key_end(l->text) >= 0 || (l->text[0] == '?' && (l->text[1] == ' ' || !l->text[1])))
        return mapping(y, l->indent, depth);
    y->pos++;
    return inline_value(y, l->text, l->no, depth);
}

/* Skips a leading "---"; refuses a second document. */
static int documents(struct yaml *y)
{
    struct line *l = next_content(y);
    size_t i;
    if (l && l->indent == 0 && (!strcmp(l->text, "---") || !strncmp(l->text, "--- ", 4))) {
        if (l->text[3]) {
            l->text += 4; /* "--- value" */
            while (*l->text == ' ')
                l->text++;
        } else {
            y->pos++;
        }
    }
    for (i = y->pos + 1; i < y->count; i++) {
        const struct line *m = &y->lines[i];
        if (m->indent == 0 && (!strcmp(m->text, "---") || !strncmp(m->text, "--- ", 4))) {
            fail(y, m->no, "a second document");
            return -1;
        }
        if (m->indent == 0 && !strcmp(m->text, "...")) {
            y->count = i; /* the end of the document */
            break;
        }
    }
    return 0;
}

cJSON *ck_yaml_parse(const char *text, size_t len, struct ck_err *err)
{
    struct yaml y;
    cJSON *root = NULL;
    struct line *rest;

    if (len > CK_YAML_MAX_BYTES) {
        ck_err_set(err, CK_ERR_LIMIT, "YAML over %zu MiB", CK_YAML_MAX_BYTES >> 20);
        return NULL;
    }
    memset(&y, 0, sizeof y);
    y.err = err;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        text += 3, len -= 3;
    if (memchr(text, '\0', len)) {
        ck_err_set(err, CK_ERR_PARSE, "a NUL byte: not YAML text");
        return NULL;
    }
    if (split_lines(&y, text, len) != 0)
        nomem(&y);
    else if (!y.failed && documents(&y) == 0)
        root = block(&y, 0, 0);
    if (root && !y.failed && (rest = next_content(&y)) != NULL)
        fail(&y, rest->no, rest->indent ? "unexpected indentation" : "text after the document's end");
    if (y.failed) {
        cJSON_Delete(root);
        root = NULL;
    }
    free(y.lines);
    free(y.copy);
    return root;
}
