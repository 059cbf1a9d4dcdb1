r"""LaTeX text: what tinynn writes outside maths, in ASCII and the LaTeX kernel's commands only.

`tex_text` writes text that may come from a file (a dataset's or a column's name, a
worksheet's ID) literally: LaTeX's special characters escaped, the notes' symbols and
accented letters with the kernel's own commands. `tex_prose` writes the engine's and a
lesson's sentences (a lesson's title and text, the errata, a worksheet's description of
the network), where "z1", "δ2·W2", "∂L/∂W1[j][i]" or "y_pred" are the notes' symbols: in
maths, as the equations write them ($z_1$, $\delta_2 \cdot W_2$, $y_{\mathrm{pred}}$), so
that a handout's prose and equations name each quantity alike.
"""

from __future__ import annotations

import re
import unicodedata

# What the part between the `% ---` lines may use, so that it pastes into any handout that
# loads amsmath: plain ASCII, and only commands of the LaTeX kernel (in its default OT1 font
# encoding) and of amsmath. Text-mode symbols such as \textquotedbl, \textminus or
# \textperiodcentered are not among them (they need the T1 or TS1 encoding, that is fontenc
# or textcomp, or a 2020 kernel); their maths forms are.

# LaTeX's special characters in text ('"' is handled apart: it becomes `` or '').
_TEXT_SPECIAL = {
    "\\": r"$\backslash$",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\~{}",
    "^": r"\^{}",
    "<": "$<$",  # in OT1 text, < > and | print as ¡ ¿ and a dash
    ">": "$>$",
    "|": "$|$",
}
# The notes' symbols (in the errata's sentences, or in a lesson's text), and the Latin-1
# characters OT1 has no accent or command for, in text mode.
_TEXT_SYMBOL = {
    "\u2212": "$-$",
    "≈": r"$\approx$",
    "√": r"$\surd$",
    "·": r"$\cdot$",
    "∂": r"$\partial$",
    "δ": r"$\delta$",
    "η": r"$\eta$",
    "σ": r"$\sigma$",
    "θ": r"$\theta$",
    "ε": r"$\varepsilon$",
    "←": r"$\leftarrow$",
    "→": r"$\rightarrow$",
    "½": r"$\frac{1}{2}$",
    "²": r"\textsuperscript{2}",
    "³": r"\textsuperscript{3}",
    "¹": r"\textsuperscript{1}",
    "ᵀ": r"\textsuperscript{T}",
    "≥": r"$\geq$",
    "≤": r"$\leq$",
    "×": r"$\times$",
    "÷": r"$\div$",
    "±": r"$\pm$",
    "µ": r"$\mu$",
    "¬": r"$\neg$",
    "°": r"$^\circ$",
    "′": "'",
    "’": "'",
    "‘": "`",
    "“": "``",
    "”": "''",
    "…": r"\dots{}",
    "–": "--",
    "—": "---",
    "\u00a0": "~",
    "ß": r"\ss{}",
    "æ": r"\ae{}",
    "Æ": r"\AE{}",
    "œ": r"\oe{}",
    "Œ": r"\OE{}",
    "ø": r"\o{}",
    "Ø": r"\O{}",
    "ł": r"\l{}",
    "Ł": r"\L{}",
    "ı": r"\i{}",
    "§": r"\S{}",
    "¶": r"\P{}",
    "©": r"\copyright{}",
    "£": r"\pounds{}",
    "¡": "!`",
    "¿": "?`",
}
# Accents of the kernel's OT1 encoding, by the combining character a letter decomposes into.
_ACCENT = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
}


def _accented(c: str) -> str | None:
    """A letter with accents as the kernel's accent commands (é -> \\'{e}), or None."""
    decomposed = unicodedata.normalize("NFD", c)
    base, marks = decomposed[0], decomposed[1:]
    if not marks or not ("a" <= base.lower() <= "z") or any(m not in _ACCENT for m in marks):
        return None
    out = r"\i" if base == "i" else r"\j" if base == "j" else base  # no dot under an accent
    for m in marks:
        out = f"\\{_ACCENT[m]}{{{out}}}"
    return out


