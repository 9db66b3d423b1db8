/*
 * Unix datagram sockets for systemd readiness (SEMANTICS.md Y2, Y4, N8; issue #5).
 *
 * Why this addon exists: Node core has no AF_UNIX SOCK_DGRAM sockets, and the notification must leave from
 * this very process (systemd's NotifyAccess=main checks the sender's pid, so systemd-notify or a python
 * child is not equivalent). The npm addon used before (unix-dgram) copies the address as a C string, which
 * cannot express an abstract address: its first byte is NUL and its name is delimited by the length given
 * to bind/connect, not by a terminator. Here every address is a Buffer and is passed with its exact length
 * (offsetof(sun_path) + length), so "\0name" (Y1) and filesystem paths both work.
 *
 * Exports:
 *   send(address: Buffer, message: Buffer): void
 *     socket + connect + send + close, synchronous. The send does not wait for room in a full receive
 *     queue (MSG_DONTWAIT): it fails with EAGAIN instead of freezing the event loop; Y2 logs it.
 *   bindReceive(address: Buffer, timeoutMs: number, maxBytes: number): Promise<Buffer | null>
 *     binds synchronously (a bind error is thrown here, and a sender started right after the call finds
 *     the socket), then waits for one datagram off the main thread: poll() with the timeout and recv() of at
 *     most maxBytes run as N-API async work on libuv's thread pool, so neither Node's event loop nor the hub
 *     running on it is blocked. Resolves with the datagram (truncated to maxBytes, as recv does), or null
 *     when nothing arrived in time. The socket is closed before the promise settles.
 *
 * Errors are JS Errors shaped like Node's own system errors: code ("ENOENT"...), errno (negative, as in
 * Node), syscall, address ("@name" for abstract addresses) and a message "<syscall> <CODE> <address>".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <node_api.h>
#include <uv.h>

#define CHECK(env, call)                                                   \
  do {                                                                     \
    if ((call) != napi_ok) {                                               \
      napi_throw_error((env), NULL, "unix_dgram: N-API call failed: " #call); \
      return NULL;                                                         \
    }                                                                      \
  } while (0)

/* Shows an address the way NOTIFY_SOCKET spells it: a leading NUL is written "@". */
static void format_address(const struct sockaddr_un *sa, socklen_t len, char *out, size_t outlen) {
  size_t n = len - offsetof(struct sockaddr_un, sun_path);
  const char *p = sa->sun_path;
  if (n > 0 && p[0] == '\0') {
    snprintf(out, outlen, "@%.*s", (int)(n - 1), p + 1);
  } else {
    snprintf(out, outlen, "%.*s", (int)n, p);
  }
}

static napi_value make_errno_error(napi_env env, int err, const char *syscall, const char *address) {
  const char *code = uv_err_name(-err);
  char msg[512];
  snprintf(msg, sizeof msg, "%s %s %s (%s)", syscall, code, address, strerror(err));
  napi_value jcode, jmsg, error, jerrno, jsyscall, jaddress;
  if (napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &jcode) != napi_ok ||
      napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &jmsg) != napi_ok ||
      napi_create_error(env, jcode, jmsg, &error) != napi_ok ||
      napi_create_int32(env, -err, &jerrno) != napi_ok ||
      napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &jsyscall) != napi_ok ||
      napi_create_string_utf8(env, address, NAPI_AUTO_LENGTH, &jaddress) != napi_ok) {
    return NULL;
  }
  napi_set_named_property(env, error, "errno", jerrno);
  napi_set_named_property(env, error, "syscall", jsyscall);
  napi_set_named_property(env, error, "address", jaddress);
  return error;
}

static void throw_errno(napi_env env, int err, const char *syscall, const char *address) {
  napi_value error = make_errno_error(env, err, syscall, address);
  if (error != NULL) napi_throw(env, error);
}

