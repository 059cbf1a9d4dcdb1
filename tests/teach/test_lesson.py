"""Lessons: the shipped ones load; a lesson is a Config; bad files give one line naming file
and key."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tinynn import Params, get_dataset, init_params, trace_step
from tinynn.args.options import Parser, add_common_options, lesson_and_setup
from tinynn.core.errors import ConfigError, TinyNNError
from tinynn.render.markdown import intro_markdown
from tinynn.render.text import shape_text
from tinynn.run.config import MAX_HIDDEN, Config, resolve
from tinynn.teach.lesson import MODES, LessonError, load_lesson, parse_lesson, shipped_lessons
from tinynn.teach.lesson_keys import KEYS

WriteFile = Callable[[str, str], str]

GOOD = """
title = "A tiny lesson"
text = "Two samples."
task = "regression"
lr = 0.25
sample = 1
tolerance = 0.05
modes = ["quiz", "explain"]

[params]
W1 = [[0.5], [-1.0]]
b1 = [0.0, 0.5]
W2 = [1.0, -2.0]
b2 = 0.5

[data]
x = [[2.0], [-1.0]]
y = [0.5, 1.5]
"""


SHIPPED = [
    "by-hand",
    "by-hand-2-inputs",
    "saturation",
    "saturation-fix",
    "saturation-stall",
    "symmetric-start",
    "xor",
]


def test_shipped_lessons_are_the_ones_promised() -> None:
    assert shipped_lessons() == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_lesson_loads_and_its_text_reads_back_the_same(name: str) -> None:
    lesson = load_lesson(name)
    assert lesson.name == name
    assert lesson.title and lesson.text
    assert set(lesson.modes) == set(MODES)
    with open(lesson.source, encoding="utf-8") as f:
        assert parse_lesson(f.read(), lesson.source) == lesson


def test_a_lesson_written_out_reads_back_as_the_same_config(write_file: WriteFile) -> None:
    """What a lesson fixes lands in its Config: inline data, exact weights, eta, seed, sample."""
    text = """
title = "Written by hand"
lr = 0.125
sample = 1
seed = 5
epochs = 7
tolerance = 0.5
modes = ["train", "explain"]

[params]
W1 = [[1.5, -2.0]]
b1 = [0.25]
W2 = [-1.0]
b2 = 3.0

