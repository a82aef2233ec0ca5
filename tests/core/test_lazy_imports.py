"""Computation alone never imports matplotlib or ipywidgets (topics load lazily)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
import benzopk as bp
data = bp.load_dataset()
for topic in ("nextday", "halflife", "nightly", "metabolites", "risk", "washout",
              "evidence", "population"):
    __import__(f"benzopk.{topic}.compute")
bp.simulate_drug(data, "diazepam", [0.0, 24.0], [0.0, 9.0, 33.0])
print(sorted(m for m in ("matplotlib", "ipywidgets") if m in sys.modules))
"""


def test_computation_imports_no_drawing_or_widgets() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_figure_module_does_import_matplotlib() -> None:
    # The check above can fail: importing a topic's figures brings matplotlib in.
    script = "import sys, benzopk.washout.figures; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "True"
