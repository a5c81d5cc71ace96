"""Sweeps: one scenario × a grid of guardrail settings × seeds 1..N.

grid.py      parse and expand `--grid KEY=V1,V2`
service.py   plan, skip stored runs (retry failed ones on --resume), run the rest, collect
             rows (grid order, then seed)
local.py     the embedded backend: local worker processes, results stored by the parent
threads.py   runs in flight at once on threads (--concurrency), each in its own sandbox
celery_backend.py, tasks.py   the Celery backend: plain tasks, completion read from the DB
outputs.py   results.csv (+ scenarios.analysis for summary.json and report.html)
report.py    the command's closing lines: what ran, the models' cost, the failed runs
"""
