/* The frame around every visitor screen: a title bar with the text-size and
 * contrast buttons, and a bottom bar with Back, Home and Leave-and-erase, so
 * that no screen is a dead end and a visitor can always leave at once. */
#include "app/screens.h"

struct ui_rect chrome_full(struct app *a)
{
    return (struct ui_rect){0, 0, a->ui.width, a->ui.height};
}

/* A– and A+ around the size in force (100, 125 or 150 %); the size lasts
 * for the visit (app_end_visit sets it back). */
static void chrome_text_size(struct app *a, struct ui_rect smaller,
                             struct ui_rect pct, struct ui_rect bigger)
{
    struct ui *ui = &a->ui;
    static const char *const pcts[3] = {"100 %", "125 %", "150 %"};
    if (ui_button(ui, smaller, "A\xE2\x80\x93", UI_STYLE_NORMAL) &&
        a->text_size > 0) {
        app_set_text_size(a, a->text_size - 1);
    }
    ui_text_fit(ui, pct, pcts[a->text_size > 2 ? 2 : a->text_size],
                UI_FONT_SMALL, 1, ui->theme.accent_text, UI_CENTER,
                UI_FIT_MIDDLE);
    if (ui_button(ui, bigger, "A+", UI_STYLE_NORMAL) && a->text_size < 2) {
        app_set_text_size(a, a->text_size + 1);
    }
}

/* The draft sign, drawn so that someone who cannot read sees it too: a
 * page with lines of writing, the last one unfinished, on amber. */
static void draft_icon(struct ui *ui, struct ui_rect r)
{
    struct ui_color ink = {0x20, 0x18, 0x00, 255};
    int d = r.w < r.h ? r.w : r.h;
    struct ui_rect page = {r.x + (r.w - d * 3 / 4) / 2, r.y + (r.h - d) / 2,
                           d * 3 / 4, d};
    ui_rect(ui, page, (struct ui_color){0xff, 0xff, 0xff, 255}, d / 10);
    ui_outline(ui, page, ink, d / 10, d / 14 > 1 ? d / 14 : 1);
    int lh = d / 10 > 1 ? d / 10 : 1, lx = page.x + d / 7;
    int lw = page.w - 2 * (d / 7);
    for (int i = 0; i < 3; i++) {
        ui_rect(ui, (struct ui_rect){lx, page.y + d / 4 + i * d / 5,
                                     i == 2 ? lw / 2 : lw, lh},
                ink, 0);
    }
}

int chrome_lang_is_draft(const struct app *a, const char *lang)
{
    int i = a->pack ? pack_lang_index(a->pack, lang) : -1;
    return i >= 0 && pack_lang(a->pack, i)->draft;
}

void chrome_draft_mark(struct app *a, struct ui_rect r, const char *lang,
                       const char *lang2)
{
    struct ui *ui = &a->ui;
    struct ui_color ink = {0x20, 0x18, 0x00, 255};
    ui_rect(ui, r, ui->theme.warn, ui_px(ui, 6));
    int fb = 1;
    const char *text = a->pack ? pack_str_ex(a->pack, lang, "lang.draft", &fb)
                               : "";
    if (fb && lang2) { /* the reader's language, when the tile's has none */
        text = pack_str_ex(a->pack, lang2, "lang.draft", &fb);
    }
    struct ui_rect in = ui_inset(r, ui_px(ui, 4));
    int icon = in.h < ui_px(ui, 40) ? in.h : ui_px(ui, 40);
    if (fb) { /* no text in either: the sign alone, never another
                 language's word */
        draft_icon(ui, (struct ui_rect){in.x + (in.w - icon) / 2, in.y,
                                        icon, in.h});
        return;
    }
    draft_icon(ui, ui_cut_left(&in, icon));
    ui_cut_left(&in, ui_px(ui, 6));
    ui_text_fit(ui, in, text, UI_FONT_SMALL, 1, ink, UI_LEFT,
                UI_FIT_WRAP | UI_FIT_MIDDLE);
}