/* Reads a Buffer argument into a sockaddr_un; the length is the Buffer's, NULs included. */
static int read_address(napi_env env, napi_value value, struct sockaddr_un *sa, socklen_t *len) {
  bool is_buffer = false;
  void *data;
  size_t n;
  if (napi_is_buffer(env, value, &is_buffer) != napi_ok || !is_buffer) {
    napi_throw_type_error(env, NULL, "unix_dgram: the address must be a Buffer");
    return 0;
  }
  napi_get_buffer_info(env, value, &data, &n);
  if (n == 0) {
    napi_throw_type_error(env, "EINVAL", "unix_dgram: the address is empty (give a path or \"@name\")");
    return 0;
  }
  if (n > sizeof sa->sun_path) {
    char msg[160];
    snprintf(msg, sizeof msg, "unix_dgram: a unix socket address is at most %zu bytes, got %zu",
             sizeof sa->sun_path, n);
    napi_throw_error(env, "ENAMETOOLONG", msg);
    return 0;
  }
  memset(sa, 0, sizeof *sa);
  sa->sun_family = AF_UNIX;
  memcpy(sa->sun_path, data, n);
  *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
  return 1;
}

static napi_value js_send(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  struct sockaddr_un sa;
  socklen_t salen;
  if (argc < 2 || !read_address(env, argv[0], &sa, &salen)) {
    if (argc < 2) napi_throw_type_error(env, NULL, "unix_dgram.send(address, message): two Buffers expected");
    return NULL;
  }
  bool is_buffer = false;
  void *msg;
  size_t msglen;
  CHECK(env, napi_is_buffer(env, argv[1], &is_buffer));
  if (!is_buffer) {
    napi_throw_type_error(env, NULL, "unix_dgram.send: the message must be a Buffer");
    return NULL;
  }
  CHECK(env, napi_get_buffer_info(env, argv[1], &msg, &msglen));
  char shown[128];
  format_address(&sa, salen, shown, sizeof shown);

  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw_errno(env, errno, "socket", shown);
    return NULL;
  }
  if (connect(fd, (struct sockaddr *)&sa, salen) != 0) {
    int err = errno;
    close(fd);
    throw_errno(env, err, "connect", shown);
    return NULL;
  }
  ssize_t sent;
  do {
    sent = send(fd, msg, msglen, MSG_DONTWAIT | MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) {
    int err = errno;
    close(fd);
    throw_errno(env, err, "send", shown);
    return NULL;
  }
  close(fd);
  /* A datagram goes whole or not at all; a short count would mean the kernel changed its contract. */
  if ((size_t)sent != msglen) {
    throw_errno(env, EMSGSIZE, "send", shown);
  }
  return NULL;
}

typedef struct {
  int fd;
  int64_t timeout_ms;
  size_t max_bytes;
  char *buf;
  ssize_t received; /* -1: nothing arrived in time */
  int err;          /* errno of a failed poll/recv, 0 otherwise */
  const char *failed_call;
  char shown[128];
  napi_deferred deferred;
  napi_async_work work;
} receive_job;

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Thread pool side: no N-API calls here. */
static void receive_execute(napi_env env, void *data) {
  (void)env;
  receive_job *job = data;
  int64_t deadline = now_ms() + job->timeout_ms;
  job->received = -1;
  for (;;) {
    int64_t left = deadline - now_ms();
    if (left < 0) left = 0;
    struct pollfd pfd = {.fd = job->fd, .events = POLLIN};
    int ready = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left);
    if (ready < 0) {
      if (errno == EINTR) continue;
      job->err = errno;
      job->failed_call = "poll";
      return;
    }
    if (ready == 0) {
      if (left > INT32_MAX) continue; /* a wait longer than poll() can express, in slices */
      return;                         /* timed out */
    }
    ssize_t n = recv(job->fd, job->buf, job->max_bytes, MSG_DONTWAIT);
    if (n >= 0) {
      job->received = n;
      return;
    }
    if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
    job->err = errno;
    job->failed_call = "recv";
    return;
  }
}

