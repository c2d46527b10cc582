"""Every user who has an e-mail address before sign-up existed was made by the operator (or the demo seed): their
address counts as verified, so that allauth's mandatory verification does not lock them out."""

from typing import Any

from django.conf import settings
from django.db import migrations


def verify_existing(apps: Any, schema_editor: Any) -> None:
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    EmailAddress = apps.get_model("account", "EmailAddress")
    for user in User.objects.exclude(email="").iterator():
        if EmailAddress.objects.filter(email__iexact=user.email).exclude(user=user).exists():
            continue  # the same address on two older users: only the first one gets it (allauth's unique e-mail)
        known = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if known:
            EmailAddress.objects.filter(pk=known.pk).update(verified=True, primary=True)
        else:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_drop_plaintext_tokens"),
        ("account", "0009_emailaddress_unique_primary_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # Backwards: nothing to undo (allauth's own tables go with its migrations).
    operations = [migrations.RunPython(verify_existing, migrations.RunPython.noop)]
