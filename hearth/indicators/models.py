"""Computed figures kept for a stated freshness (docs/indicators-cache.md): one row per
indicator, scope and as-of date, with the counts the dashboard shows and the rows behind them
(so a drill-down lists exactly the records its figure counted). A table, not Django's cache
framework, so every web process and the scheduled refresh share it without a cache server."""

from __future__ import annotations

from django.db import models


class StoredFigure(models.Model):
    scope_key = models.CharField(max_length=40)  # "borough", "service:3", "team:7", "worker:9"
    as_of = models.DateField()
    indicator_id = models.CharField(max_length=80)
    period_start = models.DateField()
    period_end = models.DateField()
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()
    value = models.FloatField(null=True)
    # The rows behind the figure: zlib-compressed JSON, one list per row (cache.encode_rows).
    # Record ids and child ids only, no names; the drill-down reads the children through
    # visible_to(user) each time.
    rows = models.BinaryField()
    computed_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope_key", "as_of", "indicator_id"], name="indicators_one_figure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} for {self.scope_key} as at {self.as_of}"
