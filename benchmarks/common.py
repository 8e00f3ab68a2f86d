"""Helpers shared by the benchmark and check scripts: servers, wrk, timing."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def base_env(**extra):
    """A clean environment for a child process: local settings plus extra."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "REDIS_", "AWS_"))
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def become_node(env):
    """Run this process on ``env`` as one more node: same settings, database, cache."""
    os.environ.clear()
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    import django

    django.setup()


class Checks:
    """Named pass/fail checks, printed as they run; ``failures`` lists the misses."""

    def __init__(self):
        self.failures = []

    def __call__(self, what, ok):
        print(f"{'PASS' if ok else 'FAIL'}  {what}", flush=True)
        if not ok:
            self.failures.append(what)


def manage(*args, env, check=True, quiet=True):
    """Run manage.py; returns seconds taken."""
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=check,
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.DEVNULL if quiet else None,
    )
    return time.perf_counter() - started


def fetch(url, timeout=5, headers=None):
    """(status, body bytes, headers); status 0 when nothing answered."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, b"", {}


_static_collected = False


def collect_static(env):
    """Production settings serve hashed static files: collect them once a run."""
    global _static_collected
    if not _static_collected:
        manage("collectstatic", "--noinput", env=env)
        _static_collected = True


class Gunicorn:
    """A gunicorn serving the site on 127.0.0.1:port until stopped."""

    def __init__(
        self, port, env, workers=3, log=None, app="newsroom.wsgi", access_log=None
    ):
        collect_static(env)
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(log or os.devnull, "ab")  # noqa: SIM115
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                GUNICORN,
                app,
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--keep-alive",
                "5",
                "--timeout",
                "30",
                *(["--access-logfile", str(access_log)] if access_log else []),
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )

    def wait(self, path="/", timeout=30):
        """Seconds from start until path answered anything but a refusal."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on {self.port} exited")
            status, _, _ = fetch(self.url + path, timeout=2)
            if status:
                return time.perf_counter() - self.started
            time.sleep(0.01)
        raise RuntimeError(f"gunicorn on {self.port} did not answer")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class TaskWorker:
    """
    A task worker for ``env`` until stopped: RQ's (with its scheduler, for
    retries that wait) when ``NEWSROOM_TASKS_REDIS_URL`` is set, else the
    database queue's ``db_worker``.
    """

    def __init__(self, env, log=None):
        if env.get("NEWSROOM_TASKS_REDIS_URL"):
            command = [
                "rqworker",
                "--with-scheduler",
                "--job-class",
                "django_tasks_rq.Job",
            ]
        else:
            command = ["db_worker", "--interval", "0.1", "--no-startup-delay"]
        self.log = open(log or os.devnull, "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", *command],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


class PurgeRecorder:
    """An HTTP server in this process that records the purges it receives."""

    def __init__(self, header="xkey-purge"):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                received.append(self.headers.get(header, "").split())
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def wait_until(predicate, timeout=10, interval=0.05):
    """Seconds until ``predicate()`` held, or None if it did not within timeout."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if predicate():
            return time.perf_counter() - started
        time.sleep(interval)
    return None


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url, connections=16, seconds=10, threads=1, script=None):
    """Run wrk; returns requests/s, p50/p99 in ms and the non-2xx/3xx count."""
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    latency = dict(re.findall(r"^\s*(50|99)%\s+([\d.]+[a-z]+)\s*$", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.M)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": _ms(latency["50"]),
        "p99": _ms(latency["99"]),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def postgres():
    """Start (or reuse) the CI PostgreSQL; returns (url, bin dir, data dir)."""
    script = (
        f". {BASE_DIR / '.ci' / 'postgres.sh'} >/dev/null && "
        'printf \'%s\\n%s\\n%s\' "$CI_DATABASE_URL" "$CI_PG_BIN" "$CI_PG_DATA"'
    )
    out = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    return out[0], out[1], (out[2] if len(out) > 2 else "")


def create_pg_database(url, name):
    """Drop and create database name on the server of url; returns its URL."""
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    for sql in (
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}"',
    ):
        subprocess.run(["psql", admin_url, "-q", "-c", sql], check=True)
    return url.rsplit("/", 1)[0] + "/" + name


def print_json(data):
    print(json.dumps(data, indent=2, default=str))
