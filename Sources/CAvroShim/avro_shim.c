#include "avro_shim.h"
#include <stdlib.h>
#include <string.h>

struct stele_avro {
    avro_schema_t schema;
    avro_value_iface_t *iface;
    avro_value_t value;
};

stele_avro *stele_avro_new(const char *schema_json, size_t len, char *error, size_t error_len) {
    stele_avro *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    if (avro_schema_from_json_length(schema_json, len, &a->schema)) {
        if (error && error_len) { strncpy(error, avro_strerror(), error_len - 1); error[error_len - 1] = 0; }
        free(a);
        return NULL;
    }
    a->iface = avro_generic_class_from_schema(a->schema);
    if (!a->iface || avro_generic_value_new(a->iface, &a->value)) {
        if (error && error_len) { strncpy(error, avro_strerror(), error_len - 1); error[error_len - 1] = 0; }
        if (a->iface) avro_value_iface_decref(a->iface);
        avro_schema_decref(a->schema);
        free(a);
        return NULL;
    }
    return a;
}

void stele_avro_free(stele_avro *a) {
    if (!a) return;
    avro_value_decref(&a->value);
    avro_value_iface_decref(a->iface);
    avro_schema_decref(a->schema);
    free(a);
}

avro_value_t *stele_avro_root(stele_avro *a) {
    avro_value_reset(&a->value);
    return &a->value;
}

avro_value_t *stele_avro_current(stele_avro *a) { return &a->value; }

int stele_avro_encode(stele_avro *a, uint8_t *buf, size_t cap, size_t *written) {
    avro_writer_t w = avro_writer_memory((char *) buf, (int64_t) cap);
    int rc = avro_value_write(w, &a->value);
    if (!rc) *written = (size_t) avro_writer_tell(w);
    avro_writer_free(w);
    return rc;
}

int stele_avro_decode(stele_avro *a, const uint8_t *buf, size_t len) {
    avro_value_reset(&a->value);
    avro_reader_t r = avro_reader_memory((const char *) buf, (int64_t) len);
    int rc = avro_value_read(r, &a->value);
    avro_reader_free(r);
    return rc;
}

const char *stele_avro_error(void) { return avro_strerror(); }

int stele_value_type(avro_value_t *v) { return (int) avro_value_get_type(v); }
int stele_set_null(avro_value_t *v) { return avro_value_set_null(v); }
int stele_set_boolean(avro_value_t *v, int b) { return avro_value_set_boolean(v, b); }
int stele_set_int(avro_value_t *v, int32_t i) { return avro_value_set_int(v, i); }
int stele_set_long(avro_value_t *v, int64_t l) { return avro_value_set_long(v, l); }
int stele_set_float(avro_value_t *v, float f) { return avro_value_set_float(v, f); }
int stele_set_double(avro_value_t *v, double d) { return avro_value_set_double(v, d); }
int stele_set_bytes(avro_value_t *v, const void *p, size_t n) { return avro_value_set_bytes(v, (void *) p, n); }
int stele_set_string_len(avro_value_t *v, const char *p, size_t n) {
    // libavro-c strings carry a trailing NUL inside their length.
    char *copy = malloc(n + 1);
    if (!copy) return ENOMEM;
    memcpy(copy, p, n);
    copy[n] = 0;
    int rc = avro_value_set_string_len(v, copy, n + 1);
    free(copy);
    return rc;
}
int stele_set_enum(avro_value_t *v, int i) { return avro_value_set_enum(v, i); }
int stele_set_fixed(avro_value_t *v, const void *p, size_t n) { return avro_value_set_fixed(v, (void *) p, n); }
int stele_field(avro_value_t *record, size_t i, avro_value_t *out) { return avro_value_get_by_index(record, i, out, NULL); }
int stele_append(avro_value_t *array, avro_value_t *out) { return avro_value_append(array, out, NULL); }
int stele_map_add(avro_value_t *map, const char *key, avro_value_t *out) { return avro_value_add(map, key, out, NULL, NULL); }
int stele_set_branch(avro_value_t *u, int i, avro_value_t *out) { return avro_value_set_branch(u, i, out); }

int stele_get_boolean(avro_value_t *v, int *b) { return avro_value_get_boolean(v, b); }
int stele_get_int(avro_value_t *v, int32_t *i) { return avro_value_get_int(v, i); }
int stele_get_long(avro_value_t *v, int64_t *l) { return avro_value_get_long(v, l); }
int stele_get_float(avro_value_t *v, float *f) { return avro_value_get_float(v, f); }
int stele_get_double(avro_value_t *v, double *d) { return avro_value_get_double(v, d); }
int stele_get_bytes(avro_value_t *v, const void **p, size_t *n) { return avro_value_get_bytes(v, p, n); }
int stele_get_string(avro_value_t *v, const char **p, size_t *n) {
    int rc = avro_value_get_string(v, p, n);
    if (!rc && *n > 0) *n -= 1;
    return rc;
}
int stele_get_enum(avro_value_t *v, int *i) { return avro_value_get_enum(v, i); }
int stele_get_fixed(avro_value_t *v, const void **p, size_t *n) { return avro_value_get_fixed(v, p, n); }
int stele_get_size(avro_value_t *v, size_t *n) { return avro_value_get_size(v, n); }
int stele_get_index(avro_value_t *v, size_t i, avro_value_t *out, const char **name) { return avro_value_get_by_index(v, i, out, name); }
int stele_get_branch(avro_value_t *v, int *i, avro_value_t *out) {
    int rc = avro_value_get_discriminant(v, i);
    if (rc) return rc;
    return avro_value_get_current_branch(v, out);
}
