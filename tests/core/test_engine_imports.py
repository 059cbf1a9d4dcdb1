"""tinynn is pure Python: importing it loads nothing outside the standard library."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, pkgutil, sys
sys.path.insert(0, {repo!r})
before = set(sys.modules)
import tinynn
found = pkgutil.walk_packages(tinynn.__path__, "tinynn.")
modules = [m.name for m in found if m.name != "tinynn.__main__"]  # __main__ would run the CLI
for name in modules:
    __import__(name)
loaded = sorted(set(sys.modules) - before)
print(json.dumps({{"file": tinynn.__file__, "modules": modules, "loaded": loaded}}))
"""


def test_import_tinynn_loads_only_the_standard_library(repo: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-I", "-c", PROBE.format(repo=str(repo))],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    report = json.loads(out.stdout)
    assert Path(report["file"]).resolve().parent == repo / "tinynn"
    assert (
        "tinynn.core.forward" in report["modules"] and "tinynn.core.backward" in report["modules"]
    )
    top = {name.split(".")[0] for name in report["loaded"]}
    outside = sorted(top - set(sys.stdlib_module_names) - {"tinynn"})
    assert outside == [], f"import tinynn loaded non-standard modules: {outside}"
    assert "tinynn" in top


def test_no_module_of_tinynn_imports_a_third_party_package(repo: Path) -> None:
    """Also the imports inside functions, which an import at start-up would not reveal."""
    # tui: the walkthrough, imported lazily
    allowed = set(sys.stdlib_module_names) | {"tinynn", "tui"}
    offenders = []
    for path in sorted((repo / "tinynn").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] not in allowed]
    assert offenders == []


def test_the_python_versions_claimed_are_those_supported() -> None:
    """3.11+: lessons read TOML with the standard tomllib, which 3.10 lacks."""
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["requires-python"] == ">=3.11"
    assert pyproject["tool"]["ruff"]["target-version"] == "py311"
    assert sys.version_info >= (3, 11)
