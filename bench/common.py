"""Helpers shared by the benchmark scripts: processes on loopback, wrk, tables and results.

Every load generated here goes to 127.0.0.1 only, in bounded runs that stop by themselves.
"""

import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing, contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV_BIN = Path(sys.executable).parent
WRK_SCRIPT = ROOT / "bench" / "wrk_json.lua"


def free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


@contextmanager
def process(cmd: list[str], *, env: dict | None = None, port: int | None = None,
            log: Path | None = None, cwd: Path = ROOT):
    """Run `cmd` in its own session for the duration of the block; stop it and its children."""
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        if port is not None:
            wait_port(port, proc)
        yield proc
    finally:
        stop(proc)
        if log:
            out.close()


def stop(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def app_env(**overrides) -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{VENV_BIN}:{env.get('PATH', '')}"
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def gunicorn_cmd(port: int, app: str = "wsgi:app") -> list[str]:
    return [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
            "--bind", f"127.0.0.1:{port}", app]


def wrk(url: str, *, connections: int, duration: int = 10, threads: int = 1,
        headers: dict | None = None) -> dict:
    """One bounded wrk run against a loopback URL: req/s, latency percentiles (ms), errors."""
    assert url.startswith(("http://127.0.0.1:", "http://localhost:")), "loopback only"
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
           "-s", str(WRK_SCRIPT)]
    for key, value in (headers or {}).items():
        cmd += ["-H", f"{key}: {value}"]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True,
                         timeout=duration + 30).stdout
    line = next(x for x in out.splitlines() if x.startswith("JSON "))
    return json.loads(line[5:])


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> dict:
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024 // 1024} GiB"
    except OSError:
        pass
    cpu = ""
    with suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip()
                   for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    return {"cores": os.cpu_count(), "memory": mem, "cpu": cpu, "python": platform.python_version(),
            "kernel": platform.release(), "load_average": os.getloadavg()}


def write_results(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {"benchmark": name, "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(), **data}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    load = os.getloadavg()[0]
    if load > 1.5 * (os.cpu_count() or 1):
        print(f"\nWARNING: load average {load:.1f} on {os.cpu_count()} cores while measuring: "
              "other processes shared the CPUs, the times above are pessimistic")
    print(f"\nresults: {path.relative_to(ROOT)}")
    return path


def print_table(headers: list[str], rows: list[list]) -> None:
    def fmt(v):
        if isinstance(v, float):
            return f"{v:,.1f}" if abs(v) >= 10 else f"{v:.2f}"
        return str(v)

    cells = [[fmt(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
              for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


def verdict(ok: bool) -> str:
    return "reached" if ok else "NOT reached"


@contextmanager
def scratch_dir(prefix: str):
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


NGINX_TEMPLATE = ROOT / "deploy" / "nginx" / "kanwu.conf.template"
NGINX_MODULES = Path("/usr/lib/nginx/modules")


def render_nginx(conf_dir: Path, *, listen: str, upstream: str, site_root: Path,
                 log_dir: Path, max_upload_mb: int = 60, extra: str = "") -> Path:
    """nginx.conf for running deploy/nginx/kanwu.conf.template outside Docker: the template
    filled as the nginx image fills it (envsubst of its own variables only), inside a main
    config with private pid/temp paths, brotli when Debian's module is installed."""
    conf_dir.mkdir(parents=True, exist_ok=True)
    (conf_dir / "tmp").mkdir(exist_ok=True)
    server = NGINX_TEMPLATE.read_text()
    for name, value in {"KANWU_UPSTREAM": upstream, "KANWU_SITE_ROOT": str(site_root),
                        "NGINX_LISTEN": listen, "MAX_UPLOAD_MB": str(max_upload_mb)}.items():
        server = server.replace("${" + name + "}", value)
    (conf_dir / "kanwu.conf").write_text(server)
    brotli = (NGINX_MODULES / "ngx_http_brotli_filter_module.so").exists()
    lines = []
    if os.geteuid() == 0:
        lines.append("user root root;")
    if brotli:
        lines += [f"load_module {NGINX_MODULES}/ngx_http_brotli_filter_module.so;",
                  f"load_module {NGINX_MODULES}/ngx_http_brotli_static_module.so;"]
    tmp = conf_dir / "tmp"
    lines += [
        "worker_processes auto;",
        f"pid {conf_dir}/nginx.pid;",
        f"error_log {log_dir}/nginx-error.log warn;",
        "events { worker_connections 2048; }",
        "http {",
        "    include /etc/nginx/mime.types;",
        "    default_type application/octet-stream;",
        "    access_log off;",
        "    sendfile on;",
        "    tcp_nopush on;",
        "    keepalive_timeout 65;",
        "    keepalive_requests 100000;",
        "    open_file_cache max=10000 inactive=30s;",
        *(f"    {kind}_temp_path {tmp}/{kind};"
          for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
        *([f"    include {ROOT}/deploy/nginx/brotli.conf;"] if brotli else []),
        f"    include {conf_dir}/kanwu.conf;",
        extra,
        "}",
    ]
    main = conf_dir / "nginx.conf"
    main.write_text("\n".join(lines) + "\n")
    subprocess.run(["nginx", "-t", "-q", "-c", str(main), "-p", str(conf_dir), "-e", "stderr"],
                   check=True)
    return main


def nginx_cmd(main_conf: Path) -> list[str]:
    return ["nginx", "-c", str(main_conf), "-p", str(main_conf.parent), "-e", "stderr",
            "-g", "daemon off;"]


def run_flask(args: list[str], env: dict) -> None:
    subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env,
                   check=True, capture_output=True)
