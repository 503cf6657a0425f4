"""`manage.py demo`: load the demo data of every app and print the accounts."""

from importlib import import_module, util

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

# Order matters: later apps use earlier apps' demo data.
DEMO_APPS = ("wards", "reports", "inspections", "supplies", "directives", "reports.summary")


class Command(BaseCommand):
    help = "Load demo data (wards, accounts, reports, inspections, stock) and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="Address the site is served at (printed for the user)."
        )

    def handle(self, *args, **options):
        # The portal's users read Vietnamese: role labels and demo texts are printed in it.
        with translation.override("vi"):
            self._load_and_print(url=options["url"])

    def _load_and_print(self, *, url: str):
        today = timezone.localdate()
        password = settings.DEMO_PASSWORD
        accounts = []
        for app in DEMO_APPS:
            if util.find_spec(f"{app}.demo") is None:
                continue
            self.stdout.write(f"demo: loading {app}…")
            result = import_module(f"{app}.demo").load(today=today, password=password, stdout=self.stdout)
            if app == "wards":
                accounts = result
        self.stdout.write(self.style.SUCCESS("\nDemo accounts (password: %s)" % password))
        width = max((len(username) for username, _role, _ward in accounts), default=0)
        for username, role, ward in accounts:
            self.stdout.write(f"  {username.ljust(width)}  {role}{' · ' + ward if ward else ''}")
        self.stdout.write(f"\nOpen {url} and log in with one of the accounts above.")
