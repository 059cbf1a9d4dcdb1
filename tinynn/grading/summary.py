"""The class summary of `tinynn grade` (summary.md and summary.txt): what the teacher should
explain again on Monday.

The score distribution; the first differences and the known mistakes, each ranked by
how many students made them; the quantity most often wrong; what could not be graded,
the roster's flags and the files skipped; and what a regrade needs to know (the tinynn
version, the options, the points, the judging rules, the isolation used).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import NamedTuple

from tinynn.core.numbers import typed_text
from tinynn.core.table import ORDER
from tinynn.grading.grade import Graded, Settings, stamp
from tinynn.render.markdown import md_text

BINS = 10  # the distribution's bars: tenths of the points
MAX_NAMED = 8  # students named beside a ranked line
MAX_RANKED = 12  # lines of a ranking


class Ranked(NamedTuple):
    """One line of a ranking: what, how many students, which ones."""

    what: str
    students: list[str]


def rank(graded: list[Graded], of: Callable[[Graded], tuple[str, ...]],
         order: Callable[[str], object] = str) -> list[Ranked]:  # fmt: skip
    """Each thing `of` names for a graded file, with the students it was named for, most
    students first (then in `order`: alphabetically unless told)."""
    seen: dict[str, list[str]] = {}
    for g in graded:
        for what in dict.fromkeys(of(g)):
            names = seen.setdefault(what, [])
            if g.sub.student not in names:
                names.append(g.sub.student)
    return sorted((Ranked(w, s) for w, s in seen.items()),
                  key=lambda r: (-len(r.students), order(r.what)))  # fmt: skip


def _first(g: Graded) -> tuple[str, ...]:
    return (g.scored.first,) if g.scored.first and not g.error else ()


def _wrong(g: Graded) -> tuple[str, ...]:
    return g.scored.wrong_names


def _in_step_order(name: str) -> object:
    return (ORDER.index(name), name) if name in ORDER else (len(ORDER), name)


def distribution(graded: list[Graded]) -> list[tuple[str, int]]:
    """How many files scored in each tenth of the points: ("0–10 %", 3), ..., ("100 %", 5)."""
    counts = [0] * (BINS + 1)
    for g in graded:
        share = g.score / g.max_score if g.max_score else 0.0
        counts[min(BINS, int(share * BINS + 1e-9))] += 1
    step = 100 // BINS
    labels = [f"{k * step}–{(k + 1) * step} %" for k in range(BINS)] + ["100 %"]
    return list(zip(labels, counts))


def _figures(graded: list[Graded]) -> str:
    scores = [g.score for g in graded]
    if not scores:
        return "no file graded"
    top = max(g.max_score for g in graded)
    mean, median = round(statistics.fmean(scores), 2), statistics.median(scores)
    return (f"mean {typed_text(mean)}, median {typed_text(median)}, lowest "
            f"{typed_text(min(scores))}, highest {typed_text(max(scores))} "
            f"(of {typed_text(top)})")  # fmt: skip


class Summary(NamedTuple):
    """The summary's content, for both of its forms."""

    title: str
    record: list[str]
    figures: str
    bars: list[tuple[str, int]]
    firsts: list[Ranked]
    mistakes: list[Ranked]
    wrong: list[Ranked]
    not_graded: list[str]
    flags: list[str]
    skipped: list[str]


