/*
 * archive: the byte encodings shared by pg_dump's custom and directory
 * formats (archive version 1.14, which pg_restore 12 through 18 read):
 * the primitives (Byte, Int with a sign byte, Str with length -1 for NULL,
 * Offset with its flag byte), the header, and the fields of a TOC entry up
 * to the format's own extra field, which the caller appends (an Offset in
 * the custom format, a file name in the directory format). Everything is
 * appended to a struct buf; nothing here does I/O.
 * Thread-safety: pure functions of their arguments.
 */
#ifndef DG_WRITER_ARCHIVE_H
#define DG_WRITER_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "plan/plan.h"
#include "writer/writer.h"

/* The archive formats (writer.h lists the plain ones). */

#define ARCHIVE_MAGIC    "PGDMP"
#define ARCHIVE_VMAJ     1
#define ARCHIVE_VMIN     14
#define ARCHIVE_VREV     0
#define ARCHIVE_INT_SIZE 4
#define ARCHIVE_OFF_SIZE 8
/* The format byte: the directory format's toc.dat says "tar", as
 * pg_dump's does. */
#define ARCHIVE_FORMAT_CUSTOM 1
#define ARCHIVE_FORMAT_TAR    3

/* Offset flags (the custom format's per-entry extra field). */
#define ARCHIVE_OFFSET_POS_NOT_SET 1
#define ARCHIVE_OFFSET_POS_SET     2
#define ARCHIVE_OFFSET_NO_DATA     3
/* Bytes of an encoded Offset: the flag and offSize position bytes. */
#define ARCHIVE_OFFSET_LENGTH (1 + ARCHIVE_OFF_SIZE)

/* Block type of a table's data in the custom format. */
#define ARCHIVE_BLOCK_DATA 1

/* The text pg_dump ends every table's COPY data with. */
#define ARCHIVE_COPY_END        "\\.\n\n\n"
#define ARCHIVE_COPY_END_LENGTH 5

/* What the header says about the server and the dumper: pg_restore only
 * shows them ("Dumped from database version", "Dumped by pg_dump
 * version"); the server is the PostgreSQL release whose pg_dump output the
 * archive reproduces. */
#define ARCHIVE_REMOTE_VERSION "15.0"
#define ARCHIVE_DUMP_VERSION   "15.0 (datagen)"

/* The first OID PostgreSQL gives to user objects: entries get made-up OIDs
 * from here, in dump order, so `pg_restore -l` looks like pg_dump's. */
#define ARCHIVE_FIRST_OID 16384

struct archive_header {
    int format;           /* ARCHIVE_FORMAT_* */
    int compression;      /* the zlib level, 0 for none */
    int64_t timestamp;    /* creation time, seconds since 1970, shown in UTC */
    const char *database; /* NULL writes a NULL Str */
    const char *remote_version; /* server version */
    const char *dump_version;   /* pg_dump version */
};

/* Primitives, least significant byte first. */
void archive_put_byte(struct buf *out, unsigned char value);
/* A sign byte and the absolute value in ARCHIVE_INT_SIZE bytes; value must
 * fit a C int (pg_restore reads it into one). */
void archive_put_int(struct buf *out, int value);
/* The length as an Int and the bytes; NULL is the length -1. */
void archive_put_str(struct buf *out, const char *text);
void archive_put_offset(struct buf *out, int flag, uint64_t position);

void archive_put_header(struct buf *out, const struct archive_header *header);

/* Whether an entry owns a data block (pg_dump's hadDumper): TABLE DATA of a
 * table, the entries the pipeline hands to begin_data. */
int archive_entry_has_data(const struct dump_entry *e);

/* The entry's tableoid and oid, as pg_dump writes them: the system catalog
 * the object lives in and a made-up OID, or "0" for entries that are not
 * catalog objects; TABLE DATA carries its table's OID. buffer must hold 12
 * bytes each. */
void archive_entry_oids(const struct plan *plan, const struct dump_entry *e,
                        char *tableoid, char *oid);

/* The tablespace ("" for relations with storage, else NULL) and table
 * access method ("heap" for tables, else NULL) pg_dump records. */
const char *archive_entry_tablespace(const struct dump_entry *e);
const char *archive_entry_table_am(const struct dump_entry *e);

/* Fields 1 to 17 of a 1.14 TOC entry (dumpId .. the dependency list's
 * NULL end); the caller appends the format's extra field. */
void archive_put_toc_entry(struct buf *out, const struct plan *plan,
                           const struct dump_entry *e);

#endif
