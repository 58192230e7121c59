/* docker-credential-cktest: a credential helper for the tests, speaking the
 * docker-credential-helpers protocol ("get": the server URL on standard
 * input, {"ServerURL","Username","Secret"} on standard output, exit 1 with a
 * message when it has none). Its answers are fixed. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    char server[512];
    size_t n;

    if (argc != 2 || strcmp(argv[1], "get") != 0) {
        fprintf(stderr, "usage: docker-credential-cktest get\n");
        return 2;
    }
    n = fread(server, 1, sizeof server - 1, stdin);
    server[n] = '\0';
    server[strcspn(server, "\r\n")] = '\0';
    if (!strcmp(server, "helped.example.com")) {
        printf("{\"ServerURL\":\"%s\",\"Username\":\"bob\",\"Secret\":\"helper-secret\"}\n", server);
        return 0;
    }
    if (!strcmp(server, "tokened.example.com")) {
        printf("{\"ServerURL\":\"%s\",\"Username\":\"<token>\",\"Secret\":\"tok-from-helper\"}\n", server);
        return 0;
    }
    if (!strcmp(server, "garbage.example.com")) {
        printf("this is not JSON\n");
        return 0;
    }
    printf("credentials not found in native keychain\n");
    return 1;
}