def summarize(graded: list[Graded], skipped: list[str], settings: Settings) -> Summary:
    """The summary of a class's graded files."""
    students = {g.sub.student for g in graded}
    kinds = {k: sum(g.sub.kind == k for g in graded) for k in ("code", "answers")}
    title = (f"Class summary: {len(graded)} file{'s' * (len(graded) != 1)} of {len(students)} "
             f"student{'s' * (len(students) != 1)} ({kinds['code']} code, {kinds['answers']} "
             "answers)")  # fmt: skip
    said = stamp(settings)
    rules = sorted({f"{g.sub.kind}: {g.rule}" for g in graded if g.rule})
    isolation = sorted({f"{g.sub.kind}: {g.isolation}" for g in graded})
    record = [f"graded by tinynn {said['tinynn']}, options: {said['options']}"]
    record += [f"code {said['code points']}", f"answers {said['answers points']}"]
    record += [f"rule for {r}" for r in rules] + [f"isolation for {i}" for i in isolation]
    return Summary(
        title, record, _figures(graded), distribution(graded),
        rank(graded, _first), rank(graded, lambda g: g.scored.mistakes),
        rank(graded, _wrong, _in_step_order),
        [f"{g.sub.name}: {g.error}" for g in graded if g.error],
        [f"{g.sub.name}: {f}" for g in graded for f in g.sub.flags],
        skipped,
    )  # fmt: skip


def _who(r: Ranked) -> str:
    names = ", ".join(r.students[:MAX_NAMED])
    more = len(r.students) - MAX_NAMED
    return names + (f" and {more} more" if more > 0 else "")


def _count(r: Ranked) -> str:
    return f"{len(r.students)} student{'s' * (len(r.students) != 1)}"


def monday(s: Summary) -> list[str]:
    """The one or two lines to start from."""
    lines = []
    if s.wrong:
        w = s.wrong[0]
        lines.append(f"the quantity most often wrong: {w.what} ({_count(w)})")
    if s.mistakes:
        m = s.mistakes[0]
        lines.append(f"the known mistake most often made: {m.what} ({_count(m)})")
    return lines or ["no quantity was wrong (blanks and files not graded aside)"]


def summary_text(s: Summary) -> str:
    """The summary as plain text."""
    out = [s.title, "", *s.record, "", "Explain again on Monday:", *[f"  {x}" for x in monday(s)]]
    out += ["", f"Scores: {s.figures}"]
    width = max((n for _, n in s.bars), default=0)
    out += [f"  {label:>10}  {n:3d}  {'#' * n}" for label, n in s.bars if width]
    for heading, ranked in (("First differences", s.firsts), ("Known mistakes", s.mistakes),
                            ("Quantities wrong", s.wrong)):  # fmt: skip
        out += ["", f"{heading}, by how many students:"]
        out += [f"  {_count(r):>12}  {r.what}  ({_who(r)})" for r in ranked[:MAX_RANKED]]
        out += ["  none"] if not ranked else []
    for heading, items in (("Not graded", s.not_graded), ("Roster flags", s.flags),
                           ("Files skipped", s.skipped)):  # fmt: skip
        if items:
            out += ["", f"{heading}:", *[f"  {x}" for x in items]]
    return "\n".join(out) + "\n"


def summary_markdown(s: Summary) -> str:
    """The summary as Markdown (every name from a file escaped)."""
    out = [f"# {md_text(s.title)}", "", *[f"- {md_text(r)}" for r in s.record], ""]
    out += ["## Explain again on Monday", "", *[f"- {md_text(x)}" for x in monday(s)], ""]
    out += ["## Scores", "", md_text(s.figures), "", "| score | files |", "|---|--:|"]
    out += [f"| {label} | {n} |" for label, n in s.bars] + [""]
    for heading, ranked in (("First differences", s.firsts), ("Known mistakes", s.mistakes),
                            ("Quantities wrong", s.wrong)):  # fmt: skip
        out += [f"## {heading}, by how many students", ""]
        if not ranked:
            out += ["None.", ""]
            continue
        out += ["| students | what | who |", "|--:|---|---|"]
        out += [f"| {len(r.students)} | {md_text(r.what)} | {md_text(_who(r))} |"
                for r in ranked[:MAX_RANKED]] + [""]  # fmt: skip
    for heading, items in (("Not graded", s.not_graded), ("Roster flags", s.flags),
                           ("Files skipped", s.skipped)):  # fmt: skip
        if items:
            out += [f"## {heading}", "", *[f"- {md_text(x)}" for x in items], ""]
    return "\n".join(out)
