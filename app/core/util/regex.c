/* Regular expressions: a recursive-descent parser builds a syntax tree, the
 * tree is emitted as a program for a Thompson NFA, and searching runs all
 * threads of that program in lock step over the text (see regex.h). */
#include "util/regex.h"

#include <stdlib.h>
#include <string.h>

#define PATTERN_MAX 4096   /* bytes of pattern */
#define NODES_MAX 8192     /* syntax tree nodes */
#define PROGRAM_MAX 32768  /* instructions after counted repeats are expanded */
#define REPEAT_MAX 1000    /* largest n or m in {n,m} */
#define DEPTH_MAX 200      /* nesting of groups */
#define INF (-1)

/* ---- syntax tree -------------------------------------------------------- */

enum node_kind { N_EMPTY, N_CHAR, N_ANY, N_CLASS, N_BOL, N_EOL, N_CAT, N_ALT, N_REPEAT };

struct node {
    enum node_kind kind;
    int a, b;     /* children (CAT, ALT), child (REPEAT: a) */
    int min, max; /* REPEAT */
    int value;    /* CHAR: the byte; CLASS: index into classes */
};

typedef unsigned char byteset[32];

struct parser {
    const char *pat;
    size_t pos, len;
    struct node *nodes;
    int nnodes;
    byteset *classes;
    int nclasses, cap_classes;
    int depth;
    const char *error; /* NULL while all is well */
    size_t error_pos;
};

static void set_add(byteset s, unsigned c) { s[c >> 3] |= (unsigned char)(1u << (c & 7)); }
static int set_has(const byteset s, unsigned c) { return (s[c >> 3] >> (c & 7)) & 1; }

static int fail(struct parser *p, const char *why)
{
    if (!p->error) {
        p->error = why;
        p->error_pos = p->pos;
    }
    return -1;
}

static int new_node(struct parser *p, enum node_kind kind, int a, int b)
{
    struct node *n;
    if (p->nnodes >= NODES_MAX)
        return fail(p, "the pattern is too large");
    n = &p->nodes[p->nnodes];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->a = a;
    n->b = b;
    return p->nnodes++;
}

static int new_class(struct parser *p)
{
    if (p->nclasses == p->cap_classes) {
        int cap = p->cap_classes ? p->cap_classes * 2 : 8;
        byteset *c = realloc(p->classes, (size_t)cap * sizeof *c);
        if (!c)
            return fail(p, "out of memory");
        p->classes = c;
        p->cap_classes = cap;
    }
    memset(p->classes[p->nclasses], 0, sizeof(byteset));
    return p->nclasses++;
}

static int peek(const struct parser *p) { return p->pos < p->len ? (unsigned char)p->pat[p->pos] : -1; }

/* \d \w \s (and negations) into set; returns 0 when c is none of them. */
static int add_shorthand(byteset set, int c)
{
    byteset tmp;
    unsigned i;
    int neg = c == 'D' || c == 'W' || c == 'S';
    memset(tmp, 0, sizeof tmp);
    switch (c) {
    case 'd': case 'D':
        for (i = '0'; i <= '9'; i++) set_add(tmp, i);
        break;
    case 'w': case 'W':
        for (i = '0'; i <= '9'; i++) set_add(tmp, i);
        for (i = 'a'; i <= 'z'; i++) set_add(tmp, i);
        for (i = 'A'; i <= 'Z'; i++) set_add(tmp, i);
        set_add(tmp, '_');
        break;
    case 's': case 'S':
        set_add(tmp, ' '); set_add(tmp, '\t'); set_add(tmp, '\n');
        set_add(tmp, '\r'); set_add(tmp, '\f'); set_add(tmp, '\v');
        break;
    default:
        return 0;
    }
    for (i = 1; i < 256; i++) /* byte 0 ends the text: never matched */
        if (set_has(tmp, i) != neg)
            set_add(set, i);
    return 1;
}

