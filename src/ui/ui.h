/* Immediate-mode touch UI (after microui): no SDL in here.
 *
 * Each frame the app calls ui_begin(), then widget functions that both lay
 * themselves out and report interaction (a button returns 1 on the frame it
 * is tapped), then ui_end(). Widgets append draw commands to a fixed-size
 * list that the backend (ui_sdl.c) renders; nothing is allocated during a
 * frame. Text is measured through a callback so this file knows no fonts.
 *
 * A tap counts once: it fires on release, inside the widget that was
 * pressed, and only if the finger did not move far enough to be a drag.
 * Interactive widgets are also recorded with their label, so the headless
 * driver can "tap-text" a label as a visitor would. */
#ifndef KIOSK_UI_UI_H
#define KIOSK_UI_UI_H

#include <stdint.h>

#define UI_MAX_CMDS 1024        /* draw commands per frame */
#define UI_TEXT_ARENA 65536     /* bytes of label text per frame */
#define UI_MAX_HITS 128         /* labelled interactive widgets per frame */
#define UI_MAX_WIDGETS 256      /* controls and graphics recorded per frame */

struct ui_rect {
    int x, y, w, h;
};

struct ui_color {
    uint8_t r, g, b, a;
};

/* Text roles; their pixel sizes follow the screen scale and text-size
 * setting (ui_font_px). */
enum ui_font {
    UI_FONT_SMALL,   /* footnotes, badges */
    UI_FONT_BODY,    /* paragraphs */
    UI_FONT_BUTTON,  /* button labels */
    UI_FONT_TILE,    /* tile titles */
    UI_FONT_TITLE,   /* screen titles */
    UI_FONT_HUGE,    /* attract headline, ticket code */
    UI_FONT_COUNT
};

enum ui_align { UI_LEFT = 0, UI_CENTER = 1, UI_RIGHT = 2 };

enum ui_cmd_type { UI_CMD_RECT, UI_CMD_TEXT, UI_CMD_IMAGE, UI_CMD_CLIP };

struct ui_cmd {
    enum ui_cmd_type type;
    struct ui_rect rect;      /* RECT/IMAGE: area; TEXT: top-left of the
                                 block (x, y) and wrap width (w, 0 = none);
                                 CLIP: clip rect (w=0: off) */
    struct ui_color color;
    int radius;               /* RECT: corner radius */
    int outline;              /* RECT: outline width, 0 = filled */
    const char *text;         /* TEXT: string in the frame arena;
                                 IMAGE: file path (stable, owned elsewhere) */
    enum ui_font font;
    int bold;
    enum ui_align align;
    int text_w;               /* TEXT: width of the laid-out block */
    int px;                   /* TEXT: font size (ui_text_fit's choice) */
    int max_lines;            /* TEXT: lines kept, 0 = all (else "…") */
    int break_words;          /* TEXT: words wider than a line break */
};

/* A text to measure: at px pixels, wrapped at wrap_w (0 = no wrap), cut
 * after max_lines lines (0 = all), words wider than a line broken between
 * characters when break_words is set (ui/text.h). */
struct ui_measure_req {
    const char *text;
    int px, bold, wrap_w, max_lines, break_words;
};

/* Measures a text; *cut = 1 when lines were left out (it ends in "…"). */
typedef void (*ui_measure_fn)(void *ctx, const struct ui_measure_req *rq,
                              int *w, int *h, int *cut);

/* Colours of the current theme. */
struct ui_theme {
    struct ui_color bg, panel, text, text_dim, accent, accent_text, button,
        button_text, danger, danger_text, tile, tile_text, outline, good,
        warn, bad, overlay;
};

/* Pointer state for one frame, filled by the backend or the script driver. */
struct ui_input {
    int x, y;          /* pointer position (logical pixels) */
    int down;          /* finger/button is down now */
    int pressed;       /* went down this frame */
    int released;      /* went up this frame */
};

struct ui_hit {
    struct ui_rect rect;
    const char *label;     /* in the frame arena */
};

