"""Where a served walkthrough can be reached: this machine's addresses and names.

A server on 0.0.0.0 listens on every address of the machine, but 0.0.0.0 is no
address a student can type: the addresses to print are the machine's own, one
per network interface (Linux: asked of the kernel, which sends nothing on any
network), else those its host name resolves to. The same names and addresses
are the only `Host` a page may name when no token guards the server (DNS
rebinding: a foreign page whose name resolves to this machine, see
`tui/serve_access.py`).
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import struct
import sys
from pathlib import Path

from tinynn import TinyNNError

ANY = ("0.0.0.0", "::", "")  # the wildcard addresses: every address of the machine
SIOCGIFADDR = 0x8915  # Linux ioctl: the IPv4 address of one interface
IF_INET6 = Path("/proc/net/if_inet6")  # Linux: every IPv6 address, with its scope


def is_loopback(host: str) -> bool:
    """True if only this machine can reach `host` (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url(host: str, port: int, token: str | None = None) -> str:
    """The address to open (an IPv6 address in brackets), with the token if one is asked."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def interface_ipv4(name: str) -> str | None:
    """The IPv4 address of network interface `name` (Linux), None if it has none."""
    import fcntl  # POSIX only: imported where it is used

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            asked = struct.pack("256s", name.encode()[:15])
            answer = fcntl.ioctl(s.fileno(), SIOCGIFADDR, asked)
        except OSError:
            return None
    return socket.inet_ntoa(answer[20:24])


def global_ipv6() -> list[str]:
    """The global IPv6 addresses of this machine (Linux), from /proc/net/if_inet6."""
    found = []
    with contextlib.suppress(OSError):
        for line in IF_INET6.read_text(encoding="ascii").splitlines():
            hex_address, _, _, scope, *_ = line.split()
            if scope == "00":  # global scope (link-local, 20, needs an interface name)
                found.append(str(ipaddress.IPv6Address(bytes.fromhex(hex_address))))
    return found


def resolved(family: int) -> list[str]:
    """The addresses this machine's host name resolves to (any system)."""
    with contextlib.suppress(OSError):
        infos = socket.getaddrinfo(socket.gethostname(), None, family, socket.SOCK_STREAM)
        return [str(info[4][0]) for info in infos]
    return []


def lan_addresses(family: int = socket.AF_INET) -> list[str]:
    """This machine's addresses that other machines may reach: no loopback, no link-local."""
    found: list[str] = []
    if family == socket.AF_INET and sys.platform.startswith("linux"):
        for _, name in socket.if_nameindex():
            found += filter(None, [interface_ipv4(name)])
    elif family == socket.AF_INET6:
        found += global_ipv6()
    found += resolved(family)
    reachable = []
    for address in found:
        ip = ipaddress.ip_address(address)
        if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified):
            reachable.append(address)
    return list(dict.fromkeys(reachable))  # once each, in order


def addresses_to_print(host: str) -> list[str]:
    """The addresses a student can type for a server on `host`: 0.0.0.0 and :: become the
    machine's addresses (its host name if it has none), never a wildcard."""
    if host not in ANY:
        return [host]
    family = socket.AF_INET6 if host == "::" else socket.AF_INET
    return lan_addresses(family) or [socket.gethostname()]


def own_names(host: str) -> frozenset[str]:
    """The names and addresses by which pages may reach a server on `host` (lower case):
    `host` itself, localhost and, off loopback, the machine's names and addresses."""
    names = {host.lower(), "localhost"}
    if not is_loopback(host):
        name = socket.gethostname().lower()
        names |= {name, f"{name}.local", socket.getfqdn().lower()}
        names |= {a.lower() for a in lan_addresses() + lan_addresses(socket.AF_INET6)}
    return frozenset(names)


def check_free(host: str, port: int) -> None:
    """Raise one line if nothing can listen on host:port (taken, not an address of ours...).

    The probe sets SO_REUSEADDR as the server does: the closed connections of a server that
    just stopped (TIME_WAIT) must not keep its successor from the port; a listening server
    still does.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise TinyNNError(f"cannot serve on {host}: {e.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as e:
            reason = (e.strerror or str(e)).lower()
            raise TinyNNError(f"cannot serve on {url(host, port)}: {reason}") from None