[data]
name = "two"
features = ["u", "v"]
target = "t"
x = [[1.0, 2.0], [3.0, 4.0]]
y = [0.0, 1.0]
"""
    lesson = load_lesson(write_file("w.toml", text))
    c = lesson.config
    assert (lesson.title, lesson.epochs, lesson.tolerance, lesson.modes) == (
        "Written by hand", 7, 0.5, ("explain", "train"),
    )  # fmt: skip
    assert (c.lr, c.sample, c.seed, c.task, c.hidden) == (0.125, 1, 5, None, None)
    assert c.params == Params([[1.5, -2.0]], [0.25], [-1.0], 3.0)
    assert c.data is not None
    assert (c.data.name, c.data.X, c.data.Y) == ("two", [[1.0, 2.0], [3.0, 4.0]], [0.0, 1.0])
    assert (c.data.feature_names, c.data.target_name) == (["u", "v"], "t")
    setup = lesson.setup()
    assert (setup.task, setup.x, setup.y) == ("classification", [3.0, 4.0], 1.0)  # 0/1 labels


def test_the_key_table_is_the_documented_keys(repo: Path) -> None:
    """Every key of KEYS has a row in docs/lessons.md, and every documented key is in KEYS."""
    text = (repo / "docs" / "lessons.md").read_text(encoding="utf-8")
    text = text[text.index("## Every key") : text.index("## Rules")]
    documented = set(re.findall(r"^\| `(\w+)` \|", text, re.M))
    assert documented == {k.name.rpartition(".")[2] for k in KEYS}


def test_by_hand_lesson_is_a_1_2_1_step_of_short_fractions() -> None:
    s = load_lesson("by-hand").setup()
    assert (s.task, shape_text(s.params), s.x, s.y) == ("regression", "1-2-1", [2.0], 1.0)
    t = trace_step(s.params, s.x, s.y, s.lr, s.task)
    values = {e.label: e.value for e in t}
    # by hand: z1 = 0.25*2 - 0.5 = 0 and -0.5*2 + 1 = 0, so a1 = 1/2, sigma' = 1/4
    assert values["z1[0]"] == values["z1[1]"] == 0.0
    assert values["a1[0]"] == 0.5 and values["sigma_prime[1]"] == 0.25
    # z2 = 1*0.5 - 0.5*0.5 + 0.25 = 0.5; L = (0.5 - 1)^2 / 2; delta2 = -0.5
    assert (values["z2"], values["L"], values["delta2"]) == (0.5, 0.125, -0.5)
    # delta1 = delta2 * W2 * 1/4; dW1 = delta1 * 2; b1 <- b1 - 0.5 * delta1
    assert (values["delta1[0]"], values["delta1[1]"]) == (-0.125, 0.0625)
    assert (values["dW1[0][0]"], values["dW1[1][0]"]) == (-0.25, 0.125)
    assert (values["b1[0]"], values["b1[1]"], values["b2"]) == (-0.4375, 0.96875, 0.5)


def test_saturation_lesson_saturates_the_hidden_layer_and_the_output() -> None:
    s = load_lesson("saturation").setup()
    t = trace_step(s.params, s.x, s.y, s.lr, s.task)
    values = {e.label: e.value for e in t}
    assert values["sigma_prime[0]"] < 1e-3 and values["sigma_prime[1]"] < 3e-3
    assert values["y_pred"] > 0.99 and s.y == 0.0  # confidently wrong
    assert abs(values["delta2"]) > 0.99  # log loss keeps delta2 large
    assert all(
        abs(values[f"delta1[{j}]"]) < 0.01 for j in range(2)
    )  # the hidden layer barely moves


def test_xor_lesson_uses_the_builtin_dataset() -> None:
    lesson = load_lesson("xor")
    assert lesson.config.dataset == "xor" and lesson.config.data is None
    s = lesson.setup()
    assert s.data == get_dataset("xor")
    assert (s.task, shape_text(s.params), s.sample) == ("classification", "2-2-1", 1)


def test_inline_lesson_fields(write_file: WriteFile) -> None:
    path = write_file("tiny.toml", GOOD)
    lesson = load_lesson(path)
    assert lesson.name == "tiny" and lesson.source == path
    s = lesson.setup()
    assert (lesson.title, lesson.text, s.task) == ("A tiny lesson", "Two samples.", "regression")
    assert s.data.X == [[2.0], [-1.0]] and s.data.Y == [0.5, 1.5]
    assert s.params.W2 == [1.0, -2.0] and s.params.b2 == 0.5
    assert (s.lr, s.sample, lesson.tolerance) == (0.25, 1, 0.05)
    assert lesson.modes == ("explain", "quiz")  # in MODES order
    assert (s.x, s.y) == ([-1.0], 1.5)


def test_setup_is_what_resolve_would_give_for_the_same_run(write_file: WriteFile) -> None:
    path = write_file("xorish.toml", 'title = "t"\nseed = 4\nhidden = 2\nlr = 0.75\n[data]\n'
                      'dataset = "xor"\n')  # fmt: skip
    setup = load_lesson(path).setup()
    same = resolve(Config(dataset="xor", hidden=2, lr=0.75, seed=4))
    assert (setup.task, setup.data, setup.params, setup.lr, setup.seed) == (
        same.task,
        same.data,
        same.params,
        same.lr,
        same.seed,
    )
    assert setup.params == init_params(2, 2, 4)


def lesson_args(*argv: str) -> tuple[object, object]:
    parser = Parser(prog="tinynn explain")
    add_common_options(parser)
    return parser.parse_args(argv)  # type: ignore[return-value]


def test_options_replace_a_lessons_own_values_and_are_checked() -> None:
    args = lesson_args("--lesson", "xor", "--lr", "0.1", "--sample", "3", "--seed", "9")
    lesson, s = lesson_and_setup(args)  # type: ignore[arg-type]
    assert lesson is not None
    assert (s.lr, s.sample, s.seed, s.x, s.y) == (0.1, 3, 9, [1.0, 1.0], 0.0)
    assert s.params == lesson.setup().params
    with pytest.raises(ConfigError, match="sample 4 is out of range"):
        lesson_and_setup(lesson_args("--lesson", "xor", "--sample", "4"))  # type: ignore[arg-type]
    with pytest.raises(SystemExit):  # the option's own check (tests/cli/test_hostile_numbers.py)
        lesson_args("--lesson", "xor", "--lr", "-1")
    bad = lesson_args("--lesson", "xor")
    bad.lr = -1.0  # type: ignore[attr-defined]  # past the parser: the set-up checks it again
    with pytest.raises(ConfigError, match="learning rate must be a finite number above 0"):
        lesson_and_setup(bad)  # type: ignore[arg-type]


def test_lesson_and_setup_checks_the_options_and_the_mode(write_file: WriteFile) -> None:
    lesson, setup = lesson_and_setup(lesson_args("--lesson", "by-hand", "--lr", "0.1"), "quiz")  # type: ignore[arg-type]
    assert lesson is not None and lesson.name == "by-hand"
    assert (setup.lr, setup.sample) == (0.1, 0)
    with pytest.raises(ConfigError, match="drop --dataset"):
        lesson_and_setup(lesson_args("--lesson", "by-hand", "--dataset", "xor"), "quiz")  # type: ignore[arg-type]
    tiny = write_file("tiny.toml", GOOD)
    with pytest.raises(LessonError, match=r"does not offer 'bughunt' \(it offers explain, quiz\)"):
        lesson_and_setup(lesson_args("--lesson", tiny), "bughunt")  # type: ignore[arg-type]


def test_csv_data_is_read_relative_to_the_lesson(write_file: WriteFile, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pts.csv").write_text("a,b,label\n0,1,1\n1,1,0\n", encoding="utf-8")
    path = write_file("sub/l.toml", 'title = "csv"\n[data]\ncsv = "pts.csv"\n')
    s = load_lesson(path).setup()
    assert s.task == "classification" and s.data.feature_names == ["a", "b"]
    assert s.params.n_inputs == 2 and s.params.n_hidden == 3


def test_unknown_name_lists_the_shipped_lessons() -> None:
    with pytest.raises(
        LessonError, match="no lesson named 'nope'.*by-hand, by-hand-2-inputs, saturation, .*, xor"
    ):
        load_lesson("nope")


BAD = [
    # (what to change in GOOD, the key the message names, words it contains)
    (("lr = 0.25", "lr = 0.25\ncolour = 1"), "colour", "unknown key"),
    (("[params]", "[params]\nW3 = 1"), "params.W3", "unknown key"),
    (("[data]", "[data]\nz = 1"), "data.z", "unknown key"),
    (("W1 = [[0.5], [-1.0]]", "W1 = [[0.5, 1.0], [-1.0, 2.0]]"), "params.W1", "data has 1"),
    (("W1 = [[0.5], [-1.0]]", "W1 = [[0.5], [-1.0, 2.0]]"), "params.W1", "different lengths"),
    (("b1 = [0.0, 0.5]", "b1 = [0.0]"), "params.b1", "expected 2"),
    (("W2 = [1.0, -2.0]", "W2 = [1.0, -2.0, 3.0]"), "params.W2", "expected 2"),
    (("b2 = 0.5", "b2 = [0.5]"), "params.b2", "must be a number"),
    (("b2 = 0.5", ""), "params.b2", "missing"),
    (("b2 = 0.5", "b2 = nan"), "params.b2", "finite"),
    (("W2 = [1.0, -2.0]", "W2 = [1.0, inf]"), r"params.W2\[1\]", "finite"),
    (("x = [[2.0], [-1.0]]", "x = [[2.0], [-inf]]"), r"data.x\[1\]\[0\]", "finite"),
    (("lr = 0.25", "lr = nan"), "lr", "finite"),
    (("lr = 0.25", "lr = 0"), "lr", "must be a finite number above 0, got 0"),
    (("lr = 0.25", 'lr = "fast"'), "lr", "must be a number"),
    (("sample = 1", "sample = 2"), "sample", "out of range"),
    (("sample = 1", "sample = 1.0"), "sample", "whole number"),
    (("tolerance = 0.05", "tolerance = 0"), "tolerance", "above 0 and less than 1, got 0"),
    (('modes = ["quiz", "explain"]', 'modes = ["race"]'), "modes", "unknown mode 'race'"),
    (('modes = ["quiz", "explain"]', "modes = []"), "modes", "empty"),
    (('task = "regression"', 'task = "ranking"'), "task", "unknown task"),
    (('task = "regression"', 'task = "classification"'), "data", "targets 0 or 1"),
    (('title = "A tiny lesson"', ""), "title", "missing"),
    (("y = [0.5, 1.5]", "y = [0.5]"), "data.y", "1 targets but data.x has 2"),
    (("y = [0.5, 1.5]", ""), "data.y", "missing"),
    (("x = [[2.0], [-1.0]]", ""), "data.x", "missing"),
    (("x = [[2.0], [-1.0]]", 'dataset = "sine"\nx = [[2.0], [-1.0]]'), "data", "only one of"),
    (("[data]", "[data]\nhidden = 2"), "data.hidden", "unknown key"),
    (("[data]\nx = [[2.0], [-1.0]]\ny = [0.5, 1.5]", "[data]"), "data", "no samples"),
    (("[data]\nx = [[2.0], [-1.0]]\ny = [0.5, 1.5]", ""), "data", "missing"),
    (("[data]\nx = [[2.0], [-1.0]]\ny = [0.5, 1.5]", '[data]\ndataset = "moons"'),
     "data.dataset", "unknown dataset 'moons'"),
    (("[data]\nx = [[2.0], [-1.0]]\ny = [0.5, 1.5]", '[data]\ncsv = "gone.csv"'),
     "data.csv", "no such file"),
    (("lr = 0.25", "lr = 0.25\nepochs = 100000000000"), "epochs", "at most 1000000, got 1"),
    (("lr = 0.25", "lr = 0.25\nepochs = 0"), "epochs", "at least 1, got 0"),
    (("lr = 0.25", "lr = 0.25\nlearning_rate = 0.1"), "learning_rate", "unknown key"),
    (("W1 = [[0.5], [-1.0]]", "W1 = [0.5, -1.0]"), "params.W1", "list of non-empty rows"),
    (("lr = 0.25", "lr = 0.25\nhidden = 0"), "hidden", "at least 1, got 0"),
    (("[params]", "params = 1\n[other]"), "params", "must be a table"),
    (("[data]\nx = [[2.0], [-1.0]]\ny = [0.5, 1.5]", '[data]\ndataset = "xor"\ntarget = "y"'),
     "data.target", "only makes sense"),
    (("y = [0.5, 1.5]", 'y = [0.5, 1.5]\nfeatures = ["a", "b"]'), "data.features", "names 2"),
    (('title = "A tiny lesson"', 'title = "two\\nlines"'), "title", "one non-empty line"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "key", "words"), BAD)
def test_bad_lesson_gives_one_line_naming_file_and_key(
    write_file: WriteFile, change: tuple[str, str], key: str, words: str
) -> None:
    old, new = change
    assert old in GOOD
    path = write_file("bad.toml", GOOD.replace(old, new, 1))
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    message = str(info.value)
    assert "\n" not in message
    assert re.match(re.escape(path) + ": " + key + ": ", message), message
    assert re.search(words, message), message
    assert isinstance(info.value, TinyNNError)


def test_hidden_must_agree_with_the_weights(write_file: WriteFile) -> None:
    path = write_file("h.toml", GOOD.replace("lr = 0.25", "lr = 0.25\nhidden = 3"))
    with pytest.raises(LessonError, match="hidden: hidden size 3 disagrees with the given "
                       "parameters, which have 2 hidden units"):  # fmt: skip
        load_lesson(path)


def test_hidden_has_the_one_cap_of_every_set_up(write_file: WriteFile) -> None:
    """`hidden = 100000000` is refused at once (it used to build the weights, out of memory)."""
    big = write_file("big.toml", 'title = "t"\nhidden = 100000000\n[data]\ndataset = "sine"\n')
    with pytest.raises(LessonError) as info:
        load_lesson(big)
    assert str(info.value) == (
        f"{big}: hidden: hidden size must be at most {MAX_HIDDEN}, got 100000000"
    )
    wide = ", ".join(["0.0"] * (MAX_HIDDEN + 1))
    rows = ", ".join(["[0.0]"] * (MAX_HIDDEN + 1))
    path = write_file("wide.toml", GOOD.replace("W1 = [[0.5], [-1.0]]", f"W1 = [{rows}]")
                      .replace("b1 = [0.0, 0.5]", f"b1 = [{wide}]")
                      .replace("W2 = [1.0, -2.0]", f"W2 = [{wide}]"))  # fmt: skip
    with pytest.raises(
        LessonError,
        match=f"{re.escape(path)}: hidden: hidden size must be at "
        f"most {MAX_HIDDEN}, but the given parameters have {MAX_HIDDEN + 1} hidden units",
    ):
        load_lesson(path)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("sample = " + "9" * 5000, "line 2: sample: a whole number of more than 4300 digits"),
        ("sample = " + "9" * 4000, "sample: sample a 4000-digit number is out of range"),
        ("hidden = " + "9" * 400, "hidden: hidden size must be at most 1024, got a 400-digit"),
        ("epochs = -" + "9" * 30, "epochs: must be at least 1, got a 30-digit number"),
    ],
)
def test_huge_whole_numbers_give_a_short_line(
    write_file: WriteFile, line: str, message: str
) -> None:
    path = write_file("huge.toml", f'title = "t"\n{line}\n[data]\ndataset = "sine"\n')
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert str(info.value).startswith(f"{path}: {message}")
    assert len(str(info.value)) < 200


def test_bad_toml_is_one_line(write_file: WriteFile) -> None:
    path = write_file("broken.toml", 'title = "unterminated\n')
    with pytest.raises(LessonError, match=re.escape(path) + ": not valid TOML"):
        load_lesson(path)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(LessonError, match="cannot read"):
        load_lesson(str(tmp_path))  # a folder exists but is not a file


def test_byte_order_mark_is_not_an_error(tmp_path: Path) -> None:
    """Some editors start a UTF-8 file with a byte-order mark; TOML itself does not allow it."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_lesson(str(path)).title == "A tiny lesson"


