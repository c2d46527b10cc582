"""The API tokens moved from DRF's authtoken (stored in plain text) to django-rest-knox (stored hashed).

The old tokens are dropped, not converted: a plaintext token cannot be trusted any more, so clients log in again.
This removes DRF authtoken's table, its migration records and its content type (with its permissions) if present.
"""

from django.db import migrations

OLD_APP = "authtoken"
OLD_TABLE = "authtoken_token"


def drop_plaintext_tokens(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if OLD_TABLE in tables:
            cursor.execute(f"DROP TABLE {schema_editor.quote_name(OLD_TABLE)}")
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", [OLD_APP])
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(connection.alias).filter(app_label=OLD_APP).delete()


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(drop_plaintext_tokens, migrations.RunPython.noop, elidable=True)]
