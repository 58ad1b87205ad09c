"""Create or update the staff groups Editor, Reviewer and Viewer (also done after every migrate)."""

from django.core.management.base import BaseCommand

from registry.staff.roles import sync_roles


class Command(BaseCommand):
    help = "Create or update the Editor, Reviewer and Viewer groups and their permissions."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write(self.style.SUCCESS("Groups Editor, Reviewer and Viewer are up to date."))