/* What a recorded widget is (ui_fit checks each kind by its own rules). */
enum ui_kind {
    UI_KIND_BUTTON,    /* a push button or key */
    UI_KIND_TILE,      /* a large choice tile */
    UI_KIND_CHOICE,    /* a row of a choice list */
    UI_KIND_AREA,      /* an invisible tap area */
    UI_KIND_FIELD,     /* a box showing what is typed */
    UI_KIND_GRAPHIC,   /* a shape that carries meaning (gauge segment,
                          chart bar): must stand out from what is behind */
    UI_KIND_PROGRESS,  /* a progress track and its filled part */
};

/* A control or meaningful shape drawn in the frame, as the UI drew it: what
 * the layout and contrast checks (ui_fit.h) read, without pixels. */
struct ui_widget {
    enum ui_kind kind;
    struct ui_rect rect;     /* as laid out, before any clip */
    struct ui_rect clip;     /* clip in force (w = 0: none) */
    const char *label;       /* in the frame arena, "" when none */
    struct ui_color fill;    /* its face */
    struct ui_color border;  /* its outline (border_w = 0: none) */
    int border_w;
    struct ui_color mark;    /* PROGRESS: the filled part */
    int other;               /* TILE: carries the "another language" sign */
    int target;              /* takes taps */
    int cmd;                 /* index of its first draw command: what is
                                drawn before it is behind it */
};

struct ui {
    /* set up by the owner */
    ui_measure_fn measure;
    void *measure_ctx;
    int width, height;     /* logical screen size */
    float scale;           /* layout scale: 1.0 at 800x480 */
    float text_scale;      /* visitor's text-size choice: 1.0, 1.25, 1.5 */
    struct ui_theme theme;
    int input_enabled;     /* 0 while a modal dialog covers the screen */
    /* per frame */
    struct ui_input in;
    struct ui_cmd cmds[UI_MAX_CMDS];
    int ncmds;
    char arena[UI_TEXT_ARENA];
    int arena_used;
    struct ui_hit hits[UI_MAX_HITS];
    int nhits;
    struct ui_widget widgets[UI_MAX_WIDGETS];
    int nwidgets;
    int dropped;           /* commands, widgets or text that did not fit
                              this frame's fixed lists (ui_fit reports) */
    /* across frames */
    uint32_t active;       /* widget pressed and not yet released */
    int press_x, press_y;  /* where the press started */
    int dragging;          /* the press turned into a drag */
    int drag_dy;           /* vertical drag since last frame */
    int last_y;
    uint32_t scroll_active; /* scroll area that owns the drag */
    struct ui_rect clip;   /* current clip for hit tests */
    int clip_on;
};

enum ui_style { UI_STYLE_NORMAL, UI_STYLE_ACCENT, UI_STYLE_DANGER,
                UI_STYLE_QUIET };

/** The colour t (0..255) of the way from a to b, opaque. Translucent
 * fills show seams where shapes meet, so blend colours, not pixels. */
struct ui_color ui_mix(struct ui_color a, struct ui_color b, int t);

/** WCAG 2 relative luminance of an opaque colour, 0 (black) to 1. */
double ui_luminance(struct ui_color c);
/** WCAG 2 contrast ratio of two opaque colours, 1 to 21. */
double ui_contrast(struct ui_color a, struct ui_color b);

/** Sets size and scale; call when the window or text size changes. */
void ui_init(struct ui *ui, int width, int height, int high_contrast);
void ui_set_theme(struct ui *ui, int high_contrast);

void ui_begin(struct ui *ui, const struct ui_input *in);
void ui_end(struct ui *ui);

/** A length in logical pixels for a design length at 800x480. */
int ui_px(const struct ui *ui, int design);
/** Pixel size of a font role, including the visitor's text size. */
int ui_font_px(const struct ui *ui, enum ui_font f);
/** The smallest size ui_text_fit shrinks a role to: 80 % of its size at
 * 100 % text, never under 14 design pixels (nor over the role's size). */
int ui_font_floor_px(const struct ui *ui, enum ui_font f);

/* Drawing without interaction. */
void ui_rect(struct ui *ui, struct ui_rect r, struct ui_color c, int radius);
void ui_outline(struct ui *ui, struct ui_rect r, struct ui_color c, int radius,
                int width);
