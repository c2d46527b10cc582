"""Extraction: one module per format, each turning a fetched document into RawPostings (or ExtractError)."""


class ExtractError(ValueError):
    """The document is malformed or is not what its kind promises: a failure, never "zero postings"."""
