"""HTTP to a Learning Record Store: POST statements, GET them back page by page.

The standard library's urllib is enough for two requests and keeps quizkit free of an HTTP
dependency. Every failure is one of two kinds, because the sender must treat them differently:

* :class:`UnreachableError`: the network, a timeout, a 5xx or 429 answer. Nothing is wrong with the
  statements; try again later, with backoff.
* :class:`RefusedError`: any other 4xx answer. Sending the same request again will fail again; the
  sender narrows down which statement is at fault (or, for 401/403/404, that the configuration
  is) instead of retrying.

The password is sent as HTTP basic authentication and never appears in a message.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizkit import __version__
from quizkit.xapi.statements import VERSION

#: Seconds to wait for the LRS before calling it unreachable.
TIMEOUT = 15.0
#: Answers that say the LRS (or the way to it) is in trouble, not the statements.
_TRANSIENT = frozenset({408, 425, 429, 500, 502, 503, 504})
#: Answers that say the configuration is wrong (credentials, address): no statement is at fault.
CONFIGURATION = frozenset({401, 403, 404, 405})


class LrsError(Exception):
    """A request to the LRS failed; ``str()`` says how, without the password."""


class UnreachableError(LrsError):
    """The LRS could not be reached or is failing: try later."""


class RefusedError(LrsError):
    """The LRS answered with a 4xx status: this request will not succeed as it is."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"HTTP {status}: {reason}")
        self.status = status
        self.reason = reason


@dataclass(frozen=True, slots=True)
class LrsClient:
    """One LRS: its xAPI endpoint (ending in ``/``) and basic-auth credentials."""

    endpoint: str
    username: str | None = None
    password: str | None = None
    timeout: float = TIMEOUT

    def post_statements(self, statements: Sequence[Mapping[str, Any]] | bytes) -> None:
        """Store ``statements`` (a list, or its JSON already encoded) in one request."""
        body = statements if isinstance(statements, bytes) else json.dumps(list(statements)).encode()
        self._request("POST", self._url("statements"), body)

    def statements(self, params: Mapping[str, str]) -> Iterator[dict[str, Any]]:
        """Every statement the query ``params`` selects, following the ``more`` links page by page."""
        url: str | None = self._url("statements") + "?" + urllib.parse.urlencode(params)
        while url:
            page = json.loads(self._request("GET", url, None) or b"{}")
            if not isinstance(page, dict) or not isinstance(page.get("statements"), list):
                raise LrsError(f"{self.endpoint}: the answer to a statements query is not a StatementResult")
            yield from page["statements"]
            more = page.get("more") or ""
            # "more" is relative to the server (xAPI 1.0.3, 2.1.3); an empty page ends it as well.
            url = urllib.parse.urljoin(self.endpoint, more) if more and page["statements"] else None

    def _url(self, resource: str) -> str:
        return urllib.parse.urljoin(self.endpoint, resource)

    def _request(self, method: str, url: str, body: bytes | None) -> bytes:
        headers = {"X-Experience-API-Version": VERSION, "User-Agent": f"quizkit/{__version__}",
                   "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self.username is not None:
            token = base64.b64encode(f"{self.username}:{self.password or ''}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as error:
            reason = _reason(error)
            if error.code in _TRANSIENT or error.code >= 500:
                raise UnreachableError(f"{self.endpoint}: HTTP {error.code}: {reason}") from None
            raise RefusedError(error.code, reason) from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            cause = getattr(error, "reason", error)
            raise UnreachableError(f"{self.endpoint}: {cause}") from None


def _reason(error: urllib.error.HTTPError) -> str:
    """The LRS's own explanation (a JSON ``detail``, or the text), kept short for a report line."""
    try:
        text = error.read(4000).decode("utf-8", "replace")
    except OSError:
        text = ""
    try:
        detail = json.loads(text).get("detail", text)
    except (ValueError, AttributeError):
        detail = text
    message = detail if isinstance(detail, str) else json.dumps(detail)
    return " ".join((message or error.reason or "").split())[:500]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect would resend the credentials to wherever it points: refuse it instead."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())
