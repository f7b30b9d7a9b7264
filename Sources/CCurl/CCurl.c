#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

// libcurl's stable ABI, declared here so that building labspec needs no curl headers
// and running it needs libcurl only when an HTTP step runs.
typedef void CURL;
struct curl_slist;
typedef long long curl_off_t;

enum {
    OPT_URL = 10002, OPT_WRITEDATA = 10001, OPT_WRITEFUNCTION = 20011, OPT_HEADERDATA = 10029,
    OPT_HEADERFUNCTION = 20079, OPT_CUSTOMREQUEST = 10036, OPT_HTTPHEADER = 10023, OPT_NOBODY = 44,
    OPT_POSTFIELDSIZE_LARGE = 30120, OPT_COPYPOSTFIELDS = 10165, OPT_TIMEOUT_MS = 155, OPT_FOLLOWLOCATION = 52,
    OPT_MAXREDIRS = 68, OPT_NOSIGNAL = 99, OPT_ERRORBUFFER = 10010, OPT_ACCEPT_ENCODING = 10102,
    OPT_USERAGENT = 10018, OPT_NOPROGRESS = 43, OPT_XFERINFOFUNCTION = 20219, OPT_XFERINFODATA = 10057,
    OPT_PROTOCOLS = 181, OPT_REDIR_PROTOCOLS = 182, OPT_POST = 47,
    INFO_RESPONSE_CODE = 0x200000 + 2,
    PROTO_HTTP = 1, PROTO_HTTPS = 2,
    GLOBAL_ALL = 3,
};

static struct {
    int (*global_init)(long);
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(int);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;

static int loaded = 0;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    const char *names[] = {"libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4", "libcurl.4.dylib", "/usr/lib/libcurl.4.dylib"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) return;
    *(void **)&curl.global_init = dlsym(library, "curl_global_init");
    *(void **)&curl.easy_init = dlsym(library, "curl_easy_init");
    *(void **)&curl.easy_setopt = dlsym(library, "curl_easy_setopt");
    *(void **)&curl.easy_perform = dlsym(library, "curl_easy_perform");
    *(void **)&curl.easy_getinfo = dlsym(library, "curl_easy_getinfo");
    *(void **)&curl.easy_cleanup = dlsym(library, "curl_easy_cleanup");
    *(void **)&curl.easy_strerror = dlsym(library, "curl_easy_strerror");
    *(void **)&curl.slist_append = dlsym(library, "curl_slist_append");
    *(void **)&curl.slist_free_all = dlsym(library, "curl_slist_free_all");
    if (!curl.global_init || !curl.easy_init || !curl.easy_setopt || !curl.easy_perform || !curl.easy_getinfo
        || !curl.easy_cleanup || !curl.easy_strerror || !curl.slist_append || !curl.slist_free_all) return;
    if (curl.global_init(GLOBAL_ALL) != 0) return;
    loaded = 1;
}

int labspec_curl_available(void) {
    pthread_once(&load_once, load);
    return loaded;
}

typedef struct {
    labspec_curl_sink sink;
    labspec_curl_cancelled cancelled;
    void *context;
} relay;

static size_t relay_data(char *data, size_t size, size_t count, void *pointer) {
    relay *target = pointer;
    return target->sink(data, size * count, target->context);
}

static int relay_progress(void *pointer, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d) {
    (void)a; (void)b; (void)c; (void)d;
    relay *target = pointer;
    return target->cancelled(target->context) ? 1 : 0;
}

int labspec_curl_perform(const labspec_curl_request *request, labspec_curl_sink on_header,
                         labspec_curl_sink on_body, labspec_curl_cancelled cancelled, void *context,
                         long *status, char *error, size_t error_size) {
    if (!labspec_curl_available()) {
        snprintf(error, error_size, "libcurl cannot be loaded");
        return -1;
    }
    CURL *handle = curl.easy_init();
    if (handle == NULL) {
        snprintf(error, error_size, "libcurl could not start a transfer");
        return -1;
    }
    char buffer[256] = {0};
    relay headers = {on_header, cancelled, context};
    relay body = {on_body, cancelled, context};
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < request->header_count; i++) list = curl.slist_append(list, request->headers[i]);

    curl.easy_setopt(handle, OPT_URL, request->url);
    curl.easy_setopt(handle, OPT_PROTOCOLS, (long)(PROTO_HTTP | PROTO_HTTPS));
    curl.easy_setopt(handle, OPT_REDIR_PROTOCOLS, (long)(PROTO_HTTP | PROTO_HTTPS));
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, OPT_ERRORBUFFER, buffer);
    curl.easy_setopt(handle, OPT_ACCEPT_ENCODING, "");
    curl.easy_setopt(handle, OPT_USERAGENT, request->user_agent);
    curl.easy_setopt(handle, OPT_TIMEOUT_MS, request->timeout_ms);
    curl.easy_setopt(handle, OPT_FOLLOWLOCATION, request->follow_redirects ? 1L : 0L);
    curl.easy_setopt(handle, OPT_MAXREDIRS, 10L);
    curl.easy_setopt(handle, OPT_HEADERFUNCTION, relay_data);
    curl.easy_setopt(handle, OPT_HEADERDATA, &headers);
    curl.easy_setopt(handle, OPT_WRITEFUNCTION, relay_data);
    curl.easy_setopt(handle, OPT_WRITEDATA, &body);
    curl.easy_setopt(handle, OPT_NOPROGRESS, 0L);
    curl.easy_setopt(handle, OPT_XFERINFOFUNCTION, relay_progress);
    curl.easy_setopt(handle, OPT_XFERINFODATA, &body);
    if (list != NULL) curl.easy_setopt(handle, OPT_HTTPHEADER, list);
    if (strcmp(request->method, "HEAD") == 0) {
        curl.easy_setopt(handle, OPT_NOBODY, 1L);
    } else if (request->has_body) {
        curl.easy_setopt(handle, OPT_POSTFIELDSIZE_LARGE, (curl_off_t)request->body_length);
        curl.easy_setopt(handle, OPT_COPYPOSTFIELDS, request->body);
        curl.easy_setopt(handle, OPT_CUSTOMREQUEST, request->method);
    } else if (strcmp(request->method, "GET") != 0) {
        curl.easy_setopt(handle, OPT_CUSTOMREQUEST, request->method);
    }

    int code = curl.easy_perform(handle);
    *status = 0;
    if (code == 0) {
        curl.easy_getinfo(handle, INFO_RESPONSE_CODE, status);
    } else {
        snprintf(error, error_size, "%s", buffer[0] ? buffer : curl.easy_strerror(code));
    }
    curl.easy_cleanup(handle);
    if (list != NULL) curl.slist_free_all(list);
    return code;
}
