"""Settings: environment, options over environment, and values refused in one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.settings import SETTINGS, Settings, SettingsError


def settings(argv: list[str], environ: dict[str, str]) -> Settings:
    return Settings.from_sources(build_parser().parse_args(argv), environ)


def test_defaults_without_environment():
    loaded = settings(["chat"], {})
    assert loaded.corpus.name == "seeds" and loaded.corpus.is_dir()
    assert (loaded.top_k, loaded.rate_limit, loaded.no_color, loaded.admin_ids) == (3, 20, False, frozenset())


def test_option_wins_over_environment():
    loaded = settings(["ask", "--top-k", "5", "--corpus", "/tmp/x"], {"TANYA_TOP_K": "2", "TANYA_CORPUS": "/tmp/y", "NO_COLOR": "1"})
    assert (loaded.top_k, loaded.corpus, loaded.no_color) == (5, Path("/tmp/x"), True)


def test_telegram_settings_from_environment():
    loaded = settings(["telegram"], {"TELEGRAM_BOT_TOKEN": "1:a", "BOT_ADMIN_IDS": "12, 34", "TANYA_RATE_LIMIT": "1", "TANYA_WEBHOOK_PORT": "1"})
    assert (loaded.token, loaded.admin_ids, loaded.rate_limit, loaded.port) == ("1:a", frozenset({12, 34}), 1, 1)


@pytest.mark.parametrize(
    ("environ", "field", "expected"),
    [
        # A space a copy-paste or a shell quote left is no part of the value: a corpus
        # "/srv/arsip " would be another directory, filled by adds the bot never sees.
        ({"TANYA_CORPUS": "/srv/arsip "}, "corpus", Path("/srv/arsip")),
        ({"TANYA_CORPUS": " /srv/arsip"}, "corpus", Path("/srv/arsip")),
        ({"TANYA_INDEX_DIR": "/var/cache/tanya\n"}, "index_dir", Path("/var/cache/tanya")),
        ({"TANYA_LANG": "en "}, "lang", "en"),
        ({"TANYA_LOG_LEVEL": " warning"}, "log_level", "WARNING"),
        ({"TANYA_TOP_K": " 2 "}, "top_k", 2),
        ({"TELEGRAM_BOT_TOKEN": "1:a\n"}, "token", "1:a"),
    ],
)
def test_spaces_around_a_value_are_no_part_of_it(environ, field, expected):
    assert getattr(settings(["telegram"], environ), field) == expected


def test_a_variable_of_spaces_only_is_unset_and_an_empty_option_refused():
    assert settings(["chat"], {"TANYA_CORPUS": "  "}).corpus == settings(["chat"], {}).corpus
    with pytest.raises(SettingsError, match="TANYA_CORPUS is empty"):
        settings(["chat", "--corpus", " "], {})


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"TANYA_TOP_K": "0"}, "from 1 to 100"),
        ({"TANYA_TOP_K": "three"}, "whole number"),
        ({"TANYA_TOP_K": "1_0"}, "must be a whole number, not '1_0'"),  # int() took it as 10 (H95)
        ({"TANYA_TOP_K": "\u0663"}, "must be a whole number"),  # an Arabic-Indic 3, which int() takes
        ({"TANYA_TOP_K": "-3"}, "from 1 to 100, not '-3'"),
        ({"TANYA_TOP_K": "9" * 100_000}, "from 1 to 100, not '" + "9" * 39 + "…'"),  # one short line, not 100 KB
        ({"TANYA_WEBHOOK_PORT": "70000"}, "from 1 to 65535"),
        ({"BOT_ADMIN_IDS": "12,alice"}, "numeric user ids"),
        ({"BOT_ADMIN_IDS": "12,-1001234567890"}, "must be positive Telegram user ids, not -1001234567890 (a negative id"),  # a group's id
        ({"BOT_ADMIN_IDS": ",".join(map(str, range(1, 40))) + ",-5"}, "not -5 ("),  # named, however long the list
        ({"BOT_ADMIN_IDS": "0"}, "must be positive Telegram user ids, not 0 ("),
        ({"TANYA_LOG_LEVEL": "LOUD"}, "DEBUG, INFO"),
        ({"TANYA_WEBHOOK_LISTEN": "300.1.1.1"}, "an IP address or a host name"),
        ({"TANYA_WEBHOOK_LISTEN": "0.0.0.0:8443"}, "an IP address or a host name"),
        ({"TANYA_WEBHOOK_LISTEN": "my host"}, "an IP address or a host name"),
        ({"TANYA_WEBHOOK_LISTEN": "_tanya"}, "an IP address or a host name"),
        ({"TELEGRAM_API_BASE_URL": "api.telegram.org/bot"}, "http(s)://"),
        ({"TELEGRAM_API_BASE_URL": "ftp://127.0.0.1/bot"}, "http(s)://"),
        ({"TELEGRAM_API_BASE_URL": "http://[::1/bot"}, "http(s)://"),
        # Ray tried port -1 for minutes, gave 0 and 99999 exit 1 (restarted), printed a
        # traceback for no host, and took "local" for a Ray of its own (helper-113).
        ({"TANYA_RAY_ADDRESS": "127.0.0.1:-1"}, "host:port with a port from 1 to 65535"),
        ({"TANYA_RAY_ADDRESS": "127.0.0.1:0"}, "host:port with a port from 1 to 65535"),
        ({"TANYA_RAY_ADDRESS": "127.0.0.1:99999"}, "host:port with a port from 1 to 65535"),
        ({"TANYA_RAY_ADDRESS": ":6379"}, "host:port with a port from 1 to 65535"),
        ({"TANYA_RAY_ADDRESS": "local"}, "host:port with a port from 1 to 65535"),
        ({"TANYA_RAY_ADDRESS": "http://127.0.0.1:6379"}, "host:port with a port from 1 to 65535"),
        ({"TANYA_RAY_ADDRESS": "127.0.0.1:²"}, "host:port with a port from 1 to 65535"),
    ],
)
def test_bad_values_are_refused_with_the_setting_named(environ, message):
    with pytest.raises(SettingsError) as error:
        settings(["telegram"], environ)
    assert message in str(error.value) and next(iter(environ)) in str(error.value)


def test_empty_no_color_means_colour():
    assert settings(["chat"], {"NO_COLOR": ""}).no_color is False


@pytest.mark.parametrize("listen", ["127.0.0.1", "0.0.0.0", "::", "::1", "localhost", "bot-1.internal", "example.org.", "tanya_bot_1"])
def test_listen_addresses_and_host_names_are_taken(listen):
    assert settings(["telegram"], {"TANYA_WEBHOOK_LISTEN": listen}).listen == listen


@pytest.mark.parametrize("base", ["https://api.telegram.org/bot", "http://127.0.0.1:8081/bot"])
def test_a_bot_api_base_url_of_http_or_https_is_taken(base):
    assert settings(["telegram"], {"TELEGRAM_API_BASE_URL": base}).api_base_url == base


@pytest.mark.parametrize(
    ("argv", "environ", "message"),
    [
        # An empty list of ids was "everyone": a bot opened to strangers by an unset $IDS.
        (["telegram", "--allowed-chats", ""], {}, "--allowed-chats / TANYA_ALLOWED_CHATS is empty"),
        (["telegram", "--allowed-chats", ","], {}, "TANYA_ALLOWED_CHATS names no id"),
        (["telegram"], {"TANYA_ALLOWED_CHATS": " , ,"}, "TANYA_ALLOWED_CHATS names no id"),
        (["telegram", "--admin-ids", ""], {}, "--admin-ids / BOT_ADMIN_IDS is empty"),
        (["telegram"], {"BOT_ADMIN_IDS": ","}, "BOT_ADMIN_IDS names no id"),
        (["telegram", "--token", ""], {}, "--token / TELEGRAM_BOT_TOKEN is empty"),
        (["chat", "--strictness", " "], {}, "--strictness / TANYA_STRICTNESS is empty"),
    ],
)
def test_an_empty_option_or_a_list_naming_no_id_is_refused(argv, environ, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        settings(argv, environ)


def test_an_id_list_variable_set_to_nothing_is_unset():
    # An env file's "TANYA_ALLOWED_CHATS=" placeholder: the default, everyone.
    assert settings(["telegram"], {"TANYA_ALLOWED_CHATS": "", "BOT_ADMIN_IDS": " "}).allowed_chats == frozenset()
    assert settings(["telegram"], {"TANYA_ALLOWED_CHATS": "12, -1001"}).allowed_chats == frozenset({12, -1001})


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        # Every out-of-bounds value is told both bounds (helper-106: 0.1 heard only of the floor).
        ({"TANYA_WATCH_INTERVAL": "0.1"}, "must be 0 (off) or from 0.5 to 86400 seconds, not '0.1'"),
        ({"TANYA_WATCH_INTERVAL": "100000"}, "must be 0 (off) or from 0.5 to 86400 seconds, not '100000'"),
        ({"TANYA_WATCH_INTERVAL": "nan"}, "must be 0 (off) or from 0.5 to 86400 seconds, not 'nan'"),
        ({"TANYA_WATCH_INTERVAL": "-1"}, "must be 0 (off) or from 0.5 to 86400 seconds"),
        ({"TANYA_SEARCH_TIMEOUT": "601"}, "must be from 0.001 to 600 seconds, not '601'"),
    ],
)
def test_a_number_of_seconds_out_of_bounds_is_told_both(environ, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        settings(["chat"] if "WATCH" in next(iter(environ)) else ["telegram"], environ)


@pytest.mark.parametrize("lang", ["en", "EN", " En "])
def test_the_language_setting_is_taken_in_any_case(lang):
    assert settings(["chat"], {"TANYA_LANG": lang}).lang == "en"
    if lang.strip() == lang:
        assert settings(["chat", "--lang", lang], {}).lang == "en"


@pytest.mark.parametrize("address", ["127.0.0.1:6379", "head.internal:10001", "[::1]:6379", "auto", "ray://127.0.0.1:10001"])
def test_ray_addresses_are_taken(address):
    assert settings(["ask"], {"TANYA_RAY_ADDRESS": address}).ray == address


def test_the_default_answers_are_those_the_evaluation_reads_as_deep_as():
    """`tanya eval --unanswerable` reads as deep as a reply of DEFAULT_TOP_K answers: the
    number a user gets unless they set TANYA_TOP_K."""
    from retrieval.search import DEFAULT_TOP_K

    assert Settings().top_k == DEFAULT_TOP_K == int(SETTINGS["top_k"].default)
