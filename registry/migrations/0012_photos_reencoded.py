"""Photos stored before uploads were cleaned (migration 0008) are re-encoded and renamed the same way.

Each existing file is read, stored again without metadata under a random name, and the old file (named
after the upload, with GPS and camera data) is deleted. A missing or unreadable file is left as it is:
the migration never fails a deploy over one photo, and the admin shows the field for staff to fix.
"""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import migrations

from registry.models import photos


def reencode(apps, schema_editor):
    Prisoner = apps.get_model("registry", "Prisoner")
    for pk, name in Prisoner.objects.exclude(photo="").values_list("pk", "photo").iterator():
        if name.startswith(f"{photos.FOLDER}/") and len(name) == len(photos.random_name()):
            continue  # already stored the new way
        try:
            with default_storage.open(name) as old:
                clean = photos.without_metadata(old)
        except (FileNotFoundError, ValidationError):
            continue
        new_name = default_storage.save(photos.random_name(), clean)
        Prisoner.objects.filter(pk=pk).update(photo=new_name)
        default_storage.delete(name)


class Migration(migrations.Migration):
    dependencies = [("registry", "0011_import_jobs")]

    operations = [migrations.RunPython(reencode, migrations.RunPython.noop, elidable=True)]
