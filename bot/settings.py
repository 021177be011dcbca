"""Settings, read once at start from the environment and the command line.

Every setting has an environment variable and a command-line option; the option wins.
Nothing here is read at import time: ``Settings.from_sources`` is called by ``main``.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs


class SettingsError(ValueError):
    """A setting has a value tanya cannot use; the message names it."""


def bundled_seeds() -> Path:
    """The seed articles shipped in the repository, beside the packages."""
    return Path(__file__).resolve().parent.parent / "seeds"


@dataclass(frozen=True)
class Setting:
    env: str
    option: str
    help: str
    default: str | None = None


# One table for the option parser and the README's settings table.
SETTINGS: dict[str, Setting] = {
    "corpus": Setting("TANYA_CORPUS", "--corpus", "directory of .txt/.md articles", "the bundled seeds/"),
    "index_dir": Setting("TANYA_INDEX_DIR", "--index-dir", "where the built index is cached", "the user cache directory"),
    "top_k": Setting("TANYA_TOP_K", "--top-k", "answers per question", "3"),
    "token": Setting("TELEGRAM_BOT_TOKEN", "--token", "Telegram bot token (required for `tanya telegram`)"),
    "token_file": Setting("TELEGRAM_BOT_TOKEN_FILE", "--token-file", "file holding the bot token, instead of TELEGRAM_BOT_TOKEN"),
    "api_base_url": Setting(
        "TELEGRAM_API_BASE_URL", "--api-base-url", "Bot API base URL, for a self-hosted Bot API server", "https://api.telegram.org/bot"
    ),
    "admin_ids": Setting("BOT_ADMIN_IDS", "--admin-ids", "comma-separated Telegram user ids allowed to /reload"),
    "webhook_url": Setting("TANYA_WEBHOOK_URL", "--webhook-url", "public HTTPS URL: serve a webhook instead of long polling"),
    "listen": Setting("TANYA_WEBHOOK_LISTEN", "--listen", "webhook listen address", "127.0.0.1"),
    "port": Setting("TANYA_WEBHOOK_PORT", "--port", "webhook listen port", "8443"),
    "secret_token": Setting("TANYA_WEBHOOK_SECRET", "--secret-token", "webhook secret token Telegram sends back"),
    "rate_limit": Setting("TANYA_RATE_LIMIT", "--rate-limit", "questions per user per minute", "20"),
    "retry_seconds": Setting("TANYA_RETRY_SECONDS", "--retry-seconds", "how long a failing Bot API call is tried again (0: never)", "60"),
    "search_timeout": Setting("TANYA_SEARCH_TIMEOUT", "--search-timeout", "seconds a question may take before the bot says it took too long", "10"),
    "log_level": Setting("TANYA_LOG_LEVEL", "--log-level", "logging level", "INFO"),
    "history_file": Setting("TANYA_HISTORY_FILE", "--history-file", "console chat history file", "the user data directory"),
    "no_color": Setting("NO_COLOR", "--no-color", "any value: no colour in the terminal"),
    "strictness": Setting(
        "TANYA_STRICTNESS",
        "--strictness",
        "how sure tanya must be to answer, 0-1: higher refuses more questions the archive cannot answer, and more it can",
        "the fitted model's threshold",
    ),
}


# Whole-number settings: the values each may take.
RANGES = {"top_k": (1, 100), "port": (1, 65535), "rate_limit": (1, 10_000), "retry_seconds": (0, 3600)}
# Settings in seconds that may have a fraction: the least and most each may be.
SECONDS = {"search_timeout": (0.001, 600.0)}


@dataclass(frozen=True)
class Settings:
    corpus: Path = field(default_factory=bundled_seeds)
    index_dir: Path = field(default_factory=lambda: Path(platformdirs.user_cache_dir("tanya")))
    top_k: int = 3
    token: str | None = None
    token_file: Path | None = None
    api_base_url: str | None = None
    admin_ids: frozenset[int] = frozenset()
    webhook_url: str | None = None
    listen: str = "127.0.0.1"
    port: int = 8443
    secret_token: str | None = None
    rate_limit: int = 20
    retry_seconds: int = 60
    search_timeout: float = 10.0
    log_level: str = "INFO"
    history_file: Path = field(default_factory=lambda: Path(platformdirs.user_data_dir("tanya")) / "history")
    no_color: bool = False
    strictness: float | None = None  # None: the confidence model's own threshold

    @classmethod
    def from_sources(cls, args: argparse.Namespace | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """Command-line options over environment variables over defaults."""
        environ = os.environ if environ is None else environ
        raw: dict[str, str] = {}
        for name, setting in SETTINGS.items():
            value = getattr(args, name, None) if args is not None else None
            if value is None:
                value = environ.get(setting.env) or None
            if value is not None:
                raw[name] = str(value)
        values: dict[str, object] = {}
        for name, value in raw.items():
            values[name] = _convert(name, value)
        return cls(**values)  # type: ignore[arg-type]


def _convert(name: str, value: str) -> object:
    setting = SETTINGS[name]
    label = f"{setting.option} / {setting.env}"
    if name in ("corpus", "index_dir", "history_file", "token_file"):
        return Path(value).expanduser()
    if name in SECONDS:
        try:
            seconds = float(value)
        except ValueError:
            raise SettingsError(f"{label} must be a number of seconds, not {value!r}") from None
        low, high = SECONDS[name]
        if not low <= seconds <= high:  # also refuses nan
            raise SettingsError(f"{label} must be from {low:g} to {high:g} seconds, not {value}")
        return seconds
    if name in RANGES:
        try:
            number = int(value)
        except ValueError:
            raise SettingsError(f"{label} must be a whole number, not {value!r}") from None
        low, high = RANGES[name]
        if not low <= number <= high:
            raise SettingsError(f"{label} must be from {low} to {high}, not {number}")
        return number
    if name == "admin_ids":
        try:
            return frozenset(int(part) for part in value.replace(" ", "").split(",") if part)
        except ValueError:
            raise SettingsError(f"{label} must be comma-separated numeric user ids, not {value!r}") from None
    if name == "strictness":
        try:
            number = float(value)
        except ValueError:
            raise SettingsError(f"{label} must be a number from 0 to 1, not {value!r}") from None
        if not 0.0 <= number <= 1.0:
            raise SettingsError(f"{label} must be from 0 to 1, not {value!r}")
        return number
    if name == "no_color":
        return True  # https://no-color.org: present and not empty
    if name == "log_level":
        level = value.upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise SettingsError(f"{label} must be DEBUG, INFO, WARNING or ERROR, not {value!r}")
        return level
    return value


def add_options(parser: argparse.ArgumentParser, *names: str) -> None:
    """Add the named settings' options to a subcommand's parser."""
    for name in names:
        setting = SETTINGS[name]
        if name == "no_color":
            parser.add_argument(setting.option, dest=name, action="store_const", const="1", default=None, help=f"no colour in the terminal; env {setting.env}")
            continue
        default = f" (default: {setting.default})" if setting.default else ""
        parser.add_argument(setting.option, dest=name, default=None, metavar=name.upper(), help=f"{setting.help}; env {setting.env}{default}")
