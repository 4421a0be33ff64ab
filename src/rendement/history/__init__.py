"""The history of a case: two versions compared, with the move of each figure explained."""

from .attribution import Change, Comparison, Figure, Part, compare, compare_texts

__all__ = ["Change", "Comparison", "Figure", "Part", "compare", "compare_texts"]
