#ifndef MNEMO_CEDITLINE_SHIM_H
#define MNEMO_CEDITLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <pthread.h>
#include <locale.h>
#include <editline/readline.h>

// Swift 6 refuses direct access to mutable C globals; these accessors are the only way
// the REPL touches libedit's global state.
typedef char **(*mnemo_completion_fn)(const char *, int, int);
static inline void mnemo_set_completion(mnemo_completion_fn fn) {
    rl_attempted_completion_function = (rl_completion_func_t *)fn;
}
static inline void mnemo_set_completion_append_character(int c) { rl_completion_append_character = c; }
static inline void mnemo_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }
static inline const char *mnemo_line_buffer(void) { return rl_line_buffer; }
static inline void mnemo_set_basic_word_break_characters(const char *s) {
    rl_basic_word_break_characters = (char *)s;
}
static inline void mnemo_set_readline_name(const char *s) { rl_readline_name = (char *)s; }

// Ctrl-C. The handler only stores to a flag (the kernel's CancellationFlag storage) and a counter:
// nothing else is safe in a signal handler. It is installed without SA_RESTART so that a Ctrl-C
// at the prompt makes readline() return NULL with errno EINTR instead of resuming the read.
//
// These statics exist once per object file that uses them, so all the Swift calls to the
// mnemo_sigint_* functions live in one Swift file (InterruptHandler.swift).
static int *volatile mnemo_sigint_flag = NULL;
static volatile sig_atomic_t mnemo_sigint_count = 0;
static volatile sig_atomic_t mnemo_sigint_computing = 0;
static pthread_t mnemo_sigint_thread = 0;

static void mnemo_sigint_handler(int signo) {
    // The kernel may deliver Ctrl-C to any thread; only a signal on the REPL's own thread
    // interrupts its blocking read at the prompt, so pass it on (pthread_kill is signal-safe).
    if (!pthread_equal(pthread_self(), mnemo_sigint_thread)) {
        pthread_kill(mnemo_sigint_thread, signo);
        return;
    }
    int *flag = mnemo_sigint_flag;
    if (flag) *flag = 1;
    mnemo_sigint_count = mnemo_sigint_count + 1;
    // A computation that ignores the flag (stuck outside any step) can still be ended:
    // the third Ctrl-C during one computation kills the process the default way.
    if (mnemo_sigint_computing && mnemo_sigint_count >= 3) {
        signal(signo, SIG_DFL);
        raise(signo);
    }
}

/// Installs the handler for the calling thread (the one that reads the prompt and runs statements);
/// `flag` receives 1 on every Ctrl-C. Returns 0 or -1 (errno set).
static inline int mnemo_sigint_install(int *flag) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = mnemo_sigint_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    mnemo_sigint_flag = flag;
    mnemo_sigint_thread = pthread_self();
    // Worker threads (Dispatch, test runners) often block signals; this thread must not.
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &interrupt, NULL);
    return sigaction(SIGINT, &action, NULL);
}

/// Restores the default SIGINT disposition and forgets the flag.
static inline void mnemo_sigint_uninstall(void) {
    signal(SIGINT, SIG_DFL);
    mnemo_sigint_flag = NULL;
}

/// Ctrl-C presses since the last call (and resets the count).
static inline int mnemo_sigint_take(void) {
    int count = (int)mnemo_sigint_count;
    mnemo_sigint_count = 0;
    return count;
}

/// Marks whether a computation is running (changes what repeated Ctrl-C does).
static inline void mnemo_sigint_set_computing(int on) {
    mnemo_sigint_count = 0;
    mnemo_sigint_computing = on;
}
#endif