static void receive_complete(napi_env env, napi_status status, void *data) {
  receive_job *job = data;
  close(job->fd);
  napi_value result = NULL;
  int ok = 0;
  if (status == napi_cancelled) {
    result = make_errno_error(env, ECANCELED, "recv", job->shown);
  } else if (job->err != 0) {
    result = make_errno_error(env, job->err, job->failed_call, job->shown);
  } else if (job->received < 0) {
    ok = napi_get_null(env, &result) == napi_ok;
  } else {
    ok = napi_create_buffer_copy(env, (size_t)job->received, job->buf, NULL, &result) == napi_ok;
  }
  if (result == NULL) {
    napi_value msg;
    napi_create_string_utf8(env, "unix_dgram: could not build the result", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &result);
    ok = 0;
  }
  if (ok) {
    napi_resolve_deferred(env, job->deferred, result);
  } else {
    napi_reject_deferred(env, job->deferred, result);
  }
  napi_delete_async_work(env, job->work);
  free(job->buf);
  free(job);
}

static napi_value js_bind_receive(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3) {
    napi_throw_type_error(env, NULL, "unix_dgram.bindReceive(address, timeoutMs, maxBytes): three arguments expected");
    return NULL;
  }
  struct sockaddr_un sa;
  socklen_t salen;
  if (!read_address(env, argv[0], &sa, &salen)) return NULL;
  double timeout_ms, max_bytes;
  if (napi_get_value_double(env, argv[1], &timeout_ms) != napi_ok || !(timeout_ms >= 0)) {
    napi_throw_type_error(env, NULL, "unix_dgram.bindReceive: timeoutMs must be a number >= 0");
    return NULL;
  }
  if (napi_get_value_double(env, argv[2], &max_bytes) != napi_ok || !(max_bytes >= 1 && max_bytes <= 65536)) {
    napi_throw_type_error(env, NULL, "unix_dgram.bindReceive: maxBytes must be a number from 1 to 65536");
    return NULL;
  }
  char shown[128];
  format_address(&sa, salen, shown, sizeof shown);

  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    throw_errno(env, errno, "socket", shown);
    return NULL;
  }
  if (bind(fd, (struct sockaddr *)&sa, salen) != 0) {
    int err = errno;
    close(fd);
    throw_errno(env, err, "bind", shown);
    return NULL;
  }
  receive_job *job = calloc(1, sizeof *job);
  char *buf = malloc((size_t)max_bytes);
  if (job == NULL || buf == NULL) {
    free(job);
    free(buf);
    close(fd);
    throw_errno(env, ENOMEM, "bind", shown);
    return NULL;
  }
  job->fd = fd;
  job->timeout_ms = timeout_ms > 9e15 ? (int64_t)9e15 : (int64_t)timeout_ms;
  job->max_bytes = (size_t)max_bytes;
  job->buf = buf;
  memcpy(job->shown, shown, sizeof shown);

  napi_value promise, name;
  if (napi_create_promise(env, &job->deferred, &promise) != napi_ok ||
      napi_create_string_utf8(env, "greenhub:unix_dgram.receive", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, NULL, name, receive_execute, receive_complete, job, &job->work) != napi_ok ||
      napi_queue_async_work(env, job->work) != napi_ok) {
    close(fd);
    free(buf);
    free(job);
    napi_throw_error(env, NULL, "unix_dgram.bindReceive: could not start the receive");
    return NULL;
  }
  return promise;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_value fn;
  if (napi_create_function(env, "send", NAPI_AUTO_LENGTH, js_send, NULL, &fn) != napi_ok ||
      napi_set_named_property(env, exports, "send", fn) != napi_ok ||
      napi_create_function(env, "bindReceive", NAPI_AUTO_LENGTH, js_bind_receive, NULL, &fn) != napi_ok ||
      napi_set_named_property(env, exports, "bindReceive", fn) != napi_ok) {
    return NULL;
  }
  return exports;
}
