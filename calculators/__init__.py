"""Deterministic calculators: typed facts in, an :class:`Award` out. Money is Decimal 元."""
