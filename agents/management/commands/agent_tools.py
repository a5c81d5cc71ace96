"""Print the agent tool set as a model is shown it (chat-completions `tools`, JSON)."""

import json

from django.core.management.base import BaseCommand

from agents.tools import openai_tools


class Command(BaseCommand):
    help = "Print the tools an agent may call, with their JSON Schemas (chat-completions format)."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(openai_tools(), indent=2))
