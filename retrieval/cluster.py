"""The index sharded over a Ray cluster, answering exactly as one process does.

The only module that imports Ray (the optional extra ``.[cluster]``). Under the index
directory, ``cluster-<cache key>-<shards>/`` holds:

- ``shard-<i>/seg-<name>/``: shard ``i``'s segments, in the segment store's format
  (:func:`retrieval.cache_files.write_segment`: checksummed ``.npy`` and JSON, memory-mapped);
- ``stats-<name>/``: the global statistics (:mod:`retrieval.shards`) every shard scores with;
- ``state.json``: the files indexed (size, modification time), each shard's segments in
  order, and the statistics in force. Written last, by rename: it is the index.

Building: the listing is cut into contiguous runs of whole articles (see
:mod:`retrieval.shards` for why not hashed), one Ray task a shard reads and indexes its
run and writes its segment; the driver then merges the segments' statistics (read
from their vocabulary, offsets and lengths only) and writes them. New articles go into
a new segment of the last shard, built by a task too, and the statistics are merged
again; a changed or removed article rebuilds every shard.

Serving: each shard is a long-lived actor made from paths only, so a restarted actor
(``max_restarts``) loads its files again and a question in flight is retried on it
(``max_task_retries``). A question's terms fan out to every actor; each returns its
best passages scored with the global statistics, and the driver keeps the best of
all. The driver reads passages and documents for ranking and excerpts from the shard
files itself, memory-mapped on a disk every node shares: the actors return numbers
and scores only, a few hundred bytes a shard, and no text crosses the network.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import ray
import ray._raylet
import ray.exceptions
from ray.exceptions import GetTimeoutError, RayActorError, RayError

from retrieval.analysis import Analyzer
from retrieval.corpus import CorpusError, Document, list_corpus, no_articles, warn_skipped
from retrieval.index import BM25Index, BM25Parameters, Hit
from retrieval.library import Library, Passages, indexed_terms
from retrieval.segments import Segment
from retrieval.shards import (
    GlobalStatistics,
    ShardIndex,
    ShardUnavailable,
    load_statistics,
    merge_hits,
    merge_statistics,
    save_statistics,
    segment_statistics,
    split_evenly,
)
from retrieval.cache_files import load_segment, write_segment
from retrieval.cache_layout import CacheKey, StoredSegment, default_index_dir
from retrieval.store import read_files

logger = logging.getLogger(__name__)

STATE = "state.json"
STATE_FORMAT = 1
NAMESPACE = "tanya"
# Seconds a fan-out waits for every shard: a restarted actor reloads its files first.
SHARD_TIMEOUT_SECONDS = 60.0
# Restarts of a shard actor, and retries of a question on it, before it counts as down.
MAX_RESTARTS = 3
MAX_TASK_RETRIES = 3
# Seconds the driver outlives a head it cannot reach: Ray's 60 ended the chat and the bot
# ("Failed to connect to GCS within 60 seconds... The program will terminate"); a year
# keeps them saying "part of the archive cannot be reached" until the head is back.
GCS_RECONNECT_SECONDS = 365 * 86400
# Seconds the start waits for the head to take or refuse its token: a head answers in
# milliseconds; something else listening there costs three times this (Ray's stages).
TOKEN_CHECK_SECONDS = 2.0


class ClusterError(Exception):
    """The Ray cluster cannot be reached or used; the message says why."""


class ClusterUnreachable(ClusterError):
    """Nothing answers at the cluster's address: a head restarting, or booting later
    than the bot, which trying again later may mend (where a malformed address won't)."""


@dataclass(frozen=True)
class ClusterState:
    """``state.json``: what is indexed and where."""

    files: dict[str, tuple[int, int]]  # relative path -> (size, mtime_ns)
    shards: tuple[tuple[str, ...], ...]  # per shard, its segment names in order
    statistics: str  # the directory of the global statistics

    def to_json(self) -> dict[str, Any]:
        return {"format": STATE_FORMAT, "files": {k: list(v) for k, v in self.files.items()}, "shards": [list(s) for s in self.shards], "statistics": self.statistics}

    @classmethod
    def read(cls, home: Path) -> ClusterState | None:
        try:
            value = json.loads((home / STATE).read_text(encoding="utf-8"))
            if value.get("format") != STATE_FORMAT:
                return None
            files = {str(k): (int(v[0]), int(v[1])) for k, v in value["files"].items()}
            return cls(files, tuple(tuple(str(n) for n in s) for s in value["shards"]), str(value["statistics"]))
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def write(self, home: Path) -> None:
        temporary = home / f".{STATE}.{os.getpid()}.{secrets.token_hex(4)}"
        temporary.write_text(json.dumps(self.to_json()), encoding="utf-8")
        os.replace(temporary, home / STATE)


def cluster_home(index_dir: Path, key: CacheKey, shards: int) -> Path:
    return index_dir / f"cluster-{key.name}-{shards}"


def _shard_dir(home: Path, shard: int) -> Path:
    return home / f"shard-{shard:03d}"


# -- building (Ray tasks) ------------------------------------------------------------


def build_segment(corpus_dir: str, files: Sequence[tuple[str, str, str]], shard_dir: str, key: CacheKey) -> str | None:
    """Read and index ``files`` (path, target, relative) into a new segment of the shard
    at ``shard_dir``, as the segment store indexes a batch; its name, None when no file
    was readable."""
    from retrieval.corpus import ArticleFile

    logging.getLogger("retrieval.corpus").setLevel(logging.ERROR)  # the driver warns
    analyzer = Analyzer()
    articles = [ArticleFile(Path(path), Path(target)) for path, target, _ in files]
    documents, outcomes = read_files(Path(corpus_dir), articles, analyzer)
    ordered: list[Document] = []
    seen: set[str] = set()
    for (_, _, relative), outcome in zip(files, outcomes):
        document = documents.get(relative) if outcome is None else None
        if document is not None and document.doc_id not in seen:
            seen.add(document.doc_id)
            ordered.append(document)
    if not ordered:
        return None
    headings: list[str] = []
    segment = Segment.build(indexed_terms(ordered, analyzer, headings))
    name = f"seg-{time.time_ns():x}{secrets.token_hex(4)}"
    home = Path(shard_dir)
    home.mkdir(parents=True, exist_ok=True)
    temporary = write_segment(home, key, StoredSegment(name, segment, Passages.from_documents(ordered, headings, analyzer.language)))
    os.replace(temporary, home / name)
    return name


_build_task = ray.remote(num_cpus=1, max_retries=2)(build_segment)


def update_shards(corpus_dir: Path, home: Path, key: CacheKey, shards: int) -> tuple[ClusterState, bool]:
    """Bring the shards at ``home`` up to date with the corpus, building on the cluster;
    the state, and whether anything was indexed."""
    listing = list_corpus(corpus_dir)
    warn_skipped(listing.skipped)
    found: dict[str, tuple[str, str, tuple[int, int]]] = {}
    for file in listing.files:
        try:
            info = os.stat(file.target)
        except OSError:
            continue
        relative = file.path.relative_to(corpus_dir).as_posix()
        found[relative] = (str(file.path), str(file.target), (info.st_size, info.st_mtime_ns))
    state = ClusterState.read(home)
    if state is not None and len(state.shards) == shards and all(found.get(r, (0, 0, None))[2] == stat for r, stat in state.files.items()):
        new = [r for r in found if r not in state.files]
        if not new:
            return state, False
        # New articles: one segment of the last shard, after every passage (see shards).
        last = len(state.shards) - 1
        name = ray.get(_build_task.remote(str(corpus_dir), [(found[r][0], found[r][1], r) for r in new], str(_shard_dir(home, last)), key))
        segments = [list(s) for s in state.shards]
        if name is not None:
            segments[last].append(name)
        files = {**state.files, **{r: found[r][2] for r in new}}
        return _publish(home, key, files, segments), True
    # First build, or an article changed or went: every shard from nothing.
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    relatives = list(found)
    runs = split_evenly(len(relatives), shards)
    tasks = [
        _build_task.options(scheduling_strategy="SPREAD").remote(
            str(corpus_dir), [(found[relatives[i]][0], found[relatives[i]][1], relatives[i]) for i in run], str(_shard_dir(home, shard)), key
        )
        for shard, run in enumerate(runs)
    ]
    names = ray.get(tasks)
    if not any(names):
        raise CorpusError(no_articles(corpus_dir))
    segments = [[n] if n is not None else [] for n in names]
    return _publish(home, key, {r: v[2] for r, v in found.items()}, segments), True


def _publish(home: Path, key: CacheKey, files: dict[str, tuple[int, int]], segments: list[list[str]]) -> ClusterState:
    """Merge every segment's statistics in corpus order, write them, then the state."""
    parts = [segment_statistics(_shard_dir(home, i) / name) for i, names in enumerate(segments) for name in names]
    statistics = merge_statistics(parts, key.parameters)
    name = f"stats-{time.time_ns():x}{secrets.token_hex(4)}"
    save_statistics(statistics, home / name)
    state = ClusterState(files, tuple(tuple(s) for s in segments), name)
    state.write(home)
    for entry in home.iterdir():  # statistics no longer in force
        if entry.name.startswith("stats-") and entry.name != name:
            shutil.rmtree(entry, ignore_errors=True)
    return state


# -- serving (Ray actors) ------------------------------------------------------------


class ShardServer:
    """One shard's index, loaded from its files: everything comes from the paths given,
    so a restarted actor is the same shard."""

    def __init__(self, home: str, shard: int, key: CacheKey) -> None:
        state = ClusterState.read(Path(home))
        if state is None:
            raise RuntimeError(f"no cluster index at {home}")
        directory = _shard_dir(Path(home), shard)
        segments = [load_segment(directory / name, key).segment for name in state.shards[shard]]
        self.statistics = state.statistics
        self.index = ShardIndex(segments, load_statistics(Path(home) / state.statistics))

    def top(self, terms: list[str], k: int) -> tuple[str, tuple[list[tuple[int, float]], list[dict[str, float]]]]:
        """The shard's best ``k`` and, for each, its query terms' scores: what the
        ranker asks next, sent with the hits to save a second round trip."""
        hits = self.index.top(terms, k)
        return self.statistics, ([(h.passage, h.score) for h in hits], self.index.term_scores([h.passage for h in hits], terms))

    def term_scores(self, passages: list[int], terms: list[str]) -> tuple[str, list[dict[str, float]]]:
        return self.statistics, self.index.term_scores(passages, terms)

    def pid(self) -> int:
        return os.getpid()


_ShardActor = ray.remote(max_restarts=MAX_RESTARTS, max_task_retries=MAX_TASK_RETRIES, num_cpus=0)(ShardServer)


class ClusterIndex(BM25Index):
    """The global statistics, with ``top`` and ``term_scores`` fanned out to the shard
    actors: what the Searcher reads of an index, answering as one index would."""

    def __init__(
        self, statistics: GlobalStatistics, statistics_name: str, actors: Sequence[Any], bases: Sequence[int], slots: int, shards: ShardHome
    ) -> None:
        # No segments here: the postings live in the actors.
        self.segments = ()
        self.parameters = statistics.parameters
        self.vocabulary = statistics.vocabulary
        self.df = statistics.df
        self.idf = statistics.idf()
        self.size = statistics.size
        self.average_length = statistics.average_length
        self.slots = slots
        self.deleted = None
        self.actors = list(actors)
        self.shard_home = shards
        self.joined = _joined  # the cluster the actors live in; None: not joined again (a ray:// client)
        # Nothing listened at the head when a question failed: until something does, a
        # question is told so at once, not after its calls' retries, each logging raw lines.
        self.head_down = False
        self._calls = _Calls()
        self.statistics_name = statistics_name
        self.shard_bases = np.asarray(bases, dtype=np.int64)
        self._impacts = {}
        self._impact_bytes = 0
        # Per thread, the last question's terms and its hits' per-term scores (see top).
        self._recent = threading.local()

    def top(self, query: Sequence[str], k: int = 10) -> list[Hit]:
        if k <= 0 or self.size == 0:
            return []
        found = self._gather(lambda actors: [a.top.remote(list(query), k) for a in actors])
        bases = self.shard_bases.tolist()
        known = {base + p: scores for (hits, per_hit), base in zip(found, bases) for (p, _), scores in zip(hits, per_hit)}
        self._recent.value = (frozenset(query), known)
        return merge_hits([hits for hits, _ in found], bases, k)

    def term_scores(self, passages: Sequence[int], terms: Iterable[str]) -> list[dict[str, float]]:
        terms = set(terms)
        recent = getattr(self._recent, "value", None)
        if recent is not None and terms <= recent[0] and all(p in recent[1] for p in passages):
            # The ranker asking for the hits ``top`` just returned: answered with them.
            return [{t: s for t, s in recent[1][p].items() if t in terms} for p in passages]
        wanted = np.asarray(passages, dtype=np.int64)
        shard_of = np.searchsorted(self.shard_bases, wanted, side="right") - 1
        terms = list(set(terms))
        asked = [(s, np.flatnonzero(shard_of == s)) for s in range(len(self.actors))]
        asked = [(s, at) for s, at in asked if len(at)]
        replies = self._gather(lambda actors: [actors[s].term_scores.remote((wanted[at] - self.shard_bases[s]).tolist(), terms) for s, at in asked])
        found: list[dict[str, float]] = [{} for _ in range(len(wanted))]
        for (_, at), scores in zip(asked, replies):
            for position, score in zip(at.tolist(), scores):
                found[position] = score
        return found

    def get_scores(self, query: Sequence[str]) -> np.ndarray:
        raise NotImplementedError("a sharded index scores through top and term_scores")

    def _gather(self, calls: Callable[[list[Any]], list[Any]]) -> list[Any]:
        """Every shard's reply to ``calls`` (made of the actors); ShardUnavailable when one
        stays down or holds other statistics than the driver (never a partial answer).
        A head started again is joined, and asked once more."""
        if self.head_down and self.joined is not None:
            if not _listening(self.joined.gcs_address):
                raise ShardUnavailable("nothing listens at the Ray cluster's head")
            self.head_down = False
            self._rejoined(self.actors)  # back as a new cluster: joined before asking
        actors = self.actors
        try:
            return self._replies(calls)
        except ShardUnavailable:
            if not self._rejoined(actors):
                raise
        return self._replies(calls)

    def _replies(self, calls: Callable[[list[Any]], list[Any]]) -> list[Any]:
        with self._calls.shared():  # the actors of the cluster joined last: a handle of one left may crash Ray
            if not ray.is_initialized():  # a join that failed half-way: no call (Ray would start a Ray of its own)
                raise ShardUnavailable("not joined to the Ray cluster")
            try:
                replies = ray.get(calls(self.actors), timeout=SHARD_TIMEOUT_SECONDS)
            except (RayActorError, GetTimeoutError, RayError) as error:
                raise ShardUnavailable(f"a shard did not answer: {type(error).__name__}") from None
        if any(name != self.statistics_name for name, _ in replies):
            raise ShardUnavailable("a shard holds other global statistics than the driver")
        return [value for _, value in replies]

    def _rejoined(self, failed: list[Any]) -> bool:
        """Whether the cluster was joined again, with new shard actors, because its head
        answers as a new cluster: a head stopped and started again keeps its address but
        not this driver's place nor the actors, and without this every question after it
        was "part of the archive cannot be reached" until tanya was restarted."""
        joined = self.joined
        if joined is None or self.actors is failed and not self._started_again(joined):
            return False
        with self._calls.alone():  # ray.shutdown under a thread inside ray.get could crash it
            if self.actors is failed:  # else another question's thread joined it meanwhile
                self._join_again(joined)
        return True

    def _started_again(self, joined: Joined) -> bool:
        """Whether the head answers as another cluster than the one the actors live in
        (or this process left it, a join failing half-way); notes a head not listening."""
        if not _listening(joined.gcs_address):
            self.head_down = True
            return False
        now = _cluster_id_at(joined.gcs_address)
        return now is not None and (now != joined.cluster_id or not ray.is_initialized())

    def _join_again(self, joined: Joined) -> None:
        """This process into the cluster started again (unless a join half-way is in it
        already), and a new actor a shard; ShardUnavailable when either fails (tried again
        at the next question)."""
        if _joined is None or _joined.cluster_id == joined.cluster_id or not ray.is_initialized():
            ray.shutdown()
            try:
                connect(self.shard_home.address)
            except ClusterError as error:
                raise ShardUnavailable(f"cannot join the Ray cluster again: {error}") from None
        self.actors = _start_actors(self.shard_home)
        self.joined = _joined
        logger.warning("the Ray cluster at %s was started again: joined it, its %d shards loaded", self.shard_home.address, len(self.actors))


@dataclass(frozen=True)
class ShardHome:
    """What a shard actor is made from, to make them again in a cluster started again."""

    address: str
    home: Path
    key: CacheKey
    shards: int


@dataclass(frozen=True)
class Joined:
    """The cluster this process joined: its head's GCS address and the cluster's id."""

    gcs_address: str
    cluster_id: str


_joined: Joined | None = None


class _Calls:
    """Questions' calls to the shards, any number at once, against a join of the
    cluster again, alone: new calls wait while it waits for those under way."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._calling = 0
        self._joining = False

    @contextlib.contextmanager
    def shared(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._joining)
            self._calling += 1
        try:
            yield
        finally:
            with self._changed:
                self._calling -= 1
                self._changed.notify_all()

    @contextlib.contextmanager
    def alone(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._joining)
            self._joining = True
            self._changed.wait_for(lambda: self._calling == 0)
        try:
            yield
        finally:
            with self._changed:
                self._joining = False
                self._changed.notify_all()


def _listening(gcs_address: str) -> bool:
    """Whether something listens at the head's address: a head down is refused at once,
    where Ray's own client waits seconds on it."""
    try:
        _probe(gcs_address, seconds=1.0)
    except ClusterUnreachable:
        return False
    return True


def _cluster_id_at(gcs_address: str) -> str | None:
    """The id of the cluster whose head answers at ``gcs_address``; None when it does not."""
    client = getattr(ray._raylet, "InnerGcsClient", None)
    if client is None:
        return None
    with _stderr_aside():
        try:
            return str(client.standalone(gcs_address, None, int(TOKEN_CHECK_SECONDS * 1000)).cluster_id.hex())
        except Exception:  # noqa: BLE001 - a head not answering yet: asked again at the next question
            return None


def connect(address: str) -> None:
    """Join the Ray cluster at ``address`` as a driver (once a process)."""
    if ray.is_initialized():
        return
    _probe(address)
    _check_token(address)
    # Read from the environment as ray.init starts the driver's core worker; an operator's own value stands.
    os.environ.setdefault("RAY_gcs_rpc_server_reconnect_timeout_s", str(GCS_RECONNECT_SECONDS))
    try:
        ray.init(address=address, namespace=NAMESPACE, log_to_driver=False, logging_level=logging.WARNING)
    except ConnectionError as error:
        if _token_refused(error):  # the head's answer slower than the check waited
            raise ClusterError(token_refused_said(address)) from None
        raise ClusterUnreachable(f"cannot reach the Ray cluster at {address}: {error}") from None
    except (RuntimeError, ValueError) as error:  # a version mismatch, a bad address: trying again won't mend it
        raise ClusterError(f"cannot use the Ray cluster at {address}: {error}") from None
    # Ray prints the cluster's notices ("a worker died") to the driver's standard output,
    # which is `tanya ask --json`'s: they go to the log (standard error) instead.
    import ray._private.worker as driver

    driver.print_to_stdstream = _notice_to_log
    global _joined
    node = getattr(driver.global_worker, "node", None)  # None for a ray:// client: not joined again
    _joined = Joined(node.gcs_address, node.cluster_id.hex()) if node is not None else None


def _probe(address: str, seconds: float = 5.0) -> None:
    """ClusterError unless something listens at ``host:port``: Ray itself would retry
    an address where nothing listens for minutes before giving up."""
    host, _, port = address.rpartition(":")
    if not host or not (port.isascii() and port.isdigit()) or "://" in address:
        return  # "auto", a ray:// client address: Ray's to resolve
    try:
        socket.create_connection((host, int(port)), timeout=seconds).close()
    except OSError as error:
        raise ClusterUnreachable(f"cannot reach the Ray cluster at {address}: {error.strerror or error}") from None


def _check_token(address: str, seconds: float = TOKEN_CHECK_SECONDS) -> None:
    """ClusterError when the head at ``host:port`` refuses this process's token (or its
    lack of one): Ray (2.60) turns token authentication on for a head started where
    ``~/.ray/auth_token`` exists, but never sends a token to an address given by hand,
    and ray.init then retries for 20 s, printing a raw "InvalidAuthToken" line a second,
    and ends as if nothing answered (exit 1, which a service manager restarts forever).
    One GCS connection, a few ms when the head answers; its own log line is kept out of
    standard error. Anything but a refused token is left to ray.init to say."""
    host, _, port = address.rpartition(":")
    client = getattr(ray._raylet, "InnerGcsClient", None)
    if not host or not port.isdigit() or "://" in address or client is None:
        return  # "auto" sends the local token itself; a ray:// client, another Ray: theirs
    with _stderr_aside() as aside:
        try:
            client.standalone(address, None, int(seconds * 1000))
        except Exception as error:  # noqa: BLE001 - only a refused token is said here
            if _token_refused(error):
                logger.debug("ray: %s", aside().strip())
                raise ClusterError(token_refused_said(address)) from None
        said = aside()
    if said:
        sys.stderr.write(said)  # not Ray's refusal: whatever was written goes out after all


def _token_refused(error: BaseException | None) -> bool:
    """Whether ``error`` or one it came from is Ray's refusal of the token."""
    refused = getattr(ray.exceptions, "AuthenticationError", ())
    while error is not None:
        if isinstance(error, refused) or "InvalidAuthToken" in str(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def token_refused_said(address: str) -> str:
    """What the operator does about a refused token, in one line."""
    if os.environ.get("RAY_AUTH_MODE", "").strip().lower() == "token":
        return (
            f"the Ray cluster at {address} refused this process's token (InvalidAuthToken): give it the head's token"
            " in ~/.ray/auth_token, RAY_AUTH_TOKEN or RAY_AUTH_TOKEN_PATH"
        )
    return (
        f"the Ray cluster at {address} asks for a token (InvalidAuthToken; its head found ~/.ray/auth_token as it started):"
        " move that file aside on the head and start the head again, or run tanya with RAY_AUTH_MODE=token"
        " and the head's token in ~/.ray/auth_token or RAY_AUTH_TOKEN"
    )


@contextlib.contextmanager
def _stderr_aside() -> Iterator[Callable[[], str]]:
    """File descriptor 2 into a temporary file while the block runs (Ray's C++ writes
    there, past Python's sys.stderr); yields what reads the file so far, as text."""
    sys.stderr.flush()
    kept = os.dup(2)
    with tempfile.TemporaryFile() as aside:

        def written() -> str:
            aside.seek(0)
            return aside.read().decode("utf-8", errors="replace")

        try:
            os.dup2(aside.fileno(), 2)
            yield written
        finally:
            os.dup2(kept, 2)
            os.close(kept)


def _notice_to_log(data: dict[str, Any], ignore_prefix: bool = False) -> None:
    for notice in data.get("lines", []):
        said = notice_said(str(notice))
        logger.warning("ray: %s", said)
        if said != notice:
            logger.debug("ray: %s", notice)


def notice_said(notice: str) -> str:
    """A Ray notice in one line, less the traceback Ray appends to some: `ray stop`
    under a running chat sends "The autoscaler failed with the following error:",
    the signal, and the stack of Ray's own monitor, which tells an operator nothing
    (the whole notice is logged at DEBUG)."""
    said = []
    for line in notice.splitlines():
        if line.startswith(("Traceback", "  File ", "    ")):
            break
        if line.strip():
            said.append(line.strip())
    return " ".join(said) or next(iter(notice.strip().splitlines()), "")


def open_cluster_library(
    corpus_dir: Path | str,
    index_dir: Path | str | None,
    address: str,
    shards: int,
    *,
    analyzer: Analyzer | None = None,
    parameters: BM25Parameters = BM25Parameters(),
) -> Library:
    """The Library of ``corpus_dir`` sharded ``shards`` ways over the Ray cluster at
    ``address``, its shards brought up to date with the corpus and an actor serving each."""
    analyzer = analyzer or Analyzer()
    if analyzer.version != Analyzer().version:
        # The workers build each shard with the bundled analyzer (build_segment): another
        # one's index would be keyed as its own and read with it, but hold the bundled terms.
        raise ClusterError("a sharded index is built with the bundled analyzer: another analyzer (its stemmer, language or stemming) serves one process only")
    connect(address)
    # Absolute: the tasks and actors run in the workers' working directory, not this one.
    corpus_dir = Path(corpus_dir).resolve()
    key = CacheKey(corpus_dir, analyzer.version, parameters)
    home = cluster_home((Path(index_dir) if index_dir is not None else default_index_dir()).resolve(), key, shards)
    state, changed = update_shards(corpus_dir, home, key, shards)
    stored = [load_segment(_shard_dir(home, i) / name, key) for i, names in enumerate(state.shards) for name in names]
    passages = Passages.chain([s.passages for s in stored])
    sizes = iter(len(s.passages) for s in stored)
    per_shard = [sum(next(sizes) for _ in names) for names in state.shards]
    bases = np.concatenate(([0], np.cumsum(per_shard)[:-1])).astype(np.int64).tolist()
    shard_home = ShardHome(address, home, key, len(state.shards))
    actors = _start_actors(shard_home)
    statistics = load_statistics(home / state.statistics)
    index = ClusterIndex(statistics, state.statistics, actors, bases, len(passages), shard_home)
    return Library(passages, index, analyzer, origin="updated" if changed else "loaded")


def _start_actors(shards: ShardHome) -> list[Any]:
    """An actor a shard, each loaded: a slow start is paid here, not by the first question.
    ShardUnavailable when Ray refuses to make one (a head gone again between a join and
    this): the callers catch that, not Ray's own errors."""
    try:
        actors = [
            _ShardActor.options(scheduling_strategy="SPREAD").remote(str(shards.home), shard, shards.key)  # type: ignore[attr-defined]
            for shard in range(shards.shards)
        ]
    except RayError as error:
        raise ShardUnavailable(f"a shard could not be made: {type(error).__name__}: {error}") from None
    _wait_ready(actors)
    return actors


def _wait_ready(actors: Sequence[Any]) -> None:
    try:
        ray.get([a.pid.remote() for a in actors], timeout=SHARD_TIMEOUT_SECONDS * 2)
    except (RayActorError, GetTimeoutError, RayError) as error:
        raise ShardUnavailable(f"a shard did not start: {type(error).__name__}: {error}") from None


def actor_pids(library: Library) -> list[int]:
    """Each shard actor's process id (for tests and operators)."""
    index = library.index
    if not isinstance(index, ClusterIndex):
        return []
    return [int(p) for p in ray.get([a.pid.remote() for a in index.actors], timeout=SHARD_TIMEOUT_SECONDS)]
