#!/usr/bin/env bash
# planver against a git history of the same plan: the same three questions,
# asked both ways in one run.
#
#   benches/compare_git.sh [ITEMS] [ORDERS]
#
# ITEMS (default 2000) items in the base plan, ORDERS (default 500) amendment
# orders with ten operations each on average, over ten years. The defaults
# take well under a minute once the release build exists (the first run
# builds it: about a minute and a half on a 2-core machine).
#
# The history comes from examples/gen_history.rs (the generator of the
# criterion benches: every kind of operation, realistic Russian text). It is
# written twice: as a planver bundle, and as a git repository with one commit
# per effective date (author and committer date = the effective date), built
# with `git fast-import`, with a commit graph and changed-path Bloom filters.
#
# Layout of the git side (LAYOUT=items, the default): one file per item,
# items/<number>.tsv, one line `number<TAB>status<TAB>cells…`. That is what
# makes git fastest: a commit touches only the items that changed, `git show`
# reads one small blob, `git log -- path` skips commits with the Bloom
# filters, and `git diff` compares only the blobs that changed. LAYOUT=file
# keeps the whole plan in one file, plan.tsv, one line per item (the
# Archéo-Lex way: one file per text); every question is slower for git then,
# and the repository takes longer to build.
#
# Questions (each asked RUNS times, default 11, alternating planver and git;
# the median is reported):
#   item N on date X   planver at BUNDLE --item N --date X --format json
#                      git log -1 --until=X --format=%H, then git show H:items/N.tsv
#                      (LAYOUT=file: git show H:plan.tsv | awk on the number)
#   diff D1..D2        planver diff BUNDLE --from D1 --to D2 --format json
#                      git diff H1 H2, the two commits looked up beforehand
#                      (not timed: git's best case)
#   history of item N  planver log BUNDLE --item N --format json
#                      git log -p -- items/N.tsv (the item never changes its
#                      number, so --follow, five times slower, is not needed)
#                      (LAYOUT=file: git log -L '/^N<TAB>/,+1:plan.tsv')
# N is the item with the longest history among those that kept their number;
# X and D1 the first day of the middle revision; D2 a year later.
#
# planver answers from its history index (planver index; built once, before
# timing, and checked against the bundle's files on every run). The answers
# are checked to be byte-identical to those of `planver --no-cache`, which
# rebuilds the history from the bundle, and that cost is printed too.
#
# Environment: RUNS (11), LAYOUT (items|file), OUT (target/compare_git/...),
# KEEP=1 keeps OUT afterwards.

set -euo pipefail

ITEMS=${1:-2000}
ORDERS=${2:-500}
RUNS=${RUNS:-11}
LAYOUT=${LAYOUT:-items}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/target/compare_git/$ITEMS-$ORDERS-$LAYOUT}

cd "$ROOT"
cargo build --release --quiet --bin planver --example gen_history
PLANVER=$ROOT/target/release/planver

started=$(date +%s)
"$ROOT/target/release/examples/gen_history" "$ITEMS" "$ORDERS" "$OUT" --layout "$LAYOUT"
# shellcheck disable=SC1091
source "$OUT/questions.sh"
BUNDLE=$OUT/bundle
export GIT_DIR=$OUT/git GIT_PAGER=cat
export PLANVER_CACHE_DIR=$OUT/cache
"$PLANVER" index "$BUNDLE" >/dev/null

# Microseconds since the epoch; bash 5 reads the clock without starting a
# process (which would add a millisecond or more to every measurement).
if [[ -z ${EPOCHREALTIME:-} ]]; then
    echo "compare_git: needs bash 5 (EPOCHREALTIME)" >&2
    exit 1
fi

