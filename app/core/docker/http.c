#include "docker/http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"

enum {
    S_STATUS,      /* status line */
    S_HEADER,      /* header lines up to the empty one */
    S_BODY_LENGTH, /* Content-Length body */
    S_BODY_CLOSE,  /* body delimited by the end of the connection */
    S_CHUNK_SIZE,  /* chunk-size [; extensions] line */
    S_CHUNK_DATA,
    S_CHUNK_END,   /* the CRLF after chunk data */
    S_TRAILER,     /* trailer lines up to the empty one */
    S_DONE
};

/* Largest Content-Length or chunk size accepted (4 EiB, far beyond need,
 * far below overflow). */
#define BODY_MAX ((uint64_t)1 << 62)

/* ---- response ------------------------------------------------------------ */

void ck_http_response_init(struct ck_http_response *r)
{
    memset(r, 0, sizeof *r);
    r->content_length = -1;
}

static void clear_fields(struct ck_http_response *r)
{
    size_t i;
    for (i = 0; i < r->field_count; i++) {
        free(r->fields[i].name);
        free(r->fields[i].value);
    }
    free(r->fields);
    r->fields = NULL;
    r->field_count = 0;
}

void ck_http_response_release(struct ck_http_response *r)
{
    clear_fields(r);
    free(r->reason);
    ck_http_response_init(r);
}

static int ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

const char *ck_http_response_header(const struct ck_http_response *r, const char *name)
{
    size_t i;
    for (i = 0; i < r->field_count; i++)
        if (ieq(r->fields[i].name, name))
            return r->fields[i].value;
    return NULL;
}

/* ---- parser -------------------------------------------------------------- */

void ck_http_parser_init(struct ck_http_parser *p, struct ck_http_response *resp,
                         int head_request, ck_http_body_fn on_body, void *ctx)
{
    memset(p, 0, sizeof *p);
    p->resp = resp;
    p->head_request = head_request;
    p->on_body = on_body;
    p->ctx = ctx;
    p->state = S_STATUS;
    ck_buf_init(&p->line);
}

void ck_http_parser_release(struct ck_http_parser *p) { ck_buf_release(&p->line); }

int ck_http_parser_done(const struct ck_http_parser *p) { return p->state == S_DONE; }

int ck_http_parser_head_done(const struct ck_http_parser *p) { return p->state > S_HEADER; }

static int is_tchar(int c)
{
    return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static enum ck_status parse_status_line(struct ck_http_parser *p, const char *line, struct ck_err *err)
{
    struct ck_http_response *r = p->resp;
    const char *s = line;
    char *reason;

    if (strncmp(s, "HTTP/1.", 7) != 0 || (s[7] != '0' && s[7] != '1') || s[8] != ' ' ||
        !isdigit((unsigned char)s[9]) || !isdigit((unsigned char)s[10]) ||
        !isdigit((unsigned char)s[11]) || (s[12] != ' ' && s[12] != '\0'))
        return ck_err_set(err, CK_ERR_PROTOCOL, "malformed HTTP status line: \"%.80s\"", line);
    if (s[9] == '0')
        return ck_err_set(err, CK_ERR_PROTOCOL, "invalid HTTP status %.3s", s + 9);
    reason = strdup(s[12] ? s + 13 : "");
    if (!reason)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    free(r->reason);
    r->reason = reason;
    r->minor_version = s[7] - '0';
    r->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
    return CK_OK;
}

static enum ck_status add_field(struct ck_http_response *r, const char *line, struct ck_err *err)
{
    const char *colon = strchr(line, ':'), *v, *end;
    struct ck_http_field *grown;
    char *name, *value;
    const char *c;

    if (!colon || colon == line)
        return ck_err_set(err, CK_ERR_PROTOCOL, "malformed HTTP header line: \"%.80s\"", line);
    for (c = line; c < colon; c++)
        if (!is_tchar((unsigned char)*c))
            return ck_err_set(err, CK_ERR_PROTOCOL, "malformed HTTP header name: \"%.80s\"", line);
    if (r->field_count >= CK_HTTP_HEADERS_MAX)
        return ck_err_set(err, CK_ERR_LIMIT, "more than %d HTTP header fields", CK_HTTP_HEADERS_MAX);
    for (v = colon + 1; *v == ' ' || *v == '\t'; v++) {
    }
    for (end = v + strlen(v); end > v && (end[-1] == ' ' || end[-1] == '\t'); end--) {
    }
    grown = realloc(r->fields, (r->field_count + 1) * sizeof *grown);
    if (!grown)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    r->fields = grown;
    name = malloc((size_t)(colon - line) + 1);
    value = malloc((size_t)(end - v) + 1);
    if (!name || !value) {
        free(name);
        free(value);
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    }
    memcpy(name, line, (size_t)(colon - line));
    name[colon - line] = '\0';
    memcpy(value, v, (size_t)(end - v));
    value[end - v] = '\0';
    r->fields[r->field_count].name = name;
    r->fields[r->field_count].value = value;
    r->field_count++;
    return CK_OK;
}

/* Non-zero when the comma-separated list holds token (any case). With
 * last_only, only the last element counts (Transfer-Encoding). */
static int list_has(const char *list, const char *token, int last_only)
{
    size_t tl = strlen(token);
    int found = 0;
    const char *s = list;

    while (*s) {
        const char *e;
        size_t n;
        while (*s == ' ' || *s == '\t' || *s == ',')
            s++;
        if (!*s)
            break;
        for (e = s; *e && *e != ','; e++) {
        }
        n = (size_t)(e - s);
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        /* a transfer coding may carry parameters: "chunked;q=1" is not valid, keep it simple */
        found = n == tl && strncmp(s, token, tl) == 0;
        if (!found) {
            size_t i;
            found = n == tl;
            for (i = 0; found && i < n; i++)
                found = tolower((unsigned char)s[i]) == tolower((unsigned char)token[i]);
        }
        if (found && !last_only)
            return 1;
        s = e;
    }
    return found;
}

/* Strict decimal: digits only, no sign, no spaces inside. */
static int parse_length(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s))
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > BODY_MAX)
            return -1;
    }
    *out = v;
    return 0;
}

