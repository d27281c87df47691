#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Small wrappers for what Swift cannot import from curses.h: macros, and the global variables that
// a reentrant ncurses build turns into functions.

static inline WINDOW *gdn_stdscr(void) { return stdscr; }
static inline int gdn_colors(void) { return COLORS; }
static inline int gdn_color_pairs(void) { return COLOR_PAIRS; }
// wcwidth is declared only under _XOPEN_SOURCE, which Swift's Glibc module does not set.
int wcwidth(wchar_t c);
static inline int gdn_wcwidth(wchar_t c) { return wcwidth(c); }

static inline attr_t gdn_a_bold(void) { return A_BOLD; }
static inline attr_t gdn_a_reverse(void) { return A_REVERSE; }
static inline attr_t gdn_a_dim(void) { return A_DIM; }
static inline attr_t gdn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t gdn_a_italic(void) {
#ifdef A_ITALIC
    return A_ITALIC;
#else
    return A_NORMAL;
#endif
}

static inline int gdn_key_f(int n) { return KEY_F(n); }
static inline int gdn_key_code_yes(void) { return KEY_CODE_YES; }

/// Puts one wide character with attributes and a colour pair at (y, x).
static inline int gdn_put_cell(int y, int x, wchar_t ch, attr_t attrs, int pair) {
    cchar_t cell;
    wchar_t text[2] = { ch, 0 };
    setcchar(&cell, text, attrs, (short)pair, NULL);
    return mvadd_wch(y, x, &cell);
}

/* A character with its combining marks: `count` (1...CCHARW_MAX) wide characters, the first spacing. */
static inline int gdn_put_text(int y, int x, const wchar_t *chars, int count, attr_t attrs, int pair) {
    cchar_t cell;
    wchar_t text[CCHARW_MAX + 1];
    if (count < 1 || count > CCHARW_MAX) return ERR;
    for (int i = 0; i < count; i++) text[i] = chars[i];
    text[count] = 0;
    setcchar(&cell, text, attrs, (short)pair, NULL);
    return mvadd_wch(y, x, &cell);
}

static inline int gdn_cchar_max(void) { return CCHARW_MAX; }

static inline mmask_t gdn_button1_mask(void) {
    return BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED;
}
static inline int gdn_is_button1(mmask_t state) {
    return (state & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0;
}

/// newterm on the process's own stdout/stdin (globals Swift 6 will not touch); NULL on failure.
static inline SCREEN *gdn_newterm(void) { return newterm(NULL, stdout, stdin); }
