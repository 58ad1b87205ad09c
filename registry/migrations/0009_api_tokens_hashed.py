"""API tokens move from DRF's authtoken (plain text, no expiry) to knox (digest only, expiring).

Each existing token keeps working: its digest is stored under knox's rules with an expiry of
API_TOKEN_TTL_DAYS from now; then the plain-text table is dropped. Nothing to do on a new database.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def hash_old_tokens(apps, schema_editor):
    from knox.crypto import hash_token
    from knox.settings import CONSTANTS, knox_settings

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('authtoken_token') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return
        cursor.execute('SELECT key, user_id, created FROM authtoken_token')
        old = cursor.fetchall()
    AuthToken = apps.get_model("knox", "AuthToken")
    expiry = timezone.now() + knox_settings.TOKEN_TTL
    AuthToken.objects.bulk_create(
        AuthToken(digest=hash_token(key), token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH], user_id=user_id, expiry=expiry)
        for key, user_id, _created in old
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP TABLE authtoken_token")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0008_prisoner_photo_random_name"),
        ("knox", "0009_extend_authtoken_field"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(hash_old_tokens, migrations.RunPython.noop)]
