#pragma once
// SpscRing<T>: the bounded, lock-free single-producer/single-consumer ring between the reader
// thread and the encoder/producer thread (DESIGN.md "Pipeline", issue 5).
//
// Bounded twice: by a count of elements (a power of two) and by a byte budget. Each push
// declares the byte size of its element; a push that would exceed either bound fails, so the
// reader stops reading the socket and the server feels TCP back-pressure instead of our memory
// growing. One exception keeps large rows flowing: an element larger than the whole budget is
// accepted when the ring is empty (the ring then holds at most that one element), so the byte
// bound is budget + one element, never a deadlock.
//
// Lock-free: the producer owns `tail_`, the consumer owns `head_`; each publishes its index with
// a release store and reads the other's with an acquire load. Each side keeps a cached copy of
// the other's index (and of the other's byte counter) and refreshes it only when the cached value
// says full/empty, so in steady state the two cache lines are not bounced on every operation.
// Byte accounting uses two monotonic counters (bytes pushed, written by the producer; bytes
// popped, written by the consumer) instead of one shared counter with fetch_add/fetch_sub.
//
// Blocking: wait_for_space()/wait_for_data() (and push()/pop() built on them) spin briefly, then
// sleep with C++20 std::atomic<uint32_t>::wait on a per-side sequence word (a futex on Linux).
// The other side calls notify only when the sleeper has announced itself through a `waiting`
// flag, so the hot path costs one uncontended atomic exchange and no system call. close() wakes
// every waiter for shutdown.
//
// Thread safety (per method, as in mysql-ripple):
//   producer thread only: try_push, push, wait_for_space
//   consumer thread only: try_pop, pop, wait_for_data
//   any thread:           close, closed, size, bytes, empty_approx, capacity, byte_budget
//   construction and destruction: no concurrent access.
// Exactly one thread may act as producer and one as consumer at a time; handing a role to
// another thread needs an external happens-before (e.g. a thread join).

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <thread>
#include <type_traits>
#include <utility>

#include "common/check.h"

namespace b2k::pipeline {

// A cache line on x86_64 and most aarch64 parts (std::hardware_destructive_interference_size
// is not used: g++ warns that its value may change between compiler versions).
inline constexpr std::size_t kCacheLine = 64;

template <class T>
class SpscRing {
    static_assert(std::is_nothrow_move_constructible_v<T>,
                  "SpscRing moves elements in and out; the move must not throw");
    static_assert(std::is_nothrow_destructible_v<T>);

  public:
    // `capacity`: maximum number of elements, rounded up to a power of two (at least 2).
    // `byte_budget`: maximum sum of the declared sizes of the queued elements (see above for
    // the single oversized element).
    SpscRing(std::size_t capacity, std::size_t byte_budget)
        : capacity_(std::bit_ceil(capacity < 2 ? std::size_t{2} : capacity)),
          mask_(capacity_ - 1),
          byte_budget_(byte_budget),
          slots_(std::make_unique<Slot[]>(capacity_)) {}

    SpscRing(const SpscRing&) = delete;
    SpscRing& operator=(const SpscRing&) = delete;

    ~SpscRing() {
        const std::size_t t = prod_.tail.load(std::memory_order_relaxed);
        for (std::size_t h = cons_.head.load(std::memory_order_relaxed); h != t; ++h) {
            slots_[h & mask_].value()->~T();
        }
    }

    // ---- producer thread ----

    // Moves `v` in and returns true, or returns false (leaving `v` untouched) when the ring is
    // full by count or by bytes, or closed.
    [[nodiscard]] bool try_push(T&& v, std::size_t bytes) noexcept {
        if (closed_.load(std::memory_order_relaxed)) return false;
        if (!has_space(bytes)) return false;
        const std::size_t t = prod_.tail.load(std::memory_order_relaxed);
        Slot& s = slots_[t & mask_];
        ::new (static_cast<void*>(s.storage)) T(std::move(v));
        s.bytes = bytes;
        prod_.pushed_bytes += bytes;
        prod_.pushed_bytes_pub.store(prod_.pushed_bytes, std::memory_order_relaxed);
        prod_.tail.store(t + 1, std::memory_order_release);
        wake(data_);
        return true;
    }

