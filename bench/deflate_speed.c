/*
 * deflate_speed: how fast the deflate library itself compresses a file at
 * a level, on one thread, as one stream with zlib framing: the yardstick
 * for datagen's compressed cases in `make bench`. Uses the library datagen
 * uses for the level (ISA-L for 1-3, zlib above). Prints one line:
 * "LIBRARY LEVEL MB/S RATIO", MB/s of input, the best of RUNS runs.
 * usage: deflate_speed FILE LEVEL [RUNS]
 */
#include <isa-l/igzip_lib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <zlib.h>

static double
seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t
with_zlib(unsigned char *in, size_t length, int level, unsigned char *out,
          size_t room)
{
    z_stream z = {0};
    if (deflateInit(&z, level) != Z_OK)
        return 0;
    z.next_in = in;
    z.next_out = out;
    size_t done_in = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {
        size_t left = length - done_in;
        z.avail_in = left > (1u << 30) ? (1u << 30) : (uInt)left;
        z.avail_out = room - z.total_out > (1u << 30)
                          ? (1u << 30)
                          : (uInt)(room - z.total_out);
        uInt before = z.avail_in;
        rc = deflate(&z, z.avail_in == left ? Z_FINISH : Z_NO_FLUSH);
        done_in += before - z.avail_in;
    }
    size_t total = z.total_out;
    deflateEnd(&z);
    return rc == Z_STREAM_END ? total : 0;
}

static size_t
with_isal(unsigned char *in, size_t length, int level, unsigned char *out,
          size_t room)
{
    static const uint32_t sizes[] = {
        0, ISAL_DEF_LVL1_DEFAULT, ISAL_DEF_LVL2_DEFAULT, ISAL_DEF_LVL3_DEFAULT};
    struct isal_zstream s;
    isal_deflate_init(&s);
    s.level = (uint32_t)level;
    s.level_buf_size = sizes[level];
    s.level_buf = malloc(sizes[level]);
    s.gzip_flag = IGZIP_ZLIB;
    s.next_in = in;
    s.next_out = out;
    size_t done_in = 0;
    while (done_in < length || s.internal_state.state != ZSTATE_END) {
        size_t left = length - done_in;
        s.avail_in = left > (1u << 30) ? (1u << 30) : (uint32_t)left;
        s.end_of_stream = s.avail_in == left;
        s.avail_out =
            (uint32_t)((room - s.total_out) > (1u << 30) ? (1u << 30)
                                                         : room - s.total_out);
        uint32_t before = s.avail_in;
        if (isal_deflate(&s) != COMP_OK)
            break;
        done_in += before - s.avail_in;
    }
    free(s.level_buf);
    return s.internal_state.state == ZSTATE_END ? s.total_out : 0;
}

int
main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: deflate_speed FILE LEVEL [RUNS]\n");
        return 2;
    }
    int level = atoi(argv[2]);
    int runs = argc > 3 ? atoi(argv[3]) : 3;
    if (level < 1 || level > 9 || runs < 1) {
        fprintf(stderr, "deflate_speed: level 1..9 and runs >= 1\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
        perror(argv[1]);
        return 1;
    }
    long size = ftell(f);
    rewind(f);
    size_t length = size > 0 ? (size_t)size : 0;
    size_t room = length + length / 8 + 65536;
    unsigned char *in = malloc(length + 1), *out = malloc(room);
    if (in == NULL || out == NULL || fread(in, 1, length, f) != length) {
        fprintf(stderr, "deflate_speed: cannot read %s\n", argv[1]);
        return 1;
    }
    fclose(f);
    int isal = level <= 3;
    double best = 0;
    size_t compressed = 0;
    for (int i = 0; i < runs; i++) {
        double start = seconds();
        compressed = isal ? with_isal(in, length, level, out, room)
                          : with_zlib(in, length, level, out, room);
        double took = seconds() - start;
        if (compressed == 0) {
            fprintf(stderr, "deflate_speed: compression failed\n");
            return 1;
        }
        if (best == 0 || took < best)
            best = took;
    }
    printf("%s %d %.1f %.3f\n", isal ? "isa-l" : "zlib", level,
           (double)length / 1e6 / best, (double)length / (double)compressed);
    free(in);
    free(out);
    return 0;
}
