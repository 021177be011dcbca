"""Settings, read once at start from the environment and the command line.

Every setting has an environment variable and a command-line option; the option wins.
Nothing here is read at import time: ``Settings.from_sources`` is called by ``main``.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs


class SettingsError(ValueError):
    """A setting has a value tanya cannot use; the message names it."""


class ServiceUnreachable(Exception):
    """A service the archive lives on (a Ray cluster) does not answer: exit status 1,
    which a service manager restarts on, where a bad setting is 2, which it does not."""


def bundled_seeds() -> Path:
    """The seed articles shipped with tanya (in the package of a wheel, else the checkout's)."""
    from bot.bundled import bundled_seeds as located

    return located()


def is_bundled(corpus: Path) -> bool:
    """Whether ``corpus`` is the bundled seeds/: part of the checkout or the installed
    package, read but never added to."""
    return corpus.resolve() == bundled_seeds().resolve()


def default_questions_log() -> Path:
    """The questions log's SQLite file under the user data directory."""
    return Path(platformdirs.user_data_dir("tanya")) / "questions.sqlite3"


@dataclass(frozen=True)
class Setting:
    env: str
    option: str
    help: str
    default: str | None = None


# One table for the option parser and the README's settings table.
SETTINGS: dict[str, Setting] = {
    "corpus": Setting("TANYA_CORPUS", "--corpus", "directory of articles (.txt/.md/.html/.pdf)", "the bundled seeds/"),
    "index_dir": Setting("TANYA_INDEX_DIR", "--index-dir", "where the built index is cached", "the user cache directory"),
    "top_k": Setting("TANYA_TOP_K", "--top-k", "answers per question (1-100)", "3"),
    "token": Setting("TELEGRAM_BOT_TOKEN", "--token", "Telegram bot token; `tanya telegram` needs it here or from TELEGRAM_BOT_TOKEN_FILE / --token-file (an option shows in `ps`)"),
    "token_file": Setting("TELEGRAM_BOT_TOKEN_FILE", "--token-file", "file holding the bot token, instead of TELEGRAM_BOT_TOKEN"),
    "api_base_url": Setting(
        "TELEGRAM_API_BASE_URL", "--api-base-url", "Bot API base URL, for a self-hosted Bot API server", "https://api.telegram.org/bot"
    ),
    "admin_ids": Setting("BOT_ADMIN_IDS", "--admin-ids", "comma-separated Telegram user ids (positive) allowed to /reload, /stats and to add articles"),
    "webhook_url": Setting("TANYA_WEBHOOK_URL", "--webhook-url", "public HTTPS URL: serve a webhook instead of long polling"),
    "listen": Setting("TANYA_WEBHOOK_LISTEN", "--listen", "webhook listen address", "127.0.0.1"),
    "port": Setting("TANYA_WEBHOOK_PORT", "--port", "webhook listen port (1-65535)", "8443"),
    "secret_token": Setting("TANYA_WEBHOOK_SECRET", "--secret-token", "webhook secret token Telegram sends back"),
    "rate_limit": Setting("TANYA_RATE_LIMIT", "--rate-limit", "questions per user per minute (1-10000)", "20"),
    "retry_seconds": Setting("TANYA_RETRY_SECONDS", "--retry-seconds", "seconds a failing Bot API call is tried again (0: never; at most 3600)", "60"),
    "search_timeout": Setting("TANYA_SEARCH_TIMEOUT", "--search-timeout", "seconds a question may take before the bot says it took too long (0.001-600)", "10"),
    "log_level": Setting("TANYA_LOG_LEVEL", "--log-level", "logging level: DEBUG, INFO, WARNING or ERROR", "INFO"),
    "history_file": Setting("TANYA_HISTORY_FILE", "--history-file", "console chat history file", "the user data directory"),
    "no_color": Setting("NO_COLOR", "--no-color", "any value: no colour in the terminal"),
    "feeds": Setting("TANYA_FEEDS", "--feed", "RSS/Atom feed URL to poll for new articles (repeatable; the variable: space- or comma-separated)"),
    "feed_interval": Setting("TANYA_FEED_INTERVAL", "--feed-interval", "seconds between polls of each feed (60-86400)", "900"),
    "watch_interval": Setting(
        "TANYA_WATCH_INTERVAL",
        "--watch-interval",
        "seconds between looks whether another process (`tanya add`, cron) published a newer index, which the chat or bot then answers from (0: never; else at least 0.5)",
        "5",
    ),
    "allowed_chats": Setting(
        "TANYA_ALLOWED_CHATS",
        "--allowed-chats",
        "comma-separated Telegram user and chat ids the bot answers; others get one polite line (unset: everyone; admins always)",
    ),
    "questions_log": Setting(
        "TANYA_QUESTIONS_LOG", "--questions-log", "SQLite file logging the bot's questions for `tanya report` and /stats (`off`: no log)", "the user data directory"
    ),
    "log_user_ids": Setting("TANYA_LOG_USER_IDS", "--log-user-ids", "keep each asker's Telegram user id in the questions log (the variable: yes or no)", "no"),
    "lang": Setting("TANYA_LANG", "--lang", "language of the console and of `tanya report`, id or en", "the question's language"),
    "ray": Setting("TANYA_RAY_ADDRESS", "--ray", "Ray cluster address (host:port): serve the index sharded over it (needs the `cluster` extra)"),
    "shards": Setting("TANYA_SHARDS", "--shards", "shards of the index on the Ray cluster, 1-1024 (only with --ray: refused without it)", "4"),
    "strictness": Setting(
        "TANYA_STRICTNESS",
        "--strictness",
        "how sure tanya must be to answer, 0-1: higher refuses more questions the archive cannot answer, and more it can",
        "the fitted model's threshold",
    ),
}


# Whole-number settings: the values each may take.
RANGES = {"shards": (1, 1024), "top_k": (1, 100), "port": (1, 65535), "rate_limit": (1, 10_000), "retry_seconds": (0, 3600)}
# Settings in seconds that may have a fraction: the least and most each may be.
SECONDS = {"search_timeout": (0.001, 600.0), "feed_interval": (60.0, 86400.0), "watch_interval": (0.0, 86400.0)}
# Seconds settings where 0 turns a thing off and any other value has a floor: a watcher
# looking 1,000 times a second (0.001) would keep a core listing a directory.
OFF_OR_AT_LEAST = {"watch_interval": 0.5}
# Settings naming a file or directory.
PATHS = ("corpus", "index_dir", "history_file", "token_file", "questions_log")
# What Telegram takes as a webhook's secret token.
SECRET_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
# RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens, and
# inner underscores too: Docker Compose v1 (and v2 with --compatibility) names
# containers "project_service_1", and its DNS resolves them.
HOST_NAME_RE = re.compile(r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?")
# Spellings of a yes/no setting.
YES = ("1", "yes", "true", "on")
NO = ("0", "no", "false", "off")


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
    ray: str | None = None  # a Ray cluster's address: the index sharded over it
    shards: int = 4
    feeds: tuple[str, ...] = ()
    feed_interval: float = 900.0  # a quarter of an hour: news sites publish a few an hour
    # A look is one listing of the index's directory: every few seconds costs nothing.
    watch_interval: float = 5.0
    allowed_chats: frozenset[int] = frozenset()  # empty: everyone
    questions_log: Path | None = field(default_factory=default_questions_log)  # None: not logged
    log_user_ids: bool = False  # who asked is the newsroom's to choose to keep, not the default
    lang: str | None = None  # None: the question's language

    @classmethod
    def from_sources(cls, args: argparse.Namespace | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """Command-line options over environment variables over defaults."""
        environ = os.environ if environ is None else environ
        raw: dict[str, str] = {}
        for name, setting in SETTINGS.items():
            value = getattr(args, name, None) if args is not None else None
            if isinstance(value, list):  # a repeated option (--feed)
                value = " ".join(value)
            if value is None:
                # A variable set to nothing, or to spaces alone, is unset (as an env file's
                # "TANYA_CORPUS=" placeholder means); an option given empty is refused.
                # NO_COLOR counts when present and not empty, whatever it holds (no-color.org).
                given = environ.get(setting.env) or ""
                value = (given if name == "no_color" else given.strip()) or None
            if value is not None:
                raw[name] = str(value)
        values: dict[str, object] = {}
        for name, value in raw.items():
            values[name] = _convert(name, value)
        if args is not None and hasattr(args, "shards"):  # a command that takes --shards
            _shards_need_ray(raw)
        return cls(**values)  # type: ignore[arg-type]


def _shards_need_ray(raw: Mapping[str, str]) -> None:
    """SettingsError when shards were asked for, by option or variable, with no Ray
    cluster to put them on: taken without a word, the operator believed the index
    sharded while one process served it. The default alone says nothing."""
    if "shards" in raw and "ray" not in raw:
        shards, ray = SETTINGS["shards"], SETTINGS["ray"]
        raise SettingsError(
            f"{shards.option} / {shards.env} shards the index over a Ray cluster: give {ray.option} / {ray.env} too, or leave it out"
        )


# A whole-number setting: ASCII digits, a minus sign allowed (refused by the range).
WHOLE_NUMBER_RE = re.compile(r"-?[0-9]+")
# Longer than any range a setting has: not worth parsing (a 100,000-digit value).
WHOLE_NUMBER_DIGITS = 18
# How much of a refused value a message repeats.
ECHO_CHARS = 40


def _echo(value: str) -> str:
    """A refused value as a message repeats it: quoted, cut to one short line."""
    return repr(value if len(value) <= ECHO_CHARS else value[: ECHO_CHARS - 1] + "…")


def _convert(name: str, value: str) -> object:
    setting = SETTINGS[name]
    label = f"{setting.option} / {setting.env}"
    # Spaces around a value are a copy-paste's or a shell quote's, never meant: kept,
    # TANYA_CORPUS="/srv/arsip " filled a directory the bot never reads.
    value = value.strip()
    if name in PATHS and not value:
        # Path("") is the current directory: an unset shell variable (--corpus "$DIR")
        # would read, index or add to whatever directory tanya was started in.
        raise SettingsError(f"{label} is empty: give a path")
    if not value and name != "no_color":
        # Only an option reaches here empty (a variable of nothing is unset): "--allowed-chats
        # "$IDS"" with IDS unset meant "everyone", a bot open to strangers.
        raise SettingsError(f"{label} is empty: give a value, or leave the option out")
    if name in ("corpus", "index_dir", "history_file", "token_file"):
        return Path(value).expanduser()
    if name in SECONDS:
        try:
            seconds = float(value)
        except ValueError:
            raise SettingsError(f"{label} must be a number of seconds, not {value!r}") from None
        low, high = SECONDS[name]
        least = OFF_OR_AT_LEAST.get(name)
        # One sentence for every value out of bounds, naming them all (0.1 was told "at
        # least 0.5", and 100000 "from 0 to 86400", each hiding the other bound).
        allowed = f"0 (off) or from {least:g} to {high:g} seconds" if least is not None else f"from {low:g} to {high:g} seconds"
        if not low <= seconds <= high or least is not None and 0 < seconds < least:  # also refuses nan
            raise SettingsError(f"{label} must be {allowed}, not {_echo(value)}")
        return seconds
    if name in RANGES:
        low, high = RANGES[name]
        # Digits as typed: int() also takes "1_0" and other scripts' digits ("٣").
        if not WHOLE_NUMBER_RE.fullmatch(value):
            raise SettingsError(f"{label} must be a whole number, not {_echo(value)}")
        number = int(value) if len(value) <= WHOLE_NUMBER_DIGITS else high + 1  # past any range, not parsed
        if not low <= number <= high:
            raise SettingsError(f"{label} must be from {low} to {high}, not {_echo(value)}")
        return number
    if name in ("admin_ids", "allowed_chats"):
        return _ids(label, value, "user ids" if name == "admin_ids" else "user or chat ids", users_only_positive=name == "admin_ids")
    if name == "questions_log":
        return None if value.strip().lower() == "off" else Path(value).expanduser()
    if name == "log_user_ids":
        answer = value.strip().lower()
        if answer not in YES + NO:
            raise SettingsError(f"{label} must be yes or no, not {value!r}")
        return answer in YES
    if name == "lang":
        value = value.lower()  # "EN", as TANYA_LOG_LEVEL=debug is taken in any case
        if value not in ("id", "en"):
            raise SettingsError(f"{label} must be id or en, not {value!r}")
        return value
    if name == "strictness":
        try:
            share = float(value)
        except ValueError:
            raise SettingsError(f"{label} must be a number from 0 to 1, not {value!r}") from None
        if not 0.0 <= share <= 1.0:
            raise SettingsError(f"{label} must be from 0 to 1, not {value!r}")
        return share
    if name == "feeds":
        return _feed_urls(label, value)
    if name == "webhook_url":
        return _webhook_url(label, value)
    if name == "listen":
        return _listen_address(label, value)
    if name == "ray":
        return _ray_address(label, value)
    if name == "api_base_url":
        return _api_base_url(label, value)
    if name == "secret_token" and not SECRET_TOKEN_RE.fullmatch(value):
        # Checked here: Telegram refuses it only after the bot has started and connected.
        raise SettingsError(f"{label} must be 1-256 letters, digits, _ and - (Telegram's rule)")
    if name == "no_color":
        return True  # https://no-color.org: present and not empty
    if name == "log_level":
        level = value.upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise SettingsError(f"{label} must be DEBUG, INFO, WARNING or ERROR, not {value!r}")
        return level
    return value


def _ids(label: str, value: str, what: str, users_only_positive: bool = False) -> frozenset[int]:
    """The comma-separated Telegram ids of ``value``, at least one: commas alone (",")
    would leave allowed_chats empty, which lets everyone in."""
    try:
        ids = frozenset(int(part) for part in value.replace(" ", "").split(",") if part)
    except ValueError:
        raise SettingsError(f"{label} must be comma-separated numeric {what}, not {_echo(value)}") from None
    if not ids:
        raise SettingsError(f"{label} names no id: give comma-separated numeric {what}, or leave it unset")
    # Telegram's user ids are positive, a group's or a channel's negative: such an id
    # among the admins (pasted from a chat link) would make no one an admin in its place.
    wrong = sorted(i for i in ids if i <= 0) if users_only_positive else []
    if not wrong:
        return ids
    listed = ", ".join(str(i) for i in wrong[:3]) + (", ..." if len(wrong) > 3 else "")
    raise SettingsError(f"{label} must be positive Telegram {what}, not {listed} (a negative id is a group's or a channel's)")


def _ray_address(label: str, value: str) -> str:
    """A Ray cluster's address: host:port with a port from 1 to 65535, Ray's "auto", or a
    ray:// client address. Checked here: Ray tried port -1 for minutes,
    printed a traceback for no host (":6379"), and took "local" to start a Ray of this
    process's own, which is no cluster and changed the machine's Ray settings."""
    if value == "auto" or value.startswith("ray://"):
        return value
    host, colon, port = value.rpartition(":")
    if not (colon and host and "/" not in value and port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
        raise SettingsError(f"{label} must be host:port with a port from 1 to 65535 (or auto, or ray://host:port), not {_echo(value)}")
    return value


def _feed_urls(label: str, value: str) -> tuple[str, ...]:
    """The feed URLs in ``value`` (space- or comma-separated), each http(s)."""
    from retrieval.fetch import FetchError, check_url

    urls = []
    for part in value.replace(",", " ").split():
        try:
            urls.append(check_url(part))
        except FetchError as error:
            raise SettingsError(f"{label}: {part!r}: {error}") from None
    return tuple(dict.fromkeys(urls))


def _webhook_url(label: str, value: str) -> str:
    """``value`` when it is an https address with a host, as Telegram requires of a
    webhook; checked at start rather than by Telegram once the bot is up."""
    url = _http_address(value)
    if url is None or urlsplit(url).scheme.lower() != "https":
        raise SettingsError(f"{label} must be a public https:// address, not {value!r}")
    return url


def _listen_address(label: str, value: str) -> str:
    """``value`` when it is an IP address or a host name: a typo ("300.1.1.1") would
    otherwise surface only when the webhook starts, as the resolver's "Name or service
    not known", naming no setting."""
    address = value.strip()
    try:
        ipaddress.ip_address(address)
        return address
    except ValueError:
        pass
    if HOST_NAME_RE.fullmatch(address) and not address.replace(".", "").isdigit():
        return address
    raise SettingsError(f"{label} must be an IP address or a host name to listen on, not {value!r}")


def _api_base_url(label: str, value: str) -> str:
    """``value`` when it is an http(s) address with a host: the Bot API's base URL
    (a self-hosted server may be plain http on the same machine)."""
    url = _http_address(value)
    if url is None:
        raise SettingsError(f"{label} must be an http(s):// address, such as https://api.telegram.org/bot, not {value!r}")
    return url


def _http_address(value: str) -> str | None:
    """``value``, stripped, when it is an http(s) address with a host (the feeds' check,
    retrieval.fetch.check_url); None when it is not."""
    from retrieval.fetch import FetchError, check_url

    try:
        return check_url(value)
    except FetchError:
        return None


def add_options(parser: argparse.ArgumentParser, *names: str) -> None:
    """Add the named settings' options to a subcommand's parser."""
    for name in names:
        setting = SETTINGS[name]
        if name == "no_color":
            parser.add_argument(setting.option, dest=name, action="store_const", const="1", default=None, help=f"no colour in the terminal; env {setting.env}")
            continue
        if name == "log_user_ids":
            parser.add_argument(setting.option, dest=name, action="store_const", const="yes", default=None, help=f"{setting.help}; env {setting.env}")
            continue
        if name == "lang":
            # In any case, as TANYA_LANG is taken ("--lang EN").
            parser.add_argument(setting.option, dest=name, type=str.lower, choices=("id", "en"), default=None, help=f"{setting.help}; env {setting.env}")
            continue
        if name == "feeds":
            parser.add_argument(setting.option, dest=name, action="append", default=None, metavar="URL", help=f"{setting.help}; env {setting.env}")
            continue
        default = f" (default: {setting.default})" if setting.default else ""
        parser.add_argument(setting.option, dest=name, default=None, metavar=name.upper(), help=f"{setting.help}; env {setting.env}{default}")
