#ifndef STELE_RDKAFKA_SHIM_H
#define STELE_RDKAFKA_SHIM_H
/*
 * The parts of librdkafka's API Swift cannot call directly: rd_kafka_producev is variadic,
 * and delivery reports arrive through a C callback. Everything else (polling, messages,
 * headers, metadata) Swift calls on librdkafka itself.
 */
#include <librdkafka/rdkafka.h>
#include <stddef.h>
#include <stdint.h>

/* A client from `count` configuration pairs; NULL with the reason in `error` on failure. For
 * producers, delivery reports are counted (see stele_kafka_delivery_failures). */
rd_kafka_t *stele_kafka_new(rd_kafka_type_t type, const char *const *keys, const char *const *values, int count,
                            char *error, size_t error_size);

/* Enqueues one message (copied) with `header_count` headers; 0 or an rd_kafka_resp_err_t. */
int stele_kafka_produce(rd_kafka_t *rk, const char *topic, int32_t partition,
                        const void *key, size_t key_size, const void *value, size_t value_size,
                        const char *const *header_names, const void *const *header_values, const size_t *header_sizes,
                        int header_count);

/* Messages the broker did not acknowledge so far, and the first such error's text (or ""). */
long stele_kafka_delivery_failures(rd_kafka_t *rk, char *first_error, size_t error_size);

/* Destroys a client made by stele_kafka_new, with its delivery counters. */
void stele_kafka_destroy(rd_kafka_t *rk);

/* Assigns every partition of `topic`, from the start (or the end) of each; the number of
 * partitions, or -1 with the reason in `error` (unknown topic, broker unreachable). */
int stele_kafka_assign_topic(rd_kafka_t *rk, const char *topic, int from_beginning, int timeout_ms,
                             char *error, size_t error_size);

#endif
