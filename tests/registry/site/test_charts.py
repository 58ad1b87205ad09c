"""Column charts drawn on the server: bar geometry and the labels under the axis."""

from registry.site import charts


def test_the_axis_shows_evenly_spaced_labels_always_with_the_first_and_last():
    months = [f"2021-{m:02d}" for m in range(1, 13)] + [f"2022-{m:02d}" for m in range(1, 13)]

    chart = charts.columns([(month, [1]) for month in months])

    assert chart.ticks == ["2021-01", "2021-07", "2022-01", "2022-06", "2022-12"]


def test_a_short_chart_labels_every_column():
    chart = charts.columns([("2024", [3]), ("2024-09-16", [5])])

    assert chart.ticks == ["2024", "2024-09-16"]
    assert [rect.height for rect in chart.rects] == [60.0, 100.0]
