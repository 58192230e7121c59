/* Where the main window comes back: see placement.h. */
#include "win/placement.h"

static long width(const struct ck_box *b) { return b->right - b->left; }
static long height(const struct ck_box *b) { return b->bottom - b->top; }

static long scale(long value, int to, int from) { return (long)((long long)value * to / from); }

/* One axis: [*lo, *hi) inside [min, max), which it fits. */
static void move_inside(long *lo, long *hi, long min, long max)
{
    long shift = 0;
    if (*hi > max)
        shift = max - *hi;
    if (*lo + shift < min)
        shift = min - *lo;
    *lo += shift;
    *hi += shift;
}

void ck_placement_fit(struct ck_box *r, int saved_dpi, int dpi, const struct ck_box *work)
{
    long w, h;

    if (saved_dpi <= 0)
        saved_dpi = 96;
    if (dpi <= 0)
        dpi = 96;
    w = scale(width(r), dpi, saved_dpi);
    h = scale(height(r), dpi, saved_dpi);
    if (w > width(work) || h > height(work)) {
        w = w > width(work) ? width(work) * 95 / 100 : w;
        h = h > height(work) ? height(work) * 95 / 100 : h;
        r->left = work->left + (width(work) - w) / 2;
        r->top = work->top + (height(work) - h) / 2;
    }
    r->right = r->left + w;
    r->bottom = r->top + h;
    move_inside(&r->left, &r->right, work->left, work->right);
    move_inside(&r->top, &r->bottom, work->top, work->bottom);
}
