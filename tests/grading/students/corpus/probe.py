"""Not a step: it raises, as its error, what it can see and do where it runs."""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
AT_LOAD = {"cwd": os.getcwd(), "cwd files": sorted(os.listdir("."))}


def _can_write(path):
    try:
        with open(path, "a") as f:
            f.write("x")
        os.remove(path)
        return True
    except OSError:
        return False


def _tty():
    try:
        with open("/dev/tty", "w"):
            return True
    except OSError:
        return False


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    facts = {
        **AT_LOAD,
        "isolated": sys.flags.isolated,
        "path": sys.path,
        "here": HERE,
        "env": sorted(os.environ),
        "home": os.environ.get("HOME"),
        "ppid": os.getppid(),
        "session leader": os.getsid(0) == os.getpid(),
        "write cwd": _can_write(os.path.join(os.getcwd(), "probe.txt")),
        "write here": _can_write(os.path.join(HERE, "probe.txt")),
        "tty": _tty(),
        "fds": sorted(int(fd) for fd in os.listdir("/proc/self/fd")),
        "json": sys.modules["json"].__file__,
    }
    raise RuntimeError(json.dumps(facts))
