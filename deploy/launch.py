"""Serve the dashboard as N replicas behind nginx, with one builder publishing the warehouse.

    python -m deploy.launch serve --replicas 3 --listen 8080       # builder + replicas + nginx, supervised
    python -m deploy.launch nginx-site --replicas 3 --listen 80    # print the nginx site for Debian's nginx
    python -m deploy.launch build --watch 30                       # the builder alone (systemd unit)
    python -m deploy.launch replica --port 8601                    # one replica (systemd unit)

Every replica reads the warehouse published at ``ANTQ_WAREHOUSE``. The builder is the only writer:
it rebuilds when the files under the input folders change and publishes the new file with
``os.replace`` (a build writes a temporary file beside the published one; with ``--work`` it builds
on local disk and copies the result beside the published file first). Replicas notice the new file
at their next query (core.warehouse compares the file's identity) and keep their sessions.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import config  # noqa: E402
from core.intake import uploads  # noqa: E402

NGINX_DIR = Path(__file__).resolve().parent / "nginx"
MAX_FAILS = 2
FAIL_TIMEOUT_S = 10
HEALTH_EVERY_S = 5.0
HEALTH_FAILURES = 3  # consecutive failed health checks before a live replica is restarted


# --- nginx configuration -----------------------------------------------------------------------------

def render(template: str, **values) -> str:
    """Fill {{NAME}} placeholders; every placeholder must be given."""
    for name, value in values.items():
        template = template.replace("{{" + name + "}}", str(value))
    if "{{" in template:
        start = template.index("{{")
        raise ValueError(f"placeholder left unfilled: {template[start:template.index('}}', start) + 2]}")
    return template


def upload_mb() -> int:
    """The import page's upload limit in MB (core.intake.uploads.MAX_BYTES)."""
    return uploads.MAX_BYTES // 2**20


def site_config(servers: list[str], listen: str | int) -> str:
    """The http-level nginx configuration (upstream + server) for replicas at host:port ``servers``."""
    lines = "\n".join(f"    server {s} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT_S}s;" for s in servers)
    return render((NGINX_DIR / "antq.conf").read_text(encoding="utf-8"), SERVERS=lines, LISTEN=listen,
                  MAX_FAILS=MAX_FAILS, FAIL_TIMEOUT=f"{FAIL_TIMEOUT_S}s", UPLOAD_MB=upload_mb(),
                  BODY_MB=upload_mb() + 1)


def write_standalone(prefix: Path, servers: list[str], listen: str | int) -> Path:
    """Write a complete nginx configuration under ``prefix`` (no root needed); returns its path."""
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    (prefix / "antq.conf").write_text(site_config(servers, listen), encoding="utf-8")
    main = prefix / "nginx.conf"
    main.write_text(render((NGINX_DIR / "standalone.conf").read_text(encoding="utf-8"), PREFIX=prefix),
                    encoding="utf-8")
    return main


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


def start_nginx(prefix: Path) -> subprocess.Popen:
    """nginx in the foreground on the configuration written by write_standalone; checked first."""
    binary = nginx_binary()
    if not binary:
        raise RuntimeError("nginx is not installed (Debian: apt-get install nginx)")
    conf, errors = prefix / "nginx.conf", prefix / "error.log"
    check = subprocess.run([binary, "-t", "-q", "-p", str(prefix), "-e", str(errors), "-c", str(conf)],
                           capture_output=True, text=True)
    if check.returncode:
        raise RuntimeError(f"nginx rejects {conf}: {check.stderr.strip()}")
    return subprocess.Popen([binary, "-p", str(prefix), "-e", str(errors), "-c", str(conf)], start_new_session=True)


# --- replicas ----------------------------------------------------------------------------------------

def replica_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """`streamlit run dashboard.py` as a served replica: no source watching, no usage statistics."""
    return [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.address", address,
            "--server.port", str(port), "--server.headless", "true", "--server.fileWatcherType", "none",
            "--runner.postScriptGC", "false",
            "--browser.gatherUsageStats", "false", "--server.maxUploadSize", str(upload_mb())]


def healthy(address: str, port: int, timeout: float = 2.0) -> bool:
    host = "127.0.0.1" if address in ("0.0.0.0", "") else address
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/_stcore/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def cookie_secret(prefix: Path) -> str:
    """One secret for every replica (signed cookies of sign-in must verify on any replica): from
    STREAMLIT_SERVER_COOKIE_SECRET, else made once and kept under the prefix."""
    if os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET"):
        return os.environ["STREAMLIT_SERVER_COOKIE_SECRET"]
    path = prefix / "cookie_secret"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32), encoding="ascii")
    return path.read_text(encoding="ascii").strip()


