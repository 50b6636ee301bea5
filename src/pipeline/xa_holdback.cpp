#include "pipeline/xa_holdback.h"

#include <algorithm>
#include <utility>

#include "binlog/transaction_boundary.h"

namespace b2k::pipeline {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) {
        s.remove_prefix(1);
    }
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == ';')) {
        s.remove_suffix(1);
    }
    return s;
}

bool iends_with(std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size()) return false;
    for (std::size_t i = 0; i < suffix.size(); ++i) {
        const char a = s[s.size() - suffix.size() + i];
        const char up = (a >= 'a' && a <= 'z') ? static_cast<char>(a - 32) : a;
        if (up != suffix[i]) return false;
    }
    return true;
}

// Servers write the id as X'hex',X'hex',n; the hex digits' case may differ between writers.
std::string canonical(std::string_view xid) {
    std::string out(xid);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    }
    return out;
}

}  // namespace

std::string_view XaHoldback::xid_of(std::string_view query, std::string_view verb) {
    if (!binlog::TransactionBoundary::starts_with_keyword(query, "XA " + std::string(verb))) {
        return {};
    }
    // The server writes these statements itself, without comments: "XA <VERB> <xid>".
    std::string_view q = trim(query);
    q.remove_prefix(std::min(q.size(), std::size_t{2}));  // "XA"
    q = trim(q);
    q.remove_prefix(std::min(q.size(), verb.size()));
    q = trim(q);
    if (iends_with(q, "ONE PHASE")) q = trim(q.substr(0, q.size() - 9));
    return q;
}

std::string XaHoldback::xid_text(const binlog::XaPrepareEvent& xid) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out = "X'";
    const auto hex = [&](std::string_view bytes) {
        for (const char c : bytes) {
            const auto b = static_cast<unsigned char>(c);
            out.push_back(kHex[b >> 4]);
            out.push_back(kHex[b & 15]);
        }
    };
    hex(xid.gtrid);
    out.append("',X'");
    hex(xid.bqual);
    out.append("',");
    out.append(std::to_string(xid.format_id));
    return out;
}

void XaHoldback::start(std::string_view xid) {
    const std::string key = canonical(xid);
    if (collecting_ && key == current_xid_) return;
    held_bytes_ -= current_.bytes;
    collecting_ = true;
    current_xid_ = key;
    current_ = Held{};
}

void XaHoldback::hold(PipelineItem item) {
    const std::size_t b = item.bytes();
    current_.bytes += b;
    held_bytes_ += b;
    current_.items.push_back(std::move(item));
}

void XaHoldback::prepared() {
    if (!collecting_) return;
    collecting_ = false;
    auto& slot = prepared_[current_xid_];
    held_bytes_ -= slot.bytes;  // a repeated prepare of the same id replaces it
    slot = std::move(current_);
    current_ = Held{};
}

std::vector<PipelineItem> XaHoldback::committed_one_phase() {
    collecting_ = false;
    held_bytes_ -= current_.bytes;
    std::vector<PipelineItem> out = std::move(current_.items);
    current_ = Held{};
    return out;
}

std::optional<std::vector<PipelineItem>> XaHoldback::commit(std::string_view xid) {
    auto it = prepared_.find(canonical(xid));
    if (it == prepared_.end()) return std::nullopt;
    held_bytes_ -= it->second.bytes;
    std::vector<PipelineItem> out = std::move(it->second.items);
    prepared_.erase(it);
    return out;
}

bool XaHoldback::rollback(std::string_view xid) {
    auto it = prepared_.find(canonical(xid));
    if (it == prepared_.end()) return false;
    held_bytes_ -= it->second.bytes;
    prepared_.erase(it);
    return true;
}

}  // namespace b2k::pipeline