/* Decides how the body is delimited once the head is complete (RFC 9112
 * section 6.3). */
static enum ck_status end_of_head(struct ck_http_parser *p, struct ck_err *err)
{
    struct ck_http_response *r = p->resp;
    const char *te = NULL, *conn = NULL;
    int have_length = 0;
    uint64_t length = 0;
    size_t i;

    if (r->status >= 100 && r->status < 200 && r->status != 101) {
        /* An interim response (100 Continue): the real one follows. */
        clear_fields(r);
        p->state = S_STATUS;
        return CK_OK;
    }
    for (i = 0; i < r->field_count; i++) {
        const char *name = r->fields[i].name, *value = r->fields[i].value;
        if (ieq(name, "Transfer-Encoding")) {
            te = value;
        } else if (ieq(name, "Connection")) {
            conn = value;
        } else if (ieq(name, "Content-Length")) {
            uint64_t v;
            if (parse_length(value, &v) != 0)
                return ck_err_set(err, CK_ERR_PROTOCOL, "invalid Content-Length \"%.40s\"", value);
            if (have_length && v != length)
                return ck_err_set(err, CK_ERR_PROTOCOL, "conflicting Content-Length headers");
            have_length = 1;
            length = v;
        }
    }
    r->keep_alive = r->minor_version >= 1 ? !(conn && list_has(conn, "close", 0))
                                          : (conn && list_has(conn, "keep-alive", 0));
    if (p->head_request || r->status == 204 || r->status == 304 || r->status < 200) {
        p->state = S_DONE;
        return CK_OK;
    }
    if (te) {
        r->chunked = list_has(te, "chunked", 1);
        if (!r->chunked) {
            r->keep_alive = 0;
            p->state = S_BODY_CLOSE;
            return CK_OK;
        }
        p->state = S_CHUNK_SIZE;
        return CK_OK;
    }
    if (have_length) {
        r->content_length = (int64_t)length;
        p->remaining = length;
        p->state = length ? S_BODY_LENGTH : S_DONE;
        return CK_OK;
    }
    r->keep_alive = 0;
    p->state = S_BODY_CLOSE;
    return CK_OK;
}

static enum ck_status parse_chunk_size(struct ck_http_parser *p, const char *line, struct ck_err *err)
{
    uint64_t v = 0;
    const char *s = line;
    int digits = 0;

    for (; isxdigit((unsigned char)*s); s++, digits++) {
        int d = isdigit((unsigned char)*s) ? *s - '0' : tolower((unsigned char)*s) - 'a' + 10;
        v = v * 16 + (uint64_t)d;
        if (v > BODY_MAX)
            return ck_err_set(err, CK_ERR_PROTOCOL, "chunk size too large: \"%.40s\"", line);
    }
    while (*s == ' ' || *s == '\t')
        s++;
    if (!digits || (*s && *s != ';'))
        return ck_err_set(err, CK_ERR_PROTOCOL, "malformed chunk size line: \"%.40s\"", line);
    /* Chunk extensions (";name=value") carry nothing we use. */
    p->remaining = v;
    p->state = v ? S_CHUNK_DATA : S_TRAILER;
    return CK_OK;
}

