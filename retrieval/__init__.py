"""tanya's retrieval core: corpus, chunking, analysis, BM25 index, ranking, excerpts.

Nothing here imports a front end."""
