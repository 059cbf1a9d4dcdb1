"""A snapshot mismatch told in words: the screen lines that differ, as text.

The plugin's own report is an HTML file, which a CI log does not show; this prints, for a
failed comparison, each differing line of the expected and the actual screen (or, where the
texts agree, the styles of the differing runs), so the log alone says what changed.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict

_RUN = re.compile(
    r'<text class="([^"]*)"[^>]*clip-path="url\(#[\w-]*-line-(\d+)\)">(.*?)</text>', re.S
)
_STYLE = re.compile(r"\.([\w-]+) \{([^}]*)\}")


def screen_lines(svg: str) -> dict[int, list[tuple[str, str]]]:
    """Each line of the screenshot: its runs of text, each with its style class."""
    lines: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for cls, line, text in _RUN.findall(svg):
        text = html.unescape(text).replace("\xa0", " ").strip("\n")
        lines[int(line)].append((cls.split("-")[-1], text))
    return lines


def styles(svg: str) -> dict[str, str]:
    """The style of each class of the screenshot, by the class's last part (r1, r2, ...)."""
    return {name.split("-")[-1]: body.strip() for name, body in _STYLE.findall(svg)}


def describe(expected: str, actual: str, limit: int = 20) -> str:
    """The lines where two screenshots differ, expected first, at most `limit` of them."""
    want, got = screen_lines(expected), screen_lines(actual)
    want_style, got_style = styles(expected), styles(actual)
    out: list[str] = []
    for n in sorted(set(want) | set(got)):
        a, b = want.get(n, []), got.get(n, [])
        text_a, text_b = "".join(t for _, t in a), "".join(t for _, t in b)
        if text_a != text_b:
            out += [f"line {n} expected: {text_a}", f"line {n} actual:   {text_b}"]
        else:
            runs_a = [(want_style.get(c, c), t) for c, t in a]
            runs_b = [(got_style.get(c, c), t) for c, t in b]
            if runs_a != runs_b:
                diff = [(x, y) for x, y in zip(runs_a, runs_b, strict=False) if x != y][:3]
                out.append(f"line {n} same text, styles differ: {diff}")
        if len(out) >= limit:
            out.append("…")
            break
    return "\n".join(out) if out else "the screens' lines agree (the SVGs differ elsewhere)"