def test_latin1_file_says_it_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(GOOD.replace("A tiny lesson", "Caf\u00e9").encode("latin-1"))
    with pytest.raises(LessonError, match=r"cannot read .*latin.toml: not UTF-8 text \(byte 0xe9"):
        load_lesson(str(path))


def test_deeply_nested_toml_is_one_line(write_file: WriteFile) -> None:
    path = write_file("deep.toml", GOOD.replace("b2 = 0.5", "b2 = " + "[" * 5000 + "]" * 5000))
    with pytest.raises(LessonError, match=re.escape(path) + ": not valid TOML: nested too deeply"):
        load_lesson(path)


def test_docs_example_is_a_valid_lesson(repo: Path, tmp_path: Path) -> None:
    text = (repo / "docs" / "lessons.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", text, re.S)
    assert blocks, "docs/lessons.md shows a TOML example"
    for k, block in enumerate(blocks):
        lesson = parse_lesson(block, str(tmp_path / f"example{k}.toml"))
        assert lesson.title


def test_intro_is_the_title_and_the_text() -> None:
    lesson = load_lesson("saturation")
    assert lesson.intro() == f"{lesson.title}\n\n{lesson.text}\n\n"
    assert intro_markdown(lesson.title, lesson.text).startswith("# Saturation: large weights")
