from django.core.management.base import BaseCommand

from forum import demo

LOGINS = (
    ("alex", "engineer (ads-ranking): asked the question the AI agent answered"),
    ("dana", "data-platform lead: administers user-metrics, can carry out the advice"),
    ("fran", "finance lead: administers finance-forecasts"),
    ("sasha", "security engineer: reads the data-platform space"),
    (demo.ADMIN, "read-only admin at /admin/"),
)


class Command(BaseCommand):
    help = "Create the demo forum (people, spaces, datasets, threads) through forum.services."

    def handle(self, *args, **options):
        if demo.exists():
            self.stdout.write("The demo forum already exists; nothing to do.")
        else:
            demo.seed()
            self.stdout.write(self.style.SUCCESS("Demo forum created."))
        self.stdout.write(f'Log in with password "{demo.PASSWORD}" as:')
        for username, role in LOGINS:
            self.stdout.write(f"  {username:<8} {role}")
