"""How a widget displays itself: the live view for JupyterLab, plus a static picture of its
current state (with alt text) for renderers without a kernel, such as the HTML site.

No import of ipywidgets here: the widget's own box is passed in.
"""

from __future__ import annotations

import base64
from typing import Any

__all__ = ["STATIC_NOTE", "live_with_picture"]

STATIC_NOTE = (
    "Static picture of the widget's default state; the live version with controls runs in "
    "JupyterLab."
)


def live_with_picture(
    owner: object, box: Any, png: bytes, alt_text: str, kwargs: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Display bundle of a widget: the live view for JupyterLab plus a static PNG of its
    current state, with alt text, for renderers without a kernel (the HTML site)."""
    bundle: dict[str, Any] = dict(box._repr_mimebundle_(**kwargs) or {})
    bundle["image/png"] = base64.b64encode(png).decode("ascii")
    bundle["text/plain"] = f"{type(owner).__name__} ({STATIC_NOTE})"
    return bundle, {"image/png": {"alt": alt_text}}
