"""The top-10 alone, three passes over 400 benchmark questions (run from a checkout with PYTHONPATH at it):
    python toptime.py CORPUS_DIR INDEX_DIR
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
terms = [s.analyze(q).terms for q in qs]
for rep in range(3):
    ts=[]
    for t in terms:
        a=time.perf_counter(); lib.index.top(t,10); ts.append(time.perf_counter()-a)
    ts.sort(); print(rep, "p50 %.2f p95 %.2f mean %.2f" % (ts[200]*1000, ts[380]*1000, sum(ts)/len(ts)*1000))
print(type(lib.index), getattr(lib.index,'segments',None) and len(lib.index.segments))
