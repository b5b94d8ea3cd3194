// Function wrappers around libavro-c's value API (which is macros over an interface table),
// for the test oracle. Only ever given valid data: libavro-c is not safe on hostile bytes.
#ifndef STELE_AVRO_SHIM_H
#define STELE_AVRO_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <avro.h>

typedef struct stele_avro stele_avro;

stele_avro *stele_avro_new(const char *schema_json, size_t len, char *error, size_t error_len);
void stele_avro_free(stele_avro *a);
/// The root value, reset to empty.
avro_value_t *stele_avro_root(stele_avro *a);
/// The root value as it is (after a decode).
avro_value_t *stele_avro_current(stele_avro *a);
/// Writes the root value; returns 0 and the size, or an errno.
int stele_avro_encode(stele_avro *a, uint8_t *buf, size_t cap, size_t *written);
/// Reads bytes into the root value.
int stele_avro_decode(stele_avro *a, const uint8_t *buf, size_t len);
const char *stele_avro_error(void);

int stele_value_type(avro_value_t *v);
int stele_set_null(avro_value_t *v);
int stele_set_boolean(avro_value_t *v, int b);
int stele_set_int(avro_value_t *v, int32_t i);
int stele_set_long(avro_value_t *v, int64_t l);
int stele_set_float(avro_value_t *v, float f);
int stele_set_double(avro_value_t *v, double d);
int stele_set_bytes(avro_value_t *v, const void *p, size_t n);
int stele_set_string_len(avro_value_t *v, const char *p, size_t n);
int stele_set_enum(avro_value_t *v, int i);
int stele_set_fixed(avro_value_t *v, const void *p, size_t n);
int stele_field(avro_value_t *record, size_t i, avro_value_t *out);
int stele_append(avro_value_t *array, avro_value_t *out);
int stele_map_add(avro_value_t *map, const char *key, avro_value_t *out);
int stele_set_branch(avro_value_t *u, int i, avro_value_t *out);

int stele_get_boolean(avro_value_t *v, int *b);
int stele_get_int(avro_value_t *v, int32_t *i);
int stele_get_long(avro_value_t *v, int64_t *l);
int stele_get_float(avro_value_t *v, float *f);
int stele_get_double(avro_value_t *v, double *d);
int stele_get_bytes(avro_value_t *v, const void **p, size_t *n);
/// String bytes without the trailing NUL libavro-c keeps.
int stele_get_string(avro_value_t *v, const char **p, size_t *n);
int stele_get_enum(avro_value_t *v, int *i);
int stele_get_fixed(avro_value_t *v, const void **p, size_t *n);
int stele_get_size(avro_value_t *v, size_t *n);
int stele_get_index(avro_value_t *v, size_t i, avro_value_t *out, const char **name);
int stele_get_branch(avro_value_t *v, int *i, avro_value_t *out);

#endif
