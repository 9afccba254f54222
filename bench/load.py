"""Load and page-weight benchmark for a running coproduce server.

    python bench/load.py --base http://127.0.0.1:8100 --users 20 --duration 20

Signs in as the demo resident through the real login form, then for each page runs USERS
threads for DURATION seconds, each with its own keep-alive connection, in two scenarios:

  browsing   each user waits a random 0.5-1.5 s between pages, as a person reading does
  flat out   no waiting at all: the server's throughput, where every request queues

and prints requests per second and the 50th, 95th and 99th percentile response times.
Page weight is what a first visit to the home page transfers for its HTML, CSS and JavaScript
with `Accept-Encoding: gzip` (fonts and images excluded).
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

BROWSER_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
    "Accept-Encoding": "gzip",
    "User-Agent": "coproduce-bench/1.0",
}


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        raw = (
            gzip.decompress(self.body)
            if self.headers.get("content-encoding") == "gzip"
            else self.body
        )
        return raw.decode("utf-8", "replace")


class Client:
    """One user's keep-alive connection, reopened when the server closes it."""

    def __init__(self, base: str, cookie: str = "") -> None:
        parts = urlsplit(base)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.cookie = cookie
        self.connection: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: bytes | None = None, **headers: str
    ) -> Response:
        for attempt in range(2):
            try:
                return self._request(method, path, body, headers)
            except (http.client.RemoteDisconnected, ConnectionError, http.client.BadStatusLine):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _request(
        self, method: str, path: str, body: bytes | None, extra: dict[str, str]
    ) -> Response:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {**BROWSER_HEADERS, **extra}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.connection.request(method, path, body=body, headers=headers)
        reply = self.connection.getresponse()
        data = reply.read()
        return Response(
            status=reply.status,
            headers={k.lower(): v for k, v in reply.getheaders()},
            body=data,
            cookies=reply.headers.get_all("Set-Cookie") or [],
        )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _cookie_header(jar: dict[str, str], set_cookies: list[str]) -> dict[str, str]:
    for header in set_cookies:
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(header)
        jar.update({name: morsel.value for name, morsel in parsed.items()})
    return jar


def sign_in(base: str, email: str, password: str) -> str:
    """The Cookie header of a session signed in through the login form."""
    client = Client(base)
    page = client.request("GET", "/accounts/login/")
    jar = _cookie_header({}, page.cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if page.status != 200 or not token:
        sys.exit(f"The login page did not load (HTTP {page.status}).")
    client.cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    form = urlencode({"csrfmiddlewaretoken": token.group(1), "login": email, "password": password})
    reply = client.request(
        "POST",
        "/accounts/login/",
        body=form.encode(),
        **{
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"{base}/accounts/login/",
        },
    )
    jar = _cookie_header(jar, reply.cookies)
    if reply.status != 302 or "sessionid" not in jar:
        sys.exit(f"Signing in as {email} failed (HTTP {reply.status}).")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


@dataclass
class Result:
    page: str
    scenario: str
    users: int
    seconds: float
    requests: int
    errors: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


def _user(
    base: str, path: str, cookie: str, think: float, until: float, out: list[float], bad: list[int]
) -> None:
    client = Client(base, cookie)
    rng = random.Random()
    time.sleep(rng.uniform(0, think))
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            status = client.request("GET", path).status
        except (OSError, http.client.HTTPException):
            status = 0
        finished = time.perf_counter()
        if status == 200:
            out.append(finished - started)
        else:
            bad.append(status)
        if think:
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))
    client.close()


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index] * 1000


