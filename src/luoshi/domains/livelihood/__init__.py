"""Livelihood matters (民生实事) and indicators (指标): targets, values by period, pace."""
