/* Staff mode, Questionnaires (staff_forms.c): .xlsx workbooks from a USB
 * stick checked, imported and removed (survey/import.h). */
#ifndef KIOSK_APP_STAFF_FORMS_H
#define KIOSK_APP_STAFF_FORMS_H

struct app;

/** Back inside the room (a file to the stick's list, the list to the
 * imported forms): 1 when it moved, 0 at the room's first place. */
int app_forms_back(struct app *a);

#endif
