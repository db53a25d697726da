"""Sending text messages through a provider (Twilio), when one is configured; none is by default.

Like ``mailer`` for e-mail, nothing here reads the database: ``services.outbox.delivery`` claims the outbox's
text messages and sends them through ``connection``. The provider's own client library does the sending
(``twilio``); ``WBL_TWILIO_API_BASE`` points it at another address (a test's local endpoint) instead of
Twilio's.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping

from wbl_match.mailer import MessageRefused

PROVIDERS = ("twilio",)
#: Twilio's codes for a number that will never take this message: unsubscribed (STOP), not a mobile, invalid.
FINAL_ERROR_CODES = frozenset({21610, 21614, 21211, 21408, 21612})
#: Twilio's code for a number that replied STOP to the service's number.
STOPPED = 21610


class TextRefusedForGood(MessageRefused):
    """The provider says this number can never get the message (it said STOP, or is no mobile number)."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code

    @property
    def said_stop(self) -> bool:
        return self.code == STOPPED


class ProviderUnreachable(OSError):
    """The provider could not be reached at all (no message went)."""


@dataclass(frozen=True)
class SmsSettings:
    """The text message provider and its account; ``provider`` None means texts are off."""

    provider: str | None = None
    account_sid: str | None = None
    auth_token: str | None = None
    from_number: str | None = None
    #: Another address for the provider's API (tests); None: the provider's own.
    api_base: str | None = None
    #: The incoming-texts address as configured at the provider (what it signs); None: the request's own.
    webhook_url: str | None = None
    timeout: float = 20.0

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> "SmsSettings":
        provider = (config.get("SMS_PROVIDER") or "").strip().lower() or None
        if provider is not None and provider not in PROVIDERS:
            raise ValueError(f"WBL_SMS_PROVIDER must be one of {', '.join(PROVIDERS)} or empty, not {provider!r}")
        settings = cls(provider=provider, account_sid=config.get("TWILIO_ACCOUNT_SID") or None,
                       auth_token=config.get("TWILIO_AUTH_TOKEN") or None,
                       from_number=config.get("TWILIO_FROM") or None, api_base=config.get("TWILIO_API_BASE") or None,
                       webhook_url=config.get("TWILIO_WEBHOOK_URL") or None)
        if provider and not (settings.account_sid and settings.auth_token and settings.from_number):
            raise ValueError("WBL_SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM")
        return settings

    @property
    def enabled(self) -> bool:
        return self.provider is not None


_bound = SmsSettings()


def bind(settings: SmsSettings) -> None:
    """Make ``settings`` the process's (the application does at its start), for ``texts_enabled``."""
    global _bound
    _bound = settings


def texts_enabled() -> bool:
    """Whether this process sends text messages at all (services ask before queuing one)."""
    return _bound.enabled


def bound() -> SmsSettings:
    return _bound


#: The words of an incoming text that stop all texts (Twilio's own opt-out keywords), and that ask for them
#: again; compared trimmed and in any case, as the whole text.
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "UNSTOP"})
#: The answer to an incoming text: empty TwiML (no reply from this service; Twilio sends its own to STOP).
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def keyword(body: str | None) -> str | None:
    """``"stop"`` or ``"start"`` when an incoming text is one of those words, else None."""
    word = (body or "").strip().upper()
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    return None


def signed_by_provider(settings: SmsSettings, url: str, params: Mapping[str, str], signature: str | None) -> bool:
    """Whether an incoming request's ``X-Twilio-Signature`` is Twilio's for ``url`` (the configured webhook
    address, else the request's) and its form ``params``, with the account's auth token. False while texts
    are off or without a signature."""
    if not settings.enabled or not settings.auth_token or not signature:
        return False
    from twilio.request_validator import RequestValidator

    return RequestValidator(settings.auth_token).validate(settings.webhook_url or url, params, signature)


@contextmanager
def connection(settings: SmsSettings) -> Iterator[Callable[[str, str], str]]:
    """A sender for a batch of texts: ``send(to_number, body)`` returns the provider's id for the message.

    Raises ``MessageRefused`` (or ``TextRefusedForGood``) from ``send`` when the provider refuses one message,
    and ``ProviderUnreachable`` when it cannot be reached (or no provider is configured).
    """
    if not settings.enabled:
        raise ProviderUnreachable("no text message provider is configured (WBL_SMS_PROVIDER)")
    from twilio.base.exceptions import TwilioRestException
    from twilio.http.http_client import TwilioHttpClient
    from twilio.rest import Client

    client = Client(settings.account_sid, settings.auth_token,
                    http_client=TwilioHttpClient(timeout=settings.timeout))
    if settings.api_base:
        client.api.base_url = settings.api_base.rstrip("/")

    def send(to_number: str, body: str) -> str:
        try:
            return client.messages.create(to=to_number, from_=settings.from_number, body=body).sid
        except TwilioRestException as error:
            if error.status >= 500 or error.status == 429:
                raise ProviderUnreachable(f"Twilio answered {error.status}: {error.msg}") from error
            words = f"Twilio refused it ({error.status}, code {error.code}): {error.msg}"
            if error.code in FINAL_ERROR_CODES:
                raise TextRefusedForGood(words, error.code) from error
            raise MessageRefused(words) from error
        except OSError as error:  # requests' ConnectionError and timeouts are OSErrors
            raise ProviderUnreachable(f"{type(error).__name__}: {error}") from error

    yield send
