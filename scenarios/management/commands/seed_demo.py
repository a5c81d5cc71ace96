"""`manage.py seed_demo`: the demo world (scenarios/demo_world.py), once; say who to sign in
as. Running it again changes nothing."""

from django.core.management.base import BaseCommand
from forum import demo
from scenarios import demo_world
from scenarios.management.site_url import page_url


class Command(BaseCommand):
    help = ("Seed the forum with the reference scenario's organisation, spaces and datasets "
            f"({demo_world.REFERENCE}), sign-in for its people, and the incident's opening.")

    def handle(self, *args, **options):
        if demo_world.exists():
            self.stdout.write("The demo forum already exists; nothing to do.")
        else:
            demo_world.seed()
            self.stdout.write(self.style.SUCCESS(
                f"Demo forum created: the organisation of {demo_world.REFERENCE}."))
        self.stdout.write(f'Sign in with password "{demo.PASSWORD}" as:')
        for login in demo_world.logins():
            self.stdout.write(f"  {login.username:<12} {login.description}")
        thread = demo_world.incident_thread()
        if thread is not None:
            self.stdout.write(f"The agent's unapproved answer waits for a reader at "
                              f"{page_url('forum:thread', thread.key)}")
