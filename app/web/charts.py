"""Numbers for the server-rendered SVG charts (the templates only draw them)."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.labels import STATE_NAMES as LABELS


@dataclass(frozen=True)
class Segment:
    """One coloured run of a stacked bar, in percent of the bar's width."""

    key: str
    label: str
    count: int
    x: float
    width: float


def bar_segments(counts: dict[str, int]) -> list[Segment]:
    """A stacked bar of `counts` (label → n), zero counts left out."""
    total = sum(counts.values())
    segments, x = [], 0.0
    for key, count in counts.items():
        if not count:
            continue
        width = 100 * count / total
        segments.append(Segment(key, LABELS.get(key, key), count, round(x, 3), round(width, 3)))
        x += width
    return segments


@dataclass(frozen=True)
class Cell:
    """One day of one reviewer in the activity heatmap."""

    x: int
    count: int
    opacity: float


def heat_cells(counts: list[int]) -> list[Cell]:
    """Cells of a heatmap row, shaded relative to the row's busiest day."""
    peak = max(counts, default=0) or 1
    return [Cell(i, n, round(0.08 + 0.92 * n / peak, 3) if n else 0.0)
            for i, n in enumerate(counts)]