def load(
    base: str, page: str, path: str, cookie: str, users: int, seconds: float, think: float
) -> Result:
    timings: list[float] = []
    errors: list[int] = []
    started = time.perf_counter()
    until = started + seconds
    threads = [
        threading.Thread(target=_user, args=(base, path, cookie, think, until, timings, errors))
        for _ in range(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(timings)
    return Result(
        page=page,
        scenario="browsing" if think else "flat out",
        users=users,
        seconds=round(elapsed, 1),
        requests=len(timings),
        errors=len(errors),
        per_second=round(len(timings) / elapsed, 1),
        p50_ms=round(_percentile(ordered, 0.50), 1),
        p95_ms=round(_percentile(ordered, 0.95), 1),
        p99_ms=round(_percentile(ordered, 0.99), 1),
        max_ms=round(ordered[-1] * 1000, 1) if ordered else float("nan"),
    )


def load_with_wrk(
    base: str, page: str, path: str, cookie: str, users: int, seconds: float
) -> Result:
    """Flat out, driven by wrk: a C client that leaves the CPUs to the server being measured."""
    script = Path(__file__).with_name("percentiles.lua")
    command = [
        "wrk",
        f"-t{min(users, 2)}",
        f"-c{users}",
        f"-d{int(seconds)}s",
        "-s",
        str(script),
        base + path,
    ]
    env = {**os.environ, "BENCH_COOKIE": cookie}
    output = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    return Result(
        page=page,
        scenario="flat out (wrk)",
        users=users,
        seconds=figures["seconds"],
        requests=figures["requests"],
        errors=figures["errors"],
        per_second=round(figures["requests"] / figures["seconds"], 1),
        p50_ms=figures["p50_ms"],
        p95_ms=figures["p95_ms"],
        p99_ms=figures["p99_ms"],
        max_ms=figures["max_ms"],
    )


# --- page weight ----------------------------------------------------------------------------

TAG = re.compile(r"<(link|script)\b([^>]*)>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
MODULE_IMPORT = re.compile(r"""\bimport\s*(?:[\w*{}\s,]+from\s*)?["']([^"']+)["']""")
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?["']?([^"')]+)""")


def _html_assets(url: str, html: str) -> list[tuple[str, str]]:
    found = []
    for tag, attributes in TAG.findall(html):
        attrs = dict(ATTRIBUTE.findall(attributes))
        if tag == "link" and attrs.get("rel") in {"stylesheet", "modulepreload"}:
            kind = "css" if attrs["rel"] == "stylesheet" else "module"
            found.append((urljoin(url, attrs["href"]), kind))
        elif tag == "script" and "src" in attrs:
            kind = "module" if attrs.get("type") == "module" else "js"
            found.append((urljoin(url, attrs["src"]), kind))
    return found


def _assets(url: str, kind: str, text: str) -> list[tuple[str, str]]:
    if kind == "html":
        return _html_assets(url, text)
    if kind == "module":
        return [(urljoin(url, link), "module") for link in MODULE_IMPORT.findall(text)]
    if kind == "css":
        return [(urljoin(url, link), "css") for link in CSS_IMPORT.findall(text)]
    return []


def page_weight(base: str, path: str) -> list[dict[str, object]]:
    """Every HTML, CSS and JavaScript file a first visit to `path` downloads."""
    client = Client(base)
    queue = [(urljoin(base, path), "html")]
    seen: set[str] = set()
    files: list[dict[str, object]] = []
    while queue:
        url, kind = queue.pop(0)
        if url in seen or urlsplit(url).netloc != urlsplit(base).netloc:
            continue
        seen.add(url)
        reply = client.request("GET", urlsplit(url).path)
        text = reply.text
        files.append(
            {
                "url": urlsplit(url).path,
                "kind": kind,
                "status": reply.status,
                "encoding": reply.headers.get("content-encoding", "none"),
                "transferred": len(reply.body),
                "uncompressed": len(text.encode()),
            }
        )
        queue.extend(_assets(url, kind, text))
    return files


# --- the machine ----------------------------------------------------------------------------


def load_average() -> str:
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.exists() else "unknown"


def machine(load_before: str) -> dict[str, str]:
    cpu = "unknown"
    memory = "unknown"
    if Path("/proc/cpuinfo").exists():
        names = re.findall(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = names[0].strip() if names else cpu
    if Path("/proc/meminfo").exists():
        kib = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
        memory = f"{int(kib.group(1)) / 1024 / 1024:.1f} GiB" if kib else memory
    postgres = subprocess.run(
        ["psql", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "postgres": postgres or "unknown",
        # Other work on the machine slows the server: the figures mean little when this is high.
        "load_before": load_before,
        "load_after": load_average(),
    }


# --- the report -----------------------------------------------------------------------------


def report(facts: dict[str, str], weight: list[dict[str, object]], results: list[Result]) -> str:
    lines = [
        f"Date: {facts['date']}  ",
        f"Machine: {facts['cpus']} CPUs ({facts['cpu']}), {facts['memory']} memory; "
        f"Python {facts['python']}; {facts['postgres']}  ",
        f"Load average (1, 5, 15 min) before the run: {facts['load_before']}; "
        f"after: {facts['load_after']}",
        "",
        "| page | scenario | users | requests | errors | requests/s | p50 ms | p95 ms | p99 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {r.page} | {r.scenario} | {r.users} | {r.requests} | {r.errors} | {r.per_second} "
        f"| {r.p50_ms} | {r.p95_ms} | {r.p99_ms} |"
        for r in results
    ]
    total = sum(int(str(f["transferred"])) for f in weight)
    lines += [
        "",
        "| home page file | kind | encoding | transferred bytes | uncompressed bytes |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    lines += [
        f"| `{f['url']}` | {f['kind']} | {f['encoding']} | {f['transferred']:,} "
        f"| {f['uncompressed']:,} |"
        for f in weight
    ]
    lines.append(f"| **total** | | | **{total:,} ({total / 1024:.1f} KB)** | |")
    return "\n".join(lines)


def scenarios(args: argparse.Namespace, name: str, path: str, cookie: str) -> list[Result]:
    """Browsing and flat out with the Python client; flat out with wrk too when it is here."""
    results = [
        load(args.base, name, path, cookie, args.users, args.duration, args.think),
        load(args.base, name, path, cookie, args.users, args.duration, 0.0),
    ]
    if shutil.which("wrk"):
        results.append(load_with_wrk(args.base, name, path, cookie, args.users, args.duration))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8100")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per run")
    parser.add_argument("--think", type=float, default=1.0, help="mean wait when browsing")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--email", default="resident@riverside.example")
    parser.add_argument("--password", default="riverside-demo")
    parser.add_argument("--profile-path", default="/people/me/profile/")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--markdown", type=Path, help="also write the report here")
    args = parser.parse_args()

    load_before = load_average()
    cookie = sign_in(args.base, args.email, args.password)
    profile = Client(args.base, cookie).request("GET", args.profile_path)
    if profile.status != 200:
        sys.exit(f"The profile page {args.profile_path} answered HTTP {profile.status}.")
    pages = [("home", "/", ""), ("profile", args.profile_path, cookie)]

    weight = page_weight(args.base, "/")
    results = []
    for name, path, session in pages:
        load(args.base, name, path, session, args.users, args.warmup, 0)
        for result in scenarios(args, name, path, session):
            print(json.dumps(asdict(result)), flush=True)
            results.append(result)

    facts = machine(load_before)
    text = report(facts, weight, results)
    print()
    print(text)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"machine": facts, "weight": weight, "load": [asdict(r) for r in results]},
                indent=2,
            )
        )
    if args.markdown:
        args.markdown.write_text(text + "\n")


if __name__ == "__main__":
    main()