# --- builder -----------------------------------------------------------------------------------------

def input_dirs(extra: list[Path]) -> list[Path]:
    return [config.INPUT_DIR, *extra]


def input_signature(dirs: list[Path]) -> list[list]:
    """What the build reads, cheaply: every file under the input folders with its size and mtime."""
    out = []
    for d in dirs:
        for p in sorted(d.rglob("*")) if d.is_dir() else []:
            if p.is_file() and not p.name.startswith("."):
                st = p.stat()
                out.append([str(p), st.st_size, st.st_mtime_ns])
    return out


def publish(src: Path, dst: Path) -> None:
    """Copy a built warehouse beside ``dst`` (same file system), flush it, and swap it in atomically."""
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.publish")
    try:
        with open(src, "rb") as fin, open(tmp, "wb") as fout:
            shutil.copyfileobj(fin, fout, 16 * 2**20)
            fout.flush()
            os.fsync(fout.fileno())
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)


@dataclass
class Builder:
    """Rebuilds and publishes when the inputs change; one at a time per warehouse (a lock file beside it)."""

    warehouse: Path
    inputs: list[Path] = field(default_factory=list)
    work: Path | None = None
    with_sample: bool = True

    @property
    def stamp(self) -> Path:
        return self.warehouse.with_name(f".{self.warehouse.name}.inputs.json")

    def stale(self) -> bool:
        if not self.warehouse.exists() or not self.stamp.exists():
            return True
        return json.loads(self.stamp.read_text(encoding="utf-8")) != input_signature(input_dirs(self.inputs))

    def build(self) -> bool:
        """Build and publish once (skipped while another builder holds the lock); False on refused input."""
        from etl import build

        self.warehouse.parent.mkdir(parents=True, exist_ok=True)
        with open(self.warehouse.with_name(f".{self.warehouse.name}.build.lock"), "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log("another builder is building this warehouse; skipped")
                return True
            signature = input_signature(input_dirs(self.inputs))
            out = self.work / self.warehouse.name if self.work else self.warehouse
            try:
                report = build.run(inputs=self.inputs, out=out, with_sample=self.with_sample)
            except build.BuildFailed as exc:
                log(f"build refused, the published warehouse stays as it was:\n{exc}")
                self.stamp.write_text(json.dumps(signature), encoding="utf-8")  # retried when inputs change again
                return False
            if self.work:
                publish(out, self.warehouse)
            self.stamp.write_text(json.dumps(signature), encoding="utf-8")
            log(f"published {self.warehouse}: {report.observations} observations in {report.seconds:.1f} s")
            return True

    def watch(self, every: float) -> None:
        """Build when stale, then check the inputs every ``every`` seconds (forever)."""
        while True:
            if self.stale():
                self.build()
            time.sleep(every)


# --- the supervisor ----------------------------------------------------------------------------------

def log(message: str) -> None:
    print(f"[deploy {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Child:
    name: str
    command: list[str]
    env: dict
    port: int | None = None
    proc: subprocess.Popen | None = None
    failures: int = 0

    def start(self) -> None:
        self.proc = subprocess.Popen(self.command, cwd=ROOT, env=self.env, start_new_session=True)
        self.failures = 0

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def builder_command(args, warehouse: Path, watch: float) -> list[str]:
    """The builder as a child process, with serve's builder options."""
    return [sys.executable, "-m", "deploy.launch", "build", "--warehouse", str(warehouse), "--watch", str(watch),
            *[a for d in args.input for a in ("--input", str(Path(d).resolve()))],
            *(["--work", str(Path(args.work).resolve())] if args.work else []),
            *(["--without-sample"] if args.without_sample else [])]


def serve(args) -> int:
    prefix = Path(args.prefix).resolve()
    prefix.mkdir(parents=True, exist_ok=True)
    warehouse = Path(args.warehouse).resolve()
    env = {**os.environ, "ANTQ_WAREHOUSE": str(warehouse), "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret(prefix),
           "PYTHONPATH": str(ROOT)}
    if Builder(warehouse, [Path(d) for d in args.input], with_sample=not args.without_sample).stale():
        log("building the warehouse before the replicas start")
        subprocess.run(builder_command(args, warehouse, watch=0), cwd=ROOT, env=env, check=False)
    ports = ([int(p) for p in args.ports.split(",")] if args.ports
             else [args.first_port + i for i in range(args.replicas)])
    children = [Child("builder", builder_command(args, warehouse, args.watch), env)]
    children += [Child(f"replica {p}", replica_command(p, args.address), env, port=p) for p in ports]
    nginx_proc = None
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(1))
    try:
        for c in children:
            c.start()
        deadline = time.monotonic() + 90
        while not all(healthy(args.address, p) for p in ports) and time.monotonic() < deadline and not stopping:
            time.sleep(0.3)
        if not args.no_nginx:
            host = "127.0.0.1" if args.address in ("0.0.0.0", "") else args.address
            write_standalone(prefix, [f"{host}:{p}" for p in ports], args.listen)
            nginx_proc = start_nginx(prefix)
        state = {"replicas": {str(c.port): c.proc.pid for c in children if c.port},
                 "builder": children[0].proc.pid, "nginx": nginx_proc.pid if nginx_proc else None,
                 "listen": args.listen, "warehouse": str(warehouse)}
        (prefix / "state.json").write_text(json.dumps(state), encoding="utf-8")
        log(f"serving on {args.listen}: replicas {ports}, warehouse {warehouse}")
        last_check = 0.0
        while not stopping:
            time.sleep(0.5)
            if time.monotonic() - last_check < HEALTH_EVERY_S:
                continue
            last_check = time.monotonic()
            for c in children:
                if c.proc.poll() is not None:
                    if args.no_restart:
                        continue
                    log(f"{c.name} exited ({c.proc.returncode}); restarting")
                    c.start()
                elif c.port and not healthy(args.address, c.port):
                    c.failures += 1
                    if c.failures >= HEALTH_FAILURES and not args.no_restart:
                        log(f"{c.name} does not answer /_stcore/health; restarting")
                        c.stop()
                        c.start()
                else:
                    c.failures = 0
            state["replicas"] = {str(c.port): c.proc.pid for c in children if c.port}
            (prefix / "state.json").write_text(json.dumps(state), encoding="utf-8")
    finally:
        if nginx_proc and nginx_proc.poll() is None:
            nginx_proc.send_signal(signal.SIGQUIT)  # graceful: finish open requests
            try:
                nginx_proc.wait(10)
            except subprocess.TimeoutExpired:
                nginx_proc.kill()
        for c in children:
            c.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m deploy.launch", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)

    def builder_options(p) -> None:
        p.add_argument("--warehouse", default=str(config.warehouse_path()), help="published warehouse (ANTQ_WAREHOUSE)")
        p.add_argument("--input", action="append", default=[], help="more input folders (repeatable)")
        p.add_argument("--work", help="build on this local folder, then copy beside the published file")
        p.add_argument("--without-sample", action="store_true", help="real figures only")
        p.add_argument("--watch", type=float, default=30.0, help="seconds between input checks (0: build once)")

    s = sub.add_parser("serve", help="builder + replicas + nginx, supervised")
    s.add_argument("--replicas", type=int, default=2)
    s.add_argument("--first-port", type=int, default=8601)
    s.add_argument("--ports", help="the replicas' ports, comma-separated (instead of --replicas/--first-port)")
    s.add_argument("--address", default="127.0.0.1", help="where replicas listen")
    s.add_argument("--listen", default="8080", help="nginx listen address (port or host:port)")
    s.add_argument("--prefix", default=str(ROOT / ".deploy"), help="nginx prefix, logs, state.json")
    s.add_argument("--no-nginx", action="store_true", help="replicas and builder only (nginx runs elsewhere)")
    s.add_argument("--no-restart", action="store_true", help="leave a stopped replica stopped")
    builder_options(s)

    n = sub.add_parser("nginx-site", help="print the nginx site configuration")
    n.add_argument("--replicas", type=int, default=2)
    n.add_argument("--first-port", type=int, default=8601)
    n.add_argument("--servers", help="host:port of every replica, comma-separated (replicas on several machines)")
    n.add_argument("--listen", default="80")

    b = sub.add_parser("build", help="the builder: rebuild and publish when inputs change")
    builder_options(b)

    r = sub.add_parser("replica", help="one replica in the foreground")
    r.add_argument("--port", type=int, required=True)
    r.add_argument("--address", default="127.0.0.1")

    args = ap.parse_args(argv)
    if args.command == "serve":
        return serve(args)
    if args.command == "nginx-site":
        servers = (args.servers.split(",") if args.servers
                   else [f"127.0.0.1:{args.first_port + i}" for i in range(args.replicas)])
        print(site_config(servers, args.listen), end="")
        return 0
    if args.command == "build":
        builder = Builder(Path(args.warehouse).resolve(), [Path(d) for d in args.input],
                          Path(args.work) if args.work else None, with_sample=not args.without_sample)
        if args.watch <= 0:
            return 0 if builder.build() else 1
        builder.watch(args.watch)
    if args.command == "replica":
        os.execv(sys.executable, replica_command(args.port, args.address))
    return 0


if __name__ == "__main__":
    sys.exit(main())
