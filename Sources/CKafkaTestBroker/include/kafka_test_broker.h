#ifndef STELE_KAFKA_TEST_BROKER_H
#define STELE_KAFKA_TEST_BROKER_H
/* A Kafka-protocol broker in the test process: librdkafka's mock cluster, for the produce and
 * consume tests only (never linked into stele). */
#include <stddef.h>

typedef struct stele_test_broker stele_test_broker;

/* Starts a one-broker cluster with `topic` of `partitions` partitions (NULL topic: none);
 * writes "host:port" to `bootstrap`. NULL on failure. */
stele_test_broker *stele_test_broker_start(const char *topic, int partitions, char *bootstrap, size_t bootstrap_size);
int stele_test_broker_create_topic(stele_test_broker *broker, const char *topic, int partitions);
void stele_test_broker_stop(stele_test_broker *broker);

#endif