/* The byte an escape stands for (after the backslash), or -1 when the
 * escape is unknown (letters and digits without a meaning are errors, so
 * that they stay free for later use). */
static int escaped_byte(int c)
{
    switch (c) {
    case 't': return '\t';
    case 'n': return '\n';
    case 'r': return '\r';
    case 'f': return '\f';
    case 'v': return '\v';
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c <= 0)
        return -1;
    return c;
}

/* After '[': the class up to its ']'. */
static int parse_class(struct parser *p)
{
    int idx = new_class(p), neg = 0, first = 1, prev = -1, i;
    unsigned char *set;

    if (idx < 0)
        return -1;
    if (peek(p) == '^') {
        neg = 1;
        p->pos++;
    }
    for (;;) {
        int c = peek(p), lo;
        set = p->classes[idx];
        if (c < 0)
            return fail(p, "missing ']'");
        if (c == ']' && !first)
            break;
        first = 0;
        p->pos++;
        if (c == '\\') {
            int e = peek(p);
            if (e < 0)
                return fail(p, "the pattern ends with '\\'");
            p->pos++;
            if (add_shorthand(set, e)) {
                prev = -1;
                continue;
            }
            if ((c = escaped_byte(e)) < 0) {
                p->pos--;
                return fail(p, "unknown escape");
            }
        }
        if (c == '-' && prev >= 0 && peek(p) >= 0 && peek(p) != ']') {
            int hi = peek(p);
            p->pos++;
            if (hi == '\\') {
                int e = peek(p);
                if (e < 0 || (hi = escaped_byte(e)) < 0)
                    return fail(p, "a range must end with a character");
                p->pos++;
            }
            lo = prev;
            if (hi < lo)
                return fail(p, "the range is reversed");
            for (i = lo; i <= hi; i++)
                set_add(set, (unsigned)i);
            prev = -1;
            continue;
        }
        set_add(set, (unsigned)c);
        prev = c;
    }
    p->pos++; /* ']' */
    set = p->classes[idx];
    if (neg)
        for (i = 0; i < 32; i++)
            set[i] = (unsigned char)~set[i];
    set[0] &= (unsigned char)~1u; /* never byte 0 */
    i = new_node(p, N_CLASS, 0, 0);
    if (i >= 0)
        p->nodes[i].value = idx;
    return i;
}

static int parse_alt(struct parser *p);

static int char_node(struct parser *p, int c)
{
    int n = new_node(p, N_CHAR, 0, 0);
    if (n >= 0)
        p->nodes[n].value = c;
    return n;
}

static int parse_atom(struct parser *p)
{
    int c = peek(p), n;
    p->pos++;
    switch (c) {
    case '(':
        if (++p->depth > DEPTH_MAX)
            return fail(p, "groups are nested too deeply");
        n = parse_alt(p);
        if (n < 0)
            return -1;
        if (peek(p) != ')')
            return fail(p, "missing ')'");
        p->pos++;
        p->depth--;
        return n;
    case '[':
        return parse_class(p);
    case '.':
        return new_node(p, N_ANY, 0, 0);
    case '^':
        return new_node(p, N_BOL, 0, 0);
    case '$':
        return new_node(p, N_EOL, 0, 0);
    case '\\': {
        int e = peek(p), k;
        if (e < 0)
            return fail(p, "the pattern ends with '\\'");
        p->pos++;
        if ((k = new_class(p)) < 0)
            return -1;
        if (add_shorthand(p->classes[k], e)) {
            n = new_node(p, N_CLASS, 0, 0);
            if (n >= 0)
                p->nodes[n].value = k;
            return n;
        }
        p->nclasses--; /* not needed after all */
        if ((c = escaped_byte(e)) < 0) {
            p->pos--;
            return fail(p, "unknown escape");
        }
        return char_node(p, c);
    }
    case '*': case '+': case '?':
        p->pos--;
        return fail(p, "nothing to repeat");
    default:
        return char_node(p, c);
    }
}

