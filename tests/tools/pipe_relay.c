/* pipe_relay: serves a Windows named pipe (\\.\pipe\docker_engine by default)
 * and forwards every connection to a TCP address, so that Windows programs
 * under Wine reach a real dockerd through the same named-pipe code path they
 * use against Docker Desktop.
 *
 *   pipe_relay.exe [--pipe NAME] HOST:PORT
 *
 * Prints "pipe_relay: listening on ..." once the pipe exists. When another
 * process already serves the pipe it prints "pipe_relay: already served" and
 * exits with 3. Byte-mode pipe, unlimited instances, one thread per
 * connection; each connection waits on an overlapped pipe read and an
 * overlapped socket read at once. */
#ifndef UNICODE
#define UNICODE
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_SIZE 65536

static char target_host[256];
static char target_port[16];

struct conn {
    HANDLE pipe;
    SOCKET sock;
};

static SOCKET dial(void)
{
    struct addrinfo hints, *res = NULL, *ai;
    SOCKET s = INVALID_SOCKET;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(target_host, target_port, &hints, &res) != 0)
        return INVALID_SOCKET;
    for (ai = res; ai; ai = ai->ai_next) {
        s = WSASocketW(ai->ai_family, ai->ai_socktype, ai->ai_protocol, NULL, 0, WSA_FLAG_OVERLAPPED);
        if (s == INVALID_SOCKET)
            continue;
        if (connect(s, ai->ai_addr, (int)ai->ai_addrlen) == 0)
            break;
        closesocket(s);
        s = INVALID_SOCKET;
    }
    freeaddrinfo(res);
    return s;
}

static int send_all(SOCKET s, const char *p, DWORD n)
{
    while (n > 0) {
        int k = send(s, p, (int)n, 0);
        if (k <= 0)
            return -1;
        p += k;
        n -= (DWORD)k;
    }
    return 0;
}

static int pipe_write_all(HANDLE pipe, const char *p, DWORD n, HANDLE ev)
{
    while (n > 0) {
        OVERLAPPED ov;
        DWORD done = 0;
        memset(&ov, 0, sizeof ov);
        ov.hEvent = ev;
        ResetEvent(ev);
        if (!WriteFile(pipe, p, n, &done, &ov)) {
            if (GetLastError() != ERROR_IO_PENDING || !GetOverlappedResult(pipe, &ov, &done, TRUE))
                return -1;
        }
        if (done == 0)
            return -1;
        p += done;
        n -= done;
    }
    return 0;
}

static DWORD WINAPI serve(LPVOID arg)
{
    struct conn *c = arg;
    char *pbuf = malloc(BUF_SIZE), *sbuf = malloc(BUF_SIZE);
    HANDLE pev = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE sev = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE wev = CreateEventW(NULL, TRUE, FALSE, NULL);
    OVERLAPPED pov, sov;
    int pipe_pending = 0, sock_pending = 0, pipe_open = 1, sock_open = 1;

    c->sock = dial();
    if (c->sock == INVALID_SOCKET || !pbuf || !sbuf || !pev || !sev || !wev) {
        fprintf(stderr, "pipe_relay: cannot reach %s:%s\n", target_host, target_port);
        goto done;
    }
    while (pipe_open && sock_open) {
        HANDLE waits[2];
        DWORD n = 0, flags = 0, w;

        if (!pipe_pending) {
            memset(&pov, 0, sizeof pov);
            pov.hEvent = pev;
            ResetEvent(pev);
            if (!ReadFile(c->pipe, pbuf, BUF_SIZE, NULL, &pov) && GetLastError() != ERROR_IO_PENDING) {
                pipe_open = 0;
                break;
            }
            pipe_pending = 1;
        }
        if (!sock_pending) {
            WSABUF wb;
            memset(&sov, 0, sizeof sov);
            sov.hEvent = sev;
            ResetEvent(sev);
            wb.buf = sbuf;
            wb.len = BUF_SIZE;
            if (WSARecv(c->sock, &wb, 1, NULL, &flags, &sov, NULL) != 0 && WSAGetLastError() != WSA_IO_PENDING) {
                sock_open = 0;
                break;
            }
            sock_pending = 1;
        }
        waits[0] = pev;
        waits[1] = sev;
        w = WaitForMultipleObjects(2, waits, FALSE, INFINITE);
        if (w == WAIT_OBJECT_0) {
            pipe_pending = 0;
            if (!GetOverlappedResult(c->pipe, &pov, &n, FALSE) || n == 0) {
                pipe_open = 0; /* the client closed its end */
                break;
            }
            if (send_all(c->sock, pbuf, n) != 0)
                sock_open = 0;
        } else if (w == WAIT_OBJECT_0 + 1) {
            sock_pending = 0;
            if (!WSAGetOverlappedResult(c->sock, &sov, &n, FALSE, &flags) || n == 0) {
                sock_open = 0; /* the engine closed the connection */
                break;
            }
            if (pipe_write_all(c->pipe, sbuf, n, wev) != 0)
                pipe_open = 0;
        } else {
            break;
        }
    }
    /* Let the client read what was written before the pipe goes away. */
    if (pipe_open)
        FlushFileBuffers(c->pipe);
    if (pipe_pending) {
        DWORD n;
        CancelIoEx(c->pipe, &pov);
        GetOverlappedResult(c->pipe, &pov, &n, TRUE);
    }
    if (sock_pending) {
        DWORD n, flags;
        CancelIoEx((HANDLE)c->sock, &sov);
        WSAGetOverlappedResult(c->sock, &sov, &n, TRUE, &flags);
    }
done:
    if (c->sock != INVALID_SOCKET)
        closesocket(c->sock);
    DisconnectNamedPipe(c->pipe);
    CloseHandle(c->pipe);
    if (pev)
        CloseHandle(pev);
    if (sev)
        CloseHandle(sev);
    if (wev)
        CloseHandle(wev);
    free(pbuf);
    free(sbuf);
    free(c);
    return 0;
}

