/* The floor under sdg4's reader: libcsv's tokenizer alone over a file, with callbacks that do
 * nothing but count, and OpenSSL's SHA-256 of the same bytes (what sdg4 records for every input).
 * bench/run.py builds and runs it to print the fastest a libcsv-based reader can be here.
 * Usage: libcsv-floor FILE  →  "<seconds tokenizing> <seconds hashing> <fields>" */
#include <csv.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static void on_field(void *data, size_t length, void *count) { (void)data; (void)length; ++*(size_t *)count; }
static void on_record(int c, void *count) { (void)c; (void)count; }

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    static char buffer[1 << 20];
    if (argc != 2) return 2;
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) return 1;
    struct csv_parser parser;
    csv_init(&parser, 0);
    size_t fields = 0;
    ssize_t n;
    double t0 = now();
    while ((n = read(fd, buffer, sizeof buffer)) > 0) csv_parse(&parser, buffer, (size_t)n, on_field, on_record, &fields);
    csv_fini(&parser, on_field, on_record, &fields);
    double t1 = now();
    lseek(fd, 0, SEEK_SET);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    while ((n = read(fd, buffer, sizeof buffer)) > 0) EVP_DigestUpdate(ctx, buffer, (size_t)n);
    unsigned char digest[32];
    unsigned int length;
    EVP_DigestFinal_ex(ctx, digest, &length);
    double t2 = now();
    printf("%.3f %.3f %zu\n", t1 - t0, t2 - t1, fields);
    return 0;
}
