/*
 * A Kafka-protocol broker on loopback for the end-to-end tests, without docker: librdkafka's
 * mock cluster (Debian librdkafka-dev, rdkafka_mock.h), hosted by this process.
 *
 *   cc -O2 -o mock_broker mock_broker.c -lrdkafka
 *   mock_broker SECONDS TOPIC[:PARTITIONS]...
 *
 * Prints "bootstrap=HOST:PORT" and serves until SIGTERM/SIGINT or SECONDS pass (a bound, so
 * a test that dies cannot leave it running). Memory only; any Kafka client may connect.
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;
static void stop(int signal) { (void)signal; stopping = 1; }

int main(int argc, char **argv) {
    int seconds = argc > 1 ? atoi(argv[1]) : 120;
    char error[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, NULL); /* the host client has no bootstrap servers: quiet */
    rd_kafka_t *host = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!host) { fprintf(stderr, "rd_kafka_new: %s\n", error); return 1; }
    rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(host, 1);
    if (!cluster) { fprintf(stderr, "cannot start the mock cluster\n"); return 1; }
    for (int i = 2; i < argc; i++) {
        char topic[256];
        int partitions = 1;
        if (sscanf(argv[i], "%255[^:]:%d", topic, &partitions) >= 1) rd_kafka_mock_topic_create(cluster, topic, partitions, 1);
    }
    printf("bootstrap=%s\n", rd_kafka_mock_cluster_bootstraps(cluster));
    fflush(stdout);
    signal(SIGTERM, stop);
    signal(SIGINT, stop);
    for (int t = 0; t < seconds * 10 && !stopping; t++) usleep(100000);
    rd_kafka_mock_cluster_destroy(cluster);
    rd_kafka_destroy(host);
    return 0;
}
