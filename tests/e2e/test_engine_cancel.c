/* A call blocked on an engine that never answers (tests/tools/fake_engine.py
 * in mode "hang", URL in argv[1]) is woken by ck_engine_cancel from another
 * thread, and an idle timeout ends it when nobody cancels. The client's
 * default idle timeout is a minute, so CK_ERR_CANCELLED can only come from
 * the cancel. */
#include <string.h>

#include "ck_test.h"
#include "docker/engine.h"
#include "platform/platform.h"

static const char *url;

static void cancel_later(void *arg)
{
    ck_sleep_ms(300);
    ck_engine_cancel(arg);
}

static void test_cancel_wakes_blocked_read(void)
{
    struct ck_endpoint ep;
    struct ck_engine e;
    struct ck_err err;
    struct ck_engine_version v;
    ck_thread *t = NULL;

    ck_endpoint_init(&ep);
    CK_REQUIRE(ck_endpoint_parse(&ep, url, NULL, &err) == CK_OK);
    CK_REQUIRE(ck_engine_init(&e, &ep, &err) == CK_OK);
    ck_endpoint_release(&ep);
    CK_REQUIRE(ck_thread_start(&t, cancel_later, &e) == CK_OK);
    CK_CHECK_INT(ck_engine_version(&e, &v, &err), CK_ERR_CANCELLED);
    ck_thread_join(t);
    ck_engine_release(&e);
}

static void test_idle_timeout(void)
{
    struct ck_endpoint ep;
    struct ck_engine e;
    struct ck_err err;

    ck_endpoint_init(&ep);
    CK_REQUIRE(ck_endpoint_parse(&ep, url, NULL, &err) == CK_OK);
    CK_REQUIRE(ck_engine_init(&e, &ep, &err) == CK_OK);
    ck_endpoint_release(&ep);
    e.timeout_ms = 700;
    CK_CHECK_INT(ck_engine_ping(&e, &err), CK_ERR_TIMEOUT);
    CK_CHECK(strstr(err.msg, "did not answer in time") != NULL);
    fprintf(stderr, "  %s\n", err.msg);
    ck_engine_release(&e);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_engine_cancel tcp://HOST:PORT\n");
        return 2;
    }
    url = argv[1];
    CK_RUN(test_cancel_wakes_blocked_read);
    CK_RUN(test_idle_timeout);
    return ck_test_summary();
}
