#include "sdg4_fields.h"

#include <string.h>

static const double powers_of_ten[16] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
};

int sdg4_plain_number(const unsigned char *p, size_t n, double *value) {
    if (n == 0 || n > 17) return 0;
    size_t i = 0;
    int negative = 0;
    if (p[0] == '-') {
        negative = 1;
        i = 1;
    }
    uint64_t mantissa = 0;
    int digits = 0, fraction = 0, point = 0;
    for (; i < n; i++) {
        unsigned d = (unsigned)p[i] - '0';
        if (d < 10) {
            mantissa = mantissa * 10 + d;
            digits++;
            fraction += point;
        } else if (p[i] == '.' && !point) {
            point = 1;
        } else {
            return 0;
        }
    }
    if (digits == 0 || digits > 15) return 0;
    double v = (double)mantissa / powers_of_ten[fraction];
    *value = negative ? -v : v;
    return 1;
}

void sdg4_wide_field(void *data, size_t length, void *p) {
    sdg4_wide_row *row = p;
    size_t f = row->field++;
    row->record_bytes += length;
    if (row->record_bytes > SDG4_LONG_FIELD) row->overflow = 1;
    if (f >= row->columns) return;
    int32_t s = row->slot_of[f];
    if (s < 0) return;
    row->lengths[s] = length;
    row->parsed[s] = 0;
    if (length == 0 || data == NULL) return;
    if (row->numeric[s] && sdg4_plain_number(data, length, &row->numbers[s])) {
        row->parsed[s] = 1;
        return;
    }
    if (!sdg4_keep(row->slots + (size_t)s * SDG4_SLOT_BYTES, data, length, *row->buffer_size)) row->overflow = 1;
}

void sdg4_wide_record(int terminator, void *p) {
    (void)terminator;
    sdg4_wide_row *row = p;
    size_t fields = row->field;
    int overflow = row->overflow;
    row->field = 0;
    row->overflow = 0;
    row->record_bytes = 0;
    row->on_record(row->context, overflow ? (size_t)-1 : fields);
}
