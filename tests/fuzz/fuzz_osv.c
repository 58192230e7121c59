/* libFuzzer target: any input given to the OSV record parser. A record that
 * parses must hold what the schema requires (an id, a modified time, events
 * with versions); one that does not must say why. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/osv.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_osv_record r;
    struct ck_err err;
    enum ck_status st;
    size_t i, j, k;

    ck_osv_record_init(&r);
    ck_err_clear(&err);
    st = ck_osv_parse((const char *)data, size, "fuzz", &r, &err);
    if (st != CK_OK) {
        if (!err.msg[0] || r.id)
            abort();
        return 0;
    }
    if (!r.id || !*r.id || !r.modified)
        abort();
    for (i = 0; i < r.affected_count; i++)
        for (j = 0; j < r.affected[i].range_count; j++) {
            const struct ck_osv_range *g = &r.affected[i].ranges[j];
            if (!g->event_count || !g->type_name)
                abort();
            for (k = 0; k < g->event_count; k++)
                if (!g->events[k].version || !*g->events[k].version)
                    abort();
        }
    (void)ck_osv_record_cve(&r);
    ck_osv_record_release(&r);

    /* The time parser on the same bytes as text. */
    {
        char *s = malloc(size + 1);
        int64_t us;
        if (s) {
            memcpy(s, data, size);
            s[size] = '\0';
            (void)ck_text_parse_time(s, &us);
            free(s);
        }
    }
    return 0;
}
