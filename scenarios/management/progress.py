"""What the commands that run many runs (sweep, sensitivity) share: a progress bar, and the
backends' failures said as command errors that tell how to finish with --resume."""

import sys
from contextlib import contextmanager

from django.core.management.base import CommandError
from tqdm import tqdm

from scenarios.sweeps.celery_backend import BrokerUnavailable
from scenarios.sweeps.local import WorkerDied
from scenarios.sweeps.threads import RunCrashed


class ProgressBar:
    """A tqdm bar on stderr, made when the total is known; off when not a terminal."""

    def __init__(self, enabled: bool):
        self.enabled, self.bar = enabled, None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = tqdm(total=total, initial=done, unit="run", file=sys.stderr,
                            dynamic_ncols=True, disable=not self.enabled)
        self.bar.update(done - self.bar.n)

    def write(self, message: str) -> None:
        tqdm.write(message, file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@contextmanager
def running(progress: bool, finish: str = ""):
    """A progress bar for the runs (shown with `progress` or on a terminal); a backend's
    failure or an interrupt becomes a CommandError saying the runs stored are kept and
    `--resume` finishes the work (`finish`: " the sweep", say)."""
    bar = ProgressBar(enabled=progress or sys.stderr.isatty())
    try:
        yield bar
    except BrokerUnavailable as error:
        raise CommandError(str(error)) from None
    except (RunCrashed, WorkerDied) as error:
        raise CommandError(f"{error}\nThe runs stored so far are kept; run the same command "
                           f"with --resume to finish{finish}.") from None
    except KeyboardInterrupt:
        raise CommandError("interrupted: the runs stored so far are kept; run the same "
                           f"command with --resume to finish{finish}") from None
    finally:
        bar.close()
