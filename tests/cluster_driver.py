"""A Ray driver for tests/test_cluster.py, run in its own process (Ray's driver state
is per process): opens the sharded archive, then asks the questions on standard input,
printing what ``tanya ask --json`` prints, while a shard actor is killed (``kill``: the
answers must still come back, identical) or taken down for good (``down``: the
question must fail as unavailable, never answer from the other shards).

    python tests/cluster_driver.py ADDRESS CORPUS INDEX_DIR SHARDS kill|down
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time

import ray
from ray.exceptions import GetTimeoutError, RayActorError

from bot.cli import json_line
from retrieval.cluster import ClusterIndex, actor_pids, open_cluster_library
from retrieval.decision import ModelDecision
from retrieval.search import Searcher
from retrieval.shards import ShardUnavailable

VICTIM = 1  # the shard whose actor is killed


def wait_until_dead(actor: object, seconds: float = 60.0) -> None:
    """``ray.kill`` returns before the actor is gone: a call made at once can still be
    answered (seen under Python 3.12). Wait, boundedly, until a call finds it dead."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            ray.get(actor.pid.remote(), timeout=5)  # type: ignore[attr-defined]
        except RayActorError:
            return
        except GetTimeoutError:
            continue
        time.sleep(0.1)
    raise SystemExit(f"the shard actor still answered {seconds:.0f} s after ray.kill")


def main() -> int:
    address, corpus, index_dir, shards, mode = sys.argv[1:6]
    library = open_cluster_library(corpus, index_dir, address, int(shards))
    searcher = Searcher(library, decision=ModelDecision.bundled())
    index = library.index
    assert isinstance(index, ClusterIndex)
    questions = [line.strip() for line in sys.stdin if line.strip()]
    before = actor_pids(library)
    if mode == "down":
        ray.kill(index.actors[VICTIM], no_restart=True)
        wait_until_dead(index.actors[VICTIM])
        try:
            searcher.ask(questions[0], top_k=10)
        except ShardUnavailable as error:
            print(json.dumps({"unavailable": str(error)}))
            return 0
        print(json.dumps({"unavailable": None}))
        return 1
    asking = threading.Event()

    def kill() -> None:
        asking.wait(timeout=60)
        os.kill(before[VICTIM], signal.SIGKILL)  # mid-question: the questions run back to back

    killer = threading.Thread(target=kill)
    killer.start()
    for number, question in enumerate(questions):
        if number == 1:
            asking.set()
        print(json_line(searcher.ask(question, top_k=10).to_json()), flush=True)
    killer.join(timeout=60)
    after = actor_pids(library)
    print(json.dumps({"restarted": after[VICTIM] != before[VICTIM], "others_kept": [a == b for a, b in zip(before, after)]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
