"""Sister reports: generated work reports of fictional institutions in the genre of
the bundled one, each with its answer key (see generate.py)."""

from .generate import CHOICES, PLANT_KINDS, SisterReport, Variation, build, variations

__all__ = ["CHOICES", "PLANT_KINDS", "SisterReport", "Variation", "build", "variations"]
