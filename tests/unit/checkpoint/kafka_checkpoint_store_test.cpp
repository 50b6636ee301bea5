#include "checkpoint/kafka_checkpoint_store.h"

#include <gtest/gtest.h>

#include "kafka/mock_cluster.h"

namespace b2k::checkpoint {
namespace {

Checkpoint sample(std::uint64_t pos) {
    Checkpoint cp;
    cp.flavor = binlog::Flavor::mariadb;
    cp.file = "mariadb-bin.000002";
    cp.pos = pos;
    cp.gtid_set = "0-1-" + std::to_string(pos);
    cp.ts_ms = 1700000000000 + pos;
    cp.schema = {3, "prod.schema-history"};
    return cp;
}

TEST(KafkaCheckpointStore, EmptyTopicThenLastValueForOurKeyWins) {
    auto cluster = kafka::MockCluster::start(1);
    ASSERT_TRUE(cluster) << cluster.error().message;
    config::KafkaConfig kafka;
    kafka.brokers = cluster.value()->bootstrap_servers();

    auto prod = KafkaCheckpointStore::create(kafka, kafka.brokers, "prod.checkpoints", "prod");
    ASSERT_TRUE(prod) << prod.error().message;
    auto other = KafkaCheckpointStore::create(kafka, kafka.brokers, "prod.checkpoints", "other");
    ASSERT_TRUE(other) << other.error().message;

    auto none = prod.value()->load();
    ASSERT_TRUE(none) << none.error().message;
    EXPECT_FALSE(none.value().has_value());

    ASSERT_TRUE(prod.value()->lock());
    for (std::uint64_t pos = 100; pos <= 500; pos += 100) {
        auto r = prod.value()->save(sample(pos));
        ASSERT_TRUE(r) << r.error().message;
        ASSERT_TRUE(other.value()->save(sample(pos + 1)));
    }
    // A fresh store (a restarted daemon) reads what was saved last for its key.
    auto again = KafkaCheckpointStore::create(kafka, kafka.brokers, "prod.checkpoints", "prod");
    ASSERT_TRUE(again);
    auto loaded = again.value()->load();
    ASSERT_TRUE(loaded) << loaded.error().message;
    ASSERT_TRUE(loaded.value().has_value());
    EXPECT_EQ(*loaded.value(), sample(500));
    auto loaded_other = other.value()->load();
    ASSERT_TRUE(loaded_other);
    EXPECT_EQ(*loaded_other.value(), sample(501));
}

}  // namespace
}  // namespace b2k::checkpoint
