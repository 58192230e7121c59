/* bench_engine: the Engine client against the docker CLI on the same engine.
 *
 *   tests/tools/e2e-env.sh exec -- build/<dir>/tests/bench/bench_engine [IMAGE] [RUNS]
 *
 * (build/<dir> without sanitizers for meaningful times). IMAGE defaults to
 * $CK_E2E_IMAGE_LOCAL; RUNS to 15. It prints:
 *  1. the median time to copy /var/lib/dpkg/status out of IMAGE with this
 *     client (create + archive to a file + remove, one kept-alive connection)
 *     and with the docker CLI (docker create; docker cp; docker rm), and the
 *     ratio;
 *  2. the peak resident memory before and after streaming a whole container
 *     export (the body goes to a callback, never into memory): it stays flat.
 * The endpoint is the default one (DOCKER_HOST), the same for both. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker/endpoint.h"
#include "docker/engine.h"
#include "platform/platform.h"

#define STATUS_PATH "/var/lib/dpkg/status"

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double median_ms(uint64_t *ns, int n)
{
    qsort(ns, (size_t)n, sizeof *ns, cmp_u64);
    return (n % 2 ? (double)ns[n / 2] : ((double)ns[n / 2 - 1] + (double)ns[n / 2]) / 2) / 1e6;
}

/* Peak resident set size in KiB (Linux: VmHWM), 0 when unknown. */
static long peak_rss_kib(void)
{
    long kib = 0;
#ifndef _WIN32
    char line[256];
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6))
            kib = strtol(line + 6, NULL, 10);
    fclose(f);
#endif
    return kib;
}

static enum ck_status to_file(void *ctx, const char *data, size_t len)
{
    return fwrite(data, 1, len, ctx) == len ? CK_OK : CK_ERR_IO;
}

static enum ck_status count_bytes(void *ctx, const char *data, size_t len)
{
    (void)data;
    *(unsigned long long *)ctx += len;
    return CK_OK;
}

/* create + archive + remove with our client; 0 on success. phases[3]
 * receives the nanoseconds of each step. */
static int ours_once(struct ck_engine *e, const char *image, const char *out_path, uint64_t phases[3])
{
    struct ck_err err;
    char *id = NULL;
    FILE *f;
    enum ck_status st;
    uint64_t t0 = ck_time_monotonic_ns(), t1, t2;

    if (ck_engine_container_create(e, image, &id, &err) != CK_OK) {
        fprintf(stderr, "bench_engine: %s\n", err.msg);
        return -1;
    }
    t1 = ck_time_monotonic_ns();
    f = ck_fopen(out_path, "wb");
    st = f ? ck_engine_container_archive(e, id, STATUS_PATH, to_file, f, &err) : CK_ERR_IO;
    if (f)
        fclose(f);
    if (st != CK_OK)
        fprintf(stderr, "bench_engine: %s\n", f ? err.msg : "cannot write the output file");
    t2 = ck_time_monotonic_ns();
    if (ck_engine_container_remove(e, id, &err) != CK_OK) {
        fprintf(stderr, "bench_engine: %s\n", err.msg);
        st = CK_ERR_IO;
    }
    phases[0] = t1 - t0;
    phases[1] = t2 - t1;
    phases[2] = ck_time_monotonic_ns() - t2;
    free(id);
    return st == CK_OK ? 0 : -1;
}

#ifndef _WIN32
/* docker create; docker cp; docker rm with the CLI; 0 on success. */
static int cli_once(const char *image, const char *out_path)
{
    char cmd[1024], id[128] = "";
    FILE *p;
    int rc;

    snprintf(cmd, sizeof cmd, "docker create --network none '%s' /containerkitty-never-started", image);
    p = popen(cmd, "r");
    if (!p)
        return -1;
    if (!fgets(id, sizeof id, p))
        id[0] = '\0';
    rc = pclose(p);
    id[strcspn(id, "\r\n")] = '\0';
    if (rc != 0 || !id[0])
        return -1;
    snprintf(cmd, sizeof cmd, "docker cp '%s:%s' '%s' && docker rm -f '%s' >/dev/null", id, STATUS_PATH,
             out_path, id);
    return system(cmd) == 0 ? 0 : -1;
}
#endif

