"""The regional manager's role: one group with exactly the permissions the operator's work needs (not superuser).

moderation.services.operator_group_sync creates the group and sets its permissions to this list; it runs after every
`migrate` (a post_migrate handler, see moderation.apps), so a new permission here reaches the group with the next
deployment. Permissions of models that do not exist (yet) are left out.
"""

from __future__ import annotations

# The group's name: the stable key by which code, tests and seed_demo find the role.
OPERATOR_GROUP = "Regionalmanagement"

# The permission that opens the operator dashboard (moderation.PostingReport's Meta).
DASHBOARD_PERMISSION = "moderation.view_operator_dashboard"

_CRUD = ("view", "add", "change", "delete")

# (app label, codename) of every permission the group holds.
OPERATOR_PERMISSIONS: tuple[tuple[str, str], ...] = (
    # Member companies (approve, suspend, edit, create), who acts for them, and the networks.
    ("companies", "view_company"),
    ("companies", "add_company"),
    ("companies", "change_company"),
    *(("companies", f"{action}_companymembership") for action in _CRUD),
    *(("companies", f"{action}_network") for action in _CRUD),
    # Postings: read, moderate (reject, publish a reviewed one, close) and their workplaces.
    ("jobs", "view_jobposting"),
    ("jobs", "change_jobposting"),
    *(("jobs", f"{action}_workplace") for action in _CRUD),
    # The KldB classification: read, and names corrected (no codes added or removed: load_kldb does that).
    ("jobs", "view_occupationalfield"),
    ("jobs", "change_occupationalfield"),
    ("jobs", "view_occupationalarea"),
    ("jobs", "change_occupationalarea"),
    # Crawlers: the sources (the operator adds some, e.g. for companies without their own) and their runs.
    ("crawlers", "view_crawlsource"),
    ("crawlers", "add_crawlsource"),
    ("crawlers", "change_crawlsource"),
    ("crawlers", "view_crawlrun"),
    ("crawlers", "change_crawlrun"),
    # The regions the board serves, and their face (texts and image on the region). The gazetteer: names corrected,
    # and postal localities added, which is how a place the crawler could not resolve becomes known (no deleting:
    # postings and companies refer to it; load_regions reloads it).
    ("regions", "view_region"),
    ("regions", "add_region"),
    ("regions", "change_region"),
    ("regions", "view_county"),
    ("regions", "change_county"),
    ("regions", "view_municipality"),
    ("regions", "change_municipality"),
    ("regions", "view_postallocality"),
    ("regions", "add_postallocality"),
    ("regions", "change_postallocality"),
    # The legal pages (Impressum, Datenschutz) and their sections.
    ("legal", "view_legalpage"),
    ("legal", "change_legalpage"),
    *(("legal", f"{action}_legalsection") for action in _CRUD),
    # Seeker profiles: that they exist and their state, read only (profiles.admin shows no contents).
    ("profiles", "view_seekerprofile"),
    # The audit trail, read only.
    ("audit", "view_auditentry"),
    # The dashboard and what it shows.
    ("moderation", "view_operator_dashboard"),
    ("moderation", "view_postingreport"),
    ("moderation", "change_postingreport"),
    ("moderation", "view_searchmiss"),
    ("moderation", "view_unresolvedplace"),
)
