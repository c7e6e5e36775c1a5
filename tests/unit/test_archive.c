#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "harness.h"
#include "plan/plan.h"
#include "writer/archive.h"

/* Compares a buffer with bytes given as hex ("00 01 ff", spaces
 * ignored); on a mismatch prints both. */
static int
bytes_equal(const struct buf *b, const char *hex)
{
    unsigned char expected[4096];
    size_t n = 0;
    for (const char *p = hex; *p;) {
        if (*p == ' ' || *p == '\n') {
            p++;
            continue;
        }
        unsigned int value;
        if (sscanf(p, "%2x", &value) != 1 || n == sizeof(expected))
            return 0;
        expected[n++] = (unsigned char)value;
        p += 2;
    }
    if (n == b->len && memcmp(expected, b->data, n) == 0)
        return 1;
    printf("  got     :");
    for (size_t i = 0; i < b->len; i++)
        printf(" %02x", (unsigned char)b->data[i]);
    printf("\n  expected:");
    for (size_t i = 0; i < n; i++)
        printf(" %02x", expected[i]);
    printf("\n");
    return 0;
}

static void
test_int(void)
{
    struct buf b;
    buf_init(&b, 16);
    archive_put_int(&b, 0);
    archive_put_int(&b, 1);
    archive_put_int(&b, 53);
    archive_put_int(&b, 16020);
    archive_put_int(&b, -1);
    archive_put_int(&b, 2147483647);
    archive_put_int(&b, -2147483647 - 1);
    int ok = bytes_equal(&b, "00 00000000  00 01000000  00 35000000"
                             "00 943e0000  01 01000000  00 ffffff7f"
                             "01 00000080");
    buf_release(&b);
    CHECK(ok);
}

static void
test_byte_and_str(void)
{
    struct buf b;
    buf_init(&b, 16);
    archive_put_byte(&b, 0);
    archive_put_byte(&b, 0xff);
    archive_put_str(&b, NULL);
    archive_put_str(&b, "");
    archive_put_str(&b, "ab");
    archive_put_str(&b, "\xc3\xbc"); /* length in bytes, not characters */
    int ok = bytes_equal(&b, "00 ff  01 01000000  00 00000000"
                             "00 02000000 6162  00 02000000 c3bc");
    buf_release(&b);
    CHECK(ok);
}

static void
test_offset(void)
{
    struct buf b;
    buf_init(&b, 16);
    archive_put_offset(&b, ARCHIVE_OFFSET_NO_DATA, 0);
    archive_put_offset(&b, ARCHIVE_OFFSET_POS_SET, 1551);
    archive_put_offset(&b, ARCHIVE_OFFSET_POS_SET, UINT64_C(0x0102030405));
    int ok = bytes_equal(&b, "03 0000000000000000"
                             "02 0f06000000000000"
                             "02 0504030201000000");
    CHECK_INT_EQ(b.len, 3 * ARCHIVE_OFFSET_LENGTH);
    buf_release(&b);
    CHECK(ok);
}

static void
test_header(void)
{
    struct buf b;
    buf_init(&b, 16);
    struct archive_header h = {
        .format = ARCHIVE_FORMAT_CUSTOM,
        .compression = 6,
        .timestamp = 1700000000, /* 2023-11-14 22:13:20 UTC */
        .database = "shop",
        .remote_version = "15.0",
        .dump_version = "x",
    };
    archive_put_header(&b, &h);
    int ok = bytes_equal(&b, "5047444d50 01 0e 00 04 08 01"
                             "00 06000000"
                             "00 14000000 00 0d000000 00 16000000"
                             "00 0e000000 00 0a000000 00 7b000000"
                             "00 00000000"
                             "00 04000000 73686f70"
                             "00 04000000 31352e30"
                             "00 01000000 78");
    buf_reset(&b);
    h.format = ARCHIVE_FORMAT_TAR;
    h.compression = 0;
    h.database = NULL;
    archive_put_header(&b, &h);
    CHECK_INT_EQ(b.data[10], 3);
    CHECK_INT_EQ(b.data[11], 0);
    CHECK(memcmp(b.data + 11, "\0\0\0\0\0", 5) == 0);
    /* the NULL database name after the 7 date Ints */
    CHECK(memcmp(b.data + 16 + 35, "\x01\x01\0\0\0", 5) == 0);
    buf_release(&b);
    CHECK(ok);
}

static struct dump_entry
entry(int id, const char *desc, const char *tag, enum dump_section section,
      const char *create_sql)
{
    struct dump_entry e;
    memset(&e, 0, sizeof(e));
    e.dump_id = id;
    e.desc = desc;
    e.tag = tag;
    e.namespace = "public";
    e.owner = "";
    e.section = section;
    e.create_sql = create_sql;
    return e;
}

