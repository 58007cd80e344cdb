/* Prevention information (categories -> articles -> article with Listen)
 * and the local services directory. */
#include <stdio.h>
#include <string.h>

#include "app/audio.h"
#include "app/screens.h"

/* Pack texts through the visitor-language rule: a Vietnamese or English
 * text shown to a visitor reading another language is noted and marked. */
#define CAT_T(i)                                                            \
    app_vt_pack(a, pack_category_title(p, (i), lang),                       \
                pack_category_title(p, (i), "vi"),                          \
                pack_category_title(p, (i), "en"))
#define ART_T(i)                                                            \
    app_vt_pack(a, pack_article_title(p, (i), lang),                        \
                pack_article_title(p, (i), "vi"),                           \
                pack_article_title(p, (i), "en"))
#define SVC_T(field)                                                        \
    app_vt_pack(a, pack_service_text(a->pack, i, (field), lang),            \
                pack_service_text(a->pack, i, (field), "vi"),               \
                pack_service_text(a->pack, i, (field), "en"))

/* Number of articles in a category (-1 = all). */
static int articles_in(const struct app *a, const char *cat, int *idx,
                       int cap)
{
    int n = 0;
    for (int i = 0; i < pack_narticles(a->pack) && n < cap; i++) {
        if (!cat || strcmp(pack_article_category(a->pack, i), cat) == 0) {
            idx[n++] = i;
        }
    }
    return n;
}

void screen_info(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct pack *p = a->pack;
    const char *lang = app_lang(a);
    int cat = a->visit.category;
    if (cat >= pack_ncategories(p)) {
        cat = a->visit.category = -1;
    }
    const char *title = cat >= 0 ? CAT_T(cat)
                                 : app_tr(a, "info.title");
    struct ui_rect c = chrome_frame(a, title);
    int gap = ui_px(ui, 14);
    int landscape = ui->width > ui->height;
    if (cat < 0) {
        int n = pack_ncategories(p);
        int cols = landscape ? (n > 4 ? 3 : 2) : 2;
        for (int i = 0; i < n; i++) {
            struct ui_rect cell = ui_grid_cell(c, n, cols, gap, i);
            int before = app_vt_count(a);
            const char *t = CAT_T(i);
            if (ui_tile_ex(ui, cell, t, NULL, pack_category_image(p, i),
                           UI_STYLE_NORMAL, 0, app_vt_item(a, before))) {
                a->visit.category = i;
                a->visit.scroll = 0;
                a->redraw = 1;
            }
        }
        return;
    }
    /* the articles of the chosen category, as a scrolling list of tiles */
    int idx[128];
    int n = articles_in(a, pack_category_id(p, cat), idx, 128);
    int cols = landscape ? 3 : 2;
    int tile_h = ui_px(ui, 210);
    int rows = (n + cols - 1) / cols;
    int content_h = rows * tile_h + (rows > 0 ? (rows - 1) * gap : 0);
    int y0 = ui_scroll_begin(ui, c, &a->visit.scroll, content_h);
    struct ui_rect grid = {c.x, y0, c.w - ui_px(ui, 10), content_h};
    for (int i = 0; i < n; i++) {
        struct ui_rect cell = ui_grid_cell(grid, n, cols, gap, i);
        if (cell.y + cell.h < c.y || cell.y > c.y + c.h) {
            continue; /* off screen: no draw, no texture */
        }
        int before = app_vt_count(a);
        const char *t = ART_T(idx[i]);
        (void)app_vt_pack(a, pack_article_body(p, idx[i], lang), /* its body */
                          pack_article_body(p, idx[i], "vi"),
                          pack_article_body(p, idx[i], "en"));
        if (ui_tile_ex(ui, cell, t, NULL, pack_article_image(p, idx[i]),
                       UI_STYLE_NORMAL, 0, app_vt_item(a, before))) {
            a->visit.article = idx[i];
            app_go(a, SCR_ARTICLE);
        }
    }
    ui_scroll_end(ui, c, a->visit.scroll, content_h);
}

/* Draws body paragraphs (separated by blank lines) from y; only those in
 * the visible band get drawn. Returns the total height. */
