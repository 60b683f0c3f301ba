/* The floor under sdg4's reader: libcsv's tokenizer alone over a file, with callbacks that do
 * nothing but count, and OpenSSL's SHA-256 of the same bytes (what sdg4 records for every input).
 * bench/run.py builds and runs it to print the fastest a libcsv-based reader can be here;
 * bench/sampling.py runs it with THREADS to get the tokenizer's floor on several cores.
 *
 * Usage: libcsv-floor FILE          →  "<seconds tokenizing> <seconds hashing> <fields>"
 *        libcsv-floor FILE THREADS  →  "<wall seconds tokenizing on THREADS threads> <fields> <records>
 *                                          <CPU seconds of the busiest thread>"
 *
 * With THREADS, the file is cut into THREADS byte ranges of about equal size, each starting just
 * after a line feed (the first line feed at or after the range's nominal start), and each range
 * is tokenised by its own csv_parser on its own pthread, read with pread into the thread's own
 * buffer. The cut is NOT quote-aware: a line feed inside a quoted field would split a record.
 * That is fine for the files it is used on (bench/make-pisa.py writes no quotes); on a file with
 * quoted line breaks the field and record counts would differ from the one-thread run. The time
 * includes finding the cuts (a few small preads) and starting and joining the threads. The busiest
 * thread's CPU time (user and system) is what the wall time would be on otherwise idle cores: on a
 * machine shared with other work the wall time can be up to THREADS times more. */
#include <csv.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BUFFER_SIZE (1 << 20)

struct counts {
    size_t fields, records;
};

static void on_field(void *data, size_t length, void *count) { (void)data; (void)length; ++((struct counts *)count)->fields; }
static void on_record(int c, void *count) { (void)c; ++((struct counts *)count)->records; }

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* One thread's share: bytes [start, end) of the file. */
struct range {
    int fd;
    off_t start, end;
    struct counts counts;
    double cpu;
    int failed;
};

static void *tokenize(void *arg) {
    struct range *r = arg;
    char *buffer = malloc(BUFFER_SIZE);
    struct csv_parser parser;
    if (!buffer || csv_init(&parser, 0) != 0) {
        r->failed = 1;
        free(buffer);
        return NULL;
    }
    for (off_t at = r->start; at < r->end;) {
        size_t want = (size_t)(r->end - at) < BUFFER_SIZE ? (size_t)(r->end - at) : BUFFER_SIZE;
        ssize_t n = pread(r->fd, buffer, want, at);
        if (n <= 0) {
            r->failed = 1;
            break;
        }
        if (csv_parse(&parser, buffer, (size_t)n, on_field, on_record, &r->counts) != (size_t)n) {
            r->failed = 1;
            break;
        }
        at += n;
    }
    csv_fini(&parser, on_field, on_record, &r->counts);
    csv_free(&parser);
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    r->cpu = t.tv_sec + t.tv_nsec / 1e9;
    free(buffer);
    return NULL;
}

/* The offset just after the first line feed at or after `from` (the file's size when none). */
static off_t next_record(int fd, off_t from, off_t size) {
    char block[65536];
    if (from < 0) from = 0;
    while (from < size) {
        ssize_t n = pread(fd, block, sizeof block, from);
        if (n <= 0) return size;
        char *lf = memchr(block, '\n', (size_t)n);
        if (lf) return from + (lf - block) + 1;
        from += n;
    }
    return size;
}

static int threaded(const char *path, int threads) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 1;
    struct stat st;
    if (fstat(fd, &st) != 0) return 1;
    off_t size = st.st_size;
    struct range *ranges = calloc((size_t)threads, sizeof *ranges);
    pthread_t *ids = calloc((size_t)threads, sizeof *ids);
    if (!ranges || !ids) return 1;
    double t0 = now();
    off_t start = 0;
    for (int i = 0; i < threads; ++i) {
        off_t end = i == threads - 1 ? size : next_record(fd, size / threads * (i + 1) - 1, size);
        if (end < start) end = start;
        ranges[i] = (struct range){.fd = fd, .start = start, .end = end};
        start = end;
    }
    for (int i = 0; i < threads; ++i)
        if (pthread_create(&ids[i], NULL, tokenize, &ranges[i]) != 0) return 1;
    struct counts total = {0, 0};
    int failed = 0;
    double busiest = 0;
    for (int i = 0; i < threads; ++i) {
        pthread_join(ids[i], NULL);
        if (ranges[i].cpu > busiest) busiest = ranges[i].cpu;
        total.fields += ranges[i].counts.fields;
        total.records += ranges[i].counts.records;
        failed |= ranges[i].failed;
    }
    double t1 = now();
    if (failed) return 1;
    printf("%.3f %zu %zu %.3f\n", t1 - t0, total.fields, total.records, busiest);
    free(ranges);
    free(ids);
    close(fd);
    return 0;
}

int main(int argc, char **argv) {
    static char buffer[BUFFER_SIZE];
    if (argc == 3) {
        int threads = atoi(argv[2]);
        if (threads < 1 || threads > 256) return 2;
        return threaded(argv[1], threads);
    }
    if (argc != 2) return 2;
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) return 1;
    struct csv_parser parser;
    csv_init(&parser, 0);
    struct counts counts = {0, 0};
    ssize_t n;
    double t0 = now();
    while ((n = read(fd, buffer, sizeof buffer)) > 0) csv_parse(&parser, buffer, (size_t)n, on_field, on_record, &counts);
    csv_fini(&parser, on_field, on_record, &counts);
    double t1 = now();
    lseek(fd, 0, SEEK_SET);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    while ((n = read(fd, buffer, sizeof buffer)) > 0) EVP_DigestUpdate(ctx, buffer, (size_t)n);
    unsigned char digest[32];
    unsigned int length;
    EVP_DigestFinal_ex(ctx, digest, &length);
    double t2 = now();
    printf("%.3f %.3f %zu\n", t1 - t0, t2 - t1, counts.fields);
    return 0;
}