    // Blocks until `v` fits, then pushes it. False (with `v` untouched) once the ring is closed.
    [[nodiscard]] bool push(T&& v, std::size_t bytes) noexcept {
        for (;;) {
            if (try_push(std::move(v), bytes)) return true;
            if (!wait_for_space(bytes)) return false;
        }
    }

    // Blocks until an element of `bytes` bytes would fit (true) or the ring is closed (false).
    bool wait_for_space(std::size_t bytes) noexcept {
        return wait(space_, [&] { return has_space(bytes); });
    }

    // ---- consumer thread ----

    // Moves the oldest element into `out` and its declared size into `bytes`; false when empty.
    // Elements pushed before close() can still be popped after it (a shutdown drains the ring).
    [[nodiscard]] bool try_pop(T& out,
                               std::size_t& bytes) noexcept(std::is_nothrow_move_assignable_v<T>) {
        const std::size_t h = cons_.head.load(std::memory_order_relaxed);
        if (h == cons_.tail_cache) {
            cons_.tail_cache = prod_.tail.load(std::memory_order_acquire);
            if (h == cons_.tail_cache) return false;
        }
        Slot& s = slots_[h & mask_];
        T* p = s.value();
        out = std::move(*p);
        p->~T();
        bytes = s.bytes;
        cons_.popped_bytes += bytes;
        // Bytes before the index: a producer that acquires the new head also sees these bytes;
        // a stale pair only makes it more cautious (both counters are monotonic).
        cons_.popped_bytes_pub.store(cons_.popped_bytes, std::memory_order_release);
        cons_.head.store(h + 1, std::memory_order_release);
        wake(space_);
        return true;
    }
    [[nodiscard]] bool try_pop(T& out) noexcept(std::is_nothrow_move_assignable_v<T>) {
        std::size_t bytes = 0;
        return try_pop(out, bytes);
    }

    // Blocks until an element is popped (true) or the ring is closed and drained (false).
    [[nodiscard]] bool pop(T& out, std::size_t& bytes) {
        for (;;) {
            if (try_pop(out, bytes)) return true;
            if (!wait_for_data()) return false;
        }
    }

    // Blocks until an element is available (true) or the ring is closed and empty (false).
    bool wait_for_data() noexcept {
        const bool ok = wait(data_, [&] { return has_data(); });
        return ok || has_data();  // closed, but still something to drain
    }

    // ---- any thread ----

    // Refuses further pushes and wakes both sides. The consumer can still drain what is queued.
    void close() noexcept {
        closed_.store(true, std::memory_order_seq_cst);
        for (Waiter* w : {&data_, &space_}) {
            w->seq.fetch_add(1, std::memory_order_release);
            w->seq.notify_all();
        }
    }
    bool closed() const noexcept { return closed_.load(std::memory_order_acquire); }

    // Approximations when called while the other side runs (exact from either side when the
    // other is idle).
    std::size_t size() const noexcept {
        const std::size_t h = cons_.head.load(std::memory_order_acquire);  // head first: h <= t
        return prod_.tail.load(std::memory_order_acquire) - h;
    }
    std::size_t bytes() const noexcept {
        const std::size_t popped = cons_.popped_bytes_pub.load(std::memory_order_acquire);
        return prod_.pushed_bytes_pub.load(std::memory_order_acquire) - popped;
    }
    bool empty_approx() const noexcept { return size() == 0; }
    std::size_t capacity() const noexcept { return capacity_; }
    std::size_t byte_budget() const noexcept { return byte_budget_; }

  private:
    struct Slot {
        alignas(T) unsigned char storage[sizeof(T)];
        std::size_t bytes = 0;
        T* value() noexcept { return std::launder(reinterpret_cast<T*>(storage)); }
    };

    // A sleeping side: `seq` is the futex word, `waiting` tells the other side to notify.
    struct alignas(kCacheLine) Waiter {
        std::atomic<std::uint32_t> seq{0};
        std::atomic<bool> waiting{false};
    };

