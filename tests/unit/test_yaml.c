/* Tests of the YAML subset reader: what it reads (block mappings and
 * sequences, items that are mappings, scalars of every style, flow
 * collections, comments, block scalars, the core schema's types), what it
 * refuses with the line (tabs, anchors, aliases, tags, complex and duplicate
 * keys, a second document, open quotes, stray indentation, text that is not
 * UTF-8) and its bounds. Each result is compared as JSON text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "util/yaml.h"

/* The document as unformatted JSON (malloc'd), or "ERROR: <message>". */
static char *as_json(const char *yaml)
{
    static char failure[CK_ERR_MSG_MAX + 16];
    struct ck_err err;
    cJSON *root = ck_yaml_parse(yaml, strlen(yaml), &err);
    char *text;
    if (!root) {
        snprintf(failure, sizeof failure, "ERROR: %s", err.msg);
        return strdup(failure);
    }
    text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return text;
}

static void expect(const char *yaml, const char *json)
{
    char *got = as_json(yaml);
    CK_CHECK_STR(got, json);
    if (got && strcmp(got, json))
        fprintf(stderr, "     for: %s\n", yaml);
    free(got);
}

static void test_blocks(void)
{
    expect("a: 1\nb:\n  c: x\n  d: [1, 2]\n", "{\"a\":1,\"b\":{\"c\":\"x\",\"d\":[1,2]}}");
    expect("- a\n- b\n-\n  - c\n", "[\"a\",\"b\",[\"c\"]]");
    expect("ignore:\n  - vulnerability: CVE-1\n    package:\n      name: x\n  - vulnerability: CVE-2\n",
           "{\"ignore\":[{\"vulnerability\":\"CVE-1\",\"package\":{\"name\":\"x\"}},{\"vulnerability\":\"CVE-2\"}]}");
    expect("list:\n- a\n- b\nnext: 1\n", "{\"list\":[\"a\",\"b\"],\"next\":1}");
    expect("- - a\n  - b\n- c\n", "[[\"a\",\"b\"],\"c\"]");
    expect("a:\nb: ~\nc: null\n", "{\"a\":null,\"b\":null,\"c\":null}");
    expect("", "null");
    expect("# only a comment\n\n", "null");
    expect("---\na: 1\n...\nnot read: 2\n", "{\"a\":1}");
    expect("\xEF\xBB\xBF" "a: b\r\nc: d\r\n", "{\"a\":\"b\",\"c\":\"d\"}");
}

static void test_scalars(void)
{
    expect("a: 'it''s # not a comment'\n", "{\"a\":\"it's # not a comment\"}");
    expect("a: \"q\\\"\\\\\\n\\t\\u00e9\"\n", "{\"a\":\"q\\\"\\\\\\n\\t\xC3\xA9\"}");
    expect("a: b # a comment\nc: d#e\n", "{\"a\":\"b\",\"c\":\"d#e\"}");
    expect("url: http://example.com:8080/x\n", "{\"url\":\"http://example.com:8080/x\"}");
    expect("t: true\nf: False\ny: yes\n", "{\"t\":true,\"f\":false,\"y\":\"yes\"}");
    expect("i: -12\nf: 1.0\ne: 2e3\nd: 2026-11-30\nh: 0x1F\nv: 1.2.3\n",
           "{\"i\":-12,\"f\":1,\"e\":2000,\"d\":\"2026-11-30\",\"h\":\"0x1F\",\"v\":\"1.2.3\"}");
    expect("\"quoted key\": 1\n'other': 2\n", "{\"quoted key\":1,\"other\":2}");
    expect("a: [x, 'y, z', [1, {k: v}], {}]\n", "{\"a\":[\"x\",\"y, z\",[1,{\"k\":\"v\"}],{}]}");
    expect("m: {a: 1, b: [c]}\n", "{\"m\":{\"a\":1,\"b\":[\"c\"]}}");
}

