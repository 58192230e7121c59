/* Tests of the main window's placement geometry (win/placement.h): the size
 * made for another DPI, a window too large for the work area, one outside
 * it, and a work area that does not start at 0,0 (a taskbar at the top or
 * left, a second monitor left of the first). */
#include "ck_test.h"
#include "win/placement.h"

static void expect(struct ck_box r, int saved_dpi, int dpi, struct ck_box work, struct ck_box want)
{
    ck_placement_fit(&r, saved_dpi, dpi, &work);
    CK_CHECK_INT(r.left, want.left);
    CK_CHECK_INT(r.top, want.top);
    CK_CHECK_INT(r.right, want.right);
    CK_CHECK_INT(r.bottom, want.bottom);
}

static void test_same_dpi_kept(void)
{
    struct ck_box full = {0, 0, 1920, 1040};
    /* a window that fits stays exactly where it was */
    expect((struct ck_box){100, 80, 1200, 800}, 96, 96, full, (struct ck_box){100, 80, 1200, 800});
    expect((struct ck_box){0, 0, 1920, 1040}, 144, 144, full, (struct ck_box){0, 0, 1920, 1040});
}

static void test_other_dpi(void)
{
    struct ck_box full = {0, 0, 2560, 1400};
    /* saved at 96 on one monitor, back on one at 144: half as large again */
    expect((struct ck_box){200, 100, 1300, 820}, 96, 144, full, (struct ck_box){200, 100, 1850, 1180});
    /* and the other way */
    expect((struct ck_box){200, 100, 1850, 1180}, 144, 96, full, (struct ck_box){200, 100, 1300, 820});
    /* an older version's size, unscaled (DPI 0 means 96) */
    expect((struct ck_box){10, 10, 1110, 730}, 0, 120, full, (struct ck_box){10, 10, 1385, 910});
}

static void test_too_large(void)
{
    struct ck_box small = {0, 0, 1280, 720};
    /* 95% of the work area, centred */
    expect((struct ck_box){0, 0, 1650, 1080}, 96, 96, small, (struct ck_box){32, 18, 1248, 702});
    /* only the dimension that does not fit is shrunk */
    expect((struct ck_box){0, 0, 1000, 1080}, 96, 96, small, (struct ck_box){140, 18, 1140, 702});
}

static void test_moved_inside(void)
{
    struct ck_box full = {0, 0, 1920, 1040};
    expect((struct ck_box){1500, 900, 2600, 1620}, 96, 96, full, (struct ck_box){820, 320, 1920, 1040});
    expect((struct ck_box){-300, -50, 800, 670}, 96, 96, full, (struct ck_box){0, 0, 1100, 720});
}

static void test_work_area_not_at_origin(void)
{
    /* the taskbar at the top (48 px) and at the left (62 px) */
    struct ck_box top = {0, 48, 1920, 1080}, left = {62, 0, 1920, 1080};
    /* a second monitor left of the primary, with a taskbar at its top */
    struct ck_box second = {-1920, 40, 0, 1080};

    expect((struct ck_box){100, 148, 1200, 868}, 96, 96, top, (struct ck_box){100, 148, 1200, 868});
    expect((struct ck_box){100, 0, 1200, 720}, 96, 96, top, (struct ck_box){100, 48, 1200, 768});
    expect((struct ck_box){0, 100, 1100, 820}, 96, 96, left, (struct ck_box){62, 100, 1162, 820});
    expect((struct ck_box){-1800, 100, -700, 820}, 96, 96, second, (struct ck_box){-1800, 100, -700, 820});
    expect((struct ck_box){-1920, 0, 0, 1200}, 96, 96, second, (struct ck_box){-1920, 66, 0, 1054});
    expect((struct ck_box){-1000, 100, 100, 820}, 96, 96, second, (struct ck_box){-1100, 100, 0, 820});
}

int main(void)
{
    CK_RUN(test_same_dpi_kept);
    CK_RUN(test_other_dpi);
    CK_RUN(test_too_large);
    CK_RUN(test_moved_inside);
    CK_RUN(test_work_area_not_at_origin);
    return ck_test_summary();
}