/* What ui_text_fit did to make a text fit its place. */
struct ui_fit {
    int w, h;       /* the block as drawn */
    int px;         /* its font size */
    int shrunk;     /* smaller than its role's size */
    int cut;        /* lines left out: the last one shown ends in "…" */
};

enum ui_fit_flags {
    UI_FIT_WRAP = 1,     /* wrap at r.w (else one line a paragraph) */
    UI_FIT_MIDDLE = 2,   /* centre the block vertically in r */
    UI_FIT_MEASURE = 4,  /* only measure: draw nothing */
};

/** Fits text into r, in this order: wrapped at r.w (UI_FIT_WRAP), then,
 * while the block is taller than r.h (r.h > 0) or wider than r.w (r.w >
 * 0), the font shrinks step by step down to ui_font_floor_px, and at the
 * floor a word wider than r.w breaks between characters and the block is
 * cut after the last line that fits, ending in "…".
 * Aligned horizontally in r by align. Screens that can scroll should give
 * r.h = 0 and scroll instead; the result says what was done, so a screen
 * can choose another layout. */
struct ui_fit ui_text_fit(struct ui *ui, struct ui_rect r, const char *text,
                          enum ui_font f, int bold, struct ui_color c,
                          enum ui_align align, int flags);

/** ui_text_fit drawing text at r, wrapped at r.w when wrap is set (r.h =
 * 0: as tall as it needs); returns the height used. */
int ui_text(struct ui *ui, struct ui_rect r, const char *text, enum ui_font f,
            int bold, struct ui_color c, enum ui_align align, int wrap);
/** A shape that carries meaning (a gauge segment, a chart bar), with an
 * outline edge_w wide (0: none); recorded for ui/check.h, which wants its
 * face or its outline 3:1 against what is behind. */
void ui_graphic(struct ui *ui, struct ui_rect r, struct ui_color fill,
                int radius, struct ui_color edge, int edge_w);
void ui_image(struct ui *ui, struct ui_rect r, const char *path);
void ui_clip(struct ui *ui, struct ui_rect r);
void ui_clip_off(struct ui *ui);
/** Height of wrapped text in a font at width w. */
int ui_text_height(struct ui *ui, const char *text, enum ui_font f, int bold,
                   int w);
int ui_text_width(struct ui *ui, const char *text, enum ui_font f, int bold);

/* Interaction: each returns 1 on the frame it is tapped. */
int ui_button(struct ui *ui, struct ui_rect r, const char *label,
              enum ui_style style);
/** A square button showing the high-contrast icon (a half-filled circle);
 * `label` is its name for tap-text and screen readers of the script. */
int ui_contrast_button(struct ui *ui, struct ui_rect r, const char *label);
/** A large choice tile with an optional picture and a second line: the
 * picture above the words; when they need more room, the picture above
 * the title alone, then the words alone (ui.c tile_plan). */
int ui_tile(struct ui *ui, struct ui_rect r, const char *title,
            const char *sub, const char *image, enum ui_style style,
            int selected);
/** ui_tile with flags: UI_TILE_BESIDE lets the picture go beside the words
 * (a square on the left) when it would be too small above them -- for a
 * screen whose tiles all have icons of one kind. UI_TILE_OTHER: the words
 * are not in the visitor's language; the tile carries the sign of another
 * language (ui_icon_other) in its top-left corner, in a place of its own
 * that neither the picture nor the words cover. */
enum { UI_TILE_BESIDE = 1, UI_TILE_OTHER = 2 };
int ui_tile_ex(struct ui *ui, struct ui_rect r, const char *title,
               const char *sub, const char *image, enum ui_style style,
               int selected, int flags);
/** How a tile of r would show (ui_tile_ex's flags): UI_TILE_PICTURE when
 * its picture shows (or it has none), UI_TILE_WORDS when its words keep
 * their full size, none cut, the line under the title shown;
 * UI_TILE_SHORT when that line is left out for the picture. For screens
 * choosing how many tiles a row. */
enum { UI_TILE_PICTURE = 1, UI_TILE_WORDS = 2, UI_TILE_SHORT = 4 };
int ui_tile_fit(struct ui *ui, struct ui_rect r, const char *title,
                const char *sub, const char *image, int flags);
