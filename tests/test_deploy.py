# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Docker Compose deployment agrees with the repository.

There is no Docker engine where the suite runs: these tests read
docker-compose.yml, config/odoo.conf, .env.example, the README and
scripts/serve, and check that the images, the mounts, the addons path, the
database settings and the commands the README gives agree with each other and
with the addons of the repository."""

import configparser
import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(path.name for path in ROOT.glob("periscope_*") if (path / "__manifest__.py").is_file())
# where the official image reads the configuration and puts the filestore
ODOO_RC = "/etc/odoo/odoo.conf"
EXTRA_ADDONS = "/mnt/extra-addons"
IMAGE_ADDONS = "/usr/lib/python3/dist-packages/odoo/addons"


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def conf():
    parser = configparser.ConfigParser(inline_comment_prefixes=(";",))
    parser.read(ROOT / "config" / "odoo.conf", encoding="utf-8")
    return parser["options"]


@pytest.fixture(scope="module")
def env_example():
    values = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def mounts(service):
    """``{target: source}`` of a service's volumes (short syntax)."""
    result = {}
    for volume in service.get("volumes", []):
        source, target, *_options = volume.split(":")
        result[target] = source
    return result


def compose_variables(text):
    """The ``${VAR...}`` of a compose file: ``{name: has a default}``."""
    return {
        match.group(1): match.group(2) in (":-", "-") for match in re.finditer(r"\$\{(\w+)(:-|-|:\?|\?)?[^}]*\}", text)
    }


def readme_commands(prefix):
    """The README's commands that start with ``prefix``, their continuation
    lines joined, as argument lists."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands, current = [], None
    for line in lines:
        stripped = line.strip()
        if current is not None:
            current += " " + stripped.rstrip("\\").strip()
            if not stripped.endswith("\\"):
                commands.append(shlex.split(current))
                current = None
        elif stripped.startswith(prefix):
            current = stripped.rstrip("\\").strip()
            if not stripped.endswith("\\"):
                commands.append(shlex.split(current))
                current = None
    return commands


def option(args, name):
    """The value of ``--name value``, ``--name=value`` or ``-x value`` in
    ``args``."""
    for index, arg in enumerate(args):
        if arg == name:
            return args[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def test_the_images_are_odoos_official_ones(compose):
    services = compose["services"]
    assert set(services) == {"db", "odoo"}
    assert services["odoo"]["image"] == "odoo:18.0"
    for addon in ADDONS:
        manifest = (ROOT / addon / "__manifest__.py").read_text(encoding="utf-8")
        assert re.search(r"""["']version["']\s*:\s*["']18\.0\.""", manifest), addon
    name, _, tag = services["db"]["image"].partition(":")
    assert name == "postgres"
    # Odoo 18.0 needs PostgreSQL 12 or later; a major version, not "latest"
    assert tag.isdigit() and int(tag) >= 12, tag


def test_every_addon_is_mounted_on_the_addons_path(compose, conf):
    odoo = mounts(compose["services"]["odoo"])
    mounted = {
        target.removeprefix(EXTRA_ADDONS + "/"): source
        for target, source in odoo.items()
        if target.startswith(EXTRA_ADDONS + "/")
    }
    assert mounted == {addon: f"./{addon}" for addon in ADDONS}
    for source in odoo.values():
        if source.startswith("./"):
            assert (ROOT / source).exists(), source
    # the addons first, then Odoo's own
    addons_path = [path.strip() for path in conf["addons_path"].split(",")]
    assert addons_path == [EXTRA_ADDONS, IMAGE_ADDONS]
    # the configuration is the repository's, where the image reads it
    assert odoo[str(Path(ODOO_RC).parent)] == "./config"


def test_the_data_lives_in_named_volumes(compose, conf):
    volumes = set(compose["volumes"])
    odoo = mounts(compose["services"]["odoo"])
    db = mounts(compose["services"]["db"])
    assert odoo[conf["data_dir"]] in volumes
    assert db["/var/lib/postgresql/data"] in volumes
    assert odoo[conf["data_dir"]] != db["/var/lib/postgresql/data"]


def test_odoo_reaches_the_database_with_its_password(compose, env_example):
    db = compose["services"]["db"]
    odoo = compose["services"]["odoo"]
    env = odoo["environment"]
    assert env["HOST"] == env["PGHOST"] == "db"
    assert env["USER"] == env["PGUSER"] == db["environment"]["POSTGRES_USER"]
    assert env["PASSWORD"] == env["PGPASSWORD"] == db["environment"]["POSTGRES_PASSWORD"]
    assert odoo["depends_on"]["db"]["condition"] == "service_healthy"
    # every variable without a default is in .env.example, no more
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    variables = compose_variables(text)
    required = {name for name, has_default in variables.items() if not has_default}
    assert required <= set(env_example)
    assert set(env_example) <= set(variables)
    # .env holds the real passwords: never committed
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert ".env" in ignored


def test_the_configuration_is_a_production_one(compose, conf):
    assert conf.getint("workers") >= 2
    assert conf.getint("max_cron_threads") >= 1
    assert conf.getboolean("proxy_mode")
    assert not conf.getboolean("list_db")
    assert conf.getint("limit_memory_soft") < conf.getint("limit_memory_hard")
    assert conf.getint("limit_time_cpu") <= conf.getint("limit_time_real")
    # the gevent port of the live updates is published, as is HTTP
    published = {port.rsplit(":", 1)[1] for port in compose["services"]["odoo"]["ports"]}
    assert published == {"8069", conf["gevent_port"]}
    # no database setting in the file: Docker Compose gives them
    assert not {"db_host", "db_user", "db_password"} & set(conf)


def test_the_readme_installs_the_hub_as_scripts_serve_does(conf):
    serve = (ROOT / "scripts" / "serve").read_text(encoding="utf-8")
    serve_create = shlex.split(
        re.search(r"tools/create_db\.py\"? (.*?)\n\s*action=", serve, re.DOTALL).group(1).replace("\\\n", " ")
    )
    serve_flags = [arg for arg in serve_create if arg.startswith("--")]
    serve_flags = {
        flag: (serve_create[serve_create.index(flag) + 1] if flag != "--demo" else "")
        for flag in serve_flags
        if not flag.startswith("--addons-path")
    }
    creates = [args for args in readme_commands("docker compose run") if "/mnt/periscope/tools/create_db.py" in args]
    assert len(creates) == 1, creates
    create = creates[0]
    database = create[create.index("/mnt/periscope/tools/create_db.py") + 1]
    # the database the configuration serves
    assert re.fullmatch(conf["dbfilter"], database)
    assert option(create, "--config") == ODOO_RC
    assert option(create, "--addons-path") == conf["addons_path"].replace(" ", "")
    for flag, value in serve_flags.items():
        assert flag in create, flag
        if value:
            assert option(create, flag) == value, flag
    # then the four addons installed on it, and the suite run in a copy
    installs = [
        args for args in readme_commands("docker compose run") if option(args, "-i") and option(args, "-d") == database
    ]
    assert len(installs) == 1, installs
    assert option(installs[0], "-i").split(",") == ADDONS
    tests = [args for args in readme_commands("docker compose run") if "--test-enable" in args]
    assert len(tests) == 1, tests
    assert option(tests[0], "-d") != database, "the suite never runs on the hub's data"
    assert option(tests[0], "-i").split(",") == ADDONS
    assert option(tests[0], "--test-tags").split(",") == [f"/{a}" for a in ADDONS]
    assert "--stop-after-init" in tests[0]
