"""Start `datasette serve` on loopback the way ./scripts/serve does (immutable
database, inspect file, metadata.yml). Used by the browser tests and by
scripts/screenshots.py."""
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db_path, inspect_path, port=None):
    """(process, base URL) of a running server; raises if it does not come up."""
    port = port or free_port()
    datasette = [sys.executable, "-m", "datasette"]
    subprocess.run([*datasette, "inspect", str(db_path), "--inspect-file", str(inspect_path)], check=True)
    proc = subprocess.Popen(
        [*datasette, "serve", "-i", str(db_path), "--inspect-file", str(inspect_path),
         "--metadata", str(ROOT / "metadata.yml"), "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
            return proc, base
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("datasette did not start: " + proc.stderr.read().decode()[-2000:])
            time.sleep(0.2)


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