    // Producer only. Refreshes the cached consumer state only when the cache says "no".
    bool has_space(std::size_t bytes) noexcept {
        const std::size_t t = prod_.tail.load(std::memory_order_relaxed);
        if (t - prod_.head_cache >= capacity_ || !bytes_fit(t, bytes)) {
            prod_.head_cache = cons_.head.load(std::memory_order_acquire);
            prod_.popped_cache = cons_.popped_bytes_pub.load(std::memory_order_acquire);
            if (t - prod_.head_cache >= capacity_) return false;
            return bytes_fit(t, bytes);
        }
        return true;
    }
    bool bytes_fit(std::size_t t, std::size_t bytes) const noexcept {
        if (t == prod_.head_cache) return true;  // empty: even an oversized element goes in
        const std::size_t used = prod_.pushed_bytes - prod_.popped_cache;
        return used <= byte_budget_ && bytes <= byte_budget_ - used;
    }

    // Consumer only.
    bool has_data() noexcept {
        const std::size_t h = cons_.head.load(std::memory_order_relaxed);
        if (h != cons_.tail_cache) return true;
        cons_.tail_cache = prod_.tail.load(std::memory_order_acquire);
        return h != cons_.tail_cache;
    }

    // Spin, then sleep on `w.seq` until `ready()` or close(). True when ready.
    //
    // No lost wake-up, without fences (which TSan does not model): the sleeper announces itself
    // with an acq_rel exchange on `waiting` before re-checking the index; wake() does an acq_rel
    // exchange on the same flag after publishing its index. Whichever exchange comes second in
    // the flag's modification order sees the other: either wake() reads `true` and bumps `seq`
    // (after the sleeper read it, so the futex wait returns), or the sleeper's exchange
    // synchronizes with wake()'s and its re-check sees the new index.
    template <class Ready>
    bool wait(Waiter& w, Ready ready) noexcept {
        for (int i = 0; i < kSpins; ++i) {
            if (ready()) return true;
            if (closed_.load(std::memory_order_acquire)) return false;
            if (i >= kSpins / 2) std::this_thread::yield();
        }
        for (;;) {
            const std::uint32_t seq = w.seq.load(std::memory_order_acquire);
            w.waiting.exchange(true, std::memory_order_acq_rel);
            if (ready()) {
                w.waiting.store(false, std::memory_order_relaxed);
                return true;
            }
            if (closed_.load(std::memory_order_acquire)) {
                w.waiting.store(false, std::memory_order_relaxed);
                return false;
            }
            w.seq.wait(seq, std::memory_order_acquire);  // returns once seq != our copy
        }
    }
    // Called by the other side after publishing its index.
    static void wake(Waiter& w) noexcept {
        if (w.waiting.exchange(false, std::memory_order_acq_rel)) {
            w.seq.fetch_add(1, std::memory_order_release);
            w.seq.notify_one();
        }
    }

    static constexpr int kSpins = 128;

    const std::size_t capacity_;
    const std::size_t mask_;
    const std::size_t byte_budget_;
    std::unique_ptr<Slot[]> slots_;

    // Written by the producer, read by the consumer.
    struct alignas(kCacheLine) ProducerShared {
        std::atomic<std::size_t> tail{0};
        std::atomic<std::size_t> pushed_bytes_pub{0};
        // Producer-private (kept on the producer's line: only the consumer's rare refreshes
        // of `tail` read this line).
        std::size_t head_cache = 0;
        std::size_t popped_cache = 0;
        std::size_t pushed_bytes = 0;
    };
    // Written by the consumer, read by the producer.
    struct alignas(kCacheLine) ConsumerShared {
        std::atomic<std::size_t> head{0};
        std::atomic<std::size_t> popped_bytes_pub{0};
        std::size_t tail_cache = 0;
        std::size_t popped_bytes = 0;
    };
    ProducerShared prod_;
    ConsumerShared cons_;
    Waiter data_;   // the consumer sleeps here, waiting for data
    Waiter space_;  // the producer sleeps here, waiting for space
    std::atomic<bool> closed_{false};
};

}  // namespace b2k::pipeline