/* Handles one complete line (CRLF or bare LF removed). */
static enum ck_status on_line(struct ck_http_parser *p, const char *line, struct ck_err *err)
{
    enum ck_status st;

    switch (p->state) {
    case S_STATUS:
        st = parse_status_line(p, line, err);
        if (st == CK_OK)
            p->state = S_HEADER;
        return st;
    case S_HEADER:
        if (!*line)
            return end_of_head(p, err);
        if (*line == ' ' || *line == '\t')
            return ck_err_set(err, CK_ERR_PROTOCOL, "folded HTTP header lines are not accepted");
        return add_field(p->resp, line, err);
    case S_CHUNK_SIZE:
        return parse_chunk_size(p, line, err);
    case S_CHUNK_END:
        if (*line)
            return ck_err_set(err, CK_ERR_PROTOCOL, "chunk data longer than its size");
        p->state = S_CHUNK_SIZE;
        return CK_OK;
    case S_TRAILER:
        if (!*line) {
            p->state = S_DONE;
            return CK_OK;
        }
        if (p->resp->trailer_start == 0 || p->resp->trailer_start > p->resp->field_count)
            p->resp->trailer_start = p->resp->field_count;
        return add_field(p->resp, line, err);
    default:
        return ck_err_set(err, CK_ERR_PROTOCOL, "internal parser state");
    }
}

static int in_head(int state)
{
    return state == S_STATUS || state == S_HEADER || state == S_TRAILER;
}

/* Collects a line; returns CK_OK with *complete set when it ended. */
static enum ck_status take_line(struct ck_http_parser *p, const char *data, size_t len, size_t *used,
                                int *complete, struct ck_err *err)
{
    const char *nl = memchr(data, '\n', len);
    size_t n = nl ? (size_t)(nl - data) + 1 : len;

    if (p->line.len + n > CK_HTTP_LINE_MAX)
        return ck_err_set(err, CK_ERR_LIMIT, "HTTP line longer than %d bytes", CK_HTTP_LINE_MAX);
    if (in_head(p->state)) {
        p->head_bytes += n;
        if (p->head_bytes > CK_HTTP_HEAD_MAX)
            return ck_err_set(err, CK_ERR_LIMIT, "HTTP head larger than %d bytes", CK_HTTP_HEAD_MAX);
    }
    if (ck_buf_append(&p->line, data, n) != CK_OK)
        return ck_err_set(err, CK_ERR_NOMEM, "out of memory");
    *used = n;
    *complete = nl != NULL;
    if (*complete) {
        p->line.len--; /* the LF */
        if (p->line.len && p->line.data[p->line.len - 1] == '\r')
            p->line.len--;
        p->line.data[p->line.len] = '\0';
        if (memchr(p->line.data, '\0', p->line.len) || memchr(p->line.data, '\r', p->line.len))
            return ck_err_set(err, CK_ERR_PROTOCOL, "control characters in an HTTP line");
    }
    return CK_OK;
}

static enum ck_status deliver(struct ck_http_parser *p, const char *data, size_t n)
{
    p->resp->body_bytes += n;
    return p->on_body && n ? p->on_body(p->ctx, data, n) : CK_OK;
}

enum ck_status ck_http_parser_feed(struct ck_http_parser *p, const char *data, size_t len,
                                   size_t *used, struct ck_err *err)
{
    size_t pos = 0;
    enum ck_status st = CK_OK;

    while (pos < len && p->state != S_DONE && st == CK_OK) {
        size_t n = 0;
        int complete = 0;

        switch (p->state) {
        case S_BODY_LENGTH:
        case S_CHUNK_DATA:
            n = len - pos < p->remaining ? len - pos : (size_t)p->remaining;
            st = deliver(p, data + pos, n);
            p->remaining -= n;
            if (p->remaining == 0)
                p->state = p->state == S_BODY_LENGTH ? S_DONE : S_CHUNK_END;
            break;
        case S_BODY_CLOSE:
            n = len - pos;
            st = deliver(p, data + pos, n);
            break;
        default:
            st = take_line(p, data + pos, len - pos, &n, &complete, err);
            if (st == CK_OK && complete) {
                st = on_line(p, p->line.data, err);
                ck_buf_reset(&p->line);
            }
            break;
        }
        pos += n;
        p->bytes_seen += n;
    }
    *used = pos;
    return st;
}

