#include "writer/archive.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void
archive_put_byte(struct buf *out, unsigned char value)
{
    buf_putc(out, (char)value);
}

void
archive_put_int(struct buf *out, int value)
{
    /* A sign byte and the magnitude, not two's complement. */
    unsigned int magnitude =
        value < 0 ? 0u - (unsigned int)value : (unsigned int)value;
    archive_put_byte(out, value < 0 ? 1 : 0);
    for (int i = 0; i < ARCHIVE_INT_SIZE; i++) {
        archive_put_byte(out, (unsigned char)(magnitude & 0xff));
        magnitude >>= 8;
    }
}

void
archive_put_str(struct buf *out, const char *text)
{
    if (text == NULL) {
        archive_put_int(out, -1);
        return;
    }
    size_t length = strlen(text);
    archive_put_int(out, (int)length);
    buf_append(out, text, length);
}

void
archive_put_offset(struct buf *out, int flag, uint64_t position)
{
    archive_put_byte(out, (unsigned char)flag);
    for (int i = 0; i < ARCHIVE_OFF_SIZE; i++) {
        archive_put_byte(out, (unsigned char)(position & 0xff));
        position >>= 8;
    }
}

void
archive_put_header(struct buf *out, const struct archive_header *header)
{
    buf_append(out, ARCHIVE_MAGIC, strlen(ARCHIVE_MAGIC));
    archive_put_byte(out, ARCHIVE_VMAJ);
    archive_put_byte(out, ARCHIVE_VMIN);
    archive_put_byte(out, ARCHIVE_VREV);
    archive_put_byte(out, ARCHIVE_INT_SIZE);
    archive_put_byte(out, ARCHIVE_OFF_SIZE);
    archive_put_byte(out, (unsigned char)header->format);
    archive_put_int(out, header->compression);

    /* pg_dump writes its local time; a generated dump has no place, so
     * the fixed creation time is broken down in UTC, never in daylight
     * saving time. */
    time_t seconds = (time_t)header->timestamp;
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    if (gmtime_r(&seconds, &tm) == NULL)
        memset(&tm, 0, sizeof(tm));
    archive_put_int(out, tm.tm_sec);
    archive_put_int(out, tm.tm_min);
    archive_put_int(out, tm.tm_hour);
    archive_put_int(out, tm.tm_mday);
    archive_put_int(out, tm.tm_mon);
    archive_put_int(out, tm.tm_year);
    archive_put_int(out, 0);

    archive_put_str(out, header->database);
    archive_put_str(out, header->remote_version);
    archive_put_str(out, header->dump_version);
}

int
archive_entry_has_data(const struct dump_entry *e)
{
    return e->table != NULL && strcmp(e->desc, "TABLE DATA") == 0;
}

/* The pg_catalog table holding each kind of object; 0 for entries that are
 * not catalog objects of their own (settings, data, comments). */
static int
entry_catalog(const struct dump_entry *e)
{
    static const struct {
        const char *desc;
        int catalog;
    } catalogs[] = {
        {"SCHEMA", 2615},        {"EXTENSION", 3079},
        {"TYPE", 1247},          {"DOMAIN", 1247},
        {"TABLE", 1259},         {"SEQUENCE", 1259},
        {"INDEX", 1259},         {"DEFAULT", 2604},
        {"CONSTRAINT", 2606},    {"CHECK CONSTRAINT", 2606},
        {"FK CONSTRAINT", 2606}, {"DATABASE", 1262},
    };
    for (size_t i = 0; i < sizeof(catalogs) / sizeof(catalogs[0]); i++)
        if (strcmp(catalogs[i].desc, e->desc) == 0)
            return catalogs[i].catalog;
    return 0;
}

static const struct dump_entry *
entry_by_id(const struct plan *plan, int dump_id)
{
    if (plan == NULL || dump_id < 1)
        return NULL;
    /* dump ids are positions + 1; search in case a list does not hold to
     * that */
    if ((size_t)dump_id <= plan->entry_count &&
        plan->entries[dump_id - 1].dump_id == dump_id)
        return &plan->entries[dump_id - 1];
    for (size_t i = 0; i < plan->entry_count; i++)
        if (plan->entries[i].dump_id == dump_id)
            return &plan->entries[i];
    return NULL;
}

void
archive_entry_oids(const struct plan *plan, const struct dump_entry *e,
                   char *tableoid, char *oid)
{
    int catalog = entry_catalog(e);
    snprintf(tableoid, 12, "%d", catalog);
    if (catalog != 0) {
        snprintf(oid, 12, "%d", ARCHIVE_FIRST_OID + e->dump_id - 1);
        return;
    }
    const struct dump_entry *table =
        strcmp(e->desc, "TABLE DATA") == 0 && e->dependency_count > 0
            ? entry_by_id(plan, e->dependencies[0])
            : NULL;
    if (table != NULL && entry_catalog(table) != 0)
        snprintf(oid, 12, "%d", ARCHIVE_FIRST_OID + table->dump_id - 1);
    else
        snprintf(oid, 12, "0");
}

const char *
archive_entry_tablespace(const struct dump_entry *e)
{
    if (strcmp(e->desc, "TABLE") == 0 || strcmp(e->desc, "INDEX") == 0 ||
        strcmp(e->desc, "CONSTRAINT") == 0)
        return "";
    return NULL;
}

const char *
archive_entry_table_am(const struct dump_entry *e)
{
    return strcmp(e->desc, "TABLE") == 0 ? "heap" : NULL;
}

void
archive_put_toc_entry(struct buf *out, const struct plan *plan,
                      const struct dump_entry *e)
{
    char tableoid[12], oid[12];
    archive_entry_oids(plan, e, tableoid, oid);
    bool has_data = archive_entry_has_data(e);

    archive_put_int(out, e->dump_id);
    archive_put_int(out, has_data ? 1 : 0);
    archive_put_str(out, tableoid);
    archive_put_str(out, oid);
    archive_put_str(out, e->tag);
    archive_put_str(out, e->desc);
    /* SECTION_NONE .. SECTION_POST_DATA are 1 .. 4 in the archive */
    archive_put_int(out, (int)e->section + 1);
    /* the plan gives TABLE DATA an empty defn; pg_dump writes none */
    archive_put_str(out, has_data && e->create_sql && *e->create_sql == '\0'
                             ? NULL
                             : e->create_sql);
    archive_put_str(out, e->drop_sql);
    archive_put_str(out, has_data ? e->copy_stmt : NULL);
    archive_put_str(out, e->namespace);
    archive_put_str(out, archive_entry_tablespace(e));
    archive_put_str(out, archive_entry_table_am(e));
    /* No owner is NULL, which pg_restore prints as "Owner: -" like
     * pg_dump --no-owner; "" would print as "Owner: " */
    archive_put_str(out, e->owner && *e->owner ? e->owner : NULL);
    archive_put_str(out, "false");
    for (size_t i = 0; i < e->dependency_count; i++) {
        char id[12];
        snprintf(id, sizeof(id), "%d", e->dependencies[i]);
        archive_put_str(out, id);
    }
    archive_put_str(out, NULL);
}
