"""From the ``[lrs]`` settings to the objects that queue and send: one place, for every face.

The app, ``quizkit sync`` and ``quizkit stats --lrs`` all build their identity, client and
outbox here, so they cannot disagree about who the trainee is or where statements go.
"""

from __future__ import annotations

from quizkit.config import ConfigError, LrsSettings
from quizkit.history.store import Store, timestamp
from quizkit.xapi.client import LrsClient
from quizkit.xapi.queue import Outbox
from quizkit.xapi.statements import Identity
from quizkit.xapi.sync import BackgroundSync


def identity(settings: LrsSettings) -> Identity:
    """Who the trainee is in the LRS; :class:`ConfigError` if pseudonyms are asked for without a usable key."""
    return Identity(settings.home_page.value, settings.activity_base.value, settings.pseudonym_secret())


def bank_prefix(settings: LrsSettings) -> str:
    """Where the configured banks' activity IRIs start: what reading back filters on (needs no pseudonym key)."""
    return Identity(settings.home_page.value, settings.activity_base.value).bank_iri("")


def outbox(store: Store, settings: LrsSettings, profile: str) -> Outbox:
    """The queue of ``profile``'s statements in ``store``; :class:`ConfigError` as :func:`identity`."""
    return Outbox(identity(settings), profile, lambda: timestamp(store.now()))


def client(settings: LrsSettings) -> LrsClient:
    """A client for the configured LRS; :class:`ConfigError` if none is configured or the password file is unsafe."""
    if not settings.configured:
        raise ConfigError("no LRS is configured: set [lrs] url in the configuration file (`quizkit config` shows "
                          "where it is) or $QUIZKIT_LRS_URL.")
    return LrsClient(settings.endpoint(), settings.username.value, settings.secret())


def background_sync(store: Store, settings: LrsSettings, profile: str) -> BackgroundSync | None:
    """Queue statements in ``store`` and return the (unstarted) sender, when an LRS is configured.

    :class:`ConfigError` if the password file is unsafe or pseudonyms lack their key: said
    before the app starts, not mid-quiz.
    """
    if not settings.configured:
        return None
    lrs = client(settings)
    queue = outbox(store, settings, profile)
    store.outbox = queue
    return BackgroundSync(store.path, lrs, settings.batch_size.value, lambda: timestamp(store.now()), queue)
