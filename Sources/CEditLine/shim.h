#ifndef MNEMO_CEDITLINE_SHIM_H
#define MNEMO_CEDITLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
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
#endif