enum ck_status ck_http_parser_eof(struct ck_http_parser *p, struct ck_err *err)
{
    if (p->state == S_BODY_CLOSE)
        p->state = S_DONE;
    if (p->state == S_DONE)
        return CK_OK;
    if (p->bytes_seen == 0)
        return ck_err_set(err, CK_ERR_IO, "the connection closed before a response arrived");
    if (p->state == S_BODY_LENGTH)
        return ck_err_set(err, CK_ERR_PROTOCOL,
                          "the connection closed in the middle of the response body (%llu of %lld bytes)",
                          (unsigned long long)p->resp->body_bytes, (long long)p->resp->content_length);
    return ck_err_set(err, CK_ERR_PROTOCOL, "the connection closed in the middle of the response");
}

/* ---- client -------------------------------------------------------------- */

#define RBUF_SIZE 65536
/* Reads wait in slices so the cancel flag is seen within this time. */
#define POLL_SLICE_MS 200

enum ck_status ck_http_client_init(struct ck_http_client *c, const struct ck_stream_target *target,
                                   const char *host_header, const ck_atomic_flag *cancel)
{
    memset(c, 0, sizeof *c);
    c->target = *target;
    c->target.path = target->path ? strdup(target->path) : NULL;
    c->target.host = target->host ? strdup(target->host) : NULL;
    c->host_header = strdup(host_header ? host_header : "localhost");
    c->rbuf = malloc(RBUF_SIZE);
    c->rbuf_size = RBUF_SIZE;
    c->lock = ck_mutex_new();
    c->cancel = cancel;
    c->connect_timeout_ms = 10000;
    c->timeout_ms = 60000;
    if ((target->path && !c->target.path) || (target->host && !c->target.host) || !c->host_header ||
        !c->rbuf || !c->lock) {
        ck_http_client_release(c);
        return CK_ERR_NOMEM;
    }
    return CK_OK;
}

void ck_http_client_release(struct ck_http_client *c)
{
    ck_http_client_disconnect(c);
    free((char *)c->target.path);
    free((char *)c->target.host);
    free(c->host_header);
    free(c->rbuf);
    ck_mutex_free(c->lock);
    memset(c, 0, sizeof *c);
}

void ck_http_client_disconnect(struct ck_http_client *c)
{
    ck_stream *s;
    if (!c->lock)
        return;
    ck_mutex_lock(c->lock);
    s = c->stream;
    c->stream = NULL;
    ck_mutex_unlock(c->lock);
    ck_stream_close(s);
}

void ck_http_client_cancel(struct ck_http_client *c)
{
    if (!c->lock)
        return;
    ck_mutex_lock(c->lock);
    if (c->stream)
        ck_stream_cancel(c->stream);
    ck_mutex_unlock(c->lock);
}

static int cancelled(const struct ck_http_client *c) { return c->cancel && ck_flag_get(c->cancel); }

static enum ck_status connect_stream(struct ck_http_client *c, struct ck_err *err)
{
    ck_stream *s = NULL;
    enum ck_status st = ck_stream_open(&s, &c->target, c->connect_timeout_ms, c->cancel, err);
    if (st != CK_OK)
        return st;
    ck_mutex_lock(c->lock);
    c->stream = s;
    ck_mutex_unlock(c->lock);
    c->connections++;
    return CK_OK;
}

static enum ck_status build_head(struct ck_buf *b, const struct ck_http_client *c,
                                 const struct ck_http_request *req)
{
    enum ck_status st = ck_buf_printf(b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: ContainerKitty/%s\r\n",
                                      req->method, req->target, c->host_header, CK_VERSION_STRING);
    const char *const *h;

    for (h = req->headers; st == CK_OK && h && *h; h++)
        st = ck_buf_printf(b, "%s\r\n", *h);
    if (st == CK_OK && req->body)
        st = ck_buf_printf(b, "Content-Type: %s\r\nContent-Length: %llu\r\n",
                           req->content_type ? req->content_type : "application/json",
                           (unsigned long long)req->body_len);
    else if (st == CK_OK && (!strcmp(req->method, "POST") || !strcmp(req->method, "PUT")))
        st = ck_buf_puts(b, "Content-Length: 0\r\n");
    if (st == CK_OK)
        st = ck_buf_puts(b, "\r\n");
    /* Small bodies go out in the same write as the head. */
    if (st == CK_OK && req->body && req->body_len <= 65536)
        st = ck_buf_append(b, req->body, req->body_len);
    return st;
}