static int draw_paragraphs(struct app *a, const char *body, struct ui_rect r,
                           int y, struct ui_rect vis)
{
    struct ui *ui = &a->ui;
    char para[8192];
    int total = 0, gap = ui_px(ui, 12);
    const char *s = body;
    while (s && *s) {
        const char *e = strstr(s, "\n\n");
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len >= sizeof para) {
            len = sizeof para - 1;
        }
        memcpy(para, s, len);
        para[len] = '\0';
        int h = ui_text_height(ui, para, UI_FONT_BODY, 0, r.w);
        if (y + total + h >= vis.y && y + total <= vis.y + vis.h) {
            ui_text(ui, (struct ui_rect){r.x, y + total, r.w, h}, para,
                    UI_FONT_BODY, 0, ui->theme.text, UI_LEFT, 1);
        }
        total += h + gap;
        s = e ? e + 2 : NULL;
        while (s && *s == '\n') {
            s++;
        }
    }
    return total;
}

void screen_article(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct pack *p = a->pack;
    const char *lang = app_lang(a);
    int i = a->visit.article;
    if (i < 0 || i >= pack_narticles(p)) {
        app_back(a);
        return;
    }
    struct ui_rect c = chrome_frame(a, ART_T(i));
    int gap = ui_px(ui, 16);
    int landscape = ui->width > ui->height;
    struct ui_rect side = landscape ? ui_cut_left(&c, c.w * 2 / 5)
                                    : ui_cut_top(&c, c.h / 4);
    if (landscape) {
        ui_cut_left(&c, gap);
    } else {
        ui_cut_top(&c, gap);
    }
    /* not translated: said above the text, in the visitor's language when
     * it has the sentence (the title bar's mark names the language) */
    int fb = 1;
    const char *note = pack_str_ex(p, lang, "info.fallback", &fb);
    if (!pack_article_translated(p, i, lang) && !fb) {
        chrome_notice(a, &c, note);
    }
    /* picture and the Listen button */
    int bh = ui_px(ui, 64);
    struct ui_rect listen = landscape ? ui_cut_bottom(&side, bh)
                                      : ui_cut_right(&side, side.w / 3);
    if (!landscape) {
        listen.h = bh;
        listen.y = side.y + (side.h - bh) / 2;
        ui_cut_right(&side, gap);
    } else {
        ui_cut_bottom(&side, gap);
    }
    ui_image(ui, side, pack_article_image(p, i));
    const char *audio = pack_article_audio(p, i, lang);
    chrome_set_clip(a, audio); /* the speaker too; in the language only */
    if (audio && a->audio) {
        int playing = audio_playing(a->audio) &&
                      strcmp(audio_current(a->audio), audio) == 0;
        const char *label = playing ? app_tr(a, "info.stop")
                                    : app_tr(a, "info.listen");
        if (ui_button(ui, listen, label, UI_STYLE_ACCENT)) {
            if (playing) {
                audio_stop(a->audio);
            } else {
                audio_play(a->audio, audio);
            }
            a->redraw = 1;
        }
    } else {
        ui_text(ui, listen, app_tr(a, "info.no_audio"), UI_FONT_SMALL, 0,
                ui->theme.text_dim, UI_CENTER, 1);
    }
    /* the text, scrolled by drag */
    int y0 = ui_scroll_begin(ui, c, &a->visit.scroll, a->visit.scroll_h);
    struct ui_rect textr = {c.x, y0, c.w - ui_px(ui, 16), 0};
    int h = draw_paragraphs(a, app_vt_pack(a, pack_article_body(p, i, lang), pack_article_body(p, i, "vi"), pack_article_body(p, i, "en")), textr, y0, c);
    if (h != a->visit.scroll_h) {
        a->visit.scroll_h = h;
        a->redraw = 1;
    }
    ui_scroll_end(ui, c, a->visit.scroll, a->visit.scroll_h);
}

static const char *const service_kinds[] = {
    "counseling", "methadone", "voluntary_treatment", "peer_group",
    "vocational", "legal_aid", "testing", "hotline",
};

/* 1 if the service is shown at this site (district filter). */
static int service_visible(const struct app *a, const struct pack_service *s)
{
    return !a->site.district[0] || !s->district[0] ||
           strcmp(a->site.district, s->district) == 0;
}

