#!/usr/bin/env bash
# Corpus scale (issue 5, section 6): a national corpus on one machine.
#
#   benches/corpus.sh [ORDERS] [-- extra options of examples/corpus.rs]
#
# Generates many plans of measures (30-400 items each) and ORDERS amendment
# orders in all (default 100,000; the goal is 1,000,000, about 3 GB of
# text) as Russian text in the standard drafting formulas, then times
# planver reading every order (planver::import::read_order, with its plan)
# and applying each plan's orders strictly (History::build), in parallel
# over plans on all cores. Every order must read without an error and
# apply without a refusal, and every history must equal the generator's
# model of the plan; the run fails otherwise.
#
# Generation is in memory, a batch of plans at a time, and is timed apart
# from reading and applying: nothing is written to disk.
#
# Prints orders/s and MB/s of reading and applying (wall time, and CPU
# time per core, which a machine shared with other work does not
# inflate), the total wall time and the peak resident memory (from
# /usr/bin/time -v).
set -euo pipefail
cd "$(dirname "$0")/.."

orders="${1:-100000}"
shift || true
if [ "${1:-}" = "--" ]; then
    shift
fi

if [ ! -x /usr/bin/time ]; then
    echo "corpus.sh: installing GNU time for the peak memory figure" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq time >/dev/null 2>&1 ||
        { apt-get update -qq && apt-get install -y -qq time >/dev/null; } ||
        echo "corpus.sh: no /usr/bin/time: peak memory is not reported" >&2
fi

cargo build --release --example corpus >&2

cpu="$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)"
echo "machine: $(nproc) cores${cpu:+ ($cpu)}, $(free -g | awk '/^Mem:/ {print $2}') GiB; load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"

bin=target/release/examples/corpus
if [ -x /usr/bin/time ]; then
    stats="$(mktemp)"
    trap 'rm -f "$stats"' EXIT
    status=0
    /usr/bin/time -v -o "$stats" "$bin" --orders "$orders" "$@" || status=$?
    rss_kb="$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$stats")"
    wall="$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$stats")"
    echo "process: wall $wall, peak resident memory $((rss_kb / 1024)) MiB; load average after the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
    exit "$status"
else
    exec "$bin" --orders "$orders" "$@"
fi
