"""`benzopk figure`: labelled slide figures written to PNG, SVG and PDF; bad input exits 2."""

from __future__ import annotations

from pathlib import Path

import matplotlib.image
import pytest

from benzopk.apps.cli import main
from benzopk.labels import LABEL_TEXT


@pytest.mark.parametrize("kind", ["morning-after", "nights", "washout"])
def test_png_is_a_16_9_slide(kind: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / f"{kind}.png"
    assert main(["figure", kind, "--drugs", "diazepam,triazolam", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    image = matplotlib.image.imread(out)
    height, width = image.shape[:2]
    assert (width, height) == (1920, 1080)
    # the label's dark red box is drawn into the top-right corner of the image
    corner = image[:60, -500:, :3]
    dark_red = (corner[..., 0] > 0.4) & (corner[..., 1] < 0.25) & (corner[..., 2] < 0.25)
    assert dark_red.sum() > 300


@pytest.mark.parametrize("kind", ["morning-after", "nights", "washout"])
def test_svg_carries_the_label_as_text(kind: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.svg"
    assert main(["figure", kind, "--nights", "5", "--log", "--out", str(out)]) == 0
    assert LABEL_TEXT in out.read_text()


def test_pdf_is_written(tmp_path: Path) -> None:
    out = tmp_path / "nights.pdf"
    assert main(["figure", "nights", "--drugs", "flurazepam", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["figure", "pie", "--out", "x.png"], "figure 'pie' is not known"),
        (["figure", "nights", "--out", "x.gif"], "must end in .png, .svg, .pdf"),
        (["figure", "nights", "--out", "/no/such/folder/x.png"], "does not exist"),
        (["figure", "nights", "--drugs", "aspirin", "--out", "x.png"], "unknown drug 'aspirin'"),
        (["figure", "nights", "--nights", "0", "--out", "x.png"], "0 is out of range"),
        (["figure", "nights", "--nights", "500", "--out", "x.png"], "too many for a figure"),
        (["figure", "nights", "--bedtime", "25:00", "--out", "x.png"], "out of range"),
        (["figure", "nights"], "the following arguments are required: --out"),
    ],
)
def test_bad_figure_input_exits_2_with_one_line(args, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and words in err
    assert not any(tmp_path.iterdir())
