#include "binlog/payload_reader.h"

#include <zstd.h>

#include <cstring>

#include "binlog/event_header.h"

namespace b2k::binlog {
namespace {
constexpr std::size_t kChunk = 64 * 1024;
// MySQL caps a single event at 1 GiB (max_allowed_packet); anything larger is corruption.
constexpr std::size_t kMaxEvent = 1024u * 1024u * 1024u;
}  // namespace

PayloadReader::PayloadReader(const TransactionPayloadEvent& payload, std::string name)
    : payload_(payload), name_(std::move(name)) {
    if (payload_.compression == 0) dctx_ = ZSTD_createDCtx();
}

PayloadReader::~PayloadReader() {
    if (dctx_ != nullptr) ZSTD_freeDCtx(dctx_);
}

Result<bool> PayloadReader::fill(std::size_t want) {
    if (buf_.size() - head_ >= want) return true;
    if (head_ > 0) {  // drop consumed bytes so the buffer holds one event at most
        buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(head_));
        head_ = 0;
    }
    if (payload_.compression == 255) {  // uncompressed payload: copy through in chunks
        while (buf_.size() < want && in_pos_ < payload_.payload.size()) {
            const std::size_t n = std::min(kChunk, payload_.payload.size() - in_pos_);
            buf_.insert(buf_.end(), payload_.payload.begin() + static_cast<std::ptrdiff_t>(in_pos_),
                        payload_.payload.begin() + static_cast<std::ptrdiff_t>(in_pos_ + n));
            in_pos_ += n;
            produced_ += n;
        }
        peak_ = std::max(peak_, buf_.size());
        return buf_.size() >= want;
    }
    if (dctx_ == nullptr) return failure(Errc::internal, "zstd context could not be created");
    while (buf_.size() < want && !stream_done_) {
        const std::size_t old = buf_.size();
        buf_.resize(old + kChunk);
        ZSTD_inBuffer in{payload_.payload.data(), payload_.payload.size(), in_pos_};
        ZSTD_outBuffer out{buf_.data() + old, kChunk, 0};
        const std::size_t rc = ZSTD_decompressStream(dctx_, &out, &in);
        in_pos_ = in.pos;
        buf_.resize(old + out.pos);
        produced_ += out.pos;
        if (ZSTD_isError(rc)) {
            return failure(Errc::corrupt, name_ + ": transaction payload does not decompress: " +
                                              ZSTD_getErrorName(rc));
        }
        if (rc == 0 && in_pos_ == payload_.payload.size()) stream_done_ = true;
        if (out.pos == 0 && in_pos_ == payload_.payload.size() && rc != 0) {
            return failure(Errc::truncated,
                           name_ + ": transaction payload's zstd stream is truncated");
        }
    }
    peak_ = std::max(peak_, buf_.size());
    return buf_.size() >= want;
}

Result<std::optional<RawEvent>> PayloadReader::next() {
    B2K_TRY(bool have_header, fill(kCommonHeaderLength));
    if (!have_header) {
        if (buf_.size() - head_ != 0) {
            return failure(Errc::truncated,
                           name_ + ": transaction payload ends inside an event header");
        }
        if (payload_.uncompressed_size != 0 && produced_ != payload_.uncompressed_size) {
            return failure(Errc::corrupt, name_ + ": transaction payload inflates to " +
                                              std::to_string(produced_) + " bytes, header says " +
                                              std::to_string(payload_.uncompressed_size));
        }
        return std::optional<RawEvent>();
    }
    wire::ByteReader r(wire::Bytes(buf_).subspan(head_, kCommonHeaderLength));
    const EventHeader h = read_event_header(r);
    if (h.event_size < kCommonHeaderLength || h.event_size > kMaxEvent) {
        return failure(Errc::corrupt, name_ + ": event inside transaction payload declares size " +
                                          std::to_string(h.event_size));
    }
    B2K_TRY(bool have_event, fill(h.event_size));
    if (!have_event) {
        return failure(Errc::truncated, name_ + ": transaction payload ends inside an event");
    }
    RawEvent ev{wire::Bytes(buf_).subspan(head_, h.event_size), 0};
    head_ += h.event_size;
    return std::optional<RawEvent>(ev);
}

}  // namespace b2k::binlog
