"""Supervision bulletins (督查通报): drafted from live data, edited, issued, frozen, numbered."""
