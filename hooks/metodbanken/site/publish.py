"""All or nothing: the site is built into a fresh folder beside site/ and swapped in only when the build
succeeded, so a failed build – the pipeline's checks or a warning in strict mode – leaves the previous
site exactly as it was. Plain Python (paths and logging), no MkDocs import.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path


class StagedSite:
    """A build folder next to the published one; `publish` swaps it in, `discard` removes it."""

    def __init__(self, site_dir: str | os.PathLike):
        self.site_dir = Path(site_dir).absolute()
        self.site_dir.parent.mkdir(parents=True, exist_ok=True)
        # Same parent, so the swap is two renames on one file system.
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.site_dir.name}-bygge-", dir=self.site_dir.parent))

    def publish(self) -> None:
        old = None
        if self.site_dir.exists():
            old = self.site_dir.with_name(f".{self.site_dir.name}-gammal-{os.getpid()}")
            shutil.rmtree(old, ignore_errors=True)
            self.site_dir.rename(old)
        self.staging.rename(self.site_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.counts: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.counts[record.levelname] += 1


class _BelowLevel(logging.Filter):
    """Keeps a handler as quiet as its logger was before warnings had to be counted."""

    def __init__(self, level: int):
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= self.level


class WarningCount:
    """Counts warnings on a logger even when it is silenced (`mkdocs build -q` sets it to ERROR, so the
    generator's own strict-mode counter never sees them), without printing more than before."""

    def __init__(self, logger_name: str = "mkdocs"):
        self.logger = logging.getLogger(logger_name)
        self.counter = _Counter()
        self.level = self.logger.level
        self.quiet = _BelowLevel(self.level)
        self.logger.addHandler(self.counter)
        if self.level > logging.WARNING:
            for handler in self.logger.handlers:
                if handler is not self.counter:
                    handler.addFilter(self.quiet)
            self.logger.setLevel(logging.WARNING)

    @property
    def warnings(self) -> int:
        return sum(self.counts.values())

    @property
    def counts(self) -> Counter[str]:
        return self.counter.counts

    def stop(self) -> None:
        self.logger.removeHandler(self.counter)
        for handler in self.logger.handlers:
            handler.removeFilter(self.quiet)
        self.logger.setLevel(self.level)


class AtomicBuild:
    """One build: into a staging folder (unless `stage` is false, as under `mkdocs serve`), counting
    warnings when the build is strict. `succeed` publishes, or discards and returns the warnings counted;
    `fail` discards."""

    def __init__(self, site_dir: str, stage: bool = True, count_warnings: bool = False):
        self.site_dir = site_dir
        self.staged = StagedSite(site_dir) if stage else None
        self.build_dir = str(self.staged.staging) if self.staged else site_dir
        self.warnings = WarningCount() if count_warnings else None

    def _stop_counting(self) -> int:
        counted = self.warnings.warnings if self.warnings else 0
        if self.warnings:
            self.warnings.stop()
            self.warnings = None
        return counted

    def succeed(self) -> int:
        counted = self._stop_counting()
        if self.staged and counted:
            self.staged.discard()
        elif self.staged:
            self.staged.publish()
        return counted

    def fail(self) -> None:
        self._stop_counting()
        if self.staged:
            self.staged.discard()