/* Reads "{n}", "{n,}" or "{n,m}" at the current position; returns 0 (and
 * leaves pos) when the text there is not a count. */
static int parse_count(struct parser *p, int *min, int *max)
{
    size_t i = p->pos + 1;
    long lo = 0, hi;
    int digits = 0;

    while (i < p->len && p->pat[i] >= '0' && p->pat[i] <= '9' && digits < 6) {
        lo = lo * 10 + (p->pat[i++] - '0');
        digits++;
    }
    if (!digits)
        return 0;
    hi = lo;
    if (i < p->len && p->pat[i] == ',') {
        i++;
        digits = 0;
        hi = 0;
        while (i < p->len && p->pat[i] >= '0' && p->pat[i] <= '9' && digits < 6) {
            hi = hi * 10 + (p->pat[i++] - '0');
            digits++;
        }
        if (!digits)
            hi = INF;
    }
    if (i >= p->len || p->pat[i] != '}')
        return 0;
    if (lo > REPEAT_MAX || hi > REPEAT_MAX)
        return fail(p, "a count above 1000"), -1;
    if (hi != INF && hi < lo)
        return fail(p, "the count's maximum is below its minimum"), -1;
    *min = (int)lo;
    *max = (int)hi;
    p->pos = i + 1;
    return 1;
}

static int parse_repeat(struct parser *p)
{
    int n = parse_atom(p);
    while (n >= 0) {
        int c = peek(p), min, max, r;
        if (c == '*') {
            min = 0, max = INF;
            p->pos++;
        } else if (c == '+') {
            min = 1, max = INF;
            p->pos++;
        } else if (c == '?') {
            min = 0, max = 1;
            p->pos++;
        } else if (c == '{') {
            int got = parse_count(p, &min, &max);
            if (got < 0)
                return -1;
            if (!got)
                break;
        } else {
            break;
        }
        r = new_node(p, N_REPEAT, n, 0);
        if (r < 0)
            return -1;
        p->nodes[r].min = min;
        p->nodes[r].max = max;
        n = r;
    }
    return n;
}

static int parse_cat(struct parser *p)
{
    int n = -2; /* none yet */
    while (peek(p) >= 0 && peek(p) != '|' && peek(p) != ')') {
        int r = parse_repeat(p);
        if (r < 0)
            return -1;
        n = n == -2 ? r : new_node(p, N_CAT, n, r);
        if (n < 0)
            return -1;
    }
    return n == -2 ? new_node(p, N_EMPTY, 0, 0) : n;
}

static int parse_alt(struct parser *p)
{
    int n = parse_cat(p);
    while (n >= 0 && peek(p) == '|') {
        int r;
        p->pos++;
        r = parse_cat(p);
        if (r < 0)
            return -1;
        n = new_node(p, N_ALT, n, r);
    }
    return n;
}

/* ---- program ------------------------------------------------------------ */

enum op { OP_CHAR, OP_ANY, OP_CLASS, OP_BOL, OP_EOL, OP_SPLIT, OP_JMP, OP_MATCH };

struct inst {
    unsigned char op;
    unsigned char c;
    int x, y; /* SPLIT: both; JMP: x; CLASS: x = class index */
};

struct ck_regex {
    char *pattern;
    struct inst *prog;
    int n;
    byteset *classes;
};

struct emitter {
    const struct parser *p;
    struct inst *prog;
    int n;
    int too_big;
};

static int emit(struct emitter *e, enum op op, int x, int y)
{
    if (e->n >= PROGRAM_MAX) {
        e->too_big = 1;
        return 0;
    }
    e->prog[e->n].op = (unsigned char)op;
    e->prog[e->n].c = 0;
    e->prog[e->n].x = x;
    e->prog[e->n].y = y;
    return e->n++;
}

