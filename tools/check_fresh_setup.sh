#!/usr/bin/env bash
# The two commands on a fresh clone, with nothing done beforehand: clones the
# repository into a temporary directory, then, in a new virtualenv
# (PERISCOPE_USE_VENV=1) with Odoo's source given through ODOO_SOURCE (as on
# a machine without internet: here the tree of the Odoo this machine has),
#   1. ./scripts/serve DB --stop-after-init  sets everything up and installs
#      the demo hub: Le Périscope in French, the four addons installed;
#   2. ./scripts/serve again                 only starts the server;
#   3. PERISCOPE_ODOO=skip ./scripts/test    passes in that virtualenv.
# Removes what it made. Run by scripts/test; exits 1 on the first failure.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
py=${PYTHON:-python3}
source_tree=${ODOO_SOURCE:-$("$py" -c 'import os, odoo.release as r; print(os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))')}
work=$(mktemp -d)
db="periscope_fresh_$$"
cleanup() {
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
check() {
    if grep -q -- "$2" "$3"; then
        echo "ok: $1"
    else
        echo "FAILED: $1 (no \"$2\" in its output:)" >&2
        grep -v "^20[0-9][0-9]-" "$3" | tail -n 20 >&2
        exit 1
    fi
}
git clone -q "$repo" "$work/periscope"
cd "$work/periscope"
# a command of the fresh clone, as a newcomer runs it, its output in $2;
# stops on its failure
run() {
    local what=$1 log=$2
    shift 2
    env -u PYTHON PERISCOPE_USE_VENV=1 ODOO_SOURCE="$source_tree" \
        PORT="${PERISCOPE_TEST_PORT:-8169}" "$@" >"$log" 2>&1 || {
        tail -n 30 "$log" >&2
        echo "FAILED: $what" >&2
        exit 1
    }
}

start=$SECONDS
run "the first ./scripts/serve" "$work/serve1.log" \
    ./scripts/serve "$db" --stop-after-init --data-dir="$work/data"
check "a new virtualenv" "Python: a new virtualenv $work/periscope/.venv" "$work/serve1.log"
check "Odoo installed into it from ODOO_SOURCE" "installing it and its Python requirements" "$work/serve1.log"
check "the demo database created" "the database $db: created" "$work/serve1.log"
company=$(psql -d "$db" -Atc "SELECT name FROM res_company ORDER BY id LIMIT 1")
addons=$(psql -d "$db" -Atc "SELECT count(*) FROM ir_module_module WHERE name LIKE 'periscope\_%' AND state = 'installed'")
lang=$(psql -d "$db" -Atc "SELECT lang FROM res_partner WHERE id = (SELECT partner_id FROM res_users WHERE login = 'admin')")
[ "$company" = "Le Périscope" ] && [ "$addons" = 4 ] && [ "$lang" = fr_FR ] || {
    echo "FAILED: the demo hub: company '$company', $addons addons installed, admin in '$lang'" >&2
    exit 1
}
echo "ok: the demo hub is Le Périscope, its 4 addons installed, in French ($((SECONDS - start)) s)"

start=$SECONDS
run "the second ./scripts/serve" "$work/serve2.log" \
    ./scripts/serve "$db" --stop-after-init --data-dir="$work/data"
check "run again, the same virtualenv" "the project's virtualenv" "$work/serve2.log"
check "run again, nothing to install" "up to date with the addons" "$work/serve2.log"
echo "ok: run again, it only starts the server ($((SECONDS - start)) s)"

start=$SECONDS
run "./scripts/test in the fresh clone" "$work/test.log" \
    env PERISCOPE_ODOO=skip ./scripts/test
check "./scripts/test in the fresh virtualenv" " passed, 0 failed" "$work/test.log"
echo "ok: ./scripts/test passes in the fresh clone's virtualenv ($((SECONDS - start)) s)"
