"""``kernel proxy-config nginx|haproxy``: a reverse-proxy configuration for N workers.

The printed configuration fronts ``kernel run app.py --workers N --worker-ports ...``
(one port per worker) and gives what the fleet needs from its proxy:

* the WebSocket upgrade, and an idle timeout of an hour on the tunnel (an idle browser tab keeps
  its stream open);
* a dead or draining worker is skipped: a connection it refuses goes to the next worker;
* affinity by a cookie the proxy sets (a random value, hashed by nginx; the worker's name
  with HAProxy). It only keeps a browser's requests on a warm worker: correctness never
  depends on it (with scale-out on, any worker takes any session over).

The resume token travels in the stream URL's query string, so neither configuration logs
query strings. tests/contrib/scaleout_redis/test_proxy.py runs both in front of real
workers.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from kernel._app import KernelApp
from kernel._errors import KernelError

__all__ = ["AFFINITY_COOKIE", "haproxy_config", "nginx_config", "proxy_config_command", "worker_ports"]

AFFINITY_COOKIE = "kernel_affinity"
"""The cookie the proxy sets to keep a browser on one worker (a speed-up only)."""

TUNNEL_TIMEOUT = "1h"


def worker_ports(first_port: int, workers: int | None, given: str | None) -> list[int]:
    """The workers' ports: ``given`` (``8601-8604`` or a list), else the ``workers`` ports
    (default 4) after ``first_port`` (the proxy's own)."""
    from kernel._supervisor import parse_ports

    if given:
        ports = parse_ports(given)
        if workers is not None and len(ports) != workers:
            raise KernelError(f"--workers {workers} with {len(ports)} --worker-ports: give one port per worker")
        return ports
    workers = 4 if workers is None else workers
    if workers < 1:
        raise KernelError(f"--workers {workers}: give at least 1")
    if first_port + workers > 65535:
        raise KernelError("the worker ports would pass 65535: give them with --worker-ports")
    return [first_port + 1 + i for i in range(workers)]


def _ports_text(ports: Sequence[int]) -> str:
    if list(ports) == list(range(ports[0], ports[0] + len(ports))) and len(ports) > 1:
        return f"{ports[0]}-{ports[-1]}"
    return ",".join(str(p) for p in ports)


def _header(kind: str, host: str, ports: Sequence[int], where: str) -> list[str]:
    return [
        f"# kernel proxy-config {kind}: {where}",
        f"# in front of: kernel run app.py --workers {len(ports)} --worker-ports {_ports_text(ports)}"
        + ("" if host in ("127.0.0.1", "localhost") else f" --server.address={host}"),
        "# Affinity (the cookie) only keeps a browser on a warm worker; any worker serves any tab",
        "# when [scaleout] is on (docs/scaleout.md). Query strings carry the resume token: not logged.",
    ]


def nginx_config(host: str, ports: Sequence[int], listen: str, *, affinity: bool = True,
                 access_log: str = "/var/log/nginx/kernel_access.log", max_body: str = "250m") -> str:
    """The http-context part of an nginx configuration (``include`` it inside ``http {}``)."""
    lines = _header("nginx", host, ports, "include this inside http { } (e.g. /etc/nginx/conf.d/kernel.conf)")
    lines += [
        "",
        "map $http_upgrade $kernel_connection {",
        "    default upgrade;",
        "    ''      close;",
        "}",
        "log_format kernel '$remote_addr [$time_local] \"$request_method $uri\" $status $body_bytes_sent '",
        "                  '$request_time $upstream_addr';",
    ]
    if affinity:
        lines += [
            "# A random affinity value, set as a cookie on the first response; its hash picks the worker.",
            f"map $cookie_{AFFINITY_COOKIE} $kernel_affinity {{",
            "    ''      $request_id;",
            f"    default $cookie_{AFFINITY_COOKIE};",
            "}",
            f"map $cookie_{AFFINITY_COOKIE} $kernel_affinity_cookie {{",
            f"    ''      '{AFFINITY_COOKIE}=$request_id; Path=/; HttpOnly; SameSite=Lax';",
            "    default '';",
            "}",
        ]
    lines += ["# max_fails=0: a worker that refuses (it restarts) is skipped for that request only, and is",
              "# used again as soon as it serves (no worker is ever marked down for a while).",
              "upstream kernel_workers {"]
    lines += ["    hash $kernel_affinity consistent;"] if affinity else ["    # round robin (no affinity)"]
    lines += [f"    server {_host_port(host, port)} max_fails=0;" for port in ports]
    lines += [
        "}",
        "server {",
        f"    listen {listen};",
        f"    client_max_body_size {max_body};",
        f"    access_log {access_log} kernel;",
        "    location / {",
        "        proxy_pass http://kernel_workers;",
        "        proxy_http_version 1.1;",
        "        proxy_set_header Host $http_host;",
        "        proxy_set_header Upgrade $http_upgrade;",
        "        proxy_set_header Connection $kernel_connection;",
        "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "        proxy_set_header X-Forwarded-Proto $scheme;",
        "        # A dead or draining worker refuses the connection: the next one gets the request.",
        "        proxy_connect_timeout 2s;",
        "        proxy_next_upstream error timeout http_502 http_503;",
        "        proxy_next_upstream_tries 0;",
        "        # An idle browser tab keeps its WebSocket (the stream) open.",
        f"        proxy_read_timeout {TUNNEL_TIMEOUT};",
        f"        proxy_send_timeout {TUNNEL_TIMEOUT};",
        "        proxy_buffering off;",
        "        proxy_request_buffering off;",
    ]
    if affinity:
        lines += ["        add_header Set-Cookie $kernel_affinity_cookie always;"]
    lines += ["    }", "}", ""]
    return "\n".join(lines)


def haproxy_config(host: str, ports: Sequence[int], listen: str, *, affinity: bool = True) -> str:
    """A complete HAProxy configuration (``haproxy -f``)."""
    lines = _header("haproxy", host, ports, "a complete configuration (haproxy -f kernel.cfg)")
    lines += [
        "",
        "global",
        "    # maxconn follows the file descriptor limit (ulimit -n): raise that for more connections",
        "",
        "defaults",
        "    mode http",
        "    timeout connect 2s",
        "    timeout client 1m",
        "    timeout server 1m",
        "    timeout http-request 30s",
        "    # An idle browser tab keeps its WebSocket (the stream) open.",
        f"    timeout tunnel {TUNNEL_TIMEOUT}",
        "    # A dead or draining worker refuses the connection: retry on another one.",
        "    retries 3",
        "    option redispatch 1",
        "    retry-on conn-failure empty-response",
        "",
        "frontend kernel",
        f"    bind {listen}",
        "    default_backend kernel_workers",
        "",
        "backend kernel_workers",
        "    balance roundrobin",
    ]
    if affinity:
        lines += [f"    cookie {AFFINITY_COOKIE} insert indirect nocache httponly attr \"SameSite=Lax\""]
    lines += [
        "    option httpchk GET /_kernel/health",
        "    http-check expect status 200",
        "    default-server check inter 1s fall 2 rise 1",
    ]
    for i, port in enumerate(ports):
        cookie = f" cookie w{i + 1}" if affinity else ""
        lines.append(f"    server w{i + 1} {_host_port(host, port)}{cookie}")
    lines.append("")
    return "\n".join(lines)


def _host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``kernel proxy-config``."""
    parser.add_argument("proxy", choices=("nginx", "haproxy"), help="which proxy's configuration to print")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="how many workers (default: as many as --worker-ports gives, else 4)")
    parser.add_argument("--worker-ports", metavar="PORTS",
                        help="the workers' ports, as given to kernel run (default: the N ports after "
                             "server.port)")
    parser.add_argument("--worker-host", metavar="ADDRESS",
                        help="where the proxy reaches the workers (default server.address, or 127.0.0.1)")
    parser.add_argument("--listen", metavar="[ADDRESS:]PORT",
                        help="where the proxy listens (default server.port)")
    parser.add_argument("--no-affinity", action="store_true",
                        help="spread every request round robin (no cookie)")
    parser.add_argument("--access-log", default="/var/log/nginx/kernel_access.log", metavar="PATH",
                        help="nginx's access log (its format leaves out query strings)")


def proxy_config_command(args: argparse.Namespace, app: KernelApp) -> int:
    """Print the configuration ``args`` ask for."""
    server = app.config.sections.get("server")
    address = str(getattr(server, "address", "127.0.0.1"))
    port = int(getattr(server, "port", 8501))
    host = args.worker_host or ("127.0.0.1" if address in ("", "0.0.0.0", "::") else address)
    ports = worker_ports(port, args.workers, args.worker_ports)
    listen = args.listen or str(port)
    if str(port) == listen.rpartition(":")[2] and port in ports and host in ("127.0.0.1", "localhost"):
        raise KernelError(f"the proxy and a worker would both listen on port {port}: give --listen or "
                          "--worker-ports")
    affinity = not args.no_affinity
    if args.proxy == "nginx":
        print(nginx_config(host, ports, listen, affinity=affinity, access_log=args.access_log), end="")
    else:
        print(haproxy_config(host, ports, listen if ":" in listen else f"*:{listen}", affinity=affinity), end="")
    return 0
