"""The whole answer, two passes over 400 benchmark questions after 50 to warm (run from a checkout with PYTHONPATH at it):
    python askt.py CORPUS_DIR INDEX_DIR
Kept with the run of 2026-12-02 that it was set beside."""
import sys, time
from pathlib import Path
from benchmarks.scale import sample_questions
from bot.collector import collect_rarely
from retrieval.search import Searcher
from retrieval.store import open_library
collect_rarely()
qs = sample_questions(Path("/work/shared/eval"), 400)
lib = open_library(sys.argv[1], sys.argv[2])
s = Searcher(lib)
for q in qs[:50]: s.ask(q)
for rep in range(2):
    ts=[]
    for q in qs:
        a=time.perf_counter(); s.ask(q); ts.append(time.perf_counter()-a)
    ts.sort(); print(rep, "ask p50 %.2f p95 %.2f mean %.2f" % (ts[200]*1000, ts[380]*1000, sum(ts)/len(ts)*1000))
