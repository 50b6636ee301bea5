#pragma once
// Config: the whole configuration of binlog2kafka, one section per top-level YAML key, as
// DESIGN.md "Config (YAML)" shapes it. Member defaults are the documented defaults
// (config/reference.yaml lists and explains every key; a test keeps the two equal).
//
// Built by load_config_file()/load_config_string() (config_loader.h), which enforce every
// range and rule noted on the members. Secrets are kept as SecretRefs and resolved by the
// code that uses them, at every (re)connect.

#include "config/checkpoint_config.h"
#include "config/filter_config.h"
#include "config/http_config.h"
#include "config/kafka_config.h"
#include "config/log_config.h"
#include "config/pipeline_config.h"
#include "config/schema_config.h"
#include "config/source_config.h"

namespace b2k::config {

struct Config {
    SourceConfig source;
    SchemaConfig schema;
    FilterConfig filter;
    KafkaConfig kafka;
    PipelineConfig pipeline;
    CheckpointConfig checkpoint;
    HttpConfig http;
    LogConfig log;
};

// Resolves every secret reference once (source.password, kafka.properties) and reports every
// one that fails, one per line, each naming its key and its reference — never a value. For
// startup and `check`: a daemon still re-resolves at each connect.
[[nodiscard]] Result<void> check_secrets(const Config& config);

}  // namespace b2k::config
