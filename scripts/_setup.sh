# shellcheck shell=bash
# Sourced by scripts/serve and scripts/test after scripts/_odoo.sh: makes the
# machine ready, step by step, each step saying what it does and, when it
# fails, what to do.
#
# The Python: $PYTHON when set; else the project's virtualenv .venv/ when it
# exists; else a python3 that already imports Odoo 18.0 (an existing set-up,
# CI's; not with PERISCOPE_USE_VENV=1); else a new .venv/ made with
# python3 -m venv.
#
# Odoo 18.0 Community, when that Python cannot import it and ODOO_PATH is not
# set, is installed into it from, in this order:
#   ODOO_SOURCE   a source archive (.tar.gz, .tgz, .zip), a source tree, or a
#                 git directory (ODOO_SOURCE_REF: its commit, default HEAD) —
#                 for machines without internet, and for our own tests;
#   the pinned official archive ODOO_ARCHIVE_URL (Odoo's nightly source of the
#   release below), checked against ODOO_ARCHIVE_SHA256 when it is set.
# The source is unpacked into .odoo/src/ (git-ignored), then installed with
# scripts/install-odoo (editable, its Python requirements from PyPI).

ODOO_ARCHIVE_URL=${ODOO_ARCHIVE_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.20250819.tar.gz}
ODOO_ARCHIVE_SHA256=${ODOO_ARCHIVE_SHA256:-}
PERISCOPE_VENV=${PERISCOPE_VENV:-$REPO_ROOT/.venv}
SETUP_STEP=0

setup_step() {
    SETUP_STEP=$((SETUP_STEP + 1))
    printf '[%s] %s\n' "$SETUP_STEP" "$*"
}

setup_fail() {
    printf 'setup failed at step %s: %s\n' "$SETUP_STEP" "$*" >&2
    exit 2
}

# quietly, its output shown only when it fails
setup_run() {
    local log
    log=$(mktemp)
    if ! "$@" >"$log" 2>&1; then
        grep -v "^WARNING: Location" "$log" | tail -n 30 >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
}

setup_imports_odoo() {
    "$1" -c 'import odoo.release as r, sys; sys.exit(r.serie != "18.0")' 2>/dev/null
}

# Sets ODOO_PY to the Python of the set-up (see above).
setup_python() {
    if [ -n "${PYTHON:-}" ]; then
        ODOO_PY=$PYTHON
        setup_step "Python: $ODOO_PY (PYTHON)"
        return 0
    fi
    if [ -x "$PERISCOPE_VENV/bin/python" ]; then
        ODOO_PY=$PERISCOPE_VENV/bin/python
        setup_step "Python: the project's virtualenv $PERISCOPE_VENV"
        return 0
    fi
    if [ -z "${ODOO_PATH:-}" ] && [ "${PERISCOPE_USE_VENV:-0}" != 1 ] \
        && setup_imports_odoo python3; then
        ODOO_PY=python3
        setup_step "Python: $(command -v python3), which has Odoo 18.0 already"
        return 0
    fi
    command -v python3 >/dev/null 2>&1 \
        || setup_fail "no python3: install Python 3.10 to 3.12 (sudo apt install python3 python3-venv)"
    python3 -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' \
        || setup_fail "python3 is $(python3 -V 2>&1 | cut -d' ' -f2): Odoo 18.0 runs on Python 3.10 to 3.12 (set PYTHON to one)"
    setup_step "Python: a new virtualenv $PERISCOPE_VENV"
    setup_run python3 -m venv "$PERISCOPE_VENV" \
        || setup_fail "python3 -m venv failed: install the venv module (sudo apt install python3-venv)"
    ODOO_PY=$PERISCOPE_VENV/bin/python
    setup_run "$ODOO_PY" -m pip install --quiet --upgrade pip packaging wheel \
        || setup_fail "pip could not install packaging and wheel: is PyPI reachable?"
}

# Prints the folder of an Odoo 18.0 source tree made from ODOO_SOURCE or the
# pinned archive, unpacked under .odoo/src/.
setup_odoo_source() {
    local dest="$REPO_ROOT/.odoo/src" tree archive
    mkdir -p "$dest"
    if [ -n "${ODOO_SOURCE:-}" ]; then
        if [ -f "$ODOO_SOURCE/odoo/release.py" ]; then
            (cd "$ODOO_SOURCE" && pwd)
            return 0
        fi
        # a git directory, bare or with a work tree (git -C finds either)
        local ref=${ODOO_SOURCE_REF:-HEAD} commit
        if commit=$(git -C "$ODOO_SOURCE" rev-parse --short --verify -q "$ref^{commit}" 2>/dev/null); then
            tree="$dest/odoo-$commit"
            if [ ! -f "$tree/odoo/release.py" ]; then
                rm -rf "$tree" && mkdir -p "$tree"
                git -C "$ODOO_SOURCE" archive "$commit" | tar -x -C "$tree" || return 1
            fi
            echo "$tree"
            return 0
        fi
        archive=$ODOO_SOURCE
        [ -f "$archive" ] || {
            echo "ODOO_SOURCE=$ODOO_SOURCE is neither an archive, a source tree nor a git directory" >&2
            return 1
        }
    else
        archive="$dest/$(basename "$ODOO_ARCHIVE_URL")"
        if [ ! -s "$archive" ]; then
            curl -fsSL --retry 3 -o "$archive.part" "$ODOO_ARCHIVE_URL" || {
                echo "could not download $ODOO_ARCHIVE_URL: without internet, set ODOO_SOURCE to an Odoo 18.0 archive, tree or git directory" >&2
                return 1
            }
            mv "$archive.part" "$archive"
        fi
        if [ -n "$ODOO_ARCHIVE_SHA256" ]; then
            echo "$ODOO_ARCHIVE_SHA256  $archive" | sha256sum -c --quiet - >&2 || {
                rm -f "$archive"
                echo "$archive does not match ODOO_ARCHIVE_SHA256" >&2
                return 1
            }
        fi
    fi
    tree="$dest/$(basename "$archive" | sed -E 's/\.(tar\.gz|tgz|zip)$//')"
    if [ ! -f "$tree/odoo/release.py" ]; then
        rm -rf "$tree" "$tree.part" && mkdir -p "$tree.part"
        case "$archive" in
            *.zip) "$ODOO_PY" -m zipfile -e "$archive" "$tree.part" >&2 || return 1 ;;
            *) tar -xzf "$archive" -C "$tree.part" || return 1 ;;
        esac
        # an archive holds the tree, or one folder that holds it
        local root
        root=$(dirname "$(find "$tree.part" -maxdepth 3 -path '*/odoo/release.py' -print -quit)")
        root=$(dirname "$root")
        [ -f "$root/odoo/release.py" ] || {
            echo "$archive holds no Odoo source tree (no odoo/release.py)" >&2
            return 1
        }
        mv "$root" "$tree" && rm -rf "$tree.part"
    fi
    echo "$tree"
}