static void test_block_scalars(void)
{
    expect("a: |\n  line 1\n  # kept\n\n  line 3\nb: 1\n", "{\"a\":\"line 1\\n# kept\\n\\nline 3\\n\",\"b\":1}");
    expect("a: |-\n  x\n  y\n", "{\"a\":\"x\\ny\"}");
    expect("a: |+\n  x\n\n\nb: 1\n", "{\"a\":\"x\\n\\n\\n\",\"b\":1}");
    expect("a: >\n  folded\n  text\n\n  next\n", "{\"a\":\"folded text\\nnext\\n\"}");
    expect("- |\n  in a list\n- b\n", "[\"in a list\\n\",\"b\"]");
}

static void refused(const char *yaml, const char *want)
{
    char *got = as_json(yaml);
    CK_CHECK(got && !strncmp(got, "ERROR: ", 7) && strstr(got, want));
    if (got && !strstr(got, want))
        fprintf(stderr, "     got '%s', wanted '%s'\n", got, want);
    free(got);
}

static void test_refusals(void)
{
    refused("a: 1\n\tb: 2\n", "line 2: a tab in the indentation");
    refused("a: &x 1\n", "line 1: anchors and aliases");
    refused("a: 1\nb: *x\n", "line 2: anchors and aliases");
    refused("a: !!str 1\n", "line 1: tags");
    refused("? complex\n: value\n", "line 1: complex keys");
    refused("a: 1\nb: 2\na: 3\n", "line 3: a duplicate key");
    refused("a: {x: 1, x: 2}\n", "line 1: a duplicate key");
    refused("a: 1\n---\nb: 2\n", "line 2: a second document");
    refused("a: \"open\n", "line 1: a quoted scalar that does not end");
    refused("a:\n  b: 1\n    c: 2\n", "line 3: unexpected indentation");
    refused("a: [1, 2] trailing\n", "line 1: text after");
    refused("a: [1, 2\n", "line 1: a flow sequence without its ']'");
    refused("a: 1\nnot a key\n", "line 2: expected 'key: value'");
    refused("a: \xff\xfe\n", "line 1: not UTF-8 text");
}

static void test_bounds(void)
{
    char deep[400];
    struct ck_err err;
    size_t i, n = 0;
    char *big;
    for (i = 0; i < 70; i++)
        deep[n++] = '[';
    for (i = 0; i < 70; i++)
        deep[n++] = ']';
    deep[n] = '\0';
    refused(deep, "nested too deeply");
    {
        char nested[4000];
        n = 0;
        for (i = 0; i < 70; i++)
            n += (size_t)snprintf(nested + n, sizeof nested - n, "%*sk%zu:\n", (int)i, "", i);
        refused(nested, "nested too deeply");
    }
    CK_CHECK(ck_yaml_parse("a\0b", 3, &err) == NULL && strstr(err.msg, "NUL"));
    big = malloc(CK_YAML_MAX_BYTES + 1);
    CK_REQUIRE(big != NULL);
    memset(big, ' ', CK_YAML_MAX_BYTES + 1);
    CK_CHECK(ck_yaml_parse(big, CK_YAML_MAX_BYTES + 1, &err) == NULL);
    CK_CHECK_INT(err.status, CK_ERR_LIMIT);
    free(big);
}

/* --dump FILE: the file as JSON on stdout, for the oracle of yaml_oracle.py. */
static int dump(const char *path)
{
    FILE *f = fopen(path, "rb");
    static char text[1 << 20];
    size_t n;
    struct ck_err err;
    cJSON *root;
    char *json;

    if (!f)
        return 2;
    n = fread(text, 1, sizeof text, f);
    fclose(f);
    if (!(root = ck_yaml_parse(text, n, &err))) {
        printf("ERROR: %s\n", err.msg);
        return 1;
    }
    json = cJSON_PrintUnformatted(root);
    printf("%s\n", json ? json : "");
    free(json);
    cJSON_Delete(root);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[2], "--dump"))
        return dump(argv[3]);
    CK_RUN(test_blocks);
    CK_RUN(test_scalars);
    CK_RUN(test_block_scalars);
    CK_RUN(test_refusals);
    CK_RUN(test_bounds);
    return ck_test_summary();
}
