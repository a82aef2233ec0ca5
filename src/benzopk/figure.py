"""The labelled figure base: every figure carries "Teaching model — NOT FOR DOSING" drawn
into the image itself, so the label survives screenshots, PNG/SVG export and HTML.

Colours are the Okabe–Ito colour-blind-safe palette; fonts and lines are sized for a
projector. Figures are built on the Agg canvas (no pyplot state) and display themselves as a
PNG with alt text.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text

from .labels import LABEL_TEXT

__all__ = [
    "LABEL_GID",
    "LABEL_TEXT",
    "LOG_FLOOR",
    "PALETTE",
    "SLEEP_COLOUR",
    "STYLE",
    "TeachingFigure",
    "add_label",
    "band_vertices",
    "new_figure",
    "sleep_vertices",
]

LABEL_GID = "benzopk-not-for-dosing"


#: Okabe & Ito (2008) colour-blind-safe palette, yellow last (weak on a white projector).
PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)

SLEEP_COLOUR = "#B8C4D6"

LOG_FLOOR = 1e-3


STYLE: dict[Any, Any] = {
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.labelsize": 13,
    "legend.fontsize": 11,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "lines.linewidth": 2.4,
    "svg.fonttype": "none",
}


def add_label(fig: Figure) -> Text:
    """Draw the "Teaching model — NOT FOR DOSING" label into the figure (top right).

    It is the figure's suptitle, so the constrained layout keeps room for it and no axes
    title or legend can cover it.
    """
    text = fig.suptitle(
        LABEL_TEXT,
        x=0.995,
        ha="right",
        fontsize=12,
        fontweight="bold",
        color="#8B0000",
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "#FFF3F3", "edgecolor": "#8B0000"},
    )
    text.set_gid(LABEL_GID)
    return text


class TeachingFigure(Figure):
    """A labelled figure that displays itself as a PNG with alt text.

    ``alt_text`` says what the figure shows; notebooks display the figure with it (as
    ``image/png`` metadata), and the HTML site writes it into the ``<img alt>``.
    """

    alt_text: str = "Figure. Teaching model — NOT FOR DOSING."

    def png_bytes(self, dpi: float | None = None) -> bytes:
        """Render with Agg to PNG bytes, at ``dpi`` or the figure's own dpi (100 unless set)."""
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=self.dpi if dpi is None else dpi)
        return buffer.getvalue()

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        data = {
            "image/png": base64.b64encode(self.png_bytes()).decode("ascii"),
            "text/plain": f"<TeachingFigure: {self.alt_text}>",
        }
        return data, {"image/png": {"alt": self.alt_text}}


def new_figure(width: float, height: float) -> TeachingFigure:
    """A labelled figure on the Agg canvas (no pyplot state, so nothing leaks between cells).

    Draw inside ``with matplotlib.rc_context(STYLE):`` for the projector-sized style, and set
    ``fig.alt_text`` to say what the figure shows.
    """
    with matplotlib.rc_context(STYLE):
        fig = TeachingFigure(figsize=(width, height), dpi=100, layout="constrained")
    fig.set_layout_engine("constrained", h_pad=0.12)
    add_label(fig)
    return fig


def band_vertices(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> list[np.ndarray]:
    """Polygon of the area between two curves (for PolyCollection.set_verts)."""
    if x.size == 0:
        return []
    top = np.column_stack([x, high])
    bottom = np.column_stack([x[::-1], low[::-1]])
    return [np.vstack([top, bottom])]


def sleep_vertices(starts: np.ndarray, ends: np.ndarray, y0: float, y1: float) -> list[np.ndarray]:
    return [
        np.array([[a, y0], [b, y0], [b, y1], [a, y1]]) for a, b in zip(starts, ends, strict=True)
    ]