# Odoo 18.0 importable by ODOO_PY (installed when it is not), then the
# addons' own requirements.
setup_odoo() {
    if [ -n "${ODOO_PATH:-}" ]; then
        setup_step "Odoo: the source tree ODOO_PATH=$ODOO_PATH"
    elif setup_imports_odoo "$ODOO_PY"; then
        setup_step "Odoo 18.0: installed already"
    else
        setup_step "Odoo 18.0: its source (${ODOO_SOURCE:-$ODOO_ARCHIVE_URL})"
        local tree
        tree=$(setup_odoo_source) || setup_fail "no Odoo 18.0 source (see above)"
        grep -q "^version_info = (18, 0," "$tree/odoo/release.py" \
            || setup_fail "$tree is not Odoo 18.0"
        setup_step "Odoo 18.0: installing it and its Python requirements into $ODOO_PY (a few minutes)"
        "$ODOO_PY" -c 'import packaging' 2>/dev/null \
            || setup_run "$ODOO_PY" -m pip install --quiet packaging \
            || setup_fail "pip could not install packaging: is PyPI reachable?"
        setup_run env PYTHON="$ODOO_PY" "$REPO_ROOT/scripts/install-odoo" "$tree" \
            || setup_fail "scripts/install-odoo $tree failed (its output is above)"
    fi
}

# the test tooling of requirements.txt (and the OCA addons when listed), once
# for each content of the files and each Python
setup_requirements() {
    local stamp hash
    hash=$(cat "$REPO_ROOT/requirements.txt" "$REPO_ROOT/requirements-oca.txt" 2>/dev/null \
        | sha1sum | cut -d' ' -f1)
    # kept in the Python's own prefix: gone with a virtualenv that is removed
    stamp="$("$ODOO_PY" -c 'import sys; print(sys.prefix)')/.periscope-requirements.sha1"
    if [ "$(cat "$stamp" 2>/dev/null)" = "$hash" ]; then
        setup_step "the addons' Python requirements: installed already"
        return 0
    fi
    setup_step "the addons' Python requirements (requirements.txt)"
    setup_run "$ODOO_PY" -m pip install --quiet --disable-pip-version-check -r "$REPO_ROOT/requirements.txt" \
        || setup_fail "pip install -r requirements.txt failed (above)"
    if grep -qvE '^\s*(#|$)' "$REPO_ROOT/requirements-oca.txt" 2>/dev/null; then
        setup_run "$ODOO_PY" -m pip install --quiet --no-deps -r "$REPO_ROOT/requirements-oca.txt" \
            || setup_fail "pip install -r requirements-oca.txt failed (above)"
    fi
    echo "$hash" 2>/dev/null >"$stamp" || true
}

setup_postgres() {
    setup_step "PostgreSQL"
    if ! command -v pg_isready >/dev/null 2>&1; then
        setup_fail "PostgreSQL is not installed: sudo apt install postgresql, then sudo -u postgres createuser --superuser $(id -un)"
    fi
    periscope_ensure_postgres 2>/dev/null \
        || setup_fail "PostgreSQL does not answer: sudo service postgresql start (or pg_ctlcluster VERSION main start)"
    psql -d postgres -Atc "SELECT 1" >/dev/null 2>&1 \
        || setup_fail "PostgreSQL refuses the role $(id -un): sudo -u postgres createuser --superuser $(id -un)"
}

# the Debian packages a command needs, named when missing
setup_packages() {
    local purpose=$1 missing=()
    shift
    local program
    for program in "$@"; do
        command -v "$program" >/dev/null 2>&1 || missing+=("$program")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        printf '    %s need: sudo apt install %s\n' "$purpose" "${missing[*]}"
        return 1
    fi
}

# All of it, for scripts/serve and scripts/test: sets ODOO_PY, then finds
# Odoo with periscope_find_odoo.
periscope_setup() {
    setup_python
    setup_odoo
    setup_requirements
    periscope_find_odoo || setup_fail "$ODOO_MISSING"
}
