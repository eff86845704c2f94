"""memo: policy briefings from curated YAML to PDF, Word and HTML."""

__version__ = "0.1.0"
