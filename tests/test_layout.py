"""The layout shows the pipeline: imports only go down it, and no module reaches for
another module's private names."""

from __future__ import annotations

import ast
from pathlib import Path

from sdfkit import paths

PACKAGE = paths.ROOT / "sdfkit"
# The stages in pipeline order; the base modules (dictionary, findings, report, …) sit
# under all of them, and the package's face (__init__, cli) over all of them.
STAGES = ["base", "read", "parse", "checks", "analysis", "publish", "batch", "top"]
TOP = {"sdfkit", "sdfkit.cli"}


def module_name(path: Path) -> str:
    parts = path.relative_to(paths.ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> str:
    if module in TOP:
        return "top"
    parts = module.split(".")
    # sdfkit.messages (a package of the base) sits under every stage, like dictionary.
    return parts[1] if parts[1] in STAGES else "base"


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """Every sdfkit import of a module, lazy ones included: (module, names, line)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "sdfkit" or node.module.startswith("sdfkit."):
                found.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("sdfkit"):
                    found.append((alias.name, [], node.lineno))
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_imports_only_go_down_the_pipeline():
    wrong = []
    for path in modules():
        here = module_name(path)
        for target, names, line in imports(path):
            targets = [target]
            if target == "sdfkit":  # from sdfkit import paths, checks: the submodules
                targets = [f"sdfkit.{n}" for n in names if (PACKAGE / n).exists()]
                targets += [f"sdfkit.{n}" for n in names if (PACKAGE / f"{n}.py").exists()]
            for t in targets:
                if STAGES.index(stage(t)) > STAGES.index(stage(here)):
                    wrong.append(f"{here}:{line} imports {t} ({stage(here)} → {stage(t)})")
    assert not wrong, "\n".join(wrong)


def test_no_private_name_is_imported_across_modules():
    wrong = [
        f"{module_name(path)}:{line} imports {name} from {target}"
        for path in modules()
        for target, names, line in imports(path)
        for name in names
        if name.startswith("_") and name != "__version__"
    ]
    assert not wrong, "\n".join(wrong)


def test_the_stages_are_folders():
    for name in STAGES[1:-1]:
        assert (PACKAGE / name / "__init__.py").is_file(), name