def _pieces(text: str, before: str = " ") -> list[str]:
    """`text` as LaTeX, one piece a character: text, or a formula "$...$" (`before`: the
    character before it, which says whether a '"' opens or closes)."""
    out = []
    for c in text:
        if c == '"':
            out.append("``" if before.isspace() or before in "([{" else "''")
        elif c in _TEXT_SPECIAL:
            out.append(_TEXT_SPECIAL[c])
        elif c in _TEXT_SYMBOL:
            out.append(_TEXT_SYMBOL[c])
        elif c in "\n\t\r":
            out.append(" ")
        elif " " <= c <= "~":
            out.append(c)
        else:  # a control character (already made visible where files are read), or beyond
            out.append(_accented(c) or "?")
        before = c
    return out


def _joined(pieces: list[str]) -> str:
    """The pieces as one string: "$<$$|$" would read as display maths, so "$<${}$|$"."""
    out: list[str] = []
    for piece in pieces:
        if out and piece.startswith("$") and out[-1].endswith("$") and out[-1] != "\\$":
            out.append("{}")
        out.append(piece)
    return "".join(out)


def tex_text(text: str) -> str:
    """Text (perhaps from a file) as LaTeX text in ASCII, with the kernel's commands only:
    special characters escaped, the notes' symbols as maths, accented letters as accents,
    '"' as `` or '', any other character as "?"."""
    return _joined(_pieces(text))


# The notes' symbols in a sentence: a name with its layer (z1, W2, δ1), δ and σ (with a
# prime), y_pred, the one-letter symbols p, y, x and L, each with its indexes ([j], [0][1]),
# a transpose, or a ∂L/∂ in front; not inside a word (w2, E1, a1b, 1e-6 are left alone).
_SYMBOL = re.compile(
    r"(?<![\w'])(?P<d>∂L/∂|∂Loss/∂)?(?P<name>y_pred|[zabWx][12]|δ[12]|[δσ]'?|[pyxL])"
    r"(?P<index>(?:\[\w{1,3}\])*)(?P<t>ᵀ)?(?![\w])"
)
_GREEK = {"δ": r"\delta", "σ": r"\sigma"}


def _symbol_tex(m: re.Match[str]) -> str:
    name = m["name"]
    if name == "y_pred":
        tex = r"y_{\mathrm{pred}}"
    elif name[0] in _GREEK:
        tex = _GREEK[name[0]] + ("_" + name[1:] if name[1:].isdigit() else name[1:])
    else:
        tex = name[0] + (f"_{name[1]}" if len(name) > 1 else "")
    d = {"∂L/∂": r"\partial L/\partial ", "∂Loss/∂": r"\partial \mathrm{Loss}/\partial "}
    return d.get(m["d"] or "", "") + tex + m["index"] + (r"^{\mathrm{T}}" if m["t"] else "")


# Formulas of one character that are an operator: merged with a neighbour only when they touch
# it (δ2·W2), never across a space, where "1 − p" would make the minus a sign ("1 −p").
_OPERATORS = {"$-$", r"$\cdot$", r"$\leftarrow$", r"$\rightarrow$", r"$\times$", r"$\div$",
              r"$\pm$", r"$\geq$", r"$\leq$", r"$\approx$"}  # fmt: skip


def tex_prose(text: str) -> str:
    r"""A sentence of the engine's or a lesson's as LaTeX text: as `tex_text`, but the notes'
    symbols in maths ($z_1$, $\delta_2 \cdot W_2$): formulas that touch are one, and so are
    two symbols with only a space between ($\delta_1 x^{\mathrm{T}}$)."""
    pieces: list[str] = []
    at = 0
    for m in _SYMBOL.finditer(text):
        pieces += _pieces(text[at : m.start()], text[at - 1] if at else " ")
        pieces.append(f"${_symbol_tex(m)}$")
        at = m.end()
    pieces += _pieces(text[at:], text[at - 1] if at else " ")
    out: list[str] = []
    for piece in pieces:
        formula = piece.startswith("$") and piece != "\\$"
        if formula and out and out[-1].endswith("$") and out[-1] != "\\$":
            out[-1] = f"{out[-1][:-1]} {piece[1:]}"  # touching: one formula
        elif (
            formula
            and piece not in _OPERATORS
            and len(out) > 1
            and out[-1] == " "
            and out[-2].endswith("$")
            and out[-2] != "\\$"
            and out[-2].rsplit("$", 2)[-2] not in {o[1:-1] for o in _OPERATORS}
        ):
            out[-2:] = [f"{out[-2][:-1]} {piece[1:]}"]  # two symbols a space apart
        else:
            out.append(piece)
    return "".join(out)
