// KafkaSchemaHistory against the in-process mock cluster: versions of one source survive a
// restart (a fresh object reads them back), other sources' versions in the same topic are
// ignored, and a record that is not a version is reported as corruption with where it is.

#include "checkpoint/kafka_schema_history.h"

#include <gtest/gtest.h>

#include "kafka/mock_cluster.h"
#include "kafka/producer.h"
#include "schema/ddl_interpreter.h"

namespace b2k::checkpoint {
namespace {

schema::SchemaVersion version(std::uint64_t n, const std::string& ddl) {
    schema::SchemaVersion v;
    v.version = n;
    v.file = n == 1 ? "" : "mysql-bin.000003";
    v.pos = n * 100;
    v.ddl = ddl;
    if (n > 1) {
        const auto out = schema::apply_ddl(v.catalog, "shop", ddl);
        EXPECT_EQ(out.kind, schema::DdlKind::applied) << out.message;
    }
    return v;
}

class KafkaHistory : public ::testing::Test {
  protected:
    void SetUp() override {
        auto c = kafka::MockCluster::start(1);
        ASSERT_TRUE(c) << c.error().message;
        cluster_ = std::move(c).value();
        kafka_.brokers = cluster_->bootstrap_servers();
    }
    std::unique_ptr<KafkaSchemaHistory> open(const std::string& source) {
        auto h = KafkaSchemaHistory::create(kafka_, kafka_.brokers, "prod.schema-history", source);
        EXPECT_TRUE(h) << h.error().message;
        return h ? std::move(h).value() : nullptr;
    }
    std::unique_ptr<kafka::MockCluster> cluster_;
    config::KafkaConfig kafka_;
};

TEST_F(KafkaHistory, VersionsSurviveARestartPerSource) {
    auto prod = open("prod");
    ASSERT_TRUE(prod);
    EXPECT_EQ(prod->ref(), "kafka:prod.schema-history");
    auto none = prod->highest();
    ASSERT_TRUE(none) << none.error().message;
    EXPECT_EQ(none.value(), 0u);

    const std::vector<schema::SchemaVersion> written = {
        version(1, "(information_schema at the first start)"),
        version(2, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(3))"),
        version(3, "CREATE TABLE u (k BIGINT UNSIGNED)")};
    for (const auto& v : written) {
        auto r = prod->append(v);
        ASSERT_TRUE(r) << r.error().message;
    }
    auto other = open("other");
    ASSERT_TRUE(other);
    ASSERT_TRUE(other->highest());
    ASSERT_TRUE(other->append(version(7, "CREATE TABLE w (a INT)")));

    // A restarted daemon (a pod with a new disk) reads the versions back.
    auto again = open("prod");
    ASSERT_TRUE(again);
    auto highest = again->highest();
    ASSERT_TRUE(highest) << highest.error().message;
    EXPECT_EQ(highest.value(), 3u);
    for (const auto& v : written) {
        auto loaded = again->load(v.version);
        ASSERT_TRUE(loaded) << loaded.error().message;
        ASSERT_TRUE(loaded.value().has_value()) << v.version;
        EXPECT_EQ(loaded.value()->file, v.file);
        EXPECT_EQ(loaded.value()->pos, v.pos);
        EXPECT_EQ(loaded.value()->ddl, v.ddl);
        EXPECT_EQ(loaded.value()->catalog, v.catalog);
    }
    auto missing = again->load(7);
    ASSERT_TRUE(missing);
    EXPECT_FALSE(missing.value().has_value()) << "another source's version was taken";
}

TEST_F(KafkaHistory, ARecordThatIsNotAVersionIsCorruption) {
    kafka::ProducerOptions po;
    auto p = kafka::Producer::create(kafka_, po);
    ASSERT_TRUE(p) << p.error().message;
    ASSERT_TRUE(p.value()->produce("prod.schema-history", RD_KAFKA_PARTITION_UA,
                                   std::string_view("prod/4"), std::string_view("{not json"), 1));
    ASSERT_TRUE(p.value()->flush(std::chrono::seconds(10)));
    auto h = open("prod");
    ASSERT_TRUE(h);
    auto r = h->highest();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::corrupt));
    EXPECT_NE(r.error().message.find("schema history in Kafka topic prod.schema-history "
                                     "(partition "),
              std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("key prod/4) is not a version record"), std::string::npos)
        << r.error().message;
}

}  // namespace
}  // namespace b2k::checkpoint
