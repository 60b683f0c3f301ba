// The field callback of sdg4's fast census reader, in C: libcsv calls it once per field, and
// Swift code reached through a function pointer costs a thunk and a prologue per call. It only
// keeps the bytes of the fields the reader uses; the record callback hands the row to Swift.
#ifndef SDG4_FIELDS_H
#define SDG4_FIELDS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/// Bytes kept per field: a longer field is kept in part (its length says it all).
#define SDG4_SLOT_BYTES 64
/// A field longer than this (the whole-file reader's limit), or a record whose fields add up to
/// more, marks the record (`overflow`) whatever its column, so that the whole-file cleaner
/// judges it.
#define SDG4_LONG_FIELD (1 << 20)

typedef struct sdg4_row {
    /// Bit f set: field f (0-63) is kept.
    uint64_t wanted;
    /// Index of the next field of the record being read.
    size_t field;
    /// 64 slots of SDG4_SLOT_BYTES bytes, and the length of each kept field.
    unsigned char *slots;
    size_t *lengths;
    /// libcsv's `entry_size` (the size of the buffer the field bytes are in).
    const size_t *buffer_size;
    /// Set when a kept field of the record is longer than SDG4_SLOT_BYTES, or any field or the
    /// record's fields together longer than SDG4_LONG_FIELD (cleared with `field`).
    int overflow;
    /// Bytes of the record's fields so far.
    size_t record_bytes;
    /// Called at the end of each record with the number of fields it had (SIZE_MAX: a kept
    /// field was too long).
    void (*on_record)(void *context, size_t fields);
    void *context;
} sdg4_row;

/// libcsv's field callback (`cb1`); `row` is a `sdg4_row *`.
void sdg4_field(void *data, size_t length, void *row);
/// libcsv's record callback (`cb2`).
void sdg4_record(int terminator, void *row);


// The field callback of sdg4's fast assessment reader: a row of any width whose used fields
// are kept in slots, and whose numeric fields are read as plain decimals on the spot (most of a
// PISA row is numbers: 80 replicate weights, 20 plausible values). A field it cannot read for
// certain keeps its bytes for Swift.
typedef struct sdg4_wide_row {
    /// Per field of the header (`columns` of them): its slot, or -1 when it is not used.
    const int32_t *slot_of;
    size_t columns;
    /// Per slot: 1 when the field is a number to read on the spot.
    const uint8_t *numeric;
    /// Index of the next field of the record being read.
    size_t field;
    /// SDG4_SLOT_BYTES bytes per slot, and the length of each slot's field.
    unsigned char *slots;
    size_t *lengths;
    /// Per slot: the plain decimal read (when `parsed` is 1).
    double *numbers;
    /// Per slot: 1 when `numbers` holds the field's value, 0 when its bytes are in the slot.
    uint8_t *parsed;
    /// libcsv's `entry_size`.
    const size_t *buffer_size;
    /// A used field longer than SDG4_SLOT_BYTES and not read as a number, or any field or the
    /// record longer than SDG4_LONG_FIELD.
    int overflow;
    size_t record_bytes;
    /// Called at the end of each record with its field count (SIZE_MAX: overflow).
    void (*on_record)(void *context, size_t fields);
    void *context;
} sdg4_wide_row;

/// libcsv's field callback (`cb1`); `row` is a `sdg4_wide_row *`.
void sdg4_wide_field(void *data, size_t length, void *row);
/// libcsv's record callback (`cb2`).
void sdg4_wide_record(int terminator, void *row);
/// A plain decimal `[-]digits[.digits]` of at most 15 digits, as sdg4's `ByteNumber.double`
/// reads it (the same division, so bit for bit the same): 1 and the value, else 0.
int sdg4_plain_number(const unsigned char *p, size_t n, double *value);

/// Copies a field's bytes into its slot; 0 when the field is longer than a slot. A field of up
/// to 16 bytes is one fixed-size move (the bytes past `length` are ignored): libcsv's field
/// buffer grows in blocks of 128 bytes, checked all the same (`buffer_size`).
static inline int sdg4_keep(unsigned char *slot, const void *data, size_t length, size_t buffer_size) {
    if (length <= 16 && buffer_size >= 16) {
        memcpy(slot, data, 16);
    } else if (length <= SDG4_SLOT_BYTES) {
        memcpy(slot, data, length);
    } else {
        return 0;
    }
    return 1;
}

#endif
