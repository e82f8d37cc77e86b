"""explainer: turn one YAML file of dated, sourced events into a sourced explainer website."""

__version__ = "0.1.0"
