#include "binlog/event_source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "binlog/event_header.h"

namespace b2k::binlog {
namespace {

Result<void> gunzip(const std::string& path, std::vector<std::byte>& out) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (f == nullptr) return failure(Errc::io, "cannot open " + path + " as gzip");
    std::byte buf[1 << 16];
    for (;;) {
        const int n = gzread(f, buf, sizeof buf);
        if (n < 0) {
            int err = 0;
            std::string msg = gzerror(f, &err);
            gzclose(f);
            return failure(Errc::corrupt, path + " is not a valid gzip file: " + msg);
        }
        if (n == 0) break;
        out.insert(out.end(), buf, buf + n);
    }
    gzclose(f);
    return success();
}

}  // namespace

Result<std::optional<RawEvent>> frame_event(wire::Bytes data, std::uint64_t& pos,
                                            const std::string& name) {
    if (pos >= data.size()) return std::optional<RawEvent>();
    const std::uint64_t left = data.size() - pos;
    if (left < kCommonHeaderLength) {
        return failure(Errc::truncated, name + ": truncated event header at offset " +
                                            std::to_string(pos) + " (" + std::to_string(left) +
                                            " bytes left; the file may still be being written)");
    }
    wire::ByteReader r(data.subspan(pos, kCommonHeaderLength));
    const EventHeader h = read_event_header(r);
    if (h.event_size < kCommonHeaderLength) {
        return failure(Errc::corrupt, name + ": event at offset " + std::to_string(pos) + " (" +
                                          event_type_label(h.type_code) + ") declares size " +
                                          std::to_string(h.event_size) +
                                          ", below the 19-byte header");
    }
    if (h.event_size > left) {
        return failure(Errc::truncated, name + ": event at offset " + std::to_string(pos) + " (" +
                                            event_type_label(h.type_code) + ") declares " +
                                            std::to_string(h.event_size) + " bytes but only " +
                                            std::to_string(left) + " remain (truncated file)");
    }
    RawEvent ev{data.subspan(pos, h.event_size), pos};
    pos += h.event_size;
    return std::optional<RawEvent>(ev);
}

Result<std::unique_ptr<FileEventSource>> FileEventSource::open(const std::string& path) {
    std::unique_ptr<FileEventSource> src(new FileEventSource());
    src->path_ = path;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return failure(Errc::io, "cannot open " + path + ": " + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int e = errno;
        ::close(fd);
        return failure(Errc::io, "cannot stat " + path + ": " + std::strerror(e));
    }
    const auto len = static_cast<std::size_t>(st.st_size);
    if (len > 0) {
        void* m = ::mmap(nullptr, len, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED) {
            const int e = errno;
            ::close(fd);
            return failure(Errc::io, "cannot map " + path + ": " + std::strerror(e));
        }
        ::madvise(m, len, MADV_SEQUENTIAL);
        src->map_ = m;
        src->map_len_ = len;
        src->data_ = wire::Bytes(static_cast<const std::byte*>(m), len);
    }
    ::close(fd);
    if (src->data_.size() >= 2 && src->data_[0] == std::byte{0x1f} &&
        src->data_[1] == std::byte{0x8b}) {
        B2K_TRY(gunzip(path, src->inflated_));
        src->data_ = src->inflated_;
    }
    if (src->data_.size() < 4 || std::memcmp(src->data_.data(), kBinlogMagic, 4) != 0) {
        return failure(Errc::corrupt, path +
                                          " is not a binlog file (it does not start with the "
                                          "binlog magic bytes fe 62 69 6e)");
    }
    return src;
}

FileEventSource::~FileEventSource() {
    if (map_ != nullptr) ::munmap(map_, map_len_);
}

Result<std::optional<RawEvent>> FileEventSource::next() {
    return frame_event(data_, pos_, path_);
}

Result<std::optional<RawEvent>> BufferEventSource::next() {
    return frame_event(data_, pos_, name_);
}

}  // namespace b2k::binlog
