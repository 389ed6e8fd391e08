"""The policy text, parsed into clauses, and the parameters quoted from it.

This is the lowest layer: it imports nothing from ``calculators`` or ``assistant``.
"""

from corpus.clauses import Clause, Policy, load_policy
from corpus.parameters import Parameter, load_parameters

__all__ = ["Clause", "Parameter", "Policy", "load_parameters", "load_policy"]
