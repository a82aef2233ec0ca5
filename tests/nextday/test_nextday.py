"""Figures carry the label in the image; the widget updates one figure in place."""

from __future__ import annotations

import io

import matplotlib.image
import numpy as np
import pytest

import benzopk as bp
from benzopk.figure import LABEL_TEXT
from benzopk.nextday.figures import NightsPlot, morning_after_figure, nights_figure
from benzopk.nextday.morning import drug_wakes
from benzopk.nextday.widget import ComparisonWidget


def svg_text(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    return buffer.getvalue()


def test_label_is_drawn_into_every_figure(dataset: bp.Dataset) -> None:
    settings = bp.ComparisonSettings(drugs=("triazolam", "diazepam"), nights=3)
    figures = [
        nights_figure(bp.compare(dataset, settings)),
        nights_figure(bp.compare(dataset, settings), log_scale=True),
        morning_after_figure(drug_wakes(dataset)),
    ]
    for fig in figures:
        assert LABEL_TEXT in svg_text(fig)  # text in the image itself, not only metadata
        label = next(t for t in fig.findobj() if getattr(t, "get_gid", lambda: None)() ==
                     "benzopk-not-for-dosing")  # fmt: skip
        fig.savefig(io.BytesIO(), format="png")
        box = label.get_window_extent()
        width, height = fig.canvas.get_width_height()
        assert 0 <= box.x0 < box.x1 <= width and 0 <= box.y0 < box.y1 <= height


def test_label_pixels_are_red_in_the_png(dataset: bp.Dataset) -> None:
    fig = nights_figure(bp.compare(dataset, bp.ComparisonSettings(drugs=("triazolam",))))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    buffer.seek(0)
    image = matplotlib.image.imread(buffer)
    pixels = (image[:45, -330:, :3] * 255).astype(int)  # top-right corner
    dark_red = (pixels[..., 0] > 100) & (pixels[..., 1] < 60) & (pixels[..., 2] < 60)
    assert dark_red.sum() > 200


def test_comparison_bands_contain_the_curve_and_metabolites_follow(dataset: bp.Dataset) -> None:
    settings = bp.ComparisonSettings(drugs=("diazepam", "flurazepam"), nights=7, position=0.4)
    curves = bp.compare(dataset, settings)
    names = [c.name for c in curves.curves]
    assert names[:2] == ["diazepam", "nordiazepam"]
    assert "desalkylflurazepam" in names
    for c in curves.curves:
        assert np.all(c.band_low <= c.amount + 1e-12)
        assert np.all(c.amount <= c.band_high + 1e-12)
        assert c.amount_at_wake.shape == (7,)
    assert curves.sleep_ends_h[0] - curves.sleep_starts_h[0] == pytest.approx(8.5)


def test_oral_without_tmax_is_reported_not_drawn(dataset: bp.Dataset) -> None:
    no_tmax = [name for name, d in dataset.drugs.items() if d.tmax_h is None]
    if not no_tmax:
        pytest.skip("every drug in the data has a tmax")
    settings = bp.ComparisonSettings(drugs=(no_tmax[0], "triazolam"), absorption="oral")
    curves = bp.compare(dataset, settings)
    assert no_tmax[0] not in [c.name for c in curves.curves]
    assert no_tmax[0] in curves.note


def test_nights_plot_updates_lines_in_place(dataset: bp.Dataset) -> None:
    plot = NightsPlot()
    plot.update(bp.compare(dataset, bp.ComparisonSettings(drugs=("alprazolam",))))
    first_line = plot.lines[0]
    first_data = first_line.get_ydata().copy()
    plot.update(bp.compare(dataset, bp.ComparisonSettings(drugs=("alprazolam",), position=1.0)))
    assert plot.lines[0] is first_line
    assert not np.array_equal(first_line.get_ydata(), first_data)


def test_only_a_between_person_range_moves_with_the_slider(dataset: bp.Dataset) -> None:
    """A range of study means is drawn dotted, not as a band, and the slider leaves it at
    its typical value; the readout says so."""
    assert dataset.compound("triazolam").half_life.range_kind == "study_means"
    assert dataset.compound("alprazolam").half_life.range_kind == "individual"
    typical = bp.compare(dataset, bp.ComparisonSettings(drugs=("triazolam", "alprazolam")))
    longest = bp.compare(
        dataset, bp.ComparisonSettings(drugs=("triazolam", "alprazolam"), position=1.0)
    )
    tri0, alp0 = typical.curves
    tri1, alp1 = longest.curves
    assert np.array_equal(tri0.amount, tri1.amount)
    assert np.all(alp1.amount >= alp0.amount) and not np.array_equal(alp0.amount, alp1.amount)
    assert "triazolam (range of study means)" in longest.fixed_note
    plot = NightsPlot()
    plot.update(longest)
    assert not plot._bands[0].get_visible() and plot._bands[1].get_visible()
    assert all(line.get_visible() for line in plot._mean_bounds[0])
    labels = [t.get_text() for t in plot.ax.get_legend().get_texts()]
    assert "range of study means (not between people)" in labels
    assert "range between people (individual)" in labels


def test_a_drug_is_shown_with_the_sum_of_its_active_compounds(dataset: bp.Dataset) -> None:
    curves = bp.compare(dataset, bp.ComparisonSettings(drugs=("flurazepam", "clorazepate")))
    by_name = {c.name: c for c in curves.curves}
    total = by_name["flurazepam (sum)"]
    assert total.is_total
    np.testing.assert_allclose(
        total.amount, by_name["flurazepam"].amount + by_name["desalkylflurazepam"].amount
    )
    assert np.all(total.band_low <= total.amount + 1e-12)
    assert np.all(total.amount <= total.band_high + 1e-12)
    # a prodrug: its dose enters as nordiazepam, the parent is not drawn
    assert [c.name for c in curves.curves if c.drug == "clorazepate"] == ["nordiazepam"]


def test_widget_callback_changes_the_data_of_the_same_figure(dataset: bp.Dataset) -> None:
    widget = ComparisonWidget(dataset, drugs=("alprazolam", "diazepam"))
    figure, axes = widget.plot.fig, widget.plot.ax
    line = widget.plot.lines[0]
    before_y = line.get_ydata().copy()
    before_png = widget.image.value
    widget.position.value = 1.0  # slider: longest published half-lives
    assert widget.plot.fig is figure and widget.plot.ax is axes
    assert widget.plot.lines[0] is line
    assert np.all(line.get_ydata() >= before_y - 1e-12)
    assert not np.array_equal(line.get_ydata(), before_y)
    assert widget.image.value != before_png
    generation = widget.plot.generation
    widget.drug_select.value = ("temazepam", "clonazepam", "flurazepam")
    assert widget.plot.generation == generation + 1
    assert {c.drug for c in widget.curves.curves} == {"temazepam", "clonazepam", "flurazepam"}
    assert len(widget.plot.lines) == len(widget.curves.curves)


def test_widget_controls_are_bounded(dataset: bp.Dataset) -> None:
    widget = ComparisonWidget(dataset)
    assert (widget.position.min, widget.position.max) == (-1.0, 1.0)
    assert widget.nights.min >= 1
    assert set(widget.drug_select.options[i][1] for i in range(len(widget.drug_select.options))
               ) == set(dataset.drugs)  # fmt: skip
    widget.drug_select.value = ()
    assert "Select at least one drug" in widget.status.value


def test_widget_offers_a_static_picture(dataset: bp.Dataset) -> None:
    bundle, metadata = ComparisonWidget(dataset)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "fraction of one dose" in metadata["image/png"]["alt"]
    assert isinstance(bundle["image/png"], str) and len(bundle["image/png"]) > 1000
