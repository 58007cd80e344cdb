/* libFuzzer target: the XLSForm loader and the runner on what it loads.
 *
 * Input: one blob holding the three sheets, separated by a line "%%\n":
 *   survey.csv %% choices.csv %% settings.csv
 * (a missing part means that sheet is absent). When the form loads, a run
 * walks it: each page's questions get the first choice or "1", then next,
 * with a Back every third step; the walk is bounded. Inputs over 64 KiB are
 * skipped (sheets that big only make the fuzzer slow). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "survey/survey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SEP "%%\n"

static void walk(struct survey_run *r)
{
    const struct survey_form *f = survey_run_form(r);
    for (int step = 0; step < 200 && !survey_run_at_end(r); step++) {
        int items[32];
        int n = survey_run_page_items(r, items, 32);
        for (int k = 0; k < n && k < 32; k++) {
            int i = items[k];
            char label[256];
            (void)survey_run_label(r, i, "vi", label, sizeof label);
            enum survey_type t = survey_item_type(f, i);
            const char *v = "1";
            if (t == SURVEY_SELECT_ONE || t == SURVEY_SELECT_MULTIPLE) {
                v = survey_run_choice_name(r, i, 0);
                (void)survey_run_choice_label(r, i, 0, "en");
            } else if (t == SURVEY_ACKNOWLEDGE) {
                v = "OK";
            } else if (t == SURVEY_TEXT) {
                v = "text";
            }
            if (t != SURVEY_NOTE && survey_run_set_item(r, i, v)) {
                continue; /* refused values are fine: keep walking */
            }
        }
        struct survey_issue issue;
        int idx, total;
        survey_run_progress(r, &idx, &total);
        if (idx > total) {
            abort();
        }
        if (step % 3 == 2) {
            (void)survey_run_back(r);
        } else if (survey_run_next(r, "en", &issue) == KIOSK_EANSWER) {
            /* Constraint not met by "1": try clearing, then give up. */
            if (issue.item >= 0 &&
                survey_run_set_item(r, issue.item, "") != KIOSK_OK) {
                break;
            }
            if (survey_run_next(r, "en", &issue) == KIOSK_EANSWER) {
                break;
            }
        }
    }
    int notes[8];
    (void)survey_run_feedback_notes(r, notes, 8);
    for (int i = 0; i < survey_run_calc_count(r); i++) {
        (void)survey_run_calc_value(r, i);
    }
    char *enc;
    size_t len;
    if (survey_run_encode_answers(r, &enc, &len) == KIOSK_OK) {
        if (strlen(enc) != len) {
            abort();
        }
        survey_bytes_free(enc, len);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024) {
        return 0;
    }
    char *blob = malloc(size + 1);
    if (!blob) {
        return 0;
    }
    memcpy(blob, data, size);
    blob[size] = '\0';
    const char *part[3] = {blob, NULL, NULL};
    size_t len[3] = {size, 0, 0};
    char *p = blob;
    for (int s = 1; s < 3; s++) {
        char *sep = memmem(p, size - (size_t)(p - blob), SEP, 3);
        if (!sep) {
            break;
        }
        len[s - 1] = (size_t)(sep - part[s - 1]);
        p = sep + 3;
        part[s] = p;
        len[s] = size - (size_t)(p - blob);
    }
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    if (survey_form_load_mem("fuzz", NULL, part[0], len[0], part[1], len[1],
                             part[2], len[2], &f, &d) == KIOSK_OK) {
        if (d.errors) {
            abort(); /* loaded despite an error */
        }
        struct survey_run *r = survey_run_new(f);
        if (r) {
            walk(r);
            survey_run_reset(r);
            survey_run_free(r);
        }
        survey_form_free(f);
    } else if (f) {
        abort(); /* a failed load must not hand out a form */
    }
    kiosk_diag_free(&d);
    free(blob);
    return 0;
}
