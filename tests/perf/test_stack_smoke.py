"""The production stack script, run for real in its short mode: up (PostgreSQL, Redis,
gunicorn, Celery worker and beat, nginx, an SMTP sink), one request through nginx to the app,
one submission through the wizard, its acknowledgement in the sink, down."""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import PROJECT_ROOT, free_port, need_service


def free_block(size: int = 3) -> int:
    """A port whose next `size - 1` ports are free as well."""
    import socket

    for _ in range(50):
        base = free_port()
        try:
            socks = []
            for p in range(base, base + size):
                s = socket.socket()
                s.bind(("127.0.0.1", p))
                socks.append(s)
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
        return base
    raise RuntimeError("no free block of ports")


@pytest.mark.services
def test_stack_smoke(tmp_path: Path, redis_url):
    database = os.environ.get("KANWU_TEST_DATABASE_URL", "")
    need_service("PostgreSQL", database.startswith("postgresql"), "set KANWU_TEST_DATABASE_URL")
    need_service("nginx", shutil.which("nginx") is not None, "apt-get install nginx")
    url = make_url(database)
    auth = url.username + (f":{url.password}" if url.password else "")
    server = f"postgresql://{auth}@{url.host}:{url.port or 5432}"
    name = f"kanwu_stack_{uuid.uuid4().hex[:8]}"
    env = dict(os.environ)
    env.update(STACK_DIR=str(tmp_path / "stack"), STACK_PORT=str(free_block()),
               STACK_PG=server,
               STACK_DB=name, STACK_FRESH="1", STACK_REDIS=redis_url,
               CELERY_QUEUE=f"kanwu-smoke-{uuid.uuid4().hex[:8]}")
    try:
        result = subprocess.run([str(PROJECT_ROOT / "bench" / "stack.sh"), "smoke"],
                                cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                                timeout=300)
        logs = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
                         for p in sorted((tmp_path / "stack" / "logs").glob("*.log")))
        assert result.returncode == 0, f"{result.stdout}\n{result.stderr}\n{logs}"
        assert "smoke: ok" in result.stdout
        assert "stack down" in result.stdout
        assert not list((tmp_path / "stack" / "pids").glob("*")), "a service was left running"
    finally:
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
