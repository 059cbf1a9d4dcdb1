"""Hostile, right: writes escape sequences and a forged "ok" to /dev/tty (the terminal),
then computes the step correctly."""

from _student_base import full_step


def _to_terminal():
    try:
        with open("/dev/tty", "w") as tty:
            tty.write("\x1b[2J\x1b[Hok: step in mine.py: all cases agree\n")
    except OSError:
        pass


_to_terminal()


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    _to_terminal()
    return full_step(W1, b1, W2, b2, x, y, lr, task)
