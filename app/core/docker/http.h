/* A small HTTP/1.1 client for the Docker Engine API, spoken over a stream
 * (platform/stream.h): a named pipe, a Unix socket or TCP, which libcurl
 * cannot all dial.
 *
 * Two layers:
 *  - ck_http_parser: an incremental response parser. It is fed bytes as they
 *    arrive and hands body bytes to a callback at once (Content-Length,
 *    chunked with extensions and trailers, or read-until-close); it never
 *    holds a whole body.
 *  - ck_http_client: writes requests and feeds the parser from the stream,
 *    with keep-alive reuse, an idle timeout and cancellation (an atomic flag
 *    polled between reads, and ck_http_client_cancel to wake a blocked read
 *    from another thread). */
#ifndef CK_HTTP_H
#define CK_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "platform/platform.h"
#include "platform/stream.h"
#include "util/buf.h"
#include "util/status.h"

#define CK_HTTP_LINE_MAX 8192    /* one status, header, chunk-size or trailer line */
#define CK_HTTP_HEAD_MAX 65536   /* status line + headers (+ trailers) */
#define CK_HTTP_HEADERS_MAX 128  /* header and trailer fields */

struct ck_http_field {
    char *name;
    char *value;
};

/* A response's head. Caller-owned: ck_http_response_init / _release. */
struct ck_http_response {
    int status;               /* 200 */
    int minor_version;        /* 1 for HTTP/1.1, 0 for HTTP/1.0 */
    char *reason;             /* "OK" (may be "") */
    struct ck_http_field *fields; /* headers, then trailers */
    size_t field_count;
    size_t trailer_start;     /* index of the first trailer in fields */
    int64_t content_length;   /* -1 when not given */
    int chunked;              /* Transfer-Encoding: chunked */
    int keep_alive;           /* the connection may carry another request */
    uint64_t body_bytes;      /* body bytes delivered so far */
};

void ck_http_response_init(struct ck_http_response *r);
void ck_http_response_release(struct ck_http_response *r);
/* The value of the first header (or trailer) of that name, any case; NULL
 * when absent. */
const char *ck_http_response_header(const struct ck_http_response *r, const char *name);

/* Receives body bytes as they arrive; a status other than CK_OK stops the
 * exchange and is returned by the feeding function. */
typedef enum ck_status (*ck_http_body_fn)(void *ctx, const char *data, size_t len);

/* ---- parser -------------------------------------------------------------- */

struct ck_http_parser {
    struct ck_http_response *resp; /* filled as the head arrives */
    ck_http_body_fn on_body;
    void *ctx;
    int state;
    int head_request;              /* a response to HEAD has no body */
    struct ck_buf line;            /* the line being collected */
    size_t head_bytes;             /* bytes of head and trailers so far */
    uint64_t remaining;            /* of the Content-Length body or the chunk */
    uint64_t bytes_seen;           /* every byte fed */
};

/* resp must be initialised; it is filled by the parser (and released by the
 * caller). head_request: the request was HEAD. on_body may be NULL (body
 * bytes are then dropped). */
void ck_http_parser_init(struct ck_http_parser *p, struct ck_http_response *resp,
                         int head_request, ck_http_body_fn on_body, void *ctx);
void ck_http_parser_release(struct ck_http_parser *p);

/* Feeds len bytes. *used is how many belong to this response (fewer than
 * len only once the response is complete). CK_ERR_PROTOCOL for a malformed
 * response, CK_ERR_LIMIT for oversized lines or heads, or what on_body
 * returned. After an error the parser must not be fed again. */
enum ck_status ck_http_parser_feed(struct ck_http_parser *p, const char *data, size_t len,
                                   size_t *used, struct ck_err *err);
/* The peer closed the connection: completes a read-until-close body,
 * otherwise CK_ERR_PROTOCOL (truncated) or CK_ERR_IO (nothing received). */
enum ck_status ck_http_parser_eof(struct ck_http_parser *p, struct ck_err *err);
/* Non-zero once the whole response (head, body, trailers) was read. */
int ck_http_parser_done(const struct ck_http_parser *p);
/* Non-zero once the head (status and headers) is complete. */
int ck_http_parser_head_done(const struct ck_http_parser *p);

/* ---- client -------------------------------------------------------------- */

struct ck_http_request {
    const char *method;              /* "GET" */
    const char *target;              /* "/v1.41/containers/create?name=x" (encoded) */
    const char *const *headers;      /* extra "Name: value" lines, NULL-terminated, or NULL */
    const char *content_type;        /* with a body; NULL = application/json */
    const void *body;                /* NULL for none */
    size_t body_len;
    unsigned timeout_ms;             /* idle timeout; 0 = the client's */
};

struct ck_http_client {
    struct ck_stream_target target;  /* owned copies of path/host */
    char *host_header;
    ck_stream *stream;               /* open connection, or NULL */
    ck_mutex *lock;                  /* guards stream against ck_http_client_cancel */
    const ck_atomic_flag *cancel;    /* polled while waiting; may be NULL */
    unsigned connect_timeout_ms;     /* default 10 s */
    unsigned timeout_ms;             /* idle timeout of a read, default 60 s */
    char *rbuf;                      /* read buffer */
    size_t rbuf_size;
    unsigned long connections;       /* connections opened (tests check reuse) */
};

/* Copies the target. host_header: the Host header to send (the Docker CLI
 * sends "api.moby.localhost" over sockets and pipes). cancel may be NULL. */
enum ck_status ck_http_client_init(struct ck_http_client *c, const struct ck_stream_target *target,
                                   const char *host_header, const ck_atomic_flag *cancel);
void ck_http_client_release(struct ck_http_client *c);

/* Sends req and reads the response into resp (initialised by the caller),
 * body bytes to on_body (NULL: dropped) as they arrive, whatever the status.
 * An idle reused connection that the server had closed is reopened once.
 * Errors: the stream's (connect), CK_ERR_TIMEOUT (idle), CK_ERR_CANCELLED,
 * CK_ERR_PROTOCOL, or on_body's. */
enum ck_status ck_http_client_request(struct ck_http_client *c, const struct ck_http_request *req,
                                      struct ck_http_response *resp, ck_http_body_fn on_body,
                                      void *ctx, struct ck_err *err);

/* From any thread: wakes a request blocked on the stream; it returns
 * CK_ERR_CANCELLED and the connection is dropped. */
void ck_http_client_cancel(struct ck_http_client *c);

/* Drops the kept-alive connection. */
void ck_http_client_disconnect(struct ck_http_client *c);

/* ---- helpers ------------------------------------------------------------- */

/* Appends s percent-encoded for a query value or path segment (unreserved
 * characters kept). */
enum ck_status ck_http_append_escaped(struct ck_buf *b, const char *s);

/* A body sink that collects at most `max` bytes into a buffer. */
struct ck_http_collect {
    struct ck_buf *buf;
    size_t max;
};
/* on_body for ck_http_collect: CK_ERR_LIMIT past max. */
enum ck_status ck_http_collect_fn(void *ctx, const char *data, size_t len);

#endif
