#pragma once
// EventSource: where complete events come from. A file source (binlog files, also gzip'd) and,
// in replication/, a socket source implement it, so one parser serves both (framing only here).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::binlog {

struct RawEvent {
    wire::Bytes bytes;         // the whole event; valid until the next call to next()
    std::uint64_t offset = 0;  // file offset of its first byte
};

class EventSource {
  public:
    virtual ~EventSource() = default;
    // The next complete event, std::nullopt at a clean end, or an error.
    virtual Result<std::optional<RawEvent>> next() = 0;
    // For messages: the file name or the server address.
    virtual const std::string& name() const = 0;
};

// Reads a binlog file (memory-mapped; gzip files are inflated into memory first).
class FileEventSource final : public EventSource {
  public:
    static Result<std::unique_ptr<FileEventSource>> open(const std::string& path);
    ~FileEventSource() override;
    FileEventSource(const FileEventSource&) = delete;
    FileEventSource& operator=(const FileEventSource&) = delete;

    Result<std::optional<RawEvent>> next() override;
    const std::string& name() const override { return path_; }
    // Continue after a corrupt event (decode --skip-corrupt): move to `offset`.
    void seek(std::uint64_t offset) noexcept { pos_ = offset; }
    std::uint64_t size() const noexcept { return data_.size(); }
    wire::Bytes data() const noexcept { return data_; }

  private:
    FileEventSource() = default;

    std::string path_;
    void* map_ = nullptr;
    std::size_t map_len_ = 0;
    std::vector<std::byte> inflated_;
    wire::Bytes data_{};
    std::uint64_t pos_ = 4;
};

// Events from a byte buffer that holds back-to-back events with no magic (a transaction
// payload's decompressed body, or test data).
class BufferEventSource final : public EventSource {
  public:
    BufferEventSource(wire::Bytes data, std::string name) : data_(data), name_(std::move(name)) {}
    Result<std::optional<RawEvent>> next() override;
    const std::string& name() const override { return name_; }

  private:
    wire::Bytes data_;
    std::string name_;
    std::uint64_t pos_ = 0;
};

// Cuts the next event off `data` at `pos`: checks that a header fits and that its size field
// is sane and within the data. Shared by the file and buffer sources.
Result<std::optional<RawEvent>> frame_event(wire::Bytes data, std::uint64_t& pos,
                                            const std::string& name);

}  // namespace b2k::binlog
