"""Each person's API document and profile page's rows as PostgreSQL last built them: the table behind
registry.db.documents.

Written only by PostgreSQL's triggers and by readers through registry.db.documents (which says when a row may be
served); never by models, forms or the admin. Not a foreign key to the person: a person's row goes with them
through the triggers, on every path that deletes people.
"""

from __future__ import annotations

from django.db import models


class PersonDocument(models.Model):
    prisoner_id = models.BigIntegerField(primary_key=True)
    # Moves each time a write marks the row, so a reader's build never overwrites a newer one.
    stamp = models.BigIntegerField()
    # The shared rows' epoch (registry_personversion row -1) the document was built under.
    epoch = models.BigIntegerField()
    # Which version of the document's and the page's SQL built them.
    format = models.CharField(max_length=16)
    # JSON text; NULL while the row waits to be built. Kept in the row, not out of line (migration 0040).
    document = models.TextField(null=True)
    # What the profile page shows of the person (registry.queries.profile), JSON text built with the document;
    # compressed in the row when both would not fit uncompressed.
    page = models.TextField(null=True)

    def __str__(self) -> str:
        return f"document of person {self.prisoner_id}"