static void emit_node(struct emitter *e, int idx)
{
    const struct node *nd = &e->p->nodes[idx];
    int i, at, split, jmp;

    if (e->too_big)
        return;
    switch (nd->kind) {
    case N_EMPTY:
        break;
    case N_CHAR:
        at = emit(e, OP_CHAR, 0, 0);
        if (!e->too_big)
            e->prog[at].c = (unsigned char)nd->value;
        break;
    case N_ANY: emit(e, OP_ANY, 0, 0); break;
    case N_CLASS: emit(e, OP_CLASS, nd->value, 0); break;
    case N_BOL: emit(e, OP_BOL, 0, 0); break;
    case N_EOL: emit(e, OP_EOL, 0, 0); break;
    case N_CAT:
        emit_node(e, nd->a);
        emit_node(e, nd->b);
        break;
    case N_ALT:
        split = emit(e, OP_SPLIT, 0, 0);
        emit_node(e, nd->a);
        jmp = emit(e, OP_JMP, 0, 0);
        if (e->too_big)
            return;
        e->prog[split].x = split + 1;
        e->prog[split].y = e->n;
        emit_node(e, nd->b);
        e->prog[jmp].x = e->n;
        break;
    case N_REPEAT:
        for (i = 0; i < nd->min; i++)
            emit_node(e, nd->a);
        if (nd->max == INF) {
            split = emit(e, OP_SPLIT, 0, 0);
            emit_node(e, nd->a);
            emit(e, OP_JMP, split, 0);
            if (e->too_big)
                return;
            e->prog[split].x = split + 1;
            e->prog[split].y = e->n;
        } else {
            /* x{2,4} = x x (x (x)?)?: each optional copy may skip to the end */
            int first = e->n, end;
            for (i = nd->min; i < nd->max; i++) {
                emit(e, OP_SPLIT, 0, 0);
                emit_node(e, nd->a);
            }
            if (e->too_big)
                return;
            end = e->n;
            for (at = first; at < end; at++)
                if (e->prog[at].op == OP_SPLIT && e->prog[at].y == 0 && e->prog[at].x == 0) {
                    e->prog[at].x = at + 1;
                    e->prog[at].y = end;
                }
        }
        break;
    }
}

enum ck_status ck_regex_compile(struct ck_regex **out, const char *pattern, struct ck_err *err)
{
    struct parser p;
    struct emitter e;
    struct ck_regex *re = NULL;
    int root;
    enum ck_status st = CK_OK;

    memset(&p, 0, sizeof p);
    memset(&e, 0, sizeof e);
    if (!pattern)
        return ck_err_set(err, CK_ERR_ARG, "no regular expression given");
    p.pat = pattern;
    p.len = strlen(pattern);
    if (p.len > PATTERN_MAX)
        return ck_err_set(err, CK_ERR_LIMIT, "the regular expression is longer than %d bytes", PATTERN_MAX);
    p.nodes = malloc(NODES_MAX * sizeof *p.nodes);
    e.prog = malloc(PROGRAM_MAX * sizeof *e.prog);
    re = calloc(1, sizeof *re);
    if (!p.nodes || !e.prog || !re) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    root = parse_alt(&p);
    if (root >= 0 && p.pos < p.len) /* only an unmatched ')' stops parse_alt early */
        root = fail(&p, "unmatched ')'");
    if (root < 0) {
        st = ck_err_set(err, CK_ERR_PARSE, "invalid regular expression '%.200s' at position %lu: %s",
                        pattern, (unsigned long)p.error_pos + 1, p.error ? p.error : "syntax error");
        goto cleanup;
    }
    e.p = &p;
    emit_node(&e, root);
    emit(&e, OP_MATCH, 0, 0);
    if (e.too_big) {
        st = ck_err_set(err, CK_ERR_LIMIT, "the regular expression '%.200s' is too large once its counts "
                        "are expanded", pattern);
        goto cleanup;
    }
    re->pattern = malloc(p.len + 1);
    re->prog = re->pattern ? realloc(e.prog, (size_t)e.n * sizeof *e.prog) : NULL;
    if (!re->prog) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    e.prog = NULL; /* now re->prog */
    memcpy(re->pattern, pattern, p.len + 1);
    re->n = e.n;
    re->classes = p.classes;
    p.classes = NULL;
    *out = re;
    re = NULL;

cleanup:
    ck_regex_free(re);
    free(p.nodes);
    free(p.classes);
    free(e.prog);
    return st;
}

