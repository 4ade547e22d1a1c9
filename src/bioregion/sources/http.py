"""Live fetching: :class:`SourceClient`, a polite, cached, retrying HTTP client.

Every connector fetches through a :class:`SourceClient` built on an injected
``httpx.Client`` (tests pass one over ``httpx.MockTransport`` replaying recorded
responses). The client

- caches successful GET responses on disk (hishel, keyed by URL) for
  ``cache_ttl`` seconds, so a rerun reads them back without the network;
- waits at least ``min_interval`` seconds between two requests that reach the
  network (the source's rate limit);
- retries 429 (after the ``Retry-After`` the source asks for, in seconds or as an
  HTTP date), 5xx and transport errors (connection, timeout) with exponential
  backoff, ``retries`` times, then raises :class:`~bioregion.errors.SourceError`
  saying the URL, the last status and what to do;
- sends a ``User-Agent`` naming bioregion and the contact e-mail of
  ``BIOREGION_CONTACT_EMAIL``, and the source's API key from
  ``BIOREGION_<SOURCE>_API_KEY`` where the connector says it goes;
- pages through results up to a page cap, recording its progress in a checkpoint
  file so that a run that failed continues where it stopped (:meth:`SourceClient.pages`).

Configuration lives in a :class:`SourceConfig` object, never in module globals.
httpx and hishel are the optional extra ``sources``; they load when a client is made.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bioregion.errors import MissingExtraError, SourceError

if TYPE_CHECKING:
    import httpx

CONTACT_ENV = "BIOREGION_CONTACT_EMAIL"
CACHE_ENV = "BIOREGION_CACHE_DIR"
PROJECT_URL = "https://github.com/bioregion/bioregion"
#: ``next_params(page) -> dict | None``: the parameters that change for the next page.
NextParams = Callable[[Any], "Mapping[str, Any] | None"]


@dataclass(frozen=True)
class SourceConfig:
    """How to talk to one source. Connectors give their source's defaults
    (``min_interval``, where the API key goes, ``requires_contact``);
    :func:`source_config` adds what the environment says.

    Attributes
    ----------
    name : the source (``ror``); it names the API-key variable
        ``BIOREGION_<NAME>_API_KEY`` and the checkpoint files.
    min_interval : seconds between two requests that reach the network.
    max_pages : at most this many pages per paged fetch (``None``: no cap).
    timeout : seconds to connect, and between bytes of a response.
    retries : how many times a failed request is retried (so ``retries + 1`` tries).
    backoff, max_backoff : the first wait before a retry, doubled each time up to
        ``max_backoff`` seconds.
    max_retry_after : the longest ``Retry-After`` honoured; a source asking for
        longer raises :class:`SourceError` at once (try again later).
    cache_dir : folder of the HTTP cache and of the checkpoint files; ``None``
        caches nothing and keeps no checkpoint.
    cache_ttl : seconds a cached response (and a checkpoint) stays valid.
    contact_email : sent in the ``User-Agent`` (and as ``mailto_param``).
    requires_contact : refuse to send anything without a contact e-mail (SEC EDGAR).
    api_key, api_key_param, api_key_header : the key and where it goes.
    mailto_param : a query parameter that carries the contact e-mail (OpenAlex).
    """

    name: str
    min_interval: float = 0.0
    max_pages: int | None = 100
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0
    max_backoff: float = 60.0
    max_retry_after: float = 600.0
    cache_dir: Path | None = None
    cache_ttl: float = 7 * 24 * 3600.0
    contact_email: str = ""
    requires_contact: bool = False
    api_key: str = ""
    api_key_param: str = ""
    api_key_header: str = ""
    mailto_param: str = ""

    @property
    def api_key_env(self) -> str:
        """The environment variable that holds this source's API key."""
        return f"BIOREGION_{self.name.upper()}_API_KEY"

    @property
    def user_agent(self) -> str:
        from bioregion._version import __version__

        contact = f"; mailto:{self.contact_email}" if self.contact_email else ""
        return f"bioregion/{__version__} (+{PROJECT_URL}{contact})"

    def from_env(self, environ: Mapping[str, str] | None = None) -> SourceConfig:
        """This config with the contact e-mail, API key and cache folder the
        environment gives (``BIOREGION_CONTACT_EMAIL``, ``BIOREGION_<NAME>_API_KEY``,
        ``BIOREGION_CACHE_DIR``); values already set are kept."""
        env = os.environ if environ is None else environ
        return replace(
            self,
            contact_email=self.contact_email or env.get(CONTACT_ENV, "").strip(),
            api_key=self.api_key or env.get(self.api_key_env, "").strip(),
            cache_dir=self.cache_dir or default_cache_dir(env),
        )


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$BIOREGION_CACHE_DIR``, else ``$XDG_CACHE_HOME/bioregion``, else
    ``~/.cache/bioregion``."""
    env = os.environ if environ is None else environ
    if env.get(CACHE_ENV):
        return Path(env[CACHE_ENV]).expanduser()
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "bioregion"


def source_config(
    connector: Any, environ: Mapping[str, str] | None = None, **overrides: Any
) -> SourceConfig:
    """The config to fetch with ``connector``: its defaults (its ``config``
    attribute, else a :class:`SourceConfig` named after it), completed from the
    environment, with ``overrides`` (e.g. ``cache_dir=``, ``max_pages=``) on top."""
    base = getattr(connector, "config", None) or SourceConfig(name=connector.name)
    given = {k: v for k, v in overrides.items() if v is not None}
    if "cache_dir" in given:
        given["cache_dir"] = Path(given["cache_dir"])
    return replace(base, **given).from_env(environ)


def require_httpx() -> Any:
    """The ``httpx`` module, or :class:`MissingExtraError` naming the extra."""
    try:
        import httpx
    except ImportError:
        raise MissingExtraError("httpx", "sources") from None
    return httpx


def cache_storage(cache_dir: Path, ttl: float | None = None) -> Any:
    """hishel's on-disk store in ``cache_dir/http.sqlite``, entries kept ``ttl`` seconds."""
    try:
        import hishel
    except ImportError:
        raise MissingExtraError("hishel", "sources") from None
    folder = Path(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return hishel.SqliteStorage(database_path=folder / "http.sqlite", default_ttl=ttl)


def cached_transport(
    transport: httpx.BaseTransport,
    cache_dir: Path | None = None,
    ttl: float | None = None,
    *,
    storage: Any = None,
) -> httpx.BaseTransport:
    """``transport`` behind hishel's on-disk cache (``storage``, else one in
    ``cache_dir/http.sqlite``).

    Successful GET responses are kept for ``ttl`` seconds and served from the cache
    by URL (HTTP caching headers are not consulted: public-data APIs rarely send
    useful ones, and a rerun must see the pages the first run saw).
    """
    try:
        from hishel.httpx import CacheTransport
    except ImportError:
        raise MissingExtraError("hishel", "sources") from None
    if storage is None:
        if cache_dir is None:
            raise ValueError("cached_transport needs a cache_dir or a storage")
        storage = cache_storage(cache_dir, ttl)
    return CacheTransport(next_transport=transport, storage=storage)


def cache_key(url: str) -> str:
    """The key a :class:`SourceClient` files a response under in its cache."""
    return hashlib.sha256(f"bioregion GET {url}".encode()).hexdigest()


def retry_after_seconds(value: str | None, now: dt.datetime) -> float | None:
    """The wait a ``Retry-After`` header asks for: seconds, or an HTTP date
    (``Wed, 21 Oct 2015 07:28:00 GMT``) counted from ``now``; ``None`` if absent or
    unreadable. A date in the past gives 0.

    >>> now = dt.datetime(2015, 10, 21, 7, 27, 30, tzinfo=dt.UTC)
    >>> retry_after_seconds("120", now), retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now)
    (120.0, 30.0)
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


def refused_message(config: SourceConfig, shown: str, response: httpx.Response) -> str:
    """What a 4xx answer (other than 429) means and what to do; retrying cannot help."""
    status = response.status_code
    if status in (401, 403):
        todo = (
            f"if the source needs an API key, set {config.api_key_env}; if it wants to know "
            f"who asks, set {CONTACT_ENV}"
        )
    elif status == 404:
        todo = "check the record id or the query (the source does not know it)"
    else:
        todo = "check the --query keys and values against the source's documentation"
    body = " ".join(response.text[:200].split())
    said = f" (the source says: {body})" if body else ""
    return f"GET {shown}: HTTP {status}{said}; nothing was written. {todo[0].upper()}{todo[1:]}"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SourceClient:
    """A polite, cached, retrying HTTP client for one source (see the module).

    Parameters
    ----------
    config : SourceConfig
    client : httpx.Client, optional
        Used as given (its transport decides about caching). Without it, the
        client is built over ``transport`` (default: the network), behind the disk
        cache when ``config.cache_dir`` is set.
    sleep, clock, now : injectable time: ``sleep(seconds)``, a monotonic
        ``clock()`` and ``now()`` (UTC datetime), so that tests never wait.

    Attributes
    ----------
    retrieved : UTC time of the last response (its ``Date`` header, which a cached
        response keeps, else when it arrived): the retrieval time of its records.
    sent, from_cache : requests that reached the network, responses from the cache.
    notes : what a fetch should report (a page cap reached, a resumed run).
    """

    def __init__(
        self,
        config: SourceConfig,
        client: httpx.Client | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        httpx = require_httpx()
        self.config = config
        self.sleep, self.clock, self.now = sleep, clock, now
        self.owns_client = client is None
        self.storage: Any = None
        if client is None:
            base = transport or httpx.HTTPTransport()
            if config.cache_dir is not None:
                self.storage = cache_storage(config.cache_dir, config.cache_ttl)
                base = cached_transport(base, storage=self.storage)
            client = httpx.Client(transport=base, timeout=config.timeout, follow_redirects=True)
        self.client = client
        self.retrieved: dt.datetime | None = None
        self.sent = 0
        self.from_cache = 0
        self.notes: list[str] = []
        self.last_sent: float | None = None

    def close(self) -> None:
        """Close the httpx client if this object made it."""
        if self.owns_client:
            self.client.close()

    def __enter__(self) -> SourceClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one request ----------------------------------------------------------
    def headers(self) -> dict[str, str]:
        found = {"User-Agent": self.config.user_agent, "Accept": "application/json, */*"}
        if self.config.api_key and self.config.api_key_header:
            found[self.config.api_key_header] = self.config.api_key
        return found

    def full_params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        """``params`` with the API key and the contact e-mail where the source wants them."""
        found = {k: v for k, v in (params or {}).items() if v is not None}
        cfg = self.config
        if cfg.api_key and cfg.api_key_param:
            found.setdefault(cfg.api_key_param, cfg.api_key)
        if cfg.contact_email and cfg.mailto_param:
            found.setdefault(cfg.mailto_param, cfg.contact_email)
        return found

    def shown_url(self, url: str, params: Mapping[str, Any] | None) -> str:
        """The URL as messages show it: with its query, without the API key."""
        httpx = require_httpx()
        shown = {k: v for k, v in (params or {}).items() if k != self.config.api_key_param}
        return str(httpx.URL(url).copy_merge_params(shown))

    def wait_turn(self) -> None:
        """Sleep until ``min_interval`` has passed since the last network request."""
        if self.last_sent is None or self.config.min_interval <= 0:
            return
        left = self.config.min_interval - (self.clock() - self.last_sent)
        if left > 0:
            self.sleep(left)

    def backoff(self, attempt: int) -> float:
        return min(self.config.max_backoff, self.config.backoff * 2**attempt)

    def get(self, url: str, params: Mapping[str, Any] | None = None) -> httpx.Response:
        """GET ``url`` with retries (see the module); a 2xx response, or
        :class:`SourceError`."""
        httpx = require_httpx()
        cfg = self.config
        if cfg.requires_contact and not cfg.contact_email:
            raise SourceError(
                f"{cfg.name} asks every client to name a contact e-mail in its User-Agent; "
                f"set {CONTACT_ENV} (e.g. export {CONTACT_ENV}=you@example.org) and run again"
            )
        # the URL's own query is kept: httpx would drop it for params given apart
        target = httpx.URL(url).copy_merge_params(self.full_params(params))
        shown = self.shown_url(url, params)
        tries = cfg.retries + 1
        last = ""
        for attempt in range(tries):
            self.wait_turn()
            started = self.clock()
            try:
                response = self.client.get(
                    target,
                    headers=self.headers(),
                    timeout=cfg.timeout,
                    extensions=self.caching(target),
                )
            except httpx.TransportError as exc:
                self.last_sent, self.sent = started, self.sent + 1
                last, delay = f"{type(exc).__name__}: {exc}", self.backoff(attempt)
            else:
                last, delay = self.answered(response, shown, started, attempt)
                if not last:
                    return response
            if attempt + 1 < tries:
                self.sleep(delay)
        raise SourceError(
            f"GET {shown} failed {tries} times (last: {last}); nothing was written. "
            f"The source may be down or limiting requests: run the same command again "
            f"later (pages already fetched come from the cache), or fetch less (--limit)"
        )

    def answered(
        self, response: httpx.Response, shown: str, started: float, attempt: int
    ) -> tuple[str, float]:
        """Account for a response: ``("", 0)`` when it is a success, else what went
        wrong and how long to wait before retrying; raises when retrying cannot help."""
        caching = response.extensions.get("caching") or {}
        if caching.get("from_cache"):
            self.from_cache += 1
        else:
            self.last_sent, self.sent = started, self.sent + 1
        status = response.status_code
        if response.is_success:
            self.retrieved = self.response_time(response)
            return "", 0.0
        if status != 429 and status < 500:
            raise SourceError(refused_message(self.config, shown, response))
        asked = retry_after_seconds(response.headers.get("retry-after"), self.now())
        if asked is not None and asked > self.config.max_retry_after:
            raise SourceError(
                f"GET {shown}: HTTP {status}, and the source asks to wait {asked:.0f} s "
                f"before the next request; nothing was written. Run the command again later"
            )
        delay = asked if asked is not None else self.backoff(attempt)
        return f"HTTP {status}", delay

    def response_time(self, response: httpx.Response) -> dt.datetime:
        when = None
        if response.headers.get("date"):
            try:
                when = email.utils.parsedate_to_datetime(response.headers["date"])
            except (TypeError, ValueError):
                when = None
        if when is None:
            return self.now()
        return when if when.tzinfo else when.replace(tzinfo=dt.UTC)

    def caching(self, target: Any) -> dict[str, Any]:
        """The request extension that files the response under :func:`cache_key`
        (only in the cache this client made; another client's cache keeps its keys)."""
        return {} if self.storage is None else {"caching": {"key": cache_key(str(target))}}

    def forget(self, url: str, params: Mapping[str, Any] | None = None) -> None:
        """Drop the cached response of a GET (e.g. a body that turned out unreadable),
        so that the next request for it goes to the source."""
        if self.storage is None:
            return
        httpx = require_httpx()
        key = cache_key(str(httpx.URL(url).copy_merge_params(self.full_params(params))))
        for entry in self.storage.get_entries(key):
            self.storage.remove_entry(entry.id)

    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> Any:
        """The JSON body of a GET. A body that is not JSON is dropped from the cache
        and asked for once more; then it raises :class:`SourceError`."""
        for attempt in range(2):
            response = self.get(url, params)
            try:
                return response.json()
            except ValueError as exc:
                self.forget(url, params)
                if attempt == 0:
                    continue
                error = exc
        raise SourceError(
            f"GET {self.shown_url(url, params)} answered {len(response.content)} bytes "
            f"that are not JSON ({error}), twice; the response may be cut off or an error "
            "page. Run again later; if it persists, the source changed its format"
        )

    def get_text(self, url: str, params: Mapping[str, Any] | None = None) -> str:
        """The decoded text body of a GET."""
        return self.get(url, params).text

    # -- paging ---------------------------------------------------------------
    def pages(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        next_params: NextParams | None = None,
        max_pages: int | None = None,
        *,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> Iterator[Any]:
        """The JSON pages of a paged query, in order.

        ``next_params(page)`` returns the parameters that change for the next page
        (merged into the current ones: ``{"page": 2}``, ``{"pageToken": token}``,
        ``{"cursor": cursor}``), or ``None`` after the last page. At most
        ``max_pages`` (and ``config.max_pages``) pages are read; when more exist, a
        note says so (:attr:`notes`).

        With a ``cache_dir``, every page is saved to a checkpoint file
        (``cache_dir/runs/<source>-<hash of URL and params>.jsonl``) before it is
        given out. A page that fails after its retries raises :class:`SourceError`
        and leaves the checkpoint; the same query run again within ``cache_ttl``
        reads the saved pages back from it (no request, no wait) and continues with
        the page that failed. The checkpoint is removed once the last page was read,
        or when the caller stops reading early.
        """
        cap = min((c for c in (max_pages, self.config.max_pages) if c is not None), default=None)
        base = dict(params or {})
        checkpoint = Checkpoint.open(self.config, url, base)
        saved = checkpoint.pages if checkpoint is not None else []
        if saved:
            self.notes.append(
                f"resumed an interrupted fetch of {self.shown_url(url, base)}: "
                f"{len(saved)} page(s) read back from {checkpoint.path}"  # type: ignore[union-attr]
            )
        current: dict[str, Any] | None = base
        number, done = 0, False
        try:
            while current is not None:
                if number < len(saved):
                    page = saved[number]["body"]
                    self.retrieved = dt.datetime.fromisoformat(saved[number]["retrieved"])
                else:
                    page = self.get_json(url, current)
                number += 1
                following = next_params(page) if next_params else None
                after = None if following is None else {**current, **following}
                if checkpoint is not None and number > len(saved):
                    checkpoint.append(current, page, self.retrieved or self.now(), after)
                if progress:
                    progress(f"fetching {self.config.name} pages", number, cap or number)
                yield page
                if after is not None and cap is not None and number >= cap:
                    self.notes.append(
                        f"stopped after {number} page(s) of {self.shown_url(url, base)}: the "
                        "page cap; more pages exist (raise --max-pages to fetch them)"
                    )
                    after = None
                current = after
            done = True
        except GeneratorExit:
            done = True  # the caller has what it wanted
            raise
        finally:
            if done and checkpoint is not None:
                checkpoint.remove()


class Checkpoint:
    """The pages of one paged query fetched so far, in ``cache_dir/runs/<name>-<hash>.jsonl``.

    The first line names the query (source, URL, parameters, start time); each
    further line holds one page: its parameters, its retrieval time, the parameters
    of the page after it and its JSON body. A line cut off by a crash is ignored. A
    checkpoint older than ``cache_ttl`` is not used (the data may have changed): the
    query starts afresh.
    """

    def __init__(self, path: Path, pages: list[dict[str, Any]]):
        self.path = path
        self.pages = pages

    @classmethod
    def open(cls, config: SourceConfig, url: str, params: dict[str, Any]) -> Checkpoint | None:
        """The checkpoint of this query (its saved pages, if any); ``None`` without
        a ``cache_dir``."""
        if config.cache_dir is None:
            return None
        key = json.dumps([config.name, url, params], sort_keys=True, default=str)
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        path = Path(config.cache_dir) / "runs" / f"{config.name}-{digest}.jsonl"
        header: dict[str, Any] = {"source": config.name, "url": url, "params": params}
        pages = cls.read(path, header, config.cache_ttl) if path.exists() else []
        if not pages:
            path.parent.mkdir(parents=True, exist_ok=True)
            header["started"] = utc_now().isoformat(timespec="seconds")
            path.write_text(json.dumps(header, default=str) + "\n", encoding="utf-8")
        return cls(path, pages)

    @staticmethod
    def read(path: Path, header: dict[str, Any], ttl: float) -> list[dict[str, Any]]:
        """The saved pages of the checkpoint at ``path`` if it is for this query and
        younger than ``ttl`` seconds; else none."""
        lines = path.read_text(encoding="utf-8").splitlines()
        try:
            first = json.loads(lines[0])
            started = dt.datetime.fromisoformat(first["started"])
        except (IndexError, KeyError, TypeError, ValueError):
            return []
        if any(first.get(k) != json.loads(json.dumps(v, default=str)) for k, v in header.items()):
            return []
        if (utc_now() - started).total_seconds() > ttl:
            return []
        pages = []
        for line in lines[1:]:
            try:
                pages.append(json.loads(line))
            except ValueError:
                break  # cut off by a crash: fetch it again
        return pages

    def append(
        self,
        params: dict[str, Any],
        page: Any,
        retrieved: dt.datetime,
        after: dict[str, Any] | None,
    ) -> None:
        """Save one page (as one line, written and flushed at once)."""
        line = {
            "params": params,
            "retrieved": retrieved.isoformat(),
            "next": after,
            "body": page,
        }
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, default=str, ensure_ascii=False) + "\n")

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