/** The sign of another language (issue 15): two speech bubbles, one dark,
 * one hollow, in `ink` on `face`, in the square centred in r. */
void ui_icon_other(struct ui *ui, struct ui_rect r, struct ui_color ink,
                   struct ui_color face);
/** A tile showing only a picture, as large as the tile allows (a choice
 * with an image and no label): `name` identifies it for taps and scripts
 * and is never drawn. */
int ui_picture_tile(struct ui *ui, struct ui_rect r, const char *name,
                    const char *image, enum ui_style style, int selected);
/** A row of a choice list: a radio (multi = 0) or check box (multi = 1)
 * marker and the label, left aligned and wrapped. ui_choice_row_height
 * gives the height the label needs at width w. */
int ui_choice_row(struct ui *ui, struct ui_rect r, const char *label,
                  int multi, int selected);
int ui_choice_row_height(struct ui *ui, const char *label, int w);
/** The same with a picture (a 2:1 pictogram, e.g. a frequency scale)
 * between the marker and the label; image NULL or "": none. */
int ui_choice_row_pic(struct ui *ui, struct ui_rect r, const char *label,
                      const char *image, int multi, int selected);
int ui_choice_row_pic_height(struct ui *ui, const char *label,
                             const char *image, int w);
/** An invisible tap area (e.g. the whole attract screen). */
int ui_area(struct ui *ui, struct ui_rect r, const char *label);

/** A vertical list scrolled by finger drag. Between begin and end, widgets
 * are drawn offset by *offset and clipped to r; content_h is the total
 * height of the content (from the previous frame is fine). Returns the y of
 * the content top. */
int ui_scroll_begin(struct ui *ui, struct ui_rect r, int *offset,
                    int content_h);
void ui_scroll_end(struct ui *ui, struct ui_rect r, int offset, int content_h);

/** A QR code: n x n modules (1 = dark, quiet zone included), drawn as
 * large as fits in r, on white in every theme. */
void ui_qr(struct ui *ui, struct ui_rect r, const unsigned char *modules,
           int n);

/** A progress bar, frac in [0, 1]. */
void ui_progress(struct ui *ui, struct ui_rect r, float frac);

/** An on-screen keypad (digits, or the Crockford Base32 symbols and the
 * check symbols * ~ $ = U when `letters`);
 * edits buf (NUL-terminated, capacity cap). Returns 1 when OK is tapped. */
int ui_keypad(struct ui *ui, struct ui_rect r, char *buf, int cap,
              int letters, const char *ok_label, const char *erase_label);

/** A letter keyboard (A-Z, space, erase, OK) editing buf (capacity cap);
 * returns 1 when OK is tapped. */
int ui_keyboard(struct ui *ui, struct ui_rect r, char *buf, int cap,
                const char *ok_label, const char *erase_label,
                const char *space_label);

/** Dims everything drawn so far and returns the dialog panel rect. Call
 * after ui_modal_begin has blocked the input of the screen below. */
struct ui_rect ui_dialog(struct ui *ui, int w, int h);

/** Touch mapping for a rotated panel: maps a point on the physical panel
 * (pw x ph pixels) to the logical UI rotated by `rotation` degrees
 * (0/90/180/270 clockwise). */
void ui_map_rotation(int rotation, int pw, int ph, int px, int py, int *lx,
                     int *ly);

/* Rect helpers. */
struct ui_rect ui_inset(struct ui_rect r, int d);
struct ui_rect ui_cut_top(struct ui_rect *r, int h);
struct ui_rect ui_cut_bottom(struct ui_rect *r, int h);
struct ui_rect ui_cut_left(struct ui_rect *r, int w);
struct ui_rect ui_cut_right(struct ui_rect *r, int w);
/** Cell i of a grid of n cells in r with `cols` columns and gap g. */
struct ui_rect ui_grid_cell(struct ui_rect r, int n, int cols, int gap, int i);
int ui_contains(struct ui_rect r, int x, int y);

/** Finds a labelled widget of the last frame; 1 and its centre if found. */
int ui_find_label(const struct ui *ui, const char *label, int *x, int *y);
/** 1 if any text drawn in the last frame contains `needle`. */
int ui_frame_has_text(const struct ui *ui, const char *needle);

#endif
