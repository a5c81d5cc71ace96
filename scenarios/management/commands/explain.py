"""Re-run one incident with each guardrail switched on alone; say which would have stopped it."""

from django.core.management.base import BaseCommand

from scenarios.analysis.explain import explain_incident
from scenarios.analysis.explain_render import FORMATS, render
from scenarios.management import arguments
from scenarios.overrides import load_with_overrides


class Command(BaseCommand):
    help = ("Re-run a scenario at one seed, then once with each guardrail switched on alone: "
            "which single control would have prevented or shortened the exposure, at what "
            "cost, and the incident's contributing factors.")

    def add_arguments(self, parser):
        parser.add_argument("scenario", help="path to a scenario YAML, or a library name")
        parser.add_argument("--seed", type=arguments.seed, default=1,
                            help="a whole number from 0 to 2**63 - 1 (default 1)")
        parser.add_argument("--set", action="append", dest="overrides", metavar="KEY=VALUE",
                            help="a guardrail setting of the incident itself (repeatable)")
        parser.add_argument("--agent", action="append", dest="agents", metavar="ID=POLICY",
                            help="put a policy in an agent's seat (repeatable)")
        parser.add_argument("--format", choices=FORMATS, default="text", dest="fmt")

    def handle(self, *args, scenario, seed, overrides, agents, fmt, **options):
        loaded, settings = load_with_overrides(scenario, overrides, agents)
        report = explain_incident(loaded, seed=seed, overrides=settings)
        self.stdout.write(render(report, fmt), ending="")
