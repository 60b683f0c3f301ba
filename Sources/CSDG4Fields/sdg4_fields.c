#include "sdg4_fields.h"

#include <string.h>

void sdg4_field(void *data, size_t length, void *p) {
    sdg4_row *row = p;
    size_t f = row->field++;
    row->record_bytes += length;
    if (row->record_bytes > SDG4_LONG_FIELD) row->overflow = 1;
    if (f >= 64 || !((row->wanted >> f) & 1)) return;
    row->lengths[f] = length;
    if (length == 0 || data == NULL) return;
    if (!sdg4_keep(row->slots + f * SDG4_SLOT_BYTES, data, length, *row->buffer_size)) row->overflow = 1;
}

/// Hands the record to Swift: its field count, or SIZE_MAX when a field was too long.
void sdg4_record(int terminator, void *p) {
    (void)terminator;
    sdg4_row *row = p;
    size_t fields = row->field;
    int overflow = row->overflow;
    row->field = 0;
    row->overflow = 0;
    row->record_bytes = 0;
    row->on_record(row->context, overflow ? (size_t)-1 : fields);
}
