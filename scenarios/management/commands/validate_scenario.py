"""Check scenario files without running them: every problem, with its file, line and key path."""

from django.core.management.base import BaseCommand, CommandError

from scenarios.format import ScenarioError, load_scenario
from scenarios.format.durations import format_minutes


class Command(BaseCommand):
    help = ("Validate scenario files (paths, or names in scenarios/library/). Prints "
            "`file:line: key.path: message` for every problem; exits 1 if there is any.")
    requires_system_checks = []  # it reads files only; a half-configured project is fine

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH",
                            help="a scenario YAML file, or the name of a library scenario")

    def handle(self, *args, paths, **options):
        invalid = 0
        for path in paths:
            try:
                loaded = load_scenario(path)
            except ScenarioError as error:
                invalid += 1
                for issue in error.issues:
                    self.stdout.write(str(issue))
                continue
            self.stdout.write(f"{loaded.file}: OK — {summary(loaded.scenario)}")
        if invalid:
            raise CommandError(f"{invalid} of {len(paths)} scenario file(s) invalid")


def summary(scenario) -> str:
    principals = len(scenario.org.principals) + sum(c.count for c in scenario.org.crowds)
    return (f"{scenario.name}: {principals} principals, {len(scenario.spaces)} space(s), "
            f"{len(scenario.resources)} resource(s), {len(scenario.actors)} actors, "
            f"{len(scenario.timeline)} timeline entries, {format_minutes(scenario.duration)}")