struct ui_rect chrome_frame(struct app *a, const char *title)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect all = chrome_full(a);
    int m = ui_px(ui, 10);
    struct ui_rect top = ui_cut_top(&all, ui_px(ui, 64));
    struct ui_rect bottom = ui_cut_bottom(&all, ui_px(ui, 76));
    ui_rect(ui, top, t->accent, 0);
    ui_rect(ui, bottom, t->panel, 0);
    ui_rect(ui, (struct ui_rect){bottom.x, bottom.y, bottom.w, ui_px(ui, 2)},
            t->outline, 0);

    /* title bar: the title, then A-, the text size, A+ and contrast on
     * the right: separate targets (one cycling button sent a visitor
     * wanting smaller text through the largest size first), 12 px apart */
    struct ui_rect tb = ui_inset(top, ui_px(ui, 6));
    int bw = ui_px(ui, 64), gap = ui_px(ui, 12);
    struct ui_rect contrast = ui_cut_right(&tb, ui_px(ui, 64));
    ui_cut_right(&tb, gap);
    struct ui_rect bigger = ui_cut_right(&tb, bw);
    struct ui_rect pct = ui_cut_right(&tb, ui_px(ui, 62));
    struct ui_rect smaller = ui_cut_right(&tb, bw);
    chrome_text_size(a, smaller, pct, bigger);
    if (ui_contrast_button(ui, contrast, app_vtr(a, "nav.contrast"))) {
        app_set_contrast(a, !a->high_contrast);
    }
    ui_cut_right(&tb, gap);
    if (a->visit.active) {
        /* the speaker, then the place for the language mark: a draft
         * language, or texts of this screen in another language, said on
         * the screen in the visitor's language with a sign anyone sees
         * (drawn once the screen drew, visitor_lang.c) */
        chrome_speaker(a, ui_cut_right(&tb, ui_px(ui, 64)));
        ui_cut_right(&tb, gap);
        chrome_lang_slot(a, &tb);
    }
    ui_text_fit(ui, (struct ui_rect){tb.x + m, tb.y, tb.w - m, tb.h}, title,
                UI_FONT_TITLE, 1, t->accent_text, UI_LEFT, UI_FIT_MIDDLE);

    /* navigation bar */
    struct ui_rect nb = ui_inset(bottom, m);
    nb.y += ui_px(ui, 1);
    int nav_w = ui_px(ui, 166);
    struct ui_rect back = ui_cut_left(&nb, nav_w);
    ui_cut_left(&nb, gap);
    struct ui_rect home = ui_cut_left(&nb, nav_w);
    struct ui_rect leave = ui_cut_right(&nb, ui_px(ui, 250));
    ui_cut_left(&nb, gap);
    ui_cut_right(&nb, gap);
    a->nav_slot = nb;
    if (ui_button(ui, back, app_vtr(a, "nav.back"), UI_STYLE_NORMAL)) {
        app_back(a);
    }
    if (ui_button(ui, home, app_vtr(a, "nav.home"), UI_STYLE_NORMAL)) {
        app_home(a);
    }
    if (ui_button(ui, leave, app_vtr(a, "nav.leave"), UI_STYLE_DANGER)) {
        app_end_visit(a, "left");
    }
    return ui_inset(all, ui_px(ui, 14));
}

void chrome_notice(struct app *a, struct ui_rect *c, const char *msg)
{
    struct ui *ui = &a->ui;
    int h = ui_text_height(ui, msg, UI_FONT_BODY, 1, c->w - ui_px(ui, 24));
    struct ui_rect band = ui_cut_top(c, h + ui_px(ui, 16));
    ui_rect(ui, band, ui->theme.warn, ui_px(ui, 8));
    /* dark text on amber in both themes */
    ui_text(ui, ui_inset(band, ui_px(ui, 8)), msg, UI_FONT_BODY, 1,
            (struct ui_color){0x20, 0x18, 0x00, 255}, UI_CENTER, 1);
    ui_cut_top(c, ui_px(ui, 10));
}
