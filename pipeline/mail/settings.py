"""The [mail] settings as used: passwords, TLS, and the errors that say what to fix."""
from __future__ import annotations

import logging
import os
import ssl
import tomllib

from ..plan.config import Config, Mail
from ..vi.mail import ERRORS, KEYS

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 60                  # a mail server that does not answer in a minute is down


class MailError(Exception):
    """The mailbox cannot be used (no password, no connection, login refused); the message is Vietnamese."""


def mail_settings(config: Config) -> Mail:
    if config.mail is None:
        raise MailError(ERRORS["no-mail-table"].format(config=config.source.name))
    return config.mail


def password_for(config: Config, key: str, user: str) -> str:
    """The password from the environment variable `password_env`, else `key` in the secrets file."""
    mail = mail_settings(config)
    value = os.environ.get(mail.password_env) if mail.password_env else None
    if value:
        return value
    hint = ""
    if mail.secrets_file:
        path = config.source.parent / mail.secrets_file
        hint = ERRORS["secrets-hint"].format(key=key, path=path)
        if path.is_file():
            try:
                secrets = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise MailError(ERRORS["bad-secrets"].format(path=path, reason=exc)) from exc
            if isinstance(secrets.get(key), str) and secrets[key]:
                return secrets[key]
    raise MailError(ERRORS["no-password"].format(user=user, env=mail.password_env or "MTCL_MAIL_PASSWORD",
                                                  secrets=hint))


def tls_context(config: Config) -> ssl.SSLContext:
    """System CAs plus `cafile` (an office server's own CA); `verify_tls = false` turns checking off."""
    mail = mail_settings(config)
    context = ssl.create_default_context()
    if mail.cafile:
        context.load_verify_locations(cafile=str(config.source.parent / mail.cafile))
    if not mail.verify_tls:
        log.warning("TLS certificate verification is off (mail.verify_tls = false)")
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def connection_error(host: str, port: int, exc: Exception) -> MailError:
    key = "tls" if isinstance(exc, ssl.SSLError) else "connect"
    return MailError(ERRORS[key].format(host=host, port=port, reason=exc))


def login_error(config: Config, host: str, user: str, exc: Exception) -> MailError:
    return MailError(ERRORS["login"].format(host=host, user=user, reason=exc, env=mail_settings(config).password_env))


def missing_key(config: Config, key: str) -> MailError:
    return MailError(ERRORS["missing-key"].format(config=config.source.name, key=key, meaning=KEYS[key]))