void ck_regex_free(struct ck_regex *re)
{
    if (!re)
        return;
    free(re->pattern);
    free(re->prog);
    free(re->classes);
    free(re);
}

const char *ck_regex_pattern(const struct ck_regex *re)
{
    return re->pattern;
}

/* ---- search ------------------------------------------------------------- */

struct threads {
    int *pcs;
    int n;
};

struct run {
    const struct ck_regex *re;
    unsigned *mark; /* generation in which each pc was last added */
    int *stack;
    unsigned gen;
    int matched;
};

/* Adds pc and everything reachable without consuming a byte to list. */
static void add_thread(struct run *r, struct threads *list, int pc, size_t pos, size_t len)
{
    int sp = 0;
    r->stack[sp++] = pc;
    while (sp > 0) {
        const struct inst *in;
        pc = r->stack[--sp];
        if (r->mark[pc] == r->gen)
            continue;
        r->mark[pc] = r->gen;
        in = &r->re->prog[pc];
        switch (in->op) {
        case OP_JMP:
            r->stack[sp++] = in->x;
            break;
        case OP_SPLIT:
            r->stack[sp++] = in->y;
            r->stack[sp++] = in->x;
            break;
        case OP_BOL:
            if (pos == 0)
                r->stack[sp++] = pc + 1;
            break;
        case OP_EOL:
            if (pos == len)
                r->stack[sp++] = pc + 1;
            break;
        case OP_MATCH:
            r->matched = 1;
            break;
        default:
            list->pcs[list->n++] = pc;
        }
    }
}

static int consumes(const struct ck_regex *re, const struct inst *in, unsigned char c)
{
    switch (in->op) {
    case OP_CHAR: return in->c == c;
    case OP_ANY: return 1;
    case OP_CLASS: return set_has(re->classes[in->x], c);
    default: return 0;
    }
}

int ck_regex_search(const struct ck_regex *re, const char *text)
{
    struct run r;
    struct threads a, b, *cur = &a, *next = &b, *tmp;
    size_t len = strlen(text), i;
    int j, result = -1;

    /* every pc is marked once per generation and pushes at most two */
    r.re = re;
    r.mark = calloc((size_t)re->n, sizeof *r.mark);
    r.stack = malloc(((size_t)re->n * 2 + 1) * sizeof *r.stack);
    a.pcs = malloc((size_t)re->n * sizeof *a.pcs);
    b.pcs = malloc((size_t)re->n * sizeof *b.pcs);
    if (!r.mark || !r.stack || !a.pcs || !b.pcs)
        goto cleanup;
    r.gen = 1;
    r.matched = 0;
    a.n = b.n = 0;
    for (i = 0;; i++) {
        add_thread(&r, cur, 0, i, len); /* a match may start here */
        if (r.matched || i == len)
            break;
        r.gen++;
        next->n = 0;
        for (j = 0; j < cur->n; j++)
            if (consumes(re, &re->prog[cur->pcs[j]], (unsigned char)text[i]))
                add_thread(&r, next, cur->pcs[j] + 1, i + 1, len);
        if (r.matched)
            break;
        tmp = cur, cur = next, next = tmp;
    }
    result = r.matched;

cleanup:
    free(r.mark);
    free(r.stack);
    free(a.pcs);
    free(b.pcs);
    return result;
}
