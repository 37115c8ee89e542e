"""docker-compose.yml and its Dockerfile point at things that exist, and keep secrets out."""

import ast
import importlib.util
import os
import re
import shlex

import pytest
import yaml

from core.config import PROJECT_ROOT

COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = [name for name, s in SERVICES.items() if "build" in s]


def words(command) -> list[str]:
    parts = command if isinstance(command, list) else shlex.split(command)
    out = []
    for part in parts:  # `sh -c "a && b"` holds commands inside one string
        out.extend(shlex.split(part) if " " in part else [part])
    return out


def module_defines(module: str, name: str) -> bool:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return False
    with open(spec.origin, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return True
    return False


def test_the_production_stack_has_every_service():
    assert {"web", "worker", "beat", "postgres", "redis", "mailpit"} <= set(SERVICES)
    assert {"web", "worker", "beat"} <= set(APP_SERVICES)
    assert {"uploads", "site", "instance"} <= set(COMPOSE["volumes"])


def checked_tokens(tokens: list[str]) -> int:
    """Check every module, attribute and file a command names; returns how many."""
    checked = 0
    for i, token in enumerate(tokens):
        previous = tokens[i - 1] if i else ""
        if re.fullmatch(r"[a-z_.]+:[a-z_]+", token):  # gunicorn wsgi:app, kanwu.worker:celery
            module, attr = token.split(":")
            assert module_defines(module, attr), f"{token} does not exist"
        elif previous in ("-A", "--app"):  # celery -A kanwu.worker / flask --app wsgi
            assert importlib.util.find_spec(token), f"no module {token}"
            if previous == "-A":
                assert module_defines(token, "celery"), f"{token} has no Celery app `celery`"
        elif previous == "-c" and token.endswith(".py"):
            assert (PROJECT_ROOT / token).is_file(), f"{token} is missing"
        elif token.endswith(".sh"):  # deploy/run.sh web|worker|beat
            script = PROJECT_ROOT / token
            assert script.is_file() and os.access(script, os.X_OK), f"{token} is not runnable"
            case = tokens[i + 1]
            assert re.search(rf"^\s*{re.escape(case)}\)", script.read_text(), re.M), \
                f"{token} has no `{case}`"
        else:
            continue
        checked += 1
    return checked


@pytest.mark.parametrize("service", APP_SERVICES)
def test_every_command_points_at_real_modules_and_files(service):
    spec = SERVICES[service]
    assert (PROJECT_ROOT / spec["build"] / "Dockerfile").exists()
    assert checked_tokens(words(spec["command"])), \
        f"nothing checked in {service}'s command {spec['command']}"


def test_the_run_script_starts_real_modules():
    script = (PROJECT_ROOT / "deploy" / "run.sh").read_text()
    commands = re.findall(r"exec (.+?)(?: ;;|\n\s*[a-z]+\))", script.replace("\\\n", " "),
                          re.S)
    assert len(commands) == 4
    for command in commands:
        assert checked_tokens(shlex.split(command)), command


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_run_in_production_with_the_secret_from_the_environment(service):
    env = SERVICES[service]["environment"]
    assert env["KANWU_ENV"] == "production"
    assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]+\}", env["SECRET_KEY"]), "SECRET_KEY hard-coded"
    assert env["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "redis://redis" in env["CELERY_BROKER_URL"]
    assert env["RATELIMIT_STORAGE_URI"].startswith("redis://")
    assert env["SMTP_HOST"].endswith("mailpit}") or env["SMTP_HOST"] == "mailpit"
    mounted = {v.split(":")[1] for v in SERVICES[service]["volumes"]}
    assert {env["UPLOAD_DIR"], env["SITE_DIR"]} <= mounted


def test_dockerfile_copies_what_exists_and_compiles_translations():
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert "pip install -e ." in dockerfile and "pybabel compile" in dockerfile
    assert "deploy/gunicorn.conf.py" in dockerfile and "wsgi:app" in dockerfile
    ignored = (PROJECT_ROOT / ".dockerignore").read_text().split()
    assert ".env" in ignored and ".venv" in ignored
