"""What a student is shown of graded work when the teacher withholds hints and correct values
(`tinynn grade --no-hints`): where their work differs, never what it should have been.

Built from the outcome's data, not by cutting the report, so that nothing the report
says (an expected value, an equation with its numbers, a known mistake) can slip
through: a code file's first difference is named with the case and the student's own
number; an answers file lists each answer as right, wrong, carried or blank.
"""

from __future__ import annotations

from tinynn.core.names import key_text
from tinynn.grading.answers import AnswersResult
from tinynn.grading.points import Scored, of_text
from tinynn.grading.report import CheckResult
from tinynn.io.files import printable
from tinynn.run.trace import Trace

WITHHELD = "(hints and correct values are withheld by your teacher)"


def code_feedback(result: CheckResult, scored: Scored) -> str:
    """A checked step's outcome without expected values, equations or known mistakes."""
    cases = result.cases
    if result.passed:
        lines = [f"ok: your step agrees with the engine on all {len(cases)} cases"]
    else:
        lines = [f"your step differs from the engine or fails (score "
                 f"{of_text(scored.score, scored.max_score)}) {WITHHELD}"]  # fmt: skip
        d = result.first
        if d is not None and d.case < len(cases):
            case = cases[d.case]
            lines += [
                f"first difference: {key_text(d.key)}",
                f"case {d.case + 1}: {case.label} ({case.shape()})",
                f"  {case.call('step', True)}",
                f"yours: {key_text(d.key)} = {d.got!r}"
                + ("   (from your updated parameter: (θ − new θ)/η)" if d.recovered else ""),
            ]
        for p in sorted(result.problems, key=lambda p: p.case)[:3]:
            label = cases[p.case].label if p.case < len(cases) else ""
            at = f" (line {p.where['line']})" if p.where else ""
            lines.append(f"case {p.case + 1} ({label}): {p.message}{at}")
    lines += [f"{part.name}: {of_text(part.score, part.max_score)}: {part.output}"
              for part in scored.parts]  # fmt: skip
    return printable("\n".join(lines), keep="\n") + "\n"


def answers_feedback(result: AnswersResult, trace: Trace) -> str:
    """Hand-worked answers marked right, wrong, carried or blank, without the correct values."""
    judged = {j.event.writes: j for j in result.judged}
    marks = {"right": "✓", "wrong": "✗", "carried": "↪"}
    lines = [f"your answers, each marked {WITHHELD}"]
    for e in trace:
        j = judged.get(e.writes)
        if j is None or j.status not in marks:
            lines.append(f"· {e.answer_name}: blank")
        elif j.status == "carried":
            lines.append(f"↪ {j.label} = {j.answer.text}   carried from {', '.join(j.origin)}: "
                         "right from your earlier values")  # fmt: skip
        else:
            lines.append(f"{marks[j.status]} {j.label} = {j.answer.text}")
    for p in result.unread:
        lines.append(f"? line {p.line}: {p.message}")
    counts = {s: sum(j.status == s for j in result.judged) for s in marks}
    blank = len(trace) - sum(counts.values())
    lines.append(f"{counts['right']} right, {counts['wrong']} wrong, {counts['carried']} "
                 f"carried from a wrong one, {blank} blank")  # fmt: skip
    return printable("\n".join(lines), keep="\n") + "\n"