# time_us CMD...: wall time of one run in microseconds, output discarded.
time_us() {
    local start end
    start=${EPOCHREALTIME/[.,]/}
    "$@" >/dev/null 2>&1
    end=${EPOCHREALTIME/[.,]/}
    echo $((end - start))
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { awk -v us="$1" 'BEGIN {printf "%.1f", us / 1000}'; }

# The git side of each question, as a git user would type it.
H1=$(git log -1 --until="${FROM}T23:59:59Z" --format=%H)
H2=$(git log -1 --until="${TO}T23:59:59Z" --format=%H)
TAB=$'\t'
git_item() {
    local h
    h=$(git log -1 --until="${DATE}T23:59:59Z" --format=%H)
    if [[ $LAYOUT == items ]]; then
        git show "$h:items/$ITEM.tsv"
    else
        git show "$h:plan.tsv" | awk -F'\t' -v n="$ITEM" '$1 == n'
    fi
}
git_diff() { git diff "$H1" "$H2"; }
git_log() {
    if [[ $LAYOUT == items ]]; then
        git log -p -- "items/$ITEM.tsv"
    else
        git log -L "/^${ITEM}${TAB}/,+1:plan.tsv"
    fi
}

planver_item() { "$PLANVER" at "$BUNDLE" --item "$ITEM" --date "$DATE" --format json "$@"; }
planver_diff() { "$PLANVER" diff "$BUNDLE" --from "$FROM" --to "$TO" --format json "$@"; }
planver_log() { "$PLANVER" log "$BUNDLE" --item "$ITEM" --format json "$@"; }

# Honesty first: the index changes no byte of any answer.
for q in item diff log; do
    if ! cmp -s <("planver_$q") <("planver_$q" --no-cache); then
        echo "compare_git: planver $q differs with and without the index" >&2
        exit 1
    fi
done
# And git answers the same questions.
[[ -n $(git_item) && -n $(git_diff) && -n $(git_log) ]] || {
    echo "compare_git: git gave an empty answer" >&2
    exit 1
}

echo "# $ITEMS items, $ORDERS orders, $REVISIONS revisions over $YEARS years; git layout: $LAYOUT"
echo "# item $ITEM ($ITEM_VERSIONS versions) on $DATE; diff $FROM..$TO ($DIFF_REVISIONS revisions, $DIFF_ITEMS items changed)"
echo "# $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(git --version)"
echo "# bundle $(du -sh "$BUNDLE" | cut -f1), index $(du -sh "$PLANVER_CACHE_DIR" | cut -f1), git $(du -sh "$GIT_DIR" | cut -f1); median of $RUNS runs"

report() {
    local question=$1 pt gt
    local -n planver_times=$2 git_times=$3
    pt=$(median "${planver_times[@]}")
    gt=$(median "${git_times[@]}")
    printf '%s: planver %s ms, git %s ms, ratio %s\n' "$question" "$(ms "$pt")" "$(ms "$gt")" \
        "$(awk -v a="$gt" -v b="$pt" 'BEGIN {printf "%.1f", a / b}')"
}

declare -a p_item=() g_item=() p_diff=() g_diff=() p_log=() g_log=()
for ((i = 0; i < RUNS; i++)); do
    p_item+=("$(time_us planver_item)")
    g_item+=("$(time_us git_item)")
    p_diff+=("$(time_us planver_diff)")
    g_diff+=("$(time_us git_diff)")
    p_log+=("$(time_us planver_log)")
    g_log+=("$(time_us git_log)")
done
report "item $ITEM on date $DATE" p_item g_item
report "diff $FROM..$TO" p_diff g_diff
report "whole history of item $ITEM" p_log g_log

# What the index saves: the same questions, the history rebuilt each time.
declare -a c_item=() c_diff=() c_log=()
for ((i = 0; i < 3; i++)); do
    c_item+=("$(time_us planver_item --no-cache)")
    c_diff+=("$(time_us planver_diff --no-cache)")
    c_log+=("$(time_us planver_log --no-cache)")
done
echo "# without the index (planver --no-cache, median of 3): item $(ms "$(median "${c_item[@]}")") ms, diff $(ms "$(median "${c_diff[@]}")") ms, history $(ms "$(median "${c_log[@]}")") ms"
echo "# done in $(($(date +%s) - started)) s"

if [[ ${KEEP:-0} != 1 ]]; then
    rm -rf "$OUT"
fi
