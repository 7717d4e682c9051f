/*
 * Memory read bandwidth as generation sees it: T threads each sum 64-bit words over their slice of one buffer of
 * the model's size (larger than any cache), pass after pass. Prints JSON: the bytes, threads and each pass's GB/s.
 * Usage: read-bandwidth BYTES THREADS PASSES
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct slice { const uint64_t *words; size_t count; uint64_t sum; };

static void *sum_slice(void *arg) {
    struct slice *s = arg;
    uint64_t a = 0, b = 0, c = 0, d = 0;
    size_t i = 0;
    for (; i + 4 <= s->count; i += 4) { a += s->words[i]; b += s->words[i + 1]; c += s->words[i + 2]; d += s->words[i + 3]; }
    for (; i < s->count; i++) a += s->words[i];
    s->sum = a + b + c + d;
    return NULL;
}

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: read-bandwidth BYTES THREADS PASSES\n"); return 2; }
    size_t bytes = strtoull(argv[1], NULL, 10) & ~(size_t)63;
    int threads = atoi(argv[2]), passes = atoi(argv[3]);
    if (bytes == 0 || threads < 1 || threads > 256 || passes < 1) { fprintf(stderr, "bad arguments\n"); return 2; }
    uint64_t *words = aligned_alloc(64, bytes);
    if (!words) { fprintf(stderr, "cannot allocate %zu bytes\n", bytes); return 1; }
    memset(words, 1, bytes); /* every page resident before the first pass */
    size_t count = bytes / 8, per = count / threads;
    struct slice slices[256];
    pthread_t ids[256];
    uint64_t total = 0;
    printf("{\"bytes\":%zu,\"threads\":%d,\"gbPerSecond\":[", bytes, threads);
    for (int pass = 0; pass < passes; pass++) {
        double start = now_seconds();
        for (int t = 0; t < threads; t++) {
            slices[t].words = words + (size_t)t * per;
            slices[t].count = t == threads - 1 ? count - (size_t)t * per : per;
            pthread_create(&ids[t], NULL, sum_slice, &slices[t]);
        }
        for (int t = 0; t < threads; t++) { pthread_join(ids[t], NULL); total += slices[t].sum; }
        printf("%s%.3f", pass ? "," : "", (double)bytes / (now_seconds() - start) / 1e9);
    }
    /* The checksum keeps the compiler from dropping the reads. */
    printf("],\"checksum\":%llu}\n", (unsigned long long)total);
    free(words);
    return 0;
}
