"""environment.yml and pyproject.toml list the same dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml

from sdfkit import paths


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(spec: str) -> tuple[str, str]:
    name = _name(spec)
    return name, spec.strip()[len(name) :].replace(" ", "")


def test_environment_matches_pyproject():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(
        _spec(s)
        for s in project["dependencies"]
        + project["optional-dependencies"]["test"]
        + project["optional-dependencies"]["dask"]
    )
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed: dict[str, str] = {}
    pip: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep["pip"])
        elif _name(dep) not in ("python", "pip"):
            listed.update([_spec(dep)])
    listed.update(_spec(p) for p in pip if not p.startswith("-e"))
    assert listed == wanted
    assert "-e ." in pip
    assert "conda-forge" in env["channels"]
    assert any(str(d).startswith("python=3.11") for d in env["dependencies"])
    assert project["requires-python"] == ">=3.11"
