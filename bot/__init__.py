"""Front ends of tanya: the Telegram bot, the console chat and the command line."""
