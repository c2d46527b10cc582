"""Title text helpers shared by search indexing, crawler normalization and the pages."""

from __future__ import annotations

import re

# "(m/w/d)", "(w/m/d)", "m/w/x", "(gn)", "(all genders)", "(d/m/w)", "(m/f/d)", "*in" style markers.
_GENDER_MARKER = re.compile(
    r"""\s*[\(\[]?\s*
        (?:
            [mwfdxi](?:\s*[/|,]\s*[mwfdxi]){1,3}          # m/w/d, w/m/x, m|w|d, d/m/w/i
          | gn\*?                                         # (gn), (gn*)
          | all\s+genders?                                # (all genders)
          | divers
        )
        \s*[\)\]]?\s*(?=$|[\s,;:–-])""",
    re.IGNORECASE | re.VERBOSE,
)


def strip_gender_marker(title: str) -> str:
    """The title without gender markers such as "(m/w/d)": what search indexes and compares.

    The posting keeps its title as given; only the searchable form drops the marker.
    """
    cleaned = _GENDER_MARKER.sub(" ", title)
    cleaned = re.sub(r"\s+([,;:])", r"\1", cleaned)
    return re.sub(r"\s{2,}", " ", cleaned).strip(" -–,;")