int main(int argc, char **argv)
{
    struct ck_endpoint ep;
    struct ck_engine e;
    struct ck_err err;
    char *env_image = ck_getenv("CK_E2E_IMAGE_LOCAL");
    const char *image = argc > 1 ? argv[1] : env_image;
    int runs = argc > 2 ? atoi(argv[2]) : 15, i, rc = 0;
    uint64_t *ours = NULL, *cli = NULL, *phase[3] = {NULL, NULL, NULL}, one[3];
    char *id = NULL;
    unsigned long long exported = 0;
    long rss_before, rss_after;
    uint64_t t0;

    if (!image || runs < 1) {
        fprintf(stderr, "usage: bench_engine [IMAGE] [RUNS] (or run under tests/tools/e2e-env.sh exec)\n");
        free(env_image);
        return 2;
    }
    ck_endpoint_init(&ep);
    if (ck_endpoint_resolve(&ep, NULL, NULL, &err) != CK_OK || ck_engine_init(&e, &ep, &err) != CK_OK) {
        fprintf(stderr, "bench_engine: %s\n", err.msg);
        ck_endpoint_release(&ep);
        free(env_image);
        return 2;
    }
    ck_endpoint_release(&ep);
    ours = calloc((size_t)runs, sizeof *ours);
    cli = calloc((size_t)runs, sizeof *cli);
    for (i = 0; i < 3; i++)
        phase[i] = calloc((size_t)runs, sizeof *phase[i]);
    if (!ours || !cli || !phase[0] || !phase[1] || !phase[2] || ck_engine_ping(&e, &err) != CK_OK) {
        fprintf(stderr, "bench_engine: %s\n", ours && cli && phase[2] ? err.msg : "out of memory");
        rc = 2;
        goto cleanup;
    }
    printf("engine %s (API %s), image %s, %d runs\n", e.endpoint.url, e.api_version, image, runs);

    /* One warm-up each, then alternate so both see the same engine state. */
    if (ours_once(&e, image, "bench_engine_ours.tar", one) != 0) {
        rc = 1;
        goto cleanup;
    }
#ifndef _WIN32
    if (cli_once(image, "bench_engine_cli.status") != 0) {
        fprintf(stderr, "bench_engine: the docker CLI failed; is docker on PATH?\n");
        rc = 1;
        goto cleanup;
    }
#endif
    for (i = 0; i < runs; i++) {
        t0 = ck_time_monotonic_ns();
        if (ours_once(&e, image, "bench_engine_ours.tar", one) != 0) {
            rc = 1;
            goto cleanup;
        }
        ours[i] = ck_time_monotonic_ns() - t0;
        phase[0][i] = one[0], phase[1][i] = one[1], phase[2][i] = one[2];
#ifndef _WIN32
        t0 = ck_time_monotonic_ns();
        if (cli_once(image, "bench_engine_cli.status") != 0) {
            rc = 1;
            goto cleanup;
        }
        cli[i] = ck_time_monotonic_ns() - t0;
#endif
    }
    {
        double m_ours = median_ms(ours, runs);
        printf("copy %s out of the image (create + archive + remove), median of %d:\n", STATUS_PATH, runs);
        printf("  ContainerKitty engine client: %8.1f ms (create %.1f, archive %.1f, remove %.1f)\n", m_ours,
               median_ms(phase[0], runs), median_ms(phase[1], runs), median_ms(phase[2], runs));
#ifndef _WIN32
        {
            double m_cli = median_ms(cli, runs);
            printf("  docker CLI (create, cp, rm):  %8.1f ms\n", m_cli);
            printf("  ratio ours / docker CLI:      %8.2fx (goal <= 0.5x)\n", m_ours / m_cli);
        }
#else
        printf("  docker CLI: not measured on Windows\n");
#endif
        printf("  connections opened: %lu\n", e.http.connections);
    }

    /* Memory while streaming a whole export. */
    if (ck_engine_container_create(&e, image, &id, &err) != CK_OK) {
        fprintf(stderr, "bench_engine: %s\n", err.msg);
        rc = 1;
        goto cleanup;
    }
    rss_before = peak_rss_kib();
    t0 = ck_time_monotonic_ns();
    if (ck_engine_container_export(&e, id, count_bytes, &exported, &err) != CK_OK) {
        fprintf(stderr, "bench_engine: %s\n", err.msg);
        rc = 1;
    }
    rss_after = peak_rss_kib();
    printf("export of the container: %.1f MB in %.0f ms (%.0f MB/s)\n", (double)exported / 1e6,
           (double)(ck_time_monotonic_ns() - t0) / 1e6,
           (double)exported / 1e6 / ((double)(ck_time_monotonic_ns() - t0) / 1e9));
    if (rss_before)
        printf("peak RSS before the export %ld KiB, after %ld KiB (+%ld KiB for %.1f MB streamed)\n", rss_before,
               rss_after, rss_after - rss_before, (double)exported / 1e6);
    ck_engine_container_remove(&e, id, &err);
    ck_remove("bench_engine_ours.tar");
    ck_remove("bench_engine_cli.status");

cleanup:
    free(id);
    free(ours);
    free(cli);
    for (i = 0; i < 3; i++)
        free(phase[i]);
    free(env_image);
    ck_engine_release(&e);
    return rc;
}
