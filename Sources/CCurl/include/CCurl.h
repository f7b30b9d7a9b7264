#ifndef C_CURL_H
#define C_CURL_H

#include <stddef.h>

/// Receives bytes of a response (a header line, or a piece of the body); returns how
/// many it took — fewer stops the transfer.
typedef size_t (*labspec_curl_sink)(const char *data, size_t length, void *context);
/// Asked now and then during a transfer; non-zero stops it.
typedef int (*labspec_curl_cancelled)(void *context);

/// What one request needs. `headers` are `Name: value` lines.
typedef struct {
    const char *url;
    const char *method;
    const char *const *headers;
    size_t header_count;
    const char *body;
    size_t body_length;
    int has_body;
    long timeout_ms;
    int follow_redirects;
    const char *user_agent;
} labspec_curl_request;

/// Whether libcurl could be loaded (once, on first use): labspec then needs no
/// networking library at start-up.
int labspec_curl_available(void);

/// Performs `request`; 0 on success with `*status` set, else libcurl's error code with
/// its message in `error`.
int labspec_curl_perform(const labspec_curl_request *request, labspec_curl_sink on_header,
                         labspec_curl_sink on_body, labspec_curl_cancelled cancelled, void *context,
                         long *status, char *error, size_t error_size);

/// libcurl's error codes labspec names.
enum {
    labspec_curl_unsupported_protocol = 1,
    labspec_curl_couldnt_resolve_host = 6,
    labspec_curl_couldnt_connect = 7,
    labspec_curl_operation_timedout = 28,
    labspec_curl_aborted_by_callback = 42,
    labspec_curl_ssl_connect_error = 35,
    labspec_curl_peer_failed_verification = 60,
    labspec_curl_recv_error = 56,
    labspec_curl_got_nothing = 52,
    labspec_curl_too_many_redirects = 47,
};

#endif