static void
test_toc_entry_table(void)
{
    static const struct plan_table table; /* only its presence matters */
    struct dump_entry entries[2];
    entries[0] = entry(1, "TABLE", "t", SECTION_PRE_DATA, "C;\n");
    entries[0].drop_sql = "D;\n";
    int deps[] = {1};
    entries[1] = entry(2, "TABLE DATA", "t", SECTION_DATA, "");
    entries[1].copy_stmt = "COPY t;\n";
    entries[1].dependencies = deps;
    entries[1].dependency_count = 1;
    entries[1].table = &table;
    struct plan plan;
    memset(&plan, 0, sizeof(plan));
    plan.entries = entries;
    plan.entry_count = 2;

    struct buf b;
    buf_init(&b, 16);
    archive_put_toc_entry(&b, &plan, &entries[0]);
    int ok_table = bytes_equal(&b, "00 01000000"              /* dumpId */
                                   "00 00000000"              /* no data */
                                   "00 04000000 31323539"     /* 1259 */
                                   "00 05000000 3136333834"   /* 16384 */
                                   "00 01000000 74"           /* tag t */
                                   "00 05000000 5441424c45"   /* TABLE */
                                   "00 02000000"              /* PRE_DATA */
                                   "00 03000000 433b0a"       /* defn */
                                   "00 03000000 443b0a"       /* drop */
                                   "01 01000000"              /* copy */
                                   "00 06000000 7075626c6963" /* public */
                                   "00 00000000"              /* ts "" */
                                   "00 04000000 68656170"     /* heap */
                                   "01 01000000"              /* owner */
                                   "00 05000000 66616c7365"   /* false */
                                   "01 01000000");            /* deps end */
    buf_reset(&b);
    archive_put_toc_entry(&b, &plan, &entries[1]);
    int ok_data =
        bytes_equal(&b, "00 02000000"
                        "00 01000000"                      /* has data */
                        "00 01000000 30"                   /* tableoid 0 */
                        "00 05000000 3136333834"           /* table's oid */
                        "00 01000000 74"                   /* tag */
                        "00 0a000000 5441424c452044415441" /* TABLE DATA */
                        "00 03000000"                      /* DATA */
                        "01 01000000"                      /* defn NULL */
                        "01 01000000"                      /* drop NULL */
                        "00 08000000 434f505920743b0a"     /* copy */
                        "00 06000000 7075626c6963"
                        "01 01000000" /* ts NULL */
                        "01 01000000" /* am NULL */
                        "01 01000000" /* owner */
                        "00 05000000 66616c7365"
                        "00 01000000 31" /* dep "1" */
                        "01 01000000");
    buf_release(&b);
    CHECK(ok_table);
    CHECK(ok_data);
    CHECK(archive_entry_has_data(&entries[1]));
    CHECK(!archive_entry_has_data(&entries[0]));
}

static void
test_oids_and_storage(void)
{
    struct dump_entry entries[4];
    entries[0] = entry(1, "ENCODING", "ENCODING", SECTION_PRE_DATA, "");
    entries[1] = entry(2, "INDEX", "i", SECTION_POST_DATA, "");
    entries[2] = entry(3, "FK CONSTRAINT", "t f", SECTION_POST_DATA, "");
    entries[3] = entry(4, "COMMENT", "TABLE t", SECTION_NONE, "");
    struct plan plan;
    memset(&plan, 0, sizeof(plan));
    plan.entries = entries;
    plan.entry_count = 4;
    char tableoid[12], oid[12];
    archive_entry_oids(&plan, &entries[0], tableoid, oid);
    CHECK_STR_EQ(tableoid, "0");
    CHECK_STR_EQ(oid, "0");
    archive_entry_oids(&plan, &entries[1], tableoid, oid);
    CHECK_STR_EQ(tableoid, "1259");
    CHECK_STR_EQ(oid, "16385");
    archive_entry_oids(&plan, &entries[2], tableoid, oid);
    CHECK_STR_EQ(tableoid, "2606");
    CHECK_STR_EQ(oid, "16386");
    archive_entry_oids(&plan, &entries[3], tableoid, oid);
    CHECK_STR_EQ(tableoid, "0");
    CHECK_STR_EQ(oid, "0");
    CHECK_STR_EQ(archive_entry_tablespace(&entries[1]), "");
    CHECK(archive_entry_tablespace(&entries[2]) == NULL);
    CHECK(archive_entry_table_am(&entries[1]) == NULL);
}

int
main(void)
{
    RUN(test_int);
    RUN(test_byte_and_str);
    RUN(test_offset);
    RUN(test_header);
    RUN(test_toc_entry_table);
    RUN(test_oids_and_storage);
    return HARNESS_DONE();
}