static HANDLE new_instance(const wchar_t *name, int first)
{
    return CreateNamedPipeW(name,
                            PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | (first ? FILE_FLAG_FIRST_PIPE_INSTANCE : 0),
                            PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT, PIPE_UNLIMITED_INSTANCES, BUF_SIZE,
                            BUF_SIZE, 0, NULL);
}

/* Waits for a client on an overlapped instance. */
static int wait_client(HANDLE pipe)
{
    OVERLAPPED ov;
    DWORD n;
    int ok;

    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!ov.hEvent)
        return 0;
    ok = ConnectNamedPipe(pipe, &ov);
    if (!ok) {
        DWORD e = GetLastError();
        if (e == ERROR_PIPE_CONNECTED)
            ok = 1;
        else if (e == ERROR_IO_PENDING)
            ok = GetOverlappedResult(pipe, &ov, &n, TRUE);
    }
    CloseHandle(ov.hEvent);
    return ok;
}

int wmain(int argc, wchar_t **argv)
{
    wchar_t name[256] = L"\\\\.\\pipe\\docker_engine";
    char addr[300];
    const wchar_t *target = NULL;
    char *colon;
    HANDLE pipe;
    WSADATA wsa;
    int i;

    for (i = 1; i < argc; i++) {
        if (!wcscmp(argv[i], L"--pipe") && i + 1 < argc)
            _snwprintf(name, sizeof name / sizeof name[0], L"\\\\.\\pipe\\%ls", argv[++i]);
        else
            target = argv[i];
    }
    if (!target) {
        fprintf(stderr, "usage: pipe_relay [--pipe NAME] HOST:PORT\n");
        return 2;
    }
    WideCharToMultiByte(CP_UTF8, 0, target, -1, addr, sizeof addr, NULL, NULL);
    colon = strrchr(addr, ':');
    if (!colon) {
        fprintf(stderr, "pipe_relay: expected HOST:PORT, got %s\n", addr);
        return 2;
    }
    *colon = '\0';
    snprintf(target_host, sizeof target_host, "%s", addr);
    snprintf(target_port, sizeof target_port, "%s", colon + 1);
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;

    pipe = new_instance(name, 1);
    if (pipe == INVALID_HANDLE_VALUE) {
        if (GetLastError() == ERROR_ACCESS_DENIED) {
            printf("pipe_relay: already served: %ls\n", name);
            fflush(stdout);
            return 3;
        }
        fprintf(stderr, "pipe_relay: cannot create %ls (error %lu)\n", name, (unsigned long)GetLastError());
        return 1;
    }
    printf("pipe_relay: listening on %ls -> %s:%s\n", name, target_host, target_port);
    fflush(stdout);
    for (;;) {
        struct conn *c;
        HANDLE next;

        if (!wait_client(pipe)) {
            DisconnectNamedPipe(pipe);
            continue;
        }
        /* The next instance exists before this one is handed off, so the
         * name never disappears (clients would see "does not exist"). */
        next = new_instance(name, 0);
        c = calloc(1, sizeof *c);
        if (!c) {
            CloseHandle(pipe);
        } else {
            HANDLE t;
            c->pipe = pipe;
            c->sock = INVALID_SOCKET;
            t = CreateThread(NULL, 0, serve, c, 0, NULL);
            if (t)
                CloseHandle(t);
            else
                serve(c);
        }
        if (next == INVALID_HANDLE_VALUE) {
            fprintf(stderr, "pipe_relay: cannot create another instance (error %lu)\n", (unsigned long)GetLastError());
            return 1;
        }
        pipe = next;
    }
}
