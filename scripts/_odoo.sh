# shellcheck shell=bash
# Sourced by scripts/serve and scripts/test: finds Odoo 18.0 and builds the
# addons path. Odoo is found, in this order, through:
#   ODOO_PATH   an Odoo 18.0 source tree (the folder that holds odoo-bin), or
#   python3     an importable `odoo` package (pip install -e of a source tree).
# Sets ODOO_PY, ODOO_CMD (array), ODOO_ADDONS_PATH; returns 1 with ODOO_MISSING
# set to a one-line reason when Odoo cannot be found.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_PY=${PYTHON:-python3}
ODOO_MISSING=""

periscope_find_odoo() {
    local root=""
    if [ -n "${ODOO_PATH:-}" ]; then
        if [ ! -f "$ODOO_PATH/odoo/release.py" ]; then
            ODOO_MISSING="ODOO_PATH=$ODOO_PATH is not an Odoo source tree (no odoo/release.py in it)"
            return 1
        fi
        root=$(cd "$ODOO_PATH" && pwd)
        export PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}"
    fi
    local found
    if ! found=$("$ODOO_PY" -c 'import os, odoo.release as r; print(r.serie); print(os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))' 2>/dev/null); then
        ODOO_MISSING="Odoo 18.0 not found: set ODOO_PATH to an Odoo 18.0 source tree, or make 'import odoo' work in $ODOO_PY (scripts/install-odoo PATH)"
        return 1
    fi
    local serie
    serie=$(printf '%s\n' "$found" | sed -n 1p)
    root=$(printf '%s\n' "$found" | sed -n 2p)
    if [ "$serie" != "18.0" ]; then
        ODOO_MISSING="Odoo $serie found in $root, but these addons need Odoo 18.0"
        return 1
    fi
    if [ -f "$root/odoo-bin" ]; then
        ODOO_CMD=("$ODOO_PY" "$root/odoo-bin")
    else
        ODOO_CMD=("$ODOO_PY" -m odoo)
    fi
    ODOO_ADDONS_PATH="$REPO_ROOT"
    [ -d "$root/addons" ] && ODOO_ADDONS_PATH="$ODOO_ADDONS_PATH,$root/addons"
    ODOO_ROOT=$root
    return 0
}

# Start the local PostgreSQL when it does not answer (Debian's cluster tools).
periscope_ensure_postgres() {
    if pg_isready -q 2>/dev/null; then
        return 0
    fi
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
        local version
        for version in $(ls /etc/postgresql); do
            pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
        done
    fi
    local i
    for i in $(seq 1 30); do
        pg_isready -q 2>/dev/null && return 0
        sleep 1
    done
    echo "PostgreSQL does not answer on this machine (pg_isready)" >&2
    return 1
}

PERISCOPE_ADDONS=$(cd "$REPO_ROOT" && ls -d periscope_*/ | tr -d / | paste -sd, -)
