#include "rdkafka_shim.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Delivery results of one producer, written by librdkafka's callback on the thread that
 * calls rd_kafka_poll/flush (the same one that reads them): no locking needed. */
struct stele_delivery {
    long failures;
    char first_error[256];
};

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
    (void)rk;
    struct stele_delivery *d = opaque;
    if (!d || message->err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
    if (d->failures++ == 0) snprintf(d->first_error, sizeof d->first_error, "%s", rd_kafka_err2str(message->err));
}

rd_kafka_t *stele_kafka_new(rd_kafka_type_t type, const char *const *keys, const char *const *values, int count,
                            char *error, size_t error_size) {
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    for (int i = 0; i < count; i++) {
        if (rd_kafka_conf_set(conf, keys[i], values[i], error, error_size) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return NULL;
        }
    }
    /* librdkafka's own log lines ("Connect to ... failed") go nowhere: the commands report
     * each failure once, in their own words. */
    rd_kafka_conf_set_log_cb(conf, NULL);
    struct stele_delivery *d = NULL;
    if (type == RD_KAFKA_PRODUCER) {
        d = calloc(1, sizeof *d);
        if (!d) { snprintf(error, error_size, "out of memory"); rd_kafka_conf_destroy(conf); return NULL; }
        rd_kafka_conf_set_opaque(conf, d);
        rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    }
    rd_kafka_t *rk = rd_kafka_new(type, conf, error, error_size); /* owns conf on success */
    if (!rk) { rd_kafka_conf_destroy(conf); free(d); }
    return rk;
}

int stele_kafka_produce(rd_kafka_t *rk, const char *topic, int32_t partition,
                        const void *key, size_t key_size, const void *value, size_t value_size,
                        const char *const *header_names, const void *const *header_values, const size_t *header_sizes,
                        int header_count) {
    rd_kafka_headers_t *headers = NULL;
    if (header_count > 0) {
        headers = rd_kafka_headers_new((size_t)header_count);
        for (int i = 0; i < header_count; i++)
            rd_kafka_header_add(headers, header_names[i], -1, header_values[i], (ssize_t)header_sizes[i]);
    }
    rd_kafka_resp_err_t err = rd_kafka_producev(
        rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY((void *)key, key_size), RD_KAFKA_V_VALUE((void *)value, value_size),
        RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_END);
    /* On success the message owns the headers; on failure they are still ours. */
    if (err && headers) rd_kafka_headers_destroy(headers);
    return (int)err;
}

long stele_kafka_delivery_failures(rd_kafka_t *rk, char *first_error, size_t error_size) {
    struct stele_delivery *d = rd_kafka_opaque(rk);
    if (!d) { if (error_size) first_error[0] = 0; return 0; }
    snprintf(first_error, error_size, "%s", d->first_error);
    return d->failures;
}

void stele_kafka_destroy(rd_kafka_t *rk) {
    struct stele_delivery *d = rd_kafka_opaque(rk);
    rd_kafka_destroy(rk);
    free(d);
}

int stele_kafka_assign_topic(rd_kafka_t *rk, const char *topic, int from_beginning, int timeout_ms,
                             char *error, size_t error_size) {
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    if (!rkt) { snprintf(error, error_size, "%s", rd_kafka_err2str(rd_kafka_last_error())); return -1; }
    const struct rd_kafka_metadata *metadata = NULL;
    rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, rkt, &metadata, timeout_ms);
    rd_kafka_topic_destroy(rkt);
    if (err) { snprintf(error, error_size, "%s", rd_kafka_err2str(err)); return -1; }
    int partitions = -1;
    for (int i = 0; i < metadata->topic_cnt; i++) {
        const struct rd_kafka_metadata_topic *t = &metadata->topics[i];
        if (strcmp(t->topic, topic) != 0) continue;
        if (t->err) { snprintf(error, error_size, "%s", rd_kafka_err2str(t->err)); break; }
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(t->partition_cnt);
        for (int p = 0; p < t->partition_cnt; p++)
            rd_kafka_topic_partition_list_add(list, topic, t->partitions[p].id)->offset =
                from_beginning ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END;
        err = rd_kafka_assign(rk, list);
        rd_kafka_topic_partition_list_destroy(list);
        if (err) { snprintf(error, error_size, "%s", rd_kafka_err2str(err)); break; }
        partitions = t->partition_cnt;
    }
    if (partitions < 0 && error[0] == 0) snprintf(error, error_size, "topic %s not found", topic);
    rd_kafka_metadata_destroy(metadata);
    return partitions;
}
