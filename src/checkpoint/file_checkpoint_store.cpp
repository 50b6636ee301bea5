#include "checkpoint/file_checkpoint_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>

namespace b2k::checkpoint {

namespace {

Error sys_error(const std::string& doing, int err) {
    return Error(Errc::io, doing + ": " + std::strerror(err));
}

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const noexcept { return fd_; }
    int release() noexcept { return std::exchange(fd_, -1); }

  private:
    int fd_;
};

Result<void> write_all(int fd, std::string_view data, const std::string& path) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return failure(sys_error("writing checkpoint " + path, errno));
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return success();
}

std::string directory_of(const std::string& path) {
    const std::filesystem::path dir = std::filesystem::path(path).parent_path();
    return dir.empty() ? std::string(".") : dir.string();
}

}  // namespace

FileCheckpointStore::FileCheckpointStore(std::string path) : path_(std::move(path)) {}

FileCheckpointStore::~FileCheckpointStore() {
    if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

Result<void> FileCheckpointStore::lock() {
    if (lock_fd_ >= 0) return success();
    const std::string lp = lock_path();
    Fd fd(::open(lp.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (fd.get() < 0) {
        return failure(sys_error("opening the checkpoint lock file " + lp +
                                     " (does the directory exist and is it writable?)",
                                 errno));
    }
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        if (err != EWOULDBLOCK) return failure(sys_error("locking " + lp, err));
        std::string holder;
        char buf[32] = {};
        const ssize_t n = ::pread(fd.get(), buf, sizeof buf - 1, 0);
        if (n > 0) {
            holder = std::string(buf, static_cast<std::size_t>(n));
            while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) {
                holder.pop_back();
            }
        }
        return failure(Errc::io, "checkpoint " + path_ + " is in use by a running binlog2kafka" +
                                     (holder.empty() ? "" : " (pid " + holder + ")") +
                                     ", which holds " + lp + "; stop it first");
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd.get(), 0) == 0) {
        (void)::pwrite(fd.get(), pid.data(), pid.size(), 0);
    }
    lock_fd_ = fd.release();
    return success();
}

Result<std::optional<Checkpoint>> FileCheckpointStore::load() {
    Fd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT) return std::optional<Checkpoint>{};
        return failure(sys_error("opening checkpoint " + path_, errno));
    }
    std::string text;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            return failure(sys_error("reading checkpoint " + path_, errno));
        }
        if (n == 0) break;
        text.append(buf, static_cast<std::size_t>(n));
        if (text.size() > (1u << 20)) {
            return failure(Errc::corrupt, "checkpoint " + path_ + " is larger than 1 MiB");
        }
    }
    B2K_TRY(auto cp, from_json(text, path_));
    return std::optional<Checkpoint>(std::move(cp));
}

Result<void> FileCheckpointStore::save(const Checkpoint& checkpoint) {
    const std::string tmp = temp_path();
    const std::string text = to_json(checkpoint) + "\n";
    {
        Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        if (fd.get() < 0) return failure(sys_error("creating " + tmp, errno));
        B2K_TRY(write_all(fd.get(), text, tmp));
        if (::fsync(fd.get()) != 0) return failure(sys_error("fsync " + tmp, errno));
        if (::close(fd.release()) != 0) return failure(sys_error("closing " + tmp, errno));
    }
    if (::rename(tmp.c_str(), path_.c_str()) != 0) {
        return failure(sys_error("renaming " + tmp + " to " + path_, errno));
    }
    const std::string dir = directory_of(path_);
    Fd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dfd.get() < 0) return failure(sys_error("opening directory " + dir, errno));
    if (::fsync(dfd.get()) != 0) return failure(sys_error("fsync directory " + dir, errno));
    return success();
}

}  // namespace b2k::checkpoint
