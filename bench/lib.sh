# shellcheck shell=bash
# Shared by the benchmark scripts.

# best CMD...: the best wall-clock time in seconds over $runs runs of CMD (stdout discarded).
best() {
    local best_t="" t start end
    for _ in $(seq "${runs:-3}"); do
        start=$(date +%s.%N)
        "$@" >/dev/null
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc -l)
        if [ -z "$best_t" ] || [ "$(echo "$t < $best_t" | bc -l)" = 1 ]; then best_t=$t; fi
    done
    echo "$best_t"
}
