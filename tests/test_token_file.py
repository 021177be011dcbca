"""The bot token read from a token file (H29): a byte order mark (a Windows editor's) and
a copy of the env file's ``TELEGRAM_BOT_TOKEN=...`` line are taken, any other
``KEY=value`` and a malformed token are refused in one line naming the file."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from bot.telegram_app import TokenError, bot_token

TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789"


@pytest.mark.parametrize(
    "content",
    [
        f"\ufeff{TOKEN}\n".encode(),
        f"{TOKEN}\r\n".encode(),
        f"TELEGRAM_BOT_TOKEN={TOKEN}\n".encode(),
        f"\ufeffexport TELEGRAM_BOT_TOKEN='{TOKEN}'\n".encode(),
        f'TELEGRAM_BOT_TOKEN = "{TOKEN}"'.encode(),
        f"\ufeff{TOKEN}\r\n".encode("utf-16-le"),  # Windows Notepad's "Unicode" (H94)
        f"\ufeff{TOKEN}\n".encode("utf-16-be"),
    ],
)
def test_a_token_file_with_a_bom_or_the_env_line_gives_the_token(tmp_path, content):
    path = tmp_path / "token"
    path.write_bytes(content)
    assert bot_token(Settings(token_file=path)) == TOKEN


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"BOT_ADMIN_IDS=1,2\n", "sets BOT_ADMIN_IDS: it should hold the token alone"),
        (b"", "is empty"),
        (b"\xef\xbb\xbf\n", "is empty"),
        (b"123456 ABC\n", "the bot token is malformed"),
        (b"123456:AB\xffC\n", "is not text in UTF-8: save it as plain text (UTF-8)"),
    ],
)
def test_a_token_file_that_holds_no_token_is_refused_naming_the_file(tmp_path, content, says):
    path = tmp_path / "token"
    path.write_bytes(content)
    with pytest.raises(TokenError) as refused:
        bot_token(Settings(token_file=path))
    message = str(refused.value)
    assert says in message and str(path) in message and "\n" not in message
    assert "ABC" not in message  # never the token (or what stands for it) itself
