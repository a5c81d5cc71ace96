"""Print this installation's public log-signing key, for others to pass to --trust-key."""

from django.core.management.base import BaseCommand, CommandError

from scenarios.format.files import FileRefused, check_path
from scenarios.logsign import installation_key, key_id, key_path, public_pem


class Command(BaseCommand):
    help = ("Print the public key that verifies this installation's exported logs (PEM), "
            "making the key if there is none yet. Its id goes to stderr.")

    def add_arguments(self, parser):
        parser.add_argument("--out", help="write the public key to this file instead of stdout")

    def handle(self, *args, out, **options):
        try:
            public = installation_key().public_key()
        except OSError as error:   # a KeyFileError too
            raise CommandError(f"cannot use the log-signing key {key_path()}: {error}") from None
        pem = public_pem(public)
        if out:
            try:
                check_path(out, what="public key").write_text(pem, encoding="ascii")
            except (OSError, FileRefused) as error:
                raise CommandError(f"cannot write {out}: {error}") from None
        else:
            self.stdout.write(pem, ending="")
        self.stderr.write(f"key {key_id(public)} (private key: {key_path()})")
