"""The index sharded over a Ray cluster answers exactly as one process does.

The shard arithmetic (retrieval.shards) is held to one index without Ray. With Ray
installed (the ``cluster`` extra), a 2-node cluster is started on 127.0.0.1 for the
module, each node in its own process group with a temporary HOME and temp dir, and
stopped by process-group id at the end; over a 20k-paragraph corpus in 4 shards, 50
questions through ``tanya ask --json --top-k 10 --ray`` must print byte for byte what
one process prints, also while a shard actor is killed, and a shard that stays down
must make the question fail as unavailable.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from retrieval.index import BM25Index
from retrieval.segments import Segment
from retrieval.shards import ShardIndex, merge_hits, merge_statistics, of_segment, split_evenly

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TANYA = [PYTHON, "-m", "bot"]
RAY = Path(PYTHON).parent / "ray"
PARAGRAPHS = 20_000
SHARDS = 4
QUESTIONS = 50
START_SECONDS = 90  # bound on waiting for the cluster's second node

needs_ray = pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="ray is not installed (pip install -e '.[cluster]')")


# -- the arithmetic, without Ray -----------------------------------------------------


def random_documents(rng: random.Random, count: int) -> list[list[str]]:
    # A few very common words: their idf is negative, so the epsilon floor's mean counts.
    words = [f"w{i}" for i in range(300)]
    common = ["yang", "dan", "di"]
    return [common[: rng.randint(1, 3)] + rng.choices(words, k=rng.randint(1, 30)) for _ in range(count)]


@pytest.mark.parametrize("seed,shards", [(1, 2), (2, 3), (3, 4), (4, 7)])
def test_shards_score_as_one_index(seed, shards):
    rng = random.Random(seed)
    documents = random_documents(rng, 400)
    whole = BM25Index.build(documents)
    runs = split_evenly(len(documents), shards)
    segments = [Segment.build(documents[run.start : run.stop]) for run in runs]
    statistics = merge_statistics([of_segment(s) for s in segments], whole.parameters)
    assert list(statistics.vocabulary) == list(whole.vocabulary)
    assert statistics.idf().tolist() == whole.idf.tolist()  # bit for bit, the epsilon floor too
    indexes = [ShardIndex([s], statistics) for s in segments]
    for _ in range(40):
        query = rng.choices([*whole.vocabulary, "unseen"], k=rng.randint(1, 6))
        merged = merge_hits([[(h.passage, h.score) for h in i.top(query, 10)] for i in indexes], [r.start for r in runs], 10)
        assert merged == whole.top(query, 10)
        passages = rng.sample(range(len(documents)), 12)
        local = [i.term_scores([p - runs[s].start], query)[0] for p in passages for s, i in enumerate(indexes) if p in runs[s]]
        assert local == whole.term_scores(passages, query)


@pytest.mark.parametrize("count,shards,sizes", [(10, 4, [2, 3, 2, 3]), (3, 4, [0, 1, 1, 1]), (8, 1, [8])])
def test_split_evenly_keeps_order_and_balance(count, shards, sizes):
    runs = split_evenly(count, shards)
    assert [len(r) for r in runs] == sizes
    assert [i for r in runs for i in r] == list(range(count))


@needs_ray
@pytest.mark.parametrize(
    "notice,said",
    [
        # What `ray stop` under a running `tanya chat --ray` sent (H95): the stack is Ray's own.
        (
            "The autoscaler failed with the following error:\nTerminated with signal 15\n"
            '  File "/x/ray/autoscaler/_private/monitor.py", line 751, in <module>\n    monitor.run()\n'
            "    time.sleep(AUTOSCALER_UPDATE_INTERVAL_S)",
            "The autoscaler failed with the following error: Terminated with signal 15",
        ),
        ("Traceback (most recent call last):\n  File \"x.py\", line 1", "Traceback (most recent call last):"),
        ("A worker died or was killed while executing a task.", "A worker died or was killed while executing a task."),
    ],
)
def test_a_ray_notice_is_logged_in_one_line_without_its_traceback(notice, said, caplog):
    from retrieval.cluster import _notice_to_log

    caplog.set_level("DEBUG", logger="retrieval.cluster")
    _notice_to_log({"lines": [notice], "pid": "raylet", "is_err": False})
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [f"ray: {said}"]
    assert [r.getMessage() for r in caplog.records if r.levelname == "DEBUG"] == ([] if said == notice else [f"ray: {notice}"])


@needs_ray
@pytest.mark.parametrize("changed", [{"stemming": False}, {"cached_pieces": 10}], ids=["no-stemming", "same-terms"])
def test_a_sharded_index_is_built_only_with_the_bundled_analyzer(changed, seeds_dir, tmp_path):
    """The workers build each shard with the bundled analyzer: another one is refused
    before any cluster is asked (none listens here), one that only caches less is not."""
    from retrieval.analysis import Analyzer
    from retrieval.cluster import ClusterError, ClusterUnreachable, open_cluster_library

    analyzer = Analyzer(**changed)
    expected = ClusterError if analyzer.version != Analyzer().version else ClusterUnreachable
    with pytest.raises(expected) as raised:
        open_cluster_library(seeds_dir, tmp_path, f"127.0.0.1:{free_port()}", 2, analyzer=analyzer)
    assert ("bundled analyzer" in str(raised.value)) == (expected is ClusterError)


# -- a 2-node cluster on 127.0.0.1 ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def node_count(address: str, env: dict[str, str]) -> int:
    done = subprocess.run([str(RAY), "status", f"--address={address}"], capture_output=True, text=True, env=env, timeout=60)
    return done.stdout.count(" node_")


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, dict[str, str]]]:
    # Short paths: Ray's socket names must fit 107 bytes.
    scratch = Path(tempfile.mkdtemp(prefix="tanya-ray-", dir="/tmp"))
    env = {**os.environ, "HOME": str(scratch / "home"), "TMPDIR": str(scratch / "tmp"), "RAY_USAGE_STATS_ENABLED": "0"}
    for name in ("home", "tmp"):
        (scratch / name).mkdir()
    port = free_port()
    address = f"127.0.0.1:{port}"
    common = ["--node-ip-address=127.0.0.1", "--num-cpus=2", "--object-store-memory=100000000", "--disable-usage-stats", "--block"]
    nodes = []
    try:
        head = ["--head", f"--port={port}", f"--temp-dir={scratch / 'ray'}", "--include-dashboard=false"]
        nodes.append(_start([str(RAY), "start", *head, *common], env, scratch / "head.log"))
        nodes.append(_start([str(RAY), "start", f"--address={address}", *common], env, scratch / "node.log"))
        deadline = time.monotonic() + START_SECONDS
        while node_count(address, env) < 2:
            if time.monotonic() > deadline or any(n.poll() is not None for n in nodes):
                pytest.fail("the 2-node Ray cluster did not start: " + (scratch / "head.log").read_text()[-2000:])
            time.sleep(1)
        yield address, env
    finally:
        for node in reversed(nodes):
            _stop(node)
        shutil.rmtree(scratch, ignore_errors=True)


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(node: subprocess.Popen[bytes]) -> None:
    """The node's whole process group (raylet, workers), by its id."""
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 10)):
        try:
            os.killpg(node.pid, sig)
        except ProcessLookupError:
            return
        try:
            node.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Seeds plus synthetic news to 20k paragraphs (the scale benchmark's generator)."""
    from benchmarks.scale import fit_model, real_paragraphs, write_corpus

    directory = tmp_path_factory.mktemp("cluster") / "corpus"
    shutil.copytree(ROOT / "seeds", directory / "seeds")
    write_corpus(fit_model(real_paragraphs(directory / "no-facqa")), PARAGRAPHS - 100, directory / "synthetic")
    return directory


@pytest.fixture(scope="module")
def questions(corpus) -> str:
    """The seed questions, then questions made of words of random synthetic paragraphs."""
    lines = (ROOT / "tests" / "data" / "seed_questions.jsonl").read_text(encoding="utf-8").splitlines()
    asked = [json.loads(line)["question"] for line in lines][:30]
    rng = random.Random(15)
    files = sorted((corpus / "synthetic").rglob("*.txt"))
    while len(asked) < QUESTIONS:
        words = rng.choice(rng.choice(files).read_text(encoding="utf-8").split("\n\n")[1:]).split()
        start = rng.randrange(max(1, len(words) - 6))
        asked.append("Apa " + " ".join(words[start : start + 6]).rstrip(".") + "?")
    return "\n".join(asked) + "\n"


def tanya_ask(arguments: list[str], questions: str, env: dict[str, str]) -> str:
    done = subprocess.run([*TANYA, "ask", "--json", "--top-k", "10", *arguments], input=questions, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def one_process(corpus, questions, tmp_path_factory, cluster) -> str:
    env = cluster[1]
    return tanya_ask(["--corpus", str(corpus), "--index-dir", str(tmp_path_factory.mktemp("single"))], questions, env)


@pytest.fixture(scope="module")
def sharded_dir(tmp_path_factory) -> Path:
    """Built by the first test that opens it; the others open it from its files."""
    return tmp_path_factory.mktemp("sharded")


@needs_ray
def test_sharded_answers_are_those_of_one_process(cluster, corpus, questions, one_process, sharded_dir):
    address, env = cluster
    index_dir = sharded_dir
    sharded = tanya_ask(["--corpus", str(corpus), "--index-dir", str(index_dir), "--ray", address, "--shards", str(SHARDS)], questions, env)
    assert sharded == one_process  # byte for byte: documents, paragraphs, scores, excerpts
    results = [json.loads(line) for line in one_process.splitlines()]
    assert len(results) == QUESTIONS and sum(bool(r["answers"]) for r in results) >= QUESTIONS // 2
    (home,) = index_dir.glob("cluster-*")
    assert len(list(home.glob("shard-*/seg-*"))) == SHARDS


@needs_ray
def test_relative_paths_name_the_same_folders_on_the_cluster(cluster, tmp_path):
    """The shards' tasks run in the Ray workers' working directory: relative paths are
    taken from the command's (H95: 'no readable articles in arsip', and shard files
    written wherever `ray start` was run)."""
    address, env = cluster
    shutil.copytree(ROOT / "seeds", tmp_path / "arsip")
    asked = "Siapa Pjs Bupati Bengkulu Selatan?\nSiapa Pjs Bupati OKU Timur?\n"
    command = [*TANYA, "ask", "--json", "--top-k", "10", "--corpus", "arsip"]
    sharded = subprocess.run([*command, "--index-dir", "idx", "--ray", address, "--shards", "2"], input=asked, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    single = subprocess.run([*command, "--index-dir", "one"], input=asked, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert sharded.returncode == 0, sharded.stderr[-3000:]
    assert sharded.stdout == single.stdout
    assert len(list((tmp_path / "idx").glob("cluster-*/shard-*/seg-*"))) == 2


def run_driver(cluster, corpus: Path, index_dir: Path, mode: str, questions: str) -> list[str]:
    address, env = cluster
    command = [PYTHON, str(ROOT / "tests" / "cluster_driver.py"), address, str(corpus), str(index_dir), str(SHARDS), mode]
    done = subprocess.run(command, input=questions, capture_output=True, text=True, env={**env, "PYTHONPATH": str(ROOT)}, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done.stdout.splitlines()


@needs_ray
def test_a_killed_shard_actor_is_restarted_and_the_answers_stay_identical(cluster, corpus, questions, one_process, sharded_dir):
    lines = run_driver(cluster, corpus, sharded_dir, "kill", questions)
    assert "\n".join(lines[:-1]) + "\n" == one_process
    assert json.loads(lines[-1]) == {"restarted": True, "others_kept": [True, False, True, True]}


@needs_ray
def test_a_shard_that_stays_down_makes_the_question_unavailable(cluster, corpus, questions, sharded_dir):
    lines = run_driver(cluster, corpus, sharded_dir, "down", questions)
    assert json.loads(lines[-1])["unavailable"]


@needs_ray
def test_an_added_article_goes_to_one_shard_and_the_statistics_everywhere(cluster, corpus, tmp_path_factory):
    address, env = cluster
    archive = tmp_path_factory.mktemp("added") / "corpus"
    shutil.copytree(corpus / "seeds", archive / "seeds")
    for source in sorted((corpus / "synthetic" / "0000").glob("*.txt"))[:40]:
        shutil.copy(source, archive / source.name)
    article = tmp_path_factory.mktemp("new") / "banjir.txt"
    article.write_text("Banjir rob melanda Pekalongan\n\nBanjir rob setinggi 40 sentimeter merendam 12 desa di Pekalongan pada Senin pagi.\n", encoding="utf-8")
    single, sharded = tmp_path_factory.mktemp("single-add"), tmp_path_factory.mktemp("sharded-add")
    asked = "Berapa desa terendam banjir rob di Pekalongan?\nSiapa Pjs Bupati Rejang Lebong?\n"
    cluster_options = ["--corpus", str(archive), "--index-dir", str(sharded), "--ray", address, "--shards", str(SHARDS)]
    tanya_ask(cluster_options, asked, env)  # the shards built before the article comes
    tanya_ask(["--corpus", str(archive), "--index-dir", str(single)], asked, env)
    added = subprocess.run([*TANYA, "add", str(article), *cluster_options], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert added.returncode == 0, added.stderr[-3000:]
    (home,) = sharded.glob("cluster-*")
    assert sorted(len(list(s.glob("seg-*"))) for s in home.glob("shard-*")) == [1, 1, 1, 2]
    after = tanya_ask(cluster_options, asked, env)
    assert after == tanya_ask(["--corpus", str(archive), "--index-dir", str(single)], asked, env)
    assert "12 desa" in json.loads(after.splitlines()[0])["answers"][0]["text"]



@needs_ray
def test_a_cluster_nobody_listens_at_is_one_clear_line(tmp_path):
    address = f"127.0.0.1:{free_port()}"  # free: nothing listens there
    command = [*TANYA, "ask", "--corpus", str(ROOT / "seeds"), "--index-dir", str(tmp_path), "--ray", address, "Siapa?"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1 and done.stdout == "", "1: a head down may come back, and a service manager restarts on 1 (2 is a bad setting)"
    assert done.stderr.splitlines() == [f"tanya: cannot reach the Ray cluster at {address}: Connection refused"]


@needs_ray
def test_an_add_with_the_cluster_down_keeps_the_article_and_says_so_with_its_summary(tmp_path):
    address = f"127.0.0.1:{free_port()}"  # free: nothing listens there
    archive, source = tmp_path / "arsip", tmp_path / "baru.txt"
    archive.mkdir()
    shutil.copy(next((ROOT / "seeds").glob("001_*.txt")), archive)
    source.write_text("Jembatan Baru Dibuka\n\nJembatan baru di Sekayu dibuka pada Senin oleh Bupati Muba.\n", encoding="utf-8")
    command = [*TANYA, "add", "--corpus", str(archive), "--index-dir", str(tmp_path / "index"), "--ray", address, str(source)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1, done.stderr
    *_, last = done.stdout.splitlines()
    assert last == f"1 added, 0 already in the archive, 0 failed; cannot reach the Ray cluster at {address}: Connection refused: its shards take them in at the next start with --ray"
    assert len(list(archive.glob("*.txt"))) == 2