/* Reads from the stream into the parser until the response is complete. */
static enum ck_status pump_response(struct ck_http_client *c, struct ck_http_parser *p,
                                    unsigned timeout_ms, struct ck_err *err)
{
    uint64_t idle_since = ck_time_monotonic_ms();

    while (!ck_http_parser_done(p)) {
        size_t got = 0, used = 0;
        uint64_t idle;
        enum ck_status st;

        if (cancelled(c))
            return ck_err_set(err, CK_ERR_CANCELLED, "cancelled");
        st = ck_stream_read(c->stream, c->rbuf, c->rbuf_size, &got, POLL_SLICE_MS, err);
        if (st == CK_ERR_TIMEOUT) {
            idle = ck_time_monotonic_ms() - idle_since;
            if (idle >= timeout_ms)
                return ck_err_set(err, CK_ERR_TIMEOUT, "no answer for %.1f s", timeout_ms / 1000.0);
            continue;
        }
        if (st != CK_OK)
            return st;
        if (got == 0)
            return ck_http_parser_eof(p, err);
        idle_since = ck_time_monotonic_ms();
        st = ck_http_parser_feed(p, c->rbuf, got, &used, err);
        if (st != CK_OK)
            return st;
        if (used < got)
            p->resp->keep_alive = 0; /* bytes after the response: do not trust the connection */
    }
    return CK_OK;
}

static enum ck_status exchange(struct ck_http_client *c, const struct ck_http_request *req,
                               struct ck_http_response *resp, ck_http_body_fn on_body, void *ctx,
                               uint64_t *bytes_seen, struct ck_err *err)
{
    struct ck_buf head;
    struct ck_http_parser p;
    unsigned timeout = req->timeout_ms ? req->timeout_ms : c->timeout_ms;
    enum ck_status st;

    ck_buf_init(&head);
    ck_http_parser_init(&p, resp, !strcmp(req->method, "HEAD"), on_body, ctx);
    st = build_head(&head, c, req);
    if (st != CK_OK) {
        st = ck_err_set(err, CK_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    st = ck_stream_write(c->stream, head.data, head.len, timeout, err);
    if (st == CK_OK && req->body && req->body_len > 65536)
        st = ck_stream_write(c->stream, req->body, req->body_len, timeout, err);
    if (st == CK_OK)
        st = pump_response(c, &p, timeout, err);

cleanup:
    *bytes_seen = p.bytes_seen;
    ck_http_parser_release(&p);
    ck_buf_release(&head);
    return st;
}

enum ck_status ck_http_client_request(struct ck_http_client *c, const struct ck_http_request *req,
                                      struct ck_http_response *resp, ck_http_body_fn on_body,
                                      void *ctx, struct ck_err *err)
{
    int attempt;
    enum ck_status st = CK_OK;

    if (cancelled(c))
        return ck_err_set(err, CK_ERR_CANCELLED, "cancelled");
    for (attempt = 0; attempt < 2; attempt++) {
        int reused = c->stream != NULL;
        uint64_t seen = 0;

        if (!c->stream) {
            st = connect_stream(c, err);
            if (st != CK_OK)
                return st;
        }
        ck_http_response_release(resp);
        st = exchange(c, req, resp, on_body, ctx, &seen, err);
        if (st == CK_OK && resp->keep_alive)
            return CK_OK;
        ck_http_client_disconnect(c);
        /* A kept-alive connection the server closed meanwhile: the request
         * never reached it, so sending it again on a new one is safe. */
        if (st == CK_OK || !reused || seen > 0 || (st != CK_ERR_IO && st != CK_ERR_PROTOCOL))
            break;
    }
    return st;
}

/* ---- helpers ------------------------------------------------------------- */

enum ck_status ck_http_append_escaped(struct ck_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    enum ck_status st = CK_OK;

    for (; *s && st == CK_OK; s++) {
        unsigned char ch = (unsigned char)*s;
        if (isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
            st = ck_buf_putc(b, (char)ch);
        } else {
            char esc[3] = {'%', hex[ch >> 4], hex[ch & 15]};
            st = ck_buf_append(b, esc, 3);
        }
    }
    return st;
}

enum ck_status ck_http_collect_fn(void *ctx, const char *data, size_t len)
{
    struct ck_http_collect *col = ctx;
    if (col->buf->len + len > col->max)
        return CK_ERR_LIMIT;
    return ck_buf_append(col->buf, data, len);
}
