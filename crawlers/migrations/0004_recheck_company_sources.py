"""Sources companies added before the domain rule existed are checked by it once: one off the company's own website
(or not its own ATS account) waits for the operator's approval like a new one would, instead of being crawled."""

from typing import Any

from django.db import migrations


def recheck(apps: Any, schema_editor: Any) -> None:
    # The rule itself (crawlers.pipeline.source_domain_problem) reads only the URL, the company's slug and website.
    from crawlers.pipeline import source_domain_problem

    CrawlSource = apps.get_model("crawlers", "CrawlSource")
    reason_max = CrawlSource._meta.get_field("approval_reason").max_length
    for source in CrawlSource.objects.filter(operator_added=False, approved=True).select_related("company"):
        problem = source_domain_problem(company=source.company, url=source.url)
        if problem:
            source.approved = False
            source.approval_reason = problem[:reason_max]
            source.save(update_fields=["approved", "approval_reason"])


class Migration(migrations.Migration):
    dependencies = [("crawlers", "0003_source_approval"), ("companies", "0003_field_labels")]

    operations = [migrations.RunPython(recheck, migrations.RunPython.noop)]
