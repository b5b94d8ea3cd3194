#include "kafka_test_broker.h"
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>

struct stele_test_broker {
    rd_kafka_t *host;
    rd_kafka_mock_cluster_t *cluster;
};

stele_test_broker *stele_test_broker_start(const char *topic, int partitions, char *bootstrap, size_t bootstrap_size) {
    char error[512];
    stele_test_broker *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "0", error, sizeof error);
    b->host = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!b->host) { free(b); return NULL; }
    b->cluster = rd_kafka_mock_cluster_new(b->host, 1);
    if (!b->cluster) { rd_kafka_destroy(b->host); free(b); return NULL; }
    if (topic) rd_kafka_mock_topic_create(b->cluster, topic, partitions, 1);
    snprintf(bootstrap, bootstrap_size, "%s", rd_kafka_mock_cluster_bootstraps(b->cluster));
    return b;
}

int stele_test_broker_create_topic(stele_test_broker *b, const char *topic, int partitions) {
    return (int)rd_kafka_mock_topic_create(b->cluster, topic, partitions, 1);
}

void stele_test_broker_stop(stele_test_broker *b) {
    if (!b) return;
    rd_kafka_mock_cluster_destroy(b->cluster);
    rd_kafka_destroy(b->host);
    free(b);
}