/* One service card; returns its height (draws only when draw is set). */
static int service_card(struct app *a, int i, struct ui_rect r, int draw)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    const char *lang = app_lang(a);
    const struct pack_service *s = pack_service(a->pack, i);
    char line[600];
    int pad = ui_px(ui, 12), y = r.y + pad, w = r.w - 2 * pad;
    int before = app_vt_count(a);
    const char *name = SVC_T("name");
    struct {
        const char *label, *value;
    } rows[3] = {
        {app_tr(a, "services.address"),
         SVC_T("address")},
        {app_tr(a, "services.hours"),
         SVC_T("hours")},
        {app_tr(a, "services.phone"), s->phone},
    };
    /* not in the visitor's language: the sign of another language at the
     * name's end, which wraps short of it */
    int sign = app_vt_item(a, before) ? ui_px(ui, 30) : 0;
    int name_w = sign ? w - sign - ui_px(ui, 8) : w;
    int h = ui_text_height(ui, name, UI_FONT_BUTTON, 1, name_w);
    h = h < sign ? sign : h;
    int total = pad + h + ui_px(ui, 4);
    for (int k = 0; k < 3; k++) {
        if (rows[k].value && *rows[k].value) {
            snprintf(line, sizeof line, "%s: %s", rows[k].label,
                     rows[k].value);
            total += ui_text_height(ui, line, UI_FONT_BODY, 0, w) +
                     ui_px(ui, 2);
        }
    }
    total += pad;
    if (!draw) {
        return total;
    }
    struct ui_rect card = {r.x, r.y, r.w, total};
    ui_rect(ui, card, t->panel, ui_px(ui, 12));
    ui_outline(ui, card, t->outline, ui_px(ui, 12), ui_px(ui, 2));
    ui_text(ui, (struct ui_rect){r.x + pad, y, name_w, h}, name,
            UI_FONT_BUTTON, 1, t->text, UI_LEFT, 1);
    if (sign) {
        ui_icon_other(ui, (struct ui_rect){r.x + r.w - pad - sign, y, sign,
                                           sign},
                      t->text, t->panel);
    }
    y += h + ui_px(ui, 4);
    for (int k = 0; k < 3; k++) {
        if (rows[k].value && *rows[k].value) {
            snprintf(line, sizeof line, "%s: %s", rows[k].label,
                     rows[k].value);
            y += ui_text(ui, (struct ui_rect){r.x + pad, y, w, 0}, line,
                         UI_FONT_BODY, 0, t->text_dim, UI_LEFT, 1) +
                 ui_px(ui, 2);
        }
    }
    return total;
}

void screen_services(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect c = chrome_frame(a, app_tr(a, "services.title"));
    int any_sample = 0, shown = 0;
    for (int i = 0; i < pack_nservices(a->pack); i++) {
        const struct pack_service *s = pack_service(a->pack, i);
        if (service_visible(a, s)) {
            any_sample |= s->sample;
            shown++;
        }
    }
    if (any_sample) {
        /* sample data must say so on screen */
        chrome_notice(a, &c, app_tr(a, "services.sample"));
    }
    if (!shown) {
        ui_text(ui, c, app_tr(a, "services.none"), UI_FONT_BODY, 0, t->text,
                UI_CENTER, 1);
        return;
    }
    int y0 = ui_scroll_begin(ui, c, &a->visit.scroll, a->visit.scroll_h);
    int y = y0, gap = ui_px(ui, 10), w = c.w - ui_px(ui, 16);
    for (size_t k = 0; k < sizeof service_kinds / sizeof service_kinds[0];
         k++) {
        int header = 0;
        for (int i = 0; i < pack_nservices(a->pack); i++) {
            const struct pack_service *s = pack_service(a->pack, i);
            if (!service_visible(a, s) ||
                strcmp(s->kind, service_kinds[k]) != 0) {
                continue;
            }
            if (!header) {
                char key[64];
                snprintf(key, sizeof key, "services.kind.%s",
                         service_kinds[k]);
                y += ui_text(ui, (struct ui_rect){c.x, y, w, 0},
                             app_tr(a, key), UI_FONT_TILE, 1, t->accent,
                             UI_LEFT, 1) + ui_px(ui, 6);
                header = 1;
            }
            struct ui_rect r = {c.x, y, w, 0};
            int h = service_card(a, i, r, 0);
            if (y < c.y + c.h && y + h > c.y) {
                service_card(a, i, r, 1); /* only cards on screen draw */
            }
            y += h + gap;
        }
        if (header) {
            y += gap;
        }
    }
    if (y - y0 != a->visit.scroll_h) {
        a->visit.scroll_h = y - y0;
        a->redraw = 1;
    }
    ui_scroll_end(ui, c, a->visit.scroll, a->visit.scroll_h);
}
